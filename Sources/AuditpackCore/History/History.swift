import Foundation
import GRDB

/// One recorded run, as the history keeps it.
public struct HistoryRun: Sendable, Equatable {
    public var id: Int64
    public var date: String
    public var kind: String
    public var counts: [Status: Int]
    public var items: [String: HistoryItem]
}

public struct HistoryItem: Sendable, Equatable {
    public var status: Status
    public var severity: Severity
    public var title: String
    public var message: String
    /// `observed` as JSON text.
    public var observed: String
}

/// Errors of the history database, worded for users (GRDB's own text never reaches them).
public struct HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// The run history: an embedded SQLite database (GRDB) with migrations from the start.
/// Default location `.auditpack/history.sqlite` beside the configuration.
public final class HistoryStore: Sendable {
    public static let defaultRelativePath = ".auditpack/history.sqlite"

    let queue: DatabaseQueue
    public let path: String

    /// Opens (creating when `create`) the database and brings its schema up to date.
    public init(path: String, create: Bool) throws(InputError) {
        self.path = path
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            guard create else { throw InputError(file: path, message: "no history database here") }
            do {
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            } catch {
                throw InputError(file: path, message: "cannot create the history folder (\(error.localizedDescription))")
            }
        }
        do {
            queue = try DatabaseQueue(path: path)
            try Self.migrator.migrate(queue)
        } catch {
            throw InputError(file: path, message: "not a readable auditpack history database (\(Self.describe(error)))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "SQLite error \(e.resultCode.rawValue)" }
        return "\(error)"
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("date", .text).notNull().indexed()
                t.column("kind", .text).notNull()
                t.column("toolVersion", .text).notNull()
                t.column("roots", .text).notNull()
                for s in Status.allCases { t.column("n_" + s.rawValue, .integer).notNull().defaults(to: 0) }
            }
            try db.create(table: "itemResult") { t in
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                t.column("itemId", .text).notNull()
                t.column("status", .text).notNull()
                t.column("severity", .text).notNull()
                t.column("title", .text).notNull()
                t.column("message", .text).notNull()
                t.column("observed", .text).notNull()
                t.primaryKey(["runId", "itemId"])
            }
        }
        return m
    }

    /// Records a run. A run of the same kind on the same date replaces the earlier one, so
    /// re-running a review on the same day never doubles it.
    @discardableResult
    public func record(_ r: RunResults, kind: String, scrubber: SecretScrubber) throws(InputError) -> Int64 {
        do {
            return try queue.write { db in
                try db.execute(sql: "DELETE FROM run WHERE date = ? AND kind = ?", arguments: [r.date, kind])
                var columns = ["date", "kind", "toolVersion", "roots"]
                var values: [any DatabaseValueConvertible] = [r.date, kind, AuditpackVersion.current, r.roots.map(\.given).joined(separator: "\n")]
                for s in Status.allCases {
                    columns.append("n_" + s.rawValue)
                    values.append(r.count(s))
                }
                let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
                try db.execute(sql: "INSERT INTO run (\(columns.joined(separator: ", "))) VALUES (\(marks))", arguments: StatementArguments(values))
                let id = db.lastInsertedRowID
                for i in r.items {
                    let observed = scrubber.scrub(String(decoding: (try? JSONEncoder().encode(i.outcome.observed ?? .null)) ?? Data("null".utf8), as: UTF8.self))
                    try db.execute(sql: "INSERT INTO itemResult (runId, itemId, status, severity, title, message, observed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [id, i.id, i.status.rawValue, i.item.severity.rawValue, i.item.title, scrubber.scrub(i.outcome.message), observed])
                }
                return id
            }
        } catch {
            throw InputError(file: path, message: "cannot record the run (\(Self.describe(error)))")
        }
    }

    /// Runs, newest first (`limit` of them), with their item results.
    public func runs(kind: String? = nil, before date: String? = nil, limit: Int = 1000) throws(InputError) -> [HistoryRun] {
        do {
            return try queue.read { db in
                var sql = "SELECT * FROM run"
                var conditions: [String] = []
                var args: [any DatabaseValueConvertible] = []
                if let kind { conditions.append("kind = ?"); args.append(kind) }
                if let date { conditions.append("date < ?"); args.append(date) }
                if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
                sql += " ORDER BY date DESC, id DESC LIMIT ?"
                args.append(limit)
                return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                    let id: Int64 = row["id"]
                    var counts: [Status: Int] = [:]
                    for s in Status.allCases { counts[s] = row["n_" + s.rawValue] }
                    var items: [String: HistoryItem] = [:]
                    for ir in try Row.fetchAll(db, sql: "SELECT * FROM itemResult WHERE runId = ?", arguments: [id]) {
                        guard let st = Status(rawValue: ir["status"]), let sev = Severity(rawValue: ir["severity"]) else { continue }
                        items[ir["itemId"]] = HistoryItem(status: st, severity: sev, title: ir["title"], message: ir["message"], observed: ir["observed"])
                    }
                    return HistoryRun(id: id, date: row["date"], kind: row["kind"], counts: counts, items: items)
                }
            }
        } catch {
            throw InputError(file: path, message: "cannot read the history (\(Self.describe(error)))")
        }
    }
}
