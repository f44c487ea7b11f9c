import Foundation

/// JSON text for the fleet's documents (results, SARIF, OSCAL), which grow with targets ×
/// items: keys sorted, two-space indentation, slashes unescaped, written in one pass into one
/// buffer (Foundation's JSONSerialization spends most of a 1,000-target merge casting and
/// sorting). Values: String, Int, Double, Bool, NSNull, arrays and [String: Any].
enum FleetJSON {
    static func render(_ value: Any) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(value, into: &out, indent: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    static func write(_ value: Any, into out: inout [UInt8], indent: Int) {
        // Containers and strings first, scalars by their exact type: a cast of a Swift
        // collection to Bool or Int would bridge it to Objective-C just to say no.
        if let s = value as? String { return string(s, into: &out) }
        if let d = value as? [String: Any] { return object(d, into: &out, indent: indent) }
        if let a = value as? [Any] { return array(a, into: &out, indent: indent) }
        switch ObjectIdentifier(type(of: value)) {
        case ObjectIdentifier(Bool.self): out += Array(((value as? Bool) == true ? "true" : "false").utf8)
        case ObjectIdentifier(Int.self): out += Array(String(value as? Int ?? 0).utf8)
        case ObjectIdentifier(Double.self):
            let d = value as? Double ?? 0
            out += Array((d.isFinite ? String(d) : "null").utf8)
        case ObjectIdentifier(NSNull.self): out += Array("null".utf8)
        default: string(String(describing: value), into: &out)
        }
    }

    static func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(0x0A)
        out += repeatElement(0x20, count: indent * 2)
    }

    static func object<V>(_ d: [String: V], into out: inout [UInt8], indent: Int) {
        if d.isEmpty { out += Array("{}".utf8); return }
        out.append(UInt8(ascii: "{"))
        for (k, key) in d.keys.sorted().enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            newline(&out, indent + 1)
            string(key, into: &out)
            out += Array(" : ".utf8)
            write(d[key]!, into: &out, indent: indent + 1)
        }
        newline(&out, indent)
        out.append(UInt8(ascii: "}"))
    }

    static func array(_ a: [Any], into out: inout [UInt8], indent: Int) {
        if a.isEmpty { out += Array("[]".utf8); return }
        out.append(UInt8(ascii: "["))
        for (k, v) in a.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            newline(&out, indent + 1)
            write(v, into: &out, indent: indent + 1)
        }
        newline(&out, indent)
        out.append(UInt8(ascii: "]"))
    }

    static let hex = Array("0123456789abcdef".utf8)

    static func string(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x00..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
