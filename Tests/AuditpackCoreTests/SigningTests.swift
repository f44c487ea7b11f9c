import Crypto
import Foundation
import Testing
@testable import AuditpackCore

/// Signed packets: keygen, packet --sign-key, verify-packet --key, and the same envelope
/// judged by the Python readers auditors use (securesystemslib for DSSE, in-toto-attestation
/// for the Statement) through scripts/verify_attestation.py.
@Suite("Signed packets (in-toto Statement in a DSSE envelope, Ed25519)", .enabled(if: Paths.binary != nil, "auditpack binary not built"))
struct SigningTests {
    let bin = Paths.binary ?? ""

    static let python: Bool = {
        guard let py = which("python3") else { return false }
        return (try? run(py, ["-c", "import securesystemslib.dsse, in_toto_attestation.v1.statement, cryptography"]).status) == 0
    }()

    struct Signed {
        let top: String
        var packet: String { top + "/p" }
        var pub: String { top + "/keys/auditpack.pub" }
        var otherPub: String { top + "/other/auditpack.pub" }
    }

    func signedPacket() throws -> Signed {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-sign-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: top, withIntermediateDirectories: true)
        #expect(try run(bin, ["keygen", "-o", "keys"], cwd: top).status == 0)
        #expect(try run(bin, ["keygen", "-o", "other"], cwd: top).status == 0)
        let r = try run(bin, ["packet", Paths.example, "-o", "p", "--zip", "--sign-key", "keys/auditpack.key", "--target", "shop-prod", "--date", "2026-12-06"],
                        cwd: top, env: ["SOURCE_DATE_EPOCH": "1796515200"])
        #expect(r.status == 0, "\(r.stderr)")
        return Signed(top: top)
    }

    @Test("keygen writes a 0600 private key and never overwrites one")
    func keygen() throws {
        let s = try signedPacket()
        defer { try? FileManager.default.removeItem(atPath: s.top) }
        #expect(SafeFile.lstat(s.top + "/keys/auditpack.key")?.0.mode == 0o600)
        let before = FileManager.default.contents(atPath: s.top + "/keys/auditpack.key")
        #expect(try run(bin, ["keygen", "-o", "keys"], cwd: s.top).status == 2)
        #expect(FileManager.default.contents(atPath: s.top + "/keys/auditpack.key") == before)
    }

    @Test("verify-packet --key: a signed packet verifies; a changed file, a changed statement or another key fails")
    func verifyWithKey() throws {
        let s = try signedPacket()
        defer { try? FileManager.default.removeItem(atPath: s.top) }
        var r = try run(bin, ["verify-packet", s.packet, "--key", s.pub])
        #expect(r.status == 0 && r.stdout.contains("SIGNED"), "\(r.stdout)")
        #expect(try run(bin, ["verify-packet", s.packet + ".zip", "--key", s.pub]).status == 0)
        // Another key.
        r = try run(bin, ["verify-packet", s.packet, "--key", s.otherPub])
        #expect(r.status == 1 && r.stdout.contains("does not verify"), "\(r.stdout)")
        // Without a key: reported as signed by an unchecked key, files still compared.
        r = try run(bin, ["verify-packet", s.packet])
        #expect(r.status == 0 && r.stdout.contains("NOT verified"), "\(r.stdout)")
        // A statement changed without re-signing.
        let attestation = s.packet + "/" + PacketSigning.attestationFile
        let original = try String(contentsOfFile: attestation, encoding: .utf8)
        var env = try #require(try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
        var payload = String(decoding: Data(base64Encoded: env["payload"] as! String)!, as: UTF8.self)
        payload = payload.replacingOccurrences(of: "\"FAILED\"", with: "\"PASSED\"")
        env["payload"] = Data(payload.utf8).base64EncodedString()
        try JSONSerialization.data(withJSONObject: env).write(to: URL(fileURLWithPath: attestation))
        #expect(try run(bin, ["verify-packet", s.packet, "--key", s.pub]).status == 1)
        try original.write(toFile: attestation, atomically: true, encoding: .utf8)
        // A packet file changed (and its manifest line with it: only the signature catches that).
        let policy = s.packet + "/policy.md"
        try (try String(contentsOfFile: policy, encoding: .utf8) + "\nAll controls pass.\n").write(toFile: policy, atomically: true, encoding: .utf8)
        r = try run(bin, ["verify-packet", s.packet, "--key", s.pub])
        #expect(r.status == 1 && r.stdout.contains("policy.md"), "\(r.stdout)")
        // An unsigned packet fails when a key is required.
        let u = try run(bin, ["packet", Paths.example, "-o", "u", "--date", "2026-12-06"], cwd: s.top)
        #expect(u.status == 0)
        #expect(try run(bin, ["verify-packet", s.top + "/u", "--key", s.pub]).status == 1)
    }

    @Test("the Python readers (securesystemslib, in-toto-attestation) accept the envelope and reject the same tampering",
          .enabled(if: SigningTests.python, "PyPI securesystemslib[crypto]/in-toto-attestation not installed: interop SKIPPED"))
    func pythonReaders() throws {
        let s = try signedPacket()
        defer { try? FileManager.default.removeItem(atPath: s.top) }
        let script = Paths.package + "/scripts/verify_attestation.py"
        var r = try run(which("python3")!, [script, s.packet, s.pub])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(out["result"] as? String == "FAILED")
        #expect((out["subjects"] as? Int ?? 0) > 20)
        r = try run(which("python3")!, [script, s.packet, s.otherPub])
        #expect(r.status == 1, "another key accepted: \(r.stdout)")
        try Data("tampered\n".utf8).write(to: URL(fileURLWithPath: s.packet + "/checklist.md"))
        r = try run(which("python3")!, [script, s.packet, s.pub])
        #expect(r.status == 1 && r.stdout.contains("checklist.md"), "\(r.stdout)")
    }
}

@Suite("verify-packet --max-age", .enabled(if: Paths.binary != nil, "auditpack binary not built"))
struct PacketAgeTests {
    @Test("a packet older than --max-age fails; a fresh one passes; a bad span is a usage error")
    func maxAge() throws {
        let bin = Paths.binary!
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-age-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: top, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: top) }
        #expect(try run(bin, ["packet", Paths.example, "-o", "p", "--date", "2026-11-01"], cwd: top).status == 0)
        let today = ["SOURCE_DATE_EPOCH": "1796515200"]  // 2026-12-06
        let stale = try run(bin, ["verify-packet", "p", "--max-age", "7d"], cwd: top, env: today)
        #expect(stale.status == 1 && stale.stdout.contains("STALE"), "\(stale.stdout)")
        #expect(try run(bin, ["verify-packet", "p", "--max-age", "6w"], cwd: top, env: today).status == 0)
        #expect(try run(bin, ["verify-packet", "p", "--max-age", "soon"], cwd: top, env: today).status == 2)
    }
}

/// `packet --pdf`: printed by headless Chromium, read back with pypdf.
@Suite("packet --pdf", .enabled(if: Paths.binary != nil, "auditpack binary not built"))
struct PacketPDFTests {
    static let ready: Bool = {
        guard PacketPDF.browser() != nil, let py = which("python3") else { return false }
        return (try? run(py, ["-c", "import pypdf"]).status) == 0
    }()

    @Test("a sealed packet.pdf: several pages, every item id, no raw markup, every font embedded",
          .enabled(if: PacketPDFTests.ready, "chromium or PyPI pypdf not installed: PDF test SKIPPED"))
    func pdf() throws {
        let bin = Paths.binary!
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-pdf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: top, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: top) }
        let r = try run(bin, ["packet", Paths.example, "-o", "p", "--pdf", "--date", "2026-12-06"], cwd: top)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: top + "/p/MANIFEST.sha256", encoding: .utf8).contains("  packet.pdf\n"))
        #expect(try run(bin, ["verify-packet", "p"], cwd: top).status == 0)
        let check = try run(which("python3")!, [Paths.package + "/scripts/pdf_check.py", top + "/p/packet.pdf"])
        let out = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check.stderr)")
        #expect((out["pages"] as? Int ?? 0) >= 5)
        let ids = Set(out["ids"] as? [String] ?? [])
        let expected = Set(try evaluate(Paths.example).results.items.map(\.id))
        #expect(expected.isSubset(of: ids), "missing from the PDF: \(expected.subtracting(ids).sorted())")
        #expect(out["raw_markup"] as? Bool == false)
        let fonts = out["fonts"] as? [[String: Any]] ?? []
        #expect(!fonts.isEmpty && fonts.allSatisfy { $0["embedded"] as? Bool == true }, "\(fonts)")
    }

    @Test("without Chromium, --pdf is a clear input error and nothing is written")
    func noBrowser() throws {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-nopdf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: top, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: top) }
        let r = try run(Paths.binary!, ["packet", Paths.example, "-o", "p", "--pdf", "--date", "2026-12-06"], cwd: top,
                        env: ["PATH": "/nonexistent", "AUDITPACK_CHROMIUM": ""])
        #expect(r.status == 2 && r.stderr.contains("Chromium"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: top + "/p"))
    }
}

/// A second review's findings on signing and --pdf, each reproduced.
@Suite("Signing and PDF review findings", .enabled(if: Paths.binary != nil, "auditpack binary not built"))
struct SigningReviewTests {
    let bin = Paths.binary ?? ""

    func sandbox() throws -> String {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-sr-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: top, withIntermediateDirectories: true)
        #expect(try run(bin, ["keygen", "-o", "keys"], cwd: top).status == 0)
        return top
    }

    @Test("a zip with a second entry of the same name (or another top folder) does not verify")
    func forgedZip() throws {
        let top = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: top) }
        #expect(try run(bin, ["packet", Paths.example, "-o", "pk", "--zip", "--sign-key", "keys/auditpack.key", "--date", "2026-12-06"], cwd: top).status == 0)
        let url = URL(fileURLWithPath: top + "/pk.zip")
        try ZipTestSupport.addFile(to: url, path: "zz/policy.html", data: Data("original".utf8))
        #expect(try run(bin, ["verify-packet", "pk.zip", "--key", "keys/auditpack.pub"], cwd: top).status == 1)
        #expect(try run(bin, ["packet", Paths.example, "-o", "pk2", "--zip", "--sign-key", "keys/auditpack.key", "--date", "2026-12-06"], cwd: top).status == 0)
        try ZipTestSupport.addFile(to: URL(fileURLWithPath: top + "/pk2.zip"), path: "pk2/policy.html", data: Data("second".utf8))
        #expect(try run(bin, ["verify-packet", "pk2.zip", "--key", "keys/auditpack.pub"], cwd: top).status == 1)
    }

    @Test("the signing key never reaches a child process nor an error message")
    func keyStaysHome() throws {
        let top = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: top) }
        let pem = try String(contentsOfFile: top + "/keys/auditpack.key", encoding: .utf8)
        // --evaluate-python runs this "python": it records the environment it was given.
        try Data("#!/bin/sh\nenv > \(top)/child-env.txt\nexit 1\n".utf8).write(to: URL(fileURLWithPath: top + "/spy.sh"))
        chmod(top + "/spy.sh", 0o755)
        let r = try run(bin, ["packet", Paths.example, "-o", "pk", "--evaluate-python", "--python", top + "/spy.sh", "--date", "2026-12-06"],
                        cwd: top, env: ["AUDITPACK_SIGN_KEY": pem])
        #expect(r.status == 0, "\(r.stderr)")
        let childEnv = (try? String(contentsOfFile: top + "/child-env.txt", encoding: .utf8)) ?? ""
        #expect(!childEnv.isEmpty, "the spy did not run: the check would be blind")
        #expect(!childEnv.contains("PRIVATE KEY") && !childEnv.contains("AUDITPACK_SIGN_KEY"))
        #expect(r.stdout.contains("signed"))
        // A value that is neither a file nor a PEM is not echoed.
        let body = pem.split(separator: "\n")[1]
        let bad = try run(bin, ["packet", Paths.example, "-o", "pk3", "--date", "2026-12-06"], cwd: top, env: ["AUDITPACK_SIGN_KEY": String(body)])
        #expect(bad.status == 2 && !bad.stderr.contains(body), "\(bad.stderr)")
    }

    @Test("an attestation with a second envelope line is refused")
    func twoEnvelopes() throws {
        let top = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: top) }
        #expect(try run(bin, ["packet", Paths.example, "-o", "pk", "--sign-key", "keys/auditpack.key", "--date", "2026-12-06"], cwd: top).status == 0)
        let a = top + "/pk/" + PacketSigning.attestationFile
        let line = try String(contentsOfFile: a, encoding: .utf8)
        try (line + line).write(toFile: a, atomically: true, encoding: .utf8)
        #expect(try run(bin, ["verify-packet", "pk", "--key", "keys/auditpack.pub"], cwd: top).status == 1)
    }

    @Test("a custom template cannot pull a host file or the network into packet.pdf",
          .enabled(if: PacketPDFTests.ready, "chromium or PyPI pypdf not installed: SKIPPED"))
    func pdfTemplateCannotReach() throws {
        let top = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: top) }
        try FileManager.default.copyItem(atPath: Paths.example, toPath: top + "/proj")
        try Data("HOSTSECRET-7f3a\n".utf8).write(to: URL(fileURLWithPath: top + "/hostsecret.txt"))
        try FileManager.default.createDirectory(atPath: top + "/proj/tpl", withIntermediateDirectories: true)
        let policy = try String(contentsOfFile: Paths.package + "/templates/policy.html.mustache", encoding: .utf8)
        try (policy + "<iframe src=\"file://\(top)/hostsecret.txt\"></iframe><object data=\"file://\(top)/hostsecret.txt\"></object>")
            .write(toFile: top + "/proj/tpl/policy.html.mustache", atomically: true, encoding: .utf8)
        let cfg = top + "/proj/auditpack.yml"
        try (try String(contentsOfFile: cfg, encoding: .utf8) + "\ntemplates: ./tpl\n").write(toFile: cfg, atomically: true, encoding: .utf8)
        let r = try run(bin, ["packet", "proj", "-o", "pk", "--pdf", "--date", "2026-12-06"], cwd: top)
        #expect(r.status == 0, "\(r.stderr)")
        let check = try run("/usr/bin/env", ["python3", "-c", "import pypdf,sys; print('\\n'.join(p.extract_text() or '' for p in pypdf.PdfReader(sys.argv[1]).pages))", top + "/pk/packet.pdf"])
        #expect(!check.stdout.isEmpty)
        #expect(!check.stdout.contains("HOSTSECRET-7f3a"), "a host file was framed into the PDF")
    }

    @Test("a README in logrotate.d or journald.conf.d is documentation, not a config")
    func readmeInConfigFolder() throws {
        let tree = try TempTree(["etc/logrotate.d/README.md": "# About\nThese files rotate logs {\n  daily\n}\n", "etc/systemd/journald.conf.d/README.md": "# Notes\n"])
        defer { tree.remove() }
        let facts = try evaluate(tree.root).facts
        #expect(facts.configs.isEmpty, "\(facts.configs.map(\.relPath))")
    }
}
