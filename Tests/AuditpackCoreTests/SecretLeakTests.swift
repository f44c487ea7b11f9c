import Foundation
import Testing
@testable import AuditpackCore

/// Secrets planted in every shape that once got through (a credentials tuple, an env-lookup
/// fallback, implicit concatenation and triple-quoted strings, a query token, a Sentry DSN,
/// a YAML anchor, an escaped quote, a block scalar, URL userinfo, a logback <password>,
/// Grafana settings and secureSettings, an X-Api-Key header): no output holds any of them —
/// not the packet folder, the zip, the history database, the reports, stdout or stderr.
@Suite("No planted secret reaches any output", .enabled(if: Paths.binary != nil, "auditpack binary not built (swift build first)"))
struct SecretLeakTests {
    static let planted = (1...16).map { String(format: "leak%02dZq", $0) }

    static func tree() throws -> TempTree {
        let p = planted
        return try TempTree([
            "app/settings.py": """
            import os
            INSTALLED_APPS = ["django.contrib.auth"]
            API_PASSWORD = os.environ.get("API_PASSWORD", "\(p[0])")
            SECRET_KEY = ("\(p[1])"
                          "\(p[2])")
            DB_PASSWORD = \"\"\"\(p[3])\"\"\"
            EMAIL_HOST_PASSWORD = \"\"\"
            \(p[4])
            \"\"\"
            LOGGING = {
                "version": 1,
                "handlers": {
                    "http": {"class": "logging.handlers.HTTPHandler", "host": "logs.example.com", "url": "/log?token=\(p[5])",
                             "method": "POST", "secure": True, "credentials": ("loguser", "\(p[6])")},
                },
                "root": {"handlers": ["http"], "level": "INFO"},
            }
            SENTRY_DSN = "https://\(p[7])abcdef0123456789@o1.ingest.sentry.io/1"
            """,
            "deploy/alertmanager.yml": """
            global:
              slack_api_url: &hook https://hooks.slack.com/services/T0000/B0000/\(p[8])
              smtp_auth_password: "a\\"\(p[9])"
              http_config:
                authorization:
                  credentials: >-
                    \(p[10])
            route:
              receiver: team
            receivers:
              - name: team
                webhook_configs:
                  - url: 'https://hookuser:\(p[11])@hooks.example.com/x'
            """,
            "deploy/logback.xml": """
            <configuration>
              <appender name="DB" class="ch.qos.logback.classic.db.DBAppender">
                <connectionSource class="ch.qos.logback.core.db.DriverManagerConnectionSource">
                  <url>jdbc:postgresql://db/logs</url><user>logger</user><password>\(p[12])</password>
                </connectionSource>
              </appender>
              <root level="INFO"><appender-ref ref="DB"/></root>
            </configuration>
            """,
            "deploy/grafana/provisioning/alerting/contact-points.yaml": """
            apiVersion: 1
            contactPoints:
              - orgId: 1
                name: oncall
                receivers:
                  - uid: pd1
                    type: pagerduty
                    settings:
                      integrationKey: \(p[13])
                  - uid: sl1
                    type: slack
                    settings:
                      url: https://hooks.slack.com/services/T1/B1/\(p[14])
                    secureSettings:
                      token: \(p[15])
            """,
            "deploy/rsyslog.d/10-http.conf": """
            module(load="omhttp")
            action(type="omhttp" server="logs.example.com" httpheaders=["X-Api-Key: \(p[15])x"])
            """,
        ])
    }

    @Test("every output of scan, check (all formats), packet --zip and review --history is free of every planted secret")
    func noLeak() throws {
        let t = try Self.tree()
        defer { t.remove() }
        let out = t.root + "-out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let bin = Paths.binary!
        let date = ["--date", "2026-12-06"]
        var texts: [(String, Data)] = []
        for args in [["scan", t.root], ["scan", t.root, "--format", "json"],
                     ["check", t.root, "--fail-on", "none", "--format", "table", "--format", "json:\(out)/r.json", "--format", "junit:\(out)/j.xml",
                      "--format", "sarif:\(out)/s.sarif", "--format", "oscal:\(out)/o.json"],
                     ["packet", t.root, "-o", "\(out)/packet", "--zip"],
                     ["review", t.root, "-o", "\(out)/reviews", "--history", "\(out)/h.sqlite", "--fail-on", "none"],
                     ["history", "--history", "\(out)/h.sqlite", "--format", "json"]] {
            let r = try run(bin, args + (args[0] == "history" ? [] : date), cwd: out)
            #expect(r.status == 0, "\(args[0]): \(r.stderr)")
            texts.append(("\(args[0]) stdout", Data(r.stdout.utf8)))
            texts.append(("\(args[0]) stderr", Data(r.stderr.utf8)))
        }
        let e = FileManager.default.enumerator(atPath: out)
        while let rel = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: out + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                texts.append((rel, FileManager.default.contents(atPath: out + "/" + rel) ?? Data()))
            }
        }
        for (name, data) in try PacketZip.files(in: URL(fileURLWithPath: out + "/packet.zip")) { texts.append(("zip:" + name, data)) }
        #expect(texts.count > 40)
        for (name, data) in texts {
            let text = String(decoding: data, as: UTF8.self)
            for secret in Self.planted where text.contains(secret) {
                Issue.record("\(name) holds the planted secret \(secret)")
            }
        }
        // Each one was found (SEC-01 lists them by key and place), not merely left out.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/r.json"))) as? [String: Any])
        let sec = (json["items"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "SEC-01" }
        #expect((sec?["observed"] as? Int ?? 0) >= 15, "\(sec?["message"] ?? "")")
    }
}
