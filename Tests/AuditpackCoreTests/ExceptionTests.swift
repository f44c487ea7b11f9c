import Foundation
import Testing
@testable import AuditpackCore

/// Exceptions (waivers) in auditpack.yml: a live one waives a finding in every output and
/// does not gate; an expired one fails the item; an unused one is reported; a malformed one
/// is an input error.
@Suite("Exceptions that fail closed", .enabled(if: Paths.binary != nil, "auditpack binary not built"))
struct ExceptionTests {
    let bin = Paths.binary ?? ""

    func project(_ exceptions: String) throws -> String {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-exc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: top, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Paths.example, toPath: top + "/proj")
        let cfg = top + "/proj/auditpack.yml"
        try (try String(contentsOfFile: cfg, encoding: .utf8) + "\n" + exceptions).write(toFile: cfg, atomically: true, encoding: .utf8)
        return top
    }

    static let live = """
    exceptions:
      - item: RET-01
        reason: Retention moves to the log platform in Q1 (CHG-1234)
        approved_by: Dana Lee
        approved_on: 2026-11-01
        expires_on: 2027-02-01
      - item: ACC-02
        scope: ["nowhere/*"]
        reason: scoped to files that do not exist
        approved_by: Dana Lee
        approved_on: 2026-11-01
        expires_on: 2027-02-01
    """

    @Test("a live exception waives the finding everywhere and does not gate; an unmatched scope is reported unused")
    func live() throws {
        let top = try project(Self.live)
        defer { try? FileManager.default.removeItem(atPath: top) }
        let r = try run(bin, ["check", "proj", "--format", "table", "--format", "json:r.json", "--format", "junit:j.xml", "--format", "sarif:s.sarif",
                              "--format", "oscal:o.json", "--date", "2026-12-06", "--fail-on", "high"], cwd: top)
        #expect(r.stdout.contains("WAIVED RET-01"), "\(r.stdout)")
        #expect(!r.stderr.contains("RET-01"), "a waived item still gates: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: top + "/r.json"))) as? [String: Any])
        let ret = (json["items"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "RET-01" }
        #expect(ret?["status"] as? String == "waived")
        #expect((ret?["message"] as? String ?? "").contains("Waived until 2027-02-01 (approved by Dana Lee"))
        #expect((json["summary"] as? [String: Any])?["waived"] as? Int == 1)
        let states = (json["exceptions"] as? [[String: Any]] ?? []).map { "\($0["item"] ?? ""):\($0["state"] ?? "")" }
        #expect(Set(states) == ["RET-01:live", "ACC-02:unused"], "\(states)")
        let junit = try String(contentsOfFile: top + "/j.xml", encoding: .utf8)
        #expect(junit.contains("RET-01") && junit.range(of: #"RET-01[^\n]*\n\s*<skipped message="Waived"#, options: .regularExpression) != nil, "\(junit.prefix(2000))")
        let sarif = try String(contentsOfFile: top + "/s.sarif", encoding: .utf8)
        #expect(sarif.contains("\"suppressions\"") && sarif.contains("\"justification\""))
        #expect(try String(contentsOfFile: top + "/o.json", encoding: .utf8).contains("accepted-risk"))
        // The review record says what each exception did; the history counts the waiver.
        let rv = try run(bin, ["review", "proj", "-o", "rv", "--history", "h.sqlite", "--date", "2026-12-06", "--fail-on", "none"], cwd: top)
        #expect(rv.status == 0, "\(rv.stderr)")
        let record = try String(contentsOfFile: top + "/rv/review-2026-12-06.md", encoding: .utf8)
        #expect(record.contains("## Exceptions") && record.contains("unused"), "\(record)")
        let runs = try HistoryStore(path: top + "/h.sqlite", create: false, readOnly: true).runs()
        #expect(runs.first?.counts[.waived] == 1)
        #expect(runs.first?.items["RET-01"]?.status == .waived)
        // A week later the review says since when it is waived, and never calls it resolved.
        let next = try run(bin, ["review", "proj", "-o", "rv", "--history", "h.sqlite", "--date", "2026-12-13", "--fail-on", "none"], cwd: top)
        #expect(next.status == 0 && !next.stdout.contains("RESOLVED    RET-01"), "\(next.stdout)")
        #expect(try String(contentsOfFile: top + "/rv/review-2026-12-13.md", encoding: .utf8).contains("waived since 2026-12-06"))
    }

    @Test("an expired exception fails the item, saying so; one expiring within 30 days is flagged in the review")
    func expired() throws {
        let top = try project(Self.live)
        defer { try? FileManager.default.removeItem(atPath: top) }
        let r = try run(bin, ["check", "proj", "--format", "json", "--date", "2027-02-02", "--fail-on", "none"], cwd: top)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let ret = (json["items"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "RET-01" }
        #expect(ret?["status"] as? String == "fail")
        #expect((ret?["message"] as? String ?? "").hasPrefix("Exception expired on 2027-02-01 (approved by Dana Lee"))
        let rv = try run(bin, ["review", "proj", "-o", "rv", "--history", "h.sqlite", "--date", "2027-01-20", "--fail-on", "none"], cwd: top)
        #expect(rv.status == 0, "\(rv.stderr)")
        #expect(try String(contentsOfFile: top + "/rv/review-2027-01-20.md", encoding: .utf8).contains("EXPIRING"))
    }

    @Test("malformed exceptions are input errors naming the key path and line", arguments: [
        "exceptions:\n  - item: RET-01\n    reason: r\n    approved_by: a\n    approved_on: 2026-11-01\n",
        "exceptions:\n  - item: RET-01\n    reason: r\n    approved_by: a\n    approved_on: 2026-01-01\n    expires_on: 2027-06-01\n",
        "exceptions:\n  - item: NOPE-99\n    reason: r\n    approved_by: a\n    approved_on: 2026-11-01\n    expires_on: 2026-12-31\n",
        "exceptions:\n  - item: RET-01\n    reason: r\n    approved_by: a\n    approved_on: 2026-11-01\n    expires_on: soon\n",
        "exceptions:\n  - item: RET-01\n    why: typo\n    reason: r\n    approved_by: a\n    approved_on: 2026-11-01\n    expires_on: 2026-12-31\n",
    ])
    func malformed(yaml: String) throws {
        let top = try project(yaml)
        defer { try? FileManager.default.removeItem(atPath: top) }
        let r = try run(bin, ["check", "proj", "--date", "2026-12-06"], cwd: top)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("auditpack.yml:"), "\(r.stderr)")
    }
}
