import Foundation
import Testing
@testable import AuditpackCore

/// Defects an independent review of the safe-output, path and secret changes found, each
/// reproduced here against the built binary or the library.
@Suite("Review findings stay fixed", .enabled(if: Paths.binary != nil, "auditpack binary not built (swift build first)"))
struct ReviewRegressionTests {
    let bin = Paths.binary ?? ""

    func sandbox() throws -> String {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-review-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: top, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Paths.example, toPath: top + "/proj")
        return top
    }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test("a file that merely mentions auditpack is not ours: check refuses to overwrite auditpack.yml or notes")
    func mentionIsNotOwnership() throws {
        let top = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: top) }
        try write(top + "/notes.txt", "run auditpack weekly\nkeep\n")
        let config = try String(contentsOfFile: top + "/proj/auditpack.yml", encoding: .utf8)
        for target in ["proj/auditpack.yml", "notes.txt"] {
            for format in ["sarif", "json", "table", "junit", "oscal"] {
                let r = try run(bin, ["check", "proj", "--format", "\(format):\(target)", "--fail-on", "none", "--date", "2026-12-06"], cwd: top)
                #expect(r.status == 2, "\(format):\(target) was overwritten")
            }
        }
        #expect(try String(contentsOfFile: top + "/proj/auditpack.yml", encoding: .utf8) == config)
        #expect(try String(contentsOfFile: top + "/notes.txt", encoding: .utf8) == "run auditpack weekly\nkeep\n")
    }

    @Test("an output swapped for a symlink while the scan runs is refused at write time, not followed",
          .enabled(if: which("sh") != nil, "no sh"))
    func swapDuringRun() throws {
        let top = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: top) }
        try write(top + "/victim/file.txt", "precious\n")
        // --evaluate-python runs this "python" in the middle of the run: it plants the link.
        try write(top + "/attacker.sh", "#!/bin/sh\nln -s \(top)/victim \(top)/out\nexit 1\n")
        chmod(top + "/attacker.sh", 0o755)
        let r = try run(bin, ["packet", "proj", "-o", "out", "--evaluate-python", "--python", top + "/attacker.sh", "--date", "2026-12-06"], cwd: top)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(try String(contentsOfFile: top + "/victim/file.txt", encoding: .utf8) == "precious\n")
        #expect(!FileManager.default.fileExists(atPath: top + "/victim/MANIFEST.sha256"))
    }

    @Test("--force never replaces a root reached through `link/..`, nor a folder inside a root")
    func forceAndDotDot() throws {
        let top = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: top) }
        try FileManager.default.createDirectory(atPath: top + "/real", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: top + "/proj", toPath: top + "/real/proj")
        try FileManager.default.createDirectory(atPath: top + "/w", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: top + "/w/link", withDestinationPath: "../real/proj")
        try write(top + "/real/proj/src/main.py", "print('x')\n")
        // The root is w/link/.. which the kernel resolves to real/ — a parent of real/proj.
        var r = try run(bin, ["packet", "w/link/..", "-o", "real", "--force", "--date", "2026-12-06"], cwd: top)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: top + "/real/proj/src/main.py"))
        r = try run(bin, ["packet", "real/proj", "-o", "real/proj/src", "--force", "--date", "2026-12-06"], cwd: top)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: top + "/real/proj/src/main.py"))
    }

    @Test("two planted empty files do not hide a folder from the scan")
    func fakePacketFolder() throws {
        let top = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: top) }
        let before = try evaluate(top + "/proj").facts.configs.count
        try write(top + "/proj/deploy/MANIFEST.sha256", "")
        try write(top + "/proj/deploy/results.json", "")
        let after = try evaluate(top + "/proj").facts.configs.count
        #expect(after == before)
    }

    @Test("history: packet and history never change a database that is not auditpack's; review refuses an empty file")
    func foreignHistory() throws {
        let top = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: top) }
        // A user's SQLite database with a table of their own.
        let r0 = try run(which("python3") ?? "/usr/bin/python3", ["-c", "import sqlite3; c=sqlite3.connect('\(top)/user.db'); c.execute('create table contacts(x)'); c.commit()"])
        guard r0.status == 0 else { return }
        let before = FileManager.default.contents(atPath: top + "/user.db")
        let p = try run(bin, ["packet", "proj", "-o", "p", "--history", "user.db", "--date", "2026-12-06"], cwd: top)
        #expect(p.status == 2, "\(p.stderr)")
        #expect(try run(bin, ["history", "--history", "user.db"], cwd: top).status == 2)
        #expect(try run(bin, ["review", "proj", "--history", "user.db", "-o", "rv", "--date", "2026-12-06"], cwd: top).status == 2)
        #expect(FileManager.default.contents(atPath: top + "/user.db") == before)
        try write(top + "/proj/empty.py", "")
        #expect(try run(bin, ["review", "proj", "--history", "proj/empty.py", "-o", "rv", "--date", "2026-12-06"], cwd: top).status == 2)
        #expect(FileManager.default.contents(atPath: top + "/proj/empty.py")?.isEmpty == true)
    }

    @Test("-o out/ --zip writes out.zip beside the folder; init never writes through a linked folder")
    func trailingSlashAndInit() throws {
        let top = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: top) }
        #expect(try run(bin, ["packet", "proj", "-o", "out/", "--zip", "--date", "2026-12-06"], cwd: top).status == 0)
        #expect(FileManager.default.fileExists(atPath: top + "/out.zip"))
        #expect(try run(bin, ["verify-packet", "out"], cwd: top).status == 0)
        try FileManager.default.createDirectory(atPath: top + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: top + "/d", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: top + "/d/templates", withDestinationPath: top + "/elsewhere")
        #expect(try run(bin, ["init", top + "/d"]).status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: top + "/elsewhere").isEmpty)
    }

    @Test("CRLF configs: a secret after a comment line is found on its own line, and the evidence copy keeps every line")
    func crlf() throws {
        let tree = try TempTree(["alertmanager.yml": "# comment\r\nglobal:\r\n  smtp_auth_password: Hunter2Secret99\r\nroute:\r\n  receiver: a\r\nreceivers:\r\n  - name: a\r\n"])
        defer { tree.remove() }
        let session = try evaluate(tree.root)
        #expect(session.facts.secrets.map(\.line) == [3])
        let copy = Redactor.redact(try String(contentsOfFile: tree.root + "/alertmanager.yml", encoding: .utf8))
        #expect(copy.components(separatedBy: "\r\n").count == 8)
        #expect(!copy.contains("Hunter2Secret99"))
    }

    @Test("a line of 5,000 YAML anchors does not exhaust the stack")
    func anchorRecursion() {
        let line = "# token: " + String(repeating: "& ", count: 5_000) + "x"
        _ = SecretScanner.scan(line, python: false)
        let yaml = "token: " + String(repeating: "&a ", count: 5_000) + "s3cretValue1"
        #expect(SecretScanner.scan(yaml, python: false).count == 1)
    }
}

/// A repository's own auditpack.yml cannot make the scan read outside the roots: its
/// scan.log_dirs outside them are listed as not scanned unless the config is given with
/// --config.
@Suite("Configuration inside a root")
struct UntrustedConfigTests {
    @Test("log_dirs outside the roots from an auto-loaded auditpack.yml are not read; with --config they are")
    func untrustedLogDirs() throws {
        let outside = try TempTree(["app.log": "x\n"])
        defer { outside.remove() }
        let tree = try TempTree(["auditpack.yml": "version: 1\nscan:\n  log_dirs: [\(outside.root)]\n", "app/settings.py": "INSTALLED_APPS = []\n"])
        defer { tree.remove() }
        let auto = try Auditpack.run(RunOptions(roots: [tree.root], date: "2026-12-06", environment: [:]))
        #expect(!auto.facts.logDirs.contains { $0.absPath == outside.root })
        #expect(auto.facts.notScanned.contains { $0.path == outside.root && $0.what.contains("--config") })
        let given = try Auditpack.run(RunOptions(roots: [tree.root], configPath: tree.root + "/auditpack.yml", date: "2026-12-06", environment: [:]))
        #expect(given.facts.logDirs.contains { $0.absPath == outside.root })
    }
}
