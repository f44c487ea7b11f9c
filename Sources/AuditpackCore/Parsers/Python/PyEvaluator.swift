import Foundation

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
    /// Functions defined in the scanned code, callable with evaluated arguments.
    var functions: [String: PyFunction] = [:]
    /// Class namespaces seen through names inside methods (`self`, and `super()` as "super()").
    var objects: [String: [String: PythonModule.Binding]] = [:]
    /// Nesting of function calls being evaluated.
    var callDepth = 0

    /// Longest list that `*` may build.
    static let maxRepeatedLength = 100_000
    /// Values may share parts (`A = [A, A]`), so their size can grow exponentially statement
    /// by statement; every value built is checked against these bounds (see `ConfigValue.weight`).
    static let maxValueWeight = 2_000_000
    static let maxValueDepth = 48

    func evaluate(_ e: PyExpr) -> ConfigValue {
        guard let value = compute(e) else { return .unresolved(e.text) }
        switch e.kind {
        case .list, .tuple, .set, .dict, .call, .binary, .comprehension:
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
        case .comprehension(let kind, let element, let value, let clauses): return comprehension(kind, element, value, clauses)
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
        switch base.kind {
        case .name(let n) where objects[n] != nil:
            return objects[n]?[name]?.value
        case .call(let callee, let args) where (args.isEmpty || args.count == 2) && objects["super()"] != nil:
            // super() and the older super(ThisClass, self)
            if case .name("super") = callee.kind { return objects["super()"]?[name]?.value }
        default:
            break
        }
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

    /// Most items a comprehension may produce (over all its clauses).
    static let maxComprehensionItems = 10_000

    /// A comprehension over values known statically; nil when an iterable, a condition or a
    /// target cannot be evaluated (then the whole value is unresolved, never partly guessed).
    private func comprehension(_ kind: String, _ element: PyExpr, _ value: PyExpr?, _ clauses: [PyComprehensionClause]) -> ConfigValue? {
        var items: [ConfigValue] = []
        var entries: [ConfigDict.Entry] = []
        var budget = Self.maxComprehensionItems
        func run(_ k: Int, _ scope: PyEvaluator) -> Bool {
            if k == clauses.count {
                budget -= 1
                guard budget >= 0 else { return false }
                if let value {
                    guard let key = scope.evaluate(element).dictKey else { return false }
                    entries.append(ConfigDict.Entry(key: key, value: scope.evaluate(value), line: element.line))
                } else {
                    items.append(scope.evaluate(element))
                }
                return true
            }
            let clause = clauses[k]
            let iterated: [ConfigValue]
            switch scope.evaluate(clause.iterable) {
            case .list(let l): iterated = l
            case .dict(let d): iterated = d.keys.map(ConfigValue.string)
            default: return false
            }
            for item in iterated {
                var inner = scope
                guard inner.bind(clause.target, item) else { return false }
                var keep = true
                for c in clause.conditions {
                    guard let truth = inner.evaluate(c).truthiness else { return false }
                    if !truth { keep = false; break }
                }
                if keep, !run(k + 1, inner) { return false }
            }
            return true
        }
        guard run(0, self) else { return nil }
        switch kind {
        case "dict":
            var d = ConfigDict()
            d.merge(entries)
            return .dict(d)
        case "set": return Self.unique(items)
        default: return .list(items)
        }
    }

    /// Binds a comprehension's loop target (a name, or a tuple/list of them) to an item.
    private mutating func bind(_ target: PyExpr, _ item: ConfigValue) -> Bool {
        switch target.kind {
        case .name(let n):
            bindings[n] = PythonModule.Binding(value: item, line: target.line)
            importAliases[n] = nil
            functions[n] = nil
            return true
        case .tuple(let parts), .list(let parts):
            guard case .list(let values) = item, values.count == parts.count else { return false }
            for (p, v) in zip(parts, values) { guard bind(p, v) else { return false } }
            return true
        default:
            return false
        }
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
        if case .name(let n) = callee.kind, bindings[n] == nil, let f = functions[n] { return callUser(f, args) }
        if let (object, method) = envAccessor(callee) { return readEnv(object: object, method: method, args) }
        if let name = qualifiedName(callee) {
            // django-configurations `values.BooleanValue(False)`: read from the environment
            // (DJANGO_<NAME>), unset here, so the default.
            if name.hasPrefix("configurations.values."), name.hasSuffix("Value"), !args.hasUnpacking {
                return args.argument(0, "default").map(evaluate) ?? .null
            }
            // Builtins are dispatched directly: nested calls like str(int(...)) recurse through here.
            if Self.builtins.contains(name) { return callBuiltin(name, args) }
            if Self.functions.contains(name) { return callFunction(name, args) }
        }
        if case .attribute(let receiver, let method) = callee.kind {
            return callMethod(evaluate(receiver), method, args)
        }
        return nil
    }

    /// A function of the scanned code, run with its arguments evaluated here.
    private func callUser(_ f: PyFunction, _ args: CallArguments) -> ConfigValue? {
        var positional: [ConfigValue] = []
        var keywords: [(String, ConfigValue)] = []
        for a in args.all {
            switch a {
            case .positional(let e): positional.append(evaluate(e))
            case .keyword(let name, let e, _): keywords.append((name, evaluate(e)))
            case .star(let e):
                guard let items = evaluate(e).iterated else { return nil }
                positional += items
            case .doubleStar(let e):
                guard case .dict(let d) = evaluate(e) else { return nil }
                keywords += d.entries.map { ($0.key, $0.value) }
            }
        }
        return ModuleReader.invoke(f, positional: positional, keywords: keywords, caller: self, depth: callDepth + 1)
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
            // Read as if the variable were unset: the default, or None without one.
            guard let d = args.argument(1, "default") else { return args.count == 1 ? .null : nil }
            return resolved(d)
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
