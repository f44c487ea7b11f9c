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

    /// Logging and monitoring configuration (ACC-04 looks at these; evidence copies come from them).
    public var isConfig: Bool { self != .pythonSource && self != .attestations }

    /// Kinds whose parser is not built yet: items that depend on them report `error`
    /// ("not evaluated yet") instead of pretending.
    public var parserPending: Bool {
        switch self {
        case .rsyslog, .journald, .logback, .log4j2, .log4jProperties, .javaLoggingProperties, .pythonLoggingINI: return true
        default: return false
        }
    }
}

enum FileClassifier {
    static let sniffExtensions: Set<String> = ["py", "yml", "yaml", "json", "conf", "ini", "xml", "properties", "rules", "cfg",
                                               "tmpl", "j2", "erb", "mako", "sample", "cmake", "sh", "logrotate", ""]

    static func lowerExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Whether the name alone is not enough and a content prefix is wanted.
    static func wantsContent(name: String) -> Bool {
        if isLogName(name) { return false }
        return sniffExtensions.contains(lowerExtension(name))
    }

    /// `app.log`, `app.log.1`, `app.log.2.gz`, `app.log-20261127`, `app.log.2026-11-27`.
    static func isLogName(_ name: String) -> Bool {
        logBase(name) != nil
    }

    /// For a log or rotated log name, the active log's name and whether this one is rotated.
    static func logBase(_ name: String) -> (base: String, rotated: Bool)? {
        guard let r = name.range(of: ".log", options: .backwards) else { return nil }
        let base = String(name[..<r.upperBound])
        let rest = name[r.upperBound...]
        if rest.isEmpty { return (base, false) }
        // Suffixes logrotate and Python handlers add.
        var i = rest.startIndex
        var sawSuffix = false
        while i < rest.endIndex {
            let c = rest[i]
            guard c == "." || c == "-" || c == "_" else { return nil }
            i = rest.index(after: i)
            let start = i
            while i < rest.endIndex, !".-_".contains(rest[i]) { i = rest.index(after: i) }
            let part = rest[start..<i].lowercased()
            if part.isEmpty { return nil }
            let isNumber = part.allSatisfy(\.isNumber)
            let isCompression = ["gz", "bz2", "xz", "zst", "z", "lz4"].contains(part)
            guard isNumber || isCompression else { return nil }
            sawSuffix = true
        }
        return sawSuffix ? (base, true) : nil
    }

    static func classify(name: String, parentName: String, content: String?) -> FileKind? {
        let lower = name.lowercased()
        let ext = lowerExtension(lower)
        if lower == "attestations.yml" || lower == "attestations.yaml" { return .attestations }
        if lower == "auditpack.yml" || lower == "auditpack.yaml" { return nil }
        if lower.hasPrefix("logback") && ext == "xml" { return .logback }
        if lower.hasPrefix("log4j2") && ["xml", "json", "yaml", "yml", "properties"].contains(ext) { return .log4j2 }
        if lower.hasPrefix("log4j") && ext == "properties" { return .log4jProperties }
        if lower.hasPrefix("log4j") && ext == "xml" { return .log4j2 }
        if lower == "logging.properties" { return .javaLoggingProperties }
        if lower == "journald.conf" || parentName == "journald.conf.d" { return .journald }
        if lower == "rsyslog.conf" || (parentName == "rsyslog.d" && ext == "conf") { return .rsyslog }
        if parentName == "logrotate.d" || lower == "logrotate.conf" { return .logrotate }
        guard let text = content else { return nil }
        return classifyContent(text, ext: ext, lowerName: lower)
    }

    static func classifyContent(_ text: String, ext: String, lowerName: String) -> FileKind? {
        func has(_ pattern: String) -> Bool { text.range(of: pattern, options: .regularExpression) != nil }
        switch ext {
        case "py":
            if has(#"(?m)^(LOGGING|INSTALLED_APPS|MIDDLEWARE)\s*[:=]"#) { return .djangoSettings }
            return .pythonSource
        case "xml":
            if has(#"<configuration[\s>]"#) && has(#"<appender[\s>]"#) { return .logback }
            if has(#"<Configuration[\s>]"#) && has(#"<(Appenders|Loggers)[\s>]"#) { return .log4j2 }
            if has(#"<log4j:configuration"#) { return .log4j2 }
            return nil
        case "properties":
            if has(#"(?m)^\s*log4j\.(rootLogger|appender)"#) { return .log4jProperties }
            if has(#"(?m)^\s*(appender|rootLogger)\.[\w.]*\s*="#) { return .log4j2 }
            if has(#"(?m)^\s*handlers\s*="#) && has(#"java\.util\.logging|\.level\s*="#) { return .javaLoggingProperties }
            return nil
        default:
            break
        }
        if has(#"(?m)^\s*\[loggers\]\s*$"#) && has(#"(?m)^\s*\[handlers\]\s*$"#) { return .pythonLoggingINI }
        if has(#"(?m)^\s*\[Journal\]\s*$"#) { return .journald }
        // YAML / JSON shapes.
        if has(#"(?m)^\s*"?route"?\s*:"#) && has(#"(?m)^\s*"?receivers"?\s*:"#) { return .alertmanager }
        if has(#"(?m)^\s*"?scrape_configs"?\s*:"#) { return .prometheusConfig }
        if has(#"(?m)^\s*"?(contactPoints|policies|templates|muteTimes|deleteRules|resetPolicies)"?\s*:"#) && has(#"(?m)^\s*"?apiVersion"?\s*:\s*1\b"#) { return .grafanaAlerting }
        if has(#"(?m)^\s*-?\s*"?(uid|condition)"?\s*:"#) && has(#"(?m)^\s*"?groups"?\s*:"#) && has(#"(?m)^\s*-?\s*"?(title|datasourceUid)"?\s*:"#) { return .grafanaAlerting }
        if has(#"(?m)^\s*"?groups"?\s*:"#) && has(#"(?m)^\s*-?\s*"?(alert|record)"?\s*:"#) { return .prometheusRules }
        if has(#"kind:\s*PrometheusRule"#) { return .prometheusRules }
        if has(#"(?m)^\s*"?version"?\s*:\s*1\b"#) && has(#"(?m)^\s*"?(handlers|loggers|root)"?\s*:"#) { return .pythonLoggingDict }
        // logrotate: a block with rotation directives.
        if has(#"(?m)^\s*[^#\s][^{]*\{\s*$"#) && has(#"(?m)^\s*(rotate\s+-?\d+|daily|weekly|monthly|yearly|maxage\s+\d+)\s*$"#) { return .logrotate }
        // rsyslog: selectors, RainerScript actions or legacy directives.
        if has(#"(?m)^\s*(\$ModLoad|\$ActionSend|\$FileCreateMode|\$IncludeConfig|module\(load=|action\(type=)"#) { return .rsyslog }
        return nil
    }
}
