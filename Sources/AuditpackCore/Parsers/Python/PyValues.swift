import Foundation

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
