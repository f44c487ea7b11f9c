import Foundation

// Imports of the project's own modules, `try`, `for`, functions and classes: the parts of a
// settings module that Python runs and a line-by-line reading would miss.

/// A function defined in the scanned code (`def get_logging(log_dir): return {...}`), called
/// statically with the arguments a settings module gives it.
final class PyFunction: Sendable {
    struct Parameter: Sendable {
        enum Kind: Sendable { case normal, varArgs, varKeywords }
        var name: String
        var kind: Kind
        /// Evaluated where the function was defined, as Python does.
        var defaultValue: ConfigValue?
    }

    let name: String
    let parameters: [Parameter]
    let body: [PyStatement]
    let source: PyTokenSource
    let filePath: String
    let line: Int
    let isProperty: Bool
    /// The module the function was defined in, when imported from another one; nil: the
    /// caller's own module.
    let globals: PyNamespace?
    /// That module's path relative to the root: what the function builds is attributed to it.
    let relFile: String?

    init(name: String, parameters: [Parameter], body: [PyStatement], source: PyTokenSource, filePath: String,
         line: Int, isProperty: Bool, globals: PyNamespace? = nil, relFile: String? = nil) {
        self.relFile = relFile
        self.name = name
        self.parameters = parameters
        self.body = body
        self.source = source
        self.filePath = filePath
        self.line = line
        self.isProperty = isProperty
        self.globals = globals
    }

    func bound(to globals: PyNamespace, relFile: String) -> PyFunction {
        self.globals != nil ? self : PyFunction(name: name, parameters: parameters, body: body, source: source, filePath: filePath,
                                                line: line, isProperty: isProperty, globals: globals, relFile: relFile)
    }
}

/// A module's names, as a function defined in it sees them.
final class PyNamespace: Sendable {
    let bindings: [String: PythonModule.Binding]
    let aliases: [String: String]
    let envSchemes: [String: [String: ConfigValue]]
    let functions: [String: PyFunction]

    init(_ m: PythonModule) {
        bindings = m.bindings
        aliases = m.aliases
        envSchemes = m.envSchemes
        functions = m.functions
    }

    init(bindings: [String: PythonModule.Binding], aliases: [String: String], envSchemes: [String: [String: ConfigValue]],
         functions: [String: PyFunction]) {
        self.bindings = bindings
        self.aliases = aliases
        self.envSchemes = envSchemes
        self.functions = functions
    }
}

/// A class defined in the scanned code: class-based settings (django-configurations'
/// `class Production(Common): LOGGING = …`) with attributes, `@property` methods and bases.
public final class PyClass: Sendable {
    public let name: String
    public let line: Int
    /// Bases defined in the scanned code, in order (others are outside the project).
    let parents: [PyClass]
    /// Qualified names of every base as written.
    public let baseNames: [String]
    /// This class's own attributes and properties (its body).
    let ownAttributes: [String: PythonModule.Binding]
    let ownProperties: [String: PyFunction]
    let filePath: String

    init(name: String, line: Int, parents: [PyClass], baseNames: [String], ownAttributes: [String: PythonModule.Binding],
         ownProperties: [String: PyFunction], filePath: String) {
        self.name = name
        self.line = line
        self.parents = parents
        self.baseNames = baseNames
        self.ownAttributes = ownAttributes
        self.ownProperties = ownProperties
        self.filePath = filePath
    }

    /// Whether the class body itself sets `name` (as an attribute or a property).
    public func defines(_ name: String) -> Bool { ownAttributes[name] != nil || ownProperties[name] != nil }

    /// Line where the class body sets `name`.
    public func line(of name: String) -> Int? { ownAttributes[name]?.line ?? ownProperties[name]?.line }

    /// Attribute values as an instance sees them: own first, then bases depth-first left to
    /// right (Python's MRO for the single-inheritance chains settings classes use).
    func attributes() -> [String: PythonModule.Binding] {
        var out: [String: PythonModule.Binding] = [:]
        for p in parents.reversed() { out.merge(p.attributes()) { _, new in new } }
        out.merge(ownAttributes) { _, new in new }
        return out
    }

    func property(_ name: String) -> (PyFunction, PyClass)? {
        if let f = ownProperties[name] { return (f, self) }
        if ownAttributes[name] != nil { return nil }
        for p in parents { if let found = p.property(name) { return found } }
        return nil
    }

    /// `self.NAME`: an attribute, or a property evaluated with `self` and `super()` bound.
    public func value(of name: String, depth: Int = 0) -> ConfigValue? {
        guard depth < 8 else { return nil }
        if let (f, owner) = property(name) {
            var objects: [String: [String: PythonModule.Binding]] = ["self": attributes()]
            var parentView: [String: PythonModule.Binding] = [:]
            for p in owner.parents.reversed() { parentView.merge(p.attributes()) { _, new in new } }
            for p in owner.parents.reversed() {
                // A parent's property, as super().NAME gives it.
                if p.property(name) != nil, let v = p.value(of: name, depth: depth + 1) {
                    parentView[name] = PythonModule.Binding(value: v, line: p.line(of: name) ?? p.line)
                }
            }
            objects["super()"] = parentView
            return ModuleReader.invoke(f, positional: [.unresolved("self")], keywords: [], objects: objects, depth: depth + 1)
        }
        return attributes()[name]?.value
    }
}

/// Finds the project's own modules for imports, inside the scanned root only, and reads each
/// once. Symbolic links are not followed; nothing outside the root is looked at.
public final class PyModuleLoader {
    enum Resolution { case file(String), missing(String), external, linked(String) }

    let rootAbs: String
    let readFile: (String) -> String?
    private var cache: [String: PythonModule] = [:]
    private var loading: Set<String> = []

    /// Top-level names that are always the standard library or a framework, never the project.
    static let external: Set<String> = [
        "os", "sys", "logging", "pathlib", "json", "re", "socket", "datetime", "typing", "collections", "copy", "warnings",
        "environ", "decouple", "django", "configurations", "dj_database_url", "sentry_sdk", "structlog", "pythonjsonlogger",
        "celery", "platform", "tempfile", "urllib", "base64", "string", "importlib", "io", "functools", "itertools",
    ]

    public init(root: String, read: @escaping (String) -> String?) {
        rootAbs = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        readFile = read
    }

    func relative(_ abs: String) -> String {
        abs.hasPrefix(rootAbs + "/") ? String(abs.dropFirst(rootAbs.count + 1)) : abs
    }

    private func inside(_ p: String) -> Bool { p.hasPrefix(rootAbs + "/") }

    /// What is at `p`, looked at only when it is inside the root and no folder on the way is a
    /// symbolic link (which could lead out of it).
    private func kind(_ p: String) -> (isDir: Bool, isRegular: Bool)? {
        guard inside(p), Scanner.noSymlink(below: rootAbs, to: p), let info = SafeFile.lstat(p) else { return nil }
        return (info.isDir, info.isRegular)
    }
    private func isFile(_ p: String) -> Bool { kind(p)?.isRegular == true }
    private func isDir(_ p: String) -> Bool { kind(p)?.isDir == true }

    /// The file a module name leads to from `file`, as Python's import system would find it
    /// with the project on `sys.path`.
    func resolve(_ module: String, from file: String) -> Resolution {
        let dots = module.prefix { $0 == "." }.count
        let rest = module.dropFirst(dots).split(separator: ".").map(String.init)
        if dots > 0 {
            var base = PyPath.dirname(file)
            for _ in 1..<dots { base = PyPath.dirname(base) }
            guard inside(base + "/x") else { return .external }
            return find(base, rest, described: module)
        }
        guard let top = rest.first, !Self.external.contains(top) else { return .external }
        // Candidate sys.path entries: the folders above the importing file's own (the project
        // folder holding manage.py and its src/), up to the root.
        var dir = PyPath.dirname(PyPath.dirname(file))
        while inside(dir + "/x") || dir == rootAbs {
            for base in [dir, dir + "/src"] where isFile(base + "/" + top + ".py") || isDir(base + "/" + top) {
                return find(base, rest, described: module)
            }
            if dir == rootAbs { break }
            dir = PyPath.dirname(dir)
        }
        return .external
    }

    private func find(_ base: String, _ parts: [String], described: String) -> Resolution {
        let path = parts.isEmpty ? base : base + "/" + parts.joined(separator: "/")
        if !parts.isEmpty && isFile(path + ".py") { return .file(path + ".py") }
        if isFile(path + "/__init__.py") { return .file(path + "/__init__.py") }
        if isDir(path) { return .external }  // a namespace package: no names of its own
        if inside(path), !Scanner.noSymlink(below: rootAbs, to: path) { return .linked(described) }
        return .missing("ModuleNotFoundError: No module named '\(described)'")
    }

    /// The module at `path`, read once; nil while it is being read (a circular import).
    func load(_ path: String) -> PythonModule? {
        if let m = cache[path] { return m }
        guard !loading.contains(path), loading.count < 24, let text = readFile(path) else { return nil }
        loading.insert(path)
        let m = PythonModuleReader.read(source: text, filePath: path, loader: self)
        loading.remove(path)
        cache[path] = m
        return m
    }
}

extension ModuleReader {
    // MARK: Imports

    /// `from MODULE import names` / `from MODULE import *` when MODULE is the project's own:
    /// the names it binds, with their values attributed to its file. False when MODULE is
    /// not the project's (the import is only recorded).
    mutating func importProjectModule(_ name: String, names: [(name: String, local: String)]?, line: Int) -> Bool {
        guard let loader else { return false }
        switch loader.resolve(name, from: filePath) {
        case .external:
            return false
        case .missing(let why):
            fail(why, line: line)
            return true
        case .linked(let described):
            issue(line, "import of \(described) not followed: it leads through a symbolic link, which may leave the scanned root; what it defines is not read")
            return true
        case .file(let path):
            guard path != filePath, let m = loader.load(path) else {
                issue(line, "import of \(name) not followed (circular import)")
                return false
            }
            let rel = loader.relative(path)
            let namespace = PyNamespace(m)
            func take(_ n: String, as local: String) -> Bool {
                if let b = m.bindings[n] {
                    bind(local, b.value.attributed(to: rel), line: line)
                    if let scheme = m.envSchemes[n] { envSchemes[local] = scheme }
                    if let alias = m.aliases[n] { importAliases[local] = alias }
                    return true
                }
                if let f = m.functions[n] { module.functions[local] = f.bound(to: namespace, relFile: rel); return true }
                if let c = m.classes[n] {
                    if module.classes[local] == nil { module.classOrder.append(local) }
                    module.classes[local] = c
                    return true
                }
                if let alias = m.aliases[n] { importAliases[local] = alias; return true }
                return false
            }
            if let names {
                for (n, local) in names where !take(n, as: local) {
                    // `from package import submodule` binds a module object: nothing to read.
                    if case .file = loader.resolve(name.hasSuffix(".") ? name + n : name + "." + n, from: filePath) { continue }
                    fail("ImportError: cannot import name '\(n)' from '\(name)'", line: line)
                }
            } else {
                let exported: [String]
                if let all = m.bindings["__all__"]?.value.listValue?.compactMap(\.stringValue) {
                    exported = all
                } else {
                    exported = (m.bindingOrder + m.functions.keys.sorted() + m.classOrder + m.aliases.keys.sorted()).filter { !$0.hasPrefix("_") }
                }
                var seen = Set<String>()
                for n in exported where seen.insert(n).inserted { _ = take(n, as: n) }
                module.starImports += m.starImports.filter { star in !module.starImports.contains { $0 == star } }
            }
            return true
        }
    }

    /// An exception Python would raise here: inside a `try` it ends the block; at module level
    /// it is reported and the reading goes on (Python would fail to import the module).
    mutating func fail(_ message: String, line: Int) {
        if tryDepth > 0 {
            raised = (message, line)
        } else {
            issue(line, "\(message): Python fails to import this module here; what follows is read as if it had not")
        }
    }

    // MARK: try

    /// `try` / `except` / `else` / `finally`: the body runs; an import that fails hands over to
    /// the first handler that catches ImportError.
    mutating func executeTry(_ group: [PyStatement]) {
        tryDepth += 1
        executeBody(group[0])
        tryDepth -= 1
        let handlers = group.dropFirst().filter { if case .compound("except") = $0.kind { return true } else { return false } }
        if let r = raised, returned == nil {
            raised = nil
            if let handler = handlers.first(where: catchesImportError) {
                executeBody(handler)
            } else {
                fail(r.message, line: r.line)
            }
        } else if !stopped, let orElse = group.first(where: { if case .compound("else") = $0.kind { return true } else { return false } }) {
            executeBody(orElse)
        }
        if let finally = group.first(where: { if case .compound("finally") = $0.kind { return true } else { return false } }) {
            let pending = raised
            raised = nil
            executeBody(finally)
            if raised == nil { raised = pending }
        }
    }

    func catchesImportError(_ handler: PyStatement) -> Bool {
        let names = tokens[(handler.header.lowerBound + 1)..<handler.header.upperBound]
        if names.isEmpty { return true }
        var caught: [String] = []
        for t in names {
            if t.isName("as") { break }
            if t.kind == .name { caught.append(t.text.split(separator: ".").last.map(String.init) ?? t.text) }
        }
        return caught.contains { ["ImportError", "ModuleNotFoundError", "Exception", "BaseException"].contains($0) }
    }

    // MARK: for

    /// `for TARGET in ITERABLE:` over a value known statically (a literal list, tuple, dict,
    /// or one built from them): the body runs once per item.
    mutating func executeFor(_ group: [PyStatement]) {
        let header = group[0].header
        var depth = 0
        var inIndex: Int?
        for i in (header.lowerBound + 1)..<header.upperBound {
            let t = tokens[i]
            if t.kind == .op {
                if ["(", "[", "{"].contains(t.text) { depth += 1 }
                if [")", "]", "}"].contains(t.text) { depth -= 1 }
            }
            if depth == 0 && t.isName("in") { inIndex = i; break }
        }
        let hasJumps = tokens[group[0].range].contains { $0.isName("break") || $0.isName("continue") }
        guard let inIndex, !hasJumps,
              let target = try? PyParser.parse(source, (header.lowerBound + 1)..<inIndex),
              let iterable = try? PyParser.parse(source, (inIndex + 1)..<header.upperBound) else {
            return skipCompound(group, keyword: "for")
        }
        let items: [ConfigValue]
        switch evaluator.evaluate(iterable) {
        case .list(let l): items = l
        case .dict(let d): items = d.keys.map(ConfigValue.string)
        default: return skipCompound(group, keyword: "for")
        }
        guard items.count <= 1_000 else { return skipCompound(group, keyword: "for") }
        for item in items {
            assign(target, item, source: nil, line: group[0].line, statement: header)
            executeBody(group[0])
            if stopped { return }
        }
        if group.count > 1 { executeBody(group[1]) }
    }

    // MARK: def

    /// `def NAME(PARAMETERS):` binds a function the module may call later.
    mutating func define(_ statement: PyStatement, decorators: [String]) {
        let h = statement.header
        var i = h.lowerBound
        if tokens[i].isName("async") { i += 1 }
        guard i + 2 < h.upperBound, tokens[i + 1].kind == .name, tokens[i + 2].isOp("(") else { return }
        let name = tokens[i + 1].text
        var parameters: [PyFunction.Parameter] = []
        var depth = 0
        var start = i + 3
        var j = start
        func addParameter(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            let first = tokens[range.lowerBound]
            if first.isOp("/") || (first.isOp("*") && range.count == 1) { return }
            if first.isOp("**"), range.count > 1 { parameters.append(.init(name: tokens[range.lowerBound + 1].text, kind: .varKeywords)); return }
            if first.isOp("*"), range.count > 1 { parameters.append(.init(name: tokens[range.lowerBound + 1].text, kind: .varArgs)); return }
            guard first.kind == .name else { return }
            var value: ConfigValue?
            if let eq = range.first(where: { tokens[$0].isOp("=") }), let e = try? PyParser.parse(source, (eq + 1)..<range.upperBound) {
                value = evaluator.evaluate(e)
            }
            parameters.append(.init(name: first.text, kind: .normal, defaultValue: value))
        }
        while j < h.upperBound {
            let t = tokens[j]
            if t.kind == .op {
                if ["(", "[", "{"].contains(t.text) { depth += 1 }
                if [")", "]", "}"].contains(t.text) {
                    if depth == 0 { addParameter(start..<j); break }
                    depth -= 1
                }
                if t.text == "," && depth == 0 { addParameter(start..<j); start = j + 1 }
            }
            j += 1
        }
        let body: [PyStatement]
        switch statement.body {
        case .none: body = []
        case .inline(let r): body = [PyStatement(kind: .simple, header: r, body: .none, range: r, line: statement.line)]
        case .block(let s): body = s
        }
        // In a settings class, django-configurations calls an upper-case method to get the
        // setting (`def LOGGING(self): return {…}`), as a property would.
        let isSettingMethod = inClassBody && name.allSatisfy { $0.isUppercase || $0 == "_" || $0.isNumber } && name.contains { $0.isLetter }
        let isProperty = isSettingMethod || decorators.contains { $0 == "property" || $0.hasSuffix("cached_property") }
        module.functions[name] = PyFunction(name: name, parameters: parameters, body: body, source: source, filePath: filePath,
                                            line: statement.line, isProperty: isProperty)
        if module.bindings[name] != nil { module.bindings[name] = nil }
        assigned.insert(name)
    }

    mutating func executeReturn(_ range: Range<Int>) {
        let valueRange = (range.lowerBound + 1)..<range.upperBound
        if valueRange.isEmpty { returned = .null; return }
        guard let e = parse(valueRange) else { returned = .unresolved(source.text(valueRange)); return }
        returned = evaluator.evaluate(e)
    }

    /// Calls `f` with evaluated arguments; nil when the call cannot be evaluated (Python would
    /// raise, or the arguments do not fit).
    static func invoke(_ f: PyFunction, positional: [ConfigValue], keywords: [(String, ConfigValue)],
                       caller: PyEvaluator? = nil, objects: [String: [String: PythonModule.Binding]] = [:], depth: Int) -> ConfigValue? {
        guard depth < 8 else { return nil }
        let globals = f.globals ?? caller.map {
            PyNamespace(bindings: $0.bindings, aliases: $0.importAliases, envSchemes: $0.envSchemes, functions: $0.functions)
        }
        var r = ModuleReader(source: f.source, filePath: f.filePath, initial: globals?.bindings ?? [:])
        r.importAliases = globals?.aliases ?? [:]
        r.envSchemes = globals?.envSchemes ?? [:]
        r.module.functions = globals?.functions ?? [:]
        if r.module.functions[f.name] == nil { r.module.functions[f.name] = f }
        r.isFunction = true
        r.depth = depth
        r.objects = objects.isEmpty ? (caller?.objects ?? [:]) : objects
        var rest = positional[...]
        var unused = keywords
        for p in f.parameters {
            switch p.kind {
            case .normal:
                if let v = rest.popFirst() {
                    r.bind(p.name, v, line: f.line)
                } else if let k = unused.firstIndex(where: { $0.0 == p.name }) {
                    r.bind(p.name, unused.remove(at: k).1, line: f.line)
                } else if let d = p.defaultValue {
                    r.bind(p.name, d, line: f.line)
                } else {
                    return nil  // TypeError: missing argument
                }
            case .varArgs:
                r.bind(p.name, .list(Array(rest)), line: f.line)
                rest = []
            case .varKeywords:
                r.bind(p.name, .dict(ConfigDict(unused.map { ConfigDict.Entry(key: $0.0, value: $0.1, line: f.line) })), line: f.line)
                unused = []
            }
        }
        guard rest.isEmpty, unused.isEmpty else { return nil }
        r.execute(f.body)
        if r.raised != nil { return nil }
        let result = r.returned ?? .null
        return f.relFile.map { result.attributed(to: $0) } ?? result
    }

    // MARK: class

    /// `class NAME(BASES):` — the body runs in its own namespace; attributes and properties are
    /// kept for class-based settings.
    mutating func defineClass(_ statement: PyStatement) {
        let h = statement.header
        guard h.count >= 2, tokens[h.lowerBound + 1].kind == .name else { return }
        let name = tokens[h.lowerBound + 1].text
        var baseNames: [String] = []
        if h.count > 3, tokens[h.lowerBound + 2].isOp("("),
           let e = try? PyParser.parse(source, (h.lowerBound + 2)..<h.upperBound) {
            let items: [PyExpr]
            if case .tuple(let t) = e.kind { items = t } else { items = [e] }
            for item in items {
                if case .name(let n) = item.kind, module.classes[n] != nil { baseNames.append(n) }
                else if let q = evaluator.qualifiedName(item) { baseNames.append(q) }
            }
        }
        guard depth < 8 else { return }
        let parents = baseNames.compactMap { module.classes[$0] }
        var r = ModuleReader(source: source, filePath: filePath, initial: module.bindings)
        r.loader = loader
        r.importAliases = importAliases
        r.envSchemes = envSchemes
        r.module.functions = module.functions
        r.module.classes = module.classes
        r.depth = depth + 1
        r.assigned = []
        r.inClassBody = true
        if case .block(let body) = statement.body { r.execute(body) }
        var own: [String: PythonModule.Binding] = [:]
        for n in r.assigned { if let b = r.module.bindings[n] { own[n] = b } }
        var properties: [String: PyFunction] = [:]
        for (n, f) in r.module.functions where f.isProperty && module.functions[n] !== f { properties[n] = f }
        for m in r.module.issues { module.issues.append(m) }
        if module.classes[name] == nil { module.classOrder.append(name) }
        module.classes[name] = PyClass(name: name, line: statement.line, parents: parents, baseNames: baseNames,
                                       ownAttributes: own, ownProperties: properties, filePath: filePath)
        module.bindings[name] = nil
        assigned.insert(name)
    }
}
