import Foundation

/// Prometheus rule files (plain `groups:` files and PrometheusRule custom resources),
/// checked with the rules `promtool check rules` applies (except PromQL parsing).
public enum PrometheusRulesParser {
    public struct Output: Sendable {
        public var rules: [AlertRule] = []
        public var recordingRules = 0
        public var validity: [ConfigValidityError] = []
        public var issues: [ParseIssue] = []
    }

    static let labelName = try! NSRegularExpression(pattern: "^[a-zA-Z_][a-zA-Z0-9_]*$")
    static let metricName = try! NSRegularExpression(pattern: "^[a-zA-Z_:][a-zA-Z0-9_:]*$")

    static func matches(_ re: NSRegularExpression, _ s: String) -> Bool {
        re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    public static func parse(_ text: String, file: String) -> Output {
        var out = Output()
        let docs: [ConfigValue]
        do { docs = try YAMLReader.documents(text) } catch {
            out.issues.append(ParseIssue(path: file, line: error.line, message: error.message))
            out.validity.append(ConfigValidityError(file: file, line: error.line, message: error.message))
            return out
        }
        for doc in docs {
            guard let top = doc.dictValue else { continue }
            var groupsValue = top["groups"]
            var groupsLine = top.line(of: "groups") ?? 1
            if groupsValue == nil, let spec = top["spec"]?.dictValue {  // PrometheusRule CRD
                groupsValue = spec["groups"]
                groupsLine = spec.line(of: "groups") ?? groupsLine
            }
            guard let groups = groupsValue?.listValue else {
                if groupsValue != nil {
                    out.validity.append(ConfigValidityError(file: file, line: groupsLine, message: "groups must be a list"))
                }
                continue
            }
            var groupNames = Set<String>()
            for g in groups {
                guard let group = g.dictValue else {
                    out.validity.append(ConfigValidityError(file: file, line: groupsLine, message: "a group is not a mapping"))
                    continue
                }
                let gLine = group.entries.first?.line ?? groupsLine
                let known: Set<String> = ["name", "interval", "rules", "limit", "query_offset", "labels", "partial_response_strategy"]
                for e in group.entries where !known.contains(e.key) {
                    out.validity.append(ConfigValidityError(file: file, line: e.line, message: "field \(e.key) not found in type rulefmt.RuleGroup"))
                }
                let name = group["name"]?.stringValue ?? ""
                if name.isEmpty { out.validity.append(ConfigValidityError(file: file, line: gLine, message: "groupname must not be empty")) }
                else if !groupNames.insert(name).inserted {
                    out.validity.append(ConfigValidityError(file: file, line: group.line(of: "name"), message: "\(name): repeated in the same file"))
                }
                if let iv = group["interval"]?.stringValue, PrometheusDuration.seconds(iv) == nil {
                    out.validity.append(ConfigValidityError(file: file, line: group.line(of: "interval"), message: "group \(name): invalid interval \(iv)"))
                }
                for r in group["rules"]?.listValue ?? [] {
                    guard let rule = r.dictValue else { continue }
                    readRule(rule, group: name, file: file, fallbackLine: gLine, into: &out)
                }
            }
        }
        return out
    }

    static func readRule(_ rule: ConfigDict, group: String, file: String, fallbackLine: Int, into out: inout Output) {
        let line = rule.entries.first?.line ?? fallbackLine
        func invalid(_ l: Int?, _ m: String) { out.validity.append(ConfigValidityError(file: file, line: l ?? line, message: m)) }
        let known: Set<String> = ["alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"]
        for e in rule.entries where !known.contains(e.key) { invalid(e.line, "field \(e.key) not found in type rulefmt.Rule") }
        let alert = rule["alert"]?.stringValue
        let record = rule["record"]?.stringValue
        let expr = rule["expr"].map { $0.stringValue ?? $0.display } ?? ""
        if alert != nil && record != nil { invalid(line, "only one of 'record' and 'alert' must be set") }
        if alert == nil && record == nil { invalid(line, "one of 'record' or 'alert' must be set") }
        if expr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { invalid(rule.line(of: "expr"), "field 'expr' must be set in rule") }
        var labels: [String: String] = [:]
        for e in rule["labels"]?.dictValue?.entries ?? [] {
            if !matches(labelName, e.key) { invalid(e.line, "invalid label name: \(e.key)") }
            labels[e.key] = e.value.stringValue ?? e.value.display
        }
        var annotations: [String: String] = [:]
        for e in rule["annotations"]?.dictValue?.entries ?? [] {
            if !matches(labelName, e.key) { invalid(e.line, "invalid annotation name: \(e.key)") }
            annotations[e.key] = e.value.stringValue ?? e.value.display
        }
        var forSeconds: Double?
        let forText = rule["for"].map { $0.stringValue ?? $0.display }
        if let f = forText {
            forSeconds = PrometheusDuration.seconds(f)
            if forSeconds == nil { invalid(rule.line(of: "for"), "invalid duration \"\(f)\" for 'for'") }
        }
        if let record {
            if !matches(metricName, record) { invalid(rule.line(of: "record"), "invalid recording rule name: \(record)") }
            if rule["for"] != nil { invalid(rule.line(of: "for"), "invalid field 'for' in recording rule") }
            if rule["annotations"] != nil { invalid(rule.line(of: "annotations"), "invalid field 'annotations' in recording rule") }
            out.recordingRules += 1
        }
        if let alert, record == nil {
            if alert.isEmpty { invalid(rule.line(of: "alert"), "field 'alert' must be set in rule") }
            out.rules.append(AlertRule(file: file, line: rule.line(of: "alert") ?? line, group: group, name: alert, expr: expr,
                                       forText: forText, forSeconds: forSeconds, labels: labels, annotations: annotations, source: .prometheus))
        }
    }
}
