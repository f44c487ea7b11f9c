import Foundation

/// One Python token with its exact source text and 1-based line.
struct PyToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case name, number, string, op
        /// End of a logical line (only emitted outside brackets).
        case newline
        case indent, dedent
        case end
        /// Something the tokenizer could not read; `text` holds the message.
        case error
    }

    var kind: Kind
    /// Exact source text (string tokens include prefix and quotes); the message for `.error`.
    var text: String
    /// 1-based line where the token starts.
    var line: Int
    /// Unicode-scalar offsets in the source, used to tell whether whitespace separated two tokens.
    var start: Int
    var end: Int

    func isOp(_ s: String) -> Bool { kind == .op && text == s }
    func isName(_ s: String) -> Bool { kind == .name && text == s }
}

/// Splits Python source into tokens the way CPython's tokenizer does, as far as a static
/// reader needs: names, numbers, strings (any prefix, quotes and escapes are left to the
/// parser), operators, NEWLINE at bracket depth 0, INDENT/DEDENT. Comments, blank lines and
/// explicit or implicit line continuations produce no tokens.
///
/// Never fails: unreadable input becomes `.error` tokens (at most one per physical line;
/// the rest of that line is skipped) and the tokenizer resynchronises at the next line.
enum PythonTokenizer {
    /// Deeper indentation is reported and its lines are not read (CPython allows 100; no
    /// settings module comes near this, and blocks are read recursively).
    static let maxIndentLevels = 32
    /// After this many errors the input is not Python; stop reading it.
    static let maxErrors = 50

    static func tokenize(_ source: String) -> [PyToken] {
        var state = TokenizerState(Array(source.unicodeScalars))
        state.run()
        return state.tokens
    }

    static let stringPrefixes: Set<String> = ["r", "u", "b", "br", "rb", "f", "fr", "rf"]

    /// Operators, longest first so that the first match is the longest.
    static let operators: [String] = [
        "**=", "//=", ">>=", "<<=", "...",
        "!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=", "<<", "<=", "==", ">=", ">>", "@=", "^=", "|=",
        "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">",
    ].sorted { $0.count > $1.count }

    static func isNewline(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
        return c.properties.isXIDStart
    }

    static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isIdentifierStart(c) || isDigit(c) }
        return c.properties.isXIDContinue
    }
}

private struct TokenizerState {
    let chars: [Unicode.Scalar]
    var pos = 0
    var line = 1
    var tokens: [PyToken] = []
    /// Open brackets with the line each was opened on.
    var brackets: [(char: Unicode.Scalar, line: Int)] = []
    var indents = [0]
    var atLineStart = true
    var errorCount = 0
    var stopped = false

    init(_ chars: [Unicode.Scalar]) { self.chars = chars }

    mutating func run() {
        if chars.first == "\u{FEFF}" { pos = 1 }
        while pos < chars.count && !stopped {
            if atLineStart {
                atLineStart = false
                if brackets.isEmpty && !beginLine() { continue }
            }
            scanToken()
        }
        finish()
    }

    // MARK: Lines and indentation

    /// Measures the indentation of a new line and emits INDENT/DEDENT. Blank and comment-only
    /// lines are consumed whole; returns false for them (and at end of input).
    mutating func beginLine() -> Bool {
        var column = 0
        scan: while pos < chars.count {
            switch chars[pos] {
            case " ": column += 1
            case "\t": column = (column / 8 + 1) * 8
            case "\u{0C}": column = 0
            default: break scan
            }
            pos += 1
        }
        guard pos < chars.count else { return false }
        if chars[pos] == "#" || PythonTokenizer.isNewline(chars[pos]) {
            skipRestOfLine()
            if pos < chars.count { consumeNewline() }
            atLineStart = true
            return false
        }
        if column > indents[indents.count - 1] {
            if indents.count > PythonTokenizer.maxIndentLevels {
                emitError("too many levels of indentation", line: line)
            } else {
                indents.append(column)
                emit(.indent, text: "", start: pos, line: line)
            }
        } else if column < indents[indents.count - 1] {
            while column < indents[indents.count - 1] {
                indents.removeLast()
                emit(.dedent, text: "", start: pos, line: line)
            }
            if column != indents[indents.count - 1] {
                emitError("unindent does not match any outer indentation level", line: line)
            }
        }
        return true
    }

    mutating func consumeNewline() {
        if chars[pos] == "\r", pos + 1 < chars.count, chars[pos + 1] == "\n" { pos += 2 } else { pos += 1 }
        line += 1
    }

    mutating func skipRestOfLine() {
        while pos < chars.count && !PythonTokenizer.isNewline(chars[pos]) { pos += 1 }
    }

    /// Ends the logical line (which ended on `line`) unless it is empty.
    mutating func emitNewlineIfNeeded(line: Int) {
        guard let last = tokens.last, last.kind != .newline, last.kind != .indent, last.kind != .dedent else { return }
        emit(.newline, text: "", start: pos, line: line)
    }

    mutating func finish() {
        if let open = brackets.first {
            emitError("'\(open.char)' was never closed", line: open.line)
        }
        emitNewlineIfNeeded(line: tokens.last?.line ?? line)
        for _ in indents.dropFirst() { emit(.dedent, text: "", start: pos, line: line) }
        emit(.end, text: "", start: pos, line: line)
    }

    // MARK: Tokens

    mutating func scanToken() {
        let c = chars[pos]
        switch c {
        case " ", "\t", "\u{0C}":
            pos += 1
        case "#":
            skipRestOfLine()
        case "\r", "\n":
            let endedLine = line
            consumeNewline()
            if brackets.isEmpty {
                emitNewlineIfNeeded(line: endedLine)
                atLineStart = true
            }
        case "\\":
            if pos + 1 < chars.count, PythonTokenizer.isNewline(chars[pos + 1]) {
                pos += 1
                consumeNewline()
            } else {
                emitError("unexpected character after line continuation character", line: line)
                skipRestOfLine()
            }
        case "'", "\"":
            scanString(tokenStart: pos)
        default:
            if PythonTokenizer.isIdentifierStart(c) {
                scanNameOrPrefixedString()
            } else if PythonTokenizer.isDigit(c) || (c == "." && pos + 1 < chars.count && PythonTokenizer.isDigit(chars[pos + 1])) {
                scanNumber()
            } else {
                scanOperator()
            }
        }
    }

    mutating func scanNameOrPrefixedString() {
        let start = pos
        while pos < chars.count && PythonTokenizer.isIdentifierContinue(chars[pos]) { pos += 1 }
        let word = text(start, pos)
        if pos < chars.count, chars[pos] == "'" || chars[pos] == "\"",
           PythonTokenizer.stringPrefixes.contains(word.lowercased()) {
            scanString(tokenStart: start)
            return
        }
        emit(.name, text: word, start: start, line: line)
    }

    /// Scans a string literal whose quote is at `pos` (prefix, if any, starts at `tokenStart`).
    mutating func scanString(tokenStart: Int) {
        let quote = chars[pos]
        let startLine = line
        let triple = pos + 2 < chars.count && chars[pos + 1] == quote && chars[pos + 2] == quote
        pos += triple ? 3 : 1
        while true {
            guard pos < chars.count else {
                emitError(triple ? "unterminated triple-quoted string literal" : "unterminated string literal", line: startLine)
                return
            }
            let c = chars[pos]
            if c == "\\" {
                // A backslash always escapes the next character for termination purposes, even in raw strings.
                pos += 1
                if pos < chars.count {
                    if PythonTokenizer.isNewline(chars[pos]) { consumeNewline() } else { pos += 1 }
                }
                continue
            }
            if PythonTokenizer.isNewline(c) {
                guard triple else {
                    // Leave the newline to end the logical line; the error token marks it unreadable.
                    emitError("unterminated string literal", line: startLine)
                    return
                }
                consumeNewline()
                continue
            }
            if c == quote {
                if !triple { pos += 1; break }
                if pos + 2 < chars.count && chars[pos + 1] == quote && chars[pos + 2] == quote { pos += 3; break }
            }
            pos += 1
        }
        emit(.string, text: text(tokenStart, pos), start: tokenStart, line: startLine)
    }

    /// Decimal, hex, octal and binary integers, floats with exponents, imaginary numbers; the
    /// parser converts the text (and rejects what is malformed).
    mutating func scanNumber() {
        let start = pos
        if chars[pos] == "0", pos + 1 < chars.count, "xXoObB".unicodeScalars.contains(chars[pos + 1]) {
            pos += 2
            while pos < chars.count && chars[pos].isASCII && PythonTokenizer.isIdentifierContinue(chars[pos]) { pos += 1 }
        } else {
            skipDigits()
            if pos < chars.count && chars[pos] == "." {
                pos += 1
                skipDigits()
            }
            if pos < chars.count && (chars[pos] == "e" || chars[pos] == "E") {
                var p = pos + 1
                if p < chars.count && (chars[p] == "+" || chars[p] == "-") { p += 1 }
                if p < chars.count && PythonTokenizer.isDigit(chars[p]) {
                    pos = p
                    skipDigits()
                }
            }
            if pos < chars.count && (chars[pos] == "j" || chars[pos] == "J") { pos += 1 }
        }
        emit(.number, text: text(start, pos), start: start, line: line)
    }

    /// Digits with `_` separators.
    mutating func skipDigits() {
        while pos < chars.count && (PythonTokenizer.isDigit(chars[pos]) || chars[pos] == "_") { pos += 1 }
    }

    mutating func scanOperator() {
        for op in PythonTokenizer.operators where matches(op) {
            let start = pos
            pos += op.unicodeScalars.count
            if let c = op.unicodeScalars.first, op.unicodeScalars.count == 1 {
                switch c {
                case "(", "[", "{":
                    brackets.append((c, line))
                case ")", "]", "}":
                    guard let open = brackets.popLast() else {
                        emitError("unmatched '\(c)'", line: line)
                        skipRestOfLine()
                        return
                    }
                    let expected: Unicode.Scalar = open.char == "(" ? ")" : open.char == "[" ? "]" : "}"
                    if c != expected {
                        emitError("closing '\(c)' does not match '\(open.char)' opened at line \(open.line)", line: line)
                    }
                default:
                    break
                }
            }
            emit(.op, text: op, start: start, line: line)
            return
        }
        let c = chars[pos]
        let shown = c.properties.isAlphabetic || (c.value >= 0x21 && c.value < 0x7F)
            ? "'\(c)'" : String(format: "U+%04X", c.value)
        emitError("unexpected character \(shown)", line: line)
        skipRestOfLine()
    }

    func matches(_ op: String) -> Bool {
        var p = pos
        for s in op.unicodeScalars {
            guard p < chars.count, chars[p] == s else { return false }
            p += 1
        }
        return true
    }

    // MARK: Emitting

    func text(_ start: Int, _ end: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: chars[start..<end])
        return String(s)
    }

    mutating func emit(_ kind: PyToken.Kind, text: String, start: Int, line: Int) {
        tokens.append(PyToken(kind: kind, text: text, line: line, start: start, end: pos))
    }

    mutating func emitError(_ message: String, line: Int) {
        guard !stopped else { return }
        errorCount += 1
        if errorCount >= PythonTokenizer.maxErrors {
            tokens.append(PyToken(kind: .error, text: "too many errors; the rest of the file was not read", line: line, start: pos, end: pos))
            stopped = true
            return
        }
        tokens.append(PyToken(kind: .error, text: message, line: line, start: pos, end: pos))
    }
}
