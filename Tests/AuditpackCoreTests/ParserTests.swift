import Foundation
import Testing
@testable import AuditpackCore

@Suite("logrotate parser")
struct LogrotateParserTests {
    @Test("globals apply to later blocks; a block's own directives win")
    func scoping() {
        let text = """
        weekly
        rotate 4
        create 0640 root adm
        /var/log/a.log {
            rotate 13
        }
        daily
        "/var/log/b c.log" /var/log/d/*.log {
            maxage 30
            nocreate
        }
        """
        let out = LogrotateParser.parse(text, file: "lr")
        #expect(out.issues.isEmpty)
        #expect(out.blocks.count == 2)
        let a = out.blocks[0], b = out.blocks[1]
        #expect(a.patterns == ["/var/log/a.log"])
        #expect(a.period == .weekly && a.rotate == 13 && a.create?.mode == 0o640)
        #expect(a.retentionDays == 91)
        #expect(a.retentionExplanation == "weekly × rotate 13 = 91 days")
        #expect(b.patterns == ["/var/log/b c.log", "/var/log/d/*.log"])
        #expect(b.period == .daily && b.rotate == 4 && b.maxage == 30 && b.create == nil)
        #expect(b.retentionDays == 4)
    }

    @Test("maxage caps retention; rotate -1 keeps all unless maxage", arguments: [
        ("monthly\nrotate 12\nmaxage 100", 100.0 as Double?),
        ("yearly\nrotate 2", 730.0),
        ("hourly\nrotate 48", 2.0),
        ("rotate -1\nmaxage 400\ndaily", 400.0),
        ("rotate -1\ndaily", nil),
        ("size 10M\nrotate 5", nil),
        ("daily\nrotate 0", 0.0),
    ])
    func retention(_ body: String, _ days: Double?) {
        let out = LogrotateParser.parse("/x.log {\n\(body)\n}\n", file: "lr")
        #expect(out.blocks.first?.retentionDays == days)
    }

    @Test("scripts are skipped; unknown directives and unclosed blocks are parse issues")
    func issues() {
        let text = """
        /a.log {
            weekly
            postrotate
                invoke-rc.d rsyslog rotate > /dev/null
            endscript
            frobnicate 3
        }
        /b.log {
            daily
        """
        let out = LogrotateParser.parse(text, file: "lr")
        #expect(out.blocks.count == 1)
        #expect(out.issues.map(\.line) == [6, 8])
        #expect(out.issues[0].message.contains("frobnicate"))
        #expect(out.issues[1].message.contains("never closed"))
    }

    @Test("coverage matches as glob(3) does: * does not cross /")
    func coverage() {
        var b = LogrotateBlock(file: "f", line: 1, patterns: ["/srv/logs/*.log"])
        b.localPatterns = b.patterns
        #expect(LogrotateParser.covers(b, path: "/srv/logs/app.log"))
        #expect(!LogrotateParser.covers(b, path: "/srv/logs/sub/app.log"))
        #expect(!LogrotateParser.covers(b, path: "/srv/logs/.hidden.log"))
    }
}

@Suite("Prometheus and Alertmanager parsers")
struct MonitoringParserTests {
    @Test("durations as Prometheus reads them", arguments: [
        ("5m", 300.0 as Double?), ("1h30m", 5400), ("90s", 90), ("0", 0), ("1w", 604800), ("500ms", 0.5), ("2d12h", 216000),
        ("5 minutes", nil), ("1m1h", nil), ("", nil), ("1.5h", nil), ("m", nil),
    ])
    func durations(_ text: String, _ seconds: Double?) {
        #expect(PrometheusDuration.seconds(text) == seconds)
    }

    @Test("rule files: alerts, recording rules and promtool's validity rules")
    func rules() {
        let text = """
        groups:
          - name: g
            rules:
              - record: job:up:sum
                expr: sum(up)
              - alert: A
                expr: up == 0
                for: 5m
                labels: {severity: critical}
                annotations: {summary: down}
              - alert: B
                expr: vector(1)
                for: soon
                labels: {"bad-label": x}
          - name: g
            rules: []
        """
        let out = PrometheusRulesParser.parse(text, file: "r.yml")
        #expect(out.rules.map(\.name) == ["A", "B"])
        #expect(out.recordingRules == 1)
        #expect(out.rules[0].line == 6 && out.rules[0].forSeconds == 300 && out.rules[0].labels["severity"] == "critical")
        let messages = out.validity.map(\.message)
        #expect(messages.contains { $0.contains("invalid duration \"soon\"") })
        #expect(messages.contains { $0.contains("invalid label name: bad-label") })
        #expect(messages.contains { $0.contains("g: repeated in the same file") })
    }

    @Test("PrometheusRule custom resources are read from spec.groups")
    func crd() {
        let text = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n  - name: x\n    rules:\n    - alert: Y\n      expr: up == 0\n"
        #expect(PrometheusRulesParser.parse(text, file: "c.yml").rules.map(\.name) == ["Y"])
    }

    static let am = """
    global:
      smtp_smarthost: smtp.example.com:587
      smtp_from: am@example.com
    route:
      receiver: default
      routes:
        - matchers: ['severity="critical"']
          receiver: pager
          continue: true
        - match_re: {severity: "crit.*|warn"}
          receiver: chat
        - matchers: ['team=~"db|infra"', 'env!="dev"']
          receiver: db
          routes:
            - matchers: [severity="info"]
              receiver: void
    receivers:
      - name: default
        email_configs: [{to: a@example.com}]
      - name: pager
        pagerduty_configs: [{routing_key_file: /k}]
      - name: chat
        slack_configs: [{channel: '#x', send_resolved: true, api_url_file: /etc/am/slack}]
      - name: db
        webhook_configs: [{url: 'https://h.example.com/x'}]
      - name: void
    """

    @Test("routing as Alertmanager's dispatcher does", arguments: [
        (["severity": "critical"], ["pager", "chat"]),
        (["severity": "warn"], ["chat"]),
        (["severity": "info"], ["default"]),
        (["team": "db", "severity": "info"], ["void"]),
        (["team": "db", "severity": "page"], ["db"]),
        (["team": "db", "env": "dev"], ["default"]),
        ([:], ["default"]),
    ])
    func routing(_ labels: [String: String], _ receivers: [String]) throws {
        let out = AlertmanagerParser.parse(Self.am, file: "am.yml")
        #expect(out.validity.isEmpty, "\(out.validity)")
        let routing = try #require(out.routing)
        #expect(routing.route(labels).map(\.receiver) == receivers)
    }

    @Test("send_resolved defaults per integration; undefined receivers are invalid")
    func receivers() throws {
        let out = AlertmanagerParser.parse(Self.am + "\n", file: "am.yml")
        let routing = try #require(out.routing)
        #expect(routing.receiver("default")?.notifiers.first?.sendResolved == false)
        #expect(routing.receiver("pager")?.notifiers.first?.sendResolved == true)
        #expect(routing.receiver("void")?.notifiers.isEmpty == true)
        let bad = AlertmanagerParser.parse("route:\n  receiver: nobody\nreceivers:\n  - name: a\n", file: "x")
        let noSmtp = AlertmanagerParser.parse("route:\n  receiver: a\nreceivers:\n  - name: a\n    email_configs: [{to: x@example.com}]\n", file: "x")
        #expect(noSmtp.validity.map(\.message) == ["no global SMTP smarthost set"])
        #expect(bad.validity.map(\.message) == ["undefined receiver \"nobody\" used in route"])
    }

    @Test("matcher strings", arguments: [
        ("severity=\"critical\"", [LabelMatcher(name: "severity", op: .equal, value: "critical")]),
        ("{a=~\"x|y\", b!=z}", [LabelMatcher(name: "a", op: .regex, value: "x|y"), LabelMatcher(name: "b", op: .notEqual, value: "z")]),
    ])
    func matchers(_ text: String, _ expected: [LabelMatcher]) {
        #expect(AlertmanagerParser.parseMatchers(text) == expected)
    }

    @Test("alert classification by expression and name", arguments: [
        ("ShopDown", "up{job=\"shop\"} == 0", AlertKind.availability),
        ("X", "absent(up{job=\"x\"})", .availability),
        ("ErrorBudget", "sum(rate(http_requests_total{status=~\"5..\"}[5m])) > 1", .errorRate),
        ("Slow", "histogram_quantile(0.9, rate(req_duration_seconds_bucket[5m])) > 2", .latency),
        ("HostOutOfMemory", "node_memory_MemAvailable_bytes < 1e8", .memory),
        ("Disk", "node_filesystem_avail_bytes < 1", .disk),
        ("Load", "node_load1 > 8", .cpu),
    ])
    func classify(_ name: String, _ expr: String, _ kind: AlertKind) {
        let rule = AlertRule(file: "f", line: 1, group: "g", name: name, expr: expr, forText: nil, forSeconds: nil, labels: [:], annotations: [:], source: .prometheus)
        #expect(AlertClassifier.classify(rule).contains(kind))
    }
}

@Suite("YAML, dictConfig and redaction")
struct ReaderTests {
    @Test("YAML keeps lines; alias bombs and junk are errors, not hangs")
    func yaml() throws {
        let v = try YAMLReader.document("a: 1\nb:\n  c: 'x'\n")
        #expect(v.dictValue?.line(of: "b") == 2)
        #expect(v.dictValue?["b"]?.dictValue?.line(of: "c") == 3)
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { bomb += "\(Character(UnicodeScalar(97 + i)!)): &\(Character(UnicodeScalar(97 + i)!)) [" + Array(repeating: "*\(Character(UnicodeScalar(96 + i)!))", count: 10).joined(separator: ", ") + "]\n" }
        #expect(throws: YAMLReader.Failure.self) { try YAMLReader.document(bomb) }
        #expect(throws: YAMLReader.Failure.self) { try YAMLReader.document("a: [\n") }
    }

    @Test("dictConfig YAML: root vs loggers, propagate, effective levels")
    func dictConfig() throws {
        let text = """
        version: 1
        formatters:
          f: {format: '%(asctime)s %(levelname)s %(message)s'}
        handlers:
          file: {class: logging.handlers.TimedRotatingFileHandler, filename: /var/log/app.log, when: W0, backupCount: 13, formatter: f}
          sys: {class: logging.handlers.SysLogHandler, address: [logs.example.com, 514]}
        loggers:
          app: {level: DEBUG, handlers: [sys], propagate: false}
          app.db: {}
        root: {level: INFO, handlers: [file]}
        """
        let d = try #require(try YAMLReader.document(text).dictValue)
        let (s, issues) = DictConfigReader.read(d, file: "log.yml", line: 1, origin: "dictConfig")
        #expect(issues.isEmpty)
        #expect(s.effectiveLevel("app.db") == 10)
        #expect(s.effectiveLevel("other") == 20)
        #expect(s.reachedHandlers("app.db").map(\.name) == ["sys"])
        #expect(s.reachedHandlers("other.x").map(\.name) == ["file"])
        #expect(s.handler("sys")?.destination == .syslog(address: "logs.example.com:514", remote: true, transport: "UDP"))
        #expect(s.handler("file")?.destination == .file(path: .string("/var/log/app.log"), rotation: .timed(when: "W0", interval: 1, backupCount: 13)))
        #expect(s.formatter("f")?.hasTime == true)
    }

    @Test("secrets are found by key and URL, redacted with a stable fingerprint; references are not secrets", arguments: [
        ("  api_url: https://hooks.slack.com/services/T0/B0/abcdef", true),
        ("password = \"hunter22\"", true),
        ("\"token\": \"abcd1234efgh\",", true),
        ("url: https://user:s3cretpw@logs.example.com/in", true),
        ("routing_key_file: /etc/am/pd", false),
        ("\"token\": os.environ.get(\"TOKEN\", \"\"),", false),
        ("password: ${SMTP_PASSWORD}", false),
        ("token: ''", false),
        ("send_resolved: true", false),
        ("headers: {Authorization: \"Splunk 77aa-1234-5678-hec\"}", true),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc", true),
        ("SENTRY_DSN = \"https://4f1a9e3c7b2d@o1.ingest.sentry.io/42\"", true),
        ("https://discord.com/api/webhooks/123/abcDEF", true),
        ("Authorization: Bearer ${TOKEN}", false),
    ])
    func secrets(_ line: String, _ isSecret: Bool) {
        let found = Redactor.secrets(in: line, file: "f")
        #expect(!found.isEmpty == isSecret, "\(line) → \(found.map(\.kind))")
        if let s = found.first {
            let red = Redactor.redactLine(line)
            #expect(!red.contains(s.value))
            #expect(red.contains("[REDACTED:\(s.kind):\(s.fingerprint)]"))
            #expect(s.fingerprint == Redactor.fingerprint(s.value))
        }
    }

    @Test("Markdown and HTML escaping render scanned text literally")
    func escaping() {
        #expect(Escape.markdown("<img src=x onerror=alert(1)>.log") == "&lt;img src=x onerror=alert(1)&gt;.log")
        #expect(Escape.markdown("a|b `x` *y* [l](u)") == "a\\|b \\`x\\` \\*y\\* \\[l\\](u)")
        #expect(Escape.html("<script>\"'&") == "&lt;script&gt;&quot;&#39;&amp;")
    }

    @Test("hash-suffixed logs verify line by line and name the first bad line")
    func hashedLogs() throws {
        let good = Baseline.auditLine
        let tree = try TempTree(["a.log": [good, good, "tampered|HASH=" + String(repeating: "0", count: 64), good, "no hash here"].joined(separator: "\n") + "\n"])
        defer { tree.remove() }
        let r = LogIntegrity.verify(path: tree.root + "/a.log", display: "a.log")
        #expect(r.lines == 5 && r.bad == 2 && r.firstBadLine == 3)
        #expect(r.firstBadReason == "hash does not match the message")
    }
}
