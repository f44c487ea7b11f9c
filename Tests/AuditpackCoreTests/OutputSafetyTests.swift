import Foundation
import Testing
import ZIPFoundation
@testable import AuditpackCore

/// Every command that writes: what it replaces, what it refuses (exit 2, nothing changed),
/// manifests that `sha256sum -c` and `verify-packet` accept whatever the names, verification
/// that a symlink cannot fool, and a history many runs share at once.
@Suite("Safe outputs and honest verification", .enabled(if: Paths.binary != nil, "auditpack binary not built (swift build first)"))
struct OutputSafetyTests {
    let bin = Paths.binary ?? ""

    /// A sandbox: `work/` (the current folder of every run) holding `proj/` (a copy of the
    /// example, the scanned root) and `docs/` (a user's folder with files).
    struct Sandbox {
        let top: String
        var work: String { top + "/work" }
        var proj: String { work + "/proj" }
        var docs: String { work + "/docs" }

        init() throws {
            top = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-out-\(UUID().uuidString)").path
            let fm = FileManager.default
            try fm.createDirectory(atPath: top + "/work/docs/sub", withIntermediateDirectories: true)
            try fm.copyItem(atPath: Paths.example, toPath: top + "/work/proj")
            try Data("my thesis\n".utf8).write(to: URL(fileURLWithPath: top + "/work/docs/thesis.txt"))
            try Data("notes\n".utf8).write(to: URL(fileURLWithPath: top + "/work/docs/sub/notes.md"))
        }

        func remove() { try? FileManager.default.removeItem(atPath: top) }
    }

    /// path → SHA-256 (or link target / "dir") of everything under `dir`, links not followed.
    static func snapshot(_ dir: String) -> [String: String] {
        var out: [String: String] = [:]
        guard let e = FileManager.default.enumerator(atPath: dir) else { return out }
        while let rel = e.nextObject() as? String {
            let p = dir + "/" + rel
            guard let st = SafeFile.lstat(p) else { continue }
            if st.isLink { out[rel] = "link:" + Discovery.linkTarget(p) }
            else if st.isDir { out[rel] = "dir" }
            else { out[rel] = PacketWriter.sha256Hex(FileManager.default.contents(atPath: p) ?? Data()) }
        }
        return out
    }

    func auditpack(_ args: [String], in box: Sandbox, env: [String: String] = [:]) throws -> ProcessResult {
        try run(bin, args, cwd: box.work, env: ["AUDITPACK_PROGRESS_AFTER": "999"].merging(env) { _, b in b })
    }

    @Test("packet -o refuses the scanned root, its parent, the current folder, home, / and a user's folder, changing nothing",
          arguments: [("proj", "scanned root"), (".", "current folder"), ("..", "parent of the scanned root"),
                      ("docs", "not a packet auditpack wrote"), ("/", "filesystem root"), ("HOME", "home folder"),
                      ("proj/..", "current folder")])
    func refusesFolders(target: String, why: String) throws {
        let box = try Sandbox()
        defer { box.remove() }
        let before = Self.snapshot(box.top)
        let out = target == "HOME" ? box.docs : target
        let r = try auditpack(["packet", "proj", "-o", out, "--date", "2026-12-06"], in: box, env: target == "HOME" ? ["HOME": box.docs] : [:])
        #expect(r.status == 2, "\(target): \(r.stderr)")
        #expect(r.stderr.contains("auditpack: error:"), "\(r.stderr)")
        #expect(r.stderr.contains(why.split(separator: " ").last.map(String.init) ?? why), "\(target): \(r.stderr)")
        #expect(Self.snapshot(box.top) == before, "\(target) changed files")
        // --force never overrides the protected ones; on a plain user folder it is the only way.
        if target != "docs" {
            let f = try auditpack(["packet", "proj", "-o", out, "--force", "--date", "2026-12-06"], in: box, env: target == "HOME" ? ["HOME": box.docs] : [:])
            #expect(f.status == 2, "--force \(target): \(f.stderr)")
            #expect(Self.snapshot(box.top) == before)
        }
    }

    @Test("one-letter names and a new folder work; a packet auditpack wrote is replaced; a packet with an extra file is not")
    func replacesOnlyOwnPackets() throws {
        let box = try Sandbox()
        defer { box.remove() }
        for _ in 0..<2 {
            let r = try auditpack(["packet", "proj", "-o", "p", "--date", "2026-12-06"], in: box)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(FileManager.default.fileExists(atPath: box.work + "/p/MANIFEST.sha256"))
        }
        // An empty folder is fine (nothing to lose).
        try FileManager.default.createDirectory(atPath: box.work + "/empty", withIntermediateDirectories: false)
        #expect(try auditpack(["packet", "proj", "-o", "empty", "--date", "2026-12-06"], in: box).status == 0)
        // A file the packet does not list makes the folder not provably ours.
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: box.work + "/p/mine.txt"))
        let before = Self.snapshot(box.work + "/p")
        let r = try auditpack(["packet", "proj", "-o", "p", "--date", "2026-12-06"], in: box)
        #expect(r.status == 2)
        #expect(r.stderr.contains("mine.txt"), "\(r.stderr)")
        #expect(Self.snapshot(box.work + "/p") == before)
        // --force replaces a plain folder that is not protected.
        let f = try auditpack(["packet", "proj", "-o", "docs", "--force", "--date", "2026-12-06"], in: box)
        #expect(f.status == 0, "\(f.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.docs + "/thesis.txt"))
        #expect(try run(bin, ["verify-packet", "docs"], cwd: box.work).status == 0)
    }

    @Test("a packet inside the scanned root is skipped by the scan, and so is an earlier one")
    func packetInsideRoot() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let first = try auditpack(["packet", "proj", "-o", "proj/packet-out", "--date", "2026-12-06"], in: box)
        #expect(first.status == 0, "\(first.stderr)")
        let baseline = try auditpack(["check", "proj", "--format", "json", "--date", "2026-12-06", "--fail-on", "none"], in: box)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(baseline.stdout.utf8)) as? [String: Any])
        let issues = (json["parseIssues"] as? [[String: Any]]) ?? []
        #expect(issues.contains { ($0["path"] as? String) == "packet-out" && ($0["message"] as? String ?? "").contains("never graded") })
        // Nothing from the packet's evidence copies is read as configuration.
        #expect(!baseline.stdout.contains("packet-out/evidence"), "packet evidence was scanned")
        // A second run writes over its own packet inside the root.
        #expect(try auditpack(["packet", "proj", "-o", "proj/packet-out", "--date", "2026-12-06"], in: box).status == 0)
    }

    @Test("-o as a symlink writes to its target and says so; a dangling one is refused")
    func symlinkOutput() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(atPath: box.work + "/target", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: box.work + "/link", withDestinationPath: "target")
        let r = try auditpack(["packet", "proj", "-o", "link", "--date", "2026-12-06"], in: box)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("symbolic link"), "\(r.stderr)")
        #expect(SafeFile.lstat(box.work + "/link")?.isLink == true)
        #expect(FileManager.default.fileExists(atPath: box.work + "/target/MANIFEST.sha256"))
        // A link to a protected folder is judged by its target.
        try FileManager.default.createSymbolicLink(atPath: box.work + "/toproj", withDestinationPath: "proj")
        #expect(try auditpack(["packet", "proj", "-o", "toproj", "--date", "2026-12-06"], in: box).status == 2)
        try FileManager.default.createSymbolicLink(atPath: box.work + "/dangling", withDestinationPath: "nowhere/x")
        let d = try auditpack(["packet", "proj", "-o", "dangling", "--date", "2026-12-06"], in: box)
        #expect(d.status == 2)
        #expect(!FileManager.default.fileExists(atPath: box.work + "/nowhere"))
    }

    @Test("--zip refuses a folder or a foreign file where the zip goes; a planted temp link is never written through")
    func zipSafety() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(atPath: box.work + "/z.zip/inner", withIntermediateDirectories: true)
        let before = Self.snapshot(box.work)
        let r = try auditpack(["packet", "proj", "-o", "z", "--zip", "--date", "2026-12-06"], in: box)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(Self.snapshot(box.work) == before, "a refused --zip left changes")
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: box.work + "/y.zip"))
        #expect(try auditpack(["packet", "proj", "-o", "y", "--zip", "--date", "2026-12-06"], in: box).status == 2)
        #expect(try String(contentsOfFile: box.work + "/y.zip", encoding: .utf8) == "not a zip")
        // Our own zip is replaced, and verifies.
        for _ in 0..<2 { #expect(try auditpack(["packet", "proj", "-o", "x", "--zip", "--date", "2026-12-06"], in: box).status == 0) }
        #expect(try run(bin, ["verify-packet", "x.zip"], cwd: box.work).status == 0)
        // The temporary file is created O_EXCL beside the target: a link planted anywhere
        // beside it is never written through.
        try FileManager.default.createSymbolicLink(atPath: box.work + "/victim-link", withDestinationPath: box.docs + "/thesis.txt")
        try OutputGuard.writeFile(Data("zip".utf8), to: box.work + "/w.zip")
        #expect(try String(contentsOfFile: box.docs + "/thesis.txt", encoding: .utf8) == "my thesis\n")
    }

    @Test("check, review, history and init refuse what is not theirs")
    func fileOutputs() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let before = Self.snapshot(box.top)
        let settings = "proj/shop/settings.py"
        for args in [["check", "proj", "--format", "json:docs"], ["check", "proj", "--format", "json:docs/thesis.txt"],
                     ["check", "proj", "--format", "json:" + settings], ["check", "proj", "--format", "sarif:proj"],
                     ["review", "proj", "-o", "proj", "--history", "h.sqlite"], ["review", "proj", "-o", ".", "--history", "h.sqlite"]] {
            let r = try auditpack(args + ["--date", "2026-12-06"], in: box)
            #expect(r.status == 2, "\(args): \(r.stderr)")
        }
        #expect(Self.snapshot(box.top) == before)
        // Our own outputs are replaced on the next run.
        for _ in 0..<2 {
            let r = try auditpack(["check", "proj", "--format", "json:out.json", "--format", "table:out.txt", "--date", "2026-12-06", "--fail-on", "none"], in: box)
            #expect(r.status == 0, "\(r.stderr)")
        }
        // init --force rewrites its own files but never a link.
        let i = box.work + "/scaffold"
        #expect(try run(bin, ["init", i]).status == 0)
        try FileManager.default.removeItem(atPath: i + "/auditpack.yml")
        try FileManager.default.createSymbolicLink(atPath: i + "/auditpack.yml", withDestinationPath: box.docs + "/thesis.txt")
        #expect(try run(bin, ["init", i, "--force"]).status == 2)
        #expect(try String(contentsOfFile: box.docs + "/thesis.txt", encoding: .utf8) == "my thesis\n")
    }

    @Test("--history takes a bare file name; a dangling symlink or unwritable history writes no review record")
    func historyPaths() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let r = try auditpack(["review", "proj", "--history", "hist.sqlite", "-o", "reviews", "--date", "2026-12-06", "--fail-on", "none"], in: box)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: box.work + "/hist.sqlite"))
        let h = try run(bin, ["history", "--history", "hist.sqlite"], cwd: box.work)
        #expect(h.stdout.contains("2026-12-06"))

        try FileManager.default.createSymbolicLink(atPath: box.work + "/dangling.sqlite", withDestinationPath: "gone/h.sqlite")
        let d = try auditpack(["review", "proj", "--history", "dangling.sqlite", "-o", "reviews2", "--date", "2026-12-06"], in: box)
        #expect(d.status == 2)
        #expect(d.stderr.contains("symbolic link"), "\(d.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.work + "/reviews2"), "a review record was written before the history failed")
        #expect(!FileManager.default.fileExists(atPath: box.work + "/gone"))

        try FileManager.default.createDirectory(atPath: box.work + "/folder.sqlite", withIntermediateDirectories: false)
        let f = try auditpack(["review", "proj", "--history", "folder.sqlite", "-o", "reviews3", "--date", "2026-12-06"], in: box)
        #expect(f.status == 2)
        #expect(!FileManager.default.fileExists(atPath: box.work + "/reviews3"))
    }

    @Test("manifest lines use sha256sum's escaped form for names with newlines and backslashes")
    func manifestEscaping() throws {
        #expect(Manifest.line(hash: String(repeating: "a", count: 64), name: "plain/x.md") == String(repeating: "a", count: 64) + "  plain/x.md\n")
        let odd = "a\nb\\c\rd"
        let line = Manifest.line(hash: String(repeating: "b", count: 64), name: odd)
        #expect(line == "\\" + String(repeating: "b", count: 64) + "  a\\nb\\\\c\\rd\n")
        let parsed = try #require(Manifest.parseLine(line.dropLast()))
        #expect(parsed.name == odd)
        #expect(Manifest.parseLine("xyz  name") == nil)
        #expect(Manifest.parseLine("\\" + String(repeating: "b", count: 64) + "  bad\\q") == nil)
    }

    @Test("a tree whose file names hold newlines, backslashes and control bytes gives a packet sha256sum -c and verify-packet accept",
          .enabled(if: which("sha256sum") != nil, "sha256sum (coreutils) not installed"))
    func oddNamesVerify() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let dir = box.proj + "/deploy/logrotate.d"
        for name in ["new\nline", "back\\slash", "tab\tand\u{1}ctl", "cr\rname"] {
            try Data("/srv/shop/logs/odd.log {\n  daily\n  rotate 30\n}\n".utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        let r = try auditpack(["packet", "proj", "-o", "odd", "--zip", "--date", "2026-12-06"], in: box)
        #expect(r.status == 0, "\(r.stderr)")
        let manifest = try String(contentsOfFile: box.work + "/odd/MANIFEST.sha256", encoding: .utf8)
        #expect(manifest.contains("\\n"), "no escaped name in the manifest")
        let c = try run(which("sha256sum")!, ["-c", "--strict", "MANIFEST.sha256"], cwd: box.work + "/odd")
        #expect(c.status == 0, "\(c.stdout)\(c.stderr)")
        #expect(try run(bin, ["verify-packet", "odd"], cwd: box.work).status == 0)
        #expect(try run(bin, ["verify-packet", "odd.zip"], cwd: box.work).status == 0)
    }

    @Test("verify-packet never follows a symlink: a file replaced by a link, even to identical content, is tampering")
    func verifySymlinks() throws {
        let box = try Sandbox()
        defer { box.remove() }
        #expect(try auditpack(["packet", "proj", "-o", "p", "--date", "2026-12-06"], in: box).status == 0)
        let p = box.work + "/p"
        try FileManager.default.copyItem(atPath: p + "/policy.md", toPath: box.work + "/policy-copy.md")
        try FileManager.default.removeItem(atPath: p + "/policy.md")
        try FileManager.default.createSymbolicLink(atPath: p + "/policy.md", withDestinationPath: box.work + "/policy-copy.md")
        let r = try run(bin, ["verify-packet", "p"], cwd: box.work)
        #expect(r.status == 1)
        #expect(r.stdout.contains("NOT A FILE  policy.md"), "\(r.stdout)")
        #expect(r.stdout.contains("MISSING  policy.md"), "\(r.stdout)")
        // An extra link or folder entry in a zip is reported too.
        let files: [(String, Data)] = [("MANIFEST.sha256", Data())]
        let zip = try PacketZip.data(files, folderName: "q", date: "2026-12-06")
        try zip.write(to: URL(fileURLWithPath: box.work + "/q.zip"))
        #expect(try run(bin, ["verify-packet", "q.zip"], cwd: box.work).status == 0)
        let archiveURL = URL(fileURLWithPath: box.work + "/q.zip")
        try ZipTestSupport.addSymlink(to: archiveURL, path: "q/evil", target: "/etc/passwd")
        let z = try run(bin, ["verify-packet", "q.zip"], cwd: box.work)
        #expect(z.status == 1)
        #expect(z.stdout.contains("NOT A FILE  q/evil"), "\(z.stdout)")
    }

    @Test("8 processes × 6 reviews on one history database: every run recorded, none fails with a lock")
    func concurrentHistory() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let history = box.work + "/shared.sqlite"
        let processes = 8, runs = 6
        // Eight shell loops started at once, each running its six reviews back to back.
        var workers: [Process] = []
        for p in 0..<processes {
            let days = (0..<runs).map { String(format: "2026-%02d-%02d", 1 + p, 1 + $0) }.joined(separator: " ")
            let script = """
            for d in \(days); do
              "$BIN" review proj --history "$HIST" -o "$TOP/rev-\(p)" --date "$d" --fail-on none >/dev/null 2>>"$TOP/err-\(p)" || echo "$d exit $?" >>"$TOP/err-\(p)"
            done
            """
            let proc = Process()
            proc.executableURL = URL(fileURLWithPath: "/bin/sh")
            proc.arguments = ["-c", script]
            proc.currentDirectoryURL = URL(fileURLWithPath: box.work)
            proc.environment = ProcessInfo.processInfo.environment.merging(["BIN": bin, "HIST": history, "TOP": box.top, "AUDITPACK_PROGRESS_AFTER": "999"]) { _, b in b }
            try proc.run()
            workers.append(proc)
        }
        for w in workers { w.waitUntilExit() }
        var errors = ""
        for p in 0..<processes {
            errors += (try? String(contentsOfFile: box.top + "/err-\(p)", encoding: .utf8)) ?? ""
        }
        #expect(errors.isEmpty, "\(errors)")
        let store = try HistoryStore(path: history, create: false)
        #expect(try store.runs(limit: 1000).count == processes * runs)
    }

    @Test("a log folder whose files are newer than --date reports no negative age")
    func noNegativeAges() throws {
        let tree = try TempTree(["logs/app.log": "x\n", "logs/app.log.1": "y\n"], dirModes: ["logs": 0o750], mtime: Date())
        defer { tree.remove() }
        let session = try evaluate(tree.root, date: "2020-01-01")
        let text = session.results.items.map { $0.outcome.message + $0.outcome.details.joined() }.joined(separator: "\n")
        #expect(text.range(of: #"-\d+ days"#, options: .regularExpression) == nil, "\(text)")
        #expect(text.contains("dated after the run date"), "\(text)")
    }

    @Test("a logrotate file including itself 100,000 times: bounded work, issues folded")
    func selfIncludeBounded() throws {
        let conf = "weekly\nrotate 4\n" + String(repeating: "include /etc/logrotate.conf\n", count: 100_000)
        let tree = try TempTree(["etc/logrotate.conf": conf])
        defer { tree.remove() }
        let session = try evaluate(tree.root)
        let issues = session.facts.parseIssues.filter { $0.path == "etc/logrotate.conf" }
        #expect(issues.count <= 10, "\(issues.count) issues")
        #expect(issues.contains { $0.message.contains("more like it") })
        #expect(issues.contains { $0.message.contains("include directives") })
    }
}

enum ZipTestSupport {
    /// Appends a file entry to an existing zip (a forger's second copy of a name).
    static func addFile(to url: URL, path: String, data: Data) throws {
        let archive = try Archive(url: url, accessMode: .update)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    /// Adds a symbolic-link entry to an existing zip (what a forger could plant).
    static func addSymlink(to url: URL, path: String, target: String) throws {
        let archive = try Archive(url: url, accessMode: .update)
        let data = Data(target.utf8)
        try archive.addEntry(with: path, type: .symlink, uncompressedSize: Int64(data.count)) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}
