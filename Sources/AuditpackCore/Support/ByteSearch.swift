/// Substring search on bytes (the hot paths test for a few short words in a line).
enum ByteSearch {
    /// Where `needle` first occurs in `hay`, nil when nowhere.
    static func firstIndex(of needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, hay.count >= needle.count else { return nil }
        let last = hay.count - needle.count
        var i = 0
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    static func firstIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        hay.withUnsafeBufferPointer { firstIndex(of: needle, in: $0) }
    }

    static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        firstIndex(of: needle, in: hay) != nil
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        firstIndex(of: needle, in: hay) != nil
    }
}
