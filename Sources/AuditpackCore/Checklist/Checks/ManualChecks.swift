import Foundation

/// MAN-*: decided by attestations (who, when, note, evidence, expiry).
enum ManualChecks {
    static func evaluate(_ ctx: CheckContext) -> Outcome {
        let maxAge = ctx.intParam("max_age_days", 365)
        // An item that a recorded run can prove (MAN-03: a review within the period).
        if let kind = ctx.param("history_kind")?.stringValue,
           let run = ctx.facts.history.first(where: { $0.kind == kind && $0.date <= ctx.date }),
           let age = DateText.days(from: run.date, to: ctx.date), age <= maxAge {
            return Outcome(.pass, "A \(kind) was recorded on \(run.date) (\(age) day(s) ago, within \(maxAge)); from the run history", observed: .string(run.date),
                           evidence: [EvidenceRef(path: HistoryStore.defaultRelativePath, line: nil, excerpt: "\(kind) run of \(run.date)", sha256: nil)])
        }
        let mine = ctx.facts.attestations.filter { $0.item == ctx.item.id }.sorted { $0.date < $1.date }
        guard let latest = mine.last(where: { $0.date <= ctx.date }) else {
            return Outcome(.manual, "Open: no attestation recorded; record one with auditpack attest \(ctx.item.id) (valid \(maxAge) days)")
        }
        let expires = latest.expires ?? DateText.adding(days: maxAge, to: latest.date) ?? latest.date
        let who = "attested by \(latest.by) on \(latest.date)" + (latest.note.isEmpty ? "" : ": \(latest.note)")
        let evidence = [EvidenceRef(path: AttestationFile.fileName, line: latest.line, excerpt: latest.evidence ?? latest.note, sha256: nil)]
        if expires <= ctx.date {
            return Outcome(.fail, "Attestation expired on \(expires) (\(who))", observed: .string(latest.date), evidence: evidence)
        }
        return Outcome(.pass, "Valid until \(expires): \(who)" + (latest.evidence.map { " (\($0))" } ?? ""), observed: .string(latest.date), evidence: evidence)
    }
}
