import Foundation

/// The human view of `check`: grouped by area, one line per item, a summary line. Colour
/// only when asked (the CLI asks on a terminal without NO_COLOR).
public enum TableReport {
    static func colour(_ s: Status) -> String {
        switch s {
        case .pass: return "\u{1B}[32m"
        case .fail: return "\u{1B}[31m"
        case .warn: return "\u{1B}[33m"
        case .error: return "\u{1B}[35m"
        case .manual: return "\u{1B}[34m"
        case .notApplicable: return "\u{1B}[2m"
        case .waived: return "\u{1B}[36m"
        }
    }

    /// Terminal-safe: control characters in scanned text cannot move the cursor or recolour.
    static func clean(_ s: String) -> String { Escape.terminal(s) }

    public static func render(_ r: RunResults, color: Bool, width: Int = 120) -> String {
        var out = ""
        for (code, name) in r.checklist.areas {
            let items = r.items.filter { $0.item.area == code }
            guard !items.isEmpty else { continue }
            out += "\(name)\n"
            for i in items {
                let label = i.status.label.padding(toLength: max(5, i.status.label.count), withPad: " ", startingAt: 0)
                let badge = color ? colour(i.status) + label + "\u{1B}[0m" : label
                var msg = clean(i.outcome.message)
                let room = max(20, width - 40 - i.item.title.count)
                if msg.count > room { msg = String(msg.prefix(room - 1)) + "…" }
                out += "  \(badge) \(i.id.padding(toLength: 7, withPad: " ", startingAt: 0)) \(i.item.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(i.item.title) — \(msg)\n"
            }
        }
        out += "\n\(r.count(.pass)) pass, \(r.count(.fail)) fail, \(r.count(.warn)) warn, \(r.count(.error)) error, \(r.count(.manual)) open manual, \(r.count(.notApplicable)) not applicable"
        if r.count(.waived) > 0 { out += ", \(r.count(.waived)) waived" }
        if !r.parseIssues.isEmpty { out += "; \(r.parseIssues.count) parse issue(s)" }
        return out + "\n"
    }
}
