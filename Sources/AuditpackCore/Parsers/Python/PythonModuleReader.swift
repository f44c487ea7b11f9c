import Foundation

/// What a static read of a Python (Django settings) module found.
public struct PythonModule: Sendable {
    public struct Binding: Sendable, Equatable {
        public var value: ConfigValue
        /// Line of the (last) assignment statement.
        public var line: Int

        public init(value: ConfigValue, line: Int) {
            self.value = value
            self.line = line
        }
    }

    /// The file read (absolute path).
    public var filePath = ""
    /// Local names bound by imports → qualified names; carried by star imports.
    var aliases: [String: String] = [:]
    var envSchemes: [String: [String: ConfigValue]] = [:]
    /// Functions defined (or imported) at module level, by name.
    var functions: [String: PyFunction] = [:]
    /// Classes defined (or imported) at module level, by name: class-based settings.
    public var classes: [String: PyClass] = [:]
    /// Class names in definition order.
    public var classOrder: [String] = []

    /// Module-level names after all statements.
    public var bindings: [String: Binding] = [:]
    /// First-assignment order (names from `initial` first, by line).
    public var bindingOrder: [String] = []
    /// `from .base import *` and the like; module text as written.
    public var starImports: [(module: String, line: Int)] = []
    /// Other imports (`import x` records no names).
    public var imports: [(module: String, names: [String], line: Int)] = []
    /// What was not understood and matters, by line.
    public var issues: [(line: Int, message: String)] = []
    /// Lines where an existing binding was mutated in place.
    public var mutations: [(name: String, line: Int)] = []
}

/// Reads a Python module statically, top-level statement by statement, the way Python would
/// evaluate it as far as that is possible without executing anything.
public enum PythonModuleReader {
    /// - Parameters:
    ///   - filePath: absolute path of the file, the value of `__file__`.
    ///   - initial: bindings inherited (e.g. from a star import already read).
    ///   - loader: finds the project's own modules for imports (nil: imports are not followed).
    public static func read(source: String, filePath: String, initial: [String: PythonModule.Binding] = [:],
                            loader: PyModuleLoader? = nil) -> PythonModule {
        var reader = ModuleReader(tokens: PythonTokenizer.tokenize(source), filePath: filePath, initial: initial)
        reader.loader = loader
        reader.run()
        reader.module.filePath = filePath
        reader.module.aliases = reader.importAliases
        reader.module.envSchemes = reader.envSchemes
        return reader.module
    }
}

// MARK: - Statement structure

/// A statement located in the token stream.
struct PyStatement: Sendable {
    enum Kind: Sendable {
        case simple
        /// A compound statement by keyword: `if`, `try`, `def`, `async def`, `match`…
        case compound(String)
        /// An indented block where none was expected.
        case strayBlock
    }

    enum Body: Sendable {
        case none
        /// `if x: a = 1; b = 2`
        case inline(Range<Int>)
        case block([PyStatement])
    }

    var kind: Kind
    /// Simple: the logical line; compound: the header up to (not including) its ':'.
    var header: Range<Int>
    var body: Body
    /// Every token of the statement, body included.
    var range: Range<Int>
    var line: Int
}

/// Groups tokens into statements and indented blocks. Recursion follows indentation, which the
/// tokenizer caps at `PythonTokenizer.maxIndentLevels`.
struct PyStatementBuilder {
    static let compoundKeywords: Set<String> = [
        "if", "elif", "else", "try", "except", "finally", "with", "for", "while", "def", "class", "async",
    ]

    let tokens: [PyToken]
    private var pos = 0

    static func statements(_ tokens: [PyToken]) -> [PyStatement] {
        var builder = PyStatementBuilder(tokens: tokens)
        var statements: [PyStatement] = []
        while builder.pos < tokens.count && tokens[builder.pos].kind != .end {
            statements += builder.block()
        }
        return statements
    }

    private init(tokens: [PyToken]) { self.tokens = tokens }

    /// Statements up to the DEDENT closing the block (consumed) or the end.
    private mutating func block() -> [PyStatement] {
        var statements: [PyStatement] = []
        while pos < tokens.count {
            let t = tokens[pos]
            switch t.kind {
            case .end:
                return statements
            case .dedent:
                pos += 1
                return statements
            case .newline:
                pos += 1
            case .indent:
                let start = pos
                pos += 1
                let inner = block()
                statements.append(PyStatement(kind: .strayBlock, header: start..<start, body: .block(inner), range: start..<pos, line: t.line))
            default:
                statements.append(statement())
            }
        }
        return statements
    }

    private mutating func statement() -> PyStatement {
        let start = pos
        while pos < tokens.count && tokens[pos].kind != .newline && tokens[pos].kind != .end { pos += 1 }
        let lineEnd = pos
        if pos < tokens.count && tokens[pos].kind == .newline { pos += 1 }
        let first = tokens[start]
        let simple = PyStatement(kind: .simple, header: start..<lineEnd, body: .none, range: start..<lineEnd, line: first.line)
        let nextIsIndent = pos < tokens.count && tokens[pos].kind == .indent
        // Soft keywords (`match`, `case`) are recognised by their shape: a header ending in ':' and a block.
        let isCompound = (first.kind == .name && Self.compoundKeywords.contains(first.text))
            || (tokens[lineEnd - 1].isOp(":") && nextIsIndent)
        guard isCompound, let colon = Self.headerColon(tokens, start..<lineEnd) else { return simple }
        var keyword = first.text
        if keyword == "async", start + 1 < lineEnd { keyword += " " + tokens[start + 1].text }
        let body: PyStatement.Body
        if colon + 1 < lineEnd {
            body = .inline((colon + 1)..<lineEnd)
        } else if nextIsIndent {
            pos += 1
            body = .block(block())
        } else {
            body = .none
        }
        return PyStatement(kind: .compound(keyword), header: start..<colon, body: body, range: start..<pos, line: first.line)
    }

    /// The first ':' outside brackets.
    static func headerColon(_ tokens: [PyToken], _ range: Range<Int>) -> Int? {
        var depth = 0
        for i in range where tokens[i].kind == .op {
            switch tokens[i].text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ":" where depth == 0: return i
            default: break
            }
        }
        return nil
    }
}

// MARK: - Reader

struct ModuleReader {
    static let augmentedOperators: Set<String> = ["+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "^=", "|=", "@="]
    static let mutators: Set<String> = ["append", "extend", "insert", "remove", "pop", "clear", "update", "setdefault"]
    /// Statements that bind nothing at module level and are never evaluated.
    static let inertKeywords: Set<String> = ["global", "nonlocal", "assert", "raise", "return", "yield"]

    let source: PyTokenSource
    let filePath: String
    var module = PythonModule()
    var importAliases: [String: String] = [:]
    var envSchemes: [String: [String: ConfigValue]] = [:]
    /// Cached `ConfigValue.weight()` of bindings that have been mutated (see `mutate`).
    var weights: [String: Int] = [:]

    var tokens: [PyToken] { source.tokens }

    /// Follows imports of the project's own modules; nil when not reading a project.
    var loader: PyModuleLoader?
    /// Inside a function body: `return` ends it with this value.
    var isFunction = false
    var returned: ConfigValue?
    /// An import that Python would fail (a project module that does not exist), with its line:
    /// ends the block like an exception until a `try` handles it.
    var raised: (message: String, line: Int)?
    /// Decorators (`@property`) waiting for the next `def`/`class`.
    var decorators: [String] = []
    /// Names bound by statements run so far (a class body's own attributes).
    var assigned: Set<String> = []
    /// Nesting of function calls and class bodies being evaluated.
    var depth = 0
    /// Nesting of `try` bodies being run.
    var tryDepth = 0
    /// Running a class body (its methods are the class's).
    var inClassBody = false

    var stopped: Bool { returned != nil || raised != nil }

    init(tokens: [PyToken], filePath: String, initial: [String: PythonModule.Binding]) {
        self.init(source: PyTokenSource(tokens), filePath: filePath, initial: initial)
    }

    init(source: PyTokenSource, filePath: String, initial: [String: PythonModule.Binding]) {
        self.source = source
        self.filePath = filePath
        module.bindings = initial
        module.bindingOrder = initial.sorted { ($0.value.line, $0.key) < ($1.value.line, $1.key) }.map(\.key)
    }

    var evaluator: PyEvaluator {
        var e = PyEvaluator(bindings: module.bindings, filePath: filePath, importAliases: importAliases, envSchemes: envSchemes)
        e.functions = module.functions
        e.objects = objects
        e.callDepth = depth
        return e
    }

    /// Names standing for class namespaces inside methods: `self`, and `super()` as "super()".
    var objects: [String: [String: PythonModule.Binding]] = [:]

    mutating func run() {
        // Tokenizer errors are reported once here; statements containing them are skipped.
        for t in tokens where t.kind == .error { issue(t.line, t.text) }
        execute(PyStatementBuilder.statements(tokens))
        module.issues = module.issues.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
    }

    mutating func issue(_ line: Int, _ message: String) {
        module.issues.append((line, message))
    }

    // MARK: Statements

    mutating func execute(_ statements: [PyStatement]) {
        var i = 0
        while i < statements.count && !stopped {
            let statement = statements[i]
            i += 1
            switch statement.kind {
            case .simple:
                if tokens[statement.header.lowerBound].isOp("@") {
                    decorators.append(source.text((statement.header.lowerBound + 1)..<statement.header.upperBound))
                    continue
                }
                decorators = []
                executeLine(statement.header)
            case .strayBlock:
                issue(statement.line, "unexpected indent; indented block not evaluated")
            case .compound(let keyword):
                // An `if` with its `elif`/`else`, a `try` with its handlers… form one statement.
                let followers: Set<String> = switch keyword {
                case "if": ["elif", "else"]
                case "try": ["except", "else", "finally"]
                case "for", "while", "async for": ["else"]
                default: []
                }
                var group = [statement]
                while i < statements.count, case .compound(let next) = statements[i].kind, followers.contains(next) {
                    group.append(statements[i])
                    i += 1
                    if next == "finally" || (next == "else" && keyword != "try") { break }
                }
                for part in group {
                    if case .none = part.body, case .compound(let k) = part.kind {
                        issue(part.line, "expected an indented block after '\(k)'")
                    }
                }
                let decorated = decorators
                decorators = []
                switch keyword {
                case "if": executeConditional(group)
                case "try": executeTry(group)
                case "for": executeFor(group)
                case "def", "async def": define(statement, decorators: decorated)
                case "class": defineClass(statement)
                default: skipCompound(group, keyword: keyword)
                }
            }
        }
    }

    mutating func executeBody(_ statement: PyStatement) {
        switch statement.body {
        case .none: break
        case .inline(let range): executeLine(range)
        case .block(let statements): execute(statements)
        }
    }

    /// An `if`/`elif`/`else` chain: the branch whose condition is known to hold runs; from the
    /// first unresolved condition on, nothing runs and what the branches may change is reported.
    mutating func executeConditional(_ branches: [PyStatement]) {
        var unresolvedCondition: String?
        for branch in branches {
            guard case .compound(let keyword) = branch.kind else { continue }
            if let condition = unresolvedCondition {
                reportConditional(branch, condition: condition)
                continue
            }
            if keyword == "else" {
                executeBody(branch)
                return
            }
            let conditionRange = (branch.header.lowerBound + 1)..<branch.header.upperBound
            var truth: Bool?
            if !tokens[conditionRange].contains(where: { $0.kind == .error }),
               let condition = try? PyParser.parse(source, conditionRange) {
                truth = evaluator.evaluate(condition).truthiness
            }
            switch truth {
            case true?:
                executeBody(branch)
                return
            case false?:
                continue
            case nil:
                let condition = source.text(conditionRange)
                unresolvedCondition = condition
                reportConditional(branch, condition: condition)
            }
        }
    }

    mutating func reportConditional(_ branch: PyStatement, condition: String) {
        let body: [PyStatement]
        switch branch.body {
        case .none: body = []
        case .inline(let range): body = [PyStatement(kind: .simple, header: range, body: .none, range: range, line: branch.line)]
        case .block(let statements): body = statements
        }
        let found = effects(of: body, assignments: true)
        if !found.names.isEmpty {
            issue(branch.line, "conditional block at line \(branch.line) not evaluated: condition `\(condition)` is unresolved; may change \(found.names.joined(separator: ", "))")
        }
        for star in found.starImports {
            issue(star.line, "star import from \(star.module) depends on unresolved condition `\(condition)` and was not followed; it may change any setting")
        }
    }

    /// `try`, `for`, `with`, `def`, `class`…: never evaluated; report what they may change.
    mutating func skipCompound(_ group: [PyStatement], keyword: String) {
        let localScope = ["def", "class", "async def"].contains(keyword)
        let found = effects(of: group, assignments: !localScope)
        if !found.names.isEmpty {
            issue(group[0].line, "statement not evaluated (compound '\(keyword)' block) may change \(found.names.joined(separator: ", "))")
        }
        for star in found.starImports {
            issue(star.line, "star import from \(star.module) inside compound '\(keyword)' block (line \(group[0].line)) was not followed; it may change any setting")
        }
    }

    /// Names statements that are not evaluated may change: existing dict/list bindings they
    /// mention, module-level names they assign (outside function and class bodies) when
    /// `assignments`, and star imports they contain.
    func effects(of statements: [PyStatement], assignments: Bool) -> (names: [String], starImports: [(module: String, line: Int)]) {
        var names: [String] = []
        var stars: [(module: String, line: Int)] = []
        func add(_ found: [String]) {
            for n in found where !names.contains(n) { names.append(n) }
        }
        func visit(_ statements: [PyStatement], assignments: Bool) {
            for statement in statements {
                switch statement.kind {
                case .simple:
                    for part in splitSemicolons(statement.header) {
                        if let star = starImport(part) { stars.append(star) }
                        if assignments { add(assignedNames(part)) }
                    }
                case .compound(let keyword):
                    let nested = assignments && !["def", "class", "async def"].contains(keyword)
                    switch statement.body {
                    case .none: break
                    case .inline(let range):
                        visit([PyStatement(kind: .simple, header: range, body: .none, range: range, line: statement.line)], assignments: nested)
                    case .block(let inner):
                        visit(inner, assignments: nested)
                    }
                case .strayBlock:
                    if case .block(let inner) = statement.body { visit(inner, assignments: assignments) }
                }
            }
        }
        visit(statements, assignments: assignments)
        for statement in statements { add(mentionedCollections(statement.range)) }
        return (names, stars)
    }

    /// Existing dict/list bindings named in a token range (attribute and keyword-argument names excluded).
    func mentionedCollections(_ range: Range<Int>) -> [String] {
        var names: [String] = []
        for i in range where tokens[i].kind == .name && !(i > 0 && tokens[i - 1].isOp(".")) {
            let isKeywordArgument = i > 0 && i + 1 < tokens.count && tokens[i + 1].isOp("=")
                && (tokens[i - 1].isOp("(") || tokens[i - 1].isOp(","))
            if isKeywordArgument { continue }
            let name = tokens[i].text
            guard !names.contains(name), let value = module.bindings[name]?.value else { continue }
            switch value {
            case .dict, .list: names.append(name)
            default: break
            }
        }
        return names
    }

    /// Root names a simple statement assigns, deletes or mutates (the latter only for existing bindings).
    func assignedNames(_ range: Range<Int>) -> [String] {
        guard let first = range.first.map({ tokens[$0] }) else { return [] }
        if first.isName("del") { return rootNames((range.lowerBound + 1)..<range.upperBound) }
        if first.kind == .name && PyParser.keywords.contains(first.text) { return [] }
        let shape = shape(range)
        if let augmented = shape.augmented { return rootNames(range.lowerBound..<augmented) }
        if shape.isAnnotated { return shape.equals.isEmpty ? [] : [first.text] }
        if let last = shape.equals.last { return rootNames(range.lowerBound..<last) }
        if first.kind == .name, module.bindings[first.text] != nil, range.count > 1,
           tokens[range.lowerBound + 1].isOp(".") || tokens[range.lowerBound + 1].isOp("[") {
            return [first.text]
        }
        return []
    }

    /// Names in assignment targets that are not attribute names, call arguments or subscripts.
    func rootNames(_ range: Range<Int>) -> [String] {
        var names: [String] = []
        var open: [String] = []
        for i in range {
            let t = tokens[i]
            if t.kind == .op {
                if ["(", "[", "{"].contains(t.text) { open.append(t.text) }
                if [")", "]", "}"].contains(t.text) { _ = open.popLast() }
            } else if t.kind == .name, !PyParser.keywords.contains(t.text), open.allSatisfy({ $0 == "(" }),
                      !(i > range.lowerBound && tokens[i - 1].isOp(".")),
                      !(i + 1 < range.upperBound && tokens[i + 1].isOp("(")),
                      !names.contains(t.text) {
                names.append(t.text)
            }
        }
        return names
    }

    func starImport(_ range: Range<Int>) -> (module: String, line: Int)? {
        guard range.count >= 4, tokens[range.lowerBound].isName("from"), tokens[range.upperBound - 1].isOp("*"),
              let importIndex = range.first(where: { tokens[$0].isName("import") }) else { return nil }
        let module = tokens[(range.lowerBound + 1)..<importIndex].map(\.text).joined()
        return (module, tokens[range.lowerBound].line)
    }

    func splitSemicolons(_ range: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var depth = 0
        var start = range.lowerBound
        for i in range where tokens[i].kind == .op {
            switch tokens[i].text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ";" where depth == 0:
                parts.append(start..<i)
                start = i + 1
            default: break
            }
        }
        parts.append(start..<range.upperBound)
        return parts.filter { !$0.isEmpty }
    }

    /// Positions of the top-level `=` signs (before any top-level `lambda`, whose defaults use
    /// `=` too) and of an augmented assignment operator.
    func shape(_ range: Range<Int>) -> (equals: [Int], augmented: Int?, isAnnotated: Bool) {
        var equals: [Int] = []
        var augmented: Int?
        var depth = 0
        for i in range {
            let t = tokens[i]
            if depth == 0 && t.isName("lambda") { break }
            guard t.kind == .op else { continue }
            switch t.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "=" where depth == 0: equals.append(i)
            case let op where depth == 0 && Self.augmentedOperators.contains(op) && augmented == nil: augmented = i
            default: break
            }
        }
        let isAnnotated = range.count >= 2 && tokens[range.lowerBound].kind == .name && tokens[range.lowerBound + 1].isOp(":")
        return (equals, augmented, isAnnotated)
    }

    mutating func executeLine(_ range: Range<Int>) {
        for part in splitSemicolons(range) { executeSimple(part) }
    }

    mutating func executeSimple(_ range: Range<Int>) {
        guard !range.isEmpty, !tokens[range].contains(where: { $0.kind == .error }) else { return }
        let first = tokens[range.lowerBound]
        if first.kind == .name {
            switch first.text {
            case "import": return importModules(range)
            case "from": return importFrom(range)
            case "del": return delete(range)
            case "return" where isFunction: return executeReturn(range)
            case "pass", "break", "continue": return
            case let k where Self.inertKeywords.contains(k): return notEvaluated(range)
            default: break
            }
        }
        if first.isOp("@") { return notEvaluated(range) }
        let shape = shape(range)
        let line = first.line
        if let augmented = shape.augmented {
            augmentedAssign(range, operatorIndex: augmented)
        } else if shape.isAnnotated {
            // A bare annotation (`X: int`) binds nothing.
            guard let equals = shape.equals.first else { return }
            assign(targets: [range.lowerBound..<(range.lowerBound + 1)], value: (equals + 1)..<range.upperBound, line: line, statement: range)
        } else if let last = shape.equals.last {
            var targets: [Range<Int>] = []
            var start = range.lowerBound
            for equals in shape.equals {
                targets.append(start..<equals)
                start = equals + 1
            }
            assign(targets: targets, value: (last + 1)..<range.upperBound, line: line, statement: range)
        } else {
            expressionStatement(range)
        }
    }

    /// Reports a statement that is not evaluated when it mentions an existing dict/list binding.
    mutating func notEvaluated(_ range: Range<Int>) {
        let names = mentionedCollections(range)
        guard !names.isEmpty, let first = range.first else { return }
        issue(tokens[first].line, "statement not evaluated may change \(names.joined(separator: ", "))")
    }

    /// - Parameter assigning: the names a failed parse leaves unassigned, for the message.
    mutating func parse(_ range: Range<Int>, assigning names: [String] = []) -> PyExpr? {
        do {
            return try PyParser.parse(source, range)
        } catch {
            let what = names.isEmpty ? "statement" : "the value of \(names.joined(separator: ", "))"
            issue(error.line, "could not parse \(what): \(error.message)")
            return nil
        }
    }

    // MARK: Assignment

    mutating func bind(_ name: String, _ value: ConfigValue, line: Int) {
        if module.bindings[name] == nil { module.bindingOrder.append(name) }
        assigned.insert(name)
        module.bindings[name] = PythonModule.Binding(value: value, line: line)
        importAliases[name] = nil
        weights[name] = nil
    }

    mutating func assign(targets targetRanges: [Range<Int>], value valueRange: Range<Int>, line: Int, statement: Range<Int>) {
        guard let valueExpression = parse(valueRange, assigning: targetRanges.flatMap(rootNames)) else { return }
        var targets: [PyExpr] = []
        for range in targetRanges {
            guard let target = parse(range) else { return }
            targets.append(target)
        }
        let value = evaluator.evaluate(valueExpression)
        for target in targets {
            assign(target, value, source: valueExpression, line: line, statement: statement)
        }
    }

    /// - Parameter source: the value's expression when it is assigned whole (not unpacked).
    mutating func assign(_ target: PyExpr, _ value: ConfigValue, source: PyExpr?, line: Int, statement: Range<Int>) {
        switch target.kind {
        case .name(let name):
            bind(name, value, line: line)
            envSchemes[name] = source.flatMap(envScheme)
        case .tuple(let items), .list(let items):
            unpack(items, value, source: source, line: line, statement: statement)
        case .subscript:
            guard let (root, path) = subscriptPath(target) else { return notEvaluated(statement) }
            guard let keys = resolvedKeys(path, root: root, line: line), let key = keys.last else { return }
            mutate(root, keys.dropLast(), line: line, adding: value) { container, described in
                Self.store(&container, key: key, value: value, line: line, described: described)
            }
        default:
            notEvaluated(statement)
        }
    }

    /// `a, *b, c = value`
    mutating func unpack(_ items: [PyExpr], _ value: ConfigValue, source: PyExpr?, line: Int, statement: Range<Int>) {
        let star = items.firstIndex { if case .starred = $0.kind { return true } else { return false } }
        if case .list(let values) = value {
            if let star, values.count >= items.count - 1 {
                let after = items.count - star - 1
                for k in 0..<star { assign(items[k], values[k], source: nil, line: line, statement: statement) }
                if case .starred(let inner) = items[star].kind {
                    assign(inner, .list(Array(values[star..<(values.count - after)])), source: nil, line: line, statement: statement)
                }
                for k in 0..<after {
                    assign(items[star + 1 + k], values[values.count - after + k], source: nil, line: line, statement: statement)
                }
                return
            }
            if star == nil && values.count == items.count {
                for (item, v) in zip(items, values) { assign(item, v, source: nil, line: line, statement: statement) }
                return
            }
        }
        // Not unpackable statically: every target holds (part of) the unresolved value.
        let unresolvedText: String
        if let source {
            unresolvedText = source.text
        } else if case .unresolved(let text) = value {
            unresolvedText = text
        } else {
            unresolvedText = value.pyRepr ?? value.display
        }
        for item in items {
            var target = item
            if case .starred(let inner) = item.kind { target = inner }
            assign(target, .unresolved(unresolvedText), source: nil, line: line, statement: statement)
        }
    }

    /// django-environ `environ.Env(NAME=(cast, default), …)`: the defaults by variable name.
    func envScheme(_ e: PyExpr) -> [String: ConfigValue]? {
        guard case .call(let callee, let args) = e.kind, evaluator.qualifiedName(callee) == "Env" else { return nil }
        var scheme: [String: ConfigValue] = [:]
        for case .keyword(let name, let value, _) in args {
            if case .tuple(let items) = value.kind, items.count == 2 { scheme[name] = evaluator.evaluate(items[1]) }
        }
        return scheme
    }

    mutating func augmentedAssign(_ range: Range<Int>, operatorIndex: Int) {
        let line = tokens[range.lowerBound].line
        let op = String(tokens[operatorIndex].text.dropLast())
        guard let target = parse(range.lowerBound..<operatorIndex), let operand = parse((operatorIndex + 1)..<range.upperBound) else { return }
        let rhs = evaluator.evaluate(operand)
        let unknown = ConfigValue.unresolved(source.text(range))
        func combined(_ current: ConfigValue) -> ConfigValue {
            guard let result = Self.combine(op, current, rhs, rightIsTuple: operand.isTuple), result.weight() != nil else { return unknown }
            return result
        }
        switch target.kind {
        case .name(let name):
            guard let current = module.bindings[name]?.value else {
                return issue(line, "\(name) is not defined; augmented assignment not evaluated")
            }
            switch (current, op) {
            case (.list, "+"), (.dict, "|"):
                // In place: the same object changes, the binding stays where it was made.
                module.mutations.append((name, line))
                module.bindings[name]?.value = combined(current)
                weights[name] = nil
            default:
                bind(name, combined(current), line: line)
            }
        case .subscript:
            guard let (root, path) = subscriptPath(target) else { return notEvaluated(range) }
            guard let keys = resolvedKeys(path, root: root, line: line), let key = keys.last else { return }
            guard var copy = module.bindings[root]?.value else {
                return issue(line, "\(root) is not defined; mutation not evaluated")
            }
            // Python reads the item, combines, and stores it back.
            var current = ConfigValue.null
            if let problem = Self.modify(&copy, keys[...], described: root, { item, _ in current = item; return nil }) {
                module.mutations.append((root, line))
                return issue(line, "mutation of \(root) not applied: \(problem)")
            }
            let result = combined(current)
            mutate(root, keys.dropLast(), line: line, adding: result) { container, described in
                Self.store(&container, key: key, value: result, line: line, described: described)
            }
        default:
            notEvaluated(range)
        }
    }

    /// `current op= rhs`: lists extend with any iterable, dicts merge, otherwise the binary operator.
    static func combine(_ op: String, _ current: ConfigValue, _ rhs: ConfigValue, rightIsTuple: Bool) -> ConfigValue? {
        switch (current, op) {
        case (.list(let items), "+"):
            return rhs.iterated.map { .list(items + $0) }
        default:
            return PyEvaluator.binary(op, current, rhs, rightIsTuple: rightIsTuple)
        }
    }

    // MARK: Mutation

    /// `NAME[k1][k2]…` → ("NAME", [k1, k2, …]); nil when the root is not a plain name.
    func subscriptPath(_ e: PyExpr) -> (String, [PyExpr])? {
        var keys: [PyExpr] = []
        var current = e
        while case .subscript(let base, let index) = current.kind {
            keys.append(index)
            current = base
        }
        guard case .name(let root) = current.kind else { return nil }
        return (root, keys.reversed())
    }

    /// Evaluates subscript keys; an unresolved key is reported (as a mutation that was not applied).
    mutating func resolvedKeys(_ exprs: [PyExpr], root: String, line: Int) -> [ConfigValue]? {
        var keys: [ConfigValue] = []
        for e in exprs {
            let key = evaluator.evaluate(e)
            guard !key.containsUnresolved else {
                if module.bindings[root] != nil { module.mutations.append((root, line)) }
                issue(line, "mutation of \(root) not applied: key `\(e.text)` is unresolved")
                return nil
            }
            keys.append(key)
        }
        return keys
    }

    /// Applies `change` to the container found at `keys` inside binding `root` and records the
    /// mutation; reports why when it cannot be applied (nothing is ever created on the way).
    /// `adding` is what the change inserts: the binding must stay within the value bounds, which
    /// is checked from its cached weight in time proportional to `adding` only.
    mutating func mutate(_ root: String, _ keys: ArraySlice<ConfigValue>, line: Int, adding: ConfigValue,
                         _ change: (inout ConfigValue, String) -> String?) {
        guard var binding = module.bindings[root] else {
            return issue(line, "\(root) is not defined; mutation not evaluated")
        }
        module.mutations.append((root, line))
        let current = weights[root] ?? binding.value.weight() ?? PyEvaluator.maxValueWeight
        guard let added = adding.weight(maxDepth: PyEvaluator.maxValueDepth - keys.count - 1),
              current + added <= PyEvaluator.maxValueWeight else {
            return issue(line, "mutation of \(root) not applied: the value would become too large or too deeply nested")
        }
        if let problem = Self.modify(&binding.value, keys, described: root, change) {
            return issue(line, "mutation of \(root) not applied: \(problem)")
        }
        module.bindings[root] = binding
        weights[root] = current + added
    }

    static func modify(_ value: inout ConfigValue, _ keys: ArraySlice<ConfigValue>, described: String,
                       _ change: (inout ConfigValue, String) -> String?) -> String? {
        guard let key = keys.first else { return change(&value, described) }
        let inner = "\(described)[\(key.pyRepr ?? "?")]"
        switch value {
        case .dict(var d):
            guard let k = key.dictKey, let i = d.entries.firstIndex(where: { $0.key == k }) else { return "\(inner) does not exist" }
            let problem = modify(&d.entries[i].value, keys.dropFirst(), described: inner, change)
            value = .dict(d)
            return problem
        case .list(var l):
            guard let i = PyEvaluator.listIndex(key, count: l.count) else { return "\(inner) does not exist" }
            let problem = modify(&l[i], keys.dropFirst(), described: inner, change)
            value = .list(l)
            return problem
        default:
            return notContainer(value, described)
        }
    }

    static func notContainer(_ value: ConfigValue, _ described: String) -> String {
        value.isUnresolved ? "\(described) is unresolved" : "\(described) is not a dict or list"
    }

    /// `container[key] = value`
    static func store(_ container: inout ConfigValue, key: ConfigValue, value: ConfigValue, line: Int, described: String) -> String? {
        switch container {
        case .dict(var d):
            guard let k = key.dictKey else { return "key \(key.display) cannot be a dict key" }
            d.set(k, value, line: line)
            container = .dict(d)
            return nil
        case .list(var l):
            guard let i = PyEvaluator.listIndex(key, count: l.count) else { return "\(described)[\(key.pyRepr ?? "?")] does not exist" }
            l[i] = value
            container = .list(l)
            return nil
        default:
            return notContainer(container, described)
        }
    }

    mutating func expressionStatement(_ range: Range<Int>) {
        guard let e = parse(range) else { return }
        switch e.kind {
        case .string, .constant, .number, .name:
            // Docstrings and bare names do nothing.
            return
        case .call(let callee, let args):
            if case .name(let n) = callee.kind, module.bindings[n] == nil, let f = module.functions[n], f.source === source {
                // Run for its effects on module names: not evaluated; say what it may change.
                let found = effects(of: f.body, assignments: false).names
                if !found.isEmpty { issue(e.line, "call of \(n)() not evaluated for what it changes; it may change \(found.joined(separator: ", "))") }
                return
            }
            if case .attribute(let target, let method) = callee.kind, Self.mutators.contains(method),
               let (root, path) = subscriptPath(target), module.bindings[root] != nil {
                return callMutator(root, path, method, PyEvaluator.CallArguments(args, line: e.line), statement: range)
            }
        default:
            break
        }
        notEvaluated(range)
    }

    /// `NAME[…].append(x)`, `.extend`, `.insert`, `.remove`, `.pop`, `.clear`, `.update`, `.setdefault`.
    mutating func callMutator(_ root: String, _ path: [PyExpr], _ method: String, _ args: PyEvaluator.CallArguments, statement: Range<Int>) {
        let line = tokens[statement.lowerBound].line
        guard let keys = resolvedKeys(path, root: root, line: line) else { return }
        let ev = evaluator
        let values = args.positional.map(ev.evaluate)
        let count = values.count
        let unresolvedArgument = zip(args.positional, values).first { $0.1.isUnresolved }.map { "argument `\($0.0.text)` is unresolved" }
        let wrongArguments = "unsupported arguments to \(method)()"
        // update() takes dict(...)-style arguments; the other methods positional ones only.
        let update = method == "update" ? ev.dictionary(from: args) : nil
        guard method == "update" || (!args.hasUnpacking && args.keywords.isEmpty) else {
            return mutate(root, keys[...], line: line, adding: .null) { _, _ in wrongArguments }
        }

        mutate(root, keys[...], line: line, adding: update ?? .list(values)) { container, described in
            switch (container, method) {
            case (.list(var l), "append"):
                guard count == 1 else { return wrongArguments }
                l.append(values[0])
                container = .list(l)
            case (.list(var l), "extend"):
                guard count == 1 else { return wrongArguments }
                guard let items = values[0].iterated else { return unresolvedArgument ?? wrongArguments }
                l += items
                container = .list(l)
            case (.list(var l), "insert"):
                guard count == 2, case .int(var i)? = values[0].numeric else { return unresolvedArgument ?? wrongArguments }
                // list.insert clamps the index.
                if i < 0 { i = max(i + l.count, 0) }
                l.insert(values[1], at: min(i, l.count))
                container = .list(l)
            case (.list(var l), "remove"):
                guard count == 1 else { return wrongArguments }
                for (i, element) in l.enumerated() {
                    switch PyEvaluator.equals(element, values[0]) {
                    case true?:
                        l.remove(at: i)
                        container = .list(l)
                        return nil
                    case nil:
                        return "cannot tell which item of \(described) equals \(args.positional[0].text)"
                    default:
                        continue
                    }
                }
                return "\(args.positional[0].text) is not in \(described)"
            case (.list(var l), "pop"):
                guard count <= 1 else { return wrongArguments }
                guard let i = PyEvaluator.listIndex(values.first ?? .int(-1), count: l.count) else {
                    return unresolvedArgument ?? "pop index out of range for \(described)"
                }
                l.remove(at: i)
                container = .list(l)
            case (.list, "clear"):
                guard count == 0 else { return wrongArguments }
                container = .list([])
            case (.dict(var d), "pop"):
                guard (1...2).contains(count) else { return wrongArguments }
                guard let key = values[0].dictKey else { return unresolvedArgument ?? wrongArguments }
                guard d[key] != nil || count == 2 else { return "\(described)[\(values[0].pyRepr ?? key)] does not exist" }
                d.entries.removeAll { $0.key == key }
                container = .dict(d)
            case (.dict, "clear"):
                guard count == 0 else { return wrongArguments }
                container = .dict(ConfigDict())
            case (.dict(var d), "update"):
                guard case .dict(let other)? = update else { return unresolvedArgument ?? "argument to update() is unresolved" }
                d.merge(other.entries)
                container = .dict(d)
            case (.dict(var d), "setdefault"):
                guard (1...2).contains(count) else { return wrongArguments }
                guard let key = values[0].dictKey else { return unresolvedArgument ?? wrongArguments }
                if d[key] == nil { d.set(key, count == 2 ? values[1] : .null, line: line) }
                container = .dict(d)
            case (.dict, _), (.list, _):
                return "\(described) has no method \(method)() that can be evaluated"
            default:
                return Self.notContainer(container, described)
            }
            return nil
        }
    }

    // MARK: del

    mutating func delete(_ range: Range<Int>) {
        guard let targets = parse((range.lowerBound + 1)..<range.upperBound) else { return }
        delete(targets, line: tokens[range.lowerBound].line, statement: range)
    }

    mutating func delete(_ target: PyExpr, line: Int, statement: Range<Int>) {
        switch target.kind {
        case .name(let name):
            guard module.bindings.removeValue(forKey: name) != nil else {
                return issue(line, "\(name) is not defined; del not evaluated")
            }
            module.bindingOrder.removeAll { $0 == name }
            weights[name] = nil
        case .tuple(let items), .list(let items):
            for item in items { delete(item, line: line, statement: statement) }
        case .subscript:
            guard let (root, path) = subscriptPath(target) else { return notEvaluated(statement) }
            guard let keys = resolvedKeys(path, root: root, line: line), let key = keys.last else { return }
            mutate(root, keys.dropLast(), line: line, adding: .null) { container, described in
                let missing = "\(described)[\(key.pyRepr ?? "?")] does not exist"
                switch container {
                case .dict(var d):
                    guard let k = key.dictKey, d[k] != nil else { return missing }
                    d.entries.removeAll { $0.key == k }
                    container = .dict(d)
                case .list(var l):
                    guard let i = PyEvaluator.listIndex(key, count: l.count) else { return missing }
                    l.remove(at: i)
                    container = .list(l)
                default:
                    return Self.notContainer(container, described)
                }
                return nil
            }
        default:
            notEvaluated(statement)
        }
    }

    // MARK: Imports

    /// `import a.b [as c], d`
    mutating func importModules(_ range: Range<Int>) {
        let line = tokens[range.lowerBound].line
        var i = range.lowerBound + 1
        while i < range.upperBound {
            guard let (dotted, next) = dottedName(from: i, in: range) else { break }
            i = next
            var alias: String?
            if i + 1 < range.upperBound, tokens[i].isName("as"), tokens[i + 1].kind == .name {
                alias = tokens[i + 1].text
                i += 2
            }
            module.imports.append((dotted, [], line))
            if let alias {
                importAliases[alias] = dotted
            } else if let first = dotted.split(separator: ".").first.map(String.init) {
                importAliases[first] = first
            }
            if i == range.upperBound { return }
            guard tokens[i].isOp(",") else { break }
            i += 1
        }
        issue(line, "could not parse import statement")
    }

    /// `from .a.b import *`, `from a import (b as c, d)`
    mutating func importFrom(_ range: Range<Int>) {
        let line = tokens[range.lowerBound].line
        var i = range.lowerBound + 1
        var moduleName = ""
        while i < range.upperBound, tokens[i].isOp(".") || tokens[i].isOp("...") {
            moduleName += tokens[i].text
            i += 1
        }
        if i < range.upperBound, !tokens[i].isName("import"), let (dotted, next) = dottedName(from: i, in: range) {
            moduleName += dotted
            i = next
        }
        guard !moduleName.isEmpty, i < range.upperBound, tokens[i].isName("import") else {
            return issue(line, "could not parse import statement")
        }
        i += 1
        if i + 1 == range.upperBound, tokens[i].isOp("*") {
            if !importProjectModule(moduleName, names: nil, line: line) { module.starImports.append((moduleName, line)) }
            return
        }
        var pairs: [(name: String, local: String)] = []
        var end = range.upperBound
        if i < end, tokens[i].isOp("("), tokens[end - 1].isOp(")") {
            i += 1
            end -= 1
        }
        var names: [String] = []
        while i < end {
            guard tokens[i].kind == .name else { break }
            let name = tokens[i].text
            var local = name
            i += 1
            if i + 1 < end, tokens[i].isName("as"), tokens[i + 1].kind == .name {
                local = tokens[i + 1].text
                i += 2
            }
            names.append(name)
            pairs.append((name, local))
            importAliases[local] = moduleName.hasSuffix(".") ? moduleName + name : moduleName + "." + name
            if i < end {
                guard tokens[i].isOp(",") else { break }
                i += 1
            }
        }
        guard i == end, !names.isEmpty else { return issue(line, "could not parse import statement") }
        module.imports.append((moduleName, names, line))
        _ = importProjectModule(moduleName, names: pairs, line: line)
    }

    func dottedName(from start: Int, in range: Range<Int>) -> (String, Int)? {
        guard start < range.upperBound, tokens[start].kind == .name else { return nil }
        var name = tokens[start].text
        var i = start + 1
        while i + 1 < range.upperBound, tokens[i].isOp("."), tokens[i + 1].kind == .name {
            name += "." + tokens[i + 1].text
            i += 2
        }
        return (name, i)
    }
}
