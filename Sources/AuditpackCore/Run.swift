import Foundation

/// One run of the pipeline: configuration → discovery → parse → evaluate. The CLI calls
/// this and decides how to show the results; nothing here prints or exits.
public struct Session: Sendable {
    public var config: AuditConfig
    public var checklist: Checklist
    public var facts: Facts
    public var results: RunResults
    /// Where the history database is (it may not exist yet).
    public var historyPath: String
    /// `--evaluate-python`: one line per settings module loaded.
    public var evaluations: [String] = []
}

public struct RunOptions: Sendable {
    public var roots: [String]
    public var configPath: String?
    public var date: String?
    public var environment: [String: String]
    /// Absolute paths the walk must skip (e.g. our own output folder inside a root).
    public var skip: [String]
    /// `--history PATH`; default `.auditpack/history.sqlite` beside the configuration.
    public var historyPath: String?
    /// Show a progress line on stderr when it is a terminal and the walk takes over a second.
    public var showProgress = false
    /// `--evaluate-python`: the Python to import Django settings with (runs project code).
    public var evaluatePython: String?
    /// `--image ROOT`: roots to take as filesystem images (besides `scan.images`).
    public var images: [String] = []
    /// Grade the checklist (`scan` only discovers and parses: no items are evaluated).
    public var grade = true

    public init(roots: [String], configPath: String? = nil, date: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, skip: [String] = [], historyPath: String? = nil) {
        self.historyPath = historyPath
        self.roots = roots
        self.configPath = configPath
        self.date = date
        self.environment = environment
        self.skip = skip
    }
}

public enum Auditpack {
    /// `--config`, else `./auditpack.yml`, else `auditpack.yml` in the first root, else defaults.
    public static func loadConfig(explicit: String?, roots: [String]) throws(InputError) -> AuditConfig {
        let fm = FileManager.default
        if let path = explicit {
            guard fm.fileExists(atPath: path) else { throw InputError(file: path, message: "configuration file not found") }
            return try AuditConfig.load(path: path)
        }
        var candidates = ["auditpack.yml"]
        if let first = roots.first { candidates.append((first as NSString).appendingPathComponent("auditpack.yml")) }
        for c in candidates where fm.fileExists(atPath: c) {
            return try AuditConfig.load(path: c)
        }
        return AuditConfig(baseDirectory: roots.first ?? ".")
    }

    public static func loadChecklist(_ config: AuditConfig) throws(InputError) -> Checklist {
        let base: Checklist
        if let path = config.checklist { base = try Checklist.load(path: config.resolve(path)) } else { base = try Checklist.builtIn() }
        return try base.applying(config)
    }

    /// The configuration and the roots a run with these options scans (each checked to be
    /// a folder). Commands that write ask this first, to check their outputs against the roots.
    public static func plan(_ options: RunOptions) throws(InputError) -> (config: AuditConfig, roots: [String]) {
        let config = try loadConfig(explicit: options.configPath, roots: options.roots)
        var roots = options.roots
        if roots.isEmpty { roots = config.roots.isEmpty ? ["."] : config.roots.map(config.resolve) }
        for r in roots {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: r, isDirectory: &isDir), isDir.boolValue else {
                throw InputError(file: r, message: "scan root does not exist or is not a folder")
            }
        }
        return (config, roots)
    }

    public static func run(_ options: RunOptions) throws(InputError) -> Session {
        let date = try DateText.runDate(explicit: options.date, environment: options.environment)
        let (config, roots) = try plan(options)
        let checklist = try loadChecklist(config)
        var scanConfig = config
        scanConfig.exclude += options.skip.map { Discovery.absolute($0) }
        // A configuration auditpack found by itself (in CI, the audited repository's own
        // file) may name log folders inside the roots, not elsewhere on this machine: a
        // repository must not make auditpack read outside it. Pass --config to trust one.
        var untrustedLogDirs: [NotScanned] = []
        if options.configPath == nil, let file = config.file {
            let realRoots = roots.map { PathResolver.real(Discovery.absolute($0)) }
            let display = (file as NSString).lastPathComponent
            scanConfig.logDirs = config.logDirs.filter { d in
                let real = PathResolver.real(Discovery.absolute(config.resolve(d)))
                let inside = realRoots.contains { real == $0 || PathResolver.isBelow(real, $0) }
                if !inside {
                    untrustedLogDirs.append(NotScanned(path: config.resolve(d), what: "scan.log_dirs of an auditpack.yml found, not given (pass --config to trust it)",
                                                       referencedBy: [SourceRef(path: display, line: nil)]))
                }
                return inside
            }
        }
        scanConfig.images += options.images
        // Attestations live beside the configuration; a broken file is an input error (exit 2).
        let attestations = try AttestationFile.load(path: config.resolve(AttestationFile.fileName))
        var scanner = Scanner(config: scanConfig)
        if options.showProgress { scanner.progress = ProgressMeter.forTerminal("scanning", environment: options.environment) }
        var facts = scanner.scan(roots: roots)
        if !untrustedLogDirs.isEmpty { facts.notScanned = NotScanned.merged(facts.notScanned + untrustedLogDirs) }
        facts.attestations = attestations
        let historyPath = options.historyPath ?? config.resolve(HistoryStore.defaultRelativePath)
        if FileManager.default.fileExists(atPath: historyPath) {
            // Runs up to and including the run date (a review earlier today counts for MAN-03).
            facts.history = try HistoryStore(path: historyPath, create: false, readOnly: true).runs(before: DateText.adding(days: 1, to: date), limit: 520)
        }
        var evaluations: [String] = []
        if let python = options.evaluatePython {
            // Every settings module read, and every module the project names as its
            // DJANGO_SETTINGS_MODULE (manage.py, wsgi.py, asgi.py) even when nothing was read.
            var evaluated = Set<String>()
            for settings in facts.django {
                guard let c = facts.config(settings.file), facts.roots.indices.contains(c.rootIndex) else { continue }
                evaluated.insert("\(c.rootIndex)/\(c.relPath)")
                let report = SettingsEvaluator.evaluate(python: python, root: facts.roots[c.rootIndex].path, relPath: c.relPath,
                                                        staticLogging: settings.logging, environment: options.environment)
                facts.parseIssues += report.issues
                evaluations.append(report.summary)
            }
            for ref in facts.settingsModuleRefs where facts.roots.indices.contains(ref.rootIndex) {
                let root = facts.roots[ref.rootIndex].path
                let base = (ref.file as NSString).deletingLastPathComponent
                let candidates = ["", "src"].flatMap { dir -> [String] in
                    let stem = ([base, dir].filter { !$0.isEmpty } + [ref.module.replacingOccurrences(of: ".", with: "/")]).joined(separator: "/")
                    return [stem + ".py", stem + "/__init__.py"]
                }
                // Through no symbolic link (it could lead out of the root).
                guard let rel = candidates.first(where: { c in
                    Scanner.noSymlink(below: root, to: root + "/" + c) && SafeFile.lstat(root + "/" + c)?.isRegular == true
                }) else {
                    facts.parseIssues.append(ParseIssue(path: ref.file, line: ref.line, message: "--evaluate-python: DJANGO_SETTINGS_MODULE \(ref.module) is not a module under this root; not evaluated"))
                    continue
                }
                guard evaluated.insert("\(ref.rootIndex)/\(rel)").inserted else { continue }
                let report = SettingsEvaluator.evaluate(python: python, root: root, relPath: rel, staticLogging: nil, environment: options.environment)
                facts.parseIssues += report.issues
                evaluations.append(report.summary)
            }
            facts.parseIssues.sort()
        }
        // Quoted scanned text in the results is redacted once, here, before any output.
        let graded = options.grade ? Evaluator.run(checklist: checklist, facts: facts, date: date)
                                   : RunResults(date: date, roots: facts.roots, items: [], parseIssues: facts.parseIssues, checklist: checklist)
        var results = SecretScrubber(facts.secrets).redact(graded)
        if options.grade {
            // An exception for an item the checklist does not have is a typo: an input error.
            for e in config.exceptions where !checklist.items.contains(where: { $0.id == e.item }) {
                throw InputError(file: config.file ?? "auditpack.yml", line: e.line, message: "exceptions: no checklist item \(e.item)")
            }
            Exceptions.apply(config.exceptions, to: &results)
        }
        var session = Session(config: config, checklist: checklist, facts: facts, results: results, historyPath: historyPath)
        session.evaluations = evaluations
        return session
    }
}
