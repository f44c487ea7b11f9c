import Foundation

/// LOG-01 … LOG-08: application logging configuration.
enum LoggingChecks {
    static let all: [String: CheckFunction] = [
        "logging_configured": configured,
        "log_levels": levels,
        "log_format": format,
        "log_persistence": persistence,
        "security_logging": securityLogging,
        "remote_logging": remote,
        "log_transport_tls": transportTLS,
        "request_tracing": requestTracing,
    ]

    /// Application logging formats auditpack does not read yet.
    static let appPending: [FileKind] = FileKind.appLogging
    static let remotePending: [FileKind] = appPending + [.rsyslog]

    static func handlerRef(_ s: LoggingSetup, _ h: LogHandler) -> String { "\(s.fileOf(h)):\(h.line)" }

    static func configured(_ ctx: CheckContext) -> Outcome {
        let setups = ctx.facts.logging
        // A configuration Python cannot apply stops the application at start-up.
        let failing = setups.filter { $0.failure != nil }
        if !failing.isEmpty {
            return Outcome(.fail, failing.map { "\($0.origin) in \($0.file):\($0.line) cannot be applied: \($0.failure ?? "")" }.joined(separator: "; ")
                           + "; Python's logging.config.dictConfig raises, so the application does not start with it",
                           observed: .int(failing.count), evidence: failing.map { ctx.cite($0.file, $0.line) })
        }
        let routed = setups.filter { s in s.loggers.contains { l in l.handlers.contains { s.handler($0) != nil } } }
        if let first = routed.first {
            let names = routed.map { "\($0.origin) in \($0.file):\($0.line)" }
            return Outcome(.pass, "Application logging is configured: \(names.joined(separator: "; ")); \(first.loggers.count) logger(s) and \(first.handlers.count) handler(s) in the first",
                           observed: .int(routed.count), evidence: routed.map { ctx.cite($0.file, $0.line) })
        }
        let base: Outcome
        if let s = setups.first {
            base = Outcome(.fail, "\(s.origin) in \(s.file):\(s.line) routes no logger to a defined handler; expected at least one logger with a handler",
                           observed: .int(0), evidence: [ctx.cite(s.file, s.line)])
        } else {
            base = Outcome(.fail, "No application logging configuration found (Django LOGGING, dictConfig, fileConfig, logback, log4j2); expected one", observed: .int(0))
        }
        // A logging file that could not be read may be the configuration.
        if !ctx.facts.unreadableFiles(appPending).isEmpty {
            return ctx.guardPending(Outcome(.pass, base.message), kinds: appPending)
        }
        return base
    }

    static func levels(_ ctx: CheckContext) -> Outcome {
        var fails: [String] = [], warns: [String] = [], evidence: [EvidenceRef] = []
        var checked = 0
        for s in ctx.facts.logging {
            for h in s.handlers where h.isPersistent && h.levelValue > 0 && h.levelValue <= 10 {
                warns.append("handler '\(h.name)' (\(handlerRef(s, h))) writes DEBUG to a persistent destination")
                evidence.append(ctx.cite(s.fileOf(h), h.line))
            }
            for l in s.loggers {
                let persistent = s.reachedHandlers(l.name).filter(\.isPersistent)
                guard !persistent.isEmpty else { continue }
                checked += 1
                if l.disabled {
                    fails.append("logger '\(l.name)' (\(s.fileOf(l)):\(l.line)) is disabled")
                    evidence.append(ctx.cite(s.fileOf(l), l.line))
                    continue
                }
                let eff = s.effectiveLevel(l.name)
                let captured = persistent.map { max(eff, $0.levelValue) }.min() ?? eff
                if captured > 40 {
                    fails.append("logger '\(l.name)' (\(s.fileOf(l)):\(l.line)) keeps only \(LogLevel.name(captured)) on persistent handlers; expected ERROR or more detail")
                    evidence.append(ctx.cite(s.fileOf(l), l.line))
                } else if eff <= 10 {
                    let filtered = captured > 10 ? " (its persistent handlers pass \(LogLevel.name(captured)) and above)" : ""
                    warns.append("logger '\(l.name)' (\(s.fileOf(l)):\(l.line)) is at DEBUG\(filtered)")
                    evidence.append(ctx.cite(s.fileOf(l), l.line))
                }
            }
        }
        if !fails.isEmpty {
            return Outcome(.fail, fails.joined(separator: "; "), observed: .int(fails.count), evidence: evidence, details: warns)
        }
        if !warns.isEmpty {
            return Outcome(.warn, "DEBUG risks logging sensitive data in production: " + warns.joined(separator: "; ") + "; expected INFO or WARNING",
                           observed: .int(warns.count), evidence: evidence)
        }
        if checked == 0 {
            return ctx.guardPending(Outcome(.notApplicable, "No logger routes to a persistent handler, so no level can be judged (see LOG-04)"), kinds: appPending)
        }
        return ctx.guardPending(Outcome(.pass, "\(checked) logger(s) with persistent handlers capture INFO to ERROR; none at DEBUG, none disabled", observed: .int(0)), kinds: appPending)
    }

    static func format(_ ctx: CheckContext) -> Outcome {
        var bad: [String] = [], evidence: [EvidenceRef] = []
        var checked = 0
        for s in ctx.facts.logging {
            for h in s.handlers where h.isPersistent {
                // Services that structure records themselves (Sentry, CloudWatch) add time and level.
                if case .remote(let service, _, _) = h.destination, h.formatter == nil, ["Sentry", "AWS CloudWatch Logs"].contains(service) { continue }
                checked += 1
                // HTTPHandler, SocketHandler and DatagramHandler send the whole record (its
                // `created` time and `levelname`), whatever the formatter.
                if case .remote(let service, _, _) = h.destination, ["HTTP", "TCP socket", "UDP datagram"].contains(service) { continue }
                guard let fname = h.formatter else {
                    bad.append("handler '\(h.name)' (\(handlerRef(s, h))) has no formatter: records are the message only")
                    evidence.append(ctx.cite(s.fileOf(h), h.line))
                    continue
                }
                guard let f = s.formatter(fname) else { continue }  // undefined formatter: already a parse issue
                var missing: [String] = []
                if !f.hasTime { missing.append("time") }
                if !f.hasLevel { missing.append("level") }
                if !missing.isEmpty {
                    bad.append("handler '\(h.name)' uses formatter '\(f.name)' (\(s.fileOf(f)):\(f.line)) without \(missing.joined(separator: " and "))")
                    evidence.append(ctx.cite(s.fileOf(f), f.line))
                }
            }
        }
        if !bad.isEmpty {
            return Outcome(.fail, bad.joined(separator: "; ") + "; expected time and level in every persistent handler's format", observed: .int(bad.count), evidence: evidence)
        }
        if checked == 0 { return ctx.guardPending(Outcome(.notApplicable, "No persistent handler to judge (see LOG-04)"), kinds: appPending) }
        return ctx.guardPending(Outcome(.pass, "All \(checked) persistent handler(s) format records with time and level", observed: .int(0)), kinds: appPending)
    }

    static func persistence(_ ctx: CheckContext) -> Outcome {
        var found: [String] = [], evidence: [EvidenceRef] = []
        for s in ctx.facts.logging {
            let used = s.usedHandlerNames
            for h in s.handlers where h.isPersistent && used.contains(h.name) {
                found.append("'\(h.name)' → \(describe(h.destination, ctx.facts))")
                evidence.append(ctx.cite(s.fileOf(h), h.line))
            }
        }
        if !found.isEmpty {
            return Outcome(.pass, "\(found.count) persistent handler(s) in use: " + found.joined(separator: "; "), observed: .int(found.count), evidence: evidence)
        }
        if ctx.facts.logging.isEmpty {
            return ctx.guardPending(Outcome(.fail, "No application logging configuration found; logs do not persist", observed: .int(0)), kinds: appPending)
        }
        let refs = ctx.facts.logging.map { ctx.cite($0.file, $0.line) }
        // A routed handler whose class could not be followed may be the one that persists.
        var unknown: [String] = [], unknownRefs: [EvidenceRef] = []
        for s in ctx.facts.logging {
            let used = s.usedHandlerNames
            for h in s.handlers where used.contains(h.name) {
                if case .unknown(let c) = h.destination {
                    unknown.append("'\(h.name)' (\(c), \(handlerRef(s, h)))")
                    unknownRefs.append(ctx.cite(s.fileOf(h), h.line))
                }
            }
        }
        if !unknown.isEmpty {
            return Outcome(.warn, "No handler is known to persist logs; what these handler classes do could not be read: \(unknown.joined(separator: "; ")); expected a file, syslog or remote handler (attest what they do, or use a standard class)",
                           observed: .int(0), evidence: unknownRefs)
        }
        return ctx.guardPending(Outcome(.fail, "Only console or no handlers are in use: logs are lost with the process; expected a file, syslog or remote handler",
                                        observed: .int(0), evidence: refs), kinds: appPending)
    }

    static func describe(_ d: HandlerDestination, _ facts: Facts) -> String {
        switch d {
        case .file(let path, _): return path.stringValue.map { facts.display($0) } ?? path.display
        case .syslog(let address, _, let transport): return "syslog \(address) (\(transport))"
        case .remote(let service, let endpoint, _): return "\(service) \(Redactor.redactLine(endpoint))"
        case .console: return "console"
        case .null: return "nothing"
        case .email: return "email"
        case .queue: return "queue"
        case .unknown(let c): return "unknown destination (\(c))"
        }
    }

    static func securityLogging(_ ctx: CheckContext) -> Outcome {
        let wanted = ctx.param("loggers")?.listValue?.compactMap(\.stringValue) ?? ["django.security", "django.request", "audit", "security"]
        var hits: [String] = [], evidence: [EvidenceRef] = []
        for s in ctx.facts.logging {
            // Dotted names are real logger names (they exist whenever the framework logs);
            // single words match configured loggers that contain them (shop.audit).
            var names = Set(wanted.filter { $0.contains(".") })
            for l in s.loggers where wanted.contains(where: { w in l.name == w || l.name.hasPrefix(w + ".") || l.name.split(separator: ".").contains(Substring(w)) }) {
                names.insert(l.name)
            }
            for name in names.sorted() {
                let eff = s.effectiveLevel(name)
                let persistent = s.reachedHandlers(name).filter { $0.isPersistent && max(eff, $0.levelValue) <= 30 }
                guard !persistent.isEmpty, s.governing(name)?.disabled != true else { continue }
                let via = s.governing(name)
                hits.append("'\(name)' at \(LogLevel.name(eff)) → \(persistent.map(\.name).joined(separator: ", "))" + (via?.name != name ? " (via logger '\(via?.name ?? "root")')" : ""))
                if let v = via { evidence.append(ctx.cite(s.fileOf(v), v.line)) }
            }
        }
        if !hits.isEmpty { return Outcome(.pass, "Security events reach persistent handlers: " + hits.joined(separator: "; "), observed: .int(hits.count), evidence: evidence) }
        let refs = ctx.facts.logging.map { ctx.cite($0.file, $0.line) }
        return ctx.guardPending(Outcome(.fail, "No security or audit logger (\(wanted.joined(separator: ", "))) reaches a persistent handler at WARNING or more detail",
                                        observed: .int(0), evidence: refs), kinds: appPending)
    }

    static func remoteDestinations(_ ctx: CheckContext) -> [(String, LogHandler, LoggingSetup)] {
        ctx.facts.logging.flatMap { s in
            let used = s.usedHandlerNames
            return s.handlers.filter { h in h.isRemote && used.contains(h.name) }.map { (describe($0.destination, ctx.facts), $0, s) }
        }
    }

    /// rsyslog forwards to other hosts (placeholders such as CHANGE_ME are not a destination).
    static func syslogForwards(_ ctx: CheckContext) -> [(SyslogForward, String)] {
        ctx.facts.syslog.flatMap { s in s.forwards.filter { !$0.isLoopback && !$0.targetIsPlaceholder }.map { ($0, s.file) } }
    }

    static func describe(_ f: SyslogForward) -> String {
        "rsyslog \(f.transport.uppercased())\(f.tls ? "+TLS" : "") \(Redactor.redactLine(f.target))\(f.port.map { ":\($0)" } ?? "")"
    }

    static func remote(_ ctx: CheckContext) -> Outcome {
        let remotes = remoteDestinations(ctx)
        let forwards = syslogForwards(ctx)
        if !remotes.isEmpty || !forwards.isEmpty {
            let text = remotes.map { "'\($0.1.name)' → \($0.0)" } + forwards.map { "\(describe($0.0)) (\($0.1):\($0.0.line))" }
            return Outcome(.pass, "Logs are shipped off the host: " + text.joined(separator: "; "), observed: .int(text.count),
                           evidence: remotes.map { ctx.cite($0.2.file, $0.1.line) } + forwards.map { ctx.cite($0.1, $0.0.line) })
        }
        return ctx.guardPending(Outcome(.fail, "No remote log destination found (syslog forwarding, Splunk, Loggly, Logstash, HTTP handler); logs stay on the host",
                                        observed: .int(0)), kinds: remotePending)
    }

    static func transportTLS(_ ctx: CheckContext) -> Outcome {
        let remotes = remoteDestinations(ctx)
        var plain: [String] = [], evidence: [EvidenceRef] = []
        for (desc, h, s) in remotes {
            switch h.destination {
            case .remote(_, _, let tls) where tls == false:
                plain.append("'\(h.name)' → \(desc) is unencrypted (\(handlerRef(s, h)))")
                evidence.append(ctx.cite(s.fileOf(h), h.line))
            case .syslog(_, true, let transport):
                plain.append("'\(h.name)' → \(desc) sends syslog over plain \(transport) (\(handlerRef(s, h)))")
                evidence.append(ctx.cite(s.fileOf(h), h.line))
            default: break
            }
        }
        let forwards = syslogForwards(ctx)
        for (f, file) in forwards where !f.tls {
            plain.append("\(describe(f)) is unencrypted (\(file):\(f.line))")
            evidence.append(ctx.cite(file, f.line))
        }
        if !plain.isEmpty { return Outcome(.fail, plain.joined(separator: "; ") + "; expected TLS (https, gtls/ossl)", observed: .int(plain.count), evidence: evidence) }
        let total = remotes.count + forwards.count
        if total > 0 {
            return ctx.guardPending(Outcome(.pass, "All \(total) remote destination(s) use TLS", observed: .int(0),
                                            evidence: remotes.map { ctx.cite($0.2.file, $0.1.line) } + forwards.map { ctx.cite($0.1, $0.0.line) }),
                                    kinds: remotePending)
        }
        if remotes.isEmpty { return ctx.guardPending(Outcome(.notApplicable, "No remote log destination to judge (see LOG-06)"), kinds: remotePending) }
        return ctx.guardPending(Outcome(.pass, "All \(remotes.count) remote destination(s) use TLS", observed: .int(0),
                                        evidence: remotes.map { ctx.cite($0.2.file, $0.1.line) }), kinds: remotePending)
    }

    static func requestTracing(_ ctx: CheckContext) -> Outcome {
        let idWords = ["request_id", "requestid", "correlation", "x_request_id", "trace"]
        var middleware: [EvidenceRef] = [], names: [String] = []
        for d in ctx.facts.django {
            for m in d.middleware where idWords.contains(where: { m.lowercased().contains($0) }) {
                names.append(m)
                middleware.append(ctx.cite(d.file, d.middlewareLine))
            }
        }
        var formats: [EvidenceRef] = []
        var filters: [String] = []
        for s in ctx.facts.logging {
            for f in s.formatters where f.hasRequestID { formats.append(ctx.cite(s.fileOf(f), f.line)) }
            for f in s.filters where idWords.contains(where: { (f.factory ?? f.name).lowercased().contains($0) }) { filters.append(f.factory ?? f.name) }
        }
        if (!names.isEmpty || !filters.isEmpty) && !formats.isEmpty {
            return Outcome(.pass, "Request ids are added by \((names + filters).joined(separator: ", ")) and reach the log format", observed: .bool(true), evidence: middleware + formats)
        }
        if names.isEmpty && filters.isEmpty {
            return ctx.guardPending(Outcome(.fail, "No request-id or correlation middleware/filter found; expected e.g. log_request_id.middleware.RequestIDMiddleware",
                                            observed: .bool(false)), kinds: appPending)
        }
        return Outcome(.fail, "\((names + filters).joined(separator: ", ")) is present but no log format includes the request id", observed: .bool(false), evidence: middleware)
    }
}
