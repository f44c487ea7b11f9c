import Foundation

/// SEC-02: logging calls in application code that log request bodies, passwords or
/// authorization headers, and log format strings that include them.
public enum SensitiveLoggingScanner {
    static let call = try! NSRegularExpression(pattern:
        #"(?i)\b(?:log(?:ger)?|logging|self\.log(?:ger)?|_log(?:ger)?)\.(?:debug|info|warning|warn|error|exception|critical|log)\s*\((.*)"#)
    static let sensitive: [(String, String)] = [
        (#"request\.body\b"#, "request body"),
        (#"request\.(?:data|POST)\b"#, "request data"),
        (#"\bpassword\b|\bpasswd\b"#, "password"),
        (#"(?i)authorization|HTTP_AUTHORIZATION"#, "authorization header"),
        (#"(?i)\bcookies?\b|HTTP_COOKIE"#, "cookies"),
        (#"(?i)\b(?:credit_?card|card_number|cvv|ssn)\b"#, "payment or identity data"),
    ]

    public static func scan(_ text: String, file: String) -> [SensitiveLogFinding] {
        var out: [SensitiveLogFinding] = []
        var lineNo = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNo += 1
            let line = String(raw)
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            guard let m = call.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                  let args = Range(m.range(at: 1), in: line) else { continue }
            let argText = String(line[args])
            for (pattern, what) in sensitive where argText.range(of: pattern, options: .regularExpression) != nil {
                out.append(SensitiveLogFinding(file: file, line: lineNo, what: what))
                break
            }
        }
        return out
    }
}
