import Foundation

/// Prometheus duration syntax (`model.ParseDuration`): units y w d h m s ms, in that order,
/// each at most once, e.g. `1h30m`, `90s`, `0`.
public enum PrometheusDuration {
    static let units: [(String, Double)] = [("y", 365 * 86400), ("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1), ("ms", 0.001)]

    public static func seconds(_ text: String) -> Double? {
        if text == "0" { return 0 }
        guard !text.isEmpty else { return nil }
        var rest = Substring(text)
        var total = 0.0
        var nextUnit = 0
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isASCII).prefix(while: \.isNumber)
            guard !digits.isEmpty, let n = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            // "ms" must be tried before "m".
            let candidates = units.enumerated().filter { $0.offset >= nextUnit }.sorted { $0.element.0.count > $1.element.0.count }
            guard let hit = candidates.first(where: { rest.hasPrefix($0.element.0) }) else { return nil }
            // A unit may not appear after a smaller one (e.g. "1m1h").
            guard hit.offset >= nextUnit else { return nil }
            total += n * hit.element.1
            rest = rest.dropFirst(hit.element.0.count)
            nextUnit = hit.offset + 1
        }
        return total
    }

    public static func describe(_ seconds: Double) -> String {
        if seconds >= 86400, seconds.truncatingRemainder(dividingBy: 86400) == 0 { return "\(Int(seconds / 86400))d" }
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        if seconds == seconds.rounded() { return "\(Int(seconds))s" }
        return "\(seconds)s"
    }
}
