import Foundation

/// MON-01, MON-02: application metrics and their collection.
enum MonitoringChecks {
    static let all: [String: CheckFunction] = [
        "metrics_scraped": metricsScraped,
        "scrape_interval": scrapeInterval,
    ]

    static let infraWords = ["prometheus", "node", "alertmanager", "blackbox", "cadvisor", "pushgateway", "grafana", "kube", "etcd", "coredns"]
    static let infraPorts: Set<String> = ["9090", "9093", "9100", "9115", "9091", "9094"]

    /// Scrape jobs that target an application rather than monitoring infrastructure.
    static func appJobs(_ facts: Facts) -> [ScrapeJob] {
        facts.scrapeJobs.filter { job in
            let name = job.name.lowercased()
            if infraWords.contains(where: { name.contains($0) }) { return false }
            let ports = job.targets.compactMap { $0.split(separator: ":").last.map(String.init) }
            return ports.isEmpty || !ports.allSatisfy { infraPorts.contains($0) }
        }
    }

    static func exporters(_ facts: Facts) -> [(DjangoSettings, String)] {
        facts.django.compactMap { d in
            let app = d.installedApps.contains("django_prometheus")
            let before = d.middleware.contains { $0.hasSuffix("PrometheusBeforeMiddleware") }
            let after = d.middleware.contains { $0.hasSuffix("PrometheusAfterMiddleware") }
            if app && before && after { return (d, "django_prometheus app and middleware") }
            return nil
        }
    }

    static func metricsScraped(_ ctx: CheckContext) -> Outcome {
        let ex = exporters(ctx.facts)
        let jobs = appJobs(ctx.facts)
        var evidence = ex.flatMap { [ctx.cite($0.0.file, $0.0.installedAppsLine), ctx.cite($0.0.file, $0.0.middlewareLine)] }
        evidence += jobs.map { ctx.cite($0.file, $0.line) }
        if !ex.isEmpty && !jobs.isEmpty {
            return Outcome(.pass, "The app exports metrics (\(ex.map { "\($0.1) in \($0.0.file)" }.joined(separator: "; "))) and Prometheus scrapes it: "
                           + jobs.map { "job '\($0.name)' \($0.targets.joined(separator: ", ")) (\($0.file):\($0.line))" }.joined(separator: "; "),
                           observed: .int(jobs.count), evidence: evidence)
        }
        var missing: [String] = []
        if ex.isEmpty {
            let partial = ctx.facts.django.filter { $0.installedApps.contains("django_prometheus") }
            missing.append(partial.isEmpty ? "no metrics exporter (django_prometheus in INSTALLED_APPS and MIDDLEWARE)"
                           : "django_prometheus is installed but its Before/After middleware is missing in \(partial.map(\.file).joined(separator: ", "))")
        }
        if jobs.isEmpty {
            missing.append(ctx.facts.scrapeJobs.isEmpty ? "no Prometheus scrape configuration" : "no scrape job targets the application (jobs: \(ctx.facts.scrapeJobs.map(\.name).joined(separator: ", ")))")
        }
        return Outcome(.fail, "Application metrics are not collected: " + missing.joined(separator: "; "), observed: .int(jobs.count), evidence: evidence)
    }

    static func scrapeInterval(_ ctx: CheckContext) -> Outcome {
        let limit = ctx.durationParam("max_scrape_interval", 60)
        let jobs = appJobs(ctx.facts)
        guard !jobs.isEmpty else { return Outcome(.notApplicable, "No application scrape job found (see MON-01)") }
        let slow = jobs.filter { $0.intervalSeconds > limit }
        let text = jobs.map { "'\($0.name)' every \(PrometheusDuration.describe($0.intervalSeconds)) (\($0.intervalOrigin))" }
        let worst = jobs.map(\.intervalSeconds).max() ?? 0
        let evidence = jobs.map { ctx.cite($0.file, $0.line) }
        if !slow.isEmpty {
            return Outcome(.fail, "Scrape interval above \(PrometheusDuration.describe(limit)): " + slow.map { "'\($0.name)' \(PrometheusDuration.describe($0.intervalSeconds))" }.joined(separator: ", "),
                           observed: .string(PrometheusDuration.describe(worst)), evidence: evidence)
        }
        return Outcome(.pass, "Application scraped within \(PrometheusDuration.describe(limit)): " + text.joined(separator: ", "),
                       observed: .string(PrometheusDuration.describe(worst)), evidence: evidence)
    }
}
