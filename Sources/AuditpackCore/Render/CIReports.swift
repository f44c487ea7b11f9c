import Crypto
import Foundation

/// XML text and attribute escaping; characters XML 1.0 forbids are replaced by U+FFFD.
enum XMLEscape {
    static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                let v = u.value
                let allowed = (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
                out.unicodeScalars.append(allowed ? u : "\u{FFFD}")
            }
        }
        return out
    }
}

/// JUnit XML as GitLab, Jenkins and GitHub test reporters read it: one testsuite per area,
/// one testcase per item (classname = area, name = id + title); fail → failure, error →
/// error, not_applicable/manual → skipped; warn passes with the warning in system-out.
public enum JUnitReport {
    public static func render(_ r: RunResults) -> String {
        func count(_ items: [ItemResult], _ s: Status...) -> Int { items.filter { s.contains($0.status) }.count }
        let all = r.items
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"auditpack\" tests=\"\(all.count)\" failures=\"\(count(all, .fail))\" errors=\"\(count(all, .error))\" skipped=\"\(count(all, .manual, .notApplicable, .waived))\" time=\"0\">\n"
        for (code, name) in r.checklist.areas {
            let items = all.filter { $0.item.area == code }
            guard !items.isEmpty else { continue }
            out += "  <testsuite name=\"\(XMLEscape.text(name))\" tests=\"\(items.count)\" failures=\"\(count(items, .fail))\" errors=\"\(count(items, .error))\" skipped=\"\(count(items, .manual, .notApplicable, .waived))\" time=\"0\" timestamp=\"\(r.date)T00:00:00\">\n"
            for i in items {
                let msg = XMLEscape.text(i.outcome.message)
                let body = XMLEscape.text(detail(i))
                out += "    <testcase classname=\"\(XMLEscape.text(code))\" name=\"\(XMLEscape.text(i.id + " " + i.item.title))\" time=\"0\""
                switch i.status {
                case .pass:
                    out += "/>\n"
                case .warn:
                    out += ">\n      <system-out>WARN: \(body)</system-out>\n    </testcase>\n"
                case .fail:
                    out += ">\n      <failure message=\"\(msg)\" type=\"\(i.item.severity.rawValue)\">\(body)</failure>\n    </testcase>\n"
                case .error:
                    out += ">\n      <error message=\"\(msg)\" type=\"error\">\(body)</error>\n    </testcase>\n"
                case .manual, .notApplicable, .waived:
                    out += ">\n      <skipped message=\"\(msg)\"/>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    static func detail(_ i: ItemResult) -> String {
        var lines = [i.outcome.message, "Severity: \(i.item.severity.rawValue); TSC: \(i.item.tsc.joined(separator: ", "))"]
        lines += i.outcome.evidence.map { "Evidence: \($0.location)" + ($0.excerpt.isEmpty ? "" : " — \($0.excerpt)") }
        lines += i.outcome.details
        if i.status != .pass { lines.append("Fix: \(i.item.remediation)") }
        return lines.joined(separator: "\n")
    }
}

/// Deterministic RFC 4122 version-5-style UUIDs from a name (reproducible outputs).
enum StableUUID {
    static func make(_ name: String) -> String {
        var bytes = Array(SHA256.hash(data: Data(("auditpack:" + name).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.encode(bytes)
        let i = hex.startIndex
        func part(_ a: Int, _ b: Int) -> Substring { hex[hex.index(i, offsetBy: a)..<hex.index(i, offsetBy: b)] }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }
}

/// JSON value builder with sorted keys, for SARIF and OSCAL (Foundation's JSONSerialization
/// with .sortedKeys; values are plain dictionaries, arrays, strings, numbers, booleans).
enum JSONOut {
    static func render(_ object: Any) -> String {
        // Only JSON-representable values are built here, so serialisation cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// SARIF 2.1.0: one rule per checklist item (help = remediation, properties = TSC ids), one
/// result per failing/warning/erroring item with physical locations relative to the
/// scanned root (uriBaseId SRCROOT), so code-scanning UIs annotate the config line.
public enum SARIFReport {
    static func level(_ r: ItemResult) -> String {
        switch r.status {
        case .fail, .error: return r.item.severity >= .high ? "error" : "warning"
        case .warn: return "warning"
        default: return "note"
        }
    }

    static func securitySeverity(_ s: Severity) -> String {
        switch s {
        case .critical: return "9.5"
        case .high: return "7.5"
        case .medium: return "5.0"
        case .low: return "2.0"
        }
    }

    public static func render(_ r: RunResults) -> String {
        var rules: [[String: Any]] = []
        for i in r.items {
            rules.append([
                "id": i.id,
                "name": i.item.title.components(separatedBy: CharacterSet.alphanumerics.inverted).filter { !$0.isEmpty }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
                "shortDescription": ["text": i.item.title],
                "fullDescription": ["text": "\(i.item.title) (SOC 2 \(i.item.tsc.joined(separator: ", ")))"],
                "help": ["text": i.item.remediation, "markdown": Escape.markdown(i.item.remediation)],
                "defaultConfiguration": ["level": i.item.severity >= .high ? "error" : "warning"],
                "properties": ["tsc": i.item.tsc, "tags": ["soc2", "security"] + i.item.tsc, "security-severity": securitySeverity(i.item.severity),
                               "severity": i.item.severity.rawValue],
            ])
        }
        var results: [[String: Any]] = []
        for (index, i) in r.items.enumerated() where [.fail, .warn, .error, .waived].contains(i.status) {
            var locations: [[String: Any]] = []
            for e in i.outcome.evidence where !e.path.hasPrefix("/") {
                var physical: [String: Any] = ["artifactLocation": ["uri": Escape.href(e.path), "uriBaseId": "SRCROOT"]]
                if let line = e.line { physical["region"] = ["startLine": line] }
                locations.append(["physicalLocation": physical])
            }
            var result: [String: Any] = [
                "ruleId": i.id, "ruleIndex": index, "level": level(i),
                "message": ["text": "\(i.status.label): \(i.outcome.message)"],
                "partialFingerprints": ["auditpackItem/v1": i.id + ":" + (i.outcome.evidence.first?.location ?? "")],
                "properties": ["status": i.status.rawValue],
            ]
            if !locations.isEmpty { result["locations"] = Array(locations.prefix(10)) }
            // A waived finding is reported as suppressed, with the exception's justification.
            if i.status == .waived {
                result["suppressions"] = [["kind": "external", "status": "accepted", "justification": i.outcome.message]]
            }
            results.append(result)
        }
        let sarif: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": ["name": "auditpack", "version": AuditpackVersion.current, "semanticVersion": AuditpackVersion.current,
                                    "informationUri": "https://github.com/auditpack/auditpack", "rules": rules]],
                "automationDetails": ["id": "auditpack/\(r.date)"],
                "columnKind": "unicodeCodePoints",
                "results": results,
            ]],
        ]
        return JSONOut.render(sarif)
    }
}

/// OSCAL assessment-results (1.1.2, JSON): one observation per graded item with its
/// evidence links, one finding per item and TSC criterion, the criterion as target.
public enum OSCALReport {
    /// The assessment-results document around one result: metadata, the organisation as the
    /// one party, the assessment plan it imports.
    static func document(id: String, title: String, stamp: String, organization: String, result: [String: Any]) -> [String: Any] {
        [
            "assessment-results": [
                "uuid": StableUUID.make(id),
                "metadata": ["title": title, "last-modified": stamp, "version": AuditpackVersion.current, "oscal-version": "1.1.2",
                             "parties": [["uuid": StableUUID.make("party/\(organization)"), "type": "organization", "name": organization]]],
                "import-ap": ["href": "#auditpack-assessment-plan"],
                "results": [result],
            ] as [String: Any],
        ]
    }

    public static func render(_ r: RunResults, organization: String, system: String) -> String {
        let stamp = "\(r.date)T00:00:00+00:00"
        var observations: [[String: Any]] = []
        var findings: [[String: Any]] = []
        for i in r.items {
            let obsID = StableUUID.make("obs/\(r.date)/\(i.id)")
            var obs: [String: Any] = [
                "uuid": obsID, "title": "\(i.id) \(i.item.title)", "description": i.outcome.message,
                "methods": [i.item.check == "manual" ? "INTERVIEW" : "TEST"], "collected": stamp,
                "props": [["name": "status", "ns": "https://auditpack.dev/ns", "value": i.status.rawValue]],
            ]
            let evidence = i.outcome.evidence.map { e -> [String: Any] in
                ["href": "evidence/" + Escape.href(e.path) + (e.line.map { "#L\($0)" } ?? ""), "description": e.location + (e.excerpt.isEmpty ? "" : ": \(e.excerpt)")]
            }
            if !evidence.isEmpty { obs["relevant-evidence"] = evidence }
            observations.append(obs)
            let state: String
            switch i.status {
            case .pass: state = "satisfied"
            case .fail, .warn, .error: state = "not-satisfied"
            case .waived: state = "not-satisfied"   // an accepted risk: still not satisfied, marked as such below
            case .manual, .notApplicable: continue
            }
            for c in i.item.tsc {
                findings.append([
                    "uuid": StableUUID.make("finding/\(r.date)/\(i.id)/\(c)"),
                    "title": "\(i.id) — \(c)",
                    "description": "\(i.item.title): \(i.outcome.message)",
                    "target": ["type": "objective-id", "target-id": c.lowercased(), "status": ["state": state],
                               "props": [["name": "tsc-criterion", "ns": "https://auditpack.dev/ns", "value": c]]
                                   + (i.status == .waived ? [["name": "accepted-risk", "ns": "https://auditpack.dev/ns", "value": "true"]] : [])],
                    "related-observations": [["observation-uuid": obsID]],
                ])
            }
        }
        let result: [String: Any] = [
            "uuid": StableUUID.make("result/\(r.date)/\(system)"), "title": "auditpack run \(r.date)",
            "description": "Automated and attested checks of \(system) against \(r.checklist.name).", "start": stamp, "end": stamp,
            "reviewed-controls": ["control-selections": [["include-all": [String: Any]()]]],
        ].merging(observations.isEmpty ? [:] : ["observations": observations]) { a, _ in a }
         .merging(findings.isEmpty ? [:] : ["findings": findings]) { a, _ in a }
        let doc = document(id: "ar/\(r.date)/\(organization)/\(system)", title: "SOC 2 logging and monitoring assessment — \(system)",
                           stamp: stamp, organization: organization, result: result)
        return JSONOut.render(doc)
    }
}
