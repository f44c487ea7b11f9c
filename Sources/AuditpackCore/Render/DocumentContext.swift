import Foundation

/// The context every template sees (documented in README "Templates"). Values are plain
/// strings, numbers, booleans, arrays and dictionaries; templates escape them for their format.
public struct DocumentContext: Sendable {
    public var results: RunResults
    public var config: AuditConfig
    public var facts: Facts
    /// Evidence copies in the packet: scanned path → packet-relative path.
    public var evidenceCopies: [String: String]
    /// Changes since the previous recorded run.
    public var delta: ReviewDelta

    public init(results: RunResults, config: AuditConfig, facts: Facts, evidenceCopies: [String: String]) {
        self.results = results
        self.config = config
        self.facts = facts
        self.evidenceCopies = evidenceCopies
        self.delta = ReviewDelta.compute(current: results, history: facts.history.filter { $0.date < results.date }, attestations: facts.attestations,
                                         periodDays: ReviewFrequency.days(config.reviewFrequency))
    }

    static func statusClass(_ s: Status) -> String { "status-" + s.rawValue.replacingOccurrences(of: "_", with: "-") }

    func evidenceDict(_ e: EvidenceRef) -> [String: Any] {
        var d: [String: Any] = ["path": e.path, "location": e.location, "excerpt": e.excerpt, "sha256": e.sha256 ?? ""]
        if let copy = evidenceCopies[e.path] {
            d["href"] = Escape.href(copy + ".html") + (e.line.map { "#L\($0)" } ?? "")
            d["copy"] = copy
        }
        return d
    }

    func itemDict(_ r: ItemResult) -> [String: Any] {
        let ev = r.outcome.evidence.map(evidenceDict)
        return [
            "id": r.id, "title": r.item.title, "area": r.item.area, "tsc": r.item.tsc.joined(separator: ", "),
            "severity": r.item.severity.rawValue, "status": r.status.rawValue, "status_label": r.status.label,
            "status_class": Self.statusClass(r.status), "message": r.outcome.message, "remediation": r.item.remediation,
            "evidence": ev, "has_evidence": !ev.isEmpty,
            "citations": r.outcome.evidence.map(\.location).joined(separator: "; "),
            "citations_with_excerpts": r.outcome.evidence.map { $0.excerpt.isEmpty ? $0.location : "\($0.location) “\($0.excerpt)”" }.joined(separator: "; "), "details": r.outcome.details, "has_details": !r.outcome.details.isEmpty,
            "observed": r.outcome.observed.map { $0.display } ?? "",
            "is_pass": r.status == .pass, "is_gap": r.status == .fail || r.status == .warn || r.status == .error,
            "disabled": r.item.disabledReason ?? "",
        ]
    }

    public func dictionary() -> [String: Any] {
        let r = results
        var areas: [String: Any] = [:]
        var areaList: [[String: Any]] = []
        for (code, name) in r.checklist.areas {
            let items = r.items.filter { $0.item.area == code }
            guard !items.isEmpty else { continue }
            let a: [String: Any] = ["code": code, "name": name, "items": items.map(itemDict)]
            areas[code] = a
            areaList.append(a)
        }
        let periodStart = delta.previousDate ?? DateText.adding(days: -(ReviewFrequency.days(config.reviewFrequency) - 1), to: r.date) ?? r.date
        func change(_ c: ReviewDelta.Change) -> [String: Any] {
            ["id": c.id, "title": c.title, "severity": c.severity, "before": c.before, "after": c.after,
             "before_observed": c.beforeObserved, "after_observed": c.afterObserved, "message": c.message]
        }
        let standing: [[String: Any]] = delta.unchanged.map {
            ["id": $0.id, "title": $0.title, "severity": $0.severity, "status": $0.status, "since": $0.since, "weeks": $0.weeks, "message": $0.message]
        }
        let expiring: [[String: Any]] = delta.expiring.map { ["item": $0.item, "by": $0.by, "expires": $0.expires] }
        // The last runs, oldest first, this one included, for the trend.
        var trendRows: [[String: Any]] = facts.history.prefix(11).reversed().map { run in
            ["date": run.date, "kind": run.kind, "pass": run.counts[.pass] ?? 0, "fail": run.counts[.fail] ?? 0, "warn": run.counts[.warn] ?? 0,
             "error": run.counts[.error] ?? 0, "manual": run.counts[.manual] ?? 0]
        }
        trendRows.append(["date": r.date, "kind": "this run", "pass": r.count(.pass), "fail": r.count(.fail), "warn": r.count(.warn),
                          "error": r.count(.error), "manual": r.count(.manual)])
        let summary: [String: Any] = [
            "pass": r.count(.pass), "fail": r.count(.fail), "warn": r.count(.warn), "error": r.count(.error),
            "manual": r.count(.manual), "not_applicable": r.count(.notApplicable), "waived": r.count(.waived), "total": r.items.count,
        ]
        // WAIVED shows only when an exception applies.
        let statusRows: [[String: Any]] = Status.allCases.filter { $0 != .waived || r.count(.waived) > 0 }.map {
            ["label": $0.label, "status": $0.rawValue, "status_class": Self.statusClass($0), "count": r.count($0)]
        }
        let gaps = r.items.filter { [.fail, .error, .warn].contains($0.status) }.map(itemDict)
        let failures = r.items.filter { $0.status == .fail || $0.status == .error }.map(itemDict)
        let warnings = r.items.filter { $0.status == .warn }.map(itemDict)
        let manual = r.items.filter { $0.item.check == "manual" }.map(itemDict)
        let issues: [[String: Any]] = r.parseIssues.map { issue in
            ["path": issue.path, "line": issue.line.map(String.init) ?? "", "where": issue.line.map { "\(issue.path):\($0)" } ?? issue.path, "message": issue.message]
        }
        // TSC criteria → items backing them, worst status first.
        var tsc: [String: [ItemResult]] = [:]
        for i in r.items { for c in i.item.tsc { tsc[c, default: []].append(i) } }
        let rank: [Status: Int] = [.fail: 0, .error: 1, .warn: 2, .waived: 3, .manual: 4, .pass: 5, .notApplicable: 6]
        let tscRows: [[String: Any]] = tsc.keys.sorted(by: Self.tscOrder).map { c in
            let items = tsc[c]!
            let worst = items.map(\.status).min { rank[$0]! < rank[$1]! } ?? .notApplicable
            return ["criterion": c, "items": items.map { ["id": $0.id, "status_label": $0.status.label, "status_class": Self.statusClass($0.status)] },
                    "worst_label": worst.label, "worst_class": Self.statusClass(worst)]
        }
        let scope = facts.configs.filter(\.kind.isConfig).map { ["path": $0.relPath, "kind": $0.kind.rawValue] }
        var cited: [String: Set<String>] = [:]
        for i in r.items { for e in i.outcome.evidence { cited[e.path, default: []].insert(i.id) } }
        let evidenceFiles: [[String: Any]] = facts.configs.filter { evidenceCopies[$0.relPath] != nil }.map { c in
            let copy = evidenceCopies[c.relPath]!
            return ["path": c.relPath, "kind": c.kind.rawValue, "sha256": c.sha256, "size": c.stat.size, "mode": c.stat.octal,
                    "copy": copy, "copy_href": Escape.href(copy), "html_href": Escape.href(copy + ".html"),
                    "cited_by": (cited[c.relPath] ?? []).sorted().joined(separator: ", ")]
        }
        let logDirs: [[String: Any]] = facts.logDirs.map {
            ["path": $0.displayPath, "mode": $0.stat.octal, "files": $0.fileCount, "bytes": $0.bytes, "rotated": $0.rotatedCount]
        }
        let notScanned: [[String: Any]] = r.notScanned.map { n in
            ["path": n.path, "what": n.what,
             "referenced_by": n.referencedBy.map { "\($0.path)\($0.line.map { ":\($0)" } ?? "")" }.joined(separator: ", ")]
        }
        let exceptionRows: [[String: Any]] = r.exceptions.map { e in
            let text: String
            switch e.state {
            case .live: text = "waived since \(delta.waived.first { $0.id == e.rule.item }?.since ?? r.date)"
            case .expiring: text = "waived since \(delta.waived.first { $0.id == e.rule.item }?.since ?? r.date), EXPIRING within \(Exceptions.warnDays) days"
            case .expired: text = "EXPIRED: the finding fails again"
            case .unused: text = "unused: it matches no finding (remove it, or fix its item or scope)"
            }
            return ["item": e.rule.item, "state": e.state.rawValue, "state_text": text, "approved_by": e.rule.approvedBy,
                    "approved_on": e.rule.approvedOn, "expires": e.rule.expiresOn, "reason": e.rule.reason]
        }
        let o = config.owners
        return [
            "organization": config.organization, "system": config.system, "date": r.date,
            "period_start": periodStart, "period_end": r.date, "version": AuditpackVersion.current,
            "checklist_name": r.checklist.name, "review_frequency": config.reviewFrequency, "retention_days": config.logRetentionDays,
            "owners": ["system_administrators": o.systemAdministrators, "developers": o.developers, "security_team": o.securityTeam],
            "roots": r.roots.map(\.given), "summary": summary, "status_rows": statusRows,
            "areas": areas, "area_list": areaList, "items": r.items.map(itemDict),
            "gaps": gaps, "has_gaps": !gaps.isEmpty, "failures": failures, "has_failures": !failures.isEmpty,
            "warnings": warnings, "has_warnings": !warnings.isEmpty, "manual_items": manual,
            "parse_issues": issues, "has_parse_issues": !issues.isEmpty, "parse_issue_count": issues.count,
            "tsc": tscRows, "scope": scope, "evidence_files": evidenceFiles, "has_evidence_files": !evidenceFiles.isEmpty,
            "log_dirs": logDirs, "has_log_dirs": !logDirs.isEmpty,
            "not_scanned": notScanned, "has_not_scanned": !notScanned.isEmpty,
            "exception_rows": exceptionRows, "has_exceptions": !exceptionRows.isEmpty, "not_scanned_advice": NotScanned.advice,
            "image_roots": r.imageRoots, "has_image_roots": !r.imageRoots.isEmpty, "history_note": delta.summary,
            "previous_date": delta.previousDate ?? "", "has_previous": delta.previousDate != nil,
            "new_failures": delta.newFailures.map(change), "resolved": delta.resolved.map(change), "unchanged": standing,
            "expiring": expiring, "has_expiring": !expiring.isEmpty, "trend": trendRows, "has_trend": trendRows.count > 1,
            "trend_svg": TrendChart.image(trendRows.map { row in
                TrendChart.Run(date: row["date"] as? String ?? "", kind: row["kind"] as? String ?? "",
                               counts: TrendChart.order.map { s in (s, row[s.rawValue] as? Int ?? 0) })
            }),
        ]
    }

    /// CC1.1 < CC2.1 < CC10.1 < A1.1 …: common criteria first, numerically.
    static func tscOrder(_ a: String, _ b: String) -> Bool {
        func key(_ s: String) -> (Int, String, [Int]) {
            let letters = String(s.prefix { $0.isLetter })
            let nums = s.dropFirst(letters.count).split(separator: ".").compactMap { Int($0) }
            return (letters == "CC" ? 0 : 1, letters, nums)
        }
        let ka = key(a), kb = key(b)
        if ka.0 != kb.0 { return ka.0 < kb.0 }
        if ka.1 != kb.1 { return ka.1 < kb.1 }
        return ka.2.lexicographicallyPrecedes(kb.2)
    }
}
