/// A problem with what the user gave us (config, checklist, template, flag): exit code 2,
/// one line naming the file and line.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if file.isEmpty { return message }
        return "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}

/// Strict reading of a `ConfigValue` tree: unknown keys and wrong types are errors that
/// name the key path and its line.
struct StrictReader {
    let file: String

    func fail(_ path: String, _ line: Int?, _ what: String) -> InputError {
        InputError(file: file, line: line, message: path.isEmpty ? what : "\(path): \(what)")
    }

    func dict(_ value: ConfigValue, _ path: String, line: Int?) throws(InputError) -> ConfigDict {
        if case .null = value { return ConfigDict() }
        guard let d = value.dictValue else { throw fail(path, line, "must be a mapping, found \(kind(value))") }
        return d
    }

    func allowOnly(_ d: ConfigDict, _ keys: Set<String>, _ path: String) throws(InputError) {
        for entry in d.entries where !keys.contains(entry.key) {
            let full = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            let known = keys.sorted().joined(separator: ", ")
            throw fail("", entry.line, "unknown key '\(full)' (known keys: \(known))")
        }
    }

    func string(_ d: ConfigDict, _ key: String, _ path: String) throws(InputError) -> String? {
        guard let v = d[key] else { return nil }
        switch v {
        case .string(let s): return s
        case .int, .double, .bool: return v.display
        case .null: return nil
        default: throw fail(join(path, key), d.line(of: key), "must be a string, found \(kind(v))")
        }
    }

    func int(_ d: ConfigDict, _ key: String, _ path: String) throws(InputError) -> Int? {
        guard let v = d[key] else { return nil }
        if case .null = v { return nil }
        guard case .int(let i) = v else { throw fail(join(path, key), d.line(of: key), "must be an integer, found \(kind(v))") }
        return i
    }

    func stringList(_ d: ConfigDict, _ key: String, _ path: String) throws(InputError) -> [String]? {
        guard let v = d[key] else { return nil }
        if case .null = v { return [] }
        guard let list = v.listValue else { throw fail(join(path, key), d.line(of: key), "must be a list of strings, found \(kind(v))") }
        var out: [String] = []
        for item in list {
            guard let s = item.stringValue else {
                throw fail(join(path, key), d.line(of: key), "must be a list of strings, found an item of type \(kind(item))")
            }
            out.append(s)
        }
        return out
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func kind(_ v: ConfigValue) -> String {
        switch v {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        case .list: return "a list"
        case .dict: return "a mapping"
        case .unresolved: return "an unresolved value"
        }
    }
}
