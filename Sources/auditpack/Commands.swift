import ArgumentParser
import Crypto
import AuditpackCore
import Foundation

struct PacketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packet", abstract: "Scan, grade and write a sealed audit packet folder.",
        discussion: """
        An existing output folder is replaced only when it is empty or holds a packet auditpack wrote (its MANIFEST.sha256 \
        and results.json, nothing unlisted). The output can never be /, your home folder, the current folder, a scanned \
        root or a parent of one; inside a root it is skipped by the scan.
        """)

    @OptionGroup var scan: ScanOptions

    @Option(name: [.short, .customLong("output")], help: "Packet folder to write (a new folder, or a packet auditpack wrote, replaced atomically).")
    var output: String = "packet"

    @Option(help: "Exit 1 when an item at or above this severity fails: critical, high, medium, low, none.")
    var failOn: FailOn = .none

    @Flag(help: "Also write <output>.zip (byte-identical for the same inputs and date, unless signed or with --pdf).")
    var zip = false

    @Flag(help: "Replace an existing output folder even when it is not an auditpack packet (never a root, a parent of one, a folder inside one, the current folder, / or home).")
    var force = false

    @Option(help: "History database read for the trend (default: .auditpack/history.sqlite beside the config).")
    var history: String?

    @Option(help: "Sign the packet with this Ed25519 private key (PEM, from `auditpack keygen`); also AUDITPACK_SIGN_KEY (a path, or the PEM itself for CI secrets).")
    var signKey: String?

    @Option(help: "Name of what was scanned, recorded in results.json and the attestation (default: this host's name); e.g. a service name in CI.")
    var target: String?

    @Flag(help: "Also print the overview, policy, checklist, review record and evidence index into packet.pdf (needs headless Chromium).")
    var pdf = false

    func run() throws {
        // The signing key is read first and removed from the environment, so no child
        // process (--evaluate-python's Python, Chromium for --pdf) ever sees it.
        let signing = try Self.signingKey(signKey)
        unsetenv("AUDITPACK_SIGN_KEY")
        if pdf, PacketPDF.browser() == nil {
            throw InputError(file: "", message: "--pdf needs headless Chromium (chromium on PATH, or AUDITPACK_CHROMIUM naming an executable); install it or leave out --pdf")
        }
        var options = scan.options()
        options.environment["AUDITPACK_SIGN_KEY"] = nil
        var outputs = OutputGuard(roots: try Auditpack.plan(options).roots)
        let folder = try outputs.packetFolder(output, force: force)
        let zipPath = zip ? try outputs.file(Self.trimmingSlashes(output) + ".zip", what: "the zip", owner: .packetZip) : nil
        printNotes(outputs)
        options.skip = [output, folder] + (zipPath.map { [Self.trimmingSlashes(output) + ".zip", $0] } ?? [])
        options.historyPath = history
        var session = try Auditpack.run(options)
        let identity = TargetIdentity.current(name: target, config: session.config, environment: ProcessInfo.processInfo.environment)
        session.results.target = identity
        printEvaluations(session)
        let renderer = try Renderer(userDirectory: session.config.templates.map(session.config.resolve))
        var writer = PacketWriter(outputPath: folder, renderer: renderer)
        writer.replaceAnyFolder = force
        writer.signingKey = signing
        writer.pdf = pdf
        writer.identity = ["target": identity.name, "scanTime": identity.scanTime,
                           "runDate": session.results.date, "tool": "auditpack \(AuditpackVersion.current)",
                           "roots": session.results.roots.map(\.given).joined(separator: " ")]
        let files = try writer.build(results: session.results, facts: session.facts, config: session.config)
        try writer.write(files)
        if let zipPath {
            try writer.writeZip(files, date: session.results.date, to: zipPath, folderName: (Self.trimmingSlashes(output) as NSString).lastPathComponent)
        }
        let r = session.results
        print("Wrote \(output)/ (\(files.count) files\(signing != nil ? ", signed" : "")): \(r.count(.pass)) pass, \(r.count(.fail)) fail, \(r.count(.warn)) warn, \(r.count(.error)) error, \(r.count(.manual)) open manual, \(r.count(.notApplicable)) not applicable")
        try gate(r, failOn)
    }
}

extension PacketCommand {
    /// The signing key's raw bytes from --sign-key or AUDITPACK_SIGN_KEY (a path or PEM).
    static func signingKey(_ option: String?) throws -> Data? {
        let env = ProcessInfo.processInfo.environment["AUDITPACK_SIGN_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        guard let source = option ?? env else { return nil }
        // From the environment the value may be the key itself: it is never echoed.
        let fromEnv = option == nil
        let label = fromEnv ? "AUDITPACK_SIGN_KEY" : source
        let pem: String
        if source.contains("-----BEGIN") || source.contains("PRIVATE KEY") {
            pem = source
        } else {
            // A key file may be a symlink (a mounted secret): it is the user's own input.
            guard let data = FileManager.default.contents(atPath: source), data.count <= 64 * 1024 else {
                throw InputError(file: label, message: fromEnv ? "is neither a readable key file nor a PEM private key (the value is not shown)" : "signing key cannot be read")
            }
            pem = String(decoding: data, as: UTF8.self)
        }
        return try PacketSigning.privateKey(pem: pem, file: label).rawRepresentation
    }

    /// `out/` and `out` name the same folder (and the zip beside it, `out.zip`).
    static func trimmingSlashes(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Grade the checklist and print the results.",
        discussion: "Formats: table, json, junit, sarif, oscal. Repeat --format to write several at once, each as FORMAT:FILE (e.g. --format table --format sarif:results.sarif --format junit:junit.xml).")

    @OptionGroup var scan: ScanOptions

    @Option(help: "Output format, or FORMAT:FILE; repeatable.")
    var format: [String] = []

    @Option(name: [.short, .customLong("output")], help: "Write the (single) format without a FILE here instead of stdout.")
    var output: String?

    @Option(help: "Exit 1 when an item at or above this severity fails or errors: critical, high, medium, low, none.")
    var failOn: FailOn = .high

    @Option(help: "Name of what was scanned, recorded in results.json (default: this host's name); e.g. a service name in CI.")
    var target: String?

    func run() throws {
        var specs: [(ReportFormat, String?)] = []
        for f in format.isEmpty ? ["table"] : format { specs.append(try ReportFormat.parse(f)) }
        let toStdout = specs.filter { $0.1 == nil }
        if toStdout.count > 1 && output == nil {
            throw InputError(file: "", message: "only one --format can go to stdout; give the others a file (FORMAT:FILE)")
        }
        specs = specs.map { ($0.0, $0.1 ?? output) }
        var options = scan.options()
        var outputs = OutputGuard(roots: try Auditpack.plan(options).roots)
        for i in specs.indices {
            guard let path = specs[i].1 else { continue }
            specs[i].1 = try outputs.file(path, what: "the \(specs[i].0.rawValue) output", owner: .of(specs[i].0))
            options.skip += [path, specs[i].1!]
        }
        printNotes(outputs)
        var session = try Auditpack.run(options)
        session.results.target = TargetIdentity.current(name: target, config: session.config, environment: ProcessInfo.processInfo.environment)
        printEvaluations(session)
        var files: [(path: String, text: String)] = []
        for (f, path) in specs {
            let text = f.render(session.results, config: session.config, color: path == nil && colorAllowed)
            if let path { files.append((path, text)) } else { FileHandle.standardOutput.write(Data(text.utf8)) }
        }
        try OutputFiles.writeAll(files)
        try gate(session.results, failOn)
    }
}

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "Discover and parse configs; print what was found, without grading.",
        discussion: "--format json prints the fact inventory (schemas/facts.schema.json): every fact the graders use, with its file and line.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var scan: ScanOptions

    @Option(help: "Output format: table (a summary) or json (the fact inventory).")
    var format: Format = .table

    @Option(name: [.short, .customLong("output")], help: "Write to this file instead of stdout.")
    var output: String?

    func run() throws {
        var outFile: String?
        var plan = scan.options()
        if let output {
            var outputs = OutputGuard(roots: try Auditpack.plan(plan).roots)
            outFile = try outputs.file(output, what: "the scan output", owner: .factInventory)
            plan.skip = [output, outFile!]
            printNotes(outputs)
        }
        var options = plan
        options.grade = false
        var session = try Auditpack.run(options)
        printEvaluations(session)
        // The parse issues as results carry them: their quoted text redacted.
        session.facts.parseIssues = session.results.parseIssues
        let text = format == .json ? FactInventory.json(session.facts, results: session.results) : ScanReport.render(session.facts) + "\n"
        if let outFile { try OutputFiles.writeAll([(outFile, text)]) } else { print(text, terminator: "") }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain a checklist item: what it checks, its criteria, parameters and fix.")

    @Argument(help: "Item id, e.g. RET-01.")
    var id: String

    @Option(help: "Configuration file (default: ./auditpack.yml).")
    var config: String?

    func run() throws {
        let cfg = try Auditpack.loadConfig(explicit: config, roots: [])
        let list = try Auditpack.loadChecklist(cfg)
        guard let item = list.items.first(where: { $0.id.caseInsensitiveCompare(id) == .orderedSame }) else {
            throw InputError(file: "", message: "no checklist item \(id) (items: \(list.items.map(\.id).joined(separator: ", ")))")
        }
        print(ExplainReport.render(item, area: list.areaName(item.area)))
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Write auditpack.yml and the default templates and checklist for customisation.")

    @Argument(help: "Folder to write into.")
    var directory: String = "."

    @Flag(help: "Overwrite existing files.")
    var force = false

    func run() throws {
        let written = try Scaffold.write(into: directory, force: force)
        for w in written { print("wrote \(w)") }
    }
}

struct AttestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attest", abstract: "Record (or list) attestations for manual checklist items.")

    @Argument(help: "Manual item id, e.g. MAN-02.")
    var id: String?

    @Option(help: "Who attests.") var by: String?
    @Option(help: "What was done.") var note: String = ""
    @Option(help: "Link to the proof.") var evidence: String?
    @Option(help: "Date of the attestation YYYY-MM-DD (default: today / SOURCE_DATE_EPOCH).") var date: String?
    @Option(help: "Expiry date YYYY-MM-DD (default: date + the item's max_age_days).") var expires: String?
    @Option(help: "Configuration file; attestations.yml is kept beside it.") var config: String?
    @Flag(help: "List manual items with their attestation status and expiry.") var list = false

    func run() throws {
        let cfg = try Auditpack.loadConfig(explicit: config, roots: [])
        let checklist = try Auditpack.loadChecklist(cfg)
        let today = try DateText.runDate(explicit: nil, environment: ProcessInfo.processInfo.environment)
        let path = cfg.resolve(AttestationFile.fileName)
        if list {
            print(try AttestationStore.listing(path: path, checklist: checklist, today: today))
            return
        }
        guard let id else { throw ValidationError("give an item id, or --list") }
        guard let by, !by.isEmpty else { throw ValidationError("--by is required: who attests") }
        let entry = try AttestationStore.append(path: path, checklist: checklist, item: id, by: by, note: note, evidence: evidence,
                                                date: date ?? today, expires: expires)
        print("recorded \(entry.item) by \(entry.by) on \(entry.date) in \(path)")
    }
}

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keygen", abstract: "Write a new Ed25519 key pair for signing packets (auditpack.key 0600, auditpack.pub); never overwrites.")

    @Option(name: [.short, .customLong("output")], help: "Folder for auditpack.key and auditpack.pub.")
    var output: String = "."

    func run() throws {
        var outputs = OutputGuard(roots: [])
        let dir = try outputs.folder(output, what: "the key folder")
        printNotes(outputs)
        let (priv, pub) = try PacketSigning.writeKeyPair(into: dir)
        print("wrote \(priv) (private, 0600: keep it secret, e.g. as a CI secret for AUDITPACK_SIGN_KEY) and \(pub) (give it to auditors: verify-packet --key)")
    }
}

struct VerifyPacketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify-packet", abstract: "Re-check a packet folder or zip against its MANIFEST.sha256 (and its signature with --key); exit 1 on any added, missing or altered file or a bad signature.")

    @Argument(help: "Packet folder or .zip.")
    var packet: String

    @Option(help: "Ed25519 public key (PEM) the packet must be signed with.")
    var key: String?

    @Option(help: "Fail a packet whose run date is older than this (e.g. 7d, 8d, 2w) against today (or SOURCE_DATE_EPOCH).")
    var maxAge: String?

    func run() throws {
        var publicKey: Curve25519.Signing.PublicKey?
        if let key {
            guard let data = FileManager.default.contents(atPath: key), data.count <= 64 * 1024 else { throw InputError(file: key, message: "public key cannot be read") }
            publicKey = try PacketSigning.publicKey(pem: String(decoding: data, as: UTF8.self), file: key)
        }
        var report = try PacketVerifier.verify(path: packet, key: publicKey)
        if let maxAge {
            guard let days = DateText.days(inSpan: maxAge) else {
                throw InputError(file: "", message: "--max-age must be a number of days or weeks such as 7d or 2w, found '\(maxAge)'")
            }
            let today = try DateText.runDate(explicit: nil, environment: ProcessInfo.processInfo.environment)
            report.checkAge(maxDays: days, today: today)
        }
        print(report.text)
        if !report.ok { throw ExitCode(1) }
    }
}

struct VerifyLogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify-logs", abstract: "Verify hash-suffixed (message|HASH=<sha256>) and hash-chained (message|CHAIN=<sha256>) logs; exit 1 on tampering.")

    @Argument(help: "Log files to verify.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one log file") }
    }

    func run() throws {
        var items: [(path: String, display: String)] = []
        for f in files {
            guard SafeFile.lstat(f)?.isRegular == true else { throw InputError(file: f, message: "not a readable regular file") }
            items.append((f, f))
        }
        // Files are verified in the order given: a hash-chained file continues the chain of the
        // chained file before it (give rotated files oldest first).
        var tampered = false
        var previous: String?
        for item in items {
            let size = SafeFile.lstat(item.path)?.0.size ?? 0
            let meter = ProgressMeter.forTerminal("verifying \(item.display)", total: size, unit: "bytes")
            var report: (@Sendable (Int) -> Void)?
            if let meter { report = { meter.add($0) } }
            let r: HashedLogResult = LogIntegrity.verify(path: item.path, display: item.display,
                                                         previousChainValue: previous, progress: report)
            meter?.finish()
            previous = LogIntegrity.nextPrevious(after: r, previous: previous)
            if r.bad > 0 { tampered = true }
            print(Escape.terminal(r.summary))
        }
        if tampered { throw ExitCode(1) }
    }
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Write the dated review record, compare with the previous run, and record this run in the history.")

    @OptionGroup var scan: ScanOptions

    @Option(help: "History database (default: .auditpack/history.sqlite beside the config).")
    var history: String?

    @Option(name: [.short, .customLong("output")], help: "Folder for review-DATE.md/.html (default: .auditpack/reviews beside the config).")
    var output: String?

    @Option(help: "Exit 1 when an item at or above this severity fails or errors: critical, high, medium, low, none.")
    var failOn: FailOn = .high

    @Flag(help: "Write the record without recording the run in the history.")
    var noRecord = false

    func run() throws {
        var options = scan.options()
        let plan = try Auditpack.plan(options)
        let date = try DateText.runDate(explicit: scan.date, environment: ProcessInfo.processInfo.environment)
        var outputs = OutputGuard(roots: plan.roots)
        // The folder may be new; the record's two files may replace only records auditpack wrote.
        let given = output ?? plan.config.resolve(".auditpack/reviews")
        let dir = try outputs.folder(given, what: "the review folder")
        let base = (dir as NSString).appendingPathComponent("review-\(date)")
        let md = try outputs.file(base + ".md", what: "the review record", owner: .reviewMarkdown)
        let html = try outputs.file(base + ".html", what: "the review record", owner: .reviewHTML)
        // The history must be known writable before anything is written: no half-done runs.
        let historyPath = history ?? plan.config.resolve(HistoryStore.defaultRelativePath)
        let store = noRecord ? nil : try HistoryStore(path: historyPath, create: true)
        try store?.checkWritable()
        printNotes(outputs)
        options.skip = [given, dir]
        options.historyPath = historyPath
        let session = try Auditpack.run(options)
        printEvaluations(session)
        let renderer = try Renderer(userDirectory: session.config.templates.map(session.config.resolve))
        let record = try ReviewRecord.render(session: session, renderer: renderer)
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw InputError(file: dir, message: "cannot create the review folder (\(error.localizedDescription))")
        }
        try OutputFiles.writeAll([(md, record.markdown), (html, record.html)])
        try store?.record(session.results, kind: "review")
        print("Wrote \((given as NSString).appendingPathComponent("review-\(date)")).md and .html — \(record.delta.summary)")
        for c in record.delta.newFailures { print("  NEW FAILURE \(c.id) \(c.title) (\(c.severity))") }
        for c in record.delta.resolved { print("  RESOLVED    \(c.id) \(c.title) (\(c.before) → \(c.after))") }
        try gate(session.results, failOn)
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List recorded runs with their counts.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Option(help: "History database (default: .auditpack/history.sqlite beside the config).")
    var history: String?

    @Option(help: "Configuration file (default: ./auditpack.yml).")
    var config: String?

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Option(help: "How many runs, newest first.")
    var limit: Int = 52

    func run() throws {
        let cfg = try Auditpack.loadConfig(explicit: config, roots: [])
        let path = history ?? cfg.resolve(HistoryStore.defaultRelativePath)
        let runs = try HistoryStore(path: path, create: false, readOnly: true).runs(limit: limit)
        switch format {
        case .table: print(HistoryReport.table(runs), terminator: "")
        case .json: print(HistoryReport.json(runs), terminator: "")
        }
    }
}

/// How outputs were taken (e.g. a symlink resolved), on stderr.
func printNotes(_ outputs: OutputGuard) {
    for n in outputs.notes { FileHandle.standardError.write(Data(("auditpack: note: " + Escape.terminal(n) + "\n").utf8)) }
}
