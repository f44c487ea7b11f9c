import Foundation

/// What the first bytes of a file show, read in one pass over its lines with byte checks
/// only — no regular expression, no UTF-16 conversion (the classifier runs on every
/// candidate file of a tree, so this is on the scan's hot path).
struct ContentSniff {
    /// Keys starting a line (after indentation, an optional `- ` and an optional quote),
    /// followed by `:`; with the first word of their value.
    var keys: [String: Set<String>] = [:]
    /// The first token of every line (for `.properties`, whatever the separator).
    var lineWords: Set<String> = []
    /// The same, for keys at column 0 only.
    var topKeys: Set<String> = []
    /// The same for keys followed by `=` (properties, Python).
    var eqKeys: Set<String> = []
    var topEqKeys: Set<String> = []
    /// `[section]` lines.
    var sections: Set<String> = []
    /// `$Directive` words starting a line.
    var dollarDirectives: Set<String> = []
    /// A line ending with `{` that does not start with `#` (a logrotate block head).
    var blockHead = false
    /// A line that is exactly a rotation directive (`rotate 4`, `daily`, `missingok` …).
    var rotationDirective = false
    /// A legacy rsyslog selector line (`auth,authpriv.*  /var/log/auth.log`, `*.* @@host`).
    var syslogSelector = false
    let bytes: [UInt8]

    static let rotationWords: Set<String> = ["daily", "weekly", "monthly", "yearly", "missingok", "notifempty", "copytruncate", "delaycompress"]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            scanLine(start, end)
            start = end + 1
        }
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
    static func isWord(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    private mutating func scanLine(_ s: Int, _ e: Int) {
        let b = bytes
        var i = s
        while i < e, Self.isSpace(b[i]) { i += 1 }
        let indent = i - s
        var end = e
        while end > i, Self.isSpace(b[end - 1]) { end -= 1 }
        guard i < end else { return }
        let first = b[i]
        if first == 0x5B, b[end - 1] == 0x5D { sections.insert(String(decoding: b[(i + 1)..<(end - 1)], as: UTF8.self)) }
        if first == 0x24 {  // $Directive
            var k = i + 1
            while k < end, Self.isWord(b[k]) { k += 1 }
            dollarDirectives.insert(String(decoding: b[(i + 1)..<k], as: UTF8.self))
        }
        if first != 0x23, b[end - 1] == 0x7B { blockHead = true }
        // Rotation directives alone on a line.
        let trimmed = String(decoding: b[i..<end], as: UTF8.self)
        if Self.rotationWords.contains(trimmed) { rotationDirective = true }
        else if let (word, arg) = Self.wordAndArgument(b, i, end), word == "rotate" || word == "maxage" {
            let digits = arg.hasPrefix("-") && word == "rotate" ? arg.dropFirst() : Substring(arg)
            if !digits.isEmpty, digits.allSatisfy(\.isNumber) { rotationDirective = true }
        }
        if indent == 0, !syslogSelector, Self.isSelectorLine(b, i, end) { syslogSelector = true }
        // key: value / key = value, after an optional "- " and an optional quote.
        var k = i
        if b[k] == 0x2D, k + 1 < end, b[k + 1] == 0x20 { k += 2; while k < end, b[k] == 0x20 { k += 1 } }
        let quoted = k < end && b[k] == 0x22
        if quoted { k += 1 }
        let keyStart = k
        while k < end, Self.isWord(b[k]) || b[k] == 0x2E || b[k] == 0x2D { k += 1 }
        guard k > keyStart else { return }
        let key = String(decoding: b[keyStart..<k], as: UTF8.self)
        if keyStart == i { lineWords.insert(key) }
        if quoted, k < end, b[k] == 0x22 { k += 1 }
        while k < end, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
        guard k < end else { return }
        if b[k] == 0x3A {
            var v = k + 1
            while v < end, b[v] == 0x20 || b[v] == 0x09 { v += 1 }
            var w = v
            while w < end, Self.isWord(b[w]) { w += 1 }
            keys[key, default: []].insert(String(decoding: b[v..<w], as: UTF8.self))
            if indent == 0 && b[i] != 0x2D { topKeys.insert(key) }
        } else if b[k] == 0x3D {
            eqKeys.insert(key)
            if indent == 0 { topEqKeys.insert(key) }
        }
    }

    /// `word argument` on a line (a single space-separated argument).
    static func wordAndArgument(_ b: [UInt8], _ s: Int, _ e: Int) -> (String, String)? {
        var k = s
        while k < e, isWord(b[k]) { k += 1 }
        guard k > s, k < e, isSpace(b[k]) else { return nil }
        var a = k
        while a < e, isSpace(b[a]) { a += 1 }
        var z = a
        while z < e, !isSpace(b[z]) { z += 1 }
        guard z == e else { return nil }
        return (String(decoding: b[s..<k], as: UTF8.self), String(decoding: b[a..<z], as: UTF8.self))
    }

    /// `facility[,facility].level[;…]` then blanks then `/`, `-/`, `@`, `:om`, `~` or `|`.
    static func isSelectorLine(_ b: [UInt8], _ s: Int, _ e: Int) -> Bool {
        func lowerOrStar(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || c == 0x2A }
        var i = s
        var selectors = 0
        while true {
            guard i < e, lowerOrStar(b[i]) else { return false }
            while i < e, lowerOrStar(b[i]) || (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == 0x2C { i += 1 }
            guard i < e, b[i] == 0x2E else { return false }
            i += 1
            if i < e, b[i] == 0x2A { i += 1 } else {
                if i < e, b[i] == 0x21 { i += 1 }
                if i < e, b[i] == 0x3D { i += 1 }
                let l = i
                while i < e, b[i] >= 0x61 && b[i] <= 0x7A { i += 1 }
                guard i > l else { return false }
            }
            selectors += 1
            if i < e, b[i] == 0x3B { i += 1; continue }
            break
        }
        guard selectors > 0, i < e, isSpace(b[i]) else { return false }
        while i < e, isSpace(b[i]) { i += 1 }
        guard i < e else { return false }
        switch b[i] {
        case 0x2F, 0x40, 0x7E, 0x7C: return true                      // / @ ~ |
        case 0x2D: return i + 1 < e && b[i + 1] == 0x2F                // -/
        case 0x3A: return i + 2 < e && b[i + 1] == 0x6F && b[i + 2] == 0x6D  // :om
        default: return false
        }
    }

    /// Whether the bytes contain `needle` (exact case).
    func contains(_ needle: String) -> Bool { ByteSearch.contains(bytes, Array(needle.utf8)) }

    /// `<name` followed by a blank or `>`.
    func hasTag(_ name: String) -> Bool {
        for end in [" ", ">", "\n", "\t", "\r"] where contains("<" + name + end) { return true }
        return false
    }

    /// `word` then optional blanks then `(` then optional blanks then `arg` then optional blanks then `=`.
    func hasCall(_ words: [String], _ args: [String]) -> Bool {
        let b = bytes
        var i = 0
        while i < b.count {
            guard b[i] == 0x28 else { i += 1; continue }   // (
            func blank(_ c: UInt8) -> Bool { Self.isSpace(c) || c == 0x0A }
            var w = i
            while w > 0, blank(b[w - 1]) { w -= 1 }
            var ws = w
            while ws > 0, Self.isWord(b[ws - 1]) { ws -= 1 }
            let word = String(decoding: b[ws..<w], as: UTF8.self)
            if words.contains(word), ws == 0 || !Self.isWord(b[ws - 1]) {
                var a = i + 1
                while a < b.count, blank(b[a]) { a += 1 }
                var ae = a
                while ae < b.count, Self.isWord(b[ae]) { ae += 1 }
                var eq = ae
                while eq < b.count, blank(b[eq]) { eq += 1 }
                if args.contains(String(decoding: b[a..<ae], as: UTF8.self)), eq < b.count, b[eq] == 0x3D { return true }
            }
            i += 1
        }
        return false
    }

    /// `{{ define "` with optional `-` and blanks (an Alertmanager/Go template).
    var hasTemplateDefine: Bool {
        let b = bytes
        var i = 0
        while i + 1 < b.count {
            if b[i] == 0x7B, b[i + 1] == 0x7B {
                var k = i + 2
                if k < b.count, b[k] == 0x2D { k += 1 }
                while k < b.count, Self.isSpace(b[k]) { k += 1 }
                if k + 6 < b.count, String(decoding: b[k..<(k + 6)], as: UTF8.self) == "define", Self.isSpace(b[k + 6]) {
                    var q = k + 7
                    while q < b.count, Self.isSpace(b[q]) { q += 1 }
                    if q < b.count, b[q] == 0x22 { return true }
                }
            }
            i += 1
        }
        return false
    }

    func key(_ name: String) -> Bool { keys[name] != nil }
    func value(_ name: String, in values: Set<String>) -> Bool { !(keys[name] ?? []).isDisjoint(with: values) }

    /// `"name"` then optional blanks then `:` anywhere (JSON on one line too).
    func hasJSONKey(_ name: String) -> Bool {
        let n = Array(("\"" + name + "\"").utf8)
        let b = bytes
        guard b.count >= n.count else { return false }
        var i = 0
        while i <= b.count - n.count {
            if b[i] == 0x22, Array(b[i..<(i + n.count)]) == n {
                var k = i + n.count
                while k < b.count, Self.isSpace(b[k]) || b[k] == 0x0A { k += 1 }
                if k < b.count, b[k] == 0x3A { return true }
            }
            i += 1
        }
        return false
    }
    func anyKey(_ names: [String]) -> Bool { names.contains { keys[$0] != nil } }
}
