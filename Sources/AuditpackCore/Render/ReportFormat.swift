import Foundation

/// The formats `check` can print, each also a file in the packet.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, json, junit, sarif, oscal

    public var packetFile: String? {
        switch self {
        case .table: return nil
        case .json: return "results.json"
        case .junit: return "junit.xml"
        case .sarif: return "results.sarif"
        case .oscal: return "oscal-assessment-results.json"
        }
    }

    public func render(_ r: RunResults, config: AuditConfig, color: Bool = false) -> String {
        switch self {
        case .table: return TableReport.render(r, color: color)
        case .json: return ResultsDocument(r).json()
        case .junit: return JUnitReport.render(r)
        case .sarif: return SARIFReport.render(r)
        case .oscal: return OSCALReport.render(r, organization: config.organization, system: config.system)
        }
    }

    /// `json`, `sarif:out.sarif` (InSpec-reporter style): a format and an optional file.
    public static func parse(_ spec: String) throws(InputError) -> (ReportFormat, String?) {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        guard let name = parts.first, let f = ReportFormat(rawValue: name.lowercased()) else {
            throw InputError(file: "", message: "unknown --format '\(spec)' (formats: \(allCases.map(\.rawValue).joined(separator: ", ")); add :FILE to write a file)")
        }
        if parts.count == 2 && parts[1].isEmpty { throw InputError(file: "", message: "--format \(spec): give a file after ':'") }
        return (f, parts.count == 2 ? parts[1] : nil)
    }
}

/// Writes several output files all or nothing: each goes to a temporary name first; only
/// when every one is written are they renamed into place.
public enum OutputFiles {
    public static func writeAll(_ outputs: [(path: String, text: String)]) throws(InputError) {
        var temps: [(String, String)] = []
        func cleanup() { for (t, _) in temps { try? FileManager.default.removeItem(atPath: t) } }
        for (path, text) in outputs {
            let tmp = path + ".auditpack-tmp-\(getpid())"
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
            } catch {
                cleanup()
                throw InputError(file: path, message: "cannot write output here (\(error.localizedDescription)); nothing was written")
            }
            temps.append((tmp, path))
        }
        for (tmp, path) in temps {
            do {
                if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
                try FileManager.default.moveItem(atPath: tmp, toPath: path)
            } catch {
                cleanup()
                throw InputError(file: path, message: "cannot write output here (\(error.localizedDescription))")
            }
        }
    }
}
