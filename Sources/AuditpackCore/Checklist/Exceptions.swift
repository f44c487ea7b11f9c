import Foundation

/// An approved exception (waiver) from `auditpack.yml`: it covers an item's finding, within
/// a scope, until it expires. It fails closed: once expired, the finding fails whatever it
/// was; an exception that covers nothing is reported as unused; a malformed one is an input
/// error, never ignored.
public struct ExceptionRule: Sendable, Equatable {
    public var item: String
    /// Globs over the finding's evidence paths; empty: the whole item.
    public var scope: [String]
    public var reason: String
    public var approvedBy: String
    public var approvedOn: String
    public var expiresOn: String
    public var line: Int
}

/// What became of an exception in a run.
public struct ExceptionOutcome: Sendable, Equatable {
    public enum State: String, Sendable { case live, expiring, expired, unused }
    public var rule: ExceptionRule
    public var state: State
}

public enum Exceptions {
    /// Days before expiry when a live exception is flagged in the review record.
    public static let warnDays = 30

    static func parse(_ value: ConfigValue, r: StrictReader, line: Int?, maxDays: Int) throws(InputError) -> [ExceptionRule] {
        guard let list = value.listValue else { throw r.fail("exceptions", line, "must be a list of exceptions") }
        var out: [ExceptionRule] = []
        for (n, entry) in list.enumerated() {
            let path = "exceptions[\(n)]"
            let d = try r.dict(entry, path, line: line)
            try r.allowOnly(d, ["item", "scope", "reason", "approved_by", "approved_on", "expires_on"], path)
            func required(_ key: String) throws(InputError) -> String {
                guard let v = try r.string(d, key, path), !v.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw r.fail("\(path).\(key)", d.line(of: key) ?? line, "is required")
                }
                return v
            }
            let item = try required("item")
            let approvedOn = try required("approved_on"), expiresOn = try required("expires_on")
            for (k, v) in [("approved_on", approvedOn), ("expires_on", expiresOn)] where DateText.parse(v) == nil {
                throw r.fail("\(path).\(k)", d.line(of: k) ?? line, "must be a date YYYY-MM-DD, found '\(v)'")
            }
            guard let span = DateText.days(from: approvedOn, to: expiresOn), span >= 0 else {
                throw r.fail("\(path).expires_on", d.line(of: "expires_on") ?? line, "is before approved_on")
            }
            if span > maxDays {
                throw r.fail("\(path).expires_on", d.line(of: "expires_on") ?? line,
                             "is \(span) days after approval; an exception may last at most \(maxDays) days (policy.max_exception_days)")
            }
            out.append(ExceptionRule(item: item, scope: try r.stringList(d, "scope", path) ?? [], reason: try required("reason"),
                                     approvedBy: try required("approved_by"), approvedOn: approvedOn, expiresOn: expiresOn,
                                     line: d.line(of: "item") ?? line ?? 0))
        }
        return out
    }

    /// Whether a rule covers a finding: same item, and every evidence path in its scope.
    static func covers(_ rule: ExceptionRule, _ result: ItemResult) -> Bool {
        guard rule.item == result.id else { return false }
        if rule.scope.isEmpty { return true }
        let paths = result.outcome.evidence.map(\.path)
        guard !paths.isEmpty else { return false }
        return paths.allSatisfy { p in rule.scope.contains { fnmatch($0, p, 0) == 0 } }
    }

    /// Applies the rules to a run's findings (fail, warn or error): a live rule waives the
    /// finding; an expired one makes it fail, saying so.
    public static func apply(_ rules: [ExceptionRule], to results: inout RunResults) {
        var outcomes: [ExceptionOutcome] = []
        var used = Set<Int>()
        for i in results.items.indices where [.fail, .warn, .error].contains(results.items[i].status) {
            guard let (n, rule) = rules.enumerated().first(where: { covers($0.element, results.items[i]) }) else { continue }
            used.insert(n)
            var o = results.items[i].outcome
            let finding = o.message
            if results.date > rule.expiresOn {
                o.status = .fail
                o.message = "Exception expired on \(rule.expiresOn) (approved by \(rule.approvedBy) on \(rule.approvedOn): \(rule.reason)) — \(finding)"
                outcomes.append(ExceptionOutcome(rule: rule, state: .expired))
            } else {
                o.status = .waived
                o.message = "Waived until \(rule.expiresOn) (approved by \(rule.approvedBy) on \(rule.approvedOn): \(rule.reason)) — \(finding)"
                let left = DateText.days(from: results.date, to: rule.expiresOn) ?? 0
                outcomes.append(ExceptionOutcome(rule: rule, state: left <= warnDays ? .expiring : .live))
            }
            results.items[i].outcome = o
        }
        for (n, rule) in rules.enumerated() where !used.contains(n) {
            outcomes.append(ExceptionOutcome(rule: rule, state: .unused))
        }
        results.exceptions = outcomes
    }
}
