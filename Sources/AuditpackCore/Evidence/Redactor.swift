import Crypto
import Foundation

/// Finds secrets in config text and replaces them with `[REDACTED:<kind>:<fingerprint>]`.
/// The fingerprint (first 8 hex digits of the value's SHA-256) lets two files sharing one
/// token be matched without revealing it. Every output passes through here.
public enum Redactor {
    struct Match {
        var range: Range<String.Index>
        var key: String
        var kind: String
        var value: String
    }

    static let secretKeys = #"password|passwd|pwd|secret|secret_key|client_secret|token|auth_token|access_token|bearer_token|api_?key|apikey|auth|authorization|credentials?|private_key|webhook|webhook_url|dsn|routing_key|service_key|api_url|access_key|aws_secret_access_key|smtp_auth_password|auth_password|http_password|license_key"#

    /// `key: value`, `key = value`, `"key": "value"`, `key="value"` with the key one of the above
    /// (or ending in one, e.g. `slack_api_url`, `SPLUNK_TOKEN`).
    static let keyValue = try! NSRegularExpression(pattern:
        #"(?i)(?<![\w])(["']?)([\w.-]*?(?:"# + secretKeys + #"))\1\s*[:=]\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s,}#\]\)]+))"#)
    /// scheme://user:password@host
    static let urlCredentials = try! NSRegularExpression(pattern: #"(?i)\b([a-z][a-z0-9+.-]*://)([^\s:/@"']+):([^\s@/"']+)@"#)
    /// Webhook URLs whose path is itself the credential.
    static let webhookURL = try! NSRegularExpression(pattern:
        #"(?i)https://(?:hooks\.slack\.com/(?:services|workflows)/[\w/+-]+|(?:discord(?:app)?\.com)/api/webhooks/[\w/-]+|[\w.-]*webhook\.office\.com/[\w@/.-]+|outlook\.office\.com/webhook/[\w@/.-]+|events\.pagerduty\.com/integration/\w+/enqueue|logs-01\.loggly\.com/inputs/[\w-]+)"#)

    /// `Authorization: Bearer <token>`-style values: the scheme word is kept, the token is not.
    static let authScheme = try! NSRegularExpression(pattern: #"(?i)\b(?:Bearer|Basic|Splunk|Token|GenieKey|SSWS|Api-Key)\s+([A-Za-z0-9._~+/=-]{8,})"#)

    static func isReference(_ value: String, key: String) -> Bool {
        let v = value.trimmingCharacters(in: .whitespaces)
        if v.isEmpty || v == "''" || v == "\"\"" { return true }
        let lowerKey = key.lowercased()
        if lowerKey.hasSuffix("_file") || lowerKey.hasSuffix("_path") || lowerKey.hasSuffix("_env") || lowerKey.hasSuffix("_name") { return true }
        let lv = v.lowercased()
        let referencePrefixes = ["${", "$(", "{{", "<%", "%(", "env(", "env.", "os.environ", "os.getenv", "getenv(", "config(", "secrets.", "vault:", "!env", "<secret>", "<redacted>", "[redacted", "none", "null", "true", "false", "~", "settings.", "self.", "var.", "$"]
        if referencePrefixes.contains(where: { lv.hasPrefix($0) }) { return true }
        // Tokens that are placeholders for a value supplied elsewhere.
        if ["xxx", "changeme-in-env", "<token>", "<password>"].contains(lv) { return true }
        if lv.hasPrefix("/") && !lv.contains("://") { return true }  // a file path, e.g. password_file-like values
        return false
    }

    /// Words without which no pattern below can match a line (lowercase). Lines holding none
    /// of them skip the regular expressions: most lines of most configs.
    static let triggers: [[UInt8]] = ["://", "pass", "pwd", "secret", "token", "key", "auth", "credential", "webhook", "dsn",
                                      "api_url", "bearer", "basic", "splunk", "ssws"].map { Array($0.utf8) }

    static func mayHoldSecret(_ line: String) -> Bool {
        var lower = Array(line.utf8)
        // Non-ASCII text can case-fold to a trigger word under the expressions' (?i)
        // (the Kelvin sign to "k", the long s to "s"): such lines always take the full path.
        if lower.contains(where: { $0 >= 0x80 }) { return true }
        for i in lower.indices where lower[i] >= 0x41 && lower[i] <= 0x5A { lower[i] |= 0x20 }
        return lower.withUnsafeBufferPointer { hay in
            triggers.contains { needle in
                guard hay.count >= needle.count, let first = needle.first else { return false }
                var i = 0
                let last = hay.count - needle.count
                while i <= last {
                    if hay[i] == first {
                        var j = 1
                        while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                        if j == needle.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    static func findAll(in line: String) -> [Match] {
        guard mayHoldSecret(line) else { return [] }
        var out: [Match] = []
        let ns = NSRange(line.startIndex..., in: line)
        for m in webhookURL.matches(in: line, range: ns) {
            guard let r = Range(m.range, in: line) else { continue }
            out.append(Match(range: r, key: keyBefore(r.lowerBound, in: line) ?? "url", kind: "webhook-url", value: String(line[r])))
        }
        for m in urlCredentials.matches(in: line, range: ns) {
            guard let r = Range(m.range(at: 3), in: line) else { continue }
            if out.contains(where: { $0.range.overlaps(r) }) { continue }
            let pw = String(line[r])
            if isReference(pw, key: "password") { continue }
            out.append(Match(range: r, key: "url", kind: "url-password", value: pw))
        }
        for m in authScheme.matches(in: line, range: ns) {
            guard let r = Range(m.range(at: 1), in: line) else { continue }
            if out.contains(where: { $0.range.overlaps(r) }) { continue }
            let token = String(line[r])
            if isReference(token, key: "authorization") { continue }
            out.append(Match(range: r, key: "authorization", kind: "token", value: token))
        }
        for m in keyValue.matches(in: line, range: ns) {
            guard let kr = Range(m.range(at: 2), in: line) else { continue }
            let key = String(line[kr])
            var valueRange: Range<String.Index>?
            for g in 3...5 { if let r = Range(m.range(at: g), in: line) { valueRange = r; break } }
            guard let vr = valueRange else { continue }
            let value = String(line[vr])
            if out.contains(where: { $0.range.overlaps(vr) }) { continue }
            if isReference(value, key: key) { continue }
            // `Authorization: Bearer <token>`: the scheme word is not the secret (see authScheme).
            if ["bearer", "basic", "splunk", "token", "geniekey", "ssws", "api-key"].contains(value.lowercased()) { continue }
            // A Python/JS call or a name is an expression, not a literal.
            if m.range(at: 5).location != NSNotFound && (value.contains("(") || value.first?.isLetter == true && value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) && value.contains(".")) {
                continue
            }
            out.append(Match(range: vr, key: key, kind: kind(forKey: key), value: value))
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The key a value on this line is assigned to (`api_url: <value>`), if any.
    static func keyBefore(_ index: String.Index, in line: String) -> String? {
        let prefix = String(line[..<index])
        guard let m = prefix.firstMatch(of: /([\w.-]+)["']?\s*[:=]\s*["']?$/) else { return nil }
        return String(m.1)
    }

    static func kind(forKey key: String) -> String {
        let k = key.lowercased()
        if k.contains("password") || k.contains("passwd") || k == "pwd" { return "password" }
        if k.contains("webhook") || k.hasSuffix("api_url") { return "webhook-url" }
        if k.contains("token") { return "token" }
        if k.contains("key") { return "api-key" }
        if k.contains("dsn") { return "dsn" }
        if k.contains("secret") { return "secret" }
        return "credential"
    }

    public static func fingerprint(_ value: String) -> String {
        let digest = SHA256.hash(data: Data(value.utf8))
        return digest.prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    public static func marker(kind: String, value: String) -> String {
        "[REDACTED:\(kind):\(fingerprint(value))]"
    }

    /// Secrets in a text, with 1-based line numbers.
    public static func secrets(in text: String, file: String) -> [SecretFinding] {
        var out: [SecretFinding] = []
        var lineNo = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let s = String(line)
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") && !trimmed.contains("://") { continue }
            for m in findAll(in: s) {
                out.append(SecretFinding(file: file, line: lineNo, key: m.key, kind: m.kind, fingerprint: fingerprint(m.value), value: m.value))
            }
        }
        return out
    }

    /// The line with every secret replaced by its marker.
    public static func redactLine(_ line: String) -> String {
        let matches = findAll(in: line)
        guard !matches.isEmpty else { return line }
        var out = line
        for m in matches.reversed() {
            out.replaceSubrange(m.range, with: marker(kind: m.kind, value: m.value))
        }
        return out
    }

    public static func redact(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { redactLine(String($0)) }.joined(separator: "\n")
    }
}

/// Replaces every known secret value wherever it appears: the last guard before bytes are
/// written, for values that reached an output by a path the line redactor did not see.
public struct SecretScrubber: Sendable {
    let replacements: [(String, String)]

    public init(_ secrets: [SecretFinding]) {
        var seen = Set<String>()
        var reps: [(String, String)] = []
        for s in secrets where s.value.count >= 4 && seen.insert(s.value).inserted {
            reps.append((s.value, "[REDACTED:\(s.kind):\(s.fingerprint)]"))
        }
        replacements = reps.sorted { $0.0.count > $1.0.count }
    }

    public func scrub(_ text: String) -> String {
        var out = text
        for (value, marker) in replacements where out.contains(value) {
            out = out.replacingOccurrences(of: value, with: marker)
        }
        return out
    }
}
