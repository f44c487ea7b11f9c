import Foundation

/// ACC-01 … ACC-04: who can read and change logs and logging configs.
enum AccessChecks {
    static let all: [String: CheckFunction] = [
        "log_dir_modes": dirModes,
        "log_file_modes": fileModes,
        "create_modes": createModes,
        "config_modes": configModes,
    ]

    static func octal(_ m: UInt32) -> String { String(format: "%04o", m) }

    static func dirModes(_ ctx: CheckContext) -> Outcome {
        let maxMode = ctx.modeParam("max_dir_mode", 0o750)
        let dirs = ctx.facts.logDirs
        guard !dirs.isEmpty else { return Outcome(.notApplicable, "No log folder found") }
        var bad: [String] = []
        var worldWritable = false
        for d in dirs where d.stat.mode & ~maxMode & 0o777 != 0 {
            let ww = d.stat.mode & 0o002 != 0
            worldWritable = worldWritable || ww
            bad.append("\(d.displayPath) is \(octal(d.stat.mode))" + (ww ? " (CRITICAL: world-writable)" : ""))
        }
        if !bad.isEmpty {
            return Outcome(.fail, "\(bad.count) of \(dirs.count) log folder(s) grant more than \(octal(maxMode)): " + bad.joined(separator: ", ")
                           + (worldWritable ? "; anyone on the host can add or delete logs" : ""), observed: .string(bad.joined(separator: ", ")))
        }
        return Outcome(.pass, "All \(dirs.count) log folder(s) are \(octal(maxMode)) or stricter: " + dirs.map { "\($0.displayPath) \(octal($0.stat.mode))" }.joined(separator: ", "),
                       observed: .int(0))
    }

    static func fileModes(_ ctx: CheckContext) -> Outcome {
        let maxMode = ctx.modeParam("max_file_mode", 0o640)
        let dirs = ctx.facts.logDirs.filter { $0.fileCount > 0 }
        guard !dirs.isEmpty else { return Outcome(.notApplicable, "No log file found") }
        var count = 0, total = 0
        var examples: [String] = []
        var modes = Set<String>()
        for d in dirs {
            total += d.fileCount
            for (mode, group) in d.modes.sorted(by: { $0.key < $1.key }) where mode & ~maxMode & 0o777 != 0 {
                count += group.count
                modes.insert(octal(mode))
                for name in group.examples where examples.count < 10 {
                    examples.append((d.displayPath == "." ? "" : d.displayPath + "/") + name + " (\(octal(mode)))")
                }
            }
        }
        if count > 0 {
            return Outcome(.fail, "\(count) of \(total) log file(s) are more open than \(octal(maxMode)) (\(modes.sorted().joined(separator: ", "))): "
                           + examples.joined(separator: ", ") + (count > examples.count ? ", …" : ""), observed: .int(count))
        }
        return Outcome(.pass, "All \(total) log file(s) are \(octal(maxMode)) or stricter", observed: .int(0))
    }

    static func createModes(_ ctx: CheckContext) -> Outcome {
        let maxMode = ctx.modeParam("max_file_mode", 0o640)
        var seen = 0
        var bad: [String] = [], notes: [String] = [], evidence: [EvidenceRef] = []
        for b in ctx.facts.logrotate {
            guard let c = b.create else { continue }
            let where_ = "\(c.file ?? b.file):\(c.line)"
            if b.copytruncate {
                notes.append("\(where_): create is ignored because copytruncate is set")
                continue
            }
            guard let mode = c.mode else { continue }
            seen += 1
            evidence.append(ctx.cite(c.file ?? b.file, c.line))
            if mode & ~maxMode & 0o777 != 0 { bad.append("logrotate create \(octal(mode)) at \(where_)") }
        }
        for s in ctx.facts.syslog {
            for m in s.createModes {
                seen += 1
                evidence.append(ctx.cite(s.file, m.line))
                if m.mode & ~maxMode & 0o777 != 0 { bad.append("rsyslog file create mode \(octal(m.mode)) at \(s.file):\(m.line)") }
            }
            for a in s.fileActions where a.createMode == nil {
                seen += 1
                bad.append("rsyslog writes \(a.path) with the default mode 0644 (no $FileCreateMode/fileCreateMode) at \(s.file):\(a.line)")
                evidence.append(ctx.cite(s.file, a.line))
            }
        }
        let kinds: [FileKind] = []
        if !bad.isEmpty {
            return ctx.guardPending(Outcome(.fail, "New log files are created more open than \(octal(maxMode)): " + bad.joined(separator: ", "), observed: .int(bad.count), evidence: evidence, details: notes), kinds: kinds)
        }
        if seen == 0 {
            return ctx.guardPending(Outcome(.notApplicable, "No create mode is configured (logrotate create, rsyslog $FileCreateMode)" + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; "))), kinds: kinds)
        }
        return ctx.guardPending(Outcome(.pass, "All \(seen) create mode(s) are \(octal(maxMode)) or stricter", observed: .int(0), evidence: evidence, details: notes), kinds: kinds)
    }

    static func configModes(_ ctx: CheckContext) -> Outcome {
        let configs = ctx.facts.configs.filter(\.kind.isConfig)
        guard !configs.isEmpty else { return Outcome(.notApplicable, "No logging or monitoring config was scanned") }
        let bad = configs.filter { $0.stat.mode & 0o022 != 0 }
        if !bad.isEmpty {
            return Outcome(.fail, "\(bad.count) config file(s) are group- or world-writable: " + bad.map { "\($0.relPath) \(octal($0.stat.mode))" }.joined(separator: ", ")
                           + "; expected no write access beyond the owner", observed: .int(bad.count), evidence: bad.map { ctx.cite($0.relPath, nil) })
        }
        return Outcome(.pass, "None of the \(configs.count) logging/monitoring config file(s) is group- or world-writable", observed: .int(0))
    }
}
