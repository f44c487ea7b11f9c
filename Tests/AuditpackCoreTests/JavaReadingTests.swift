import Foundation
import Testing
@testable import AuditpackCore

/// logback and log4j2 read as the libraries build them: wrappers followed, includes and
/// `<if>` branches spliced in, Spring Boot's own files known, configs found by content, one
/// loopback rule for every remote destination.
@Suite("Java logging: wrappers, includes, conditions, recognition")
struct JavaReadingTests {
    @Test("appenders reached only through AsyncAppender, <Async> or a static <Routing> are in use and persist logs")
    func wrappers() throws {
        let tree = try TempTree([
            "conf/logback.xml": """
            <configuration>
              <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
                <file>/var/log/app/app.log</file>
                <rollingPolicy class="ch.qos.logback.core.rolling.TimeBasedRollingPolicy">
                  <fileNamePattern>/var/log/app/app.%d{yyyy-MM-dd}.log.gz</fileNamePattern><maxHistory>120</maxHistory>
                </rollingPolicy>
                <encoder><pattern>%d %level %logger %msg%n</pattern></encoder>
              </appender>
              <appender name="ASYNC" class="ch.qos.logback.classic.AsyncAppender"><appender-ref ref="FILE"/></appender>
              <root level="INFO"><appender-ref ref="ASYNC"/></root>
            </configuration>
            """,
            "log4j2/cluster.xml": """
            <configuration monitorInterval="60">
              <appenders>
                <RollingFile name="A1" fileName="/var/log/x/x.log" filePattern="/var/log/x/x.%i.log"><PatternLayout pattern="%d %p %m%n"/><SizeBasedTriggeringPolicy size="100 MB"/></RollingFile>
                <Routing name="R"><Routes pattern="$${ctx:job}"><Route ref="A1"/><Route key="audit"><File name="AUDIT" fileName="/var/log/x/audit.log"><PatternLayout pattern="%d %p %m%n"/></File></Route></Routes></Routing>
                <Async name="ASYNC"><AppenderRef ref="R"/></Async>
              </appenders>
              <loggers><root level="info"><appender-ref ref="ASYNC"/></root></loggers>
            </configuration>
            """,
        ])
        defer { tree.remove() }
        let session = try evaluate(tree.root)
        let logback = try #require(session.facts.logging.first { $0.file == "conf/logback.xml" })
        #expect(logback.usedHandlerNames == ["ASYNC", "FILE"])
        #expect(logback.reachedHandlers("root").map(\.name) == ["ASYNC", "FILE"])
        // Found by content although named cluster.xml, log4j2's lower-case elements and all.
        let log4j2 = try #require(session.facts.logging.first { $0.file == "log4j2/cluster.xml" })
        #expect(log4j2.origin == "log4j2")
        #expect(log4j2.usedHandlerNames == ["ASYNC", "R", "A1", "AUDIT"])
        let log04 = try #require(session.results.items.first { $0.id == "LOG-04" })
        #expect(log04.status == .pass)
        #expect(log04.outcome.message.contains("'FILE'") && log04.outcome.message.contains("'AUDIT'"))
    }

    @Test("<include> of the project's files and of Spring Boot's, and <if> conditions logback can evaluate")
    func includesAndConditions() throws {
        let tree = try TempTree([
            "src/main/resources/logback-spring.xml": """
            <configuration>
              <include resource="org/springframework/boot/logging/logback/defaults.xml"/>
              <springProperty name="LOG_DIR" source="logging.dir" defaultValue=""/>
              <property name="LOG_FILE" value="/var/log/svc/svc.log"/>
              <if condition='property("LOG_DIR").equals("")'>
                <then><include resource="logback/file-appender.xml"/></then>
                <else><include file="${LOG_DIR}/file-appender.xml"/></else>
              </if>
              <include resource="org/springframework/boot/logging/logback/console-appender.xml"/>
              <include resource="logback/missing.xml" optional="true"/>
              <root level="INFO"><appender-ref ref="CONSOLE"/><appender-ref ref="PROJECT_FILE"/></root>
            </configuration>
            """,
            "src/main/resources/logback/file-appender.xml": """
            <included>
              <appender name="PROJECT_FILE" class="ch.qos.logback.core.FileAppender">
                <file>${LOG_FILE}</file>
                <encoder><pattern>${FILE_LOG_PATTERN}</pattern></encoder>
              </appender>
            </included>
            """,
        ])
        defer { tree.remove() }
        let session = try evaluate(tree.root)
        let s = try #require(session.facts.logging.first { $0.file == "src/main/resources/logback-spring.xml" })
        #expect(s.handlers.map(\.name).sorted() == ["CONSOLE", "PROJECT_FILE"])
        let file = try #require(s.handler("PROJECT_FILE"))
        #expect(file.destination == .file(path: .string("/var/log/svc/svc.log"), rotation: .none))
        // Defined in the included file, cited there.
        #expect(s.fileOf(file) == "src/main/resources/logback/file-appender.xml" && file.line == 2)
        // Spring Boot's FILE_LOG_PATTERN (from defaults.xml) carries time and level.
        let f = try #require(s.formatter(file.formatter))
        #expect(f.hasTime && f.hasLevel)
        // CONSOLE comes from Spring Boot's console-appender.xml, cited at its include line.
        #expect(s.handler("CONSOLE")?.line == 9 && s.handler("CONSOLE")?.file == nil)
        #expect(!session.facts.parseIssues.contains { $0.path.hasSuffix("logback-spring.xml") })
    }

    @Test("an <include> through a linked folder that leads out of the root is not read")
    func includeThroughLink() throws {
        let outside = try TempTree(["logback/secret.xml": "<included><appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\"/></included>\n"])
        defer { outside.remove() }
        let tree = try TempTree(["src/main/resources/logback.xml": """
        <configuration>
          <include resource="linked/logback/secret.xml"/>
          <root level="INFO"/>
        </configuration>
        """])
        defer { tree.remove() }
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/src/main/resources/linked", withDestinationPath: outside.root)
        let session = try evaluate(tree.root)
        let s = try #require(session.facts.logging.first)
        #expect(s.handlers.isEmpty)
        #expect(session.facts.parseIssues.contains { $0.message.contains("<include> of 'linked/logback/secret.xml' is not read: not found under the scanned root") })
    }

    @Test("logback <if> conditions: the forms written in practice, and nil for the rest")
    func conditions() {
        var vars = JavaVariables(syntax: .logback)
        vars.defined = ["A": "", "B": "prod", "C": "${B}"]
        #expect(LogbackCondition.evaluate(#"property("A").equals("")"#, vars: vars) == true)
        #expect(LogbackCondition.evaluate(#"p("C").equals("prod") && isDefined("B")"#, vars: vars) == true)
        #expect(LogbackCondition.evaluate(#"isNull("Z") || property("B").contains("x")"#, vars: vars) == true)
        #expect(LogbackCondition.evaluate(#"!(property("B").equalsIgnoreCase("PROD"))"#, vars: vars) == false)
        #expect(LogbackCondition.evaluate(#"property("Z").isEmpty()"#, vars: vars) == true)
        #expect(LogbackCondition.evaluate(#"System.getenv("X") != null"#, vars: vars) == nil)
    }

    @Test("log4j2 JSON with comments, found by content whatever its name")
    func jsonWithComments() throws {
        let tree = try TempTree(["conf/socket.json": """
        {
          "Configuration": {
            "Appenders": {
              // a comment, as Jackson's ALLOW_COMMENTS reads it
              "Socket": {"name": "S", "host": "logs.example.com", "port": 6514, /* inline */ "protocol": "SSL"}
            },
            "Loggers": {"Root": {"level": "INFO", "AppenderRef": {"ref": "S"}}}
          }
        }
        """])
        defer { tree.remove() }
        let session = try evaluate(tree.root)
        let s = try #require(session.facts.logging.first)
        #expect(s.handler("S")?.destination == .remote(service: "TLS socket", endpoint: "logs.example.com:6514", tls: true))
        #expect(s.handler("S")?.line == 5)
    }

    @Test("one loopback rule: syslog, socket, logstash and HTTP to localhost stay on the host")
    func loopback() {
        func handler(_ d: HandlerDestination) -> LogHandler {
            LogHandler(name: "h", className: nil, level: nil, formatter: nil, filters: [], options: ConfigDict(), line: 1, destination: d)
        }
        #expect(!handler(.remote(service: "Logstash (TCP)", endpoint: "localhost:4560", tls: false)).isRemote)
        #expect(!handler(.remote(service: "HTTP", endpoint: "http://127.0.0.1:8080/logs", tls: false)).isRemote)
        #expect(!handler(.remote(service: "TCP socket", endpoint: "[::1]:5000", tls: nil)).isRemote)
        #expect(!handler(.syslog(address: "localhost:514", remote: false, transport: "UDP")).isRemote)
        #expect(handler(.remote(service: "Logstash (TCP)", endpoint: "logs.example.com:4560", tls: false)).isRemote)
        #expect(handler(.remote(service: "HTTP", endpoint: "https://user@logs.example.com/x", tls: true)).isRemote)
        #expect(HandlerClassifier.host(ofEndpoint: "https://user:pw@h.example.com:8088/x") == "h.example.com")
    }

    @Test("logback.groovy is recognised and listed as not read")
    func groovy() throws {
        let tree = try TempTree(["logback.groovy": "appender(\"CONSOLE\", ConsoleAppender) {}\nroot(INFO, [\"CONSOLE\"])\n"])
        defer { tree.remove() }
        let session = try evaluate(tree.root)
        #expect(session.facts.unreadable[.logbackGroovy] == ["logback.groovy"])
        #expect(session.facts.parseIssues.contains { $0.path == "logback.groovy" && $0.message.contains("not read") })
        let inventory = FactInventory.json(session.facts, results: session.results)
        #expect(inventory.contains("\"kind\" : \"logback-groovy\""))
    }
}
