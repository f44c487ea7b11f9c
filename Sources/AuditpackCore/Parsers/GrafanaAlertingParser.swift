import Foundation

/// Grafana alerting file provisioning (`apiVersion: 1`): alert rule groups, contact points
/// and notification policies.
public enum GrafanaAlertingParser {
    public struct Output: Sendable {
        public var rules: [AlertRule] = []
        public var contactPoints: [AlertReceiver] = []
        public var policy: AlertRoute?
        public var validity: [ConfigValidityError] = []
        public var issues: [ParseIssue] = []
    }

    public static func parse(_ text: String, file: String) -> Output {
        var out = Output()
        let doc: ConfigValue
        do { doc = try YAMLReader.document(text) } catch {
            out.issues.append(ParseIssue(path: file, line: error.line, message: error.message))
            out.validity.append(ConfigValidityError(file: file, line: error.line, message: error.message))
            return out
        }
        guard let top = doc.dictValue else { return out }
        for g in top["groups"]?.listValue ?? [] {
            guard let group = g.dictValue else { continue }
            let groupName = group["name"]?.stringValue ?? ""
            for r in group["rules"]?.listValue ?? [] {
                guard let rule = r.dictValue else { continue }
                let line = rule.line(of: "title") ?? rule.entries.first?.line ?? 1
                let title = rule["title"]?.stringValue ?? ""
                if title.isEmpty { out.validity.append(ConfigValidityError(file: file, line: line, message: "alert rule without a title")) }
                if rule["uid"] == nil { out.validity.append(ConfigValidityError(file: file, line: line, message: "alert rule '\(title)' has no uid")) }
                if rule["condition"] == nil { out.validity.append(ConfigValidityError(file: file, line: line, message: "alert rule '\(title)' has no condition")) }
                var exprs: [String] = []
                for d in rule["data"]?.listValue ?? [] {
                    if let model = d.dictValue?["model"]?.dictValue, let e = model["expr"]?.stringValue ?? model["expression"]?.stringValue {
                        exprs.append(e)
                    }
                }
                let forText = rule["for"].map { $0.stringValue ?? $0.display }
                var forSeconds: Double?
                if let f = forText {
                    forSeconds = PrometheusDuration.seconds(f)
                    if forSeconds == nil { out.validity.append(ConfigValidityError(file: file, line: rule.line(of: "for"), message: "invalid duration \"\(f)\" for 'for'")) }
                }
                out.rules.append(AlertRule(
                    file: file, line: line, group: groupName, name: title, expr: exprs.joined(separator: " ; "),
                    forText: forText, forSeconds: forSeconds, labels: stringMap(rule["labels"]),
                    annotations: stringMap(rule["annotations"]), source: .grafana))
            }
        }
        for c in top["contactPoints"]?.listValue ?? [] {
            guard let cp = c.dictValue, let name = cp["name"]?.stringValue else { continue }
            var notifiers: [Notifier] = []
            for r in cp["receivers"]?.listValue ?? [] {
                guard let rd = r.dictValue else { continue }
                let disabled = rd["disableResolveMessage"]?.boolValue
                notifiers.append(Notifier(type: rd["type"]?.stringValue ?? "unknown", sendResolved: !(disabled ?? false),
                                          sendResolvedExplicit: disabled != nil, line: rd.entries.first?.line ?? 1))
            }
            out.contactPoints.append(AlertReceiver(name: name, notifiers: notifiers, line: cp.line(of: "name") ?? 1))
        }
        if let p = top["policies"]?.listValue?.first?.dictValue {
            out.policy = readPolicy(p, file: file, out: &out)
        }
        return out
    }

    static func readPolicy(_ d: ConfigDict, file: String, out: inout Output) -> AlertRoute {
        var matchers: [LabelMatcher] = []
        for m in d["object_matchers"]?.listValue ?? [] {
            let parts = m.listValue?.map { $0.stringValue ?? $0.display } ?? []
            if parts.count == 3, let op = LabelMatcher.Op(rawValue: parts[1]) {
                matchers.append(LabelMatcher(name: parts[0], op: op, value: parts[2]))
            } else {
                out.validity.append(ConfigValidityError(file: file, line: d.line(of: "object_matchers"), message: "bad object matcher \(m.display)"))
            }
        }
        for m in d["matchers"]?.listValue ?? [] {
            if let s = m.stringValue, let parsed = AlertmanagerParser.parseMatchers(s) { matchers += parsed }
        }
        let children = (d["routes"]?.listValue ?? []).compactMap(\.dictValue).map { readPolicy($0, file: file, out: &out) }
        return AlertRoute(receiver: d["receiver"]?.stringValue, matchers: matchers, continueMatching: d["continue"]?.boolValue ?? false,
                          routes: children, line: d.entries.first?.line ?? 1)
    }

    static func stringMap(_ v: ConfigValue?) -> [String: String] {
        var out: [String: String] = [:]
        for e in v?.dictValue?.entries ?? [] { out[e.key] = e.value.stringValue ?? e.value.display }
        return out
    }
}
