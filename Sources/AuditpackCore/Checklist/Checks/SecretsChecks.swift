import Foundation

/// SEC-01, SEC-02: secrets in configs and sensitive data in logs.
enum SecretsChecks {
    static let all: [String: CheckFunction] = [
        "plaintext_secrets": plaintextSecrets,
        "sensitive_logging": sensitiveLogging,
    ]

    static func plaintextSecrets(_ ctx: CheckContext) -> Outcome {
        let secrets = ctx.facts.secrets
        guard !ctx.facts.configs.isEmpty else { return Outcome(.notApplicable, "No config file was scanned") }
        if !secrets.isEmpty {
            // Only kind, key, location and fingerprint: never the value.
            // The message names the first 50; every one is cited as evidence and listed in details.
            let text = secrets.map { "\($0.kind) in '\($0.key)' at \($0.file):\($0.line) (fingerprint \($0.fingerprint))" }
            let shown = text.prefix(50).joined(separator: "; ") + (text.count > 50 ? "; …and \(text.count - 50) more (see details)" : "")
            return Outcome(.fail, "\(secrets.count) plaintext secret(s): " + shown + "; expected secrets from the environment or a secrets manager",
                           observed: .int(secrets.count), evidence: secrets.map { ctx.cite($0.file, $0.line) }, details: text.count > 50 ? text : [])
        }
        return Outcome(.pass, "No plaintext secret in \(ctx.facts.configs.count) scanned config file(s)", observed: .int(0))
    }

    static func sensitiveLogging(_ ctx: CheckContext) -> Outcome {
        let findings = ctx.facts.sensitiveLogging
        if !findings.isEmpty {
            return Outcome(.warn, "\(findings.count) logging call(s) may log sensitive data: " + findings.map { "\($0.what) at \($0.file):\($0.line)" }.joined(separator: "; "),
                           observed: .int(findings.count), evidence: findings.map { EvidenceRef(path: $0.file, line: $0.line, excerpt: $0.what, sha256: nil) })
        }
        return Outcome(.pass, "No logging of request bodies, passwords or authorization headers found in scanned code", observed: .int(0))
    }
}
