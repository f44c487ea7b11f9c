import ArgumentParser
import AuditpackCore
import Foundation

@main
struct AuditpackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auditpack",
        abstract: "Turn an application's real logging and monitoring setup into SOC 2 audit evidence.",
        version: AuditpackVersion.current,
        subcommands: [PacketCommand.self, CheckCommand.self, ScanCommand.self, ExplainCommand.self, InitCommand.self,
                      AttestCommand.self, ReviewCommand.self, HistoryCommand.self, VerifyLogsCommand.self, VerifyPacketCommand.self, KeygenCommand.self, FleetCommand.self]
    )

    /// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            FileHandle.standardError.write(Data("auditpack: error: \(error)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options shared by the commands that scan.
struct ScanOptions: ParsableArguments {
    @Argument(help: "Folders to scan (default: scan.roots from the config, else the current folder).")
    var roots: [String] = []

    @Option(help: "Configuration file (default: ./auditpack.yml, else auditpack.yml in the first root).")
    var config: String?

    @Option(help: "Run date YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today in UTC).")
    var date: String?

    @Option(name: .customLong("image"), help: "Take this root as a filesystem image: /var/log/x named in its configs means ROOT/var/log/x (repeatable; roots holding etc/ with var/ or usr/ are detected).")
    var images: [String] = []

    @Flag(help: "Also import each Django settings module with Python (runs the project's code!) and report where LOGGING differs from the static reading.")
    var evaluatePython = false

    @Option(help: "The Python for --evaluate-python (default: python3 on PATH; use the project's virtualenv).")
    var python = "python3"

    func options(skip: [String] = []) -> RunOptions {
        var options = RunOptions(roots: roots, configPath: config, date: date, skip: skip)
        options.showProgress = true
        options.images = images
        if evaluatePython { options.evaluatePython = python }
        return options
    }
}

enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case critical, high, medium, low, none

    var severity: Severity? { Severity(rawValue: rawValue) }
}


func gate(_ results: RunResults, _ failOn: FailOn) throws {
    let gating = results.gating(failOn: failOn.severity)
    if !gating.isEmpty {
        let ids = gating.map(\.id).joined(separator: ", ")
        FileHandle.standardError.write(Data("auditpack: \(gating.count) item(s) at or above \(failOn.rawValue): \(ids)\n".utf8))
        throw ExitCode(1)
    }
}

/// `--evaluate-python` results, one line each on stderr (they are about the run, not results).
func printEvaluations(_ session: Session) {
    for line in session.evaluations { FileHandle.standardError.write(Data(("auditpack: " + Escape.terminal(line) + "\n").utf8)) }
}

var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
var colorAllowed: Bool { stdoutIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
