import Foundation
import Testing
@testable import AuditpackCore

/// Rendered documents of the example, compared byte for byte with Tests/Golden.
/// Re-record with RECORD_GOLDEN=1 swift test --filter GoldenTests, then review the diff.
@Suite("Golden documents for the example packet")
struct GoldenTests {
    static let documents = ["policy.md", "checklist.md", "review.md", "evidence-index.md", "results.json", "index.html", "checklist.html",
                            "evidence/deploy/logrotate.d/shop.html"]

    @Test("packet documents match the golden files", arguments: documents)
    func golden(_ name: String) throws {
        let copy = try ExampleCopy()
        defer { copy.remove() }
        let session = try evaluate(copy.root)
        let writer = PacketWriter(outputPath: copy.root + "/../packet", renderer: try Renderer())
        let files = try writer.build(results: session.results, facts: session.facts, config: session.config)
        let data = try #require(files.first { $0.0 == name }?.1)
        // The temporary copy's path is in results.json, so the content digest of index.html
        // varies with it: both are normalised (the digest is checked by verify-packet's tests).
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: copy.root, with: "examples/shop")
            .replacingOccurrences(of: #"<p class="digest"><span class="mono">[0-9a-f]{64}</span>"#,
                                  with: #"<p class="digest"><span class="mono">DIGEST</span>"#, options: .regularExpression)
        let goldenPath = Paths.golden + "/" + name.replacingOccurrences(of: "/", with: "__")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try FileManager.default.createDirectory(atPath: Paths.golden, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: goldenPath))
            return
        }
        let expected = try String(contentsOfFile: goldenPath, encoding: .utf8)
        if text != expected {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false), b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("\(name) differs from \(goldenPath) at line \(i + 1):\n- \(i < a.count ? a[i] : "<end>")\n+ \(i < b.count ? b[i] : "<end>")")
        }
    }

    /// Every status but `error`: the example reads completely (error, "cannot be decided from
    /// what could be read", is shown by the item fixtures with unreadable configs).
    @Test("the example shows every status but error")
    func everyStatus() throws {
        let copy = try ExampleCopy()
        defer { copy.remove() }
        let statuses = Set(try evaluate(copy.root).results.items.map(\.status))
        // `waived` needs an exception in auditpack.yml: ExceptionTests show it.
        #expect(statuses == Set(Status.allCases).subtracting([.error, .waived]), "missing: \(Set(Status.allCases).subtracting(statuses))")
    }

    @Test("no secret from the example reaches any packet file")
    func noSecretInPacket() throws {
        let copy = try ExampleCopy()
        defer { copy.remove() }
        let session = try evaluate(copy.root)
        #expect(!session.facts.secrets.isEmpty)
        let files = try PacketWriter(outputPath: copy.root + "/../p", renderer: try Renderer())
            .build(results: session.results, facts: session.facts, config: session.config)
        for (name, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            for s in session.facts.secrets { #expect(!text.contains(s.value), "secret \(s.kind) leaked into \(name)") }
        }
    }
}
