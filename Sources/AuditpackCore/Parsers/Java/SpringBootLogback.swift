import Foundation

/// The logback files Spring Boot 2.x ships in its jar and that `logback-spring.xml` files
/// include by resource (`<include resource="org/springframework/boot/logging/logback/base.xml"/>`):
/// what they define, in logback 1.2 syntax, as `scripts/java_truth/stubs/resources` gives them to
/// the judge. Spring Boot is Apache-2.0; these state what its files define, not copies of them.
enum SpringBootLogback {
    static let prefix = "org/springframework/boot/logging/logback/"

    static let resources: [String: String] = [
        "defaults.xml": #"""
<included>
	<conversionRule conversionWord="clr" converterClass="org.springframework.boot.logging.logback.ColorConverter" />
	<conversionRule conversionWord="wex" converterClass="org.springframework.boot.logging.logback.WhitespaceThrowableProxyConverter" />
	<conversionRule conversionWord="wEx" converterClass="org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter" />

	<property name="CONSOLE_LOG_PATTERN" value="${CONSOLE_LOG_PATTERN:-%clr(%d{${LOG_DATEFORMAT_PATTERN:-yyyy-MM-dd HH:mm:ss.SSS}}){faint} %clr(${LOG_LEVEL_PATTERN:-%5p}) %clr(${PID:- }){magenta} %clr(---){faint} %clr([%15.15t]){faint} %clr(%-40.40logger{39}){cyan} %clr(:){faint} %m%n${LOG_EXCEPTION_CONVERSION_WORD:-%wEx}}"/>
	<property name="CONSOLE_LOG_CHARSET" value="${CONSOLE_LOG_CHARSET:-UTF-8}"/>
	<property name="FILE_LOG_PATTERN" value="${FILE_LOG_PATTERN:-%d{${LOG_DATEFORMAT_PATTERN:-yyyy-MM-dd HH:mm:ss.SSS}} ${LOG_LEVEL_PATTERN:-%5p} ${PID:- } --- [%t] %-40.40logger{39} : %m%n${LOG_EXCEPTION_CONVERSION_WORD:-%wEx}}"/>
	<property name="FILE_LOG_CHARSET" value="${FILE_LOG_CHARSET:-UTF-8}"/>

	<logger name="org.apache.catalina.startup.DigesterFactory" level="ERROR"/>
	<logger name="org.apache.catalina.util.LifecycleBase" level="ERROR"/>
	<logger name="org.apache.coyote.http11.Http11NioProtocol" level="WARN"/>
	<logger name="org.apache.sshd.common.util.SecurityUtils" level="WARN"/>
	<logger name="org.apache.tomcat.util.net.NioSelectorPool" level="WARN"/>
	<logger name="org.eclipse.jetty.util.component.AbstractLifeCycle" level="ERROR"/>
	<logger name="org.hibernate.validator.internal.util.Version" level="WARN"/>
	<logger name="org.springframework.boot.actuate.endpoint.jmx" level="WARN"/>
</included>
"""#,
        "console-appender.xml": #"""
<included>
	<appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
		<encoder>
			<pattern>${CONSOLE_LOG_PATTERN}</pattern>
			<charset>${CONSOLE_LOG_CHARSET}</charset>
		</encoder>
	</appender>
</included>
"""#,
        "file-appender.xml": #"""
<included>
	<appender name="FILE"
		class="ch.qos.logback.core.rolling.RollingFileAppender">
		<encoder>
			<pattern>${FILE_LOG_PATTERN}</pattern>
			<charset>${FILE_LOG_CHARSET}</charset>
		</encoder>
		<file>${LOG_FILE}</file>
		<rollingPolicy class="ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy">
			<fileNamePattern>${LOGBACK_ROLLINGPOLICY_FILE_NAME_PATTERN:-${LOG_FILE}.%d{yyyy-MM-dd}.%i.gz}</fileNamePattern>
			<cleanHistoryOnStart>${LOGBACK_ROLLINGPOLICY_CLEAN_HISTORY_ON_START:-false}</cleanHistoryOnStart>
			<maxFileSize>${LOGBACK_ROLLINGPOLICY_MAX_FILE_SIZE:-10MB}</maxFileSize>
			<totalSizeCap>${LOGBACK_ROLLINGPOLICY_TOTAL_SIZE_CAP:-0}</totalSizeCap>
			<maxHistory>${LOGBACK_ROLLINGPOLICY_MAX_HISTORY:-7}</maxHistory>
		</rollingPolicy>
	</appender>
</included>
"""#,
        "base.xml": #"""
<included>
	<include resource="org/springframework/boot/logging/logback/defaults.xml" />
	<property name="LOG_FILE" value="${LOG_FILE:-${LOG_PATH:-${LOG_TEMP:-${java.io.tmpdir:-/tmp}}}/spring.log}"/>
	<include resource="org/springframework/boot/logging/logback/console-appender.xml" />
	<include resource="org/springframework/boot/logging/logback/file-appender.xml" />
	<root level="INFO">
		<appender-ref ref="CONSOLE" />
		<appender-ref ref="FILE" />
	</root>
</included>
"""#,
    ]
}

/// Where logback `<include>`s lead, under the scanned root only: a `resource` on the
/// classpath is looked for beside the config and in the `resources` folders above it (Maven's
/// `src/main/resources`); a `file` relative to the config, or (absolute) under the root taken as
/// a filesystem image. Links are not followed.
public struct JavaIncludes {
    let configAbs: String
    let rootAbs: String
    let read: (String) -> String?

    public init(configAbs: String, rootAbs: String, read: @escaping (String) -> String?) {
        self.configAbs = configAbs
        self.rootAbs = rootAbs.count > 1 && rootAbs.hasSuffix("/") ? String(rootAbs.dropLast()) : rootAbs
        self.read = read
    }

    func find(_ name: String, resource: Bool) -> (text: String, relPath: String)? {
        let dir = PyPath.dirname(configAbs)
        var candidates: [String] = []
        if resource {
            let n = name.hasPrefix("/") ? String(name.dropFirst()) : name
            candidates.append(dir + "/" + n)
            var d = dir
            while d.hasPrefix(rootAbs + "/") {
                if PyPath.basename(d) == "resources" { candidates.append(d + "/" + n) }
                d = PyPath.dirname(d)
            }
        } else if name.hasPrefix("/") {
            candidates.append(rootAbs + name)
        } else {
            candidates += [dir + "/" + name, rootAbs + "/" + name]
        }
        for c in candidates {
            let path = Scanner.normalize(c)
            // Inside the root, through no symbolic link (a linked folder could lead out of it).
            guard path.hasPrefix(rootAbs + "/"), path != configAbs, Scanner.noSymlink(below: rootAbs, to: path),
                  SafeFile.lstat(path)?.isRegular == true, let text = read(path) else { continue }
            return (text, String(path.dropFirst(rootAbs.count + 1)))
        }
        return nil
    }
}

/// logback `<if condition="…">` for the conditions written in practice: `isDefined("X")`,
/// `isNull("X")`, `property("X")` / `p("X")` with `.equals("v")`, `.equalsIgnoreCase("v")`,
/// `.contains("v")`, `.isEmpty()`, combined with `!`, `&&`, `||` and parentheses. `property()`
/// of an undefined name is "" as in logback. nil when the condition is anything else.
enum LogbackCondition {
    static func evaluate(_ text: String, vars: JavaVariables) -> Bool? {
        var p = Parser(chars: Array(text), vars: vars)
        guard let v = p.or(), p.atEnd else { return nil }
        return v
    }

    struct Parser {
        var chars: [Character]
        var vars: JavaVariables
        var i = 0

        var atEnd: Bool { mutating get { skip(); return i >= chars.count } }

        mutating func skip() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
        mutating func eat(_ s: String) -> Bool {
            skip()
            let a = Array(s)
            guard i + a.count <= chars.count, Array(chars[i..<(i + a.count)]) == a else { return false }
            i += a.count
            return true
        }
        mutating func or() -> Bool? {
            guard var v = and() else { return nil }
            while eat("||") { guard let r = and() else { return nil }; v = v || r }
            return v
        }
        mutating func and() -> Bool? {
            guard var v = unary() else { return nil }
            while eat("&&") { guard let r = unary() else { return nil }; v = v && r }
            return v
        }
        mutating func unary() -> Bool? {
            if eat("!") { return unary().map { !$0 } }
            if eat("(") { let v = or(); return eat(")") ? v : nil }
            if eat("true") { return true }
            if eat("false") { return false }
            if eat("isDefined(") { guard let n = string(), eat(")") else { return nil }; return defined(n) != nil }
            if eat("isNull(") { guard let n = string(), eat(")") else { return nil }; return defined(n) == nil }
            guard eat("property(") || eat("p(") else { return nil }
            guard let n = string(), eat(")") else { return nil }
            let value = defined(n) ?? ""
            guard eat(".") else { return nil }
            if eat("isEmpty()") { return value.isEmpty }
            for method in ["equalsIgnoreCase(", "equals(", "contains("] where eat(method) {
                guard let arg = string(), eat(")") else { return nil }
                switch method {
                case "equals(": return value == arg
                case "equalsIgnoreCase(": return value.lowercased() == arg.lowercased()
                default: return value.contains(arg)
                }
            }
            return nil
        }
        mutating func string() -> String? {
            skip()
            guard i < chars.count, chars[i] == "\"" else { return nil }
            var out = ""
            i += 1
            while i < chars.count, chars[i] != "\"" { out.append(chars[i]); i += 1 }
            guard i < chars.count else { return nil }
            i += 1
            return out
        }
        /// A property's value as the file defines it (resolved), nil when undefined.
        func defined(_ name: String) -> String? {
            guard let raw = vars.defined[name] else { return nil }
            if case .string(let s) = vars.resolve(raw) { return s }
            return nil
        }
    }
}

/// Spring Boot's profile expressions in `<springProfile name="…">`: a comma-separated list
/// (any may hold), each a name, `!name`, or `a & b`, `a | b` with parentheses.
enum SpringProfiles {
    /// Profile names a file mentions, in order of first appearance.
    static func names(in text: String) -> [String] {
        var out: [String] = []
        for m in text.matches(of: /<springProfile\s+name\s*=\s*"([^"]*)"/) {
            for token in String(m.1).split(whereSeparator: { ",&|!() ".contains($0) }) {
                let n = String(token)
                if !n.isEmpty && !out.contains(n) { out.append(n) }
            }
        }
        return out
    }

    static func matches(_ expression: String, active: Set<String>) -> Bool? {
        let parts = expression.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else { return nil }
        var any = false
        for p in parts {
            var parser = Parser(chars: Array(p), active: active)
            guard let v = parser.or(), parser.atEnd else { return nil }
            any = any || v
        }
        return any
    }

    struct Parser {
        var chars: [Character]
        var active: Set<String>
        var i = 0
        var atEnd: Bool { mutating get { skip(); return i >= chars.count } }
        mutating func skip() { while i < chars.count, chars[i] == " " { i += 1 } }
        mutating func eat(_ c: Character) -> Bool { skip(); if i < chars.count, chars[i] == c { i += 1; return true }; return false }
        mutating func or() -> Bool? {
            guard var v = and() else { return nil }
            while eat("|") { guard let r = and() else { return nil }; v = v || r }
            return v
        }
        mutating func and() -> Bool? {
            guard var v = unary() else { return nil }
            while eat("&") { guard let r = unary() else { return nil }; v = v && r }
            return v
        }
        mutating func unary() -> Bool? {
            if eat("!") { return unary().map { !$0 } }
            if eat("(") { let v = or(); return eat(")") ? v : nil }
            skip()
            var name = ""
            while i < chars.count, !"&|!() ".contains(chars[i]) { name.append(chars[i]); i += 1 }
            return name.isEmpty ? nil : active.contains(name)
        }
    }
}
