import Foundation

// MARK: - log4j 1.x

enum Log4j1Reader {
    struct Component {
        var className: String?
        var params = ConfigDict()
        var line: Int

        /// Bean properties are matched ignoring case (`File`, `file`).
        func param(_ key: String) -> ConfigValue? {
            let k = key.lowercased()
            return params.entries.last { $0.key.lowercased() == k }?.value
        }
    }

    struct Appender {
        var name: String
        var main: Component
        var layout: Component?
        var rollingPolicy: Component?
        var triggeringPolicy: Component?
        var filters: [Component] = []
        var refs: [String] = []
    }

    static func readXML(_ root: XMLTreeElement, into b: inout JavaSetupBuilder) {
        let vars = JavaVariables(syntax: .log4j1)  // DOMConfigurator substitutes system properties only
        func component(_ el: XMLTreeElement) -> Component {
            var c = Component(className: el.attr("class").map { JavaLoggingParser.text(vars.resolve($0)) }, line: el.line)
            for p in el.elements("param") {
                if let n = p.attr("name") { c.params.set(n, vars.resolve(p.attr("value") ?? ""), line: p.line) }
            }
            return c
        }
        func refs(_ el: XMLTreeElement) -> [String] {
            el.elements("appender-ref").compactMap { $0.attr("ref").map { JavaLoggingParser.text(vars.resolve($0)) } }
        }
        for el in root.children where el.isNamed("appender") {
            guard let name = el.attr("name") else {
                b.issue(el.line, "<appender> without a name; not read")
                continue
            }
            var a = Appender(name: name, main: component(el))
            a.layout = el.child("layout").map(component)
            a.rollingPolicy = el.child("rollingPolicy").map(component)
            a.triggeringPolicy = el.child("triggeringPolicy").map(component)
            a.filters = el.elements("filter").map(component)
            a.refs = refs(el)
            let (h, f) = handler(a, &b)
            b.add(h, f)
        }
        for el in root.children {
            let n = el.name.lowercased()
            guard n == "logger" || n == "category" || n == "root" else {
                if !["appender", "renderer", "throwablerenderer", "categoryfactory", "loggerfactory"].contains(n) {
                    b.issue(el.line, "<\(el.qualifiedName)> is not understood; not read")
                }
                continue
            }
            let levelEl = el.child("level") ?? el.child("priority")
            let level = levelEl.flatMap { $0.attr("value") }.map { vars.resolve($0) }
            if n == "root" {
                b.logger("root", level: level, levelLine: levelEl?.line ?? el.line, handlers: refs(el), additivity: nil, line: el.line, defaultLevel: "DEBUG")
            } else if let name = el.attr("name") {
                let additivity = el.attr("additivity").map { $0.trimmingCharacters(in: .whitespaces).lowercased() != "false" }
                b.logger(name, level: level, levelLine: levelEl?.line ?? el.line, handlers: refs(el), additivity: additivity, line: el.line)
            } else {
                b.issue(el.line, "<\(el.name)> without a name; not read")
            }
        }
        b.checkReferences()
    }

    static func readProperties(_ entries: [JavaPropertiesReader.Entry], into b: inout JavaSetupBuilder) {
        var latest: [String: JavaPropertiesReader.Entry] = [:]
        var order: [String] = []
        for e in entries {
            if let old = latest[e.key] {
                b.issue(e.line, "key \(e.key) is set again (first on line \(old.line)); the later value is used")
            } else {
                order.append(e.key)
            }
            latest[e.key] = e
        }
        var vars = JavaVariables(syntax: .log4j1)
        for (k, e) in latest { vars.defined[k] = e.value }
        func value(_ key: String) -> (ConfigValue, Int)? { latest[key].map { (vars.resolve($0.value), $0.line) } }

        // Loggers: root first, then in file order.
        struct LoggerSpec { var name: String; var value: ConfigValue; var line: Int }
        var loggerSpecs: [LoggerSpec] = []
        if case let (v, line)? = value("log4j.rootLogger") ?? value("log4j.rootCategory") { loggerSpecs.append(LoggerSpec(name: "root", value: v, line: line)) }
        for key in order {
            for prefix in ["log4j.logger.", "log4j.category."] where key.hasPrefix(prefix) {
                if case let (v, line)? = value(key) { loggerSpecs.append(LoggerSpec(name: String(key.dropFirst(prefix.count)), value: v, line: line)) }
            }
        }
        // Appenders: those defined (`log4j.appender.X=class`) and those referenced.
        // Appender settings grouped by the name after `log4j.appender.` (up to the first dot).
        var names: [String] = []
        var nameSet = Set<String>()
        var settings: [String: [String]] = [:]
        for key in order where key.hasPrefix("log4j.appender.") {
            let rest = key.dropFirst("log4j.appender.".count)
            if let dot = rest.firstIndex(of: ".") {
                settings[String(rest[..<dot]), default: []].append(key)
            } else if nameSet.insert(String(rest)).inserted {
                names.append(String(rest))
            }
        }
        var parsed: [(name: String, level: ConfigValue?, refs: [String], line: Int)] = []
        for spec in loggerSpecs {
            let (level, refs) = category(spec.value)
            parsed.append((spec.name, level, refs, spec.line))
            for r in refs where nameSet.insert(r).inserted { names.append(r) }
        }
        for name in names {
            let prefix = "log4j.appender.\(name)"
            guard case let (cls, line)? = value(prefix) else { continue }  // reported by checkReferences
            var a = Appender(name: name, main: Component(className: JavaLoggingParser.text(cls).trimmingCharacters(in: .whitespaces), line: line))
            var filters: [String: Component] = [:]
            var filterOrder: [String] = []
            for key in settings[name] ?? [] where key.hasPrefix(prefix + ".") {
                guard case let (v, l)? = value(key) else { continue }
                let rest = String(key.dropFirst(prefix.count + 1))
                let parts = rest.split(separator: ".", maxSplits: 1).map(String.init)
                guard let first = parts.first else { continue }  // `log4j.appender.R.`: no property name
                let head = first.lowercased()
                let tail = parts.count > 1 ? parts[1] : nil
                func into(_ c: inout Component?) {
                    if c == nil { c = Component(line: l) }
                    if let tail { c?.params.set(tail, v, line: l) } else { c?.className = JavaLoggingParser.text(v).trimmingCharacters(in: .whitespaces); c?.line = l }
                }
                switch head {
                case "layout": into(&a.layout)
                case "rollingpolicy": into(&a.rollingPolicy)
                case "triggeringpolicy": into(&a.triggeringPolicy)
                case "filter":
                    guard let tail else { continue }
                    let fp = tail.split(separator: ".", maxSplits: 1).map(String.init)
                    guard !fp.isEmpty else { continue }
                    if filters[fp[0]] == nil { filters[fp[0]] = Component(line: l); filterOrder.append(fp[0]) }
                    if fp.count > 1 { filters[fp[0]]?.params.set(fp[1], v, line: l) } else { filters[fp[0]]?.className = JavaLoggingParser.text(v) }
                default:
                    a.main.params.set(rest, v, line: l)
                }
            }
            a.filters = filterOrder.compactMap { filters[$0] }
            let (h, f) = handler(a, &b)
            b.add(h, f)
        }
        for p in parsed {
            var additivity: Bool?
            if p.name != "root", case let (v, _)? = value("log4j.additivity.\(p.name)") {
                additivity = JavaLoggingParser.text(v).trimmingCharacters(in: .whitespaces).lowercased() != "false"
            }
            b.logger(p.name, level: p.level, levelLine: p.line, handlers: p.refs, additivity: additivity, line: p.line, defaultLevel: p.name == "root" ? "DEBUG" : nil)
        }
        b.checkReferences()
    }

    /// `INFO, A1, A2` → level and appender names; `, A1` keeps the level unchanged.
    static func category(_ v: ConfigValue) -> (ConfigValue?, [String]) {
        let s = JavaLoggingParser.text(v)
        let tokens = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if s.trimmingCharacters(in: .whitespaces).hasPrefix(",") || tokens.isEmpty { return (nil, tokens) }
        let levelText = tokens[0]
        let level: ConfigValue = v.isUnresolved && levelText.contains("${") ? .unresolved(levelText) : .string(levelText)
        return (level, Array(tokens.dropFirst()))
    }

    static func handler(_ a: Appender, _ b: inout JavaSetupBuilder) -> (LogHandler, LogFormatter?) {
        let cls = a.main.className
        let short = cls.map(JavaLoggingParser.shortName) ?? ""
        let lower = (cls ?? "").lowercased()
        var options = a.main.params
        for k in options.entries.indices where JavaLoggingParser.isCredential(options.entries[k].key) { options.entries[k].value = JavaLoggingParser.notRecorded }
        if let r = a.rollingPolicy {
            options.set("rollingPolicy", .string(r.className ?? "?"), line: r.line)
            for e in r.params.entries { options.set("rollingPolicy." + e.key, e.value, line: e.line) }
        }
        if let t = a.triggeringPolicy {
            options.set("triggeringPolicy", .string(t.className ?? "?"), line: t.line)
            for e in t.params.entries { options.set("triggeringPolicy." + e.key, e.value, line: e.line) }
        }
        if !a.refs.isEmpty { options.set("appender-ref", .list(a.refs.map(ConfigValue.string)), line: a.main.line) }

        var formatter: LogFormatter?
        if let l = a.layout {
            let layoutShort = (l.className.map(JavaLoggingParser.shortName) ?? "").lowercased()
            var format: ConfigValue?
            if layoutShort.contains("patternlayout") { format = l.param("ConversionPattern") ?? .string("%m%n") }
            formatter = LogFormatter(name: "\(a.name).layout", format: format, style: "java", factory: l.className, line: l.line)
        }
        // Threshold, or a LevelRangeFilter's LevelMin.
        var level = a.main.param("Threshold").flatMap { JavaLevel.read($0).level }
        for f in a.filters where (f.className.map(JavaLoggingParser.shortName) ?? "") == "LevelRangeFilter" {
            if let min = f.param("LevelMin").flatMap({ JavaLevel.read($0).level }), (LogLevel.value(min) ?? 0) > (LogLevel.value(level) ?? 0) { level = min }
        }

        let destination: HandlerDestination
        let file = a.main.param("File")
        switch short {
        case "":
            b.issue(a.main.line, "appender '\(a.name)' has no class; log4j does not create it")
            destination = .unknown(className: "(none)")
        case "ConsoleAppender":
            destination = .console
        case "FileAppender":
            destination = .file(path: file ?? JavaLoggingParser.noFile, rotation: .none)
        case "DailyRollingFileAppender":
            // Rolls by DatePattern and never deletes: every period's file is kept.
            destination = .file(path: file ?? JavaLoggingParser.noFile, rotation: .timed(when: "D", interval: 1, backupCount: 0))
        case "RollingFileAppender" where lower.hasPrefix("org.apache.log4j.rolling."):
            // log4j extras: the policies decide.
            let policy = a.rollingPolicy?.className.map(JavaLoggingParser.shortName) ?? ""
            let path = file ?? a.rollingPolicy?.param("ActiveFileName") ?? a.rollingPolicy?.param("FileNamePattern") ?? JavaLoggingParser.noFile
            if policy == "TimeBasedRollingPolicy" {
                destination = .file(path: path, rotation: .timed(when: "D", interval: 1, backupCount: 0))
            } else if policy == "FixedWindowRollingPolicy" {
                let lo = a.rollingPolicy?.param("MinIndex").map { $0.intValue } ?? 1
                let hi = a.rollingPolicy?.param("MaxIndex").map { $0.intValue } ?? 7
                let count: Int? = (lo != nil && hi != nil && hi! >= lo!) ? hi! - lo! + 1 : nil
                let size = a.triggeringPolicy?.param("MaxFileSize").map(JavaLoggingParser.text) ?? "10485760"
                destination = .file(path: path, rotation: .size(maxBytes: JavaRolling.bytes(size), backupCount: count))
            } else {
                destination = .file(path: path, rotation: .history(days: nil, explanation: "rolling policy \(a.rollingPolicy?.className ?? "(none)"): not understood, proves no number of days"))
            }
        case "RollingFileAppender":
            let size = a.main.param("MaxFileSize").map(JavaLoggingParser.text) ?? "10MB"
            let backups = a.main.param("MaxBackupIndex").map { $0.intValue } ?? 1
            destination = .file(path: file ?? JavaLoggingParser.noFile, rotation: .size(maxBytes: JavaRolling.bytes(size), backupCount: backups))
        case "SyslogAppender":
            let hostPort = a.main.param("SyslogHost").map(JavaLoggingParser.text) ?? "localhost"
            let (host, port) = JavaLoggingParser.splitHostPort(hostPort)
            let hostValue: ConfigValue = host.contains("${") ? .unresolved(host) : .string(host)
            destination = JavaLoggingParser.syslogDestination(host: hostValue, port: .string(port ?? "514"), transport: "UDP")
        case "SocketAppender":
            let host = a.main.param("RemoteHost") ?? .unresolved("(no RemoteHost)")
            destination = .remote(service: "TCP socket", endpoint: "\(JavaLoggingParser.text(host)):\(a.main.param("Port").map(JavaLoggingParser.text) ?? "4560")",
                                  tls: JavaLoggingParser.socketTLS(host: host, ssl: false))
        case "SMTPAppender":
            destination = .email
        case "AsyncAppender":
            destination = .queue
        case "NullAppender":
            destination = .null
        default:
            if lower.contains("gelf") {
                let host = a.main.param("graylogHost").map(JavaLoggingParser.text) ?? "?"
                let h = host.lowercased()
                destination = .remote(service: "Graylog GELF", endpoint: "\(host):\(a.main.param("graylogPort").map(JavaLoggingParser.text) ?? "12201")",
                                      tls: h.hasPrefix("ssl:") || h.hasPrefix("tls:"))
            } else if lower.contains("sentry") {
                destination = .remote(service: "Sentry", endpoint: "sentry", tls: true)
            } else if lower.contains("cloudwatch") {
                destination = .remote(service: "AWS CloudWatch Logs", endpoint: a.main.param("logGroupName").map(JavaLoggingParser.text) ?? "cloudwatch", tls: true)
            } else {
                destination = .unknown(className: cls ?? "(none)")
            }
        }
        let handler = LogHandler(name: a.name, className: cls, level: level, formatter: formatter?.name, filters: [],
                                 options: options, line: a.main.line, destination: destination)
        return (handler, formatter)
    }
}
