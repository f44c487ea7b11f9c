import Foundation

/// Reads a Python `logging.config.fileConfig` INI file (also the logging part of alembic.ini,
/// Pyramid/PasteDeploy `production.ini`, CKAN ini templates) as Python reads it:
/// `configparser.ConfigParser` (strict, `=`/`:` delimiters, `#`/`;` comment lines, indented
/// continuation lines, case-insensitive keys, BasicInterpolation `%(name)s` from the same
/// section and `[DEFAULT]`), then `fileConfig`'s `[formatters]`/`[handlers]`/`[loggers]` `keys`
/// lists, `[formatter_X]`, `[handler_X]` (`class`, `level`, `formatter`, `args`, `kwargs`)
/// and `[logger_X]` (`level`, `handlers`, `propagate`, `qualname`) sections.
///
/// `args` and `kwargs` are evaluated as literals (tuples, lists, dicts, strings, numbers,
/// `True`/`False`/`None`, simple arithmetic, the `logging`/`logging.handlers` constants
/// fileConfig's `eval` sees); anything else (`sys.stdout`, calls) stays `.unresolved`.
/// Whatever makes Python refuse the file is a parse issue; reading goes on.
public enum FileConfigParser {
    public static func parse(_ text: String, file: String) -> (LoggingSetup?, [ParseIssue]) {
        var ini = INIConfig(file: file)
        ini.read(text)
        var issues = ini.issues
        guard ini.section("loggers") != nil || ini.section("handlers") != nil || ini.section("formatters") != nil else {
            issues.append(ParseIssue(path: file, line: 1, message: "no [loggers], [handlers] or [formatters] section: not a logging.config.fileConfig file; not read"))
            return (nil, issues)
        }
        var reader = FileConfigReader(ini: ini, file: file)
        reader.read()
        // What Python raises, in file order: configparser's errors come first (fileConfig
        // reads the file before configuring anything).
        for i in byLine(issues + reader.issues) where reader.setup.failure == nil && Self.isFailure(i.message) {
            reader.setup.failure = i.message
        }
        return (reader.setup, byLine(issues + reader.issues))
    }

    /// A message saying that Python raises (PasteDeploy's `%(here)s` is not: Pyramid passes it).
    static func isFailure(_ message: String) -> Bool {
        guard !message.contains("PasteDeploy") else { return false }
        return ["configparser raises", "fileConfig raises", "fileConfig fails", "raises ValueError", "(TypeError", "Error: fileConfig fails"]
            .contains { message.contains($0) }
    }

    /// Issues in file order (stable: issues on one line keep the order they were found in).
    static func byLine(_ issues: [ParseIssue]) -> [ParseIssue] {
        issues.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
    }
}

// MARK: - configparser

/// What `configparser.ConfigParser()` (the defaults fileConfig uses) reads from a file.
struct INIConfig {
    struct Option {
        var lines: [String]
        var line: Int
        /// `'\n'.join(lines).rstrip()`, as configparser joins multi-line values.
        var value: String {
            var s = lines.joined(separator: "\n")
            while let last = s.last, last.isWhitespace { s.removeLast() }
            return s
        }
    }

    struct Section {
        var name: String
        var line: Int
        var options: [String: Option] = [:]
    }

    let file: String
    var defaults = Section(name: "DEFAULT", line: 0)
    var sections: [String: Section] = [:]
    var issues: [ParseIssue] = []

    init(file: String) { self.file = file }

    func section(_ name: String) -> Section? { sections[name] }

    mutating func issue(_ line: Int?, _ message: String) { issues.append(ParseIssue(path: file, line: line, message: message)) }

    mutating func read(_ text: String) {
        var current: String?  // section name; "DEFAULT" for the defaults
        var optionName: String?
        var indentLevel = 0
        var addedSections = Set<String>()
        var addedOptions = Set<String>()
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        func update(_ body: (inout Section) -> Void) {
            guard let current else { return }
            if current == "DEFAULT" { body(&defaults) } else if sections[current] != nil { body(&sections[current]!) }
        }
        func hasOption() -> Bool {
            guard let current, let optionName else { return false }
            return (current == "DEFAULT" ? defaults : sections[current])?.options[optionName] != nil
        }
        for (index, rawLine) in lines.enumerated() {
            let lineNo = index + 1
            let line = String(rawLine)
            let stripped = line.trimmingCharacters(in: .whitespaces)
            let isComment = stripped.hasPrefix("#") || stripped.hasPrefix(";")
            if !isComment, let template = Self.templateSyntax(stripped) {
                if template.skip {
                    issue(lineNo, "template syntax (\(template.what)) is not INI: line skipped; the file must be rendered before Python can read it")
                    continue
                }
                issue(lineNo, "template placeholder (\(template.what)) kept as text; the file must be rendered before Python can read it")
            }
            let value = isComment ? "" : stripped
            if value.isEmpty {
                // An empty line belongs to a multi-line value (trailing ones are stripped when joined).
                if !isComment, hasOption(), let optionName { update { $0.options[optionName]?.lines.append("") } }
                continue
            }
            let indent = line.prefix { $0.isWhitespace }.count
            if current != nil, let optionName, hasOption(), indent > indentLevel {
                update { $0.options[optionName]?.lines.append(value) }
                continue
            }
            indentLevel = indent
            if value.hasPrefix("["), let close = value.lastIndex(of: "]"), value.index(after: value.startIndex) < close {
                let name = String(value[value.index(after: value.startIndex)..<close])
                optionName = nil
                if name == "DEFAULT" {
                    current = "DEFAULT"
                    if defaults.line == 0 { defaults.line = lineNo }
                } else if sections[name] != nil {
                    if addedSections.contains(name) {
                        issue(lineNo, "section [\(name)] appears again (configparser raises DuplicateSectionError); its options are merged")
                    }
                    current = name
                } else {
                    sections[name] = Section(name: name, line: lineNo)
                    addedSections.insert(name)
                    current = name
                }
                continue
            }
            guard current != nil else {
                issue(lineNo, "text before the first [section] (configparser raises MissingSectionHeaderError); line skipped")
                continue
            }
            guard let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                issue(lineNo, "line is not 'key = value' (configparser raises ParsingError, so fileConfig fails); line skipped")
                continue
            }
            let key = value[..<delimiter].trimmingCharacters(in: .whitespaces).lowercased()
            guard !key.isEmpty else {
                issue(lineNo, "line has no key before '\(value[delimiter])' (configparser raises ParsingError); line skipped")
                continue
            }
            let optionValue = value[value.index(after: delimiter)...].trimmingCharacters(in: .whitespaces)
            let sectionKey = "\(current ?? "")\u{0}\(key)"
            if addedOptions.contains(sectionKey) {
                issue(lineNo, "option '\(key)' is set again in [\(current ?? "")] (configparser raises DuplicateOptionError); the later value is used")
            }
            addedOptions.insert(sectionKey)
            update { $0.options[key] = Option(lines: [optionValue], line: lineNo) }
            optionName = key
        }
    }

    /// Jinja, Mako and string.Template syntax in an INI template. `skip`: the line is template
    /// logic (`{% if %}`, `<% %>`, `% for`, `$section`), not INI at all.
    static func templateSyntax(_ s: String) -> (skip: Bool, what: String)? {
        if s.hasPrefix("{%") || s.hasPrefix("{#") { return (true, "Jinja") }
        if s.hasPrefix("<%") || s.hasPrefix("</%") || s.hasPrefix("%>") { return (true, "Mako") }
        if s.hasPrefix("%") {
            let word = s.dropFirst().trimmingCharacters(in: .whitespaces).prefix { $0.isLetter }
            if ["if", "elif", "else", "endif", "for", "endfor", "while", "endwhile", "try", "except", "endtry"].contains(String(word)) { return (true, "Mako") }
        }
        if s.hasPrefix("$") {
            var body = Substring(s.dropFirst())
            if body.hasPrefix("{") && body.hasSuffix("}") { body = body.dropFirst().dropLast() }
            if let first = body.first, first.isLetter || first == "_", body.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                return (true, "string.Template")
            }
        }
        if s.contains("{{") && s.contains("}}") { return (false, "Jinja {{ }}") }
        if s.contains("{%") { return (false, "Jinja {% %}") }
        if s.contains("${") { return (false, "${…}") }
        return nil
    }

    /// An option as `section.get(key, raw=True)` returns it: the section's own, else `[DEFAULT]`'s.
    func raw(_ section: String, _ key: String) -> Option? {
        sections[section]?.options[key] ?? defaults.options[key]
    }

    struct Interpolated {
        var value: String
        var line: Int
        /// Names `%(name)s` refers to that are defined nowhere; their references stay in `value`.
        var missing: [String] = []
        var problem: String?
        /// References one value may expand: `a = %(b)s%(b)s…` chains cannot blow up.
        var budget = 2_000
    }

    /// `section.get(key)` with BasicInterpolation; missing references are kept as text.
    func get(_ section: String, _ key: String) -> Interpolated? {
        guard let option = raw(section, key) else { return nil }
        var out = Interpolated(value: "", line: option.line)
        var accum = ""
        interpolate(section, option.value, depth: 1, into: &accum, result: &out)
        out.value = accum
        return out
    }

    static let maxInterpolationDepth = 10

    func interpolate(_ section: String, _ rest: String, depth: Int, into accum: inout String, result: inout Interpolated) {
        if depth > Self.maxInterpolationDepth {
            result.problem = result.problem ?? "interpolation nested deeper than \(Self.maxInterpolationDepth) levels (InterpolationDepthError)"
            accum += rest
            return
        }
        var s = Substring(rest)
        while let p = s.firstIndex(of: "%") {
            accum += s[..<p]
            s = s[p...]
            let next = s.dropFirst().first
            if next == "%" {
                accum += "%"
                s = s.dropFirst(2)
            } else if next == "(", let close = s.firstIndex(of: ")"), s[s.index(after: close)...].first == "s", s.index(s.startIndex, offsetBy: 2) < close {
                let name = s[s.index(s.startIndex, offsetBy: 2)..<close].lowercased()
                let reference = String(s[...s.index(after: close)])
                s = s[s.index(close, offsetBy: 2)...]
                result.budget -= 1
                if result.budget < 0 || accum.utf8.count > 1 << 20 {
                    result.problem = result.problem ?? "interpolation expands too much; stopped"
                    accum += reference
                } else if let v = raw(section, name)?.value {
                    if v.contains("%") { interpolate(section, v, depth: depth + 1, into: &accum, result: &result) } else { accum += v }
                } else {
                    if !result.missing.contains(name) { result.missing.append(name) }
                    accum += reference
                }
            } else {
                result.problem = result.problem ?? "'%' must be followed by '%' or '(name)s', found: \(s.prefix(12)) (InterpolationSyntaxError)"
                accum += s
                return
            }
        }
        accum += s
    }
}

// MARK: - fileConfig

struct FileConfigReader {
    let ini: INIConfig
    var setup: LoggingSetup
    var issues: [ParseIssue] = []
    var handlerNames = Set<String>()
    var formatterNames = Set<String>()

    init(ini: INIConfig, file: String) {
        self.ini = ini
        let line = ini.section("loggers")?.line ?? ini.section("handlers")?.line ?? ini.section("formatters")?.line ?? 1
        setup = LoggingSetup(file: file, line: line, origin: "fileConfig")
    }

    mutating func issue(_ line: Int?, _ message: String) { issues.append(ParseIssue(path: setup.file, line: line, message: message)) }

    /// An interpolated value; problems and missing references become issues.
    mutating func get(_ section: String, _ key: String) -> (value: ConfigValue, text: String, line: Int)? {
        guard let v = ini.get(section, key) else { return nil }
        if let p = v.problem { issue(v.line, "[\(section)] \(key): \(p)") }
        for name in v.missing {
            let note = name == "here" || name == "__file__"
                ? " (PasteDeploy/Pyramid pass '\(name)' when they load the file; plain fileConfig raises InterpolationMissingOptionError)"
                : " (InterpolationMissingOptionError: fileConfig fails)"
            issue(v.line, "[\(section)] \(key): %(\(name))s is not defined in [\(section)] or [DEFAULT]; kept unresolved\(note)")
        }
        let value: ConfigValue = v.missing.isEmpty && v.problem == nil ? .string(v.value) : .unresolved(v.value)
        return (value, v.value, v.line)
    }

    /// `cp[section]["keys"]` split on commas, stripped (empty names kept, as fileConfig keeps them).
    mutating func keys(_ section: String, required: Bool = true) -> (names: [String], line: Int)? {
        guard let s = ini.section(section) else {
            if required { issue(setup.line, "no [\(section)] section (fileConfig raises KeyError)") }
            return nil
        }
        guard let k = get(section, "keys") else {
            issue(s.line, "[\(section)] has no keys option (fileConfig raises KeyError)")
            return nil
        }
        return (k.text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, k.line)
    }

    static let levelNames: Set<String> = ["CRITICAL", "FATAL", "ERROR", "WARN", "WARNING", "INFO", "DEBUG", "NOTSET"]

    mutating func level(_ section: String, owner: String) -> ConfigValue? {
        guard let l = get(section, "level") else { return nil }
        if case .string(let s) = l.value, !Self.levelNames.contains(s) {
            issue(l.line, "\(owner) level '\(s)' is not one of Python's level names, which are case-sensitive (setLevel raises ValueError)")
        }
        return l.value
    }

    mutating func read() {
        // Formatters: format/datefmt/style are read raw (no interpolation), class is not.
        if case let (names, line)? = keys("formatters"), !(names.count == 1 && names[0].isEmpty) {
            for name in names {
                let sect = "formatter_\(name)"
                guard let s = ini.section(sect) else {
                    issue(line, "[formatters] names '\(name)', but there is no [\(sect)] section (fileConfig raises KeyError)")
                    continue
                }
                let format = ini.raw(sect, "format").map { ConfigValue.string($0.value) }
                let style = ini.raw(sect, "style")?.value ?? "%"
                let cls = get(sect, "class").flatMap { $0.text.isEmpty ? nil : $0.text }
                setup.formatters.append(LogFormatter(name: name, format: format, style: style, factory: cls, line: s.line))
                if let problem = LogFormatter.validationError(format: format, style: style) {
                    issue(s.line, "formatter '\(name)': \(problem) (logging.Formatter raises ValueError; fileConfig fails)")
                }
                formatterNames.insert(name)
            }
        }
        // Handlers.
        if case let (names, line)? = keys("handlers"), !(names.count == 1 && names[0].isEmpty) {
            for name in names { handler(name, keysLine: line) }
        }
        // Loggers: root first.
        guard case let (names, line)? = keys("loggers") else { return }
        if !names.contains("root") { issue(line, "[loggers] keys does not include root (fileConfig raises ValueError)") }
        if let s = ini.section("logger_root") {
            let handlers = loggerHandlers("logger_root", owner: "logger 'root'", line: s.line)
            setup.loggers.append(LogLogger(name: "root", level: level("logger_root", owner: "logger 'root'"), handlers: handlers,
                                           propagate: false, disabled: false, filters: [], line: s.line))
        } else {
            issue(line, "there is no [logger_root] section (fileConfig raises KeyError)")
        }
        for key in names where key != "root" {
            let sect = "logger_\(key)"
            guard let s = ini.section(sect) else {
                issue(line, "[loggers] names '\(key)', but there is no [\(sect)] section (fileConfig raises KeyError)")
                continue
            }
            var loggerName = key
            if let q = get(sect, "qualname") { loggerName = q.text } else { issue(s.line, "[\(sect)] has no qualname (fileConfig raises KeyError)") }
            var propagate = true
            if let p = get(sect, "propagate") {
                if let n = Int(p.text.trimmingCharacters(in: .whitespaces)) { propagate = n != 0 } else {
                    issue(p.line, "[\(sect)] propagate '\(p.text)' is not an integer (getint raises ValueError)")
                }
            }
            let handlers = loggerHandlers(sect, owner: "logger '\(loggerName)'", line: s.line)
            setup.loggers.append(LogLogger(name: loggerName, level: level(sect, owner: "logger '\(loggerName)'"), handlers: handlers,
                                           propagate: propagate, disabled: false, filters: [], line: s.line))
        }
    }

    mutating func loggerHandlers(_ sect: String, owner: String, line: Int) -> [String] {
        guard let h = get(sect, "handlers") else {
            issue(line, "[\(sect)] has no handlers option (fileConfig raises KeyError)")
            return []
        }
        guard !h.text.isEmpty else { return [] }
        let names = h.text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        for n in names where !handlerNames.contains(n) {
            issue(h.line, "\(owner) names handler '\(n)', which is not defined (fileConfig raises KeyError)")
        }
        return names
    }

    mutating func handler(_ name: String, keysLine: Int) {
        let sect = "handler_\(name)"
        guard let s = ini.section(sect) else {
            issue(keysLine, "[handlers] names '\(name)', but there is no [\(sect)] section (fileConfig raises KeyError)")
            return
        }
        var className: String?
        var classResolved = false
        if let c = get(sect, "class") {
            className = Self.resolveClass(c.text)
            classResolved = className != nil
            if className == nil { issue(c.line, "handler class '\(c.text)' is not in the logging namespace fileConfig evaluates in; write handlers.\(c.text) (fileConfig raises ModuleNotFoundError)") }
            className = className ?? c.text
        } else {
            issue(s.line, "[\(sect)] has no class (fileConfig raises KeyError)")
        }
        let formatter = get(sect, "formatter").map(\.text) ?? ""
        if !formatter.isEmpty, !formatterNames.contains(formatter) {
            issue(ini.raw(sect, "formatter")?.line ?? s.line, "handler '\(name)' names formatter '\(formatter)', which is not defined (fileConfig raises KeyError)")
        }
        let level = level(sect, owner: "handler '\(name)'")

        var options = ConfigDict()
        let short = className.map { $0.split(separator: ".").last.map(String.init) ?? $0 } ?? ""
        let argsLine = ini.raw(sect, "args")?.line ?? s.line
        let args = evaluate(sect, "args", fallback: "()", owner: name)
        var positional: [ConfigValue] = []
        switch args {
        case .list(let items)?: positional = items
        case .unresolved(let src)?: issue(argsLine, "handler '\(name)' args \(src) cannot be evaluated statically; its arguments are not known")
        case let other?:
            issue(argsLine, "handler '\(name)' args is \(other.display), not a tuple (fileConfig unpacks it with *args)")
            positional = [other]
        case nil: break
        }
        let names = Self.positionalNames[short]
        for (k, v) in positional.enumerated() {
            if let names {
                guard k < names.count else {
                    issue(argsLine, "handler '\(name)' args has \(positional.count) values; \(short) takes at most \(names.count) (TypeError)")
                    break
                }
                options.set(names[k], v, line: argsLine)
            } else {
                options.set("arg\(k)", v, line: argsLine)
            }
        }
        let kwargsLine = ini.raw(sect, "kwargs")?.line ?? s.line
        switch evaluate(sect, "kwargs", fallback: "{}", owner: name) {
        case .dict(let d)?:
            for e in d.entries { options.set(e.key, e.value, line: kwargsLine) }
        case let other?:
            issue(kwargsLine, "handler '\(name)' kwargs is \(other.display), not a dict literal; not read")
        case nil: break
        }
        if let target = get(sect, "target"), !target.text.isEmpty { options.set("target", target.value, line: target.line) }
        for k in options.entries.indices where JavaLoggingParser.isCredential(options.entries[k].key) { options.entries[k].value = JavaLoggingParser.notRecorded }

        var destination = HandlerClassifier.destination(className: className, options: options)
        // SysLogHandler(socktype=socket.SOCK_STREAM) sends over TCP.
        if case .syslog(let address, let remote, "UDP") = destination, options["socktype"]?.intValue == 1 {
            destination = .syslog(address: address, remote: remote, transport: "TCP")
        }
        // The file handlers need a filename: `args=()` leaves it missing.
        if classResolved, ["FileHandler", "RotatingFileHandler", "TimedRotatingFileHandler", "WatchedFileHandler"].contains(short), options["filename"] == nil,
           args.map({ !$0.isUnresolved }) ?? true {
            issue(argsLine, "handler '\(name)': \(short) is given no filename (TypeError: __init__() missing 1 required positional argument: 'filename'; fileConfig fails)")
        }
        setup.handlers.append(LogHandler(name: name, className: className, level: level, formatter: formatter.isEmpty ? nil : formatter,
                                         filters: [], options: options, line: s.line, destination: destination))
        handlerNames.insert(name)
    }

    /// `eval(section.get(key, fallback), vars(logging))` for literal arguments.
    mutating func evaluate(_ sect: String, _ key: String, fallback: String, owner: String) -> ConfigValue? {
        let got = get(sect, key)
        let source = got?.text ?? fallback
        let line = got?.line ?? ini.section(sect)?.line ?? 0
        var value: ConfigValue
        do throws(PyLiteral.Failure) {
            value = try PyLiteral.evaluate(source)
        } catch {
            issue(line, "handler '\(owner)' \(key) could not be read as a Python literal (\(error.message)); its arguments are not known")
            return nil
        }
        // Strings that still hold an undefined %(name)s reference are not known values.
        if let missing = ini.get(sect, key)?.missing, !missing.isEmpty {
            value = Self.markUnresolved(value, references: missing.map { "%(\($0))s" })
        }
        return value
    }

    static func markUnresolved(_ v: ConfigValue, references: [String]) -> ConfigValue {
        switch v {
        case .string(let s) where references.contains(where: { s.contains($0) }): return .unresolved(s)
        case .list(let items): return .list(items.map { markUnresolved($0, references: references) })
        case .dict(var d):
            for i in d.entries.indices { d.entries[i].value = markUnresolved(d.entries[i].value, references: references) }
            return .dict(d)
        default: return v
        }
    }

    static let loggingNames: Set<String> = ["StreamHandler", "FileHandler", "NullHandler", "Handler"]
    static let handlersNames: Set<String> = [
        "RotatingFileHandler", "TimedRotatingFileHandler", "WatchedFileHandler", "SocketHandler", "DatagramHandler",
        "SysLogHandler", "NTEventLogHandler", "SMTPHandler", "HTTPHandler", "BufferingHandler", "MemoryHandler",
        "QueueHandler", "QueueListener", "BaseRotatingHandler",
    ]

    /// The class fileConfig gets from `eval(klass, vars(logging))`, else `_resolve(klass)`:
    /// `StreamHandler` → `logging.StreamHandler`, `handlers.X` → `logging.handlers.X`, dotted
    /// names as written; nil for a bare name that is not in `logging`.
    static func resolveClass(_ raw: String) -> String? {
        let c = raw.trimmingCharacters(in: .whitespaces)
        if c.hasPrefix("handlers."), handlersNames.contains(String(c.dropFirst("handlers.".count))) { return "logging." + c }
        if !c.contains(".") { return loggingNames.contains(c) ? "logging." + c : nil }
        return c
    }

    /// Positional parameters of handler classes, as `klass(*args)` binds them.
    static let positionalNames: [String: [String]] = [
        "StreamHandler": ["stream"],
        "FileHandler": ["filename", "mode", "encoding", "delay", "errors"],
        "WatchedFileHandler": ["filename", "mode", "encoding", "delay", "errors"],
        "RotatingFileHandler": ["filename", "mode", "maxBytes", "backupCount", "encoding", "delay", "errors"],
        "TimedRotatingFileHandler": ["filename", "when", "interval", "backupCount", "encoding", "delay", "utc", "atTime", "errors"],
        "SysLogHandler": ["address", "facility", "socktype"],
        "SocketHandler": ["host", "port"],
        "DatagramHandler": ["host", "port"],
        "HTTPHandler": ["host", "url", "method", "secure", "credentials", "context"],
        "SMTPHandler": ["mailhost", "fromaddr", "toaddrs", "subject", "credentials", "secure", "timeout"],
        "MemoryHandler": ["capacity", "flushLevel", "target", "flushOnClose"],
        "BufferingHandler": ["capacity"],
        "NTEventLogHandler": ["appname", "dllname", "logtype"],
        "QueueHandler": ["queue"],
        "NullHandler": [],
        // Common third-party handlers.
        "ConcurrentRotatingFileHandler": ["filename", "mode", "maxBytes", "backupCount"],
        "ConcurrentTimedRotatingFileHandler": ["filename", "when", "interval", "backupCount"],
        "TCPLogstashHandler": ["host", "port"],
        "UDPLogstashHandler": ["host", "port"],
        "LogstashHandler": ["host", "port"],
        "GELFUDPHandler": ["host", "port"],
        "GELFTCPHandler": ["host", "port"],
        "GELFTLSHandler": ["host", "port"],
        "GELFHTTPHandler": ["host", "port"],
    ]
}

// MARK: - Python literals

/// Evaluates the Python expressions fileConfig's `args`/`kwargs` hold, without running
/// anything: literals, tuples, lists, dicts, `+ - * // %` on numbers (and `+` on strings),
/// and the names `vars(logging)` gives (`handlers.SYSLOG_UDP_PORT`, `logging.INFO` as `INFO`, …).
/// Other names, attribute chains and calls are `.unresolved(source)`.
struct PyLiteral {
    struct Failure: Error, Equatable {
        var message: String
    }

    static let maxDepth = 50

    static let constants: [String: ConfigValue] = {
        var c: [String: ConfigValue] = [
            "True": .bool(true), "False": .bool(false), "None": .null,
            "CRITICAL": .int(50), "FATAL": .int(50), "ERROR": .int(40), "WARNING": .int(30), "WARN": .int(30),
            "INFO": .int(20), "DEBUG": .int(10), "NOTSET": .int(0),
            "handlers.SYSLOG_UDP_PORT": .int(514), "handlers.SYSLOG_TCP_PORT": .int(514),
            "handlers.DEFAULT_TCP_LOGGING_PORT": .int(9020), "handlers.DEFAULT_UDP_LOGGING_PORT": .int(9021),
            "handlers.DEFAULT_HTTP_LOGGING_PORT": .int(9022), "handlers.DEFAULT_SOAP_LOGGING_PORT": .int(9023),
            "handlers.socket.SOCK_STREAM": .int(1), "handlers.socket.SOCK_DGRAM": .int(2),
        ]
        let facilities = ["KERN": 0, "USER": 1, "MAIL": 2, "DAEMON": 3, "AUTH": 4, "SYSLOG": 5, "LPR": 6, "NEWS": 7, "UUCP": 8,
                          "CRON": 9, "AUTHPRIV": 10, "FTP": 11, "NTP": 12, "SECURITY": 13, "CONSOLE": 14, "SOLCRON": 15,
                          "LOCAL0": 16, "LOCAL1": 17, "LOCAL2": 18, "LOCAL3": 19, "LOCAL4": 20, "LOCAL5": 21, "LOCAL6": 22, "LOCAL7": 23]
        for (name, value) in facilities { c["handlers.SysLogHandler.LOG_\(name)"] = .int(value) }
        return c
    }()

    let s: [Character]
    var i = 0
    var depth = 0

    static func evaluate(_ source: String) throws(Failure) -> ConfigValue {
        var p = PyLiteral(s: Array(source))
        let v = try p.expressionList(closing: nil)
        p.skipSpace()
        guard p.i >= p.s.count else { throw Failure(message: "unexpected '\(p.s[p.i])'") }
        return v
    }

    mutating func skipSpace() {
        while i < s.count {
            if s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1 } else if s[i] == "\\", i + 1 < s.count, s[i + 1] == "\n" { i += 2 } else if s[i] == "#" {
                while i < s.count, s[i] != "\n" { i += 1 }
            } else { break }
        }
    }

    func source(_ from: Int) -> String { String(s[from..<min(i, s.count)]).trimmingCharacters(in: .whitespacesAndNewlines) }

    /// `a, b, c` up to `closing`; whether a comma was seen (`(x,)` is a tuple, `(x)` is x).
    mutating func items(closing: Character?) throws(Failure) -> (items: [ConfigValue], comma: Bool) {
        var items: [ConfigValue] = []
        var comma = false
        while true {
            skipSpace()
            if i >= s.count || (closing != nil && s[i] == closing) { break }
            items.append(try expression())
            skipSpace()
            if i < s.count, s[i] == "," {
                comma = true
                i += 1
                continue
            }
            break
        }
        return (items, comma)
    }

    mutating func expressionList(closing: Character?) throws(Failure) -> ConfigValue {
        let (items, comma) = try items(closing: closing)
        return items.count == 1 && !comma ? items[0] : .list(items)
    }

    mutating func expression() throws(Failure) -> ConfigValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw Failure(message: "nested too deeply") }
        let start = i
        var left: ConfigValue? = try term()
        while true {
            skipSpace()
            guard i < s.count, s[i] == "+" || s[i] == "-" else { return left ?? .unresolved(source(start)) }
            let op = s[i]
            i += 1
            let right = try term()
            left = left.flatMap { Self.arithmetic(op == "+" ? "+" : "-", $0, right) }
        }
    }

    mutating func term() throws(Failure) -> ConfigValue {
        let start = i
        var left: ConfigValue? = try unary()
        while true {
            skipSpace()
            let op: String
            if i + 1 < s.count, s[i] == "*", s[i + 1] == "*" { op = "**" } else if i + 1 < s.count, s[i] == "/", s[i + 1] == "/" { op = "//" } else if i < s.count, s[i] == "*" || s[i] == "/" || s[i] == "%" { op = String(s[i]) } else {
                return left ?? .unresolved(source(start))
            }
            i += op.count
            let right = try unary()
            left = left.flatMap { Self.arithmetic(op, $0, right) }
        }
    }

    mutating func unary() throws(Failure) -> ConfigValue {
        skipSpace()
        let start = i
        if i < s.count, s[i] == "-" || s[i] == "+" {
            let negative = s[i] == "-"
            i += 1
            let v = try unary()
            guard negative else { return v }
            switch v {
            case .int(let n) where n != Int.min: return .int(-n)
            case .double(let d): return .double(-d)
            default: return .unresolved(source(start))
            }
        }
        return try atom()
    }

    mutating func atom() throws(Failure) -> ConfigValue {
        skipSpace()
        guard i < s.count else { throw Failure(message: "unexpected end of expression") }
        let start = i
        let c = s[i]
        var value: ConfigValue
        if c == "(" {
            i += 1
            value = try expressionList(closing: ")")
            try expect(")")
        } else if c == "[" {
            i += 1
            value = .list(try items(closing: "]").items)
            try expect("]")
        } else if c == "{" {
            value = try dict()
        } else if c == "\"" || c == "'" || (c.isLetter && stringPrefixAhead()) {
            value = try strings()
        } else if c.isNumber || (c == "." && i + 1 < s.count && s[i + 1].isNumber) {
            value = try number()
        } else if c.isLetter || c == "_" {
            var name = identifier()
            while true {
                skipSpace()
                guard i < s.count, s[i] == ".", i + 1 < s.count, s[i + 1].isLetter || s[i + 1] == "_" else { break }
                i += 1
                name += "." + identifier()
            }
            value = Self.constants[name] ?? .unresolved(name)
        } else {
            throw Failure(message: "unexpected '\(c)'")
        }
        // Calls and subscripts are evaluated at run time only.
        var trailer = false
        while true {
            skipSpace()
            guard i < s.count, s[i] == "(" || s[i] == "[" else { break }
            let close: Character = s[i] == "(" ? ")" : "]"
            i += 1
            _ = try items(closing: close)
            try skipKeywordArguments(close)
            try expect(close)
            trailer = true
        }
        return trailer ? .unresolved(source(start)) : value
    }

    /// `f(a, key=value)`: keyword arguments inside an unresolved call are skipped.
    mutating func skipKeywordArguments(_ close: Character) throws(Failure) {
        while true {
            skipSpace()
            guard i < s.count, s[i] == "=" else { return }
            i += 1
            _ = try expression()
            skipSpace()
            if i < s.count, s[i] == "," {
                i += 1
                _ = try items(closing: close)
            }
        }
    }

    mutating func expect(_ c: Character) throws(Failure) {
        skipSpace()
        guard i < s.count, s[i] == c else { throw Failure(message: i < s.count ? "expected '\(c)', found '\(s[i])'" : "expected '\(c)' before the end") }
        i += 1
    }

    mutating func identifier() -> String {
        let start = i
        while i < s.count, s[i].isLetter || s[i].isNumber || s[i] == "_" { i += 1 }
        return String(s[start..<i])
    }

    func stringPrefixAhead() -> Bool {
        var k = i
        var prefix = ""
        while k < s.count, s[k].isLetter, prefix.count < 2 { prefix.append(s[k]); k += 1 }
        guard k < s.count, s[k] == "\"" || s[k] == "'" else { return false }
        return ["r", "u", "b", "f", "rb", "br", "fr", "rf"].contains(prefix.lowercased())
    }

    mutating func dict() throws(Failure) -> ConfigValue {
        let start = i
        i += 1
        var d = ConfigDict()
        var isSet = false
        while true {
            skipSpace()
            if i < s.count, s[i] == "}" { break }
            let key = try expression()
            skipSpace()
            if i < s.count, s[i] == ":" {
                i += 1
                let v = try expression()
                d.set(key.stringValue ?? key.display, v, line: 0)
            } else {
                isSet = true
            }
            skipSpace()
            if i < s.count, s[i] == "," { i += 1; continue }
            break
        }
        try expect("}")
        return isSet ? .unresolved(source(start)) : .dict(d)
    }

    mutating func number() throws(Failure) -> ConfigValue {
        let start = i
        let hex = i + 1 < s.count && s[i] == "0" && (s[i + 1] == "x" || s[i + 1] == "X")
        while i < s.count {
            let c = s[i]
            if c.isLetter || c.isNumber || c == "_" || c == "." {
                i += 1
            } else if (c == "+" || c == "-") && !hex && i > start && (s[i - 1] == "e" || s[i - 1] == "E") {
                i += 1
            } else {
                break
            }
        }
        let text = String(s[start..<i]).replacingOccurrences(of: "_", with: "")
        let lower = text.lowercased()
        if lower.hasPrefix("0x"), let n = Int(lower.dropFirst(2), radix: 16) { return .int(n) }
        if lower.hasPrefix("0o"), let n = Int(lower.dropFirst(2), radix: 8) { return .int(n) }
        if lower.hasPrefix("0b"), let n = Int(lower.dropFirst(2), radix: 2) { return .int(n) }
        if let n = Int(text) { return .int(n) }
        if let d = Double(text), d.isFinite { return .double(d) }
        if lower.hasSuffix("j") { return .unresolved(text) }
        throw Failure(message: "invalid number \(text)")
    }

    /// Adjacent string literals, concatenated as Python does.
    mutating func strings() throws(Failure) -> ConfigValue {
        let start = i
        var out = ""
        var formatted = false
        while true {
            skipSpace()
            guard i < s.count else { break }
            var prefix = ""
            if s[i].isLetter {
                guard stringPrefixAhead() else { break }
                while s[i].isLetter { prefix.append(s[i]); i += 1 }
            }
            guard i < s.count, s[i] == "\"" || s[i] == "'" else { break }
            let raw = prefix.lowercased().contains("r")
            if prefix.lowercased().contains("f") || prefix.lowercased().contains("b") { formatted = true }
            let q = s[i]
            let triple = i + 2 < s.count && s[i + 1] == q && s[i + 2] == q
            i += triple ? 3 : 1
            var closed = false
            while i < s.count {
                let c = s[i]
                if c == q && (!triple || (i + 2 < s.count && s[i + 1] == q && s[i + 2] == q)) {
                    i += triple ? 3 : 1
                    closed = true
                    break
                }
                if c == "\n" && !triple { throw Failure(message: "string literal not closed on its line") }
                if c == "\\" && i + 1 < s.count {
                    if raw {
                        out.append(c)
                        out.append(s[i + 1])
                        i += 2
                        continue
                    }
                    i += 1
                    let e = s[i]
                    i += 1
                    switch e {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "0": out.append("\0")
                    case "\\", "'", "\"": out.append(e)
                    case "\n": break
                    case "x", "u", "U":
                        let width = e == "x" ? 2 : (e == "u" ? 4 : 8)
                        if i + width <= s.count, let code = UInt32(String(s[i..<(i + width)]), radix: 16), let scalar = Unicode.Scalar(code) {
                            out.unicodeScalars.append(scalar)
                            i += width
                        } else {
                            throw Failure(message: "invalid \\\(e) escape")
                        }
                    default:
                        out.append("\\")
                        out.append(e)
                    }
                    continue
                }
                out.append(c)
                i += 1
            }
            guard closed else { throw Failure(message: "string literal not closed") }
        }
        return formatted ? .unresolved(source(start)) : .string(out)
    }

    /// nil when the result is not known statically (names, overflow, division by zero).
    static func arithmetic(_ op: String, _ a: ConfigValue, _ b: ConfigValue) -> ConfigValue? {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            switch op {
            case "+": let r = x.addingReportingOverflow(y); return r.overflow ? nil : .int(r.partialValue)
            case "-": let r = x.subtractingReportingOverflow(y); return r.overflow ? nil : .int(r.partialValue)
            case "*": let r = x.multipliedReportingOverflow(by: y); return r.overflow ? nil : .int(r.partialValue)
            case "//":
                guard y != 0, !(x == Int.min && y == -1) else { return nil }
                let q = x / y
                return .int((x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q)
            case "/": return y == 0 ? nil : .double(Double(x) / Double(y))
            case "**":
                guard y >= 0, y < 64 else { return nil }
                var r = 1
                for _ in 0..<y {
                    let m = r.multipliedReportingOverflow(by: x)
                    if m.overflow { return nil }
                    r = m.partialValue
                }
                return .int(r)
            default: return nil
            }
        case (.string(let x), .string(let y)) where op == "+":
            return .string(x + y)
        default:
            let dx: Double? = { if case .int(let n) = a { return Double(n) }; if case .double(let d) = a { return d }; return nil }()
            let dy: Double? = { if case .int(let n) = b { return Double(n) }; if case .double(let d) = b { return d }; return nil }()
            guard let dx, let dy else { return nil }
            let r: Double
            switch op {
            case "+": r = dx + dy
            case "-": r = dx - dy
            case "*": r = dx * dy
            case "/": guard dy != 0 else { return nil }; r = dx / dy
            default: return nil
            }
            return r.isFinite ? .double(r) : nil
        }
    }
}
