import Crypto
import Foundation

/// Writes an audit packet: documents (Markdown + HTML), redacted evidence copies,
/// results.json and MANIFEST.sha256. Built in a temporary sibling folder and renamed into
/// place, so there is never a half-written packet or a mix of two runs.
public struct PacketWriter: Sendable {
    public var outputPath: String
    public var renderer: Renderer
    /// `--force`: an existing folder need not be a packet to be replaced.
    public var replaceAnyFolder = false
    /// `--sign-key`: the Ed25519 private key's raw 32 bytes (kept as data: the key type is not
    /// Sendable); the packet is signed (attestation.intoto.jsonl beside the manifest).
    public var signingKey: Data?
    /// Who and what was scanned, for the attestation (host or --target, scan time).
    public var identity: [String: String] = [:]
    /// `--pdf`: add packet.pdf (sealed like every other file).
    public var pdf = false

    public init(outputPath: String, renderer: Renderer) {
        self.outputPath = outputPath
        self.renderer = renderer
    }

    static let titles = ["policy": "Logging and Monitoring Policy", "checklist": "SOC 2 Checklist", "review": "Review Record", "evidence-index": "Evidence Index"]

    /// Files of the packet, path → bytes, in a deterministic order.
    public func build(results: RunResults, facts: Facts, config: AuditConfig) throws(InputError) -> [(String, Data)] {
        // The results' quoted text is redacted already (Auditpack.run); evidence copies are
        // redacted line by line below. Nothing the tool wrote is rewritten.
        let scrubber = SecretScrubber(facts.secrets)
        var files: [(String, Data)] = []
        func add(_ path: String, _ text: String) { files.append((path, Data(text.utf8))) }

        // Evidence: every config file that was scanned (cited or in scope), redacted.
        var copies: [String: String] = [:]
        let multiRoot = facts.roots.count > 1
        for c in facts.configs where c.kind.isConfig || results.items.contains(where: { $0.outcome.evidence.contains { $0.path == c.relPath } }) {
            copies[c.relPath] = "evidence/" + (multiRoot ? "root\(c.rootIndex + 1)/" : "") + c.relPath
        }
        let context = DocumentContext(results: results, config: config, facts: facts, evidenceCopies: copies)
        let dict = context.dictionary()
        for name in Renderer.documents {
            add("\(name).md", try renderer.render("\(name).md", dict))
            add("\(name).html", try renderer.renderPage("\(name).html", title: Self.titles[name] ?? name, context: dict))
        }
        for format in ReportFormat.allCases {
            if let name = format.packetFile { add(name, format.render(results, config: config)) }
        }
        if pdf { files.append((PacketPDF.fileName, try PacketPDF.render(renderer: renderer, context: dict))) }
        for c in facts.configs.sorted(by: { $0.relPath < $1.relPath }) {
            guard let copy = copies[c.relPath] else { continue }
            let redacted = scrubber.replacingDistinctive(Redactor.redact(c.text, python: Redactor.isPython(c.relPath)))
            add(copy, redacted)
            var page = dict
            page["file_path"] = c.relPath
            page["file_kind"] = c.kind.rawValue
            page["file_mode"] = c.stat.octal
            page["file_sha256"] = c.sha256
            var lines = redacted.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
                .map { String(String.UnicodeScalarView($0)).trimmingSuffix("\r") }
            if lines.last == "" { lines.removeLast() }
            page["file_lines"] = lines.enumerated().map { ["n": $0.offset + 1, "text": $0.element] as [String: Any] }
            let depth = copy.split(separator: "/").count - 1
            add(copy + ".html", try renderer.renderPage("evidence-file.html", title: c.relPath, context: page, rootPrefix: String(repeating: "../", count: depth)))
        }
        // index.html shows the digest of the manifest of everything else, then joins it.
        // Manifest lines (`sha256sum` format, path order): each file hashed once.
        files.sort { $0.0 < $1.0 }
        func line(_ f: (String, Data)) -> (path: String, text: String) { (f.0, Manifest.line(hash: Self.sha256Hex(f.1), name: f.0)) }
        var lines = files.map(line)
        var front = dict
        front["content_digest"] = Self.sha256Hex(Data(lines.map(\.text).joined().utf8))
        add("index.html", try renderer.renderPage("index.html", title: "Overview", context: front))
        lines.append(line(files[files.count - 1]))
        lines.sort { $0.path < $1.path }
        files.sort { $0.0 < $1.0 }
        files.append(("MANIFEST.sha256", Data(lines.map(\.text).joined().utf8)))
        // The attestation signs every file, the manifest included; it cannot be listed in
        // the manifest it covers, so verify-packet expects it beside it.
        if let raw = signingKey, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) {
            var digests: [(String, String)] = []
            if let f = config.file, let d = try? SafeFile.read(f, limit: 8 << 20) { digests.append(("configuration", PacketWriter.sha256Hex(d))) }
            digests.append(("checklist", Self.checklistDigest(config)))
            files.append((PacketSigning.attestationFile,
                          try PacketSigning.envelope(files: files, results: results, identity: identity, configDigests: digests, key: key)))
        }
        return files
    }

    /// The checklist's digest: the built-in model's bytes, a file's, or for a folder the
    /// digest of its files' names and digests in name order (never silently the built-in one).
    static func checklistDigest(_ config: AuditConfig) -> String {
        guard let given = config.checklist else { return sha256Hex(Data((EmbeddedResources.policies["soc2-logging.yml"] ?? "").utf8)) }
        let path = config.resolve(given)
        if let data = FileManager.default.contents(atPath: path) { return sha256Hex(data) }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        let lines = names.compactMap { n in FileManager.default.contents(atPath: path + "/" + n).map { "\(sha256Hex($0))  \(n)\n" } }
        return lines.isEmpty ? "unreadable" : sha256Hex(Data(lines.joined().utf8))
    }

    /// What index.html shows as the content digest: the manifest without index.html's line.
    public static func contentDigest(manifest: String) -> String {
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasSuffix("  index.html") && !$0.isEmpty }
        return sha256Hex(Data(lines.map { $0 + "\n" }.joined().utf8))
    }

    public static func sha256Hex(_ data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }

    /// Writes `<outputPath>.zip` atomically: a new temporary file beside it (`O_EXCL`, never
    /// through a planted link), then renamed over it. The caller has checked the path with
    /// `OutputGuard` (an existing zip is replaced only when auditpack wrote it).
    public func writeZip(_ files: [(String, Data)], date: String, to zipPath: String? = nil, folderName: String? = nil) throws(InputError) {
        let out = outputPath
        let data = try PacketZip.data(files, folderName: folderName ?? (out as NSString).lastPathComponent, date: date)
        try OutputGuard.writeFile(data, to: zipPath ?? out + ".zip")
    }

    /// Writes the files into a new temporary sibling folder, then renames it into place. A
    /// folder already at `outputPath` (which the caller has checked with `OutputGuard`) is
    /// moved aside and removed only once the new packet stands.
    public func write(_ files: [(String, Data)]) throws(InputError) {
        let (out, tmp) = try Self.makeTemporaryFolder(for: outputPath)
        do {
            let fm = FileManager.default
            for (rel, data) in files {
                let path = (tmp as NSString).appendingPathComponent(rel)
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard fm.createFile(atPath: path, contents: data) else { throw CocoaError(.fileWriteUnknown) }
            }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw InputError(file: outputPath, message: "cannot write the packet here (\(error.localizedDescription))")
        }
        try Self.install(tmp, at: out, given: outputPath, replaceAnyFolder: replaceAnyFolder)
    }

    /// A new empty temporary folder beside the packet folder (whose parent must exist):
    /// (the folder's path as given, trailing slashes removed; the temporary folder).
    public static func makeTemporaryFolder(for outputPath: String) throws(InputError) -> (out: String, tmp: String) {
        let fm = FileManager.default
        // The path as OutputGuard resolved it: never re-resolved (a symlink put there since
        // is refused when installing, not followed).
        var out = outputPath
        while out.count > 1 && out.hasSuffix("/") { out.removeLast() }
        let parent = (out as NSString).deletingLastPathComponent
        let parentDir = parent.isEmpty ? "." : parent
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: parentDir, isDirectory: &isDir), isDir.boolValue else {
            throw InputError(file: outputPath, message: "the packet folder's parent \(parentDir) does not exist")
        }
        if let st = SafeFile.lstat(out), !st.isDir {
            throw InputError(file: outputPath, message: "exists and is not a folder")
        }
        for _ in 0..<8 {
            let tmp = OutputGuard.temporaryName(beside: out, suffix: "tmp")
            if mkdir(tmp, 0o755) == 0 { return (out, tmp) }
            guard errno == EEXIST else {
                throw InputError(file: outputPath, message: "cannot write the packet here (\(String(cString: strerror(errno))))")
            }
        }
        throw InputError(file: outputPath, message: "cannot create a temporary folder beside it")
    }

    /// Renames the finished temporary folder into place. A folder already at `out` (which
    /// the caller has checked with `OutputGuard`) is checked again, moved aside and removed
    /// only once the new packet stands. The temporary folder is removed on failure.
    public static func install(_ tmp: String, at out: String, given outputPath: String, replaceAnyFolder: Bool) throws(InputError) {
        let fm = FileManager.default
        do {
            if let st = SafeFile.lstat(out) {
                // What stands there now must still be a folder auditpack may replace
                // (nothing swapped in while the scan ran).
                guard st.isDir, !st.isLink else {
                    throw InputError(file: outputPath, message: "changed while auditpack ran (it is now \(st.isLink ? "a symbolic link" : "not a folder")); nothing was replaced")
                }
                if !replaceAnyFolder, case .notPacket(let why) = OutputGuard.packetCheck(out) {
                    throw InputError(file: outputPath, message: "changed while auditpack ran and is no longer a packet auditpack wrote (\(why)); nothing was replaced")
                }
                let old = OutputGuard.temporaryName(beside: out, suffix: "old")
                try fm.moveItem(atPath: out, toPath: old)
                try fm.moveItem(atPath: tmp, toPath: out)
                try? fm.removeItem(atPath: old)
            } else {
                try fm.moveItem(atPath: tmp, toPath: out)
            }
        } catch let e as InputError {
            try? fm.removeItem(atPath: tmp)
            throw e
        } catch {
            try? fm.removeItem(atPath: tmp)
            throw InputError(file: outputPath, message: "cannot write the packet here (\(error.localizedDescription))")
        }
    }
}
