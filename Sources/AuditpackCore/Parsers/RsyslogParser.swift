import Foundation

/// rsyslog configuration, read the way rsyslogd reads it (grammar/lexer.l + grammar.y of rsyslog
/// v8): legacy `$Directives` and `facility.priority action` lines mixed with RainerScript objects,
/// filters and blocks. Pure: text in, facts and issues out; never traps, never loops without
/// consuming input, and reports what it does not understand with its 1-based line.
///
/// Semantics worth knowing:
/// - A trailing `\` joins the next line (leading blanks dropped), for every line, as rsyslog's
///   `readConfFile` does — including comment lines, which then swallow the next line.
/// - `$Directives` take effect where they stand: `$FileCreateMode` and `$ActionSendStreamDriver*`
///   apply to the legacy actions after them only; RainerScript `action()`s ignore them (omfile
///   uses `module(load="builtin:omfile" fileCreateMode=…)`, omfwd only its own parameters).
/// - The global default stream driver (`global(DefaultNetstreamDriver=…)` or
///   `$DefaultNetstreamDriver`) is looked up when the connection is made, so the last setting in
///   the file counts for every forward without its own driver.
/// - An action with no filter in front of it receives every message: its selector is `*.*`.
///   Inside `if … then` (or `foreach`) the selector is nil.
public enum RsyslogParser {
    public static func parse(_ text: String, file: String) -> (SyslogFacts, [ParseIssue]) {
        if looksBinary(text) {
            return (SyslogFacts(file: file), [ParseIssue(path: file, line: nil, message: "not a text file (NUL bytes or invalid UTF-8); not read as rsyslog configuration")])
        }
        var lexer = Lexer(text: text, file: file)
        lexer.run()
        var interp = Interpreter(tokens: lexer.tokens, file: file)
        interp.run()
        var issues = lexer.issues + interp.issues
        // Stable sort by line: issues read in file order.
        issues = issues.enumerated().sorted { a, b in
            let la = a.element.line ?? 0, lb = b.element.line ?? 0
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
        if issues.count > maxIssues {
            let rest = issues.count - maxIssues
            let first = issues[maxIssues]
            issues = Array(issues.prefix(maxIssues))
            issues.append(ParseIssue(path: file, line: first.line, message: "\(rest) further problems from here on are not listed"))
        }
        return (interp.facts, issues)
    }

    static let maxIssues = 200

    /// Text for messages: at most 60 characters.
    static func short(_ s: String) -> String {
        s.count > 60 ? String(s.prefix(60)) + "…" : s
    }

    /// NUL bytes, or many (more than 16 and 5%) invalid UTF-8 sequences and control characters.
    /// A text file with a few stray bytes is read; those lines are reported where they are.
    static func looksBinary(_ text: String) -> Bool {
        var total = 0, bad = 0
        for u in text.unicodeScalars {
            total += 1
            if u.value == 0 { return true }
            if u.value == 0xFFFD || (u.value < 32 && u.value != 9 && u.value != 10 && u.value != 13 && u.value != 12 && u.value != 11) { bad += 1 }
        }
        return bad > 16 && bad * 20 > total
    }

    /// A host name, IPv4/IPv6 address, or a template placeholder.
    static func plausibleHost(_ s: String) -> Bool {
        if isPlaceholder(s) { return true }
        return !s.isEmpty && s.unicodeScalars.allSatisfy { u in
            (u.value >= 48 && u.value <= 57) || (u.value >= 65 && u.value <= 90) || (u.value >= 97 && u.value <= 122)
                || u == "." || u == "-" || u == "_" || u == ":" || u == "%"
        }
    }

    /// No control characters and no replacement characters.
    static func plausiblePath(_ s: String) -> Bool {
        !s.isEmpty && !s.unicodeScalars.contains { $0.value < 32 || $0.value == 127 || $0.value == 0xFFFD }
    }

    /// Stream drivers that give TLS in mode 1.
    static let tlsDrivers: Set<String> = ["gtls", "ossl", "mbedtls"]

    /// Whether a value is (or contains) a deployment-template placeholder rather than a literal.
    static func isPlaceholder(_ s: String) -> Bool {
        if s.contains("<%") || s.contains("{{") || s.contains("{%") || s.contains("${") || s.contains("`") { return true }
        if s.uppercased().contains("CHANGE_ME") || s.uppercased().contains("CHANGEME") { return true }
        // @VAR@ (autoconf / cmake style)
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            if chars[i] == "@" {
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                if j > i + 1, j < chars.count, chars[j] == "@" { return true }
            }
            i += 1
        }
        return false
    }

    /// rsyslog file modes: four (or five) octal digits starting with 0 (`0640`).
    static func parseMode(_ s: String) -> UInt32? {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard (t.count == 4 || t.count == 5), t.first == "0", t.allSatisfy({ ("0"..."7").contains($0) }) else { return nil }
        return UInt32(t, radix: 8)
    }

    static func normaliseModule(_ s: String) -> String {
        var m = s.trimmingCharacters(in: .whitespaces).lowercased()
        if !m.hasPrefix("builtin:"), let slash = m.lastIndex(of: "/") { m = String(m[m.index(after: slash)...]) }
        if m.hasSuffix(".so") { m = String(m.dropLast(3)) }
        return m
    }
}

// MARK: - Tokens

extension RsyslogParser {
    enum Value: Equatable {
        case string(String, backtick: Bool)
        case array([String])

        var text: String? {
            switch self {
            case .string(let s, _): return s
            case .array(let a): return a.first
            }
        }
        var list: [String] {
            switch self {
            case .string(let s, _): return [s]
            case .array(let a): return a
            }
        }
    }

    struct Param {
        var name: String  // lower case
        var value: Value
        var line: Int
    }

    struct Object {
        var name: String  // lower case
        var params: [Param]
        var line: Int
        /// false when the object is broken (never closed, unterminated string): it is not read.
        var ok: Bool

        func param(_ names: String...) -> Param? {
            params.last { names.contains($0.name) }
        }
        func string(_ names: String...) -> String? {
            params.last { names.contains($0.name) }?.value.text
        }
    }

    enum Token {
        case object(Object)
        case prifilt(String, line: Int)
        case propfilt(String, line: Int)
        case legacyAction(String, line: Int)
        case directive(String, line: Int)
        case lbrace(line: Int)
        case rbrace(line: Int)
        case amp(line: Int)
        case ifKeyword(line: Int)
        case foreachKeyword(line: Int)
        case elseKeyword(line: Int)
        case stop(line: Int)
        /// call, call_indirect, continue, set, unset, reset, reload_lookup_table
        case statement(String, line: Int)
        case bsdSelector(String, line: Int)

        var line: Int {
            switch self {
            case .object(let o): return o.line
            case .prifilt(_, let l), .propfilt(_, let l), .legacyAction(_, let l), .directive(_, let l),
                 .lbrace(let l), .rbrace(let l), .amp(let l), .ifKeyword(let l), .foreachKeyword(let l),
                 .elseKeyword(let l), .stop(let l), .statement(_, let l), .bsdSelector(_, let l):
                return l
            }
        }
    }
}

// MARK: - Lexer

extension RsyslogParser {
    static let objectNames: Set<String> = [
        "main_queue", "timezone", "parser", "global", "template", "ruleset", "property", "constant", "input",
        "module", "lookup_table", "dyn_stats", "percentile_stats", "ratelimit", "include", "action",
    ]
    static let keywords: Set<String> = [
        "if", "foreach", "stop", "else", "call", "call_indirect", "set", "reset", "unset", "continue",
        "reload_lookup_table",
    ]

    struct Lexer {
        let b: [UInt8]
        let lineOf: [Int32]
        let file: String
        var pos = 0
        var tokens: [Token] = []
        var issues: [ParseIssue] = []

        init(text: String, file: String) {
            self.file = file
            var bytes: [UInt8] = []
            var lines: [Int32] = []
            var pre: [ParseIssue] = []
            let raw = Array(text.utf8)
            bytes.reserveCapacity(raw.count + 1)
            lines.reserveCapacity(raw.count + 1)
            // rsyslog's readConfFile: strip trailing blanks of every line; a final '\' joins the
            // next line, whose leading blanks are dropped.
            var cont = false
            var logicalIsComment = false
            var commentStart = 0
            var lineNo: Int32 = 0
            var start = 0
            while start <= raw.count {
                var end = start
                while end < raw.count, raw[end] != 10 { end += 1 }
                if start == raw.count && lineNo > 0 && raw.last == 10 { break }
                lineNo += 1
                var s = start, e = end
                if cont { while s < e, Lexer.isSpace(raw[s]) { s += 1 } }
                while e > s, Lexer.isSpace(raw[e - 1]) { e -= 1 }
                var thisCont = false
                if e > s, raw[e - 1] == 92 { e -= 1; thisCont = true }
                if cont, logicalIsComment, e > s, raw[s] != 35 {
                    pre.append(ParseIssue(path: file, line: Int(lineNo), message: "the comment on line \(commentStart) ends with '\\', so rsyslog joins this line into the comment and ignores it"))
                }
                if !cont {
                    var f = s
                    while f < e, raw[f] == 32 || raw[f] == 9 { f += 1 }
                    logicalIsComment = f < e && raw[f] == 35
                    commentStart = Int(lineNo)
                }
                if e > s {
                    bytes.append(contentsOf: raw[s..<e])
                    lines.append(contentsOf: repeatElement(lineNo, count: e - s))
                }
                if !thisCont {
                    bytes.append(10)
                    lines.append(lineNo)
                }
                cont = thisCont
                start = end + 1
            }
            if cont {
                bytes.append(10)
                lines.append(max(lineNo, 1))
            }
            b = bytes
            lineOf = lines
            issues = pre
        }

        // MARK: helpers

        static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 11 || c == 12 }
        static func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c + 32 : c }
        static func isAlpha(_ c: UInt8) -> Bool { let l = lower(c); return l >= 97 && l <= 122 }
        static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

        var n: Int { b.count }

        func line(_ p: Int) -> Int {
            guard !b.isEmpty else { return 1 }
            return Int(lineOf[min(max(p, 0), b.count - 1)])
        }
        func at(_ p: Int) -> UInt8 { p < b.count ? b[p] : 0 }
        func text(_ s: Int, _ e: Int) -> String { String(decoding: b[min(s, n)..<min(max(e, s), n)], as: UTF8.self) }
        func lowerText(_ s: Int, _ e: Int) -> String { text(s, e).lowercased() }
        func endOfLine(_ p: Int) -> Int {
            var q = p
            while q < n, b[q] != 10 { q += 1 }
            return q
        }
        func atLineStart(_ p: Int) -> Bool {
            var q = p - 1
            while q >= 0, b[q] == 32 || b[q] == 9 { q -= 1 }
            return q < 0 || b[q] == 10
        }
        func excerpt(_ s: Int, _ e: Int) -> String {
            var t = text(s, min(e, s + 60)).map { c -> Character in
                (c.isASCII && (c.asciiValue! < 32 || c.asciiValue! == 127)) ? "?" : c
            }
            if e > s + 60 { t += "…" }
            return String(t)
        }
        mutating func issue(_ line: Int, _ message: String) {
            issues.append(ParseIssue(path: file, line: line, message: message))
        }

        /// `<%`, `{%`, `{{`, `{#`: ERB / Jinja markup.
        func templateTagCloser(_ p: Int) -> [UInt8]? {
            let c = at(p), d = at(p + 1)
            if c == 60 && d == 37 { return [37, 62] }  // <% %>
            if c == 123 && d == 37 { return [37, 125] }  // {% %}
            if c == 123 && d == 123 { return [125, 125] }  // {{ }}
            if c == 123 && d == 35 { return [35, 125] }  // {# #}
            return nil
        }
        /// End of the template tag starting at p (same line), or the end of the line.
        func templateTagEnd(_ p: Int, closer: [UInt8]) -> Int {
            let eol = endOfLine(p)
            var q = p + 2
            while q + 1 < eol {
                if b[q] == closer[0], b[q + 1] == closer[1] { return q + 2 }
                q += 1
            }
            return eol
        }
        mutating func skipBlockComment() {
            let startLine = line(pos)
            var q = pos + 2
            while q + 1 < n {
                if b[q] == 42 && b[q + 1] == 47 { pos = q + 2; return }
                q += 1
            }
            issue(startLine, "comment '/*' is never closed with '*/'; rest of file not read")
            pos = n
        }
        /// Reads a quoted string starting at `p` (the quote). Returns the unescaped value and the
        /// index after the closing quote, or nil when the string never ends.
        mutating func readQuoted(_ p: Int) -> (String, Int)? {
            let q = b[p]
            var out: [UInt8] = []
            var i = p + 1
            var badEscapeReported = false
            while i < n {
                let c = b[i]
                if c == q { return (String(decoding: out, as: UTF8.self), i + 1) }
                if c == 92, i + 1 < n {  // backslash
                    let e = b[i + 1]
                    switch e {
                    case 39, 34, 63, 92, 96, 36: out.append(e)
                    case 97: out.append(7)
                    case 98: out.append(8)
                    case 102: out.append(12)
                    case 110: out.append(10)
                    case 114: out.append(13)
                    case 116: out.append(9)
                    case 118: out.append(11)
                    case 48...55:
                        var v = 0, j = i + 1, k = 0
                        while j < n, k < 3, b[j] >= 48, b[j] <= 55 { v = v * 8 + Int(b[j] - 48); j += 1; k += 1 }
                        out.append(UInt8(truncatingIfNeeded: v))
                        i = j
                        continue
                    default:
                        if !badEscapeReported {
                            issue(line(i), "invalid escape sequence '\\\(Character(Unicode.Scalar(e)))' in a string (rsyslog rejects it); kept as written")
                            badEscapeReported = true
                        }
                        out.append(c)
                        out.append(e)
                    }
                    i += 2
                    continue
                }
                out.append(c)
                i += 1
            }
            return nil
        }

        // MARK: main loop

        mutating func run() {
            while true {
                while pos < n, Lexer.isSpace(b[pos]) { pos += 1 }
                guard pos < n else { return }
                let c = b[pos]
                let lineNo = line(pos)
                let before = pos
                lexOne(c, lineNo)
                if pos <= before { pos = before + 1 }  // progress, whatever happened
            }
        }

        mutating func lexOne(_ c: UInt8, _ lineNo: Int) {
            if c == 35 {  // '#'
                pos = endOfLine(pos)
                return
            }
            if c == 47 && at(pos + 1) == 42 {  // '/*'
                skipBlockComment()
                return
            }
            if templateTagCloser(pos) != nil {
                let eol = endOfLine(pos)
                issue(lineNo, "template markup '\(excerpt(pos, eol))' is not rsyslog syntax (ERB/Jinja source?); line skipped")
                pos = eol
                return
            }
            if c == 36 {  // '$'
                if Lexer.isAlpha(at(pos + 1)) {
                    let eol = endOfLine(pos)
                    tokens.append(.directive(text(pos, eol), line: lineNo))
                    pos = eol
                } else {
                    invalid(lineNo)
                }
                return
            }
            let lineStart = atLineStart(pos)
            if lineStart, c == 58, let e = matchPropfilt(pos) {  // ':'
                tokens.append(.propfilt(text(pos, e), line: lineNo))
                pos = e
                return
            }
            if lineStart, let e = matchPrifilt(pos) {
                let u = usernameEnd(pos)
                if u <= e {
                    tokens.append(.prifilt(text(pos, e), line: lineNo))
                    pos = e
                    return
                }
            }
            switch c {
            case 123: tokens.append(.lbrace(line: lineNo)); pos += 1; return
            case 125: tokens.append(.rbrace(line: lineNo)); pos += 1; return
            case 38: tokens.append(.amp(line: lineNo)); pos += 1; return
            default: break
            }
            if Lexer.isAlpha(c) || Lexer.isDigit(c) || c == 95 {
                lexWord(lineNo)
                return
            }
            let eol = endOfLine(pos)
            switch c {
            case 126:  // '~'
                tokens.append(.legacyAction(text(pos, eol), line: lineNo)); pos = eol
            case 42:  // '*' alone (wall)
                tokens.append(.legacyAction("*", line: lineNo)); pos += 1
            case 47:  // '/path'
                tokens.append(.legacyAction(text(pos, eol), line: lineNo)); pos = eol
            case 58:  // ':module:…'
                var q = pos + 1
                while q < eol, Lexer.isAlpha(b[q]) || Lexer.isDigit(b[q]) { q += 1 }
                if q > pos + 1, at(q) == 58 {
                    tokens.append(.legacyAction(text(pos, eol), line: lineNo)); pos = eol
                } else {
                    invalid(lineNo)
                }
            case 124, 46, 45, 64, 94, 63, 62:  // | . - @ ^ ? >
                if eol > pos + 1 {
                    tokens.append(.legacyAction(text(pos, eol), line: lineNo)); pos = eol
                } else {
                    invalid(lineNo)
                }
            case 33:  // '!' BSD program selector
                tokens.append(.bsdSelector(text(pos, eol), line: lineNo)); pos = eol
            case 43:  // '+' BSD host selector
                tokens.append(.bsdSelector(text(pos, eol), line: lineNo)); pos = eol
            default:
                invalid(lineNo)
            }
        }

        /// Something rsyslog's lexer has no rule for: one issue, then resynchronise at the next line.
        mutating func invalid(_ lineNo: Int) {
            let eol = endOfLine(pos)
            issue(lineNo, "not rsyslog syntax: '\(excerpt(pos, eol))'; rest of line skipped")
            pos = eol
        }

        /// `[a-z0-9_][a-z0-9_\-\+,;]*`: rsyslog's user-list legacy action (also how keywords end).
        func usernameEnd(_ p: Int) -> Int {
            var q = p
            guard q < n, Lexer.isAlpha(b[q]) || Lexer.isDigit(b[q]) || b[q] == 95 else { return p }
            q += 1
            while q < n {
                let c = b[q]
                if Lexer.isAlpha(c) || Lexer.isDigit(c) || c == 95 || c == 45 || c == 43 || c == 44 || c == 59 { q += 1 } else { break }
            }
            return q
        }

        /// `[\*a-z][\*a-z]*[0-7]*[\.,][,!=;\.\*a-z0-7]+` (case-insensitive), at p.
        func matchPrifilt(_ p: Int) -> Int? {
            var q = p
            func isStarAlpha(_ c: UInt8) -> Bool { c == 42 || Lexer.isAlpha(c) }
            guard q < n, isStarAlpha(b[q]) else { return nil }
            while q < n, isStarAlpha(b[q]) { q += 1 }
            while q < n, b[q] >= 48, b[q] <= 55 { q += 1 }
            guard q < n, b[q] == 46 || b[q] == 44 else { return nil }
            q += 1
            let tailStart = q
            while q < n {
                let c = b[q]
                if c == 44 || c == 33 || c == 61 || c == 59 || c == 46 || c == 42 || Lexer.isAlpha(c) || (c >= 48 && c <= 55) { q += 1 } else { break }
            }
            return q > tailStart ? q : nil
        }

        /// `:\$?[a-z\-]+[ ]*,[ ]*!?[a-z]+[ ]*,[ ]*"(\\"|[^"])*"` at p.
        func matchPropfilt(_ p: Int) -> Int? {
            var q = p + 1
            if at(q) == 36 { q += 1 }
            let nameStart = q
            while q < n, Lexer.isAlpha(b[q]) || b[q] == 45 { q += 1 }
            guard q > nameStart else { return nil }
            while at(q) == 32 { q += 1 }
            guard at(q) == 44 else { return nil }
            q += 1
            while at(q) == 32 { q += 1 }
            if at(q) == 33 { q += 1 }
            let opStart = q
            while q < n, Lexer.isAlpha(b[q]) { q += 1 }
            guard q > opStart else { return nil }
            while at(q) == 32 { q += 1 }
            guard at(q) == 44 else { return nil }
            q += 1
            while at(q) == 32 { q += 1 }
            guard at(q) == 34 else { return nil }
            q += 1
            while q < n {
                if b[q] == 92, at(q + 1) == 34 { q += 2; continue }
                if b[q] == 34 { return q + 1 }
                q += 1
            }
            return nil
        }

        mutating func lexWord(_ lineNo: Int) {
            // An object: name, optional blanks (newlines too), '('.
            var identEnd = pos
            while identEnd < n, Lexer.isAlpha(b[identEnd]) || Lexer.isDigit(b[identEnd]) || b[identEnd] == 95 { identEnd += 1 }
            let ident = lowerText(pos, identEnd)
            var q = identEnd
            while q < n, Lexer.isSpace(b[q]) { q += 1 }
            if q < n, b[q] == 40, !RsyslogParser.keywords.contains(ident) {
                if RsyslogParser.objectNames.contains(ident) {
                    lexObject(ident, paren: q, line: lineNo, known: true)
                } else {
                    issue(lineNo, "'\(RsyslogParser.short(ident))(' is not an rsyslog object; skipped up to its ')'")
                    lexObject(RsyslogParser.short(ident), paren: q, line: lineNo, known: false)
                }
                return
            }
            let wEnd = usernameEnd(pos)
            let word = lowerText(pos, wEnd)
            guard RsyslogParser.keywords.contains(word) else {
                tokens.append(.legacyAction(text(pos, wEnd), line: lineNo))
                pos = wEnd
                return
            }
            pos = wEnd
            switch word {
            case "if":
                tokens.append(.ifKeyword(line: lineNo))
                scanExpression(until: "then", keyword: "if", line: lineNo)
            case "foreach":
                tokens.append(.foreachKeyword(line: lineNo))
                scanExpression(until: "do", keyword: "foreach", line: lineNo)
            case "stop":
                tokens.append(.stop(line: lineNo))
            case "else":
                tokens.append(.elseKeyword(line: lineNo))
            case "continue":
                tokens.append(.statement(word, line: lineNo))
            case "call":
                while pos < n, Lexer.isSpace(b[pos]) { pos += 1 }
                let s = pos
                while pos < n, Lexer.isAlpha(b[pos]) || Lexer.isDigit(b[pos]) || b[pos] == 45 || b[pos] == 95 || b[pos] == 46 { pos += 1 }
                if pos == s { issue(lineNo, "'call' without a ruleset name") }
                tokens.append(.statement("call", line: lineNo))
            case "reload_lookup_table":
                let eol = endOfLine(pos)
                var r = pos
                while r < eol, b[r] != 41 { r += 1 }
                if r < eol { pos = r + 1 } else { issue(lineNo, "reload_lookup_table without ')'"); pos = eol }
                tokens.append(.statement(word, line: lineNo))
            default:  // call_indirect, set, reset, unset: expression up to ';'
                tokens.append(.statement(word, line: lineNo))
                scanExpression(until: ";", keyword: word, line: lineNo)
            }
        }

        /// Skips an expression (rsyslog's EXPR state) up to `then` / `do` / `;`.
        mutating func scanExpression(until terminator: String, keyword: String, line kwLine: Int) {
            let resync = endOfLine(pos)
            while pos < n {
                let c = b[pos]
                if Lexer.isSpace(c) { pos += 1; continue }
                if c == 39 || c == 34 || c == 96 {
                    if let (_, e) = readQuoted(pos) { pos = e; continue }
                    issue(line(pos), "string in '\(keyword)' expression is never closed")
                    pos = max(endOfLine(pos), resync)
                    return
                }
                if c == 47 && at(pos + 1) == 42 { skipBlockComment(); continue }
                if let closer = templateTagCloser(pos) {
                    let e = templateTagEnd(pos, closer: closer)
                    issue(line(pos), "template markup '\(excerpt(pos, e))' inside an '\(keyword)' expression is not rsyslog syntax; skipped")
                    pos = e
                    continue
                }
                if c == 36 {  // variable
                    pos += 1
                    if pos < n, b[pos] == 36 || b[pos] == 33 || b[pos] == 46 || b[pos] == 47 { pos += 1 }
                    while pos < n {
                        let d = b[pos]
                        if Lexer.isAlpha(d) || Lexer.isDigit(d) || d == 95 || d == 64 || d == 33 || d == 45 || d == 46 || d == 91 || d == 93 { pos += 1 } else { break }
                    }
                    continue
                }
                if Lexer.isAlpha(c) {
                    let s = pos
                    while pos < n, Lexer.isAlpha(b[pos]) || Lexer.isDigit(b[pos]) || b[pos] == 95 { pos += 1 }
                    if lowerText(s, pos) == terminator { return }
                    continue
                }
                if terminator == ";" && c == 59 { pos += 1; return }
                if c == 123 || c == 125 {
                    issue(kwLine, "'\(keyword)' without '\(terminator)' before '\(Character(Unicode.Scalar(c)))' on line \(line(pos))")
                    return
                }
                if c == 35 {
                    issue(line(pos), "'#' inside an '\(keyword)' expression is not a comment for rsyslog (invalid character); rest of line skipped")
                    pos = endOfLine(pos)
                    continue
                }
                pos += 1
            }
            issue(kwLine, "'\(keyword)' without '\(terminator)' before the end of the file; reading resumes on the next line")
            pos = resync
        }

        // MARK: objects

        mutating func lexObject(_ name: String, paren: Int, line openLine: Int, known: Bool) {
            pos = paren + 1
            var params: [Param] = []
            var ok = known
            var commaReported = false
            func finish(_ lexer: inout Lexer) {
                // Duplicates: rsyslog takes one and rejects the other ("parameter not known").
                var seen: Set<String> = []
                for p in params.reversed() where !seen.insert(p.name).inserted {
                    lexer.issue(p.line, "parameter '\(RsyslogParser.short(p.name))' given more than once in \(name)(…); the last one is read")
                }
                lexer.tokens.append(.object(Object(name: name, params: params, line: openLine, ok: ok)))
            }
            while true {
                while pos < n, Lexer.isSpace(b[pos]) { pos += 1 }
                guard pos < n else {
                    issue(openLine, "'\(name)(' is never closed with ')'; not read")
                    ok = false
                    finish(&self)
                    return
                }
                let c = b[pos]
                if c == 41 { pos += 1; finish(&self); return }  // ')'
                if c == 35 { pos = endOfLine(pos); continue }
                if c == 47 && at(pos + 1) == 42 { skipBlockComment(); continue }
                if let closer = templateTagCloser(pos) {
                    let e = templateTagEnd(pos, closer: closer)
                    issue(line(pos), "template markup '\(excerpt(pos, e))' inside \(name)(…) is not rsyslog syntax; skipped")
                    pos = e
                    continue
                }
                if Lexer.isAlpha(c) {
                    let s = pos
                    var q = pos
                    while q < n, Lexer.isAlpha(b[q]) || Lexer.isDigit(b[q]) || b[q] == 95 || b[q] == 46 { q += 1 }
                    let pname = lowerText(s, q)
                    var r = q
                    while r < n, Lexer.isSpace(b[r]) { r += 1 }
                    guard r < n, b[r] == 61 else {
                        if atLineStart(s) {
                            issue(openLine, "'\(name)(' is not closed before line \(line(s)); not read")
                            ok = false
                            finish(&self)
                            pos = s
                            return
                        }
                        issue(line(s), "'\(RsyslogParser.short(pname))' without '=' in \(name)(…)")
                        pos = q
                        continue
                    }
                    pos = r + 1
                    while pos < n, Lexer.isSpace(b[pos]) { pos += 1 }
                    let valueLine = line(s)
                    guard let value = readValue(pname, objectName: name, objectLine: openLine) else {
                        ok = false
                        finish(&self)
                        return
                    }
                    params.append(Param(name: pname, value: value, line: valueLine))
                    continue
                }
                if c == 44 {
                    if !commaReported {
                        issue(line(pos), "',' between parameters of \(name)(…) is not rsyslog syntax (parameters are separated by blanks)")
                        commaReported = true
                    }
                    pos += 1
                    continue
                }
                if atLineStart(pos) {
                    issue(openLine, "'\(name)(' is not closed before line \(line(pos)); not read")
                    ok = false
                    finish(&self)
                    return
                }
                var e = pos
                while e < n, !Lexer.isSpace(b[e]), b[e] != 41 { e += 1 }
                issue(line(pos), "'\(excerpt(pos, e))' in \(name)(…) is not rsyslog syntax; skipped")
                pos = max(e, pos + 1)
            }
        }

        /// Whether the text at `p` can follow a parameter value: `)`, another `name=`, a comment,
        /// the end of an array, or the end of the file.
        func plausibleAfterValue(_ p: Int) -> Bool {
            var q = p
            while q < n, Lexer.isSpace(b[q]) { q += 1 }
            guard q < n else { return true }
            let c = b[q]
            if c == 41 || c == 93 || c == 44 || c == 35 || (c == 47 && at(q + 1) == 42) { return true }
            guard Lexer.isAlpha(c) else { return false }
            while q < n, Lexer.isAlpha(b[q]) || Lexer.isDigit(b[q]) || b[q] == 95 || b[q] == 46 { q += 1 }
            while q < n, Lexer.isSpace(b[q]) { q += 1 }
            return q < n && b[q] == 61
        }

        /// A parameter value at `pos`. nil when a string never ends (the object is then dropped
        /// and reading resumes on the line after the opening quote).
        mutating func readValue(_ pname: String, objectName: String, objectLine: Int) -> Value? {
            guard pos < n else { return .string("", backtick: false) }
            let c = b[pos]
            let valueLine = line(pos)
            switch c {
            case 34, 39, 96:
                // A string may span lines, but when what follows its end cannot continue the
                // object, the quote on this line was never closed: resynchronise on the next line.
                guard let (s, e) = readQuoted(pos), !s.contains("\n") || plausibleAfterValue(e) else {
                    issue(valueLine, "string value of '\(RsyslogParser.short(pname))' is never closed; \(objectName)(…) not read")
                    pos = min(endOfLine(pos) + 1, n)
                    return nil
                }
                if c == 39 {
                    issue(valueLine, "'\(RsyslogParser.short(pname))' is single-quoted: rsyslog only accepts double quotes in \(objectName)(…) and rejects this; value read as written")
                }
                pos = e
                return .string(s, backtick: c == 96)
            case 91:  // array
                pos += 1
                var items: [String] = []
                while true {
                    while pos < n, Lexer.isSpace(b[pos]) { pos += 1 }
                    guard pos < n else {
                        issue(valueLine, "array value of '\(RsyslogParser.short(pname))' is never closed with ']'")
                        return nil
                    }
                    let d = b[pos]
                    if d == 93 { pos += 1; break }
                    if d == 44 { pos += 1; continue }
                    if d == 34 || d == 39 {
                        guard let (s, e) = readQuoted(pos) else {
                            issue(line(pos), "string in array '\(RsyslogParser.short(pname))' is never closed")
                            pos = min(endOfLine(pos) + 1, n)
                            return nil
                        }
                        items.append(s)
                        pos = e
                        continue
                    }
                    issue(line(pos), "array '\(RsyslogParser.short(pname))' must hold quoted strings only; rest of the array skipped")
                    while pos < n, b[pos] != 93, b[pos] != 41, b[pos] != 10 { pos += 1 }
                    if pos < n, b[pos] == 93 { pos += 1 }
                    break
                }
                return .array(items)
            default:
                // Unquoted: rsyslog rejects it; read it as written up to a blank or ')'.
                let s = pos
                while pos < n, !Lexer.isSpace(b[pos]), b[pos] != 41 {
                    if let closer = templateTagCloser(pos) {
                        pos = max(templateTagEnd(pos, closer: closer), pos + 1)
                    } else {
                        pos += 1
                    }
                }
                let v = text(s, pos)
                issue(valueLine, "value of '\(RsyslogParser.short(pname))' is not quoted ('\(excerpt(s, pos))'); rsyslog rejects it")
                return .string(v, backtick: false)
            }
        }
    }
}

// MARK: - Interpreter

extension RsyslogParser {
    /// Action types that neither forward syslog nor write a file, understood and not graded.
    static let quietActionTypes: Set<String> = [
        "omdiscard", "omusrmsg", "ompipe", "omprog", "omstdout", "omjournal", "omuxsock", "omtesting", "omshell",
        "mmutf8fix", "mmjsonparse", "mmnormalize", "mmanon", "mmfields", "mmpstrucdata", "mmrm1stspace",
        "mmsequence", "mmexternal", "mmaudit", "mmcount", "mmdblookup", "mmkubernetes", "mmrfc5424addhmac",
        "mmsnmptrapd", "mmtaghostname", "mmdarwin", "mmleefparse", "mmjsontransform", "mmsnareparse", "mmaitag",
        "ommail", "omsnmp",
    ]
    /// Action types that ship logs off the host by other means than syslog (not read as forwards).
    static let offHostActionTypes: Set<String> = [
        "omelasticsearch", "omkafka", "omhttp", "omclickhouse", "omamqp1", "omrabbitmq", "omazureeventhubs",
        "omazuredce", "ommongodb", "omhiredis", "ommysql", "ompgsql", "omlibdbi", "omoracle", "omhdfs",
        "omgssapi", "omudpspoof", "omdtls", "omsendertrack", "omfile-hardened", "omczmq", "omzmq3", "omgcp",
    ]
    /// Legacy `:module:` actions understood and not graded.
    static let quietLegacyModules: Set<String> = [
        "omusrmsg", "omstdout", "omdiscard", "omprog", "ompipe", "omjournal", "omuxsock", "ommail", "omsnmp",
        "omtesting", "omshell",
    ]
    /// Legacy directives that do not bear on forwarding, files or modes.
    static let harmlessDirectives: Set<String> = [
        "workdirectory", "repeatedmsgreduction", "repeatedmsgcontainsoriginalmsg", "fileowner", "filegroup",
        "fileownernum", "filegroupnum", "dirowner", "dirgroup", "dirownernum", "dirgroupnum", "umask",
        "privdroptouser", "privdroptogroup", "privdroptouserid", "privdroptogroupid", "actionfiledefaulttemplate",
        "actionforwarddefaulttemplate", "actionfileenablesync", "actionname", "createdirs", "failonchownfailure",
        "dynafilecachesize", "defaultnetstreamdrivercafile", "defaultnetstreamdrivercertfile",
        "defaultnetstreamdriverkeyfile", "defaultnetstreamdrivercrlfile", "actionsendstreamdriverauthmode",
        "actionsendstreamdriverpermittedpeer", "actionsendstreamdriverpermittedpeers",
        "actionsendresendlastmsgonreconnect", "actionsendtcprebindinterval", "actionsendudprebindinterval",
        "escapecontrolcharactersonreceive", "controlcharacterescapeprefix", "droptrailinglfonreception",
        "escape8bitcharactersonreceive", "escapecontrolcharactertab", "preservefqdn", "maxmessagesize",
        "localhostname", "omitlocallogging", "markmessageperiod", "optimizeforuniprocessor", "allowedsender",
        "abortonuncleanconfig", "debugprintcfsyslinehandlerlist", "debugprintmodulelist", "debugprinttemplatelist",
        "generateconfiggraph", "rulesetcreatemainqueue", "rulesetparser", "defaultruleset", "errormessagestostderr",
        "maxopenfiles", "moddir", "udpserverrun", "udpserveraddress", "udpservertimerequery", "inputfiletag",
        "inputfilestatefile", "inputfileseverity", "inputfilefacility", "inputfilepollinterval",
        "inputfilepersiststateinterval", "inputfilemaxlinesatonce", "inputfilemaxsubmitatonce",
        "inputfilereadmode", "inputfilebindruleset", "inputfileprocessdeletedfiles", "imjournalstatefile",
        "imjournalignorepreviousmessages", "imjournalratelimitinterval", "imjournalratelimitburst",
        "imjournalpersiststateinterval", "imjournaldefaultseverity", "imjournaldefaultfacility",
        "omfileziplevel", "omfileflushinterval", "omfileasyncwriting", "omfileflushontxend", "omfileiobuffersize",
        "omfileaddlf", "kloglocalipif", "klogpermitnonkernelfacility", "klogconsoleloglevel", "klogusesyscallinterface",
        "klogpath", "klogratelimitinterval", "klogratelimitburst", "systemlogsocketname", "systemlogratelimitinterval",
        "systemlogratelimitburst", "systemlogratelimitseverity", "systemlogusesystimestamp", "systemlogsocketannotate",
        "systemlogsocketflowcontrol", "systemlogparsetrusted", "systemlogusepidfromsystem",
        "systemlogsocketignoremsgtimestamp", "imuxsockratelimitinterval", "imuxsockratelimitburst",
        "imuxsockratelimitseverity", "imuxsocklocalipif", "addunixlistensocket", "inputunixlistensocketcreatepath",
        "inputunixlistensockethostname", "inputunixlistensocketusepidfromsystem", "inputunixlistensocketflowcontrol",
        "actionexeconlywhenpreviousissuspended", "actionexeconlyonceeveryinterval", "actionexeconlyeverynthtime",
        "actionexeconlyeverynthtimetimeout", "actionresumeinterval", "actionresumeretrycount",
        "actionwriteallmarkmessages", "actionreportsuspension", "actionreportsuspensioncontinuation",
        "inputtcpserverrun", "inputtcpmaxsessions", "inputtcpserverstreamdrivermode",
        "inputtcpserverstreamdriverauthmode", "inputtcpserverstreamdriverpermittedpeer",
        "inputtcpserverbindruleset", "inputtcpserveraddtlframedelimiter", "inputtcpserverdisablelfdelimiter",
        "inputtcpserverinputname", "inputtcpserversupportoctetcountedframing", "inputtcpservernotifyonconnectionclose",
        "inputtcpserverkeepalive", "inputtcpflowcontrol", "inputtcpmaxlisteners", "inputptcpserverrun",
        "inputptcpserverbindruleset", "inputptcpserverinputname", "inputptcpserveraddress",
        "inputudpserverrun", "inputudpserverbindruleset", "inputudpserveraddress", "inputrelpserverrun",
        "inputrelpserverbindruleset", "actionomprogbinary", "actionommailsmtpserver", "actionommailsmtpport",
        "actionommailfrom", "actionommailto", "actionommailsubject", "actionommailenablebody",
        "actiongssforwarddefaulttemplate", "gsslistenservicename", "gssforwardservicename", "gssmode",
        "mainmsgqueuetype", "mainmsgqueuesize", "mainmsgqueuefilename", "mainmsgqueuemaxdiskspace",
        "mainmsgqueuesaveonshutdown", "mainmsgqueuehighwatermark", "mainmsgqueuelowwatermark",
        "mainmsgqueuediscardmark", "mainmsgqueuediscardseverity", "mainmsgqueueworkerthreads",
        "mainmsgqueuetimeoutenqueue", "mainmsgqueuetimeoutshutdown", "mainmsgqueuedequeuebatchsize",
        "mainmsgqueuemaxfilesize", "mainmsgqueuecheckpointinterval", "mainmsgqueuesyncqueuefiles",
        "mainmsgqueuedequeueslowdown", "mainmsgqueuetimeoutactioncompletion", "mainmsgqueueworkertimeoutthreadshutdown",
        "mainmsgqueueworkerthreadminimummessages", "mainmsgqueueimmediateshutdown", "mainmsgqueuedequeuetimebegin",
        "mainmsgqueuedequeuetimeend", "actionqueuetype", "actionqueuesize", "actionqueuefilename",
        "actionqueuemaxdiskspace", "actionqueuesaveonshutdown", "actionqueuehighwatermark", "actionqueuelowwatermark",
        "actionqueuediscardmark", "actionqueuediscardseverity", "actionqueueworkerthreads", "actionqueuetimeoutenqueue",
        "actionqueuetimeoutshutdown", "actionqueuedequeuebatchsize", "actionqueuemaxfilesize",
        "actionqueuecheckpointinterval", "actionqueuesyncqueuefiles", "actionqueuedequeueslowdown",
        "actionqueuetimeoutactioncompletion", "actionqueueworkertimeoutthreadshutdown",
        "actionqueueworkerthreadminimummessages", "actionqueueimmediateshutdown", "actionqueuedequeuetimebegin",
        "actionqueuedequeuetimeend", "actionqueuespooldirectory", "hupisrestart", "processinternalmessages",
        "netstreamdriverpermittedpeer", "lmodloadtimeout", "resetconfigvariables",
    ]

    struct Context {
        /// Selector to record for actions here (nil inside `if`/`foreach`).
        var selector: String?
        var ruleset: String?
        /// Inside a filter, `then` or after `&`: a bare word is an intended user-list action.
        var filtered: Bool
        var depth: Int
    }

    struct TemplateUse {
        enum Ref { case forward(Int), file(Int) }
        var ref: Ref
        var name: String
        var line: Int
        var dynaFile: Bool
    }

    struct PendingForward {
        var index: Int
        var driver: String?
        var mode: String?
        var line: Int
    }

    struct Interpreter {
        let tokens: [Token]
        let file: String
        var i = 0
        var facts: SyslogFacts
        var issues: [ParseIssue] = []

        // Legacy ($Directive) state, in effect for the legacy actions after it.
        var legacyFileMode: UInt32?
        var legacyDriver: String?
        var legacyDriverMode: String?
        var legacyRuleset: String?
        var legacyImfile: (path: String, line: Int)?
        // omfile module defaults for RainerScript actions.
        var moduleFileMode: UInt32?
        // Global default netstream driver: last one set wins.
        var globalDriver: String?
        /// Templates defined in this file: first definition's string (string templates) and line.
        var templates: [String: (text: String?, line: Int)] = [:]
        var loadedModules: Set<String> = []
        var outchannels: [String: String] = [:]
        var pendingForwards: [PendingForward] = []
        /// Actions that name a template (template=, dynaFile=, `;Template`, `?DynaFile`).
        var templateUses: [TemplateUse] = []
        var nesting = 0
        var aborted = false
        static let maxNesting = 64

        init(tokens: [Token], file: String) {
            self.tokens = tokens
            self.file = file
            self.facts = SyslogFacts(file: file)
        }

        mutating func issue(_ line: Int, _ message: String) {
            // After giving up on too deep a nesting, the unclosed blocks it leaves are no news.
            guard !aborted else { return }
            issues.append(ParseIssue(path: file, line: line, message: message))
        }

        /// Next non-directive token; directives met on the way take effect now (as rsyslog's
        /// lexer applies them while scanning).
        mutating func peek() -> Token? {
            while i < tokens.count, case .directive(let text, let line) = tokens[i] {
                i += 1
                directive(text, line: line)
            }
            return i < tokens.count ? tokens[i] : nil
        }
        mutating func advance() { i += 1 }

        mutating func run() {
            while let t = peek() {
                let before = i
                switch t {
                case .object(let o) where o.name != "action" && o.name != "include":
                    advance()
                    declarative(o)
                case .bsdSelector(let s, let line):
                    advance()
                    issue(line, "BSD-style selector '\(RsyslogParser.short(s))' is not read by auditpack; the selectors of the actions after it may be narrower than recorded")
                case .rbrace(let line):
                    advance()
                    issue(line, "'}' without a matching '{'")
                default:
                    statement(Context(selector: "*.*", ruleset: legacyRuleset, filtered: false, depth: 0))
                }
                if i == before { advance() }
            }
            finish()
        }

        // MARK: statements

        /// One statement. Consumes at least one token unless the next one is `}` or the end.
        mutating func statement(_ ctx: Context) {
            guard let t = peek() else { return }
            // Filters and blocks recurse; bound the depth so hostile input cannot exhaust the stack.
            nesting += 1
            defer { nesting -= 1 }
            guard nesting <= Interpreter.maxNesting else {
                issue(t.line, "filters and blocks nested deeper than \(Interpreter.maxNesting) levels; rest of the file not read")
                aborted = true
                i = tokens.count
                return
            }
            switch t {
            case .object(let o) where o.name == "action":
                advance()
                action(o, ctx)
                chain(ctx)
            case .legacyAction(let s, let line):
                advance()
                legacyAction(s, line: line, ctx)
                chain(ctx)
            case .stop:
                advance()
                chain(ctx)
            case .statement(let kind, _):
                advance()
                if kind == "call" || kind == "call_indirect" || kind == "continue" { chain(ctx) }
            case .ifKeyword:
                advance()
                var inner = ctx
                inner.selector = nil
                inner.filtered = true
                block(inner, after: "if … then", line: t.line)
                if case .elseKeyword(let l)? = peek() {
                    advance()
                    block(inner, after: "else", line: l)
                }
            case .foreachKeyword:
                advance()
                var inner = ctx
                inner.selector = nil
                inner.filtered = true
                block(inner, after: "foreach … do", line: t.line)
            case .prifilt(let s, let line), .propfilt(let s, let line):
                advance()
                var inner = ctx
                if inner.selector != nil { inner.selector = s }
                inner.filtered = true
                block(inner, after: "selector '\(RsyslogParser.short(s))'", line: line)
            case .object(let o) where o.name == "include":
                advance()
                include(o)
            case .object(let o):
                advance()
                if ctx.depth > 0 {
                    issue(o.line, "\(o.name)(…) is not permitted inside a block (rsyslog rejects it); not read")
                } else {
                    declarative(o)
                }
            case .lbrace(let line):
                issue(line, "'{' without a filter in front of it (rsyslog rejects this)")
                block(ctx, after: "'{'", line: line)
            case .rbrace:
                return
            case .elseKeyword(let line):
                advance()
                issue(line, "'else' without a preceding 'if … then'")
            case .amp(let line):
                advance()
                issue(line, "'&' without a preceding action")
            case .bsdSelector(let s, let line):
                advance()
                issue(line, "BSD-style selector '\(RsyslogParser.short(s))' is not read by auditpack")
            case .directive:
                advance()  // not reached: peek() consumes directives
            }
        }

        /// `& action` continuations of an action list.
        mutating func chain(_ ctx: Context) {
            while case .amp(let line)? = peek() {
                advance()
                var inner = ctx
                inner.filtered = true
                switch peek() {
                case .object(let o)? where o.name == "action":
                    advance()
                    action(o, inner)
                case .legacyAction(let s, let l)?:
                    advance()
                    legacyAction(s, line: l, inner)
                case .stop?:
                    advance()
                case .statement(let kind, _)? where kind == "call" || kind == "call_indirect" || kind == "continue":
                    advance()
                default:
                    issue(line, "'&' not followed by an action")
                }
            }
        }

        /// What follows a filter, `then`, `else` or `do`: a statement or `{ … }`.
        mutating func block(_ ctx: Context, after what: String, line: Int) {
            guard let t = peek() else {
                issue(line, "\(what) without an action before the end of the file")
                return
            }
            switch t {
            case .lbrace(let open):
                advance()
                var inner = ctx
                inner.depth += 1
                while let u = peek() {
                    if case .rbrace = u { advance(); return }
                    let before = i
                    statement(inner)
                    if i == before { advance() }
                }
                issue(open, "'{' is never closed with '}'")
            case .rbrace, .elseKeyword, .amp, .bsdSelector:
                issue(line, "\(what) without an action")
            case .object(let o) where o.name != "action" && o.name != "include":
                issue(line, "\(what) without an action (\(o.name)(…) cannot follow it)")
            default:
                statement(ctx)
            }
        }

        // MARK: objects

        /// config.enabled: false only when literally off; a value decided at startup (backticks) is
        /// read as enabled, with an issue.
        mutating func enabled(_ o: Object) -> Bool {
            guard let p = o.param("config.enabled") else { return true }
            if case .string(let s, let backtick) = p.value, backtick {
                issue(p.line, "\(o.name)(…) is enabled only if `\(RsyslogParser.short(s))` gives \"on\" at startup; read as enabled")
                return true
            }
            switch (p.value.text ?? "").lowercased() {
            case "on", "yes", "1", "true": return true
            case "off", "no", "0", "false": return false
            default:
                issue(p.line, "config.enabled=\"\(RsyslogParser.short(p.value.text ?? ""))\" not understood; read as enabled")
                return true
            }
        }

        mutating func declarative(_ o: Object) {
            guard o.ok, enabled(o) else {
                if o.name == "ruleset" || o.name == "template" { skipBraceBlock(afterObjectLine: o.line) }
                return
            }
            switch o.name {
            case "module":
                guard let load = o.string("load") else {
                    issue(o.line, "module(…) without load=")
                    return
                }
                let m = RsyslogParser.normaliseModule(load)
                loadModule(m, line: o.line)
                if m == "builtin:omfile" || m == "omfile" {
                    if let p = o.param("filecreatemode"), let mode = mode(p, what: "fileCreateMode") {
                        facts.createModes.append(ModeSetting(mode: mode, line: p.line))
                        moduleFileMode = mode
                    }
                    if let p = o.param("dircreatemode"), let mode = mode(p, what: "dirCreateMode") {
                        facts.dirCreateModes.append(ModeSetting(mode: mode, line: p.line))
                    }
                }
            case "input":
                let type = RsyslogParser.normaliseModule(o.string("type") ?? "")
                if type.isEmpty { issue(o.line, "input(…) without type=") }
                if type == "imfile" {
                    guard let path = o.string("file") else {
                        issue(o.line, "input(type=\"imfile\") without File=")
                        return
                    }
                    facts.imfileInputs.append(SyslogFileAction(path: path, selector: nil, line: o.line, ruleset: o.string("ruleset")))
                }
            case "global":
                if let p = o.param("defaultnetstreamdriver") {
                    globalDriver = p.value.text?.lowercased()
                }
            case "template":
                if let name = o.string("name") {
                    let isString = (o.string("type") ?? "string").lowercased() == "string"
                    defineTemplate(name, text: isString ? o.string("string") : nil, line: o.line)
                } else {
                    issue(o.line, "template(…) without name=")
                }
                if case .lbrace? = peek() { skipBraceBlock(afterObjectLine: o.line) }
            case "ruleset":
                let name = o.string("name")
                if name == nil { issue(o.line, "ruleset(…) without name=") }
                guard case .lbrace(let open)? = peek() else {
                    issue(o.line, "ruleset(…) without '{ … }' (rsyslog rejects this)")
                    return
                }
                advance()
                let rs = name.flatMap { $0 == "RSYSLOG_DefaultRuleset" ? nil : $0 }
                let ctx = Context(selector: "*.*", ruleset: rs, filtered: false, depth: 1)
                while let u = peek() {
                    if case .rbrace = u { advance(); return }
                    let before = i
                    statement(ctx)
                    if i == before { advance() }
                }
                issue(open, "'{' of ruleset \(RsyslogParser.short(name ?? "")) is never closed with '}'")
            case "property", "constant":
                issue(o.line, "\(o.name)(…) outside a template(…) { … } block; not read")
            case "include":
                include(o)
            default:
                break  // main_queue, timezone, parser, lookup_table, dyn_stats, …: nothing graded
            }
        }

        /// Consumes `{ … }` after a template or a skipped ruleset, balancing braces.
        mutating func skipBraceBlock(afterObjectLine line: Int) {
            guard case .lbrace? = peek() else { return }
            advance()
            var depth = 1
            while i < tokens.count {
                let t = tokens[i]
                i += 1
                if case .lbrace = t { depth += 1 }
                if case .rbrace = t { depth -= 1; if depth == 0 { return } }
            }
            issue(line, "'{' after the object on this line is never closed with '}'")
        }

        mutating func include(_ o: Object) {
            guard o.ok, enabled(o) else { return }
            if let f = o.string("file") {
                facts.includes.append(IncludeRef(path: f, line: o.line))
            } else if let p = o.param("text") {
                issue(p.line, "include(text=…) adds configuration only known at startup; not read")
            } else {
                issue(o.line, "include(…) without file= or text=")
            }
        }

        mutating func mode(_ p: Param, what: String) -> UInt32? {
            let v = p.value.text ?? ""
            if let m = RsyslogParser.parseMode(v) { return m }
            if RsyslogParser.isPlaceholder(v) {
                issue(p.line, "\(what) \"\(RsyslogParser.short(v))\" is a template placeholder; mode not known")
            } else {
                issue(p.line, "\(what) \"\(RsyslogParser.short(v))\" is not a file mode (rsyslog wants 4 or 5 octal digits starting with 0, e.g. 0640)")
            }
            return nil
        }

        mutating func action(_ o: Object, _ ctx: Context) {
            guard o.ok, enabled(o) else { return }
            guard let rawType = o.string("type") else {
                issue(o.line, "action(…) without type=")
                return
            }
            var type = rawType.lowercased()
            if type.hasPrefix("builtin:") { type = String(type.dropFirst(8)) }
            switch type {
            case "omfwd":
                guard let tp = o.param("target") else {
                    issue(o.line, "omfwd action without target=; not read")
                    return
                }
                let protocolValue = (o.string("protocol") ?? "udp").lowercased()
                guard protocolValue == "udp" || protocolValue == "tcp" else {
                    issue(o.param("protocol")?.line ?? o.line, "omfwd protocol \"\(RsyslogParser.short(protocolValue))\" not understood (udp or tcp); forward not read")
                    return
                }
                let ports = o.param("port")?.value.list ?? []
                let driver = o.string("streamdriver", "streamdriver.name")
                let mode = o.string("streamdrivermode", "streamdriver.mode")
                for (k, target) in tp.value.list.enumerated() {
                    let port = ports.isEmpty ? nil : ports[min(k, ports.count - 1)]
                    guard addForward(SyslogForward(target: target, port: port, transport: protocolValue, tls: false,
                                                   selector: ctx.selector, line: o.line, ruleset: ctx.ruleset)) else { continue }
                    useTemplate(o.string("template"), .forward(facts.forwards.count - 1), line: o.line)
                    if protocolValue == "tcp" {
                        pendingForwards.append(PendingForward(index: facts.forwards.count - 1, driver: driver, mode: mode, line: o.line))
                    }
                }
            case "omrelp":
                guard let target = o.string("target") else {
                    issue(o.line, "omrelp action without target=; not read")
                    return
                }
                var tls = false
                if let p = o.param("tls") {
                    switch (p.value.text ?? "").lowercased() {
                    case "on", "yes", "1", "true": tls = true
                    case "off", "no", "0", "false": tls = false
                    default:
                        issue(p.line, "omrelp tls=\"\(RsyslogParser.short(p.value.text ?? ""))\" not understood (on/off); read as off")
                    }
                }
                if addForward(SyslogForward(target: target, port: o.string("port"), transport: "relp", tls: tls,
                                            selector: ctx.selector, line: o.line, ruleset: ctx.ruleset)) {
                    useTemplate(o.string("template"), .forward(facts.forwards.count - 1), line: o.line)
                }
            case "omfile":
                var fileMode = moduleFileMode
                if let p = o.param("filecreatemode"), let m = mode(p, what: "fileCreateMode") {
                    facts.createModes.append(ModeSetting(mode: m, line: p.line))
                    fileMode = m
                }
                if let p = o.param("dircreatemode"), let m = mode(p, what: "dirCreateMode") {
                    facts.dirCreateModes.append(ModeSetting(mode: m, line: p.line))
                }
                if let dyna = o.string("dynafile") {
                    if addFile(SyslogFileAction(path: "?" + dyna, selector: ctx.selector, line: o.line, ruleset: ctx.ruleset, createMode: fileMode)) {
                        useTemplate(dyna, .file(facts.fileActions.count - 1), line: o.line, dynaFile: true)
                        useTemplate(o.string("template"), .file(facts.fileActions.count - 1), line: o.line)
                    }
                } else if let f = o.string("file") {
                    if addFile(SyslogFileAction(path: f, selector: ctx.selector, line: o.line, ruleset: ctx.ruleset, createMode: fileMode)) {
                        useTemplate(o.string("template"), .file(facts.fileActions.count - 1), line: o.line)
                    }
                } else {
                    issue(o.line, "omfile action without file= or dynaFile=; not read")
                }
            case _ where RsyslogParser.quietActionTypes.contains(type):
                break
            case _ where RsyslogParser.offHostActionTypes.contains(type):
                issue(o.line, "action type \(type) sends logs off the host but is not a syslog forward; not read as one")
            default:
                issue(o.line, "action type '\(RsyslogParser.short(rawType))' not understood; not read as a forward or a file")
            }
        }

        /// Records a forward unless its target cannot be a host name (binary junk, stray text).
        @discardableResult
        mutating func addForward(_ f: SyslogForward) -> Bool {
            guard RsyslogParser.plausibleHost(f.target) else {
                issue(f.line, "forward target '\(f.target.prefix(60))' is not a host name or address; not read")
                return false
            }
            facts.forwards.append(f)
            return true
        }

        @discardableResult
        mutating func addFile(_ a: SyslogFileAction) -> Bool {
            guard RsyslogParser.plausiblePath(a.path) else {
                issue(a.line, "file name '\(a.path.prefix(60))' has control characters; not read")
                return false
            }
            facts.fileActions.append(a)
            return true
        }

        mutating func loadModule(_ m: String, line: Int) {
            guard loadedModules.insert(m).inserted else {
                issue(line, "module \(RsyslogParser.short(m)) is loaded a second time (rsyslog rejects the second load)")
                return
            }
            facts.modules.append(m)
        }

        mutating func defineTemplate(_ name: String, text: String?, line: Int) {
            let key = name.lowercased()
            if templates[key] != nil {
                issue(line, "template \(RsyslogParser.short(name)) is defined a second time (rsyslog rejects it)")
                return
            }
            templates[key] = (text, line)
        }

        mutating func useTemplate(_ name: String?, _ ref: TemplateUse.Ref, line: Int, dynaFile: Bool = false) {
            guard let name, !name.isEmpty else { return }
            templateUses.append(TemplateUse(ref: ref, name: name, line: line, dynaFile: dynaFile))
        }

        // MARK: legacy actions

        mutating func legacyAction(_ raw: String, line: Int, _ ctx: Context) {
            var a = raw
            // A blank then '#' starts a comment (rsyslog's modules stop at the blank anyway).
            if let r = a.range(of: #"[ \t]#"#, options: .regularExpression) { a = String(a[..<r.lowerBound]) }
            a = a.trimmingCharacters(in: .whitespaces)
            if a.lowercased().hasPrefix(":omfile:") { a = String(a.dropFirst(8)) }
            guard let first = a.first else { return }
            switch first {
            case "~":
                break  // discard
            case "*":
                break  // wall
            case "|", "^", ">":
                break  // pipe, program, database
            case "@":
                legacyForward(a, line: line, ctx)
            case "/", ".", "-", "?", "$":
                var rest = Substring(a)
                if rest.first == "-" { rest = rest.dropFirst() }
                guard let c = rest.first, c == "/" || c == "." || c == "?" || c == "$" else {
                    issue(line, "legacy action '\(RsyslogParser.short(a))' not understood")
                    return
                }
                let target = String(rest.prefix { $0 != ";" && $0 != " " && $0 != "\t" })
                let template = RsyslogParser.legacyTemplate(a)
                if c == "?" {
                    let name = String(target.dropFirst())
                    if addFile(SyslogFileAction(path: target, selector: ctx.selector, line: line, ruleset: ctx.ruleset, createMode: legacyFileMode)) {
                        useTemplate(name, .file(facts.fileActions.count - 1), line: line, dynaFile: true)
                        useTemplate(template, .file(facts.fileActions.count - 1), line: line)
                    }
                } else if c == "$" {
                    let name = String(target.dropFirst()).lowercased()
                    guard let path = outchannels[name] else {
                        issue(line, "output channel '\(RsyslogParser.short(target))' is not defined before its use; not read")
                        return
                    }
                    addFile(SyslogFileAction(path: path, selector: ctx.selector, line: line, ruleset: ctx.ruleset, createMode: legacyFileMode))
                } else {
                    if addFile(SyslogFileAction(path: target, selector: ctx.selector, line: line, ruleset: ctx.ruleset, createMode: legacyFileMode)) {
                        useTemplate(template, .file(facts.fileActions.count - 1), line: line)
                    }
                }
            case ":":
                let body = a.dropFirst()
                guard let colon = body.firstIndex(of: ":") else {
                    issue(line, "legacy action '\(RsyslogParser.short(a))' not understood")
                    return
                }
                let module = body[..<colon].lowercased()
                let args = String(body[body.index(after: colon)...])
                if module == "omrelp" {
                    let (host, port) = RsyslogParser.hostPort(args)
                    guard !host.isEmpty else {
                        issue(line, "':omrelp:' without a host")
                        return
                    }
                    if addForward(SyslogForward(target: host, port: port, transport: "relp", tls: false, selector: ctx.selector, line: line, ruleset: ctx.ruleset)) {
                        useTemplate(RsyslogParser.legacyTemplate(a), .forward(facts.forwards.count - 1), line: line)
                    }
                } else if RsyslogParser.quietLegacyModules.contains(module) {
                    break
                } else if RsyslogParser.offHostActionTypes.contains(module) {
                    issue(line, "legacy action :\(RsyslogParser.short(module)): sends logs off the host but is not a syslog forward; not read as one")
                } else {
                    issue(line, "legacy action ':\(RsyslogParser.short(module)):' not understood; not read as a forward or a file")
                }
            default:
                if first.isLetter || first.isNumber || first == "_" {
                    if !ctx.filtered {
                        issue(line, "'\(RsyslogParser.short(a))' is read by rsyslog as an action writing to the terminals of the users it names (no selector in front); probably not intended")
                    }
                } else {
                    issue(line, "legacy action '\(RsyslogParser.short(a))' not understood")
                }
            }
        }

        mutating func legacyForward(_ a: String, line: Int, _ ctx: Context) {
            var rest = Substring(a).dropFirst()
            var transport = "udp"
            if rest.first == "@" {
                transport = "tcp"
                rest = rest.dropFirst()
            }
            if rest.first == "(" {
                guard let close = rest.firstIndex(of: ")") else {
                    issue(line, "forward options '(' without ')' in '\(RsyslogParser.short(a))'; not read")
                    return
                }
                rest = rest[rest.index(after: close)...]
            }
            let (host, port) = RsyslogParser.hostPort(String(rest))
            guard !host.isEmpty else {
                issue(line, "forward '\(RsyslogParser.short(a))' without a host; not read")
                return
            }
            guard addForward(SyslogForward(target: host, port: port, transport: transport, tls: false, selector: ctx.selector, line: line, ruleset: ctx.ruleset)) else { return }
            useTemplate(RsyslogParser.legacyTemplate(a), .forward(facts.forwards.count - 1), line: line)
            if transport == "tcp" {
                pendingForwards.append(PendingForward(index: facts.forwards.count - 1, driver: legacyDriver, mode: legacyDriverMode, line: line))
            }
        }

        // MARK: directives

        mutating func directive(_ text: String, line: Int) {
            let body = text.dropFirst()  // '$'
            let nameEnd = body.firstIndex { $0 == " " || $0 == "\t" } ?? body.endIndex
            let name = body[..<nameEnd].lowercased()
            let args = body[nameEnd...].trimmingCharacters(in: .whitespaces)
            let word = String(args.prefix { $0 != " " && $0 != "\t" })
            let extra = args.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
            func checkExtra(_ me: inout Interpreter) {
                if !extra.isEmpty, !extra.hasPrefix("#") {
                    me.issue(line, "extra characters '\(RsyslogParser.short(extra))' after $\(body[..<nameEnd]) are ignored by rsyslog")
                }
            }
            switch name {
            case "includeconfig":
                if word.isEmpty { issue(line, "$IncludeConfig without a path") } else { facts.includes.append(IncludeRef(path: word, line: line)) }
            case "modload":
                if word.isEmpty { issue(line, "$ModLoad without a module") } else { loadModule(RsyslogParser.normaliseModule(word), line: line) }
            case "filecreatemode", "dircreatemode":
                // cfsysline reads exactly four characters: '0' and three octal digits.
                let four = String(word.prefix(4))
                let label = name == "filecreatemode" ? "$FileCreateMode" : "$DirCreateMode"
                guard four.count == 4, let m = RsyslogParser.parseMode(four) else {
                    if RsyslogParser.isPlaceholder(args) {
                        issue(line, "\(label) '\(RsyslogParser.short(args))' is a template placeholder; mode not known")
                    } else {
                        issue(line, "\(label) '\(RsyslogParser.short(args))' is not an octal mode like 0640 (rsyslog rejects it)")
                    }
                    return
                }
                if word.count > 4 { issue(line, "\(label) '\(RsyslogParser.short(word))': rsyslog reads only '\(RsyslogParser.short(four))' and ignores the rest") }
                if name == "filecreatemode" {
                    facts.createModes.append(ModeSetting(mode: m, line: line))
                    legacyFileMode = m
                } else {
                    facts.dirCreateModes.append(ModeSetting(mode: m, line: line))
                }
            case "actionsendstreamdriver":
                legacyDriver = word.isEmpty ? nil : word.lowercased()
                checkExtra(&self)
            case "actionsendstreamdrivermode":
                legacyDriverMode = word.isEmpty ? nil : word
                if Int(word) == nil, !RsyslogParser.isPlaceholder(word) { issue(line, "$ActionSendStreamDriverMode '\(RsyslogParser.short(word))' is not a number") }
                checkExtra(&self)
            case "defaultnetstreamdriver":
                globalDriver = word.isEmpty ? nil : word.lowercased()
                checkExtra(&self)
            case "template":
                // $template Name,"string"[,options]
                if let comma = args.firstIndex(of: ",") {
                    let tname = args[..<comma].trimmingCharacters(in: .whitespaces)
                    let rest = args[args.index(after: comma)...].trimmingCharacters(in: .whitespaces)
                    var text: String?
                    if rest.hasPrefix("\""), let end = rest.dropFirst().firstIndex(of: "\"") {
                        text = String(rest[rest.index(after: rest.startIndex)..<end])
                    }
                    defineTemplate(tname, text: text, line: line)
                } else {
                    issue(line, "$template without 'name,\"string\"'")
                }
            case "outchannel":
                let parts = args.split(separator: ",", maxSplits: 3).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count >= 2 { outchannels[parts[0].lowercased()] = parts[1] } else { issue(line, "$outchannel without 'name,file'") }
            case "ruleset":
                legacyRuleset = (word.isEmpty || word == "RSYSLOG_DefaultRuleset") ? nil : word
            case "inputfilename":
                if let pending = legacyImfile { issue(pending.line, "$InputFileName \(RsyslogParser.short(pending.path)) is not followed by $InputRunFileMonitor; not monitored") }
                legacyImfile = word.isEmpty ? nil : (word, line)
            case "inputrunfilemonitor":
                if let pending = legacyImfile {
                    facts.imfileInputs.append(SyslogFileAction(path: pending.path, selector: nil, line: pending.line, ruleset: legacyRuleset))
                    legacyImfile = nil
                } else {
                    issue(line, "$InputRunFileMonitor without a $InputFileName before it")
                }
            case "resetconfigvariables":
                legacyFileMode = nil
                legacyDriver = nil
                legacyDriverMode = nil
            case _ where RsyslogParser.harmlessDirectives.contains(name):
                break
            default:
                issue(line, "legacy directive $\(RsyslogParser.short(String(body[..<nameEnd]))) not understood; ignored by auditpack (rsyslog rejects directives it does not know)")
            }
        }

        // MARK: end of file

        mutating func finish() {
            if let pending = legacyImfile {
                issue(pending.line, "$InputFileName \(RsyslogParser.short(pending.path)) is not followed by $InputRunFileMonitor; not monitored")
            }
            computeTLS()
            // rsyslog looks templates up when it creates the action: one defined only further down
            // disables the action ("Could not find template … - action disabled").
            var dropForwards: Set<Int> = [], dropFiles: Set<Int> = []
            for use in templateUses {
                guard let def = templates[use.name.lowercased()] else { continue }  // built-in or from another file
                if def.line > use.line {
                    issue(use.line, "template \(RsyslogParser.short(use.name)) is defined only on line \(def.line), after this action; rsyslog disables the action, so it is not read")
                    switch use.ref {
                    case .forward(let i): dropForwards.insert(i)
                    case .file(let i): dropFiles.insert(i)
                    }
                } else if use.dynaFile, case .file(let i) = use.ref, let text = def.text {
                    facts.fileActions[i].path = text
                }
            }
            for i in dropForwards.sorted(by: >) { facts.forwards.remove(at: i) }
            for i in dropFiles.sorted(by: >) { facts.fileActions.remove(at: i) }
            for f in facts.forwards where f.targetIsPlaceholder {
                issue(f.line, "forward target '\(RsyslogParser.short(f.target))' is a template placeholder; the real destination is not known")
            }
        }

        mutating func computeTLS() {
            var reported: Set<Int> = []
            for p in pendingForwards {
                let explicit = p.driver.map { $0.lowercased() }
                let driver = explicit ?? globalDriver
                let fwd = facts.forwards[p.index]
                if let d = driver, RsyslogParser.isPlaceholder(d) {
                    if reported.insert(p.line).inserted {
                        issue(p.line, "TLS of the forward to \(RsyslogParser.short(fwd.target)) not known: stream driver '\(RsyslogParser.short(d))' is a template placeholder; read as not TLS")
                    }
                    continue
                }
                guard let d = driver, RsyslogParser.tlsDrivers.contains(d) else { continue }
                guard let m = p.mode else { continue }
                if let v = Int(m.trimmingCharacters(in: .whitespaces)) {
                    facts.forwards[p.index].tls = v == 1
                } else if reported.insert(p.line).inserted {
                    issue(p.line, "TLS of the forward to \(RsyslogParser.short(fwd.target)) not known: stream driver mode '\(RsyslogParser.short(m))' is not a number; read as not TLS")
                }
            }
        }
    }

    /// The template named after `;` in a legacy action (`/var/log/x;Fmt`, `@@h:514;Fmt`).
    static func legacyTemplate(_ action: String) -> String? {
        guard let semi = action.firstIndex(of: ";") else { return nil }
        let t = action[action.index(after: semi)...].prefix { $0 != " " && $0 != "\t" }
        return t.isEmpty ? nil : String(t)
    }

    /// `host[:port][;template]`, `[v6]:port`; template markup (`<%= … %>`, `{{ … }}`) kept whole.
    static func hostPort(_ s: String) -> (String, String?) {
        let chars = Array(s.trimmingCharacters(in: .whitespaces))
        var i = 0
        var host = ""
        func readAtom(_ stop: (Character) -> Bool) -> String {
            var out = ""
            while i < chars.count {
                let c = chars[i]
                if c == "<" || c == "{", i + 1 < chars.count, chars[i + 1] == "%" || chars[i + 1] == "{" {
                    let close: [Character] = c == "<" ? ["%", ">"] : (chars[i + 1] == "%" ? ["%", "}"] : ["}", "}"])
                    var j = i + 2
                    while j + 1 < chars.count, !(chars[j] == close[0] && chars[j + 1] == close[1]) { j += 1 }
                    let end = min(j + 2, chars.count)
                    out += String(chars[i..<end])
                    i = end
                    continue
                }
                if stop(c) { break }
                out.append(c)
                i += 1
            }
            return out
        }
        if i < chars.count, chars[i] == "[" {
            i += 1
            host = readAtom { $0 == "]" }
            if i < chars.count { i += 1 }
        } else {
            host = readAtom { $0 == ":" || $0 == ";" || $0 == " " || $0 == "\t" }
        }
        var port: String?
        if i < chars.count, chars[i] == ":" {
            i += 1
            let p = readAtom { $0 == ";" || $0 == " " || $0 == "\t" }
            port = p.isEmpty ? nil : p
        }
        return (host, port)
    }
}
