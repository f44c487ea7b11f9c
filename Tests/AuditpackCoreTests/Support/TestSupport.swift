import Foundation
import Testing
@testable import AuditpackCore

/// A throwaway folder with files, modes and mtimes set exactly (so results never depend on
/// the checkout's umask or clock).
struct TempTree {
    let root: String

    init(_ files: [String: String], modes: [String: UInt32] = [:], dirModes: [String: UInt32] = [:], mtime: Date? = nil) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-test-\(UUID().uuidString)").path
        root = base
        let fm = FileManager.default
        try fm.createDirectory(atPath: base, withIntermediateDirectories: true)
        for (rel, text) in files {
            let path = base + "/" + rel
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            try fm.setAttributes([.posixPermissions: Int(modes[rel] ?? 0o644)], ofItemAtPath: path)
        }
        // Folders: 0755 unless told otherwise; log folders in fixtures say 0750 explicitly.
        if let e = fm.enumerator(atPath: base) {
            while let rel = e.nextObject() as? String {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: base + "/" + rel, isDirectory: &isDir), isDir.boolValue {
                    try fm.setAttributes([.posixPermissions: Int(dirModes[rel] ?? 0o755)], ofItemAtPath: base + "/" + rel)
                }
            }
        }
        if let mtime {
            for rel in files.keys { try fm.setAttributes([.modificationDate: mtime], ofItemAtPath: base + "/" + rel) }
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

enum Paths {
    /// The package root (this file is Tests/AuditpackCoreTests/Support/TestSupport.swift).
    static let package: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var example: String { package + "/examples/shop" }
    static var corpus: String { (package as NSString).deletingLastPathComponent + "/shared/corpus" }
    static var golden: String { package + "/Tests/Golden" }

    /// The built `auditpack` executable (swift test builds it beside the test bundle).
    static var binary: String? {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("auditpack").path,
            Bundle.main.bundleURL.appendingPathComponent("auditpack").path,
            package + "/.build/debug/auditpack",
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Whether a peer tool is on PATH; tests that need one are disabled (and say so) without it.
func which(_ tool: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let p = "\(dir)/\(tool)"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

@discardableResult
func run(_ executable: String, _ args: [String], cwd: String? = nil, env: [String: String]? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    if let env { p.environment = ProcessInfo.processInfo.environment.merging(env) { _, b in b } }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read before waiting so a full pipe cannot deadlock the child.
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// Runs the pipeline on a folder with its auditpack.yml (if any) and a fixed date.
func evaluate(_ root: String, date: String = "2026-11-29", config: String? = nil) throws -> Session {
    try Auditpack.run(RunOptions(roots: [root], configPath: config, date: date, environment: [:]))
}
