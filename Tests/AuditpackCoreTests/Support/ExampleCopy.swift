import Foundation
@testable import AuditpackCore

/// A copy of examples/shop with modes and mtimes normalised, so results do not depend on
/// the checkout's umask or clock: files 0644 (logs 0640), folders 0755 (logs 0750),
/// every mtime 2026-11-28.
struct ExampleCopy {
    let root: String

    init() throws {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("auditpack-example-\(UUID().uuidString)").path
        root = base + "/shop"
        try fm.createDirectory(atPath: base, withIntermediateDirectories: true)
        try fm.copyItem(atPath: Paths.example, toPath: root)
        let mtime = DateText.parse("2026-11-28")!
        var paths: [String] = []
        if let e = fm.enumerator(atPath: root) { while let rel = e.nextObject() as? String { paths.append(rel) } }
        for rel in paths {
            let path = root + "/" + rel
            if rel.contains("__pycache__") { try? fm.removeItem(atPath: path); continue }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            let isLog = rel.hasPrefix("logs")
            let mode = isDir.boolValue ? (isLog ? 0o750 : 0o755) : (isLog ? 0o640 : 0o644)
            try fm.setAttributes([.posixPermissions: mode, .modificationDate: mtime], ofItemAtPath: path)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
}
