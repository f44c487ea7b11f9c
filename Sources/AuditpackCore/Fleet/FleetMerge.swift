import Foundation

/// One target's packet in a fleet: who was scanned, when, and what each item came to.
public struct FleetTarget: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var status: String
        public var message: String
    }

    /// The target's name (its packet's `target.name`, else the packet's folder or zip name).
    public var name: String
    /// The packet as given on the command line.
    public var source: String
    public var host: String?
    /// The run date the packet's results carry (YYYY-MM-DD).
    public var runDate: String
    public var scanTime: String?
    /// SHA-256 of the packet's MANIFEST.sha256: the digest of everything the packet holds.
    public var digest: String
    /// The packet's folder inside the fleet packet (`targets/<name>`).
    public var folder: String
    public var signed: Bool
    public var items: [String: Item]
    /// The order and descriptions of the items, as the packet gives them.
    public var itemOrder: [String]
}

/// What the fleet could not count: expected targets without a packet, packets too old,
/// a second packet for a target, packets that fail their own manifest.
public struct FleetGaps: Sendable, Equatable {
    public var missing: [String] = []
    public var stale: [(name: String, runDate: String, source: String)] = []
    public var duplicates: [(name: String, kept: String, dropped: String)] = []
    public var rejected: [(source: String, why: String)] = []

    public static func == (a: FleetGaps, b: FleetGaps) -> Bool {
        a.missing == b.missing && a.stale.map(\.name) == b.stale.map(\.name)
            && a.duplicates.map(\.dropped) == b.duplicates.map(\.dropped) && a.rejected.map(\.source) == b.rejected.map(\.source)
    }
}

/// One checklist item across the fleet.
public struct FleetItem: Sendable, Equatable {
    public var id: String
    public var title: String
    public var area: String
    public var severity: String
    public var tsc: [String]
    public var status: String
    public var message: String
    /// Target names by status.
    public var byStatus: [String: [String]]
}

public struct FleetResults: Sendable {
    public var date: String
    /// Targets counted: verified, current, one packet each, in name order.
    public var targets: [FleetTarget]
    public var gaps: FleetGaps
    /// The expected target names (`--expect`), nil when no list was given.
    public var expected: [String]?
    public var items: [FleetItem]
    public var maxAgeDays: Int

    /// "from N of M expected targets" (M: the expected list, else every packet given).
    public var coverage: (counted: Int, of: Int) {
        let of = expected?.count ?? (targets.count + gaps.stale.count + gaps.rejected.count)
        return (targets.count, of)
    }

    public func count(_ status: String) -> Int { items.filter { $0.status == status }.count }
}

/// Merges per-target packets into fleet results.
public enum FleetMerge {
    /// Worst first: the fleet status of an item is the worst any counted target has.
    static let order = ["fail", "error", "warn", "manual", "waived", "pass", "not_applicable"]

    /// Reads a target's `results.json` (its identity, run date and item statuses).
    public static func target(results data: Data, manifest: Data, source: String, fallbackName: String, signed: Bool) throws(InputError) -> FleetTarget {
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let date = json["date"] as? String, let items = json["items"] as? [[String: Any]] else {
            throw InputError(file: source, message: "results.json is not auditpack's results (no date or items)")
        }
        let identity = json["target"] as? [String: Any]
        var out = FleetTarget(name: (identity?["name"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? fallbackName,
                              source: source, host: identity?["host"] as? String, runDate: date,
                              scanTime: identity?["scanTime"] as? String, digest: PacketWriter.sha256Hex(manifest),
                              folder: "", signed: signed, items: [:], itemOrder: [])
        for i in items {
            guard let id = i["id"] as? String, let status = i["status"] as? String else { continue }
            out.items[id] = .init(status: status, message: i["message"] as? String ?? "")
            out.itemOrder.append(id)
        }
        return out
    }

    /// Item metadata (title, area, severity, TSC) from the first target's results that has it.
    public typealias ItemInfo = (title: String, area: String, severity: String, tsc: [String])

    public static func itemInfo(results data: Data) -> [String: ItemInfo] {
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let items = json["items"] as? [[String: Any]] else { return [:] }
        var out: [String: ItemInfo] = [:]
        for i in items {
            guard let id = i["id"] as? String else { continue }
            out[id] = (i["title"] as? String ?? id, i["area"] as? String ?? "", i["severity"] as? String ?? "low", i["tsc"] as? [String] ?? [])
        }
        return out
    }

    /// - Parameters:
    ///   - date: the fleet run's date; a packet older than `maxAgeDays` before it is stale.
    ///   - expected: the target names the fleet must cover, nil when not given.
    public static func merge(_ candidates: [FleetTarget], rejected: [(source: String, why: String)], expected: [String]?,
                             info: [String: ItemInfo], date: String, maxAgeDays: Int) -> FleetResults {
        var gaps = FleetGaps()
        gaps.rejected = rejected
        // One packet per target: the newest (run date, then scan time) is counted.
        var byName: [String: FleetTarget] = [:]
        for t in candidates {
            if let other = byName[t.name] {
                let newer = (t.runDate, t.scanTime ?? "") > (other.runDate, other.scanTime ?? "")
                let (kept, dropped) = newer ? (t, other) : (other, t)
                gaps.duplicates.append((t.name, kept.source, dropped.source))
                byName[t.name] = kept
            } else {
                byName[t.name] = t
            }
        }
        var targets: [FleetTarget] = []
        let today = DateText.parse(date)
        for t in byName.values.sorted(by: { $0.name < $1.name }) {
            if let today, let run = DateText.parse(t.runDate), today.timeIntervalSince(run) > Double(maxAgeDays) * 86_400 {
                gaps.stale.append((t.name, t.runDate, t.source))
            } else {
                targets.append(t)
            }
        }
        if let expected {
            let present = Set(byName.keys)
            gaps.missing = expected.filter { !present.contains($0) }
        }
        var results = FleetResults(date: date, targets: targets, gaps: gaps, expected: expected, items: [], maxAgeDays: maxAgeDays)
        results.items = items(targets, gaps: gaps, info: info, coverage: results.coverage)
        return results
    }

    static func items(_ targets: [FleetTarget], gaps: FleetGaps, info: [String: ItemInfo], coverage: (counted: Int, of: Int)) -> [FleetItem] {
        var ids: [String] = []
        for t in targets { for id in t.itemOrder where !ids.contains(id) { ids.append(id) } }
        let unproven = gaps.missing.map { "\($0) (no packet)" } + gaps.stale.map { "\($0.name) (stale, \($0.runDate))" }
            + gaps.rejected.map { "\(($0.source as NSString).lastPathComponent) (rejected)" }
        return ids.map { id in
            var byStatus: [String: [String]] = [:]
            for t in targets { byStatus[t.items[id]?.status ?? "missing", default: []].append(t.name) }
            let worst = order.first { byStatus[$0] != nil } ?? (byStatus["missing"] != nil ? "error" : "not_applicable")
            let meta = info[id] ?? (id, "", "low", [])
            var parts: [String] = []
            let passing = (byStatus["pass"]?.count ?? 0)
            parts.append("\(passing) of \(targets.count) target(s) pass")
            for s in order where s != "pass" {
                guard let names = byStatus[s] else { continue }
                parts.append("\(s.replacingOccurrences(of: "_", with: " ")) on \(names.joined(separator: ", "))")
            }
            if let names = byStatus["missing"] { parts.append("not graded on \(names.joined(separator: ", "))") }
            var status = worst
            var message = parts.joined(separator: "; ")
            message += "; from \(coverage.counted) of \(coverage.of) expected target(s)"
            if !unproven.isEmpty {
                message += "; not proven on \(unproven.joined(separator: ", "))"
                // A fleet pass must hold on every expected target.
                if ["pass", "waived", "not_applicable"].contains(status) { status = "error" }
            }
            if targets.isEmpty { status = "error" }
            return FleetItem(id: id, title: meta.title, area: meta.area, severity: meta.severity, tsc: meta.tsc, status: status,
                             message: message, byStatus: byStatus)
        }
    }

    /// Expected target names from a file: one name per line (`#` comments), a YAML list, an
    /// Ansible INI inventory (`[group]` sections, `host var=value` lines; `:vars` and
    /// `:children` sections skipped) or an Ansible YAML inventory (`hosts:` mappings at any
    /// depth).
    public static func expectedTargets(_ text: String, file: String) throws(InputError) -> [String] {
        var names: [String] = []
        func add(_ n: String) { if !n.isEmpty && !names.contains(n) { names.append(n) } }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let meaningful = lines.filter { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix(";") && $0 != "---" }
        if meaningful.contains(where: { $0.hasSuffix(":") || $0.hasPrefix("- ") || $0.contains(": ") }) {
            // YAML: a plain list, or an Ansible inventory.
            let doc: ConfigValue
            do { doc = try YAMLReader.document(text) } catch { throw InputError(file: file, line: error.line, message: error.message) }
            switch doc {
            case .list(let l):
                for v in l { if let s = v.stringValue { add(s) } }
            case .dict(let d):
                func walk(_ d: ConfigDict) {
                    for e in d.entries {
                        if e.key == "hosts", let hosts = e.value.dictValue { for h in hosts.entries { add(h.key) } }
                        else if e.key == "hosts", let list = e.value.listValue { for h in list { if let s = h.stringValue { add(s) } } }
                        else if let inner = e.value.dictValue, e.key != "vars" { walk(inner) }
                    }
                }
                walk(d)
            default:
                throw InputError(file: file, message: "expected target list is neither a list of names nor an Ansible inventory")
            }
            return names
        }
        var section = ""
        for line in meaningful {
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            if section.hasSuffix(":vars") || section.hasSuffix(":children") { continue }
            let name = String(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
            if name.contains("=") { continue }
            add(name)
        }
        return names
    }

    /// A folder name for a target inside the fleet packet: letters, digits, `.`, `-`, `_`.
    public static func folderName(_ name: String, taken: Set<String>) -> String {
        var safe = String(name.unicodeScalars.map { s -> Character in
            (s.properties.isAlphabetic && s.isASCII) || ("0"..."9").contains(s) || "._-".unicodeScalars.contains(s) ? Character(s) : "_"
        })
        if safe.isEmpty || safe.hasPrefix(".") { safe = "_" + safe }
        var candidate = safe
        var n = 2
        while taken.contains(candidate) { candidate = "\(safe)-\(n)"; n += 1 }
        return candidate
    }
}
