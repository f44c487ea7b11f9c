import Foundation

/// `scan --format json`: every fact the graders use, as read, each carrying the file and
/// line it came from — logging setups (loggers, handlers with class, resolved destination
/// and rotation, formatters), logrotate blocks with their effective values, rsyslog and
/// journald facts, log folders, alert rules, routes and receivers — plus what was not read
/// (`notRead`), not scanned (`notScanned`) and the parse issues. Built by reflection over the
/// fact types, so a new fact is in the inventory the day it is graded.
///
/// Secrets never appear: a value under a key that names a secret is replaced by its marker,
/// every string goes through the same redaction as the packet's quoted text, and secret
/// findings are listed by key, place and fingerprint only.
public enum FactInventory {
    public static let schemaVersion = 1

    public static func json(_ facts: Facts, results: RunResults) -> String {
        let scrubber = SecretScrubber(facts.secrets)
        func clean(_ v: Any) -> Any { reflect(v, scrubber: scrubber) }
        var doc: [String: Any] = [
            "schemaVersion": schemaVersion,
            "tool": ["name": "auditpack", "version": AuditpackVersion.current],
            "date": results.date,
            "roots": facts.roots.map(\.given),
            "imageRoots": facts.imageRootsGiven,
            "configs": facts.configs.map { ["path": $0.relPath, "kind": $0.kind.rawValue, "sha256": $0.sha256, "mode": $0.stat.octal] as [String: Any] },
            "logging": clean(facts.logging),
            "logrotate": clean(facts.logrotate),
            "syslog": clean(facts.syslog),
            "journald": clean(facts.journald),
            "logDirs": facts.logDirs.map { d -> [String: Any] in
                ["path": d.displayPath, "mode": d.stat.octal, "files": d.fileCount, "rotated": d.rotatedCount, "bytes": d.bytes,
                 "activeLogs": Array(d.activeLogs.prefix(1000))]
            },
            "alertRules": clean(facts.alertRules),
            "recordingRules": facts.recordingRules,
            "scrapeJobs": clean(facts.scrapeJobs),
            "routings": clean(facts.routings),
            "grafanaContactPoints": clean(facts.grafanaContactPoints),
            "hashedLogs": clean(facts.hashedLogs),
            "secrets": facts.secrets.map { ["path": $0.file, "line": $0.line, "key": $0.key, "kind": $0.kind, "fingerprint": $0.fingerprint] as [String: Any] },
            "notRead": facts.unreadable.flatMap { kind, paths in paths.map { ["path": $0, "kind": kind.rawValue, "why": "could not be read or was refused by its parser (see parseIssues)"] as [String: Any] } }
                .sorted { ($0["path"] as! String) < ($1["path"] as! String) },
            "notScanned": facts.notScanned.map { n -> [String: Any] in
                ["path": n.path, "what": n.what, "referencedBy": n.referencedBy.map { ["path": $0.path, "line": $0.line.map { $0 as Any } ?? NSNull()] }]
            },
            "parseIssues": results.parseIssues.map { ["path": $0.path, "line": $0.line.map { $0 as Any } ?? NSNull(), "message": $0.message] as [String: Any] },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: sanitize(doc), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Plain JSON values from a fact: structs become objects of their stored properties,
    /// enums their case (with associated values under the case name), ConfigValue its value.
    static func reflect(_ value: Any, scrubber: SecretScrubber, key: String? = nil) -> Any {
        switch value {
        case let s as String: return scrubber.scrub(s)
        case let b as Bool: return b
        case let i as Int: return i
        case let i as UInt32: return Int(i)
        case let i as Int64: return i
        case let d as Double: return d.isFinite ? d : String(d)
        case let c as ConfigValue: return configValue(c, scrubber: scrubber, key: key)
        case let d as ConfigDict: return configValue(.dict(d), scrubber: scrubber, key: key)
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let child = mirror.children.first else { return NSNull() }
            return reflect(child.value, scrubber: scrubber, key: key)
        case .collection, .set:
            return mirror.children.map { reflect($0.value, scrubber: scrubber, key: key) }
        case .dictionary:
            var out: [String: Any] = [:]
            for child in mirror.children {
                let pair = Mirror(reflecting: child.value).children.map(\.value)
                if pair.count == 2 { out[String(describing: pair[0])] = reflect(pair[1], scrubber: scrubber, key: String(describing: pair[0])) }
            }
            return out
        case .tuple:
            return mirror.children.map { reflect($0.value, scrubber: scrubber, key: key) }
        case .enum:
            guard let child = mirror.children.first, let label = child.label else { return String(describing: value) }
            return [label: reflect(child.value, scrubber: scrubber, key: key)]
        case .struct, .class:
            var out: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label, !hidden.contains(label) else { continue }
                out[label] = reflect(child.value, scrubber: scrubber, key: label)
            }
            return out
        default:
            return scrubber.scrub(String(describing: value))
        }
    }

    /// Properties never shown: raw values kept for scrubbing, file texts, caches.
    static let hidden: Set<String> = ["value", "text", "lineStarts", "logStreams", "configIndex", "alertKinds"]

    static func configValue(_ v: ConfigValue, scrubber: SecretScrubber, key: String?) -> Any {
        if let key, SecretScanner.isSecretKey(key), !SecretScanner.isReference(v.stringValue ?? "x") {
            switch v {
            case .null, .bool, .dict: break
            default: return "[REDACTED:\(SecretScanner.kind(forKey: key))]"
            }
        }
        switch v {
        case .string(let s): return scrubber.scrub(s)
        case .int(let i): return i
        case .double(let d): return d.isFinite ? d : String(d)
        case .bool(let b): return b
        case .null: return NSNull()
        case .list(let l): return l.map { configValue($0, scrubber: scrubber, key: key) }
        case .dict(let d):
            var out: [String: Any] = [:]
            for e in d.entries { out[e.key] = configValue(e.value, scrubber: scrubber, key: e.key) }
            return out
        case .unresolved(let s): return ["unresolved": scrubber.scrub(s)]
        }
    }

    /// JSONSerialization takes only plain values.
    static func sanitize(_ v: Any) -> Any {
        switch v {
        case let d as [String: Any]: return d.mapValues(sanitize)
        case let a as [Any]: return a.map(sanitize)
        case is String, is Int, is Int64, is Double, is Bool, is NSNull: return v
        default: return String(describing: v)
        }
    }
}
