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

/// Writes several output files all or nothing: each goes to a new temporary file beside it
/// first (`O_EXCL`, never through a planted link); only when every one is written are they
/// renamed into place. The caller has checked each path with `OutputGuard`.
public enum OutputFiles {
    public static func writeAll(_ outputs: [(path: String, text: String)]) throws(InputError) {
        var temps: [(String, String)] = []
        func cleanup() { for (t, _) in temps { unlink(t) } }
        for (path, text) in outputs {
            do {
                temps.append((try OutputGuard.writeTemporary(Data(text.utf8), beside: path), path))
            } catch {
                cleanup()
                throw InputError(file: path, message: "\(error.message); nothing was written")
            }
        }
        for (tmp, path) in temps where rename(tmp, path) != 0 {
            let e = errno
            cleanup()
            throw InputError(file: path, message: "cannot write output here (\(String(cString: strerror(e))))")
        }
    }
}
