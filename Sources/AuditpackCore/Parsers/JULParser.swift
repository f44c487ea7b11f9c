import Foundation

/// `java.util.logging` `logging.properties` as `LogManager` reads it, and Tomcat's JULI
/// dialect of it:
///
/// - `handlers = a.b.FileHandler, …` (comma or blank separated) are the root logger's
///   handlers; `.level` is the root level (LogManager's default INFO); `X.level`,
///   `X.handlers`, `X.useParentHandlers` configure logger `X`.
/// - a handler's settings are `<class>.<key>`: `java.util.logging.FileHandler.pattern`
///   (`%h` home, `%t` temp, `%g` generation, `%u` unique, `%%`), `.limit` (bytes per file,
///   0 = none), `.count` (files in the rotation), `.level`, `.formatter`;
///   `java.util.logging.SimpleFormatter.format` is the line layout (`String.format`:
///   `%1$t…` the time, `%4$s` the level).
/// - Tomcat: handler names carry a prefix (`1catalina.org.apache.juli.FileHandler`), files
///   are `directory/prefix + date + suffix`, rotated daily, kept `maxDays` (negative or
///   missing: forever); `org.apache.juli.AsyncFileHandler` likewise.
/// - `java.util.logging.SocketHandler` sends to `host`:`port` (plain TCP).
///
/// `${name}` system properties stay unresolved (they are set at start-up, not here).
public enum JULParser {
    static let fileHandlers: Set<String> = ["java.util.logging.FileHandler"]
    static let juliFileHandlers: Set<String> = ["org.apache.juli.FileHandler", "org.apache.juli.AsyncFileHandler"]

    public static func parse(_ text: String, file: String) -> (LoggingSetup?, [ParseIssue]) {
        let entries = JavaPropertiesReader.read(text)
        var values: [String: (value: String, line: Int)] = [:]
        for e in entries { values[e.key] = (e.value.trimmingCharacters(in: .whitespaces), e.line) }
        var b = JavaSetupBuilder(file: file, line: entries.first?.line ?? 1, origin: "java.util.logging")
        guard values["handlers"] != nil || values[".level"] != nil || values.keys.contains(where: { $0.hasSuffix(".handlers") || $0.hasSuffix(".level") }) else {
            return (nil, [ParseIssue(path: file, line: 1, message: "no handlers or levels: not a java.util.logging configuration; not read")])
        }

        func list(_ s: String) -> [String] {
            s.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init).filter { !$0.isEmpty }
        }
        func value(_ key: String) -> (value: String, line: Int)? { values[key] }
        func config(_ raw: String) -> ConfigValue { raw.contains("${") ? .unresolved(raw) : .string(raw) }

        // Handlers: every name a `handlers` key lists, in order of first mention.
        var handlerNames: [String] = []
        var seen = Set<String>()
        let handlerKeys = entries.filter { $0.key == "handlers" || $0.key.hasSuffix(".handlers") }
        for e in handlerKeys { for h in list(e.value) where seen.insert(h).inserted { handlerNames.append(h) } }
        for name in handlerNames {
            // Tomcat prefixes: "1catalina.org.apache.juli.FileHandler" → class after the prefix.
            var cls = name
            if let first = name.first, first.isNumber, let dot = name.firstIndex(of: ".") { cls = String(name[name.index(after: dot)...]) }
            var options = ConfigDict()
            for e in entries where e.key.hasPrefix(name + ".") {
                options.set(String(e.key.dropFirst(name.count + 1)), config(e.value.trimmingCharacters(in: .whitespaces)), line: e.line)
            }
            // Cited at its first setting, else where a `handlers` list names it.
            let line = options.entries.map(\.line).min() ?? handlerKeys.first { list($0.value).contains(name) }?.line ?? 1
            let destination: HandlerDestination
            if fileHandlers.contains(cls) {
                var pattern = options.entry("pattern")?.value.stringValue ?? "%h/java%u.log"
                let limit = options.entry("limit")?.value.intValue ?? 0
                let count = max(1, options.entry("count")?.value.intValue ?? 1)
                let append = options.entry("append")?.value.boolValue ?? false
                // Without %g and with count > 1, the JDK adds ".<generation>" to the name.
                if count > 1 && !pattern.contains("%g") { pattern += ".%g" }
                let rotation: HandlerRotation
                if count > 1 && limit > 0 {
                    // Rolls by size through the %g generations (and one generation per start
                    // when append=false).
                    rotation = .size(maxBytes: limit, backupCount: count - 1)
                } else if !append {
                    rotation = .history(days: nil, explanation: "FileHandler append=false (the default): the file is truncated at every start of the JVM")
                } else if limit > 0 {
                    rotation = .history(days: nil, explanation: "FileHandler limit=\(limit) with count=1: the file is truncated when it reaches the limit")
                } else {
                    rotation = .none
                }
                destination = .file(path: config(expand(pattern)), rotation: rotation)
                if count > 1 && limit == 0 {
                    b.issue(options.entry("count")?.line, "\(name): count=\(count) without a limit never rolls by size (generations change only at each start)")
                }
            } else if juliFileHandlers.contains(cls) {
                let dir = options.entry("directory")?.value.stringValue ?? "${catalina.base}/logs"
                let prefix = options.entry("prefix")?.value.stringValue ?? "juli."
                let suffix = options.entry("suffix")?.value.stringValue ?? ".log"
                let rotatable = options.entry("rotatable")?.value.boolValue ?? true
                let maxDays = options.entry("maxDays")?.value.intValue ?? -1
                let path = dir + "/" + prefix + (rotatable ? "yyyy-MM-dd" : "") + suffix
                let rotation: HandlerRotation = !rotatable ? .none
                    : maxDays > 0 ? .history(days: Double(maxDays), explanation: "JULI daily files, maxDays=\(maxDays)")
                    : .history(days: .infinity, explanation: "JULI daily files, no maxDays: kept forever")
                destination = .file(path: config(path), rotation: rotation)
            } else if cls == "java.util.logging.ConsoleHandler" || cls.hasSuffix(".OneLineConsoleHandler") || cls.hasSuffix("ConsoleHandler") {
                destination = .console
            } else if cls == "java.util.logging.SocketHandler" {
                let host = options.entry("host")?.value.stringValue ?? ""
                let port = options.entry("port")?.value.stringValue ?? ""
                destination = host.isEmpty ? .unknown(className: cls) : .remote(service: "socket", endpoint: host + (port.isEmpty ? "" : ":" + port), tls: false)
            } else if cls == "java.util.logging.MemoryHandler" {
                destination = .queue
            } else {
                destination = .unknown(className: cls)
            }
            // The formatter named, else the handler's default (FileHandler/SocketHandler: XML,
            // JULI: OneLineFormatter, ConsoleHandler: SimpleFormatter).
            let effective = options.entry("formatter")?.value.stringValue
                ?? (fileHandlers.contains(cls) || cls == "java.util.logging.SocketHandler" ? "java.util.logging.XMLFormatter"
                    : juliFileHandlers.contains(cls) ? "org.apache.juli.OneLineFormatter" : "java.util.logging.SimpleFormatter")
            let format: ConfigValue? = effective.hasSuffix("SimpleFormatter")
                ? config(value("\(effective).format")?.value ?? "%1$tb %1$td, %1$tY %1$tl:%1$tM:%1$tS %1$Tp %2$s%n%4$s: %5$s%6$s%n") : nil
            let formatter = LogFormatter(name: "\(name).formatter", format: format, style: "jul", factory: effective, line: options.entry("formatter")?.line ?? line)
            let (level, _, unknown) = JavaLevel.read(options.entry("level").map { .string($0.value.display) })
            if let unknown { b.issue(options.entry("level")?.line, "\(name): level '\(unknown)' is not a level name") }
            b.add(LogHandler(name: name, className: cls, level: level, formatter: formatter.name, filters: [], options: options,
                             line: line, destination: destination), formatter)
        }

        // Loggers: root from `handlers`/`.level`; named ones from `X.level`/`X.handlers`.
        var loggerNames: [String] = []
        var lseen = Set<String>()
        for e in entries {
            for suffix in [".level", ".handlers", ".useParentHandlers"] where e.key.hasSuffix(suffix) && e.key != suffix {
                let n = String(e.key.dropLast(suffix.count))
                if handlerNames.contains(n) { continue }  // a handler's own level
                if lseen.insert(n).inserted { loggerNames.append(n) }
            }
        }
        // Root's handlers: `handlers`, unless `.handlers` is set — Tomcat's JULI reads
        // `handlers` as the list of handlers to create and gives root only `.handlers`.
        let rootLevel = value(".level")
        let rootHandlers = value(".handlers") ?? value("handlers")
        b.logger("root", level: rootLevel.map { .string($0.value) }, levelLine: rootLevel?.line ?? 1,
                 handlers: rootHandlers.map { list($0.value) } ?? [], additivity: nil,
                 line: rootHandlers?.line ?? rootLevel?.line ?? 1, defaultLevel: "INFO")
        for n in loggerNames {
            let lv = value(n + ".level")
            let useParent = value(n + ".useParentHandlers").map { ConfigValue.string($0.value).boolValue ?? true }
            b.logger(n, level: lv.map { .string($0.value) }, levelLine: lv?.line ?? 1,
                     handlers: value(n + ".handlers").map { list($0.value) } ?? [], additivity: useParent,
                     line: lv?.line ?? value(n + ".handlers")?.line ?? 1)
        }
        return (b.setup, FileConfigParser.byLine(b.issues))
    }

    /// FileHandler pattern tokens, as far as they are known without the running JVM.
    static func expand(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "%%", with: "\u{0}").replacingOccurrences(of: "%g", with: "0")
            .replacingOccurrences(of: "%u", with: "0").replacingOccurrences(of: "\u{0}", with: "%")
    }
}
