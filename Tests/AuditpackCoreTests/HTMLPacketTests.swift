import Foundation
import FoundationXML
import Testing
@testable import AuditpackCore

/// The HTML packet as auditors open it: every page parses with libxml2's HTML parser without
/// an error, is structured (lang, title, headings in order, tables with header cells, every
/// in-page and cross-page link resolves, citations land on a line anchor), and headless
/// Chromium renders every item id and status with no network request.
@Suite("HTML packet", .serialized, .enabled(if: Paths.binary != nil, "auditpack binary not built (swift build first)"))
struct HTMLPacketTests {
    /// One packet for the suite: the example with two weeks of history behind it.
    final class Packet: @unchecked Sendable {
        let copy: ExampleCopy
        let dir: String
        let pages: [String]

        init() throws {
            copy = try ExampleCopy()
            let base = (copy.root as NSString).deletingLastPathComponent
            let bin = Paths.binary!
            let hist = base + "/history.sqlite"
            for date in ["2026-11-15", "2026-11-22"] {
                let r = try run(bin, ["review", copy.root, "--date", date, "--history", hist, "-o", base + "/reviews", "--fail-on", "none"])
                precondition(r.status == 0, r.stderr)
            }
            dir = base + "/packet"
            let r = try run(bin, ["packet", copy.root, "-o", dir, "--date", "2026-11-29", "--history", hist])
            precondition(r.status == 0, r.stderr)
            pages = (FileManager.default.subpaths(atPath: dir) ?? []).filter { $0.hasSuffix(".html") }.sorted()
        }
    }

    static let packet = Result { () throws -> Packet in
        let p = try Packet()
        // Shared by the suite's tests, so removed when the test process exits.
        HTMLPacketCleanup.base = (p.copy.root as NSString).deletingLastPathComponent
        atexit { if let base = HTMLPacketCleanup.base { try? FileManager.default.removeItem(atPath: base) } }
        return p
    }

    var packet: Packet { get throws { try Self.packet.get() } }

    @Test("every page parses with libxml2's HTML parser without errors or warnings",
          .enabled(if: which("xmllint") != nil, "xmllint (libxml2-utils) not installed: libxml2 HTML check SKIPPED"))
    func libxml2Parses() throws {
        let p = try packet
        #expect(p.pages.count >= 10)
        for page in p.pages {
            let r = try run(which("xmllint")!, ["--html", "--noout", p.dir + "/" + page])
            #expect(r.status == 0 && r.stderr.isEmpty, "\(page): \(r.stderr.prefix(600))")
        }
    }

    /// The page as libxml2's HTML parser reads it, re-serialised as XML for XPath.
    func tree(_ page: String, in p: Packet) throws -> XMLDocument {
        let r = try run(which("xmllint")!, ["--html", "--xmlout", "--nonet", p.dir + "/" + page])
        let xml = r.stdout.replacingOccurrences(of: #"<!DOCTYPE[^>]*>"#, with: "", options: .regularExpression)
        return try XMLDocument(xmlString: xml, options: [])
    }

    @Test("pages have lang, a title, headings in order, header cells, and links that resolve",
          .enabled(if: which("xmllint") != nil, "xmllint (libxml2-utils) not installed: structure check SKIPPED"))
    func structure() throws {
        let p = try packet
        var ids: [String: Set<String>] = [:]
        var docs: [String: XMLDocument] = [:]
        for page in p.pages {
            let doc = try tree(page, in: p)
            docs[page] = doc
            ids[page] = Set(try doc.nodes(forXPath: "//*[@id]/@id").compactMap(\.stringValue))
        }
        var citations = 0
        for page in p.pages {
            let doc = docs[page]!
            let lang = try doc.nodes(forXPath: "/html/@lang").first?.stringValue ?? ""
            #expect(!lang.isEmpty, "\(page): no lang")
            let title = try doc.nodes(forXPath: "/html/head/title").first?.stringValue ?? ""
            #expect(!title.trimmingCharacters(in: .whitespaces).isEmpty, "\(page): no title")
            // Headings: exactly one h1, first; no level skipped on the way down.
            let levels = try doc.nodes(forXPath: "//h1|//h2|//h3|//h4|//h5|//h6").compactMap { $0.name.flatMap { Int($0.dropFirst()) } }
            #expect(levels.first == 1 && levels.filter { $0 == 1 }.count == 1, "\(page): headings \(levels)")
            for (a, b) in zip(levels, levels.dropFirst()) { #expect(b <= a + 1, "\(page): h\(a) followed by h\(b)") }
            for table in try doc.nodes(forXPath: "//table") {
                #expect(try !table.nodes(forXPath: ".//th").isEmpty, "\(page): a table without header cells")
            }
            #expect(try doc.nodes(forXPath: "//img[not(@alt)]").isEmpty, "\(page): an image without alt text")
            // Links: in-page anchors exist; packet files exist; anchors on them exist.
            let folder = (page as NSString).deletingLastPathComponent
            for href in try doc.nodes(forXPath: "//a/@href").compactMap(\.stringValue) {
                #expect(!href.hasPrefix("http:") && !href.hasPrefix("https:") && !href.hasPrefix("//"), "\(page): external link \(href)")
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let file = parts[0].removingPercentEncoding ?? parts[0]
                let target = file.isEmpty ? page : ((folder as NSString).appendingPathComponent(file) as NSString).standardizingPath
                #expect(FileManager.default.fileExists(atPath: p.dir + "/" + target), "\(page): link to missing \(href)")
                if parts.count == 2, target.hasSuffix(".html") {
                    #expect(ids[target]?.contains(parts[1]) == true, "\(page): anchor #\(parts[1]) missing in \(target)")
                    if target.hasPrefix("evidence/") && parts[1].hasPrefix("L") { citations += 1 }
                }
            }
        }
        #expect(citations > 20, "citations should link to line anchors in evidence copies; found \(citations)")
        // The overview: organisation, period, status counts, criteria matrix, trend chart, digest.
        let index = docs["index.html"]!
        let text = try index.nodes(forXPath: "//body").first?.stringValue ?? ""
        for needle in ["Acme Inc.", "period", "Trust Services Criteria", "CC7.2", "Content digest".lowercased()] {
            #expect(text.lowercased().contains(needle.lowercased()), "index.html lacks \(needle)")
        }
        let chart = try index.nodes(forXPath: "//img[@class='trend']/@src").first?.stringValue ?? ""
        #expect(chart.hasPrefix("data:image/svg+xml;base64,"), "no inline trend chart")
        let svg = Data(base64Encoded: String(chart.dropFirst("data:image/svg+xml;base64,".count))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect((try? XMLDocument(xmlString: svg)) != nil, "trend SVG is not well-formed XML")
        #expect(svg.contains("11-15") && svg.contains("11-22") && svg.contains("11-29"))
    }

    // MARK: Chromium

    static var browser: String? { which("chromium") ?? which("chromium-browser") ?? which("google-chrome") }

    /// A proxy standing in for the network: Chromium sends every request to it, and it
    /// records the host of each. Chromium's own background services (component updates,
    /// network time, sign-in) call home however it is flagged; those exact hosts are told
    /// apart, any other host is a request made by the page. A control page with one remote
    /// image proves the check sees page requests.
    final class Sentinel {
        static let browserServiceHosts: Set<String> = [
            "update.googleapis.com", "accounts.google.com", "clients1.google.com", "clients2.google.com",
            "optimizationguide-pa.googleapis.com", "redirector.gvt1.com", "safebrowsing.googleapis.com",
            "content-autofill.googleapis.com", "edgedl.me.gvt1.com",
        ]
        let process = Process()
        let output = Pipe()
        let port: Int

        init() throws {
            process.executableURL = URL(fileURLWithPath: which("python3")!)
            process.arguments = ["-u", "-c", """
            import socket
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
            print(s.getsockname()[1])
            while True:
                c, _ = s.accept(); c.settimeout(2)
                try:
                    line = c.recv(2048).split(b"\\r\\n")[0].decode("latin-1")
                except Exception:
                    line = "? ?"
                print("REQUEST", line); c.close()
            """]
            process.standardOutput = output
            try process.run()
            var line = Data()
            while !line.contains(0x0A) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }  // the listener died: port 0, the test fails below
                line += chunk
            }
            port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        /// Requests made by the page (not by Chromium's own services), as request lines.
        func pageRequests() -> [String] {
            // SIGKILL: signals a test runner blocks can be inherited blocked by its children.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return rest.split(separator: "\n").filter { $0.hasPrefix("REQUEST ") }.map(String.init).filter { line in
                // `CONNECT host:443 …` or `GET http://host/… …`
                let target = line.split(separator: " ").dropFirst(2).first.map(String.init) ?? ""
                let host = (URL(string: target)?.host ?? target.split(separator: ":").first.map(String.init) ?? target).lowercased()
                return !Self.browserServiceHosts.contains(host)
            }
        }
    }

    func chromium(_ args: [String], proxyPort: Int) throws -> ProcessResult {
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-domain-reliability",
                     "--proxy-server=http://127.0.0.1:\(proxyPort)", "--proxy-bypass-list=<-loopback>",
                     "--user-data-dir=" + (HTMLPacketCleanup.base ?? NSTemporaryDirectory()) + "/chromium-profile-\(UUID().uuidString)"]
        // Chromium is chatty on stderr; only stdout (the DOM) is read.
        let quoted = ([Self.browser!] + flags + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try run("/bin/sh", ["-c", "timeout 90 " + quoted + " 2>/dev/null"])
    }

    @Test("headless Chromium renders every item id and status, screenshots, and makes no network request",
          .enabled(if: browser != nil && which("python3") != nil, "chromium or python3 not installed: browser test SKIPPED"))
    func chromiumRenders() throws {
        let p = try packet
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: p.dir + "/results.json"))) as! [String: Any]
        let items = (results["items"] as! [[String: Any]]).map { ($0["id"] as! String, Status(rawValue: $0["status"] as! String)!.label) }
        #expect(items.count == 36)

        // The check can fail: a page with one remote image is caught.
        let control = p.dir + "/../control.html"
        try #"<!DOCTYPE html><html lang="en"><head><title>c</title></head><body><img src="http://example.com/x.png" alt="x"></body></html>"#
            .write(toFile: control, atomically: true, encoding: .utf8)
        let sentinelControl = try Sentinel()
        _ = try chromium(["--dump-dom", "file://" + control], proxyPort: sentinelControl.port)
        let seen = sentinelControl.pageRequests()
        #expect(seen.contains { $0.contains("example.com") }, "the network sentinel did not see the control page's remote image: the check is blind (\(seen))")

        let sentinel = try Sentinel()
        for page in ["index.html", "checklist.html"] {
            let dom = try chromium(["--dump-dom", "file://" + p.dir + "/" + page], proxyPort: sentinel.port)
            #expect(dom.stdout.contains("</html>"), "\(page): no DOM from chromium")
            // Each item id appears with its status in the same table row.
            for (id, label) in items {
                let row = dom.stdout.components(separatedBy: "<tr").first { $0.contains(">\(id)<") && $0.contains("badge") }
                #expect(row?.contains(">\(label)<") == true, "\(page): \(id) not rendered with \(label)")
            }
        }
        let shot = p.dir + "/../shot.png"
        _ = try chromium(["--screenshot=" + shot, "--window-size=1280,1600", "--hide-scrollbars", "file://" + p.dir + "/index.html"], proxyPort: sentinel.port)
        let png = (try? Data(contentsOf: URL(fileURLWithPath: shot))) ?? Data()
        #expect(png.count > 20_000 && png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "no screenshot (\(png.count) bytes)")
        let requests = sentinel.pageRequests()
        #expect(requests.isEmpty, "the packet made network requests: \(requests)")
    }
}

/// Where the suite's packet lives, for removal at exit.
enum HTMLPacketCleanup {
    nonisolated(unsafe) static var base: String?
}
