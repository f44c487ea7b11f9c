import Foundation
import Testing
@testable import AuditpackCore

private func rsyslog(_ text: String) -> (SyslogFacts, [ParseIssue]) {
    RsyslogParser.parse(text, file: "rsyslog.conf")
}

private func journald(_ text: String) -> (JournaldSettings, [ParseIssue]) {
    JournaldParser.parse(text, file: "journald.conf")
}

@Suite("rsyslog parser: forwards")
struct RsyslogForwardTests {
    @Test("legacy @ is UDP, @@ is TCP; port and selector as written")
    func legacyForwards() {
        let (f, issues) = rsyslog("""
        *.* @logs.example.com
        auth,authpriv.* @@logs.example.com:10514
        local3.*    @(z9,o)10.0.0.7:5514;RSYSLOG_SyslogProtocol23Format
        kern.* @@[2001:db8::1]:6514
        """)
        #expect(issues.isEmpty)
        #expect(f.forwards == [
            SyslogForward(target: "logs.example.com", port: nil, transport: "udp", tls: false, selector: "*.*", line: 1),
            SyslogForward(target: "logs.example.com", port: "10514", transport: "tcp", tls: false, selector: "auth,authpriv.*", line: 2),
            SyslogForward(target: "10.0.0.7", port: "5514", transport: "udp", tls: false, selector: "local3.*", line: 3),
            SyslogForward(target: "2001:db8::1", port: "6514", transport: "tcp", tls: false, selector: "kern.*", line: 4),
        ])
    }

    @Test("legacy TLS: gtls/ossl driver and mode 1 apply to the @@ actions after them; UDP is never TLS")
    func legacyTLS() {
        let (f, issues) = rsyslog("""
        *.* @@before.example:6514
        $DefaultNetstreamDriverCAFile /etc/ssl/ca.pem
        $ActionSendStreamDriver gtls
        $ActionSendStreamDriverMode 1
        $ActionSendStreamDriverAuthMode x509/name
        *.* @@after.example:6514
        *.* @udp.example:514
        $ActionSendStreamDriver ptcp
        *.* @@plain.example:514
        $ActionSendStreamDriver ossl
        $ActionSendStreamDriverMode 0
        *.* @@mode0.example:6514
        """)
        #expect(issues.isEmpty)
        #expect(f.forwards.map(\.target) == ["before.example", "after.example", "udp.example", "plain.example", "mode0.example"])
        #expect(f.forwards.map(\.tls) == [false, true, false, false, false])
        #expect(f.forwards.map(\.transport) == ["tcp", "tcp", "udp", "tcp", "tcp"])
    }

    @Test("legacy mode 1 with the global default driver; the last $DefaultNetstreamDriver counts")
    func legacyGlobalDriver() {
        let (f, _) = rsyslog("""
        $ActionSendStreamDriverMode 1
        *.* @@a.example:6514
        $DefaultNetstreamDriver gtls
        """)
        #expect(f.forwards.map(\.tls) == [true])
    }

    @Test("RainerScript omfwd: TLS only with TCP, a TLS driver and StreamDriverMode 1", arguments: [
        (#"action(type="omfwd" target="h" port="6514" protocol="tcp" StreamDriver="gtls" StreamDriverMode="1")"#, "tcp", true),
        (#"action(type="omfwd" target="h" port="6514" protocol="tcp" streamdriver.name="ossl" streamdriver.mode="1")"#, "tcp", true),
        (#"action(type="omfwd" target="h" port="514" protocol="tcp")"#, "tcp", false),
        (#"action(type="omfwd" target="h" port="6514" protocol="tcp" StreamDriver="gtls")"#, "tcp", false),
        (#"action(type="omfwd" target="h" port="6514" protocol="tcp" StreamDriver="gtls" StreamDriverMode="0")"#, "tcp", false),
        (#"action(type="omfwd" target="h" port="6514" protocol="tcp" StreamDriver="ptcp" StreamDriverMode="1")"#, "tcp", false),
        (#"action(type="omfwd" target="h" StreamDriver="gtls" StreamDriverMode="1")"#, "udp", false),
        (#"action(type="omfwd" target="h" protocol="udp" StreamDriver="gtls" StreamDriverMode="1")"#, "udp", false),
        (#"ACTION(TYPE="omfwd" TARGET="h" PROTOCOL="TCP" STREAMDRIVER="GTLS" STREAMDRIVERMODE="1")"#, "tcp", true),
    ])
    func rainerOmfwd(_ text: String, _ transport: String, _ tls: Bool) {
        let (f, issues) = rsyslog(text)
        #expect(issues.isEmpty)
        #expect(f.forwards.count == 1)
        #expect(f.forwards.first?.target == "h")
        #expect(f.forwards.first?.transport == transport)
        #expect(f.forwards.first?.tls == tls)
    }

    @Test("global(DefaultNetstreamDriver) serves omfwd without its own driver, wherever it stands; an action's driver wins")
    func globalDefaultDriver() {
        let (f, issues) = rsyslog("""
        *.* action(type="omfwd" target="early.example" port="6514" protocol="tcp" StreamDriverMode="1")
        global(DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="/etc/ssl/ca.pem")
        *.* action(type="omfwd" target="own.example" port="514" protocol="tcp" StreamDriver="ptcp" StreamDriverMode="1")
        *.* action(type="omfwd" target="nomode.example" port="6514" protocol="tcp")
        """)
        #expect(issues.isEmpty)
        #expect(f.forwards.map(\.target) == ["early.example", "own.example", "nomode.example"])
        #expect(f.forwards.map(\.tls) == [true, false, false])
    }

    @Test("legacy $ActionSendStreamDriver* do not reach RainerScript actions (omfwd reads only its own parameters)")
    func legacySettingsDoNotReachActions() {
        let (f, _) = rsyslog("""
        $ActionSendStreamDriver gtls
        $ActionSendStreamDriverMode 1
        *.* action(type="omfwd" target="h" port="6514" protocol="tcp")
        """)
        #expect(f.forwards.map(\.tls) == [false])
    }

    @Test("omrelp: tls=\"on\" is TLS; legacy :omrelp: is not")
    func relp() {
        let (f, issues) = rsyslog("""
        *.* action(type="omrelp" target="relp1.example" port="2514" tls="on")
        *.* action(type="omrelp" target="relp2.example" port="2514")
        *.* action(type="omrelp" target="relp3.example" tls="off")
        *.* :omrelp:relp4.example:2514;RSYSLOG_ForwardFormat
        """)
        #expect(issues.isEmpty)
        #expect(f.forwards == [
            SyslogForward(target: "relp1.example", port: "2514", transport: "relp", tls: true, selector: "*.*", line: 1),
            SyslogForward(target: "relp2.example", port: "2514", transport: "relp", tls: false, selector: "*.*", line: 2),
            SyslogForward(target: "relp3.example", port: nil, transport: "relp", tls: false, selector: "*.*", line: 3),
            SyslogForward(target: "relp4.example", port: "2514", transport: "relp", tls: false, selector: "*.*", line: 4),
        ])
    }

    @Test("omfwd with a target array gives one forward per target")
    func targetArray() {
        let (f, issues) = rsyslog(#"*.* action(type="omfwd" target=["a.example", "b.example"] port="514" protocol="tcp")"#)
        #expect(issues.isEmpty)
        #expect(f.forwards.map(\.target) == ["a.example", "b.example"])
        #expect(f.forwards.map(\.port) == ["514", "514"])
    }

    @Test("selectors: none in front is *.*; inside if/else it is nil; property filters as written; rulesets recorded")
    func selectorsAndRulesets() {
        let (f, issues) = rsyslog("""
        action(type="omfwd" target="all.example" protocol="tcp")
        if $programname == 'nginx' then @@nginx.example:514
        if $fromhost-ip != '127.0.0.1' then {
            action(type="omfwd" target="remote.example")
        } else {
            *.* @@local.example
        }
        :programname, isequal, "sshd" @@sshd.example
        ruleset(name="remote") {
            mail.* action(type="omfwd" target="mail.example")
            action(type="omfwd" target="rest.example")
        }
        $RuleSet legacy
        *.* @@legacy.example
        $RuleSet RSYSLOG_DefaultRuleset
        *.* @@default.example
        """)
        #expect(issues.isEmpty)
        #expect(f.forwards.map(\.target) == ["all.example", "nginx.example", "remote.example", "local.example", "sshd.example",
                                            "mail.example", "rest.example", "legacy.example", "default.example"])
        #expect(f.forwards.map(\.selector) == ["*.*", nil, nil, nil, #":programname, isequal, "sshd""#, "mail.*", "*.*", "*.*", "*.*"])
        #expect(f.forwards.map(\.ruleset) == [nil, nil, nil, nil, nil, "remote", "remote", "legacy", nil])
        #expect(f.forwards.map(\.line) == [1, 2, 4, 6, 8, 10, 11, 14, 16])
    }

    @Test("loopback targets", arguments: [
        ("localhost", true), ("127.0.0.1", true), ("127.10.20.30", true), ("::1", true), ("[::1]", true),
        ("LOCALHOST", true), ("10.0.0.1", false), ("127.0.0.256", false), ("logs.example.com", false),
        ("127.example.com", false), ("::2", false),
    ])
    func loopback(_ target: String, _ expected: Bool) {
        let f = SyslogForward(target: target, port: nil, transport: "udp", tls: false, selector: nil, line: 1)
        #expect(f.isLoopback == expected)
    }
}

@Suite("rsyslog parser: files, modes, inputs, includes")
struct RsyslogFileTests {
    @Test("legacy file actions: '-' dropped, template after ';' dropped; $FileCreateMode applies to the legacy actions after it")
    func legacyFiles() {
        let (f, issues) = rsyslog("""
        mail.* -/var/log/mail.log
        $FileCreateMode 0640
        $DirCreateMode 0750
        auth,authpriv.* /var/log/auth.log;RSYSLOG_FileFormat
        & ~
        $FileCreateMode 0600
        *.*;auth,authpriv.none -/var/log/syslog
        """)
        #expect(issues.isEmpty)
        #expect(f.fileActions == [
            SyslogFileAction(path: "/var/log/mail.log", selector: "mail.*", line: 1, createMode: nil),
            SyslogFileAction(path: "/var/log/auth.log", selector: "auth,authpriv.*", line: 4, createMode: 0o640),
            SyslogFileAction(path: "/var/log/syslog", selector: "*.*;auth,authpriv.none", line: 7, createMode: 0o600),
        ])
        #expect(f.createModes == [ModeSetting(mode: 0o640, line: 2), ModeSetting(mode: 0o600, line: 6)])
        #expect(f.dirCreateModes == [ModeSetting(mode: 0o750, line: 3)])
    }

    @Test("RainerScript omfile: own fileCreateMode, else the omfile module default; legacy $FileCreateMode does not apply")
    func rainerFiles() {
        let (f, issues) = rsyslog("""
        $FileCreateMode 0600
        action(type="omfile" file="/var/log/before-module.log")
        module(load="builtin:omfile" fileCreateMode="0640" dirCreateMode="0750")
        action(type="omfile" file="/var/log/all.log")
        action(type="omfile" file="/var/log/secure.log" fileCreateMode="0600" dirCreateMode="0700")
        *.* /var/log/legacy.log
        """)
        #expect(issues.isEmpty)
        #expect(f.fileActions.map(\.path) == ["/var/log/before-module.log", "/var/log/all.log", "/var/log/secure.log", "/var/log/legacy.log"])
        #expect(f.fileActions.map(\.createMode) == [nil, 0o640, 0o600, 0o600])
        #expect(f.fileActions.map(\.selector) == ["*.*", "*.*", "*.*", "*.*"])
        #expect(f.createModes == [ModeSetting(mode: 0o600, line: 1), ModeSetting(mode: 0o640, line: 3), ModeSetting(mode: 0o600, line: 5)])
        #expect(f.dirCreateModes == [ModeSetting(mode: 0o750, line: 3), ModeSetting(mode: 0o700, line: 5)])
        #expect(f.modules == ["builtin:omfile"])
    }

    @Test("dynaFile shows its template's string; an action naming a template defined only further down is disabled")
    func dynaFileAndTemplateOrder() {
        let (f, issues) = rsyslog("""
        action(type="omfile" dynaFile="PerHost")
        template(name="PerHost" type="string" string="/var/log/remote/%HOSTNAME%.log")
        action(type="omfile" dynaFile="PerHost")
        action(type="omfile" dynaFile="Elsewhere")
        $template Legacy,"/var/log/legacy/%PROGRAMNAME%.log"
        *.* ?Legacy
        *.* @@h.example:514;LaterFmt
        *.* action(type="omfwd" target="h2.example" template="LaterFmt")
        $template LaterFmt,"%msg%"
        """)
        #expect(f.fileActions.map(\.path) == ["/var/log/remote/%HOSTNAME%.log", "?Elsewhere", "/var/log/legacy/%PROGRAMNAME%.log"])
        #expect(f.fileActions.map(\.line) == [3, 4, 6])
        #expect(f.forwards.isEmpty)
        #expect(issues.map(\.line) == [1, 7, 8])
        #expect(issues.allSatisfy { $0.message.contains("disables") })
    }

    @Test("file modes rsyslog rejects are parse issues", arguments: [
        ("$FileCreateMode 640", 1),
        ("$FileCreateMode 0648", 1),
        ("$FileCreateMode rw-r-----", 1),
        (#"action(type="omfile" file="/x" fileCreateMode="640")"#, 1),
        (#"action(type="omfile" file="/x" fileCreateMode="0640")"#, 0),
        ("$FileCreateMode 0640", 0),
    ])
    func badModes(_ text: String, _ issueCount: Int) {
        let (f, issues) = rsyslog(text)
        #expect(issues.count == issueCount)
        #expect(f.createModes.count == 1 - issueCount)
    }

    @Test("imfile inputs from input() and from legacy $InputFileName + $InputRunFileMonitor; a second load of a module is an issue")
    func imfile() {
        let (f, issues) = rsyslog("""
        module(load="imfile" PollingInterval="10")
        input(type="imfile"
              File="/var/log/app/*.log"
              Tag="app:"
              ruleset="apps")
        $ModLoad imfile.so
        $InputFileName /var/log/legacy.log
        $InputFileTag legacy:
        $InputRunFileMonitor
        """)
        #expect(f.modules == ["imfile"])
        #expect(issues.map(\.line) == [6])
        #expect(issues.first?.message.contains("second time") == true)
        #expect(f.imfileInputs == [
            SyslogFileAction(path: "/var/log/app/*.log", selector: nil, line: 2, ruleset: "apps"),
            SyslogFileAction(path: "/var/log/legacy.log", selector: nil, line: 7),
        ])
    }

    @Test("includes: $IncludeConfig and include(file=); include(text=) is an issue")
    func includes() {
        let (f, issues) = rsyslog("""
        $IncludeConfig /etc/rsyslog.d/*.conf
        include(file="/etc/rsyslog.d/extra.conf" mode="optional")
        include(text=`echo $EXTRA_CONFIG`)
        """)
        #expect(f.includes == [IncludeRef(path: "/etc/rsyslog.d/*.conf", line: 1), IncludeRef(path: "/etc/rsyslog.d/extra.conf", line: 2)])
        #expect(issues.map(\.line) == [3])
    }
}

@Suite("rsyslog parser: syntax")
struct RsyslogSyntaxTests {
    @Test("'#' inside quotes is not a comment; comments inside and after objects; /* */ comments")
    func commentsAndQuotes() {
        let (f, issues) = rsyslog("""
        /* a block comment
           *.* @@commented.example */
        action(type="omfile" # the type
               file="/var/log/hash#mark.log") # after
        # *.* @@hash-commented.example
        *.* action(type="omfwd" target="h.example" template="fmt#1")
        """)
        #expect(issues.isEmpty)
        #expect(f.fileActions.map(\.path) == ["/var/log/hash#mark.log"])
        #expect(f.fileActions.map(\.line) == [3])
        #expect(f.forwards.map(\.target) == ["h.example"])
    }

    @Test("multi-line action(): the forward is on the line where action( opens")
    func multiLine() {
        let (f, issues) = rsyslog("""
        # header

        *.* action(
            type="omfwd"
            target="collector.example"
            port="6514"
            protocol="tcp"
            StreamDriver="gtls"
            StreamDriverMode="1"
            queue.type="LinkedList"
        )
        """)
        #expect(issues.isEmpty)
        #expect(f.forwards == [SyslogForward(target: "collector.example", port: "6514", transport: "tcp", tls: true, selector: "*.*", line: 3)])
    }

    @Test("a trailing backslash joins lines; after a comment it swallows the next line")
    func continuation() {
        let (f, issues) = rsyslog(#"""
        *.=debug;\
        	auth,authpriv.none;\
        	news.none;mail.none	-/var/log/debug
        # old rule \
        *.* /var/log/swallowed.log
        """#)
        #expect(f.fileActions == [SyslogFileAction(path: "/var/log/debug", selector: "*.=debug;auth,authpriv.none;news.none;mail.none", line: 3)])
        #expect(issues.map(\.line) == [5])
    }

    @Test("unbalanced input: issues with lines, reading resumes, never hangs")
    func unbalanced() {
        let (f, issues) = rsyslog("""
        action(type="omfwd" target="lost.example" protocol="tcp"
        *.* /var/log/after-unclosed.log
        if $msg contains 'x' then {
            action(type="omfile" file="/var/log/x.log")
        }
        }
        action(type="omfile" file="/var/log/unterminated.log)
        *.* /var/log/after-string.log
        ruleset(name="open") {
            *.* /var/log/in-open-ruleset.log
        """)
        #expect(f.forwards.isEmpty)
        #expect(f.fileActions.map(\.path) == ["/var/log/after-unclosed.log", "/var/log/x.log", "/var/log/after-string.log", "/var/log/in-open-ruleset.log"])
        #expect(issues.map(\.line) == [1, 6, 7, 9])
        #expect(issues[0].message.contains("not closed"))
        #expect(issues[1].message.contains("'}'"))
        #expect(issues[2].message.contains("never closed"))
        #expect(issues[3].message.contains("never closed"))
    }

    @Test("hostile input never crashes or hangs", arguments: [
        "(((((", ")))))", "{{{{{", "}}}}}", "\"\"\"", "action(", "action(type=\"", "if if if then", "*.* {",
        "$", "@", "@@", ":", "::", "&", "~", "*", "/*", "'", "`", "<%", "{%", "{{", "\\", "\\\n\\\n",
        "action(type=[", "action(type=[\"a\"", "input(type=\"imfile\" File=)", "template(name=\"t\") {",
    ])
    func hostile(_ text: String) {
        let (_, issues) = rsyslog(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        for issue in issues {
            if let l = issue.line { #expect(l >= 1 && l <= lines) }
        }
    }

    @Test("deep nesting and floods of problems are bounded")
    func bounded() {
        for text in [String(repeating: "*.* {\n", count: 500), String(repeating: "a.b\n", count: 2000), String(repeating: "if $x then ", count: 300)] {
            let (f, issues) = rsyslog(text)
            #expect(f.forwards.isEmpty && f.fileActions.isEmpty)
            #expect(!issues.isEmpty)
            #expect(issues.count <= RsyslogParser.maxIssues + 1)
        }
        let (_, flood) = rsyslog(String(repeating: "garbage<\n", count: 1000))
        #expect(flood.count == RsyslogParser.maxIssues + 1)
        #expect(flood.last?.message.contains("not listed") == true)
    }

    @Test("binary content is one issue")
    func binary() {
        let (f, issues) = rsyslog("\u{0}\u{1}ELF\u{0}\u{0}*.* @@h")
        #expect(f.forwards.isEmpty)
        #expect(issues.count == 1)
    }

    @Test("ERB template lines are issues with their lines; placeholders in values are kept")
    func erb() {
        let (f, issues) = rsyslog("""
        # managed by Puppet
        <%- if @remote -%>
        $DefaultNetstreamDriver gtls
        *.* action(type="omfwd" target="<%= @host %>" port="<%= @port %>" protocol="tcp"
            StreamDriverMode="1" <%- if @auth -%>StreamDriverAuthMode="x509/name"<%- end -%>
        <% if @queue -%>
            queue.type="LinkedList"
        <% end -%>
        )
        <% end -%>
        *.* @@<%= @legacy_host %>:6514
        """)
        #expect(f.forwards == [
            SyslogForward(target: "<%= @host %>", port: "<%= @port %>", transport: "tcp", tls: true, selector: "*.*", line: 4),
            SyslogForward(target: "<%= @legacy_host %>", port: "6514", transport: "tcp", tls: false, selector: "*.*", line: 11),
        ])
        #expect(f.forwards.allSatisfy { $0.targetIsPlaceholder })
        let templateLines = issues.filter { $0.message.contains("template markup") }.map(\.line)
        #expect(templateLines == [2, 5, 5, 6, 8, 10])
        let placeholderLines = issues.filter { $0.message.contains("placeholder") }.map(\.line)
        #expect(placeholderLines == [4, 11])
    }

    @Test("Jinja lines are issues; the rsyslog lines around them are read")
    func jinja() {
        let (f, issues) = rsyslog("""
        {% if syslog_host is defined %}
        *.* @@{{ syslog_host }}:{{ syslog_port | default(514) }}
        {% endif %}
        {# a jinja comment #}
        mail.* /var/log/mail.log
        """)
        #expect(f.forwards.map(\.target) == ["{{ syslog_host }}"])
        #expect(f.forwards.map(\.port) == ["{{ syslog_port | default(514) }}"])
        #expect(f.fileActions.map(\.path) == ["/var/log/mail.log"])
        #expect(issues.filter { $0.message.contains("template markup") }.map(\.line) == [1, 3, 4])
    }

    @Test("unknown directives are issues; harmless ones are not")
    func directives() {
        let (_, issues) = rsyslog("""
        $WorkDirectory /var/spool/rsyslog
        $RepeatedMsgReduction on
        $ActionQueueType LinkedList
        $PrivDropToUser syslog
        $FrobnicateEverything on
        """)
        #expect(issues.map(\.line) == [5])
        #expect(issues.first?.message.contains("FrobnicateEverything") == true)
    }

    @Test("what rsyslogd rejects in objects is reported, the value is still read")
    func objectSyntax() {
        let (f, issues) = rsyslog("""
        action(type='omfile' file='/var/log/single.log')
        action(type="omfile", file="/var/log/comma.log")
        action(type="omfwd" target="h.example" port=514 protocol="tcp")
        action(type="omfile" file="/var/log/a.log" file="/var/log/b.log")
        """)
        #expect(f.fileActions.map(\.path) == ["/var/log/single.log", "/var/log/comma.log", "/var/log/b.log"])
        #expect(f.forwards.map(\.port) == ["514"])
        #expect(issues.map(\.line) == [1, 1, 2, 3, 4])
    }

    @Test("a bare word is a user-message action for rsyslog: reported when no selector is in front")
    func bareWord() {
        let (f, issues) = rsyslog("""
        endif
        *.emerg :omusrmsg:*
        *.alert root,admin
        """)
        #expect(f.forwards.isEmpty && f.fileActions.isEmpty)
        #expect(issues.map(\.line) == [1])
    }
}

@Suite("rsyslog parser: corpus", .enabled(if: FileManager.default.fileExists(atPath: Paths.corpus + "/rsyslog_journald"), "corpus not present"))
struct RsyslogCorpusTests {
    static let dir = Paths.corpus + "/rsyslog_journald"

    static func read(_ name: String) -> String {
        String(decoding: FileManager.default.contents(atPath: dir + "/" + name) ?? Data(), as: UTF8.self)
    }

    @Test("Debian/Ubuntu default rules: five files, no forwards, no issues")
    func debian() {
        let (f, issues) = RsyslogParser.parse(Self.read("rsyslog__rsyslog__packaging__ubuntu__noble__v8-stable__debian__50-default.conf"), file: "50-default.conf")
        #expect(issues.isEmpty)
        #expect(f.forwards.isEmpty)
        #expect(f.fileActions.map(\.path) == ["/var/log/auth.log", "/var/log/syslog", "/var/log/kern.log", "/var/log/mail.log", "/var/log/mail.err"])
        #expect(f.fileActions.map(\.line) == [8, 9, 12, 14, 23])
    }

    @Test("Ubuntu rsyslog.conf: modes, include, modules")
    func ubuntu() {
        let (f, issues) = RsyslogParser.parse(Self.read("rsyslog__rsyslog__packaging__ubuntu__noble__v8-stable__debian__rsyslog.conf"), file: "rsyslog.conf")
        #expect(issues.isEmpty)
        #expect(f.createModes == [ModeSetting(mode: 0o640, line: 39)])
        #expect(f.dirCreateModes == [ModeSetting(mode: 0o755, line: 40)])
        #expect(f.includes == [IncludeRef(path: "/etc/rsyslog.d/*.conf", line: 53)])
        #expect(f.modules == ["imuxsock", "imklog"])
    }

    @Test("ROSI client: one TCP forward to a placeholder")
    func rosi() {
        let (f, issues) = RsyslogParser.parse(Self.read("rsyslog__rsyslog__deploy__docker-compose__rosi-collector__clients__rsyslog-forward.conf"), file: "fwd.conf")
        #expect(f.forwards == [SyslogForward(target: "CHANGE_ME", port: "10514", transport: "tcp", tls: false, selector: "*.*", line: 35)])
        #expect(issues.map(\.line) == [35])
    }

    @Test("Wikimedia ERB template: the forward is read with placeholders, ERB lines are issues")
    func wikimedia() {
        let (f, issues) = RsyslogParser.parse(Self.read("wikimedia__operations-puppet__modules__profile__templates__syslog__remote__syslog.conf.erb"), file: "syslog.conf.erb")
        #expect(f.forwards.count == 1)
        #expect(f.forwards.first?.target == "<%= host %>")
        #expect(f.forwards.first?.transport == "tcp")
        #expect(f.forwards.first?.tls == false)
        #expect(f.forwards.first?.selector == nil)
        #expect(issues.contains { $0.line == 2 && $0.message.contains("template markup") })
        #expect(issues.contains { $0.line == 21 && $0.message.contains("never closed") })
    }

    @Test("every corpus file parses without absurd results")
    func all() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.dir).sorted() {
            let text = Self.read(name)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            if name.contains("journald") {
                let (_, issues) = JournaldParser.parse(text, file: name)
                #expect(issues.isEmpty, "\(name)")
            } else {
                let (f, issues) = RsyslogParser.parse(text, file: name)
                #expect(f.forwards.count <= 1, "\(name)")
                for i in issues { #expect((i.line ?? 0) >= 1 && (i.line ?? 0) <= lines, "\(name)") }
            }
        }
    }
}

@Suite("journald parser")
struct JournaldParserTests {
    @Test("time spans as systemd.time(7) reads them", arguments: [
        ("3600", 3600.0 as Double?),
        ("90d", 7_776_000),
        ("1month", 2_629_800),
        ("1M", 2_629_800),
        ("5m", 300),
        ("5min", 300),
        ("2weeks", 1_209_600),
        ("1w", 604_800),
        ("1y", 31_557_600),
        ("1year", 31_557_600),
        ("1h 30min", 5400),
        ("1h30min", 5400),
        ("1.5h", 5400),
        ("  2 days ", 172_800),
        ("500ms", 0.5),
        ("0", 0),
        ("infinity", .infinity),
        ("1H", nil),
        ("5mins", nil),
        ("3.", nil),
        ("-1d", nil),
        ("", nil),
        ("abc", nil),
        ("12.34.56", nil),
    ])
    func timeSpans(_ text: String, _ seconds: Double?) {
        #expect(JournaldParser.parseTimeSpan(text) == seconds)
    }

    @Test("booleans as systemd parses them", arguments: [
        ("1", true as Bool?), ("yes", true), ("true", true), ("on", true), ("YES", true), ("y", true), ("t", true),
        ("0", false), ("no", false), ("false", false), ("off", false), ("Off", false), ("n", false), ("f", false),
        ("maybe", nil), ("2", nil), ("", nil),
    ])
    func booleans(_ text: String, _ value: Bool?) {
        #expect(JournaldParser.parseBoolean(text) == value)
    }

    @Test("a full file: typed settings and the lines they come from")
    func fullFile() {
        let (s, issues) = journald("""
        #  This file is part of systemd.
        [Journal]
        Storage=persistent
        Compress=yes
        Seal=no
        SplitMode=uid
        MaxRetentionSec=1month
        MaxFileSec=1week
        SystemMaxUse=4G
        SystemKeepFree=1G
        ForwardToSyslog=yes
        MaxLevelStore=info
        ; another comment style
        """)
        #expect(issues.isEmpty)
        #expect(s.storage == "persistent")
        #expect(s.compress == true)
        #expect(s.seal == false)
        #expect(s.maxRetentionSec == 2_629_800)
        #expect(s.maxFileSec == 604_800)
        #expect(s.systemMaxUse == "4G")
        #expect(s.forwardToSyslog == true)
        #expect(s.lines == ["Storage": 3, "Compress": 4, "Seal": 5, "SplitMode": 6, "MaxRetentionSec": 7, "MaxFileSec": 8,
                            "SystemMaxUse": 9, "SystemKeepFree": 10, "ForwardToSyslog": 11, "MaxLevelStore": 12])
        #expect(s.values["SystemKeepFree"] == "1G")
    }

    @Test("drop-in style: later assignment wins, an empty one resets, '0' retention is unset, continuation lines")
    func dropIn() {
        let (s, issues) = journald(#"""
        [Journal]
        Storage=volatile
        MaxRetentionSec=90d
        Storage=persistent
        SystemMaxUse=1G
        SystemMaxUse=
        MaxFileSec=0
        Compress=\
          32K
        """#)
        #expect(issues.isEmpty)
        #expect(s.storage == "persistent")
        #expect(s.lines["Storage"] == 4)
        #expect(s.maxRetentionSec == 7_776_000)
        #expect(s.systemMaxUse == nil)
        #expect(s.lines["SystemMaxUse"] == nil)
        #expect(s.maxFileSec == nil)
        #expect(s.lines["MaxFileSec"] == 7)
        #expect(s.compress == true)
        #expect(s.lines["Compress"] == 8)
    }

    @Test("unknown keys, wrong case, unknown sections, keys outside a section and invalid values are issues")
    func issues() {
        let (s, issues) = journald("""
        Storage=auto
        [Journal]
        Storage=persistent
        Frobnicate=yes
        storage=volatile
        MaxRetentionSec=forever
        Seal=perhaps
        [Unknown]
        Storage=none
        [X-Vendor]
        Anything=goes
        """)
        #expect(s.storage == "persistent")
        #expect(s.maxRetentionSec == nil)
        #expect(s.seal == nil)
        #expect(issues.map(\.line) == [1, 4, 5, 6, 7, 8])
        #expect(issues[1].message.contains("Frobnicate"))
        #expect(issues[2].message.contains("case-sensitive"))
    }

    @Test("CRLF line endings")
    func crlf() {
        let (s, issues) = journald("[Journal]\r\nStorage=persistent\r\nMaxRetentionSec=1y\r\n")
        #expect(issues.isEmpty)
        #expect(s.storage == "persistent")
        #expect(s.maxRetentionSec == 31_557_600)
        #expect(s.lines == ["Storage": 2, "MaxRetentionSec": 3])
    }
}
