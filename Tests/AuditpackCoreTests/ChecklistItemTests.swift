import Foundation
import Testing
@testable import AuditpackCore

/// One fixture: the baseline with one change, and the status one item must take on it.
struct ItemCase: CustomTestStringConvertible, Sendable {
    var id: String
    var expect: Status
    var note: String
    var files: [String: String] = [:]
    var removed: [String] = []
    var modes: [String: UInt32] = [:]
    var dirModes: [String: UInt32] = [:]
    var oldMtimes = false
    /// Text that must appear in the item's message (the observed value named).
    var mentions: String?

    var testDescription: String { "\(id) \(expect.rawValue): \(note)" }

    static func pass(_ id: String, _ note: String = "baseline", files: [String: String] = [:], mentions: String? = nil) -> ItemCase {
        ItemCase(id: id, expect: .pass, note: note, files: files, mentions: mentions)
    }
}

/// Edits a baseline file; an edit whose target is missing leaves a marker the test reports.
func replacing(_ text: String, _ old: String, _ new: String) -> String {
    guard text.contains(old) else { return text + "\nFIXTURE-EDIT-MISSING: \(old)\n" }
    return text.replacingOccurrences(of: old, with: new)
}

let S = Baseline.settings
func attest(_ item: String, _ date: String) -> String {
    "version: 1\nattestations:\n  - item: \(item)\n    by: Dana Lee\n    date: \(date)\n    note: done\n    evidence: https://wiki.example.com/x\n"
}

let itemCases: [ItemCase] = [
    .pass("LOG-01", mentions: "Django LOGGING in app/settings.py"),
    ItemCase(id: "LOG-01", expect: .fail, note: "no logger routed to a handler",
             files: ["app/settings.py": replacing(replacing(S, #""handlers": ["console", "file", "splunk"], "#, ""), #""handlers": ["audit"], "#, "")]),
    .pass("LOG-02"),
    ItemCase(id: "LOG-02", expect: .warn, note: "framework logger at DEBUG",
             files: ["app/settings.py": replacing(S, #""splunk"], "level": "INFO""#, #""splunk"], "level": "DEBUG""#)], mentions: "DEBUG"),
    ItemCase(id: "LOG-02", expect: .fail, note: "CRITICAL only drops errors",
             files: ["app/settings.py": replacing(replacing(S, #""splunk"], "level": "INFO""#, #""splunk"], "level": "CRITICAL""#), #""audit"], "level": "INFO""#, #""audit"], "level": "CRITICAL""#)],
             mentions: "CRITICAL"),
    .pass("LOG-03"),
    ItemCase(id: "LOG-03", expect: .fail, note: "format without time", files: ["app/settings.py": replacing(S, "%(asctime)s ", "")], mentions: "without time"),
    .pass("LOG-04"),
    ItemCase(id: "LOG-04", expect: .fail, note: "console only",
             files: ["app/settings.py": replacing(replacing(S, #"["console", "file", "splunk"]"#, #"["console"]"#), #"["audit"]"#, #"["console"]"#)], mentions: "console"),
    .pass("LOG-05", mentions: "django.security"),
    ItemCase(id: "LOG-05", expect: .fail, note: "no security logger reaches a persistent handler",
             files: ["app/settings.py": replacing(replacing(S, #""django": {"handlers": ["console", "file", "splunk"], "level": "INFO"},"#, #""app": {"handlers": ["file"], "level": "INFO"},"#), #""app.audit""#, #""app.orders""#)]),
    .pass("LOG-06", mentions: "Splunk HEC"),
    ItemCase(id: "LOG-06", expect: .fail, note: "no remote destination", files: ["app/settings.py": replacing(S, #"["console", "file", "splunk"]"#, #"["console", "file"]"#)]),
    .pass("LOG-07"),
    ItemCase(id: "LOG-07", expect: .fail, note: "Splunk over plain http", files: ["app/settings.py": replacing(S, #""protocol": "https""#, #""protocol": "http""#)],
             mentions: "http://splunk.example.com:8088"),
    .pass("LOG-08"),
    ItemCase(id: "LOG-08", expect: .fail, note: "no request-id middleware or filter",
             files: ["app/settings.py": replacing(replacing(S, #"    "log_request_id.middleware.RequestIDMiddleware","#, ""), #""request_id": {"()": "log_request_id.filters.RequestIDFilter"},"#, "")]),
    .pass("RET-01", mentions: "120 days"),
    ItemCase(id: "RET-01", expect: .fail, note: "30 days of timed rotation", files: ["app/settings.py": replacing(S, #""backupCount": 120"#, #""backupCount": 30"#)],
             mentions: "backupCount 30 = 30 days"),
    ItemCase(id: "RET-01", expect: .fail, note: "size rotation proves nothing",
             files: ["app/settings.py": replacing(replacing(S, "logging.handlers.TimedRotatingFileHandler", "logging.handlers.RotatingFileHandler"), #""when": "midnight","#, #""maxBytes": 1048576,"#)],
             mentions: "not provable"),
    .pass("RET-02"),
    ItemCase(id: "RET-02", expect: .fail, note: "audit.log not covered by logrotate", files: ["deploy/logrotate.d/app": replacing(Baseline.logrotate, "audit.log", "other.log")],
             mentions: "logs/audit.log"),
    .pass("RET-03"),
    ItemCase(id: "RET-03", expect: .warn, note: "old logs without rotated history", oldMtimes: true, mentions: "days old"),
    ItemCase(id: "RET-02", expect: .error, note: "a second logging config that cannot be read",
             files: ["deploy/worker/logging.yaml": "version: 1\nhandlers:\n  file:\n    class: logging.FileHandler\n    filename: [/var/log/worker.log\n"],
             mentions: "could not be read (deploy/worker/logging.yaml"),
    // "Some remote destination exists" stands on what was read; "all use TLS" cannot.
    .pass("LOG-06", "an unreadable rsyslog drop-in does not undo a destination found", files: ["deploy/rsyslog.d/10-forward.conf": "*.* @@logs\u{0}\u{1}"]),
    ItemCase(id: "LOG-07", expect: .error, note: "an rsyslog drop-in that is binary", files: ["deploy/rsyslog.d/10-forward.conf": "*.* @@logs\u{0}\u{1}"],
             mentions: "deploy/rsyslog.d/10-forward.conf"),
    .pass("RET-04"),
    ItemCase(id: "RET-04", expect: .warn, note: "rotate -1 without maxage", files: ["deploy/logrotate.d/app": replacing(Baseline.logrotate, "rotate 120", "rotate -1")]),
    .pass("ACC-01"),
    ItemCase(id: "ACC-01", expect: .fail, note: "log folder 0777", dirModes: ["logs": 0o777], mentions: "world-writable"),
    .pass("ACC-02"),
    ItemCase(id: "ACC-02", expect: .fail, note: "log file 0644", modes: ["logs/app.log": 0o644], mentions: "app.log (0644)"),
    .pass("ACC-03"),
    ItemCase(id: "ACC-03", expect: .fail, note: "logrotate create 0644", files: ["deploy/logrotate.d/app": replacing(Baseline.logrotate, "create 0640", "create 0644")], mentions: "0644"),
    .pass("ACC-04"),
    ItemCase(id: "ACC-04", expect: .fail, note: "group-writable logrotate config", modes: ["deploy/logrotate.d/app": 0o664], mentions: "deploy/logrotate.d/app 0664"),
    .pass("INT-01"),
    ItemCase(id: "INT-01", expect: .fail, note: "no hashing handler, no hashed log",
             files: ["app/settings.py": replacing(S, "app.logging_handlers.HashingFileHandler", "logging.FileHandler"), "logs/audit.log": "plain line\n"]),
    .pass("INT-02", mentions: "1 line(s)"),
    ItemCase(id: "INT-02", expect: .fail, note: "tampered line",
             files: ["logs/audit.log": Baseline.auditLine + "\n" + Baseline.auditLine.replacingOccurrences(of: "user=42", with: "user=43") + "\n"],
             mentions: "logs/audit.log:2"),
    .pass("MON-01"),
    ItemCase(id: "MON-01", expect: .fail, note: "no django_prometheus", files: ["app/settings.py": replacing(S, #"    "django_prometheus","#, "")]),
    .pass("MON-02", mentions: "15s"),
    ItemCase(id: "MON-02", expect: .fail, note: "scraped every 2m", files: ["deploy/prometheus/prometheus.yml": replacing(Baseline.prometheus, "scrape_interval: 15s", "scrape_interval: 2m")], mentions: "2m"),
    .pass("ALR-01"),
    ItemCase(id: "ALR-01", expect: .fail, note: "no error-rate alert", files: ["deploy/prometheus/rules/app.yml": Baseline.rules(without: ["error"])]),
    .pass("ALR-02"),
    ItemCase(id: "ALR-02", expect: .fail, note: "no latency alert", files: ["deploy/prometheus/rules/app.yml": Baseline.rules(without: ["latency"])]),
    .pass("ALR-03"),
    ItemCase(id: "ALR-03", expect: .fail, note: "no availability alert", files: ["deploy/prometheus/rules/app.yml": Baseline.rules(without: ["availability"])]),
    .pass("ALR-04"),
    ItemCase(id: "ALR-04", expect: .warn, note: "memory missing", files: ["deploy/prometheus/rules/app.yml": Baseline.rules(without: ["memory"])], mentions: "memory missing"),
    ItemCase(id: "ALR-04", expect: .fail, note: "disk missing", files: ["deploy/prometheus/rules/app.yml": Baseline.rules(without: ["disk"])], mentions: "disk space missing"),
    .pass("ALR-05"),
    ItemCase(id: "ALR-05", expect: .fail, note: "alert without for and summary",
             files: ["deploy/prometheus/rules/app.yml": Baseline.rules(extra: Baseline.rule("Bare", "'vector(1)'", forText: nil, summary: false))], mentions: "Bare"),
    .pass("ALR-06"),
    ItemCase(id: "ALR-06", expect: .fail, note: "critical alerts routed to a receiver with no notifier",
             files: ["deploy/alertmanager/alertmanager.yml": replacing(Baseline.alertmanager, "receiver: pager", "receiver: void") + "\n  - name: void\n"], mentions: "void"),
    .pass("ALR-07"),
    ItemCase(id: "ALR-07", expect: .warn, note: "email without send_resolved",
             files: ["deploy/alertmanager/alertmanager.yml": replacing(Baseline.alertmanager, "send_resolved: true", "send_resolved: false")], mentions: "ops-email/email"),
    .pass("ALR-08"),
    ItemCase(id: "ALR-08", expect: .fail, note: "invalid for duration",
             files: ["deploy/prometheus/rules/app.yml": Baseline.rules(extra: Baseline.rule("BadFor", "'vector(1)'", forText: "5 minutes"))], mentions: "invalid duration"),
    .pass("SEC-01"),
    ItemCase(id: "SEC-01", expect: .fail, note: "Slack webhook in plaintext",
             files: ["deploy/alertmanager/alertmanager.yml": replacing(Baseline.alertmanager, "global:\n", "global:\n  slack_api_url: https://hooks.slack.com/services/T000/B000/SECRETSECRET\n")],
             mentions: "webhook-url"),
    .pass("SEC-02"),
    ItemCase(id: "SEC-02", expect: .warn, note: "request body logged",
             files: ["app/views.py": Baseline.views + "\n    logger.debug(\"payload %s\", request.body)\n"], mentions: "request body at app/views.py:8"),
] + ["MAN-01": 365, "MAN-02": 365, "MAN-03": 7, "MAN-04": 31, "MAN-05": 92, "MAN-06": 365].sorted(by: { $0.key < $1.key }).flatMap { id, days in
    [
        ItemCase(id: id, expect: .pass, note: "fresh attestation", files: ["attestations.yml": attest(id, DateText.adding(days: -(days / 2), to: "2026-11-29")!)]),
        ItemCase(id: id, expect: .fail, note: "expired attestation", files: ["attestations.yml": attest(id, DateText.adding(days: -(days + 1), to: "2026-11-29")!)],
                 mentions: "expired"),
        ItemCase(id: id, expect: .manual, note: "no attestation"),
    ]
}

@Suite("Checklist items: a passing and a failing fixture each")
struct ChecklistItemTests {
    @Test("every item of the checklist has a passing and a failing fixture")
    func everyItemCovered() throws {
        let ids = try Checklist.builtIn().items.map(\.id)
        #expect(ids.count == 36)
        for id in ids {
            #expect(itemCases.contains { $0.id == id && $0.expect == .pass }, "no passing fixture for \(id)")
            #expect(itemCases.contains { $0.id == id && ($0.expect == .fail || $0.expect == .warn) }, "no failing fixture for \(id)")
        }
    }

    @Test("item status on its fixture", arguments: itemCases)
    func itemStatus(_ c: ItemCase) throws {
        var files = Baseline.files()
        for (k, v) in c.files {
            #expect(!v.contains("FIXTURE-EDIT-MISSING"), "fixture edit did not apply to \(k)")
            files[k] = v
        }
        for r in c.removed { files[r] = nil }
        let modes = Baseline.modes.merging(c.modes) { _, b in b }
        let dirModes = Baseline.dirModes.merging(c.dirModes) { _, b in b }
        let old = DateText.parse("2026-01-01")!
        let tree = try TempTree(files, modes: modes, dirModes: dirModes, mtime: c.oldMtimes ? old : DateText.parse("2026-11-28")!)
        defer { tree.remove() }
        let session = try evaluate(tree.root)
        let result = try #require(session.results.items.first { $0.id == c.id })
        #expect(result.status == c.expect, "\(c.id): \(result.outcome.message)")
        if let m = c.mentions {
            #expect(result.outcome.message.contains(m), "\(c.id) message should mention '\(m)': \(result.outcome.message)")
        }
    }

    @Test("the baseline passes every automated item")
    func baselineAllPass() throws {
        let tree = try TempTree(Baseline.files(), modes: Baseline.modes, dirModes: Baseline.dirModes, mtime: DateText.parse("2026-11-28")!)
        defer { tree.remove() }
        let session = try evaluate(tree.root)
        for r in session.results.items where r.item.check != "manual" {
            #expect(r.status == .pass, "\(r.id): \(r.status.rawValue) — \(r.outcome.message)")
        }
        #expect(session.results.parseIssues.isEmpty, "\(session.results.parseIssues)")
    }
}
