import Foundation

extension ConfigValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        case .list(let l): try c.encode(l)
        case .dict(let d):
            var m: [String: ConfigValue] = [:]
            for e in d.entries { m[e.key] = e.value }
            try c.encode(m)
        case .unresolved(let s): try c.encode("unresolved: \(s)")
        }
    }
}

/// `results.json` (schemaVersion 1) as DESIGN.md specifies it.
public struct ResultsDocument: Encodable, Sendable {
    public struct Tool: Encodable, Sendable { var name = "auditpack"; var version = AuditpackVersion.current }
    public struct Summary: Encodable, Sendable {
        var pass = 0, fail = 0, warn = 0, error = 0, manual = 0
        var notApplicable = 0
        var waived = 0
        enum CodingKeys: String, CodingKey { case pass, fail, warn, error, manual, notApplicable = "not_applicable", waived }
    }
    public struct Item: Encodable, Sendable {
        var id: String
        var title: String
        var area: String
        var tsc: [String]
        var severity: String
        var status: String
        var message: String
        var observed: ConfigValue?
        var evidence: [EvidenceRef]
        var details: [String]
        var remediation: String

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(title, forKey: .title)
            try c.encode(area, forKey: .area)
            try c.encode(tsc, forKey: .tsc)
            try c.encode(severity, forKey: .severity)
            try c.encode(status, forKey: .status)
            try c.encode(message, forKey: .message)
            try c.encode(observed ?? .null, forKey: .observed)
            try c.encode(evidence, forKey: .evidence)
            try c.encode(details, forKey: .details)
            try c.encode(remediation, forKey: .remediation)
        }
        enum CodingKeys: String, CodingKey { case id, title, area, tsc, severity, status, message, observed, evidence, details, remediation }
    }

    var schemaVersion = 1
    var tool = Tool()
    var date: String
    var roots: [String]
    var summary: Summary
    var items: [Item]
    var parseIssues: [ParseIssue]
    var notScanned: [NotScannedEntry]
    var exceptions: [ExceptionEntry]

    struct ExceptionEntry: Encodable {
        var item, state, expires, approvedBy, approvedOn, reason: String
        var scope: [String]
        var line: Int
    }
    var imageRoots: [String]
    /// Omitted when not set (library use).
    var target: TargetIdentity?

    struct NotScannedEntry: Encodable {
        var path: String
        var what: String
        var referencedBy: [SourceRef]
        var advice = NotScanned.advice
    }

    public init(_ r: RunResults) {
        date = r.date
        roots = r.roots.map(\.given)
        summary = Summary(pass: r.count(.pass), fail: r.count(.fail), warn: r.count(.warn), error: r.count(.error), manual: r.count(.manual),
                          notApplicable: r.count(.notApplicable), waived: r.count(.waived))
        exceptions = r.exceptions.map { ExceptionEntry(item: $0.rule.item, state: $0.state.rawValue, expires: $0.rule.expiresOn,
                                                       approvedBy: $0.rule.approvedBy, approvedOn: $0.rule.approvedOn, reason: $0.rule.reason,
                                                       scope: $0.rule.scope, line: $0.rule.line) }
        items = r.items.map {
            Item(id: $0.id, title: $0.item.title, area: $0.item.area, tsc: $0.item.tsc, severity: $0.item.severity.rawValue, status: $0.status.rawValue,
                 message: $0.outcome.message, observed: $0.outcome.observed, evidence: $0.outcome.evidence, details: $0.outcome.details,
                 remediation: $0.item.remediation)
        }
        parseIssues = r.parseIssues
        notScanned = r.notScanned.map { NotScannedEntry(path: $0.path, what: $0.what, referencedBy: $0.referencedBy) }
        imageRoots = r.imageRoots
        target = r.target
    }

    public func json() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values cannot fail.
        let data = try! enc.encode(self)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
