import Foundation
import Testing
@testable import AuditpackCore

/// Python's own `logging.config` (dictConfig for YAML/JSON, fileConfig via configparser for
/// INI) builds the handlers and loggers; our static reading must agree on every handler's
/// class, level, file, rotation and syslog target, and every configured logger's level,
/// propagation and handlers. Fixtures: hand-written ones covering every standard handler,
/// the example, and the corpus files Python itself can load.
@Suite("Python logging.config reads configs as we do",
       .enabled(if: Peers.python != nil && Peers.pyyaml, "python3 with PyYAML not installed; Python logging conformance not checked"))
struct PythonLoggingConformanceTests {
    static var fixtures: [(path: String, mode: String)] {
        var out: [(String, String)] = []
        let local = Paths.package + "/Tests/Fixtures/python-logging"
        let corpus = Peers.corpusFiles("python_logging")
        for path in (((try? FileManager.default.contentsOfDirectory(atPath: local)) ?? []).sorted().map { local + "/" + $0 }) + corpus {
            let ext = (path as NSString).pathExtension.lowercased()
            if ["yaml", "yml", "json"].contains(ext) { out.append((path, "dict")) }
            if ["ini", "conf", "cfg"].contains(ext) { out.append((path, "file")) }
        }
        return out
    }

    /// Python's view, or nil (with the reason) when Python refuses the config.
    static func python(_ path: String, mode: String, cwd: String) throws -> ([String: Any]?, String) {
        let r = try run(Peers.python!, [Paths.package + "/scripts/python_logging_dump.py", mode, path], cwd: cwd)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        if r.status != 0 { return (nil, json?["error"] as? String ?? r.stderr) }
        return (json, "")
    }

    static func ours(_ path: String, mode: String) throws -> LoggingSetup? {
        let kind: FileKind = mode == "dict" ? .pythonLoggingDict : .pythonLoggingINI
        let name = (path as NSString).lastPathComponent
        let file = DiscoveredFile(rootIndex: 0, relPath: name, absPath: path, kind: kind, stat: FileStat(mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return Scanner(config: AuditConfig(baseDirectory: "/")).parse(data: data, file: file).facts.logging.first
    }

    static func short(_ cls: String?) -> String { (cls ?? "").split(separator: ".").last.map(String.init) ?? "" }

    @Test("handlers and loggers agree with logging.config on every fixture Python loads")
    func agree() throws {
        let cwd = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-pylog-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: cwd) }
        var compared = 0, handlersCompared = 0
        var refused: [String] = []
        for (path, mode) in Self.fixtures {
            let name = (path as NSString).lastPathComponent
            let (theirs, why) = try Self.python(path, mode: mode, cwd: cwd)
            guard let theirs else { refused.append("\(name): \(why.prefix(80))"); continue }
            let ours = try #require(try Self.ours(path, mode: mode), "\(name): Python loads it, we read no logging setup")
            compared += 1
            let th = theirs["handlers"] as? [String: [String: Any]] ?? [:]
            // A handler no logger uses is dropped by Python (only weak references remain), and
            // receives no records: compare the handlers some logger holds.
            let attached = Set(ours.loggers.flatMap(\.handlers))
            let used = ours.handlers.filter { attached.contains($0.name) }
            #expect(Set(used.map(\.name)) == Set(th.keys), "\(name): handlers \(used.map(\.name).sorted()) vs Python \(th.keys.sorted())")
            for h in used {
                guard let t = th[h.name] else { continue }
                handlersCompared += 1
                let where_ = "\(name): handler \(h.name)"
                #expect(Self.short(h.className) == Self.short(t["class"] as? String), "\(where_): class \(h.className ?? "nil") vs \(t["class"] ?? "")")
                #expect(h.levelValue == t["level"] as? Int, "\(where_): level \(h.levelValue) vs \(t["level"] ?? "")")
                switch h.destination {
                case .file(let p, let rotation):
                    let ourPath = p.stringValue.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 }
                    #expect(ourPath.map { ($0 as NSString).standardizingPath } == (t["filename"] as? String).map { ($0 as NSString).standardizingPath },
                            "\(where_): file \(ourPath ?? "unresolved") vs \(t["filename"] ?? "none")")
                    switch rotation {
                    case .size(let maxBytes, let backups):
                        #expect((maxBytes ?? 0) == t["maxBytes"] as? Int && (backups ?? 0) == t["backupCount"] as? Int,
                                "\(where_): size rotation \(String(describing: maxBytes))/\(String(describing: backups)) vs \(t["maxBytes"] ?? "")/\(t["backupCount"] ?? "")")
                    case .timed(let when, let interval, let backups):
                        #expect(when.uppercased() == (t["when"] as? String) && interval == t["interval"] as? Int && backups == t["backupCount"] as? Int,
                                "\(where_): timed \(when)/\(interval)/\(backups) vs \(t["when"] ?? "")/\(t["interval"] ?? "")/\(t["backupCount"] ?? "")")
                    case .none, .watched:
                        // RotatingFileHandler with maxBytes 0 never rolls over.
                        #expect(((t["maxBytes"] as? Int) ?? 0) == 0 && t["when"] == nil, "\(where_): Python rotates, we do not")
                    case .history:
                        Issue.record("\(where_): a Python handler read as a Java rolling policy")
                    }
                case .syslog(let address, _, let transport):
                    #expect(address == t["address"] as? String, "\(where_): syslog \(address) vs \(t["address"] ?? "")")
                    if let tcp = t["tcp"] as? Bool, !address.hasPrefix("/") { #expect((transport == "TCP") == tcp, "\(where_): transport \(transport)") }
                case .remote(_, _, let tls):
                    if let secure = t["secure"] as? Bool { #expect(tls == secure, "\(where_): TLS \(String(describing: tls)) vs secure=\(secure)") }
                default:
                    #expect(t["filename"] == nil, "\(where_): Python writes \(t["filename"] ?? "") but we read no file")
                }
            }
            let tl = theirs["loggers"] as? [String: [String: Any]] ?? [:]
            for l in ours.loggers {
                guard let t = tl[l.name] else { Issue.record("\(name): logger \(l.name) not configured by Python"); continue }
                let ourLevel = LogLevel.value(l.level) ?? (l.name == "root" ? 30 : 0)
                #expect(ourLevel == t["level"] as? Int, "\(name): logger \(l.name) level \(ourLevel) vs \(t["level"] ?? "")")
                #expect(Set(l.handlers) == Set(t["handlers"] as? [String] ?? []), "\(name): logger \(l.name) handlers \(l.handlers) vs \(t["handlers"] ?? "")")
                if l.name != "root" { #expect(l.propagate == t["propagate"] as? Bool, "\(name): logger \(l.name) propagate") }
            }
        }
        print("Python logging conformance: \(compared) configs, \(handlersCompared) handlers compared; Python refused \(refused.count): \(refused)")
        // The three hand-written fixtures always load (20 handlers); the corpus, when present
        // beside the repository, adds at least three more.
        let corpus = FileManager.default.fileExists(atPath: Paths.corpus)
        #expect(compared >= (corpus ? 6 : 3), "too few configs Python could load to compare (\(compared))")
        #expect(handlersCompared >= (corpus ? 25 : 20))
    }
}

/// `configparser.ConfigParser()` (what fileConfig uses) on INI texts: the same sections,
/// options and raw values as our INI reader, and where Python refuses a file (duplicate
/// section or option, text before the first section, a line that is not `key = value`) we
/// report a parse issue.
@Suite("configparser reads INI as we do", .enabled(if: Peers.python != nil, "python3 not installed; configparser conformance not checked"))
struct ConfigParserConformanceTests {
    static let tricky: [String] = [
        "[a]\nk = v\nK2: w\n  continued\n\n  after blank\n; comment\n# comment\nempty =\n[b]\nx=%(k)s\n",
        "[DEFAULT]\nbase = /var/log\n[handler_f]\nargs = ('%(base)s/a.log', 'a')\n",
        "[a]\nk = v ; not a comment in Python 3\nk2 = v # neither\n  [not a section]\n",
        "[a]\nk = 1\nk = 2\n",
        "[a]\nk = 1\n[a]\nj = 2\n",
        "orphan = 1\n[a]\nk = 1\n",
        "[a]\njust text\n",
        "[a]\n= no key\n",
        "[ spaced ]\nk=v\n[a]\n\tindented = yes\n",
        "[a]\nk = first\n    second line\n\tthird line\n",
        "[a]\nUPPER = Case\nlower = case\n",
    ]

    static let script = """
    import configparser, json, sys
    cp = configparser.ConfigParser()
    try:
        cp.read_string(open(sys.argv[1], encoding="utf-8").read())
    except configparser.Error as e:
        print(json.dumps({"error": type(e).__name__})); sys.exit(0)
    out = {"DEFAULT": dict(cp.defaults())}
    for s in cp.sections():
        out[s] = {k: cp.get(s, k, raw=True) for k in cp.options(s) if k not in cp.defaults() or k in cp._sections[s]}
    print(json.dumps(out))
    """

    @Test("sections, options and raw values agree; Python's refusals are our parse issues")
    func agree() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-ini-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var inputs: [(String, String)] = Self.tricky.enumerated().map { ("tricky-\($0.offset).ini", $0.element) }
        for path in Peers.corpusFiles("python_logging") + [Paths.package + "/Tests/Fixtures/python-logging/handlers.ini"]
        where ["ini", "conf", "cfg", "sample", "ini_tmpl", "mako"].contains((path as NSString).pathExtension.lowercased()) {
            inputs.append(((path as NSString).lastPathComponent, try String(contentsOfFile: path, encoding: .utf8)))
        }
        var refusals = 0, compared = 0
        for (name, text) in inputs {
            let path = dir + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let r = try run(Peers.python!, ["-c", Self.script, path])
            let py = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(name): \(r.stderr)")
            var ini = INIConfig(file: name)
            ini.read(text)
            if let error = py["error"] as? String {
                refusals += 1
                #expect(!ini.issues.isEmpty, "\(name): configparser raises \(error), we report nothing")
                continue
            }
            // Template syntax makes us skip lines Python would read as text: not comparable.
            if ini.issues.contains(where: { $0.message.contains("template") }) { continue }
            compared += 1
            #expect(ini.issues.isEmpty, "\(name): Python reads it cleanly, we report \(ini.issues.map(\.message))")
            let theirs = py.filter { $0.key != "DEFAULT" }
            #expect(Set(ini.sections.keys) == Set(theirs.keys), "\(name): sections \(ini.sections.keys.sorted()) vs \(theirs.keys.sorted())")
            for (section, options) in theirs {
                let opts = options as? [String: String] ?? [:]
                for (key, value) in opts {
                    #expect(ini.raw(section, key)?.value == value, "\(name): [\(section)] \(key) = \(ini.raw(section, key)?.value ?? "nil") vs \(value)")
                }
                #expect(Set(ini.sections[section]?.options.keys.map { $0 } ?? []) == Set(opts.keys), "\(name): [\(section)] options differ")
            }
            for (key, value) in py["DEFAULT"] as? [String: String] ?? [:] {
                #expect(ini.defaults.options[key]?.value == value, "\(name): DEFAULT \(key)")
            }
        }
        print("configparser conformance: \(compared) files compared, \(refusals) refused by Python and reported by us")
        #expect(compared >= 6 && refusals >= 4)
    }
}
