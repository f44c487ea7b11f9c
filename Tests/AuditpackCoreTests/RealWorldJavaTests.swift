import Foundation
import Testing
@testable import AuditpackCore

/// The real-world Java corpus (`Tests/Fixtures/realworld-java`: public logback and log4j2
/// configs, see its SOURCES.tsv) judged by the libraries themselves: `scripts/java_truth/run`
/// loads each with logback's JoranConfigurator or log4j2's ConfigurationFactory (Debian's
/// liblogback-java, liblog4j2-java) in a sandbox, `scripts/java_agreement.py` compares what
/// they built with `auditpack scan --format json`, appender by appender.
@Suite("Real-world logback and log4j2 configs agree with what the libraries build")
struct RealWorldJavaTests {
    static let corpus = Paths.package + "/Tests/Fixtures/realworld-java"

    static func missingPeers() -> String? {
        guard which("javac") != nil, which("python3") != nil else { return "javac and python3" }
        for jar in ["logback-classic.jar", "log4j-core.jar", "janino.jar"] where !FileManager.default.fileExists(atPath: "/usr/share/java/" + jar) {
            return "/usr/share/java/\(jar) (apt-get install liblogback-java liblog4j2-java libjanino-java …, see scripts/java_truth/run)"
        }
        // The judge's sandbox (mount and network namespaces, chroot) needs root.
        if getuid() != 0 && ProcessInfo.processInfo.environment["JAVATRUTH_UNSANDBOXED"] == nil { return "root, for the judge's sandbox" }
        return nil
    }

    @Test("≥ 95 % of appenders agree on kind, destination and retention; every library error shows as a parse issue")
    func agreement() throws {
        if let missing = Self.missingPeers() {
            print("SKIPPED (peer missing): real-world Java agreement needs \(missing)")
            return
        }
        let binary = try #require(Paths.binary, "the auditpack binary is built by swift build")
        let out = try run("/usr/bin/env", ["python3", Paths.package + "/scripts/java_agreement.py", "--binary", binary, "--corpus", Self.corpus, "--json"])
        try #require(out.status == 0, "java_agreement.py failed: \(out.stderr.suffix(2000))")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let appenders = summary["appenders"] as? Int ?? 0
        let agreement = summary["appenderAgreement"] as? Double ?? 0
        let disagreements = summary["disagreements"] as? [String] ?? []
        for d in disagreements { print("java agreement: disagree: \(d)") }
        print("java agreement: \(summary["appendersAgree"] ?? 0) of \(appenders) appenders; \(summary["errorFixturesReported"] ?? 0) of \(summary["errorFixtures"] ?? 0) fixtures with library errors reported")
        #expect(summary["fixtures"] as? Int ?? 0 >= 20)
        #expect(appenders >= 50)
        #expect(agreement >= 0.95, "appender agreement \(agreement): \(disagreements.joined(separator: "\n"))")
        #expect(summary["errorFixturesReported"] as? Int == summary["errorFixtures"] as? Int, "\(disagreements.joined(separator: "\n"))")
        #expect(!disagreements.contains { $0.contains("no truth") })
    }
}
