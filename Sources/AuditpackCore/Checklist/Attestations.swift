import Foundation

/// A person's statement that a manual control was performed: who, when, what, where the
/// proof is, and until when it holds.
public struct Attestation: Sendable, Equatable {
    public var item: String
    public var by: String
    /// YYYY-MM-DD
    public var date: String
    public var note: String
    public var evidence: String?
    /// YYYY-MM-DD; when absent, date + the item's max_age_days.
    public var expires: String?
    public var file: String
    public var line: Int
}

public enum AttestationFile {
    public static let fileName = "attestations.yml"

    public static func load(path: String) throws(InputError) -> [Attestation] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(file: path, message: "not valid UTF-8") }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> [Attestation] {
        let doc: ConfigValue
        do { doc = try YAMLReader.document(text) } catch { throw InputError(file: file, line: error.line, message: error.message) }
        let r = StrictReader(file: file)
        let top = try r.dict(doc, "", line: 1)
        try r.allowOnly(top, ["version", "attestations"], "")
        if let v = try r.int(top, "version", ""), v != 1 { throw r.fail("version", top.line(of: "version"), "unsupported version \(v)") }
        guard let list = top["attestations"] else { return [] }
        guard let items = list.listValue else { throw r.fail("attestations", top.line(of: "attestations"), "must be a list") }
        var out: [Attestation] = []
        for (i, raw) in items.enumerated() {
            let path = "attestations[\(i)]"
            let d = try r.dict(raw, path, line: top.line(of: "attestations"))
            let line = d.entries.first?.line ?? 0
            try r.allowOnly(d, ["item", "by", "date", "note", "evidence", "expires"], path)
            guard let item = try r.string(d, "item", path) else { throw r.fail("\(path).item", line, "is required") }
            guard let by = try r.string(d, "by", path), !by.isEmpty else { throw r.fail("\(path).by", line, "is required (who attests)") }
            guard let date = try r.string(d, "date", path), DateText.parse(date) != nil else {
                throw r.fail("\(path).date", d.line(of: "date") ?? line, "must be a date YYYY-MM-DD")
            }
            let expires = try r.string(d, "expires", path)
            if let e = expires, DateText.parse(e) == nil { throw r.fail("\(path).expires", d.line(of: "expires"), "must be a date YYYY-MM-DD") }
            out.append(Attestation(item: item, by: by, date: date, note: try r.string(d, "note", path) ?? "",
                                   evidence: try r.string(d, "evidence", path), expires: expires, file: file, line: line))
        }
        return out
    }
}

/// Calendar dates as `YYYY-MM-DD` in UTC: the run date, attestation dates.
public enum DateText {
    static func calendar() -> Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }

    public static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        let comps = DateComponents(year: y, month: m, day: d)
        guard let date = calendar().date(from: comps) else { return nil }
        // Reject dates the calendar rolled over (2026-02-31).
        return format(date) == text ? date : nil
    }

    public static func format(_ date: Date) -> String {
        let c = calendar().dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    public static func adding(days: Int, to text: String) -> String? {
        guard let d = parse(text), let r = calendar().date(byAdding: .day, value: days, to: d) else { return nil }
        return format(r)
    }

    /// `7d`, `8`, `2w` → days.
    public static func days(inSpan text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.hasSuffix("w"), let n = Int(t.dropLast()), n >= 0, n <= 100_000 { return n * 7 }
        if t.hasSuffix("d"), let n = Int(t.dropLast()), n >= 0, n <= 1_000_000 { return n }
        if let n = Int(t), n >= 0, n <= 1_000_000 { return n }
        return nil
    }

    public static func days(from a: String, to b: String) -> Int? {
        guard let da = parse(a), let db = parse(b) else { return nil }
        return calendar().dateComponents([.day], from: da, to: db).day
    }

    /// The run date: `--date`, else SOURCE_DATE_EPOCH, else today (UTC).
    public static func runDate(explicit: String?, environment: [String: String]) throws(InputError) -> String {
        if let e = explicit {
            guard parse(e) != nil else { throw InputError(file: "", message: "--date must be YYYY-MM-DD, found '\(e)'") }
            return e
        }
        if let s = environment["SOURCE_DATE_EPOCH"] {
            guard let secs = Double(s) else { throw InputError(file: "", message: "SOURCE_DATE_EPOCH must be a number of seconds, found '\(s)'") }
            return format(Date(timeIntervalSince1970: secs))
        }
        return format(Date())
    }
}
