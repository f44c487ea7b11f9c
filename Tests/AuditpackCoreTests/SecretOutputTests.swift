import Foundation
import Testing
@testable import AuditpackCore

/// A secret whose value is a common word must be redacted where it is quoted and nowhere
/// else: every output of a run with the secret "pass" equals, once markers and hashes are
/// normalised, the output of a run whose secret is a long random token.
@Suite("Secrets are redacted where quoted and never corrupt the tool's own text",
       .enabled(if: Paths.binary != nil, "auditpack binary not built (swift build first)"))
struct SecretOutputTests {
    static func project(secret: String) throws -> TempTree {
        try TempTree([
            "app/settings.py": """
            INSTALLED_APPS = ["django.contrib.auth"]
            EMAIL_HOST_PASSWORD = "\(secret)"
            DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "\(secret)"}}
            LOGGING = {
                "version": 1,
                "formatters": {"f": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
                "handlers": {"file": {"class": "logging.handlers.TimedRotatingFileHandler", "filename": "/srv/app/logs/app.log",
                                      "when": "midnight", "backupCount": 30, "formatter": "f"}},
                "root": {"handlers": ["file"], "level": "INFO"},
            }
            """,
            "deploy/alertmanager.yml": """
            global:
              smtp_smarthost: 'localhost:25'
              smtp_from: 'alertmanager@example.org'
              smtp_auth_username: 'alertmanager'
              smtp_auth_password: '\(secret)'
            route:
              receiver: team
            receivers:
              - name: team
                email_configs:
                  - to: 'team@example.org'
            """,
            "auditpack.yml": "version: 1\nscan:\n  path_map:\n    /srv/app: .\n",
        ])
    }

    struct Outputs {
        var files: [String: String] = [:]
    }

    static func runAll(secret: String) throws -> (Outputs, TempTree, String) {
        let tree = try project(secret: secret)
        let out = tree.root + "-out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let bin = Paths.binary!
        let env = ["AUDITPACK_PROGRESS_AFTER": "999"]
        let date = ["--date", "2026-12-06"]
        let cfg = ["--config", tree.root + "/auditpack.yml"]
        var o = Outputs()
        let c = try run(bin, ["check", tree.root, "--fail-on", "none", "--format", "json:\(out)/r.json", "--format", "table:\(out)/t.txt",
                              "--format", "junit:\(out)/j.xml", "--format", "sarif:\(out)/s.sarif", "--format", "oscal:\(out)/o.json"] + cfg + date, cwd: out, env: env)
        #expect(c.status == 0, "\(c.stderr)")
        let p = try run(bin, ["packet", tree.root, "-o", "\(out)/packet", "--zip"] + cfg + date, cwd: out, env: env)
        #expect(p.status == 0, "\(p.stderr)")
        let r = try run(bin, ["review", tree.root, "-o", "\(out)/reviews", "--history", "\(out)/h.sqlite", "--fail-on", "none"] + cfg + date, cwd: out, env: env)
        #expect(r.status == 0, "\(r.stderr)")
        let h = try run(bin, ["history", "--history", "\(out)/h.sqlite", "--format", "json"], cwd: out)
        o.files["history.json"] = h.stdout
        o.files["check stdout"] = c.stdout
        o.files["packet stdout"] = p.stdout
        for f in ["r.json", "t.txt", "j.xml", "s.sarif", "o.json", "packet/results.json", "packet/checklist.md", "packet/checklist.html",
                  "packet/policy.md", "packet/review.md", "packet/evidence-index.md", "packet/index.html", "reviews/review-2026-12-06.md"] {
            o.files[f] = try String(contentsOfFile: "\(out)/\(f)", encoding: .utf8)
        }
        return (o, tree, out)
    }

    /// Markers, fingerprints, hashes and sizes differ between two secrets by design.
    static func normalise(_ s: String, tree: TempTree) -> String {
        var t = s.replacingOccurrences(of: tree.root, with: "ROOT")
        for (pattern, with) in [(#"REDACTED:[a-z-]+:[0-9a-f]{8}"#, "REDACTED"), (#"fingerprint [0-9a-f]{8}"#, "fingerprint F"),
                                (#"[0-9a-f]{64}"#, "HASH"), (#"urn:uuid:[0-9a-f-]{36}"#, "UUID"), (#"\b\d{3,6} bytes\b"#, "N bytes"),
                                (#""scanTime" : "[^"]*""#, "\"scanTime\" : T")] {
            t = t.replacingOccurrences(of: pattern, with: with, options: .regularExpression)
        }
        return t
    }

    @Test("the tool's own words survive a secret that is a common word, an item id or a single letter",
          arguments: ["password", "pass", "admin", "log", "true", "a", "RET-01"])
    func noCorruption(secret: String) throws {
        let (base, baseTree, baseOut) = try Self.runAll(secret: "Zr8Qw2Lm9Kt4Xp7VbN3c")
        defer { baseTree.remove(); try? FileManager.default.removeItem(atPath: baseOut) }
        let (got, tree, out) = try Self.runAll(secret: secret)
        defer { tree.remove(); try? FileManager.default.removeItem(atPath: out) }
        for (name, text) in got.files {
            let a = Self.normalise(text, tree: tree), b = Self.normalise(base.files[name] ?? "", tree: baseTree)
            if a != b {
                let diff = zip(a.split(separator: "\n"), b.split(separator: "\n")).first { $0 != $1 }
                Issue.record("\(name) differs from the run with a random secret: \(diff.map { "\($0.0) ≠ \($0.1)" } ?? "length")")
            }
        }
        // results.json still says what it said, in the schema's terms.
        let json = try #require(try JSONSerialization.jsonObject(with: Data((got.files["r.json"] ?? "").utf8)) as? [String: Any])
        let statuses = Set((json["items"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String })
        #expect(statuses.isSubset(of: ["pass", "fail", "warn", "error", "manual", "not_applicable"]), "\(statuses)")
        #expect(statuses.contains("pass"))
        // The quoted lines are redacted at the value.
        let copy = try String(contentsOfFile: out + "/packet/evidence/app/settings.py", encoding: .utf8)
        #expect(copy.contains("EMAIL_HOST_PASSWORD = \"[REDACTED:password:"), "\(copy)")
        #expect(!copy.contains("\"\(secret)\""), "the secret is still quoted in the evidence copy")
        let am = try String(contentsOfFile: out + "/packet/evidence/deploy/alertmanager.yml", encoding: .utf8)
        #expect(am.contains("smtp_auth_password: '[REDACTED:password:"), "\(am)")
        // SEC-01 names each secret's key and place, never its value.
        let sec = (json["items"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "SEC-01" }
        let message = sec?["message"] as? String ?? ""
        #expect(message.contains("smtp_auth_password") && message.contains("deploy/alertmanager.yml:5"), "\(message)")
        #expect(try run(Paths.binary!, ["verify-packet", out + "/packet.zip"]).status == 0)
    }
}
