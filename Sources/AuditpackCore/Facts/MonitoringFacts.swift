import Foundation
import Synchronization

/// An alerting rule from a Prometheus rule file or Grafana alerting provisioning.
public struct AlertRule: Sendable, Equatable {
    public enum Source: String, Sendable { case prometheus, grafana }
    public var file: String
    public var line: Int
    public var group: String
    public var name: String
    public var expr: String
    /// `for` as written, when present.
    public var forText: String?
    public var forSeconds: Double?
    public var labels: [String: String]
    public var annotations: [String: String]
    public var source: Source
}

public struct ScrapeJob: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var name: String
    public var intervalSeconds: Double
    /// Where the interval came from: "job", "global" or "default".
    public var intervalOrigin: String
    public var metricsPath: String
    public var targets: [String]
}

/// An Alertmanager (or Grafana notification policy) route node.
public struct AlertRoute: Sendable, Equatable {
    public var receiver: String?
    public var matchers: [LabelMatcher]
    public var continueMatching: Bool
    public var routes: [AlertRoute]
    public var line: Int
}

public struct LabelMatcher: Sendable, Equatable, CustomStringConvertible {
    /// Compiled, anchored expressions by source: routing many label sets through a tree
    /// compiles each matcher once, not once per match.
    private static let cache = Mutex<[String: Regex]>([:])
    private struct Regex: @unchecked Sendable { let re: NSRegularExpression? }

    static func compiled(_ value: String) -> NSRegularExpression? {
        if let hit = cache.withLock({ $0[value] }) { return hit.re }
        let re = try? NSRegularExpression(pattern: "^(?:\(value))$")
        cache.withLock { c in
            if c.count > 10_000 { c.removeAll() }
            c[value] = Regex(re: re)
        }
        return re
    }

    public enum Op: String, Sendable { case equal = "=", notEqual = "!=", regex = "=~", notRegex = "!~" }
    public var name: String
    public var op: Op
    public var value: String

    public var description: String { "\(name)\(op.rawValue)\"\(value)\"" }

    public func matches(_ labels: [String: String]) -> Bool {
        let actual = labels[name] ?? ""
        switch op {
        case .equal: return actual == value
        case .notEqual: return actual != value
        case .regex, .notRegex:
            // Alertmanager anchors regular expressions: ^(?:value)$
            let re = Self.compiled(value)
            let hit = re?.firstMatch(in: actual, range: NSRange(actual.startIndex..., in: actual)) != nil
            return op == .regex ? hit : !hit
        }
    }
}

public struct Notifier: Sendable, Equatable {
    public var type: String
    public var sendResolved: Bool
    /// Whether send_resolved was stated or is the integration's default.
    public var sendResolvedExplicit: Bool
    public var line: Int
}

public struct AlertReceiver: Sendable, Equatable {
    public var name: String
    public var notifiers: [Notifier]
    public var line: Int
}

/// A routing tree with its receivers: Alertmanager's config or Grafana's notification policies.
public struct AlertRouting: Sendable, Equatable {
    public enum Source: String, Sendable { case alertmanager, grafana }
    public var file: String
    public var source: Source
    public var root: AlertRoute
    public var receivers: [AlertReceiver]

    public func receiver(_ name: String) -> AlertReceiver? { receivers.first { $0.name == name } }

    /// Receivers an alert with these labels reaches, as Alertmanager's dispatcher matches
    /// routes: depth-first, first matching child wins unless `continue`, a node with no
    /// matching child handles the alert itself, receivers inherited from the parent.
    public func route(_ labels: [String: String]) -> [(receiver: String, path: [Int])] {
        var out: [(String, [Int])] = []
        walk(root, labels: labels, inherited: root.receiver ?? "", path: [root.line], into: &out)
        return out
    }

    private func walk(_ node: AlertRoute, labels: [String: String], inherited: String, path: [Int], into out: inout [(String, [Int])]) {
        let receiver = node.receiver ?? inherited
        var matchedChild = false
        for child in node.routes where child.matchers.allSatisfy({ $0.matches(labels) }) {
            matchedChild = true
            walk(child, labels: labels, inherited: receiver, path: path + [child.line], into: &out)
            if !child.continueMatching { break }
        }
        if !matchedChild { out.append((receiver, path)) }
    }
}

/// A validity problem of the kind `promtool check rules` / `amtool check-config` reject.
public struct ConfigValidityError: Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var message: String
}
