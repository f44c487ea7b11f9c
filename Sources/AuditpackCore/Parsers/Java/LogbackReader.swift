import Foundation

// MARK: - logback

struct LogbackReader {
    var b: JavaSetupBuilder
    var vars = JavaVariables(syntax: .logback)
    /// Spring profiles taken as active for `<springProfile>` blocks.
    var activeProfiles: Set<String> = []
    /// Finds `<include>`d files under the scanned root (nil: includes are not followed).
    var includes: JavaIncludes?
    /// `<import class="ch.qos.logback.core.ConsoleAppender"/>`: short name → class.
    var imports: [String: String] = [:]

    init(builder: JavaSetupBuilder) { b = builder }

    static let known: Set<String> = [
        "property", "variable", "define", "timestamp", "springproperty", "include", "appender", "logger", "root",
        "contextname", "statuslistener", "jmxconfigurator", "conversionrule", "shutdownhook", "contextlistener",
        "turbofilter", "newrule", "import", "insertfromjndi", "evaluator", "sequencenumbergenerator",
        "serializemodel", "propertiesconfigurator",
    ]

    mutating func read(_ root: XMLTreeElement) {
        // In document order, as Joran runs: properties apply from where they stand, includes and
        // <if> branches are spliced in where they are.
        let top = flatten(root.children, from: nil, depth: 0)
        for (el, _) in top {
            switch el.name.lowercased() {
            case "import":
                if let cls = el.attr("class") { imports[JavaLoggingParser.shortName(cls)] = cls }
                b.issue(el.line, "<import> is logback 1.3 syntax: logback 1.2 rejects it (\"no applicable action for [import]\"), and short class names then do not resolve")
            case "contextlistener", "conversionrule", "statuslistener":
                if let raw = el.attr("class") ?? el.attr("converterClass") { classOutsideLogback(className(raw) ?? raw, line: el.line, role: "<\(el.name)>") }
            default:
                if !Self.known.contains(el.name.lowercased()) { b.issue(el.line, "<\(el.qualifiedName)> is not understood; not read") }
            }
        }
        for (el, from) in top where el.isNamed("appender") {
            if case (var h, let f)? = appender(el) {
                h.file = from
                b.add(h, f.map { var f = $0; f.file = from; return f })
            }
        }
        for (el, from) in top {
            if el.isNamed("logger") {
                guard let name = el.attr("name").map({ JavaLoggingParser.text(vars.resolve($0)) }) else {
                    b.issue(el.line, "<logger> without a name; not read")
                    continue
                }
                let (level, levelLine) = levelOf(el)
                b.logger(name, level: level, levelLine: levelLine, handlers: refs(el), additivity: el.attr("additivity").map(additivity), line: el.line)
                if from != nil, let i = b.setup.loggers.lastIndex(where: { $0.name == name }) { b.setup.loggers[i].file = from }
            } else if el.isNamed("root") {
                let (level, levelLine) = levelOf(el)
                b.logger("root", level: level, levelLine: levelLine, handlers: refs(el), additivity: nil, line: el.line, defaultLevel: "DEBUG")
                if from != nil, let i = b.setup.loggers.lastIndex(where: { $0.name == "root" }) { b.setup.loggers[i].file = from }
            }
        }
        b.checkReferences()
    }

    /// Packages whose classes logback configs name and whose behaviour is known here.
    static let knownPackages = ["ch.qos.logback.", "net.logstash.logback.", "org.springframework.boot.logging.", "io.sentry.",
                                "com.github.loki4j.", "org.apache.skywalking.apm.toolkit.", "co.elastic.logging.", "de.siegmar.logbackgelf."]

    /// A class of the application (or of a library not known here) named in the config: what it
    /// does is not read, and logback reports an error and skips it when it is not on the classpath.
    mutating func classOutsideLogback(_ cls: String, line: Int, role: String) {
        guard !Self.knownPackages.contains(where: { cls.hasPrefix($0) }), cls.contains(".") else { return }
        b.issue(line, "\(role) class \(cls) is not logback's: what it does is not read (logback fails to create it unless the application's classes are on its classpath)")
    }

    /// Top-level elements in document order, each with the file it came from (nil: this one):
    /// properties defined as they come, `<include>`d files spliced in, the branch of an `<if>`
    /// whose condition is known, `<springProfile>` contents lifted out.
    mutating func flatten(_ elements: [XMLTreeElement], from: String?, depth: Int) -> [(XMLTreeElement, String?)] {
        var out: [(XMLTreeElement, String?)] = []
        for el in elements {
            switch el.name.lowercased() {
            case "springprofile":
                // Spring Boot reads the block when its profile expression holds for the active
                // profiles; each profile named in the file is read as a variant of its own.
                let expression = el.attr("name") ?? ""
                switch SpringProfiles.matches(expression, active: activeProfiles) {
                case true?: out += flatten(el.children, from: from, depth: depth)
                case false?: break
                case nil: b.issue(el.line, "<springProfile name=\"\(expression)\"> is not a profile expression Spring Boot accepts; not read")
                }
            case "if":
                guard let condition = el.attr("condition"), let truth = LogbackCondition.evaluate(condition, vars: vars) else {
                    b.issue(el.line, "<if condition=\"\(el.attr("condition") ?? "")\"> cannot be evaluated statically; the elements inside are not read")
                    continue
                }
                if let branch = el.child(truth ? "then" : "else") { out += flatten(branch.children, from: from, depth: depth) }
            case "property", "variable":
                if let name = el.attr("name") {
                    if let v = el.attr("value") { vars.defined[name] = v } else { b.issue(el.line, "<\(el.name) name=\"\(name)\"> has no value; ${\(name)} stays unresolved") }
                } else if let source = el.attr("file") ?? el.attr("resource") ?? el.attr("url") {
                    b.issue(el.line, "properties loaded from '\(source)' are not read; variables they define stay unresolved")
                } else {
                    b.issue(el.line, "<\(el.name)> without a name")
                }
                out.append((el, from))
            case "springproperty":
                // Spring's environment value, else defaultValue (as ${VAR:-default} is read).
                if let name = el.attr("name"), let d = el.attr("defaultValue") { vars.defined[name] = d }
                out.append((el, from))
            case "include":
                out.append((el, from))
                if let (children, path) = include(el, depth: depth) { out += flatten(children, from: path, depth: depth + 1) }
            default:
                out.append((el, from))
            }
        }
        return out
    }

    /// The elements of an `<include>`d file (its `<included>` root's children) and its path;
    /// nil (with an issue unless `optional`) when it cannot be found under the root.
    mutating func include(_ el: XMLTreeElement, depth: Int) -> ([XMLTreeElement], String?)? {
        let optional = el.attr("optional").map { $0.lowercased() == "true" } ?? false
        let raw = el.attr("resource") ?? el.attr("file") ?? el.attr("url") ?? "?"
        let target = vars.resolve(raw)
        guard depth < 8, case .string(let name) = target else {
            b.issue(el.line, "<include> of '\(raw)' is not read: \(depth >= 8 ? "includes nest too deep" : "the name is unresolved"); appenders it defines are not seen")
            return nil
        }
        var text: String?
        var path: String?
        if el.attr("resource") != nil, name.hasPrefix(SpringBootLogback.prefix),
           let builtIn = SpringBootLogback.resources[String(name.dropFirst(SpringBootLogback.prefix.count))] {
            text = builtIn
            path = nil  // Spring Boot's own file: cited by the include line
        } else if let source = includes, el.attr("url") == nil, let found = source.find(name, resource: el.attr("resource") != nil) {
            (text, path) = (found.text, found.relPath)
        }
        guard let text else {
            if !optional { b.issue(el.line, "<include> of '\(name)' is not read: not found under the scanned root; appenders it defines are not seen") }
            return nil
        }
        var issues: [ParseIssue] = []
        guard let root = JavaLoggingParser.readXML(text, file: path ?? b.setup.file, issues: &issues) else {
            b.issues += issues
            return nil
        }
        b.issues += issues
        guard root.isNamed("included") || root.isNamed("configuration") else {
            b.issue(el.line, "<include> of '\(name)': its root element is <\(root.name)>, not <included>; not read")
            return nil
        }
        // Elements of Spring Boot's own files are cited at the include.
        if path == nil { return (root.children.map { $0.relined(el.line) }, nil) }
        return (root.children, path)
    }

    func additivity(_ raw: String) -> Bool {
        JavaLoggingParser.text(vars.resolve(raw)).trimmingCharacters(in: .whitespaces).lowercased() != "false"
    }

    func levelOf(_ el: XMLTreeElement) -> (ConfigValue?, Int) {
        if let l = el.attr("level") { return (vars.resolve(l), el.line) }
        if let c = el.child("level"), let v = c.attr("value") ?? (c.trimmedText.isEmpty ? nil : c.trimmedText) { return (vars.resolve(v), c.line) }
        return (nil, el.line)
    }

    func refs(_ el: XMLTreeElement) -> [String] {
        el.elements("appender-ref").compactMap { $0.attr("ref").map { JavaLoggingParser.text(vars.resolve($0)) } }
    }

    func value(_ el: XMLTreeElement, _ key: String) -> ConfigValue? {
        el.setting(key).map { vars.resolve($0.text) }
    }

    func className(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let c = JavaLoggingParser.text(vars.resolve(raw)).trimmingCharacters(in: .whitespaces)
        if !c.contains("."), let full = imports[c] { return full }
        return c
    }

    mutating func appender(_ el: XMLTreeElement) -> (LogHandler, LogFormatter?)? {
        guard let rawName = el.attr("name") else {
            b.issue(el.line, "<appender> without a name; not read")
            return nil
        }
        let name = JavaLoggingParser.text(vars.resolve(rawName))
        let cls = className(el.attr("class"))
        if cls == nil { b.issue(el.line, "appender '\(name)' has no class; logback does not create it") }
        var options = ConfigDict()
        JavaLoggingParser.collectOptions(el, prefix: "", vars: vars, into: &options, skipAttributes: ["name", "class"],
                                         skipChild: { ["encoder", "layout", "filter", "appender-ref", "sift", "appender"].contains($0.name.lowercased()) })
        var formatter = encoder(el, appender: name)
        for f in el.elements("filter") + el.elements("discriminator") {
            if let raw = f.attr("class") { classOutsideLogback(className(raw) ?? raw, line: f.line, role: "<\(f.name)> of appender '\(name)'") }
        }
        if let cls { classOutsideLogback(cls, line: el.line, role: "appender '\(name)'") }
        let destination = destination(el, cls: cls, name: name, options: &options, formatter: &formatter)
        // Any appender that attaches others (AppenderAttachable) passes records on to them.
        let attached = refs(el)
        if options["appender-ref"] == nil, !attached.isEmpty {
            options.set("appender-ref", .list(attached.map(ConfigValue.string)), line: el.elements("appender-ref").first?.line ?? el.line)
        }
        let handler = LogHandler(name: name, className: cls, level: threshold(el), formatter: formatter?.name, filters: [],
                                 options: options, line: el.line, destination: destination)
        return (handler, formatter)
    }

    func encoder(_ el: XMLTreeElement, appender name: String) -> LogFormatter? {
        guard let enc = el.child("encoder") ?? el.child("layout") else { return nil }
        var cls = className(enc.attr("class"))
        var pattern = value(enc, "pattern")
        var line = enc.line
        // LayoutWrappingEncoder: <encoder><layout class="…"><pattern>…
        if let inner = enc.child("layout") {
            cls = className(inner.attr("class")) ?? cls
            pattern = value(inner, "pattern") ?? pattern
            line = inner.line
        }
        return LogFormatter(name: "\(name).\(enc.name.lowercased())", format: pattern, style: "java", factory: cls, line: line)
    }

    /// ThresholdFilter level, or a LevelFilter that accepts one level and denies the rest.
    func threshold(_ el: XMLTreeElement) -> ConfigValue? {
        var best: (Int, ConfigValue)?
        var unresolved: ConfigValue?
        for f in el.elements("filter") {
            let short = JavaLoggingParser.shortName(className(f.attr("class")) ?? "")
            guard let raw = value(f, "level") else { continue }
            if short == "LevelFilter" {
                let onMatch = value(f, "onMatch").map { JavaLoggingParser.text($0).uppercased() }
                let onMismatch = value(f, "onMismatch").map { JavaLoggingParser.text($0).uppercased() }
                guard onMatch == "ACCEPT", onMismatch == "DENY" else { continue }
            } else if short != "ThresholdFilter" {
                continue
            }
            let (level, _, _) = JavaLevel.read(raw)
            guard let level else { continue }
            if let v = LogLevel.value(level) {
                if best == nil || v > best!.0 { best = (v, level) }
            } else {
                unresolved = level
            }
        }
        return best?.1 ?? unresolved
    }

    mutating func destination(_ el: XMLTreeElement, cls: String?, name: String, options: inout ConfigDict, formatter: inout LogFormatter?) -> HandlerDestination {
        guard let cls else { return .unknown(className: "(none)") }
        let short = JavaLoggingParser.shortName(cls)
        let lower = cls.lowercased()
        func v(_ key: String) -> ConfigValue? { value(el, key) }
        func setRefs() {
            let r = refs(el)
            if !r.isEmpty { options.set("appender-ref", .list(r.map(ConfigValue.string)), line: el.elements("appender-ref").first?.line ?? el.line) }
        }
        switch short {
        case "ConsoleAppender":
            return .console
        case "FileAppender":
            if v("file") == nil { b.issue(el.line, "FileAppender '\(name)' has no <file>") }
            return .file(path: v("file") ?? JavaLoggingParser.noFile, rotation: .none)
        case "RollingFileAppender":
            return rolling(el, name: name)
        case "SiftingAppender":
            // One appender per discriminator value, made from the nested template.
            guard let nested = el.child("sift")?.child("appender") else { return .unknown(className: cls) }
            let nestedClass = className(nested.attr("class"))
            options.set("sift.appender", .string(nestedClass ?? "(none)"), line: nested.line)
            var nestedOptions = ConfigDict()
            var nestedFormatter = encoder(nested, appender: name)
            let d = destination(nested, cls: nestedClass, name: name, options: &nestedOptions, formatter: &nestedFormatter)
            for e in nestedOptions.entries { options.set("sift." + e.key, e.value, line: e.line) }
            if formatter == nil { formatter = nestedFormatter }
            return d
        case "AsyncAppender", "AsyncAppenderBase":
            setRefs()
            return .queue
        case "SyslogAppender":
            let suffix = el.setting("suffixPattern")
            formatter = LogFormatter(name: "\(name).layout", format: suffix.map { vars.resolve($0.text) } ?? .string("[%thread] %logger %msg"),
                                     style: "java", factory: cls, line: suffix?.line ?? el.line)
            return JavaLoggingParser.syslogDestination(host: v("syslogHost") ?? .string("localhost"), port: v("port") ?? .string("514"), transport: "UDP")
        case "SocketAppender", "SSLSocketAppender":
            let host = v("remoteHost") ?? .unresolved("(no remoteHost)")
            let ssl = short.hasPrefix("SSL")
            return .remote(service: ssl ? "TLS socket" : "TCP socket", endpoint: "\(JavaLoggingParser.text(host)):\(JavaLoggingParser.text(v("port") ?? .string("4560")))",
                           tls: JavaLoggingParser.socketTLS(host: host, ssl: ssl))
        case "SMTPAppender":
            return .email
        default:
            break
        }
        if lower.contains("logstash") && lower.contains("appender") {
            if lower.contains("async") {
                setRefs()
                return .queue
            }
            let udp = lower.contains("udp") || short == "LogstashSocketAppender"
            var endpoints: [String] = []
            for d in el.elements("destination") {
                for part in JavaLoggingParser.text(vars.resolve(d.trimmedText)).split(separator: ",") {
                    endpoints.append(part.trimmingCharacters(in: .whitespaces))
                }
            }
            if endpoints.isEmpty, let host = v("remoteHost") ?? v("host") {
                endpoints.append("\(JavaLoggingParser.text(host)):\(JavaLoggingParser.text(v("port") ?? .string(udp ? "514" : "4560")))")
            }
            if !endpoints.isEmpty { options.set("destination", .list(endpoints.map(ConfigValue.string)), line: el.child("destination")?.line ?? el.line) }
            return .remote(service: udp ? "Logstash (UDP)" : "Logstash (TCP)", endpoint: endpoints.isEmpty ? "?" : endpoints.joined(separator: ", "),
                           tls: udp ? false : el.child("ssl") != nil)
        }
        if lower.contains("gelf") {
            let host = v("graylogHost") ?? v("host") ?? v("graylog2ServerHost") ?? v("remoteHost") ?? .string("?")
            let port = v("graylogPort") ?? v("port") ?? v("graylog2ServerPort") ?? .string("12201")
            let h = JavaLoggingParser.text(host).lowercased()
            let tls = lower.contains("tls") || h.hasPrefix("ssl:") || h.hasPrefix("tls:") || h.hasPrefix("https:")
            if formatter == nil { formatter = LogFormatter(name: "\(name).layout", format: nil, style: "java", factory: cls, line: el.line) }
            return .remote(service: "Graylog GELF", endpoint: "\(JavaLoggingParser.text(host)):\(JavaLoggingParser.text(port))", tls: tls)
        }
        if lower.contains("sentry") { return .remote(service: "Sentry", endpoint: "sentry", tls: true) }
        if lower.contains("cloudwatch") || lower.contains("awslogs") {
            let group = v("logGroupName") ?? v("logGroup")
            return .remote(service: "AWS CloudWatch Logs", endpoint: group.map(JavaLoggingParser.text) ?? "cloudwatch", tls: true)
        }
        if lower.contains("loki") {
            let url = el.child("http").flatMap { value($0, "url") } ?? v("url")
            return .remote(service: "Grafana Loki", endpoint: url.map(JavaLoggingParser.text) ?? "?", tls: JavaLoggingParser.urlTLS(url))
        }
        if lower.contains("splunk") {
            let url = v("url")
            return .remote(service: "Splunk HEC", endpoint: url.map(JavaLoggingParser.text) ?? "?", tls: JavaLoggingParser.urlTLS(url))
        }
        if lower.contains("http") {
            let url = v("url") ?? v("endpoint") ?? v("uri")
            return .remote(service: "HTTP", endpoint: url.map(JavaLoggingParser.text) ?? "?", tls: JavaLoggingParser.urlTLS(url))
        }
        return .unknown(className: cls)
    }

    mutating func rolling(_ el: XMLTreeElement, name: String) -> HandlerDestination {
        let file = value(el, "file")
        guard let rp = el.child("rollingPolicy") else {
            b.issue(el.line, "RollingFileAppender '\(name)' has no <rollingPolicy>; logback does not start it")
            return .file(path: file ?? JavaLoggingParser.noFile, rotation: .none)
        }
        let rpClass = className(rp.attr("class")) ?? "(no class)"
        let policy = JavaLoggingParser.shortName(rpClass)
        switch policy {
        case "TimeBasedRollingPolicy", "SizeAndTimeBasedRollingPolicy":
            let pattern = value(rp, "fileNamePattern")
            let path = file ?? pattern ?? JavaLoggingParser.noFile
            guard let pattern else {
                b.issue(rp.line, "\(policy) of '\(name)' has no <fileNamePattern>; logback does not start it")
                return .file(path: path, rotation: .history(days: nil, explanation: "\(policy) without fileNamePattern: proves no number of days"))
            }
            guard case let (token, period)? = JavaRolling.datePeriod(JavaLoggingParser.text(pattern)) else {
                b.issue(rp.setting("fileNamePattern")?.line ?? rp.line, "fileNamePattern '\(JavaLoggingParser.text(pattern))' of '\(name)' has no %d date token")
                return .file(path: path, rotation: .history(days: nil, explanation: "\(policy) fileNamePattern without %d: proves no number of days"))
            }
            let mh = rp.setting("maxHistory")
            guard let mh else {
                return .file(path: path, rotation: .timed(when: "D", interval: 1, backupCount: 0))
            }
            let maxHistory = vars.resolve(mh.text)
            if case .unresolved(let src) = maxHistory {
                return .file(path: path, rotation: .history(days: nil, explanation: "\(policy) \(token) × maxHistory \(src): not resolvable, proves no number of days"))
            }
            guard let n = maxHistory.intValue else {
                b.issue(mh.line, "maxHistory '\(maxHistory.display)' of '\(name)' is not a number")
                return .file(path: path, rotation: .history(days: nil, explanation: "\(policy) maxHistory '\(maxHistory.display)' is not a number: proves no number of days"))
            }
            // maxHistory 0 (the default) deletes nothing: every period's file is kept.
            guard n > 0 else { return .file(path: path, rotation: .timed(when: "D", interval: 1, backupCount: 0)) }
            let days = Double(n) * period
            var explanation = "\(policy) \(token) × maxHistory \(n) = \(JavaRolling.format(days)) days"
            if let cap = value(rp, "totalSizeCap"), !JavaRolling.isZeroSize(cap) {
                explanation += " (totalSizeCap \(JavaLoggingParser.text(cap)) may delete older files sooner)"
            }
            return .file(path: path, rotation: .history(days: days, explanation: explanation))
        case "FixedWindowRollingPolicy":
            let minIndex = value(rp, "minIndex").map { $0.intValue } ?? 1
            let maxIndex = value(rp, "maxIndex").map { $0.intValue } ?? 7
            var count: Int?
            if let lo = minIndex, let hi = maxIndex, hi >= lo {
                count = min(hi - lo, 20) + 1  // logback caps the window at 20 + 1 files
            }
            var maxBytes: Int?
            if let tp = el.child("triggeringPolicy") {
                let tpClass = className(tp.attr("class")) ?? ""
                if JavaLoggingParser.shortName(tpClass) == "SizeBasedTriggeringPolicy" {
                    switch value(tp, "maxFileSize") {
                    case nil: maxBytes = JavaRolling.bytes("10MB")  // SizeBasedTriggeringPolicy's default
                    case .string(let size)?: maxBytes = JavaRolling.bytes(size)
                    default: maxBytes = nil
                    }
                }
            } else {
                b.issue(el.line, "RollingFileAppender '\(name)' with FixedWindowRollingPolicy has no <triggeringPolicy>; logback does not start it")
            }
            return .file(path: file ?? JavaLoggingParser.noFile, rotation: .size(maxBytes: maxBytes, backupCount: count))
        default:
            b.issue(rp.line, "rolling policy \(rpClass) of '\(name)' is not understood")
            return .file(path: file ?? value(rp, "fileNamePattern") ?? JavaLoggingParser.noFile,
                         rotation: .history(days: nil, explanation: "rolling policy \(rpClass): not understood, proves no number of days"))
        }
    }
}

