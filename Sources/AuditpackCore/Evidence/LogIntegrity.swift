import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Verifies hash-suffixed logs: each line is `message|HASH=<sha256 hex of message>`.
/// Streams the file through a fixed buffer; never loads it whole.
public enum LogIntegrity {
    static let marker = Array("|HASH=".utf8)

    /// Whether a file looks hash-suffixed (its first line carries `|HASH=`).
    public static func looksHashed(_ path: String) -> Bool {
        guard let data = try? SafeFile.readPrefix(path, count: 4096) else { return false }
        let firstLine = data.prefix(while: { $0 != 0x0A })
        return firstLine.count < 4096 && firstLine.range(of: Data(marker)) != nil
    }

    public static func verify(path: String, display: String) -> HashedLogResult {
        var result = HashedLogResult(path: display, lines: 0, bad: 0)
        guard let fd = try? SafeFile.openReadOnly(path) else {
            result.firstBadReason = "cannot be read"
            result.bad = 1
            return result
        }
        defer { close(fd) }
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var carry: [UInt8] = []
        func check(_ line: ArraySlice<UInt8>) {
            result.lines += 1
            var l = line
            if l.last == 0x0D { l = l.dropLast() }
            if let reason = verifyLine(l) {
                result.bad += 1
                if result.firstBadLine == nil {
                    result.firstBadLine = result.lines
                    result.firstBadReason = reason
                }
            }
        }
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, chunk) }
            if n <= 0 { break }
            var start = 0
            for i in 0..<n where buffer[i] == 0x0A {
                if carry.isEmpty {
                    check(buffer[start..<i])
                } else {
                    carry += buffer[start..<i]
                    check(carry[...])
                    carry.removeAll(keepingCapacity: true)
                }
                start = i + 1
            }
            carry += buffer[start..<n]
        }
        if !carry.isEmpty { check(carry[...]) }
        return result
    }

    /// nil when the line verifies, else why not.
    static func verifyLine(_ line: ArraySlice<UInt8>) -> String? {
        guard let at = lastIndex(of: marker, in: line) else { return "line has no |HASH= suffix" }
        let message = line[line.startIndex..<at]
        var hex = line[(at + marker.count)...]
        while let last = hex.last, last == 0x20 || last == 0x09 { hex = hex.dropLast() }
        let digest = SHA256.hash(data: message)
        guard hex.count == 64 else { return "hash is not 64 hex digits" }
        var i = hex.startIndex
        for byte in digest {
            guard let hi = nibble(hex[i]), let lo = nibble(hex[i + 1]) else { return "hash is not hexadecimal" }
            if hi << 4 | lo != byte { return "hash does not match the message" }
            i += 2
        }
        return nil
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

    static func lastIndex(of needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.endIndex - needle.count
        while i >= hay.startIndex {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }
}
