import Foundation

extension JavaLoggingParser {
    /// log4j2 YAML or JSON (`log4j2.yaml`, `log4j2.json`, both read by `YAMLReader`): the
    /// components of the XML form keyed by plugin name (`RollingFile: [ {name: …}, … ]`,
    /// `Root: {level: info, AppenderRef: [{ref: STDOUT}]}`), mapped by the same reader.
    public static func parseLog4j2YAML(_ text: String, file: String) -> (LoggingSetup?, [ParseIssue]) {
        let document: ConfigValue
        // log4j2 reads JSON with Jackson's ALLOW_COMMENTS: `//` and `/* */` are comments there.
        let first = text.drop { $0.isWhitespace }.first
        let source = first == "{" || first == "/" ? Log4j2ValueTree.strippingJSONComments(text) : text
        do throws(YAMLReader.Failure) {
            document = try YAMLReader.document(source)
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

    /// JSON with `//` and `/* */` comments outside strings blanked out (line breaks kept, so
    /// lines stay where they were).
    static func strippingJSONComments(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let u = Array(text.unicodeScalars)
        var i = 0
        var inString = false
        while i < u.count {
            let c = u[i]
            if inString {
                out.append(c)
                if c == "\\", i + 1 < u.count { out.append(u[i + 1]); i += 2; continue }
                if c == "\"" { inString = false }
                i += 1
            } else if c == "\"" {
                inString = true
                out.append(c)
                i += 1
            } else if c == "/", i + 1 < u.count, u[i + 1] == "/" {
                while i < u.count, u[i] != "\n" { out.append(" "); i += 1 }
            } else if c == "/", i + 1 < u.count, u[i + 1] == "*" {
                out.append(" "); out.append(" ")
                i += 2
                while i < u.count, !(u[i] == "*" && i + 1 < u.count && u[i + 1] == "/") { out.append(u[i] == "\n" ? "\n" : " "); i += 1 }
                if i < u.count { out.append(" "); out.append(" "); i += 2 }
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }
}
