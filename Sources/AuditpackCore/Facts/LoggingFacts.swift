import Foundation

/// Python logging levels as `logging` defines them.
public enum LogLevel {
    public static let names: [String: Int] = ["NOTSET": 0, "DEBUG": 10, "INFO": 20, "WARN": 30, "WARNING": 30, "ERROR": 40, "FATAL": 50, "CRITICAL": 50]

    public static func value(_ v: ConfigValue?) -> Int? {
        guard let v else { return nil }
        if case .int(let i) = v { return i }
        if let s = v.stringValue { return names[s.uppercased()] }
        return nil
    }

    /// Whether `logging._checkLevel` accepts the value: an int, or a level name exactly as
    /// registered (upper case); "info" raises ValueError.
    public static func pythonAccepts(_ v: ConfigValue) -> Bool {
        switch v {
        case .int: return true
        case .string(let s): return names[s] != nil
        default: return false
        }
    }

    public static func name(_ level: Int) -> String {
        switch level {
        case 0: return "NOTSET"
        case 10: return "DEBUG"
        case 20: return "INFO"
        case 30: return "WARNING"
        case 40: return "ERROR"
        case 50: return "CRITICAL"
        default: return "Level \(level)"
        }
    }
}

public struct LogFormatter: Sendable, Equatable {
    public var name: String
    public var format: ConfigValue?
    public var style: String
    /// `()` factory or `class`, when given.
    public var factory: String?
    public var line: Int
    /// Set when defined in another file than the setup's (a base settings module).
    public var file: String? = nil

    /// What `logging.Formatter(fmt, style=…)` raises since Python 3.8 (`validate=True`): a
    /// `%` format with no `%(name)s` field, a `{` format with no `{field}`, a `$` format with
    /// no `$name`; nil when Python accepts it (or the format is not known).
    public static func validationError(format: ConfigValue?, style: String) -> String? {
        guard case .string(let fmt)? = format, !fmt.isEmpty else { return nil }
        let ok: Bool
        switch style {
        case "%":
            // validation_pattern: %\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]
            ok = fmt.firstMatch(of: /(?i)%\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]/) != nil
        case "{":
            ok = fmt.firstMatch(of: /\{[^{}]+\}/) != nil
        case "$":
            ok = fmt.firstMatch(of: /\$(\w+|\{\w+\})/) != nil
        default:
            return "style must be one of %, {, $ (got \(style))"
        }
        return ok ? nil : "Invalid format '\(fmt)' for '\(style)' style"
    }

    public var isJSON: Bool {
        let f = (factory ?? "").lowercased()
        // python-json-logger, structlog's ProcessorFormatter (django-structlog), logstash, ECS.
        return f.contains("json") || f.contains("logstash") || f.contains("ecs") || f.contains("structlog")
    }

    /// Whether records carry a timestamp: `%(asctime)s`, `{asctime}`, `$asctime`, `created`;
    /// for Java layouts (style "java"), `%d`/`%date` or a layout that always writes one.
    public var hasTime: Bool {
        if isJSON { return true }
        if style == "jul" { return julStructured || mentions(["%1$t"]) }
        if style == "log4rs" { return log4rsUses(["d", "date"]) }
        if style == "java" { return javaStructuredLayout || javaPatternUses(["d", "date"]) }
        return mentions(["asctime", "created", "msecs"])
    }
    public var hasLevel: Bool {
        if isJSON { return true }
        if style == "jul" { return julStructured || mentions(["%4$"]) }
        if style == "log4rs" { return log4rsUses(["l", "level"]) }
        if style == "java" { return javaStructuredLayout || javaShortFactory == "simplelayout" || javaPatternUses(["p", "le", "level"]) }
        return mentions(["levelname", "levelno"])
    }
    public var hasRequestID: Bool {
        mentions(["request_id", "requestid", "correlation_id", "trace_id", "(guid)", "{guid}", "$guid"] + (style == "java" ? ["traceid", "correlationid"] : []))
    }

    /// logback/log4j layouts whose records always carry time and level (syslog headers, XML,
    /// YAML, CSV and GELF layouts); JSON ones are `isJSON`.
    /// java.util.logging's XMLFormatter and Tomcat's OneLineFormatter write time and level.
    var julStructured: Bool { ["xmlformatter", "onelineformatter", "jdkloggerformatter"].contains(javaShortFactory) }

    /// log4rs pattern encoder: `{d}`, `{d(%Y-%m-%d)}`, `{l}`, `{level}`.
    func log4rsUses(_ words: Set<String>) -> Bool {
        guard let text = format?.stringValue else { return false }
        var i = text.startIndex
        while let open = text[i...].firstIndex(of: "{") {
            var j = text.index(after: open)
            var word = ""
            while j < text.endIndex, text[j].isLetter { word.append(text[j]); j = text.index(after: j) }
            if words.contains(word) { return true }
            i = j < text.endIndex ? j : text.endIndex
            if i == text.endIndex { break }
        }
        return false
    }

    var javaStructuredLayout: Bool {
        let f = javaShortFactory
        return f.contains("syslog") || f.contains("rfc5424") || f.contains("gelf")
            || ["xmllayout", "yamllayout", "csvlogeventlayout", "csvparameterlayout"].contains(f)
    }

    var javaShortFactory: String { (factory ?? "").split(separator: ".").last.map { $0.lowercased() } ?? "" }

    /// Whether a logback/log4j pattern uses one of `words` as a conversion word (`%-5level`,
    /// `%d{ISO8601}`); `%%` is a literal percent sign. Read from resolved and unresolved text
    /// alike: a conversion word outside `${…}` is there whatever the variables hold.
    func javaPatternUses(_ words: Set<String>) -> Bool {
        let text: String
        switch format {
        case .string(let s)?: text = s
        case .unresolved(let s)?: text = s
        default: return false
        }
        let chars = Array(text.unicodeScalars)
        var k = 0
        while k < chars.count {
            if chars[k] == "\\" { k += 2; continue }
            guard chars[k] == "%" else { k += 1; continue }
            k += 1
            if k < chars.count, chars[k] == "%" { k += 1; continue }
            while k < chars.count, chars[k] == "-" || chars[k] == "." || ("0"..."9").contains(chars[k]) { k += 1 }
            var word = ""
            while k < chars.count, chars[k].properties.isAlphabetic, chars[k].isASCII { word.unicodeScalars.append(chars[k]); k += 1 }
            if words.contains(word) { return true }
        }
        return false
    }

    func mentions(_ fields: [String]) -> Bool {
        guard let text = format?.stringValue?.lowercased() else { return false }
        return fields.contains { text.contains($0) }
    }
}

public struct LogFilter: Sendable, Equatable {
    public var name: String
    public var factory: String?
    public var line: Int
}

/// Where a handler sends records.
public enum HandlerDestination: Sendable, Equatable {
    case console
    case null
    /// A file on this host; `rotation` describes the handler's own rotation.
    case file(path: ConfigValue, rotation: HandlerRotation)
    case syslog(address: String, remote: Bool, transport: String)
    case remote(service: String, endpoint: String, tls: Bool?)
    case email
    case queue
    case unknown(className: String)
}

public enum HandlerRotation: Sendable, Equatable {
    case none
    /// RotatingFileHandler: size-only, proves no number of days.
    case size(maxBytes: Int?, backupCount: Int?)
    /// TimedRotatingFileHandler: `when`, `interval`, `backupCount`.
    case timed(when: String, interval: Int, backupCount: Int)
    /// External rotation expected (WatchedFileHandler).
    case watched
    /// Time-based history kept by the framework itself (logback `maxHistory` × the file
    /// name pattern's period, log4j2 `DefaultRolloverStrategy` with `IfLastModified`):
    /// `days` nil when the configuration proves no number of days. `explanation` says how,
    /// e.g. "TimeBasedRollingPolicy %d{yyyy-MM-dd} × maxHistory 30 = 30 days".
    case history(days: Double?, explanation: String)
}

public struct LogHandler: Sendable, Equatable {
    public var name: String
    public var className: String?
    public var level: ConfigValue?
    public var formatter: String?
    public var filters: [String]
    public var options: ConfigDict
    public var line: Int
    public var destination: HandlerDestination
    /// Set when defined in another file than the setup's (a base settings module).
    public var file: String? = nil
    /// For a class defined in the scanned code, the standard class it derives from.
    public var resolvedClass: String? = nil

    /// Writes somewhere that outlives the process.
    public var isPersistent: Bool {
        switch destination {
        case .file, .syslog, .remote: return true
        default: return false
        }
    }

    /// Sends records off this host: a remote service or syslog whose host is not loopback
    /// (one rule for every kind of destination).
    public var isRemote: Bool {
        switch destination {
        case .remote(_, let endpoint, _): return !HandlerClassifier.isLoopback(HandlerClassifier.host(ofEndpoint: endpoint))
        case .syslog(_, let remote, _): return remote
        default: return false
        }
    }

    public var levelValue: Int { LogLevel.value(level) ?? 0 }
}

public struct LogLogger: Sendable, Equatable {
    /// "root" for the root logger.
    public var name: String
    public var level: ConfigValue?
    public var handlers: [String]
    public var propagate: Bool
    public var disabled: Bool
    public var filters: [String]
    public var line: Int
    /// Set when defined in another file than the setup's (a base settings module).
    public var file: String? = nil
}

/// One application logging configuration (a Django settings module's LOGGING, a dictConfig
/// YAML/JSON file, …) read as Python's `logging.config` reads it.
public struct LoggingSetup: Sendable, Equatable {
    public var file: String
    public var line: Int
    /// "Django LOGGING", "dictConfig", …
    public var origin: String
    public var incremental = false
    public var disableExistingLoggers = true
    /// What Python would raise applying this configuration (`logging.config.dictConfig`),
    /// when the reading proves it would fail; nil when it would apply.
    public var failure: String? = nil
    public var formatters: [LogFormatter] = []
    public var filters: [LogFilter] = []
    public var handlers: [LogHandler] = []
    public var loggers: [LogLogger] = []

    /// The file each part was defined in: the setup's own unless an overlay inherited it.
    public func fileOf(_ h: LogHandler) -> String { h.file ?? file }
    public func fileOf(_ l: LogLogger) -> String { l.file ?? file }
    public func fileOf(_ f: LogFormatter) -> String { f.file ?? file }

    public func handler(_ name: String) -> LogHandler? { handlers.first { $0.name == name } }
    public func formatter(_ name: String?) -> LogFormatter? { name.flatMap { n in formatters.first { $0.name == n } } }
    public func logger(_ name: String) -> LogLogger? { loggers.first { $0.name == name } }

    /// The configured logger that governs `name`: itself or its nearest configured ancestor.
    public func governing(_ name: String) -> LogLogger? {
        var current = name
        while true {
            if let l = logger(current) { return l }
            guard let dot = current.lastIndex(of: ".") else { return logger("root") }
            current = String(current[..<dot])
        }
    }

    /// Effective level of a logger, as `Logger.getEffectiveLevel()` computes it.
    public func effectiveLevel(_ name: String) -> Int {
        var current: String? = name
        while let n = current {
            if let l = logger(n), let lv = LogLevel.value(l.level), lv > 0 { return lv }
            if n == "root" { break }
            if let dot = n.lastIndex(of: ".") { current = String(n[..<dot]) } else { current = "root" }
        }
        return 30  // root defaults to WARNING
    }

    /// The handlers `names` lead to: each one, and through wrappers (logback `AsyncAppender`,
    /// log4j2 `<Async>`, a static `<Routing>`, Python's `QueueHandler` `handlers` and
    /// `MemoryHandler` `target`) the handlers they pass records to.
    public func following(_ names: [String]) -> [LogHandler] {
        var out: [LogHandler] = []
        var seen = Set<String>()
        var queue = names[...]
        while let n = queue.popFirst() {
            guard seen.insert(n).inserted, let h = handler(n) else { continue }
            out.append(h)
            queue += Self.wrapped(h)
        }
        return out
    }

    /// Names of the handlers a wrapper hands records to.
    static func wrapped(_ h: LogHandler) -> [String] {
        var refs: [String] = []
        for key in ["appender-ref", "handlers"] {
            switch h.options[key] {
            case .list(let l)?: refs += l.compactMap(\.stringValue)
            case .string(let s)? where key == "appender-ref": refs.append(s)
            default: break
            }
        }
        if let t = h.options["target"]?.stringValue { refs.append(t) }
        return refs
    }

    /// Handlers in use: attached to a logger, directly or through wrappers.
    public var usedHandlerNames: Set<String> {
        Set(following(loggers.flatMap(\.handlers)).map(\.name))
    }

    /// Handlers a record from logger `name` reaches, following `propagate` as `Logger.callHandlers` does.
    public func reachedHandlers(_ name: String) -> [LogHandler] {
        var out: [LogHandler] = []
        var current: String? = name
        while let n = current {
            var stop = false
            if let l = logger(n) {
                out += following(l.handlers)
                stop = !l.propagate
            }
            if stop || n == "root" { break }
            if let dot = n.lastIndex(of: ".") { current = String(n[..<dot]) } else { current = "root" }
        }
        return out
    }
}
