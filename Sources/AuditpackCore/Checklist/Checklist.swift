import Foundation

public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case critical, high, medium, low

    var rank: Int {
        switch self {
        case .critical: return 4
        case .high: return 3
        case .medium: return 2
        case .low: return 1
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

public enum Status: String, Sendable, Codable, CaseIterable {
    case pass, fail, warn, error, manual
    case notApplicable = "not_applicable"
    /// A finding covered by a live exception in auditpack.yml (approved, with an expiry).
    case waived

    /// Shown in documents, always beside the colour.
    public var label: String {
        switch self {
        case .pass: return "PASS"
        case .fail: return "FAIL"
        case .warn: return "WARN"
        case .error: return "ERROR"
        case .manual: return "OPEN"
        case .notApplicable: return "N/A"
        case .waived: return "WAIVED"
        }
    }
}

/// One item of the checklist model, after `auditpack.yml` overrides are applied.
public struct ChecklistItem: Sendable, Equatable {
    public var id: String
    public var area: String
    public var title: String
    public var tsc: [String]
    public var severity: Severity
    /// Name of the check function, or "manual".
    public var check: String
    public var params: ConfigDict
    public var remediation: String
    public var disabledReason: String?
}

public struct Checklist: Sendable, Equatable {
    public var name: String
    public var areas: [(code: String, name: String)]
    public var items: [ChecklistItem]

    public static func == (a: Checklist, b: Checklist) -> Bool {
        a.name == b.name && a.items == b.items && a.areas.map(\.code) == b.areas.map(\.code)
    }

    public func areaName(_ code: String) -> String {
        areas.first(where: { $0.code == code })?.name ?? code
    }

    /// The built-in SOC 2 logging and monitoring checklist.
    public static func builtIn() throws(InputError) -> Checklist {
        try parse(EmbeddedResources.policies["soc2-logging.yml"] ?? "", file: "policies/soc2-logging.yml (built in)")
    }

    public static func load(path: String) throws(InputError) -> Checklist {
        var isDir: ObjCBool = false
        var file = path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            file = (path as NSString).appendingPathComponent("soc2-logging.yml")
        }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: file, message: "cannot read checklist file")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> Checklist {
        let doc: ConfigValue
        do { doc = try YAMLReader.document(text) } catch { throw InputError(file: file, line: error.line, message: error.message) }
        let r = StrictReader(file: file)
        let top = try r.dict(doc, "", line: 1)
        try r.allowOnly(top, ["version", "name", "areas", "items"], "")
        guard let version = try r.int(top, "version", "") else { throw r.fail("version", nil, "is required (version: 1)") }
        guard version == 1 else { throw r.fail("version", top.line(of: "version"), "unsupported checklist version \(version)") }
        var list = Checklist(name: try r.string(top, "name", "") ?? "Checklist", areas: [], items: [])
        if let a = top["areas"] {
            for e in try r.dict(a, "areas", line: top.line(of: "areas")).entries {
                guard let name = e.value.stringValue else { throw r.fail("areas.\(e.key)", e.line, "must be a string") }
                list.areas.append((e.key, name))
            }
        }
        guard let items = top["items"]?.listValue else { throw r.fail("items", top.line(of: "items"), "must be a list of items") }
        var seen = Set<String>()
        for (index, raw) in items.enumerated() {
            let path = "items[\(index)]"
            let d = try r.dict(raw, path, line: top.line(of: "items"))
            let line = d.entries.first?.line
            try r.allowOnly(d, ["id", "area", "title", "tsc", "severity", "check", "params", "remediation"], path)
            guard let id = try r.string(d, "id", path), !id.isEmpty else { throw r.fail("\(path).id", line, "is required") }
            guard seen.insert(id).inserted else { throw r.fail("\(path).id", d.line(of: "id"), "duplicate item id \(id)") }
            guard let title = try r.string(d, "title", path) else { throw r.fail("\(path).title", line, "is required") }
            guard let sevText = try r.string(d, "severity", path), let sev = Severity(rawValue: sevText) else {
                throw r.fail("\(path).severity", d.line(of: "severity") ?? line, "must be critical, high, medium or low")
            }
            guard let check = try r.string(d, "check", path) else { throw r.fail("\(path).check", line, "is required (a check name or manual)") }
            guard check == "manual" || CheckRegistry.names.contains(check) else {
                throw r.fail("\(path).check", d.line(of: "check"), "unknown check '\(check)' (known: \(CheckRegistry.names.sorted().joined(separator: ", ")), manual)")
            }
            let area = try r.string(d, "area", path) ?? String(id.prefix(while: { $0 != "-" }))
            var params = ConfigDict()
            if let p = d["params"] { params = try r.dict(p, "\(path).params", line: d.line(of: "params")) }
            list.items.append(ChecklistItem(
                id: id, area: area, title: title, tsc: try r.stringList(d, "tsc", path) ?? [], severity: sev,
                check: check, params: params, remediation: try r.string(d, "remediation", path) ?? "", disabledReason: nil))
        }
        return list
    }

    /// Applies `items:` overrides from auditpack.yml. Unknown ids are an input error.
    public func applying(_ config: AuditConfig) throws(InputError) -> Checklist {
        var copy = self
        let ids = Set(items.map(\.id))
        let file = config.file ?? "auditpack.yml"
        for (id, ov) in config.items.sorted(by: { $0.key < $1.key }) {
            if ids.contains(id) {
                if ov.check != nil || ov.title != nil {
                    throw InputError(file: file, line: ov.line, message: "items.\(id): check and title define custom items; \(id) is a checklist item (only disabled, severity and params apply)")
                }
                continue
            }
            // A custom item: an existing check kind with other parameters.
            guard let check = ov.check, let title = ov.title else {
                throw InputError(file: file, line: ov.line, message: "items.\(id): no such checklist item (a custom item needs check and title)")
            }
            guard check == "manual" || CheckRegistry.names.contains(check) else {
                throw InputError(file: file, line: ov.line, message: "items.\(id).check: unknown check '\(check)' (known: \(CheckRegistry.names.sorted().joined(separator: ", ")), manual)")
            }
            // Parameters the check kind takes, with the defaults of the first item using it.
            var params = items.first(where: { $0.check == check })?.params ?? ConfigDict()
            let known = Set(items.filter { $0.check == check }.flatMap(\.params.keys))
            for e in ov.params.entries {
                guard known.contains(e.key) else {
                    throw InputError(file: file, line: e.line, message: "items.\(id).params.\(e.key): check \(check) takes no such parameter (known: \(known.sorted().joined(separator: ", ")))")
                }
                params.set(e.key, e.value, line: e.line)
            }
            let area = String(id.prefix(while: { $0 != "-" }))
            if !copy.areas.contains(where: { $0.code == area }) { copy.areas.append((area, "Custom items")) }
            copy.items.append(ChecklistItem(id: id, area: area, title: title, tsc: ov.tsc ?? [], severity: ov.severity ?? .medium, check: check,
                                            params: params, remediation: ov.remediation ?? "", disabledReason: ov.disabled))
        }
        for i in copy.items.indices where ids.contains(copy.items[i].id) {
            let id = copy.items[i].id
            // The policy's retention period feeds the retention items unless overridden.
            if copy.items[i].params["min_days"] != nil, ["RET-01", "RET-03"].contains(id) {
                copy.items[i].params.set("min_days", .int(config.logRetentionDays), line: 0)
            }
            guard let ov = config.items[id] else { continue }
            if let s = ov.severity { copy.items[i].severity = s }
            copy.items[i].disabledReason = ov.disabled
            for e in ov.params.entries {
                guard copy.items[i].params[e.key] != nil else {
                    let known = copy.items[i].params.keys.joined(separator: ", ")
                    throw InputError(file: config.file ?? "auditpack.yml", line: e.line,
                                     message: "items.\(id).params.\(e.key): unknown parameter (known: \(known.isEmpty ? "none" : known))")
                }
                copy.items[i].params.set(e.key, e.value, line: e.line)
            }
        }
        return copy
    }
}
