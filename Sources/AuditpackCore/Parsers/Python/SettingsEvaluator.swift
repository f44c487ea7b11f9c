import Foundation

/// `--evaluate-python`: imports each Django settings module with the user's own Python (as
/// Django does: `importlib.import_module(DJANGO_SETTINGS_MODULE)`, the user's environment
/// variables applying) and compares the `LOGGING` it ends with against the static reading.
///
/// Opt-in only: importing settings runs the project's code. Nothing is written; the run has
/// a time limit. Differences become parse issues naming the key path; loaded values are shown
/// only for keys that cannot hold a secret, and redacted even then. The static reading still
/// grades: this reports where it and Python disagree.
public enum SettingsEvaluator {
    public struct Report: Sendable, Equatable {
        public var file: String
        public var module: String?
        public var matches: Bool
        public var issues: [ParseIssue]
        /// One line for the terminal.
        public var summary: String
    }

    /// Runs in its own process group (so a timeout kills whatever the settings started),
    /// writes its result to the file named by argv[3] (so settings that print cannot spoil
    /// it), and reports errors by exception type and missing module name only: exception
    /// messages can quote values, and values can be secrets.
    static let script = #"""
    import importlib, json, os, sys
    from pathlib import PurePath
    os.setpgrp()
    result_path = sys.argv[3]

    def done(obj):
        with open(result_path, "w", encoding="utf-8") as f:
            json.dump(obj, f)
        os._exit(0)

    def jsonable(v):
        if isinstance(v, dict): return {str(k): jsonable(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)): return [jsonable(x) for x in v]
        if isinstance(v, PurePath): return str(v)
        if v is None or isinstance(v, (str, int, float, bool)): return v
        return "<python: %s>" % type(v).__name__

    root, rel = sys.argv[1], sys.argv[2]
    parts = rel[:-3].split("/") if rel.endswith(".py") else rel.split("/")
    tried = []
    for i in range(len(parts)):
        base = os.path.join(root, *parts[:i]) if i else root
        module = ".".join(parts[i:])
        sys.path.insert(0, base)
        try:
            os.environ["DJANGO_SETTINGS_MODULE"] = module
            m = importlib.import_module(module)
        except ModuleNotFoundError as e:
            missing = e.name or "?"
            # Only a miss of the module path itself means "try a shorter path".
            if missing == module or module.startswith(missing + "."):
                tried.append(module)
                sys.path.pop(0)
                for k in [k for k in sys.modules if k == module or module.startswith(k + ".")]:
                    sys.modules.pop(k, None)
                continue
            done({"module": module, "error": "ModuleNotFoundError: the settings import '%s', which this Python does not have" % missing})
        except BaseException as e:
            done({"module": module, "error": "%s raised while importing the settings (message not shown: it can quote values)" % type(e).__name__})
        done({"module": module, "has_logging": hasattr(m, "LOGGING"), "logging": jsonable(getattr(m, "LOGGING", None))})
    done({"error": "no importable module path (tried %s)" % ", ".join(tried)})
    """#

    /// Evaluates one settings file found under `root` (`relPath` relative to it).
    public static func evaluate(python: String, root: String, relPath: String, staticLogging: ConfigValue?,
                                environment: [String: String], timeout: Double = 30) -> Report {
        func fail(_ why: String) -> Report {
            Report(file: relPath, module: nil, matches: false,
                   issues: [ParseIssue(path: relPath, line: nil, message: "--evaluate-python: \(why)")], summary: "\(relPath): \(why)")
        }
        let resultPath = NSTemporaryDirectory() + "auditpack-evaluate-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: resultPath) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python.hasPrefix("/") ? python : "/usr/bin/env")
        p.arguments = (python.hasPrefix("/") ? [] : [python]) + ["-B", "-c", script, root, relPath, resultPath]
        p.environment = environment.merging(["PYTHONDONTWRITEBYTECODE": "1"]) { _, b in b }
        p.currentDirectoryURL = URL(fileURLWithPath: root)
        // No pipes: nothing the settings start can hold auditpack waiting for an end of file.
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { return fail("cannot start \(python) (\(error.localizedDescription))") }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        let pid = p.processIdentifier
        if p.isRunning {
            kill(-pid, SIGKILL)  // the process group the script made: what the settings started too
            kill(pid, SIGKILL)
            p.waitUntilExit()
            return fail("\(python) did not finish importing the settings within \(Int(timeout)) s; not compared")
        }
        p.waitUntilExit()
        kill(-pid, SIGKILL)  // anything the settings left running
        guard let data = FileManager.default.contents(atPath: resultPath),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return fail("\(python) gave no result (exit \(p.terminationStatus)); not compared")
        }
        let module = json["module"] as? String
        if let error = json["error"] as? String {
            return fail("\(python) could not import \(module ?? relPath): \(Redactor.redactLine(String(error.prefix(300)))); not compared")
        }
        let theirs = json["logging"] ?? NSNull()
        let ours: Any = staticLogging.map { $0.jsonObject(unresolved: { Unresolved(source: $0) }) } ?? NSNull()
        var diffs: [String] = []
        diff(ours, theirs, path: "LOGGING", into: &diffs)
        let issues = diffs.prefix(20).map { ParseIssue(path: relPath, line: nil, message: "--evaluate-python (\(module ?? "?")): \($0)") }
            + (diffs.count > 20 ? [ParseIssue(path: relPath, line: nil, message: "--evaluate-python: \(diffs.count - 20) more difference(s)")] : [])
        let summary = diffs.isEmpty ? "\(relPath): \(module ?? "") loaded with \(python); LOGGING matches the static reading"
            : "\(relPath): \(module ?? "") loaded with \(python); \(diffs.count) difference(s) from the static reading (see parse issues)"
        return Report(file: relPath, module: module, matches: diffs.isEmpty, issues: Array(issues), summary: summary)
    }


    struct Unresolved { var source: String }

    /// Key paths where the two readings differ, with values shown only where safe.
    static func diff(_ a: Any, _ b: Any, path: String, into out: inout [String]) {
        if let u = a as? Unresolved {
            out.append("\(path): the static reading could not resolve `\(Redactor.redactLine(String(u.source.prefix(120))))`; Python loads \(show(b, at: path))")
            return
        }
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            for key in Set(x.keys).union(y.keys).sorted() {
                let p = "\(path)[\(key)]"
                switch (x[key], y[key]) {
                case let (l?, r?): diff(l, r, path: p, into: &out)
                case (nil, let r?): out.append("\(p): only Python has it (\(show(r, at: p)))")
                case (let l?, nil): out.append("\(p): only the static reading has it (\(show(l, at: p)))")
                default: break
                }
            }
        case let (x as [Any], y as [Any]):
            if x.count != y.count { out.append("\(path): \(x.count) item(s) in the static reading, \(y.count) when Python loads it"); return }
            for (i, (l, r)) in zip(x, y).enumerated() { diff(l, r, path: "\(path)[\(i)]", into: &out) }
        default:
            if !same(a, b) { out.append("\(path): static reading \(show(a, at: path)), Python loads \(show(b, at: path))") }
        }
    }

    static func same(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case (is NSNull, is NSNull): return true
        case let (x as Bool, y as Bool): return x == y
        case let (x as String, y as String): return x == y
        case let (x as NSNumber, y as NSNumber): return x == y
        case let (x as Int, y as NSNumber): return NSNumber(value: x) == y
        case let (x as Double, y as NSNumber): return NSNumber(value: x) == y
        default: return false
        }
    }

    /// Keys whose values say how logging is set up and cannot hold a secret. Only their
    /// values are shown (redacted even so); any other value is named, never printed.
    static let showableKeys: Set<String> = ["filename", "level", "class", "formatter", "format", "datefmt", "style", "when",
                                            "interval", "backupCount", "maxBytes", "mode", "encoding", "delay", "propagate",
                                            "handlers", "filters", "version", "disable_existing_loggers", "incremental",
                                            "facility", "socktype", "stream", "utc", "()"]

    /// A value for a message: only scalars directly under a showable key, redacted.
    static func show(_ v: Any, at path: String) -> String {
        let key = path.split(separator: "[").last.map { String($0.dropLast()) } ?? path
        guard showableKeys.contains(key) else {
            switch v {
            case is NSNull: return "None"
            case is [String: Any]: return "a mapping"
            case let l as [Any]: return "a list of \(l.count)"
            default: return "a value (not shown)"
            }
        }
        switch v {
        case let s as String: return "'" + Redactor.redactLine(String(s.prefix(160))) + "'"
        case is NSNull: return "None"
        case let n as NSNumber: return n.stringValue
        case let u as Unresolved: return "unresolved `\(Redactor.redactLine(String(u.source.prefix(120))))`"
        case is [String: Any]: return "a mapping"
        case let l as [Any]: return "a list of \(l.count)"
        default: return "a value"
        }
    }
}
