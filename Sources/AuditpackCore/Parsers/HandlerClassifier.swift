import Foundation

/// Decides where a Python logging handler class sends records, from its class name and
/// keyword arguments (standard library handlers and common third-party ones).
enum HandlerClassifier {
    /// The handler classes of `logging` and `logging.handlers`.
    static let standard: Set<String> = [
        "logging.StreamHandler", "logging.FileHandler", "logging.NullHandler", "logging.Handler",
        "logging.handlers.RotatingFileHandler", "logging.handlers.TimedRotatingFileHandler", "logging.handlers.WatchedFileHandler",
        "logging.handlers.SocketHandler", "logging.handlers.DatagramHandler", "logging.handlers.SysLogHandler",
        "logging.handlers.NTEventLogHandler", "logging.handlers.SMTPHandler", "logging.handlers.BufferingHandler",
        "logging.handlers.MemoryHandler", "logging.handlers.HTTPHandler", "logging.handlers.QueueHandler",
        "logging.handlers.BaseRotatingHandler",
    ]

    /// Third-party handler classes whose behaviour is known, by the standard class they act as.
    static let knownThirdParty: [String: String] = [
        "concurrent_log_handler.ConcurrentRotatingFileHandler": "logging.handlers.RotatingFileHandler",
        "concurrent_log_handler.ConcurrentTimedRotatingFileHandler": "logging.handlers.TimedRotatingFileHandler",
        "cloghandler.ConcurrentRotatingFileHandler": "logging.handlers.RotatingFileHandler",
        "colorlog.StreamHandler": "logging.StreamHandler",
        "rich.logging.RichHandler": "logging.StreamHandler",
        "django.utils.log.AdminEmailHandler": "logging.handlers.SMTPHandler",
    ]

    /// - Parameter resolve: for a class defined in the scanned code, the standard (or known)
    ///   class it derives from; nil when it cannot be followed.
    static func destination(className: String?, options: ConfigDict, resolve: ((String) -> String?)? = nil) -> HandlerDestination {
        guard let written = className else { return .unknown(className: "(none)") }
        let cls = knownThirdParty[written] ?? (standard.contains(written) ? written : resolve?(written).map { knownThirdParty[$0] ?? $0 } ?? written)
        let short = cls.split(separator: ".").last.map(String.init) ?? cls
        let lower = cls.lowercased()
        let filename = options["filename"] ?? options["file"] ?? options["path"]
        let isStandard = standard.contains(cls)
        if cls.hasPrefix("logging.") && !isStandard {
            return .unknown(className: written)  // not a class of logging: dictConfig fails to import it
        }
        if !isStandard {
            return thirdParty(cls, short: short, lower: lower, options: options, written: written)
        }

        switch short {
        case "StreamHandler", "RichHandler", "ColorStreamHandler":
            return .console
        case "NullHandler":
            return .null
        default:
            break
        }
        if short == "TimedRotatingFileHandler" {
            return .file(path: filename ?? .unresolved("(no filename)"),
                         rotation: .timed(when: options["when"]?.stringValue ?? "h", interval: options["interval"]?.intValue ?? 1,
                                          backupCount: options["backupCount"]?.intValue ?? 0))
        }
        if short == "RotatingFileHandler" {
            // maxBytes 0 (the default) never rolls over: the file only grows.
            let maxBytes = options["maxBytes"]?.intValue ?? (options["maxBytes"] == nil ? 0 : nil)
            if maxBytes == 0 { return .file(path: filename ?? .unresolved("(no filename)"), rotation: .none) }
            return .file(path: filename ?? .unresolved("(no filename)"),
                         rotation: .size(maxBytes: maxBytes, backupCount: options["backupCount"]?.intValue))
        }
        if short == "WatchedFileHandler" {
            return .file(path: filename ?? .unresolved("(no filename)"), rotation: .watched)
        }
        if short == "SysLogHandler" {
            return syslog(options["address"])
        }
        if short == "HTTPHandler" {
            let host = options["host"]?.display ?? "?"
            let secure = options["secure"]?.boolValue ?? false
            return .remote(service: "HTTP", endpoint: host + (options["url"]?.stringValue ?? ""), tls: secure)
        }
        if short == "SocketHandler" || short == "DatagramHandler" {
            let endpoint = "\(options["host"]?.display ?? "?"):\(options["port"]?.display ?? "?")"
            return .remote(service: short == "SocketHandler" ? "TCP socket" : "UDP datagram", endpoint: endpoint,
                           tls: isLoopback(options["host"]?.stringValue) ? nil : false)
        }
        if short == "SMTPHandler" || short == "AdminEmailHandler" {
            return .email
        }
        if short == "QueueHandler" {
            return .queue
        }
        if short == "MemoryHandler" || short == "BufferingHandler" {
            return .unknown(className: written)  // buffers for a target handler
        }
        if short == "FileHandler" {
            return .file(path: filename ?? .unresolved("(no filename)"), rotation: .none)
        }
        return .unknown(className: written)
    }

    /// Handlers outside the standard library, known by package name.
    static func thirdParty(_ cls: String, short: String, lower: String, options: ConfigDict, written: String) -> HandlerDestination {
        if lower.contains("splunk") {
            let proto = options["protocol"]?.stringValue?.lowercased() ?? "https"
            let host = options["host"]?.display ?? "?"
            let port = options["port"]?.display ?? "8088"
            return .remote(service: "Splunk HEC", endpoint: "\(proto)://\(host):\(port)", tls: proto == "https")
        }
        if lower.contains("loggly") {
            let url = options["url"]?.stringValue ?? ""
            return .remote(service: "Loggly", endpoint: url, tls: lower.contains("https") || url.lowercased().hasPrefix("https://"))
        }
        if lower.contains("logstash") {
            let endpoint = "\(options["host"]?.display ?? "?"):\(options["port"]?.display ?? "5959")"
            let tls = options["ssl_enable"]?.boolValue ?? options["ssl"]?.boolValue ?? false
            let transport = lower.contains("udp") || short == "LogstashHandler" ? "UDP" : "TCP"
            return .remote(service: "Logstash (\(transport))", endpoint: endpoint, tls: tls)
        }
        if lower.contains("sentry") || lower.contains("raven") {
            return .remote(service: "Sentry", endpoint: "sentry", tls: true)
        }
        if lower.contains("watchtower") || lower.contains("cloudwatch") {
            return .remote(service: "AWS CloudWatch Logs", endpoint: options["log_group_name"]?.display ?? options["log_group"]?.display ?? "cloudwatch", tls: true)
        }
        if lower.contains("graypy") || lower.contains("gelf") {
            let tls = lower.contains("tls")
            return .remote(service: "Graylog GELF", endpoint: "\(options["host"]?.display ?? "?"):\(options["port"]?.display ?? "12201")", tls: tls)
        }
        if lower.contains("journal") {
            return .syslog(address: "journald", remote: false, transport: "journal")
        }
        if lower.contains("loki") {
            let url = options["url"]?.stringValue ?? "?"
            return .remote(service: "Loki", endpoint: url, tls: url.lowercased().hasPrefix("https://"))
        }
        // A class of the application's own or of a package not known here: what it does is
        // not read from its name.
        return .unknown(className: written)
    }

    static func syslog(_ address: ConfigValue?) -> HandlerDestination {
        guard let address else { return .syslog(address: "localhost:514", remote: false, transport: "UDP") }
        switch address {
        case .string(let path):
            return .syslog(address: path, remote: false, transport: "unix socket")
        case .list(let parts) where parts.count == 2:
            let host = parts[0].display
            return .syslog(address: "\(host):\(parts[1].display)", remote: !isLoopback(host), transport: "UDP")
        default:
            return .syslog(address: address.display, remote: true, transport: "unknown")
        }
    }

    /// The one loopback rule for every kind of destination (syslog, socket, logstash, HTTP…):
    /// `localhost`, 127.0.0.0/8 and ::1 stay on the host.
    static func isLoopback(_ host: String?) -> Bool {
        guard var h = host?.lowercased().trimmingCharacters(in: .whitespaces) else { return false }
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        return h == "localhost" || h.hasSuffix(".localhost") || h == "ip6-localhost" || h.hasPrefix("127.") || h == "::1" || h == "0:0:0:0:0:0:0:1"
    }

    /// The host of an endpoint as written in a fact (`https://host:8088/x`, `host:5959`,
    /// `[::1]:514`, `host/path`); nil when none can be told.
    static func host(ofEndpoint endpoint: String) -> String? {
        var e = Substring(endpoint.trimmingCharacters(in: .whitespaces))
        if let scheme = e.range(of: "://") { e = e[scheme.upperBound...] }
        if let at = e.lastIndex(of: "@") { e = e[e.index(after: at)...] }
        if e.hasPrefix("[") { return e.firstIndex(of: "]").map { String(e[...$0]) } }
        let end = e.firstIndex { $0 == ":" || $0 == "/" || $0 == " " || $0 == "," } ?? e.endIndex
        let h = e[..<end]
        return h.isEmpty || h == "?" ? nil : String(h)
    }
}
