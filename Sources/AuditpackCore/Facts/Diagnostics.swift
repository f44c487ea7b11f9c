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
