import Foundation
import Mustache

/// Loads the Mustache templates (built in, overridden file by file from a user folder) and
/// renders documents. A template error is an `InputError` naming the file and line; a
/// missing template is an error, never an empty document.
public struct Renderer: Sendable {
    public static let markdownContentType = "MARKDOWN"
    static let registerOnce: Void = { MustacheContentTypes.register(MarkdownContentType(), named: Renderer.markdownContentType) }()

    let library: MustacheLibrary
    let css: String

    public static let documents = ["policy", "checklist", "review", "evidence-index"]

    public init(userDirectory: String? = nil) throws(InputError) {
        _ = Self.registerOnce
        var sources: [String: (text: String, file: String)] = [:]
        for (name, text) in EmbeddedResources.templates { sources[name] = (text, "templates/\(name) (built in)") }
        if let dir = userDirectory {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
                throw InputError(file: dir, message: "templates folder cannot be read")
            }
            for name in names.sorted() where name.hasSuffix(".mustache") || name == "style.css" {
                let path = (dir as NSString).appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw InputError(file: path, message: "template cannot be read as UTF-8 text")
                }
                sources[name] = (text, path)
            }
        }
        var library = MustacheLibrary()
        for (name, src) in sources.sorted(by: { $0.key < $1.key }) where name.hasSuffix(".mustache") {
            do {
                let template = try MustacheTemplate(string: src.text)
                library.register(template, named: String(name.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw InputError(file: src.file, line: error.context.lineNumber, message: "template error: \(Self.describe(error.error)) near '\(error.context.line.trimmingCharacters(in: .whitespaces))'")
            } catch {
                throw InputError(file: src.file, message: "template error")
            }
        }
        self.library = library
        self.css = sources["style.css"]?.text ?? ""
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        switch text {
        case "sectionCloseNameIncorrect": return "a section is closed with the wrong name"
        case "unfinishedName": return "a tag is not closed"
        case "expectedSectionEnd": return "a section is never closed"
        case "invalidSetDelimiter": return "invalid set-delimiter tag"
        case "invalidConfigVariableSyntax": return "invalid pragma"
        case "unrecognisedConfigVariable": return "unknown pragma"
        default: return text
        }
    }

    public func render(_ name: String, _ context: [String: Any]) throws(InputError) -> String {
        guard library.getTemplate(named: name) != nil, let out = library.render(context, withTemplate: name) else {
            throw InputError(file: "templates/\(name).mustache", message: "template not found")
        }
        return out
    }

    /// A document page: the body template inside the shared layout.
    public func renderPage(_ body: String, title: String, context: [String: Any], rootPrefix: String = "") throws(InputError) -> String {
        var ctx = context
        ctx["root_prefix"] = rootPrefix
        let inner = try render(body, ctx)
        ctx["body"] = inner
        ctx["page_title"] = title
        ctx["css"] = css
        return try render("layout.html", ctx)
    }
}
