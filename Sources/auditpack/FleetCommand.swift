import ArgumentParser
import AuditpackCore
import Foundation

struct FleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet", abstract: "Merge per-host packets (folders or .zip) into one sealed fleet packet.",
        discussion: """
        Each packet is verified against its own MANIFEST.sha256 first; one that fails is listed as rejected, never merged. \
        The fleet packet keeps every counted target's packet unchanged under targets/<name>/ (its manifest still verifies), \
        and adds the target × item matrix (index.html, fleet.md) and the fleet results (results.json, junit.xml, \
        results.sarif, oscal-assessment-results.json). Missing, stale, duplicated and rejected targets are named at the top; \
        an item passes for the fleet only when it passes on every expected target. Exit codes as for check.
        """)

    @Argument(help: "Per-target packets: folders written by `auditpack packet`, or their .zip files.")
    var packets: [String] = []

    @Option(name: [.short, .customLong("output")], help: "Fleet packet folder to write (new, or a packet auditpack wrote).")
    var output: String = "fleet-packet"

    @Option(help: "Expected targets: one name per line, a YAML list, or an Ansible inventory (INI or YAML).")
    var expect: String?

    @Option(help: "A packet older than this many days (before the fleet's date) is stale and not counted.")
    var maxAge: Int = 8

    @Option(help: "Fleet run date (YYYY-MM-DD; default today, or SOURCE_DATE_EPOCH).")
    var date: String?

    @Option(help: "Exit 1 when a fleet item at or above this severity fails or errors: critical, high, medium, low, none.")
    var failOn: FailOn = .high

    @Option(help: "Record the run per target and for the fleet in this history database; its last run gives the regressions.")
    var history: String?

    @Option(help: "Organisation named in the OSCAL assessment results.")
    var organization: String = "the organisation"

    @Flag(help: "Replace an existing output folder even when it is not an auditpack packet (never an input, the current folder, / or home).")
    var force = false

    func validate() throws {
        if packets.isEmpty && expect == nil { throw ValidationError("give at least one packet (or --expect, to report every target missing)") }
        if !(1...3650).contains(maxAge) { throw ValidationError("--max-age must be 1 to 3650 days") }
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let runDate = try DateText.runDate(explicit: date, environment: env)
        var expected: [String]?
        if let expect {
            guard let data = FileManager.default.contents(atPath: expect) else { throw InputError(file: expect, message: "expected-target list cannot be read") }
            expected = try FleetMerge.expectedTargets(String(decoding: data, as: UTF8.self), file: expect)
        }
        // The output is never one of the packets read, nor a parent of one.
        var outputs = OutputGuard(roots: packets)
        let folder = try outputs.packetFolder(output, force: force)
        printNotes(outputs)
        var builder = FleetBuilder(inputs: packets, expected: expected, date: runDate)
        builder.maxAgeDays = maxAge
        builder.organization = organization
        if let history { builder.history = try HistoryStore(path: history, create: true) }
        if isatty(STDERR_FILENO) == 1 {
            builder.progress = { line in FileHandle.standardError.write(Data(("\r\u{1B}[K" + Escape.terminal(String(line.prefix(100)))).utf8)) }
        }
        let out = try builder.write(to: folder, replaceAnyFolder: force)
        if builder.progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let r = out.results
        let g = r.gaps
        print("Wrote \(output)/ (\(out.files) files): \(r.coverage.counted) of \(r.coverage.of) expected target(s); "
              + "\(g.missing.count) missing, \(g.stale.count) stale, \(g.duplicates.count) duplicated, \(g.rejected.count) rejected")
        for item in r.items where item.status == "fail" {
            print("  \(item.id) fail: \(Escape.terminal(item.message))")
        }
        let unproven = r.items.filter { $0.status == "error" }.count
        if unproven > 0 { print("  \(unproven) item(s) error: not proven on every expected target, or erroring on one (see fleet.md)") }
        for line in out.regressions { print("  regression: \(Escape.terminal(line))") }
        for rej in g.rejected { print("  rejected: \(Escape.terminal(rej.source)): \(Escape.terminal(rej.why))") }
        guard let threshold = failOn.severity else { return }
        if r.targets.isEmpty {
            FileHandle.standardError.write(Data("auditpack: no target's packet was counted: nothing is proven for the fleet\n".utf8))
            throw ExitCode(1)
        }
        let gating = r.items.filter { ($0.status == "fail" || $0.status == "error") && (Severity(rawValue: $0.severity) ?? .low) >= threshold }
        if !gating.isEmpty {
            FileHandle.standardError.write(Data("auditpack: \(gating.count) fleet item(s) at or above \(failOn.rawValue): \(gating.map(\.id).joined(separator: ", "))\n".utf8))
            throw ExitCode(1)
        }
    }
}
