import Foundation

/// Reads a `logging.config.dictConfig` schema (from a Django LOGGING dict, YAML or JSON)
/// into a `LoggingSetup`, with Python's semantics: `root` vs `loggers`, `propagate`
/// defaulting to True, `()` factories, `class` names, handler kwargs.
public enum DictConfigReader {
    /// - Parameter resolveClass: the standard class a handler class defined in the scanned code
    ///   derives from (nil when it cannot be followed).
    public static func read(_ dict: ConfigDict, file: String, line: Int, origin: String,
                            resolveClass: ((String) -> String?)? = nil) -> (LoggingSetup, [ParseIssue]) {
        var setup = LoggingSetup(file: file, line: line, origin: origin)
        var issues: [ParseIssue] = []
        func issue(_ l: Int, _ m: String) { issues.append(ParseIssue(path: file, line: l == 0 ? line : l, message: m)) }
        /// The first error Python would raise, in the order dictConfig works (formatters,
        /// filters, handlers, loggers, root).
        func fails(_ l: Int, _ m: String) {
            if setup.failure == nil { setup.failure = m }
            issue(l, m + " (logging.config.dictConfig raises; nothing of this configuration is applied)")
        }

        if let v = dict["version"] {
            if !v.isUnresolved && v.intValue != 1 { fails(dict.line(of: "version") ?? line, "ValueError: Unsupported version: \(v.display)") }
        } else {
            fails(line, "ValueError: dictionary doesn't specify a version")
        }
        setup.incremental = dict["incremental"]?.boolValue ?? false
        setup.disableExistingLoggers = dict["disable_existing_loggers"]?.boolValue ?? true

        for (name, body, l, from) in section(dict, "formatters", issue) {
            let factory = body["()"]?.stringValue ?? body["class"]?.stringValue
            setup.formatters.append(LogFormatter(name: name, format: body["format"] ?? body["fmt"], style: body["style"]?.stringValue ?? "%", factory: factory, line: l, file: from))
            // A `()` factory gets the keys as its own arguments; logging.Formatter validates.
            if body["()"] == nil, body["validate"]?.boolValue != false,
               let problem = LogFormatter.validationError(format: body["format"], style: body["style"]?.stringValue ?? "%") {
                fails(body.line(of: "format") ?? l, "ValueError: Unable to configure formatter '\(name)': \(problem)")
            }
        }
        for (name, body, l, _) in section(dict, "filters", issue) {
            setup.filters.append(LogFilter(name: name, factory: body["()"]?.stringValue ?? body["name"].map { _ in "logging.Filter" }, line: l))
        }
        for (name, body, l, from) in section(dict, "handlers", issue) {
            let className = body["class"]?.stringValue ?? body["()"]?.stringValue
            if body["class"] == nil && body["()"] == nil { issue(l, "handler '\(name)' has no class") }
            if let c = body["class"], c.isUnresolved { issue(body.line(of: "class") ?? l, "handler '\(name)' class is \(c.display)") }
            let filters = stringList(body["filters"])
            var options = ConfigDict()
            for e in body.entries where !["class", "()", "level", "formatter", "filters", "."].contains(e.key) { options.entries.append(e) }
            var resolved: String?
            if let c = className, !HandlerClassifier.standard.contains(c), HandlerClassifier.knownThirdParty[c] == nil {
                resolved = resolveClass?(c)
            }
            let dest = HandlerClassifier.destination(className: className, options: options, resolve: { _ in resolved })
            var handler = LogHandler(name: name, className: className, level: body["level"], formatter: body["formatter"]?.stringValue,
                                     filters: filters, options: options, line: l, destination: dest, file: from)
            handler.resolvedClass = resolved
            setup.handlers.append(handler)
            let effective = resolved ?? className ?? ""
            if let f = body["formatter"]?.stringValue, !dict.hasNested("formatters", f) {
                fails(body.line(of: "formatter") ?? l, "ValueError: Unable to configure handler '\(name)': formatter '\(f)' is not defined")
            } else if effective.hasPrefix("logging.") && !HandlerClassifier.standard.contains(effective) {
                fails(body.line(of: "class") ?? l, "ValueError: Unable to configure handler '\(name)': No module named or no attribute '\(effective)'")
            } else if case .null? = body["filename"], effective.hasSuffix("FileHandler") {
                fails(body.line(of: "filename") ?? l, "ValueError: Unable to configure handler '\(name)': filename is None (TypeError: expected str, bytes or os.PathLike object, not NoneType)")
            } else if let lv = body["level"], !lv.isUnresolved, !LogLevel.pythonAccepts(lv) {
                fails(body.line(of: "level") ?? l, "ValueError: Unable to configure handler '\(name)': Unknown level: \(lv.display)")
            }
            for fl in filters where !dict.hasNested("filters", fl) {
                fails(body.line(of: "filters") ?? l, "ValueError: Unable to configure handler '\(name)': filter '\(fl)' is not defined")
            }
        }
        func addLogger(_ name: String, _ body: ConfigDict, _ l: Int, _ from: String?) {
            let handlers = stringList(body["handlers"])
            let what = name == "root" ? "root logger" : "logger '\(name)'"
            for h in handlers where setup.handler(h) == nil {
                fails(body.line(of: "handlers") ?? l, "ValueError: Unable to configure \(what): handler '\(h)' is not defined")
            }
            if let lv = body["level"], !lv.isUnresolved, !LogLevel.pythonAccepts(lv) {
                fails(body.line(of: "level") ?? l, "ValueError: Unable to configure \(what): Unknown level: \(lv.display)")
            }
            setup.loggers.append(LogLogger(name: name, level: body["level"], handlers: handlers,
                                           propagate: name == "root" ? false : (body["propagate"]?.boolValue ?? true),
                                           disabled: body["disabled"]?.boolValue ?? false, filters: stringList(body["filters"]), line: l, file: from))
        }
        for (name, body, l, from) in section(dict, "loggers", issue) {
            addLogger(name == "" ? "root" : name, body, l, from)
        }
        if let r = dict["root"] {
            if let body = r.dictValue { addLogger("root", body, dict.line(of: "root") ?? line, dict.entry("root")?.file) }
            else { issue(dict.line(of: "root") ?? line, "root is \(r.display), not a mapping") }
        }
        return (setup, issues)
    }

    /// Each entry of a section: name, body, line and (when not the setup's own) file.
    static func section(_ dict: ConfigDict, _ key: String, _ issue: (Int, String) -> Void) -> [(String, ConfigDict, Int, String?)] {
        guard let value = dict[key] else { return [] }
        guard let d = value.dictValue else {
            issue(dict.line(of: key) ?? 0, "'\(key)' is \(value.display), not a mapping; not read")
            return []
        }
        var out: [(String, ConfigDict, Int, String?)] = []
        for e in d.entries {
            if let body = e.value.dictValue {
                out.append((e.key, body, e.line, e.file))
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
