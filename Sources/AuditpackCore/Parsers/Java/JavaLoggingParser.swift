import Foundation

/// Reads Java logging configurations — logback XML, log4j2 XML and properties (YAML/JSON in
/// `JavaLoggingParser+YAML.swift`), log4j 1.x XML and properties — into the model Python's
/// logging configurations use, with the framework's own semantics:
///
/// - appenders are handlers (`className` is the appender class, or the log4j2 plugin name such
///   as `RollingFile`); a threshold/level filter is the handler's level;
/// - each appender's encoder/layout becomes a formatter named `<appender>.encoder` or
///   `<appender>.layout` with style "java" (its pattern in `format`, its class in `factory`);
/// - loggers keep their names (`root` for the root logger), `additivity` is `propagate`, and
///   levels are translated to Python's names (TRACE/ALL → DEBUG, WARN → WARNING,
///   FATAL → CRITICAL, OFF → CRITICAL and `disabled`);
/// - rotation is what the framework itself keeps: logback `maxHistory` × the file name
///   pattern's `%d` period, log4j2 `Delete`/`IfLastModified` ages, fixed windows as size-based;
/// - `${…}` variables defined in the same file (and `${VAR:-default}` defaults) are resolved;
///   anything else stays `.unresolved` — never guessed.
///
/// XML is read by `XMLTreeReader`, which loads no DTD and no external entity and refuses
/// entity declarations.
public enum JavaLoggingParser {
    // MARK: - Public entry points

    /// logback `logback.xml` / `logback-spring.xml` (`<configuration>`) and `<included>` fragments.
    /// A log4j2 or log4j 1.x document given here is read as what it is (the origin says which).
    /// logback with Spring Boot's `<springProfile>` blocks: one setup with no profile active
    /// (what runs when none is set), then one per profile the file names, each labelled.
    public static func parseLogbackVariants(_ text: String, file: String, includes: JavaIncludes? = nil) -> ([LoggingSetup], [ParseIssue]) {
        let profiles = SpringProfiles.names(in: text)
        guard !profiles.isEmpty else {
            let (setup, issues) = parseLogback(text, file: file, includes: includes)
            return (setup.map { [$0] } ?? [], issues)
        }
        var setups: [LoggingSetup] = []
        var issues: [ParseIssue] = []
        var seen = Set<String>()
        for active in [nil] + profiles.map(Optional.some) {
            let (setup, more) = parseLogback(text, file: file, includes: includes, activeProfiles: active.map { [$0] } ?? [])
            if var setup {
                setup.origin += active.map { " (Spring profile \($0))" } ?? " (no Spring profile active)"
                setups.append(setup)
            }
            for i in more where seen.insert("\(i.line ?? 0)\u{0}\(i.message)").inserted { issues.append(i) }
        }
        return (setups, FileConfigParser.byLine(issues))
    }

    public static func parseLogback(_ text: String, file: String, includes: JavaIncludes? = nil, activeProfiles: Set<String> = []) -> (LoggingSetup?, [ParseIssue]) {
        var issues: [ParseIssue] = []
        guard let root = readXML(text, file: file, issues: &issues) else { return (nil, issues) }
        guard root.isNamed("configuration") || root.isNamed("included") else {
            issues.append(ParseIssue(path: file, line: root.line, message: "root element <\(root.qualifiedName)> is not logback's <configuration> or <included>; not read"))
            return (nil, issues)
        }
        return read(root, file: file, dialect: isLog4j1(root) ? .log4j1 : (isLog4j2(root) ? .log4j2 : .logback), issues: issues,
                    includes: includes, activeProfiles: activeProfiles)
    }

    /// log4j2 XML (`<Configuration>`), and log4j 1.x XML (`<log4j:configuration>`, origin "log4j").
    /// A logback document given here is read as logback.
    public static func parseLog4j2XML(_ text: String, file: String) -> (LoggingSetup?, [ParseIssue]) {
        var issues: [ParseIssue] = []
        guard let root = readXML(text, file: file, issues: &issues) else { return (nil, issues) }
        guard root.isNamed("configuration") else {
            issues.append(ParseIssue(path: file, line: root.line, message: "root element <\(root.qualifiedName)> is not log4j's <Configuration>; not read"))
            return (nil, issues)
        }
        return read(root, file: file, dialect: isLog4j1(root) ? .log4j1 : (isLogback(root) ? .logback : .log4j2), issues: issues)
    }

    enum XMLDialect { case logback, log4j2, log4j1 }

    static func read(_ root: XMLTreeElement, file: String, dialect: XMLDialect, issues: [ParseIssue],
                     includes: JavaIncludes? = nil, activeProfiles: Set<String> = []) -> (LoggingSetup?, [ParseIssue]) {
        switch dialect {
        case .logback:
            var reader = LogbackReader(builder: JavaSetupBuilder(file: file, line: root.line, origin: "logback"))
            reader.includes = includes
            reader.activeProfiles = activeProfiles
            reader.read(root)
            return (reader.b.setup, FileConfigParser.byLine(issues + reader.b.issues))
        case .log4j2:
            var reader = Log4j2Reader(builder: JavaSetupBuilder(file: file, line: root.line, origin: "log4j2"))
            reader.read(root)
            return (reader.b.setup, FileConfigParser.byLine(issues + reader.b.issues))
        case .log4j1:
            var b = JavaSetupBuilder(file: file, line: root.line, origin: "log4j")
            Log4j1Reader.readXML(root, into: &b)
            return (b.setup, FileConfigParser.byLine(issues + b.issues))
        }
    }

    /// log4j2's containers: `<Appenders>`, `<Loggers>`.
    static func isLog4j2(_ root: XMLTreeElement) -> Bool {
        root.children.contains { $0.isNamed("Appenders") || $0.isNamed("Loggers") }
    }

    /// logback's shape: `<appender class=…>`, `<logger>`/`<root>` at the top, no log4j2 containers.
    static func isLogback(_ root: XMLTreeElement) -> Bool {
        !isLog4j2(root) && root.children.contains { ($0.isNamed("appender") && $0.hasAttr("class")) || $0.isNamed("root") || $0.isNamed("logger") }
    }

    /// log4j2 `log4j2.properties` (`appender.<id>.type = RollingFile`, `rootLogger.level = info`, …).
    public static func parseLog4j2Properties(_ text: String, file: String) -> (LoggingSetup?, [ParseIssue]) {
        var issues: [ParseIssue] = []
        let entries = JavaPropertiesReader.read(text)
        if let first = entries.first(where: { $0.key.hasPrefix("Appenders.") || $0.key.hasPrefix("Loggers.") }),
           !entries.contains(where: { $0.key.hasPrefix("appender.") || $0.key.hasPrefix("rootLogger") }) {
            // The properties form of log4j2's newer configuration format: log4j2 2.x up to at
            // least 2.19 does not read it (it logs a warning and falls back to errors on the console).
            return (nil, [ParseIssue(path: file, line: first.line, message: "log4j2 configuration in the `Appenders.<Plugin>.…` properties form: recognised, not read (log4j2 2.19 ignores it too and falls back to its default console configuration)")])
        }
        guard let root = Log4j2PropertiesTree.build(entries, file: file, issues: &issues) else { return (nil, FileConfigParser.byLine(issues)) }
        var reader = Log4j2Reader(builder: JavaSetupBuilder(file: file, line: root.line, origin: "log4j2"))
        reader.read(root)
        return (reader.b.setup, FileConfigParser.byLine(issues + reader.b.issues))
    }

    /// log4j 1.x `log4j.properties` (`log4j.rootLogger=INFO, A1`, `log4j.appender.A1=…`).
    public static func parseLog4jProperties(_ text: String, file: String) -> (LoggingSetup?, [ParseIssue]) {
        let entries = JavaPropertiesReader.read(text)
        var b = JavaSetupBuilder(file: file, line: entries.first?.line ?? 1, origin: "log4j")
        guard entries.contains(where: { $0.key.hasPrefix("log4j.") }) else {
            b.issue(1, "no log4j.* keys: not a log4j 1.x configuration; not read")
            return (nil, b.issues)
        }
        Log4j1Reader.readProperties(entries, into: &b)
        return (b.setup, FileConfigParser.byLine(b.issues))
    }

    // MARK: - Shared helpers

    static func readXML(_ text: String, file: String, issues: inout [ParseIssue]) -> XMLTreeElement? {
        do throws(XMLTreeReader.Failure) {
            return try XMLTreeReader.parse(text)
        } catch {
            switch error.kind {
            case .dtd: issues.append(ParseIssue(path: file, line: error.line, message: "DTD/entities not allowed; not read"))
            case .malformed: issues.append(ParseIssue(path: file, line: error.line, message: "not well-formed XML: \(error.message); not read"))
            }
            return nil
        }
    }

    /// `<log4j:configuration>` (or a `<configuration>` written the log4j 1.x way, with `<param>`s).
    static func isLog4j1(_ root: XMLTreeElement) -> Bool {
        if root.qualifiedName.lowercased().hasPrefix("log4j:") || root.hasAttr("xmlns:log4j") { return true }
        return root.children.contains { c in
            c.isNamed("category") || c.isNamed("categoryFactory")
                || ((c.isNamed("appender") || c.isNamed("root") || c.isNamed("logger")) && c.children.contains { $0.isNamed("param") || $0.isNamed("priority") })
        }
    }

    /// The text of a value, resolved or not (`${LOG_DIR}/app.log`).
    static func text(_ v: ConfigValue) -> String {
        switch v {
        case .string(let s), .unresolved(let s): return s
        default: return v.display
        }
    }

    static func shortName(_ cls: String) -> String { cls.split(separator: ".").last.map(String.init) ?? cls }

    static let noFile = ConfigValue.unresolved("(no file)")

    /// Option names whose values are credentials: named in options, value not recorded.
    static func isCredential(_ key: String) -> Bool {
        let lower = key.lowercased()
        return ["password", "passwd", "secret", "token", "credential", "apikey", "api-key", "api_key", "dsn"].contains { lower.contains($0) }
    }

    static let notRecorded = ConfigValue.unresolved("(not recorded)")

    /// TLS from a URL: true for https, false for http, nil when unknown.
    static func urlTLS(_ v: ConfigValue?) -> Bool? {
        guard let v else { return nil }
        let t = text(v).lowercased()
        if t.hasPrefix("https://") { return true }
        if t.hasPrefix("http://") { return false }
        return nil
    }

    static func syslogDestination(host: ConfigValue, port: ConfigValue?, transport: String) -> HandlerDestination {
        let h = text(host)
        let address = port.map { "\(h):\(text($0))" } ?? h
        let remote = host.stringValue.map { !HandlerClassifier.isLoopback($0) } ?? true
        return .syslog(address: address, remote: remote, transport: transport)
    }

    static func socketTLS(host: ConfigValue, ssl: Bool) -> Bool? {
        if ssl { return true }
        if let h = host.stringValue, HandlerClassifier.isLoopback(h) { return nil }
        return false
    }

    /// `host:port` as log4j 1.x `SyslogHost` and logstash `<destination>` write it (`[::1]:514` too).
    static func splitHostPort(_ s: String) -> (host: String, port: String?) {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("["), let close = t.firstIndex(of: "]") {
            let host = String(t[t.index(after: t.startIndex)..<close])
            let rest = t[t.index(after: close)...]
            return (host, rest.hasPrefix(":") ? String(rest.dropFirst()) : nil)
        }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2 { return (String(parts[0]), String(parts[1])) }
        return (t, nil)
    }

    /// Records an element's settings (attributes and leaf child elements, recursively) as
    /// handler options with their lines: `file`, `rollingPolicy` (its class),
    /// `rollingPolicy.maxHistory`, …
    /// Credentials (`<password>`, Sentry `dsn`, tokens) are named but their values not recorded.
    static func collectOptions(_ el: XMLTreeElement, prefix: String, vars: JavaVariables, into options: inout ConfigDict,
                               skipAttributes: Set<String>, skipChild: (XMLTreeElement) -> Bool) {
        func set(_ key: String, _ raw: String, _ line: Int) {
            options.set(key, isCredential(key) ? notRecorded : vars.resolve(raw), line: line)
        }
        for a in el.attributes where !skipAttributes.contains(a.name.lowercased()) {
            set(prefix + a.name, a.value, el.line)
        }
        for c in el.children where !skipChild(c) && !c.isNamed("ssl") {
            let key = prefix + c.name
            if c.children.isEmpty && c.attributes.isEmpty {
                set(key, c.trimmedText, c.line)
            } else {
                if let cls = c.attr("class") ?? c.attr("type") { set(key, cls, c.line) }
                else if c.children.isEmpty && !c.trimmedText.isEmpty { set(key, c.trimmedText, c.line) }
                collectOptions(c, prefix: key + ".", vars: vars, into: &options, skipAttributes: ["class", "type"], skipChild: { _ in false })
            }
        }
    }
}

// MARK: - Building the setup

struct JavaSetupBuilder {
    var setup: LoggingSetup
    var issues: [ParseIssue] = []
    var handlerNames = Set<String>()
    var loggerIndex: [String: Int] = [:]

    init(file: String, line: Int, origin: String) {
        setup = LoggingSetup(file: file, line: line, origin: origin)
        setup.disableExistingLoggers = false
    }

    mutating func issue(_ line: Int?, _ message: String) {
        issues.append(ParseIssue(path: setup.file, line: line, message: message))
    }

    /// Adds an appender; a second one of the same name replaces the first (as the frameworks do).
    mutating func add(_ handler: LogHandler, _ formatter: LogFormatter?) {
        if handlerNames.contains(handler.name), let i = setup.handlers.firstIndex(where: { $0.name == handler.name }) {
            issue(handler.line, "appender '\(handler.name)' is defined again (first on line \(setup.handlers[i].line)); the later definition is used")
            let old = setup.handlers.remove(at: i)
            if let f = old.formatter { setup.formatters.removeAll { $0.name == f } }
        }
        setup.handlers.append(handler)
        handlerNames.insert(handler.name)
        if let formatter { setup.formatters.append(formatter) }
    }

    /// Adds a logger, or merges into one of the same name (logback and log4j 1.x reuse the
    /// logger: a second `<root>` adds its appenders).
    mutating func logger(_ name: String, level raw: ConfigValue?, levelLine: Int, handlers: [String], additivity: Bool?, line: Int, defaultLevel: String? = nil) {
        let (level, off, unknown) = JavaLevel.read(raw)
        if let unknown { issue(levelLine, "logger '\(name)': level '\(unknown)' is not a level name; kept unresolved") }
        var refs: [String] = []
        var seen = Set<String>()
        for h in handlers where seen.insert(h).inserted { refs.append(h) }
        if let i = loggerIndex[name] {
            var present = Set(setup.loggers[i].handlers)
            for h in refs where present.insert(h).inserted { setup.loggers[i].handlers.append(h) }
            if raw != nil {
                setup.loggers[i].level = level
                setup.loggers[i].disabled = off
            }
            if let additivity, name != "root" { setup.loggers[i].propagate = additivity }
            return
        }
        loggerIndex[name] = setup.loggers.count
        setup.loggers.append(LogLogger(name: name, level: raw == nil ? defaultLevel.map(ConfigValue.string) : level, handlers: refs,
                                       propagate: name == "root" ? false : (additivity ?? true), disabled: off, filters: [], line: line))
    }

    /// Appender references that name nothing in this file.
    mutating func checkReferences() {
        let names = Set(setup.handlers.map(\.name))
        for l in setup.loggers {
            for h in l.handlers where !names.contains(h) {
                issue(l.line, "logger '\(l.name)' names appender '\(h)', which is not defined in this file")
            }
        }
        for h in setup.handlers {
            for r in (h.options["appender-ref"]?.listValue ?? []).compactMap(\.stringValue) where !names.contains(r) {
                issue(h.options.line(of: "appender-ref") ?? h.line, "appender '\(h.name)' refers to appender '\(r)', which is not defined in this file")
            }
        }
    }
}

