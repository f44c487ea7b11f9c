import Foundation

/// A configuration file as scanned: its bytes' hash and text, kept for evidence copies.
public struct ScannedConfig: Sendable, Equatable {
    public var rootIndex: Int
    public var relPath: String
    public var absPath: String
    public var kind: FileKind
    public var stat: FileStat
    public var sha256: String
    public var text: String

    /// UTF-8 offsets where each line starts (set by the scanner): citations read a line
    /// without splitting the whole file again.
    var lineStarts: [Int] = []

    public func line(_ n: Int) -> String? {
        guard n >= 1 else { return nil }
        if !lineStarts.isEmpty {
            guard n <= lineStarts.count else { return nil }
            let u = text.utf8
            let start = u.index(u.startIndex, offsetBy: lineStarts[n - 1])
            var end = n < lineStarts.count ? u.index(u.startIndex, offsetBy: lineStarts[n] - 1) : u.endIndex
            if end < start { end = start }
            return String(text[start..<end])
        }
        var i = 1
        for l in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if i == n { return String(l) }
            i += 1
        }
        return nil
    }

    static func lineStarts(_ text: String) -> [Int] {
        var out = [0]
        var offset = 0
        for b in text.utf8 {
            offset += 1
            if b == 0x0A { out.append(offset) }
        }
        return out
    }
}

/// What a Django settings module says about the app, besides LOGGING.
public struct DjangoSettings: Sendable, Equatable {
    public var file: String
    public var installedApps: [String]
    public var installedAppsLine: Int?
    public var middleware: [String]
    public var middlewareLine: Int?
    public var hasLogging: Bool
    public var loggingConfig: ConfigValue?
    /// `LOGGING` as read statically (for `--evaluate-python` to compare).
    public var logging: ConfigValue? = nil
}

/// A secret found in a scanned config. Only its kind, key, location and fingerprint are kept
/// for output; `value` is used to scrub outputs and never printed.
public struct SecretFinding: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var key: String
    public var kind: String
    public var fingerprint: String
    var value: String
}

public struct SensitiveLogFinding: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var what: String
}

public struct HashedLogResult: Sendable, Equatable {
    public var path: String
    public var format: LogIntegrity.Format = .suffixed
    public var lines: Int
    public var bad: Int
    public var firstBadLine: Int?
    public var firstBadReason: String?
    /// Hash-chained only: line 1 does not chain from the genesis value (nor from the file
    /// verified before it), so the chain is checked from line 2 on. Lines removed before
    /// line 1 cannot be detected from this file alone.
    public var anchoredMidChain = false
    /// Hash-chained only: the last line's chain value, to continue into the next file.
    public var lastChainValue: String?
    /// The file ends with a line without a newline that does not verify (a record being
    /// written, or a cut): not counted as tampering, but said.
    public var incompleteLastLine = false
    /// The file's size or inode changed while it was read.
    public var changedWhileReading = false

    public init(path: String, format: LogIntegrity.Format = .suffixed, lines: Int, bad: Int,
                firstBadLine: Int? = nil, firstBadReason: String? = nil) {
        self.path = path
        self.format = format
        self.lines = lines
        self.bad = bad
        self.firstBadLine = firstBadLine
        self.firstBadReason = firstBadReason
    }

    /// One line for terminals and results: `path:line: reason (n bad of m lines)` or `path: OK …`.
    public var summary: String {
        if bad > 0 {
            return "\(path):\(firstBadLine ?? 0): \(firstBadReason ?? "mismatch") (\(bad) bad of \(lines) lines, \(format.rawValue))"
        }
        var notes: [String] = []
        if anchoredMidChain { notes.append("chain continues an earlier file: line 1 taken as anchor") }
        if incompleteLastLine { notes.append("last line has no newline and does not verify: still being written or cut; not counted") }
        if changedWhileReading { notes.append("the file changed while it was read") }
        return "\(path): OK (\(lines) lines, \(format.rawValue)" + notes.map { ", " + $0 }.joined() + ")"
    }
}

/// Everything the scan established, for the checks to decide on.
public struct SettingsModuleRef: Sendable, Equatable {
    public var module: String
    public var file: String
    public var line: Int
    public var rootIndex: Int
}

public struct Facts: Sendable {
    public var roots: [ScanRoot] = []
    public var configs: [ScannedConfig] = []
    public var logging: [LoggingSetup] = []
    public var django: [DjangoSettings] = []
    /// `DJANGO_SETTINGS_MODULE` as the project names it (manage.py, wsgi.py, asgi.py,
    /// pyproject.toml…): the module, the file naming it (root-relative), its line, and the
    /// root it was found under.
    public var settingsModuleRefs: [SettingsModuleRef] = []
    public var logrotate: [LogrotateBlock] = []
    /// Built by the evaluator from the facts above (see `LogStream.build`); nil until then.
    var logStreams: [LogStream]?
    public var syslog: [SyslogFacts] = []
    public var journald: [JournaldSettings] = []
    public var alertRules: [AlertRule] = []
    public var recordingRules = 0
    public var ruleFiles: [String] = []
    /// `rule_files` entries with the file and line naming them.
    public var ruleFileRefs: [PathRef] = []
    /// Absolute logrotate `include` targets that could not be followed.
    public var logrotateIncludes: [PathRef] = []
    /// Absolute paths configs name that lie outside every scanned root (never read).
    public var notScanned: [NotScanned] = []
    /// How absolute paths named in configs were resolved (set by the scan).
    public var resolver: PathResolver?
    public var scrapeJobs: [ScrapeJob] = []
    public var routings: [AlertRouting] = []
    public var grafanaContactPoints: [AlertReceiver] = []
    public var alertConfigFiles: [String] = []
    public var validity: [ConfigValidityError] = []
    public var logDirs: [LogDir] = []
    public var hashedLogs: [HashedLogResult] = []
    public var secrets: [SecretFinding] = []
    public var sensitiveLogging: [SensitiveLogFinding] = []
    public var parseIssues: [ParseIssue] = []
    public var attestations: [Attestation] = []
    /// Earlier recorded runs (newest first), when a history database exists.
    public var history: [HistoryRun] = []
    /// `scan.path_map`: deployed absolute prefix → local absolute folder.
    public var pathMap: [(deployed: String, local: String)] = []
    /// Config files found whose parser is not built yet, by kind.
    /// Files of a known kind that could not be read at all (unreadable, binary, too large,
    /// or refused by their parser): items resting on their kind cannot pass.
    public var unreadable: [FileKind: [String]] = [:]

    public init() {}

    public func config(_ relPath: String) -> ScannedConfig? {
        if let index = configIndex { return index[relPath].map { configs[$0] } }
        return configs.first { $0.relPath == relPath }
    }

    /// relPath → position in `configs` (set by the evaluator).
    var configIndex: [String: Int]?
    /// The kinds of each of `alertRules`, in order (set by the evaluator).
    var alertKinds: [Set<AlertKind>]?

    /// Display path for an absolute path: relative to the root holding it, else absolute.
    public func display(_ absolute: String) -> String {
        for r in roots where absolute.hasPrefix(r.path + "/") {
            return String(absolute.dropFirst(r.path.count + 1))
        }
        return absolute
    }

    /// An absolute path named in a config → the local path it is read from (a root holding
    /// it, an image root, or `scan.path_map`); nil when it lies outside the scanned roots.
    public func localPath(_ deployed: String) -> String? {
        if let resolver { return resolver.resolve(deployed)?.local }
        return Self.localPath(deployed, pathMap: pathMap)
    }

    static func localPath(_ deployed: String, pathMap: [(deployed: String, local: String)]) -> String? {
        mapped(deployed, pathMap: pathMap)?.path
    }

    /// The local path for a deployed one, with the `path_map` entry (longest deployed
    /// prefix) that mapped it.
    static func mapped(_ deployed: String, pathMap: [(deployed: String, local: String)]) -> (path: String, entry: (deployed: String, local: String))? {
        for m in pathMap.sorted(by: { $0.deployed.count > $1.deployed.count }) {
            let prefix = m.deployed.hasSuffix("/") ? String(m.deployed.dropLast()) : m.deployed
            if deployed == prefix || deployed.hasPrefix(prefix + "/") {
                return (m.local + deployed.dropFirst(prefix.count), m)
            }
        }
        return nil
    }

    /// Roots taken as filesystem images, as the user gave them.
    public var imageRootsGiven: [String] {
        guard let resolver else { return [] }
        return zip(roots, resolver.roots).filter { $0.1.isImage }.map(\.0.given)
    }

    public func unreadableFiles(_ kinds: [FileKind]) -> [String] {
        Array(Set(kinds.flatMap { unreadable[$0] ?? [] })).sorted()
    }
}
