import Foundation

/// log4rs (Rust) YAML configuration, as `log4rs::config::RawConfig` deserialises it:
/// `appenders` (kind `console`, `file`, `rolling_file` with `policy` — a `compound` of a
/// `size` trigger and a `fixed_window` or `delete` roller — and an `encoder`: `pattern`
/// or `json`), `root` (`level`, `appenders`) and `loggers` (`level`, `appenders`,
/// `additive`). Unknown appender kinds (plugins) are kept as unknown destinations, never
/// guessed. Sizes are log4rs's: a number and a unit (b, kb, mb, gb, tb; 1024-based).
public enum Log4rsParser {
    public static func parse(_ text: String, file: String) -> (LoggingSetup?, [ParseIssue]) {
        let document: ConfigValue
        do throws(YAMLReader.Failure) {
            document = try YAMLReader.document(text)
        } catch {
            return (nil, [ParseIssue(path: file, line: error.line, message: "\(error.message); not read")])
        }
        guard let top = document.dictValue, top.entry("appenders") != nil || top.entry("root") != nil else {
            return (nil, [ParseIssue(path: file, line: 1, message: "no appenders or root: not a log4rs configuration; not read")])
        }
        var b = JavaSetupBuilder(file: file, line: top.entries.first?.line ?? 1, origin: "log4rs")
        for key in top.keys where !["refresh_rate", "appenders", "root", "loggers"].contains(key) {
            b.issue(top.entry(key)?.line, "'\(key)' is not a log4rs configuration key (log4rs refuses the file); ignored")
        }

        if let appenders = top.entry("appenders") {
            guard let dict = appenders.value.dictValue else {
                b.issue(appenders.line, "appenders must be a mapping of names to appenders")
                return (b.setup, b.issues)
            }
            for a in dict.entries {
                guard let spec = a.value.dictValue else {
                    b.issue(a.line, "appender '\(a.key)' is not a mapping; not read")
                    continue
                }
                let (handler, formatter) = appender(name: a.key, spec: spec, line: a.line, b: &b)
                b.add(handler, formatter)
            }
        }

        func refs(_ spec: ConfigDict) -> [String] {
            (spec.entry("appenders")?.value.listValue ?? []).compactMap(\.stringValue)
        }
        if let root = top.entry("root") {
            let spec = root.value.dictValue ?? ConfigDict()
            b.logger("root", level: spec.entry("level")?.value, levelLine: spec.entry("level")?.line ?? root.line,
                     handlers: refs(spec), additivity: nil, line: root.line, defaultLevel: "DEBUG")
        } else {
            // log4rs's default root: level debug, no appenders.
            b.logger("root", level: nil, levelLine: 1, handlers: [], additivity: nil, line: 1, defaultLevel: "DEBUG")
        }
        if let loggers = top.entry("loggers")?.value.dictValue {
            for l in loggers.entries {
                let spec = l.value.dictValue ?? ConfigDict()
                // Rust module paths: `app::db` is a child of `app`; as dotted names for the
                // shared logger model.
                let name = l.key.replacingOccurrences(of: "::", with: ".")
                b.logger(name, level: spec.entry("level")?.value, levelLine: spec.entry("level")?.line ?? l.line,
                         handlers: refs(spec), additivity: spec.entry("additive")?.value.boolValue, line: l.line)
            }
        }
        for h in b.setup.loggers.flatMap(\.handlers) where b.setup.handler(h) == nil {
            b.issue(b.setup.loggers.first { $0.handlers.contains(h) }?.line, "logger refers to appender '\(h)', which is not defined (log4rs refuses the file)")
        }
        return (b.setup, FileConfigParser.byLine(b.issues))
    }

    static func appender(name: String, spec: ConfigDict, line: Int, b: inout JavaSetupBuilder) -> (LogHandler, LogFormatter?) {
        let kind = spec.entry("kind")?.value.stringValue ?? ""
        var formatter: LogFormatter?
        if let enc = spec.entry("encoder")?.value.dictValue {
            let encKind = enc.entry("kind")?.value.stringValue ?? "pattern"
            let pattern = enc.entry("pattern")?.value ?? (encKind == "pattern" ? .string("{d} {l} {t} - {m}{n}") : nil)
            formatter = LogFormatter(name: "\(name).encoder", format: pattern, style: "log4rs", factory: encKind == "json" ? "log4rs.json" : "log4rs.pattern",
                                     line: spec.entry("encoder")?.line ?? line)
        } else if kind == "console" || kind == "file" || kind == "rolling_file" {
            // log4rs's default encoder: "{d} {l} {t} - {m}{n}".
            formatter = LogFormatter(name: "\(name).encoder", format: .string("{d} {l} {t} - {m}{n}"), style: "log4rs", factory: "log4rs.pattern", line: line)
        }
        let path = spec.entry("path")?.value
        let destination: HandlerDestination
        switch kind {
        case "console":
            destination = .console
        case "file":
            if path == nil { b.issue(line, "file appender '\(name)' has no path (log4rs refuses the file)") }
            // `append: false` truncates the file each time the program starts.
            let truncates = spec.entry("append")?.value.boolValue == false
            destination = .file(path: path ?? .unresolved("<no path>"),
                                rotation: truncates ? .history(days: nil, explanation: "log4rs file append: false: truncated at every start") : .none)
        case "rolling_file":
            if path == nil { b.issue(line, "rolling_file appender '\(name)' has no path (log4rs refuses the file)") }
            destination = .file(path: path ?? .unresolved("<no path>"), rotation: rolling(name: name, spec: spec, line: line, b: &b))
        default:
            if kind.isEmpty { b.issue(line, "appender '\(name)' has no kind (log4rs refuses the file)") }
            destination = .unknown(className: kind.isEmpty ? "log4rs appender" : "log4rs " + kind)
        }
        // A threshold filter is the appender's level: `filters: [{kind: threshold, level: warn}]`.
        let threshold = (spec.entry("filters")?.value.listValue ?? []).compactMap(\.dictValue)
            .first { $0.entry("kind")?.value.stringValue == "threshold" }?.entry("level")?.value
        let (level, _, _) = JavaLevel.read(threshold)
        return (LogHandler(name: name, className: "log4rs." + (kind.isEmpty ? "unknown" : kind), level: level, formatter: formatter?.name,
                           filters: [], options: spec, line: line, destination: destination), formatter)
    }

    /// `policy: {kind: compound, trigger: {kind: size, limit: 10 mb}, roller: {kind: fixed_window, count: 5, pattern: …}}`.
    static func rolling(name: String, spec: ConfigDict, line: Int, b: inout JavaSetupBuilder) -> HandlerRotation {
        guard let policy = spec.entry("policy")?.value.dictValue else {
            b.issue(line, "rolling_file appender '\(name)' has no policy (log4rs refuses the file)")
            return .none
        }
        let trigger = policy.entry("trigger")?.value.dictValue
        let roller = policy.entry("roller")?.value.dictValue
        let limitRaw = trigger?.entry("limit")?.value
        let limit = limitRaw.flatMap { v -> Int? in v.intValue ?? v.stringValue.flatMap(bytes) }
        if let limitRaw, limit == nil { b.issue(trigger?.entry("limit")?.line, "size limit '\(limitRaw.display)' is not a log4rs size") }
        switch roller?.entry("kind")?.value.stringValue {
        case "fixed_window"?:
            let count = roller?.entry("count")?.value.intValue ?? 0
            if roller?.entry("pattern") == nil { b.issue(policy.entry("roller")?.line, "fixed_window roller without a pattern (log4rs refuses the file)") }
            return .size(maxBytes: limit, backupCount: count)
        case "delete"?:
            return .size(maxBytes: limit, backupCount: 0)
        default:
            b.issue(policy.entry("roller")?.line ?? line, "rolling_file appender '\(name)': roller is neither fixed_window nor delete; rotation unknown")
            return .none
        }
    }

    /// log4rs sizes: "10 mb", "1gb", "1024" (bytes); units b/kb/mb/gb/tb, 1024-based.
    static func bytes(_ raw: String) -> Int? {
        let s = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = s.prefix { $0.isNumber }
        guard let n = Int(digits) else { return nil }
        let unit = s.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        let mult: Int
        switch unit {
        case "", "b": mult = 1
        case "kb": mult = 1 << 10
        case "mb": mult = 1 << 20
        case "gb": mult = 1 << 30
        case "tb": mult = 1 << 40
        default: return nil
        }
        let (v, overflow) = n.multipliedReportingOverflow(by: mult)
        return overflow ? nil : v
    }
}
