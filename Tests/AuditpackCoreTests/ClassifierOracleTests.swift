import Foundation
import Testing
@testable import AuditpackCore

/// The byte-level content classifier decides exactly as the regular expressions it replaced
/// (kept here as the oracle) on every real file at hand: the shared corpus, the example,
/// the test fixtures, and generated variants of each.
@Suite("Content classification: byte checks agree with the regular expressions they replaced")
struct ClassifierOracleTests {
    enum Oracle {
        static func classifyContent(_ text: String, ext: String, lowerName: String) -> FileKind? {
            func has(_ pattern: String) -> Bool { text.range(of: pattern, options: .regularExpression) != nil }
            switch ext {
            case "py":
                if has(#"(?m)^(LOGGING|INSTALLED_APPS|MIDDLEWARE)\s*[:=]"#) { return .djangoSettings }
                if has(#"(?m)^[ \t]*LOGGING\s*(=|\[|\.update\b)"#) { return .djangoSettings }
                return .pythonSource
            case "xml":
                if has(#"<[Cc]onfiguration[\s>]"#) && has(#"<(Appenders|Loggers|appenders|loggers)[\s>]"#) { return .log4j2 }
                if has(#"<configuration[\s>]"#) && has(#"<appender[\s>]"#) { return .logback }
                if has(#"<log4j:configuration"#) { return .log4j2 }
                if has(#"<included[\s>]"#) && has(#"<appender[\s>]"#) { return .logback }
                return nil
            case "properties":
                if has(#"(?m)^\s*log4j\.(rootLogger|appender)"#) { return .log4jProperties }
                if has(#"(?m)^\s*(appender|rootLogger)\.[\w.]*\s*="#) { return .log4j2 }
                if has(#"(?m)^\s*(Appenders|Loggers)\.[\w.]*\s*="#) { return .log4j2 }
                if has(#"(?m)^\s*handlers\s*="#) && has(#"java\.util\.logging|\.level\s*="#) { return .javaLoggingProperties }
                return nil
            default:
                break
            }
            if has(#"(?m)^\s*\[loggers\]\s*$"#) && has(#"(?m)^\s*\[handlers\]\s*$"#) { return .pythonLoggingINI }
            if has(#"(?m)^\s*\[Journal\]\s*$"#) { return .journald }
            if has(#"\{\{-?\s*define\s+""#) { return .alertmanagerTemplate }
            if has(#"(?m)^Configuration\s*:"#) && has(#"(?m)^\s+(Appenders|Loggers)\s*:"#) { return .log4j2 }
            if has(#""[Cc]onfiguration""#) && has(#""(Appenders|appenders|Loggers|loggers)""#) { return .log4j2 }
            if has(#"(?m)^appenders\s*:"#) && has(#"(?m)^\s+kind\s*:\s*(console|file|rolling_file)"#) { return .log4rs }
            if has(#""groups"\s*:"#) && has(#""(alert|record)"\s*:"#) { return .prometheusRules }
            // YAML / JSON shapes.
            if has(#"(?m)^\s*"?route"?\s*:"#) && has(#"(?m)^\s*"?receivers"?\s*:"#) { return .alertmanager }
            if has(#"(?m)^\s*"?scrape_configs"?\s*:"#) { return .prometheusConfig }
            if has(#"(?m)^\s*"?(contactPoints|policies|templates|muteTimes|deleteRules|resetPolicies)"?\s*:"#) && has(#"(?m)^\s*"?apiVersion"?\s*:\s*1\b"#) { return .grafanaAlerting }
            if has(#"(?m)^\s*-?\s*"?(uid|condition)"?\s*:"#) && has(#"(?m)^\s*"?groups"?\s*:"#) && has(#"(?m)^\s*-?\s*"?(title|datasourceUid)"?\s*:"#) { return .grafanaAlerting }
            if has(#"(?m)^\s*"?groups"?\s*:"#) && has(#"(?m)^\s*-?\s*"?(alert|record)"?\s*:"#) { return .prometheusRules }
            if has(#"kind:\s*PrometheusRule"#) { return .prometheusRules }
            if has(#"(?m)^\s*"?version"?\s*:\s*1\b"#) && has(#"(?m)^\s*"?(handlers|loggers|root)"?\s*:"#) { return .pythonLoggingDict }
            // logrotate: a block with rotation directives.
            if has(#"(?m)^\s*[^#\s][^{]*\{\s*$"#) && has(#"(?m)^\s*(rotate\s+-?\d+|daily|weekly|monthly|yearly|maxage\s+\d+|missingok|notifempty|copytruncate|delaycompress)\s*$"#) { return .logrotate }
            // rsyslog: selectors, RainerScript actions or legacy directives.
            if has(#"(?m)^\s*(\$ModLoad|\$ActionSend|\$FileCreateMode|\$IncludeConfig|\$WorkDirectory)"#) { return .rsyslog }
            if has(#"\b(action|module|input)\s*\(\s*(type|load)\s*="#) { return .rsyslog }
            // Legacy selector lines: "auth,authpriv.*  /var/log/auth.log", "*.* @@host:514".
            if has(#"(?m)^[a-z*][a-z0-9*,]*\.(\*|!?=?[a-z]+)(;[a-z0-9*,]+\.(\*|!?=?[a-z]+))*\s+(-?/|@|:om|~|\|)"#) { return .rsyslog }
            return nil
        }
    }

    static func files() -> [String] {
        var out: [String] = []
        for dir in [Paths.corpus, Paths.example, Paths.package + "/Tests/Fixtures", ProcessInfo.processInfo.environment["AUDITPACK_HOST_IMAGE"].map { $0 + "/etc" } ?? ""] where !dir.isEmpty {
            guard let e = FileManager.default.enumerator(atPath: dir) else { continue }
            while let rel = e.nextObject() as? String {
                let p = dir + "/" + rel
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
            }
        }
        return out
    }

    @Test("every file, and each with its extension changed, is given the same kind")
    func agree() throws {
        let files = Self.files()
        #expect(files.count >= 20, "only \(files.count) files to compare")
        var compared = 0
        var differ: [String] = []
        for path in files {
            guard let data = try? SafeFile.readPrefix(path, count: 64 * 1024) else { continue }
            let text = SafeFile.text(data).0
            let name = (path as NSString).lastPathComponent.lowercased()
            for ext in Set([FileClassifier.lowerExtension(name), "py", "xml", "properties", "yml", "conf", ""]) {
                let old = Oracle.classifyContent(text, ext: ext, lowerName: name)
                let new = FileClassifier.classifyContent(text, ext: ext, lowerName: name)
                compared += 1
                if old != new { differ.append("\(path) as .\(ext): regex \(old.map(\.rawValue) ?? "nil"), bytes \(new.map(\.rawValue) ?? "nil")") }
            }
        }
        print("classifier oracle: \(compared) decisions on \(files.count) files, \(differ.count) differ")
        for d in differ.prefix(20) { print("  DIFFER \(d)") }
        #expect(differ.isEmpty)
    }
}
