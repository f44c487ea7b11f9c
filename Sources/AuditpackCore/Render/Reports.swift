import Foundation

/// `auditpack scan`: what was found, by kind, without grading.
public enum ScanReport {
    public static func render(_ f: Facts) -> String {
        var out = "Roots: " + f.roots.map(\.given).joined(separator: ", ") + "\n\nConfig files:\n"
        for c in f.configs.sorted(by: { $0.relPath < $1.relPath }) {
            out += "  \(c.kind.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)) \(TableReport.clean(c.relPath))\n"
        }
        out += "\nLogging setups: \(f.logging.count); handlers: \(f.logging.reduce(0) { $0 + $1.handlers.count }); logrotate blocks: \(f.logrotate.count)\n"
        out += "Alert rules: \(f.alertRules.count) (+\(f.recordingRules) recording); scrape jobs: \(f.scrapeJobs.count); routing trees: \(f.routings.count)\n"
        out += "Log folders: \(f.logDirs.count)"
        for d in f.logDirs { out += "\n  \(d.stat.octal) \(TableReport.clean(d.displayPath)): \(d.fileCount) file(s), \(d.rotatedCount) rotated, \(d.bytes) bytes" }
        if !f.imageRootsGiven.isEmpty { out += "\nTaken as filesystem images: " + f.imageRootsGiven.map(TableReport.clean).joined(separator: ", ") }
        if !f.notScanned.isEmpty {
            out += "\nNot scanned (\(NotScanned.advice)): \(f.notScanned.count)"
            for n in f.notScanned {
                out += "\n  \(TableReport.clean(n.path)) (\(n.what); \(n.referencedBy.map { TableReport.clean("\($0.path)\($0.line.map { ":\($0)" } ?? "")") }.joined(separator: ", ")))"
            }
        }
        out += "\nHashed logs: \(f.hashedLogs.count); secrets found: \(f.secrets.count)\n"
        if !f.parseIssues.isEmpty {
            out += "\nParse issues (\(f.parseIssues.count)):\n"
            for i in f.parseIssues { out += "  \(TableReport.clean(i.path))\(i.line.map { ":\($0)" } ?? ""): \(TableReport.clean(Redactor.redactLine(i.message)))\n" }
        }
        return out
    }
}

/// `auditpack explain ID`.
public enum ExplainReport {
    public static func render(_ item: ChecklistItem, area: String) -> String {
        var out = "\(item.id) — \(item.title)\n"
        out += "Area: \(area)\nTSC: \(item.tsc.joined(separator: ", "))\nSeverity: \(item.severity.rawValue)\n"
        out += "Check: \(item.check == "manual" ? "manual (decided by attestations)" : item.check)\n"
        if !item.params.isEmpty {
            out += "Parameters (as configured):\n"
            for e in item.params.entries { out += "  \(e.key): \(e.value.display)\n" }
        }
        if let reason = item.disabledReason { out += "Disabled: \(reason)\n" }
        out += "How to fix: \(item.remediation)\n"
        return out
    }
}

/// `auditpack init`: a starting auditpack.yml plus the default templates and checklist.
public enum Scaffold {
    public static let config = """
    # auditpack configuration. Every key is optional; see README "Configuration".
    version: 1
    organization: Your organization
    system: Your system
    owners:
      system_administrators: Platform team
      developers: Engineering
      security_team: Security
    policy:
      log_retention_days: 90
      review_frequency: weekly
    scan:
      exclude: [.git, node_modules, .venv, __pycache__]
      # log_dirs: [/var/log/yourapp]
      # path_map: {/srv/yourapp: .}
    # items:
    #   RET-01: {params: {min_days: 120}}
    #   LOG-08: {disabled: "no HTTP entry point"}
    # templates: ./templates
    # checklist: ./policies

    """

    public static func write(into dir: String, force: Bool) throws(InputError) -> [String] {
        let fm = FileManager.default
        var files: [(String, String)] = [("auditpack.yml", config)]
        for (name, text) in EmbeddedResources.templates.sorted(by: { $0.key < $1.key }) { files.append(("templates/" + name, text)) }
        for (name, text) in EmbeddedResources.policies.sorted(by: { $0.key < $1.key }) { files.append(("policies/" + name, text)) }
        for (rel, _) in files {
            let path = (dir as NSString).appendingPathComponent(rel)
            // Never through a linked folder (templates/ pointing elsewhere).
            let parent = (path as NSString).deletingLastPathComponent
            if parent != dir, SafeFile.lstat(parent)?.isLink == true {
                throw InputError(file: parent, message: "is a symbolic link; refusing to write through it")
            }
            guard let st = SafeFile.lstat(path) else { continue }
            // --force overwrites our own scaffold files, never a link, a folder or a device.
            if !st.isRegular { throw InputError(file: path, message: "already exists and is not a regular file; refusing to replace it") }
            if !force { throw InputError(file: path, message: "already exists (use --force to overwrite)") }
        }
        var written: [String] = []
        for (rel, text) in files {
            let path = (dir as NSString).appendingPathComponent(rel)
            do {
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            } catch {
                throw InputError(file: path, message: "cannot create its folder (\(error.localizedDescription))")
            }
            try OutputGuard.writeFile(Data(text.utf8), to: path)
            written.append(path)
        }
        return written
    }
}

/// Reading and appending `attestations.yml` (git-friendly: one entry appended per attestation).
public enum AttestationStore {
    public static func append(path: String, checklist: Checklist, item: String, by: String, note: String, evidence: String?,
                              date: String, expires: String?) throws(InputError) -> Attestation {
        guard let it = checklist.items.first(where: { $0.id == item }) else { throw InputError(file: "", message: "no checklist item \(item)") }
        guard it.check == "manual" else { throw InputError(file: "", message: "\(item) is decided automatically; only manual items take attestations") }
        guard DateText.parse(date) != nil else { throw InputError(file: "", message: "--date must be YYYY-MM-DD, found '\(date)'") }
        if let e = expires, DateText.parse(e) == nil { throw InputError(file: "", message: "--expires must be YYYY-MM-DD, found '\(e)'") }
        _ = try AttestationFile.load(path: path)  // refuse to append to an invalid file
        var text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "version: 1\nattestations:\n"
        if !text.hasSuffix("\n") { text += "\n" }
        if !text.contains("attestations:") { text += "attestations:\n" }
        func q(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        text += "  - item: \(item)\n    by: \(q(by))\n    date: \(date)\n    note: \(q(note))\n"
        if let evidence { text += "    evidence: \(q(evidence))\n" }
        if let expires { text += "    expires: \(expires)\n" }
        let parsed = try AttestationFile.parse(text, file: path)
        if let st = SafeFile.lstat(path), !st.isRegular {
            throw InputError(file: path, message: "is not a regular file (\(st.isLink ? "a symbolic link" : "a folder or special file")); refusing to replace it")
        }
        try OutputGuard.writeFile(Data(text.utf8), to: path)
        return parsed.last!
    }

    public static func listing(path: String, checklist: Checklist, today: String) throws(InputError) -> String {
        let all = try AttestationFile.load(path: path)
        var facts = Facts()
        facts.attestations = all
        var out = ""
        for item in checklist.items where item.check == "manual" {
            let outcome = ManualChecks.evaluate(CheckContext(facts: facts, item: item, date: today))
            out += "\(outcome.status.label.padding(toLength: 5, withPad: " ", startingAt: 0)) \(item.id) \(item.title): \(TableReport.clean(outcome.message))\n"
        }
        return out
    }
}
