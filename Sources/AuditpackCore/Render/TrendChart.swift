import Foundation

/// The trend of the last runs as an SVG chart inlined in the page (a `data:` image, so the
/// page stays valid HTML 4 for libxml2's parser and needs no file or network): one stacked
/// bar per run (pass, fail, warn, error, open manual), each segment labelled with a letter
/// and its count, and a text legend — readable without colour and in black-and-white print.
/// The table beside it carries the same numbers for screen readers. Every string placed in
/// the SVG is escaped; the numbers are ours.
enum TrendChart {
    struct Run {
        var date: String
        var kind: String
        var counts: [(Status, Int)]
    }

    static let order: [Status] = [.pass, .fail, .warn, .error, .manual]
    static let colors: [Status: String] = [.pass: "#1a7f37", .fail: "#cf222e", .warn: "#9a6700", .error: "#8250df", .manual: "#57606a"]

    /// An `<img>` holding the chart, with a text alternative; "" for fewer than two runs.
    static func image(_ runs: [Run]) -> String {
        let chart = svg(runs)
        guard !chart.isEmpty else { return "" }
        let alt = "Item statuses over the last \(runs.count) runs: " + runs.map { run in
            "\(run.date) " + run.counts.map { "\($0.1) \(name($0.0))" }.joined(separator: ", ")
        }.joined(separator: "; ")
        return "<img class=\"trend\" src=\"data:image/svg+xml;base64,\(Data(chart.utf8).base64EncodedString())\" alt=\"\(Escape.html(alt))\">"
    }

    static func svg(_ runs: [Run]) -> String {
        guard runs.count > 1 else { return "" }
        let barWidth = 44, gap = 20, chartHeight = 180, top = 12, left = 36
        let width = max(left + runs.count * (barWidth + gap) + 8, left + order.count * 110)
        let height = top + chartHeight + 56
        let maxTotal = max(1, runs.map { $0.counts.reduce(0) { $0 + $1.1 } }.max() ?? 1)
        var out = "<svg class=\"trend\" role=\"img\" aria-labelledby=\"trend-title\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height + 22)\" width=\"\(width)\" height=\"\(height + 22)\">"
        out += "<title id=\"trend-title\">Item statuses over the last \(runs.count) runs</title>"
        // Axis: total items.
        out += "<line x1=\"\(left - 4)\" y1=\"\(top)\" x2=\"\(left - 4)\" y2=\"\(top + chartHeight)\" stroke=\"#8c959f\"/>"
        out += "<text x=\"\(left - 8)\" y=\"\(top + 4)\" text-anchor=\"end\" font-size=\"10\">\(maxTotal)</text>"
        out += "<text x=\"\(left - 8)\" y=\"\(top + chartHeight)\" text-anchor=\"end\" font-size=\"10\">0</text>"
        for (i, run) in runs.enumerated() {
            let x = left + i * (barWidth + gap)
            var y = top + chartHeight
            for status in order {
                let n = run.counts.first { $0.0 == status }?.1 ?? 0
                guard n > 0 else { continue }
                let h = max(1, Int((Double(n) / Double(maxTotal) * Double(chartHeight)).rounded()))
                y -= h
                let label = "\(Escape.html(run.date)): \(n) \(status.label.lowercased())"
                out += "<rect x=\"\(x)\" y=\(q(y)) width=\"\(barWidth)\" height=\"\(h)\" fill=\"\(colors[status]!)\" stroke=\"#fff\" stroke-width=\"1\"><title>\(label)</title></rect>"
                if h >= 12 {
                    out += "<text x=\"\(x + barWidth / 2)\" y=\"\(y + h / 2 + 4)\" text-anchor=\"middle\" font-size=\"10\" fill=\"#fff\">\(Self.letter(status))\(n)</text>"
                }
            }
            let dateLabel = Escape.html(String(run.date.suffix(5)))
            out += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + chartHeight + 14)\" text-anchor=\"middle\" font-size=\"10\">\(dateLabel)</text>"
            if run.kind == "this run" {
                out += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + chartHeight + 26)\" text-anchor=\"middle\" font-size=\"9\">now</text>"
            }
        }
        // Legend with letters, so the segments read without colour.
        var lx = left
        for status in order {
            out += "<rect x=\"\(lx)\" y=\"\(height + 2)\" width=\"10\" height=\"10\" fill=\"\(colors[status]!)\"/>"
            out += "<text x=\"\(lx + 14)\" y=\"\(height + 11)\" font-size=\"10\">\(Self.letter(status)) = \(name(status))</text>"
            lx += 110
        }
        return out + "</svg>"
    }

    static func name(_ s: Status) -> String { s == .manual ? "open manual" : s.rawValue }

    static func q(_ n: Int) -> String { "\"\(n)\"" }

    static func letter(_ s: Status) -> String {
        switch s {
        case .pass: return "P"
        case .fail: return "F"
        case .warn: return "W"
        case .error: return "E"
        case .manual: return "M"
        case .notApplicable: return "N"
        case .waived: return "X"
        }
    }
}
