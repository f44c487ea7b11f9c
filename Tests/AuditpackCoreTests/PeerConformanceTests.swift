import Foundation
import Testing
@testable import AuditpackCore

/// What the real software makes of a config is the truth. Each suite runs only where its
/// peer is installed (.ci/run installs them) and says so when it is not.
enum Peers {
    static let python = which("python3")
    static let django: Bool = {
        guard let py = python else { return false }
        return (try? run(py, ["-c", "import django"]).status) == 0
    }()
    static let pyyaml: Bool = {
        guard let py = python else { return false }
        return (try? run(py, ["-c", "import yaml"]).status) == 0
    }()
    static let rsyslogd = which("rsyslogd")
    static let logrotate = which("logrotate")
    static let promtool = which("promtool")
    static let amtool = which("amtool")

    static func corpusFiles(_ folder: String) -> [String] {
        let dir = Paths.corpus + "/" + folder
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }
}

/// ConfigValue → Foundation JSON object, as json.dumps would print the Python value.
func jsonObject(_ v: ConfigValue) -> Any { v.jsonObject() }

@Suite("Django reads LOGGING as we do", .enabled(if: Peers.django, "Django is not installed (pip install django); conformance not checked"))
struct DjangoConformanceTests {
    @Test("static reading of the example's LOGGING equals what Django loads")
    func exampleLogging() throws {
        let settings = Paths.example + "/shop/settings.py"
        let dump = try run(Peers.python!, [Paths.package + "/scripts/django_logging_dump.py", Paths.example, "shop.settings"])
        #expect(dump.status == 0, "\(dump.stderr)")
        let django = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? NSDictionary
        let module = PythonModuleReader.read(source: try String(contentsOfFile: settings, encoding: .utf8), filePath: settings)
        let ours = try #require(module.bindings["LOGGING"]?.value)
        let ourJSON = try JSONSerialization.data(withJSONObject: jsonObject(ours), options: [.sortedKeys])
        let theirJSON = try JSONSerialization.data(withJSONObject: try #require(django), options: [.sortedKeys])
        #expect(String(decoding: ourJSON, as: UTF8.self) == String(decoding: theirJSON, as: UTF8.self))
    }
}

@Suite("logrotate -d reads blocks as we do", .enabled(if: Peers.logrotate != nil, "logrotate is not installed; conformance not checked"))
struct LogrotateConformanceTests {
    /// "rotating pattern: /a /b  weekly (13 rotations)"
    static func parseDebug(_ text: String) -> [(patterns: [String], period: String, rotations: Int)] {
        let re = try! NSRegularExpression(pattern: #"rotating pattern: (.*?)\s+(hourly|daily|weekly|monthly|yearly|after \d+ days|\d+ bytes) \((?:(-?\d+) rotations?|no old logs will be kept)\)"#,
                                          options: [.dotMatchesLineSeparators])
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            guard let p = Range(m.range(at: 1), in: text), let per = Range(m.range(at: 2), in: text) else { return nil }
            let n = Range(m.range(at: 3), in: text).flatMap { Int(text[$0]) } ?? 0
            return (text[p].split(whereSeparator: \.isWhitespace).map(String.init), String(text[per]), n)
        }
    }

    /// logrotate -d refuses blocks whose su/create user does not exist on this machine, and
    /// follows includes into this machine's /etc: compare on a copy with owners set to root,
    /// and leave out files that include others.
    static let files: [String] = [Paths.example + "/deploy/logrotate.d/shop"] + Peers.corpusFiles("logrotate").filter { path in
        !((try? String(contentsOfFile: path, encoding: .utf8))?.contains("include ") ?? true)
    }

    static func rootOwned(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let words = line.split(whereSeparator: \.isWhitespace)
            guard let first = words.first else { return String(line) }
            if first == "su" { return "    su root root" }
            if first == "create", words.count >= 3 { return "    create \(words[1]) root root" }
            return String(line)
        }.joined(separator: "\n")
    }

    @Test("patterns, period and rotate count agree", arguments: files)
    func agree(_ path: String) throws {
        let text = Self.rootOwned(try String(contentsOfFile: path, encoding: .utf8))
        let tree = try TempTree(["conf": text])
        defer { tree.remove() }
        let r = try run(Peers.logrotate!, ["-d", "-s", tree.root + "/state", tree.root + "/conf"])
        let theirs = Self.parseDebug(r.stdout + r.stderr)
        let parsed = LogrotateParser.parse(text, file: path)
        // Errors about the config itself name it with a line ("conf:8"); others (a missing
        // /var/log folder on this machine) say nothing about the reading.
        if r.status != 0 && (r.stdout + r.stderr).contains(tree.root + "/conf:") {
            // logrotate rejects (part of) it: auditpack must report a parse issue too.
            #expect(!parsed.issues.isEmpty, "logrotate rejects \(path) but auditpack reports nothing: \(r.stderr.prefix(300))")
            return
        }
        let ours = parsed.blocks
        #expect(theirs.count == ours.count, "\(path): logrotate \(theirs.count) blocks, auditpack \(ours.count)")
        for (t, o) in zip(theirs, ours) {
            #expect(t.patterns == o.patterns, "\(path)")
            if t.period.hasSuffix(" bytes") {
                // Size-only rotation; logrotate's default when nothing is given is 1048576 bytes.
                #expect(o.period == nil, "\(path)")
                #expect(LogrotateBlock.bytes(o.size ?? "1048576") == Int(t.period.dropLast(6)), "\(path): \(t.period) vs size \(o.size ?? "default")")
            } else {
                // logrotate 3.21 prints "daily" as "after 1 days".
                let period = t.period == "after 1 days" ? "daily" : t.period
                #expect(period == o.period?.rawValue, "\(path): \(t.period) vs \(String(describing: o.period))")
            }
            #expect(t.rotations == o.rotate, "\(path): rotate \(t.rotations) vs \(o.rotate)")
        }
    }
}

/// `include` as logrotate follows it: a root laid out as a filesystem image, whose
/// `etc/logrotate.conf` includes `/etc/logrotate.d` (a folder: name order, hidden files read,
/// taboo extensions skipped, globals set in an included file apply to everything after it)
/// and one file by relative path. logrotate reads the same tree with the absolute include
/// rewritten to the image's path; blocks, periods and rotate counts must agree, in order.
@Suite("logrotate -d follows include as we do", .enabled(if: Peers.logrotate != nil, "logrotate is not installed; conformance not checked"))
struct LogrotateIncludeConformanceTests {
    @Test("an image root with folder and file includes reads like logrotate -d")
    func includes() throws {
        let main = "weekly\nrotate 4\ncreate 0640 root root\ninclude /etc/logrotate.d\n/var/log/after.log {\n}\ninclude extra.conf\n/var/log/last.log {\n  monthly\n}\n"
        let tree = try TempTree([
            "image/etc/logrotate.conf": main,
            "image/etc/extra.conf": "rotate 2\n/var/log/extra.log {\n}\n",
            "image/etc/logrotate.d/a.conf": "/var/log/a.log {\n  missingok\n}\n",
            "image/etc/logrotate.d/b.conf.dpkg-old": "/var/log/taboo.log {\n}\n",
            "image/etc/logrotate.d/c.conf": "daily\nrotate 9\n/var/log/c.log {\n}\n",
            "image/etc/logrotate.d/.hidden": "/var/log/hidden.log {\n  rotate 1\n}\n",
            "image/etc/logrotate.d/e.conf~": "/var/log/tilde.log {\n}\n",
            "image/etc/logrotate.d/f": "/var/log/noext.log {\n  yearly\n}\n",
            // etc/ with var/: a filesystem image, so /etc/logrotate.d means image/etc/logrotate.d.
            "image/var/log/.keep": "",
        ])
        defer { tree.remove() }
        // logrotate itself: the same files, the absolute include pointed at the image.
        let forLogrotate = tree.root + "/logrotate-main.conf"
        try main.replacingOccurrences(of: "include /etc/logrotate.d", with: "include \(tree.root)/image/etc/logrotate.d")
            .replacingOccurrences(of: "include extra.conf", with: "include \(tree.root)/image/etc/extra.conf")
            .write(toFile: forLogrotate, atomically: true, encoding: .utf8)
        let r = try run(Peers.logrotate!, ["-d", "-s", tree.root + "/state", forLogrotate])
        let theirs = LogrotateConformanceTests.parseDebug(r.stdout + r.stderr)
        #expect(theirs.count == 7, "\(r.stdout + r.stderr)")

        let facts = Scanner(config: AuditConfig(baseDirectory: tree.root)).scan(roots: [tree.root + "/image"])
        // Blocks in reading order: the main file's reading (includes in place).
        let ours = facts.logrotate
        #expect(ours.map(\.patterns) == theirs.map(\.patterns), "order/patterns: \(ours.map(\.patterns)) vs \(theirs.map(\.patterns))")
        for (t, o) in zip(theirs, ours) {
            let period = t.period == "after 1 days" ? "daily" : t.period
            #expect(period == o.period?.rawValue && t.rotations == o.rotate, "\(t.patterns): \(t.period)/\(t.rotations) vs \(String(describing: o.period))/\(o.rotate)")
        }
        // Inherited settings cite the file that set them.
        let a = try #require(ours.first { $0.patterns == ["/var/log/a.log"] })
        #expect(a.file == "etc/logrotate.d/a.conf" && a.rotateFile == "etc/logrotate.conf" && a.rotateLine == 2 && a.create?.file == "etc/logrotate.conf")
        let after = try #require(ours.first { $0.patterns == ["/var/log/after.log"] })
        #expect(after.rotateFile == "etc/logrotate.d/c.conf" && after.rotateLine == 2)
        #expect(!facts.parseIssues.contains { $0.message.contains("include") }, "\(facts.parseIssues)")
    }

    @Test("an include that leads nowhere, or out of the root, is a parse issue")
    func missing() throws {
        let tree = try TempTree(["etc/logrotate.conf": "include /etc/nothing.d\ninclude ../../outside\n/var/log/x.log {\n}\n", "var/log/.keep": ""])
        defer { tree.remove() }
        let facts = Scanner(config: AuditConfig(baseDirectory: tree.root)).scan(roots: [tree.root])
        #expect(facts.parseIssues.filter { $0.message.contains("names nothing readable under the scanned roots") }.map(\.line) == [1, 2])
        #expect(facts.logrotate.count == 1)
    }
}

/// Include edge cases a hostile or careless tree can hold.
@Suite("logrotate include: loops, symlinks, escapes, taboo lists")
struct LogrotateIncludeEdgeTests {
    func scan(_ files: [String: String], links: [String: String] = [:]) throws -> (Facts, TempTree) {
        // etc/ with var/: taken as a filesystem image.
        let tree = try TempTree(files.merging(["var/log/.keep": ""]) { a, _ in a })
        for (link, target) in links { try FileManager.default.createSymbolicLink(atPath: tree.root + "/" + link, withDestinationPath: target) }
        return (Scanner(config: AuditConfig(baseDirectory: tree.root)).scan(roots: [tree.root]), tree)
    }

    @Test("files that include their own folder, or each other, are bounded and keep their blocks")
    func loops() throws {
        var files: [String: String] = [:]
        for i in 0..<12 { files["etc/logrotate.d/f\(String(format: "%02d", i))"] = "include /etc/logrotate.d\n/var/log/f\(i).log {\n  rotate 3\n}\n" }
        let started = Date()
        let (facts, tree) = try scan(files)
        defer { tree.remove() }
        #expect(Date().timeIntervalSince(started) < 30, "include loops must stay bounded")
        // Every file's block is read, and once.
        for i in 0..<12 { #expect(facts.logrotate.filter { $0.patterns == ["/var/log/f\(i).log"] }.count == 1, "f\(i) lost or doubled") }
        #expect(facts.parseIssues.contains { $0.message.contains("recursive include") || $0.message.contains("included files read in all") })

        let (mutual, t2) = try scan(["etc/logrotate.d/a": "include b\n/var/log/a.log {\n}\n", "etc/logrotate.d/b": "include a\n/var/log/b.log {\n}\n"])
        defer { t2.remove() }
        #expect(mutual.logrotate.flatMap(\.patterns).sorted() == ["/var/log/a.log", "/var/log/b.log"], "each block once: \(mutual.logrotate.map(\.patterns))")
    }

    @Test("an include through a symlink, or out of the root by .., is not followed")
    func noEscape() throws {
        let outside = try TempTree(["secret.conf": "/var/log/outside.log {\n  rotate 99\n}\n"])
        defer { outside.remove() }
        let (facts, tree) = try scan(["etc/logrotate.conf": "include /etc/linked\ninclude /etc/../../../\(outside.root.dropFirst())/secret.conf\n/var/log/x.log {\n}\n"],
                                     links: ["etc/linked": outside.root])
        defer { tree.remove() }
        #expect(!facts.logrotate.contains { $0.patterns == ["/var/log/outside.log"] })
        #expect(facts.parseIssues.filter { $0.message.contains("names nothing readable under the scanned roots") }.count == 2, "\(facts.parseIssues)")
    }

    @Test("tabooext + glued to the word adds; taboopat; a file named by include is read even with a taboo name")
    func taboo() throws {
        let (facts, tree) = try scan([
            "etc/logrotate.conf": "tabooext +.bak\ntaboopat +skip-*\ninclude /etc/logrotate.d\ninclude /etc/named.dpkg-old\n",
            "etc/logrotate.d/a": "/var/log/a.log {\n}\n",
            "etc/logrotate.d/b.bak": "/var/log/bak.log {\n}\n",
            "etc/logrotate.d/c.dpkg-old": "/var/log/dpkg.log {\n}\n",
            "etc/logrotate.d/skip-me": "/var/log/skip.log {\n}\n",
            "etc/named.dpkg-old": "/var/log/named.log {\n}\n",
        ])
        defer { tree.remove() }
        // Skipped files are not graded on their own either: logrotate never reads them.
        let read = Set(facts.logrotate.flatMap(\.patterns))
        #expect(read == ["/var/log/a.log", "/var/log/named.log"], "\(read)")
    }
}

@Suite("promtool check rules agrees on validity", .enabled(if: Peers.promtool != nil, "promtool (Debian prometheus) is not installed; conformance not checked"))
struct PromtoolConformanceTests {
    static let files: [String] = [Paths.example + "/deploy/prometheus/rules/shop-alerts.yml"] + Peers.corpusFiles("prometheus_rules").filter {
        // promtool reads plain rule files only, not PrometheusRule custom resources.
        !$0.hasSuffix(".erb") && !$0.hasSuffix(".json") && !((try? String(contentsOfFile: $0, encoding: .utf8))?.contains("kind: PrometheusRule") ?? false)
    }

    @Test("valid for promtool ⇔ no validity error from auditpack", arguments: files)
    func agree(_ path: String) throws {
        let r = try run(Peers.promtool!, ["check", "rules", path])
        let ours = PrometheusRulesParser.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
        if r.status == 0 {
            #expect(ours.validity.isEmpty, "promtool accepts \(path) but auditpack reports \(ours.validity.map(\.message))")
            let count = r.stdout.firstMatch(of: /SUCCESS: (\d+) rules found/).map { Int($0.1)! }
            #expect(count == ours.rules.count + ours.recordingRules, "\(path)")
        } else {
            #expect(!ours.validity.isEmpty || ours.rules.isEmpty, "promtool rejects \(path) (\(r.stdout + r.stderr)) but auditpack found it valid")
        }
    }
}

@Suite("amtool routes alerts as we do", .enabled(if: Peers.amtool != nil, "amtool (Debian prometheus-alertmanager) is not installed; conformance not checked"))
struct AmtoolConformanceTests {
    /// Hand-picked label sets plus a generated grid (severity × team × env × service): 55 in all.
    static let labelSets: [[String: String]] = {
        var sets: [[String: String]] = [
            ["severity": "critical", "alertname": "ShopDown"],
            ["severity": "warning", "alertname": "HostHighCpu"],
            ["severity": "info", "alertname": "ShopSlowQueries"],
            ["alertname": "Unlabelled"],
            ["severity": "critical", "team": "frontend", "service": "files"],
            ["service": "database", "owner": "team-X"],
            ["severity": "warning", "job": "node"],
        ]
        for sev in ["critical", "warning", "info", "page"] {
            for team in ["db", "infra", "frontend"] {
                for env in ["dev", "prod"] {
                    for service in ["foo1", "database"] {
                        if sets.count < 55 { sets.append(["severity": sev, "team": team, "env": env, "service": service, "alertname": "Gen"]) }
                    }
                }
            }
        }
        return sets
    }()

    static let files: [String] = [Paths.example + "/deploy/alertmanager/alertmanager.yml",
                                  MonitoringParserTests.amFixturePath] + Peers.corpusFiles("alertmanager").filter {
        $0.hasSuffix(".yml") && !$0.contains("j2")
    }

    @Test("receivers for each label set agree with amtool config routes test", arguments: files)
    func agree(_ path: String) throws {
        let check = try run(Peers.amtool!, ["check-config", path])
        let ours = AlertmanagerParser.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
        guard check.status == 0 else {
            // `tracing` is a newer top-level key than this amtool knows; auditpack accepts it.
            if (check.stdout + check.stderr).contains("field tracing not found") { return }
            #expect(!ours.validity.isEmpty || ours.routing == nil, "amtool rejects \(path) but auditpack found it valid: \(check.stdout)")
            return
        }
        #expect(ours.validity.isEmpty, "amtool accepts \(path) but auditpack reports \(ours.validity.map(\.message))")
        let routing = try #require(ours.routing, "\(path)")
        for labels in Self.labelSets {
            let args = ["config", "routes", "test", "--config.file=\(path)"] + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let r = try run(Peers.amtool!, args)
            let theirs = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(routing.route(labels).map(\.receiver) == theirs, "\(path) \(labels)")
        }
    }
}

extension MonitoringParserTests {
    /// The routing fixture of the parser tests, written once for amtool to read too.
    static let amFixturePath: String = {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-am-fixture.yml").path
        try? Data(am.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }()
}

/// `rsyslogd -N1` (config check) accepts what we accept: a file we read without an issue has
/// no syntax error for rsyslog, and every syntax error rsyslog finds is a parse issue of
/// ours. Errors of the machine (a module or user not installed here) are not syntax.
@Suite("rsyslogd -N1 accepts what we accept", .enabled(if: Peers.rsyslogd != nil, "rsyslogd is not installed; conformance not checked"))
struct RsyslogConformanceTests {
    static var files: [String] {
        let fixtures = Paths.package + "/Tests/Fixtures/rsyslog"
        let local = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? []).sorted().map { fixtures + "/" + $0 }
        let example = Paths.example + "/deploy/rsyslog.d"
        let ex = ((try? FileManager.default.contentsOfDirectory(atPath: example)) ?? []).map { example + "/" + $0 }
        let corpus = Peers.corpusFiles("rsyslog_journald").filter { !($0 as NSString).lastPathComponent.contains("journald") }
        return local + ex + corpus
    }

    @Test("syntax errors agree with rsyslogd -N1 on fixtures, the example and the corpus")
    func agree() throws {
        var checked = 0
        for path in Self.files {
            let name = (path as NSString).lastPathComponent
            let r = try run("/bin/sh", ["-c", "cd / && timeout 30 '\(Peers.rsyslogd!)' -N1 -f '\(path)' 2>&1"])
            let syntaxError = r.stdout.contains("error during parsing")
            let (_, issues) = RsyslogParser.parse(try String(contentsOfFile: path, encoding: .utf8), file: name)
            checked += 1
            if issues.isEmpty {
                #expect(!syntaxError, "\(name): we accept it, rsyslogd -N1 finds a syntax error: \(r.stdout.prefix(400))")
            }
            if syntaxError {
                #expect(!issues.isEmpty, "\(name): rsyslogd -N1 finds a syntax error we do not report")
            }
            // rsyslog ran its check at all (not aborted for another reason): it prints its banner.
            #expect(r.stdout.contains("config validation run"), "\(name): rsyslogd -N1 did not run: \(r.stdout.prefix(300))")
            if name.hasPrefix("valid-") { #expect(r.status == 0 && issues.isEmpty && !syntaxError, "\(name): \(issues.map(\.message)) / \(r.stdout.prefix(300))") }
            if name.hasPrefix("bad-") { #expect(!issues.isEmpty && syntaxError, "\(name): ours \(issues.count), rsyslog syntax error \(syntaxError)") }
        }
        #expect(checked >= 8)
    }
}

/// `java.util.Properties.load` — what `LogManager` (java.util.logging), log4j 1.x and log4j2's
/// properties format read with — against our `.properties` reader: the same keys and
/// values, after escapes, continuations, separators and comments, on a tricky fixture and on
/// the corpus's Java properties files.
@Suite("java.util.Properties reads .properties as we do", .enabled(if: which("java") != nil, "java not installed; .properties conformance not checked"))
struct JavaPropertiesConformanceTests {
    @Test("keys and values agree with java.util.Properties.load")
    func agree() throws {
        let fixtures = Paths.package + "/Tests/Fixtures/java-properties"
        var files = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? []).sorted().map { fixtures + "/" + $0 }
        files += Peers.corpusFiles("java_logging").filter { $0.hasSuffix(".properties") }
        let r = try run(which("java")!, [Paths.package + "/scripts/JavaPropertiesDump.java"] + files)
        #expect(r.status == 0, "\(r.stderr.prefix(500))")
        var theirs: [String: [String: String]] = [:]
        for line in r.stdout.split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let k = Data(base64Encoded: parts[1]), let v = Data(base64Encoded: parts[2]) else { continue }
            theirs[parts[0], default: [:]][String(decoding: k, as: UTF8.self)] = String(decoding: v, as: UTF8.self)
        }
        var compared = 0
        for file in files {
            // Properties.load reads ISO-8859-1; the fixtures are ASCII, escapes included.
            let text = try String(contentsOfFile: file, encoding: .isoLatin1)
            var ours: [String: String] = [:]
            for e in JavaPropertiesReader.read(text) { ours[e.key] = e.value }
            let java = theirs[file] ?? [:]
            #expect(Set(ours.keys) == Set(java.keys), "\((file as NSString).lastPathComponent): keys only ours \(Set(ours.keys).subtracting(java.keys).sorted()), only Java's \(Set(java.keys).subtracting(ours.keys).sorted())")
            for (k, v) in java where ours[k] != nil {
                #expect(ours[k] == v, "\((file as NSString).lastPathComponent): \(k) = [\(ours[k] ?? "")] vs Java [\(v)]")
            }
            compared += java.count
        }
        #expect(compared >= 15)
    }
}
