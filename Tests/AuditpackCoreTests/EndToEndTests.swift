import Foundation
import Testing
@testable import AuditpackCore

/// The built binary, run as a user runs it: stdout, files and exit codes.
@Suite("auditpack binary end to end", .enabled(if: Paths.binary != nil, "auditpack binary not built (swift build first)"))
struct EndToEndTests {
    var bin: String { Paths.binary! }

    @Test("packet writes a complete, sealed packet that sha256sum -c verifies")
    func packet() throws {
        let copy = try ExampleCopy()
        defer { copy.remove() }
        let out = copy.root + "/../packet"
        let r = try run(bin, ["packet", copy.root, "-o", out, "--date", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Wrote "))
        for f in ["index.html", "policy.md", "policy.html", "checklist.md", "checklist.html", "review.md", "review.html",
                  "evidence-index.md", "evidence-index.html", "results.json", "MANIFEST.sha256",
                  "evidence/shop/settings.py", "evidence/deploy/logrotate.d/shop", "evidence/deploy/alertmanager/alertmanager.yml"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + f), "missing \(f)")
        }
        let check = try run("/usr/bin/env", ["sha256sum", "--strict", "-c", "MANIFEST.sha256"], cwd: out)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        // Nothing was written into the scanned root.
        let after = try FileManager.default.contentsOfDirectory(atPath: copy.root).sorted()
        #expect(!after.contains { $0.hasPrefix(".") && $0.contains("tmp") })
        // The packet is self-contained: no network resource in any HTML file.
        for name in try FileManager.default.subpathsOfDirectory(atPath: out) where name.hasSuffix(".html") {
            let html = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            #expect(html.range(of: #"(src|href)\s*=\s*"https?://"#, options: .regularExpression) == nil, "\(name) references the network")
            #expect(!html.contains("<script"), "\(name) has a script")
        }
    }

    @Test("packet is byte-identical for the same inputs and date")
    func reproducible() throws {
        let copy = try ExampleCopy()
        defer { copy.remove() }
        let a = copy.root + "/../a", b = copy.root + "/../b"
        #expect(try run(bin, ["packet", copy.root, "-o", a], env: ["SOURCE_DATE_EPOCH": "1796342400"]).status == 0)
        // SOURCE_DATE_EPOCH fixes the scan time results.json records too.
        #expect(try run(bin, ["packet", copy.root, "-o", b, "--date", "2026-12-04"], env: ["SOURCE_DATE_EPOCH": "1796342400"]).status == 0)
        let ma = try String(contentsOfFile: a + "/MANIFEST.sha256", encoding: .utf8)
        let mb = try String(contentsOfFile: b + "/MANIFEST.sha256", encoding: .utf8)
        #expect(ma == mb)
    }

    @Test("verify-packet names a flipped byte, a removed file and an added file; the zip verifies too")
    func verifyPacket() throws {
        let copy = try ExampleCopy()
        defer { copy.remove() }
        let out = copy.root + "/../sealed"
        #expect(try run(bin, ["packet", copy.root, "-o", out, "--zip", "--date", "2026-11-29"]).status == 0)
        #expect(try run(bin, ["verify-packet", out]).status == 0)
        #expect(try run(bin, ["verify-packet", out + ".zip"]).status == 0)
        // index.html shows the content digest of the manifest without its own line.
        let manifest = try String(contentsOfFile: out + "/MANIFEST.sha256", encoding: .utf8)
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(index.contains(PacketWriter.contentDigest(manifest: manifest)))
        let target = out + "/checklist.md"
        var data = try Data(contentsOf: URL(fileURLWithPath: target))
        data[10] ^= 0x01
        try data.write(to: URL(fileURLWithPath: target))
        try FileManager.default.removeItem(atPath: out + "/review.md")
        try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/extra.txt"))
        let r = try run(bin, ["verify-packet", out])
        #expect(r.status == 1)
        #expect(r.stdout.contains("ALTERED  checklist.md") && r.stdout.contains("MISSING  review.md") && r.stdout.contains("ADDED    extra.txt"), "\(r.stdout)")

        // A forger who edits a document and rewrites its manifest line is caught by the
        // content digest shown on index.html.
        let forged = copy.root + "/../forged"
        #expect(try run(bin, ["packet", copy.root, "-o", forged, "--date", "2026-11-29"]).status == 0)
        let doc = Data("# nothing to see\n".utf8)
        try doc.write(to: URL(fileURLWithPath: forged + "/checklist.md"))
        let lines = try String(contentsOfFile: forged + "/MANIFEST.sha256", encoding: .utf8).split(separator: "\n").map { line in
            line.hasSuffix("  checklist.md") ? "\(PacketWriter.sha256Hex(doc))  checklist.md" : String(line)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: forged + "/MANIFEST.sha256", atomically: true, encoding: .utf8)
        let f = try run(bin, ["verify-packet", forged])
        #expect(f.status == 1 && f.stdout.contains("DIGEST") && !f.stdout.contains("ALTERED"), "\(f.stdout)")
    }

    @Test("zip is byte-identical for the same inputs and date")
    func reproducibleZip() throws {
        let copy = try ExampleCopy()
        defer { copy.remove() }
        let epoch = ["SOURCE_DATE_EPOCH": "1796342400"]
        #expect(try run(bin, ["packet", copy.root, "-o", copy.root + "/../z1", "--zip", "--date", "2026-11-29"], env: epoch).status == 0)
        #expect(try run(bin, ["packet", copy.root, "-o", copy.root + "/../z2", "--zip", "--date", "2026-11-29"], env: epoch).status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: copy.root + "/../z1.zip"))
        let b = try Data(contentsOf: URL(fileURLWithPath: copy.root + "/../z2.zip"))
        // The folder name inside differs (z1/ vs z2/); compare after aligning it.
        #expect(a.count == b.count)
        #expect(a.replacing(Data("z1/".utf8), with: Data("z2/".utf8)) == b)
    }

    @Test("several formats at once; a bad output path or format is exit 2 with nothing partial left")
    func formatsAndBadOutputs() throws {
        let copy = try ExampleCopy()
        defer { copy.remove() }
        let dir = copy.root + "/.."
        let r = try run(bin, ["check", copy.root, "--fail-on", "none", "--format", "table", "--format", "sarif:\(dir)/r.sarif", "--format", "junit:\(dir)/j.xml",
                              "--format", "oscal:\(dir)/o.json", "--format", "json:\(dir)/r.json"])
        #expect(r.status == 0, "\(r.stderr)")
        for f in ["r.sarif", "j.xml", "o.json", "r.json"] { #expect(FileManager.default.fileExists(atPath: dir + "/" + f)) }
        let bad = try run(bin, ["check", copy.root, "--format", "json:\(dir)/ok.json", "--format", "sarif:/nonexistent/dir/x.sarif"])
        #expect(bad.status == 2 && bad.stderr.contains("/nonexistent/dir/x.sarif"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/ok.json"), "a partial output was left behind")
        #expect(try run(bin, ["check", copy.root, "--format", "pdf"]).status == 2)
        #expect(try run(bin, ["packet", copy.root, "-o", "/nonexistent/dir/packet"]).status == 2)
        let ro = dir + "/readonly"
        try FileManager.default.createDirectory(atPath: ro, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: ro)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: ro) }
        if getuid() != 0 {  // root writes anywhere
            let w = try run(bin, ["packet", copy.root, "-o", ro + "/packet"])
            #expect(w.status == 2)
            #expect(try FileManager.default.contentsOfDirectory(atPath: ro).isEmpty)
        }
    }

    @Test("check gates on --fail-on and prints JSON that parses")
    func checkGates() throws {
        let copy = try ExampleCopy()
        defer { copy.remove() }
        let r = try run(bin, ["check", copy.root, "--format", "json", "--date", "2026-11-29"])
        #expect(r.status == 1, "high-severity failures exist in the example")
        #expect(r.stderr.contains("at or above high"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 1)
        #expect((json["items"] as? [Any])?.count == 36)
        #expect(try run(bin, ["check", copy.root, "--fail-on", "none"]).status == 0)
        let table = try run(bin, ["check", copy.root, "--fail-on", "none"], env: ["NO_COLOR": "1"])
        #expect(table.stdout.contains("RET-01") && !table.stdout.contains("\u{1B}["))
        #expect(!table.stdout.contains("hooks.slack.com/services/T"), "secret printed")
    }

    @Test("usage and input errors exit 2 with a one-line message naming file and line")
    func inputErrors() throws {
        let bad = try TempTree(["auditpack.yml": "version: 1\nscan:\n  exlude: [x]\n"])
        defer { bad.remove() }
        let r = try run(bin, ["check", bad.root])
        #expect(r.status == 2)
        #expect(r.stderr.contains("auditpack.yml:3: unknown key 'scan.exlude'"), "\(r.stderr)")
        #expect(try run(bin, ["check", "--format", "yaml"]).status == 2)
        let badAttest = try TempTree(["auditpack.yml": "version: 1\n", "attestations.yml": "version: 1\nattestations:\n  - item: MAN-02\n    by: Dana\n    date: 2026-13-01\n"])
        defer { badAttest.remove() }
        let a = try run(bin, ["check", badAttest.root])
        #expect(a.status == 2 && a.stderr.contains("attestations.yml:5: attestations[0].date: must be a date YYYY-MM-DD"), "\(a.stderr)")
        #expect(try run(bin, ["check", "/nonexistent/folder"]).status == 2)
        #expect(try run(bin, ["frobnicate"]).status == 2)
        #expect(try run(bin, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == AuditpackVersion.current)
    }

    @Test("verify-logs exits 1 on tampering and names the line")
    func verifyLogs() throws {
        let tree = try TempTree(["ok.log": Baseline.auditLine + "\n", "bad.log": Baseline.auditLine + "\nx|HASH=00\n"])
        defer { tree.remove() }
        #expect(try run(bin, ["verify-logs", tree.root + "/ok.log"]).status == 0)
        let r = try run(bin, ["verify-logs", tree.root + "/bad.log"])
        #expect(r.status == 1 && r.stdout.contains("bad.log:2:"))
    }

    @Test("progress goes to stderr only when it is a terminal, and the line is cleared",
          .enabled(if: which("script") != nil, "script (util-linux) not installed: terminal progress not checked"))
    func progressOnTerminal() throws {
        var lines = ""
        for i in 0..<30_000 { let m = "event \(i) user=u\(i % 7)"; lines += m + "|HASH=" + LogIntegrityTests.sha(m) + "\n" }
        let tree = try TempTree(["logs/audit.log": lines, "auditpack.yml": "version: 1\n"])
        defer { tree.remove() }
        let env = ["AUDITPACK_PROGRESS_AFTER": "0"]
        // Under a pseudo-terminal: a progress line, then "\r ESC[K" clears it before the result.
        let tty = try run(which("script")!, ["-qec", "'\(bin)' verify-logs '\(tree.root)/logs/audit.log'", "/dev/null"], env: env)
        #expect(tty.stdout.contains("auditpack: verifying"), "\(tty.stdout.prefix(300))")
        // The last progress text is cleared right before the result line.
        let lastProgress = try #require(tty.stdout.range(of: "auditpack: verifying", options: .backwards))
        let rest = tty.stdout[lastProgress.upperBound...]
        let clear = try #require(rest.range(of: "\r\u{1B}[K"))
        #expect(rest[clear.upperBound...].hasPrefix(tree.root + "/logs/audit.log: OK"), "\(rest.prefix(200))")
        let scan = try run(which("script")!, ["-qec", "'\(bin)' scan '\(tree.root)'", "/dev/null"], env: env)
        #expect(scan.stdout.contains("auditpack: scanning"), "\(scan.stdout.prefix(300))")
        // Piped: nothing but the result.
        let piped = try run(bin, ["verify-logs", tree.root + "/logs/audit.log"], env: env)
        #expect(piped.status == 0 && piped.stderr.isEmpty && !piped.stdout.contains("verifying"), "\(piped.stderr)")
    }

    @Test("--evaluate-python imports settings with Python and names each difference, never a secret",
          .enabled(if: which("python3") != nil, "python3 not installed: --evaluate-python not checked"))
    func evaluatePython() throws {
        // The example: Python's LOGGING equals the static reading.
        let copy = try ExampleCopy()
        defer { copy.remove() }
        let ex = try run(bin, ["scan", copy.root, "--evaluate-python"])
        #expect(ex.status == 0 && ex.stderr.contains("shop.settings loaded with python3; LOGGING matches the static reading"), "\(ex.stderr)")
        #expect(!ex.stdout.contains("--evaluate-python"))

        let tree = try TempTree(["app/settings.py": """
        import os
        LOGGING = {"version": 1, "handlers": {
            "file": {"class": "logging.FileHandler", "filename": os.environ["AUDIT_LOG"]},
            "splunk": {"class": "splunk_handler.SplunkHandler", "token": os.environ["SPLUNK_TOKEN"], "host": "splunk"}},
            "root": {"handlers": ["file"]}}
        print("settings loaded")  # settings that print must not spoil the result
        LOGGING["handlers"]["mail"] = {"class": "logging.handlers.SMTPHandler", "mailhost": "smtp", "fromaddr": "a@x", "toaddrs": ["b@x"],
                                       "subject": "s", "credentials": ("user", os.environ["SPLUNK_TOKEN"])}
        """, "broken/settings.py": "import no_such_module_here\nLOGGING = {'version': 1}\n",
        "quoting/settings.py": "import os\nPORT = int(os.environ['SPLUNK_TOKEN'])\nLOGGING = {'version': 1}\n"])
        defer { tree.remove() }
        let secret = "planted-evaluated-token-8c1d"
        let r = try run(bin, ["check", tree.root, "--evaluate-python", "--format", "json", "--fail-on", "none"],
                        env: ["AUDIT_LOG": "/var/log/app/audit.log", "SPLUNK_TOKEN": secret])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("LOGGING[handlers][file][filename]: the static reading could not resolve") && r.stdout.contains("/var/log/app/audit.log"))
        #expect(r.stdout.contains("LOGGING[handlers][splunk][token]") && r.stdout.contains("Python loads a value (not shown)"))
        #expect(r.stdout.contains("could not import") && r.stdout.contains("no_such_module_here"))
        #expect(r.stdout.contains("LOGGING[handlers][mail]"), "a printing settings module is still compared")
        #expect(r.stdout.contains("ValueError raised while importing the settings"), "the exception is named, its message (quoting the value) is not")
        #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret), "an evaluated secret leaked")
        // Without the flag nothing is imported.
        let plain = try run(bin, ["check", tree.root, "--format", "json", "--fail-on", "none"], env: ["SPLUNK_TOKEN": secret])
        #expect(!plain.stdout.contains("--evaluate-python"))
    }

    @Test("attest records a valid attestation that check then reads")
    func attestFlow() throws {
        let tree = try TempTree(["auditpack.yml": "version: 1\n"])
        defer { tree.remove() }
        let cfg = tree.root + "/auditpack.yml"
        let r = try run(bin, ["attest", "MAN-02", "--by", "Dana \"D\" Lee", "--note", "IR plan v3: approved", "--date", "2026-11-01", "--config", cfg])
        #expect(r.status == 0, "\(r.stderr)")
        let list = try run(bin, ["attest", "--list", "--config", cfg], env: ["SOURCE_DATE_EPOCH": "1796342400"])
        #expect(list.stdout.contains("PASS  MAN-02"), "\(list.stdout)")
        #expect(try run(bin, ["attest", "LOG-01", "--by", "x", "--config", cfg]).status == 2)
    }

    @Test("init writes a config that loads, and the default templates and checklist")
    func initScaffold() throws {
        let tree = try TempTree([:])
        defer { tree.remove() }
        #expect(try run(bin, ["init", tree.root]).status == 0)
        #expect(try AuditConfig.load(path: tree.root + "/auditpack.yml").organization == "Your organization")
        #expect(try Checklist.load(path: tree.root + "/policies").items.count == 36)
        #expect(try run(bin, ["init", tree.root]).status == 2, "refuses to overwrite")
    }

    @Test("explain prints criteria, parameters as configured and the fix")
    func explain() throws {
        let r = try run(bin, ["explain", "RET-01"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("TSC: CC7.2, C1.2") && r.stdout.contains("min_days: 90") && r.stdout.contains("How to fix"))
    }
}
