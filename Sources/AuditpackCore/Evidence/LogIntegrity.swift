import CLineHash
import Crypto
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Verifies tamper-evident logs in two formats (documented in README, "Log integrity"):
///
/// - **hash-suffixed**: `MESSAGE|HASH=<hex sha256(MESSAGE)>`. Catches an altered line; not a
///   deleted, inserted or reordered one.
/// - **hash-chained**: `MESSAGE|CHAIN=<H>` with `H(i) = hex sha256(H(i-1) + MESSAGE)`, where
///   `H(i-1)` is the 64 lowercase hex characters ending the previous line and `H(0)` is 64 `0`s.
///   A deleted, inserted, reordered or altered line breaks the chain at that line.
///
/// The file is split at line boundaries into one segment per core; each segment is streamed
/// through a fixed 1 MiB buffer with `pread`, so memory stays bounded however large the log and
/// however long a line (a line over 1 MiB is reported, never buffered). Each chained line
/// depends only on the line before it, so segments verify independently and the first bad line
/// is still named exactly.
public enum LogIntegrity {
    public enum Format: String, Sendable, Codable {
        case suffixed = "hash-suffixed"
        case chained = "hash-chained"

        var marker: [UInt8] { Array((self == .suffixed ? "|HASH=" : "|CHAIN=").utf8) }
    }

    static let bufferSize = 1 << 20
    static let genesis = [UInt8](repeating: 0x30, count: 64)

    /// The format of a log, judged by its first line; nil when it is neither.
    public static func detect(_ path: String) -> Format? {
        guard let data = try? SafeFile.readPrefix(path, count: 4096) else { return nil }
        let firstLine = data.prefix(while: { $0 != 0x0A })
        guard firstLine.count < 4096 else { return nil }
        if firstLine.range(of: Data("|CHAIN=".utf8)) != nil { return .chained }
        if firstLine.range(of: Data("|HASH=".utf8)) != nil { return .suffixed }
        return nil
    }

    /// Verifies one log. `previousChainValue` continues a chain from the file verified before
    /// (rotated files, oldest first); `parallelism` is the number of segments at most.
    public static func verify(path: String, display: String, format known: Format? = nil, previousChainValue: String? = nil,
                              parallelism: Int = ProcessInfo.processInfo.activeProcessorCount,
                              minSegmentBytes: Int64 = 8 << 20,
                              progress: (@Sendable (Int) -> Void)? = nil) -> HashedLogResult {
        let format = known ?? detect(path) ?? .suffixed
        var result = HashedLogResult(path: display, format: format, lines: 0, bad: 0)
        guard let fd = try? SafeFile.openReadOnly(path) else {
            result.firstBadReason = "cannot be read"
            result.bad = 1
            return result
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            result.firstBadReason = "cannot be examined"
            result.bad = 1
            return result
        }
        let size = Int64(st.st_size)
        // Segments of at least 8 MiB by default: below that, threads cost more than they bring.
        let wanted = max(1, min(parallelism, Int(size / max(1, minSegmentBytes))))
        var bounds: [Int64] = [0]
        for k in 1..<wanted {
            let b = nextLineStart(fd: fd, from: size * Int64(k) / Int64(wanted), size: size)
            if b > bounds.last! && b < size { bounds.append(b) }
        }
        bounds.append(size)
        let segments = bounds.count - 1
        let first = previousChainValue.map { Array($0.utf8) }
        let allocated = UnsafeMutableBufferPointer<Segment>.allocate(capacity: segments)
        allocated.initialize(repeating: Segment())
        defer { allocated.deallocate() }
        // Each iteration writes only its own slot.
        nonisolated(unsafe) let outcomes = allocated
        let frozenBounds = bounds
        DispatchQueue.concurrentPerform(iterations: segments) { k in
            outcomes[k] = verifySegment(fd: fd, format: format, from: frozenBounds[k], to: frozenBounds[k + 1],
                                        atFileEnd: k == segments - 1, startPrevious: k == 0 ? first : nil, progress: progress)
        }
        var base = 0
        for k in 0..<segments {
            let s = outcomes[k]
            if let local = s.firstBad, result.firstBadLine == nil {
                result.firstBadLine = base + local
                result.firstBadReason = s.firstBadReason
            }
            result.bad += s.bad
            base += s.lines
            if k == 0 { result.anchoredMidChain = s.anchored }
        }
        result.lines = base
        // A log that grew, shrank or was replaced while it was read (an active log being
        // written, or copytruncate) is said so: its result covers the bytes as first seen.
        var now = stat(), byPath = stat()
        let sameFile = fstatat(AT_FDCWD, path, &byPath, AT_SYMLINK_NOFOLLOW) == 0 && byPath.st_ino == st.st_ino && byPath.st_dev == st.st_dev
        if fstat(fd, &now) != 0 || now.st_size != st.st_size || !sameFile {
            result.changedWhileReading = true
        }
        // A last line without a newline that does not verify is excused (as a record being
        // written) only when the file was changing under the reader; otherwise it counts.
        let last = outcomes[segments - 1]
        if last.incompleteLastLine {
            if result.changedWhileReading {
                result.incompleteLastLine = true
            } else {
                result.bad += 1
                if result.firstBadLine == nil {
                    result.firstBadLine = base
                    result.firstBadReason = last.incompleteReason ?? "last line (no newline) does not verify"
                }
            }
        }

        if format == .chained, let lastValue = outcomes[segments - 1].lastValue {
            result.lastChainValue = String(decoding: lastValue, as: UTF8.self)
        }
        // A chain is handed on to the next file only from a last line that verified.
        if format == .chained && (last.lastLineBad || (last.incompleteLastLine && !result.changedWhileReading)) {
            result.lastChainValue = nil
        }
        return result
    }

    /// Verifies files in order; a chained file continues the chain of the chained file before it.
    public static func verify(paths: [(path: String, display: String)]) -> [HashedLogResult] {
        var previous: String?
        return paths.map { item in
            let r = verify(path: item.path, display: item.display, previousChainValue: previous)
            previous = nextPrevious(after: r, previous: previous)
            return r
        }
    }

    /// The chain value the next file must continue from: an emptied file in the middle of a
    /// rotated set passes the previous value on, so the gap shows at the next file's line 1.
    public static func nextPrevious(after r: HashedLogResult, previous: String?) -> String? {
        if r.lines == 0 { return previous }
        return r.format == .chained ? r.lastChainValue : nil
    }

    // MARK: - Segments

    struct Segment {
        var lines = 0
        var bad = 0
        var firstBad: Int?
        var firstBadReason: String?
        var anchored = false
        var lastValue: [UInt8]?
        var incompleteLastLine = false
        var incompleteReason: String?
        /// The segment's last line did not verify.
        var lastLineBad = false
    }

    /// The offset just after the first newline at or after `from` (or `size`).
    static func nextLineStart(fd: Int32, from: Int64, size: Int64) -> Int64 {
        var buf = [UInt8](repeating: 0, count: 64 * 1024)
        var pos = from
        while pos < size {
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(pos)) }
            if n <= 0 { return size }
            let found = buf.withUnsafeBytes { raw -> Int? in
                guard let p = memchr(raw.baseAddress!, 0x0A, n) else { return nil }
                return raw.baseAddress!.distance(to: p)
            }
            if let i = found { return pos + Int64(i) + 1 }
            pos += Int64(n)
        }
        return size
    }

    /// The chain value ending the line that ends just before `offset` (nil if it has none).
    static func chainValue(endingBefore offset: Int64, fd: Int32) -> [UInt8]? {
        guard offset > 0 else { return nil }
        let want = 4096  // the value, its marker and any trailing blanks
        let start = max(0, offset - Int64(want))
        var buf = [UInt8](repeating: 0, count: Int(offset - start))
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
        guard n == buf.count else { return nil }
        var line = buf[...]
        if line.last == 0x0A { line = line.dropLast() }
        if line.last == 0x0D { line = line.dropLast() }
        if let nl = line.lastIndex(of: 0x0A) { line = line[(nl + 1)...] }
        return buf.withUnsafeBytes { raw in
            let l = UnsafeRawBufferPointer(rebasing: raw[line.startIndex..<line.endIndex])
            return claimedValue(in: l, marker: Format.chained.marker).map { Array($0) }
        }
    }

    static func verifySegment(fd: Int32, format: Format, from: Int64, to: Int64, atFileEnd: Bool = true,
                              startPrevious: [UInt8]?, progress: (@Sendable (Int) -> Void)?) -> Segment {
        var seg = Segment()
        let marker = format.marker
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 64)
        defer { buffer.deallocate() }
        // The previous line's chain value, kept in a fixed 64-byte slot.
        var previous = [UInt8](repeating: 0, count: 64)
        var havePrevious = false
        var isFileStart = from == 0
        if format == .chained {
            if from == 0 {
                previous = startPrevious ?? genesis
                havePrevious = true
            } else if let v = chainValue(endingBefore: from, fd: fd) {
                previous = v
                havePrevious = true
            }
        }

        func record(_ reason: String) {
            seg.bad += 1
            if seg.firstBad == nil {
                seg.firstBad = seg.lines
                seg.firstBadReason = reason
            }
        }

        func check(_ raw: UnsafeRawBufferPointer) {
            seg.lines += 1
            let badBefore = seg.bad
            defer { seg.lastLineBad = seg.bad > badBefore }
            var line = raw
            if line.last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
            // The fast path (one C call: marker, SHA-256, hex compare); a line it does not
            // accept takes the slow path below, which says why.
            switch format {
            case .suffixed:
                if auditpack_check_suffixed(line.baseAddress?.assumingMemoryBound(to: UInt8.self), line.count, marker, marker.count) == 1 { break }
                if let reason = verifySuffixed(line, marker: marker) { record(reason) }
            case .chained:
                if havePrevious,
                   auditpack_check_chained(line.baseAddress?.assumingMemoryBound(to: UInt8.self), line.count, marker, marker.count, &previous) == 1 {
                    isFileStart = false
                    return
                }
                let claimed = claimedValue(in: line, marker: marker)
                if let claimed, let message = message(of: line, marker: marker) {
                    var ok = false
                    if havePrevious {
                        ok = previous.withUnsafeBytes { chainMatches(claimed, previous: $0, message: message) }
                    }
                    if !ok {
                        if isFileStart && startPrevious == nil {
                            // Line 1 not chained from genesis: the log continues an earlier file.
                            seg.anchored = true
                        } else {
                            record(havePrevious ? "chain broken: hash does not cover the previous line and this message (line altered, inserted, deleted before it, or reordered)"
                                                : "chain broken: the previous line carries no chain value")
                        }
                    }
                    for i in 0..<64 { previous[i] = claimed[claimed.startIndex + i] }
                    havePrevious = true
                } else {
                    record(rawMarkerReason(line, marker: marker, name: "|CHAIN="))
                    havePrevious = false
                }
            }
            isFileStart = false
        }

        var pos = from
        var filled = 0          // bytes waiting in the buffer
        var eof = from >= to
        var skippingLongLine = false
        while true {
            if !eof {
                let want = Int(min(Int64(bufferSize - filled), to - pos))
                let n = pread(fd, buffer.baseAddress! + filled, want, off_t(pos))
                if n < 0 { record("read error (\(String(cString: strerror(errno))))") }
                if n <= 0 {
                    eof = true
                } else {
                    pos += Int64(n)
                    filled += n
                    progress?(n)
                    if pos >= to { eof = true }
                }
            }
            var start = 0
            while start < filled, let nlPtr = memchr(buffer.baseAddress! + start, 0x0A, filled - start) {
                let nl = buffer.baseAddress!.distance(to: nlPtr)
                if skippingLongLine {
                    skippingLongLine = false
                } else {
                    check(UnsafeRawBufferPointer(rebasing: buffer[start..<nl]))
                }
                start = nl + 1
            }
            if start == 0 && filled == bufferSize {
                // One line fills the whole buffer: report it once, then skip to its end.
                if !skippingLongLine {
                    seg.lines += 1
                    record("line longer than \(bufferSize >> 20) MiB; not verified")
                    havePrevious = false
                    isFileStart = false
                    skippingLongLine = true
                }
                filled = 0
                continue
            }
            let rest = filled - start
            if rest > 0 && start > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, rest) }
            filled = rest
            if eof {
                // A last line without a newline: at the end of the file it may be a record
                // still being written; if it does not verify it is reported as incomplete,
                // not counted as tampering.
                if filled > 0 && !skippingLongLine {
                    let before = (seg.bad, seg.firstBad, seg.firstBadReason)
                    check(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
                    if seg.bad > before.0 && atFileEnd {
                        seg.incompleteReason = seg.firstBad == seg.lines ? seg.firstBadReason : nil
                        (seg.bad, seg.firstBad, seg.firstBadReason) = before
                        seg.incompleteLastLine = true
                    }
                }
                break
            }
        }
        if format == .chained && havePrevious { seg.lastValue = previous }
        return seg
    }

    // MARK: - Lines

    /// The 64 hex characters after the last marker when they end the line (trailing blanks
    /// allowed), else nil. Hot path: one `memcmp` for the marker, a table lookup per digit.
    @inline(__always)
    static func claimedValue(in line: UnsafeRawBufferPointer, marker: [UInt8]) -> UnsafeRawBufferPointer? {
        var end = line.count
        while end > 0, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        let at = end - 64 - marker.count
        guard at >= 0, let base = line.baseAddress else { return nil }
        let same = marker.withUnsafeBytes { memcmp(base + at, $0.baseAddress!, marker.count) == 0 }
        guard same else { return nil }
        let hex = UnsafeRawBufferPointer(start: base + end - 64, count: 64)
        var bad: UInt8 = 0
        for c in hex { bad |= hexValue[Int(c)] }
        return bad & 0x80 == 0 ? hex : nil
    }

    /// Hex digit → value; 0x80 for anything else.
    static let hexValue: [UInt8] = (0..<256).map { c in
        switch c {
        case 0x30...0x39: return UInt8(c - 0x30)
        case 0x61...0x66: return UInt8(c - 0x61 + 10)
        case 0x41...0x46: return UInt8(c - 0x41 + 10)
        default: return 0x80
        }
    }


    static func message(of line: UnsafeRawBufferPointer, marker: [UInt8]) -> UnsafeRawBufferPointer? {
        var end = line.count
        while end > 0, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        let at = end - 64 - marker.count
        return at >= 0 ? UnsafeRawBufferPointer(rebasing: line[0..<at]) : nil
    }

    /// nil when the hash-suffixed line verifies, else why not.
    static func verifySuffixed(_ line: UnsafeRawBufferPointer, marker: [UInt8]) -> String? {
        guard let claimed = claimedValue(in: line, marker: marker), let message = message(of: line, marker: marker) else {
            return rawMarkerReason(line, marker: marker, name: "|HASH=")
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { d in
            auditpack_sha256(message.baseAddress, message.count, d.baseAddress!)
            return auditpack_hex_matches(d.baseAddress!, claimed.baseAddress!.assumingMemoryBound(to: UInt8.self)) == 1
        } ? nil : "hash does not match the message"
    }

    /// Whether the claimed value is SHA-256 of the previous value and the message. Hot path:
    /// the digest is taken by libcrypto with a context on the stack (no allocation per line)
    /// and compared as hex with one `memcmp` (either case accepted).
    @inline(__always)
    static func chainMatches(_ claimed: UnsafeRawBufferPointer, previous: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { d in
            auditpack_sha256_2(previous.baseAddress, previous.count, message.baseAddress, message.count, d.baseAddress!)
            return auditpack_hex_matches(d.baseAddress!, claimed.baseAddress!.assumingMemoryBound(to: UInt8.self)) == 1
        }
    }

    /// Why a line has no well-formed marker and value.
    static func rawMarkerReason(_ line: UnsafeRawBufferPointer, marker: [UInt8], name: String) -> String {
        guard let at = lastIndex(of: marker, in: line) else { return "line has no \(name) value" }
        var hex = UnsafeRawBufferPointer(rebasing: line[(at + marker.count)...])
        while let last = hex.last, last == 0x20 || last == 0x09 { hex = UnsafeRawBufferPointer(rebasing: hex.dropLast()) }
        if hex.count != 64 { return "hash is not 64 hex digits" }
        return "hash is not hexadecimal"
    }

    static func lastIndex(of needle: [UInt8], in hay: UnsafeRawBufferPointer) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.count - needle.count
        while i >= 0 {
            if hay[i] == needle[0] {
                var ok = true
                for j in 1..<needle.count where hay[i + j] != needle[j] { ok = false; break }
                if ok { return i }
            }
            i -= 1
        }
        return nil
    }

    /// Writes the chain value for `message` after `previous` (for producers and tests).
    public static func chainValue(previous: String?, message: String) -> String {
        let prev = previous.map { Array($0.utf8) } ?? genesis
        var h = SHA256()
        h.update(data: prev)
        h.update(data: Array(message.utf8))
        return Hex.encode(h.finalize())
    }
}
