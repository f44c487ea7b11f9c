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

// MARK: - Variables

/// `${…}` substitution as each framework does it, with only what the file itself defines:
/// logback `<property>`/`${VAR:-default}`, log4j2 `<Properties>`/`${sys:x:-default}` (a
/// `sys:`/`env:` lookup falls back to the file's property of that name, as log4j2's
/// interpolator does), log4j 1.x `${key}` from the same properties file. Whatever is left is
/// kept as `.unresolved(text)`.
struct JavaVariables: Sendable {
    enum Syntax: Sendable { case logback, log4j2, log4j1 }

    var syntax: Syntax
    var defined: [String: String] = [:]

    static let maxDepth = 8
    /// Lookups one value may make: `A=${B}${B}…`, `B=${A}${A}…` cannot expand without bound.
    static let maxLookups = 2_000

    func resolve(_ raw: String) -> ConfigValue {
        var unresolved = false
        var budget = Self.maxLookups
        let out = substitute(Array(raw), depth: 0, unresolved: &unresolved, budget: &budget)
        return unresolved ? .unresolved(out) : .string(out)
    }

    /// For each `{`, the index of the `}` that closes it (-1 when none), in one pass.
    static func closings(_ s: [Character]) -> [Int] {
        var match = [Int](repeating: -1, count: s.count)
        var open: [Int] = []
        for (k, c) in s.enumerated() {
            if c == "{" { open.append(k) } else if c == "}", let o = open.popLast() { match[o] = k }
        }
        return match
    }

    func substitute(_ s: [Character], depth: Int, unresolved: inout Bool, budget: inout Int) -> String {
        if depth > Self.maxDepth || budget <= 0 {
            unresolved = true
            return String(s)
        }
        guard s.contains("$") else { return String(s) }
        let match = Self.closings(s)
        var out = ""
        var k = 0
        while k < s.count {
            if s[k] == "$", k + 1 < s.count {
                // log4j2 `$${ctx:x}`: escaped, looked up when each event is written.
                if syntax == .log4j2, s[k + 1] == "$", k + 2 < s.count, s[k + 2] == "{", match[k + 2] >= 0 {
                    let end = match[k + 2]
                    out += String(s[(k + 1)...end])
                    unresolved = true
                    k = end + 1
                    continue
                }
                if s[k + 1] == "{", match[k + 1] >= 0 {
                    let end = match[k + 1]
                    budget -= 1
                    out += lookup(Array(s[(k + 2)..<end]), depth: depth, unresolved: &unresolved, budget: &budget)
                    k = end + 1
                    continue
                }
            }
            out.append(s[k])
            k += 1
        }
        return out
    }

    func lookup(_ inner: [Character], depth: Int, unresolved: inout Bool, budget: inout Int) -> String {
        var nameChars = inner
        var fallback: [Character]?
        if syntax != .log4j1 {
            var nest = 0
            var k = 0
            while k < inner.count {
                if inner[k] == "{" { nest += 1 } else if inner[k] == "}" { nest -= 1 } else if nest == 0, inner[k] == ":", k + 1 < inner.count, inner[k + 1] == "-" {
                    nameChars = Array(inner[..<k])
                    fallback = Array(inner[(k + 2)...])
                    break
                }
                k += 1
            }
        }
        var nameUnresolved = false
        let name = substitute(nameChars, depth: depth + 1, unresolved: &nameUnresolved, budget: &budget)
        if !nameUnresolved {
            var key = name
            var fileDefined = true
            if syntax == .log4j2, let colon = name.firstIndex(of: ":") {
                let prefix = name[..<colon].lowercased()
                key = String(name[name.index(after: colon)...])
                fileDefined = prefix == "sys" || prefix == "env"
            }
            if fileDefined, let v = defined[key] {
                return substitute(Array(v), depth: depth + 1, unresolved: &unresolved, budget: &budget)
            }
        }
        if let fallback { return substitute(fallback, depth: depth + 1, unresolved: &unresolved, budget: &budget) }
        unresolved = true
        return "${" + String(inner) + "}"
    }
}

// MARK: - Levels, sizes, periods

enum JavaLevel {
    /// Python's name for a Java level name; nil when it is none.
    static func translate(_ name: String) -> String? {
        switch name.uppercased() {
        case "ALL", "TRACE", "FINEST", "FINER", "FINE": return "DEBUG"
        case "DEBUG": return "DEBUG"
        case "INFO", "CONFIG": return "INFO"
        case "WARN", "WARNING": return "WARNING"
        case "ERROR", "SEVERE": return "ERROR"
        case "FATAL": return "CRITICAL"
        default: return nil
        }
    }

    /// The translated level, whether it is OFF, and the text when it is no level name.
    static func read(_ v: ConfigValue?) -> (level: ConfigValue?, off: Bool, unknown: String?) {
        guard let v else { return (nil, false, nil) }
        guard case .string(let s) = v else { return (v, false, nil) }
        // log4j 1.x allows `LEVEL#com.example.CustomLevel`.
        let u = (s.split(separator: "#", maxSplits: 1).first.map(String.init) ?? s).trimmingCharacters(in: .whitespaces).uppercased()
        if u.isEmpty || u == "INHERITED" || u == "NULL" { return (nil, false, nil) }
        if u == "OFF" { return (.string("CRITICAL"), true, nil) }
        if let t = translate(u) { return (.string(t), false, nil) }
        return (.unresolved(s), false, s)
    }
}

enum JavaRolling {
    /// The primary `%d{…}` (or `%date`) of a file name pattern — the one not marked `aux` —
    /// with its rollover period in days. `%d` alone is daily (`yyyy-MM-dd`).
    static func datePeriod(_ pattern: String) -> (token: String, days: Double)? {
        let s = Array(pattern)
        var k = 0
        while k < s.count {
            guard s[k] == "%" else { k += 1; continue }
            if k + 1 < s.count, s[k + 1] == "%" { k += 2; continue }
            var j = k + 1
            if j < s.count, s[j] == "d" {
                j += 1
                if j + 2 < s.count, String(s[j..<(j + 3)]) == "ate" { j += 3 }
                if j < s.count, s[j].isLetter { k = j; continue }
                var options = ""
                if j < s.count, s[j] == "{", let close = s[j..<min(s.count, j + 200)].firstIndex(of: "}") {
                    options = String(s[(j + 1)..<close])
                    j = close + 1
                }
                let parts = options.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.dropFirst().contains(where: { $0.lowercased() == "aux" }) { k = j; continue }
                let format = parts.first.flatMap { $0.isEmpty ? nil : $0 } ?? "yyyy-MM-dd"
                if let days = periodDays(format) { return (String(s[k..<j]), days) }
                k = j
                continue
            }
            k += 1
        }
        return nil
    }

    /// The smallest calendar unit a `SimpleDateFormat` pattern names: yyyy-MM-dd → 1,
    /// yyyy-MM → 31, yyyy-ww → 7, yyyy-MM-dd_HH → 1/24. Quoted text ('T') is skipped.
    static func periodDays(_ format: String) -> Double? {
        var best: Double?
        var quoted = false
        for c in format {
            if c == "'" { quoted.toggle(); continue }
            if quoted { continue }
            let d: Double?
            switch c {
            case "S": d = 1.0 / 86_400_000
            case "s": d = 1.0 / 86_400
            case "m": d = 1.0 / 1440
            case "H", "h", "k", "K": d = 1.0 / 24
            case "a": d = 0.5
            case "d", "D", "E", "F", "u": d = 1
            case "w", "W": d = 7
            case "M", "L": d = 31
            case "y", "Y": d = 365
            default: d = nil
            }
            if let d { best = min(best ?? d, d) }
        }
        return best
    }

    /// logback `FileSize`, log4j2 `FileSize`, log4j 1.x `toFileSize`: 10MB, "32 MB", 1GB, 512 (bytes); K/M/G/T are 1024-based.
    static func bytes(_ raw: String) -> Int? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        var number = ""
        var rest = Substring(s)
        while let c = rest.first, c.isNumber || c == "." || c == "," {
            number.append(c == "," ? "." : c)
            rest = rest.dropFirst()
        }
        guard let value = Double(number) else { return nil }
        let unit = rest.trimmingCharacters(in: .whitespaces).uppercased()
        let mult: Double
        switch unit {
        case "", "B": mult = 1
        case "K", "KB", "KBS": mult = 1024
        case "M", "MB", "MBS": mult = 1024 * 1024
        case "G", "GB", "GBS": mult = 1024 * 1024 * 1024
        case "T", "TB": mult = 1024 * 1024 * 1024 * 1024
        default: return nil
        }
        let total = value * mult
        guard total.isFinite, total < 9.0e18 else { return nil }
        return Int(total)
    }

    /// log4j2 `Duration` (IfLastModified `age`): 30d, 12h, 1d12h, P30D, PT12H, 90m, 3600s; in days.
    static func durationDays(_ raw: String) -> Double? {
        var s = Substring(raw.trimmingCharacters(in: .whitespaces).uppercased())
        if s.hasPrefix("P") { s = s.dropFirst() }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for c in s {
            if c.isNumber || c == "." || c == "," {
                number.append(c == "," ? "." : c)
                continue
            }
            if c == "T" && number.isEmpty { continue }
            guard let n = Double(number) else { return nil }
            switch c {
            case "D": total += n
            case "H": total += n / 24
            case "M": total += n / 1440
            case "S": total += n / 86_400
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else { return nil }
        return total
    }

    static func format(_ d: Double) -> String {
        if d == d.rounded() && abs(d) < 1e15 { return String(Int(d)) }
        var s = String(format: "%.2f", d)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A value that means "no limit" for logback's totalSizeCap.
    static func isZeroSize(_ v: ConfigValue) -> Bool {
        if let s = v.stringValue, let b = bytes(s) { return b == 0 }
        return false
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

// MARK: - log4j2 properties

/// Java `.properties` syntax: `key = value`, `key: value`, `key value`; `#`/`!` comments;
/// backslash line continuation (leading blanks of the next line dropped); `\uXXXX` escapes.
enum JavaPropertiesReader {
    struct Entry: Sendable, Equatable {
        var key: String
        var value: String
        var line: Int
    }

    static func read(_ text: String) -> [Entry] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        var out: [Entry] = []
        var k = 0
        func dropBlanks(_ s: String) -> String { String(s.drop { $0 == " " || $0 == "\t" || $0 == "\u{0C}" }) }
        func continues(_ s: String) -> Bool {
            var n = 0
            for c in s.reversed() { if c == "\\" { n += 1 } else { break } }
            return n % 2 == 1
        }
        while k < lines.count {
            let start = k + 1
            var logical = dropBlanks(lines[k])
            k += 1
            if logical.isEmpty || logical.hasPrefix("#") || logical.hasPrefix("!") { continue }
            while continues(logical) {
                logical.removeLast()
                guard k < lines.count else { break }
                logical += dropBlanks(lines[k])
                k += 1
            }
            out.append(split(logical, line: start))
        }
        return out
    }

    static func split(_ s: String, line: Int) -> Entry {
        let chars = Array(s)
        var key = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                key.append(unescape(chars, &i))
                continue
            }
            if c == "=" || c == ":" || c == " " || c == "\t" || c == "\u{0C}" { break }
            key.append(c)
            i += 1
        }
        while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\u{0C}" { i += 1 }
        if i < chars.count, chars[i] == "=" || chars[i] == ":" {
            i += 1
            while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\u{0C}" { i += 1 }
        }
        var value = ""
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count {
                value.append(unescape(chars, &i))
            } else {
                value.append(chars[i])
                i += 1
            }
        }
        return Entry(key: key, value: value, line: line)
    }

    /// The escape at `i` (a backslash); advances past it.
    static func unescape(_ chars: [Character], _ i: inout Int) -> String {
        let c = chars[i + 1]
        i += 2
        switch c {
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "u":
            guard i + 4 <= chars.count, let code = UInt32(String(chars[i..<(i + 4)]), radix: 16), let scalar = Unicode.Scalar(code) else { return "u" }
            i += 4
            return String(Character(scalar))
        default: return String(c)
        }
    }
}

/// Builds the element tree log4j2's `PropertiesConfigurationBuilder` sees: `appender.<id>.*`
/// are components whose `type` names the plugin, nested prefixes are nested components,
/// leaves are attributes; `rootLogger = INFO, STDOUT` is the short form.
enum Log4j2PropertiesTree {
    final class Node {
        var value: (text: String, line: Int)?
        var keys: [String] = []
        var children: [String: Node] = [:]
        var firstLine = Int.max

        func child(_ k: String) -> Node {
            if let c = children[k] { return c }
            let c = Node()
            children[k] = c
            keys.append(k)
            return c
        }
    }

    static let maxSegments = 32

    static func build(_ entries: [JavaPropertiesReader.Entry], file: String, issues: inout [ParseIssue]) -> XMLTreeElement? {
        var seen: [String: Int] = [:]
        let rootNode = Node()
        var properties: [XMLTreeElement] = []
        var propertyIndex: [String: Int] = [:]
        for e in entries {
            let key = e.key.trimmingCharacters(in: .whitespaces)
            let value = e.value.trimmingCharacters(in: .whitespaces)
            if let first = seen[key] {
                issues.append(ParseIssue(path: file, line: e.line, message: "key \(key) is set again (first on line \(first)); the later value is used"))
            } else {
                seen[key] = e.line
            }
            if key.hasPrefix("property.") {
                let name = String(key.dropFirst("property.".count))
                let property = XMLTreeElement(name: "Property", attributes: [.init(name: "name", value: name), .init(name: "value", value: value)], line: e.line)
                if let i = propertyIndex[name] { properties[i] = property } else {
                    propertyIndex[name] = properties.count
                    properties.append(property)
                }
                continue
            }
            let segments = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard segments.count <= maxSegments, !segments.contains(where: \.isEmpty) else {
                issues.append(ParseIssue(path: file, line: e.line, message: "key \(key) is not a log4j2 property key; not read"))
                continue
            }
            var node = rootNode
            node.firstLine = min(node.firstLine, e.line)
            for s in segments {
                node = node.child(s)
                node.firstLine = min(node.firstLine, e.line)
            }
            node.value = (value, e.line)
        }
        guard rootNode.children["appender"] != nil || rootNode.children["rootLogger"] != nil || rootNode.children["logger"] != nil else {
            issues.append(ParseIssue(path: file, line: entries.first?.line ?? 1,
                                     message: "no appender.*, logger.* or rootLogger keys: not a log4j2 properties configuration; not read"))
            return nil
        }
        func list(_ k: String) -> [String]? {
            rootNode.children[k]?.value.map { $0.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        }
        var appenders: [XMLTreeElement] = []
        if let node = rootNode.children["appender"] {
            let ids = list("appenders") ?? node.keys
            for id in ids {
                guard let n = node.children[id] else {
                    issues.append(ParseIssue(path: file, line: rootNode.children["appenders"]?.value?.line, message: "appenders lists '\(id)', which has no appender.\(id).* keys"))
                    continue
                }
                if n.children["type"] == nil { issues.append(ParseIssue(path: file, line: n.firstLine, message: "appender.\(id) has no type; log4j2 does not create it")) }
                appenders.append(component(n, defaultName: "Appender"))
            }
        }
        var loggers: [XMLTreeElement] = []
        if let node = rootNode.children["logger"] {
            for id in list("loggers") ?? node.keys {
                guard let n = node.children[id] else { continue }
                var el = component(n, defaultName: "Logger")
                if el.attr("name") == nil { el.attributes.append(.init(name: "name", value: id)) }
                loggers.append(el)
            }
        }
        if let n = rootNode.children["rootLogger"] { loggers.append(component(n, defaultName: "Root")) }
        var children: [XMLTreeElement] = []
        if !properties.isEmpty { children.append(XMLTreeElement(name: "Properties", children: properties, line: properties[0].line)) }
        children.append(XMLTreeElement(name: "Appenders", children: appenders, line: appenders.first?.line ?? 1))
        children.append(XMLTreeElement(name: "Loggers", children: loggers, line: loggers.first?.line ?? 1))
        return XMLTreeElement(name: "Configuration", children: children, line: rootNode.firstLine == Int.max ? 1 : rootNode.firstLine)
    }

    static func component(_ node: Node, defaultName: String) -> XMLTreeElement {
        let type = node.children["type"]?.value?.text
        var el = XMLTreeElement(name: type ?? defaultName, line: node.firstLine)
        // Short form: `rootLogger = INFO, STDOUT`, `logger.x = DEBUG, FILE`.
        if let v = node.value?.text, defaultName == "Root" || defaultName == "Logger" {
            let parts = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if let level = parts.first, !level.isEmpty, node.children["level"] == nil { el.attributes.append(.init(name: "level", value: level)) }
            for ref in parts.dropFirst() where !ref.isEmpty {
                el.children.append(XMLTreeElement(name: "AppenderRef", attributes: [.init(name: "ref", value: ref)], line: node.value?.line ?? node.firstLine))
            }
        }
        for k in node.keys where k != "type" {
            guard let c = node.children[k] else { continue }
            if c.keys.isEmpty {
                if let v = c.value { el.attributes.append(.init(name: k, value: v.text)) }
                continue
            }
            if k.lowercased() == "appenderref" {
                for g in c.keys { if let gn = c.children[g] { el.children.append(component(gn, defaultName: "AppenderRef")) } }
            } else if c.children["type"] != nil {
                el.children.append(component(c, defaultName: k))
            } else {
                // A container of components (`filter.<id>.type`), or plain nested settings.
                for g in c.keys {
                    guard let gn = c.children[g] else { continue }
                    if gn.keys.isEmpty {
                        if let v = gn.value { el.attributes.append(.init(name: "\(k).\(g)", value: v.text)) }
                    } else {
                        el.children.append(component(gn, defaultName: g))
                    }
                }
            }
        }
        return el
    }
}

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
