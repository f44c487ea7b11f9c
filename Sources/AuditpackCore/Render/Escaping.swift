import Foundation
import Mustache

/// Escapes scanned text so it renders literally in Markdown (GFM), including inside table
/// cells: no injected markup, links, emphasis or broken tables.
public struct MarkdownContentType: MustacheContentType {
    public init() {}
    public func escapeText(_ text: String) -> String { Escape.markdown(text) }
}

public enum Escape {
    /// For terminals: control characters (escape sequences, carriage returns) in scanned
    /// names become spaces, so nothing scanned can move the cursor or recolour the screen.
    public static func terminal(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    public static func markdown(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "\\|"
            case "\\", "`", "*", "_", "[", "]", "#", "~", "!", "{", "}": out += "\\" + String(ch)
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A path used inside an href: percent-encode everything but unreserved characters and '/'.
    public static func href(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
