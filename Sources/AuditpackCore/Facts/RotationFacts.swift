import Foundation

/// A logrotate block with the settings in effect for it (globals before it, then its own).
public struct LogrotateBlock: Sendable, Equatable {
    public enum Period: String, Sendable {
        case hourly, daily, weekly, monthly, yearly

        public var days: Double {
            switch self {
            case .hourly: return 1.0 / 24
            case .daily: return 1
            case .weekly: return 7
            case .monthly: return 31
            case .yearly: return 365
            }
        }
    }

    public struct Create: Sendable, Equatable {
        public var mode: UInt32?
        public var owner: String?
        public var group: String?
        public var line: Int
        /// The file the directive is in, when it is not the block's own (a global set in an
        /// including or earlier included file).
        public var file: String?
    }

    public var file: String
    public var line: Int
    /// Patterns as written.
    public var patterns: [String]
    /// Patterns mapped to absolute local paths (through `scan.path_map`), for matching.
    public var localPatterns: [String] = []
    public var rotate: Int = 0
    public var rotateLine: Int?
    /// The file `rotate` was set in, when not the block's own (see `Create.file`).
    public var rotateFile: String?
    public var period: Period?
    public var periodLine: Int?
    public var maxage: Int?
    public var maxageLine: Int?
    public var size: String?
    public var create: Create?
    public var copytruncate = false
    public var compress = false
    public var missingok = false
    public var dateext = false

    /// Days of history this block keeps, as the retention rule computes it: `rotate N` ×
    /// period, capped by `maxage`; nil when not provable (no period, size only).
    public var retentionDays: Double? {
        if rotate < 0 { return maxage.map(Double.init) }
        guard let period else {
            return nil
        }
        let days = Double(rotate) * period.days
        if let maxage { return min(days, Double(maxage)) }
        return days
    }

    /// Text describing the computation, e.g. "weekly × rotate 13 = 91 days".
    public var retentionExplanation: String {
        if rotate < 0 {
            return maxage.map { "rotate -1 (keep all), maxage \($0) = \($0) days" } ?? "rotate -1 (keep all) with no maxage: unbounded"
        }
        guard let period else {
            return "size \(size ?? "1M (logrotate's default when no period is given)") only × rotate \(rotate): proves no number of days"
        }
        var text = "\(period.rawValue) × rotate \(rotate) = \(Self.format(Double(rotate) * period.days)) days"
        if let maxage, Double(maxage) < Double(rotate) * period.days { text += ", capped by maxage \(maxage) = \(maxage) days" }
        return text
    }

    /// logrotate size syntax: 100, 100k, 100M, 1G.
    public static func bytes(_ size: String) -> Int? {
        let s = size.trimmingCharacters(in: .whitespaces)
        guard let last = s.last else { return nil }
        let mult: Int
        switch last {
        case "k", "K": mult = 1024
        case "M": mult = 1024 * 1024
        case "G": mult = 1024 * 1024 * 1024
        default: return Int(s)
        }
        return Int(s.dropLast()).map { $0 * mult }
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() ? String(Int(d)) : String(format: "%.1f", d)
    }
}
