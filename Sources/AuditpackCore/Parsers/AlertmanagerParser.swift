import Foundation

/// Alertmanager configuration: the route tree, receivers and their notifiers, checked with
/// the rules `amtool check-config` applies to them.
public enum AlertmanagerParser {
    public struct Output: Sendable {
        public var routing: AlertRouting?
        public var validity: [ConfigValidityError] = []
        public var issues: [ParseIssue] = []
    }

    /// `send_resolved` defaults per integration (Alertmanager's DefaultXConfig values).
    static let sendResolvedDefault: [String: Bool] = [
        "email": false, "slack": false, "wechat": false, "pagerduty": true, "opsgenie": true, "webhook": true,
        "victorops": true, "pushover": true, "sns": true, "telegram": true, "discord": true, "msteams": true,
        "msteamsv2": true, "webex": true, "jira": true, "rocketchat": true, "incidentio": true,
    ]

    public static func parse(_ text: String, file: String) -> Output {
        var out = Output()
        let doc: ConfigValue
        do { doc = try YAMLReader.document(text) } catch {
            out.issues.append(ParseIssue(path: file, line: error.line, message: error.message))
            out.validity.append(ConfigValidityError(file: file, line: error.line, message: error.message))
            return out
        }
        guard var top = doc.dictValue else {
            out.validity.append(ConfigValidityError(file: file, line: 1, message: "configuration is not a mapping"))
            return out
        }
        // A Kubernetes Secret/AlertmanagerConfig wrapper holds the config as a string.
        if top["route"] == nil, let inner = top["stringData"]?.dictValue?.entries.first(where: { $0.key.hasSuffix(".yaml") || $0.key.hasSuffix(".yml") }),
           let s = inner.value.stringValue, let d = try? YAMLReader.document(s).dictValue {
            top = d
        }
        let topKeys: Set<String> = ["global", "route", "inhibit_rules", "receivers", "templates", "time_intervals", "mute_time_intervals", "tracing"]
        for e in top.entries where !topKeys.contains(e.key) {
            out.validity.append(ConfigValidityError(file: file, line: e.line, message: "field \(e.key) not found in type config.plain"))
        }
        let global = top["global"]?.dictValue ?? ConfigDict()
        var receivers: [AlertReceiver] = []
        var names = Set<String>()
        for r in top["receivers"]?.listValue ?? [] {
            guard let rd = r.dictValue else { continue }
            let line = rd.entries.first?.line ?? 1
            guard let name = rd["name"]?.stringValue, !name.isEmpty else {
                out.validity.append(ConfigValidityError(file: file, line: line, message: "missing name in receiver"))
                continue
            }
            if !names.insert(name).inserted {
                out.validity.append(ConfigValidityError(file: file, line: rd.line(of: "name"), message: "notification config name \"\(name)\" is not unique"))
            }
            var notifiers: [Notifier] = []
            for e in rd.entries where e.key.hasSuffix("_configs") {
                let type = String(e.key.dropLast("_configs".count))
                for c in e.value.listValue ?? [] {
                    let cd = c.dictValue ?? ConfigDict()
                    if let problem = missingRequired(type: type, config: cd, global: global) {
                        out.validity.append(ConfigValidityError(file: file, line: cd.entries.first?.line ?? e.line, message: problem))
                    }
                    let explicit = cd["send_resolved"]?.boolValue
                    notifiers.append(Notifier(type: type, sendResolved: explicit ?? sendResolvedDefault[type] ?? false,
                                              sendResolvedExplicit: explicit != nil, line: cd.entries.first?.line ?? e.line))
                }
            }
            for e in rd.entries where e.key != "name" && !e.key.hasSuffix("_configs") {
                out.validity.append(ConfigValidityError(file: file, line: e.line, message: "field \(e.key) not found in type config.plain"))
            }
            receivers.append(AlertReceiver(name: name, notifiers: notifiers, line: line))
        }
        guard let routeDict = top["route"]?.dictValue else {
            out.validity.append(ConfigValidityError(file: file, line: 1, message: "no routes provided"))
            return out
        }
        let root = readRoute(routeDict, file: file, isRoot: true, names: names, out: &out)
        if root.receiver == nil {
            out.validity.append(ConfigValidityError(file: file, line: root.line, message: "root route must specify a default receiver"))
        }
        out.routing = AlertRouting(file: file, source: .alertmanager, root: root, receivers: receivers)
        return out
    }

    /// What amtool requires of each integration, with the global defaults it falls back to.
    static func missingRequired(type: String, config c: ConfigDict, global g: ConfigDict) -> String? {
        func has(_ keys: String...) -> Bool { keys.contains { c[$0] != nil } }
        func globalHas(_ keys: String...) -> Bool { keys.contains { g[$0] != nil } }
        switch type {
        case "email":
            if c["to"] == nil { return "missing to address in email config" }
            if !has("smarthost") && !globalHas("smtp_smarthost") { return "no global SMTP smarthost set" }
            if !has("from") && !globalHas("smtp_from") { return "no global mail from address set" }
        case "slack":
            if !has("api_url", "api_url_file") && !globalHas("slack_api_url", "slack_api_url_file") { return "no global Slack API URL set" }
        case "pagerduty":
            if !has("routing_key", "routing_key_file", "service_key", "service_key_file") { return "missing service or routing key in PagerDuty config" }
        case "webhook":
            if !has("url", "url_file") { return "one of url or url_file must be configured" }
        case "opsgenie":
            if !has("api_key", "api_key_file") && !globalHas("opsgenie_api_key", "opsgenie_api_key_file") { return "no global OpsGenie API Key set" }
        default:
            break
        }
        return nil
    }

    static func readRoute(_ d: ConfigDict, file: String, isRoot: Bool, names: Set<String>, out: inout Output) -> AlertRoute {
        let line = d.entries.first?.line ?? 1
        let routeKeys: Set<String> = ["receiver", "group_by", "continue", "matchers", "match", "match_re", "group_wait", "group_interval",
                                      "repeat_interval", "mute_time_intervals", "active_time_intervals", "routes"]
        for e in d.entries where !routeKeys.contains(e.key) {
            out.validity.append(ConfigValidityError(file: file, line: e.line, message: "field \(e.key) not found in type config.plain"))
        }
        var matchers: [LabelMatcher] = []
        for e in d["match"]?.dictValue?.entries ?? [] {
            matchers.append(LabelMatcher(name: e.key, op: .equal, value: e.value.stringValue ?? e.value.display))
        }
        for e in d["match_re"]?.dictValue?.entries ?? [] {
            let v = e.value.stringValue ?? e.value.display
            if (try? NSRegularExpression(pattern: v)) == nil {
                out.validity.append(ConfigValidityError(file: file, line: e.line, message: "invalid regular expression \"\(v)\""))
            }
            matchers.append(LabelMatcher(name: e.key, op: .regex, value: v))
        }
        for m in d["matchers"]?.listValue ?? [] {
            guard let text = m.stringValue else { continue }
            if let parsed = parseMatchers(text) { matchers += parsed }
            else { out.validity.append(ConfigValidityError(file: file, line: d.line(of: "matchers"), message: "bad matcher format: \(text)")) }
        }
        if isRoot && !matchers.isEmpty {
            out.validity.append(ConfigValidityError(file: file, line: line, message: "root route must not have any matchers"))
        }
        let receiver = d["receiver"]?.stringValue
        if let r = receiver, !names.contains(r) {
            out.validity.append(ConfigValidityError(file: file, line: d.line(of: "receiver"), message: "undefined receiver \"\(r)\" used in route"))
        }
        let children = (d["routes"]?.listValue ?? []).compactMap(\.dictValue).map {
            readRoute($0, file: file, isRoot: false, names: names, out: &out)
        }
        return AlertRoute(receiver: receiver, matchers: matchers, continueMatching: d["continue"]?.boolValue ?? false, routes: children, line: line)
    }

    /// Parses `name="value"`, `name=~"re"`, `{a="1", b!="2"}` matcher strings.
    public static func parseMatchers(_ text: String) -> [LabelMatcher]? {
        var s = text.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("{") && s.hasSuffix("}") { s = String(s.dropFirst().dropLast()) }
        let re = try! NSRegularExpression(pattern: #"^\s*([a-zA-Z_][a-zA-Z0-9_]*|"[^"]*")\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|[^,]*?)\s*(?:,|$)"#)
        var out: [LabelMatcher] = []
        var rest = s
        while !rest.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let m = re.firstMatch(in: rest, range: NSRange(rest.startIndex..., in: rest)),
                  let nr = Range(m.range(at: 1), in: rest), let or = Range(m.range(at: 2), in: rest), let vr = Range(m.range(at: 3), in: rest),
                  let whole = Range(m.range, in: rest) else { return nil }
            var name = String(rest[nr])
            if name.hasPrefix("\"") { name = String(name.dropFirst().dropLast()) }
            var value = String(rest[vr])
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            out.append(LabelMatcher(name: name, op: LabelMatcher.Op(rawValue: String(rest[or]))!, value: value))
            rest = String(rest[whole.upperBound...])
        }
        return out
    }
}
