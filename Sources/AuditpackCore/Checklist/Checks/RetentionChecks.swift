import Foundation

/// A log stream: one file path that a handler writes, a logrotate block covers, or a log
/// folder holds, with every rotation layer that applies to it.
struct LogStream {
    enum Retention: Equatable {
        case days(Double)
        case unprovable(String)
        case unbounded
    }

    var display: String
    /// Absolute local path (or glob for a block that matched no known file).
    var key: String
    var handlers: [(setup: LoggingSetup, handler: LogHandler)] = []
    var blocks: [LogrotateBlock] = []
    var onDisk = false
    /// An absolute path outside every scanned root: its file, and any logrotate config on
    /// that machine, were not seen.
    var outside = false

    /// Each layer's retention with its explanation and citation.
    var layers: [(Retention, String, SourceRef)] {
        var out: [(Retention, String, SourceRef)] = []
        for (s, h) in handlers {
            let ref = SourceRef(path: s.fileOf(h), line: h.line)
            guard case .file(_, let rotation) = h.destination else { continue }
            switch rotation {
            case .size(let maxBytes, let backups):
                out.append((.unprovable("size"), "\(h.className ?? "RotatingFileHandler") maxBytes \(maxBytes.map(String.init) ?? "?") × backupCount \(backups.map(String.init) ?? "0"): size-based, proves no number of days", ref))
            case .timed(let when, let interval, let backups):
                let unit = Self.whenDays(when)
                if backups <= 0 {
                    out.append((.unbounded, "TimedRotatingFileHandler when=\(when) backupCount=0: keeps every file", ref))
                } else if let unit {
                    let days = Double(backups) * unit * Double(max(interval, 1))
                    out.append((.days(days), "TimedRotatingFileHandler when=\(when) interval=\(interval) × backupCount \(backups) = \(LogrotateBlock.format(days)) days", ref))
                } else {
                    out.append((.unprovable("when"), "TimedRotatingFileHandler when=\(when) is not a valid interval", ref))
                }
            case .history(let days, let explanation):
                // An infinite history is a rolling scheme that deletes nothing.
                out.append((days.map { $0.isInfinite ? .unbounded : .days($0) } ?? .unprovable("history"), explanation, ref))
            case .none, .watched:
                break
            }
        }
        for b in blocks {
            let ref = b.rotateLine != nil ? SourceRef(path: b.rotateFile ?? b.file, line: b.rotateLine) : SourceRef(path: b.file, line: b.line)
            if let d = b.retentionDays {
                out.append((.days(d), "logrotate \(b.retentionExplanation)", ref))
            } else if b.rotate < 0 {
                out.append((.unbounded, "logrotate \(b.retentionExplanation)", ref))
            } else {
                out.append((.unprovable("logrotate"), "logrotate \(b.retentionExplanation)", ref))
            }
        }
        return out
    }

    var effective: Retention {
        let ls = layers.map(\.0)
        if let u = ls.first(where: { if case .unprovable = $0 { return true } else { return false } }) { return u }
        let days = ls.compactMap { r -> Double? in if case .days(let d) = r { return d } else { return nil } }
        if let m = days.min() { return .days(m) }
        return .unbounded
    }

    var rotated: Bool {
        !blocks.isEmpty || handlers.contains { (_, h) in
            if case .file(_, let r) = h.destination, r != .none && r != .watched { return true }
            return false
        }
    }

    /// Days per rotation of a TimedRotatingFileHandler `when` (interval 1).
    static func whenDays(_ when: String) -> Double? {
        let w = when.uppercased()
        switch w {
        case "S": return 1.0 / 86400
        case "M": return 1.0 / 1440
        case "H": return 1.0 / 24
        case "D", "MIDNIGHT": return 1
        default:
            if w.count == 2, w.hasPrefix("W"), let d = Int(w.dropFirst()), (0...6).contains(d) { return 7 }
            return nil
        }
    }

    static func build(_ facts: Facts, localPath: (String) -> String?) -> [LogStream] {
        var streams: [String: LogStream] = [:]
        for s in facts.logging {
            for h in s.handlers {
                guard case .file(let path, _) = h.destination else { continue }
                let raw = path.stringValue ?? path.display
                let local = raw.hasPrefix("/") ? localPath(raw) : nil
                let key = local ?? raw
                streams[key, default: LogStream(display: facts.display(key), key: key)].handlers.append((s, h))
                if raw.hasPrefix("/") && local == nil { streams[key]!.outside = true }
            }
        }
        for dir in facts.logDirs {
            for name in dir.activeLogs {
                let key = dir.absPath + "/" + name
                streams[key, default: LogStream(display: facts.display(key), key: key)].onDisk = true
            }
        }
        // Each pattern of a block: the known streams it covers, else a stream of its own
        // (`/var/log/syslog` is a log without a .log name).
        for block in facts.logrotate {
            for (pattern, local) in zip(block.patterns, block.localPatterns) {
                var matched = false
                for key in streams.keys where fnmatch(local, key, FNM_PATHNAME | FNM_PERIOD) == 0 {
                    matched = true
                    if !streams[key]!.blocks.contains(where: { $0.file == block.file && $0.line == block.line }) { streams[key]!.blocks.append(block) }
                }
                if !matched {
                    var st = LogStream(display: local == pattern ? pattern : facts.display(local), key: local)
                    st.blocks.append(block)
                    streams[local] = st
                }
            }
        }
        return streams.values.sorted { $0.display < $1.display }
    }
}

/// RET-01 … RET-04: retention, rotation and disposal.
enum RetentionChecks {
    static let all: [String: CheckFunction] = [
        "retention": retention,
        "rotation_coverage": coverage,
        "history_on_disk": historyOnDisk,
        "disposal": disposal,
    ]

    /// A pass here rests on every application logging config and every logrotate file.
    static let pendingKinds: [FileKind] = FileKind.appLogging + [.logrotate]

    static func streams(_ ctx: CheckContext) -> [LogStream] {
        ctx.facts.logStreams ?? LogStream.build(ctx.facts, localPath: ctx.facts.localPath)
    }

    static func chain(_ s: LogStream) -> String {
        let layers = s.layers
        let note = s.outside ? " [not scanned: \(NotScanned.advice)]" : ""
        if layers.isEmpty { return "\(s.display): not rotated (kept until the disk fills)" + note }
        return "\(s.display): " + layers.map { "\($0.1) (\($0.2.description))" }.joined(separator: "; ") + note
    }

    static func retention(_ ctx: CheckContext) -> Outcome {
        let minDays = Double(ctx.intParam("min_days", 90))
        let all = streams(ctx)
        guard !all.isEmpty else {
            return ctx.guardPending(Outcome(.notApplicable, "No file log stream found (no file handler, logrotate block or log folder)"), kinds: pendingKinds)
        }
        var short: [String] = [], unprovable: [String] = [], evidence: [EvidenceRef] = []
        var minimum: Double?
        for s in all {
            for l in s.layers { evidence.append(ctx.cite(l.2.path, l.2.line)) }
            switch s.effective {
            case .days(let d):
                minimum = min(minimum ?? d, d)
                if d < minDays { short.append(chain(s)) }
            case .unprovable:
                unprovable.append(chain(s))
            case .unbounded:
                break
            }
        }
        let details = all.map(chain)
        let observed: ConfigValue = minimum.map { $0 == $0.rounded() ? .int(Int($0)) : .double($0) } ?? .null
        if !short.isEmpty || !unprovable.isEmpty {
            var parts: [String] = []
            if !short.isEmpty { parts.append("shorter than \(Int(minDays)) days: " + short.joined(separator: "; ")) }
            if !unprovable.isEmpty { parts.append("not provable: " + unprovable.joined(separator: "; ")) }
            return Outcome(.fail, "Retention below the policy's \(Int(minDays)) days — " + parts.joined(separator: " — "), observed: observed, evidence: evidence, details: details)
        }
        let text = minimum.map { "at least \(LogrotateBlock.format($0)) days" } ?? "unbounded (never rotated away)"
        return ctx.guardPending(Outcome(.pass, "Every file log stream keeps \(text); policy: \(Int(minDays)) days", observed: observed, evidence: evidence, details: details),
                                kinds: pendingKinds)
    }

    static func coverage(_ ctx: CheckContext) -> Outcome {
        let all = streams(ctx).filter { !$0.handlers.isEmpty || $0.onDisk }
        guard !all.isEmpty else { return ctx.guardPending(Outcome(.notApplicable, "No file log written by a handler or found in a log folder"), kinds: pendingKinds) }
        // A log outside the scanned roots may be rotated by a logrotate config there, which
        // was not seen: it is "not verified", never "unrotated" and never a pass.
        let unrotated = all.filter { !$0.rotated && !$0.outside }
        let unverified = all.filter { !$0.rotated && $0.outside }
        var evidence: [EvidenceRef] = []
        for s in all { for (setup, h) in s.handlers { evidence.append(ctx.cite(setup.fileOf(h), h.line)) } }
        func names(_ streams: [LogStream]) -> String {
            streams.map { s -> String in
                let writer = s.handlers.first.map { " (handler '\($0.handler.name)', \($0.setup.fileOf($0.handler)):\($0.handler.line))" } ?? " (found on disk)"
                return s.display + writer
            }.joined(separator: ", ")
        }
        let notVerified = unverified.isEmpty ? "" : "; not verified, \(unverified.count) log file(s) \(NotScanned.advice): " + names(unverified)
        if !unrotated.isEmpty {
            return Outcome(.fail, "\(unrotated.count) of \(all.count) log file(s) are not rotated by a handler or a logrotate block: " + names(unrotated) + notVerified,
                           observed: .int(unrotated.count), evidence: evidence, details: all.map(RetentionChecks.chain))
        }
        if !unverified.isEmpty {
            return Outcome(.warn, "Rotation not verified for \(unverified.count) of \(all.count) log file(s): they lie \(NotScanned.advice), where a logrotate config may cover them: " + names(unverified),
                           observed: .int(unverified.count), evidence: evidence, details: all.map(RetentionChecks.chain))
        }
        let blocks = Set(all.flatMap { $0.blocks.map { "\($0.file):\($0.line)" } }).sorted()
        for b in ctx.facts.logrotate { evidence.append(ctx.cite(b.file, b.line)) }
        return ctx.guardPending(Outcome(.pass, "All \(all.count) log file(s) are rotated" + (blocks.isEmpty ? " by their handlers" : " (logrotate: \(blocks.joined(separator: ", ")))"),
                                        observed: .int(0), evidence: evidence, details: all.map(RetentionChecks.chain)), kinds: pendingKinds)
    }

    static func historyOnDisk(_ ctx: CheckContext) -> Outcome {
        let minDays = Double(ctx.intParam("min_days", 90))
        let dirs = ctx.facts.logDirs.filter { $0.fileCount > 0 }
        guard !dirs.isEmpty else { return Outcome(.notApplicable, "No log folder with files was scanned") }
        let now = (DateText.parse(ctx.date) ?? Date()).timeIntervalSince1970 + 86400
        var warns: [String] = [], details: [String] = []
        for d in dirs {
            let oldest = d.oldestMtime.map { (now - $0) / 86400 } ?? 0
            let oldestRotated = d.oldestRotatedMtime.map { (now - $0) / 86400 }
            let text = "\(d.displayPath): oldest file \(age(oldest)), oldest rotated file \(oldestRotated.map(age) ?? "none")"
            details.append(text)
            if let r = oldestRotated, r >= minDays { continue }
            if oldest < minDays { continue }  // a system younger than the policy period
            warns.append(text)
        }
        if !warns.isEmpty {
            return Outcome(.warn, "History on disk is shorter than the policy's \(Int(minDays)) days although the logs are older: " + warns.joined(separator: "; "),
                           observed: .int(warns.count), details: details)
        }
        return Outcome(.pass, "History on disk matches the policy's \(Int(minDays)) days, or the system is younger than that: " + details.joined(separator: "; "),
                       observed: .int(0), details: details)
    }

    /// "N days old", or for a file dated after the run date (a clock ahead, or `--date` in
    /// the past) that, never a negative age.
    static func age(_ days: Double) -> String {
        days >= 0 ? "\(Int(days.rounded(.down))) days old" : "dated after the run date (by \(Int((-days).rounded(.up))) day(s))"
    }

    static func disposal(_ ctx: CheckContext) -> Outcome {
        let all = streams(ctx)
        guard !all.isEmpty else { return Outcome(.notApplicable, "No file log stream found") }
        var unbounded: [String] = [], evidence: [EvidenceRef] = []
        for s in all where s.effective == .unbounded {
            unbounded.append(chain(s))
            for l in s.layers { evidence.append(ctx.cite(l.2.path, l.2.line)) }
        }
        if !unbounded.isEmpty {
            return Outcome(.warn, "Logs are kept without bound (personal data kept forever): " + unbounded.joined(separator: "; ") + "; expected a finite rotate count or maxage",
                           observed: .int(unbounded.count), evidence: evidence)
        }
        return ctx.guardPending(Outcome(.pass, "Every file log stream's retention is bounded", observed: .int(0)), kinds: pendingKinds)
    }
}
