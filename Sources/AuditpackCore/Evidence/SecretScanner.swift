import Foundation

/// Finds secrets in one line of a config, in one left-to-right pass over its bytes (no
/// regular expression, no backtracking: linear in the line's length). Each hit is the byte
/// span of the secret value itself, so redaction replaces exactly that span.
///
/// A secret is: a literal assigned to a key whose last word names a secret (`password`,
/// `token`, `api_key`, `client_secret`, `dsn`, `integrationKey` …, never `*_validators`,
/// `*_timeout`, `*_file`, `*_name` …); the userinfo of a URL (`user:pw`); a token in a
/// query string; a webhook URL of a known service; an `Authorization`-style token or an
/// `X-…-Key` header; a PEM private key; the literal fallback of an environment lookup
/// (`os.environ.get("SECRET_KEY", "…")`, `env.str("X", default="…")`, `config(…)`,
/// log4j2 `${env:X:-…}`); `<password>…</password>` and `name="…password" value="…"`; a
/// password on a command line (`mysql -pX`, `curl -u user:pw`). Not a secret: references
/// and placeholders (`${X}`, `{{ x }}`, `%(x)s`, `<password>`, `$__env{X}`, `XXXX`, `!!!SET
/// …!!!`), empty values, booleans and null, and in Python anything that is not a string
/// literal (names, calls, type annotations, comparisons).
enum SecretScanner {
    struct Hit: Equatable {
        var start: Int
        var end: Int
        var key: String
        var kind: String
    }

    // MARK: bytes

    static func isIdent(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
    static func isKeyChar(_ c: UInt8) -> Bool { isIdent(c) || c == 0x2E || c == 0x2D }  // . -
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// Whether `b` holds the lower-case bytes `w` at `at`, ignoring ASCII case.
    static func hasPrefix(_ b: [UInt8], _ at: Int, _ w: [UInt8]) -> Bool {
        guard at >= 0, at + w.count <= b.count else { return false }
        for k in 0..<w.count where lower(b[at + k]) != w[k] { return false }
        return true
    }

    static func hasPrefix(_ b: [UInt8], _ at: Int, _ word: String) -> Bool { hasPrefix(b, at, Array(word.utf8)) }

    static func text(_ b: [UInt8], _ s: Int, _ e: Int) -> String { String(decoding: b[s..<e], as: UTF8.self) }

    // MARK: what is a secret key, what is a reference

    static let secretWords: Set<String> = ["password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "credential",
                                           "credentials", "dsn", "apikey", "secretkey", "privatekey", "accesskey", "authtoken",
                                           "authorization", "bearer"]
    static let keyQualifiers: Set<String> = ["api", "access", "private", "secret", "service", "routing", "license", "integration",
                                             "client", "signing", "encryption", "master", "app", "auth", "account", "webhook", "ingest",
                                             "hec", "consumer", "session", "x", "insert"]

    /// The words of a key: split at `_ . - space` and camelCase, lower-cased.
    static func words(_ key: String) -> [String] {
        var out: [String] = [], cur = ""
        var prevLower = false
        for ch in key {
            if ch == "_" || ch == "." || ch == "-" || ch == " " || ch == ":" {
                if !cur.isEmpty { out.append(cur) }
                cur = ""; prevLower = false
                continue
            }
            if ch.isUppercase && prevLower { out.append(cur); cur = "" }
            cur += ch.lowercased()
            prevLower = ch.isLowercase || ch.isNumber
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// Lower-case fragments one of which every secret key holds (a byte test before the
    /// word split, which most keys never need).
    static let keyFragments: [[UInt8]] = ["pass", "pwd", "secret", "token", "credential", "dsn", "key", "auth", "bearer"].map { Array($0.utf8) }

    static func mayBeSecretKey(_ key: String) -> Bool {
        var lower = Array(key.utf8)
        for i in lower.indices { lower[i] = SecretScanner.lower(lower[i]) }
        return keyFragments.contains { ByteSearch.contains(lower, $0) }
    }

    static func isSecretKey(_ key: String) -> Bool {
        guard mayBeSecretKey(key) else { return false }
        let w = words(key)
        guard let last = w.last else { return false }
        if secretWords.contains(last) { return true }
        // Glued words (SMTPPassword → "smtppassword"): the long secret words as a suffix.
        if ["password", "passwd", "secret", "token", "apikey", "credential", "credentials"].contains(where: { last.count > $0.count && last.hasSuffix($0) }) { return true }
        if last == "key", w.count >= 2, keyQualifiers.contains(w[w.count - 2]) { return true }
        return false
    }

    /// `quoted`: a string literal, where `"true"` is text, not a boolean.
    static func isReference(_ raw: String, quoted: Bool = false) -> Bool {
        // Fast path: a plain token of letters, digits, `_`, `-` and `.` (most values) can
        // only be a boolean/null word, an XXXX mask or an environment variable's name.
        var plain = !raw.isEmpty, upperOrUnderscore = true, hasUnderscore = false, maskOnly = true
        for c in raw.utf8 {
            let alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            if !(alnum || c == 0x5F || c == 0x2D || c == 0x2E) { plain = false; break }
            if c == 0x5F { hasUnderscore = true }
            if !((c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F) { upperOrUnderscore = false }
            if !(c == 0x58 || c == 0x78 || c == 0x2E) { maskOnly = false }
        }
        if plain {
            if !quoted, raw.utf8.count <= 5, ["none", "null", "nil", "true", "false", "yes", "no", "on", "off"].contains(raw.lowercased()) { return true }
            if maskOnly && raw.utf8.count >= 3 { return true }
            return hasUnderscore && upperOrUnderscore
        }
        let v = raw.trimmingCharacters(in: .whitespaces)
        if v.isEmpty { return true }
        let l = v.lowercased()
        if !quoted, ["none", "null", "nil", "true", "false", "yes", "no", "on", "off", "~", "''", "\"\""].contains(l) { return true }
        for p in ["${", "$(", "{{", "{%", "<%", "%(", "$__env{", "$__file{", "!!!", "#{", "env(", "env:", "os.environ", "os.getenv", "getenv(", "vault:", "secret:", "[redacted"] where l.hasPrefix(p) { return true }
        if l.contains("{{") || l.contains("${") || l.contains("$__") { return true }
        if v.hasPrefix("<") && v.hasSuffix(">") { return true }                       // <password>
        if v.first == "$", v.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return true }  // $VAR
        if v.count >= 3, v.allSatisfy({ $0 == "X" || $0 == "x" || $0 == "*" || $0 == "." }) { return true }  // XXXX masks
        if v.hasPrefix("/"), !v.contains("://") { return true }                        // a file path
        // An environment variable's name standing for the value (PD_SERVICE_KEY).
        if v.contains("_"), v.allSatisfy({ ($0.isUppercase && $0.isASCII) || $0.isNumber || $0 == "_" }) { return true }
        return false
    }

    /// `routing_key`/`service_key` outside a PagerDuty receiver: a routing label unless the
    /// value looks like a key (20 or more letters and digits).
    static func isRoutingLabel(_ keyWords: [String], _ value: String, pagerduty: Bool) -> Bool {
        guard keyWords.count >= 2, ["routing", "service"].contains(keyWords[keyWords.count - 2]), keyWords.last == "key", !pagerduty else { return false }
        return !(value.count >= 20 && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }

    /// A token after `Bearer`/`Basic`/…: random-looking (a digit, or 20+ characters mixing
    /// cases), not a word of prose ("Bearer authentication failing").
    static func looksLikeToken(_ b: [UInt8], _ s: Int, _ e: Int) -> Bool {
        var digit = false, upper = false, lowerCase = false
        for k in s..<e {
            let c = b[k]
            if c >= 0x30 && c <= 0x39 { digit = true } else if c >= 0x41 && c <= 0x5A { upper = true } else if c >= 0x61 && c <= 0x7A { lowerCase = true }
        }
        return digit || (e - s >= 20 && upper && lowerCase)
    }

    /// Userinfo that stands for credentials supplied elsewhere: format placeholders
    /// (`%s:%s`, `{}:{}`) and the template pairs `user:pass`, `username:password`.
    static func isPlaceholderUserinfo(_ info: String) -> Bool {
        if info.contains("%s") || info.contains("%(") || info.contains("{}") || info.contains("{0") { return true }
        let l = info.lowercased()
        return ["user:pass", "user:password", "username:password", "login:password", "user:secret", "username:pass"].contains(l)
    }

    /// A dotted lower-case path (`background.tasks.add`, `syslog.all`): a name, not a key.
    static func isDottedName(_ v: String) -> Bool {
        let parts = v.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { p in !p.isEmpty && p.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } }
    }

    /// What a key is, computed once per distinct key of a line.
    struct KeyInfo {
        var secret: Bool
        /// Split only for keys that may need it (secret or webhook keys).
        var words: [String]
        var kind: String

        init(_ key: String) {
            secret = SecretScanner.isSecretKey(key)
            words = secret || key.lowercased().contains("webhook") ? SecretScanner.words(key) : []
            kind = secret ? SecretScanner.kind(forKey: key) : "credential"
        }
    }

    static func kind(forKey key: String) -> String {
        let w = words(key)
        let last = w.last ?? ""
        if ["password", "passwd", "pwd", "pass", "passphrase"].contains(last) { return "password" }
        if last == "dsn" { return "dsn" }
        if last.contains("token") || last == "bearer" || last == "authorization" { return "token" }
        if last.contains("key") { return "api-key" }
        if last.contains("secret") { return "secret" }
        return "credential"
    }

    // MARK: the scan

    static let webhookPrefixes = ["hooks.slack.com/services/", "hooks.slack.com/workflows/", "discord.com/api/webhooks/",
                                  "discordapp.com/api/webhooks/", "outlook.office.com/webhook/", "events.pagerduty.com/integration/",
                                  "logs-01.loggly.com/inputs/", "api.telegram.org/bot", "chat.googleapis.com/v1/spaces/"]
    static let queryTokens: Set<String> = ["token", "access_token", "api_key", "apikey", "key", "sig", "signature", "password",
                                           "secret", "auth", "client_secret", "private_token"]
    static let authSchemes: [[UInt8]] = ["bearer", "basic", "token", "splunk", "geniekey", "ssws", "api-key", "apikey"].map { Array($0.utf8) }
    /// First letters of the schemes: other bytes skip the scheme test.
    static let schemeInitials: Set<UInt8> = Set(authSchemes.map { $0[0] })

    /// `pagerduty`: the line sits under a PagerDuty receiver, where `routing_key` and
    /// `service_key` are integration keys (elsewhere — Celery, RabbitMQ, VictorOps — they are
    /// routing labels, secret only when they look like keys).
    static func scan(_ line: String, python: Bool, pagerduty: Bool = false) -> [Hit] {
        let b = Array(line.utf8)
        var hits: [Hit] = []
        var keyCache: [String: KeyInfo] = [:]
        // Bytes already taken by a hit: an overlap test costs the span's length, not the
        // number of hits (a line of 100,000 `pwd=1` stays linear).
        var taken = [Bool](repeating: false, count: b.count)
        func add(_ s: Int, _ e: Int, _ key: String, _ kind: String) {
            guard e > s, s >= 0, e <= b.count else { return }
            for k in s..<e where taken[k] { return }
            for k in s..<e { taken[k] = true }
            hits.append(Hit(start: s, end: e, key: key, kind: kind))
        }
        func isDelim(_ c: UInt8) -> Bool { isSpace(c) || c == 0x22 || c == 0x27 || c == 0x3C || c == 0x3E || c == 0x60 || c == 0x2C || c == 0x29 || c == 0x5D || c == 0x7D || c == 0x3B }

        // PEM private keys (often one escaped line in JSON).
        var i = 0
        // The next `-----END ` at or after a BEGIN, found once and reused (linear).
        var nextEnd: Int? = -1
        while i < b.count {
            if b[i] == 0x2D, hasPrefix(b, i, "-----begin ") {
                if let n = nextEnd, n < i + 11 { nextEnd = find(b, "-----end ", from: i + 11) }
                guard let endMarker = nextEnd else { break }
                let headerEnd = find(b, "-----", from: i + 11) ?? i
                if text(b, i, headerEnd).lowercased().contains("private key") {
                    var e = endMarker + 9
                    while e < b.count, b[e] != 0x2D { e += 1 }
                    while e < b.count, b[e] == 0x2D { e += 1 }
                    add(i, e, "private_key", "private-key")
                    i = e
                    continue
                }
            }
            i += 1
        }

        // URLs: webhook URLs, userinfo, query-string tokens.
        i = 0
        while i + 2 < b.count {
            guard b[i] == 0x3A, b[i + 1] == 0x2F, b[i + 2] == 0x2F else { i += 1; continue }
            let rest = i + 3
            var end = rest
            while end < b.count, !isDelim(b[end]) { end += 1 }
            var schemeStart = i
            while schemeStart > 0, isIdent(b[schemeStart - 1]) || b[schemeStart - 1] == 0x2B || b[schemeStart - 1] == 0x2E || b[schemeStart - 1] == 0x2D { schemeStart -= 1 }
            let url = text(b, rest, end).lowercased()
            let placeholder = end < b.count && (b[end] == 0x3C || b[end] == 0x7B)   // …/services/<webhook-id>
            if let p = webhookPrefixes.first(where: { url.hasPrefix($0) }) ?? (url.contains(".webhook.office.com/") ? "" : nil) {
                if !placeholder && url.count > p.count && !isReference(text(b, schemeStart, end)) { add(schemeStart, end, keyBefore(b, schemeStart) ?? "url", "webhook-url") }
                i = end
                continue
            }
            // userinfo: up to '@' before the first '/'.
            var at = rest
            while at < end, b[at] != 0x40, b[at] != 0x2F { at += 1 }
            if at < end, b[at] == 0x40, at > rest {
                let info = text(b, rest, at)
                if !isReference(info) && !info.contains("${") && !info.hasPrefix("<") && !info.contains("{{") && !isPlaceholderUserinfo(info) {
                    if info.contains(":") { add(rest, at, keyBefore(b, schemeStart) ?? "url", "url-credentials") }
                    else if info.count >= 16 { add(rest, at, keyBefore(b, schemeStart) ?? "url", "dsn") }          // Sentry DSN key
                }
            }
            i = end
        }

        // Query-string tokens: ?token=X, &api_key=X.
        i = 0
        while i < b.count {
            if b[i] == 0x3F || b[i] == 0x26 {
                var k = i + 1
                while k < b.count, isIdent(b[k]) { k += 1 }
                if k < b.count, b[k] == 0x3D, queryTokens.contains(text(b, i + 1, k).lowercased()) {
                    var e = k + 1
                    while e < b.count, !isDelim(b[e]), b[e] != 0x26, b[e] != 0x23 { e += 1 }
                    let v = text(b, k + 1, e)
                    if !isReference(v) { add(k + 1, e, text(b, i + 1, k), "token") }
                    i = e
                    continue
                }
            }
            i += 1
        }

        // Authorization schemes and X-…-Key headers.
        i = 0
        while i < b.count {
            if schemeInitials.contains(lower(b[i])), i == 0 || !isIdent(b[i - 1]) {
                for s in authSchemes where hasPrefix(b, i, s) && i + s.count < b.count && isSpace(b[i + s.count]) {
                    var t = i + s.count
                    while t < b.count, isSpace(b[t]) { t += 1 }
                    var e = t
                    while e < b.count, isIdent(b[e]) || "-.~+/=".utf8.contains(b[e]) { e += 1 }
                    if e - t >= 8 && looksLikeToken(b, t, e) && !isReference(text(b, t, e)) { add(t, e, "authorization", "token") }
                    break
                }
            }
            i += 1
        }

        // `${env:NAME:-default}` anywhere (log4j2, Spring), and X-…-Key: headers.
        envDefault(b, from: 0, to: b.count, add: add)
        headers(b, add: add)

        // Keys and values: key = value, key: value, "key": "value", <key>value</key>.
        i = 0
        while i < b.count {
            let c = b[i]
            // <password>value</password>
            if c == 0x3C, i + 1 < b.count, isIdent(b[i + 1]) {
                var k = i + 1
                while k < b.count, isKeyChar(b[k]) { k += 1 }
                if k < b.count, b[k] == 0x3E {
                    let name = text(b, i + 1, k)
                    var e = k + 1
                    while e < b.count, b[e] != 0x3C { e += 1 }
                    if isSecretKey(name), e > k + 1, !isReference(text(b, k + 1, e)) { add(k + 1, e, name, kind(forKey: name)) }
                    i = e
                    continue
                }
            }
            // A key starts a word; after dashes that start one too (`--password=X`).
            var dashes = i
            while dashes > 0, b[dashes - 1] == 0x2D { dashes -= 1 }
            let startsWord = i == 0 || !isKeyChar(b[i - 1]) || (dashes < i && (dashes == 0 || !isKeyChar(b[dashes - 1])))
            guard isIdent(c), startsWord else { i += 1; continue }
            var k = i
            while k < b.count, isKeyChar(b[k]) { k += 1 }
            let key = text(b, i, k)
            let quotedKey = i > 0 && (b[i - 1] == 0x22 || b[i - 1] == 0x27)
            var j = k
            if quotedKey, j < b.count, b[j] == b[i - 1] { j += 1 }
            while j < b.count, isSpace(b[j]) { j += 1 }
            guard j < b.count, b[j] == 0x3D || b[j] == 0x3A else { i = k; continue }
            // `==`, `:=`, `!=`, `=>`, `::` are not assignments.
            if j + 1 < b.count, b[j + 1] == 0x3D || (b[j] == 0x3A && b[j + 1] == 0x3A) || (b[j] == 0x3D && b[j + 1] == 0x3E) { i = j + 2; continue }
            if b[j] == 0x3A, j + 1 < b.count, b[j + 1] == 0x2F { i = k; continue }  // a URL scheme
            var v = j + 1
            while v < b.count, isSpace(b[v]) { v += 1 }
            // Keys repeat on a line (`pwd=1 pwd=2 …`): what a key is, worked out once.
            let info: KeyInfo
            if let known = keyCache[key] { info = known } else { info = KeyInfo(key); keyCache[key] = info }
            let secretKey = info.secret
            let valueEnd = value(b, at: v, key: key, secretKey: secretKey, python: python, xmlName: key == "name", colon: b[j] == 0x3A, pagerduty: pagerduty, info: info, add: add)
            i = max(valueEnd, k)
        }

        // Command lines: mysql -pSECRET, curl -u user:pw, --password=X.
        i = 0
        while i + 2 < b.count {
            if b[i] == 0x2D, i == 0 || isSpace(b[i - 1]) {
                if b[i + 1] == 0x70, let q = quoted(b, at: i + 2), line.contains("mysql") {
                    if !isReference(text(b, q.s, q.e), quoted: true) { add(q.s, q.e, "mysql -p", "password") }
                    i = q.next
                    continue
                }
                if b[i + 1] == 0x70, isIdent(b[i + 2]) || "!@#$%^&*".utf8.contains(b[i + 2]), line.contains("mysql") {
                    var e = i + 2
                    while e < b.count, !isDelim(b[e]) { e += 1 }
                    if !isReference(text(b, i + 2, e)) { add(i + 2, e, "mysql -p", "password") }
                    i = e
                    continue
                }
                if b[i + 1] == 0x75, isSpace(b[i + 2]) || hasPrefix(b, i, "--user ") {
                    var t = i + 2
                    let long = hasPrefix(b, i, "--user")
                    while t < b.count, isSpace(b[t]) || (long && b[t] >= 0x61 && b[t] <= 0x7A) { t += 1 }
                    var e = t
                    while e < b.count, !isDelim(b[e]) { e += 1 }
                    let v = text(b, t, e)
                    if v.contains(":"), !v.contains("://"), !isReference(v) { add(t, e, "curl -u", "password") }
                    i = e
                    continue
                }
            }
            i += 1
        }
        return hits.sorted { $0.start < $1.start }
    }

    /// The key a value starting at `at` is assigned to (`api_url: 'https://…'` → api_url).
    static func keyBefore(_ b: [UInt8], _ at: Int) -> String? {
        var i = at
        while i > 0, isSpace(b[i - 1]) || b[i - 1] == 0x22 || b[i - 1] == 0x27 { i -= 1 }
        guard i > 0, b[i - 1] == 0x3A || b[i - 1] == 0x3D else { return nil }
        i -= 1
        while i > 0, isSpace(b[i - 1]) || b[i - 1] == 0x22 || b[i - 1] == 0x27 { i -= 1 }
        let end = i
        while i > 0, isKeyChar(b[i - 1]) { i -= 1 }
        return end > i ? text(b, i, end) : nil
    }

    static func find(_ b: [UInt8], _ word: String, from: Int) -> Int? {
        let w = Array(word.utf8)
        guard let first = w.first else { return nil }
        var i = from
        while i + w.count <= b.count {
            if lower(b[i]) == first && hasPrefix(b, i, w) { return i }
            i += 1
        }
        return nil
    }

    /// The end of a quoted literal starting at `at` (the index after its closing quote), and
    /// its content span; nil when `at` does not start a quote.
    static func quoted(_ b: [UInt8], at: Int) -> (s: Int, e: Int, next: Int)? {
        guard at < b.count, b[at] == 0x22 || b[at] == 0x27 else { return nil }
        let q = b[at]
        // A triple-quoted string closed on the same line: its content.
        if at + 2 < b.count, b[at + 1] == q, b[at + 2] == q {
            var e = at + 3
            while e + 2 < b.count, !(b[e] == q && b[e + 1] == q && b[e + 2] == q) { e += 1 }
            if e + 2 < b.count { return (at + 3, e, e + 3) }
        }
        var e = at + 1
        while e < b.count {
            if b[e] == q {
                // YAML (and Python's adjacent literals): '' inside single quotes goes on.
                if q == 0x27, e + 1 < b.count, b[e + 1] == 0x27 { e += 2; continue }
                break
            }
            if b[e] == 0x5C { e += 1 }
            e += 1
        }
        let end = min(e, b.count)
        return (at + 1, end, min(end + 1, b.count))
    }

    /// Reads the value at `v` for `key`; reports a secret through `add`; returns where the
    /// scan goes on.
    static func value(_ b: [UInt8], at v: Int, key: String, secretKey: Bool, python: Bool, xmlName: Bool, colon: Bool = false,
                      pagerduty: Bool = false, info: KeyInfo? = nil, add: (Int, Int, String, String) -> Void) -> Int {
        guard v < b.count else { return v }
        // The key's words, split only for keys that may need them.
        let info = info ?? KeyInfo(key)
        let keyWords = info.words
        let keyKind = info.kind
        // A YAML anchor or tag before the value (`&hook https://…`, `!!str secret`): skipped
        // in a loop (never by recursion: a line of 5,000 anchors must not exhaust the stack).
        var v = v
        while colon, !python, v < b.count, b[v] == 0x26 || b[v] == 0x21 {
            var t = v + 1
            while t < b.count, !isSpace(b[t]) { t += 1 }
            while t < b.count, isSpace(b[t]) { t += 1 }
            guard t < b.count else { return t }
            v = t
        }
        // `Authorization: Bearer <token>`: the scheme word is not the secret (the scheme pass
        // has taken the token, if there is one).
        for scheme in authSchemes where hasPrefix(b, v, scheme) || hasPrefix(b, v + 1, scheme) && (b[v] == 0x22 || b[v] == 0x27) {
            let after = v + scheme.count + (b[v] == 0x22 || b[v] == 0x27 ? 1 : 0)
            if after >= b.count || isSpace(b[after]) || b[after] == 0x22 || b[after] == 0x27 { return after }
        }
        // Python string prefixes: u"…", r"…", b"…", f"…", rb"…".
        if python, v + 1 < b.count, "uUrRbBfF".utf8.contains(b[v]) {
            if b[v + 1] == 0x22 || b[v + 1] == 0x27 { v += 1 }
            else if v + 2 < b.count, "uUrRbBfF".utf8.contains(b[v + 1]), b[v + 2] == 0x22 || b[v + 2] == 0x27 { v += 2 }
        }
        if let q = quoted(b, at: v) {
            let lit = text(b, q.s, q.e)
            // "a" + "b": every literal of a concatenation is part of the secret.
            if secretKey {
                var n = q.next
                while true {
                    var p = n
                    while p < b.count, isSpace(b[p]) { p += 1 }
                    guard p < b.count, b[p] == 0x2B else { break }
                    p += 1
                    while p < b.count, isSpace(b[p]) { p += 1 }
                    if python, p + 1 < b.count, "uUrRbBfF".utf8.contains(b[p]), b[p + 1] == 0x22 || b[p + 1] == 0x27 { p += 1 }
                    guard let more = quoted(b, at: p) else { break }
                    if !isReference(text(b, more.s, more.e), quoted: true) { add(more.s, more.e, key, keyKind) }
                    n = more.next
                }
            }
            // A webhook URL under a key that says so (mattermost_webhook_url: https://…/hooks/…).
            if keyWords.contains("webhook"), lit.contains("://"), !isReference(lit), !lit.contains("<") { add(q.s, q.e, key, "webhook-url"); return q.next }
            if secretKey, !isReference(lit, quoted: true), !(keyWords.last == "key" && isDottedName(lit)) {
                if isRoutingLabel(keyWords, lit, pagerduty: pagerduty) { return q.next }
                add(q.s, q.e, key, keyKind)
            }
            // XML: name="…password" value="…"
            if xmlName, isSecretKey(lit) {
                var w = q.next
                while w < b.count, isSpace(b[w]) { w += 1 }
                if hasPrefix(b, w, "value="), let vq = quoted(b, at: w + 6) {
                    if !isReference(text(b, vq.s, vq.e)) { add(vq.s, vq.e, lit, kind(forKey: lit)) }
                    return vq.next
                }
            }
            return q.next
        }
        // A tuple or list: the credentials pair ("user", "secret") → the last literal.
        if b[v] == 0x28 || b[v] == 0x5B {
            var depth = 0, e = v
            var literals: [(Int, Int)] = []
            while e < b.count {
                if b[e] == 0x28 || b[e] == 0x5B { depth += 1 }
                else if b[e] == 0x29 || b[e] == 0x5D { depth -= 1; if depth == 0 { e += 1; break } }
                else if let q = quoted(b, at: e) { literals.append((q.s, q.e)); e = q.next; continue }
                e += 1
            }
            let between = literals.count >= 2 ? text(b, literals[0].1, literals[literals.count - 1].0) : ""
            if secretKey, b[v] == 0x28, literals.count >= 1, !between.contains(",") {
                // ("abc" "def"): implicit concatenation, one string: every piece is the secret.
                for l in literals where !isReference(text(b, l.0, l.1), quoted: true) { add(l.0, l.1, key, keyKind) }
            } else if secretKey, literals.count >= 2, let last = literals.last, !isReference(text(b, last.0, last.1)) {
                add(last.0, last.1, key, keyKind)
            } else if key == "args", literals.count >= 2 {
                // logging fileConfig SMTPHandler args: a trailing (user, password) pair.
                let tail = text(b, literals[literals.count - 2].1, min(e, b.count))
                if tail.filter({ $0 == ")" }).count >= 2, let last = literals.last, !isReference(text(b, last.0, last.1)) {
                    add(last.0, last.1, "credentials", "password")
                }
            }
            return e
        }
        // A call: an environment lookup whose literal fallback runs when the variable is unset.
        var n = v
        while n < b.count, isKeyChar(b[n]) { n += 1 }
        if n > v, n < b.count, b[n] == 0x28 {
            let callee = text(b, v, n)
            let lookups = ["os.environ.get", "os.getenv", "getenv", "environ.get", "env", "config", "decouple.config"]
            let isLookup = lookups.contains(callee) || callee.hasPrefix("env.") || callee.hasSuffix(".get") && callee.contains("environ")
            var e = n + 1, depth = 1
            var literals: [(s: Int, e: Int, named: String?)] = []
            var lastName: String?
            while e < b.count, depth > 0 {
                if b[e] == 0x28 { depth += 1 } else if b[e] == 0x29 { depth -= 1; if depth == 0 { e += 1; break } }
                if let q = quoted(b, at: e) {
                    literals.append((q.s, q.e, lastName)); lastName = nil; e = q.next; continue
                }
                if isIdent(b[e]) {
                    var t = e
                    while t < b.count, isIdent(b[t]) { t += 1 }
                    var u = t
                    while u < b.count, isSpace(b[u]) { u += 1 }
                    if u < b.count, b[u] == 0x3D, u + 1 < b.count, b[u + 1] != 0x3D { lastName = text(b, e, t); e = u + 1; continue }
                    e = t
                    continue
                }
                e += 1
            }
            if isLookup, let name = literals.first {
                let varName = text(b, name.s, name.e)
                let fallback = literals.first(where: { $0.named == "default" }) ?? (literals.count >= 2 && literals[1].named == nil ? literals[1] : nil)
                if let f = fallback, secretKey || isSecretKey(varName), !isReference(text(b, f.s, f.e)) {
                    add(f.s, f.e, secretKey ? key : varName, kind(forKey: secretKey ? key : varName))
                }
            }
            return e
        }
        // A bare value: in Python a name, annotation or expression (never a literal secret).
        var e = v
        while e < b.count, !isSpace(b[e]), b[e] != 0x2C, b[e] != 0x7D, b[e] != 0x5D, b[e] != 0x29, b[e] != 0x23, b[e] != 0x3B, b[e] != 0x22, b[e] != 0x27 { e += 1 }
        // `key: words with spaces` (YAML plain scalar): the value runs to the end of the
        // line or a ` #` comment, unless a flow collection or another key follows.
        if colon, !python, secretKey, e < b.count, isSpace(b[e]) {
            var f = e
            while f < b.count, !(b[f] == 0x23 && isSpace(b[f - 1])), b[f] != 0x2C, b[f] != 0x7D, b[f] != 0x5D { f += 1 }
            var g = f
            while g > e, isSpace(b[g - 1]) { g -= 1 }
            let tail = text(b, e, g)
            if !tail.contains(": "), !tail.contains("=") { e = g }
        }
        guard !python, e > v else { return max(e, v + 1) }
        let lit = text(b, v, e)
        if keyWords.contains("webhook"), lit.contains("://"), !isReference(lit), !lit.contains("<") { add(v, e, key, "webhook-url"); return e }
        if secretKey, !isReference(lit), !lit.hasSuffix(":") {
            if keyWords.last == "key", isDottedName(lit) { return e }
            if isRoutingLabel(keyWords, lit, pagerduty: pagerduty) { return e }
            add(v, e, key, keyKind)
        }
        return e
    }

    /// `X-Api-Key: value`, `X-Insert-Key: value`, `X-Auth-Token: value` (headers in any text).
    static func headers(_ b: [UInt8], add: (Int, Int, String, String) -> Void) {
        var i = 0
        while i < b.count {
            guard b[i] == 0x3A, i > 0, isKeyChar(b[i - 1]) else { i += 1; continue }
            var s = i
            while s > 0, isIdent(b[s - 1]) || b[s - 1] == 0x2D { s -= 1 }
            let name = text(b, s, i).lowercased()
            guard name.contains("-"), name.hasSuffix("-key") || name.hasSuffix("-token") || name.hasSuffix("-secret") else { i += 1; continue }
            var t = i + 1
            while t < b.count, isSpace(b[t]) { t += 1 }
            var e = t
            while e < b.count, b[e] != 0x22, b[e] != 0x27, b[e] != 0x2C, b[e] != 0x5D, !isSpace(b[e]) { e += 1 }
            if e > t, !isReference(text(b, t, e)) { add(t, e, text(b, s, i), "api-key") }
            i = max(e, i + 1)
        }
    }

    /// log4j2 / Spring `${env:NAME:-default}` and `${NAME:default}` with a secret-like NAME.
    static func envDefault(_ b: [UInt8], from: Int, to: Int, add: (Int, Int, String, String) -> Void) {
        var i = from
        while i + 1 < to {
            guard b[i] == 0x24, b[i + 1] == 0x7B else { i += 1; continue }
            var e = i + 2
            while e < to, b[e] != 0x7D { e += 1 }
            let inner = text(b, i + 2, e)
            if let sep = inner.range(of: ":-") ?? inner.range(of: ":", options: .backwards) {
                let name = String(inner[..<sep.lowerBound])
                let def = String(inner[sep.upperBound...])
                if isSecretKey(name), !isReference(def) {
                    let s = i + 2 + inner.utf8.distance(from: inner.startIndex, to: sep.upperBound)
                    add(s, s + def.utf8.count, name, kind(forKey: name))
                }
            }
            i = e + 1
        }
    }
}
