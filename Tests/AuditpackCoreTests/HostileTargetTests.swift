import Crypto
import Foundation
import Testing
@testable import AuditpackCore

/// A target built to hurt: loops, markup in names and lines, bytes that are not UTF-8, a
/// sparse 2 GB log, 200 levels of folders and of YAML/JSON nesting, a YAML bomb, an XXE
/// attempt, a FIFO, a binary file with a config's name, a 100 MB config, and planted secrets
/// in every kind of config. Every run must complete, write a packet, name each problem as a
/// parse issue, leak no secret and no raw markup, and leave the target exactly as it was.
@Suite("Hostile targets", .serialized, .enabled(if: Paths.binary != nil, "auditpack binary not built (swift build first)"))
struct HostileTargetTests {
    var bin: String { Paths.binary! }

    /// Values that must never appear in any output.
    static let secrets = [
        "Pl4nted-DB-Passw0rd-q7Z",
        "planted-django-secret-key-9f8e7d6c5b4a",
        "T0PLANTED/B0PLANTED/plantedSlackHookToken42",
        "plantedpagerdutyroutingkey00112233",
        "Pl4nted-Smtp-Passw0rd",
        "plantedUrlPassw0rd",
        "0c8f2f5e-planted-splunk-hec-token",
        "plantedbearer0123456789abcdef",
        "4f1a9e3c7b2d48e6a5c0planted0sentry",
        "XXE-PLANTED-FILE-CONTENT",
        "77aa-planted-hec-header-token",
    ]

    struct Target {
        let base: String
        let root: String
        let outside: String
        /// Root-relative paths that must each be named by at least one parse issue.
        let expectIssues: [String]

        func remove() { try? FileManager.default.removeItem(atPath: base) }
    }

    static func write(_ path: String, _ bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }

    static func build() throws -> Target {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-hostile-\(UUID().uuidString)").path
        let root = base + "/target", outside = base + "/outside"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: outside, withIntermediateDirectories: true)
        // A file outside the root that an external entity would pull in.
        try write(outside + "/secret.txt", "XXE-PLANTED-FILE-CONTENT\n")

        // Secrets planted in configs the scan reads (and copies as evidence, redacted).
        try write(root + "/app/settings.py", """
        import os
        SECRET_KEY = "planted-django-secret-key-9f8e7d6c5b4a"
        DEBUG = False
        INSTALLED_APPS = ["django.contrib.admin"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "Pl4nted-DB-Passw0rd-q7Z"}}
        SENTRY_DSN = "https://4f1a9e3c7b2d48e6a5c0planted0sentry@o123.ingest.sentry.io/42"
        LOGGING = {
            "version": 1,
            "handlers": {
                "file": {"class": "logging.FileHandler", "filename": "/var/log/app/<script>alert(1)</script>.log"},
                "http": {"class": "logging.handlers.HTTPHandler", "host": "loguser:plantedUrlPassw0rd@logs.example.com",
                         "url": "https://loguser:plantedUrlPassw0rd@logs.example.com/ingest", "secure": True},
            },
            "root": {"handlers": ["file", "http"], "level": "INFO"},
        }
        """)
        try write(root + "/deploy/alertmanager/alertmanager.yml", """
        global:
          smtp_smarthost: smtp.example.com:587
          smtp_from: alerts@example.com
          smtp_auth_username: alerts
          smtp_auth_password: Pl4nted-Smtp-Passw0rd
        route:
          receiver: oncall
        receivers:
          - name: oncall
            slack_configs:
              - api_url: https://hooks.slack.com/services/T0PLANTED/B0PLANTED/plantedSlackHookToken42
                channel: "#<img src=x onerror=alert(2)>"
            pagerduty_configs:
              - routing_key: plantedpagerdutyroutingkey00112233
            webhook_configs:
              - url: https://hooks.example.com/alert
                http_config:
                  authorization:
                    credentials: plantedbearer0123456789abcdef
        """)
        try write(root + "/deploy/logging.yaml", """
        version: 1
        handlers:
          splunk:
            class: splunk_handler.SplunkHandler
            host: splunk.example.com
            token: 0c8f2f5e-planted-splunk-hec-token
          hec:
            class: logging.handlers.HTTPHandler
            host: hec.example.com
            headers: {Authorization: "Splunk 77aa-planted-hec-header-token"}
        root:
          handlers: [splunk]
        """)

        // Markup, pipes, backticks and emphasis in log names; markup in a log line.
        for name in ["<img src=x onerror=alert(1)>.log", "a|b.log", "`x`.log", "*x*.log", "[l](http:evil).log"] {
            try write(root + "/logs/" + name, "<script>alert(\"planted-markup\")</script> | `code` *em*\n")
        }
        // Symlink loops, a symlink out of the root, a FIFO.
        try fm.createSymbolicLink(atPath: root + "/logs/loop", withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: root + "/logs/self.log", withDestinationPath: "self.log")
        try fm.createSymbolicLink(atPath: root + "/logs/escape.log", withDestinationPath: outside + "/secret.txt")
        #expect(mkfifo(root + "/logs/pipe.log", 0o644) == 0)
        // A file name that is not UTF-8.
        let badName = Array((root + "/logs/bad").utf8) + [0xFF, 0xFE] + Array(".log".utf8) + [0]
        let fd = badName.withUnsafeBufferPointer { $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: badName.count) { open($0, O_CREAT | O_WRONLY, 0o644) } }
        #expect(fd >= 0)
        close(fd)
        // A sparse 2 GB log whose first line looks hashed, so it is streamed end to end.
        let huge = root + "/logs/huge.log"
        try write(huge, "start|HASH=" + SHA256.hash(data: Array("start".utf8)).map { String(format: "%02x", $0) }.joined() + "\n")
        #expect(truncate(huge, 2 << 30) == 0)
        // A 100 MB config (sparse).
        let big = root + "/deploy/rsyslog.d/50-big.conf"
        try write(big, "*.* @@logs.example.com:6514\n")
        #expect(truncate(big, 100 << 20) == 0)
        // Bytes that are not UTF-8 in a config, binary junk under a config's name, a Python
        // file that is not Python.
        try write(root + "/deploy/logrotate.d/app", Array("/var/log/app/*.log {\n  daily\n  rotate ".utf8) + [0xFF, 0xFE, 0x00, 0x80] + Array("\n}\n".utf8))
        var junk = [UInt8](repeating: 0, count: 4096)
        var rng = SplitMix(seed: 3)
        for i in junk.indices { junk[i] = UInt8(truncatingIfNeeded: rng.next()) }
        try write(root + "/deploy/prometheus/prometheus.yml", junk)
        try write(root + "/legacy/settings.py", Array("LOGGING = {\n".utf8) + junk + Array("\nINSTALLED_APPS = [\n".utf8))
        // A YAML alias bomb, 200 levels of YAML and JSON nesting.
        var bomb = "groups:\n  - name: a\n    rules: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { bomb += "  - name: b\(i)\n    rules: &a\(i) [" + Array(repeating: i == 1 ? "*a" : "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        try write(root + "/deploy/prometheus/rules/bomb.rules.yml", bomb)
        try write(root + "/deploy/prometheus/rules/deep.rules.yml", "groups: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n")
        try write(root + "/deploy/logging.json", "{\"version\": 1, \"handlers\": " + String(repeating: "{\"a\": ", count: 200) + "1" + String(repeating: "}", count: 201))
        // An XML external entity pointing at the file outside the root.
        try write(root + "/deploy/java/logback.xml", """
        <?xml version="1.0"?>
        <!DOCTYPE configuration [<!ENTITY xxe SYSTEM "file://\(outside)/secret.txt">]>
        <configuration>
          <appender name="F" class="ch.qos.logback.core.FileAppender"><file>&xxe;</file></appender>
          <root level="INFO"><appender-ref ref="F"/></root>
        </configuration>
        """)
        // 200 levels of folders with a config at the bottom.
        let deep = root + "/" + Array(repeating: "d", count: 200).joined(separator: "/")
        try write(deep + "/logrotate.conf", "/var/log/deep.log {\n  weekly\n  rotate 4\n}\n")

        return Target(base: base, root: root, outside: outside, expectIssues: [
            "logs/loop", "logs/self.log", "logs/escape.log", "logs/pipe.log", "logs",
            "deploy/rsyslog.d/50-big.conf", "deploy/logrotate.d/app", "deploy/prometheus/prometheus.yml", "legacy/settings.py",
            "deploy/prometheus/rules/bomb.rules.yml", "deploy/prometheus/rules/deep.rules.yml", "deploy/logging.json",
            "deploy/java/logback.xml",
        ])
    }

    /// Content hash (size+mtime for files over 16 MB), mode and mtime of every entry, and
    /// symlink targets: what "the target was not changed" means.
    static func fingerprint(_ root: String) -> [String: String] {
        var out: [String: String] = [:]
        func visit(_ path: String, _ rel: String) {
            var st = stat()
            guard lstat(path, &st) == 0 else { return }
            var entry = "mode=\(String(st.st_mode, radix: 8)) mtime=\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) size=\(st.st_size)"
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                guard let d = opendir(path) else { return }
                var names: [[UInt8]] = []
                while let e = readdir(d) {
                    let n = withUnsafeBytes(of: e.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
                    if n != Array(".".utf8) && n != Array("..".utf8) { names.append(n) }
                }
                closedir(d)
                for n in names {
                    let name = String(decoding: n, as: UTF8.self)
                    // Paths with bytes that are not UTF-8 are visited through their raw bytes.
                    var raw = Array(path.utf8) + [0x2F] + n
                    raw.append(0)
                    var cst = stat()
                    let ok = raw.withUnsafeBufferPointer { $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) { lstat($0, &cst) } }
                    if ok == 0 && (cst.st_mode & S_IFMT) != S_IFDIR && String(validating: n, as: UTF8.self) == nil {
                        out[rel + "/" + name] = "mode=\(String(cst.st_mode, radix: 8)) mtime=\(cst.st_mtim.tv_sec) size=\(cst.st_size)"
                        continue
                    }
                    visit(path + "/" + name, rel + "/" + name)
                }
            case S_IFREG where st.st_size <= 16 << 20:
                if let data = FileManager.default.contents(atPath: path) { entry += " sha256=\(SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())" }
            case S_IFLNK:
                entry += " -> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
            default: break
            }
            out[rel] = entry
        }
        visit(root, ".")
        return out
    }

    @Test("every run completes, writes a packet, names each problem, leaks nothing and changes nothing")
    func hostileRun() throws {
        let t = try Self.build()
        defer { t.remove() }
        let before = Self.fingerprint(t.root)
        let out = t.base + "/packet"
        let reports = t.base + "/reports"
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)

        let packet = try run(bin, ["packet", t.root, "-o", out, "--date", "2026-11-29"])
        #expect(packet.status == 0, "\(packet.stderr)")
        let check = try run(bin, ["check", t.root, "--format", "table", "--format", "json:\(reports)/r.json", "--format", "junit:\(reports)/r.xml",
                                  "--format", "sarif:\(reports)/r.sarif", "--format", "oscal:\(reports)/r.oscal.json", "--fail-on", "none"])
        #expect(check.status == 0, "\(check.stderr)")
        let scan = try run(bin, ["scan", t.root])
        #expect(scan.status == 0 || scan.status == 1, "\(scan.stderr)")
        let verify = try run(bin, ["verify-packet", out])
        #expect(verify.status == 0, "\(verify.stdout)")

        // The target is exactly as it was: contents, modes, mtimes, names, link targets.
        let after = Self.fingerprint(t.root)
        #expect(after == before, "target changed: \(Set(after.map { "\($0.key) \($0.value)" }).symmetricDifference(before.map { "\($0.key) \($0.value)" }).sorted())")

        // Each problem is a parse issue naming its file.
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json"))) as! [String: Any]
        let issues = (results["parseIssues"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        for path in t.expectIssues {
            #expect(issues.contains(path), "no parse issue names \(path); issues: \(issues)")
        }

        // The sparse 2 GB log was streamed to its end: one overlong line, named by INT-02.
        let items = results["items"] as? [[String: Any]] ?? []
        let int02 = items.first { $0["id"] as? String == "INT-02" }
        #expect(int02?["status"] as? String == "fail" && (int02?["message"] as? String ?? "").contains("logs/huge.log:2: line longer than"), "\(String(describing: int02))")

        // No output holds a planted secret or raw markup.
        var outputs: [(String, String)] = [("check stdout", check.stdout), ("check stderr", check.stderr), ("scan stdout", scan.stdout),
                                           ("scan stderr", scan.stderr), ("packet stdout", packet.stdout + packet.stderr)]
        for dir in [out, reports] {
            for rel in try FileManager.default.subpathsOfDirectory(atPath: dir) {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir), !isDir.boolValue else { continue }
                let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + rel))
                outputs.append((rel, String(decoding: data, as: UTF8.self)))
            }
        }
        #expect(outputs.count > 20)
        for (name, text) in outputs {
            for secret in Self.secrets {
                let leaked = text.contains(secret)
                #expect(!leaked, "\(name) holds the planted secret \(secret)")
            }
            if name.hasSuffix(".html") || name.hasSuffix(".md") || name.hasSuffix(".xml") {
                let img = text.contains("<img src=x"), script = text.contains("<script>alert")
                #expect(!img, "\(name) holds raw <img> markup")
                #expect(!script, "\(name) holds a raw <script>")
            }
            if name.contains("stdout") {
                // Terminal text is not markup (a scanned path is shown as it is, e.g. in
                // "Not scanned"), but no scanned byte may drive the terminal.
                #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{9B}" }, "\(name) holds a terminal control character")
            }
        }
        // The configs holding them were copied as evidence, redacted (not left out).
        for (copy, least) in [("evidence/app/settings.py", 4), ("evidence/deploy/alertmanager/alertmanager.yml", 4), ("evidence/deploy/logging.yaml", 1)] {
            let text = (try? String(contentsOfFile: out + "/" + copy, encoding: .utf8)) ?? ""
            #expect(text.components(separatedBy: "[REDACTED:").count - 1 >= least, "\(copy): expected at least \(least) redactions")
        }
        // The markup-named logs are listed, escaped, in the HTML evidence index.
        let index = try String(contentsOfFile: out + "/evidence-index.html", encoding: .utf8)
        #expect(index.contains(">logs<") || index.contains("logs</"), "log folder missing from the evidence index")
        // …and the markup-named log appears escaped wherever it is listed, never raw.
        let all = outputs.filter { $0.0.hasSuffix(".html") }.map(\.1).joined()
        #expect(!all.contains("<img src=x onerror=alert(1)>.log"))
    }
}
