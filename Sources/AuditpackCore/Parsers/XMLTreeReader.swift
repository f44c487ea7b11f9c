import Foundation

/// One element of a configuration document: read from XML by `XMLTreeReader`, or built from
/// a log4j2 properties/YAML/JSON file so that one mapper reads all of log4j2's syntaxes.
struct XMLTreeElement: Sendable, Equatable {
    struct Attribute: Sendable, Equatable {
        var name: String
        var value: String
    }

    /// Local name (namespace prefix removed): `log4j:configuration` → `configuration`.
    var name: String
    var qualifiedName: String
    var attributes: [Attribute] = []
    var children: [XMLTreeElement] = []
    /// Character data directly inside this element (CDATA included), concatenated.
    var text = ""
    /// 1-based line of the start tag's `<`.
    var line: Int

    init(name: String, qualifiedName: String? = nil, attributes: [Attribute] = [], children: [XMLTreeElement] = [], text: String = "", line: Int) {
        self.name = name
        self.qualifiedName = qualifiedName ?? name
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    /// Whether the element is named `n`, ignoring case (logback and log4j2 both ignore it).
    func isNamed(_ n: String) -> Bool { name.lowercased() == n.lowercased() }

    func attr(_ n: String) -> String? {
        let key = n.lowercased()
        return attributes.first { $0.name.lowercased() == key }?.value
    }

    func hasAttr(_ n: String) -> Bool { attr(n) != nil }

    func child(_ n: String) -> XMLTreeElement? { children.first { $0.isNamed(n) } }

    /// The element and everything in it, cited at `line` (a file read from elsewhere).
    func relined(_ line: Int) -> XMLTreeElement {
        var copy = self
        copy.line = line
        copy.children = children.map { $0.relined(line) }
        return copy
    }

    func elements(_ n: String) -> [XMLTreeElement] { children.filter { $0.isNamed(n) } }

    var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// A setting given as an attribute (`<PatternLayout pattern="…">`) or as a child element's
    /// text (`<pattern>…</pattern>`, `<Pattern>` in log4j2), with its line.
    func setting(_ n: String) -> (text: String, line: Int)? {
        if let a = attr(n) { return (a, line) }
        if let c = child(n), c.children.isEmpty { return (c.trimmedText, c.line) }
        return nil
    }
}

/// A strict, minimal XML reader for logging configurations: elements, attributes, character
/// data, CDATA, comments and processing instructions, each element with its 1-based line.
///
/// It never loads anything: an external DTD named by `<!DOCTYPE … SYSTEM "x.dtd">` is not
/// fetched, and a document type declaration with an internal subset (`<!ENTITY`, `<!ATTLIST`)
/// is refused, so no entity can be expanded (XXE, "billion laughs"). Only the five predefined
/// entities and character references are decoded.
///
/// Why not FoundationXML: on Linux `XMLDocument` parses in libxml2's recovery mode (an
/// unclosed tag or an undefined entity loads without an error), crashes on empty data, reports
/// no lines, and reads `SYSTEM` entities unless `.nodeLoadExternalEntitiesNever` is passed.
/// Java's parsers (logback, log4j) refuse malformed documents; so does this reader.
enum XMLTreeReader {
    struct Failure: Error, Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            case malformed
            /// A DTD internal subset (entity or attribute declarations): refused, never read.
            case dtd
        }
        var kind: Kind
        var line: Int
        var message: String
    }

    /// Elements nested deeper than this are refused (no configuration comes close).
    static let maxDepth = 256

    static func parse(_ text: String) throws(Failure) -> XMLTreeElement {
        var parser = Parser(Array(text.utf8))
        return try parser.document()
    }

    private struct Parser {
        let b: [UInt8]
        var i = 0
        let lineStarts: [Int]

        init(_ bytes: [UInt8]) {
            b = bytes
            var starts = [0]
            for (k, c) in bytes.enumerated() where c == 0x0A { starts.append(k + 1) }
            lineStarts = starts
        }

        func line(_ pos: Int) -> Int {
            var lo = 0, hi = lineStarts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if lineStarts[mid] <= pos { lo = mid + 1 } else { hi = mid }
            }
            return max(lo, 1)
        }

        func fail(_ message: String, at pos: Int? = nil, kind: Failure.Kind = .malformed) -> Failure {
            Failure(kind: kind, line: line(pos ?? i), message: message)
        }

        func starts(_ s: String, at pos: Int? = nil) -> Bool {
            let p = pos ?? i
            let u = Array(s.utf8)
            guard p + u.count <= b.count else { return false }
            for k in 0..<u.count where b[p + k] != u[k] { return false }
            return true
        }

        func find(_ s: String, from pos: Int) -> Int? {
            let u = Array(s.utf8)
            guard let first = u.first, b.count >= u.count else { return nil }
            var p = pos
            while p + u.count <= b.count {
                if b[p] == first && starts(s, at: p) { return p }
                p += 1
            }
            return nil
        }

        static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

        static func isNameChar(_ c: UInt8) -> Bool {
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
                || c == 0x5F || c == 0x3A || c == 0x2D || c == 0x2E || c >= 0x80
        }

        mutating func skipSpace() -> Bool {
            let start = i
            while i < b.count, Self.isSpace(b[i]) { i += 1 }
            return i > start
        }

        mutating func name() -> String? {
            let start = i
            guard i < b.count, Self.isNameChar(b[i]), !(b[i] >= 0x30 && b[i] <= 0x39), b[i] != 0x2D, b[i] != 0x2E else { return nil }
            while i < b.count, Self.isNameChar(b[i]) { i += 1 }
            return String(decoding: b[start..<i], as: UTF8.self)
        }

        mutating func document() throws(Failure) -> XMLTreeElement {
            if starts("\u{FEFF}") { i += 3 }
            var root: XMLTreeElement?
            var sawDoctype = false
            while true {
                _ = skipSpace()
                guard i < b.count else { break }
                if starts("<?") {
                    try processingInstruction()
                } else if starts("<!--") {
                    try comment()
                } else if starts("<!DOCTYPE") {
                    if root != nil || sawDoctype { throw fail("<!DOCTYPE> must come once, before the root element") }
                    try doctype()
                    sawDoctype = true
                } else if starts("<") {
                    if root != nil { throw fail("a second root element; a document has exactly one") }
                    root = try element()
                } else {
                    throw fail(root == nil ? "text before the root element" : "text after the root element")
                }
            }
            guard let root else { throw fail("no root element", at: max(b.count - 1, 0)) }
            return root
        }

        mutating func processingInstruction() throws(Failure) {
            let start = i
            guard let end = find("?>", from: i + 2) else { throw fail("processing instruction <?…?> is not closed", at: start) }
            i = end + 2
        }

        mutating func comment() throws(Failure) {
            let start = i
            guard let dash = find("--", from: i + 4) else { throw fail("comment <!-- is not closed", at: start) }
            guard dash + 2 < b.count, b[dash + 2] == 0x3E else {
                throw fail("'--' inside a comment (XML forbids it; Java's parser refuses the file)", at: dash)
            }
            i = dash + 3
        }

        mutating func doctype() throws(Failure) {
            let start = i
            i += 9
            while i < b.count {
                let c = b[i]
                if c == 0x22 || c == 0x27 {  // quoted system/public id
                    guard let close = b[(i + 1)...].firstIndex(of: c) else { throw fail("<!DOCTYPE> is not closed", at: start) }
                    i = close + 1
                } else if c == 0x5B {  // [ internal subset
                    let subsetStart = i
                    guard let close = b[(i + 1)...].firstIndex(of: 0x5D) else { throw fail("<!DOCTYPE> internal subset is not closed", at: start) }
                    // Anything but whitespace and comments declares entities/attributes: refused.
                    var p = subsetStart + 1
                    while p < close {
                        if Self.isSpace(b[p]) { p += 1; continue }
                        if starts("<!--", at: p), let end = find("-->", from: p + 4), end < close { p = end + 3; continue }
                        let at = starts("<!ENTITY", at: p) ? p : (find("<!ENTITY", from: p).flatMap { $0 < close ? $0 : nil } ?? p)
                        throw fail("DTD/entities not allowed; not read", at: at, kind: .dtd)
                    }
                    i = close + 1
                } else if c == 0x3E {
                    i += 1
                    return
                } else {
                    i += 1
                }
            }
            throw fail("<!DOCTYPE> is not closed", at: start)
        }

        /// Reads an element and everything inside it, without recursion.
        mutating func element() throws(Failure) -> XMLTreeElement {
            let (first, firstClosed) = try startTag()
            if firstClosed { return first }
            var stack: [XMLTreeElement] = [first]
            while true {
                guard i < b.count else {
                    let open = stack[stack.count - 1]
                    throw fail("<\(open.qualifiedName)> opened on line \(open.line) is not closed", at: max(b.count - 1, 0))
                }
                if b[i] == 0x3C {
                    if starts("</") {
                        let tagStart = i
                        i += 2
                        guard let n = name() else { throw fail("malformed end tag", at: tagStart) }
                        _ = skipSpace()
                        guard i < b.count, b[i] == 0x3E else { throw fail("end tag </\(n)> is not closed with '>'", at: tagStart) }
                        i += 1
                        let open = stack.removeLast()
                        guard open.qualifiedName == n else {
                            throw fail("end tag </\(n)> does not match <\(open.qualifiedName)> opened on line \(open.line)", at: tagStart)
                        }
                        if stack.isEmpty { return open }
                        stack[stack.count - 1].children.append(open)
                    } else if starts("<!--") {
                        try comment()
                    } else if starts("<![CDATA[") {
                        let start = i
                        guard let end = find("]]>", from: i + 9) else { throw fail("CDATA section is not closed", at: start) }
                        stack[stack.count - 1].text += String(decoding: b[(i + 9)..<end], as: UTF8.self)
                        i = end + 3
                    } else if starts("<?") {
                        try processingInstruction()
                    } else if starts("<!") {
                        throw fail("markup declaration not allowed inside an element")
                    } else {
                        if stack.count >= maxDepth { throw fail("elements nested deeper than \(maxDepth) levels") }
                        let (child, closed) = try startTag()
                        if closed { stack[stack.count - 1].children.append(child) } else { stack.append(child) }
                    }
                } else {
                    let start = i
                    while i < b.count, b[i] != 0x3C { i += 1 }
                    stack[stack.count - 1].text += try decode(start..<i)
                }
            }
        }

        /// `<name attr="v" …>` or `<name …/>`; returns the element and whether it is self-closed.
        mutating func startTag() throws(Failure) -> (XMLTreeElement, Bool) {
            let tagStart = i
            i += 1
            guard let qname = name() else { throw fail("'<' not followed by a tag name; write &lt; in text", at: tagStart) }
            let local = qname.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? qname
            var el = XMLTreeElement(name: local.isEmpty ? qname : local, qualifiedName: qname, line: line(tagStart))
            var seen = Set<String>()
            while true {
                let spaced = skipSpace()
                guard i < b.count else { throw fail("tag <\(qname)> is not closed", at: tagStart) }
                if b[i] == 0x3E { i += 1; return (el, false) }
                if b[i] == 0x2F {
                    guard i + 1 < b.count, b[i + 1] == 0x3E else { throw fail("'/' inside tag <\(qname)> not followed by '>'") }
                    i += 2
                    return (el, true)
                }
                guard spaced else { throw fail("attributes of <\(qname)> must be separated by white space") }
                guard let attrName = name() else { throw fail("unexpected character in tag <\(qname)>") }
                _ = skipSpace()
                guard i < b.count, b[i] == 0x3D else { throw fail("attribute \(attrName) of <\(qname)> has no '=' value") }
                i += 1
                _ = skipSpace()
                guard i < b.count, b[i] == 0x22 || b[i] == 0x27 else { throw fail("attribute \(attrName) of <\(qname)> is not quoted") }
                let quote = b[i]
                i += 1
                let valueStart = i
                while i < b.count, b[i] != quote {
                    if b[i] == 0x3C { throw fail("'<' inside the value of attribute \(attrName); write &lt;") }
                    i += 1
                }
                guard i < b.count else { throw fail("value of attribute \(attrName) is not closed", at: valueStart) }
                var value = try decode(valueStart..<i)
                i += 1
                // Attribute-value normalisation: white space characters become spaces.
                value = String(value.map { $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
                guard seen.insert(attrName).inserted else {
                    throw fail("attribute \(attrName) appears twice in <\(qname)>")
                }
                el.attributes.append(.init(name: attrName, value: value))
            }
        }

        /// Character data with the predefined entities and character references decoded.
        func decode(_ range: Range<Int>) throws(Failure) -> String {
            guard b[range].contains(0x26) else { return String(decoding: b[range], as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(range.count)
            var p = range.lowerBound
            while p < range.upperBound {
                let c = b[p]
                guard c == 0x26 else { out.append(c); p += 1; continue }
                guard let semi = b[p..<min(range.upperBound, p + 40)].firstIndex(of: 0x3B) else {
                    throw fail("'&' not followed by an entity reference; write &amp;", at: p)
                }
                let ref = String(decoding: b[(p + 1)..<semi], as: UTF8.self)
                switch ref {
                case "lt": out.append(0x3C)
                case "gt": out.append(0x3E)
                case "amp": out.append(0x26)
                case "quot": out.append(0x22)
                case "apos": out.append(0x27)
                default:
                    guard ref.hasPrefix("#") else {
                        throw fail("undefined entity &\(ref); (entities are not read)", at: p)
                    }
                    let digits = ref.dropFirst()
                    let code: UInt32?
                    if digits.hasPrefix("x") { code = UInt32(digits.dropFirst(), radix: 16) } else { code = UInt32(digits, radix: 10) }
                    guard let code, code != 0, let scalar = Unicode.Scalar(code) else {
                        throw fail("invalid character reference &\(ref);", at: p)
                    }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
                p = semi + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
