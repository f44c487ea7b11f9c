import Foundation
import Testing
@testable import AuditpackCore

/// Our CI outputs, read by the real readers CI systems and auditors use (PyPI, installed by
/// .ci/run): jsonschema, junitparser, sarif-tools, sarif-pydantic, compliance-trestle.
enum Readers {
    static func has(_ module: String) -> Bool {
        guard let py = Peers.python else { return false }
        return (try? run(py, ["-c", "import \(module)"]).status) == 0
    }

    /// The example's results, rendered once for all reader tests.
    static let example: (RunResults, AuditConfig) = {
        let copy = try! ExampleCopy()
        defer { copy.remove() }
        let s = try! evaluate(copy.root)
        return (s.results, s.config)
    }()

    static func write(_ format: ReportFormat) throws -> (TempTree, String) {
        let text = format.render(example.0, config: example.1)
        let tree = try TempTree(["out": text])
        return (tree, tree.root + "/out")
    }

    static func python(_ script: String, _ file: String) throws -> ProcessResult {
        try run(Peers.python!, ["-c", script, file])
    }

    /// Validates a JSON file against one of schemas/ with jsonschema (draft 2020-12).
    static func validate(_ file: String, schema: String) throws -> ProcessResult {
        try python("""
        import json, sys, jsonschema
        schema = json.load(open('\(Paths.package)/schemas/\(schema)'))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(json.load(open(sys.argv[1])), schema, cls=jsonschema.Draft202012Validator)
        print('valid')
        """, file)
    }
}

@Suite("Outputs read by real readers")
struct OutputReaderTests {
    @Test("results.json validates against schemas/results.schema.json", .enabled(if: Readers.has("jsonschema"), "PyPI jsonschema not installed"))
    func jsonSchema() throws {
        let (tree, file) = try Readers.write(.json)
        defer { tree.remove() }
        let r = try Readers.validate(file, schema: "results.schema.json")
        #expect(r.status == 0 && r.stdout.contains("valid"), "\(r.stderr)")
    }

    @Test("the fact inventory (scan --format json) validates against schemas/facts.schema.json and agrees with the scan",
          .enabled(if: Readers.has("jsonschema") && Paths.binary != nil, "PyPI jsonschema not installed or binary not built"))
    func factInventory() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-facts-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        var roots = [Paths.example]
        if let image = ProcessInfo.processInfo.environment["AUDITPACK_HOST_IMAGE"] { roots.append(image) }
        for root in roots {
            let s = try run(Paths.binary!, ["scan", root, "--format", "json", "-o", out, "--date", "2026-12-06"])
            #expect(s.status == 0, "\(s.stderr)")
            let r = try Readers.validate(out, schema: "facts.schema.json")
            #expect(r.status == 0 && r.stdout.contains("valid"), "\(root): \(r.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
            let facts = try Auditpack.run(RunOptions(roots: [root], date: "2026-12-06", environment: [:])).facts
            #expect((json["logging"] as? [Any])?.count == facts.logging.count)
            #expect((json["logrotate"] as? [Any])?.count == facts.logrotate.count)
            #expect((json["alertRules"] as? [Any])?.count == facts.alertRules.count)
            let handlers = (json["logging"] as? [[String: Any]] ?? []).flatMap { ($0["handlers"] as? [[String: Any]]) ?? [] }
            #expect(handlers.count == facts.logging.flatMap(\.handlers).count)
            #expect(handlers.allSatisfy { $0["line"] is Int })
        }
    }

    @Test("JUnit XML reads with junitparser: one case per item, statuses mapped", .enabled(if: Readers.has("junitparser"), "PyPI junitparser not installed"))
    func junit() throws {
        let (tree, file) = try Readers.write(.junit)
        defer { tree.remove() }
        let r = try Readers.python("""
        import sys
        from junitparser import JUnitXml, Failure, Error, Skipped
        x = JUnitXml.fromfile(sys.argv[1])
        cases = [c for s in x for c in s]
        kinds = {}
        for c in cases:
            k = type(c.result[0]).__name__ if c.result else 'pass'
            kinds[k] = kinds.get(k, 0) + 1
        print(len(cases), kinds.get('Failure', 0), kinds.get('Error', 0), kinds.get('Skipped', 0), cases[0].classname, cases[0].name)
        """, file)
        #expect(r.status == 0, "\(r.stderr)")
        let res = Readers.example.0
        let expected = "\(res.items.count) \(res.count(.fail)) \(res.count(.error)) \(res.count(.manual) + res.count(.notApplicable)) LOG LOG-01 Application logging is configured"
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }

    @Test("SARIF 2.1.0 loads with sarif-pydantic and summarises with sarif-tools", .enabled(if: Readers.has("sarif_pydantic") && Readers.has("sarif"), "PyPI sarif-pydantic/sarif-tools not installed"))
    func sarif() throws {
        let (tree, file) = try Readers.write(.sarif)
        defer { tree.remove() }
        let r = try Readers.python("""
        import json, sys
        from sarif_pydantic import Sarif
        s = Sarif.model_validate(json.load(open(sys.argv[1])))
        run = s.runs[0]
        loc = [r for r in run.results if r.rule_id == 'LOG-07'][0].locations[0].physical_location
        print(len(run.tool.driver.rules), len(run.results), loc.artifact_location.uri, loc.region.start_line)
        """, file)
        #expect(r.status == 0, "\(r.stderr)")
        let res = Readers.example.0
        let findings = res.count(.fail) + res.count(.warn) + res.count(.error)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "36 \(findings) shop/settings.py 202")
        let summary = try run(which("sarif") ?? "/usr/bin/false", ["summary", file])
        #expect(summary.status == 0 && summary.stdout.contains("LOG-07"), "\(summary.stdout)\(summary.stderr)")
    }

    @Test("OSCAL assessment-results load with compliance-trestle", .enabled(if: Readers.has("trestle.oscal.assessment_results"), "PyPI compliance-trestle not installed"))
    func oscal() throws {
        let (tree, file) = try Readers.write(.oscal)
        defer { tree.remove() }
        let r = try Readers.python("""
        import json, sys
        from trestle.oscal.assessment_results import AssessmentResults
        ar = AssessmentResults.parse_obj(json.load(open(sys.argv[1]))['assessment-results'])
        res = ar.results[0]
        states = sorted({f.target.status.state.value if hasattr(f.target.status.state, 'value') else f.target.status.state for f in res.findings})
        print(len(res.observations), ','.join(states), res.findings[0].target.target_id)
        """, file)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("36 not-satisfied,satisfied "), "\(r.stdout)")
    }

    @Test("reports are deterministic")
    func deterministic() {
        for f in ReportFormat.allCases {
            #expect(f.render(Readers.example.0, config: Readers.example.1) == f.render(Readers.example.0, config: Readers.example.1))
        }
    }
}
