import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Filesystem facts gathered from `lstat`; never follows a symlink.
public struct FileStat: Sendable, Equatable, Hashable {
    /// Permission bits only (e.g. 0o640).
    public var mode: UInt32
    public var uid: UInt32
    public var gid: UInt32
    public var size: Int64
    /// Seconds since 1970.
    public var mtime: Double

    public var octal: String { String(format: "%04o", mode) }
}

/// Read-only access to scanned files: `O_NOFOLLOW`, `O_NOATIME` where permitted, only regular
/// files, bounded reads. Nothing here writes.
public enum SafeFile {
    public enum ReadError: Error, Sendable, Equatable {
        case cannotOpen(errno: Int32)
        case notRegular
        case tooLarge(Int64)
    }

    public static func lstat(_ path: String) -> (FileStat, isDir: Bool, isRegular: Bool, isLink: Bool)? {
        var st = stat()
        guard Glibc.lstat(path, &st) == 0 else { return nil }
        return (makeStat(st), isDir(st), isRegular(st), (st.st_mode & S_IFMT) == S_IFLNK)
    }

    /// `stat` through symlinks: nil when the path (or a link's target) does not exist.
    public static func statFollowing(_ path: String) -> FileStat? {
        var st = Glibc.stat()
        let rc = fstatat(AT_FDCWD, path, &st, 0)
        guard rc == 0 else { return nil }
        return makeStat(st)
    }

    static func makeStat(_ st: stat) -> FileStat {
        FileStat(mode: UInt32(st.st_mode) & 0o7777, uid: st.st_uid, gid: st.st_gid, size: Int64(st.st_size),
                 mtime: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
    }

    static func isDir(_ st: stat) -> Bool { (st.st_mode & S_IFMT) == S_IFDIR }
    static func isRegular(_ st: stat) -> Bool { (st.st_mode & S_IFMT) == S_IFREG }

    /// Linux `O_NOATIME` (not exported by Glibc's module without _GNU_SOURCE).
    static let noAtime: Int32 = 0o1000000

    /// Opens a regular file read-only without following links or touching its atime.
    public static func openReadOnly(_ path: String) throws(ReadError) -> Int32 {
        let base = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK
        var fd = open(path, base | noAtime)
        if fd < 0 && errno == EPERM { fd = open(path, base) }  // O_NOATIME needs ownership
        guard fd >= 0 else { throw .cannotOpen(errno: errno) }
        var st = stat()
        guard fstat(fd, &st) == 0, isRegular(st) else {
            close(fd)
            throw .notRegular
        }
        return fd
    }

    /// Reads a whole regular file of at most `limit` bytes.
    public static func read(_ path: String, limit: Int64 = 8 << 20) throws(ReadError) -> Data {
        let fd = try openReadOnly(path)
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        if Int64(st.st_size) > limit { throw .tooLarge(Int64(st.st_size)) }
        return readAll(fd: fd, max: Int(limit))
    }

    /// Reads at most `count` bytes from the start of a file.
    public static func readPrefix(_ path: String, count: Int) throws(ReadError) -> Data {
        let fd = try openReadOnly(path)
        defer { close(fd) }
        return readAll(fd: fd, max: count)
    }

    static func readAll(fd: Int32, max: Int) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while data.count < max {
            let want = min(buffer.count, max - data.count)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    public static func describe(_ error: ReadError) -> String {
        switch error {
        case .cannotOpen(let e): return "cannot be read: \(String(cString: strerror(e)))"
        case .notRegular: return "is not a regular file; not read"
        case .tooLarge(let size): return "is \(size) bytes, larger than a configuration file can be; not read"
        }
    }

    /// Decodes bytes as UTF-8, repairing invalid sequences; reports whether repair was needed.
    public static func text(_ data: Data) -> (String, valid: Bool) {
        if let s = String(data: data, encoding: .utf8) { return (s, true) }
        return (String(decoding: data, as: UTF8.self), false)
    }
}
