import Foundation
import Yams

/// Reads YAML (and JSON, which is YAML) into `ConfigValue` trees that keep the line of
/// every mapping entry, so findings can cite file:line.
public enum YAMLReader {
    public struct Failure: Error, Sendable, Equatable {
        public var line: Int?
        public var message: String
    }

    /// Upper bound on nodes produced from one file: alias expansion ("billion laughs")
    /// cannot make us build an unbounded tree.
    static let maxNodes = 200_000
    static let maxDepth = 200

    /// All documents of a YAML stream (`---` separated). Empty documents are skipped.
    public static func documents(_ text: String) throws(Failure) -> [ConfigValue] {
        do {
            var out: [ConfigValue] = []
            var budget = maxNodes
            var nodes = try Yams.compose_all(yaml: text)
            while let node = nodes.next() {
                out.append(try convert(node, depth: 0, budget: &budget))
            }
            // The sequence stops at a syntax error and keeps it: a broken file is an error, never "empty".
            if let error = nodes.error { throw error }
            return out
        } catch let failure as Failure {
            throw failure
        } catch let error as YamlError {
            throw describe(error)
        } catch {
            throw Failure(line: nil, message: "not valid YAML")
        }
    }

    /// The first document, or `.null` for an empty file.
    public static func document(_ text: String) throws(Failure) -> ConfigValue {
        try documents(text).first ?? .null
    }

    static func describe(_ error: YamlError) -> Failure {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return Failure(line: mark.line, message: "not valid YAML: \(problem)")
        case let .reader(problem, _, _, _):
            return Failure(line: nil, message: "not valid YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.joined(separator: ", ")
            return Failure(line: context.mark.line, message: "duplicate keys in mapping: \(keys)")
        case .dataCouldNotBeDecoded:
            return Failure(line: nil, message: "not valid UTF-8 text")
        default:
            return Failure(line: nil, message: "not valid YAML")
        }
    }

    static func convert(_ node: Node, depth: Int, budget: inout Int) throws(Failure) -> ConfigValue {
        budget -= 1
        if budget < 0 {
            throw Failure(line: node.mark?.line, message: "YAML expands to more than \(maxNodes) nodes (alias bomb?); not read")
        }
        if depth > maxDepth {
            throw Failure(line: node.mark?.line, message: "YAML nested deeper than \(maxDepth) levels; not read")
        }
        switch node {
        case .scalar(let scalar):
            return scalarValue(scalar)
        case .sequence(let seq):
            var items: [ConfigValue] = []
            for child in seq { items.append(try convert(child, depth: depth + 1, budget: &budget)) }
            return .list(items)
        case .mapping(let map):
            var dict = ConfigDict()
            for (k, v) in map {
                let key: String
                switch k {
                case .scalar(let s): key = s.string
                default: key = "\(try convert(k, depth: depth + 1, budget: &budget).display)"
                }
                if key == "<<", case .mapping(let merged) = v {
                    // YAML merge key: entries not already present are merged in.
                    for (mk, mv) in merged where dict[mk.string ?? ""] == nil {
                        dict.set(mk.string ?? "", try convert(mv, depth: depth + 1, budget: &budget), line: mk.mark?.line ?? 0)
                    }
                    continue
                }
                dict.set(key, try convert(v, depth: depth + 1, budget: &budget), line: k.mark?.line ?? 0)
            }
            return .dict(dict)
        case .alias(let alias):
            return .unresolved("*\(alias)")
        }
    }

    static func scalarValue(_ scalar: Node.Scalar) -> ConfigValue {
        // Quoted scalars are always strings; plain ones are resolved as YAML 1.1 core types.
        if scalar.style != .plain { return .string(scalar.string) }
        let node = Node.scalar(scalar)
        switch Resolver.default.resolveTag(of: node) {
        case .null: return .null
        case .bool: return node.bool.map(ConfigValue.bool) ?? .string(scalar.string)
        case .int: return node.int.map(ConfigValue.int) ?? .string(scalar.string)
        case .float: return node.float.map(ConfigValue.double) ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
    }
}
