import CLineHash
import Crypto
import Foundation
import Testing
@testable import AuditpackCore

/// INT-02 / verify-logs: both log formats, tampering of every kind, and the parallel split
/// agreeing with a plain line-by-line reference on randomised tampering.
@Suite("Log integrity")
struct LogIntegrityTests {
    static func sha(_ s: String) -> String { SHA256.hash(data: Array(s.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// `n` chained lines, as a producer following the README's format writes them.
    static func chained(_ n: Int, from start: Int = 1, previous: String? = nil) -> [String] {
        var prev = previous
        return (start..<(start + n)).map { i in
            let m = "2026-11-01T10:00:\(String(format: "%05d", i))Z audit user=u\(i % 7) action=login id=\(i)"
            let h = LogIntegrity.chainValue(previous: prev, message: m)
            prev = h
            return "\(m)|CHAIN=\(h)"
        }
    }

    static func suffixed(_ n: Int) -> [String] {
        (1...n).map { i in let m = "event \(i) user=u\(i % 5)"; return "\(m)|HASH=\(sha(m))" }
    }

    func verify(_ lines: [String], trailingNewline: Bool = true, previous: String? = nil) throws -> HashedLogResult {
        let tree = try TempTree(["l.log": lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")])
        defer { tree.remove() }
        return LogIntegrity.verify(path: tree.root + "/l.log", display: "l.log", previousChainValue: previous)
    }

    @Test("the chain value is sha256 over the previous value's hex and the message")
    func chainDefinition() {
        #expect(LogIntegrity.chainValue(previous: nil, message: "a") == Self.sha(String(repeating: "0", count: 64) + "a"))
        #expect(LogIntegrity.chainValue(previous: "ab", message: "c") == Self.sha("abc"))
    }

    @Test("a hash-chained log catches altered, deleted, inserted and reordered lines at the right line")
    func chainedTampering() throws {
        let lines = Self.chained(12)
        let ok = try verify(lines)
        #expect(ok.format == .chained && ok.bad == 0 && ok.lines == 12 && !ok.anchoredMidChain)
        #expect(ok.lastChainValue == String(lines[11].suffix(64)))

        var altered = lines
        altered[4] = altered[4].replacingOccurrences(of: "action=login", with: "action=logout")
        let a = try verify(altered)
        #expect(a.bad == 1 && a.firstBadLine == 5, "\(a)")

        var deleted = lines
        deleted.remove(at: 6)
        let d = try verify(deleted)
        #expect(d.bad == 1 && d.firstBadLine == 7, "\(d)")

        // An inserted line with a correctly forged value still breaks the line after it.
        var inserted = lines
        let forged = "2026-11-01 forged entry"
        inserted.insert("\(forged)|CHAIN=\(LogIntegrity.chainValue(previous: String(lines[2].suffix(64)), message: forged))", at: 3)
        let i = try verify(inserted)
        #expect(i.bad == 1 && i.firstBadLine == 5, "\(i)")

        var swapped = lines
        swapped.swapAt(8, 9)
        let s = try verify(swapped)
        #expect(s.firstBadLine == 9 && s.bad >= 2, "\(s)")

        // Deleting the first line: line 1 no longer chains from genesis; the file reads as a
        // continuation (said so in the result), the rest still verifies.
        let c = try verify(Array(lines.dropFirst(3)))
        #expect(c.bad == 0 && c.anchoredMidChain)
        // …but given the previous file's last value, a gap between files is caught.
        let gap = try verify(Array(lines.dropFirst(4)), previous: String(lines[2].suffix(64)))
        #expect(gap.bad == 1 && gap.firstBadLine == 1 && !gap.anchoredMidChain)
        let joined = try verify(Array(lines.dropFirst(3)), previous: String(lines[2].suffix(64)))
        #expect(joined.bad == 0 && !joined.anchoredMidChain)
    }

    @Test("malformed lines: no value, short value, non-hex, CRLF, no final newline, overlong line")
    func malformed() throws {
        var lines = Self.suffixed(6)
        lines[1] = "no marker at all"
        lines[2] = "x|HASH=abc"
        lines[3] = "y|HASH=" + String(repeating: "g", count: 64)
        let r = try verify(lines, trailingNewline: false)
        #expect(r.lines == 6 && r.bad == 3 && r.firstBadLine == 2)
        #expect(r.firstBadReason == "line has no |HASH= value")

        let crlf = try verify([Self.suffixed(3).joined(separator: "\r\n")])
        #expect(crlf.bad == 0 && crlf.lines == 3)

        // A line longer than the buffer is reported once and never held in memory whole.
        let long = try verify([Self.suffixed(1)[0], String(repeating: "z", count: 3 << 20) + "|HASH=00", Self.suffixed(2)[1]])
        #expect(long.lines == 3 && long.bad == 1 && long.firstBadLine == 2 && long.firstBadReason?.contains("longer than") == true)

        // An edited last record with its newline removed is tampering, not "being written",
        // when the file is not changing; and no chain value is handed on from it.
        var edited = Self.chained(5)
        edited[4] = edited[4].replacingOccurrences(of: "action=login", with: "action=wipe")
        let e = try verify(edited, trailingNewline: false)
        #expect(e.bad == 1 && e.firstBadLine == 5 && !e.incompleteLastLine && e.lastChainValue == nil, "\(e)")
        let suffixedEdit = try verify(Array(Self.suffixed(3).dropLast()) + ["event 3 user=root|HASH=" + String(repeating: "a", count: 64)], trailingNewline: false)
        #expect(suffixedEdit.bad == 1 && suffixedEdit.firstBadLine == 3)

        // A chained line after a malformed one cannot be chained.
        var ch = Self.chained(4)
        ch[1] = "garbage"
        let c = try verify(ch)
        #expect(c.bad == 2 && c.firstBadLine == 2, "\(c)")
    }

    /// The reference: one line at a time, as the format is defined (no buffers, no threads).
    static func reference(_ text: String, format: LogIntegrity.Format) -> (lines: Int, bad: Int, first: Int?) {
        // Split on the byte: Swift reads "\r\n" as one Character.
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        var bad = 0, first: Int?
        var prev: String? = String(repeating: "0", count: 64)
        let marker = format == .chained ? "|CHAIN=" : "|HASH="
        for (n, line) in lines.enumerated() {
            let l = line.hasSuffix("\r") ? String(line.dropLast()) : line
            var ok = false
            var value: String?
            if let r = l.range(of: marker, options: .backwards), l.distance(from: r.upperBound, to: l.endIndex) == 64 {
                let message = String(l[..<r.lowerBound]), claimed = String(l[r.upperBound...])
                if claimed.allSatisfy(\.isHexDigit) {
                    value = claimed.lowercased()
                    if format == .suffixed { ok = sha(message) == value }
                    else if let p = prev { ok = sha(p + message) == value || (n == 0) }
                }
            }
            if !ok {
                bad += 1
                if first == nil { first = n + 1 }
            }
            prev = value.map { _ in String(l.suffix(64)) }
        }
        return (lines.count, bad, first)
    }

    @Test("split across segments, verification agrees with the line-by-line reference",
          arguments: [LogIntegrity.Format.suffixed, .chained], ["\n", "\r\n"])
    func parallelAgreesWithReference(format: LogIntegrity.Format, newline: String) throws {
        var rng = SplitMix(seed: (format == .chained ? 7 : 11) + UInt64(newline.utf8.count))
        let base = format == .chained ? Self.chained(1500) : Self.suffixed(1500)
        let tree = try TempTree([:])
        defer { tree.remove() }
        for round in 0..<25 {
            var lines = base
            for _ in 0..<Int(rng.next() % 4) {
                let at = Int(rng.next() % UInt64(lines.count - 2)) + 1
                switch rng.next() % 4 {
                case 0: lines.remove(at: at)
                case 1: lines.swapAt(at, at + 1)
                case 2: lines[at] = lines[at].replacingOccurrences(of: "user=", with: "usr=")
                default: lines.insert("forged line \(round)|HASH=" + String(repeating: "a", count: 64), at: at)
                }
            }
            let text = lines.joined(separator: newline) + newline
            let path = tree.root + "/r\(round).log"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let want = Self.reference(text, format: format)
            for parallelism in [1, 2, 3, 8] {
                let got = LogIntegrity.verify(path: path, display: "r.log", parallelism: parallelism, minSegmentBytes: 1)
                #expect(got.lines == want.lines && got.bad == want.bad && got.firstBadLine == want.first,
                        "round \(round), \(parallelism) segments: got \(got.lines)/\(got.bad)/\(String(describing: got.firstBadLine)), want \(want)")
            }
        }
    }
}

/// A small deterministic generator, so randomised tests repeat exactly.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The line hash goes through libcrypto's SHA-256 directly (a context on the stack): it must
/// give the NIST FIPS 180-2 values and agree with swift-crypto on random inputs.
@Suite("libcrypto line hashing")
struct LineHashTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func ours(_ a: [UInt8], _ b: [UInt8]? = nil) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        if let b { auditpack_sha256_2(a, a.count, b, b.count, &out) } else { auditpack_sha256(a, a.count, &out) }
        return out
    }

    @Test("NIST vectors: empty, abc, the 448-bit message, a million a's")
    func nist() {
        #expect(Self.hex(Self.ours([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(Self.ours(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.hex(Self.ours(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Self.hex(Self.ours([UInt8](repeating: 0x61, count: 1_000_000))) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("agrees with swift-crypto on 2,000 random inputs, one part and two")
    func random() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let a = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let b = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(Self.ours(a) == Array(SHA256.hash(data: a)))
            #expect(Self.ours(a, b) == Array(SHA256.hash(data: a + b)))
        }
    }

    @Test("hex comparison: lowercase and uppercase spell the digest, anything else does not")
    func hexCompare() {
        let d = Self.ours(Array("abc".utf8))
        let lower = Array(Self.hex(d).utf8), upper = Array(Self.hex(d).uppercased().utf8)
        #expect(auditpack_hex_matches(d, lower) == 1)
        #expect(auditpack_hex_matches(d, upper) == 1)
        var wrong = lower
        wrong[63] = wrong[63] == 0x30 ? 0x31 : 0x30
        #expect(auditpack_hex_matches(d, wrong) == 0)
        var notHex = lower
        notHex[0] = 0x67  // 'g'
        #expect(auditpack_hex_matches(d, notHex) == 0)
    }
}
