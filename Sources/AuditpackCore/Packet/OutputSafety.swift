import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where auditpack may write and what it may replace. Every command that writes asks here
/// first, before any scanning or rendering, so a refused output costs nothing and changes
/// nothing:
/// - never `/`, the home folder, the current folder, a scanned root or a parent of one;
/// - an existing packet folder is replaced only when it is provably a packet auditpack wrote
///   (its MANIFEST.sha256 and results.json naming the tool, and nothing unlisted beside them);
/// - an existing file is replaced only when it is a regular file auditpack wrote (or empty);
/// - a symlink given as the output is resolved and the rules apply to its target (said on
///   stderr); a dangling one is refused.
public struct OutputGuard: Sendable {
    /// Scanned roots, absolute with symlinks resolved.
    public var roots: [String]
    public var currentDirectory: String
    public var home: String?
    /// Messages for the user about how an output was taken (e.g. a symlink resolved).
    public private(set) var notes: [String] = []

    public init(roots: [String], currentDirectory: String = FileManager.default.currentDirectoryPath,
                home: String? = ProcessInfo.processInfo.environment["HOME"]) {
        self.currentDirectory = OutputGuard.realPath(currentDirectory, cwd: "/")
        self.roots = roots.map { OutputGuard.realPath($0, cwd: currentDirectory) }
        self.home = home.flatMap { $0.isEmpty ? nil : OutputGuard.realPath($0, cwd: "/") }
    }

    // MARK: paths

    /// The real path as the kernel would resolve it: `realpath(3)` when the path exists
    /// (so `link/..` is the link target's parent, not the link's), else the real path of
    /// its parent with the last component appended. `..` is never removed before the
    /// symlinks before it are resolved.
    static func realPath(_ path: String, cwd: String) -> String {
        let p = path.isEmpty ? cwd : (path.hasPrefix("/") ? path : (cwd.hasSuffix("/") ? cwd + path : cwd + "/" + path))
        if let r = realpath(p, nil) {
            defer { free(r) }
            return String(cString: r)
        }
        var trimmed = p
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let parent = (trimmed as NSString).deletingLastPathComponent
        let last = (trimmed as NSString).lastPathComponent
        guard !parent.isEmpty, parent != trimmed else { return trimmed }
        let base = realPath(parent, cwd: "/")
        if last == "." { return base }
        if last == ".." { return (base as NSString).deletingLastPathComponent }
        return base == "/" ? "/" + last : base + "/" + last
    }

    static func isInside(_ path: String, _ folder: String) -> Bool { PathResolver.isBelow(path, folder) }

    /// The output path with a symlink in its last component resolved (said in `notes`);
    /// a dangling symlink is refused.
    mutating func resolve(_ given: String, what: String) throws(InputError) -> String {
        var abs = given.isEmpty ? currentDirectory : (given.hasPrefix("/") ? given : currentDirectory + "/" + given)
        while abs.count > 1 && abs.hasSuffix("/") { abs.removeLast() }
        let last = (abs as NSString).lastPathComponent
        // `.`, `..` and `/` name existing folders: resolved whole, as the kernel does.
        if last == "." || last == ".." || abs == "/" { return OutputGuard.realPath(abs, cwd: "/") }
        let parent = OutputGuard.realPath((abs as NSString).deletingLastPathComponent, cwd: "/")
        let path = parent == "/" ? "/" + last : parent + "/" + last
        if let st = SafeFile.lstat(path), st.isLink {
            guard let r = realpath(path, nil) else {
                throw InputError(file: given, message: "\(what) is a symbolic link to \(Discovery.linkTarget(path)), which does not exist; refusing to write through it (remove the link or give another path)")
            }
            defer { free(r) }
            let target = String(cString: r)
            notes.append("\(what) \(given) is a symbolic link; writing to its target \(target)")
            return target
        }
        return path
    }

    /// Refuses `/`, home, the current folder, a scanned root or a parent of one.
    func refuseProtected(_ path: String, given: String, what: String) throws(InputError) {
        if path == "/" { throw InputError(file: given, message: "\(what) cannot be the filesystem root") }
        if let home, path == home { throw InputError(file: given, message: "\(what) cannot be your home folder; give a new folder, e.g. \(given)/auditpack-packet") }
        if path == currentDirectory { throw InputError(file: given, message: "\(what) cannot be the current folder; give a new folder, e.g. ./packet") }
        for r in roots {
            if path == r { throw InputError(file: given, message: "\(what) cannot be a scanned root (\(r)): auditpack never writes over what it audits; give a folder outside it, or a new subfolder") }
            if OutputGuard.isInside(r, path) { throw InputError(file: given, message: "\(what) cannot be a parent of the scanned root \(r): auditpack never writes over what it audits; give a new folder") }
        }
        if let home, OutputGuard.isInside(home, path) { throw InputError(file: given, message: "\(what) cannot be a parent of your home folder") }
        if OutputGuard.isInside(currentDirectory, path) { throw InputError(file: given, message: "\(what) cannot be a parent of the current folder") }
    }

    // MARK: packet folders

    /// Checks a packet output folder; returns its resolved path. An existing folder must be
    /// empty or a packet auditpack wrote; `force` replaces any other folder except the
    /// protected ones.
    public mutating func packetFolder(_ given: String, force: Bool) throws(InputError) -> String {
        let path = try resolve(given, what: "the packet folder")
        try refuseProtected(path, given: given, what: "the packet folder")
        guard let st = SafeFile.lstat(path) else { return path }
        guard st.isDir else {
            throw InputError(file: given, message: "exists and is not a folder; refusing to replace it (give a new folder name)")
        }
        if force {
            // --force replaces a folder of the user's, never part of what is audited.
            if let r = roots.first(where: { OutputGuard.isInside(path, $0) }), OutputGuard.packetCheck(path) != .packet {
                throw InputError(file: given, message: "is inside the scanned root \(r) and is not a packet auditpack wrote; --force never replaces part of what is audited")
            }
            return path
        }
        switch OutputGuard.packetCheck(path) {
        case .packet, .empty: return path
        case .notPacket(let why):
            throw InputError(file: given, message: "exists and is not a packet auditpack wrote (\(why)); nothing was changed. Give a new folder, remove this one yourself, or pass --force to replace it")
        }
    }

    enum PacketCheck: Equatable { case empty, packet, notPacket(String) }

    /// Whether `path` holds exactly a packet auditpack wrote: MANIFEST.sha256 in sha256sum
    /// form, results.json naming the tool, and every file listed (no symlink, no unlisted file).
    static func packetCheck(_ path: String) -> PacketCheck {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return .notPacket("it cannot be listed") }
        if entries.isEmpty { return .empty }
        guard let manifestData = try? SafeFile.readPrefix(path + "/MANIFEST.sha256", count: 64 << 20),
              let manifest = String(data: manifestData, encoding: .utf8) else { return .notPacket("no MANIFEST.sha256") }
        var listed = Set<String>()
        for line in manifest.split(separator: "\n") {
            guard let entry = Manifest.parseLine(line) else { return .notPacket("MANIFEST.sha256 is not an auditpack manifest") }
            listed.insert(entry.name)
        }
        guard listed.contains("results.json"),
              let results = try? SafeFile.readPrefix(path + "/results.json", count: 64 << 20),
              let json = try? JSONSerialization.jsonObject(with: results) as? [String: Any],
              let tool = json["tool"] as? [String: Any], tool["name"] as? String == "auditpack" else {
            return .notPacket("no results.json written by auditpack")
        }
        // Every entry must be a listed file or a folder on the way to one.
        var folders = Set<String>()
        for name in listed {
            var p = (name as NSString).deletingLastPathComponent
            while !p.isEmpty { folders.insert(p); p = (p as NSString).deletingLastPathComponent }
        }
        var unexpected: [String] = []
        var stack = [""]
        while let rel = stack.popLast() {
            let abs = rel.isEmpty ? path : path + "/" + rel
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: abs) else { return .notPacket("\(rel) cannot be listed") }
            for n in names {
                let r = rel.isEmpty ? n : rel + "/" + n
                guard let st = SafeFile.lstat(path + "/" + r) else { continue }
                if st.isDir && !st.isLink && folders.contains(r) { stack.append(r) }
                else if st.isRegular && (listed.contains(r) || r == "MANIFEST.sha256" || r == PacketSigning.attestationFile) { continue }
                else { unexpected.append(r) }
            }
        }
        if !unexpected.isEmpty {
            let shown = unexpected.sorted().prefix(3).map { Escape.terminal($0) }.joined(separator: ", ")
            return .notPacket("it also holds \(unexpected.count) file(s) the packet does not list: \(shown)\(unexpected.count > 3 ? ", …" : "")")
        }
        return .packet
    }

    /// Checks a folder that outputs are written into (it may exist; nothing in it is removed).
    public mutating func folder(_ given: String, what: String) throws(InputError) -> String {
        let path = try resolve(given, what: what)
        try refuseProtected(path, given: given, what: what)
        if let st = SafeFile.lstat(path), !st.isDir {
            throw InputError(file: given, message: "\(what) exists and is not a folder")
        }
        return path
    }

    // MARK: single files

    /// Checks a file output (a report, a zip, a review record); returns its resolved path.
    /// An existing file is replaced only when it is a regular file auditpack wrote (or empty).
    public mutating func file(_ given: String, what: String, owner: Ownership) throws(InputError) -> String {
        let path = try resolve(given, what: what)
        try refuseProtected(path, given: given, what: what)
        guard let st = SafeFile.lstat(path) else { return path }
        guard st.isRegular else {
            throw InputError(file: given, message: "\(what) exists and is not a regular file (\(st.isDir ? "a folder" : "a special file")); refusing to replace it")
        }
        if st.0.size == 0 || owner.owns(path) { return path }
        throw InputError(file: given, message: "\(what) exists and was not written by auditpack; refusing to overwrite it (give another name, or remove it yourself)")
    }

    /// What an existing file must be for auditpack to replace it: the very kind of output
    /// it would write there, recognised by its structure (never by a word it contains).
    public enum Ownership: Sendable {
        case resultsJSON, sarif, junit, oscal, table, reviewMarkdown, reviewHTML, packetZip, factInventory

        public static func of(_ format: ReportFormat) -> Ownership {
            switch format {
            case .json: return .resultsJSON
            case .sarif: return .sarif
            case .junit: return .junit
            case .oscal: return .oscal
            case .table: return .table
            }
        }

        public func owns(_ path: String) -> Bool {
            if self == .packetZip { return OutputGuard.looksLikeOurZip(path) }
            guard let data = try? SafeFile.readPrefix(path, count: 64 << 20) else { return false }
            func json() -> [String: Any]? { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] }
            switch self {
            case .resultsJSON, .factInventory:
                return (json()?["tool"] as? [String: Any])?["name"] as? String == "auditpack"
            case .sarif:
                let runs = json()?["runs"] as? [[String: Any]]
                return ((runs?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["name"] as? String == "auditpack"
            case .oscal:
                let ar = json()?["assessment-results"] as? [String: Any]
                return (ar?["import-ap"] as? [String: Any])?["href"] as? String == "#auditpack-assessment-plan"
            case .junit:
                let head = String(decoding: data.prefix(512), as: UTF8.self)
                return head.hasPrefix("<?xml") && head.contains("<testsuites name=\"auditpack\"")
            case .table:
                // Area headings, item rows and the summary line, nothing else.
                let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
                guard let last = lines.last, last.range(of: #"^\d+ pass, \d+ fail, \d+ warn, \d+ error, \d+ open manual, \d+ not applicable"#, options: .regularExpression) != nil else { return false }
                let rows = lines.dropLast().filter { $0.hasPrefix("  ") }
                return !rows.isEmpty && rows.allSatisfy { $0.range(of: #"^  (\x{1B}\[[0-9;]*m)?(PASS|FAIL|WARN|ERROR|OPEN|N/A|N\/A|WAIVED) "#, options: .regularExpression) != nil }
            case .reviewMarkdown:
                return String(decoding: data.suffix(200), as: UTF8.self).contains(ReviewRecord.markdownMarker)
            case .reviewHTML:
                return String(decoding: data.prefix(4096), as: UTF8.self).contains("<meta name=\"generator\" content=\"auditpack")
            case .packetZip:
                return false
            }
        }
    }

    /// A zip auditpack wrote: entries all under one folder, holding a MANIFEST.sha256 that
    /// lists every other entry and a results.json naming the tool.
    public static func looksLikeOurZip(_ path: String) -> Bool {
        guard let (files, others) = try? PacketZip.contents(of: URL(fileURLWithPath: path)), others.isEmpty,
              let manifest = files["MANIFEST.sha256"].map({ String(decoding: $0, as: UTF8.self) }),
              let results = files["results.json"],
              ((try? JSONSerialization.jsonObject(with: results)) as? [String: Any]).flatMap({ $0["tool"] as? [String: Any] })?["name"] as? String == "auditpack"
        else { return false }
        var listed = Set<String>()
        for line in manifest.split(separator: "\n") {
            guard let e = Manifest.parseLine(line) else { return false }
            listed.insert(e.name)
        }
        return Set(files.keys).subtracting(["MANIFEST.sha256", PacketSigning.attestationFile]) == listed
    }

    // MARK: writing

    /// A fresh name beside `path` for a temporary file or folder.
    static func temporaryName(beside path: String, suffix: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return (dir.isEmpty ? "." : dir) + "/.\(base).\(suffix)-\(getpid())-\(random)"
    }

    /// Writes `data` to `path` atomically: a new temporary file (`O_CREAT|O_EXCL|O_NOFOLLOW`,
    /// never through a planted link) beside it, then `rename`.
    public static func writeFile(_ data: Data, to path: String, mode: mode_t = 0o644) throws(InputError) {
        let tmp = try writeTemporary(data, beside: path, mode: mode)
        guard rename(tmp, path) == 0 else {
            let e = errno
            unlink(tmp)
            throw InputError(file: path, message: "cannot write here (\(String(cString: strerror(e))))")
        }
    }

    /// Writes a new temporary file beside `path` and returns its name.
    static func writeTemporary(_ data: Data, beside path: String, mode: mode_t = 0o644) throws(InputError) -> String {
        for _ in 0..<8 {
            let tmp = temporaryName(beside: path, suffix: "tmp")
            let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw InputError(file: path, message: "cannot write here (\(String(cString: strerror(errno))))")
            }
            var ok = true
            data.withUnsafeBytes { raw in
                var off = 0
                while off < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                    if n <= 0 { if n < 0 && errno == EINTR { continue }; ok = false; break }
                    off += n
                }
            }
            let e = errno
            close(fd)
            guard ok else {
                unlink(tmp)
                throw InputError(file: path, message: "cannot write here (\(String(cString: strerror(e))))")
            }
            return tmp
        }
        throw InputError(file: path, message: "cannot create a temporary file beside it")
    }
}

/// `MANIFEST.sha256` lines in the form `sha256sum` writes and reads: `HASH  NAME`, and for a
/// name holding a backslash, newline or carriage return, a leading `\` with those escaped.
public enum Manifest {
    public static func line(hash: String, name: String) -> String {
        guard name.contains(where: { $0 == "\\" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return "\(hash)  \(name)\n" }
        var escaped = ""
        for u in name.unicodeScalars {
            switch u {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.unicodeScalars.append(u)
            }
        }
        return "\\\(hash)  \(escaped)\n"
    }

    /// `(hash, name)` of one line, or nil when it is not a sha256sum line.
    public static func parseLine<S: StringProtocol>(_ line: S) -> (hash: String, name: String)? {
        var s = Substring(line)
        let escaped = s.hasPrefix("\\")
        if escaped { s = s.dropFirst() }
        let hash = s.prefix(64)
        guard hash.count == 64, hash.allSatisfy({ $0.isHexDigit }) else { return nil }
        let rest = s.dropFirst(64)
        guard rest.hasPrefix("  ") || rest.hasPrefix(" *") else { return nil }
        let raw = rest.dropFirst(2)
        guard !raw.isEmpty else { return nil }
        guard escaped else { return (String(hash), String(raw)) }
        var name = ""
        var it = raw.unicodeScalars.makeIterator()
        while let u = it.next() {
            guard u == "\\" else { name.unicodeScalars.append(u); continue }
            switch it.next() {
            case "\\": name += "\\"
            case "n": name += "\n"
            case "r": name += "\r"
            default: return nil
            }
        }
        return (String(hash), name)
    }
}
