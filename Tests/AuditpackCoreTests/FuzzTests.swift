import Foundation
import Testing
@testable import AuditpackCore

/// Mutation fuzzing of every parser through the scanner's per-file entry point (the bytes of
/// one file → its facts), seeded with the example, the corpus and small hand-written inputs.
/// Mutations are format-aware (brackets, quotes, anchors, entities, includes, NUL and invalid
/// UTF-8 bytes, splices of two seeds). Properties: no crash, no input over the time limit,
/// every parse issue names the file with a line inside it.
///
/// Budget: `AUDITPACK_FUZZ_SECONDS` (total, spread over the targets; `.ci/run` sets it) or
/// `AUDITPACK_FUZZ_ITERATIONS` per target (default 150). The generator is seeded
/// (`AUDITPACK_FUZZ_SEED`, default the day), so a run repeats exactly. Each input is written
/// to `$TMPDIR/auditpack-fuzz-<kind>.current` before it is parsed: after a crash, that file
/// is the reproducer — add it under `Tests/Fuzz/regressions/<kind>/`, where every file is
/// replayed on every run.
@Suite("Fuzzing the parsers")
struct FuzzTests {
    static let kinds: [(FileKind, String)] = [
        (.djangoSettings, "settings.py"), (.pythonLoggingDict, "logging.yaml"), (.pythonLoggingINI, "logging.ini"),
        (.logrotate, "logrotate.d/app"), (.rsyslog, "rsyslog.conf"), (.journald, "journald.conf"),
        (.logback, "logback.xml"), (.log4j2, "log4j2.xml"), (.log4jProperties, "log4j.properties"),
        (.prometheusRules, "alerts.rules.yml"), (.prometheusConfig, "prometheus.yml"), (.alertmanager, "alertmanager.yml"),
        (.grafanaAlerting, "alerting/rules.yaml"), (.javaLoggingProperties, "logging.properties"), (.log4rs, "log4rs.yml"),
    ]

    /// Tokens that matter to the formats above.
    static let dictionary: [String] = [
        "{", "}", "[", "]", "(", ")", "'", "\"", "\"\"\"", "\\", "\n", "\r\n", "\t", "#", ":", ": ", "- ", "&a ", "*a", "<<: *a",
        "!!python/object", "%(", ")s", "${x}", "${", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "<![CDATA[",
        "]]>", "</", "<", ">", "/>", "=", "==", "**", "*", "f\"{", "}\"", "lambda", "import ", "from .base import *", "if DEBUG:",
        "include ", "$IncludeConfig ", "include(file=\"x\")", "action(", "@@", "@", "rotate -1", "rotate 99999999999999999999",
        "size 1G", "maxage ", "\u{0}", "\u{FEFF}", "é", "\u{202E}", "9999999999999999999999", "-0", "1e309", "nan", "0x", "0o777",
        "route:", "routes:", "matchers: [", "match_re:", "=~", "!~", "groups:", "rules:", "alert: ", "expr: ", "for: 5m", "for: 5x",
        "LOGGING = {", "'handlers': {", "'class': 'logging.handlers.RotatingFileHandler'", "backupCount", "[loggers]", "keys=",
        "args=(", "<appender name=\"a\" class=\"x\">", "<maxHistory>", "<Delete basePath=\"x\">", "apiVersion: 1",
    ]

    static let seeds: [FileKind: [[UInt8]]] = {
        var out: [FileKind: [[UInt8]]] = [:]
        func add(_ kind: FileKind, _ text: String) { out[kind, default: []].append(Array(text.utf8)) }
        // Hand-written minimal seeds, so the fuzzer has something for every kind.
        add(.djangoSettings, "import os\nDEBUG = False\nLOGGING = {'version': 1, 'handlers': {'f': {'class': 'logging.FileHandler', 'filename': os.path.join('/var/log', 'a.log')}}, 'root': {'handlers': ['f']}}\nLOGGING['loggers'] = {'x': {'level': 'INFO'}}\n")
        add(.pythonLoggingDict, "version: 1\nhandlers:\n  f:\n    class: logging.handlers.TimedRotatingFileHandler\n    filename: /var/log/a.log\n    when: midnight\n    backupCount: 30\nroot:\n  handlers: [f]\n")
        add(.pythonLoggingINI, "[loggers]\nkeys=root\n[handlers]\nkeys=f\n[formatters]\nkeys=\n[logger_root]\nhandlers=f\n[handler_f]\nclass=handlers.RotatingFileHandler\nargs=('/var/log/a.log', 'a', 1000, 5)\n")
        add(.logrotate, "weekly\nrotate 4\n/var/log/a/*.log /var/log/b.log {\n  daily\n  rotate 30\n  create 0640 root adm\n  postrotate\n    kill -HUP 1\n  endscript\n}\ninclude /etc/logrotate.d\n")
        add(.rsyslog, "$FileCreateMode 0640\n*.* @@logs.example.com:6514\nmodule(load=\"imfile\")\naction(type=\"omfwd\" target=\"x\" port=\"6514\" protocol=\"tcp\" StreamDriver=\"gtls\" StreamDriverMode=\"1\")\nif $programname == 'a' then /var/log/a.log\n")
        add(.journald, "[Journal]\nStorage=persistent\nSeal=yes\nMaxRetentionSec=1year\nSystemMaxUse=1G\n")
        add(.logback, "<configuration><appender name=\"F\" class=\"ch.qos.logback.core.rolling.RollingFileAppender\"><file>/var/log/a.log</file><rollingPolicy class=\"ch.qos.logback.core.rolling.TimeBasedRollingPolicy\"><fileNamePattern>a.%d.log</fileNamePattern><maxHistory>30</maxHistory></rollingPolicy></appender><root level=\"INFO\"><appender-ref ref=\"F\"/></root></configuration>")
        add(.log4j2, "<Configuration><Appenders><RollingFile name=\"R\" fileName=\"/var/log/a.log\" filePattern=\"a-%d{yyyy-MM-dd}.log\"><Policies><TimeBasedTriggeringPolicy/></Policies><DefaultRolloverStrategy max=\"30\"/></RollingFile></Appenders><Loggers><Root level=\"info\"><AppenderRef ref=\"R\"/></Root></Loggers></Configuration>")
        add(.log4jProperties, "log4j.rootLogger=INFO, R\nlog4j.appender.R=org.apache.log4j.RollingFileAppender\nlog4j.appender.R.File=/var/log/a.log\nlog4j.appender.R.MaxBackupIndex=10\n")
        add(.prometheusRules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        for: 5m\n        labels: {severity: critical}\n        annotations: {summary: x}\n      - record: r\n        expr: sum(x)\n")
        add(.prometheusConfig, "global:\n  scrape_interval: 15s\nrule_files: [\"rules/*.yml\"]\nalerting:\n  alertmanagers:\n    - static_configs: [{targets: [\"am:9093\"]}]\nscrape_configs:\n  - job_name: app\n    static_configs: [{targets: [\"a:8000\"]}]\n")
        add(.alertmanager, "route:\n  receiver: a\n  routes:\n    - matchers: ['severity=~\"critical|high\"']\n      receiver: b\n      continue: true\nreceivers:\n  - name: a\n    email_configs: [{to: x@example.com}]\n  - name: b\n    pagerduty_configs: [{routing_key: abc}]\n")
        add(.grafanaAlerting, "apiVersion: 1\ngroups:\n  - orgId: 1\n    name: g\n    folder: f\n    interval: 1m\n    rules:\n      - uid: u\n        title: T\n        condition: C\n        for: 5m\n        data: []\ncontactPoints:\n  - orgId: 1\n    name: c\n    receivers: [{uid: r, type: email, settings: {addresses: a@example.com}}]\n")
        add(.javaLoggingProperties, "handlers = 1a.org.apache.juli.FileHandler, java.util.logging.FileHandler\n.level = INFO\n1a.org.apache.juli.FileHandler.maxDays = 90\njava.util.logging.FileHandler.pattern = %h/app%g.log\njava.util.logging.FileHandler.limit = 1000\njava.util.logging.FileHandler.count = 3\ncom.x.level = FINE\ncom.x.handlers = java.util.logging.FileHandler\n")
        add(.log4rs, "appenders:\n  f:\n    kind: rolling_file\n    path: /var/log/a.log\n    policy:\n      trigger: {kind: size, limit: 10 mb}\n      roller: {kind: fixed_window, pattern: 'a.{}.log', count: 5}\nroot:\n  level: info\n  appenders: [f]\nloggers:\n  a::b: {level: warn, additive: false}\n")
        // The example's configs and the corpus, by the kind the classifier gives them.
        for base in [Paths.example, Paths.corpus] {
            guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
            while let rel = walker.nextObject() as? String {
                let path = base + "/" + rel
                guard let data = FileManager.default.contents(atPath: path), data.count < 256 * 1024 else { continue }
                let name = (rel as NSString).lastPathComponent
                let parent = ((rel as NSString).deletingLastPathComponent as NSString).lastPathComponent
                if let kind = FileClassifier.classify(name: name, parentName: parent, content: String(decoding: data, as: UTF8.self)),
                   kinds.contains(where: { $0.0 == kind }) {
                    out[kind, default: []].append(Array(data))
                }
            }
        }
        return out
    }()

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix, other: [UInt8]) -> [UInt8] {
        var b = input
        for _ in 0...Int(rng.next() % 4) {
            let at = b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count + 1))
            switch rng.next() % 8 {
            case 0 where !b.isEmpty:  // flip a byte
                let i = min(at, b.count - 1)
                b[i] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))
            case 1:  // insert a format token
                b.insert(contentsOf: Array(dictionary[Int(rng.next() % UInt64(dictionary.count))].utf8), at: at)
            case 2 where !b.isEmpty:  // delete a range
                let n = min(b.count - min(at, b.count), Int(rng.next() % 64) + 1)
                b.removeSubrange(min(at, b.count)..<(min(at, b.count) + n))
            case 3 where !b.isEmpty:  // duplicate a range (deep nesting, repeated keys)
                let start = min(at, b.count - 1), n = min(b.count - start, Int(rng.next() % 128) + 1)
                let chunk = Array(b[start..<(start + n)])
                for _ in 0..<Int(rng.next() % 20 + 1) { b.insert(contentsOf: chunk, at: start) }
            case 4:  // splice with another seed
                let cut = other.isEmpty ? 0 : Int(rng.next() % UInt64(other.count))
                b = Array(b[..<min(at, b.count)]) + other[cut...]
            case 5:  // truncate
                b = Array(b[..<min(at, b.count)])
            case 6:  // bytes that are not UTF-8
                b.insert(contentsOf: [0xFF, 0xC3, 0x28, 0xE2, 0x82][..<Int(rng.next() % 5 + 1)], at: at)
            default:  // replace a digit run with a huge or negative number
                b.insert(contentsOf: Array(["-1", "0", "99999999999999999999", "4294967296", "-9223372036854775809"][Int(rng.next() % 5)].utf8), at: at)
            }
            if b.count > 512 * 1024 { b = Array(b[..<(512 * 1024)]) }
        }
        return b
    }

    static var budget: (iterations: Int, seconds: Double?) {
        let env = ProcessInfo.processInfo.environment
        if let s = env["AUDITPACK_FUZZ_SECONDS"].flatMap(Double.init) { return (Int.max, s / Double(kinds.count)) }
        return (env["AUDITPACK_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 150, nil)
    }

    static var seed: UInt64 {
        if let s = ProcessInfo.processInfo.environment["AUDITPACK_FUZZ_SEED"].flatMap(UInt64.init) { return s }
        return UInt64(Date().timeIntervalSince1970 / 86400)
    }

    /// Runs one input and checks the properties; returns the seconds it took.
    static func exercise(_ bytes: [UInt8], kind: FileKind, relPath: String, scratch: String) -> Double {
        try? Data(bytes).write(to: URL(fileURLWithPath: scratch + "/auditpack-fuzz-\(kind.rawValue).current"))
        let file = DiscoveredFile(rootIndex: 0, relPath: relPath, absPath: "/nonexistent/" + relPath, kind: kind,
                                  stat: FileStat(mode: 0o644, uid: 0, gid: 0, size: Int64(bytes.count), mtime: 0))
        let start = Date()
        let part = Scanner(config: AuditConfig(baseDirectory: "/nonexistent")).parse(data: Data(bytes), file: file)
        _ = Redactor.secrets(in: String(decoding: bytes, as: UTF8.self), file: relPath)
        let took = Date().timeIntervalSince(start)
        // Lines as the most generous reader counts them: `\n`, `\r\n` and a lone `\r` (Java's
        // Properties.load and Python's splitlines end a line at a lone `\r` too).
        var lines = 1
        for (i, c) in bytes.enumerated() where c == 0x0A || (c == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) { lines += 1 }
        for issue in part.facts.parseIssues where issue.path == relPath {
            if let l = issue.line {
                #expect(l >= 1 && l <= lines + 1, "\(kind.rawValue): parse issue at line \(l) of a \(lines)-line input: \(issue.message)")
            }
        }
        for issue in part.facts.parseIssues {
            #expect(!issue.path.isEmpty && !issue.message.isEmpty)
        }
        return took
    }

    @Test("mutated inputs never crash, hang, or cite a line outside the file", arguments: kinds.map { $0.0.rawValue })
    func fuzz(kindName: String) throws {
        let (kind, relPath) = Self.kinds.first { $0.0.rawValue == kindName }!
        let seeds = Self.seeds[kind] ?? []
        #expect(!seeds.isEmpty, "no seed for \(kindName)")
        let all = Array(Self.seeds.values.joined())
        let scratch = FileManager.default.temporaryDirectory.path
        var rng = SplitMix(seed: Self.seed &+ UInt64(kindName.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        let (iterations, seconds) = Self.budget
        let started = Date()
        var count = 0, slowest = 0.0
        while count < iterations {
            if let seconds, Date().timeIntervalSince(started) > seconds { break }
            let base = seeds[Int(rng.next() % UInt64(seeds.count))]
            let other = all[Int(rng.next() % UInt64(all.count))]
            let input = Self.mutate(base, &rng, other: other)
            let took = Self.exercise(input, kind: kind, relPath: relPath, scratch: scratch)
            slowest = max(slowest, took)
            #expect(took < 5, "\(kindName): one \(input.count)-byte input took \(took) s (kept in \(scratch)/auditpack-fuzz-\(kindName).current)")
            count += 1
        }
        #expect(count > 0)
        print("fuzz \(kindName): \(count) inputs, seed \(Self.seed), slowest \(String(format: "%.3f", slowest)) s")
    }

    @Test("every regression input replays cleanly")
    func regressions() throws {
        let dir = Paths.package + "/Tests/Fuzz/regressions"
        let fm = FileManager.default
        var replayed = 0
        for (kind, relPath) in Self.kinds {
            for name in ((try? fm.contentsOfDirectory(atPath: dir + "/" + kind.rawValue)) ?? []).sorted() {
                let bytes = Array(fm.contents(atPath: dir + "/" + kind.rawValue + "/" + name) ?? Data())
                let took = Self.exercise(bytes, kind: kind, relPath: relPath, scratch: fm.temporaryDirectory.path)
                #expect(took < 5, "\(kind.rawValue)/\(name) took \(took) s")
                replayed += 1
            }
        }
        #expect(replayed > 0, "Tests/Fuzz/regressions holds no input")
    }
}
