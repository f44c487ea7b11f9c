/// A configuration value as a config file states it, independent of the file's syntax
/// (Python literal, YAML, JSON, INI). What could not be resolved statically is kept as
/// `.unresolved(sourceText)` — never guessed.
public indirect enum ConfigValue: Sendable, Equatable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    /// Lists and tuples alike.
    case list([ConfigValue])
    case dict(ConfigDict)
    /// The source text of an expression that cannot be evaluated statically.
    case unresolved(String)

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .string(let s): return Int(s.trimmingCharacters(in: .whitespaces))
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        switch self {
        case .bool(let b): return b
        case .string(let s):
            switch s.lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: return nil
            }
        case .int(let i): return i != 0
        default: return nil
        }
    }

    public var listValue: [ConfigValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    public var dictValue: ConfigDict? {
        if case .dict(let d) = self { return d }
        return nil
    }

    /// As Python's `json.dumps` would print the value (Foundation JSON objects); an
    /// unresolved part becomes whatever `unresolved` makes of its source.
    public func jsonObject(unresolved: (String) -> Any = { "unresolved: \($0)" }) -> Any {
        switch self {
        case .string(let s): return s
        case .int(let i): return i
        case .double(let d): return d
        case .bool(let b): return b
        case .null: return NSNull()
        case .list(let l): return l.map { $0.jsonObject(unresolved: unresolved) }
        case .dict(let d): return Dictionary(d.entries.map { ($0.key, $0.value.jsonObject(unresolved: unresolved)) }, uniquingKeysWith: { _, b in b })
        case .unresolved(let s): return unresolved(s)
        }
    }

    public var isUnresolved: Bool {
        if case .unresolved = self { return true }
        return false
    }

    /// A short, human-readable rendering (Python-like) for messages and `observed` values.
    public var display: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "True" : "False"
        case .null: return "None"
        case .list(let l): return "[" + l.map(\.display).joined(separator: ", ") + "]"
        case .dict(let d): return "{" + d.entries.map { "\($0.key): \($0.value.display)" }.joined(separator: ", ") + "}"
        case .unresolved(let src): return "unresolved: \(src)"
        }
    }
}

import Foundation

/// An insertion-ordered mapping with the source line of each entry.
public struct ConfigDict: Sendable, Equatable, Hashable {
    public struct Entry: Sendable, Equatable, Hashable {
        public var key: String
        public var value: ConfigValue
        /// 1-based line where the entry was (last) set; 0 when unknown.
        public var line: Int
        /// The file the entry was set in when that is not the file the whole value is read
        /// from (a Django overlay's `LOGGING` built by its base module); nil for that file.
        public var file: String?
        public init(key: String, value: ConfigValue, line: Int, file: String? = nil) {
            self.key = key
            self.value = value
            self.line = line
            self.file = file
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry] = []) { self.entries = entries }

    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> ConfigValue? {
        get { entries.last(where: { $0.key == key })?.value }
    }

    public func entry(_ key: String) -> Entry? { entries.last(where: { $0.key == key }) }

    public func line(of key: String) -> Int? { entry(key)?.line }

    /// Marks every entry (at any depth) not yet attributed to a file as set in `file`.
    public func attributed(to file: String) -> ConfigDict {
        ConfigDict(entries.map { e in
            var e = e
            if e.file == nil { e.file = file }
            e.value = e.value.attributed(to: file)
            return e
        })
    }

    /// Sets (or replaces in place, keeping order as Python dicts do) a key.
    public mutating func set(_ key: String, _ value: ConfigValue, line: Int) {
        if let i = entries.firstIndex(where: { $0.key == key }) {
            entries[i].value = value
            entries[i].line = line
            entries[i].file = nil
        } else {
            entries.append(Entry(key: key, value: value, line: line))
        }
    }
}

extension ConfigValue {
    /// The value with every dict entry not yet attributed to a file marked as set in `file`.
    public func attributed(to file: String) -> ConfigValue {
        switch self {
        case .dict(let d): return .dict(d.attributed(to: file))
        case .list(let l): return .list(l.map { $0.attributed(to: file) })
        default: return self
        }
    }
}
