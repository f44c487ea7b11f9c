import Foundation

/// journald.conf and its drop-ins (`journald.conf.d/*.conf`), read as systemd's conf-parser and
/// journald-gperf read them: `[Journal]` section, `Key=Value`, `#`/`;` comment lines, trailing `\`
/// continues a line, later assignments win, an invalid value is ignored (the earlier one stays).
public enum JournaldParser {
    enum Kind {
        case storage, compress, bool, tristate, timeSpan, size, unsigned, path, level, splitMode, text
    }

    /// Keys of the `[Journal]` section (systemd src/journal/journald-gperf.gperf).
    static let keys: [String: Kind] = [
        "Storage": .storage, "Compress": .compress, "Seal": .bool, "ReadKMsg": .bool, "Audit": .tristate,
        "SyncIntervalSec": .timeSpan, "RateLimitInterval": .timeSpan, "RateLimitIntervalSec": .timeSpan,
        "RateLimitBurst": .unsigned,
        "SystemMaxUse": .size, "SystemMaxFileSize": .size, "SystemKeepFree": .size, "SystemMaxFiles": .unsigned,
        "RuntimeMaxUse": .size, "RuntimeMaxFileSize": .size, "RuntimeKeepFree": .size, "RuntimeMaxFiles": .unsigned,
        "MaxRetentionSec": .timeSpan, "MaxFileSec": .timeSpan,
        "ForwardToSyslog": .bool, "ForwardToKMsg": .bool, "ForwardToConsole": .bool, "ForwardToWall": .bool,
        "ForwardToSocket": .text, "TTYPath": .path,
        "MaxLevelStore": .level, "MaxLevelSyslog": .level, "MaxLevelKMsg": .level, "MaxLevelConsole": .level,
        "MaxLevelWall": .level, "MaxLevelSocket": .level,
        "SplitMode": .splitMode, "LineMax": .size,
    ]
    static let levels: Set<String> = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug", "0", "1", "2", "3", "4", "5", "6", "7"]

    public static func parse(_ text: String, file: String) -> (JournaldSettings, [ParseIssue]) {
        var out = JournaldSettings(file: file)
        var issues: [ParseIssue] = []
        func bad(_ line: Int, _ m: String) { issues.append(ParseIssue(path: file, line: line, message: m)) }

        var section: String?
        var inJournal = false
        var pending: (text: String, line: Int)?
        // Split on LF and CRLF ("\r\n" is one Character in Swift).
        let physical = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, raw) in physical.enumerated() {
            let lineNo = index + 1
            var l = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if index == 0, l.hasPrefix("\u{FEFF}") { l = String(l.dropFirst()).trimmingCharacters(in: .whitespaces) }
            // Comment lines are dropped even in the middle of a continuation (as systemd does).
            if let c = l.first, c == "#" || c == ";" { continue }
            var logical: String
            var startLine: Int
            if let p = pending {
                logical = p.text + l
                startLine = p.line
            } else {
                logical = l
                startLine = lineNo
            }
            if logical.hasSuffix("\\"), !logical.hasSuffix("\\\\") {
                pending = (String(logical.dropLast()) + " ", startLine)
                continue
            }
            pending = nil
            let line = logical.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }

            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count >= 2 else {
                    bad(startLine, "invalid section header '\(line)'")
                    section = nil
                    inJournal = false
                    continue
                }
                let name = String(line.dropFirst().dropLast())
                section = name
                inJournal = name == "Journal"
                if !inJournal, !name.hasPrefix("X-") {
                    bad(startLine, "unknown section [\(name)]; journald ignores its settings")
                }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                bad(startLine, "line without '=': '\(line.prefix(60))'; ignored")
                continue
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard section != nil else {
                bad(startLine, "\(key)= outside any section; journald ignores it (put it under [Journal])")
                continue
            }
            guard inJournal else { continue }  // unknown section already reported
            guard let kind = keys[key] else {
                let hint = keys.keys.first { $0.lowercased() == key.lowercased() }.map { " (keys are case-sensitive: \($0)?)" } ?? ""
                bad(startLine, "unknown key '\(key)' in [Journal]; journald ignores it\(hint)")
                continue
            }
            if value.isEmpty {
                // An empty assignment resets the setting to its default.
                reset(key, in: &out)
                continue
            }
            if let problem = apply(key, kind, value, to: &out) {
                bad(startLine, "\(key)=\(value): \(problem); journald ignores this assignment")
                continue
            }
            out.lines[key] = startLine
            out.values[key] = value
        }
        if let p = pending {
            bad(p.line, "line continued with '\\' at the end of the file")
        }
        return (out, issues)
    }

    static func reset(_ key: String, in s: inout JournaldSettings) {
        switch key {
        case "Storage": s.storage = nil
        case "Compress": s.compress = nil
        case "Seal": s.seal = nil
        case "MaxRetentionSec": s.maxRetentionSec = nil
        case "MaxFileSec": s.maxFileSec = nil
        case "SystemMaxUse": s.systemMaxUse = nil
        case "ForwardToSyslog": s.forwardToSyslog = nil
        default: break
        }
        s.lines[key] = nil
        s.values[key] = nil
    }

    /// Applies one assignment; returns why it is invalid, or nil.
    static func apply(_ key: String, _ kind: Kind, _ value: String, to s: inout JournaldSettings) -> String? {
        switch kind {
        case .storage:
            guard ["volatile", "persistent", "auto", "none"].contains(value) else { return "not one of volatile, persistent, auto, none" }
            s.storage = value
        case .compress:
            if let b = parseBoolean(value) {
                s.compress = b
            } else if isSize(value) {
                s.compress = true  // a threshold: compress objects larger than it
            } else {
                return "not a boolean or a size"
            }
        case .bool, .tristate:
            guard let b = parseBoolean(value) else { return "not a boolean" }
            switch key {
            case "Seal": s.seal = b
            case "ForwardToSyslog": s.forwardToSyslog = b
            default: break
            }
        case .timeSpan:
            guard let secs = parseTimeSpan(value) else { return "not a time span (systemd.time(7))" }
            let stored: Double? = (secs == 0 || secs.isInfinite) ? nil : secs
            if key == "MaxRetentionSec" { s.maxRetentionSec = stored }
            if key == "MaxFileSec" { s.maxFileSec = stored }
        case .size:
            guard isSize(value) else { return "not a size (e.g. 500M, 2G)" }
            if key == "SystemMaxUse" { s.systemMaxUse = value }
        case .unsigned:
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "not an unsigned number" }
        case .path:
            guard value.hasPrefix("/") else { return "not an absolute path" }
        case .level:
            guard levels.contains(value) else { return "not a log level (emerg … debug or 0 … 7)" }
        case .splitMode:
            guard ["uid", "none", "login"].contains(value) else { return "not one of uid, none" }
        case .text:
            break
        }
        return nil
    }

    /// systemd's parse_boolean.
    public static func parseBoolean(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "1", "yes", "y", "true", "t", "on": return true
        case "0", "no", "n", "false", "f", "off": return false
        default: return nil
        }
    }

    /// systemd's parse_size (base 1024): one or more `<number>[.<digits>][ ]<K|M|G|T|P|E|B>`.
    static func isSize(_ s: String) -> Bool {
        let u = Array(s.unicodeScalars)
        var i = 0
        var any = false
        func skipWS() { while i < u.count, u[i] == " " || u[i] == "\t" { i += 1 } }
        while true {
            skipWS()
            if i == u.count { return any }
            let start = i
            while i < u.count, ("0"..."9").contains(u[i]) { i += 1 }
            var digits = i > start
            if i < u.count, u[i] == "." {
                i += 1
                let f = i
                while i < u.count, ("0"..."9").contains(u[i]) { i += 1 }
                if i == f { return false }
                digits = true
            }
            guard digits else { return false }
            skipWS()
            if i < u.count, "EPTGMKB".unicodeScalars.contains(u[i]) { i += 1 }
            any = true
        }
    }

    /// systemd.time(7) time span → seconds, as systemd's parse_sec reads it: components
    /// `<number>[.<digits>][blank]<unit>` summed; bare numbers are seconds; units are
    /// case-sensitive (`M` = month of 30.44 days, `m` = minute). "infinity" → `.infinity`.
    /// nil when invalid.
    public static func parseTimeSpan(_ text: String) -> Double? {
        let u = Array(text.unicodeScalars)
        var i = 0
        func isWS(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
        while i < u.count, isWS(u[i]) { i += 1 }
        if Array(u[i...]).starts(with: Array("infinity".unicodeScalars)) {
            return u[(i + 8)...].allSatisfy(isWS) ? .infinity : nil
        }
        var total = 0.0
        var something = false
        while true {
            while i < u.count, isWS(u[i]) { i += 1 }
            if i == u.count { return something ? total : nil }
            if u[i] == "-" { return nil }
            if u[i] == "+" { i += 1 }
            let intStart = i
            while i < u.count, isDigit(u[i]) { i += 1 }
            let intDigits = String(String.UnicodeScalarView(u[intStart..<i]))
            if intDigits.count > 18 { return nil }
            var value = Double(intDigits) ?? 0
            if i < u.count, u[i] == "." {
                i += 1
                let f = i
                while i < u.count, isDigit(u[i]) { i += 1 }
                if i == f { return nil }  // "3.", "3.sec"
                value += Double("0." + String(String.UnicodeScalarView(u[f..<i]))) ?? 0
            } else if i == intStart {
                return nil
            }
            let afterNumber = i
            var j = i
            while j < u.count, isWS(u[j]) { j += 1 }
            var multiplier = 1.0
            var matched = false
            for (suffix, m) in units {
                let sfx = Array(suffix.unicodeScalars)
                if j + sfx.count <= u.count, Array(u[j..<(j + sfx.count)]) == sfx {
                    multiplier = m
                    j += sfx.count
                    matched = true
                    break
                }
            }
            if !matched {
                // No unit: fine at the end or before whitespace, not glued to garbage ("12x").
                if j == afterNumber && j < u.count { return nil }
            }
            i = j
            total += value * multiplier
            something = true
        }
    }

    /// systemd's unit table, in its order (first prefix match wins).
    static let units: [(String, Double)] = [
        ("seconds", 1), ("second", 1), ("sec", 1), ("s", 1),
        ("minutes", 60), ("minute", 60), ("min", 60),
        ("months", 2_629_800), ("month", 2_629_800), ("M", 2_629_800),
        ("msec", 0.001), ("ms", 0.001), ("m", 60),
        ("hours", 3600), ("hour", 3600), ("hr", 3600), ("h", 3600),
        ("days", 86400), ("day", 86400), ("d", 86400),
        ("weeks", 604_800), ("week", 604_800), ("w", 604_800),
        ("years", 31_557_600), ("year", 31_557_600), ("y", 31_557_600),
        ("usec", 0.000_001), ("us", 0.000_001), ("\u{03BC}s", 0.000_001), ("\u{00B5}s", 0.000_001),
    ]
}
