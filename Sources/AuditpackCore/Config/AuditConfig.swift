import Foundation

/// `auditpack.yml`: every key optional, unknown keys and wrong types rejected with their
/// key path and line. Defaults live here, in one place.
public struct AuditConfig: Sendable, Equatable {
    public struct Owners: Sendable, Equatable {
        public var systemAdministrators = "System administrators"
        public var developers = "Developers"
        public var securityTeam = "Security team"
    }

    public struct ItemOverride: Sendable, Equatable {
        /// Reason the item is disabled; shown in the checklist.
        public var disabled: String?
        public var severity: Severity?
        public var params: ConfigDict = ConfigDict()
        public var line: Int = 0
        /// Custom items only: a new item built from an existing check kind.
        public var check: String?
        public var title: String?
        public var tsc: [String]?
        public var remediation: String?
    }

    public var organization = "Your organization"
    public var system = "Your system"
    public var owners = Owners()
    public var logRetentionDays = 90
    public var reviewFrequency = "weekly"
    public var roots: [String] = []
    public var exclude: [String] = [".git", "node_modules", ".venv", "venv", "__pycache__", ".auditpack", ".build"]
    public var logDirs: [String] = []
    /// Deployed absolute prefix → folder in the scanned root (relative to the config file),
    /// e.g. `/srv/shop: .` so `/srv/shop/logs/app.log` in logrotate means `logs/app.log`.
    public var pathMap: [PathMapping] = []
    /// Roots to take as filesystem images (besides those detected: `etc/` with `var/` or
    /// `usr/`), so `/var/log/x` named in their configs means `ROOT/var/log/x`.
    public var images: [String] = []
    /// Folders of a filesystem-image root that hold package data, not live configuration:
    /// never read as configs (`scan.image_exclude` replaces the list).
    public var imageExclude: [String] = AuditConfig.defaultImageExclude
    public static let defaultImageExclude = ["usr/share", "usr/lib", "usr/bin", "usr/sbin", "usr/include", "usr/libexec", "usr/local/share",
                                             "lib", "lib32", "lib64", "bin", "sbin", "boot", "proc", "sys", "dev", "run", "tmp",
                                             "var/lib/dpkg", "var/lib/apt", "var/cache", "var/tmp", "etc/systemd/system", "etc/systemd/user",
                                             "etc/udev", "etc/cron.daily", "etc/cron.weekly", "etc/cron.monthly", "etc/cron.hourly", "etc/init.d"]
    public var items: [String: ItemOverride] = [:]
    /// Approved exceptions (waivers), each with an expiry.
    public var exceptions: [ExceptionRule] = []
    /// The longest an exception may last (policy.max_exception_days).
    public var maxExceptionDays = 365
    public var templates: String?
    public var checklist: String?
    /// Where the config file was read from (nil: defaults).
    public var file: String?
    /// Folder relative paths in the config are resolved against.
    public var baseDirectory: String

    public struct PathMapping: Sendable, Equatable {
        public var deployed: String
        public var local: String
    }

    public init(baseDirectory: String) {
        self.baseDirectory = baseDirectory
    }

    public static func load(path: String) throws(InputError) -> AuditConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(file: path, message: "cannot read configuration file")
        }
        return try parse(text, file: path, baseDirectory: (path as NSString).deletingLastPathComponent)
    }

    public static func parse(_ text: String, file: String, baseDirectory: String) throws(InputError) -> AuditConfig {
        let doc: ConfigValue
        do {
            doc = try YAMLReader.document(text)
        } catch {
            throw InputError(file: file, line: error.line, message: error.message)
        }
        let r = StrictReader(file: file)
        var c = AuditConfig(baseDirectory: baseDirectory.isEmpty ? "." : baseDirectory)
        c.file = file
        let top = try r.dict(doc, "", line: 1)
        try r.allowOnly(top, ["version", "organization", "system", "owners", "policy", "scan", "items", "templates", "checklist", "exceptions"], "")
        if let v = try r.int(top, "version", ""), v != 1 {
            throw r.fail("version", top.line(of: "version"), "unsupported version \(v) (this auditpack reads version 1)")
        }
        if let s = try r.string(top, "organization", "") { c.organization = s }
        if let s = try r.string(top, "system", "") { c.system = s }
        if let o = top["owners"] {
            let d = try r.dict(o, "owners", line: top.line(of: "owners"))
            try r.allowOnly(d, ["system_administrators", "developers", "security_team"], "owners")
            if let s = try r.string(d, "system_administrators", "owners") { c.owners.systemAdministrators = s }
            if let s = try r.string(d, "developers", "owners") { c.owners.developers = s }
            if let s = try r.string(d, "security_team", "owners") { c.owners.securityTeam = s }
        }
        if let p = top["policy"] {
            let d = try r.dict(p, "policy", line: top.line(of: "policy"))
            try r.allowOnly(d, ["log_retention_days", "review_frequency", "max_exception_days"], "policy")
            if let days = try r.int(d, "max_exception_days", "policy") {
                guard days > 0 else { throw r.fail("policy.max_exception_days", d.line(of: "max_exception_days"), "must be a positive number of days") }
                c.maxExceptionDays = days
            }
            if let days = try r.int(d, "log_retention_days", "policy") {
                guard days > 0 else { throw r.fail("policy.log_retention_days", d.line(of: "log_retention_days"), "must be a positive number of days") }
                c.logRetentionDays = days
            }
            if let f = try r.string(d, "review_frequency", "policy") {
                guard ["daily", "weekly", "monthly"].contains(f) else {
                    throw r.fail("policy.review_frequency", d.line(of: "review_frequency"), "must be daily, weekly or monthly, found '\(f)'")
                }
                c.reviewFrequency = f
            }
        }
        if let e = top["exceptions"] {
            c.exceptions = try Exceptions.parse(e, r: r, line: top.line(of: "exceptions"), maxDays: c.maxExceptionDays)
        }
        if let s = top["scan"] {
            let d = try r.dict(s, "scan", line: top.line(of: "scan"))
            try r.allowOnly(d, ["roots", "exclude", "log_dirs", "path_map", "images", "image_exclude"], "scan")
            if let v = try r.stringList(d, "images", "scan") { c.images = v }
            if let v = try r.stringList(d, "image_exclude", "scan") { c.imageExclude = v }
            if let v = try r.stringList(d, "roots", "scan") { c.roots = v }
            if let v = try r.stringList(d, "exclude", "scan") { c.exclude = v }
            if let v = try r.stringList(d, "log_dirs", "scan") { c.logDirs = v }
            if let pm = d["path_map"] {
                let m = try r.dict(pm, "scan.path_map", line: d.line(of: "path_map"))
                for e in m.entries {
                    guard e.key.hasPrefix("/") else {
                        throw r.fail("scan.path_map.\(e.key)", e.line, "keys must be absolute deployed paths such as /srv/app")
                    }
                    guard let local = e.value.stringValue else {
                        throw r.fail("scan.path_map.\(e.key)", e.line, "must be a folder path (string)")
                    }
                    c.pathMap.append(PathMapping(deployed: e.key, local: local))
                }
            }
        }
        if let i = top["items"] {
            let d = try r.dict(i, "items", line: top.line(of: "items"))
            for e in d.entries {
                let path = "items.\(e.key)"
                let o = try r.dict(e.value, path, line: e.line)
                try r.allowOnly(o, ["disabled", "severity", "params", "check", "title", "tsc", "remediation"], path)
                var ov = ItemOverride(line: e.line)
                ov.check = try r.string(o, "check", path)
                ov.title = try r.string(o, "title", path)
                ov.tsc = try r.stringList(o, "tsc", path)
                ov.remediation = try r.string(o, "remediation", path)
                ov.disabled = try r.string(o, "disabled", path)
                if ov.disabled?.isEmpty == true {
                    throw r.fail("\(path).disabled", o.line(of: "disabled"), "give the reason the item does not apply")
                }
                if let s = try r.string(o, "severity", path) {
                    guard let sev = Severity(rawValue: s) else {
                        throw r.fail("\(path).severity", o.line(of: "severity"), "must be critical, high, medium or low, found '\(s)'")
                    }
                    ov.severity = sev
                }
                if let p = o["params"] { ov.params = try r.dict(p, "\(path).params", line: o.line(of: "params")) }
                c.items[e.key] = ov
            }
        }
        c.templates = try r.string(top, "templates", "")
        c.checklist = try r.string(top, "checklist", "")
        return c
    }

    /// Resolves a path written in the config against the config's folder.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return Discovery.absolute(path) }
        return Discovery.absolute((baseDirectory as NSString).appendingPathComponent(path))
    }
}
