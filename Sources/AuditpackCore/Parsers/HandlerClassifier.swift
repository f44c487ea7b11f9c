import Foundation

/// Decides where a Python logging handler class sends records, from its class name and
/// keyword arguments (standard library handlers and common third-party ones).
enum HandlerClassifier {
    static func destination(className: String?, options: ConfigDict) -> HandlerDestination {
        guard let cls = className else { return .unknown(className: "(none)") }
        let short = cls.split(separator: ".").last.map(String.init) ?? cls
        let lower = cls.lowercased()
        let filename = options["filename"] ?? options["file"] ?? options["path"]

        switch short {
        case "StreamHandler", "RichHandler", "ColorStreamHandler":
            return .console
        case "NullHandler":
            return .null
        default:
            break
        }
        if short.hasSuffix("TimedRotatingFileHandler") {
            return .file(path: filename ?? .unresolved("(no filename)"),
                         rotation: .timed(when: options["when"]?.stringValue ?? "h", interval: options["interval"]?.intValue ?? 1,
                                          backupCount: options["backupCount"]?.intValue ?? 0))
        }
        if short.hasSuffix("RotatingFileHandler") {
            return .file(path: filename ?? .unresolved("(no filename)"),
                         rotation: .size(maxBytes: options["maxBytes"]?.intValue, backupCount: options["backupCount"]?.intValue))
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
        if short == "QueueHandler" || short == "QueueListener" {
            return .queue
        }
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
        if short.hasSuffix("FileHandler") || filename != nil {
            return .file(path: filename ?? .unresolved("(no filename)"), rotation: .none)
        }
        return .unknown(className: cls)
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

    static func isLoopback(_ host: String?) -> Bool {
        guard let h = host?.lowercased() else { return false }
        return h == "localhost" || h.hasPrefix("127.") || h == "::1"
    }
}
