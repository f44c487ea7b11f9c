import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct ScanRoot: Sendable, Equatable {
    /// Absolute, standardised.
    public var path: String
    /// As the user gave it.
    public var given: String
}

public struct DiscoveredFile: Sendable, Equatable {
    public var rootIndex: Int
    /// Relative to its root; what results show.
    public var relPath: String
    public var absPath: String
    public var kind: FileKind
    public var stat: FileStat
}

/// A folder holding logs, aggregated: memory stays bounded however many files it holds.
public struct LogDir: Sendable, Equatable {
    public struct ModeGroup: Sendable, Equatable {
        public var count = 0
        /// Up to 10 example names.
        public var examples: [String] = []
    }

    /// Relative to its root, or absolute when outside every root.
    public var displayPath: String
    public var absPath: String
    public var stat: FileStat
    public var fileCount = 0
    public var bytes: Int64 = 0
    public var newestMtime: Double?
    public var oldestMtime: Double?
    public var oldestRotatedMtime: Double?
    public var rotatedCount = 0
    /// Log files by permission bits.
    public var modes: [UInt32: ModeGroup] = [:]
    /// Names of active (not rotated) log files, capped at `activeCap`.
    public var activeLogs: [String] = []
    /// Sizes of `activeLogs`, in the same order.
    public var activeLogBytes: [Int64] = []
    public var activeLogsOmitted = 0
    public static let activeCap = 10_000

    mutating func add(name: String, stat st: FileStat, rotated: Bool) {
        fileCount += 1
        bytes += st.size
        newestMtime = max(newestMtime ?? st.mtime, st.mtime)
        oldestMtime = min(oldestMtime ?? st.mtime, st.mtime)
        if rotated {
            rotatedCount += 1
            oldestRotatedMtime = min(oldestRotatedMtime ?? st.mtime, st.mtime)
        } else if activeLogs.count < Self.activeCap {
            activeLogs.append(name)
            activeLogBytes.append(st.size)
        } else {
            activeLogsOmitted += 1
        }
        var group = modes[st.mode] ?? ModeGroup()
        group.count += 1
        if group.examples.count < 10 { group.examples.append(name) }
        modes[st.mode] = group
    }
}

public struct DiscoveryResult: Sendable {
    public var roots: [ScanRoot]
    public var files: [DiscoveredFile] = []
    public var logDirs: [LogDir] = []
    public var issues: [ParseIssue] = []
    public var symlinksSkipped = 0
    public var specialFilesSkipped = 0
}

/// One walk of every root: classifies files and gathers filesystem facts for log folders.
/// `opendir`/`readdir`/`fstatat(AT_SYMLINK_NOFOLLOW)`: no symlink is followed (so no loop and
/// no escape from a root), no FIFO or device is opened, nothing is written.
public struct Discovery: Sendable {
    public var exclude: [String]
    /// Extra log folders (absolute) to aggregate even without `*.log` names.
    public var logDirs: [String]
    public var contentSniffLimit = 64 * 1024
    /// Roots declared as filesystem images (others are detected), and the root-relative
    /// folders of an image that hold package data, not live configuration: not walked.
    public var declaredImages: [String] = []
    public var imageExclude: [String] = []
    /// Files examined so far, for a terminal progress line.
    public var progress: ProgressMeter?

    public init(exclude: [String], logDirs: [String] = []) {
        self.exclude = exclude
        self.logDirs = logDirs
    }

    public func run(roots given: [String]) -> DiscoveryResult {
        let roots = given.map { ScanRoot(path: Self.absolute($0), given: $0) }
        var result = DiscoveryResult(roots: roots)
        var dirs: [String: LogDir] = [:]
        let namedLogDirs = Set(logDirs.map(Self.absolute))
        for (index, root) in roots.enumerated() {
            guard let info = SafeFile.lstat(root.path), info.isDir else {
                result.issues.append(ParseIssue(path: root.given, line: nil, message: "scan root is not a readable folder"))
                continue
            }
            let declared = Set(declaredImages.map { PathResolver.real(Self.absolute($0)) })
            let isImage = declared.contains(PathResolver.real(root.path)) || PathResolver.looksLikeImage(root.path)
            walk(rootIndex: index, root: root, namedLogDirs: namedLogDirs, packageData: isImage ? Set(imageExclude) : [], into: &result, dirs: &dirs)
        }
        // Named log folders outside every root: aggregate them too (absolute display paths).
        for dir in namedLogDirs.sorted() where !roots.contains(where: { dir == $0.path || dir.hasPrefix($0.path + "/") }) {
            guard let info = SafeFile.lstat(dir), info.isDir else {
                result.issues.append(ParseIssue(path: dir, line: nil, message: "log folder named in the configuration does not exist or is not a folder"))
                continue
            }
            guard let summary = summarize(dir: dir, display: dir, onError: { result.issues.append(ParseIssue(path: dir, line: nil, message: $0)) }) else { continue }
            dirs[dir] = summary
        }
        result.logDirs = dirs.values.sorted { $0.displayPath < $1.displayPath }
        for d in result.logDirs where d.activeLogsOmitted > 0 {
            result.issues.append(ParseIssue(path: d.displayPath, line: nil, message: "folder holds \(d.activeLogsOmitted) active log(s) beyond the first \(LogDir.activeCap) examined by name (retention streams, hashed-log detection); counts, sizes and modes cover all \(d.fileCount)"))
        }
        result.files.sort { ($0.rootIndex, $0.relPath) < ($1.rootIndex, $1.relPath) }
        result.issues.sort()
        return result
    }

    /// Aggregates one log folder (not recursive): every regular file in it counts as a log.
    public func summarize(dir: String, display: String, onError: (String) -> Void) -> LogDir? {
        guard let info = SafeFile.lstat(dir), info.isDir else { return nil }
        var summary = LogDir(displayPath: display, absPath: dir, stat: info.0)
        forEachEntry(in: dir) { name, st, isDir, isReg in
            guard isReg, !isDir else { return }
            summary.add(name: name, stat: st, rotated: FileClassifier.logBase(name)?.rotated ?? false)
        } onError: { onError($0) }
        return summary
    }

    static func absolute(_ path: String) -> String {
        let abs = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let std = (abs as NSString).standardizingPath
        return std.count > 1 && std.hasSuffix("/") ? String(std.dropLast()) : std
    }

    /// `scan.exclude` (a pattern matches a name, a root-relative path, or when absolute the
    /// absolute path), sorted once by kind so the walk pays a set lookup per entry for plain
    /// names (the defaults) and builds paths only for patterns that need them.
    struct ExcludeMatcher {
        var names: Set<String> = []
        var nameGlobs: [String] = []
        var relPatterns: [String] = []
        var absPatterns: [String] = []
        /// Root-relative folders skipped (an image's package data), compared exactly.
        var anchoredFolders: Set<String> = []

        init(_ patterns: [String]) {
            for p in patterns {
                if p.hasPrefix("/") { absPatterns.append(p) }
                else if p.contains("/") { relPatterns.append(p) }
                else if p.contains(where: { "*?[\\".contains($0) }) { nameGlobs.append(p) }
                else { names.insert(p) }
            }
        }

        var needsPaths: Bool { !nameGlobs.isEmpty || !relPatterns.isEmpty || !absPatterns.isEmpty }

        func matches(name: String, rel: () -> String, abs: () -> String) -> Bool {
            if names.contains(name) { return true }
            guard needsPaths else { return false }
            for p in nameGlobs where fnmatch(p, name, 0) == 0 || fnmatch(p, rel(), 0) == 0 { return true }
            for p in relPatterns where fnmatch(p, rel(), 0) == 0 { return true }
            for p in absPatterns where p == abs() || fnmatch(p, abs(), FNM_PATHNAME) == 0 { return true }
            return false
        }
    }

    static let namedSkipCap = 100

    /// A folder auditpack wrote as a packet: MANIFEST.sha256 and results.json side by side.
    /// Two cheap stats first; then the full check (a manifest listing every file and a
    /// results.json naming the tool), so two planted empty files cannot hide a folder.
    static func isPacketFolder(_ path: String) -> Bool {
        guard let m = SafeFile.lstat(path + "/MANIFEST.sha256"), m.isRegular,
              SafeFile.lstat(path + "/results.json")?.isRegular == true else { return false }
        return OutputGuard.packetCheck(path) == .packet
    }

    static func linkTarget(_ path: String) -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buf, buf.count - 1)
        guard n >= 0 else { return "?" }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func kindName(_ path: String) -> String {
        var st = stat()
        guard Glibc.lstat(path, &st) == 0 else { return "special file" }
        switch st.st_mode & S_IFMT {
        case S_IFIFO: return "FIFO (named pipe)"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        default: return "special file"
        }
    }

    /// What one part of the walk found; parts are merged after the parallel phase.
    struct WalkPartial {
        var files: [DiscoveredFile] = []
        var issues: [ParseIssue] = []
        var dirs: [String: LogDir] = [:]
        var symlinksSkipped = 0
        var specialFilesSkipped = 0
        /// Skipped links and special files to name: the first `namedSkipCap` by path, kept
        /// per part and cut again after the merge, so the named ones never depend on the
        /// number of cores or on readdir order.
        var skipped: [(issue: ParseIssue, isLink: Bool)] = []

        mutating func skip(_ issue: ParseIssue, isLink: Bool) {
            skipped.append((issue, isLink))
            if skipped.count > 2 * Discovery.namedSkipCap { trimSkipped() }
        }

        mutating func trimSkipped() {
            skipped.sort { $0.issue < $1.issue }
            if skipped.count > Discovery.namedSkipCap { skipped.removeLast(skipped.count - Discovery.namedSkipCap) }
        }

        mutating func absorb(_ o: WalkPartial) {
            files += o.files
            issues += o.issues
            dirs.merge(o.dirs) { a, _ in a }
            symlinksSkipped += o.symlinksSkipped
            specialFilesSkipped += o.specialFilesSkipped
            skipped += o.skipped
        }
    }

    /// The walk of one root: breadth-first until there are enough folders to share out, then
    /// each of those subtrees depth-first on its own core (the work is `getdents`/`fstatat`,
    /// which scales across cores). Output order never depends on timing: everything is
    /// sorted after the merge.
    private func walk(rootIndex: Int, root: ScanRoot, namedLogDirs: Set<String>, packageData: Set<String>,
                      into result: inout DiscoveryResult, dirs: inout [String: LogDir]) {
        let excluder = { var e = ExcludeMatcher(exclude); e.anchoredFolders = packageData; return e }()
        let linkContext = LinkContext(root: root.path, isImage: !packageData.isEmpty)
        var total = WalkPartial()
        var frontier: [(abs: String, rel: String)] = [(root.path, "")]
        let wanted = 8 * max(1, ProcessInfo.processInfo.activeProcessorCount)
        var levels = 0
        while !frontier.isEmpty && frontier.count < wanted && levels < 4 {
            var next: [(abs: String, rel: String)] = []
            for folder in frontier {
                next += visit(folder: folder, rootIndex: rootIndex, link: linkContext, namedLogDirs: namedLogDirs, excluder: excluder, into: &total)
            }
            frontier = next
            levels += 1
        }
        let parts = UnsafeResults<WalkPartial>(count: frontier.count)
        let start = frontier
        DispatchQueue.concurrentPerform(iterations: start.count) { i in
            var part = WalkPartial()
            var stack = [start[i]]
            while let folder = stack.popLast() {
                let subdirs = visit(folder: folder, rootIndex: rootIndex, link: linkContext, namedLogDirs: namedLogDirs, excluder: excluder, into: &part)
                stack.append(contentsOf: subdirs.reversed())
            }
            parts.set(i, part)
        }
        for p in parts.values { total.absorb(p) }
        result.files += total.files
        result.issues += total.issues
        dirs.merge(total.dirs) { a, _ in a }
        result.symlinksSkipped += total.symlinksSkipped
        result.specialFilesSkipped += total.specialFilesSkipped
        total.trimSkipped()
        result.issues += total.skipped.map(\.issue)
        let unnamed = total.symlinksSkipped - total.skipped.filter(\.isLink).count
        if unnamed > 0 {
            result.issues.append(ParseIssue(path: root.given, line: nil, message: "\(unnamed) other symbolic link(s) under this root were not followed (no symlink is ever followed)"))
        }
    }

    /// Lists one folder: classifies its files, aggregates its logs, returns its subfolders in
    /// name order.
    /// What judging a symlink needs: the root it must stay inside, and whether an absolute
    /// target means a path inside that root (a filesystem image).
    struct LinkContext {
        var root: String
        var isImage: Bool

        /// The link's target as a path, or nil when it leads outside the root (then nothing
        /// there is stat'ed: the machine running the scan is not the one audited).
        func inside(link: String, target: String) -> String? {
            let dir = (link as NSString).deletingLastPathComponent
            let lexical = Scanner.normalize(target.hasPrefix("/") ? (isImage ? root + target : target) : dir + "/" + target)
            guard lexical == root || PathResolver.isBelow(lexical, root), Scanner.noSymlink(below: root, to: (lexical as NSString).deletingLastPathComponent) else { return nil }
            return lexical
        }
    }

    private func visit(folder: (abs: String, rel: String), rootIndex: Int, link: LinkContext, namedLogDirs: Set<String>, excluder: ExcludeMatcher,
                       into part: inout WalkPartial) -> [(abs: String, rel: String)] {
        let (abs, rel) = folder
        // An earlier packet inside a root holds redacted copies of configs: never graded again.
        if !rel.isEmpty, Self.isPacketFolder(abs) {
            part.issues.append(ParseIssue(path: rel, line: nil, message: "an auditpack packet (MANIFEST.sha256 beside results.json); not scanned: a packet is never graded as configuration"))
            return []
        }
        let parentName = (abs as NSString).lastPathComponent
        let isNamedLogDir = namedLogDirs.contains(abs)
        var subdirs: [(abs: String, rel: String)] = []
        var entries = 0
        // This folder's logs are gathered here and stored once (no lookup per file).
        var folderLogs: LogDir?
        forEachEntry(in: abs) { name, st, isDir, isReg in
            entries += 1
            func childRel() -> String { rel.isEmpty ? name : rel + "/" + name }
            func childAbs() -> String { abs == "/" ? "/" + name : abs + "/" + name }
            if excluder.matches(name: name, rel: childRel, abs: childAbs) { return }
            if isDir {
                let r = childRel()
                if !excluder.anchoredFolders.isEmpty && excluder.anchoredFolders.contains(r) { return }
                subdirs.append((childAbs(), r))
                return
            }
            if isReg, let log = FileClassifier.logBase(name) {
                if folderLogs == nil { folderLogs = newLogDir(dirAbs: abs, dirRel: rel) }
                folderLogs!.add(name: name, stat: st, rotated: log.rotated)
                return
            }
            let childRel = childRel(), childAbs = childAbs()
            guard isReg else {
                // Symlinks, FIFOs, sockets and devices are never opened; the ones that
                // look like logs or configs are named, the rest counted.
                var relevant = FileClassifier.logBase(name) != nil || FileClassifier.expectedKind(name: name) != nil
                    || FileClassifier.classify(name: name, parentName: parentName, content: nil) != nil
                if SafeFile.lstat(childAbs)?.isLink == true {
                    part.symlinksSkipped += 1
                    // Links to folders (which could hide configs or loop), broken or looping
                    // links, and links out of the root are named too. A target outside the
                    // root is never stat'ed.
                    let targetText = Self.linkTarget(childAbs)
                    var what = "symbolic link out of the scanned root"
                    if let inside = link.inside(link: childAbs, target: targetText) {
                        var target = stat()
                        let resolves = fstatat(AT_FDCWD, inside, &target, AT_SYMLINK_NOFOLLOW) == 0
                        let isLink = resolves && (target.st_mode & S_IFMT) == S_IFLNK
                        what = !resolves ? "broken symbolic link" : isLink ? "symbolic link to a symbolic link"
                             : SafeFile.isDir(target) ? "symbolic link to a folder" : "symbolic link"
                        if !resolves || isLink || SafeFile.isDir(target) { relevant = true }
                    } else {
                        relevant = true
                    }
                    if relevant {
                        part.skip(ParseIssue(path: childRel, line: nil, message: "\(what) not followed (to \(targetText)); no symlink is followed: scan its target as a root if it belongs to the system"), isLink: true)
                    }
                } else {
                    part.specialFilesSkipped += 1
                    part.skip(ParseIssue(path: childRel, line: nil, message: "\(Self.kindName(childAbs)) not opened; only regular files are read"), isLink: false)
                }
                return
            }
            if isNamedLogDir {
                if folderLogs == nil { folderLogs = newLogDir(dirAbs: abs, dirRel: rel) }
                folderLogs!.add(name: name, stat: st, rotated: false)
            }
            var content: String?
            if FileClassifier.wantsContent(name: name) && st.size > 0 {
                if let data = try? SafeFile.readPrefix(childAbs, count: contentSniffLimit) {
                    content = SafeFile.text(data).0
                } else {
                    part.issues.append(ParseIssue(path: childRel, line: nil, message: "file cannot be read; not classified"))
                }
            }
            if let kind = FileClassifier.classify(name: name, parentName: parentName, content: content) {
                part.files.append(DiscoveredFile(rootIndex: rootIndex, relPath: childRel, absPath: childAbs, kind: kind, stat: st))
            } else if let expected = FileClassifier.expectedKind(name: name) {
                // A well-known configuration name whose content is not that configuration.
                let why = content == nil ? (st.size == 0 ? "is empty" : "was not read")
                        : content!.contains("\u{0}") ? "holds binary data" : "does not read as one"
                part.issues.append(ParseIssue(path: childRel, line: nil, message: "named like a \(expected.rawValue) file but \(why); not graded"))
            }
        } onError: { message in
            part.issues.append(ParseIssue(path: rel.isEmpty ? "." : rel, line: nil, message: message))
        }
        if let folderLogs { part.dirs[abs] = folderLogs }
        progress?.add(entries)
        return subdirs.sorted { $0.abs < $1.abs }
    }

    private func newLogDir(dirAbs: String, dirRel: String) -> LogDir {
        let dirStat = SafeFile.lstat(dirAbs)?.0 ?? FileStat(mode: 0, uid: 0, gid: 0, size: 0, mtime: 0)
        return LogDir(displayPath: dirRel.isEmpty ? "." : dirRel, absPath: dirAbs, stat: dirStat)
    }

    /// Lists one folder with `readdir` + `fstatat(AT_SYMLINK_NOFOLLOW)`.
    private func forEachEntry(in path: String, _ body: (String, FileStat, _ isDir: Bool, _ isRegular: Bool) -> Void,
                              onError: (String) -> Void) {
        guard let dir = opendir(path) else {
            onError("folder cannot be read (\(String(cString: strerror(errno)))); its contents were not scanned")
            return
        }
        defer { closedir(dir) }
        let fd = dirfd(dir)
        while let entry = readdir(dir) {
            let name: String? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.prefix(while: { $0 != 0 })
                return String(validating: bytes, as: UTF8.self)
            }
            guard let name else {
                onError("a file name in this folder is not valid UTF-8; that entry was skipped")
                continue
            }
            if name == "." || name == ".." { continue }
            var st = stat()
            let rc = withUnsafePointer(to: &entry.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { fstatat(fd, $0, &st, AT_SYMLINK_NOFOLLOW) }
            }
            guard rc == 0 else {
                onError("\(name) cannot be examined (\(String(cString: strerror(errno))))")
                continue
            }
            body(name, SafeFile.makeStat(st), SafeFile.isDir(st), SafeFile.isRegular(st))
        }
    }
}
