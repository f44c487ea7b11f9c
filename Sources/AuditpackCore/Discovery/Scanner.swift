import Crypto
import Foundation

/// Discover → parse → Facts. Files are parsed in parallel (each parser is a pure function of
/// one file's text); results are merged in path order so output never depends on timing.
public struct Scanner: Sendable {
    public var config: AuditConfig
    /// Largest config file read (bigger ones are a parse issue).
    public var maxConfigBytes: Int64 = 8 << 20
    /// A terminal progress line for the walk (nil: quiet).
    public var progress: ProgressMeter?

    /// Where absolute paths named in configs lead (set by `scan` once the roots are known;
    /// without it, as for a single file, a file's own root is taken as an image).
    var resolver: PathResolver?

    public init(config: AuditConfig) { self.config = config }

    var pathMap: [(deployed: String, local: String)] {
        config.pathMap.map { ($0.deployed, config.resolve($0.local)) }
    }

    /// The resolver for a file: the scan's, or one that takes the file's root as an image.
    func resolver(for file: DiscoveredFile) -> PathResolver {
        if let resolver { return resolver }
        let root = String(file.absPath.dropLast(file.relPath.count)).trimmingSuffix("/")
        return PathResolver(roots: [ScanRoot(path: root.isEmpty ? "/" : root, given: root)], declaredImages: [root.isEmpty ? "/" : root], pathMap: pathMap)
    }

    struct Partial: Sendable {
        var config: ScannedConfig?
        var facts = Facts()
        /// logrotate files this one read through `include`, and the ones its includes skip.
        var included: [String] = []
        var skipped: [String] = []
    }

    public func scan(roots: [String]) -> Facts {
        var discovery = Discovery(exclude: config.exclude, logDirs: config.logDirs.map(config.resolve))
        discovery.declaredImages = config.images.map(config.resolve)
        discovery.imageExclude = config.imageExclude
        discovery.progress = progress
        let found = discovery.run(roots: roots)
        progress?.finish()
        var facts = Facts()
        facts.roots = found.roots
        facts.pathMap = pathMap
        facts.parseIssues = found.issues

        let resolver = PathResolver(roots: found.roots, declaredImages: config.images.map(config.resolve), pathMap: pathMap)
        facts.resolver = resolver
        let worker = { var w = self; w.resolver = resolver; return w }()
        let files = found.files.filter { $0.kind != .attestations }
        let partials = UnsafeResults<Partial>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            partials.set(i, worker.parse(files[i]))
        }
        // A logrotate file read through an `include` counts as read there (with the including
        // file's globals), not on its own.
        // Only includes made by a file nobody includes count: two files including each other
        // keep both their own readings rather than lose both.
        // Files in an include cycle that no top-level file reaches: the first by path stands
        // for the cycle, so each block is read once.
        let values = partials.values
        let allIncluded = Set(values.flatMap(\.included))
        let includers = values.filter { !($0.included.isEmpty && $0.skipped.isEmpty) }.sorted { ($0.config?.absPath ?? "") < ($1.config?.absPath ?? "") }
        var included = Set<String>()
        for p in includers where !allIncluded.contains(p.config?.absPath ?? "") { included.formUnion(p.included + p.skipped) }
        for p in includers where !included.contains(p.config?.absPath ?? "") {
            included.formUnion((p.included + p.skipped).filter { $0 != p.config?.absPath })
        }
        for p in values {
            var pf = p.facts
            if let c = p.config {
                facts.configs.append(c)
                if c.kind == .logrotate && included.contains(c.absPath) {
                    pf.logrotate = []
                    pf.parseIssues = []
                }
            }
            merge(pf, into: &facts)
        }

        // Log folders: found by the walk, plus folders handlers write to that resolve into a
        // mapped folder. A path outside every root is listed as not scanned, never listed,
        // stat'ed or opened.
        var dirs = found.logDirs
        var known = Set(dirs.map(\.absPath))
        for (path, _) in handlerPaths(facts) {
            guard let r = resolver.resolve(path), r.via == .pathMap else { continue }
            let dir = (r.local as NSString).deletingLastPathComponent
            guard !known.contains(dir), !facts.roots.contains(where: { dir == $0.path || dir.hasPrefix($0.path + "/") }) else { continue }
            known.insert(dir)
            guard Scanner.noSymlink(below: r.base, to: dir) else { continue }
            if let summary = discovery.summarize(dir: dir, display: dir, onError: { facts.parseIssues.append(ParseIssue(path: dir, line: nil, message: $0)) }) {
                dirs.append(summary)
            }
        }
        facts.notScanned = NotScanned.merged(notScanned(facts, resolver: resolver))
        facts.logDirs = dirs.sorted { $0.displayPath < $1.displayPath }

        // Hashed logs among the active logs of every log folder: the first line of each is
        // read on all cores; the hashed ones are then verified (each split across cores).
        // A hashed line needs at least 71 bytes ("|HASH=" and 64 digits after one character):
        // smaller files are not opened.
        let minimum = Int64(1 + 6 + 64)
        let candidates = facts.logDirs.flatMap { dir in
            zip(dir.activeLogs, dir.activeLogBytes).filter { $0.1 >= minimum }.map(\.0).sorted().map { dir.absPath + "/" + $0 }
        }
        let formats = UnsafeResults<LogIntegrity.Format?>(count: candidates.count)
        DispatchQueue.concurrentPerform(iterations: candidates.count) { i in
            formats.set(i, LogIntegrity.detect(candidates[i]))
        }
        for (abs, format) in zip(candidates, formats.values) {
            if let format { facts.hashedLogs.append(LogIntegrity.verify(path: abs, display: facts.display(abs), format: format)) }
        }

        // One problem found twice (say, by the parser and by a validity rule) is listed once;
        // one message repeated down a file is folded.
        facts.parseIssues = ParseIssue.normalized(facts.parseIssues)
        return facts
    }

    /// Absolute local paths of files that logging handlers write.
    /// Absolute file paths application handlers write to, with the handler's place.
    func handlerPaths(_ facts: Facts) -> [(String, SourceRef)] {
        facts.logging.flatMap { setup in
            setup.handlers.compactMap { h -> (String, SourceRef)? in
                guard case .file(let path, _) = h.destination, let p = path.stringValue, p.hasPrefix("/") else { return nil }
                return (p, SourceRef(path: setup.fileOf(h), line: h.line))
            }
        }
    }

    /// Every absolute path a config names that resolves into no scanned root.
    func notScanned(_ facts: Facts, resolver: PathResolver) -> [NotScanned] {
        var out: [NotScanned] = []
        func check(_ path: String, _ what: String, _ ref: SourceRef) {
            guard path.hasPrefix("/"), resolver.resolve(path) == nil else { return }
            out.append(NotScanned(path: path, what: what, referencedBy: [ref]))
        }
        for (p, ref) in handlerPaths(facts) { check(p, "log file a handler writes", ref) }
        for b in facts.logrotate {
            for p in b.patterns { check(p, "logrotate pattern", SourceRef(path: b.file, line: b.line)) }
        }
        for i in facts.logrotateIncludes { check(i.path, "logrotate include", SourceRef(path: i.file, line: i.line)) }
        for s in facts.syslog {
            for a in s.fileActions where !a.path.hasPrefix("?") { check(a.path, "rsyslog file action", SourceRef(path: s.file, line: a.line)) }
            for i in s.includes { check(i.path, "rsyslog include", SourceRef(path: s.file, line: i.line)) }
        }
        for r in facts.ruleFileRefs { check(r.path, "Prometheus rule_files", SourceRef(path: r.file, line: r.line)) }
        return out
    }

    func parse(_ file: DiscoveredFile) -> Partial {
        var part = Partial()
        let data: Data
        do {
            data = try SafeFile.read(file.absPath, limit: maxConfigBytes)
        } catch {
            part.facts.parseIssues.append(ParseIssue(path: file.relPath, line: nil, message: "file \(SafeFile.describe(error))"))
            part.facts.unreadable[file.kind, default: []].append(file.relPath)
            return part
        }
        return parse(data: data, file: file)
    }

    /// One file's bytes → its facts (pure: what the fuzz tests drive with mutated bytes).
    func parse(data: Data, file: DiscoveredFile) -> Partial {
        var part = Partial()
        let (text, valid) = SafeFile.text(data)
        if !valid {
            part.facts.parseIssues.append(ParseIssue(path: file.relPath, line: nil, message: "file is not valid UTF-8; invalid bytes were replaced before reading"))
        }
        if data.prefix(8192).contains(0) {
            part.facts.parseIssues.append(ParseIssue(path: file.relPath, line: nil, message: "file holds binary data (NUL bytes); not read as \(file.kind.rawValue)"))
            part.facts.unreadable[file.kind, default: []].append(file.relPath)
            return part
        }
        let sha = Hex.encode(SHA256.hash(data: data))
        var scanned = ScannedConfig(rootIndex: file.rootIndex, relPath: file.relPath, absPath: file.absPath, kind: file.kind,
                                    stat: file.stat, sha256: sha, text: text)
        scanned.lineStarts = ScannedConfig.lineStarts(text)
        var f = Facts()
        let path = file.relPath
        switch file.kind {
        case .djangoSettings:
            let limit = maxConfigBytes
            let out = DjangoSettingsParser.parse(text, file: path, absPath: file.absPath) { other in
                (try? SafeFile.read(other, limit: limit)).map { SafeFile.text($0).0 }
            }
            f.django.append(out.settings)
            f.logging += out.loggings
            f.parseIssues += out.issues
            f.sensitiveLogging += SensitiveLoggingScanner.scan(text, file: path)
        case .pythonSource:
            f.sensitiveLogging += SensitiveLoggingScanner.scan(text, file: path)
            f.settingsModuleRefs += Self.settingsModuleRefs(text, file: path, rootIndex: file.rootIndex)
            part.facts = f
            return part  // application code: not a config, no evidence copy unless cited
        case .pythonLoggingDict:
            do {
                let doc = try YAMLReader.document(text)
                if let d = doc.dictValue {
                    let (setup, issues) = DictConfigReader.read(d, file: path, line: 1, origin: "dictConfig")
                    f.logging.append(setup)
                    f.parseIssues += issues
                }
            } catch {
                f.parseIssues.append(ParseIssue(path: path, line: error.line, message: error.message))
            }
        case .logrotate:
            let resolver = resolver(for: file)
            let out = LogrotateParser.parse(text, file: path, mapPath: { resolver.resolve($0, from: file.rootIndex)?.local },
                                            include: includeResolver(for: file), selfPath: file.absPath)
            f.logrotate += out.blocks
            f.logrotateIncludes += out.includes
            f.parseIssues += out.issues
            part.included = out.included
            part.skipped = out.skippedPaths
        case .prometheusRules:
            let out = PrometheusRulesParser.parse(text, file: path)
            f.alertRules += out.rules
            f.recordingRules += out.recordingRules
            f.validity += out.validity
            f.parseIssues += out.issues
            f.alertConfigFiles.append(path)
        case .prometheusConfig:
            let out = PrometheusConfigParser.parse(text, file: path)
            f.scrapeJobs += out.jobs
            f.ruleFiles += out.ruleFiles
            f.ruleFileRefs += out.ruleFiles.map { PathRef(path: $0, file: path, line: out.ruleFilesLine ?? 1) }
            f.parseIssues += out.issues
        case .alertmanager:
            let out = AlertmanagerParser.parse(text, file: path)
            if let r = out.routing { f.routings.append(r) }
            f.validity += out.validity
            f.parseIssues += out.issues
            f.alertConfigFiles.append(path)
        case .grafanaAlerting:
            let out = GrafanaAlertingParser.parse(text, file: path)
            f.alertRules += out.rules
            f.grafanaContactPoints += out.contactPoints
            if let p = out.policy {
                f.routings.append(AlertRouting(file: path, source: .grafana, root: p, receivers: []))
            }
            f.validity += out.validity
            f.parseIssues += out.issues
            f.alertConfigFiles.append(path)
        case .alertmanagerTemplate:
            break
        case .rsyslog:
            let (s, issues) = RsyslogParser.parse(text, file: path)
            f.syslog.append(s)
            f.parseIssues += issues
        case .journald:
            let (j, issues) = JournaldParser.parse(text, file: path)
            f.journald.append(j)
            f.parseIssues += issues
        case .logback, .log4j2, .log4jProperties, .pythonLoggingINI:
            let limit = maxConfigBytes
            let rootAbs = file.absPath.hasSuffix("/" + path) ? String(file.absPath.dropLast(path.count + 1)) : PyPath.dirname(file.absPath)
            let includes = JavaIncludes(configAbs: file.absPath, rootAbs: rootAbs) { other in
                (try? SafeFile.read(other, limit: limit)).map { SafeFile.text($0).0 }
            }
            if file.kind == .logback {
                let (setups, issues) = JavaLoggingParser.parseLogbackVariants(text, file: path, includes: includes)
                f.logging += setups
                f.parseIssues += issues
            } else {
                let (setup, issues) = Self.parseAppLogging(file.kind, text: text, path: path, includes: includes)
                if let setup { f.logging.append(setup) }
                f.parseIssues += issues
            }
        case .javaLoggingProperties:
            let (setup, issues) = JULParser.parse(text, file: path)
            if let setup { f.logging.append(setup) }
            f.parseIssues += issues
        case .log4rs:
            let (setup, issues) = Log4rsParser.parse(text, file: path)
            if let setup { f.logging.append(setup) }
            f.parseIssues += issues
        case .attestations:
            break
        case .logbackGroovy:
            // logback 1.2 runs this file as a Groovy program (1.3 dropped it): what it sets up
            // is known only by running it.
            f.parseIssues.append(ParseIssue(path: path, line: nil, message: "logback Groovy configuration is a program; recognised and not read: its appenders, files and retention are unknown"))
        }
        // A logging config its parser could not read at all leaves its kind's items unproven.
        if FileKind.appLogging.contains(file.kind) && file.kind != .djangoSettings && f.logging.isEmpty {
            f.unreadable[file.kind, default: []].append(path)
        }
        f.secrets += Redactor.secrets(in: text, file: path)
        // Validity problems are parse issues too, so they reach the review record.
        f.parseIssues += f.validity.map { ParseIssue(path: $0.file, line: $0.line, message: $0.message) }
        part.config = scanned
        part.facts = f
        return part
    }

    /// Where a logrotate `include` leads, for a file found under its root: through
    /// `scan.path_map` first; else an absolute path is looked up under the root (the root
    /// taken as a filesystem image or config repository: `include /etc/logrotate.d` in
    /// `ROOT/etc/logrotate.conf` reads `ROOT/etc/logrotate.d`), and a relative one beside
    /// the including file. Nothing outside the root is read unless path_map says so; no
    /// symlink is followed.
    func includeResolver(for file: DiscoveredFile) -> LogrotateParser.IncludeResolver {
        let root = String(file.absPath.dropLast(file.relPath.count)).trimmingSuffix("/")
        let limit = maxConfigBytes
        let resolver = resolver(for: file)
        return { target, from in
            // The folder the result must stay inside, and the path below it.
            let base: String, local: String
            if target.hasPrefix("/") {
                guard let r = resolver.resolve(target, from: file.rootIndex) else { return nil }
                base = Scanner.normalize(r.base)
                local = r.local
            } else {
                let dir = (from as NSString).deletingLastPathComponent
                base = root
                local = Scanner.normalize(from.hasPrefix("/") ? dir + "/" + target : root + "/" + (dir.isEmpty ? "" : dir + "/") + target)
            }
            guard local == base || local.hasPrefix(base + "/"), Scanner.noSymlink(below: base, to: local) else { return nil }
            let display: (String) -> String = { abs in abs.hasPrefix(root + "/") ? String(abs.dropFirst(root.count + 1)) : abs }
            guard let info = SafeFile.lstat(local) else { return nil }
            func entry(_ abs: String, fromFolder: Bool) -> LogrotateParser.IncludedFile {
                let text = (try? SafeFile.read(abs, limit: limit)).map { SafeFile.text($0).0 }
                return .init(name: (abs as NSString).lastPathComponent, display: display(abs), absPath: abs, text: text, fromFolder: fromFolder)
            }
            if info.isRegular { return [entry(local, fromFolder: false)] }
            guard info.isDir, let names = try? FileManager.default.contentsOfDirectory(atPath: local) else { return nil }
            return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.compactMap { name in
                let abs = local + "/" + name
                return SafeFile.lstat(abs)?.isRegular == true ? entry(abs, fromFolder: true) : nil
            }
        }
    }

    /// `.` and `..` removed lexically, symlinks left alone (`standardizingPath` may resolve them).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for c in path.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether no component from `base` (exclusive) down to `path` is a symlink.
    static func noSymlink(below base: String, to path: String) -> Bool {
        guard path != base else { return SafeFile.lstat(path)?.isLink != true }
        var current = base
        for c in path.dropFirst(base.count).split(separator: "/") {
            current += "/" + c
            guard let info = SafeFile.lstat(current) else { return true }  // missing: resolved as "nothing there"
            if info.isLink { return false }
        }
        return true
    }

    /// `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")` and the like in
    /// manage.py, wsgi.py, asgi.py: the settings module the project runs with.
    static func settingsModuleRefs(_ text: String, file: String, rootIndex: Int) -> [SettingsModuleRef] {
        guard text.contains("DJANGO_SETTINGS_MODULE") else { return [] }
        var out: [SettingsModuleRef] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains("DJANGO_SETTINGS_MODULE") {
            // The first quoted dotted name after the variable's name.
            guard let at = line.range(of: "DJANGO_SETTINGS_MODULE") else { continue }
            let rest = line[at.upperBound...]
            let quotes: Set<Character> = ["\"", "'"]
            guard let open = rest.firstIndex(where: { quotes.contains($0) }) else { continue }
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(where: { quotes.contains($0) }) else { continue }
            let module = String(after[..<close])
            guard !module.isEmpty, module.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { continue }
            out.append(SettingsModuleRef(module: module, file: file, line: n + 1, rootIndex: rootIndex))
        }
        return out
    }

    /// Java logging and Python fileConfig, by kind and (for log4j2) syntax.
    static func parseAppLogging(_ kind: FileKind, text: String, path: String, includes: JavaIncludes? = nil) -> (LoggingSetup?, [ParseIssue]) {
        let ext = FileClassifier.lowerExtension(path.lowercased())
        switch kind {
        case .logback: return JavaLoggingParser.parseLogback(text, file: path, includes: includes)
        case .log4jProperties: return JavaLoggingParser.parseLog4jProperties(text, file: path)
        case .pythonLoggingINI: return FileConfigParser.parse(text, file: path)
        default:
            switch ext {
            case "properties": return JavaLoggingParser.parseLog4j2Properties(text, file: path)
            case "yaml", "yml", "json": return JavaLoggingParser.parseLog4j2YAML(text, file: path)
            default: return JavaLoggingParser.parseLog4j2XML(text, file: path)
            }
        }
    }

    func merge(_ p: Facts, into f: inout Facts) {
        f.logging += p.logging
        f.django += p.django
        f.settingsModuleRefs += p.settingsModuleRefs
        f.logrotate += p.logrotate
        f.syslog += p.syslog
        f.journald += p.journald
        f.alertRules += p.alertRules
        f.recordingRules += p.recordingRules
        f.ruleFiles += p.ruleFiles
        f.ruleFileRefs += p.ruleFileRefs
        f.logrotateIncludes += p.logrotateIncludes
        f.scrapeJobs += p.scrapeJobs
        f.routings += p.routings
        f.grafanaContactPoints += p.grafanaContactPoints
        f.alertConfigFiles += p.alertConfigFiles
        f.validity += p.validity
        f.secrets += p.secrets
        f.sensitiveLogging += p.sensitiveLogging
        f.parseIssues += p.parseIssues
        for (k, v) in p.unreadable { f.unreadable[k, default: []] += v }
    }
}

/// Fixed-size slots written once each from `concurrentPerform` iterations.
/// @unchecked Sendable: every index is written by exactly one iteration, under a lock, and
/// read only after `concurrentPerform` returns.
final class UnsafeResults<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    var values: [T] { slots.compactMap { $0 } }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) && count > suffix.count ? String(dropLast(suffix.count)) : self }
}
