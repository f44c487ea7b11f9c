import Foundation

/// What changed since the previous recorded run: the heart of the weekly review record.
public struct ReviewDelta: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var id: String
        public var title: String
        public var severity: String
        public var before: String
        public var after: String
        public var beforeObserved: String
        public var afterObserved: String
        public var message: String
    }

    public struct Standing: Sendable, Equatable {
        public var id: String
        public var title: String
        public var severity: String
        public var status: String
        public var since: String
        public var weeks: Int
        public var message: String
    }

    public struct Expiring: Sendable, Equatable {
        public var item: String
        public var by: String
        public var expires: String
    }

    public var previousDate: String?
    public var newFailures: [Change] = []
    public var resolved: [Change] = []
    public var unchanged: [Standing] = []
    /// Items waived by an exception, with the date the waiver began (never "resolved").
    public var waived: [Standing] = []
    public var expiring: [Expiring] = []

    static func failing(_ s: Status) -> Bool { s == .fail || s == .error }

    /// `history`: earlier runs, newest first.
    public static func compute(current r: RunResults, history: [HistoryRun], attestations: [Attestation], periodDays: Int) -> ReviewDelta {
        var delta = ReviewDelta(previousDate: history.first?.date)
        let previous = history.first
        for i in r.items {
            let before = previous?.items[i.id]
            let observed = String(decoding: (try? JSONEncoder().encode(i.outcome.observed ?? .null)) ?? Data(), as: UTF8.self)
            if i.status == .waived {
                var since = r.date
                for run in history {
                    guard let h = run.items[i.id], h.status == .waived else { break }
                    since = run.date
                }
                let days = DateText.days(from: since, to: r.date) ?? 0
                delta.waived.append(Standing(id: i.id, title: i.item.title, severity: i.item.severity.rawValue, status: i.status.rawValue,
                                             since: since, weeks: days / 7, message: i.outcome.message))
                continue
            }
            let change = Change(id: i.id, title: i.item.title, severity: i.item.severity.rawValue, before: before?.status.rawValue ?? "none",
                                after: i.status.rawValue, beforeObserved: before?.observed ?? "", afterObserved: observed, message: i.outcome.message)
            switch (before.map { failing($0.status) } ?? false, failing(i.status)) {
            case (false, true):
                delta.newFailures.append(change)
            case (true, false):
                delta.resolved.append(change)
            case (true, true):
                // The failing streak runs back through consecutive earlier runs.
                var since = previous!.date
                for run in history.dropFirst() {
                    guard let h = run.items[i.id], failing(h.status) else { break }
                    since = run.date
                }
                let days = DateText.days(from: since, to: r.date) ?? 0
                delta.unchanged.append(Standing(id: i.id, title: i.item.title, severity: i.item.severity.rawValue, status: i.status.rawValue, since: since, weeks: days / 7, message: i.outcome.message))
            case (false, false):
                break
            }
        }
        let horizon = DateText.adding(days: periodDays, to: r.date) ?? r.date
        for item in r.checklist.items where item.check == "manual" {
            guard let latest = attestations.filter({ $0.item == item.id && $0.date <= r.date }).max(by: { $0.date < $1.date }) else { continue }
            let maxAge = item.params["max_age_days"]?.intValue ?? 365
            let expires = latest.expires ?? DateText.adding(days: maxAge, to: latest.date) ?? latest.date
            if expires > r.date && expires <= horizon { delta.expiring.append(Expiring(item: item.id, by: latest.by, expires: expires)) }
        }
        return delta
    }

    public var summary: String {
        guard let p = previousDate else { return "No previous run is recorded: this is the first review in the history." }
        return "Compared with the run of \(p): \(newFailures.count) new failure(s), \(resolved.count) resolved, \(unchanged.count) unchanged"
            + (waived.isEmpty ? "." : ", \(waived.count) waived.")
    }
}

/// Days in one review period.
public enum ReviewFrequency {
    public static func days(_ frequency: String) -> Int {
        switch frequency {
        case "daily": return 1
        case "monthly": return 31
        default: return 7
        }
    }
}
