import Foundation

/// `auditpack fleet`: verifies per-target packets (folders or zips) against their own
/// manifests, merges the ones that verify, and writes a fleet packet: each target's packet
/// unchanged under `targets/<name>/`, the matrix and the fleet results in every CI format,
/// sealed by one MANIFEST.sha256. Packets are read one at a time: memory stays bounded by
/// the largest packet, not by the fleet.
public struct FleetBuilder {
    public var inputs: [String]
    public var expected: [String]?
    public var date: String
    public var maxAgeDays = 8
    public var organization = "the organisation"
    /// Fleet runs are recorded here per target (kind `fleet:<name>`) and for the fleet
    /// (kind `fleet`); the last run before this one gives the regressions.
    public var history: HistoryStore?
    /// Progress lines (a terminal's stderr), or nil.
    public var progress: ((String) -> Void)?

    public init(inputs: [String], expected: [String]?, date: String) {
        self.inputs = inputs
        self.expected = expected
        self.date = date
    }

    public struct Output: Sendable {
        public var results: FleetResults
        public var files: Int
        public var regressions: [String]
    }

    /// Builds the fleet packet into `output` (checked by the caller with `OutputGuard`).
    public func write(to output: String, replaceAnyFolder: Bool = false) throws(InputError) -> Output {
        // Pass 1: verify every packet and read who it is; keep nothing but that.
        var candidates: [FleetTarget] = []
        var rejected: [(source: String, why: String)] = []
        var info: [String: FleetMerge.ItemInfo] = [:]
        for (k, path) in inputs.enumerated() {
            progress?("verifying \(k + 1)/\(inputs.count) \(path)")
            do {
                let (report, files) = try PacketVerifier.load(path: path, runDate: false)
                guard report.ok else {
                    rejected.append((path, Self.why(report)))
                    continue
                }
                guard let results = files["results.json"], let manifest = files["MANIFEST.sha256"] else {
                    rejected.append((path, "no results.json: not an auditpack packet"))
                    continue
                }
                let fallback = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                let t = try FleetMerge.target(results: results, manifest: manifest, source: path, fallbackName: fallback,
                                              signed: files[PacketSigning.attestationFile] != nil)
                if info.isEmpty { info = FleetMerge.itemInfo(results: results) }
                candidates.append(t)
            } catch {
                rejected.append((path, error.message))
            }
        }
        var results = FleetMerge.merge(candidates, rejected: rejected, expected: expected, info: info, date: date, maxAgeDays: maxAgeDays)
        // Folder names inside the fleet packet, unique and safe.
        var taken = Set<String>()
        for k in results.targets.indices {
            let folder = FleetMerge.folderName(results.targets[k].name, taken: taken)
            taken.insert(folder)
            results.targets[k].folder = "targets/" + folder
        }
        let regressions = try record(results)

        // Pass 2: copy each counted packet unchanged (re-verified: it must be what pass 1 read).
        let (out, tmp) = try PacketWriter.makeTemporaryFolder(for: output)
        var manifest: [(path: String, line: String)] = []
        do {
            for (k, t) in results.targets.enumerated() {
                progress?("copying \(k + 1)/\(results.targets.count) \(t.name)")
                let (report, files) = try PacketVerifier.load(path: t.source, runDate: false)
                guard report.ok, let m = files["MANIFEST.sha256"], PacketWriter.sha256Hex(m) == t.digest else {
                    throw InputError(file: t.source, message: "changed while the fleet was merged; nothing was written")
                }
                var hashes: [String: String] = [:]
                for line in String(decoding: m, as: UTF8.self).split(separator: "\n") {
                    if let (hash, name) = Manifest.parseLine(line) { hashes[name] = hash.lowercased() }
                }
                var folders = Set<String>()
                for (rel, data) in files {
                    let path = t.folder + "/" + rel
                    let folder = (tmp + "/" + path as NSString).deletingLastPathComponent
                    if folders.insert(folder).inserted {
                        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    }
                    try Self.create(tmp + "/" + path, data)
                    manifest.append((path, Manifest.line(hash: hashes[rel] ?? PacketWriter.sha256Hex(data), name: path)))
                }
            }
            var documents: [(String, String)] = []
            documents.append(("index.html", FleetReports.html(results, regressions: regressions)))
            documents.append(("fleet.md", FleetReports.markdown(results, regressions: regressions)))
            documents.append(("results.json", FleetReports.json(results)))
            documents.append(("junit.xml", FleetReports.junit(results)))
            documents.append(("results.sarif", FleetReports.sarif(results)))
            documents.append(("oscal-assessment-results.json", FleetReports.oscal(results, organization: organization)))
            for (name, text) in documents {
                let data = Data(text.utf8)
                try Self.put(data, tmp + "/" + name)
                manifest.append((name, Manifest.line(hash: PacketWriter.sha256Hex(data), name: name)))
            }
            manifest.sort { $0.path < $1.path }
            try Self.put(Data(manifest.map(\.line).joined().utf8), tmp + "/MANIFEST.sha256")
        } catch let e as InputError {
            try? FileManager.default.removeItem(atPath: tmp)
            throw e
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw InputError(file: output, message: "cannot write the fleet packet (\(error.localizedDescription))")
        }
        try PacketWriter.install(tmp, at: out, given: output, replaceAnyFolder: replaceAnyFolder)
        return Output(results: results, files: manifest.count + 1, regressions: regressions)
    }

    /// Writes a file into the fleet's own new temporary folder.
    static func put(_ data: Data, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try create(path, data)
    }

    /// A new file (never an existing one, never through a link), written in one go.
    static func create(_ path: String, _ data: Data) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw InputError(file: path, message: "cannot create (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw InputError(file: path, message: "cannot write (\(String(cString: strerror(errno))))")
                }
                done += n
            }
        }
    }

    /// Why a packet does not verify, in one line.
    static func why(_ r: PacketVerifier.Report) -> String {
        var parts: [String] = []
        if !r.altered.isEmpty { parts.append("altered: \(r.altered.prefix(3).joined(separator: ", "))") }
        if !r.missing.isEmpty { parts.append("missing: \(r.missing.prefix(3).joined(separator: ", "))") }
        if !r.added.isEmpty { parts.append("added: \(r.added.prefix(3).joined(separator: ", "))") }
        if !r.notFiles.isEmpty { parts.append("not plain files: \(r.notFiles.prefix(3).joined(separator: ", "))") }
        if !r.malformed.isEmpty { parts.append("\(r.malformed.count) malformed manifest line(s)") }
        if r.digestMismatch { parts.append("index.html's content digest does not match") }
        if let a = r.attestation, !a.problems.isEmpty { parts.append("signature: \(a.problems[0])") }
        return "fails its own MANIFEST.sha256 (" + parts.joined(separator: "; ") + ")"
    }

    /// Records this run per target and for the fleet; returns what regressed since the last
    /// fleet run recorded before this date (per target, and for the fleet as a whole).
    func record(_ r: FleetResults) throws(InputError) -> [String] {
        guard let history else { return [] }
        let bad: Set<String> = ["fail", "error"]
        let good: Set<Status> = [.pass, .waived, .notApplicable]
        var lines: [String] = []
        let itemByID = Dictionary(r.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for t in r.targets {
            let kind = "fleet:" + t.name
            if let previous = try history.runs(kind: kind, before: r.date, limit: 1).first {
                for id in t.itemOrder {
                    guard let now = t.items[id], bad.contains(now.status), let before = previous.items[id], good.contains(before.status) else { continue }
                    lines.append("\(t.name) regressed on \(id) since \(previous.date) (\(before.status.rawValue) → \(now.status))")
                }
            }
            try history.record(date: r.date, kind: kind, roots: t.source, items: t.itemOrder.compactMap { id in
                guard let i = t.items[id], let s = Status(rawValue: i.status) else { return nil }
                let item = itemByID[id]
                return (id, s, item.flatMap { Severity(rawValue: $0.severity) } ?? .low, item?.title ?? id, i.message)
            })
        }
        if let previous = try history.runs(kind: "fleet", before: r.date, limit: 1).first {
            for i in r.items where bad.contains(i.status) {
                if let before = previous.items[i.id], good.contains(before.status) {
                    lines.append("the fleet regressed on \(i.id) since \(previous.date) (\(before.status.rawValue) → \(i.status))")
                }
            }
        }
        try history.record(date: r.date, kind: "fleet", roots: r.targets.map(\.name).joined(separator: "\n"), items: r.items.compactMap { i in
            Status(rawValue: i.status).map { (i.id, $0, Severity(rawValue: i.severity) ?? .low, i.title, i.message) }
        })
        return lines
    }
}
