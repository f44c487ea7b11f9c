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
        do {
            let archive = try Archive(url: url, accessMode: .read)
            var out: [String: Data] = [:]
            for entry in archive where entry.type == .file {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                var path = entry.path
                if let slash = path.firstIndex(of: "/") { path = String(path[path.index(after: slash)...]) }
                out[path] = data
            }
            return out
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

        public var ok: Bool { altered.isEmpty && missing.isEmpty && added.isEmpty && malformed.isEmpty && !digestMismatch }

        public var text: String {
            var lines: [String] = []
            for p in altered { lines.append("ALTERED  \(p)") }
            for p in missing { lines.append("MISSING  \(p)") }
            for p in added { lines.append("ADDED    \(p)") }
            for p in malformed { lines.append("MALFORMED MANIFEST LINE  \(p)") }
            if digestMismatch { lines.append("DIGEST   index.html's content digest does not match MANIFEST.sha256") }
            lines.append(ok ? "OK: \(verified) file(s) match MANIFEST.sha256" : "FAILED: \(altered.count) altered, \(missing.count) missing, \(added.count) added")
            return lines.joined(separator: "\n")
        }
    }

    public static func verify(path: String) throws(InputError) -> Report {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw InputError(file: path, message: "no such packet folder or zip") }
        var files: [String: Data] = [:]
        if isDir.boolValue {
            guard let paths = FileManager.default.subpaths(atPath: path) else { throw InputError(file: path, message: "packet folder cannot be read") }
            for rel in paths.sorted() {
                let full = path + "/" + rel
                var sub: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue {
                    files[rel] = FileManager.default.contents(atPath: full) ?? Data()
                }
            }
        } else {
            files = try PacketZip.files(in: URL(fileURLWithPath: path))
        }
        guard let manifestData = files.removeValue(forKey: "MANIFEST.sha256"), let manifest = String(data: manifestData, encoding: .utf8) else {
            throw InputError(file: path, message: "MANIFEST.sha256 is missing: not an auditpack packet, or it was removed")
        }
        var report = Report(verified: 0, altered: [], missing: [], added: [], malformed: [])
        var listed = Set<String>()
        for line in manifest.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 64, parts[1].hasPrefix(" ") else { report.malformed.append(String(line)); continue }
            let name = String(parts[1].dropFirst())
            listed.insert(name)
            guard let data = files[name] else { report.missing.append(name); continue }
            if PacketWriter.sha256Hex(data) == parts[0] { report.verified += 1 } else { report.altered.append(name) }
        }
        report.added = files.keys.filter { !listed.contains($0) }.sorted()
        if let index = files["index.html"].map({ String(decoding: $0, as: UTF8.self) }),
           let m = index.firstMatch(of: /<p class="digest"><span class="mono">([0-9a-f]{64})<\/span>/) {
            report.digestMismatch = String(m.1) != PacketWriter.contentDigest(manifest: manifest)
        }
        return report
    }
}
