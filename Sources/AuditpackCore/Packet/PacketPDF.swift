import Foundation

/// `packet --pdf`: one print-ready PDF of the overview, policy, checklist, review record and
/// evidence index, printed by headless Chromium from the packet's own HTML and print
/// stylesheet (each document starts on a new page). Nothing is fetched: the page is a local
/// file with everything inlined, and Chromium's proxy points nowhere.
public enum PacketPDF {
    public static let fileName = "packet.pdf"

    /// Chromium: `AUDITPACK_CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome` on PATH.
    public static func browser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        // Named explicitly: that one or none (never a silent fall-back to another browser).
        if let b = environment["AUDITPACK_CHROMIUM"], !b.isEmpty { return FileManager.default.isExecutableFile(atPath: b) ? b : nil }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }

    /// The combined document: every part's body in the shared layout.
    static func html(renderer: Renderer, context: [String: Any]) throws(InputError) -> String {
        var ctx = context
        ctx["content_digest"] = "(shown on index.html, which seals this PDF too)"
        var body = ""
        for name in ["index"] + Renderer.documents {
            body += try renderer.render("\(name).html", ctx) + "\n"
        }
        ctx["body"] = body
        ctx["page_title"] = "Audit packet"
        ctx["css"] = renderer.css
        ctx["root_prefix"] = ""
        // Whatever a custom template holds, the printed page loads nothing and runs nothing:
        // no script, no frame, no image or font but inline data.
        let csp = #"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">"#
        let page = try renderer.render("layout.html", ctx)
        if let head = page.range(of: "<head>") { return page.replacingCharacters(in: head, with: "<head>" + csp) }
        return csp + page
    }

    /// Prints the combined document to PDF bytes.
    static func render(renderer: Renderer, context: [String: Any], timeout: Double = 120) throws(InputError) -> Data {
        guard let chromium = browser() else {
            throw InputError(file: "", message: "--pdf needs headless Chromium (chromium on PATH, or AUDITPACK_CHROMIUM); install it or leave out --pdf")
        }
        let dir = NSTemporaryDirectory() + "auditpack-pdf-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw InputError(file: dir, message: "cannot create a temporary folder for the PDF")
        }
        let page = dir + "/packet.html", pdf = dir + "/" + fileName
        do { try Data(try html(renderer: renderer, context: context).utf8).write(to: URL(fileURLWithPath: page)) } catch let e as InputError {
            throw e
        } catch {
            throw InputError(file: page, message: "cannot write the page to print")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                       "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                       // Scripts are stopped by the page's CSP (default-src 'none'); Chromium's own
                       // switch to disable them also stops --print-to-pdf.
                       "--host-resolver-rules=MAP * ~NOTFOUND",
                       "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                       "--user-data-dir=\(dir)/profile", "--no-pdf-header-footer",
                       "--print-to-pdf=\(pdf)", URL(fileURLWithPath: page).absoluteString]
        // Chromium never gets auditpack's own settings (the signing key above all); its home
        // and temporary files go to the folder removed afterwards.
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AUDITPACK_") }
        env["HOME"] = dir
        env["TMPDIR"] = dir
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw InputError(file: chromium, message: "cannot start Chromium (\(error.localizedDescription))") }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
            throw InputError(file: chromium, message: "Chromium did not print the PDF within \(Int(timeout)) s")
        }
        p.waitUntilExit()
        guard let data = FileManager.default.contents(atPath: pdf), data.starts(with: Data("%PDF".utf8)) else {
            throw InputError(file: chromium, message: "Chromium wrote no PDF (exit \(p.terminationStatus))")
        }
        return data
    }
}
