import Foundation

/// Reads a `logging.config.dictConfig` schema (from a Django LOGGING dict, YAML or JSON)
/// into a `LoggingSetup`, with Python's semantics: `root` vs `loggers`, `propagate`
/// defaulting to True, `()` factories, `class` names, handler kwargs.
public enum DictConfigReader {
    public static func read(_ dict: ConfigDict, file: String, line: Int, origin: String) -> (LoggingSetup, [ParseIssue]) {
        var setup = LoggingSetup(file: file, line: line, origin: origin)
        var issues: [ParseIssue] = []
        func issue(_ l: Int, _ m: String) { issues.append(ParseIssue(path: file, line: l == 0 ? line : l, message: m)) }

        if let v = dict["version"], v.intValue != 1 {
            issue(dict.line(of: "version") ?? line, "dictConfig version is \(v.display); Python accepts only 1")
        }
        setup.incremental = dict["incremental"]?.boolValue ?? false
        setup.disableExistingLoggers = dict["disable_existing_loggers"]?.boolValue ?? true

        for (name, body, l) in section(dict, "formatters", issue) {
            let factory = body["()"]?.stringValue ?? body["class"]?.stringValue
            setup.formatters.append(LogFormatter(name: name, format: body["format"] ?? body["fmt"], style: body["style"]?.stringValue ?? "%", factory: factory, line: l))
        }
        for (name, body, l) in section(dict, "filters", issue) {
            setup.filters.append(LogFilter(name: name, factory: body["()"]?.stringValue ?? body["name"].map { _ in "logging.Filter" }, line: l))
        }
        for (name, body, l) in section(dict, "handlers", issue) {
            let className = body["class"]?.stringValue ?? body["()"]?.stringValue
            if body["class"] == nil && body["()"] == nil { issue(l, "handler '\(name)' has no class") }
            if let c = body["class"], c.isUnresolved { issue(body.line(of: "class") ?? l, "handler '\(name)' class is \(c.display)") }
            let filters = stringList(body["filters"])
            var options = ConfigDict()
            for e in body.entries where !["class", "()", "level", "formatter", "filters", "."].contains(e.key) { options.entries.append(e) }
            let dest = HandlerClassifier.destination(className: className, options: options)
            setup.handlers.append(LogHandler(name: name, className: className, level: body["level"], formatter: body["formatter"]?.stringValue,
                                             filters: filters, options: options, line: l, destination: dest))
            if let f = body["formatter"]?.stringValue, !dict.hasNested("formatters", f) {
                issue(body.line(of: "formatter") ?? l, "handler '\(name)' names formatter '\(f)', which is not defined (dictConfig would fail)")
            }
        }
        func addLogger(_ name: String, _ body: ConfigDict, _ l: Int) {
            let handlers = stringList(body["handlers"])
            for h in handlers where setup.handler(h) == nil {
                issue(body.line(of: "handlers") ?? l, "logger '\(name)' names handler '\(h)', which is not defined (dictConfig would fail)")
            }
            setup.loggers.append(LogLogger(name: name, level: body["level"], handlers: handlers,
                                           propagate: name == "root" ? false : (body["propagate"]?.boolValue ?? true),
                                           disabled: body["disabled"]?.boolValue ?? false, filters: stringList(body["filters"]), line: l))
        }
        for (name, body, l) in section(dict, "loggers", issue) {
            addLogger(name == "" ? "root" : name, body, l)
        }
        if let r = dict["root"] {
            if let body = r.dictValue { addLogger("root", body, dict.line(of: "root") ?? line) }
            else { issue(dict.line(of: "root") ?? line, "root is \(r.display), not a mapping") }
        }
        return (setup, issues)
    }

    static func section(_ dict: ConfigDict, _ key: String, _ issue: (Int, String) -> Void) -> [(String, ConfigDict, Int)] {
        guard let value = dict[key] else { return [] }
        guard let d = value.dictValue else {
            issue(dict.line(of: key) ?? 0, "'\(key)' is \(value.display), not a mapping; not read")
            return []
        }
        var out: [(String, ConfigDict, Int)] = []
        for e in d.entries {
            if let body = e.value.dictValue {
                out.append((e.key, body, e.line))
            } else {
                issue(e.line, "\(key) '\(e.key)' is \(e.value.display), not a mapping; not read")
            }
        }
        return out
    }

    static func stringList(_ v: ConfigValue?) -> [String] {
        switch v {
        case .list(let l)?: return l.compactMap(\.stringValue)
        case .string(let s)?: return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default: return []
        }
    }
}

extension ConfigDict {
    func hasNested(_ section: String, _ key: String) -> Bool {
        self[section]?.dictValue?[key] != nil
    }
}
