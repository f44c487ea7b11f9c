import Foundation
import Testing
@testable import AuditpackCore

/// `auditpack fleet`: per-target packets verified, merged into one sealed fleet packet with
/// the matrix, the gaps and the fleet results in every CI format; the built binary end to end.
@Suite("Fleet: many per-host packets merged into one")
struct FleetTests {
    static var bin: String { Paths.binary ?? "/nonexistent" }
    static let epoch = ["SOURCE_DATE_EPOCH": "1796342400"]

    /// Three target packets from examples/fleet (one stale), one tampered copy, and an
    /// inventory naming a host that sent nothing.
    static func packets() throws -> (dir: String, remove: () -> Void) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-fleet-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let example = Paths.package + "/examples/fleet"
        for (t, date) in [("web-1", "2026-11-29"), ("db-1", "2026-11-29"), ("cache-1", "2026-11-08")] {
            let r = try run(bin, ["packet", example + "/" + t, "--target", t, "--date", date, "-o", dir + "/" + t, "--zip"], env: epoch)
            try #require(r.status == 0, "\(r.stderr)")
        }
        return (dir, { try? FileManager.default.removeItem(atPath: dir) })
    }

    @Test("the example fleet: matrix, missing, stale, duplicated and rejected named; every output reads; exit 1 on failing items",
          .enabled(if: Paths.binary != nil, "binary not built"))
    func exampleFleet() throws {
        let (dir, remove) = try Self.packets()
        defer { remove() }
        // A second, altered copy of db-1: rejected, never merged.
        try FileManager.default.copyItem(atPath: dir + "/db-1", toPath: dir + "/db-1-forged")
        try Data("# nothing to see\n".utf8).write(to: URL(fileURLWithPath: dir + "/db-1-forged/checklist.md"))
        let out = dir + "/fleet"
        let r = try run(Self.bin, ["fleet", dir + "/web-1.zip", dir + "/db-1", dir + "/db-1.zip", dir + "/cache-1.zip", dir + "/db-1-forged",
                                   "--expect", Paths.package + "/examples/fleet/inventory.ini", "--date", "2026-11-29", "-o", out], env: Self.epoch)
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("2 of 4 expected target(s); 1 missing, 1 stale, 1 duplicated, 1 rejected"), "\(r.stdout)")
        #expect(r.stderr.contains("fleet item(s) at or above high"))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json"))) as? [String: Any])
        #expect((json["targets"] as? [[String: Any]])?.map { $0["name"] as? String } == ["db-1", "web-1"])
        #expect(json["missing"] as? [String] == ["queue-1"])
        #expect((json["stale"] as? [[String: Any]])?.first?["name"] as? String == "cache-1")
        #expect((json["rejected"] as? [[String: Any]])?.first?["source"] as? String == dir + "/db-1-forged")
        let items = try #require(json["items"] as? [[String: Any]])
        let log04 = try #require(items.first { $0["id"] as? String == "LOG-04" })
        #expect(log04["status"] as? String == "fail")
        #expect((log04["targets"] as? [String: [String]])?["fail"] == ["db-1"])
        #expect((log04["message"] as? String)?.contains("1 of 2 target(s) pass; fail on db-1; from 2 of 4 expected target(s); not proven on queue-1 (no packet), cache-1 (stale, 2026-11-08), db-1-forged (rejected)") == true,
                "\(log04["message"] ?? "")")
        // An item that passes everywhere counted is still not proven for the fleet.
        let passingEverywhere = items.filter { ($0["targets"] as? [String: [String]])?.keys.sorted() == ["pass"] }
        #expect(!passingEverywhere.isEmpty && passingEverywhere.allSatisfy { $0["status"] as? String == "error" })

        // The fleet packet verifies, and so does each target's packet inside it, unchanged.
        #expect(try run(Self.bin, ["verify-packet", out]).status == 0)
        for t in ["web-1", "db-1"] {
            let v = try run(Self.bin, ["verify-packet", out + "/targets/" + t])
            #expect(v.status == 0, "\(t): \(v.stdout)")
        }
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(html.contains("queue-1") && html.contains("Missing") && html.contains("Stale") && html.contains("<table id=\"matrix\">"))
        #expect(html.contains("href=\"targets/db-1/index.html\""))
        // Offline: nothing loaded from the network; the one script is allowed by its hash only.
        #expect(html.range(of: #"(src|href)\s*=\s*"https?://"#, options: .regularExpression) == nil)
        #expect(html.contains("script-src 'sha256-") && !html.contains("unsafe-eval"))
        let md = try String(contentsOfFile: out + "/fleet.md", encoding: .utf8)
        #expect(md.contains("| [db-1](targets/db-1/index.html) | 2026-11-29 |"))
    }

    @Test("fleet outputs read with the real readers: JSON schema, JUnit (one testsuite per target), SARIF, OSCAL",
          .enabled(if: Paths.binary != nil && Readers.has("jsonschema") && Readers.has("junitparser"), "binary or PyPI readers missing"))
    func readers() throws {
        let (dir, remove) = try Self.packets()
        defer { remove() }
        let out = dir + "/fleet"
        let r = try run(Self.bin, ["fleet", dir + "/web-1", dir + "/db-1", "--date", "2026-11-29", "-o", out, "--fail-on", "none"], env: Self.epoch)
        #expect(r.status == 0, "\(r.stderr)")
        let schema = try Readers.validate(out + "/results.json", schema: "fleet.schema.json")
        #expect(schema.status == 0 && schema.stdout.contains("valid"), "\(schema.stderr)")
        let junit = try Readers.python("""
        import sys
        from junitparser import JUnitXml
        xml = JUnitXml.fromfile(sys.argv[1])
        print(sorted(s.name for s in xml))
        print(sum(1 for s in xml for c in s))
        """, out + "/junit.xml")
        #expect(junit.status == 0 && junit.stdout.contains("['db-1', 'fleet coverage', 'web-1']"), "\(junit.stdout) \(junit.stderr)")
        if Readers.has("sarif_pydantic") {
            let sarif = try Readers.python("""
            import sys, json
            from sarif_pydantic import Sarif
            log = Sarif.model_validate(json.load(open(sys.argv[1])))
            print(len(log.runs[0].results or []))
            """, out + "/results.sarif")
            #expect(sarif.status == 0, "\(sarif.stderr)")
        }
        if Readers.has("trestle") {
            let oscal = try Readers.python("""
            import sys
            from trestle.oscal.assessment_results import AssessmentResults
            ar = AssessmentResults.oscal_read(__import__('pathlib').Path(sys.argv[1]))
            print(len(ar.results[0].observations))
            """, out + "/oscal-assessment-results.json")
            #expect(oscal.status == 0, "\(oscal.stderr)")
        }
    }

    @Test("history: each fleet run is recorded per target; a regression since the last run is named",
          .enabled(if: Paths.binary != nil, "binary not built"))
    func history() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-fleet-h-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let example = Paths.package + "/examples/fleet"
        // Week 1: app-1 is web-1 (files persist). Week 2: app-1 is db-1 (console only).
        try #require(try run(Self.bin, ["packet", example + "/web-1", "--target", "app-1", "--date", "2026-11-22", "-o", dir + "/w1"], env: Self.epoch).status == 0)
        try #require(try run(Self.bin, ["packet", example + "/db-1", "--target", "app-1", "--date", "2026-11-29", "-o", dir + "/w2"], env: Self.epoch).status == 0)
        let db = dir + "/history.sqlite"
        #expect(try run(Self.bin, ["fleet", dir + "/w1", "--date", "2026-11-22", "-o", dir + "/f1", "--history", db, "--fail-on", "none"]).status == 0)
        let second = try run(Self.bin, ["fleet", dir + "/w2", "--date", "2026-11-29", "-o", dir + "/f2", "--history", db, "--fail-on", "none"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("regression: app-1 regressed on LOG-04 since 2026-11-22 (pass → fail)"), "\(second.stdout)")
        let store = try HistoryStore(path: db, create: false, readOnly: true)
        #expect(try store.runs(kind: "fleet:app-1").map(\.date) == ["2026-11-29", "2026-11-22"])
        #expect(try store.runs(kind: "fleet").count == 2)
        let md = try String(contentsOfFile: dir + "/f2/fleet.md", encoding: .utf8)
        #expect(md.contains("app-1 regressed on LOG-04"))
    }

    @Test("no packet at all: every expected target missing, nothing proven, exit 1", .enabled(if: Paths.binary != nil, "binary not built"))
    func nothingCounted() throws {
        let tree = try TempTree(["expected.txt": "web-1\ndb-1\n"])
        defer { tree.remove() }
        let r = try run(Self.bin, ["fleet", "--expect", tree.root + "/expected.txt", "-o", tree.root + "/../fleet-\(UUID().uuidString)", "--date", "2026-11-29"])
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("0 of 2 expected target(s); 2 missing") && r.stderr.contains("nothing is proven"), "\(r.stdout) \(r.stderr)")
    }

    @Test("expected targets from a plain list, a YAML list and Ansible inventories")
    func expectedLists() throws {
        #expect(try FleetMerge.expectedTargets("web-1\n# comment\ndb-1\n\n", file: "x") == ["web-1", "db-1"])
        #expect(try FleetMerge.expectedTargets("- web-1\n- db-1\n", file: "x") == ["web-1", "db-1"])
        #expect(try FleetMerge.expectedTargets("[web]\nweb-1 ansible_host=1.2.3.4\n[web:vars]\nx=1\n[db:children]\nweb\n[db]\ndb-1\n", file: "x") == ["web-1", "db-1"])
        let yaml = """
        all:
          vars: {x: 1}
          children:
            web:
              hosts:
                web-1: {ansible_host: 1.2.3.4}
                web-2:
            db:
              hosts:
                db-1:
        """
        #expect(try FleetMerge.expectedTargets(yaml, file: "x") == ["web-1", "web-2", "db-1"])
    }

    @Test("the fleet output is never an input packet, nor a parent of one", .enabled(if: Paths.binary != nil, "binary not built"))
    func safeOutput() throws {
        let (dir, remove) = try Self.packets()
        defer { remove() }
        let r = try run(Self.bin, ["fleet", dir + "/web-1", "-o", dir + "/web-1"])
        #expect(r.status == 2 && r.stderr.contains("web-1"), "\(r.stderr)")
        let p = try run(Self.bin, ["fleet", dir + "/web-1", "-o", dir])
        #expect(p.status == 2, "\(p.stderr)")
        #expect(try run(Self.bin, ["verify-packet", dir + "/web-1"]).status == 0)
    }
}
