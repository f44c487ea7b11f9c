import Crypto
import Foundation

/// Finds secrets in config text and replaces them with `[REDACTED:<kind>:<fingerprint>]`.
/// The fingerprint (first 8 hex digits of the value's SHA-256) lets two files sharing one
/// token be matched without revealing it. Every output passes through here.
public enum Redactor {
    struct Match {
        var range: Range<String.Index>
        var key: String
        var kind: String
        var value: String
    }

    /// Words without which no pattern below can match a line (lowercase). Lines holding none
    /// of them skip the regular expressions: most lines of most configs.
    static let triggers: [[UInt8]] = ["://", "pass", "pwd", "secret", "token", "key", "auth", "credential", "webhook", "dsn",
                                      "bearer", "basic", "splunk", "ssws", "-----begin", "mysql", "-u ", "--user", "args", "webhook"].map { Array($0.utf8) }

    static func mayHoldSecret(_ line: String) -> Bool {
        var lower = Array(line.utf8)
        // Lines with non-ASCII text always take the full scan (cheap insurance: the scanner
        // itself compares ASCII case-insensitively).
        if lower.contains(where: { $0 >= 0x80 }) { return true }
        for i in lower.indices where lower[i] >= 0x41 && lower[i] <= 0x5A { lower[i] |= 0x20 }
        return lower.withUnsafeBufferPointer { hay in triggers.contains { ByteSearch.contains(hay, $0) } }
    }

    static func findAll(in line: String, python: Bool = false, pagerduty: Bool = false) -> [Match] {
        guard mayHoldSecret(line) else { return [] }
        let utf8 = line.utf8
        return SecretScanner.scan(line, python: python, pagerduty: pagerduty).compactMap { h in
            let s = utf8.index(utf8.startIndex, offsetBy: h.start), e = utf8.index(utf8.startIndex, offsetBy: h.end)
            guard s < e else { return nil }
            return Match(range: s..<e, key: h.key, kind: h.kind, value: String(line[s..<e]))
        }
    }

    /// Whether a file is Python source (only string literals can be secrets there).
    public static func isPython(_ path: String) -> Bool {
        let l = path.lowercased()
        return l.hasSuffix(".py") || l.contains(".py.") || l.hasSuffix(".pyi")
    }

    public static func fingerprint(_ value: String) -> String {
        let digest = SHA256.hash(data: Data(value.utf8))
        return Hex.encode(digest.prefix(4))
    }

    public static func marker(kind: String, value: String) -> String {
        "[REDACTED:\(kind):\(fingerprint(value))]"
    }

    /// Secrets in a text, with 1-based line numbers.
    /// Every secret in a text, line by line, with the values that continue on the lines
    /// after their key (a YAML block scalar, a Python parenthesised or triple-quoted string).
    static func matches(in text: String, python: Bool) -> [(line: Int, text: String, matches: [Match])] {
        // Split on the newline scalar: in Swift "\r\n" is one Character, so splitting on the
        // Character "\n" would take a CRLF file for one line. Each line keeps its "\r".
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        let continued = continuations(lines, python: python)
        var out: [(Int, String, [Match])] = []
        // A PagerDuty receiver's block: the lines indented under a line naming pagerduty.
        var pagerdutyIndent: Int?
        for (i, s) in lines.enumerated() {
            let indent = s.prefix { $0 == " " || $0 == "\t" }.count
            if !s.trimmingCharacters(in: .whitespaces).isEmpty {
                if let p = pagerdutyIndent, indent <= p { pagerdutyIndent = nil }
                if pagerdutyIndent == nil, s.lowercased().contains("pagerduty") { pagerdutyIndent = indent }
            }
            var found = findAll(in: s, python: python, pagerduty: pagerdutyIndent.map { indent > $0 } ?? false)
            if let c = continued[i] {
                for r in c.spans(in: s) where !found.contains(where: { $0.range.overlaps(r) }) {
                    found.append(Match(range: r, key: c.key, kind: SecretScanner.kind(forKey: c.key), value: String(s[r])))
                }
                found.sort { $0.range.lowerBound < $1.range.lowerBound }
            }
            out.append((i + 1, s, found))
        }
        return out
    }

    /// A value continuing on a line after its key's line.
    struct Continuation {
        var key: String
        /// Only the string literals on the line are the value (Python `KEY = (\n "a"\n "b")`).
        var literalsOnly: Bool

        func spans(in line: String) -> [Range<String.Index>] {
            if !literalsOnly {
                guard let first = line.firstIndex(where: { !$0.isWhitespace }) else { return [] }
                var end = line.endIndex
                while end > first, line[line.index(before: end)].isWhitespace { end = line.index(before: end) }
                // The closing quotes of a triple-quoted string are not the value.
                for q in ["\"\"\"", "\'\'\'"] where line[first..<end].hasSuffix(q) { end = line.index(end, offsetBy: -3) }
                return first < end ? [first..<end] : []
            }
            var out: [Range<String.Index>] = []
            var i = line.startIndex
            while i < line.endIndex {
                let c = line[i]
                guard c == "\"" || c == "'" else { i = line.index(after: i); continue }
                let start = line.index(after: i)
                var j = start
                while j < line.endIndex, line[j] != c { if line[j] == "\\" { j = line.index(after: j); if j == line.endIndex { break } }; j = line.index(after: j) }
                if start < j { out.append(start..<j) }
                i = j < line.endIndex ? line.index(after: j) : j
            }
            return out
        }
    }

    /// Lines whose whole content (or whose literals) continue a secret key's value.
    static func continuations(_ lines: [String], python: Bool) -> [Int: Continuation] {
        var out: [Int: Continuation] = [:]
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let sep = trimmed.firstIndex(where: { $0 == ":" || $0 == "=" }) else { i += 1; continue }
            var key = trimmed[..<sep].trimmingCharacters(in: .whitespaces)
            if key.hasPrefix("- ") { key = String(key.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
            key = key.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            let rest = trimmed[trimmed.index(after: sep)...].trimmingCharacters(in: .whitespaces)
            guard SecretScanner.isSecretKey(key), !key.contains(" ") else { i += 1; continue }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            // YAML block scalar: `password: |` / `>-`; the more-indented lines that follow.
            if !python, let f = rest.first, f == "|" || f == ">", rest.dropFirst().allSatisfy({ "-+0123456789".contains($0) }) {
                var j = i + 1
                while j < lines.count {
                    let l = lines[j]
                    let ind = l.prefix { $0 == " " || $0 == "\t" }.count
                    if l.trimmingCharacters(in: .whitespaces).isEmpty { j += 1; continue }
                    guard ind > indent else { break }
                    out[j] = Continuation(key: key, literalsOnly: false)
                    j += 1
                }
                i = j
                continue
            }
            // Python: `KEY = (` … `)` (implicit concatenation) and `KEY = """` … `"""`.
            func depth(_ t: String) -> Int { t.reduce(0) { $0 + ("([".contains($1) ? 1 : ")]".contains($1) ? -1 : 0) } }
            if python, rest.hasPrefix("(") || rest.hasPrefix("["), depth(rest) > 0 {
                // Until the bracket closes (string contents are not counted: good enough for
                // the literals a settings value spreads over a few lines).
                var open = depth(rest)
                var j = i + 1
                while j < lines.count, open > 0 {
                    out[j] = Continuation(key: key, literalsOnly: true)
                    open += depth(lines[j])
                    j += 1
                }
                i = j
                continue
            }
            if python, let q = ["\"\"\"", "\'\'\'"].first(where: { rest.hasPrefix($0) }), !rest.dropFirst(3).contains(q) {
                var j = i + 1
                while j < lines.count {
                    out[j] = Continuation(key: key, literalsOnly: false)
                    if lines[j].contains(q) { break }
                    j += 1
                }
                i = j + 1
                continue
            }
            i += 1
        }
        return out
    }

    public static func secrets(in text: String, file: String) -> [SecretFinding] {
        var out: [SecretFinding] = []
        for (lineNo, s, found) in matches(in: text, python: isPython(file)) {
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") && !trimmed.contains("://") { continue }
            for m in found {
                out.append(SecretFinding(file: file, line: lineNo, key: m.key, kind: m.kind, fingerprint: fingerprint(m.value), value: m.value))
            }
        }
        return out
    }

    static func replacing(_ matches: [Match], in line: String) -> String {
        var out = line
        for m in matches.reversed() { out.replaceSubrange(m.range, with: marker(kind: m.kind, value: m.value)) }
        return out
    }

    /// The line with every secret replaced by its marker.
    public static func redactLine(_ line: String, python: Bool = false) -> String {
        let found = findAll(in: line, python: python)
        return found.isEmpty ? line : replacing(found, in: line)
    }

    /// A whole file, redacted (values continuing on later lines included).
    public static func redact(_ text: String, python: Bool = false) -> String {
        matches(in: text, python: python).map { $0.matches.isEmpty ? $0.text : replacing($0.matches, in: $0.text) }.joined(separator: "\n")
    }
}

/// Redacts the scanned text that results quote — item messages, details, observed values,
/// evidence excerpts and parse-issue messages — before anything is rendered, so no
/// document, report or history row is ever rewritten after the tool wrote it (a secret
/// "pass" never turns `"status": "pass"` into a marker). Two layers:
/// - the same structural scan as for config lines (key = value, URL userinfo, tokens…),
///   which redacts at the value's span;
/// - each known secret value that is long and distinctive enough to be unambiguous
///   (`isDistinctive`), wherever it occurs in that quoted text.
/// Short or dictionary-word secrets ("pass", "admin", a project's name) are redacted only
/// at the spans the scan found, never by searching for the word.
public struct SecretScrubber: Sendable {
    /// Distinctive secrets by their first 8 bytes (longest first within a key), so a text is
    /// searched once whatever the number of secrets.
    let byPrefix: [UInt64: [(value: [UInt8], marker: [UInt8])]]

    public init(_ secrets: [SecretFinding]) {
        var seen = Set<String>()
        var map: [UInt64: [(value: [UInt8], marker: [UInt8])]] = [:]
        for s in secrets where SecretScrubber.isDistinctive(s.value) && seen.insert(s.value).inserted {
            let v = Array(s.value.utf8)
            guard v.count >= 8 else { continue }
            map[SecretScrubber.key(v, 0), default: []].append((v, Array(Redactor.marker(kind: s.kind, value: s.value).utf8)))
        }
        for k in map.keys { map[k]!.sort { $0.value.count > $1.value.count } }
        byPrefix = map
    }

    static func key(_ b: [UInt8], _ at: Int) -> UInt64 {
        var k: UInt64 = 0
        for i in 0..<8 { k = k << 8 | UInt64(b[at + i]) }
        return k
    }

    /// Long enough, or mixed enough, that finding it in other text is no accident:
    /// 12 characters and more, or 8 and more mixing letters with digits or symbols.
    static func isDistinctive(_ v: String) -> Bool {
        if v.count >= 12 { return true }
        guard v.count >= 8 else { return false }
        let letters = v.contains { $0.isLetter }, others = v.contains { !$0.isLetter }
        return letters && others
    }

    /// One piece of quoted scanned text.
    public func scrub(_ text: String) -> String {
        replacingDistinctive(Redactor.redactLine(text))
    }

    /// Every occurrence of a distinctive known secret in quoted scanned text (an evidence
    /// copy already redacted by position: the same token elsewhere in the file).
    public func replacingDistinctive(_ text: String) -> String {
        guard !byPrefix.isEmpty else { return text }
        let b = Array(text.utf8)
        guard b.count >= 8 else { return text }
        var out: [UInt8] = []
        var changed = false
        var i = 0
        // A rolling 8-byte key: one dictionary probe per position.
        var k: UInt64 = 0, kAt = -2      // k holds b[kAt..<kAt + 8]
        while i < b.count {
            if i + 8 <= b.count {
                k = kAt == i - 1 ? k << 8 | UInt64(b[i + 7]) : SecretScrubber.key(b, i)
                kAt = i
                if let candidates = byPrefix[k],
                   let hit = candidates.first(where: { i + $0.value.count <= b.count && b[i..<(i + $0.value.count)].elementsEqual($0.value) }) {
                    out += hit.marker
                    changed = true
                    i += hit.value.count
                    continue
                }
            }
            out.append(b[i])
            i += 1
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    func scrub(_ v: ConfigValue) -> ConfigValue {
        switch v {
        case .string(let s): return .string(scrub(s))
        case .unresolved(let s): return .unresolved(scrub(s))
        case .list(let l): return .list(l.map(scrub))
        case .dict(var d):
            for i in d.entries.indices { d.entries[i].value = scrub(d.entries[i].value) }
            return .dict(d)
        default: return v
        }
    }

    /// The results with every piece of quoted scanned text redacted; titles, remediation,
    /// statuses and everything else the tool wrote are left as they are.
    public func redact(_ r: RunResults) -> RunResults {
        var r = r
        for i in r.items.indices {
            var o = r.items[i].outcome
            o.message = scrub(o.message)
            o.details = o.details.map(scrub)
            o.observed = o.observed.map(scrub)
            for e in o.evidence.indices { o.evidence[e].excerpt = scrub(o.evidence[e].excerpt) }
            r.items[i].outcome = o
        }
        r.parseIssues = r.parseIssues.map { ParseIssue(path: $0.path, line: $0.line, message: scrub($0.message)) }
        return r
    }
}
