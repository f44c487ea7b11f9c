import Foundation
import Testing
@testable import AuditpackCore

/// The real-world corpus (`Tests/Fixtures/realworld`: public settings modules and logging
/// configs, see its SOURCES.tsv) judged by Python itself: `scripts/python_truth.py` loads each
/// with the real interpreter and `logging.config`, `scripts/python_agreement.py` compares
/// what Python built with `auditpack scan --format json`, handler by handler.
@Suite("Real-world Python settings agree with what Python builds")
struct RealWorldPythonTests {
    static let corpus = Paths.package + "/Tests/Fixtures/realworld"

    /// The truth needs Python with Django and the settings libraries the corpus uses.
    static func missingPeers() -> String? {
        guard let python = which("python3") else { return "python3" }
        let probe = try? run(python, ["-c", "import django, pythonjsonlogger, environ, decouple, configurations, structlog, django_structlog"])
        return probe?.status == 0 ? nil : "Django or a settings library (pip install django python-json-logger django-environ python-decouple django-configurations structlog django-structlog)"
    }

    @Test("≥ 95 % of handlers agree on kind, destination and rotation; every row agrees on whether dictConfig raises")
    func agreement() throws {
        if let missing = Self.missingPeers() {
            print("SKIPPED (peer missing): real-world Python agreement needs \(missing)")
            return
        }
        let binary = try #require(Paths.binary, "the auditpack binary is built by swift build")
        let out = try run("/usr/bin/env", ["python3", Paths.package + "/scripts/python_agreement.py", "--binary", binary, "--corpus", Self.corpus, "--json"])
        try #require(out.status == 0, "python_agreement.py failed: \(out.stderr.suffix(2000))")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let rows = summary["rows"] as? Int ?? 0
        let handlers = summary["handlers"] as? Int ?? 0
        let agreement = summary["handlerAgreement"] as? Double ?? 0
        let disagreements = summary["disagreements"] as? [String] ?? []
        for d in disagreements { print("python agreement: disagree: \(d)") }
        print("python agreement: \(summary["handlersAgree"] ?? 0) of \(handlers) handlers, \(summary["failureAgree"] ?? 0) of \(summary["failureRows"] ?? 0) rows on failure")
        #expect(rows >= 30, "the corpus holds \(rows) rows; at least 30 are expected")
        #expect(handlers >= 60)
        #expect(agreement >= 0.95, "handler agreement \(agreement): \(disagreements.joined(separator: "\n"))")
        #expect(summary["failureAgree"] as? Int == summary["failureRows"] as? Int, "\(disagreements.joined(separator: "\n"))")
        // Every row was loaded by Python: a row it could not import judges nothing.
        #expect(!disagreements.contains { $0.contains("could not import") || $0.contains("no truth") })
    }

    @Test("every fixture file is listed in SOURCES.tsv with a repository, commit and licence")
    func provenance() throws {
        let text = try String(contentsOfFile: Self.corpus + "/SOURCES.tsv", encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst()
        var listed = Set<String>()
        for line in lines {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(cols.count >= 9, "SOURCES.tsv row has \(cols.count) columns: \(line)")
            #expect(cols[1].contains("/") && !cols[2].isEmpty && !cols[3].isEmpty, "\(cols[0]): repository, commit and licence")
            for f in cols[4].split(separator: ",") { listed.insert(cols[0] + "/" + f) }
        }
        let fm = FileManager.default
        for slug in try fm.contentsOfDirectory(atPath: Self.corpus) where !slug.hasSuffix(".tsv") && !slug.hasSuffix(".md") {
            let e = fm.enumerator(atPath: Self.corpus + "/" + slug)
            while let rel = e?.nextObject() as? String {
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: Self.corpus + "/" + slug + "/" + rel, isDirectory: &isDir), !isDir.boolValue else { continue }
                if rel.hasSuffix("__init__.py") { continue }
                #expect(listed.contains(slug + "/" + rel), "\(slug)/\(rel) is not listed in SOURCES.tsv")
            }
        }
    }
}
