import Crypto
import Foundation
import ZIPFoundation

/// `<dir>.zip` of a packet: entries in path order, every timestamp the run date, fixed
/// permissions, so the same packet always gives the same bytes.
public enum PacketZip {
    public static func data(_ files: [(String, Data)], folderName: String, date: String) throws(InputError) -> Data {
        let stamp = DateText.parse(date) ?? Date(timeIntervalSince1970: 315_532_800)
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (path, data) in files.sorted(by: { $0.0 < $1.0 }) {
                try archive.addEntry(with: folderName + "/" + path, type: .file, uncompressedSize: Int64(data.count),
                                     modificationDate: stamp, permissions: 0o644, compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let out = archive.data else { throw InputError(file: folderName + ".zip", message: "zip archive could not be built") }
            return out
        } catch let e as InputError {
            throw e
        } catch {
            throw InputError(file: folderName + ".zip", message: "zip archive could not be built (\(error.localizedDescription))")
        }
    }

    /// Files of a packet zip (the folder prefix removed).
    public static func files(in url: URL) throws(InputError) -> [String: Data] {
        try contents(of: url).files
    }

    /// Files of a packet zip, and the entries that are not plain files (folders, symlinks),
    /// which a packet never holds.
    public static func contents(of url: URL) throws(InputError) -> (files: [String: Data], others: [String]) {
        do {
            let archive = try Archive(url: url, accessMode: .read)
            var out: [String: Data] = [:]
            var others: [String] = []
            var top: String?
            for entry in archive {
                var path = entry.path
                // One top folder, each path once: a second entry of the same name (or under
                // another top folder) is how a forged zip would hide an altered file.
                let folder = path.firstIndex(of: "/").map { String(path[..<$0]) } ?? ""
                if top == nil { top = folder }
                if folder != top || folder.isEmpty {
                    others.append("\(entry.path) (outside the packet's one top folder \(top ?? ""))")
                    continue
                }
                if let slash = path.firstIndex(of: "/") { path = String(path[path.index(after: slash)...]) }
                if out[path] != nil {
                    others.append("\(entry.path) (a second entry with this name)")
                    continue
                }
                guard entry.type == .file else {
                    others.append("\(entry.path) (\(entry.type == .symlink ? "symbolic link" : "folder entry"))")
                    continue
                }
                var data = Data()
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
                out[path] = data
            }
            return (out, others)
        } catch {
            throw InputError(file: url.path, message: "not a readable zip archive")
        }
    }
}

/// `verify-packet`: re-checks a packet against its MANIFEST.sha256 and names every added,
/// missing or altered file.
public enum PacketVerifier {
    public struct Report: Sendable, Equatable {
        public var verified: Int
        public var altered: [String]
        public var missing: [String]
        public var added: [String]
        public var malformed: [String]
        /// index.html's content digest disagrees with MANIFEST.sha256 (one of them was rewritten).
        public var digestMismatch = false

        /// Symbolic links, folders in a zip and special files: a packet holds none.
        public var notFiles: [String] = []
        /// The run date results.json states, and a freshness problem (`--max-age`).
        public var runDate: String?
        public var staleness: String?

        /// Fails the packet when its run date is more than `maxDays` before `today`.
        public mutating func checkAge(maxDays: Int, today: String) {
            guard let date = runDate, let age = DateText.days(from: date, to: today) else {
                staleness = "the packet states no run date (results.json)"
                return
            }
            if age > maxDays { staleness = "the packet is from \(date), \(age) day(s) before \(today): older than the allowed \(maxDays)" }
            else if age < 0 { staleness = "the packet is dated \(date), after today (\(today))" }
        }

        /// The signature check (nil: unsigned and no key asked for).
        public var attestation: PacketSigning.Check?
        /// Whether a key was given to check the signature with.
        public var keyGiven = false

        public var ok: Bool {
            altered.isEmpty && missing.isEmpty && added.isEmpty && malformed.isEmpty && notFiles.isEmpty && !digestMismatch
                && (attestation?.problems.isEmpty ?? true) && staleness == nil
        }

        public var text: String {
            var lines: [String] = []
            for p in altered { lines.append("ALTERED  \(Escape.terminal(p))") }
            for p in missing { lines.append("MISSING  \(Escape.terminal(p))") }
            for p in added { lines.append("ADDED    \(Escape.terminal(p))") }
            for p in malformed { lines.append("MALFORMED MANIFEST LINE  \(Escape.terminal(p))") }
            for p in notFiles { lines.append("NOT A FILE  \(Escape.terminal(p))") }
            if digestMismatch { lines.append("DIGEST   index.html's content digest does not match MANIFEST.sha256") }
            if let s = staleness { lines.append("STALE    \(s)") }
            if let a = attestation {
                for p in a.problems { lines.append("SIGNATURE \(p)") }
                if a.problems.isEmpty {
                    lines.append(a.signedBy.map { "SIGNED   by key \($0.prefix(16))…: the signature and all \(a.subjects) attested files verify" }
                                 ?? "SIGNED   but the signature was NOT verified (give --key PUB); \(a.subjects) attested files match")
                }
            } else {
                lines.append("UNSIGNED (no \(PacketSigning.attestationFile)); sealed by MANIFEST.sha256 only")
            }
            lines.append(ok ? "OK: \(verified) file(s) match MANIFEST.sha256" : "FAILED: \(altered.count) altered, \(missing.count) missing, \(added.count) added" + (notFiles.isEmpty ? "" : ", \(notFiles.count) not a plain file")
                         + ((attestation?.problems.isEmpty ?? true) ? "" : ", \(attestation!.problems.count) signature problem(s)"))
            return lines.joined(separator: "\n")
        }
    }

    /// The content digest index.html shows (`<p class="digest"><span class="mono">HEX</span>`),
    /// found by a byte search (a fleet verifies thousands of packets).
    static func shownDigest(_ index: Data) -> String? {
        let marker = Array(#"<p class="digest"><span class="mono">"#.utf8)
        let bytes = [UInt8](index)
        guard let at = ByteSearch.firstIndex(of: marker, in: bytes) else { return nil }
        let start = at + marker.count
        guard start + 64 + 7 <= bytes.count, bytes[(start + 64)..<(start + 71)].elementsEqual(Array("</span>".utf8)) else { return nil }
        let hex = bytes[start..<(start + 64)]
        guard hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return String(decoding: hex, as: UTF8.self)
    }

    public static func verify(path: String, key: Curve25519.Signing.PublicKey? = nil) throws(InputError) -> Report {
        try load(path: path, key: key).report
    }

    /// Verifies a packet and returns its files too (the manifest and attestation included),
    /// as read for the check: what is merged is exactly what was verified.
    /// - Parameter runDate: read the run date from results.json (for `--max-age`); a fleet
    ///   reads results.json itself.
    public static func load(path: String, key: Curve25519.Signing.PublicKey? = nil, runDate: Bool = true) throws(InputError) -> (report: Report, files: [String: Data]) {
        guard let st = SafeFile.lstat(path) else { throw InputError(file: path, message: "no such packet folder or zip") }
        var files: [String: Data] = [:]
        var others: [String] = []
        if st.isDir {
            // Never follows a symlink: a packet file replaced by a link (even to identical
            // content) is tampering, and so is anything that is not a plain file or folder.
            var stack = [""]
            while let rel = stack.popLast() {
                let abs = rel.isEmpty ? path : path + "/" + rel
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: abs) else {
                    throw InputError(file: abs, message: "packet folder cannot be read")
                }
                for n in names.sorted() {
                    let r = rel.isEmpty ? n : rel + "/" + n
                    guard let e = SafeFile.lstat(path + "/" + r) else {
                        others.append("\(r) (cannot be examined: a name that is not valid UTF-8?)")
                        continue
                    }
                    if files[r] != nil {
                        others.append("\(r) (a second file whose name is canonically the same)")
                        continue
                    }
                    if e.isLink { others.append("\(r) (symbolic link to \(Discovery.linkTarget(path + "/" + r)))") }
                    else if e.isDir { stack.append(r) }
                    else if e.isRegular {
                        guard let data = try? SafeFile.readPrefix(path + "/" + r, count: Int.max) else {
                            others.append("\(r) (cannot be read)")
                            continue
                        }
                        files[r] = data
                    } else { others.append("\(r) (special file)") }
                }
            }
        } else if st.isRegular {
            (files, others) = try PacketZip.contents(of: URL(fileURLWithPath: path))
        } else {
            throw InputError(file: path, message: "not a packet folder or zip (a symbolic link or special file is not followed)")
        }
        guard let manifestData = files.removeValue(forKey: "MANIFEST.sha256"), let manifest = String(data: manifestData, encoding: .utf8) else {
            throw InputError(file: path, message: "MANIFEST.sha256 is missing: not an auditpack packet, or it was removed")
        }
        var report = Report(verified: 0, altered: [], missing: [], added: [], malformed: [])
        report.notFiles = others.sorted()
        var listed = Set<String>()
        for line in manifest.split(separator: "\n") {
            guard let (hash, name) = Manifest.parseLine(line) else { report.malformed.append(Escape.terminal(String(line))); continue }
            listed.insert(name)
            guard let data = files[name] else { report.missing.append(name); continue }
            if PacketWriter.sha256Hex(data) == hash.lowercased() { report.verified += 1 } else { report.altered.append(name) }
        }
        report.added = files.keys.filter { !listed.contains($0) && $0 != PacketSigning.attestationFile }.sorted()
        if runDate {
            report.runDate = files["results.json"].flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }?["date"] as? String
        }
        if let envelope = files[PacketSigning.attestationFile] {
            var all = files
            all["MANIFEST.sha256"] = manifestData
            report.attestation = PacketSigning.check(envelope: envelope, files: all, key: key)
        } else if key != nil {
            report.attestation = PacketSigning.Check(signedBy: nil, problems: ["the packet is not signed (no \(PacketSigning.attestationFile))"])
        }
        if let index = files["index.html"], let shown = Self.shownDigest(index) {
            report.digestMismatch = shown != PacketWriter.contentDigest(manifest: manifest)
        }
        files["MANIFEST.sha256"] = manifestData
        return (report, files)
    }
}
