import Foundation

/// `auditpack history` and the standalone review record.
public enum HistoryReport {
    public static func table(_ runs: [HistoryRun]) -> String {
        guard !runs.isEmpty else { return "No runs recorded yet.\n" }
        var out = "date        kind     pass fail warn error open  n/a\n"
        for r in runs {
            func n(_ s: Status) -> String { String(r.counts[s] ?? 0).padding(toLength: 5, withPad: " ", startingAt: 0) }
            out += "\(r.date)  \(r.kind.padding(toLength: 8, withPad: " ", startingAt: 0)) \(n(.pass))\(n(.fail))\(n(.warn))\(n(.error))\(n(.manual))\(n(.notApplicable))\n"
        }
        return out
    }

    public static func json(_ runs: [HistoryRun]) -> String {
        JSONOut.render(runs.map { r -> [String: Any] in
            var counts: [String: Int] = [:]
            for s in Status.allCases { counts[s.rawValue] = r.counts[s] ?? 0 }
            let failing = r.items.filter { $0.value.status == .fail || $0.value.status == .error }.keys.sorted()
            return ["date": r.date, "kind": r.kind, "summary": counts, "failing": failing]
        })
    }
}

/// The review record written by `auditpack review`: the review template, standalone.
public struct ReviewRecord: Sendable {
    /// Ends every review record auditpack writes, so a later run knows it may replace it.
    public static let markdownMarker = "<!-- written by auditpack review -->"

    public var markdown: String
    public var html: String
    public var delta: ReviewDelta

    public static func render(session: Session, renderer: Renderer) throws(InputError) -> ReviewRecord {
        let ctx = DocumentContext(results: session.results, config: session.config, facts: session.facts, evidenceCopies: [:])
        let dict = ctx.dictionary()
        return ReviewRecord(markdown: try renderer.render("review.md", dict) + "\n" + markdownMarker + "\n",
                            html: try renderer.renderPage("review.html", title: "Review Record \(session.results.date)", context: dict),
                            delta: ctx.delta)
    }
}
