import Foundation

// MARK: - log4j2 properties

/// Java `.properties` syntax: `key = value`, `key: value`, `key value`; `#`/`!` comments;
/// backslash line continuation (leading blanks of the next line dropped); `\uXXXX` escapes.
enum JavaPropertiesReader {
    struct Entry: Sendable, Equatable {
        var key: String
        var value: String
        var line: Int
    }

    static func read(_ text: String) -> [Entry] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        var out: [Entry] = []
        var k = 0
        func dropBlanks(_ s: String) -> String { String(s.drop { $0 == " " || $0 == "\t" || $0 == "\u{0C}" }) }
        func continues(_ s: String) -> Bool {
            var n = 0
            for c in s.reversed() { if c == "\\" { n += 1 } else { break } }
            return n % 2 == 1
        }
        while k < lines.count {
            let start = k + 1
            var logical = dropBlanks(lines[k])
            k += 1
            if logical.isEmpty || logical.hasPrefix("#") || logical.hasPrefix("!") { continue }
            while continues(logical) {
                logical.removeLast()
                guard k < lines.count else { break }
                logical += dropBlanks(lines[k])
                k += 1
            }
            out.append(split(logical, line: start))
        }
        return out
    }

    static func split(_ s: String, line: Int) -> Entry {
        let chars = Array(s)
        var key = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                key.append(unescape(chars, &i))
                continue
            }
            if c == "=" || c == ":" || c == " " || c == "\t" || c == "\u{0C}" { break }
            key.append(c)
            i += 1
        }
        while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\u{0C}" { i += 1 }
        if i < chars.count, chars[i] == "=" || chars[i] == ":" {
            i += 1
            while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\u{0C}" { i += 1 }
        }
        var value = ""
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count {
                value.append(unescape(chars, &i))
            } else {
                value.append(chars[i])
                i += 1
            }
        }
        return Entry(key: key, value: value, line: line)
    }

    /// The escape at `i` (a backslash); advances past it.
    static func unescape(_ chars: [Character], _ i: inout Int) -> String {
        let c = chars[i + 1]
        i += 2
        switch c {
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "u":
            guard i + 4 <= chars.count, let code = UInt32(String(chars[i..<(i + 4)]), radix: 16), let scalar = Unicode.Scalar(code) else { return "u" }
            i += 4
            return String(Character(scalar))
        default: return String(c)
        }
    }
}

/// Builds the element tree log4j2's `PropertiesConfigurationBuilder` sees: `appender.<id>.*`
/// are components whose `type` names the plugin, nested prefixes are nested components,
/// leaves are attributes; `rootLogger = INFO, STDOUT` is the short form.
enum Log4j2PropertiesTree {
    final class Node {
        var value: (text: String, line: Int)?
        var keys: [String] = []
        var children: [String: Node] = [:]
        var firstLine = Int.max

        func child(_ k: String) -> Node {
            if let c = children[k] { return c }
            let c = Node()
            children[k] = c
            keys.append(k)
            return c
        }
    }

    static let maxSegments = 32

    static func build(_ entries: [JavaPropertiesReader.Entry], file: String, issues: inout [ParseIssue]) -> XMLTreeElement? {
        var seen: [String: Int] = [:]
        let rootNode = Node()
        var properties: [XMLTreeElement] = []
        var propertyIndex: [String: Int] = [:]
        for e in entries {
            let key = e.key.trimmingCharacters(in: .whitespaces)
            let value = e.value.trimmingCharacters(in: .whitespaces)
            if let first = seen[key] {
                issues.append(ParseIssue(path: file, line: e.line, message: "key \(key) is set again (first on line \(first)); the later value is used"))
            } else {
                seen[key] = e.line
            }
            if key.hasPrefix("property.") {
                let name = String(key.dropFirst("property.".count))
                let property = XMLTreeElement(name: "Property", attributes: [.init(name: "name", value: name), .init(name: "value", value: value)], line: e.line)
                if let i = propertyIndex[name] { properties[i] = property } else {
                    propertyIndex[name] = properties.count
                    properties.append(property)
                }
                continue
            }
            let segments = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard segments.count <= maxSegments, !segments.contains(where: \.isEmpty) else {
                issues.append(ParseIssue(path: file, line: e.line, message: "key \(key) is not a log4j2 property key; not read"))
                continue
            }
            var node = rootNode
            node.firstLine = min(node.firstLine, e.line)
            for s in segments {
                node = node.child(s)
                node.firstLine = min(node.firstLine, e.line)
            }
            node.value = (value, e.line)
        }
        guard rootNode.children["appender"] != nil || rootNode.children["rootLogger"] != nil || rootNode.children["logger"] != nil else {
            issues.append(ParseIssue(path: file, line: entries.first?.line ?? 1,
                                     message: "no appender.*, logger.* or rootLogger keys: not a log4j2 properties configuration; not read"))
            return nil
        }
        func list(_ k: String) -> [String]? {
            rootNode.children[k]?.value.map { $0.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        }
        var appenders: [XMLTreeElement] = []
        if let node = rootNode.children["appender"] {
            let ids = list("appenders") ?? node.keys
            for id in ids {
                guard let n = node.children[id] else {
                    issues.append(ParseIssue(path: file, line: rootNode.children["appenders"]?.value?.line, message: "appenders lists '\(id)', which has no appender.\(id).* keys"))
                    continue
                }
                if n.children["type"] == nil { issues.append(ParseIssue(path: file, line: n.firstLine, message: "appender.\(id) has no type; log4j2 does not create it")) }
                appenders.append(component(n, defaultName: "Appender"))
            }
        }
        var loggers: [XMLTreeElement] = []
        if let node = rootNode.children["logger"] {
            for id in list("loggers") ?? node.keys {
                guard let n = node.children[id] else { continue }
                var el = component(n, defaultName: "Logger")
                if el.attr("name") == nil { el.attributes.append(.init(name: "name", value: id)) }
                loggers.append(el)
            }
        }
        if let n = rootNode.children["rootLogger"] { loggers.append(component(n, defaultName: "Root")) }
        var children: [XMLTreeElement] = []
        if !properties.isEmpty { children.append(XMLTreeElement(name: "Properties", children: properties, line: properties[0].line)) }
        children.append(XMLTreeElement(name: "Appenders", children: appenders, line: appenders.first?.line ?? 1))
        children.append(XMLTreeElement(name: "Loggers", children: loggers, line: loggers.first?.line ?? 1))
        return XMLTreeElement(name: "Configuration", children: children, line: rootNode.firstLine == Int.max ? 1 : rootNode.firstLine)
    }

    static func component(_ node: Node, defaultName: String) -> XMLTreeElement {
        let type = node.children["type"]?.value?.text
        var el = XMLTreeElement(name: type ?? defaultName, line: node.firstLine)
        // Short form: `rootLogger = INFO, STDOUT`, `logger.x = DEBUG, FILE`.
        if let v = node.value?.text, defaultName == "Root" || defaultName == "Logger" {
            let parts = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if let level = parts.first, !level.isEmpty, node.children["level"] == nil { el.attributes.append(.init(name: "level", value: level)) }
            for ref in parts.dropFirst() where !ref.isEmpty {
                el.children.append(XMLTreeElement(name: "AppenderRef", attributes: [.init(name: "ref", value: ref)], line: node.value?.line ?? node.firstLine))
            }
        }
        for k in node.keys where k != "type" {
            guard let c = node.children[k] else { continue }
            if c.keys.isEmpty {
                if let v = c.value { el.attributes.append(.init(name: k, value: v.text)) }
                continue
            }
            if k.lowercased() == "appenderref" {
                for g in c.keys { if let gn = c.children[g] { el.children.append(component(gn, defaultName: "AppenderRef")) } }
            } else if c.children["type"] != nil {
                el.children.append(component(c, defaultName: k))
            } else {
                // A container of components (`filter.<id>.type`), or plain nested settings.
                for g in c.keys {
                    guard let gn = c.children[g] else { continue }
                    if gn.keys.isEmpty {
                        if let v = gn.value { el.attributes.append(.init(name: "\(k).\(g)", value: v.text)) }
                    } else {
                        el.children.append(component(gn, defaultName: g))
                    }
                }
            }
        }
        return el
    }
}

