import Foundation

/// logrotate configuration: global directives apply to the blocks after them; a block's own
/// directives override them for that block only (as logrotate's config.c scopes them).
public enum LogrotateParser {
    public struct Output: Sendable {
        public var blocks: [LogrotateBlock] = []
        public var issues: [ParseIssue] = []
        /// Files read through `include` (absolute paths), so their stand-alone reading is dropped.
        public var included: [String] = []
        /// Files an included folder holds that `tabooext`/`taboopat` skip (absolute):
        /// logrotate never reads them, so they are not graded.
        public var skippedPaths: [String] = []
        /// Absolute `include` targets that lead nowhere readable (outside the roots, or missing).
        public var includes: [PathRef] = []
    }

    static let flagDirectives: Set<String> = [
        "compress", "nocompress", "delaycompress", "nodelaycompress", "copytruncate", "nocopytruncate", "copy", "nocopy",
        "nocreate", "missingok", "nomissingok", "notifempty", "ifempty", "dateext", "nodateext", "sharedscripts",
        "nosharedscripts", "mailfirst", "maillast", "nomail", "noolddir", "createolddir", "nocreateolddir", "renamecopy",
        "norenamecopy", "shred", "noshred", "dateyesterday", "datehourago", "allowhardlink", "noallowhardlink",
    ]
    static let argDirectives: Set<String> = [
        "rotate", "maxage", "minage", "size", "minsize", "maxsize", "create", "su", "include", "olddir", "extension",
        "dateformat", "compresscmd", "uncompresscmd", "compressext", "compressoptions", "mail", "tabooext", "taboopat",
        "start", "shredcycles", "addextension",
    ]
    static let periods: Set<String> = ["hourly", "daily", "weekly", "monthly", "yearly"]
    static let scripts: Set<String> = ["postrotate", "prerotate", "firstaction", "lastaction", "preremove"]

    /// One entry an `include` names: a file, or each regular file of a folder in name order.
    public struct IncludedFile: Sendable {
        public var name: String
        /// As results show it (root-relative).
        public var display: String
        /// Where it is read from (what `Output.included` records).
        public var absPath: String
        /// nil when it cannot be read (reported).
        public var text: String?
        /// Listed from an included folder (taboo names apply), not named by the include.
        public var fromFolder: Bool

        public init(name: String, display: String, absPath: String, text: String?, fromFolder: Bool) {
            self.name = name
            self.display = display
            self.absPath = absPath
            self.text = text
            self.fromFolder = fromFolder
        }
    }

    /// Resolves an `include` argument met in `from`: the files it names, or nil when it
    /// names nothing that exists.
    public typealias IncludeResolver = (_ target: String, _ from: String) -> [IncludedFile]?

    /// logrotate's default `tabooext` list: files in an included folder ending so are skipped.
    static let defaultTaboo = [",v", ".cfsaved", ".disabled", ".dpkg-bak", ".dpkg-del", ".dpkg-dist", ".dpkg-new", ".dpkg-old",
                               ".dpkg-tmp", ".rhn-cfg-tmp-*", ".rpmnew", ".rpmorig", ".rpmsave", ".swp", ".ucf-dist", ".ucf-new",
                               ".ucf-old", "~"]
    static let maxIncludeDepth = 16

    struct State {
        var globals: LogrotateBlock
        var taboo = LogrotateParser.defaultTaboo
        var tabooPatterns: [String] = []
        var visited: Set<String> = []
        /// Log patterns that already have a block (logrotate: "duplicate log entry").
        var seenPatterns: Set<String> = []
        /// Included files read so far in this parse: bounded, so includes that include each
        /// other in a crowded folder cannot multiply the work.
        var includeReads = 0
        /// `include` directives met so far: each one costs a lookup, so a file repeating
        /// `include` 100,000 times is cut short after `maxIncludeDirectives`.
        var includeDirectives = 0
    }

    static let maxIncludeDirectives = 1_000

    static let maxIncludeReads = 1_000

    /// `mapPath` turns a deployed absolute pattern into a local one (or nil when unmapped).
    /// `include` follows `include` directives as logrotate does: the included text is read
    /// in place, so globals it sets apply to it and to everything after it (checked against
    /// `logrotate -d`); folders are read in name order, skipping `tabooext` names. Without a
    /// resolver, includes are reported and not followed.
    public static func parse(_ text: String, file: String, mapPath: (String) -> String? = { _ in nil },
                             include: IncludeResolver? = nil, selfPath: String? = nil) -> Output {
        var out = Output()
        var state = State(globals: LogrotateBlock(file: file, line: 0, patterns: []), visited: [selfPath ?? file])
        read(text, file: file, state: &state, depth: 0, mapPath: mapPath, include: include, out: &out)
        return out
    }

    static func read(_ text: String, file: String, state: inout State, depth: Int, mapPath: (String) -> String?,
                     include: IncludeResolver?, out: inout Output) {
        var current: LogrotateBlock?
        var pendingPatterns: [String] = []
        var pendingLine = 0
        var inScript: Int?
        var skippingBlock = false

        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, raw) in lines.enumerated() {
            let lineNo = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if inScript != nil {
                if line == "endscript" || line.hasPrefix("endscript ") { inScript = nil }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var tokens = tokenize(line)
            if skippingBlock {
                if tokens.first == "}" { skippingBlock = false }
                continue
            }
            // A block header: patterns then "{" (possibly after patterns on earlier lines).
            if let brace = tokens.firstIndex(of: "{") {
                if current != nil {
                    out.issues.append(ParseIssue(path: file, line: lineNo, message: "nested '{' inside a block"))
                    continue
                }
                if pendingPatterns.isEmpty { pendingLine = lineNo }
                pendingPatterns += tokens[..<brace]
                if let first = pendingPatterns.first, !looksLikePattern(first) {
                    // logrotate: "lines must begin with a keyword or a filename"; the block is skipped.
                    out.issues.append(ParseIssue(path: file, line: pendingLine, message: "'\(first)' is not a keyword or a filename (logrotate rejects this line); block not read"))
                    pendingPatterns = []
                    skippingBlock = true
                    continue
                }
                guard !pendingPatterns.isEmpty else {
                    out.issues.append(ParseIssue(path: file, line: lineNo, message: "'{' without any log file pattern"))
                    continue
                }
                var block = state.globals
                // Globals set in another file keep pointing at it.
                if block.rotateLine != nil && block.rotateFile == nil && block.file != file { block.rotateFile = block.file }
                if block.create != nil && block.create?.file == nil && block.file != file { block.create?.file = block.file }
                block.file = file
                block.line = pendingLine
                block.patterns = pendingPatterns
                block.localPatterns = pendingPatterns.map { mapPath($0) ?? $0 }
                current = block
                pendingPatterns = []
                tokens = Array(tokens[(brace + 1)...])
                if tokens.isEmpty { continue }
            }
            if tokens.first == "}" {
                if let block = current {
                    // logrotate refuses a second block for a log it already has a block for.
                    if let dup = block.patterns.first(where: { state.seenPatterns.contains($0) }) {
                        out.issues.append(ParseIssue(path: file, line: block.line, message: "duplicate log entry for \(dup) (logrotate refuses this block)"))
                    } else {
                        state.seenPatterns.formUnion(block.patterns)
                        out.blocks.append(block)
                    }
                } else {
                    out.issues.append(ParseIssue(path: file, line: lineNo, message: "'}' without an open block"))
                }
                current = nil
                continue
            }
            guard let first = tokens.first else { continue }
            let directive = first.lowercased()
            if scripts.contains(directive) {
                if current == nil { out.issues.append(ParseIssue(path: file, line: lineNo, message: "\(directive) outside a block")) }
                inScript = lineNo
                continue
            }
            let isDirective = flagDirectives.contains(directive) || argDirectives.contains(directive) || periods.contains(directive)
            if !isDirective {
                if current == nil, looksLikePattern(first) {
                    if pendingPatterns.isEmpty { pendingLine = lineNo }
                    pendingPatterns += tokens
                } else {
                    out.issues.append(ParseIssue(path: file, line: lineNo, message: "unknown logrotate directive '\(first)'; line ignored"))
                }
                continue
            }
            let args = Array(tokens.dropFirst())
            if current != nil {
                apply(directive, args, line: lineNo, to: &current!, file: file, issues: &out.issues)
            } else if directive == "include" {
                followInclude(args.first ?? "", line: lineNo, file: file, state: &state, depth: depth, mapPath: mapPath, include: include, out: &out)
            } else if directive == "tabooext" || directive == "taboopat" {
                // `tabooext [+] list`: a leading "+" (alone or glued to the first word) adds.
                let joined = args.joined(separator: " ").trimmingCharacters(in: .whitespaces)
                let adds = joined.hasPrefix("+")
                let words = (adds ? String(joined.dropFirst()) : joined)
                    .split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init).filter { !$0.isEmpty }
                if directive == "tabooext" {
                    state.taboo = adds ? state.taboo + words : words
                } else {
                    state.tabooPatterns = adds ? state.tabooPatterns + words : words
                }
            } else {
                // A global set here and inherited by blocks of other files must cite this file.
                var g = state.globals
                if g.file != file {
                    if g.rotateLine != nil && g.rotateFile == nil { g.rotateFile = g.file }
                    if g.create != nil && g.create?.file == nil { g.create?.file = g.file }
                }
                apply(directive, args, line: lineNo, to: &g, file: file, issues: &out.issues)
                if directive == "rotate" { g.rotateFile = g.file == file ? nil : file }
                if directive == "create" { g.create?.file = g.file == file ? nil : file }
                state.globals = g
            }
        }
        if let open = current {
            out.issues.append(ParseIssue(path: file, line: open.line, message: "block opened here is never closed with '}'"))
        }
        if let s = inScript {
            out.issues.append(ParseIssue(path: file, line: s, message: "script started here has no endscript"))
        }
        if !pendingPatterns.isEmpty {
            out.issues.append(ParseIssue(path: file, line: pendingLine, message: "log file patterns without a '{' block"))
        }
    }

    static func followInclude(_ target: String, line: Int, file: String, state: inout State, depth: Int, mapPath: (String) -> String?,
                              include: IncludeResolver?, out: inout Output) {
        guard !target.isEmpty else {
            out.issues.append(ParseIssue(path: file, line: line, message: "include needs a file or folder"))
            return
        }
        guard let include else {
            out.issues.append(ParseIssue(path: file, line: line, message: "include \(target) is not followed; included files found in the scan are read on their own"))
            return
        }
        guard depth < maxIncludeDepth else {
            out.issues.append(ParseIssue(path: file, line: line, message: "include \(target): includes nested more than \(maxIncludeDepth) deep; not followed"))
            return
        }
        state.includeDirectives += 1
        guard state.includeDirectives <= maxIncludeDirectives else {
            out.issues.append(ParseIssue(path: file, line: line, message: "more than \(maxIncludeDirectives) include directives in all; this and later ones not followed"))
            return
        }
        guard let files = include(target, file) else {
            if target.hasPrefix("/") { out.includes.append(PathRef(path: target, file: file, line: line)) }
            out.issues.append(ParseIssue(path: file, line: line, message: "include \(target) names nothing readable under the scanned roots (an absolute path is read from a root holding it, a filesystem-image root or scan.path_map; no symlink is followed, nothing outside is read); not followed"))
            return
        }
        for f in files {
            // Taboo names apply to a folder's entries; a file named by the include is read.
            if f.fromFolder {
                if state.taboo.contains(where: { fnmatch("*" + $0, f.name, 0) == 0 })
                    || state.tabooPatterns.contains(where: { fnmatch($0, f.name, 0) == 0 }) {
                    out.skippedPaths.append(f.absPath)
                    continue
                }
            }
            guard !state.visited.contains(f.absPath) else {
                out.issues.append(ParseIssue(path: file, line: line, message: "include \(target): \(f.display) is already being read (recursive include); not read again"))
                continue
            }
            guard let text = f.text else {
                out.issues.append(ParseIssue(path: f.display, line: nil, message: "included by \(file):\(line) but cannot be read"))
                continue
            }
            guard state.includeReads < maxIncludeReads else {
                out.issues.append(ParseIssue(path: file, line: line, message: "include \(target): more than \(maxIncludeReads) included files read in all (includes including each other?); the rest not followed"))
                return
            }
            state.includeReads += 1
            out.included.append(f.absPath)
            state.visited.insert(f.absPath)
            read(text, file: f.display, state: &state, depth: depth + 1, mapPath: mapPath, include: include, out: &out)
            state.visited.remove(f.absPath)
        }
    }

    /// logrotate takes a line as a file list only when it starts with '/', '~' or a quote
    /// (quotes are already stripped by the tokenizer, so a quoted relative name counts too).
    static func looksLikePattern(_ token: String) -> Bool {
        guard let c = token.first else { return false }
        return c == "/" || c == "~" || (!c.isLetter && !c.isNumber && c != "@" && c != "<" && c != "$" && c != "{" && c != "%")
    }

    static func apply(_ d: String, _ args: [String], line: Int, to block: inout LogrotateBlock, file: String, issues: inout [ParseIssue]) {
        func bad(_ m: String) { issues.append(ParseIssue(path: file, line: line, message: m)) }
        switch d {
        case _ where periods.contains(d):
            block.period = LogrotateBlock.Period(rawValue: d)
            block.periodLine = line
        case "rotate":
            guard let n = args.first.flatMap({ Int($0) }) else { return bad("rotate needs a number, found '\(args.first ?? "")'") }
            block.rotate = n
            block.rotateLine = line
        case "maxage":
            guard let n = args.first.flatMap({ Int($0) }) else { return bad("maxage needs a number of days") }
            block.maxage = n
            block.maxageLine = line
        case "size":
            guard let s = args.first else { return bad("size needs a value") }
            block.size = s
        case "create":
            var c = LogrotateBlock.Create(mode: nil, owner: nil, group: nil, line: line)
            if let m = args.first {
                guard let mode = UInt32(m, radix: 8) else { return bad("create mode '\(m)' is not an octal mode") }
                c.mode = mode
            }
            if args.count > 1 { c.owner = args[1] }
            if args.count > 2 { c.group = args[2] }
            block.create = c
        case "nocreate": block.create = nil
        case "copytruncate": block.copytruncate = true
        case "nocopytruncate": block.copytruncate = false
        case "compress": block.compress = true
        case "nocompress": block.compress = false
        case "missingok": block.missingok = true
        case "nomissingok": block.missingok = false
        case "dateext": block.dateext = true
        case "nodateext": block.dateext = false
        case "include": bad("include is not allowed inside a block")
        default: break  // recognised; does not affect what auditpack grades
        }
    }

    /// Splits a line into words, honouring double and single quotes and a `{`/`}` glued to a word.
    static func tokenize(_ line: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var quote: Character?
        func flush() { if !cur.isEmpty { out.append(cur); cur = "" } }
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil } else { cur.append(ch) }
                continue
            }
            switch ch {
            case "\"", "'": quote = ch
            case " ", "\t": flush()
            case "#" where cur.isEmpty: flush(); return out
            case "{", "}": flush(); out.append(String(ch))
            default: cur.append(ch)
            }
        }
        flush()
        return out
    }

    /// Whether `path` is matched by one of the block's patterns as glob(3) would expand them.
    public static func covers(_ block: LogrotateBlock, path: String) -> Bool {
        block.localPatterns.contains { fnmatch($0, path, FNM_PATHNAME | FNM_PERIOD) == 0 }
    }
}
