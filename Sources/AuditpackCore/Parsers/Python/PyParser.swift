import Foundation

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
        // `f(x for x in y)`: a generator argument.
        return .positional(try comprehension("generator", element: value, value: nil, from: start, closing: nil))
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

    /// The `for TARGET in ITERABLE if …` clauses after a comprehension's element, then its
    /// closing bracket (none for a generator that is a call's only argument). An `async for`
    /// comprehension is valid but never evaluated.
    private mutating func comprehension(_ kind: String, element: PyExpr, value: PyExpr?, from start: Int, closing: String?) throws(PyParseError) -> PyExpr {
        var clauses: [PyComprehensionClause] = []
        var children = [element] + (value.map { [$0] } ?? [])
        while peekIsName("for") || peekIsName("async") {
            if peekIsName("async") {
                try skipComprehension()
                if let closing { try expectOp(closing) }
                return try node(.opaque, from: start, children)
            }
            pos += 1
            let targetStart = pos
            var targets = [try parseOperators(Self.bitwiseOrPrecedence)]
            while peekIsOp(",") {
                pos += 1
                if peekIsName("in") { break }
                targets.append(try parseOperators(Self.bitwiseOrPrecedence))
            }
            let target = targets.count == 1 ? targets[0] : try node(.tuple(targets), from: targetStart, targets)
            guard peekIsName("in") else { throw error("expected 'in' in a comprehension") }
            pos += 1
            let iterable = try parseOperators(1)
            var conditions: [PyExpr] = []
            while peekIsName("if") {
                pos += 1
                conditions.append(try parseOperators(1))
            }
            clauses.append(PyComprehensionClause(target: target, iterable: iterable, conditions: conditions))
            children += [target, iterable] + conditions
        }
        if let closing { try expectOp(closing) }
        return try node(.comprehension(kind: kind, element: element, value: value, clauses: clauses), from: start, children)
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
            let kind = closing == ")" ? "generator" : closing == "]" ? "list" : "set"
            return try comprehension(kind, element: first, value: nil, from: start, closing: closing)
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
                guard case .pair(let k, let v) = items[0] else { break }
                return try comprehension("dict", element: k, value: v, from: start, closing: "}")
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
