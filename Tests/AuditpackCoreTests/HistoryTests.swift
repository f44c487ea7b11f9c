import Foundation
import Testing
@testable import AuditpackCore

@Suite("History, review records and custom items")
struct HistoryTests {
    func write(_ tree: TempTree, _ rel: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: tree.root + "/" + rel))
    }

    func review(_ tree: TempTree, date: String) throws -> ReviewRecord {
        let session = try Auditpack.run(RunOptions(roots: [tree.root], date: date, environment: [:]))
        let record = try ReviewRecord.render(session: session, renderer: try Renderer())
        try HistoryStore(path: session.historyPath, create: true).record(session.results, kind: "review")
        return record
    }

    @Test("a second review a week later names the previous run, what was resolved and what newly failed")
    func twoReviews() throws {
        var files = Baseline.files()
        files["app/settings.py"] = replacing(Baseline.settings, #""backupCount": 120"#, #""backupCount": 30"#)
        let tree = try TempTree(files, modes: Baseline.modes, dirModes: Baseline.dirModes, mtime: DateText.parse("2026-11-20")!)
        defer { tree.remove() }
        let first = try review(tree, date: "2026-11-22")
        #expect(first.delta.previousDate == nil)
        #expect(first.markdown.contains("No previous run is recorded"))

        try write(tree, "app/settings.py", Baseline.settings)  // RET-01 fixed
        try write(tree, "deploy/prometheus/rules/app.yml", Baseline.rules(without: ["latency"]))  // ALR-02 broken
        let second = try review(tree, date: "2026-11-29")
        #expect(second.delta.previousDate == "2026-11-22")
        #expect(second.delta.resolved.map(\.id) == ["RET-01"])
        #expect(second.delta.resolved.first?.beforeObserved == "30")
        #expect(second.delta.resolved.first?.afterObserved == "120")
        #expect(second.delta.newFailures.map(\.id) == ["ALR-02"])
        #expect(second.markdown.contains("Compared with the run of 2026-11-22: 1 new failure(s), 1 resolved"))
        #expect(second.markdown.contains("RET-01 Logs are retained for at least the policy period: fail → pass (observed 30 → 120)"))
        #expect(second.html.contains("Compared with the run of 2026-11-22"))

        // A third week with ALR-02 still broken: unchanged, one week old.
        let third = try review(tree, date: "2026-12-06")
        #expect(third.delta.unchanged.map(\.id) == ["ALR-02"])
        #expect(third.delta.unchanged.first?.since == "2026-11-29" && third.delta.unchanged.first?.weeks == 1)

        let runs = try HistoryStore(path: tree.root + "/.auditpack/history.sqlite", create: false).runs()
        #expect(runs.map(\.date) == ["2026-12-06", "2026-11-29", "2026-11-22"])
        #expect(HistoryReport.json(runs).contains("\"failing\""))
    }

    @Test("MAN-03 passes from history when a review was recorded within 7 days", arguments: [
        ("2026-11-29", Status.pass), ("2026-12-06", .pass), ("2026-12-07", .manual),
    ])
    func reviewFromHistory(_ date: String, _ expected: Status) throws {
        let tree = try TempTree(Baseline.files(), modes: Baseline.modes, dirModes: Baseline.dirModes)
        defer { tree.remove() }
        _ = try review(tree, date: "2026-11-29")
        let s = try Auditpack.run(RunOptions(roots: [tree.root], date: date, environment: [:]))
        #expect(s.results.items.first { $0.id == "MAN-03" }?.status == expected)
    }

    @Test("re-running a review on the same day replaces that day's run")
    func sameDay() throws {
        let tree = try TempTree(Baseline.files(), modes: Baseline.modes, dirModes: Baseline.dirModes)
        defer { tree.remove() }
        _ = try review(tree, date: "2026-11-29")
        _ = try review(tree, date: "2026-11-29")
        #expect(try HistoryStore(path: tree.root + "/.auditpack/history.sqlite", create: false).runs().count == 1)
    }

    @Test("a file that is not a history database is an input error, not a crash")
    func notADatabase() throws {
        let tree = try TempTree(["h.sqlite": "this is not sqlite"])
        defer { tree.remove() }
        #expect(throws: InputError.self) { try HistoryStore(path: tree.root + "/h.sqlite", create: false) }
    }

    @Test("attestations expiring before the next review are listed")
    func expiring() throws {
        var files = Baseline.files()
        files["attestations.yml"] = attest("MAN-04", "2026-11-01")  // 31 days → expires 2026-12-02
        let tree = try TempTree(files, modes: Baseline.modes, dirModes: Baseline.dirModes)
        defer { tree.remove() }
        let record = try review(tree, date: "2026-11-29")
        #expect(record.delta.expiring == [ReviewDelta.Expiring(item: "MAN-04", by: "Dana Lee", expires: "2026-12-02")])
        #expect(record.markdown.contains("MAN-04 (attested by Dana Lee) expires on 2026-12-02"))
    }

    @Test("custom items reuse a check kind with other parameters; bad ones name key and line", arguments: [
        ("items:\n  CUS-01: {check: retention, title: Audit logs kept a year, tsc: [CC7.2], severity: high, params: {min_days: 365}}\n", nil as String?),
        ("items:\n  CUS-01: {check: retention, params: {min_days: 365}}\n", "auditpack.yml:3: items.CUS-01: no such checklist item (a custom item needs check and title)"),
        ("items:\n  CUS-01:\n    check: retention\n    title: x\n    params: {max_days: 3}\n", "auditpack.yml:6: items.CUS-01.params.max_days: check retention takes no such parameter (known: min_days)"),
        ("items:\n  CUS-01: {check: nosuch, title: x}\n", "auditpack.yml:3: items.CUS-01.check: unknown check 'nosuch'"),
        ("items:\n  RET-01: {params: {min_dayz: 3}}\n", "auditpack.yml:3: items.RET-01.params.min_dayz: unknown parameter (known: min_days)"),
    ])
    func customItems(_ yaml: String, _ expectedError: String?) throws {
        let config = try AuditConfig.parse("version: 1\n" + yaml, file: "auditpack.yml", baseDirectory: "/tmp")
        if let expectedError {
            do {
                _ = try Checklist.builtIn().applying(config)
                Issue.record("expected an error: \(expectedError)")
            } catch {
                #expect(error.description.hasPrefix(expectedError), "\(error.description)")
            }
            return
        }
        let list = try Checklist.builtIn().applying(config)
        let item = try #require(list.items.first { $0.id == "CUS-01" })
        #expect(item.check == "retention" && item.params["min_days"] == .int(365) && item.severity == .high)
        let tree = try TempTree(Baseline.files().merging(["auditpack.yml": Baseline.config + "\n" + yaml]) { _, b in b },
                                modes: Baseline.modes, dirModes: Baseline.dirModes)
        defer { tree.remove() }
        let s = try evaluate(tree.root)
        let r = try #require(s.results.items.first { $0.id == "CUS-01" })
        #expect(r.status == .fail && r.outcome.message.contains("policy's 365 days"), "\(r.outcome.message)")
    }
}
