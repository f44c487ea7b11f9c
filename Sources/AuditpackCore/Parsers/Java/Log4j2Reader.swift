import Foundation

// MARK: - log4j2

struct Log4j2Reader {
    var b: JavaSetupBuilder
    var vars = JavaVariables(syntax: .log4j2)

    init(builder: JavaSetupBuilder) { b = builder }

    /// Strict-mode XML names the plugin in `type`: `<Appender type="RollingFile">`.
    static func plugin(_ el: XMLTreeElement) -> String {
        if ["appender", "layout", "filter"].contains(el.name.lowercased()), let t = el.attr("type") { return t }
        return el.name
    }

    static let ignored: Set<String> = ["customlevels", "customlevel", "scripts", "script", "scriptfile", "properties"]

    mutating func read(_ root: XMLTreeElement) {
        for props in root.elements("Properties") {
            for p in props.elements("Property") {
                guard let name = p.attr("name") else { b.issue(p.line, "<Property> without a name"); continue }
                vars.defined[name] = p.attr("value") ?? p.trimmedText  // log4j2 trims element text
            }
        }
        for el in flattenArbiters(root.children) {
            let n = Self.plugin(el).lowercased()
            if n == "appenders" {
                for a in flattenArbiters(el.children) { appender(a) }
            } else if n == "loggers" {
                for l in flattenArbiters(el.children) { logger(l) }
            } else if n.hasSuffix("filter") || n == "filters" {
                b.issue(el.line, "configuration-wide <\(el.name)> is not modelled; levels shown ignore it")
            } else if !Self.ignored.contains(n) {
                b.issue(el.line, "<\(el.qualifiedName)> is not understood; not read")
            }
        }
        b.checkReferences()
    }

    /// Arbiters (`<SystemPropertyArbiter>`, `<Select>`) are read as if every branch were chosen.
    mutating func flattenArbiters(_ elements: [XMLTreeElement]) -> [XMLTreeElement] {
        var out: [XMLTreeElement] = []
        for el in elements {
            let n = el.name.lowercased()
            if n.hasSuffix("arbiter") || n == "select" {
                if n != "select" && n != "defaultarbiter" { b.issue(el.line, "<\(el.name)> is read as if it were selected") }
                out += flattenArbiters(el.children)
            } else {
                out.append(el)
            }
        }
        return out
    }

    func value(_ el: XMLTreeElement, _ key: String) -> ConfigValue? {
        el.setting(key).map { vars.resolve($0.text) }
    }

    func resolved(_ raw: String) -> String { JavaLoggingParser.text(vars.resolve(raw)) }

    mutating func logger(_ el: XMLTreeElement) {
        let n = el.name.lowercased()
        let level = el.attr("level").map { vars.resolve($0) }
        let refs = (el.elements("AppenderRef") + el.elements("appender-ref")).compactMap { $0.attr("ref").map(resolved) }
        switch n {
        case "logger", "asynclogger":
            guard let raw = el.attr("name") else {
                b.issue(el.line, "<\(el.name)> without a name; not read")
                return
            }
            let additivity = el.attr("additivity").map { resolved($0).trimmingCharacters(in: .whitespaces).lowercased() != "false" }
            b.logger(resolved(raw), level: level, levelLine: el.line, handlers: refs, additivity: additivity, line: el.line)
        case "root", "asyncroot":
            b.logger("root", level: level, levelLine: el.line, handlers: refs, additivity: nil, line: el.line, defaultLevel: "ERROR")
        default:
            b.issue(el.line, "<\(el.qualifiedName)> inside <Loggers> is not understood; not read")
        }
    }

    mutating func appender(_ el: XMLTreeElement) {
        let plugin = Self.plugin(el)
        guard let rawName = el.attr("name") else {
            b.issue(el.line, "<\(plugin)> without a name; log4j2 does not create it")
            return
        }
        let appenderName = resolved(rawName)
        var options = ConfigDict()
        JavaLoggingParser.collectOptions(el, prefix: "", vars: vars, into: &options, skipAttributes: ["name", "type"], skipChild: { c in
            let p = Self.plugin(c).lowercased()
            return p.hasSuffix("layout") || p.hasSuffix("filter") || p == "filters" || p == "appenderref" || p.hasSuffix("patternselector")
                || p == "loggerfields" || p == "ssl"
        })
        var formatter = layout(el, appender: appenderName)
        checkPlugins(el, appender: appenderName)
        let destination = destination(el, plugin: plugin, name: appenderName, options: &options, formatter: &formatter)
        b.add(LogHandler(name: appenderName, className: plugin, level: threshold(el), formatter: formatter?.name, filters: [],
                         options: options, line: el.line, destination: destination), formatter)
    }

    /// log4j-core's appender plugins; others come from modules the classpath may lack.
    static let corePlugins: Set<String> = [
        "console", "file", "rollingfile", "randomaccessfile", "rollingrandomaccessfile", "memorymappedfile", "async", "routing",
        "socket", "syslog", "http", "smtp", "jdbc", "jms", "jmsqueue", "jmstopic", "jpa", "kafka", "flume", "failover", "rewrite",
        "null", "counting", "writer", "outputstream", "scriptappenderselector", "appenderset", "nosql",
    ]
    /// What log4j2 checks when it builds an appender and the static reading can see: an SSL
    /// key or trust store it must open, a plugin that is not log4j-core's.
    mutating func checkPlugins(_ el: XMLTreeElement, appender: String) {
        let plugin = Self.plugin(el).lowercased()
        if !Self.corePlugins.contains(plugin) && !["sentry", "cloudwatch", "loki", "splunk", "gelf", "prometheus"].contains(where: { plugin.contains($0) }) {
            b.issue(el.line, "<\(Self.plugin(el))> is not a log4j-core appender: log4j2 needs its plugin on the classpath, and drops the appender (with an error) without it")
        }
        for c in el.children {
            let p = Self.plugin(c).lowercased()
            if p == "ssl" {
                for store in c.children where ["keystore", "truststore"].contains(Self.plugin(store).lowercased()) {
                    guard let location = store.attr("location").map(resolved) else {
                        b.issue(store.line, "\(Self.plugin(store)) of appender '\(appender)' has no location: log4j2 cannot load it and does not build the appender")
                        continue
                    }
                    b.issue(store.line, "\(Self.plugin(store)) '\(location)' of appender '\(appender)' is read by log4j2 at start-up (its password too): not scanned here; if it is missing or unreadable the appender is not built")
                }
            }
        }
    }

    func layout(_ el: XMLTreeElement, appender: String) -> LogFormatter? {
        guard let lay = el.children.first(where: { Self.plugin($0).lowercased().hasSuffix("layout") }) else { return nil }
        let plugin = Self.plugin(lay)
        var format: ConfigValue?
        if plugin.lowercased() == "patternlayout" {
            if let p = value(lay, "pattern") {
                format = p
            } else if let selector = lay.children.first(where: { $0.name.lowercased().hasSuffix("patternselector") }), let d = selector.attr("defaultPattern") {
                format = vars.resolve(d)
            } else {
                format = .string("%m%n")  // PatternLayout's default
            }
        }
        return LogFormatter(name: "\(appender).layout", format: format, style: "java", factory: plugin, line: lay.line)
    }

    /// A ThresholdFilter (directly or in `<Filters>`) that denies what is below its level.
    func threshold(_ el: XMLTreeElement) -> ConfigValue? {
        var candidates = el.children
        for f in el.elements("Filters") { candidates += f.children }
        var best: (Int, ConfigValue)?
        var unresolved: ConfigValue?
        for f in candidates where Self.plugin(f).lowercased() == "thresholdfilter" {
            let onMismatch = f.attr("onMismatch").map { resolved($0).uppercased() } ?? "DENY"
            guard onMismatch == "DENY", let raw = f.attr("level") else { continue }
            let (level, _, _) = JavaLevel.read(vars.resolve(raw))
            guard let level else { continue }
            if let v = LogLevel.value(level) {
                if best == nil || v > best!.0 { best = (v, level) }
            } else {
                unresolved = level
            }
        }
        return best?.1 ?? unresolved
    }

    mutating func destination(_ el: XMLTreeElement, plugin: String, name: String, options: inout ConfigDict, formatter: inout LogFormatter?) -> HandlerDestination {
        let p = plugin.lowercased()
        func v(_ key: String) -> ConfigValue? { value(el, key) }
        func defaultLayout() {
            if formatter == nil { formatter = LogFormatter(name: "\(name).layout", format: .string("%m%n"), style: "java", factory: "PatternLayout", line: el.line) }
        }
        switch p {
        case "console":
            defaultLayout()
            return .console
        case "file", "randomaccessfile", "memorymappedfile":
            defaultLayout()
            if v("fileName") == nil { b.issue(el.line, "\(plugin) '\(name)' has no fileName; log4j2 does not create it") }
            return .file(path: v("fileName") ?? JavaLoggingParser.noFile, rotation: .none)
        case "rollingfile", "rollingrandomaccessfile":
            defaultLayout()
            return rolling(el, plugin: plugin, name: name)
        case "syslog":
            let ssl = el.child("SSL") != nil || (v("protocol").map(JavaLoggingParser.text)?.uppercased() == "SSL")
            let transport = ssl ? "TLS" : (v("protocol").map { JavaLoggingParser.text($0).uppercased() } ?? "TCP")
            if formatter == nil {
                let rfc5424 = v("format").map { JavaLoggingParser.text($0).uppercased() == "RFC5424" } ?? false
                formatter = LogFormatter(name: "\(name).layout", format: nil, style: "java", factory: rfc5424 ? "Rfc5424Layout" : "SyslogLayout", line: el.line)
            }
            return JavaLoggingParser.syslogDestination(host: v("host") ?? .string("localhost"), port: v("port") ?? .string("514"), transport: transport)
        case "socket":
            defaultLayout()
            let host = v("host") ?? .unresolved("(no host)")
            let proto = v("protocol").map { JavaLoggingParser.text($0).uppercased() } ?? "TCP"
            let ssl = el.child("SSL") != nil || proto == "SSL"
            let service = ssl ? "TLS socket" : (proto == "UDP" ? "UDP datagram" : "TCP socket")
            return .remote(service: service, endpoint: "\(JavaLoggingParser.text(host)):\(v("port").map(JavaLoggingParser.text) ?? "?")",
                           tls: JavaLoggingParser.socketTLS(host: host, ssl: ssl))
        case "http":
            let url = v("url")
            return .remote(service: "HTTP", endpoint: url.map(JavaLoggingParser.text) ?? "?", tls: JavaLoggingParser.urlTLS(url))
        case "gelf":
            let host = v("host") ?? .string("?")
            let h = JavaLoggingParser.text(host).lowercased()
            if formatter == nil { formatter = LogFormatter(name: "\(name).layout", format: nil, style: "java", factory: "GelfLayout", line: el.line) }
            return .remote(service: "Graylog GELF", endpoint: "\(JavaLoggingParser.text(host)):\(v("port").map(JavaLoggingParser.text) ?? "12201")",
                           tls: h.hasPrefix("ssl:") || h.hasPrefix("tls:") || h.hasPrefix("https:"))
        case "kafka":
            var servers = "?"
            var tls: Bool?
            for prop in el.elements("Property") {
                let key = prop.attr("name") ?? ""
                let val = JavaLoggingParser.text(vars.resolve(prop.attr("value") ?? prop.trimmedText))
                if key == "bootstrap.servers" { servers = val }
                if key == "security.protocol" { tls = val.uppercased().hasSuffix("SSL") ? true : (val.uppercased().hasSuffix("PLAINTEXT") ? false : nil) }
            }
            return .remote(service: "Kafka", endpoint: "\(servers) topic \(v("topic").map(JavaLoggingParser.text) ?? "?")", tls: tls)
        case "flume":
            let agents = el.elements("Agent").map { "\($0.attr("host").map(resolved) ?? "?"):\($0.attr("port").map(resolved) ?? "?")" }
            return .remote(service: "Flume", endpoint: agents.isEmpty ? "?" : agents.joined(separator: ", "), tls: nil)
        case "smtp":
            return .email
        case "async":
            let refs = (el.elements("AppenderRef") + el.elements("appender-ref")).compactMap { $0.attr("ref").map(resolved) }
            if !refs.isEmpty { options.set("appender-ref", .list(refs.map(ConfigValue.string)), line: el.child("AppenderRef")?.line ?? el.line) }
            return .queue
        case "routing":
            // Routes chosen per event: each static route (a `ref`, or an appender defined in
            // the route, created by log4j2 on first use) is where records may go.
            var refs: [String] = []
            for route in el.child("Routes")?.elements("Route") ?? [] {
                if let r = route.attr("ref") { refs.append(resolved(r)); continue }
                for nested in route.children where !Self.plugin(nested).lowercased().hasSuffix("filter") {
                    let key = route.attr("key").map(resolved) ?? "default"
                    var copy = nested
                    let nestedName = nested.attr("name").map(resolved) ?? "\(name)[\(key)]"
                    copy.attributes.removeAll { $0.name == "name" }
                    copy.attributes.append(.init(name: "name", value: nestedName))
                    appender(copy)
                    refs.append(nestedName)
                }
            }
            if !refs.isEmpty { options.set("appender-ref", .list(refs.map(ConfigValue.string)), line: el.child("Routes")?.line ?? el.line) }
            return .queue
        case "null":
            return .null
        default:
            break
        }
        if p.contains("sentry") { return .remote(service: "Sentry", endpoint: "sentry", tls: true) }
        if p.contains("cloudwatch") {
            return .remote(service: "AWS CloudWatch Logs", endpoint: (v("logGroupName") ?? v("logGroup")).map(JavaLoggingParser.text) ?? "cloudwatch", tls: true)
        }
        return .unknown(className: plugin)
    }

    mutating func rolling(_ el: XMLTreeElement, plugin: String, name: String) -> HandlerDestination {
        let fileName = value(el, "fileName")
        guard let filePattern = value(el, "filePattern") else {
            b.issue(el.line, "\(plugin) '\(name)' has no filePattern; log4j2 does not create it")
            return .file(path: fileName ?? JavaLoggingParser.noFile, rotation: .none)
        }
        let path = fileName ?? filePattern  // DirectWriteRolloverStrategy writes the pattern's file
        let patternText = JavaLoggingParser.text(filePattern)
        let date = JavaRolling.datePeriod(patternText)
        let hasIndex = patternText.contains("%i")
        var policies = el.children.filter { Self.plugin($0).lowercased().hasSuffix("policy") }
        for p in el.elements("Policies") { policies += p.children }
        let sizePolicy = policies.first { Self.plugin($0).lowercased() == "sizebasedtriggeringpolicy" }
        let maxBytes = sizePolicy.flatMap { p in JavaRolling.bytes(value(p, "size").map(JavaLoggingParser.text) ?? "10 MB") }
        let strategy = el.children.first { Self.plugin($0).lowercased().hasSuffix("rolloverstrategy") }
        let direct = strategy.map { Self.plugin($0).lowercased() == "directwriterolloverstrategy" } ?? (fileName == nil)
        let strategyName = strategy.map(Self.plugin) ?? (direct ? "DirectWriteRolloverStrategy" : "DefaultRolloverStrategy")

        // Count-based deletion: a fixed window of %i files (DefaultRolloverStrategy max applies
        // across time only when the pattern has no %d; with %d it bounds files per period).
        var window: Int??
        if direct {
            if let mf = strategy.flatMap({ value($0, "maxFiles") }) { window = .some(mf.intValue) }
        } else if hasIndex && date == nil {
            let fileIndex = strategy.flatMap { value($0, "fileIndex") }.map { JavaLoggingParser.text($0).lowercased() } ?? "max"
            if fileIndex != "nomax" {
                let lo = strategy.flatMap { value($0, "min") }.map { $0.intValue } ?? 1
                let hi = strategy.flatMap { value($0, "max") }.map { $0.intValue } ?? 7
                if let lo, let hi, hi >= lo { window = .some(hi - lo + 1) } else { window = .some(nil) }
            }
        }
        if let window { return .file(path: path, rotation: .size(maxBytes: maxBytes, backupCount: window)) }

        let deletes = (strategy?.elements("Delete") ?? []).filter { d in
            d.attr("testMode").map { resolved($0).lowercased() != "true" } ?? true
        }
        if !deletes.isEmpty {
            var ages: [String] = []
            var days: Double?
            var provable = true
            for d in deletes {
                if let g = ageGuard(all: d.children, ages: &ages) { days = min(days ?? g, g) } else { provable = false }
            }
            if provable, let days {
                return .file(path: path, rotation: .history(days: days, explanation:
                    "\(strategyName) Delete IfLastModified age=\(ages.joined(separator: ", ")) = \(JavaRolling.format(days)) days"))
            }
            let conditions = deletes.map { Self.describeConditions($0.children) }.filter { !$0.isEmpty }
            return .file(path: path, rotation: .history(days: nil, explanation:
                "\(strategyName) Delete (\(conditions.isEmpty ? "no condition" : conditions.joined(separator: "; "))) deletes by size, count or name, not by age: proves no number of days"))
        }
        if date != nil { return .file(path: path, rotation: .timed(when: "D", interval: 1, backupCount: 0)) }
        return .file(path: path, rotation: .size(maxBytes: maxBytes, backupCount: nil))
    }

    /// `IfFileName > IfAccumulatedFileSize` (nested), `IfFileName, IfLastModified` (siblings).
    static func describeConditions(_ conditions: [XMLTreeElement], depth: Int = 0) -> String {
        guard depth < 16 else { return "…" }
        return conditions.map { c in
            let nested = describeConditions(c.children, depth: depth + 1)
            return plugin(c) + (nested.isEmpty ? "" : " > " + nested)
        }.joined(separator: ", ")
    }

    /// Days a file must have aged before conditions that must all accept it let Delete remove
    /// it: the largest IfLastModified age among them; nil when no age bounds the deletion.
    mutating func ageGuard(all conditions: [XMLTreeElement], ages: inout [String]) -> Double? {
        var best: Double?
        for c in conditions {
            if let g = ageGuard(c, ages: &ages) { best = max(best ?? g, g) }
        }
        return best
    }

    mutating func ageGuard(_ c: XMLTreeElement, ages: inout [String]) -> Double? {
        switch Self.plugin(c).lowercased() {
        case "iflastmodified":
            var own: Double?
            if let raw = c.attr("age") {
                let t = resolved(raw)
                own = JavaRolling.durationDays(t)
                if own == nil { b.issue(c.line, "IfLastModified age '\(t)' is not a log4j2 duration") } else { ages.append(t) }
            }
            let nested = ageGuard(all: c.children, ages: &ages)
            return [own, nested].compactMap { $0 }.max()
        case "ifany":
            var least: Double?
            for child in c.children {
                guard let g = ageGuard(child, ages: &ages) else { return nil }
                least = min(least ?? g, g)
            }
            return least
        case "ifnot", "scriptcondition":
            return nil
        default:  // IfAll, IfFileName, IfAccumulatedFileSize/Count: their nested conditions must also accept
            return ageGuard(all: c.children, ages: &ages)
        }
    }
}

