import Foundation
import Testing
@testable import AuditpackCore

private func handler(_ setup: LoggingSetup?, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LogHandler {
    try #require(setup?.handler(name), "no handler \(name)", sourceLocation: sourceLocation)
}

private func logger(_ setup: LoggingSetup?, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LogLogger {
    try #require(setup?.logger(name), "no logger \(name)", sourceLocation: sourceLocation)
}

// MARK: - logback

@Suite("logback parser")
struct LogbackParserTests {
    static let basic = """
    <configuration>
      <property name="LOG_DIR" value="/var/log/app"/>
      <!--appender name="OLD" class="ch.qos.logback.core.FileAppender"><file>old.log</file></appender-->
      <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
        <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger - %msg%n</pattern></encoder>
      </appender>
      <appender name="FILE"
                class="ch.qos.logback.core.rolling.RollingFileAppender">
        <file>${LOG_DIR}/app.log</file>
        <filter class="ch.qos.logback.classic.filter.ThresholdFilter"><level>INFO</level></filter>
        <rollingPolicy class="ch.qos.logback.core.rolling.TimeBasedRollingPolicy">
          <fileNamePattern>${LOG_DIR}/app.%d{yyyy-MM-dd}.log.gz</fileNamePattern>
          <maxHistory>30</maxHistory>
        </rollingPolicy>
        <encoder><pattern>%msg%n</pattern></encoder>
      </appender>
      <logger name="com.example.audit" level="TRACE" additivity="false">
        <appender-ref ref="FILE"/>
      </logger>
      <logger name="noisy" level="OFF"/>
      <root level="WARN">
        <appender-ref ref="CONSOLE"/>
        <appender-ref ref="FILE"/>
      </root>
    </configuration>
    """

    @Test("console and daily rolling file: maxHistory 30 × 1 day, levels, additivity, lines")
    func consoleAndRolling() throws {
        let (setup, issues) = JavaLoggingParser.parseLogback(Self.basic, file: "logback.xml")
        #expect(issues.isEmpty)
        let s = try #require(setup)
        #expect(s.origin == "logback" && s.line == 1 && s.file == "logback.xml")
        #expect(s.handlers.map(\.name) == ["CONSOLE", "FILE"])

        let console = try handler(s, "CONSOLE")
        #expect(console.destination == .console)
        #expect(console.line == 4 && console.level == nil && console.formatter == "CONSOLE.encoder")
        #expect(console.className == "ch.qos.logback.core.ConsoleAppender")

        let file = try handler(s, "FILE")
        #expect(file.line == 7)
        #expect(file.level == .string("INFO"))
        #expect(file.destination == .file(path: .string("/var/log/app/app.log"),
                                          rotation: .history(days: 30, explanation: "TimeBasedRollingPolicy %d{yyyy-MM-dd} × maxHistory 30 = 30 days")))
        #expect(file.options["rollingPolicy.maxHistory"] == .string("30"))
        #expect(file.options.line(of: "rollingPolicy.maxHistory") == 13)
        #expect(file.isPersistent && !file.isRemote)

        let consoleFormat = try #require(s.formatter("CONSOLE.encoder"))
        #expect(consoleFormat.style == "java" && consoleFormat.line == 5 && consoleFormat.hasTime && consoleFormat.hasLevel && !consoleFormat.isJSON)
        #expect(consoleFormat.format == .string("%d{ISO8601} %-5level [%thread] %logger - %msg%n"))
        let fileFormat = try #require(s.formatter("FILE.encoder"))
        #expect(!fileFormat.hasTime && !fileFormat.hasLevel && fileFormat.line == 15)

        let audit = try logger(s, "com.example.audit")
        #expect(audit.level == .string("DEBUG") && !audit.propagate && audit.handlers == ["FILE"] && audit.line == 17 && !audit.disabled)
        let noisy = try logger(s, "noisy")
        #expect(noisy.level == .string("CRITICAL") && noisy.disabled && noisy.propagate && noisy.handlers.isEmpty && noisy.line == 20)
        let root = try logger(s, "root")
        #expect(root.level == .string("WARNING") && root.handlers == ["CONSOLE", "FILE"] && !root.propagate && root.line == 21)
        #expect(s.effectiveLevel("com.example.audit.x") == 10)
        #expect(s.reachedHandlers("com.example.audit").map(\.name) == ["FILE"])
        #expect(s.reachedHandlers("other").map(\.name) == ["CONSOLE", "FILE"])
    }

    static func rollingAppender(policy: String, body: String) -> String {
        """
        <configuration>
          <appender name="R" class="ch.qos.logback.core.rolling.RollingFileAppender">
            <file>/var/log/app.log</file>
            <rollingPolicy class="ch.qos.logback.core.rolling.\(policy)">
              \(body)
            </rollingPolicy>
            <encoder><pattern>%d %p %m%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="R"/></root>
        </configuration>
        """
    }

    @Test("history = maxHistory × the %d pattern's period", arguments: [
        ("TimeBasedRollingPolicy", "<fileNamePattern>app.%d{yyyy-MM}.log</fileNamePattern><maxHistory>12</maxHistory>",
         HandlerRotation.history(days: 372, explanation: "TimeBasedRollingPolicy %d{yyyy-MM} × maxHistory 12 = 372 days")),
        ("TimeBasedRollingPolicy", "<fileNamePattern>app.%d{yyyy-ww}.log</fileNamePattern><maxHistory>4</maxHistory>",
         .history(days: 28, explanation: "TimeBasedRollingPolicy %d{yyyy-ww} × maxHistory 4 = 28 days")),
        ("TimeBasedRollingPolicy", "<fileNamePattern>app.%d{yyyy-MM-dd_HH}.log</fileNamePattern><maxHistory>48</maxHistory>",
         .history(days: 2, explanation: "TimeBasedRollingPolicy %d{yyyy-MM-dd_HH} × maxHistory 48 = 2 days")),
        ("TimeBasedRollingPolicy", "<fileNamePattern>app.%d.log</fileNamePattern><maxHistory>7</maxHistory>",
         .history(days: 7, explanation: "TimeBasedRollingPolicy %d × maxHistory 7 = 7 days")),
        ("TimeBasedRollingPolicy", "<fileNamePattern>%d{yyyy/MM, aux}/app.%d{yyyy-MM-dd}.log</fileNamePattern><maxHistory>10</maxHistory>",
         .history(days: 10, explanation: "TimeBasedRollingPolicy %d{yyyy-MM-dd} × maxHistory 10 = 10 days")),
        ("SizeAndTimeBasedRollingPolicy", "<fileNamePattern>app.%d{yyyy-MM-dd}.%i.log.gz</fileNamePattern><maxFileSize>100MB</maxFileSize><maxHistory>90</maxHistory><totalSizeCap>20GB</totalSizeCap>",
         .history(days: 90, explanation: "SizeAndTimeBasedRollingPolicy %d{yyyy-MM-dd} × maxHistory 90 = 90 days (totalSizeCap 20GB may delete older files sooner)")),
        ("TimeBasedRollingPolicy", "<fileNamePattern>app.%d{yyyy-MM-dd}.log</fileNamePattern>",
         .timed(when: "D", interval: 1, backupCount: 0)),
        ("TimeBasedRollingPolicy", "<fileNamePattern>app.%d{yyyy-MM-dd}.log</fileNamePattern><maxHistory>0</maxHistory>",
         .timed(when: "D", interval: 1, backupCount: 0)),
        ("TimeBasedRollingPolicy", "<fileNamePattern>app.%d{yyyy-MM-dd}.log</fileNamePattern><maxHistory>${KEEP}</maxHistory>",
         .history(days: nil, explanation: "TimeBasedRollingPolicy %d{yyyy-MM-dd} × maxHistory ${KEEP}: not resolvable, proves no number of days")),
        ("TimeBasedRollingPolicy", "<fileNamePattern>app.%d{yyyy-MM-dd}.log</fileNamePattern><maxHistory>${KEEP:-14}</maxHistory>",
         .history(days: 14, explanation: "TimeBasedRollingPolicy %d{yyyy-MM-dd} × maxHistory 14 = 14 days")),
        ("FixedWindowRollingPolicy", "<fileNamePattern>app.%i.log</fileNamePattern><minIndex>1</minIndex><maxIndex>5</maxIndex>",
         .size(maxBytes: nil, backupCount: 5)),
    ])
    func history(_ policy: String, _ body: String, _ rotation: HandlerRotation) throws {
        let (setup, _) = JavaLoggingParser.parseLogback(Self.rollingAppender(policy: policy, body: body), file: "logback.xml")
        let r = try handler(setup, "R")
        #expect(r.destination == .file(path: .string("/var/log/app.log"), rotation: rotation))
    }

    @Test("fixed window with a size trigger is size-based: maxIndex − minIndex + 1 files")
    func fixedWindow() throws {
        let text = """
        <configuration>
          <appender name="R" class="ch.qos.logback.core.rolling.RollingFileAppender">
            <File>/var/log/app.log</File>
            <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
              <FileNamePattern>/var/log/app.%i.log.gz</FileNamePattern>
              <minIndex>3</minIndex><maxIndex>8</maxIndex>
            </rollingPolicy>
            <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
              <MaxFileSize>50MB</MaxFileSize>
            </triggeringPolicy>
            <encoder><pattern>%d %p %m%n</pattern></encoder>
          </appender>
        </configuration>
        """
        let (setup, issues) = JavaLoggingParser.parseLogback(text, file: "logback.xml")
        #expect(issues.isEmpty)
        #expect(try handler(setup, "R").destination == .file(path: .string("/var/log/app.log"), rotation: .size(maxBytes: 50 * 1024 * 1024, backupCount: 6)))
    }

    @Test("variables: file properties, ${VAR:-default}, nested defaults; undefined ones stay unresolved", arguments: [
        ("${LOG_DIR}/app.log", ConfigValue.string("/var/log/app/app.log")),
        ("${MISSING:-/tmp}/app.log", .string("/tmp/app.log")),
        ("${LOG_DIR:-/tmp}/app.log", .string("/var/log/app/app.log")),
        ("${A:-${B:-/opt}}/logs", .string("/opt/logs")),
        ("${NESTED}", .string("/var/log/app/nested")),
        ("${HOME_DIR}/x.log", .unresolved("${HOME_DIR}/x.log")),
        ("${HOME_DIR}/${LOG_DIR}", .unresolved("${HOME_DIR}//var/log/app")),
        ("${LOOP}", .unresolved("${LOOP}")),
        ("no variables", .string("no variables")),
    ])
    func variables(_ raw: String, _ expected: ConfigValue) {
        var vars = JavaVariables(syntax: .logback)
        vars.defined = ["LOG_DIR": "/var/log/app", "NESTED": "${LOG_DIR}/nested", "LOOP": "${LOOP}"]
        #expect(vars.resolve(raw) == expected)
    }

    @Test("a property defined in the file resolves appender settings; <springProperty> defaultValue counts as a default")
    func propertiesSubstitution() throws {
        let text = """
        <configuration>
          <property name="DIR" value="${BASE:-/srv}/logs"/>
          <springProperty scope="context" name="APP" source="spring.application.name" defaultValue="shop"/>
          <appender name="F" class="ch.qos.logback.core.FileAppender">
            <file>${DIR}/${APP}.log</file>
            <encoder><pattern>%d %p %m%n</pattern></encoder>
          </appender>
          <appender name="G" class="ch.qos.logback.core.FileAppender">
            <file>${UNSET_DIR}/${APP}.log</file>
            <encoder><pattern>%d %p %m%n</pattern></encoder>
          </appender>
        </configuration>
        """
        let (setup, issues) = JavaLoggingParser.parseLogback(text, file: "logback-spring.xml")
        #expect(issues.isEmpty)
        #expect(try handler(setup, "F").destination == .file(path: .string("/srv/logs/shop.log"), rotation: .none))
        #expect(try handler(setup, "G").destination == .file(path: .unresolved("${UNSET_DIR}/shop.log"), rotation: .none))
    }

    @Test("LogstashTcpSocketAppender: TLS only with <ssl>; the encoder is JSON", arguments: [
        ("<ssl><trustStore><location>classpath:ts.jks</location><password>changeit</password></trustStore></ssl>", true),
        ("", false),
    ])
    func logstash(_ ssl: String, _ tls: Bool) throws {
        let text = """
        <configuration>
          <appender name="STASH" class="net.logstash.logback.appender.LogstashTcpSocketAppender">
            <destination>logs.example.com:5044</destination>
            <destination>logs2.example.com:5044</destination>
            \(ssl)
            <encoder class="net.logstash.logback.encoder.LogstashEncoder"/>
          </appender>
          <root level="INFO"><appender-ref ref="STASH"/></root>
        </configuration>
        """
        let (setup, issues) = JavaLoggingParser.parseLogback(text, file: "logback.xml")
        #expect(issues.isEmpty)
        let h = try handler(setup, "STASH")
        #expect(h.destination == .remote(service: "Logstash (TCP)", endpoint: "logs.example.com:5044, logs2.example.com:5044", tls: tls))
        #expect(h.isRemote)
        #expect(!h.options.entries.contains { $0.value == .string("changeit") })
        let f = try #require(setup?.formatter(h.formatter))
        #expect(f.isJSON && f.hasTime && f.hasLevel && f.factory == "net.logstash.logback.encoder.LogstashEncoder")
    }

    @Test("syslog appender: host and port, remote unless loopback, UDP; AsyncAppender is a queue naming its appender")
    func syslogAndAsync() throws {
        let text = """
        <configuration>
          <appender name="SYSLOG" class="ch.qos.logback.classic.net.SyslogAppender">
            <syslogHost>logs.example.com</syslogHost>
            <facility>AUTH</facility>
            <suffixPattern>[%thread] %logger %msg</suffixPattern>
          </appender>
          <appender name="LOCAL" class="ch.qos.logback.classic.net.SyslogAppender">
            <syslogHost>127.0.0.1</syslogHost>
            <port>5140</port>
          </appender>
          <appender name="ASYNC" class="ch.qos.logback.classic.AsyncAppender">
            <appender-ref ref="SYSLOG"/>
          </appender>
          <root><appender-ref ref="ASYNC"/><appender-ref ref="LOCAL"/></root>
        </configuration>
        """
        let (setup, issues) = JavaLoggingParser.parseLogback(text, file: "logback.xml")
        #expect(issues.isEmpty)
        let sys = try handler(setup, "SYSLOG")
        #expect(sys.destination == .syslog(address: "logs.example.com:514", remote: true, transport: "UDP"))
        let f = try #require(setup?.formatter(sys.formatter))
        #expect(f.hasTime && f.hasLevel)  // logback writes the syslog header: priority and timestamp
        #expect(try handler(setup, "LOCAL").destination == .syslog(address: "127.0.0.1:5140", remote: false, transport: "UDP"))
        let async = try handler(setup, "ASYNC")
        #expect(async.destination == .queue)
        #expect(async.options["appender-ref"] == .list([.string("SYSLOG")]))
        // <root> without a level is DEBUG, logback's default.
        #expect(try logger(setup, "root").level == .string("DEBUG"))
    }

    @Test("<springProfile> blocks are variants; Spring Boot's includes are known; undefined appenders and unknown elements are parse issues")
    func issues() throws {
        let text = """
        <configuration>
          <include resource="org/springframework/boot/logging/logback/defaults.xml"/>
          <springProfile name="prod">
            <appender name="F" class="ch.qos.logback.core.FileAppender"><file>/var/log/a.log</file><encoder><pattern>%m%n</pattern></encoder></appender>
          </springProfile>
          <frobnicate/>
          <root level="INFO"><appender-ref ref="CONSOLE"/><appender-ref ref="F"/></root>
        </configuration>
        """
        let (setups, issues) = JavaLoggingParser.parseLogbackVariants(text, file: "logback.xml")
        // One variant with no Spring profile active, one with "prod".
        #expect(setups.map(\.origin) == ["logback (no Spring profile active)", "logback (Spring profile prod)"])
        #expect(setups.map { $0.handlers.map(\.name) } == [[], ["F"]])
        let setup = setups.last
        // Spring Boot's defaults.xml is known: its loggers are read, cited at the include.
        #expect(setup?.loggers.contains { $0.name == "org.apache.catalina.startup.DigesterFactory" && $0.line == 2 } == true)
        #expect(issues.map(\.line) == [6, 7, 7])
        #expect(issues.map(\.message) == [
            "<frobnicate> is not understood; not read",
            "logger 'root' names appender 'CONSOLE', which is not defined in this file",
            "logger 'root' names appender 'F', which is not defined in this file",
        ])
    }
}

// MARK: - XML safety

@Suite("XML reading: refused DTDs, malformed documents")
struct JavaXMLSafetyTests {
    @Test("a DTD declaring entities (XXE, billion laughs) is refused, never expanded", arguments: [
        ("<?xml version=\"1.0\"?>\n<!DOCTYPE configuration [\n  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n<configuration><appender name=\"A\" class=\"ch.qos.logback.core.FileAppender\"><file>&xxe;</file></appender></configuration>", 3),
        ("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n<configuration>&lol2;</configuration>", 1),
        ("<!DOCTYPE configuration [\n<!ATTLIST appender class CDATA \"x\">\n]>\n<configuration/>", 2),
    ])
    func dtdRefused(_ text: String, _ line: Int) {
        let (setup, issues) = JavaLoggingParser.parseLogback(text, file: "logback.xml")
        #expect(setup == nil)
        #expect(issues == [ParseIssue(path: "logback.xml", line: line, message: "DTD/entities not allowed; not read")])
        let (setup2, issues2) = JavaLoggingParser.parseLog4j2XML(text, file: "log4j2.xml")
        #expect(setup2 == nil && issues2.map(\.message) == ["DTD/entities not allowed; not read"])
    }

    @Test("an external DTD is not fetched; log4j 1.x files that name log4j.dtd are read")
    func externalDTDNotLoaded() throws {
        let text = """
        <?xml version="1.0" encoding="UTF-8" ?>
        <!DOCTYPE log4j:configuration SYSTEM "log4j.dtd">
        <log4j:configuration xmlns:log4j="http://jakarta.apache.org/log4j/">
          <appender name="console" class="org.apache.log4j.ConsoleAppender">
            <layout class="org.apache.log4j.PatternLayout"><param name="ConversionPattern" value="%d %-5p %c - %m%n"/></layout>
          </appender>
          <root><priority value="info"/><appender-ref ref="console"/></root>
        </log4j:configuration>
        """
        let (setup, issues) = JavaLoggingParser.parseLog4j2XML(text, file: "log4j.xml")
        #expect(issues.isEmpty)
        let s = try #require(setup)
        #expect(s.origin == "log4j" && s.line == 3)
        #expect(try handler(s, "console").destination == .console)
        #expect(try logger(s, "root").level == .string("INFO"))
        #expect(try #require(s.formatter("console.layout")).hasTime)
    }

    @Test("malformed XML is a parse issue with the line where reading stopped", arguments: [
        ("<configuration>\n  <appender name=\"A\">\n</configuration>", 3, "end tag </configuration> does not match <appender> opened on line 2"),
        ("", 1, "no root element"),
        ("<configuration>\n<root level=\"INFO\">\n", 2, "<root> opened on line 2 is not closed"),
        ("<configuration>\n<!-- a -- b -->\n</configuration>", 2, "'--' inside a comment (XML forbids it; Java's parser refuses the file)"),
        ("plain text", 1, "text before the root element"),
        ("<configuration>\n<root level=INFO/>\n</configuration>", 2, "attribute level of <root> is not quoted"),
        ("<configuration>\n<root>&nbsp;</root>\n</configuration>", 2, "undefined entity &nbsp; (entities are not read)"),
        ("<configuration/>\n<configuration/>", 2, "a second root element; a document has exactly one"),
        ("<configuration>\n<root a=\"1\" a=\"2\"/>\n</configuration>", 2, "attribute a appears twice in <root>"),
    ])
    func malformed(_ text: String, _ line: Int, _ message: String) {
        let (setup, issues) = JavaLoggingParser.parseLogback(text, file: "logback.xml")
        #expect(setup == nil)
        #expect(issues == [ParseIssue(path: "logback.xml", line: line, message: "not well-formed XML: \(message); not read")])
    }

    @Test("lines come from the source: multi-line start tags, commented-out elements, CRLF, entities decoded")
    func lines() throws {
        let text = "<configuration>\r\n  <!-- <appender name=\"X\" class=\"ch.qos.logback.core.ConsoleAppender\"/> -->\r\n"
            + "  <appender\r\n    name=\"A&amp;B\"\r\n    class=\"ch.qos.logback.core.ConsoleAppender\"><![CDATA[ignored <text>]]></appender>\r\n"
            + "  <root level=\"INFO\"><appender-ref ref=\"A&amp;B\"/></root>\r\n</configuration>\r\n"
        let (setup, issues) = JavaLoggingParser.parseLogback(text, file: "logback.xml")
        #expect(issues.isEmpty)
        #expect(setup?.handlers.map(\.name) == ["A&B"])
        #expect(try handler(setup, "A&B").line == 3)
        #expect(try logger(setup, "root").line == 6)
    }

    @Test("each XML entry point reads the dialect the document is written in")
    func dialects() {
        #expect(JavaLoggingParser.parseLog4j2XML(LogbackParserTests.basic, file: "log4j.xml").0?.origin == "logback")
        #expect(JavaLoggingParser.parseLogback(Log4j2ParserTests.rolling, file: "logback.xml").0?.origin == "log4j2")
        let log4j1 = "<log4j:configuration xmlns:log4j=\"http://jakarta.apache.org/log4j/\"><root><priority value=\"warn\"/></root></log4j:configuration>"
        #expect(JavaLoggingParser.parseLogback(log4j1, file: "log4j.xml").0?.origin == "log4j")
    }

    @Test("a document that is not logback's or log4j's is not read")
    func wrongRoot() {
        let (setup, issues) = JavaLoggingParser.parseLogback("<project>\n</project>", file: "pom.xml")
        #expect(setup == nil)
        #expect(issues == [ParseIssue(path: "pom.xml", line: 1, message: "root element <project> is not logback's <configuration> or <included>; not read")])
    }
}

// MARK: - log4j2

@Suite("log4j2 parser")
struct Log4j2ParserTests {
    static let rolling = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Configuration status="WARN">
      <Properties>
        <Property name="logDir">/var/log/app</Property>
      </Properties>
      <Appenders>
        <Console name="STDOUT" target="SYSTEM_OUT">
          <PatternLayout pattern="%d{ISO8601} %-5p %c - %m%n"/>
        </Console>
        <RollingFile name="ROLL" fileName="${logDir}/app.log" filePattern="${logDir}/app-%d{yyyy-MM-dd}.log.gz">
          <JsonLayout compact="true" eventEol="true"/>
          <ThresholdFilter level="INFO" onMatch="ACCEPT" onMismatch="DENY"/>
          <Policies>
            <TimeBasedTriggeringPolicy/>
          </Policies>
          <DefaultRolloverStrategy max="30">
            <Delete basePath="${logDir}">
              <IfFileName glob="app-*.log.gz"/>
              <IfLastModified age="60d"/>
            </Delete>
          </DefaultRolloverStrategy>
        </RollingFile>
        <RollingFile name="KEEPALL" fileName="${logDir}/b.log" filePattern="${logDir}/b-%d{yyyy-MM-dd-HH}.log">
          <PatternLayout><Pattern>%m%n</Pattern></PatternLayout>
          <TimeBasedTriggeringPolicy/>
          <DefaultRolloverStrategy max="30"/>
        </RollingFile>
        <RollingFile name="SIZE" fileName="${sys:app.dir:-/opt}/c.log" filePattern="${sys:app.dir:-/opt}/c.%i.log">
          <SizeBasedTriggeringPolicy size="100 MB"/>
          <DefaultRolloverStrategy max="5"/>
        </RollingFile>
        <RollingFile name="CAPPED" fileName="d.log" filePattern="d-%d{yyyy-MM-dd}-%i.log.gz">
          <EcsLayout serviceName="shop"/>
          <Policies><TimeBasedTriggeringPolicy/><SizeBasedTriggeringPolicy size="10MB"/></Policies>
          <DefaultRolloverStrategy fileIndex="nomax">
            <Delete basePath="."><IfFileName glob="d-*"><IfAccumulatedFileSize exceeds="2GB"/></IfFileName></Delete>
          </DefaultRolloverStrategy>
        </RollingFile>
      </Appenders>
      <Loggers>
        <Logger name="com.example" level="trace" additivity="false">
          <AppenderRef ref="ROLL"/>
        </Logger>
        <AsyncLogger name="com.example.quiet" level="off"/>
        <Root level="warn">
          <AppenderRef ref="STDOUT"/>
          <AppenderRef ref="KEEPALL"/>
        </Root>
      </Loggers>
    </Configuration>
    """

    @Test("RollingFile: Delete IfLastModified age is the history; max alone keeps every period; %i windows are size-based")
    func rollingFile() throws {
        let (setup, issues) = JavaLoggingParser.parseLog4j2XML(Self.rolling, file: "log4j2.xml")
        #expect(issues.isEmpty)
        let s = try #require(setup)
        #expect(s.origin == "log4j2" && s.line == 2)
        #expect(s.handlers.map(\.name) == ["STDOUT", "ROLL", "KEEPALL", "SIZE", "CAPPED"])

        let roll = try handler(s, "ROLL")
        #expect(roll.className == "RollingFile" && roll.line == 10 && roll.level == .string("INFO"))
        #expect(roll.destination == .file(path: .string("/var/log/app/app.log"),
                                          rotation: .history(days: 60, explanation: "DefaultRolloverStrategy Delete IfLastModified age=60d = 60 days")))
        let json = try #require(s.formatter(roll.formatter))
        #expect(json.factory == "JsonLayout" && json.isJSON && json.hasTime && json.hasLevel && json.line == 11)

        // DefaultRolloverStrategy max bounds %i within one period only: older periods stay.
        #expect(try handler(s, "KEEPALL").destination == .file(path: .string("/var/log/app/b.log"), rotation: .timed(when: "D", interval: 1, backupCount: 0)))
        let keepAllFormat = try #require(s.formatter("KEEPALL.layout"))
        #expect(keepAllFormat.format == .string("%m%n") && !keepAllFormat.hasTime)

        #expect(try handler(s, "SIZE").destination == .file(path: .string("/opt/c.log"), rotation: .size(maxBytes: 100 * 1024 * 1024, backupCount: 5)))
        // SIZE has no layout: PatternLayout's default %m%n.
        #expect(try #require(s.formatter("SIZE.layout")).format == .string("%m%n"))

        #expect(try handler(s, "CAPPED").destination == .file(path: .string("d.log"), rotation: .history(days: nil, explanation:
            "DefaultRolloverStrategy Delete (IfFileName > IfAccumulatedFileSize) deletes by size, count or name, not by age: proves no number of days")))
        #expect(try #require(s.formatter("CAPPED.layout")).isJSON)

        let app = try logger(s, "com.example")
        #expect(app.level == .string("DEBUG") && !app.propagate && app.handlers == ["ROLL"] && app.line == 41)
        let quiet = try logger(s, "com.example.quiet")
        #expect(quiet.disabled && quiet.level == .string("CRITICAL"))
        let root = try logger(s, "root")
        #expect(root.level == .string("WARNING") && root.handlers == ["STDOUT", "KEEPALL"] && root.line == 45)
    }

    @Test("Delete conditions: the age guards deletion only when every path to it requires it", arguments: [
        ("<IfLastModified age=\"30d\"/>", 30.0 as Double?),
        ("<IfFileName glob=\"*.gz\"><IfLastModified age=\"P7D\"/></IfFileName>", 7),
        ("<IfFileName glob=\"*.gz\"/><IfLastModified age=\"12h\"/>", 0.5),
        ("<IfLastModified age=\"90d\"><IfAccumulatedFileCount exceeds=\"10\"/></IfLastModified>", 90),
        ("<IfAny><IfLastModified age=\"30d\"/><IfAccumulatedFileSize exceeds=\"1GB\"/></IfAny>", nil),
        ("<IfNot><IfLastModified age=\"30d\"/></IfNot>", nil),
        ("<IfAccumulatedFileCount exceeds=\"10\"/>", nil),
    ])
    func deleteAge(_ conditions: String, _ days: Double?) throws {
        let text = """
        <Configuration><Appenders>
          <RollingFile name="R" fileName="a.log" filePattern="a-%d{yyyy-MM-dd}.log">
            <PatternLayout pattern="%d %p %m%n"/>
            <TimeBasedTriggeringPolicy/>
            <DefaultRolloverStrategy><Delete basePath=".">\(conditions)</Delete></DefaultRolloverStrategy>
          </RollingFile>
        </Appenders></Configuration>
        """
        let (setup, issues) = JavaLoggingParser.parseLog4j2XML(text, file: "log4j2.xml")
        #expect(issues.isEmpty)
        guard case .file(_, .history(let got, _))? = setup?.handler("R")?.destination else {
            Issue.record("R is not a file with history")
            return
        }
        #expect(got == days)
    }

    @Test("Socket, Syslog and Http appenders: TLS from <SSL>, protocol SSL or https; Async names its appender")
    func network() throws {
        let text = """
        <Configuration>
          <Appenders>
            <Socket name="SOCK" host="logs.example.com" port="6514" protocol="SSL"><JsonTemplateLayout/></Socket>
            <Socket name="PLAIN" host="10.0.0.5" port="4560"/>
            <Socket name="LOOP" host="localhost" port="4560" protocol="UDP"/>
            <Syslog name="SYS" host="syslog.example.com" port="6514" protocol="TCP" format="RFC5424">
              <SSL><KeyStore location="keystore.jks" password="hunter2"/></SSL>
            </Syslog>
            <Syslog name="LOCAL" host="localhost" port="514" protocol="UDP"/>
            <Http name="HTTP" url="https://logs.example.com/ingest"><JsonLayout/></Http>
            <Async name="ASYNC"><AppenderRef ref="SOCK"/><AppenderRef ref="SYS"/></Async>
            <Appender type="Console" name="STRICT"><Layout type="PatternLayout" pattern="%d %p %m%n"/></Appender>
          </Appenders>
          <Loggers><Root level="info"><AppenderRef ref="ASYNC"/></Root></Loggers>
        </Configuration>
        """
        let (setup, issues) = JavaLoggingParser.parseLog4j2XML(text, file: "log4j2.xml")
        // The key store log4j2 opens at start-up is named (not its password).
        #expect(issues.map(\.message) == ["KeyStore 'keystore.jks' of appender 'SYS' is read by log4j2 at start-up (its password too): not scanned here; if it is missing or unreadable the appender is not built"])
        let s = try #require(setup)
        #expect(try handler(s, "SOCK").destination == .remote(service: "TLS socket", endpoint: "logs.example.com:6514", tls: true))
        #expect(try #require(s.formatter("SOCK.layout")).isJSON)
        #expect(try handler(s, "PLAIN").destination == .remote(service: "TCP socket", endpoint: "10.0.0.5:4560", tls: false))
        #expect(try handler(s, "LOOP").destination == .remote(service: "UDP datagram", endpoint: "localhost:4560", tls: nil))
        let sys = try handler(s, "SYS")
        #expect(sys.destination == .syslog(address: "syslog.example.com:6514", remote: true, transport: "TLS"))
        #expect(!sys.options.entries.contains { $0.value == .string("hunter2") })
        let rfc = try #require(s.formatter(sys.formatter))
        #expect(rfc.factory == "Rfc5424Layout" && rfc.hasTime && rfc.hasLevel)
        #expect(try handler(s, "LOCAL").destination == .syslog(address: "localhost:514", remote: false, transport: "UDP"))
        #expect(try handler(s, "HTTP").destination == .remote(service: "HTTP", endpoint: "https://logs.example.com/ingest", tls: true))
        let async = try handler(s, "ASYNC")
        #expect(async.destination == .queue && async.options["appender-ref"] == .list([.string("SOCK"), .string("SYS")]))
        let strict = try handler(s, "STRICT")
        #expect(strict.className == "Console" && strict.destination == .console)
        #expect(try #require(s.formatter(strict.formatter)).hasLevel)
    }

    @Test("log4j2.properties: components by type, nested Delete conditions, filters, short rootLogger form, continuation lines")
    func properties() throws {
        let text = """
        status = warn
        property.dir = /var/log/app
        appender.console.type = Console
        appender.console.name = STDOUT
        appender.console.layout.type = PatternLayout
        appender.console.layout.pattern = %d %-5level %m%n
        appender.rolling.type = RollingFile
        appender.rolling.name = ROLL
        appender.rolling.fileName = ${dir}/\\
            app.log
        appender.rolling.filePattern = ${dir}/app-%d{yyyy-MM-dd}-%i.log.gz
        appender.rolling.layout.type = EcsLayout
        appender.rolling.policies.type = Policies
        appender.rolling.policies.time.type = TimeBasedTriggeringPolicy
        appender.rolling.policies.size.type = SizeBasedTriggeringPolicy
        appender.rolling.policies.size.size = 100MB
        appender.rolling.strategy.type = DefaultRolloverStrategy
        appender.rolling.strategy.action.type = Delete
        appender.rolling.strategy.action.basepath = ${dir}
        appender.rolling.strategy.action.condition.type = IfFileName
        appender.rolling.strategy.action.condition.glob = app-*.log.gz
        appender.rolling.strategy.action.condition.nested_condition.type = IfLastModified
        appender.rolling.strategy.action.condition.nested_condition.age = P90D
        appender.rolling.filter.threshold.type = ThresholdFilter
        appender.rolling.filter.threshold.level = info
        logger.app.name = com.example
        logger.app.level = debug
        logger.app.additivity = false
        logger.app.appenderRef.rolling.ref = ROLL
        rootLogger = WARN, STDOUT
        """
        let (setup, issues) = JavaLoggingParser.parseLog4j2Properties(text, file: "log4j2.properties")
        #expect(issues.isEmpty)
        let s = try #require(setup)
        #expect(s.origin == "log4j2")
        let roll = try handler(s, "ROLL")
        #expect(roll.className == "RollingFile" && roll.line == 7 && roll.level == .string("INFO"))
        #expect(roll.destination == .file(path: .string("/var/log/app/app.log"),
                                          rotation: .history(days: 90, explanation: "DefaultRolloverStrategy Delete IfLastModified age=P90D = 90 days")))
        #expect(try #require(s.formatter(roll.formatter)).isJSON)
        let console = try handler(s, "STDOUT")
        #expect(console.destination == .console && console.line == 3)
        #expect(try #require(s.formatter(console.formatter)).hasTime)
        let app = try logger(s, "com.example")
        #expect(app.level == .string("DEBUG") && !app.propagate && app.handlers == ["ROLL"] && app.line == 26)
        let root = try logger(s, "root")
        #expect(root.level == .string("WARNING") && root.handlers == ["STDOUT"] && root.line == 30)
    }

    @Test("log4j2 YAML and JSON map like XML")
    func yamlAndJSON() throws {
        let yaml = """
        Configuration:
          Properties:
            Property:
              - name: dir
                value: /var/log/app
          Appenders:
            RollingFile:
              - name: ROLL
                fileName: "${dir}/app.log"
                filePattern: "${dir}/app.%d{yyyy-MM-dd}.log"
                PatternLayout:
                  pattern: "%d %p %m%n"
                TimeBasedTriggeringPolicy:
                  interval: 1
                DefaultRolloverStrategy:
                  Delete:
                    basePath: "${dir}"
                    IfLastModified:
                      age: 30d
          Loggers:
            Root:
              level: info
              AppenderRef:
                - ref: ROLL
        """
        let (setup, issues) = JavaLoggingParser.parseLog4j2YAML(yaml, file: "log4j2.yaml")
        #expect(issues.isEmpty)
        #expect(try handler(setup, "ROLL").destination == .file(path: .string("/var/log/app/app.log"),
                                                               rotation: .history(days: 30, explanation: "DefaultRolloverStrategy Delete IfLastModified age=30d = 30 days")))
        #expect(try handler(setup, "ROLL").line == 8)
        #expect(try logger(setup, "root").handlers == ["ROLL"])

        let json = """
        {"configuration": {"appenders": {"Console": {"name": "C", "JsonLayout": {"compact": true}}},
          "loggers": {"root": {"level": "error", "AppenderRef": {"ref": "C"}}}}}
        """
        let (jsonSetup, jsonIssues) = JavaLoggingParser.parseLog4j2YAML(json, file: "log4j2.json")
        #expect(jsonIssues.isEmpty)
        #expect(try handler(jsonSetup, "C").destination == .console)
        #expect(try logger(jsonSetup, "root").level == .string("ERROR"))

        let (none, noneIssues) = JavaLoggingParser.parseLog4j2YAML("version: 1\nhandlers: {}\n", file: "logging.yml")
        #expect(none == nil && noneIssues.map(\.message) == ["no Configuration mapping at the top: not a log4j2 YAML/JSON configuration; not read"])
    }
}

// MARK: - log4j 1.x

@Suite("log4j 1.x parser")
struct Log4jPropertiesTests {
    @Test("log4j.properties: rootLogger, appenders and their properties, additivity, ${} from the same file")
    func properties() throws {
        let text = """
        # comment
        log.dir=/var/log/app
        log4j.rootLogger=INFO, A1, R
        log4j.appender.A1=org.apache.log4j.ConsoleAppender
        log4j.appender.A1.layout=org.apache.log4j.PatternLayout
        log4j.appender.A1.layout.ConversionPattern=%d [%t] %-5p %c - %m%n
        log4j.appender.R=org.apache.log4j.DailyRollingFileAppender
        log4j.appender.R.File=${log.dir}/app.log
        log4j.appender.R.DatePattern='.'yyyy-MM-dd
        log4j.appender.R.Threshold=WARN
        log4j.appender.R.layout=org.apache.log4j.SimpleLayout
        log4j.appender.S=org.apache.log4j.RollingFileAppender
        log4j.appender.S.File=/var/log/app/size.log
        log4j.appender.S.MaxFileSize=5MB
        log4j.appender.S.MaxBackupIndex=3
        log4j.appender.SYS=org.apache.log4j.net.SyslogAppender
        log4j.appender.SYS.SyslogHost=logs.example.com:1514
        log4j.appender.SYS.layout=org.apache.log4j.PatternLayout
        log4j.logger.com.example=TRACE, S, SYS
        log4j.additivity.com.example=false
        log4j.logger.org.noise=OFF
        """
        let (setup, issues) = JavaLoggingParser.parseLog4jProperties(text, file: "log4j.properties")
        #expect(issues.isEmpty)
        let s = try #require(setup)
        #expect(s.origin == "log4j")
        #expect(s.handlers.map(\.name) == ["A1", "R", "S", "SYS"])
        #expect(try handler(s, "A1").destination == .console)
        let r = try handler(s, "R")
        #expect(r.className == "org.apache.log4j.DailyRollingFileAppender" && r.line == 7 && r.level == .string("WARNING"))
        #expect(r.destination == .file(path: .string("/var/log/app/app.log"), rotation: .timed(when: "D", interval: 1, backupCount: 0)))
        let simple = try #require(s.formatter(r.formatter))
        #expect(simple.hasLevel && !simple.hasTime && simple.factory == "org.apache.log4j.SimpleLayout")
        #expect(try handler(s, "S").destination == .file(path: .string("/var/log/app/size.log"), rotation: .size(maxBytes: 5 * 1024 * 1024, backupCount: 3)))
        #expect(try handler(s, "SYS").destination == .syslog(address: "logs.example.com:1514", remote: true, transport: "UDP"))
        // A PatternLayout without ConversionPattern writes %m%n.
        #expect(try #require(s.formatter("SYS.layout")).format == .string("%m%n"))
        let root = try logger(s, "root")
        #expect(root.level == .string("INFO") && root.handlers == ["A1", "R"] && root.line == 3)
        let app = try logger(s, "com.example")
        #expect(app.level == .string("DEBUG") && app.handlers == ["S", "SYS"] && !app.propagate && app.line == 19)
        #expect(try logger(s, "org.noise").disabled)
    }

    @Test("an appender named but not defined, and a key set twice, are parse issues")
    func issues() {
        let text = "log4j.rootLogger=DEBUG, missing\nlog4j.rootLogger=INFO, A\nlog4j.appender.A=org.apache.log4j.ConsoleAppender\n"
        let (setup, issues) = JavaLoggingParser.parseLog4jProperties(text, file: "log4j.properties")
        #expect(setup?.logger("root")?.handlers == ["A"])
        #expect(issues == [
            ParseIssue(path: "log4j.properties", line: 2, message: "key log4j.rootLogger is set again (first on line 1); the later value is used"),
        ])
        let (_, issues2) = JavaLoggingParser.parseLog4jProperties("log4j.rootLogger=INFO, A\n", file: "log4j.properties")
        #expect(issues2 == [ParseIssue(path: "log4j.properties", line: 1, message: "logger 'root' names appender 'A', which is not defined in this file")])
    }
}

// MARK: - fileConfig

@Suite("fileConfig INI parser")
struct FileConfigParserTests {
    static let full = """
    [DEFAULT]
    logdir = /var/log/app

    [loggers]
    keys = root, app, audit

    [handlers]
    keys = console, file, rotating, timed, watched, syslog, socket, http, smtp

    [formatters]
    keys = generic, bare

    [logger_root]
    level = WARNING
    handlers = console

    [logger_app]
    level = DEBUG
    handlers = file, rotating
    qualname = myapp.core
    propagate = 0

    [logger_audit]
    level = INFO
    handlers = timed, syslog, socket, http, smtp
    qualname = myapp.audit

    [handler_console]
    class = StreamHandler
    args = (sys.stderr,)
    formatter = generic

    [handler_file]
    class = FileHandler
    args = ('%(logdir)s/app.log', 'a')
    formatter = generic

    [handler_rotating]
    class = handlers.RotatingFileHandler
    args = ('%(logdir)s/big.log', 'a', 10*1024*1024, 5)
    level = INFO
    formatter = generic

    [handler_timed]
    class = handlers.TimedRotatingFileHandler
    args = ('%(logdir)s/audit.log', 'midnight', 1, 90)
    formatter = generic

    [handler_watched]
    class = handlers.WatchedFileHandler
    args = ('%(here)s/watched.log',)

    [handler_syslog]
    class = handlers.SysLogHandler
    args = (('logs.example.com', handlers.SYSLOG_UDP_PORT), handlers.SysLogHandler.LOG_AUTH)

    [handler_socket]
    class = handlers.SocketHandler
    args = ('logs.example.com', handlers.DEFAULT_TCP_LOGGING_PORT)

    [handler_http]
    class = handlers.HTTPHandler
    args = ('logs.example.com:443', '/ingest', 'POST', True)

    [handler_smtp]
    class = handlers.SMTPHandler
    args = ('smtp.example.com', 'app@example.com', ['ops@example.com'], 'Error')
    kwargs = {'timeout': 10.0}

    [formatter_generic]
    format = %(asctime)s %(levelname)s [%(name)s] %(message)s
    datefmt = %Y-%m-%d %H:%M:%S

    [formatter_bare]
    format = %(message)s
    """

    @Test("every handler kind from its args tuple; qualname, propagate, [DEFAULT] interpolation; %(here)s kept unresolved")
    func full() throws {
        let (setup, issues) = FileConfigParser.parse(Self.full, file: "logging.ini")
        let s = try #require(setup)
        #expect(s.origin == "fileConfig" && s.line == 4)
        #expect(s.handlers.map(\.name) == ["console", "file", "rotating", "timed", "watched", "syslog", "socket", "http", "smtp"])

        let console = try handler(s, "console")
        #expect(console.className == "logging.StreamHandler" && console.destination == .console && console.line == 28)
        #expect(console.options["stream"] == .unresolved("sys.stderr") && console.formatter == "generic")
        #expect(try handler(s, "file").destination == .file(path: .string("/var/log/app/app.log"), rotation: .none))
        let rotating = try handler(s, "rotating")
        #expect(rotating.className == "logging.handlers.RotatingFileHandler" && rotating.level == .string("INFO"))
        #expect(rotating.destination == .file(path: .string("/var/log/app/big.log"), rotation: .size(maxBytes: 10_485_760, backupCount: 5)))
        #expect(rotating.options.line(of: "maxBytes") == 40)
        #expect(try handler(s, "timed").destination == .file(path: .string("/var/log/app/audit.log"), rotation: .timed(when: "midnight", interval: 1, backupCount: 90)))
        #expect(try handler(s, "watched").destination == .file(path: .unresolved("%(here)s/watched.log"), rotation: .watched))
        let syslog = try handler(s, "syslog")
        #expect(syslog.destination == .syslog(address: "logs.example.com:514", remote: true, transport: "UDP"))
        #expect(syslog.options["facility"] == .int(4))
        #expect(try handler(s, "socket").destination == .remote(service: "TCP socket", endpoint: "logs.example.com:9020", tls: false))
        #expect(try handler(s, "http").destination == .remote(service: "HTTP", endpoint: "logs.example.com:443/ingest", tls: true))
        let smtp = try handler(s, "smtp")
        #expect(smtp.destination == .email)
        #expect(smtp.options["toaddrs"] == .list([.string("ops@example.com")]) && smtp.options["timeout"] == .double(10))

        let generic = try #require(s.formatter("generic"))
        #expect(generic.hasTime && generic.hasLevel && generic.style == "%" && generic.line == 70)
        #expect(generic.format == .string("%(asctime)s %(levelname)s [%(name)s] %(message)s"))
        #expect(!(try #require(s.formatter("bare"))).hasTime)

        let root = try logger(s, "root")
        #expect(root.level == .string("WARNING") && root.handlers == ["console"] && !root.propagate && root.line == 13)
        let app = try logger(s, "myapp.core")
        #expect(app.level == .string("DEBUG") && app.handlers == ["file", "rotating"] && !app.propagate && app.line == 17)
        let audit = try logger(s, "myapp.audit")
        #expect(audit.propagate && audit.handlers == ["timed", "syslog", "socket", "http", "smtp"])
        #expect(s.reachedHandlers("myapp.audit.x").map(\.name) == ["timed", "syslog", "socket", "http", "smtp", "console"])

        #expect(issues == [ParseIssue(path: "logging.ini", line: 51, message:
            "[handler_watched] args: %(here)s is not defined in [handler_watched] or [DEFAULT]; kept unresolved (PasteDeploy/Pyramid pass 'here' when they load the file; plain fileConfig raises InterpolationMissingOptionError)")])
    }

    @Test("%(here)s resolves when [DEFAULT] or the section defines it; %% is a percent sign")
    func interpolation() throws {
        let text = """
        [DEFAULT]
        here = /srv/app
        [loggers]
        keys=root
        [handlers]
        keys=f
        [formatters]
        keys=
        [logger_root]
        handlers=f
        [handler_f]
        class=FileHandler
        name=app
        args=('%(here)s/%(name)s-100%%.log', 'w')
        """
        let (setup, issues) = FileConfigParser.parse(text, file: "production.ini")
        #expect(issues.isEmpty)
        #expect(try handler(setup, "f").destination == .file(path: .string("/srv/app/app-100%.log"), rotation: .none))
        #expect(setup?.formatters.isEmpty == true)
    }

    @Test("args are bound to each handler class's parameters", arguments: [
        ("handlers.SysLogHandler", "('/dev/log',)", HandlerDestination.syslog(address: "/dev/log", remote: false, transport: "unix socket")),
        ("handlers.SysLogHandler", "(('10.1.2.3', 514), handlers.SysLogHandler.LOG_LOCAL0, handlers.socket.SOCK_STREAM)", .syslog(address: "10.1.2.3:514", remote: true, transport: "TCP")),
        ("handlers.SysLogHandler", "()", .syslog(address: "localhost:514", remote: false, transport: "UDP")),
        ("handlers.DatagramHandler", "('127.0.0.1', 9021)", .remote(service: "UDP datagram", endpoint: "127.0.0.1:9021", tls: nil)),
        ("handlers.HTTPHandler", "('logs.example.com', '/log', 'POST')", .remote(service: "HTTP", endpoint: "logs.example.com/log", tls: false)),
        ("handlers.TimedRotatingFileHandler", "('a.log', 'D', 7, 4)", .file(path: .string("a.log"), rotation: .timed(when: "D", interval: 7, backupCount: 4))),
        ("handlers.RotatingFileHandler", "(\"a.log\", 'a', 0x100000, 2)", .file(path: .string("a.log"), rotation: .size(maxBytes: 1_048_576, backupCount: 2))),
        ("logging.handlers.RotatingFileHandler", "('a.log',)\nkwargs = {'maxBytes': 1024, 'backupCount': 3}", .file(path: .string("a.log"), rotation: .size(maxBytes: 1024, backupCount: 3))),
        ("NullHandler", "()", .null),
        ("logging.FileHandler", "(os.path.join('/var/log', 'a.log'),)", .file(path: .unresolved("os.path.join('/var/log', 'a.log')"), rotation: .none)),
    ])
    func args(_ cls: String, _ args: String, _ destination: HandlerDestination) throws {
        let text = "[loggers]\nkeys=root\n[handlers]\nkeys=h\n[formatters]\nkeys=\n[logger_root]\nhandlers=h\n[handler_h]\nclass=\(cls)\nargs=\(args)\n"
        let (setup, issues) = FileConfigParser.parse(text, file: "logging.conf")
        #expect(issues.isEmpty)
        #expect(try handler(setup, "h").destination == destination)
    }

    @Test("Python literals in args", arguments: [
        ("('a', 1)", ConfigValue.list([.string("a"), .int(1)])),
        ("('a')", .string("a")),
        ("()", .list([])),
        ("[1, 2,]", .list([.int(1), .int(2)])),
        ("[(1, 2)]", .list([.list([.int(1), .int(2)])])),
        ("{'k': \"v\", 'n': None}", .dict(ConfigDict([.init(key: "k", value: .string("v"), line: 0), .init(key: "n", value: .null, line: 0)]))),
        ("10*1024*1024", .int(10_485_760)),
        ("-5 + 2", .int(-3)),
        ("'a' 'b'", .string("ab")),
        ("'tab\\there'", .string("tab\there")),
        ("r'C:\\logs'", .string("C:\\logs")),
        ("(sys.stdout,)", .list([.unresolved("sys.stdout")])),
        ("(True, False, 1.5)", .list([.bool(true), .bool(false), .double(1.5)])),
        ("(f'{x}.log',)", .list([.unresolved("f'{x}.log'")])),
    ])
    func literals(_ source: String, _ value: ConfigValue) throws {
        #expect(try PyLiteral.evaluate(source) == value)
    }

    @Test("configparser rules: ':' and '=', comment lines, continuation lines, case-insensitive keys")
    func configparser() throws {
        let text = """
        [loggers]
        KEYS: root,
          app
        [handlers]
        ; a comment
        keys = h
        [formatters]
        keys =
        [logger_root]
        Level = INFO
        handlers = h
        [logger_app]
        # qualname below spans one line
        qualname: my.app
        handlers =
        propagate = 1
        [handler_h]
        CLASS = StreamHandler
        args = (sys.stdout,)
        """
        let (setup, issues) = FileConfigParser.parse(text, file: "logging.conf")
        #expect(issues.isEmpty)
        #expect(setup?.loggers.map(\.name) == ["root", "my.app"])
        #expect(try logger(setup, "root").level == .string("INFO"))
        #expect(try logger(setup, "my.app").propagate)
    }

    @Test("what makes Python refuse the file is a parse issue; reading goes on")
    func refusals() throws {
        let text = """
        [DEFAULT]
        $default_section
        [app:main]
        <% if debug: %>
        use = egg:{{ cookiecutter.repo_name }}
        [loggers]
        keys = root, app, ghost
        [handlers]
        keys = h, missing
        [formatters]
        keys = f
        [logger_root]
        level = info
        handlers = h, nope
        [logger_app]
        handlers = h
        [handler_h]
        class = RotatingFileHandler
        formatter = other
        [handler_h]
        level = INFO
        level = DEBUG
        [formatter_f]
        format = %(message)s
        """
        let (setup, issues) = FileConfigParser.parse(text, file: "app.ini")
        let s = try #require(setup)
        #expect(s.loggers.map(\.name) == ["root", "app"])
        #expect(try handler(s, "h").level == .string("DEBUG"))
        #expect(issues.map(\.line) == [2, 4, 5, 7, 9, 13, 14, 15, 18, 19, 20, 22])
        #expect(issues.map(\.message) == [
            "template syntax (string.Template) is not INI: line skipped; the file must be rendered before Python can read it",
            "template syntax (Mako) is not INI: line skipped; the file must be rendered before Python can read it",
            "template placeholder (Jinja {{ }}) kept as text; the file must be rendered before Python can read it",
            "[loggers] names 'ghost', but there is no [logger_ghost] section (fileConfig raises KeyError)",
            "[handlers] names 'missing', but there is no [handler_missing] section (fileConfig raises KeyError)",
            "logger 'root' level 'info' is not one of Python's level names, which are case-sensitive (setLevel raises ValueError)",
            "logger 'root' names handler 'nope', which is not defined (fileConfig raises KeyError)",
            "[logger_app] has no qualname (fileConfig raises KeyError)",
            "handler class 'RotatingFileHandler' is not in the logging namespace fileConfig evaluates in; write handlers.RotatingFileHandler (fileConfig raises ModuleNotFoundError)",
            "handler 'h' names formatter 'other', which is not defined (fileConfig raises KeyError)",
            "section [handler_h] appears again (configparser raises DuplicateSectionError); its options are merged",
            "option 'level' is set again in [handler_h] (configparser raises DuplicateOptionError); the later value is used",
        ])
    }

    @Test("a file without fileConfig sections is not read")
    func notFileConfig() {
        let (setup, issues) = FileConfigParser.parse("[app:main]\nuse = egg:app\n", file: "development.ini")
        #expect(setup == nil)
        #expect(issues == [ParseIssue(path: "development.ini", line: 1, message: "no [loggers], [handlers] or [formatters] section: not a logging.config.fileConfig file; not read")])
    }
}

// MARK: - Real-world corpus

@Suite("Java and fileConfig parsers on the real-world corpus", .enabled(if: FileManager.default.fileExists(atPath: Paths.corpus), "../shared/corpus not present"))
struct JavaAndFileConfigCorpusTests {
    static func read(_ rel: String) throws -> String {
        try String(contentsOfFile: Paths.corpus + "/" + rel, encoding: .utf8)
    }

    @Test("every Java and fileConfig corpus file is read or reported, never a crash")
    func everyFile() throws {
        let fm = FileManager.default
        var checked = 0
        for dir in ["java_logging", "python_logging"] {
            for name in ((try? fm.contentsOfDirectory(atPath: Paths.corpus + "/" + dir)) ?? []).sorted() {
                let text = try Self.read(dir + "/" + name)
                let result: (LoggingSetup?, [ParseIssue])
                switch (name as NSString).pathExtension.lowercased() {
                case "xml":
                    result = text.contains("<configuration") || text.contains("<included") ? JavaLoggingParser.parseLogback(text, file: name) : JavaLoggingParser.parseLog4j2XML(text, file: name)
                case "properties":
                    result = text.contains("log4j.") ? JavaLoggingParser.parseLog4jProperties(text, file: name) : JavaLoggingParser.parseLog4j2Properties(text, file: name)
                case "yaml", "yml", "json":
                    continue  // dictConfig YAML/JSON belong to DictConfigReader; log4j2 YAML is checked below
                default:
                    result = FileConfigParser.parse(text, file: name)
                }
                #expect(result.0 != nil || !result.1.isEmpty, "\(name) was neither read nor reported")
                checked += 1
            }
        }
        #expect(checked == 17)
    }

    @Test("cassandra logback: fixed windows of 20 × 20MB, an AsyncAppender, audit logger not additive")
    func cassandra() throws {
        let (s, issues) = JavaLoggingParser.parseLogback(try Self.read("java_logging/apache__cassandra__conf__logback.xml"), file: "logback.xml")
        #expect(issues.isEmpty)
        #expect(s?.handlers.count == 5 && s?.loggers.count == 4)
        #expect(try handler(s, "SYSTEMLOG").destination == .file(path: .unresolved("${cassandra.logdir}/system.log"), rotation: .size(maxBytes: 20_971_520, backupCount: 20)))
        #expect(try handler(s, "ASYNCDEBUGLOG").options["appender-ref"] == .list([.string("DEBUGLOG")]))
        #expect(try logger(s, "org.apache.cassandra.audit").propagate == false)
    }

    @Test("nifi logback: hourly maxHistory 30 is 1.25 days; the second <root> adds its appender")
    func nifi() throws {
        let (s, issues) = JavaLoggingParser.parseLogback(try Self.read("java_logging/apache__nifi__nifi-framework-bundle__nifi-framework__nifi-resources__src__main__resources__conf__logback.xml"), file: "logback.xml")
        // NiFi's own discriminator decides the sifted files: named as not read.
        #expect(issues.map(\.message) == ["<discriminator> of appender 'DEDICATED_LOGGING' class org.apache.nifi.logging.NifiDiscriminator is not logback's: what it does is not read (logback fails to create it unless the application's classes are on its classpath)"])
        guard case .file(_, .history(let days, _))? = s?.handler("APP_FILE")?.destination else {
            Issue.record("APP_FILE has no history")
            return
        }
        #expect(days == 1.25)
        #expect(try logger(s, "root").handlers == ["APP_FILE", "DEDICATED_LOGGING"])
    }

    @Test("kafka log4j 1.x: DailyRollingFileAppender keeps every file; log4j2 YAML: hourly rolling with no Delete keeps every file")
    func kafka() throws {
        let (s, issues) = JavaLoggingParser.parseLog4jProperties(try Self.read("java_logging/apache__kafka__config__log4j.properties"), file: "log4j.properties")
        #expect(issues.isEmpty)
        #expect(try handler(s, "kafkaAppender").destination == .file(path: .unresolved("${kafka.logs.dir}/server.log"), rotation: .timed(when: "D", interval: 1, backupCount: 0)))
        #expect(try logger(s, "root").handlers == ["stdout"])
        let (y, yIssues) = JavaLoggingParser.parseLog4j2YAML(try Self.read("java_logging/apache__kafka__config__log4j2.yaml"), file: "log4j2.yaml")
        #expect(yIssues.isEmpty)
        #expect(y?.handlers.count == 7)
        #expect(try handler(y, "KafkaAppender").destination == .file(path: .string("./server.log"), rotation: .timed(when: "D", interval: 1, backupCount: 0)))
    }

    @Test("elasticsearch log4j2.properties: a size-capped Delete proves no days; %i windows are size-based")
    func elasticsearch() throws {
        let (s, issues) = JavaLoggingParser.parseLog4j2Properties(try Self.read("java_logging/elastic__elasticsearch__distribution__src__config__log4j2.properties"), file: "log4j2.properties")
        // Elasticsearch's own appender plugin: named as not read.
        #expect(issues.map(\.message) == ["<HeaderWarningAppender> is not a log4j-core appender: log4j2 needs its plugin on the classpath, and drops the appender (with an error) without it"])
        #expect(s?.handlers.count == 8 && s?.loggers.count == 5)
        guard case .file(_, .history(nil, _))? = s?.handler("rolling")?.destination else {
            Issue.record("rolling is not an unprovable history")
            return
        }
        #expect(try handler(s, "deprecation_rolling").destination == .file(
            path: .unresolved("${sys:es.logs.base_path}${sys:file.separator}${sys:es.logs.cluster_name}_deprecation.json"),
            rotation: .size(maxBytes: 1_073_741_824, backupCount: 4)))
        // The continuation line splits a lookup mid-token: joined before reading.
        #expect(try handler(s, "index_search_slowlog_rolling").options["fileName"]
            == .unresolved("${sys:es.logs.base_path}${sys:file.separator}${sys:es.logs.cluster_name}_index_search_slowlog.json"))
    }

    @Test("keystone logging.conf.sample: SysLogHandler with handlers.SYSLOG_UDP_PORT, WatchedFileHandler")
    func keystone() throws {
        let (s, issues) = FileConfigParser.parse(try Self.read("python_logging/openstack__keystone__etc__logging.conf.sample"), file: "logging.conf.sample")
        #expect(issues.isEmpty)
        #expect(try handler(s, "production").destination == .syslog(address: "localhost:514", remote: false, transport: "UDP"))
        #expect(try handler(s, "file").destination == .file(path: .string("error.log"), rotation: .watched))
        #expect(try logger(s, "access").handlers == ["access_file"])
    }

    @Test("ckan and pyramid templates: template lines are issues, the logging sections are still read")
    func templates() throws {
        let (ckan, ckanIssues) = FileConfigParser.parse(try Self.read("python_logging/ckan__ckan__ckan__config__deployment.ini_tmpl"), file: "deployment.ini_tmpl")
        #expect(ckan?.loggers.map(\.name) == ["root", "ckan", "ckanext", "werkzeug"])
        #expect(ckanIssues.map(\.line) == [14, 16])
        let (pyramid, pyramidIssues) = FileConfigParser.parse(try Self.read("python_logging/Pylons__pyramid-cookiecutter-starter___cookiecutter.repo_name___production.ini"), file: "production.ini")
        #expect(pyramid?.loggers.map(\.name) == ["root", "{{ cookiecutter.repo_name }}"])
        #expect(pyramidIssues.contains { $0.line == 55 && $0.message.contains("DuplicateOptionError") })
    }
}

@Suite("java.util.logging and log4rs parsers")
struct JULAndLog4rsTests {
    static let jdkDefault = """
    handlers= java.util.logging.ConsoleHandler
    .level= INFO
    java.util.logging.FileHandler.pattern = %h/java%u.log
    java.util.logging.FileHandler.limit = 50000
    java.util.logging.FileHandler.count = 1
    java.util.logging.FileHandler.formatter = java.util.logging.XMLFormatter
    java.util.logging.ConsoleHandler.level = INFO
    java.util.logging.ConsoleHandler.formatter = java.util.logging.SimpleFormatter
    com.xyz.foo.level = SEVERE
    """

    @Test("the JDK's default logging.properties: console only, root INFO, a named logger at SEVERE")
    func jdkDefault() throws {
        let (s, issues) = JULParser.parse(Self.jdkDefault, file: "logging.properties")
        let setup = try #require(s)
        #expect(issues.isEmpty, "\(issues)")
        #expect(setup.handlers.map(\.name) == ["java.util.logging.ConsoleHandler"])
        #expect(setup.handlers.first?.destination == .console)
        #expect(setup.logger("root")?.level == .string("INFO") && setup.logger("root")?.handlers == ["java.util.logging.ConsoleHandler"])
        #expect(setup.logger("com.xyz.foo")?.level == .string("ERROR"))
        // SimpleFormatter's default format has time (%1$t…) and level (%4$s).
        #expect(setup.formatter(setup.handlers.first?.formatter)?.hasTime == true && setup.formatter(setup.handlers.first?.formatter)?.hasLevel == true)
    }

    static let truncatedAtStart = HandlerRotation.history(days: nil, explanation: "FileHandler append=false (the default): the file is truncated at every start of the JVM")

    @Test("FileHandler rotation: count > 1 with a limit rolls by size; append=false truncates; count without limit is reported", arguments: [
        ("limit = 1048576\njava.util.logging.FileHandler.count = 5", HandlerRotation.size(maxBytes: 1_048_576, backupCount: 4), 0),
        ("limit = 0\njava.util.logging.FileHandler.count = 5", truncatedAtStart, 1),
        ("count = 1", truncatedAtStart, 0),
        ("append = true", HandlerRotation.none, 0),
        ("append = true\njava.util.logging.FileHandler.limit = 5000", HandlerRotation.history(days: nil, explanation: "FileHandler limit=5000 with count=1: the file is truncated when it reaches the limit"), 0),
    ])
    func fileHandler(_ settings: String, _ rotation: HandlerRotation, _ issueCount: Int) throws {
        let text = "handlers = java.util.logging.FileHandler\njava.util.logging.FileHandler.pattern = /var/log/app/app%g.log\njava.util.logging.FileHandler." + settings + "\n"
        let (s, issues) = JULParser.parse(text, file: "logging.properties")
        let h = try #require(s?.handlers.first)
        #expect(h.destination == .file(path: .string("/var/log/app/app0.log"), rotation: rotation))
        #expect(issues.count == issueCount, "\(issues)")
        #expect(s?.formatter(h.formatter)?.hasTime == true, "FileHandler's default XMLFormatter carries the time")
    }

    @Test("Tomcat's logging.properties: JULI handlers with prefixes, daily files, maxDays, per-context loggers")
    func tomcat() throws {
        let text = """
        handlers = 1catalina.org.apache.juli.AsyncFileHandler, java.util.logging.ConsoleHandler
        .handlers = 1catalina.org.apache.juli.AsyncFileHandler, java.util.logging.ConsoleHandler
        1catalina.org.apache.juli.AsyncFileHandler.level = FINE
        1catalina.org.apache.juli.AsyncFileHandler.directory = /var/log/tomcat
        1catalina.org.apache.juli.AsyncFileHandler.prefix = catalina.
        1catalina.org.apache.juli.AsyncFileHandler.maxDays = 90
        java.util.logging.SocketHandler.host = logs.example.com
        org.apache.catalina.core.ContainerBase.[Catalina].[localhost].level = INFO
        org.apache.catalina.core.ContainerBase.[Catalina].[localhost].handlers = 1catalina.org.apache.juli.AsyncFileHandler
        """
        let (s, issues) = JULParser.parse(text, file: "logging.properties")
        let setup = try #require(s)
        #expect(issues.isEmpty, "\(issues)")
        let h = try #require(setup.handler("1catalina.org.apache.juli.AsyncFileHandler"))
        #expect(h.className == "org.apache.juli.AsyncFileHandler" && h.line == 3)
        #expect(h.destination == .file(path: .string("/var/log/tomcat/catalina.yyyy-MM-dd.log"), rotation: .history(days: 90, explanation: "JULI daily files, maxDays=90")))
        #expect(h.level == .string("DEBUG"))
        #expect(setup.logger("org.apache.catalina.core.ContainerBase.[Catalina].[localhost]")?.handlers == ["1catalina.org.apache.juli.AsyncFileHandler"])
        // A SocketHandler configured but listed by no `handlers` key is not a handler.
        #expect(setup.handler("java.util.logging.SocketHandler") == nil)

        // JULI: `handlers` declares; root gets only `.handlers` when it is set.
        let (t, _) = JULParser.parse("handlers = 1a.org.apache.juli.FileHandler, java.util.logging.ConsoleHandler\n.handlers = java.util.logging.ConsoleHandler\n", file: "logging.properties")
        #expect(t?.logger("root")?.handlers == ["java.util.logging.ConsoleHandler"])
        // No %g with count > 1: the JDK appends the generation.
        let (g, _) = JULParser.parse("handlers = java.util.logging.FileHandler\njava.util.logging.FileHandler.pattern = /var/log/a.log\njava.util.logging.FileHandler.count = 3\njava.util.logging.FileHandler.limit = 10\n", file: "logging.properties")
        #expect(g?.handlers.first?.destination == .file(path: .string("/var/log/a.log.0"), rotation: .size(maxBytes: 10, backupCount: 2)))
    }

    @Test("log4rs: the example sidecar's rolling file, console, root level, loggers, additivity")
    func log4rsExample() throws {
        let text = try String(contentsOfFile: Paths.example + "/deploy/ingest-sidecar/log4rs.yml", encoding: .utf8)
        let (s, issues) = Log4rsParser.parse(text + "loggers:\n  ingest::db:\n    level: warn\n    appenders: [ingest]\n    additive: false\n", file: "log4rs.yml")
        let setup = try #require(s)
        #expect(issues.isEmpty, "\(issues)")
        #expect(setup.handler("stdout")?.destination == .console)
        #expect(setup.handler("ingest")?.destination == .file(path: .string("/srv/shop/logs/ingest.log"), rotation: .size(maxBytes: 50 << 20, backupCount: 10)))
        let f = try #require(setup.formatter(setup.handler("ingest")?.formatter))
        #expect(f.hasTime && f.hasLevel)
        #expect(setup.logger("root")?.level == .string("INFO") && setup.logger("root")?.handlers == ["stdout", "ingest"])
        #expect(setup.logger("ingest.db")?.propagate == false && setup.logger("ingest.db")?.level == .string("WARNING"))
    }

    @Test("log4rs: what log4rs refuses is a parse issue", arguments: [
        ("appenders:\n  a:\n    kind: file\nroot:\n  appenders: [a]\n", "has no path"),
        ("appenders:\n  a:\n    kind: console\nroot:\n  appenders: [b]\n", "appender 'b', which is not defined"),
        ("appenders:\n  r:\n    kind: rolling_file\n    path: x.log\nroot:\n  appenders: [r]\n", "has no policy"),
        ("appenders:\n  r:\n    kind: rolling_file\n    path: x.log\n    policy:\n      trigger: {kind: size, limit: 10 parsecs}\n      roller: {kind: delete}\n", "not a log4rs size"),
        ("appender:\n  a: {kind: console}\nroot: {}\n", "not a log4rs configuration key"),
        ("just: text\n", "not a log4rs configuration"),
    ])
    func log4rsRefusals(_ text: String, _ message: String) {
        let (_, issues) = Log4rsParser.parse(text, file: "log4rs.yml")
        #expect(issues.contains { $0.message.contains(message) }, "\(issues.map(\.message))")
    }

    @Test("log4rs sizes", arguments: [("10 mb", 10 << 20), ("1gb", 1 << 30), ("1024", 1024), ("5 kb", 5 << 10), ("3 parsecs", nil)] as [(String, Int?)])
    func log4rsSizes(_ raw: String, _ bytes: Int?) {
        #expect(Log4rsParser.bytes(raw) == bytes)
    }
}
