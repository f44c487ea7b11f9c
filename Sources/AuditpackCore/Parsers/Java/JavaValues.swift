import Foundation

// MARK: - Variables

/// `${…}` substitution as each framework does it, with only what the file itself defines:
/// logback `<property>`/`${VAR:-default}`, log4j2 `<Properties>`/`${sys:x:-default}` (a
/// `sys:`/`env:` lookup falls back to the file's property of that name, as log4j2's
/// interpolator does), log4j 1.x `${key}` from the same properties file. Whatever is left is
/// kept as `.unresolved(text)`.
struct JavaVariables: Sendable {
    enum Syntax: Sendable { case logback, log4j2, log4j1 }

    var syntax: Syntax
    var defined: [String: String] = [:]

    static let maxDepth = 8
    /// Lookups one value may make: `A=${B}${B}…`, `B=${A}${A}…` cannot expand without bound.
    static let maxLookups = 2_000

    func resolve(_ raw: String) -> ConfigValue {
        var unresolved = false
        var budget = Self.maxLookups
        let out = substitute(Array(raw), depth: 0, unresolved: &unresolved, budget: &budget)
        return unresolved ? .unresolved(out) : .string(out)
    }

    /// For each `{`, the index of the `}` that closes it (-1 when none), in one pass.
    static func closings(_ s: [Character]) -> [Int] {
        var match = [Int](repeating: -1, count: s.count)
        var open: [Int] = []
        for (k, c) in s.enumerated() {
            if c == "{" { open.append(k) } else if c == "}", let o = open.popLast() { match[o] = k }
        }
        return match
    }

    func substitute(_ s: [Character], depth: Int, unresolved: inout Bool, budget: inout Int) -> String {
        if depth > Self.maxDepth || budget <= 0 {
            unresolved = true
            return String(s)
        }
        guard s.contains("$") else { return String(s) }
        let match = Self.closings(s)
        var out = ""
        var k = 0
        while k < s.count {
            if s[k] == "$", k + 1 < s.count {
                // log4j2 `$${ctx:x}`: escaped, looked up when each event is written.
                if syntax == .log4j2, s[k + 1] == "$", k + 2 < s.count, s[k + 2] == "{", match[k + 2] >= 0 {
                    let end = match[k + 2]
                    out += String(s[(k + 1)...end])
                    unresolved = true
                    k = end + 1
                    continue
                }
                if s[k + 1] == "{", match[k + 1] >= 0 {
                    let end = match[k + 1]
                    budget -= 1
                    out += lookup(Array(s[(k + 2)..<end]), depth: depth, unresolved: &unresolved, budget: &budget)
                    k = end + 1
                    continue
                }
            }
            out.append(s[k])
            k += 1
        }
        return out
    }

    func lookup(_ inner: [Character], depth: Int, unresolved: inout Bool, budget: inout Int) -> String {
        var nameChars = inner
        var fallback: [Character]?
        if syntax != .log4j1 {
            var nest = 0
            var k = 0
            while k < inner.count {
                if inner[k] == "{" { nest += 1 } else if inner[k] == "}" { nest -= 1 } else if nest == 0, inner[k] == ":", k + 1 < inner.count, inner[k + 1] == "-" {
                    nameChars = Array(inner[..<k])
                    fallback = Array(inner[(k + 2)...])
                    break
                }
                k += 1
            }
        }
        var nameUnresolved = false
        let name = substitute(nameChars, depth: depth + 1, unresolved: &nameUnresolved, budget: &budget)
        if !nameUnresolved {
            var key = name
            var fileDefined = true
            if syntax == .log4j2, let colon = name.firstIndex(of: ":") {
                let prefix = name[..<colon].lowercased()
                key = String(name[name.index(after: colon)...])
                fileDefined = prefix == "sys" || prefix == "env"
            }
            if fileDefined, let v = defined[key] {
                return substitute(Array(v), depth: depth + 1, unresolved: &unresolved, budget: &budget)
            }
        }
        if let fallback { return substitute(fallback, depth: depth + 1, unresolved: &unresolved, budget: &budget) }
        unresolved = true
        return "${" + String(inner) + "}"
    }
}

// MARK: - Levels, sizes, periods

enum JavaLevel {
    /// Python's name for a Java level name; nil when it is none.
    static func translate(_ name: String) -> String? {
        switch name.uppercased() {
        case "ALL", "TRACE", "FINEST", "FINER", "FINE": return "DEBUG"
        case "DEBUG": return "DEBUG"
        case "INFO", "CONFIG": return "INFO"
        case "WARN", "WARNING": return "WARNING"
        case "ERROR", "SEVERE": return "ERROR"
        case "FATAL": return "CRITICAL"
        default: return nil
        }
    }

    /// The translated level, whether it is OFF, and the text when it is no level name.
    static func read(_ v: ConfigValue?) -> (level: ConfigValue?, off: Bool, unknown: String?) {
        guard let v else { return (nil, false, nil) }
        guard case .string(let s) = v else { return (v, false, nil) }
        // log4j 1.x allows `LEVEL#com.example.CustomLevel`.
        let u = (s.split(separator: "#", maxSplits: 1).first.map(String.init) ?? s).trimmingCharacters(in: .whitespaces).uppercased()
        if u.isEmpty || u == "INHERITED" || u == "NULL" { return (nil, false, nil) }
        if u == "OFF" { return (.string("CRITICAL"), true, nil) }
        if let t = translate(u) { return (.string(t), false, nil) }
        return (.unresolved(s), false, s)
    }
}

enum JavaRolling {
    /// The primary `%d{…}` (or `%date`) of a file name pattern — the one not marked `aux` —
    /// with its rollover period in days. `%d` alone is daily (`yyyy-MM-dd`).
    static func datePeriod(_ pattern: String) -> (token: String, days: Double)? {
        let s = Array(pattern)
        var k = 0
        while k < s.count {
            guard s[k] == "%" else { k += 1; continue }
            if k + 1 < s.count, s[k + 1] == "%" { k += 2; continue }
            var j = k + 1
            if j < s.count, s[j] == "d" {
                j += 1
                if j + 2 < s.count, String(s[j..<(j + 3)]) == "ate" { j += 3 }
                if j < s.count, s[j].isLetter { k = j; continue }
                var options = ""
                if j < s.count, s[j] == "{", let close = s[j..<min(s.count, j + 200)].firstIndex(of: "}") {
                    options = String(s[(j + 1)..<close])
                    j = close + 1
                }
                let parts = options.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.dropFirst().contains(where: { $0.lowercased() == "aux" }) { k = j; continue }
                let format = parts.first.flatMap { $0.isEmpty ? nil : $0 } ?? "yyyy-MM-dd"
                if let days = periodDays(format) { return (String(s[k..<j]), days) }
                k = j
                continue
            }
            k += 1
        }
        return nil
    }

    /// The smallest calendar unit a `SimpleDateFormat` pattern names: yyyy-MM-dd → 1,
    /// yyyy-MM → 31, yyyy-ww → 7, yyyy-MM-dd_HH → 1/24. Quoted text ('T') is skipped.
    static func periodDays(_ format: String) -> Double? {
        var best: Double?
        var quoted = false
        for c in format {
            if c == "'" { quoted.toggle(); continue }
            if quoted { continue }
            let d: Double?
            switch c {
            case "S": d = 1.0 / 86_400_000
            case "s": d = 1.0 / 86_400
            case "m": d = 1.0 / 1440
            case "H", "h", "k", "K": d = 1.0 / 24
            case "a": d = 0.5
            case "d", "D", "E", "F", "u": d = 1
            case "w", "W": d = 7
            case "M", "L": d = 31
            case "y", "Y": d = 365
            default: d = nil
            }
            if let d { best = min(best ?? d, d) }
        }
        return best
    }

    /// logback `FileSize`, log4j2 `FileSize`, log4j 1.x `toFileSize`: 10MB, "32 MB", 1GB, 512 (bytes); K/M/G/T are 1024-based.
    static func bytes(_ raw: String) -> Int? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        var number = ""
        var rest = Substring(s)
        while let c = rest.first, c.isNumber || c == "." || c == "," {
            number.append(c == "," ? "." : c)
            rest = rest.dropFirst()
        }
        guard let value = Double(number) else { return nil }
        let unit = rest.trimmingCharacters(in: .whitespaces).uppercased()
        let mult: Double
        switch unit {
        case "", "B": mult = 1
        case "K", "KB", "KBS": mult = 1024
        case "M", "MB", "MBS": mult = 1024 * 1024
        case "G", "GB", "GBS": mult = 1024 * 1024 * 1024
        case "T", "TB": mult = 1024 * 1024 * 1024 * 1024
        default: return nil
        }
        let total = value * mult
        guard total.isFinite, total < 9.0e18 else { return nil }
        return Int(total)
    }

    /// log4j2 `Duration` (IfLastModified `age`): 30d, 12h, 1d12h, P30D, PT12H, 90m, 3600s; in days.
    static func durationDays(_ raw: String) -> Double? {
        var s = Substring(raw.trimmingCharacters(in: .whitespaces).uppercased())
        if s.hasPrefix("P") { s = s.dropFirst() }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for c in s {
            if c.isNumber || c == "." || c == "," {
                number.append(c == "," ? "." : c)
                continue
            }
            if c == "T" && number.isEmpty { continue }
            guard let n = Double(number) else { return nil }
            switch c {
            case "D": total += n
            case "H": total += n / 24
            case "M": total += n / 1440
            case "S": total += n / 86_400
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else { return nil }
        return total
    }

    static func format(_ d: Double) -> String {
        if d == d.rounded() && abs(d) < 1e15 { return String(Int(d)) }
        var s = String(format: "%.2f", d)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A value that means "no limit" for logback's totalSizeCap.
    static func isZeroSize(_ v: ConfigValue) -> Bool {
        if let s = v.stringValue, let b = bytes(s) { return b == 0 }
        return false
    }
}

