/// Something a parser met and could not understand. Never dropped silently: every
/// ParseIssue reaches `results.json` and the review record.
public struct ParseIssue: Sendable, Hashable, Codable, Comparable {
    /// Path as shown to users: relative to the root it was found under.
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public static func < (a: ParseIssue, b: ParseIssue) -> Bool {
        (a.path, a.line ?? 0, a.message) < (b.path, b.line ?? 0, b.message)
    }

    /// How many issues with the same file and message are listed one by one.
    static let foldAfter = 3

    /// Sorted, each issue once, and the same message in one file listed at most `foldAfter`
    /// times, then folded into one "…and N more" line (a file repeating one bad line
    /// 100,000 times gives four issues, not 100,000).
    public static func normalized(_ issues: [ParseIssue]) -> [ParseIssue] {
        let sorted = Array(Set(issues)).sorted()
        let out = sorted
        var byKey: [String: [Int]] = [:]
        for (n, issue) in out.enumerated() { byKey[issue.path + "\u{0}" + issue.message, default: []].append(n) }
        var drop = Set<Int>()
        var extra: [ParseIssue] = []
        for (_, positions) in byKey where positions.count > foldAfter {
            let rest = positions.dropFirst(foldAfter)
            drop.formUnion(rest)
            let first = out[positions[0]]
            let lines = rest.compactMap { out[$0].line }
            let span = lines.isEmpty ? "" : " (lines \(lines.min()!)–\(lines.max()!))"
            extra.append(ParseIssue(path: first.path, line: out[positions[foldAfter - 1]].line,
                                    message: "…and \(rest.count) more like it\(span): \(first.message)"))
        }
        if drop.isEmpty { return out }
        return (out.enumerated().filter { !drop.contains($0.offset) }.map(\.element) + extra).sorted()
    }
}

/// A path named in a file, with the file and line naming it.
public struct PathRef: Sendable, Equatable, Hashable {
    public var path: String
    public var file: String
    public var line: Int

    public init(path: String, file: String, line: Int) {
        self.path = path
        self.file = file
        self.line = line
    }
}

/// Where a fact comes from.
public struct SourceRef: Sendable, Hashable, Codable, Comparable {
    public var path: String
    public var line: Int?

    public init(path: String, line: Int?) {
        self.path = path
        self.line = line
    }

    public var description: String { line.map { "\(path):\($0)" } ?? path }

    public static func < (a: SourceRef, b: SourceRef) -> Bool {
        (a.path, a.line ?? 0) < (b.path, b.line ?? 0)
    }
}
