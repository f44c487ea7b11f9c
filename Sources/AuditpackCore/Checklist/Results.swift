import Foundation

/// A citation: where a claim comes from, with a redacted excerpt and the file's hash as scanned.
public struct EvidenceRef: Sendable, Equatable, Hashable, Codable {
    public var path: String
    public var line: Int?
    public var excerpt: String
    public var sha256: String?

    public init(path: String, line: Int?, excerpt: String, sha256: String?) {
        self.path = path
        self.line = line
        self.excerpt = excerpt
        self.sha256 = sha256
    }

    public var location: String { line.map { "\(path):\($0)" } ?? path }
}

/// What a check decided.
public struct Outcome: Sendable, Equatable {
    public var status: Status
    public var message: String
    public var observed: ConfigValue?
    public var evidence: [EvidenceRef]
    /// Further lines for the checklist (e.g. one retention chain per stream).
    public var details: [String]

    public init(_ status: Status, _ message: String, observed: ConfigValue? = nil, evidence: [EvidenceRef] = [], details: [String] = []) {
        self.status = status
        self.message = message
        self.observed = observed
        self.evidence = evidence
        self.details = details
    }
}

public struct ItemResult: Sendable, Equatable {
    public var item: ChecklistItem
    public var outcome: Outcome

    public var id: String { item.id }
    public var status: Status { outcome.status }
}

public struct RunResults: Sendable {
    public var date: String
    public var roots: [ScanRoot]
    public var items: [ItemResult]
    public var parseIssues: [ParseIssue]
    public var checklist: Checklist
    /// Absolute paths configs name outside every scanned root (never read).
    public var notScanned: [NotScanned] = []
    /// Roots taken as filesystem images (given as the user gave them).
    public var imageRoots: [String] = []
    /// What each exception of auditpack.yml did in this run.
    public var exceptions: [ExceptionOutcome] = []
    /// Who and what was scanned (set by the command line: host or --target, scan time, tool,
    /// checklist digest); nil in library use, and then not written.
    public var target: TargetIdentity?

    public func count(_ s: Status) -> Int { items.filter { $0.status == s }.count }

    /// Items that gate CI: failed or errored at or above the threshold.
    public func gating(failOn: Severity?) -> [ItemResult] {
        guard let failOn else { return [] }
        return items.filter { ($0.status == .fail || $0.status == .error) && $0.item.severity >= failOn }
    }
}

/// What a check function sees.
public struct CheckContext: Sendable {
    public var facts: Facts
    public var item: ChecklistItem
    public var date: String

    public func param(_ key: String) -> ConfigValue? { item.params[key] }

    public func intParam(_ key: String, _ fallback: Int) -> Int { item.params[key]?.intValue ?? fallback }

    /// An octal mode parameter such as "0640".
    public func modeParam(_ key: String, _ fallback: UInt32) -> UInt32 {
        guard let v = item.params[key] else { return fallback }
        if let s = v.stringValue, let m = UInt32(s, radix: 8) { return m }
        if case .int(let i) = v, let m = UInt32(String(i), radix: 8) { return m }
        return fallback
    }

    public func durationParam(_ key: String, _ fallback: Double) -> Double {
        guard let v = item.params[key] else { return fallback }
        if let s = v.stringValue { return PrometheusDuration.seconds(s) ?? fallback }
        if let i = v.intValue { return Double(i) }
        return fallback
    }

    /// Evidence for `path:line`, with the line's text (redacted) and the file's hash.
    public func cite(_ path: String, _ line: Int?) -> EvidenceRef {
        let cfg = facts.config(path)
        let excerpt = line.flatMap { cfg?.line($0) }.map { Redactor.redactLine($0, python: Redactor.isPython(path)).trimmingCharacters(in: .whitespaces) } ?? ""
        return EvidenceRef(path: path, line: line, excerpt: String(excerpt.prefix(200)), sha256: cfg?.sha256)
    }

    /// Turns a would-be pass (or "not applicable") into `error` when files this item also
    /// depends on were found but could not be read — unreadable, binary, too large or
    /// refused by their parser: a pass must never rest on unread input. Other statuses keep
    /// their status and name the unread files.
    public func guardPending(_ outcome: Outcome, kinds: [FileKind]) -> Outcome {
        let unread = facts.unreadableFiles(kinds)
        guard !unread.isEmpty else { return outcome }
        let list = unread.prefix(5).joined(separator: ", ") + (unread.count > 5 ? ", …" : "")
        let why = "\(unread.count) file(s) it depends on could not be read (\(list); see parse issues)"
        switch outcome.status {
        case .pass, .notApplicable:
            return Outcome(.error, "not evaluated: \(why); what was read: \(outcome.message)",
                           observed: outcome.observed, evidence: outcome.evidence, details: outcome.details)
        default:
            var o = outcome
            o.details.append("Not read: " + why)
            return o
        }
    }
}

typealias CheckFunction = @Sendable (CheckContext) -> Outcome

/// Check names (as used in `policies/*.yml`) to the functions that decide them.
enum CheckRegistry {
    static let checks: [String: CheckFunction] = LoggingChecks.all
        .merging(RetentionChecks.all) { a, _ in a }
        .merging(AccessChecks.all) { a, _ in a }
        .merging(IntegrityChecks.all) { a, _ in a }
        .merging(MonitoringChecks.all) { a, _ in a }
        .merging(AlertingChecks.all) { a, _ in a }
        .merging(SecretsChecks.all) { a, _ in a }

    static var names: Set<String> { Set(checks.keys) }
}

public enum Evaluator {
    public static func run(checklist: Checklist, facts given: Facts, date: String) -> RunResults {
        // Log streams join handlers, log folders and logrotate blocks: built once for the
        // three retention items that read them.
        var facts = given
        if facts.logStreams == nil { facts.logStreams = LogStream.build(facts, localPath: facts.localPath) }
        // Alert kinds (four items ask) and a path index for citations, once.
        if facts.alertKinds == nil { facts.alertKinds = facts.alertRules.map(AlertClassifier.classify) }
        if facts.configIndex == nil {
            facts.configIndex = Dictionary(facts.configs.enumerated().map { ($0.element.relPath, $0.offset) }, uniquingKeysWith: { a, _ in a })
        }
        let items = checklist.items.map { item -> ItemResult in
            let ctx = CheckContext(facts: facts, item: item, date: date)
            if let reason = item.disabledReason {
                return ItemResult(item: item, outcome: Outcome(.notApplicable, "Disabled in auditpack.yml: \(reason)"))
            }
            if item.check == "manual" {
                return ItemResult(item: item, outcome: ManualChecks.evaluate(ctx))
            }
            guard let check = CheckRegistry.checks[item.check] else {
                return ItemResult(item: item, outcome: Outcome(.error, "no check named \(item.check)"))
            }
            var outcome = check(ctx)
            outcome.evidence = Array(Set(outcome.evidence)).sorted { ($0.path, $0.line ?? 0) < ($1.path, $1.line ?? 0) }
            return ItemResult(item: item, outcome: outcome)
        }
        var results = RunResults(date: date, roots: facts.roots, items: items, parseIssues: facts.parseIssues, checklist: checklist)
        results.notScanned = facts.notScanned
        results.imageRoots = facts.imageRootsGiven
        return results
    }
}

/// The per-host identity a run records in results.json, so a fleet of packets can be merged:
/// the target's name (the host name, or `--target NAME` for a service), the host it ran on,
/// the scan time (UTC, seconds; SOURCE_DATE_EPOCH when set), the tool and the checklist's
/// digest.
public struct TargetIdentity: Sendable, Equatable, Encodable {
    public var name: String
    public var host: String
    public var scanTime: String
    public var tool: String
    public var checklistDigest: String

    public init(name: String, host: String, scanTime: String, tool: String, checklistDigest: String) {
        self.name = name
        self.host = host
        self.scanTime = scanTime
        self.tool = tool
        self.checklistDigest = checklistDigest
    }

    /// The identity of a run on this host now.
    public static func current(name: String?, config: AuditConfig, environment: [String: String]) -> TargetIdentity {
        let host = ProcessInfo.processInfo.hostName
        let time = environment["SOURCE_DATE_EPOCH"].flatMap { Double($0) }.map { Date(timeIntervalSince1970: $0) } ?? Date()
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return TargetIdentity(name: name ?? host, host: host, scanTime: f.string(from: time), tool: "auditpack \(AuditpackVersion.current)",
                              checklistDigest: "sha256:" + PacketWriter.checklistDigest(config))
    }
}
