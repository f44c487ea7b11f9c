import Foundation

/// A place rsyslog sends messages to over the network (omfwd `@`/`@@`/`action(type="omfwd")`,
/// omrelp `:omrelp:`/`action(type="omrelp")`).
public struct SyslogForward: Sendable, Equatable {
    /// Host or IP as written (template placeholders such as `<%= host %>` kept verbatim).
    public var target: String
    /// Port as written; nil when the configuration leaves it to the module default (514).
    public var port: String?
    /// "udp", "tcp" or "relp".
    public var transport: String
    /// omfwd over TCP with a gtls/ossl/mbedtls stream driver in mode 1 (the action's own driver,
    /// else the global DefaultNetstreamDriver), or omrelp with `tls="on"`. UDP is never TLS.
    public var tls: Bool
    /// The selector in front of the action (`*.*`, `local3.*`, a property filter), when the action
    /// is not inside an `if`; nil when it is (the messages it gets depend on the expression).
    public var selector: String?
    public var line: Int
    /// Ruleset the action belongs to; nil for the default ruleset (RSYSLOG_DefaultRuleset).
    public var ruleset: String? = nil

    public init(target: String, port: String?, transport: String, tls: Bool, selector: String?, line: Int, ruleset: String? = nil) {
        self.target = target
        self.port = port
        self.transport = transport
        self.tls = tls
        self.selector = selector
        self.line = line
        self.ruleset = ruleset
    }

    /// Whether the target is a deployment-template placeholder (`<%= … %>`, `{{ … }}`, `@VAR@`,
    /// `CHANGE_ME`, backticks) rather than a real host.
    public var targetIsPlaceholder: Bool { RsyslogParser.isPlaceholder(target) }

    /// Whether the target is this host: localhost, 127.0.0.0/8, ::1 (brackets allowed).
    public var isLoopback: Bool {
        var t = target.trimmingCharacters(in: .whitespaces).lowercased()
        if t.hasPrefix("["), t.hasSuffix("]") { t = String(t.dropFirst().dropLast()) }
        if t == "localhost" || t.hasSuffix(".localhost") || t == "localhost.localdomain" || t == "ip6-localhost" { return true }
        if t == "::1" || t == "0:0:0:0:0:0:0:1" { return true }
        if t.hasPrefix("::ffff:127.") { t = String(t.dropFirst(7)) }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts[0] == "127", parts.allSatisfy({ p in !p.isEmpty && p.count <= 3 && p.allSatisfy({ $0.isASCII && $0.isNumber }) }) {
            return parts.allSatisfy { Int($0).map { $0 <= 255 } ?? false }
        }
        return false
    }
}

/// A file rsyslog writes (omfile) or reads (imfile).
public struct SyslogFileAction: Sendable, Equatable {
    /// Path as written (`-` sync prefix removed). A dynaFile is shown as its template's string when
    /// the template is defined in the same file, else as `?TemplateName`.
    public var path: String
    public var selector: String?
    public var line: Int
    /// Ruleset the action belongs to (for imfile: the input's `ruleset=`); nil = default ruleset.
    public var ruleset: String? = nil
    /// File creation mode in effect for this omfile action, as rsyslog computes it: the action's
    /// `fileCreateMode`, else (RainerScript) `module(load="builtin:omfile" fileCreateMode=…)` or
    /// (legacy selector lines) the last `$FileCreateMode` before it; nil when none is set
    /// (rsyslog then uses 0644). Always nil for imfile inputs.
    public var createMode: UInt32? = nil

    public init(path: String, selector: String?, line: Int, ruleset: String? = nil, createMode: UInt32? = nil) {
        self.path = path
        self.selector = selector
        self.line = line
        self.ruleset = ruleset
        self.createMode = createMode
    }
}

/// A file or directory creation mode set somewhere in the configuration.
public struct ModeSetting: Sendable, Equatable {
    public var mode: UInt32
    public var line: Int

    public init(mode: UInt32, line: Int) {
        self.mode = mode
        self.line = line
    }
}

/// `$IncludeConfig …` or `include(file="…")`, as written (globs not expanded).
public struct IncludeRef: Sendable, Equatable {
    public var path: String
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }
}

/// What one rsyslog configuration file says about where logs go.
public struct SyslogFacts: Sendable, Equatable {
    public var file: String
    public var forwards: [SyslogForward] = []
    public var fileActions: [SyslogFileAction] = []
    /// `$FileCreateMode`, `action(type="omfile" fileCreateMode=…)`, `module(load="builtin:omfile" fileCreateMode=…)`.
    public var createModes: [ModeSetting] = []
    /// The same for `$DirCreateMode` / `dirCreateMode=`.
    public var dirCreateModes: [ModeSetting] = []
    public var includes: [IncludeRef] = []
    /// Loaded modules, normalised: lower case, without directory and `.so` (`imfile`, `builtin:omfile`).
    public var modules: [String] = []
    /// Files read by imfile (`input(type="imfile" File=…)`, `$InputFileName` + `$InputRunFileMonitor`).
    public var imfileInputs: [SyslogFileAction] = []

    public init(file: String) {
        self.file = file
    }
}

/// journald.conf (or a drop-in): the `[Journal]` settings it makes.
public struct JournaldSettings: Sendable, Equatable {
    public var file: String
    /// "volatile", "persistent", "auto" or "none".
    public var storage: String?
    /// true also when Compress= gives a size threshold (compression on above it).
    public var compress: Bool?
    public var seal: Bool?
    /// Seconds; nil when unset, "0" or "infinity" (no time-based limit).
    public var maxRetentionSec: Double?
    public var maxFileSec: Double?
    public var systemMaxUse: String?
    public var forwardToSyslog: Bool?
    /// Key → line where it was (last) validly set. Keys spelt as journald spells them.
    public var lines: [String: Int] = [:]
    /// Key → raw value of its last valid assignment, for every known key (including ones without
    /// a typed field above, e.g. "SystemKeepFree", "MaxLevelStore").
    public var values: [String: String] = [:]

    public init(file: String) {
        self.file = file
    }
}
