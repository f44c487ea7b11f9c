import Foundation

extension JavaLoggingParser {
    /// log4j2 YAML or JSON (`log4j2.yaml`, `log4j2.json`, both read by `YAMLReader`): the
    /// components of the XML form keyed by plugin name (`RollingFile: [ {name: …}, … ]`,
    /// `Root: {level: info, AppenderRef: [{ref: STDOUT}]}`), mapped by the same reader.
    public static func parseLog4j2YAML(_ text: String, file: String) -> (LoggingSetup?, [ParseIssue]) {
        let document: ConfigValue
        do throws(YAMLReader.Failure) {
            document = try YAMLReader.document(text)
        } catch {
            return (nil, [ParseIssue(path: file, line: error.line, message: "\(error.message); not read")])
        }
        guard let top = document.dictValue, let entry = top.entries.first(where: { $0.key.lowercased() == "configuration" }),
              entry.value.dictValue != nil,
              let root = Log4j2ValueTree.elements(name: "Configuration", value: entry.value, line: entry.line, depth: 0).first
        else {
            return (nil, [ParseIssue(path: file, line: 1, message: "no Configuration mapping at the top: not a log4j2 YAML/JSON configuration; not read")])
        }
        var reader = Log4j2Reader(builder: JavaSetupBuilder(file: file, line: entry.line, origin: "log4j2"))
        reader.read(root)
        return (reader.b.setup, FileConfigParser.byLine(reader.b.issues))
    }
}

/// log4j2's JSON/YAML configuration shape as elements: a mapping is a component (scalars are
/// its attributes, mappings and lists of mappings its children), a list repeats the component.
enum Log4j2ValueTree {
    static func elements(name: String, value: ConfigValue, line: Int, depth: Int) -> [XMLTreeElement] {
        guard depth < XMLTreeReader.maxDepth else { return [] }
        switch value {
        case .list(let items):
            return items.flatMap { item in
                elements(name: name, value: item, line: item.dictValue?.entries.first?.line ?? line, depth: depth + 1)
            }
        case .dict(let d):
            var el = XMLTreeElement(name: name, line: line)
            for e in d.entries {
                switch e.value {
                case .dict:
                    el.children += elements(name: e.key, value: e.value, line: e.line, depth: depth + 1)
                case .list(let items) where items.contains(where: { $0.dictValue != nil }):
                    el.children += elements(name: e.key, value: e.value, line: e.line, depth: depth + 1)
                case .list(let items):
                    el.attributes.append(.init(name: e.key, value: items.map(scalar).joined(separator: ",")))
                default:
                    el.attributes.append(.init(name: e.key, value: scalar(e.value)))
                }
            }
            return [el]
        default:
            return [XMLTreeElement(name: name, text: scalar(value), line: line)]
        }
    }

    static func scalar(_ v: ConfigValue) -> String {
        switch v {
        case .string(let s), .unresolved(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        default: return v.display
        }
    }
}
