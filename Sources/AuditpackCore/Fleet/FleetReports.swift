import Crypto
import Foundation

/// The documents of a fleet packet: the target × item matrix (Markdown, and HTML sortable and
/// filterable without network), fleet results in every CI format.
public enum FleetReports {
    static let symbols = ["pass": "✔ pass", "fail": "✘ fail", "warn": "! warn", "error": "✘ error", "manual": "? manual",
                          "waived": "~ waived", "not_applicable": "– n/a"]

    // MARK: JSON

    public static func json(_ f: FleetResults) -> String {
        let doc: [String: Any] = [
            "schemaVersion": 1, "kind": "fleet",
            "tool": ["name": "auditpack", "version": AuditpackVersion.current],
            "date": f.date,
            "maxAgeDays": f.maxAgeDays,
            "coverage": ["counted": f.coverage.counted, "expected": f.coverage.of, "expectedListGiven": f.expected != nil],
            "summary": Dictionary(uniqueKeysWithValues: FleetMerge.order.map { ($0, f.count($0)) }),
            "targets": f.targets.map { t -> [String: Any] in
                ["name": t.name, "host": t.host ?? NSNull(), "runDate": t.runDate, "scanTime": t.scanTime ?? NSNull(),
                 "digest": "sha256:" + t.digest, "packet": t.folder + "/", "signed": t.signed,
                 "items": Dictionary(uniqueKeysWithValues: t.itemOrder.compactMap { id in t.items[id].map { (id, $0.status) } })]
            },
            "missing": f.gaps.missing,
            "stale": f.gaps.stale.map { ["name": $0.name, "runDate": $0.runDate, "source": $0.source] },
            "duplicates": f.gaps.duplicates.map { ["name": $0.name, "kept": $0.kept, "dropped": $0.dropped] },
            "rejected": f.gaps.rejected.map { ["source": $0.source, "why": $0.why] },
            "items": f.items.map { i -> [String: Any] in
                ["id": i.id, "title": i.title, "area": i.area, "severity": i.severity, "tsc": i.tsc, "status": i.status, "message": i.message,
                 "targets": i.byStatus.mapValues { $0 }]
            },
        ]
        return FleetJSON.render(doc)
    }

    // MARK: Markdown

    public static func markdown(_ f: FleetResults, regressions: [String] = []) -> String {
        var out = "# Fleet packet — \(f.date)\n\n"
        out += "Results from **\(f.coverage.counted) of \(f.coverage.of) expected target(s)**"
            + (f.expected == nil ? " (no expected list given: every packet given counts as expected)" : "") + ".\n\n"
        out += gapsMarkdown(f)
        if !regressions.isEmpty {
            out += "## Since the last fleet run\n\n" + regressions.map { "- " + Escape.markdown($0) + "\n" }.joined() + "\n"
        }
        out += "## Items\n\n| item | severity | fleet status | targets |\n|---|---|---|---|\n"
        for i in f.items {
            out += "| \(Escape.markdown(i.id + " " + i.title)) | \(i.severity) | \(symbols[i.status] ?? i.status) | \(Escape.markdown(i.message)) |\n"
        }
        out += "\n## Target × item matrix\n\n| target | run date | " + f.items.map { Escape.markdown($0.id) }.joined(separator: " | ") + " |\n"
        out += "|---|---|" + String(repeating: "---|", count: f.items.count) + "\n"
        for t in f.targets {
            out += "| [\(Escape.markdown(t.name))](\(t.folder)/index.html) | \(t.runDate) | "
                + f.items.map { symbols[t.items[$0.id]?.status ?? ""] ?? "—" }.joined(separator: " | ") + " |\n"
        }
        out += "\nEach target's own packet is kept unchanged under `targets/`: its MANIFEST.sha256 still verifies (`auditpack verify-packet targets/NAME`).\n"
        return out
    }

    static func gapsMarkdown(_ f: FleetResults) -> String {
        var out = ""
        func section(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out += "**\(title)**\n\n" + lines.map { "- " + Escape.markdown($0) + "\n" }.joined() + "\n"
        }
        section("Missing (expected, no packet)", f.gaps.missing)
        section("Stale (older than \(f.maxAgeDays) days; not counted)", f.gaps.stale.map { "\($0.name): run \($0.runDate) (\($0.source))" })
        section("Duplicated (the newest counted)", f.gaps.duplicates.map { "\($0.name): counted \($0.kept), dropped \($0.dropped)" })
        section("Rejected (fail their own manifest; not merged)", f.gaps.rejected.map { "\($0.source): \($0.why)" })
        return out
    }

    // MARK: HTML

    /// Sorts by any column and filters by text and status, with one inline script whose hash
    /// the page's Content-Security-Policy allows (nothing else runs, nothing is loaded).
    static let script = """
    document.querySelectorAll('th[data-col]').forEach(function (th) {
      th.addEventListener('click', function () {
        var table = th.closest('table'), body = table.tBodies[0], col = +th.dataset.col;
        var asc = th.dataset.dir !== 'asc'; th.dataset.dir = asc ? 'asc' : 'desc';
        Array.from(body.rows).sort(function (a, b) {
          var x = a.cells[col].dataset.sort || a.cells[col].textContent, y = b.cells[col].dataset.sort || b.cells[col].textContent;
          return (asc ? 1 : -1) * x.localeCompare(y, undefined, {numeric: true});
        }).forEach(function (r) { body.appendChild(r); });
      });
    });
    function applyFilter() {
      var text = document.getElementById('filter').value.toLowerCase(), status = document.getElementById('status').value;
      Array.from(document.querySelectorAll('#matrix tbody tr')).forEach(function (r) {
        var okText = !text || r.textContent.toLowerCase().indexOf(text) >= 0;
        var okStatus = !status || r.querySelector('td.' + status);
        r.hidden = !(okText && okStatus);
      });
    }
    document.getElementById('filter').addEventListener('input', applyFilter);
    document.getElementById('status').addEventListener('change', applyFilter);
    """

    public static func html(_ f: FleetResults, regressions: [String] = []) -> String {
        let e = Escape.html
        let hash = Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString()
        var out = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-\(hash)'; img-src 'self'">
        <meta name="generator" content="auditpack \(e(AuditpackVersion.current)) fleet">
        <title>Fleet packet — \(e(f.date))</title>
        <style>
        body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
        th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th[data-col]{cursor:pointer;background:#f4f4f4}
        td.pass{background:#e6f4ea}td.fail,td.error{background:#fce8e6}td.warn{background:#fef7e0}td.waived,td.manual{background:#eef}
        .gaps{border-left:4px solid #d93025;padding-left:1em}
        </style></head><body>
        <h1>Fleet packet — \(e(f.date))</h1>
        <p>Results from <strong>\(f.coverage.counted) of \(f.coverage.of) expected target(s)</strong>\(f.expected == nil ? " (no expected list given)" : "").</p>

        """
        let gaps = gapsMarkdown(f)
        if !gaps.isEmpty {
            out += "<div class=\"gaps\">"
            if !f.gaps.missing.isEmpty { out += "<p><strong>Missing</strong> (expected, no packet): \(e(f.gaps.missing.joined(separator: ", ")))</p>" }
            if !f.gaps.stale.isEmpty { out += "<p><strong>Stale</strong> (older than \(f.maxAgeDays) days, not counted): \(e(f.gaps.stale.map { "\($0.name) (\($0.runDate))" }.joined(separator: ", ")))</p>" }
            if !f.gaps.duplicates.isEmpty { out += "<p><strong>Duplicated</strong>: \(e(f.gaps.duplicates.map { "\($0.name) (dropped \($0.dropped))" }.joined(separator: ", ")))</p>" }
            if !f.gaps.rejected.isEmpty { out += "<p><strong>Rejected</strong> (fail their own manifest): \(e(f.gaps.rejected.map { "\($0.source): \($0.why)" }.joined(separator: "; ")))</p>" }
            out += "</div>\n"
        }
        if !regressions.isEmpty {
            out += "<h2>Since the last fleet run</h2><ul>" + regressions.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
        }
        out += "<h2>Items</h2><table id=\"items\"><thead><tr><th data-col=\"0\">item</th><th data-col=\"1\">severity</th><th data-col=\"2\">fleet status</th><th data-col=\"3\">targets</th></tr></thead><tbody>\n"
        for i in f.items {
            out += "<tr><td>\(e(i.id)) \(e(i.title))</td><td>\(e(i.severity))</td><td class=\"\(e(i.status))\">\(e(symbols[i.status] ?? i.status))</td><td>\(e(i.message))</td></tr>\n"
        }
        out += "</tbody></table>\n<h2>Target × item matrix</h2>\n"
        out += "<p><label>Filter <input id=\"filter\" type=\"search\" placeholder=\"target or text\"></label> "
        out += "<label>Status <select id=\"status\"><option value=\"\">any</option>"
            + FleetMerge.order.map { "<option value=\"\($0)\">\(e(symbols[$0] ?? $0))</option>" }.joined() + "</select></label></p>\n"
        out += "<table id=\"matrix\"><thead><tr><th data-col=\"0\">target</th><th data-col=\"1\">run date</th>"
        for (k, i) in f.items.enumerated() { out += "<th data-col=\"\(k + 2)\" title=\"\(e(i.title))\">\(e(i.id))</th>" }
        out += "</tr></thead><tbody>\n"
        for t in f.targets {
            out += "<tr><td><a href=\"\(e(t.folder))/index.html\">\(e(t.name))</a></td><td>\(e(t.runDate))</td>"
            for i in f.items {
                let s = t.items[i.id]?.status ?? ""
                let rank = FleetMerge.order.firstIndex(of: s).map(String.init) ?? "9"
                out += "<td class=\"\(e(s))\" data-sort=\"\(rank)\" title=\"\(e(t.items[i.id]?.message ?? ""))\"><a href=\"\(e(t.folder))/checklist.html#\(e(i.id))\">\(e(symbols[s] ?? "—"))</a></td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody></table>\n<p>Each target's own packet is kept unchanged under <code>targets/</code>; its MANIFEST.sha256 still verifies.</p>\n"
        out += "<script>\n\(script)</script>\n</body></html>\n"
        return out
    }

    // MARK: CI formats

    /// One testsuite per target (its items as testcases), and one for coverage (a testcase per
    /// expected target: missing, stale or rejected fails).
    public static func junit(_ f: FleetResults) -> String {
        let x = XMLEscape.text
        var suites = ""
        var total = 0, failures = 0
        for t in f.targets {
            var cases = ""
            var tf = 0
            for i in f.items {
                let s = t.items[i.id]?.status ?? "missing"
                let msg = t.items[i.id]?.message ?? "not graded on this target"
                cases += "    <testcase classname=\"\(x(t.name)).\(x(i.area))\" name=\"\(x(i.id)) \(x(i.title))\">"
                switch s {
                case "fail", "missing": cases += "<failure message=\"\(x(msg))\" type=\"\(x(i.severity))\"/>"; tf += 1
                case "error": cases += "<error message=\"\(x(msg))\" type=\"\(x(i.severity))\"/>"; tf += 1
                case "manual", "not_applicable": cases += "<skipped message=\"\(x(msg))\"/>"
                default: if s == "warn" || s == "waived" { cases += "<system-out>\(x(s)): \(x(msg))</system-out>" }
                }
                cases += "</testcase>\n"
            }
            total += f.items.count
            failures += tf
            suites += "  <testsuite name=\"\(x(t.name))\" tests=\"\(f.items.count)\" failures=\"\(tf)\" timestamp=\"\(x(t.runDate))T00:00:00\">\n\(cases)  </testsuite>\n"
        }
        var coverage = ""
        var cf = 0
        let names = f.targets.map(\.name) + f.gaps.missing + f.gaps.stale.map(\.name)
        for n in names.sorted() {
            coverage += "    <testcase classname=\"fleet.coverage\" name=\"\(x(n))\">"
            if f.gaps.missing.contains(n) { coverage += "<failure message=\"expected target has no packet\" type=\"missing\"/>"; cf += 1 }
            if let s = f.gaps.stale.first(where: { $0.name == n }) { coverage += "<failure message=\"packet from \(x(s.runDate)) is older than \(f.maxAgeDays) days\" type=\"stale\"/>"; cf += 1 }
            coverage += "</testcase>\n"
        }
        for r in f.gaps.rejected {
            coverage += "    <testcase classname=\"fleet.coverage\" name=\"\(x(r.source))\"><failure message=\"\(x(r.why))\" type=\"rejected\"/></testcase>\n"
            cf += 1
        }
        let coverageCount = names.count + f.gaps.rejected.count
        suites += "  <testsuite name=\"fleet coverage\" tests=\"\(coverageCount)\" failures=\"\(cf)\">\n\(coverage)  </testsuite>\n"
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"auditpack fleet \(x(f.date))\" tests=\"\(total + coverageCount)\" failures=\"\(failures + cf)\">\n\(suites)</testsuites>\n"
    }

    /// SARIF 2.1.0: one run; a result per failing, erroring or warning (target, item), located
    /// by the target (a logical location) and its packet's checklist.
    public static func sarif(_ f: FleetResults) -> String {
        var rules: [[String: Any]] = []
        for i in f.items {
            rules.append(["id": i.id, "name": i.id, "shortDescription": ["text": i.title],
                          "properties": ["severity": i.severity, "tsc": i.tsc]])
        }
        var results: [[String: Any]] = []
        for t in f.targets {
            for (k, i) in f.items.enumerated() {
                guard let s = t.items[i.id], ["fail", "error", "warn"].contains(s.status) else { continue }
                results.append([
                    "ruleId": i.id, "ruleIndex": k, "level": s.status == "warn" ? "warning" : "error",
                    "message": ["text": "\(t.name): \(s.message)"],
                    "locations": [[
                        "physicalLocation": ["artifactLocation": ["uri": t.folder + "/checklist.md"]],
                        "logicalLocations": [["name": t.name, "kind": "module"]],
                    ]],
                ])
            }
        }
        for n in f.gaps.missing {
            results.append(["ruleId": "FLEET-COVERAGE", "level": "error", "message": ["text": "\(n): expected target has no packet"],
                             "locations": [["logicalLocations": [["name": n, "kind": "module"]]]]])
        }
        rules.append(["id": "FLEET-COVERAGE", "name": "FLEET-COVERAGE", "shortDescription": ["text": "Every expected target has a current, verified packet"]])
        let doc: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [["tool": ["driver": ["name": "auditpack", "version": AuditpackVersion.current, "informationUri": "https://auditpack.dev", "rules": rules]],
                      "results": results]],
        ]
        return FleetJSON.render(doc)
    }

    /// OSCAL assessment-results 1.1.2: one result with one subject per target, an observation
    /// per (target, item), a finding per item.
    public static func oscal(_ f: FleetResults, organization: String) -> String {
        let stamp = "\(f.date)T00:00:00+00:00"
        var observations: [[String: Any]] = []
        var findings: [[String: Any]] = []
        let componentIDs = Dictionary(f.targets.map { ($0.name, StableUUID.make("target/\($0.name)")) }, uniquingKeysWith: { a, _ in a })
        for i in f.items {
            var related: [[String: Any]] = []
            for t in f.targets {
                guard let s = t.items[i.id] else { continue }
                let id = StableUUID.make("fleet-obs/\(f.date)/\(t.name)/\(i.id)")
                observations.append([
                    "uuid": id, "title": "\(i.id) on \(t.name)", "description": s.message, "methods": ["TEST"], "collected": stamp,
                    "subjects": [["subject-uuid": componentIDs[t.name] ?? "", "type": "component"]],
                    "props": [["name": "status", "ns": "https://auditpack.dev/ns", "value": s.status]],
                    "relevant-evidence": [["href": "\(t.folder)/checklist.html#\(i.id)", "description": "\(t.name)'s own packet"]],
                ])
                related.append(["observation-uuid": id])
            }
            guard !related.isEmpty, !["manual", "not_applicable"].contains(i.status) else { continue }
            findings.append([
                "uuid": StableUUID.make("fleet-finding/\(f.date)/\(i.id)"), "title": "\(i.id) \(i.title)", "description": i.message,
                "target": ["type": "objective-id", "target-id": i.id.lowercased(), "status": ["state": i.status == "pass" ? "satisfied" : "not-satisfied"]],
                "related-observations": related,
            ])
        }
        var result: [String: Any] = [
            "uuid": StableUUID.make("fleet-result/\(f.date)"), "title": "auditpack fleet run \(f.date)",
            "description": "Per-target packets merged: \(f.coverage.counted) of \(f.coverage.of) expected target(s).", "start": stamp, "end": stamp,
            "reviewed-controls": ["control-selections": [["include-all": [String: Any]()]]],
        ]
        // Each target is a component the observations name as their subject.
        if !f.targets.isEmpty { result["local-definitions"] = ["components": f.targets.map { t in
            ["uuid": StableUUID.make("target/\(t.name)"), "type": "service", "title": t.name, "description": "Target \(t.name) (\(t.host ?? "host unknown"))",
             "props": [["name": "packet-digest", "ns": "https://auditpack.dev/ns", "value": "sha256:" + t.digest]],
             "status": ["state": "operational"]] as [String: Any] }] }
        if !observations.isEmpty { result["observations"] = observations }
        if !findings.isEmpty { result["findings"] = findings }
        let doc = OSCALReport.document(id: "fleet-ar/\(f.date)/\(organization)", title: "SOC 2 logging and monitoring assessment — fleet",
                                       stamp: stamp, organization: organization, result: result)
        return FleetJSON.render(doc)
    }
}
