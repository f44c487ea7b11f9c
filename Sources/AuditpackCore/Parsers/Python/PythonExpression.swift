import Foundation

// MARK: - Syntax tree

/// The tokens a set of expressions was parsed from; gives every expression its source text.
final class PyTokenSource: Sendable {
    let tokens: [PyToken]

    init(_ tokens: [PyToken]) { self.tokens = tokens }

    /// Whitespace-normalised source text of a token range: tokens that were apart in the source
    /// (whitespace, comments, line breaks) are separated by exactly one space, except just inside
    /// brackets and before commas.
    func text(_ range: Range<Int>) -> String {
        var out = ""
        var previous: PyToken?
        for token in tokens[range] {
            switch token.kind {
            case .name, .number, .string, .op: break
            default: continue
            }
            if let p = previous, p.end < token.start,
               !(p.kind == .op && ["(", "[", "{"].contains(p.text)),
               !(token.kind == .op && [")", "]", "}", ","].contains(token.text)) {
                out += " "
            }
            out += token.text
            previous = token
        }
        return out
    }
}

/// A parsed Python expression: its shape, the tokens it spans and its nesting depth.
struct PyExpr {
    indirect enum Kind {
        case name(String)
        case number(PyNumber)
        /// `True`, `False`, `None`.
        case constant(ConfigValue)
        /// One or more adjacent string literals (implicitly concatenated), f-string fields included.
        case string([PyStringPart])
        case list([PyExpr])
        case tuple([PyExpr])
        case set([PyExpr])
        case dict([PyDictItem])
        /// `*x` inside a display or an assignment target.
        case starred(PyExpr)
        case attribute(PyExpr, String)
        case `subscript`(PyExpr, PyExpr)
        case call(PyExpr, [PyArgument])
        /// `-`, `+`, `~`, `not`.
        case unary(String, PyExpr)
        case binary(String, PyExpr, PyExpr)
        /// `and` / `or`.
        case boolean(String, PyExpr, PyExpr)
        case compare(PyExpr, [(op: String, operand: PyExpr)])
        case conditional(body: PyExpr, test: PyExpr, orelse: PyExpr)
        /// Valid syntax that is never evaluated statically: lambdas, comprehensions, slices,
        /// `await`, `yield`, `:=`, `...`.
        case opaque
    }

    let kind: Kind
    /// Token indices in `source`.
    let range: Range<Int>
    /// 1 for a leaf; bounded by `PyParser.maxNodeDepth` so that walking the tree cannot overflow the stack.
    let depth: Int
    let source: PyTokenSource

    /// Exact (whitespace-normalised) source text.
    var text: String { source.text(range) }
    /// Line of the first token.
    var line: Int { range.isEmpty ? 0 : source.tokens[range.lowerBound].line }

    var isTuple: Bool {
        if case .tuple = kind { return true }
        return false
    }
}

enum PyNumber {
    case int(Int)
    case float(Double)
    /// Imaginary numbers and integers beyond 64 bits.
    case unsupported
}

enum PyStringPart {
    case text(String)
    /// An f-string replacement field; `expression` is nil when it could not be parsed
    /// (or uses `{x=}`), which makes the whole string unresolved.
    case field(expression: PyExpr?, conversion: Unicode.Scalar?, hasFormatSpec: Bool)
}

enum PyDictItem {
    case pair(key: PyExpr, value: PyExpr)
    /// `**x`
    case unpack(PyExpr)
}

enum PyArgument {
    case positional(PyExpr)
    case keyword(String, PyExpr, line: Int)
    case star(PyExpr)
    case doubleStar(PyExpr)

    var expression: PyExpr {
        switch self {
        case .positional(let e), .keyword(_, let e, _), .star(let e), .doubleStar(let e): return e
        }
    }
}

// MARK: - Parser

struct PyParseError: Error {
    var message: String
    var line: Int
}

/// Recursive-descent parser for Python expressions over a range of tokens.
///
/// Recursion is bounded twice: `maxNesting` caps nested brackets and prefix operators while
/// parsing, and `maxNodeDepth` caps the height of the resulting tree (long left-associative
/// chains such as `a + b + c …`), so neither parsing nor evaluating can exhaust the stack — even
/// on the 512 KB threads of Swift's cooperative pool in an unoptimised build. Functions on the
/// recursive path are kept small for the same reason: unoptimised frames hold every temporary.
struct PyParser {
    static let maxNesting = 32
    static let maxNodeDepth = 64

    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Precedences of infix operators (higher binds tighter). Prefix `not` sits at 3 and
    /// prefix `-`/`+`/`~` at 11, between `*` and `**`.
    static let infixPrecedence: [String: Int] = [
        "or": 1, "and": 2,
        "<": 4, ">": 4, "==": 4, ">=": 4, "<=": 4, "!=": 4, "in": 4, "not in": 4, "is": 4, "is not": 4,
        "|": 5, "^": 6, "&": 7, "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "//": 10, "%": 10, "@": 10,
        "**": 12,
    ]
    static let comparisonPrecedence = 4
    /// Operand level of `*x` and `**x`.
    static let bitwiseOrPrecedence = 5
    static let notPrecedence = 3
    static let unaryPrecedence = 11
    static let powerPrecedence = 12

    let source: PyTokenSource
    private var pos: Int
    private let end: Int
    private var nesting: Int

    private init(source: PyTokenSource, range: Range<Int>, nesting: Int) {
        self.source = source
        self.pos = range.lowerBound
        self.end = range.upperBound
        self.nesting = nesting
    }

    /// Parses the whole range as one expression list (a bare tuple when it has top-level commas).
    static func parse(_ source: PyTokenSource, _ range: Range<Int>, nesting: Int = 0) throws(PyParseError) -> PyExpr {
        var parser = PyParser(source: source, range: range, nesting: nesting)
        let expression = try parser.parseExpressionList()
        if parser.pos < parser.end { throw parser.error("unexpected '\(source.tokens[parser.pos].text)'") }
        return expression
    }

    // MARK: Token access

    private var peek: PyToken? { pos < end ? source.tokens[pos] : nil }

    private func peekIsOp(_ s: String, at offset: Int = 0) -> Bool {
        pos + offset < end && source.tokens[pos + offset].isOp(s)
    }

    private func peekIsName(_ s: String, at offset: Int = 0) -> Bool {
        pos + offset < end && source.tokens[pos + offset].isName(s)
    }

    private var atEnd: Bool { pos >= end }

    private func error(_ message: String) -> PyParseError {
        // The token at fault, else the statement's last one: never line 0 (an empty or
        // unterminated statement at the end of the file cites the file's last line).
        let index = min(pos, end - 1)
        let line = index >= 0 && index < source.tokens.count ? source.tokens[index].line : (source.tokens.last?.line ?? 1)
        return PyParseError(message: message, line: max(1, line))
    }

    private mutating func expectOp(_ s: String) throws(PyParseError) {
        guard peekIsOp(s) else { throw error(peek.map { "expected '\(s)', found '\($0.text)'" } ?? "expected '\(s)'") }
        pos += 1
    }

    /// Counts one level of recursion; callers pair it with `defer { nesting -= 1 }`.
    private mutating func enter() throws(PyParseError) {
        nesting += 1
        if nesting > Self.maxNesting { throw error("expression nested too deeply (more than \(Self.maxNesting) levels)") }
    }

    private func node(_ kind: PyExpr.Kind, from start: Int, _ children: [PyExpr]) throws(PyParseError) -> PyExpr {
        let depth = (children.map(\.depth).max() ?? 0) + 1
        guard depth <= Self.maxNodeDepth else { throw error("expression too deeply nested (more than \(Self.maxNodeDepth) levels)") }
        return PyExpr(kind: kind, range: start..<pos, depth: depth, source: source)
    }

    private func canStartExpression() -> Bool {
        guard let t = peek else { return false }
        switch t.kind {
        case .name: return !Self.keywords.contains(t.text) || ["not", "lambda", "None", "True", "False", "await", "yield"].contains(t.text)
        case .number, .string: return true
        case .op: return ["(", "[", "{", "-", "+", "~", "*", "**", "..."].contains(t.text)
        default: return false
        }
    }

    /// A comprehension starts where a display element is followed by `for` (or `async for`).
    private func atComprehension() -> Bool { peekIsName("for") || peekIsName("async") }

    // MARK: Expressions

    mutating func parseExpressionList() throws(PyParseError) -> PyExpr {
        let start = pos
        let first = try parseStarOrExpression()
        guard peekIsOp(",") else { return first }
        var items = [first]
        while peekIsOp(",") {
            pos += 1
            guard canStartExpression() else { break }
            items.append(try parseStarOrExpression())
        }
        return try node(.tuple(items), from: start, items)
    }

    private mutating func parseStarOrExpression() throws(PyParseError) -> PyExpr {
        guard peekIsOp("*") else { return try parseExpression() }
        try enter(); defer { nesting -= 1 }
        let start = pos
        pos += 1
        let inner = try parseOperators(Self.bitwiseOrPrecedence)
        return try node(.starred(inner), from: start, [inner])
    }

    /// `test`: an operator expression, possibly a conditional expression, a lambda or `:=`.
    private mutating func parseExpression() throws(PyParseError) -> PyExpr {
        try enter(); defer { nesting -= 1 }
        if peekIsName("lambda") { return try parseLambda() }
        let start = pos
        let body = try parseOperators(1)
        if peekIsName("if") || peekIsOp(":=") { return try parseExpressionTail(body, from: start) }
        return body
    }

    /// `body if test else orelse` and `name := value`.
    private mutating func parseExpressionTail(_ body: PyExpr, from start: Int) throws(PyParseError) -> PyExpr {
        if peekIsOp(":=") {
            guard case .name = body.kind else { throw error("cannot assign to expression with ':='") }
            pos += 1
            let value = try parseExpression()
            return try node(.opaque, from: start, [value])
        }
        pos += 1
        let test = try parseOperators(1)
        guard peekIsName("else") else { throw error("expected 'else' in conditional expression") }
        pos += 1
        let orelse = try parseExpression()
        return try node(.conditional(body: body, test: test, orelse: orelse), from: start, [body, test, orelse])
    }

    private mutating func parseLambda() throws(PyParseError) -> PyExpr {
        let start = pos
        pos += 1
        // Parameters (with possible defaults) run up to the first ':' outside brackets.
        var depth = 0
        while let t = peek, !(depth == 0 && t.isOp(":")) {
            if t.kind == .op {
                if ["(", "[", "{"].contains(t.text) { depth += 1 }
                if [")", "]", "}"].contains(t.text) { depth -= 1 }
                if depth < 0 { break }
            }
            pos += 1
        }
        try expectOp(":")
        let body = try parseExpression()
        return try node(.opaque, from: start, [body])
    }

    /// Every operator from `or` to `**`, by precedence climbing.
    private mutating func parseOperators(_ minPrecedence: Int) throws(PyParseError) -> PyExpr {
        let start = pos
        var left = atPrefixOperator(minPrecedence) ? try parsePrefixed() : try parsePrimary()
        while let infix = infixOperator(), infix.precedence >= minPrecedence {
            pos += infix.width
            left = try parseInfix(infix.op, infix.precedence, left: left, from: start)
        }
        return left
    }

    /// The operator at the current position with its precedence and width in tokens.
    private func infixOperator() -> (op: String, precedence: Int, width: Int)? {
        guard let t = peek, t.kind == .op || t.kind == .name else { return nil }
        var op = t.text
        var width = 1
        if t.isName("not") {
            guard peekIsName("in", at: 1) else { return nil }
            op = "not in"
            width = 2
        } else if t.isName("is") && peekIsName("not", at: 1) {
            op = "is not"
            width = 2
        }
        guard let precedence = Self.infixPrecedence[op] else { return nil }
        return (op, precedence, width)
    }

    /// `not` (where its precedence allows), `-`, `+`, `~`, `await`.
    private func atPrefixOperator(_ minPrecedence: Int) -> Bool {
        (peekIsName("not") && minPrecedence <= Self.notPrecedence)
            || peekIsOp("-") || peekIsOp("+") || peekIsOp("~") || peekIsName("await")
    }

    /// A prefix operator applied to its operand.
    private mutating func parsePrefixed() throws(PyParseError) -> PyExpr {
        try enter(); defer { nesting -= 1 }
        let start = pos
        let op = source.tokens[pos].text
        pos += 1
        if op == "await" {
            let operand = try parsePrimary()
            return try node(.opaque, from: start, [operand])
        }
        let operand = try parseOperators(op == "not" ? Self.notPrecedence : Self.unaryPrecedence)
        return try node(.unary(op, operand), from: start, [operand])
    }

    private mutating func parseInfix(_ op: String, _ precedence: Int, left: PyExpr, from start: Int) throws(PyParseError) -> PyExpr {
        switch precedence {
        case Self.comparisonPrecedence:
            // Comparisons chain: `a < b <= c`.
            var rest: [(op: String, operand: PyExpr)] = [(op, try parseOperators(precedence + 1))]
            while let next = infixOperator(), next.precedence == precedence {
                pos += next.width
                rest.append((next.op, try parseOperators(precedence + 1)))
            }
            return try node(.compare(left, rest), from: start, [left] + rest.map(\.operand))
        case Self.powerPrecedence:
            // Right-associative, and its right operand may carry a unary sign: `2 ** -1`.
            try enter(); defer { nesting -= 1 }
            let right = try parseOperators(Self.unaryPrecedence)
            return try node(.binary(op, left, right), from: start, [left, right])
        default:
            let right = try parseOperators(precedence + 1)
            let kind: PyExpr.Kind = precedence <= 2 ? .boolean(op, left, right) : .binary(op, left, right)
            return try node(kind, from: start, [left, right])
        }
    }

    /// An atom followed by any number of `.name`, `(args)` and `[index]` trailers.
    private mutating func parsePrimary() throws(PyParseError) -> PyExpr {
        let start = pos
        let atom: PyExpr
        if peekIsOp("(") {
            atom = try parseParenthesized()
        } else if peekIsOp("[") {
            atom = try parseListDisplay()
        } else if peekIsOp("{") {
            atom = try parseBraceDisplay()
        } else {
            atom = try parseLeaf()
        }
        return atTrailer() ? try parseTrailers(atom, from: start) : atom
    }

    private func atTrailer() -> Bool { peekIsOp(".") || peekIsOp("(") || peekIsOp("[") }

    private mutating func parseTrailers(_ atom: PyExpr, from start: Int) throws(PyParseError) -> PyExpr {
        var e = atom
        while atTrailer() {
            if peekIsOp(".") {
                e = try parseAttribute(e, from: start)
            } else if peekIsOp("(") {
                e = try parseCall(e, from: start)
            } else {
                e = try parseSubscript(e, from: start)
            }
        }
        return e
    }

    private mutating func parseAttribute(_ base: PyExpr, from start: Int) throws(PyParseError) -> PyExpr {
        pos += 1
        guard let n = peek, n.kind == .name else { throw error("expected a name after '.'") }
        pos += 1
        return try node(.attribute(base, n.text), from: start, [base])
    }

    private mutating func parseCall(_ callee: PyExpr, from start: Int) throws(PyParseError) -> PyExpr {
        pos += 1
        var args: [PyArgument] = []
        while !peekIsOp(")") {
            guard !atEnd else { throw error("expected ')'") }
            args.append(try parseArgument())
            guard peekIsOp(",") else { break }
            pos += 1
        }
        try expectOp(")")
        return try node(.call(callee, args), from: start, [callee] + args.map(\.expression))
    }

    private mutating func parseArgument() throws(PyParseError) -> PyArgument {
        if peekIsOp("*") {
            pos += 1
            return .star(try parseExpression())
        }
        if peekIsOp("**") {
            pos += 1
            return .doubleStar(try parseExpression())
        }
        if let t = peek, t.kind == .name, !Self.keywords.contains(t.text), peekIsOp("=", at: 1) {
            pos += 2
            return .keyword(t.text, try parseExpression(), line: t.line)
        }
        let start = pos
        let value = try parseExpression()
        guard atComprehension() else { return .positional(value) }
        try skipComprehension()
        return .positional(try node(.opaque, from: start, [value]))
    }

    private mutating func parseSubscript(_ base: PyExpr, from start: Int) throws(PyParseError) -> PyExpr {
        pos += 1
        let indexStart = pos
        var index = try parseSubscriptItem()
        if peekIsOp(",") {
            var items = [index]
            while peekIsOp(",") {
                pos += 1
                if peekIsOp("]") { break }
                items.append(try parseSubscriptItem())
            }
            index = try node(.tuple(items), from: indexStart, items)
        }
        try expectOp("]")
        return try node(.subscript(base, index), from: start, [base, index])
    }

    /// An index or a slice (`a:b:c`, never evaluated).
    private mutating func parseSubscriptItem() throws(PyParseError) -> PyExpr {
        let start = pos
        var parts: [PyExpr] = []
        if !peekIsOp(":") {
            let e = try parseStarOrExpression()
            guard peekIsOp(":") else { return e }
            parts.append(e)
        }
        while peekIsOp(":") {
            pos += 1
            if canStartExpression() { parts.append(try parseExpression()) }
        }
        return try node(.opaque, from: start, parts)
    }

    /// Skips the `for … in … if …` clauses of a comprehension up to (not including) the bracket closing it.
    private mutating func skipComprehension() throws(PyParseError) {
        var depth = 0
        while let t = peek {
            if t.kind == .op {
                if ["(", "[", "{"].contains(t.text) { depth += 1 }
                if [")", "]", "}"].contains(t.text) {
                    if depth == 0 { return }
                    depth -= 1
                }
            }
            pos += 1
        }
        throw error("unterminated comprehension")
    }

    /// Names, numbers, strings, `True`/`False`/`None`, `...`.
    private mutating func parseLeaf() throws(PyParseError) -> PyExpr {
        guard let t = peek else { throw error("unexpected end of statement") }
        let start = pos
        let kind: PyExpr.Kind
        switch t.kind {
        case .name:
            switch t.text {
            case "True": kind = .constant(.bool(true))
            case "False": kind = .constant(.bool(false))
            case "None": kind = .constant(.null)
            default:
                guard !Self.keywords.contains(t.text) else { throw error("unexpected '\(t.text)'") }
                kind = .name(t.text)
            }
        case .number:
            kind = .number(Self.number(t.text))
        case .string:
            return try parseStrings()
        case .op:
            guard t.text == "..." else { throw error("unexpected '\(t.text)'") }
            kind = .opaque
        case .error:
            throw PyParseError(message: t.text, line: t.line)
        case .newline, .indent, .dedent, .end:
            throw error("unexpected end of line")
        }
        pos += 1
        return try node(kind, from: start, [])
    }

    private mutating func parseParenthesized() throws(PyParseError) -> PyExpr {
        let start = pos
        pos += 1
        if peekIsOp(")") || peekIsName("yield") {
            let isYield = peekIsName("yield")
            if isYield { try skipComprehension() }
            pos += 1
            return try node(isYield ? .opaque : .tuple([]), from: start, [])
        }
        let first = try parseStarOrExpression()
        if peekIsOp(")") {
            pos += 1
            if case .starred = first.kind { throw error("cannot use starred expression here") }
            // Parentheses only group: the same expression, its source text including them.
            return PyExpr(kind: first.kind, range: start..<pos, depth: first.depth, source: source)
        }
        return try parseSequenceRest(first, from: start, closing: ")")
    }

    private mutating func parseListDisplay() throws(PyParseError) -> PyExpr {
        let start = pos
        pos += 1
        if peekIsOp("]") {
            pos += 1
            return try node(.list([]), from: start, [])
        }
        let first = try parseStarOrExpression()
        return try parseSequenceRest(first, from: start, closing: "]")
    }

    /// The rest of a tuple, list or set display after its first element (or a comprehension).
    private mutating func parseSequenceRest(_ first: PyExpr, from start: Int, closing: String) throws(PyParseError) -> PyExpr {
        if atComprehension() {
            try skipComprehension()
            try expectOp(closing)
            return try node(.opaque, from: start, [first])
        }
        var items = [first]
        while peekIsOp(",") {
            pos += 1
            if peekIsOp(closing) { break }
            items.append(try parseStarOrExpression())
        }
        try expectOp(closing)
        let kind: PyExpr.Kind = closing == ")" ? .tuple(items) : closing == "]" ? .list(items) : .set(items)
        return try node(kind, from: start, items)
    }

    /// `{}` dict, set, or their comprehensions.
    private mutating func parseBraceDisplay() throws(PyParseError) -> PyExpr {
        let start = pos
        pos += 1
        if peekIsOp("}") {
            pos += 1
            return try node(.dict([]), from: start, [])
        }
        if peekIsOp("**") { return try parseDictRest(nil, from: start) }
        let first = try parseStarOrExpression()
        guard peekIsOp(":") else { return try parseSequenceRest(first, from: start, closing: "}") }
        return try parseDictRest(first, from: start)
    }

    /// A dict display from its first key (already parsed; nil when it starts with `**`).
    private mutating func parseDictRest(_ firstKey: PyExpr?, from start: Int) throws(PyParseError) -> PyExpr {
        var items: [PyDictItem] = []
        var key = firstKey
        while true {
            items.append(try parseDictItem(key))
            if items.count == 1 && key != nil && atComprehension() {
                try skipComprehension()
                try expectOp("}")
                return try node(.opaque, from: start, Self.children(items))
            }
            guard peekIsOp(",") else { break }
            pos += 1
            if peekIsOp("}") { break }
            key = peekIsOp("**") ? nil : try parseExpression()
        }
        try expectOp("}")
        return try node(.dict(items), from: start, Self.children(items))
    }

    /// `key: value` after its key, or `**mapping` (key nil).
    private mutating func parseDictItem(_ key: PyExpr?) throws(PyParseError) -> PyDictItem {
        guard let key else { return .unpack(try parseDoubleStarOperand()) }
        try expectOp(":")
        return .pair(key: key, value: try parseExpression())
    }

    private static func children(_ items: [PyDictItem]) -> [PyExpr] {
        items.flatMap { item -> [PyExpr] in
            switch item {
            case .pair(let key, let value): return [key, value]
            case .unpack(let e): return [e]
            }
        }
    }

    private mutating func parseDoubleStarOperand() throws(PyParseError) -> PyExpr {
        try enter(); defer { nesting -= 1 }
        pos += 1
        return try parseOperators(Self.bitwiseOrPrecedence)
    }

    // MARK: Literals

    static func number(_ text: String) -> PyNumber {
        let t = text.replacingOccurrences(of: "_", with: "")
        let lower = t.lowercased()
        if lower.hasSuffix("j") { return .unsupported }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) {
            return Int(lower.dropFirst(2), radix: radix).map(PyNumber.int) ?? .unsupported
        }
        if lower.contains(".") || lower.contains("e") {
            return Double(t).map(PyNumber.float) ?? .unsupported
        }
        return Int(t).map(PyNumber.int) ?? .unsupported
    }

    /// Adjacent string tokens, concatenated.
    private mutating func parseStrings() throws(PyParseError) -> PyExpr {
        let start = pos
        var parts: [PyStringPart] = []
        var children: [PyExpr] = []
        while let t = peek, t.kind == .string {
            pos += 1
            let literal = PyStringLiteral(t.text)
            if literal.isFormatted {
                let (fParts, fChildren) = formattedParts(literal.body, raw: literal.isRaw)
                parts += fParts
                children += fChildren
            } else {
                parts.append(.text(literal.isRaw ? String(scalars: literal.body[...]) : PyStringLiteral.unescape(literal.body[...], bytes: literal.isBytes)))
            }
        }
        return try node(.string(parts), from: start, children)
    }

    /// Splits an f-string body into literal text and replacement fields; each field's expression
    /// is tokenized and parsed on its own (one nesting level deeper).
    private func formattedParts(_ body: [Unicode.Scalar], raw: Bool) -> ([PyStringPart], [PyExpr]) {
        var parts: [PyStringPart] = []
        var children: [PyExpr] = []
        var literal: [Unicode.Scalar] = []
        func flush() {
            guard !literal.isEmpty else { return }
            parts.append(.text(raw ? String(scalars: literal[...]) : PyStringLiteral.unescape(literal[...], bytes: false)))
            literal = []
        }
        let unparseable = PyStringPart.field(expression: nil, conversion: nil, hasFormatSpec: false)
        var i = 0
        while i < body.count {
            let c = body[i]
            if c == "{" || c == "}" {
                if i + 1 < body.count && body[i + 1] == c {
                    literal.append(c)
                    i += 2
                    continue
                }
                flush()
                guard c == "{", let field = Self.scanField(body, from: i + 1) else {
                    parts.append(unparseable)
                    return (parts, children)
                }
                let expression = parseFieldExpression(body[(i + 1)..<field.expressionEnd])
                if let expression { children.append(expression) }
                parts.append(.field(expression: expression, conversion: field.conversion, hasFormatSpec: field.hasFormatSpec))
                i = field.end
                continue
            }
            literal.append(c)
            if c == "\\" && !raw && i + 1 < body.count {
                // Keep the escape together so that `\{` is not read as a field.
                literal.append(body[i + 1])
                i += 1
            }
            i += 1
        }
        flush()
        return (parts, children)
    }

    /// Finds the parts of a replacement field starting after its `{`.
    private static func scanField(_ body: [Unicode.Scalar], from start: Int) -> (expressionEnd: Int, conversion: Unicode.Scalar?, hasFormatSpec: Bool, end: Int)? {
        var j = start
        var depth = 0
        var expressionEnd: Int?
        while j < body.count, expressionEnd == nil {
            let d = body[j]
            switch d {
            case "'", "\"":
                j += 1
                while j < body.count && body[j] != d { j += 1 }
            case "(", "[", "{":
                depth += 1
            case ")", "]", "}":
                if depth == 0 {
                    guard d == "}" else { return nil }
                    expressionEnd = j
                    continue
                }
                depth -= 1
            case "!" where depth == 0 && !(j + 1 < body.count && body[j + 1] == "="):
                expressionEnd = j
                continue
            case ":" where depth == 0:
                expressionEnd = j
                continue
            default:
                break
            }
            j += 1
        }
        guard let expressionEnd, expressionEnd > start else { return nil }
        var k = expressionEnd
        var conversion: Unicode.Scalar?
        if body[k] == "!" {
            guard k + 1 < body.count else { return nil }
            conversion = body[k + 1]
            k += 2
        }
        var hasFormatSpec = false
        if k < body.count && body[k] == ":" {
            k += 1
            var specDepth = 0
            while k < body.count && !(body[k] == "}" && specDepth == 0) {
                if body[k] == "{" { specDepth += 1 }
                if body[k] == "}" { specDepth -= 1 }
                hasFormatSpec = true
                k += 1
            }
        }
        guard k < body.count, body[k] == "}" else { return nil }
        return (expressionEnd, conversion, hasFormatSpec, k + 1)
    }

    private func parseFieldExpression(_ scalars: ArraySlice<Unicode.Scalar>) -> PyExpr? {
        let text = String(scalars: scalars)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // `{x=}` (self-documenting) is not evaluated.
        if trimmed.hasSuffix("="), let before = trimmed.dropLast().last, !"=!<>".contains(before) { return nil }
        let tokens = PythonTokenizer.tokenize(text).filter { [.name, .number, .string, .op, .error].contains($0.kind) }
        guard !tokens.isEmpty, !tokens.contains(where: { $0.kind == .error }) else { return nil }
        return try? PyParser.parse(PyTokenSource(tokens), 0..<tokens.count, nesting: nesting + 1)
    }
}

/// A string literal token taken apart: prefix flags and the body between the quotes.
struct PyStringLiteral {
    var isRaw = false
    var isBytes = false
    var isFormatted = false
    var body: [Unicode.Scalar] = []

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count && scalars[i] != "'" && scalars[i] != "\"" {
            switch scalars[i] {
            case "r", "R": isRaw = true
            case "b", "B": isBytes = true
            case "f", "F": isFormatted = true
            default: break
            }
            i += 1
        }
        guard i < scalars.count else { return }
        let quote = scalars[i]
        let width = i + 2 < scalars.count && scalars[i + 1] == quote && scalars[i + 2] == quote && scalars.count >= i + 6 ? 3 : 1
        guard scalars.count >= i + 2 * width else { return }
        body = Array(scalars[(i + width)..<(scalars.count - width)])
    }

    /// Applies Python's backslash escapes. Unknown or malformed escapes are kept as written,
    /// as are `\N{…}` names (no name table is available).
    static func unescape(_ s: ArraySlice<Unicode.Scalar>, bytes: Bool) -> String {
        var out = String.UnicodeScalarView()
        var i = s.startIndex
        func hexValue(_ from: Int, _ count: Int) -> UInt32? {
            guard from + count <= s.endIndex, s[from..<(from + count)].allSatisfy(\.properties.isASCIIHexDigit) else { return nil }
            return UInt32(String(scalars: s[from..<(from + count)]), radix: 16)
        }
        while i < s.endIndex {
            let c = s[i]
            guard c == "\\", i + 1 < s.endIndex else {
                out.append(c)
                i += 1
                continue
            }
            let n = s[i + 1]
            i += 2
            switch n {
            case "\n": break
            case "\r":
                if i < s.endIndex && s[i] == "\n" { i += 1 }
            case "\\", "'", "\"": out.append(n)
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "0"..."7":
                var value = n.value - 0x30
                var digits = 1
                while digits < 3, i < s.endIndex, ("0"..."7").contains(s[i]) {
                    value = value * 8 + s[i].value - 0x30
                    i += 1
                    digits += 1
                }
                out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            case "x", "u", "U":
                let count = n == "x" ? 2 : n == "u" ? 4 : 8
                if (n == "x" || !bytes), let v = hexValue(i, count), let scalar = Unicode.Scalar(v) {
                    out.append(scalar)
                    i += count
                } else {
                    out.append("\\")
                    out.append(n)
                }
            default:
                out.append("\\")
                out.append(n)
            }
        }
        return String(out)
    }
}

extension String {
    init(scalars: ArraySlice<Unicode.Scalar>) {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self = String(view)
    }
}

// MARK: - Values

/// A Python number seen by arithmetic (`bool` counts as `int`, as in Python).
enum PyNumeric {
    case int(Int)
    case double(Double)

    var double: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        }
    }
}

extension ConfigValue {
    var containsUnresolved: Bool {
        switch self {
        case .unresolved: return true
        case .list(let l): return l.contains { $0.containsUnresolved }
        case .dict(let d): return d.entries.contains { $0.value.containsUnresolved }
        default: return false
        }
    }

    /// Python truth value; nil when it depends on something unresolved.
    var truthiness: Bool? {
        switch self {
        case .string(let s): return !s.isEmpty
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .bool(let b): return b
        case .null: return false
        case .list(let l): return !l.isEmpty
        case .dict(let d): return !d.isEmpty
        case .unresolved: return nil
        }
    }

    var numeric: PyNumeric? {
        switch self {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .double(let d): return .double(d)
        default: return nil
        }
    }

    /// `str(x)`; nil when anything inside is unresolved.
    var pyStr: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return Self.floatRepr(d)
        case .bool(let b): return b ? "True" : "False"
        case .null: return "None"
        case .list, .dict: return pyRepr
        case .unresolved: return nil
        }
    }

    /// `repr(x)` (tuples render as lists; they are not told apart).
    var pyRepr: String? {
        switch self {
        case .string(let s): return Self.stringRepr(s)
        case .list(let l):
            let items = l.compactMap(\.pyRepr)
            return items.count == l.count ? "[" + items.joined(separator: ", ") + "]" : nil
        case .dict(let d):
            let items = d.entries.compactMap { e in e.value.pyRepr.map { Self.stringRepr(e.key) + ": " + $0 } }
            return items.count == d.entries.count ? "{" + items.joined(separator: ", ") + "}" : nil
        default: return pyStr
        }
    }

    /// The key under which a value is stored in a `ConfigDict` (non-string keys in Python repr).
    var dictKey: String? {
        switch self {
        case .string(let s): return s
        case .list(let l):
            // Only tuples can be dict keys.
            let items = l.compactMap(\.pyRepr)
            guard items.count == l.count else { return nil }
            return items.count == 1 ? "(\(items[0]),)" : "(" + items.joined(separator: ", ") + ")"
        case .dict, .unresolved: return nil
        default: return pyStr
        }
    }

    /// `int(x)` for a resolved x.
    var pyInt: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .double(let d): return d.isFinite && abs(d) < 9.2e18 ? Int(d) : nil
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !t.hasPrefix("_"), !t.hasSuffix("_"), !t.contains("__") else { return nil }
            return Int(t.replacingOccurrences(of: "_", with: ""))
        default: return nil
        }
    }

    /// `float(x)` for a resolved x.
    var pyFloat: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .double(let d): return d
        case .string(let s):
            // Swift also reads hexadecimal floats, which Python's float() rejects.
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !t.hasPrefix("_"), !t.hasSuffix("_"), !t.contains("__"), !t.lowercased().contains("x") else { return nil }
            return Double(t.replacingOccurrences(of: "_", with: ""))
        default: return nil
        }
    }

    /// What iterating over the value yields (list items, dict keys, characters).
    var iterated: [ConfigValue]? {
        switch self {
        case .list(let l): return l
        case .dict(let d): return d.keys.map(ConfigValue.string)
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        default: return nil
        }
    }

    /// Nodes plus string bytes (keys included), or nil when that exceeds `limit` or containers
    /// nest deeper than `maxDepth`. Stops counting as soon as a bound is passed, so the cost is
    /// bounded whatever the size of a value built from shared parts.
    func weight(limit: Int = PyEvaluator.maxValueWeight, maxDepth: Int = PyEvaluator.maxValueDepth) -> Int? {
        var budget = limit
        return accumulateWeight(&budget, depth: maxDepth) ? limit - budget : nil
    }

    private func accumulateWeight(_ budget: inout Int, depth: Int) -> Bool {
        budget -= 1
        switch self {
        case .string(let s), .unresolved(let s):
            budget -= s.utf8.count
        case .list(let l):
            guard depth > 0 else { return false }
            for item in l where !item.accumulateWeight(&budget, depth: depth - 1) { return false }
        case .dict(let d):
            guard depth > 0 else { return false }
            for entry in d.entries {
                budget -= entry.key.utf8.count
                guard entry.value.accumulateWeight(&budget, depth: depth - 1) else { return false }
            }
        default:
            break
        }
        return budget >= 0
    }

    static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded() && abs(d) < 1e16 { return String(format: "%.1f", d) }
        return "\(d)"
    }

    static func stringRepr(_ s: String) -> String {
        let quote: Unicode.Scalar = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case quote: out += "\\" + String(quote)
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    out += String(format: "\\x%02x", c.value)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out.unicodeScalars.append(quote)
        return out
    }
}

extension ConfigDict {
    /// Sets entries in order like repeated `set(_:_:line:)` (existing keys keep their place,
    /// as in Python), in linear rather than quadratic time.
    mutating func merge(_ new: [Entry]) {
        var index: [String: Int] = [:]
        for (i, entry) in entries.enumerated() { index[entry.key] = i }
        for entry in new {
            if let i = index[entry.key] {
                entries[i].value = entry.value
                entries[i].line = entry.line
            } else {
                index[entry.key] = entries.count
                entries.append(entry)
            }
        }
    }
}

// MARK: - Paths

/// `posixpath` and `pathlib` string semantics. Paths are plain strings here: a `Path` object
/// is represented by its `str()`.
enum PyPath {
    static func isAbsolute(_ p: String) -> Bool { p.hasPrefix("/") }

    /// `os.path.join`: an absolute component discards everything before it.
    static func join(_ parts: [String]) -> String {
        var path = parts.first ?? ""
        for part in parts.dropFirst() {
            if part.hasPrefix("/") {
                path = part
            } else if path.isEmpty || path.hasSuffix("/") {
                path += part
            } else {
                path += "/" + part
            }
        }
        return path
    }

    static func dirname(_ p: String) -> String {
        let cut = p.lastIndex(of: "/").map { p.index(after: $0) } ?? p.startIndex
        var head = String(p[..<cut])
        if !head.isEmpty && head.contains(where: { $0 != "/" }) {
            while head.hasSuffix("/") { head.removeLast() }
        }
        return head
    }

    static func basename(_ p: String) -> String {
        let cut = p.lastIndex(of: "/").map { p.index(after: $0) } ?? p.startIndex
        return String(p[cut...])
    }

    /// `os.path.normpath`: collapses `//`, `.` and `..` (POSIX keeps exactly two leading slashes).
    static func normpath(_ p: String) -> String {
        if p.isEmpty { return "." }
        let leading = p.hasPrefix("//") && !p.hasPrefix("///") ? 2 : p.hasPrefix("/") ? 1 : 0
        var components: [Substring] = []
        for c in p.split(separator: "/") where c != "." {
            if c != ".." || (leading == 0 && components.isEmpty) || components.last == ".." {
                components.append(c)
            } else if !components.isEmpty {
                components.removeLast()
            }
        }
        let result = String(repeating: "/", count: leading) + components.joined(separator: "/")
        return result.isEmpty ? "." : result
    }

    private static func root(_ p: String) -> String {
        p.hasPrefix("//") && !p.hasPrefix("///") ? "//" : p.hasPrefix("/") ? "/" : ""
    }

    private static func components(_ p: String) -> [Substring] {
        p.split(separator: "/").filter { $0 != "." }
    }

    /// `str(PurePath(p))`: no empty or `.` components, no trailing slash; `..` is kept.
    static func pure(_ p: String) -> String {
        let result = root(p) + components(p).joined(separator: "/")
        return result.isEmpty ? "." : result
    }

    /// `Path(a, b, …)` and `a / b`.
    static func pathlibJoin(_ parts: [String]) -> String {
        var path = ""
        for part in parts {
            if isAbsolute(part) || path.isEmpty {
                path = part
            } else if !part.isEmpty {
                path += "/" + part
            }
        }
        return pure(path)
    }

    static func parent(_ p: String) -> String {
        var parts = components(p)
        guard !parts.isEmpty else { return pure(p) }
        parts.removeLast()
        let result = root(p) + parts.joined(separator: "/")
        return result.isEmpty ? "." : result
    }

    static func name(_ p: String) -> String {
        components(p).last.map(String.init) ?? ""
    }

    /// `Path.resolve()` without symlink knowledge; relative paths depend on the working directory.
    static func resolve(_ p: String) -> String? {
        guard isAbsolute(p) else { return nil }
        let n = normpath(p)
        return n.hasPrefix("//") ? String(n.dropFirst()) : n
    }

    /// `os.path.abspath`; relative paths depend on the working directory.
    static func abspath(_ p: String) -> String? {
        isAbsolute(p) ? normpath(p) : nil
    }
}

// MARK: - Evaluator

/// Evaluates expressions against the module's bindings so far, never executing anything:
/// what cannot be known statically becomes `.unresolved(source text)`.
struct PyEvaluator {
    var bindings: [String: PythonModule.Binding]
    var filePath: String
    /// Local names bound by imports → qualified names (`join` → `os.path.join`).
    var importAliases: [String: String]
    /// Names bound to `environ.Env(...)` → the defaults its scheme declares, by variable name.
    var envSchemes: [String: [String: ConfigValue]]

    /// Longest list that `*` may build.
    static let maxRepeatedLength = 100_000
    /// Values may share parts (`A = [A, A]`), so their size can grow exponentially statement
    /// by statement; every value built is checked against these bounds (see `ConfigValue.weight`).
    static let maxValueWeight = 2_000_000
    static let maxValueDepth = 48

    func evaluate(_ e: PyExpr) -> ConfigValue {
        guard let value = compute(e) else { return .unresolved(e.text) }
        switch e.kind {
        case .list, .tuple, .set, .dict, .call, .binary:
            // Built here, possibly from shared parts: keep it bounded.
            return value.weight() == nil ? .unresolved(e.text) : value
        default:
            return value
        }
    }

    /// Evaluates and discards a top-level unresolved result.
    private func resolved(_ e: PyExpr) -> ConfigValue? {
        let v = evaluate(e)
        return v.isUnresolved ? nil : v
    }

    private func string(_ e: PyExpr) -> String? { evaluate(e).stringValue }

    private func strings(_ es: [PyExpr]) -> [String]? {
        let values = es.compactMap(string)
        return values.count == es.count ? values : nil
    }

    /// One case per node kind, each delegating to a helper: this function is on the recursive
    /// path, so its (unoptimised) frame must stay small.
    private func compute(_ e: PyExpr) -> ConfigValue? {
        switch e.kind {
        case .name(let n): return n == "__file__" ? .string(filePath) : bindings[n]?.value
        case .number(let n): return Self.number(n)
        case .constant(let v): return v
        case .string(let parts): return format(parts)
        case .list(let items), .tuple(let items): return elements(items).map(ConfigValue.list)
        case .set(let items): return elements(items).map(Self.unique)
        case .dict(let items): return dictionary(items)
        case .attribute(let base, let name): return attribute(base, name)
        case .subscript(let base, let index): return Self.item(of: evaluate(base), at: evaluate(index))
        case .call(let callee, let args): return call(callee, CallArguments(args, line: e.line))
        case .unary(let op, let operand): return Self.unary(op, evaluate(operand))
        case .binary(let op, let l, let r): return binary(op, l, r)
        case .boolean(let op, let l, let r): return boolean(op, l, r)
        case .compare(let first, let rest): return comparison(first, rest)
        case .conditional(let body, let test, let orelse): return conditional(body, test, orelse)
        case .starred, .opaque: return nil
        }
    }

    private static func number(_ n: PyNumber) -> ConfigValue? {
        switch n {
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .unsupported: return nil
        }
    }

    /// A set display or `set(x)`: duplicates dropped, first occurrence kept.
    private static func unique(_ values: [ConfigValue]) -> ConfigValue {
        var seen = Set<ConfigValue>()
        return .list(values.filter { seen.insert($0).inserted })
    }

    private func attribute(_ base: PyExpr, _ name: String) -> ConfigValue? {
        guard case .string(let p) = evaluate(base) else { return nil }
        switch name {
        case "parent": return .string(PyPath.parent(p))
        case "name": return .string(PyPath.name(p))
        default: return nil
        }
    }

    private func binary(_ op: String, _ l: PyExpr, _ r: PyExpr) -> ConfigValue? {
        Self.binary(op, evaluate(l), evaluate(r), rightIsTuple: r.isTuple)
    }

    /// Python returns an operand: `a or b` is a when a is true, else b.
    private func boolean(_ op: String, _ l: PyExpr, _ r: PyExpr) -> ConfigValue? {
        let left = evaluate(l)
        guard let truth = left.truthiness else { return nil }
        return (op == "and") == truth ? evaluate(r) : left
    }

    private func comparison(_ first: PyExpr, _ rest: [(op: String, operand: PyExpr)]) -> ConfigValue? {
        var left = evaluate(first)
        for (op, operand) in rest {
            let right = evaluate(operand)
            guard let result = Self.compare(op, left, right) else { return nil }
            if !result { return .bool(false) }
            left = right
        }
        return .bool(true)
    }

    private func conditional(_ body: PyExpr, _ test: PyExpr, _ orelse: PyExpr) -> ConfigValue? {
        guard let truth = evaluate(test).truthiness else { return nil }
        return evaluate(truth ? body : orelse)
    }

    private func format(_ parts: [PyStringPart]) -> ConfigValue? {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t):
                out += t
            case .field(let expression, let conversion, let hasFormatSpec):
                guard let expression, !hasFormatSpec else { return nil }
                let v = evaluate(expression)
                guard let s = conversion == "r" || conversion == "a" ? v.pyRepr : v.pyStr else { return nil }
                out += s
            }
            guard out.utf8.count <= Self.maxValueWeight else { return nil }
        }
        return .string(out)
    }

    /// Display elements with `*x` expanded; nil when an expansion is unknown.
    private func elements(_ items: [PyExpr]) -> [ConfigValue]? {
        var out: [ConfigValue] = []
        for item in items {
            if case .starred(let inner) = item.kind {
                guard let values = evaluate(inner).iterated else { return nil }
                out += values
            } else {
                out.append(evaluate(item))
            }
        }
        return out
    }

    private func dictionary(_ items: [PyDictItem]) -> ConfigValue? {
        var entries: [ConfigDict.Entry] = []
        for item in items {
            switch item {
            case .pair(let k, let v):
                guard let key = evaluate(k).dictKey else { return nil }
                entries.append(ConfigDict.Entry(key: key, value: evaluate(v), line: k.line))
            case .unpack(let e):
                guard case .dict(let other) = evaluate(e) else { return nil }
                entries += other.entries
            }
        }
        var d = ConfigDict()
        d.merge(entries)
        return .dict(d)
    }

    // MARK: Calls

    struct CallArguments {
        var all: [PyArgument]
        var positional: [PyExpr] = []
        var keywords: [(name: String, value: PyExpr, line: Int)] = []
        var hasUnpacking = false
        /// Line of the call, for dict entries that have no key token of their own.
        var line: Int

        init(_ args: [PyArgument], line: Int) {
            all = args
            self.line = line
            for arg in args {
                switch arg {
                case .positional(let e): positional.append(e)
                case .keyword(let name, let e, let line): keywords.append((name, e, line))
                case .star, .doubleStar: hasUnpacking = true
                }
            }
        }

        var count: Int { positional.count + keywords.count }

        /// The argument bound to a parameter given by position and/or keyword name.
        func argument(_ index: Int?, _ keyword: String?) -> PyExpr? {
            if let index, index < positional.count { return positional[index] }
            if let keyword { return keywords.first { $0.name == keyword }?.value }
            return nil
        }
    }

    /// Functions recognised by qualified name (after `canonicalNames`).
    static let functions: Set<String> = [
        "os.path.join", "os.path.dirname", "os.path.basename", "os.path.abspath", "os.path.realpath",
        "os.path.normpath", "os.path.expanduser", "Path", "os.environ.get", "os.getenv", "os.environ.setdefault",
        "config", "copy.copy", "copy.deepcopy",
    ]
    static let builtins: Set<String> = ["str", "int", "float", "bool", "list", "tuple", "set", "dict", "len"]

    static let canonicalNames: [String: String] = [
        "pathlib.Path": "Path", "pathlib.PurePath": "Path", "PurePath": "Path", "pathlib.PosixPath": "Path",
        "PosixPath": "Path", "pathlib.PurePosixPath": "Path", "PurePosixPath": "Path",
        "decouple.config": "config", "decouple.Csv": "Csv", "environ.Env": "Env",
    ]

    /// The dotted name an expression refers to (`os.path.join`), following import aliases.
    /// Nil when the root is a module binding with a known value (then it is data, not a module).
    func qualifiedName(_ e: PyExpr) -> String? {
        switch e.kind {
        case .name(let n):
            if let q = importAliases[n] { return Self.canonicalNames[q] ?? q }
            if let b = bindings[n], !b.value.isUnresolved { return nil }
            return Self.canonicalNames[n] ?? n
        case .attribute(let base, let attr):
            return qualifiedName(base).map { q in
                let name = "\(q).\(attr)"
                return Self.canonicalNames[name] ?? name
            }
        default:
            return nil
        }
    }

    private func call(_ callee: PyExpr, _ args: CallArguments) -> ConfigValue? {
        if let (object, method) = envAccessor(callee) { return readEnv(object: object, method: method, args) }
        if let name = qualifiedName(callee) {
            // Builtins are dispatched directly: nested calls like str(int(...)) recurse through here.
            if Self.builtins.contains(name) { return callBuiltin(name, args) }
            if Self.functions.contains(name) { return callFunction(name, args) }
        }
        if case .attribute(let receiver, let method) = callee.kind {
            return callMethod(evaluate(receiver), method, args)
        }
        return nil
    }

    private func callFunction(_ name: String, _ args: CallArguments) -> ConfigValue? {
        if args.hasUnpacking { return nil }
        let single = args.keywords.isEmpty && args.positional.count == 1 ? args.positional[0] : nil
        switch name {
        case "os.path.join":
            guard args.keywords.isEmpty, !args.positional.isEmpty, let parts = strings(args.positional) else { return nil }
            return .string(PyPath.join(parts))
        case "os.path.dirname", "os.path.basename", "os.path.abspath", "os.path.realpath", "os.path.normpath", "os.path.expanduser":
            guard let single, let p = string(single) else { return nil }
            switch name {
            case "os.path.dirname": return .string(PyPath.dirname(p))
            case "os.path.basename": return .string(PyPath.basename(p))
            case "os.path.normpath": return .string(PyPath.normpath(p))
            case "os.path.expanduser": return p.hasPrefix("~") ? nil : .string(p)
            default: return PyPath.abspath(p).map(ConfigValue.string)
            }
        case "Path":
            guard args.keywords.isEmpty, let parts = strings(args.positional) else { return nil }
            return .string(PyPath.pathlibJoin(parts))
        case "os.environ.get", "os.getenv", "os.environ.setdefault":
            // The default is what runs when the variable is unset.
            return args.argument(1, "default").flatMap(resolved)
        case "config":
            return readDecouple(args)
        case "copy.copy", "copy.deepcopy":
            return single.flatMap(resolved)
        default:
            return nil
        }
    }

    private func callBuiltin(_ name: String, _ args: CallArguments) -> ConfigValue? {
        if name == "dict" { return dictionary(from: args) }
        guard !args.hasUnpacking else { return nil }
        if args.count == 0 {
            switch name {
            case "str": return .string("")
            case "int": return .int(0)
            case "float": return .double(0)
            case "bool": return .bool(false)
            case "list", "tuple", "set": return .list([])
            default: return nil
            }
        }
        guard args.keywords.isEmpty, args.positional.count == 1, let value = resolved(args.positional[0]) else { return nil }
        switch name {
        case "str": return value.pyStr.map(ConfigValue.string)
        case "int": return value.pyInt.map(ConfigValue.int)
        case "float": return value.pyFloat.map(ConfigValue.double)
        case "bool": return value.truthiness.map(ConfigValue.bool)
        case "list", "tuple": return value.iterated.map(ConfigValue.list)
        case "set": return value.iterated.map(Self.unique)
        case "len":
            switch value {
            case .list(let l): return .int(l.count)
            case .dict(let d): return .int(d.entries.count)
            case .string(let s): return .int(s.unicodeScalars.count)
            default: return nil
            }
        default: return nil
        }
    }

    /// `dict(mapping_or_pairs, **x, k=v)`; also the arguments of `d.update(...)`.
    func dictionary(from args: CallArguments) -> ConfigValue? {
        guard args.positional.count <= 1 else { return nil }
        var entries: [ConfigDict.Entry] = []
        for arg in args.all {
            switch arg {
            case .positional(let e), .doubleStar(let e):
                switch resolved(e) {
                case .dict(let other):
                    entries += other.entries
                case .list(let pairs):
                    guard case .positional = arg else { return nil }
                    for pair in pairs {
                        guard case .list(let kv) = pair, kv.count == 2, let key = kv[0].dictKey else { return nil }
                        entries.append(ConfigDict.Entry(key: key, value: kv[1], line: args.line))
                    }
                default:
                    return nil
                }
            case .keyword(let name, let e, let line):
                entries.append(ConfigDict.Entry(key: name, value: evaluate(e), line: line))
            case .star:
                return nil
            }
        }
        var d = ConfigDict()
        d.merge(entries)
        return .dict(d)
    }

    // MARK: Environment readers

    /// `env(...)` / `env.method(...)` where `env` is a django-environ `Env`.
    private func envAccessor(_ callee: PyExpr) -> (String, String?)? {
        switch callee.kind {
        case .name(let n) where isEnvObject(n):
            return (n, nil)
        case .attribute(let base, let method):
            if case .name(let n) = base.kind, isEnvObject(n) { return (n, method) }
            return nil
        default:
            return nil
        }
    }

    /// A name bound by `environ.Env(...)` here, or `env` itself (also as imported from another
    /// settings module: `from .base import env`).
    private func isEnvObject(_ name: String) -> Bool {
        if envSchemes[name] != nil { return true }
        guard name == "env", bindings[name]?.value.isUnresolved ?? true else { return false }
        return importAliases[name].map { $0 == "env" || $0.hasSuffix(".env") } ?? true
    }

    /// django-environ returns the default itself when the variable is unset: `get_value` only
    /// parses the value when it differs from the default (or with `parse_default=True`).
    /// So `env.bool("X", default="true")` is the string "true". A default starting with `$`
    /// names another variable to read instead.
    private func readEnv(object: String, method: String?, _ args: CallArguments) -> ConfigValue? {
        guard !args.hasUnpacking, args.argument(nil, "parse_default") == nil else { return nil }
        let defaultIndex: Int
        switch method {
        case nil, "list", "tuple", "dict":
            // __call__(var, cast=None, default=NOTSET); list/tuple/dict(var, cast=None, default=NOTSET)
            defaultIndex = 2
        case "str", "bool", "int", "float", "json", "path", "unicode", "bytes":
            defaultIndex = 1
        default:
            // db_url, cache_url, email_url, url…: the default is parsed; not evaluated here.
            return nil
        }
        if let d = args.argument(defaultIndex, "default") {
            guard let value = resolved(d), !(value.stringValue?.hasPrefix("$") ?? false) else { return nil }
            return value
        }
        if let variable = args.argument(0, "var").flatMap(string), let schemeDefault = envSchemes[object]?[variable] {
            return schemeDefault.isUnresolved ? nil : schemeDefault
        }
        return nil
    }

    /// python-decouple `config(option, default, cast)`: unlike django-environ, the cast is applied
    /// to the default.
    private func readDecouple(_ args: CallArguments) -> ConfigValue? {
        guard !args.hasUnpacking, let d = args.argument(1, "default"), let value = resolved(d) else { return nil }
        guard let cast = args.argument(2, "cast") else { return value }
        if case .call(let f, let castArgs) = cast.kind {
            guard castArgs.isEmpty, qualifiedName(f) == "Csv" else { return nil }
            return Self.decoupleCsv(value)
        }
        switch qualifiedName(cast) {
        case "bool":
            // decouple's _cast_boolean: str(value).lower() looked up in its table.
            let table: [String: Bool] = ["1": true, "yes": true, "true": true, "on": true,
                                         "0": false, "no": false, "false": false, "off": false, "": false]
            return value.pyStr.flatMap { table[$0.lowercased()] }.map(ConfigValue.bool)
        case "int": return value.pyInt.map(ConfigValue.int)
        case "float": return value.pyFloat.map(ConfigValue.double)
        case "str": return value.pyStr.map(ConfigValue.string)
        default: return nil
        }
    }

    /// decouple's `Csv()`: split on commas (shlex-style, so empty items vanish), strip each item.
    private static func decoupleCsv(_ value: ConfigValue) -> ConfigValue? {
        switch value {
        case .null:
            return .list([])
        case .string(let s):
            // Quotes, escapes and comments have shlex meanings; not reproduced.
            guard !s.contains(where: { "\"'\\#".contains($0) }) else { return nil }
            let items = s.components(separatedBy: ",").filter { !$0.isEmpty }
            return .list(items.map { .string($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        default:
            return nil
        }
    }

    // MARK: Methods

    private func callMethod(_ receiver: ConfigValue, _ method: String, _ args: CallArguments) -> ConfigValue? {
        guard !args.hasUnpacking else { return nil }
        switch receiver {
        case .string(let s):
            return stringMethod(s, method, args)
        case .dict(let d):
            switch method {
            case "get" where args.keywords.isEmpty && (1...2).contains(args.positional.count):
                guard let key = resolved(args.positional[0])?.dictKey else { return nil }
                if let value = d[key] { return value }
                return args.positional.count == 2 ? resolved(args.positional[1]) : .null
            case "copy" where args.count == 0: return receiver
            case "keys" where args.count == 0: return .list(d.keys.map(ConfigValue.string))
            case "values" where args.count == 0: return .list(d.entries.map(\.value))
            case "items" where args.count == 0: return .list(d.entries.map { .list([.string($0.key), $0.value]) })
            default: return nil
            }
        case .list where method == "copy" && args.count == 0:
            return receiver
        case .list(let items) where method == "index" && args.count == 1 && args.keywords.isEmpty:
            guard let item = resolved(args.positional[0]) else { return nil }
            for (i, element) in items.enumerated() {
                switch Self.equals(element, item) {
                case true?: return .int(i)
                case nil: return nil
                default: continue
                }
            }
            return nil
        default:
            return nil
        }
    }

    private func stringMethod(_ s: String, _ method: String, _ args: CallArguments) -> ConfigValue? {
        let noArguments = args.count == 0
        switch method {
        case "upper" where noArguments: return .string(s.uppercased())
        case "lower" where noArguments: return .string(s.lowercased())
        case "strip", "lstrip", "rstrip":
            guard args.count <= 1 else { return nil }
            var characters: Set<Unicode.Scalar>?
            if let arg = args.argument(0, "chars") {
                switch resolved(arg) {
                case .null: characters = nil
                case .string(let c): characters = Set(c.unicodeScalars)
                default: return nil
                }
            }
            return .string(Self.strip(s, characters, leading: method != "rstrip", trailing: method != "lstrip"))
        case "split":
            var separator: String?
            if let arg = args.argument(0, "sep") {
                switch resolved(arg) {
                case .null: separator = nil
                case .string(let sep) where !sep.isEmpty: separator = sep
                default: return nil
                }
            }
            var maxSplit = -1
            if let arg = args.argument(1, "maxsplit") {
                guard case .int(let m) = resolved(arg) else { return nil }
                maxSplit = m
            }
            let parts = separator.map { Self.split(s, $0, maxSplit) } ?? Self.splitWhitespace(s, maxSplit)
            return .list(parts.map(ConfigValue.string))
        case "join" where args.positional.count == 1 && args.keywords.isEmpty:
            guard let items = resolved(args.positional[0])?.iterated else { return nil }
            let parts = items.compactMap(\.stringValue)
            let length = parts.reduce(0) { $0 + $1.utf8.count } + s.utf8.count * max(parts.count - 1, 0)
            guard parts.count == items.count, length <= Self.maxValueWeight else { return nil }
            return .string(parts.joined(separator: s))
        case "replace" where args.positional.count == 2 && args.keywords.isEmpty:
            guard let old = string(args.positional[0]), let new = string(args.positional[1]), !old.isEmpty,
                  s.utf8.count / old.utf8.count * new.utf8.count <= Self.maxValueWeight else { return nil }
            return .string(s.replacingOccurrences(of: old, with: new, options: .literal))
        case "startswith", "endswith":
            guard args.positional.count == 1, args.keywords.isEmpty, let arg = resolved(args.positional[0]) else { return nil }
            let candidates: [ConfigValue] = arg.listValue ?? [arg]
            let affixes = candidates.compactMap(\.stringValue)
            guard affixes.count == candidates.count else { return nil }
            let scalars = Array(s.unicodeScalars)
            return .bool(affixes.contains { a in
                let affix = Array(a.unicodeScalars)
                return method == "startswith" ? scalars.starts(with: affix) : scalars.reversed().starts(with: affix.reversed())
            })
        case "format":
            return braceFormat(s, args).map(ConfigValue.string)
        case "resolve" where args.positional.isEmpty && args.keywords.allSatisfy({ $0.name == "strict" }):
            // strict=True only makes a missing path raise; the result is the same.
            return PyPath.resolve(s).map(ConfigValue.string)
        case "absolute" where noArguments: return PyPath.isAbsolute(s) ? .string(PyPath.pure(s)) : nil
        case "as_posix" where noArguments: return .string(PyPath.pure(s))
        case "joinpath":
            guard args.keywords.isEmpty, let parts = strings(args.positional) else { return nil }
            return .string(PyPath.pathlibJoin([s] + parts))
        default:
            return nil
        }
    }

    private static func strip(_ s: String, _ characters: Set<Unicode.Scalar>?, leading: Bool, trailing: Bool) -> String {
        let strips: (Unicode.Scalar) -> Bool = { c in characters?.contains(c) ?? c.properties.isWhitespace }
        var scalars = Array(s.unicodeScalars)[...]
        if leading { while let f = scalars.first, strips(f) { scalars.removeFirst() } }
        if trailing { while let l = scalars.last, strips(l) { scalars.removeLast() } }
        return String(scalars: scalars)
    }

    /// `str.split(sep, maxsplit)` with an explicit separator: empty fields are kept.
    private static func split(_ s: String, _ separator: String, _ maxSplit: Int) -> [String] {
        var parts: [String] = []
        var rest = s[...]
        while maxSplit < 0 || parts.count < maxSplit, let r = rest.range(of: separator, options: .literal) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    /// `str.split()`: runs of whitespace separate, no empty fields; the remainder after
    /// `maxsplit` splits keeps its trailing whitespace.
    private static func splitWhitespace(_ s: String, _ maxSplit: Int) -> [String] {
        let scalars = Array(s.unicodeScalars)
        var parts: [String] = []
        var i = 0
        while true {
            while i < scalars.count && scalars[i].properties.isWhitespace { i += 1 }
            guard i < scalars.count else { break }
            if maxSplit >= 0 && parts.count == maxSplit {
                parts.append(String(scalars: scalars[i...]))
                break
            }
            let start = i
            while i < scalars.count && !scalars[i].properties.isWhitespace { i += 1 }
            parts.append(String(scalars: scalars[start..<i]))
        }
        return parts
    }

    /// `"…".format(...)` with `{}`, `{0}`, `{name}`, `!r`/`!s`; format specs and field
    /// attribute/index access are not evaluated.
    private func braceFormat(_ format: String, _ args: CallArguments) -> String? {
        let scalars = Array(format.unicodeScalars)
        var out = ""
        var automatic = 0
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if (c == "{" || c == "}") && i + 1 < scalars.count && scalars[i + 1] == c {
                out.unicodeScalars.append(c)
                i += 2
                continue
            }
            if c == "}" { return nil }
            guard c == "{" else {
                out.unicodeScalars.append(c)
                i += 1
                continue
            }
            guard let close = scalars[(i + 1)...].firstIndex(of: "}") else { return nil }
            let field = scalars[(i + 1)..<close]
            guard !field.contains("{") else { return nil }
            let nameEnd = field.firstIndex { $0 == "!" || $0 == ":" } ?? field.endIndex
            let name = String(scalars: field[..<nameEnd])
            var conversion: Unicode.Scalar?
            if nameEnd < field.endIndex {
                guard field[nameEnd] == "!", nameEnd + 2 == field.endIndex else { return nil }
                conversion = field[nameEnd + 1]
            }
            let argument: PyExpr?
            if name.isEmpty {
                argument = args.argument(automatic, nil)
                automatic += 1
            } else if let index = Int(name) {
                argument = args.argument(index, nil)
            } else {
                argument = args.keywords.first { $0.name == name }?.value
            }
            guard let argument else { return nil }
            let value = evaluate(argument)
            guard let text = conversion == "r" ? value.pyRepr : value.pyStr else { return nil }
            out += text
            guard out.utf8.count <= Self.maxValueWeight else { return nil }
            i = close + 1
        }
        return out
    }

    // MARK: Operators

    static func item(of container: ConfigValue, at index: ConfigValue) -> ConfigValue? {
        switch container {
        case .dict(let d):
            return index.dictKey.flatMap { d[$0] }
        case .list(let l):
            return listIndex(index, count: l.count).map { l[$0] }
        case .string(let s):
            let scalars = Array(s.unicodeScalars)
            return listIndex(index, count: scalars.count).map { .string(String(scalars[$0])) }
        default:
            return nil
        }
    }

    /// A Python sequence index (negative counts from the end); nil when out of range.
    static func listIndex(_ index: ConfigValue, count: Int) -> Int? {
        guard case .int(let i) = index.numeric else { return nil }
        let resolved = i < 0 ? i + count : i
        return resolved >= 0 && resolved < count ? resolved : nil
    }

    static func unary(_ op: String, _ v: ConfigValue) -> ConfigValue? {
        if op == "not" { return v.truthiness.map { .bool(!$0) } }
        switch (op, v.numeric) {
        case ("-", .int(let i)?): return i == Int.min ? nil : .int(-i)
        case ("-", .double(let d)?): return .double(-d)
        case ("+", .int(let i)?): return .int(i)
        case ("+", .double(let d)?): return .double(d)
        case ("~", .int(let i)?): return .int(~i)
        default: return nil
        }
    }

    /// A binary operator on resolved values; nil when Python would raise or the result is not
    /// representable (integer overflow, huge repetitions).
    static func binary(_ op: String, _ l: ConfigValue, _ r: ConfigValue, rightIsTuple: Bool) -> ConfigValue? {
        if l.isUnresolved || r.isUnresolved { return nil }
        switch (op, l, r) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("+", .list(let a), .list(let b)): return .list(a + b)
        case ("/", .string(let a), .string(let b)): return .string(PyPath.pathlibJoin([a, b]))
        case ("%", .string(let f), _): return percentFormat(f, r, rightIsTuple: rightIsTuple)
        case ("*", .string(let s), _), ("*", _, .string(let s)):
            let times = l.stringValue == nil ? l : r
            guard case .int(let n)? = times.numeric, n <= 0 || s.utf8.count <= maxValueWeight / n else { return nil }
            return .string(String(repeating: s, count: max(n, 0)))
        case ("*", .list(let items), _), ("*", _, .list(let items)):
            let times = l.listValue == nil ? l : r
            guard case .int(let n)? = times.numeric, n <= 0 || items.count <= maxRepeatedLength / n else { return nil }
            return .list(n <= 0 ? [] : Array(repeating: items, count: n).flatMap { $0 })
        case ("|", .dict(var a), .dict(let b)):
            a.merge(b.entries)
            return .dict(a)
        case ("&", .bool(let a), .bool(let b)): return .bool(a && b)
        case ("|", .bool(let a), .bool(let b)): return .bool(a || b)
        case ("^", .bool(let a), .bool(let b)): return .bool(a != b)
        default:
            guard let a = l.numeric, let b = r.numeric else { return nil }
            return arithmetic(op, a, b)
        }
    }

    private static func arithmetic(_ op: String, _ a: PyNumeric, _ b: PyNumeric) -> ConfigValue? {
        if case .int(let x) = a, case .int(let y) = b {
            func checked(_ r: (partialValue: Int, overflow: Bool)) -> ConfigValue? { r.overflow ? nil : .int(r.partialValue) }
            switch op {
            case "+": return checked(x.addingReportingOverflow(y))
            case "-": return checked(x.subtractingReportingOverflow(y))
            case "*": return checked(x.multipliedReportingOverflow(by: y))
            case "/": return y == 0 ? nil : .double(Double(x) / Double(y))
            case "//":
                guard y != 0 else { return nil }
                let (q, overflow) = x.dividedReportingOverflow(by: y)
                guard !overflow else { return nil }
                return .int(x % y != 0 && (x < 0) != (y < 0) ? q - 1 : q)
            case "%":
                guard y != 0 else { return nil }
                if y == -1 { return .int(0) }
                let r = x % y
                return .int(r != 0 && (r < 0) != (y < 0) ? r + y : r)
            case "**":
                if y < 0 { return x == 0 ? nil : .double(pow(Double(x), Double(y))) }
                return integerPower(x, y)
            case "<<":
                guard y >= 0, y < Int.bitWidth, (x << y) >> y == x else { return nil }
                return .int(x << y)
            case ">>":
                guard y >= 0 else { return nil }
                return .int(x >> min(y, Int.bitWidth - 1))
            case "&": return .int(x & y)
            case "|": return .int(x | y)
            case "^": return .int(x ^ y)
            default: return nil
            }
        }
        let x = a.double
        let y = b.double
        switch op {
        case "+": return .double(x + y)
        case "-": return .double(x - y)
        case "*": return .double(x * y)
        case "/": return y == 0 ? nil : .double(x / y)
        case "//": return y == 0 ? nil : .double((x / y).rounded(.down))
        case "%":
            guard y != 0 else { return nil }
            var r = fmod(x, y)
            if r != 0 && (r < 0) != (y < 0) { r += y }
            return .double(r)
        case "**":
            let r = pow(x, y)
            return r.isNaN && !x.isNaN && !y.isNaN ? nil : .double(r)
        default:
            return nil
        }
    }

    private static func integerPower(_ base: Int, _ exponent: Int) -> ConfigValue? {
        var result = 1
        var b = base
        var e = exponent
        while e > 0 {
            if e & 1 == 1 {
                let (r, o) = result.multipliedReportingOverflow(by: b)
                guard !o else { return nil }
                result = r
            }
            e >>= 1
            if e > 0 {
                let (sq, o) = b.multipliedReportingOverflow(by: b)
                guard !o else { return nil }
                b = sq
            }
        }
        return .int(result)
    }

    /// `fmt % args` for `%s`, `%r`, `%d`/`%i`, `%%` and `%(name)s`; no flags, widths or precisions.
    private static func percentFormat(_ format: String, _ rhs: ConfigValue, rightIsTuple: Bool) -> ConfigValue? {
        let args: [ConfigValue]
        var mapping: ConfigDict?
        switch rhs {
        case .list(let items):
            // A tuple held in a variable cannot be told from a list (a list is one argument).
            guard rightIsTuple else { return nil }
            args = items
        case .dict(let d):
            args = [rhs]
            mapping = d
        default:
            args = [rhs]
        }
        let scalars = Array(format.unicodeScalars)
        var out = ""
        var next = 0
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "%" else {
                out.unicodeScalars.append(scalars[i])
                i += 1
                continue
            }
            i += 1
            guard i < scalars.count else { return nil }
            if scalars[i] == "%" {
                out += "%"
                i += 1
                continue
            }
            let value: ConfigValue
            if scalars[i] == "(" {
                guard let mapping, let close = scalars[i...].firstIndex(of: ")"),
                      let v = mapping[String(scalars: scalars[(i + 1)..<close])] else { return nil }
                value = v
                i = close + 1
                guard i < scalars.count else { return nil }
            } else {
                guard next < args.count else { return nil }
                value = args[next]
                next += 1
            }
            let text: String?
            switch scalars[i] {
            case "s": text = value.pyStr
            case "r", "a": text = value.pyRepr
            case "d", "i":
                switch value.numeric {
                case .int(let n)?: text = String(n)
                case .double(let d)? where d.isFinite && abs(d) < 9.2e18: text = String(Int(d))
                default: text = nil
                }
            default: text = nil
            }
            guard let text else { return nil }
            out += text
            guard out.utf8.count <= maxValueWeight else { return nil }
            i += 1
        }
        guard mapping != nil || next == args.count else { return nil }
        return .string(out)
    }

    /// A comparison operator; nil when the answer depends on something unresolved.
    static func compare(_ op: String, _ l: ConfigValue, _ r: ConfigValue) -> Bool? {
        switch op {
        case "==": return equals(l, r)
        case "!=": return equals(l, r).map { !$0 }
        case "in": return contains(r, l)
        case "not in": return contains(r, l).map { !$0 }
        case "is", "is not":
            // Identity is only known for the singletons None, True and False.
            guard !l.isUnresolved, !r.isUnresolved else { return nil }
            func isSingleton(_ v: ConfigValue) -> Bool {
                if case .bool = v { return true }
                return v == .null
            }
            guard isSingleton(l) || isSingleton(r) else { return nil }
            return (op == "is") == (l == r)
        default:
            guard let c = order(l, r) else { return nil }
            switch op {
            case "<": return c < 0
            case "<=": return c <= 0
            case ">": return c > 0
            case ">=": return c >= 0
            default: return nil
            }
        }
    }

    private static func order(_ l: ConfigValue, _ r: ConfigValue) -> Int? {
        switch (l, r) {
        case (.string(let a), .string(let b)):
            let x = Array(a.unicodeScalars).map(\.value)
            let y = Array(b.unicodeScalars).map(\.value)
            return x == y ? 0 : x.lexicographicallyPrecedes(y) ? -1 : 1
        default:
            switch (l.numeric, r.numeric) {
            case (.int(let a)?, .int(let b)?): return a == b ? 0 : a < b ? -1 : 1
            case (let a?, let b?):
                guard !a.double.isNaN, !b.double.isNaN else { return nil }
                return a.double == b.double ? 0 : a.double < b.double ? -1 : 1
            default: return nil
            }
        }
    }

    /// Python `==`; nil when the answer depends on something unresolved.
    static func equals(_ a: ConfigValue, _ b: ConfigValue) -> Bool? {
        func all(_ pairs: [(ConfigValue, ConfigValue)]) -> Bool? {
            var unknown = false
            for (x, y) in pairs {
                switch equals(x, y) {
                case false?: return false
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : true
        }
        switch (a, b) {
        case (.unresolved, _), (_, .unresolved): return nil
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.null, .null): return true
        case (.list(let x), .list(let y)):
            return x.count == y.count ? all(Array(zip(x, y))) : false
        case (.dict(let x), .dict(let y)):
            guard Set(x.keys) == Set(y.keys) else { return false }
            return all(x.entries.map { ($0.value, y[$0.key] ?? .null) })
        default:
            switch (a.numeric, b.numeric) {
            case (.int(let x)?, .int(let y)?): return x == y
            case (let x?, let y?): return x.double == y.double
            default: return false
            }
        }
    }

    private static func contains(_ container: ConfigValue, _ item: ConfigValue) -> Bool? {
        switch container {
        case .list(let items):
            var unknown = item.isUnresolved
            for element in items {
                switch equals(element, item) {
                case true?: return true
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : false
        case .dict(let d):
            return item.dictKey.map { d.keys.contains($0) }
        case .string(let s):
            guard case .string(let sub) = item else { return nil }
            return sub.isEmpty || s.range(of: sub, options: .literal) != nil
        default:
            return nil
        }
    }
}
