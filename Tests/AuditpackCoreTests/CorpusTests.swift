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
}
