import Foundation
import Testing
@testable import AuditpackCore

/// Secret detection measured on labelled lines from real configs (Tests/Fixtures/secrets):
/// recall on the labelled secrets (every one redacted over its whole value) and precision
/// (lines labelled "not" where nothing is flagged).
@Suite("Secret detection on a labelled corpus")
struct SecretCorpusTests {
    struct Row { var format, label, key, value, line, source: String; var context = "" }

    static func unescape(_ s: Substring) -> String {
        var out = "", it = s.makeIterator()
        while let c = it.next() {
            guard c == "\\" else { out.append(c); continue }
            switch it.next() {
            case "t": out.append("\t")
            case "\\": out.append("\\")
            case let other?: out.append("\\"); out.append(other)
            case nil: out.append("\\")
            }
        }
        return out
    }

    static func rows() throws -> [Row] {
        let text = try String(contentsOfFile: Paths.package + "/Tests/Fixtures/secrets/labelled.tsv", encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 6 || f.count == 7 else { return nil }
            return Row(format: String(f[0]), label: String(f[1]), key: unescape(f[2]), value: unescape(f[3]), line: unescape(f[4]), source: String(f[5]),
                       context: f.count == 7 ? unescape(f[6]) : "")
        }
    }

    @Test("recall 100 % on labelled secrets, precision at least 95 % on the rest")
    func precisionRecall() throws {
        let rows = try Self.rows()
        #expect(rows.count >= 60)
        var truePos = 0, falseNeg: [String] = [], falsePos: [String] = [], trueNeg = 0
        for r in rows {
            // With a context line, only findings on the labelled (second) line count.
            let text = r.context.isEmpty ? r.line : r.context + "\n" + r.line
            let found = Redactor.secrets(in: text, file: r.format == "python" ? "settings.py" : "config").filter { $0.line == (r.context.isEmpty ? 1 : 2) }
            if r.label == "secret" {
                if found.contains(where: { $0.value.contains(r.value) }) { truePos += 1 } else {
                    falseNeg.append("[\(r.format)] \(r.line.trimmingCharacters(in: .whitespaces)) — want \(r.value); got \(found.map(\.value))")
                }
            } else if found.isEmpty { trueNeg += 1 } else {
                falsePos.append("[\(r.format)] \(r.line.trimmingCharacters(in: .whitespaces)) — flagged \(found.map(\.value))")
            }
        }
        let flagged = truePos + falsePos.count
        let recall = Double(truePos) / Double(truePos + falseNeg.count)
        let precision = flagged == 0 ? 1 : Double(truePos) / Double(flagged)
        print("secret detection: \(rows.count) lines, recall \(String(format: "%.1f", recall * 100)) % (\(truePos)/\(truePos + falseNeg.count)), precision \(String(format: "%.1f", precision * 100)) % (\(truePos)/\(flagged)), \(trueNeg) true negatives")
        for m in falseNeg { print("  MISSED   \(m)") }
        for m in falsePos { print("  FALSE +  \(m)") }
        #expect(falseNeg.isEmpty, "missed \(falseNeg.count) secret(s)")
        #expect(precision >= 0.95, "precision \(precision)")
    }
}
