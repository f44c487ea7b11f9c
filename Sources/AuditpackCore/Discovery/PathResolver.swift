import Foundation

/// One rule for absolute paths named in configs (handler files, logrotate globs and
/// includes, rsyslog file actions and includes, Prometheus rule files). A path resolves, in
/// this order, to:
/// 1. the same path inside a scanned root that holds it by real path (scanning `/etc` and
///    `/var/log` on a live host);
/// 2. the path joined under a root that is a filesystem image (detected: it holds `etc/`
///    and `var/` or `usr/`; or declared with `--image` / `scan.images`);
/// 3. `scan.path_map` (longest deployed prefix);
/// 4. otherwise it is outside the scanned roots: reported as not scanned, and nothing there
///    is opened, stat'ed, listed or hashed.
public struct PathResolver: Sendable {
    public struct Root: Sendable, Equatable {
        /// As scanned (absolute, standardised).
        public var path: String
        /// With symlinks resolved.
        public var real: String
        public var isImage: Bool
        /// Taken as an image because the configuration or `--image` said so.
        public var declaredImage: Bool
    }

    public enum Via: String, Sendable { case root, image, pathMap = "path_map" }

    public struct Resolved: Sendable, Equatable {
        /// The local absolute path to read.
        public var local: String
        /// The folder the result must stay inside (the root, image root or mapped folder):
        /// nothing below it may be reached through a symlink.
        public var base: String
        public var via: Via
        public var rootIndex: Int?
    }

    public var roots: [Root]
    public var pathMap: [(deployed: String, local: String)]

    public init(roots: [ScanRoot], declaredImages: [String] = [], pathMap: [(deployed: String, local: String)] = []) {
        let declared = Set(declaredImages.map { PathResolver.real(Discovery.absolute($0)) })
        self.roots = roots.map { r in
            let real = PathResolver.real(r.path)
            let isDeclared = declared.contains(real)
            return Root(path: r.path, real: real, isImage: isDeclared || PathResolver.looksLikeImage(r.path), declaredImage: isDeclared)
        }
        self.pathMap = pathMap.map { (Scanner.normalize($0.deployed), Scanner.normalize($0.local)) }
    }

    /// A filesystem image: a folder holding `etc/` and `var/` or `usr/` (never `/` itself,
    /// where every path already resolves by rule 1).
    static func looksLikeImage(_ path: String) -> Bool {
        guard path != "/", SafeFile.lstat(path + "/etc")?.isDir == true else { return false }
        return SafeFile.lstat(path + "/var")?.isDir == true || SafeFile.lstat(path + "/usr")?.isDir == true
    }

    static func real(_ path: String) -> String {
        guard let r = realpath(path, nil) else { return path }
        defer { free(r) }
        return String(cString: r)
    }

    /// Where an absolute path named in a config is read from, or nil when it lies outside
    /// the scanned roots. `from` is the root of the file naming it: an image root other
    /// than its own is a different machine, so its own image is preferred. Lexical only:
    /// nothing is stat'ed here.
    public func resolve(_ path: String, from: Int? = nil) -> Resolved? {
        guard path.hasPrefix("/") else { return nil }
        let p = Scanner.normalize(path)
        for (i, r) in roots.enumerated() {
            for prefix in [r.real, r.path] where p == prefix || PathResolver.isBelow(p, prefix) {
                let rest = prefix == "/" ? p : String(p.dropFirst(prefix.count))
                return Resolved(local: r.path == "/" ? (rest.isEmpty ? "/" : rest) : r.path + (rest == "/" ? "" : rest),
                                base: r.path, via: .root, rootIndex: i)
            }
        }
        let images = roots.indices.filter { roots[$0].isImage }
        if let i = images.first(where: { $0 == from }) ?? images.first {
            return Resolved(local: p == "/" ? roots[i].path : roots[i].path + p, base: roots[i].path, via: .image, rootIndex: i)
        }
        if let m = Facts.mapped(p, pathMap: pathMap) {
            return Resolved(local: Scanner.normalize(m.path), base: m.entry.local, via: .pathMap, rootIndex: nil)
        }
        return nil
    }

    static func isBelow(_ path: String, _ folder: String) -> Bool {
        folder == "/" ? path != "/" : path.hasPrefix(folder + "/")
    }
}

/// A path a config names that lies outside every scanned root: listed, never read.
public struct NotScanned: Sendable, Equatable, Comparable, Codable {
    /// As the config names it (absolute).
    public var path: String
    /// What names it: a handler's file, a logrotate pattern or include, …
    public var what: String
    public var referencedBy: [SourceRef]

    public init(path: String, what: String, referencedBy: [SourceRef]) {
        self.path = path
        self.what = what
        self.referencedBy = referencedBy
    }

    public static func < (a: NotScanned, b: NotScanned) -> Bool { (a.path, a.what) < (b.path, b.what) }

    public static let advice = "outside the scanned roots: add it as a root, scan a filesystem image holding it, or map it with scan.path_map"

    /// Entries with the same path and kind merged, references sorted.
    static func merged(_ entries: [NotScanned]) -> [NotScanned] {
        var byKey: [String: NotScanned] = [:]
        for e in entries {
            let key = e.path + "\u{0}" + e.what
            if var existing = byKey[key] { existing.referencedBy += e.referencedBy; byKey[key] = existing } else { byKey[key] = e }
        }
        return byKey.values.map { e in
            var e = e
            e.referencedBy = Array(Set(e.referencedBy)).sorted()
            return e
        }.sorted()
    }
}
