import Foundation

/// INT-01, INT-02: tamper evidence.
enum IntegrityChecks {
    static let all: [String: CheckFunction] = [
        "tamper_evidence": tamperEvidence,
        "hashed_logs": hashedLogs,
    ]

    static let words = ["hash", "chain", "sign", "hmac", "integrity", "tamper", "merkle"]

    static func tamperEvidence(_ ctx: CheckContext) -> Outcome {
        var found: [String] = [], evidence: [EvidenceRef] = []
        for s in ctx.facts.logging {
            for h in s.handlers {
                let cls = (h.className ?? "").lowercased()
                if words.contains(where: { cls.split(separator: ".").last?.contains($0) == true }) {
                    found.append("handler '\(h.name)' (\(h.className ?? "")) at \(s.fileOf(h)):\(h.line)")
                    evidence.append(ctx.cite(s.fileOf(h), h.line))
                }
            }
        }
        for log in ctx.facts.hashedLogs { found.append("\(log.format.rawValue) log \(log.path)") }
        for j in ctx.facts.journald where j.seal == true {
            found.append("journald Seal=yes (\(j.file):\(j.lines["Seal"] ?? 0))")
            evidence.append(ctx.cite(j.file, j.lines["Seal"]))
        }
        if !found.isEmpty {
            return Outcome(.pass, "Tamper evidence is in place: " + found.joined(separator: "; "), observed: .int(found.count), evidence: evidence)
        }
        return ctx.guardPending(Outcome(.fail, "No tamper-evidence mechanism found (hashing/chaining handler, hash-suffixed logs, journald Seal=yes); expected one", observed: .int(0)),
                                kinds: [])
    }

    static func hashedLogs(_ ctx: CheckContext) -> Outcome {
        let logs = ctx.facts.hashedLogs
        guard !logs.isEmpty else {
            return Outcome(.notApplicable, "No hash-suffixed (message|HASH=<sha256>) or hash-chained (message|CHAIN=<sha256>) log was found")
        }
        // Bad lines in a file that changed under the reader (truncated mid-read) are not proof
        // of tampering: such files are reported as not verified (below), not as tampered.
        let bad = logs.filter { $0.bad > 0 && !$0.changedWhileReading }
        let lines = logs.reduce(0) { $0 + $1.lines }
        if !bad.isEmpty {
            let text = bad.map(\.summary)
            return Outcome(.fail, "Tampering detected: " + text.joined(separator: "; "), observed: .int(bad.reduce(0) { $0 + $1.bad }),
                           evidence: bad.map { EvidenceRef(path: $0.path, line: $0.firstBadLine, excerpt: "", sha256: nil) })
        }
        // A chained file whose line 1 does not chain from the genesis value continues an
        // earlier file: lines removed before it cannot be ruled out from this file alone.
        let anchored = logs.filter(\.anchoredMidChain)
        let unsure = logs.filter { $0.incompleteLastLine || $0.changedWhileReading }
        if !unsure.isEmpty {
            return Outcome(.warn, "Every complete line verifies, but: " + unsure.map(\.summary).joined(separator: "; "),
                           observed: .int(unsure.count), evidence: unsure.map { EvidenceRef(path: $0.path, line: nil, excerpt: "", sha256: nil) })
        }
        if !anchored.isEmpty {
            return Outcome(.warn, "Every line verifies, but the chain of " + anchored.map(\.path).joined(separator: ", ")
                           + " starts mid-stream (line 1 not chained from the genesis value): lines removed before it cannot be ruled out; verify the rotated files oldest first (auditpack verify-logs OLDEST … NEWEST)",
                           observed: .int(anchored.count), evidence: anchored.map { EvidenceRef(path: $0.path, line: 1, excerpt: "", sha256: nil) })
        }
        return Outcome(.pass, "\(logs.count) hashed log(s), \(lines) line(s), all verify: " + logs.map(\.summary).joined(separator: "; "), observed: .int(0),
                       evidence: logs.map { EvidenceRef(path: $0.path, line: nil, excerpt: "\($0.lines) lines verified (\($0.format.rawValue))", sha256: nil) })
    }
}
