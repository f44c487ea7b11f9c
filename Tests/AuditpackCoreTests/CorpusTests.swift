import Foundation
import Testing
@testable import AuditpackCore

/// Real configs from public projects (../shared/corpus): every one is classified, read as
/// far as it is valid, and what is not understood is a parse issue — never a crash, a hang
/// or a silent drop.
@Suite("Real-world corpus", .enabled(if: FileManager.default.fileExists(atPath: Paths.corpus), "../shared/corpus not present"))
struct CorpusTests {
    static let files: [String] = {
        let fm = FileManager.default
        var out: [String] = []
        for dir in ((try? fm.contentsOfDirectory(atPath: Paths.corpus)) ?? []).sorted() {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: Paths.corpus + "/" + dir, isDirectory: &isDir), isDir.boolValue else { continue }
            for f in ((try? fm.contentsOfDirectory(atPath: Paths.corpus + "/" + dir)) ?? []).sorted() { out.append(dir + "/" + f) }
        }
        return out
    }()

    @Test("the whole corpus scans and grades in one run")
    func wholeCorpus() throws {
        let session = try evaluate(Paths.corpus)
        #expect(session.results.items.count == 36)
        let seen = Set(session.facts.configs.map(\.relPath)).union(session.facts.parseIssues.map(\.path))
        for f in Self.files where !f.hasSuffix("README.md") && !f.hasSuffix("SOURCES.tsv") {
            #expect(seen.contains(f), "\(f) was neither read nor reported")
        }
    }

    /// Whatever in the corpus is not understood is a parse issue with file:line; their
    /// number may fall as parsers improve, never rise. `RECORD_GOLDEN=1` re-records the list
    /// (Tests/Golden/corpus-parse-issues.txt); review its diff.
    @Test("the corpus's parse issues never grow in number")
    func parseIssueCount() throws {
        let session = try evaluate(Paths.corpus)
        let lines = session.facts.parseIssues.map { "\($0.path):\($0.line.map(String.init) ?? "-"): \($0.message)" }
        let golden = Paths.golden + "/corpus-parse-issues.txt"
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try (lines.joined(separator: "\n") + "\n").write(toFile: golden, atomically: true, encoding: .utf8)
            return
        }
        let recorded = try String(contentsOfFile: golden, encoding: .utf8).split(separator: "\n").map(String.init)
        let new = Set(lines).subtracting(recorded).sorted()
        #expect(lines.count <= recorded.count, "corpus parse issues rose from \(recorded.count) to \(lines.count); new: \(new.prefix(20))")
        if lines.count < recorded.count { print("corpus parse issues fell from \(recorded.count) to \(lines.count): re-record with RECORD_GOLDEN=1") }
        // Every issue names a corpus file and, for a file, a line inside it.
        for issue in session.facts.parseIssues where !issue.path.hasPrefix("/") {
            #expect(Self.files.contains(issue.path) || !issue.path.contains("/"), "issue names no corpus file: \(issue.path)")
        }
    }
}
