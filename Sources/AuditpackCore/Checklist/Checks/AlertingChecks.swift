import Foundation

public enum AlertKind: String, Sendable, CaseIterable {
    case errorRate = "error_rate", latency, availability, cpu, memory, disk, other

    public var label: String {
        switch self {
        case .errorRate: return "error rate"
        case .latency: return "latency"
        case .availability: return "availability"
        case .cpu: return "CPU"
        case .memory: return "memory"
        case .disk: return "disk space"
        case .other: return "other"
        }
    }
}

/// Classifies alert rules by what they watch, from their expression and name.
public enum AlertClassifier {
    static let sources: [(AlertKind, String)] = [
        (.errorRate, #"5\.\.|5xx|status(_code)?=~?"5|code=~?"5|error|exception|fail(ed|ure)?s?\b"#),
        (.latency, #"latency|duration|_bucket\b|histogram_quantile|response_?time|\bslow|_seconds_(sum|count)\b"#),
        (.availability, #"\bup\s*(==|<|!=)\s*[01]|\bup\{[^}]*\}\s*(==|<)\s*[01]|absent(_over_time)?\(|probe_success|down\b|unreachable|unavailable|outage"#),
        (.disk, #"filesystem|disk|volume|storage|inode"#),
        (.memory, #"memory|memavailable|mem_|\boom|swap"#),
        (.cpu, #"cpu|node_load|load(1|5|15)\b|loadavg"#),
    ]
    static let patterns: [(AlertKind, NSRegularExpression)] = sources.map { ($0.0, try! NSRegularExpression(pattern: $0.1, options: [.caseInsensitive])) }

    public static func classify(_ rule: AlertRule) -> Set<AlertKind> {
        // Split CamelCase names so "ShopDown" reads as "Shop Down".
        let name = rule.name.replacingOccurrences(of: "([a-z0-9])([A-Z])", with: "$1 $2", options: .regularExpression)
        let text = name + " \n " + rule.expr
        var kinds = Set<AlertKind>()
        for (kind, re) in patterns where re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
            kinds.insert(kind)
        }
        return kinds.isEmpty ? [.other] : kinds
    }
}

/// ALR-01 … ALR-08: alert coverage, quality, routing and validity.
enum AlertingChecks {
    static let all: [String: CheckFunction] = [
        "alert_coverage": coverage,
        "capacity_alerts": capacity,
        "alert_quality": quality,
        "alert_routing": routing,
        "send_resolved": sendResolved,
        "alert_config_valid": validity,
    ]

    static func ref(_ r: AlertRule) -> String { "\(r.file):\(r.line)" }

    static func coverage(_ ctx: CheckContext) -> Outcome {
        let kindName = ctx.param("kind")?.stringValue ?? "error_rate"
        guard let kind = AlertKind(rawValue: kindName) else { return Outcome(.error, "unknown alert kind '\(kindName)' in the checklist") }
        let rules = ctx.facts.alertRules
        let kinds = ctx.facts.alertKinds ?? rules.map(AlertClassifier.classify)
        let hits = zip(rules, kinds).filter { $0.1.contains(kind) }.map(\.0)
        if !hits.isEmpty {
            return Outcome(.pass, "\(hits.count) alert rule(s) watch \(kind.label): " + hits.map { "\($0.name) (\(ref($0)))" }.joined(separator: ", "),
                           observed: .list(hits.map { .string($0.name) }), evidence: hits.map { ctx.cite($0.file, $0.line) })
        }
        let text = rules.isEmpty ? "No alert rules were found" : "None of the \(rules.count) alert rule(s) watches \(kind.label) (\(rules.map(\.name).joined(separator: ", ")))"
        return Outcome(.fail, text + "; expected an alert on \(kind.label)", observed: .list([]))
    }

    static func capacity(_ ctx: CheckContext) -> Outcome {
        let rules = ctx.facts.alertRules
        var covered: [AlertKind: [AlertRule]] = [:]
        let kinds = ctx.facts.alertKinds ?? rules.map(AlertClassifier.classify)
        for (r, ks) in zip(rules, kinds) { for k in ks where [.disk, .memory, .cpu].contains(k) { covered[k, default: []].append(r) } }
        let parts = [AlertKind.disk, .memory, .cpu].map { k in
            covered[k].map { "\(k.label) covered (\($0.map(\.name).joined(separator: ", ")))" } ?? "\(k.label) missing"
        }
        let evidence = covered.values.flatMap { $0 }.map { ctx.cite($0.file, $0.line) }
        let observed = ConfigValue.list([AlertKind.disk, .memory, .cpu].filter { covered[$0] != nil }.map { .string($0.rawValue) })
        if covered[.disk] == nil { return Outcome(.fail, parts.joined(separator: "; ") + "; expected disk, memory and CPU alerts", observed: observed, evidence: evidence) }
        if covered[.memory] == nil || covered[.cpu] == nil {
            return Outcome(.warn, parts.joined(separator: "; ") + "; expected disk, memory and CPU alerts", observed: observed, evidence: evidence)
        }
        return Outcome(.pass, parts.joined(separator: "; "), observed: observed, evidence: evidence)
    }

    static func quality(_ ctx: CheckContext) -> Outcome {
        let minFor = ctx.durationParam("min_for", 60)
        let rules = ctx.facts.alertRules
        guard !rules.isEmpty else { return Outcome(.notApplicable, "No alert rules to judge (see ALR-01)") }
        var offenders: [String] = [], evidence: [EvidenceRef] = []
        for r in rules {
            var problems: [String] = []
            if let f = r.forSeconds {
                if f < minFor { problems.append("for \(r.forText ?? "") < \(PrometheusDuration.describe(minFor))") }
            } else if r.forText == nil {
                problems.append("no for")
            }
            if (r.labels["severity"] ?? "").isEmpty { problems.append("no severity label") }
            if (r.annotations["summary"] ?? r.annotations["description"] ?? "").isEmpty { problems.append("no summary or description") }
            if !problems.isEmpty {
                offenders.append("\(r.name) (\(ref(r))): \(problems.joined(separator: ", "))")
                evidence.append(ctx.cite(r.file, r.line))
            }
        }
        if !offenders.isEmpty {
            return Outcome(.fail, "\(offenders.count) of \(rules.count) alert(s) are not actionable: " + offenders.joined(separator: "; "), observed: .int(offenders.count), evidence: evidence)
        }
        return Outcome(.pass, "All \(rules.count) alert(s) have for ≥ \(PrometheusDuration.describe(minFor)), a severity and a summary", observed: .int(0))
    }

    static func routing(_ ctx: CheckContext) -> Outcome {
        let rules = ctx.facts.alertRules
        guard !rules.isEmpty else { return Outcome(.notApplicable, "No alert rules to route") }
        var lost: [String] = [], reached: [String] = [], evidence: [EvidenceRef] = []
        for r in rules {
            var labels = r.labels
            labels["alertname"] = r.name
            let source: AlertRouting.Source = r.source == .prometheus ? .alertmanager : .grafana
            let routings = ctx.facts.routings.filter { $0.source == source }
            if routings.isEmpty {
                let kind: FileKind = source == .alertmanager ? .alertmanager : .grafanaAlerting
                let unread = ctx.facts.configs.filter { $0.kind == kind }.map(\.relPath)
                if source == .alertmanager, !unread.isEmpty {
                    return Outcome(.error, "Alertmanager configuration \(unread.joined(separator: ", ")) could not be read (see parse issues); routing of \(rules.count) alert(s) not evaluated")
                }
                lost.append("\(r.name) (\(ref(r))): no \(source == .alertmanager ? "Alertmanager configuration" : "Grafana notification policy") was found")
                evidence.append(ctx.cite(r.file, r.line))
                continue
            }
            for routing in routings {
                for hit in routing.route(labels) {
                    let receivers = routing.source == .grafana ? ctx.facts.grafanaContactPoints : routing.receivers
                    let path = hit.path.map { "\(routing.file):\($0)" }.joined(separator: " → ")
                    guard let receiver = receivers.first(where: { $0.name == hit.receiver }) else {
                        lost.append("\(r.name) (\(ref(r))) → receiver '\(hit.receiver)' is not defined (route \(path))")
                        evidence.append(ctx.cite(routing.file, hit.path.last))
                        continue
                    }
                    if receiver.notifiers.isEmpty {
                        lost.append("\(r.name) (\(ref(r))) → receiver '\(receiver.name)' has no notifier (route \(path))")
                        evidence.append(ctx.cite(routing.file, hit.path.last))
                        evidence.append(ctx.cite(routing.source == .grafana ? routing.file : routing.file, receiver.line))
                    } else {
                        reached.append("\(r.name) → \(receiver.name) (\(receiver.notifiers.map(\.type).joined(separator: ", ")))")
                    }
                }
            }
        }
        if !lost.isEmpty {
            return Outcome(.fail, "\(lost.count) alert route(s) reach no person: " + lost.joined(separator: "; "), observed: .int(lost.count), evidence: evidence, details: reached)
        }
        return Outcome(.pass, "Every alert reaches a notifier: " + reached.joined(separator: "; "), observed: .int(0), details: reached)
    }

    static func sendResolved(_ ctx: CheckContext) -> Outcome {
        var quiet: [String] = [], evidence: [EvidenceRef] = []
        var total = 0
        for routing in ctx.facts.routings where routing.source == .alertmanager {
            for r in routing.receivers {
                for n in r.notifiers {
                    total += 1
                    if !n.sendResolved {
                        quiet.append("\(r.name)/\(n.type) (\(routing.file):\(n.line)\(n.sendResolvedExplicit ? "" : ", default"))")
                        evidence.append(ctx.cite(routing.file, n.line))
                    }
                }
            }
        }
        for c in ctx.facts.grafanaContactPoints {
            for n in c.notifiers {
                total += 1
                if !n.sendResolved { quiet.append("\(c.name)/\(n.type) (disableResolveMessage)") }
            }
        }
        guard total > 0 else { return Outcome(.notApplicable, "No notifier configured") }
        if !quiet.isEmpty {
            return Outcome(.warn, "\(quiet.count) of \(total) notifier(s) do not send resolved notifications: " + quiet.joined(separator: ", ") + "; expected send_resolved: true",
                           observed: .int(quiet.count), evidence: evidence)
        }
        return Outcome(.pass, "All \(total) notifier(s) send resolved notifications", observed: .int(0))
    }

    static func validity(_ ctx: CheckContext) -> Outcome {
        let files = ctx.facts.alertConfigFiles
        guard !files.isEmpty else { return Outcome(.notApplicable, "No alert rule or Alertmanager file was found") }
        let errors = ctx.facts.validity
        if !errors.isEmpty {
            let text = errors.prefix(20).map { "\($0.file)\($0.line.map { ":\($0)" } ?? ""): \($0.message)" }
            return Outcome(.fail, "\(errors.count) validity error(s): " + text.joined(separator: "; ") + (errors.count > 20 ? "; …" : ""),
                           observed: .int(errors.count), evidence: errors.prefix(20).map { ctx.cite($0.file, $0.line) })
        }
        return Outcome(.pass, "\(files.count) alerting file(s) pass the promtool/amtool validity rules auditpack applies (PromQL itself is not parsed): " + files.sorted().joined(separator: ", "),
                       observed: .int(0), evidence: files.map { ctx.cite($0, nil) })
    }
}
