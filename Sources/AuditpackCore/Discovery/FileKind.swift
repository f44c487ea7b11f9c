/// What a discovered file is, decided from its name and (for ambiguous names) a prefix of
/// its content.
public enum FileKind: String, Sendable, Codable, CaseIterable {
    case djangoSettings = "django-settings"
    case pythonSource = "python-source"
    case pythonLoggingDict = "python-logging-dictconfig"
    case pythonLoggingINI = "python-logging-fileconfig"
    case logrotate
    case rsyslog
    case journald
    case logback
    case log4j2
    case log4jProperties = "log4j-properties"
    case javaLoggingProperties = "java-logging-properties"
    case prometheusConfig = "prometheus-config"
    case prometheusRules = "prometheus-rules"
    case alertmanager
    case grafanaAlerting = "grafana-alerting"
    case attestations
    /// Alertmanager notification templates (Go templates): recognised, nothing to grade.
    case alertmanagerTemplate = "alertmanager-template"
    /// log4rs (Rust) YAML.
    case log4rs
    /// logback's Groovy configuration (`logback.groovy`): a program, recognised and not read.
    case logbackGroovy = "logback-groovy"

    /// Logging and monitoring configuration (ACC-04 looks at these; evidence copies come from them).
    public var isConfig: Bool { self != .pythonSource && self != .attestations }

    /// The application logging formats: what logging items rest on.
    public static let appLogging: [FileKind] = [.djangoSettings, .pythonLoggingDict, .pythonLoggingINI, .logback, .log4j2,
                                                .log4jProperties, .javaLoggingProperties, .log4rs, .logbackGroovy]
}

enum FileClassifier {
    static let sniffExtensions: Set<String> = ["py", "yml", "yaml", "json", "conf", "ini", "xml", "properties", "rules", "cfg",
                                               "tmpl", "j2", "erb", "mako", "sample", "cmake", "sh", "logrotate", "ini_tmpl", "tpl",
                                               "template", "in", "txt", "dist", "example", ""]

    /// Name fragments that make any file worth a look at its content.
    static let sniffWords = ["log", "alert", "rotate", "prometheus", "grafana", "syslog", "journal", "rules"]

    /// Documentation and templating sources: never parsed as configs.
    static let docExtensions: Set<String> = ["md", "markdown", "rst", "adoc", "asciidoc", "jsonnet", "libsonnet", "html", "htm"]

    static let pythonExampleSuffixes = [".py.example", ".py.sample", ".py.dist", ".py.tmpl", ".py.template"]

    static func lowerExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Whether the name alone is not enough and a content prefix is wanted.
    static func wantsContent(name: String) -> Bool {
        if isLogName(name) { return false }
        let lower = name.lowercased()
        return sniffExtensions.contains(lowerExtension(lower)) || sniffWords.contains { lower.contains($0) }
    }

    /// `app.log`, `app.log.1`, `app.log.2.gz`, `app.log-20261127`, `app.log.2026-11-27`.
    static func isLogName(_ name: String) -> Bool {
        logBase(name) != nil
    }

    /// For a log or rotated log name, the active log's name and whether this one is rotated.
    static func logBase(_ name: String) -> (base: String, rotated: Bool)? {
        // The last ".log", found on the UTF-8 bytes (the walk calls this for every file).
        let u = name.utf8
        guard u.count >= 4 else { return nil }
        var found: String.Index?
        var k = u.index(u.endIndex, offsetBy: -4)
        while true {
            if u[k] == 0x2E, u[u.index(k, offsetBy: 1)] == 0x6C, u[u.index(k, offsetBy: 2)] == 0x6F, u[u.index(k, offsetBy: 3)] == 0x67 {
                found = k
                break
            }
            if k == u.startIndex { break }
            k = u.index(before: k)
        }
        guard let at = found else { return nil }
        let end = u.index(at, offsetBy: 4)
        let base = String(name[..<end])
        let rest = Array(u[end...])
        if rest.isEmpty { return (base, false) }
        // Suffixes logrotate and Python handlers add: (.|-|_) then digits or a compression
        // extension, repeated (`.1`, `.2.gz`, `-20261101`, `.2026-11-01`).
        var i = 0
        var sawSuffix = false
        while i < rest.count {
            let c = rest[i]
            guard c == 0x2E || c == 0x2D || c == 0x5F else { return nil }
            i += 1
            let start = i
            while i < rest.count, rest[i] != 0x2E, rest[i] != 0x2D, rest[i] != 0x5F { i += 1 }
            let part = rest[start..<i]
            if part.isEmpty { return nil }
            let isNumber = part.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            guard isNumber || compressionSuffixes.contains(where: { $0.elementsEqual(part.lazy.map { $0 | 0x20 }) }) else { return nil }
            sawSuffix = true
        }
        return sawSuffix ? (base, true) : nil
    }

    /// Names that say what a file configures, whatever it holds; when the content is not
    /// that, the walk reports it instead of passing over it quietly.
    static let compressionSuffixes: [[UInt8]] = ["gz", "bz2", "xz", "zst", "z", "lz4"].map { Array($0.utf8) }

    static func expectedKind(name: String) -> FileKind? {
        switch name.lowercased() {
        case "prometheus.yml", "prometheus.yaml": return .prometheusConfig
        case "alertmanager.yml", "alertmanager.yaml": return .alertmanager
        case "logging.yml", "logging.yaml", "logging.json": return .pythonLoggingDict
        case "logging.conf", "logging.ini": return .pythonLoggingINI
        case "settings.py": return .djangoSettings
        default: return nil
        }
    }

    static func classify(name: String, parentName: String, content: String?) -> FileKind? {
        let lower = name.lowercased()
        let ext = lowerExtension(lower)
        if lower == "attestations.yml" || lower == "attestations.yaml" { return .attestations }
        if lower == "auditpack.yml" || lower == "auditpack.yaml" { return nil }
        // Documentation and templating sources describe configs; they are not configs
        // (a Markdown page showing an Alertmanager example is not the host's Alertmanager;
        // a README in logrotate.d is not a logrotate file).
        if docExtensions.contains(ext) { return nil }
        if lower.hasPrefix("logback") && ext == "xml" { return .logback }
        if lower.hasPrefix("logback") && ext == "groovy" { return .logbackGroovy }
        if lower.hasPrefix("log4j2") && ["xml", "json", "yaml", "yml", "properties"].contains(ext) { return .log4j2 }
        if lower.hasPrefix("log4j") && ext == "properties" { return .log4jProperties }
        if lower.hasPrefix("log4j") && ext == "xml" { return .log4j2 }
        if lower == "logging.properties" { return .javaLoggingProperties }
        if lower == "journald.conf" || parentName == "journald.conf.d" { return .journald }
        if lower == "rsyslog.conf" || (parentName == "rsyslog.d" && ext == "conf") { return .rsyslog }
        if parentName == "logrotate.d" || lower.hasSuffix("logrotate.conf") { return .logrotate }
        guard let text = content else { return nil }
        // Whatever their name, binaries, compressed files, scripts and systemd units are not
        // configs of ours (`etc/cron.daily/logrotate` is a shell script that runs logrotate).
        if ext != "py" && isForeign(text) { return nil }
        let sniff = ContentSniff(text)
        // A Kubernetes object of a kind we do not read (a CRD, a Deployment…) is not parsed.
        if sniff.topKeys.contains("apiVersion"), sniff.topKeys.contains("kind"),
           (sniff.keys["kind"] ?? []).isDisjoint(with: ["PrometheusRule", "Secret", "ConfigMap", "List"]) { return nil }
        // A settings overlay that only star-imports its base (`from .base import *`) is a
        // settings module too: Django loads it, with the base's LOGGING.
        if ext == "py", parentName == "settings" || lower.hasPrefix("settings") || lower.hasSuffix("_settings.py"),
           sniff.contains("import *") || sniff.contains("LOGGING") { return .djangoSettings }
        // `from .loggers import LOGGING`: a module that takes LOGGING from a sibling.
        if ext == "py", sniff.contains("import LOGGING") { return .djangoSettings }
        if let kind = classifyContent(sniff, ext: ext) { return kind }
        // `local_settings.py.example`, `settings.py.sample`: settings written as examples, read
        // (and labelled) as settings.
        if Self.pythonExampleSuffixes.contains(where: { lower.hasSuffix($0) }), classifyContent(sniff, ext: "py") == .djangoSettings {
            return .djangoSettings
        }
        // Templated configs (ERB, Jinja, Go templates) named for what they configure.
        if lower.contains("logrotate") { return .logrotate }
        // A `.rules` file is a Prometheus rule file only when its content says so (udev and
        // PostgreSQL tsearch use the extension too).
        if lower.hasSuffix(".rules") || lower.contains(".rules.") {
            let yamlNamed = [".rules.yml", ".rules.yaml", ".rules.json"].contains { lower.hasSuffix($0) }
            if yamlNamed || mentionsRuleKeys(text) { return .prometheusRules }
        }
        if parentName.contains("alerting") && ContentSniff(text).value("apiVersion", in: ["1"]) { return .grafanaAlerting }
        return nil
    }

    /// Binary data (NUL, ELF, gzip, ar/deb), a `#!` script, or a systemd unit: byte checks
    /// on the sniffed prefix only.
    static func isForeign(_ text: String) -> Bool {
        let u = text.utf8
        if u.starts(with: [0x7F, 0x45, 0x4C, 0x46]) || u.starts(with: [0x1F, 0x8B]) || u.starts(with: Array("!<arch>".utf8)) { return true }
        if u.contains(0) { return true }
        if u.starts(with: [0x23, 0x21]) { return true }  // "#!"
        for line in text.split(separator: "\n", maxSplits: 50, omittingEmptySubsequences: true) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix("#") || t.hasPrefix(";") { continue }
            return ["[Unit]", "[Service]", "[Timer]", "[Socket]", "[Install]", "[Path]", "[Mount]", "[Automount]", "[Slice]"].contains(t)
        }
        return false
    }

    /// Whether a templated `.rules` file holds Prometheus rule keys.
    static func mentionsRuleKeys(_ text: String) -> Bool {
        if text.contains("groups") && (text.contains("alert") || text.contains("record") || text.contains("expr")) { return true }
        // Prometheus 1.x rule syntax: `ALERT Name IF …`, `level:metric:op = expr`.
        for line in text.split(separator: "\n", maxSplits: 200) {
            if line.hasPrefix("ALERT ") { return true }
            if let eq = line.firstIndex(of: "="), eq > line.startIndex {
                let name = line[..<eq].trimmingCharacters(in: .whitespaces)
                if name.contains(":"), name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) { return true }
            }
        }
        return false
    }

    /// The kind a file's first bytes show (byte checks on one pass over its lines; see
    /// `ContentSniff`).
    static func classifyContent(_ text: String, ext: String, lowerName: String) -> FileKind? {
        classifyContent(ContentSniff(text), ext: ext)
    }

    static func classifyContent(_ c: ContentSniff, ext: String) -> FileKind? {
        switch ext {
        case "py":
            let django = ["LOGGING", "INSTALLED_APPS", "MIDDLEWARE"]
            if django.contains(where: { c.topKeys.contains($0) || c.topEqKeys.contains($0) }) { return .djangoSettings }
            // LOGGING changed in place (`LOGGING["handlers"][…] = …`, `LOGGING.update(…)`) or
            // set in a settings class body.
            if c.eqKeys.contains("LOGGING") || c.lineWords.contains("LOGGING") || c.lineWords.contains("LOGGING.update") { return .djangoSettings }
            return .pythonSource
        case "xml":
            // log4j2 reads element names case-insensitively: `<configuration><appenders>` too.
            let log4j2Containers = ["Appenders", "appenders", "Loggers", "loggers"].contains { c.hasTag($0) }
            if (c.hasTag("Configuration") || c.hasTag("configuration")) && log4j2Containers { return .log4j2 }
            if c.hasTag("configuration") && c.hasTag("appender") { return .logback }
            if c.contains("<log4j:configuration") { return .log4j2 }
            if c.hasTag("included") && c.hasTag("appender") { return .logback }
            return nil
        case "properties":
            if c.lineWords.contains(where: { $0.hasPrefix("log4j.rootLogger") || $0.hasPrefix("log4j.appender") }) { return .log4jProperties }
            if c.eqKeys.contains(where: { $0.hasPrefix("appender.") || $0.hasPrefix("rootLogger.") }) { return .log4j2 }
            // log4j2's newer properties syntax (`Appenders.File.name = …`).
            if c.eqKeys.contains(where: { $0.hasPrefix("Appenders.") || $0.hasPrefix("Loggers.") }) { return .log4j2 }
            if c.eqKeys.contains("handlers") && (c.contains("java.util.logging") || c.eqKeys.contains(where: { $0.hasSuffix(".level") })) { return .javaLoggingProperties }
            return nil
        default:
            break
        }
        if c.sections.contains("loggers") && c.sections.contains("handlers") { return .pythonLoggingINI }
        if c.sections.contains("Journal") { return .journald }
        if c.hasTemplateDefine { return .alertmanagerTemplate }
        if c.topKeys.contains("Configuration") && c.anyKey(["Appenders", "Loggers"]) { return .log4j2 }
        if c.hasJSONKey("Configuration") || c.hasJSONKey("configuration"),
           ["Appenders", "appenders", "Loggers", "loggers"].contains(where: { c.hasJSONKey($0) }) { return .log4j2 }
        if c.topKeys.contains("appenders") && c.value("kind", in: ["console", "file", "rolling_file"]) { return .log4rs }
        if c.hasJSONKey("groups") && (c.hasJSONKey("alert") || c.hasJSONKey("record")) { return .prometheusRules }
        // YAML / JSON shapes.
        if c.key("route") && c.key("receivers") { return .alertmanager }
        if c.key("scrape_configs") { return .prometheusConfig }
        if c.anyKey(["contactPoints", "policies", "templates", "muteTimes", "deleteRules", "resetPolicies"]) && c.value("apiVersion", in: ["1"]) { return .grafanaAlerting }
        if c.anyKey(["uid", "condition"]) && c.key("groups") && c.anyKey(["title", "datasourceUid"]) { return .grafanaAlerting }
        if c.key("groups") && c.anyKey(["alert", "record"]) { return .prometheusRules }
        if c.value("kind", in: ["PrometheusRule"]) { return .prometheusRules }
        if c.value("version", in: ["1"]) && c.anyKey(["handlers", "loggers", "root"]) { return .pythonLoggingDict }
        // logrotate: a block with rotation directives.
        if c.blockHead && c.rotationDirective { return .logrotate }
        // rsyslog: selectors, RainerScript actions or legacy directives.
        if c.dollarDirectives.contains(where: { ["ModLoad", "FileCreateMode", "IncludeConfig", "WorkDirectory"].contains($0) || $0.hasPrefix("ActionSend") }) { return .rsyslog }
        if c.hasCall(["action", "module", "input"], ["type", "load"]) { return .rsyslog }
        // Legacy selector lines: "auth,authpriv.*  /var/log/auth.log", "*.* @@host:514".
        if c.syslogSelector { return .rsyslog }
        return nil
    }
}
