import Foundation
import Testing
@testable import AuditpackCore

/// Effective retention across layers: handler rotation, logrotate, framework history.
@Suite("Effective retention table")
struct RetentionTableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var logrotate: String?          // block body for /srv/app/logs/app.log, nil: no block
        var handler: String?            // handler dict body (Python), nil: no handler
        var expected: String            // "days:N", "unprovable", "unbounded"
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "weekly × 13", logrotate: "weekly\nrotate 13", handler: nil, expected: "days:91"),
        Case(name: "daily × 90", logrotate: "daily\nrotate 90", handler: nil, expected: "days:90"),
        Case(name: "monthly × 3", logrotate: "monthly\nrotate 3", handler: nil, expected: "days:93"),
        Case(name: "yearly × 1", logrotate: "yearly\nrotate 1", handler: nil, expected: "days:365"),
        Case(name: "hourly × 48", logrotate: "hourly\nrotate 48", handler: nil, expected: "days:2"),
        Case(name: "maxage caps", logrotate: "daily\nrotate 365\nmaxage 30", handler: nil, expected: "days:30"),
        Case(name: "maxage above rotate does not extend", logrotate: "weekly\nrotate 4\nmaxage 365", handler: nil, expected: "days:28"),
        Case(name: "rotate 0 keeps nothing", logrotate: "daily\nrotate 0", handler: nil, expected: "days:0"),
        Case(name: "rotate -1 with maxage", logrotate: "daily\nrotate -1\nmaxage 400", handler: nil, expected: "days:400"),
        Case(name: "rotate -1 alone: unbounded", logrotate: "daily\nrotate -1", handler: nil, expected: "unbounded"),
        Case(name: "size only: unprovable", logrotate: "size 100M\nrotate 10", handler: nil, expected: "unprovable"),
        Case(name: "no period: logrotate's 1M default, unprovable", logrotate: "rotate 10", handler: nil, expected: "unprovable"),
        Case(name: "period and size: the period counts", logrotate: "weekly\nsize 100M\nrotate 20", handler: nil, expected: "days:140"),
        Case(name: "timed midnight × 30", logrotate: nil, handler: #""class": "logging.handlers.TimedRotatingFileHandler", "when": "midnight", "backupCount": 30"#, expected: "days:30"),
        Case(name: "timed W0 × 13", logrotate: nil, handler: #""class": "logging.handlers.TimedRotatingFileHandler", "when": "W0", "backupCount": 13"#, expected: "days:91"),
        Case(name: "timed H interval 6 × 8", logrotate: nil, handler: #""class": "logging.handlers.TimedRotatingFileHandler", "when": "H", "interval": 6, "backupCount": 8"#, expected: "days:2"),
        Case(name: "timed D interval 2 × 45", logrotate: nil, handler: #""class": "logging.handlers.TimedRotatingFileHandler", "when": "D", "interval": 2, "backupCount": 45"#, expected: "days:90"),
        Case(name: "timed backupCount 0: unbounded", logrotate: nil, handler: #""class": "logging.handlers.TimedRotatingFileHandler", "when": "midnight", "backupCount": 0"#, expected: "unbounded"),
        Case(name: "RotatingFileHandler: unprovable", logrotate: nil, handler: #""class": "logging.handlers.RotatingFileHandler", "maxBytes": 1048576, "backupCount": 9"#, expected: "unprovable"),
        Case(name: "FileHandler, no logrotate: unbounded", logrotate: nil, handler: #""class": "logging.FileHandler""#, expected: "unbounded"),
        Case(name: "WatchedFileHandler + logrotate", logrotate: "weekly\nrotate 13", handler: #""class": "logging.handlers.WatchedFileHandler""#, expected: "days:91"),
        Case(name: "timed 120 days and logrotate 28 days: the shorter wins", logrotate: "weekly\nrotate 4",
             handler: #""class": "logging.handlers.TimedRotatingFileHandler", "when": "midnight", "backupCount": 120"#, expected: "days:28"),
        Case(name: "size handler under a logrotate block: unprovable", logrotate: "weekly\nrotate 52",
             handler: #""class": "logging.handlers.RotatingFileHandler", "maxBytes": 1048576, "backupCount": 9"#, expected: "unprovable"),
        Case(name: "invalid when: unprovable", logrotate: nil, handler: #""class": "logging.handlers.TimedRotatingFileHandler", "when": "fortnightly", "backupCount": 3"#, expected: "unprovable"),
    ]

    @Test("effective retention of one stream", arguments: cases)
    func effective(_ c: Case) throws {
        var files: [String: String] = ["auditpack.yml": "version: 1\nscan:\n  path_map: {/srv/app: .}\n", "logs/.keep": ""]
        if let lr = c.logrotate { files["logrotate.d/app"] = "/srv/app/logs/app.log {\n\(lr)\n}\n" }
        if let h = c.handler {
            files["app/settings.py"] = """
            import os
            BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
            LOGGING = {"version": 1, "handlers": {"h": {\(h), "filename": os.path.join(BASE_DIR, "logs", "app.log")}},
                       "root": {"handlers": ["h"], "level": "INFO"}}
            """
        }
        let tree = try TempTree(files)
        defer { tree.remove() }
        let s = try evaluate(tree.root)
        let streams = LogStream.build(s.facts, localPath: s.facts.localPath)
        let stream = try #require(streams.first { $0.display == "logs/app.log" }, "streams: \(streams.map(\.display))")
        let got: String
        switch stream.effective {
        case .days(let d): got = "days:\(LogrotateBlock.format(d))"
        case .unprovable: got = "unprovable"
        case .unbounded: got = "unbounded"
        }
        #expect(got == c.expected, "\(RetentionChecks.chain(stream))")
    }
}

/// Routing through Alertmanager trees, table-driven (amtool agrees in PeerConformanceTests).
@Suite("Alert routing table")
struct RoutingTableTests {
    static let tree = """
    global: {smtp_smarthost: 'smtp:25', smtp_from: 'a@example.com'}
    route:
      receiver: default
      routes:
        - matchers: ['severity="critical"']
          receiver: pager
          continue: true
        - matchers: ['severity=~"critical|warning"']
          receiver: chat
        - match: {team: db}
          receiver: db
          routes:
            - matchers: ['env="dev"']
              receiver: void
            - matchers: ['env!="prod"', 'severity="info"']
              receiver: db-info
        - match_re: {service: '^(foo1|foo2)$'}
          routes:
            - matchers: [owner="team-X"]
              receiver: team-x
        - matchers: ['alertname=~"Watchdog|Heartbeat"']
          receiver: void
    receivers:
      - name: default
        email_configs: [{to: ops@example.com}]
      - name: pager
        pagerduty_configs: [{routing_key_file: /k}]
      - name: chat
        webhook_configs: [{url: 'https://chat.example.com/hook'}]
      - name: db
        email_configs: [{to: db@example.com}]
      - name: db-info
        email_configs: [{to: dbinfo@example.com}]
      - name: team-x
        email_configs: [{to: x@example.com}]
      - name: void
    """

    static let cases: [([String: String], [String])] = [
        ([:], ["default"]),
        (["severity": "critical"], ["pager", "chat"]),
        (["severity": "warning"], ["chat"]),
        (["severity": "info"], ["default"]),
        (["severity": "critical", "team": "db"], ["pager", "chat"]),
        (["team": "db"], ["db"]),
        (["team": "db", "env": "dev"], ["void"]),
        (["team": "db", "env": "staging", "severity": "info"], ["db-info"]),
        (["team": "db", "env": "prod", "severity": "info"], ["db"]),
        (["team": "db", "env": "dev", "severity": "info"], ["void"]),
        (["service": "foo1"], ["default"]),
        (["service": "foo2", "owner": "team-X"], ["team-x"]),
        (["service": "foo3", "owner": "team-X"], ["default"]),
        (["service": "foo1x", "owner": "team-X"], ["default"]),
        (["alertname": "Watchdog"], ["void"]),
        (["alertname": "WatchdogX"], ["default"]),
        (["alertname": "Heartbeat", "severity": "warning"], ["chat"]),
        (["severity": "CRITICAL"], ["default"]),
        (["severity": ""], ["default"]),
        (["team": "DB"], ["default"]),
        (["severity": "critical", "service": "foo1", "owner": "team-X"], ["pager", "chat"]),
        (["team": "db", "severity": "warning"], ["chat"]),
        (["env": "dev"], ["default"]),
    ]

    @Test("receivers per label set", arguments: cases)
    func route(_ labels: [String: String], _ receivers: [String]) throws {
        let out = AlertmanagerParser.parse(Self.tree, file: "am.yml")
        #expect(out.validity.isEmpty, "\(out.validity)")
        #expect(try #require(out.routing).route(labels).map(\.receiver) == receivers)
    }

    @Test("a receiver with no notifier is named with its route path")
    func noNotifier() throws {
        let routing = try #require(AlertmanagerParser.parse(Self.tree, file: "am.yml").routing)
        let hit = try #require(routing.route(["alertname": "Watchdog"]).first)
        #expect(hit.receiver == "void" && routing.receiver("void")?.notifiers.isEmpty == true)
        #expect(hit.path.count == 2)
    }
}
