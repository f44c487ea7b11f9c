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
        /// `[e for t in it if c]`, `{k: v for …}`, `{e for …}`, `(e for …)`: kind is "list",
        /// "set", "dict" or "generator"; `value` is the dict comprehension's value.
        case comprehension(kind: String, element: PyExpr, value: PyExpr?, clauses: [PyComprehensionClause])
        /// Valid syntax that is never evaluated statically: lambdas, async comprehensions, slices,
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

/// One `for TARGET in ITERABLE if CONDITION…` clause of a comprehension.
struct PyComprehensionClause {
    let target: PyExpr
    let iterable: PyExpr
    let conditions: [PyExpr]
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
