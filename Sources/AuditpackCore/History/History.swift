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

    let queue: any DatabaseWriter
    public let path: String

    /// How long a run waits for another run holding the database (seconds).
    static let busyTimeout: TimeInterval = 60

    /// Opens (creating when `create`) the database and brings its schema up to date. Several
    /// runs may share one database at once (weekly jobs overlapping, a fleet merging while
    /// hosts report): it is opened in WAL mode and a writer waits for another instead of
    /// failing. A bare file name is taken in the current folder; a symbolic link that leads
    /// nowhere, or a folder, is refused.
    /// `readOnly`: only read (packet's trend, `history`, MAN-03): the file is opened read-only
    /// and never migrated, so a database that is not auditpack's is refused, not changed.
    public init(path given: String, create: Bool, readOnly: Bool = false) throws(InputError) {
        let path = given.contains("/") ? given : "./" + given
        self.path = path
        if let st = SafeFile.lstat(path) {
            if st.isLink, SafeFile.statFollowing(path) == nil {
                throw InputError(file: given, message: "history database is a symbolic link to \(Discovery.linkTarget(path)), which does not exist; refusing to create a file through it")
            }
            if st.isDir { throw InputError(file: given, message: "history database path is a folder; give a file such as \(given)/history.sqlite") }
        } else {
            guard create else { throw InputError(file: given, message: "no history database here") }
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            } catch {
                throw InputError(file: given, message: "cannot create the history folder (\(error.localizedDescription))")
            }
            try Self.createMigrated(at: path, given: given)
        }
        var config = Configuration()
        config.busyMode = .timeout(Self.busyTimeout)
        let existed = SafeFile.statFollowing(path).map { $0.size > 0 } ?? false
        if SafeFile.statFollowing(path)?.size == 0 {
            throw InputError(file: given, message: "is an empty file, not an auditpack history database; refusing to turn it into one (give a new file name)")
        }
        // An existing file must already be auditpack's history: it is looked at read-only
        // first, so someone else's database is never migrated (nor switched to WAL).
        if existed || readOnly {
            var look = config
            look.readonly = true
            let reader: DatabaseQueue
            do { reader = try DatabaseQueue(path: path, configuration: look) } catch {
                throw InputError(file: given, message: "not a readable auditpack history database (\(Self.describe(error)))")
            }
            let ours = (try? reader.read { db in
                try db.tableExists("grdb_migrations") && db.tableExists("run") && db.tableExists("itemResult")
                    && (try String.fetchOne(db, sql: "SELECT identifier FROM grdb_migrations WHERE identifier = 'v1'")) != nil
            }) ?? false
            guard ours else {
                throw InputError(file: given, message: "is not an auditpack history database (no run history tables); refusing to change it")
            }
            if readOnly {
                queue = reader
                return
            }
        }
        do {
            queue = try DatabasePool(path: path, configuration: config)
        } catch {
            throw InputError(file: given, message: "not a readable auditpack history database (\(Self.describe(error)))")
        }
        // Two runs creating the database at once both see it unmigrated; the one that loses
        // the race finds the schema made by the other when it tries again.
        var attempt = 0
        while true {
            do {
                try Self.migrator.migrate(queue)
                break
            } catch {
                attempt += 1
                if attempt < 20 { usleep(50_000); continue }
                throw InputError(file: given, message: "not a readable auditpack history database (\(Self.describe(error)))")
            }
        }
    }

    /// A new database appears only whole: it is created and migrated under a temporary
    /// name, then linked into place (`link` fails when another run was first: theirs is used).
    /// So a file at the path is always an auditpack history, never a half-made one.
    static func createMigrated(at path: String, given: String) throws(InputError) {
        let tmp = OutputGuard.temporaryName(beside: path, suffix: "new")
        defer { unlink(tmp); unlink(tmp + "-wal"); unlink(tmp + "-shm"); unlink(tmp + "-journal") }
        do {
            let q = try DatabaseQueue(path: tmp)
            try migrator.migrate(q)
            try q.close()
        } catch {
            throw InputError(file: given, message: "cannot create the history database (\(describe(error)))")
        }
        if link(tmp, path) != 0 && errno != EEXIST {
            throw InputError(file: given, message: "cannot create the history database (\(String(cString: strerror(errno))))")
        }
    }

    /// Fails unless a run could be recorded now (the database is writable and not held).
    public func checkWritable() throws(InputError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            // A write transaction takes the database's write lock (waiting out other runs).
            try queue.write { db in try db.execute(sql: "DELETE FROM run WHERE 0") }
            guard access(path, W_OK) == 0, access(folder.isEmpty ? "." : folder, W_OK) == 0 else {
                throw InputError(file: path, message: "not writable")
            }
        } catch {
            throw InputError(file: path, message: "the history database cannot be written (\(Self.describe(error))); nothing was written. \(Self.heldAdvice)")
        }
    }

    static let heldAdvice = "If another auditpack run holds it for over a minute, wait for that run to end or give --history another file"

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
                // Frozen: the statuses of v1 (later ones come by migration).
                for s in ["pass", "fail", "warn", "error", "manual", "not_applicable"] { t.column("n_" + s, .integer).notNull().defaults(to: 0) }
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
        // Exceptions: a waived item is counted on its own.
        m.registerMigration("v2") { db in
            try db.alter(table: "run") { t in t.add(column: "n_waived", .integer).notNull().defaults(to: 0) }
        }
        return m
    }

    /// Records a run. A run of the same kind on the same date replaces the earlier one, so
    /// re-running a review on the same day never doubles it.
    @discardableResult
    /// `r` comes from `Auditpack.run`, whose quoted scanned text is already redacted.
    public func record(_ r: RunResults, kind: String) throws(InputError) -> Int64 {
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
                    let observed = String(decoding: (try? JSONEncoder().encode(i.outcome.observed ?? .null)) ?? Data("null".utf8), as: UTF8.self)
                    try db.execute(sql: "INSERT INTO itemResult (runId, itemId, status, severity, title, message, observed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [id, i.id, i.status.rawValue, i.item.severity.rawValue, i.item.title, i.outcome.message, observed])
                }
                return id
            }
        } catch {
            throw InputError(file: path, message: "cannot record the run (\(Self.describe(error))). \(Self.heldAdvice)")
        }
    }

    /// Records statuses read from elsewhere (a fleet's per-target packets): one run of `kind`
    /// (e.g. `fleet:db-3`) on `date`, replacing one of the same kind and date.
    @discardableResult
    public func record(date: String, kind: String, roots: String, items: [(id: String, status: Status, severity: Severity, title: String, message: String)]) throws(InputError) -> Int64 {
        do {
            return try queue.write { db in
                try db.execute(sql: "DELETE FROM run WHERE date = ? AND kind = ?", arguments: [date, kind])
                var columns = ["date", "kind", "toolVersion", "roots"]
                var values: [any DatabaseValueConvertible] = [date, kind, AuditpackVersion.current, roots]
                for s in Status.allCases {
                    columns.append("n_" + s.rawValue)
                    values.append(items.filter { $0.status == s }.count)
                }
                let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
                try db.execute(sql: "INSERT INTO run (\(columns.joined(separator: ", "))) VALUES (\(marks))", arguments: StatementArguments(values))
                let id = db.lastInsertedRowID
                for i in items {
                    try db.execute(sql: "INSERT INTO itemResult (runId, itemId, status, severity, title, message, observed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [id, i.id, i.status.rawValue, i.severity.rawValue, i.title, i.message, "null"])
                }
                return id
            }
        } catch {
            throw InputError(file: path, message: "cannot record the run (\(Self.describe(error))). \(Self.heldAdvice)")
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
