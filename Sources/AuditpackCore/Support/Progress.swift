import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Progress on stderr for long work: only when stderr is a terminal, only once the work has
/// taken more than a second, at most five updates a second, and the line is cleared at the
/// end. Silent when stderr is a pipe or file (CI logs stay clean) or `AUDITPACK_NO_PROGRESS`
/// is set. Safe to feed from many threads.
public final class ProgressMeter: Sendable {
    struct State {
        var done: Int64 = 0
        var items = 0
        var lastPrint: Double = 0
        var printed = false
    }

    let label: String
    let total: Int64?
    let unit: String
    let started: Double
    /// Seconds of work before the first update (`AUDITPACK_PROGRESS_AFTER`, default 1).
    let delay: Double
    let state = Mutex(State())

    /// nil unless stderr is a terminal.
    public static func forTerminal(_ label: String, total: Int64? = nil, unit: String = "files",
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressMeter? {
        guard isatty(STDERR_FILENO) == 1, environment["AUDITPACK_NO_PROGRESS"] == nil else { return nil }
        let delay = environment["AUDITPACK_PROGRESS_AFTER"].flatMap(Double.init) ?? 1
        return ProgressMeter(label: label, total: total, unit: unit, delay: delay)
    }

    init(label: String, total: Int64?, unit: String, delay: Double = 1) {
        self.label = Escape.terminal(label)
        self.total = total
        self.unit = unit
        self.delay = delay
        self.started = Self.now()
    }

    /// Adds `amount` (bytes or files) done.
    public func add(_ amount: Int) {
        let t = Self.now()
        let line: String? = state.withLock { s in
            s.done += Int64(amount)
            guard t - started >= delay, t - s.lastPrint > 0.2 else { return nil }
            s.lastPrint = t
            s.printed = true
            return render(s.done, elapsed: t - started)
        }
        if let line { write("\r\u{1B}[K" + line) }
    }

    /// Clears the progress line, if one was shown.
    public func finish() {
        let printed = state.withLock { s in
            defer { s.printed = false }
            return s.printed
        }
        if printed { write("\r\u{1B}[K") }
    }

    func render(_ done: Int64, elapsed: Double) -> String {
        let secs = String(format: "%.0fs", elapsed)
        if let total, total > 0, unit == "bytes" {
            let pct = Int(min(100, done * 100 / total))
            return "auditpack: \(label): \(pct)% (\(done >> 20) of \(total >> 20) MiB, \(secs))"
        }
        if unit == "bytes" { return "auditpack: \(label): \(done >> 20) MiB (\(secs))" }
        return "auditpack: \(label): \(done) \(unit) (\(secs))"
    }

    func write(_ text: String) {
        text.utf8CString.withUnsafeBufferPointer { p in _ = Glibc.write(STDERR_FILENO, p.baseAddress, p.count - 1) }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
