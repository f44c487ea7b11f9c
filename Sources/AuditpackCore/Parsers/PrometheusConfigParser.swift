import Foundation

/// `prometheus.yml`: scrape jobs with their effective interval (job, else global, else 1m).
public enum PrometheusConfigParser {
    public struct Output: Sendable {
        public var jobs: [ScrapeJob] = []
        public var ruleFiles: [String] = []
        public var ruleFilesLine: Int?
        public var alertmanagerTargets: [String] = []
        public var issues: [ParseIssue] = []
    }

    public static func parse(_ text: String, file: String) -> Output {
        var out = Output()
        let doc: ConfigValue
        do { doc = try YAMLReader.document(text) } catch {
            out.issues.append(ParseIssue(path: file, line: error.line, message: error.message))
            return out
        }
        guard let top = doc.dictValue else {
            out.issues.append(ParseIssue(path: file, line: 1, message: "Prometheus configuration is not a mapping"))
            return out
        }
        var globalInterval = 60.0
        var origin = "default"
        if let g = top["global"]?.dictValue, let iv = g["scrape_interval"]?.stringValue {
            if let s = PrometheusDuration.seconds(iv) { globalInterval = s; origin = "global" }
            else { out.issues.append(ParseIssue(path: file, line: g.line(of: "scrape_interval"), message: "invalid duration \(iv)")) }
        }
        out.ruleFiles = top["rule_files"]?.listValue?.compactMap(\.stringValue) ?? []
        out.ruleFilesLine = top.line(of: "rule_files")
        for am in top["alerting"]?.dictValue?["alertmanagers"]?.listValue ?? [] {
            for sc in am.dictValue?["static_configs"]?.listValue ?? [] {
                out.alertmanagerTargets += sc.dictValue?["targets"]?.listValue?.compactMap(\.stringValue) ?? []
            }
        }
        for j in top["scrape_configs"]?.listValue ?? [] {
            guard let job = j.dictValue else { continue }
            let line = job.line(of: "job_name") ?? job.entries.first?.line ?? 1
            guard let name = job["job_name"]?.stringValue else {
                out.issues.append(ParseIssue(path: file, line: line, message: "scrape config without job_name"))
                continue
            }
            var interval = globalInterval
            var intervalOrigin = origin
            if let iv = job["scrape_interval"]?.stringValue {
                if let s = PrometheusDuration.seconds(iv) { interval = s; intervalOrigin = "job" }
                else { out.issues.append(ParseIssue(path: file, line: job.line(of: "scrape_interval"), message: "invalid duration \(iv)")) }
            }
            var targets: [String] = []
            for sc in job["static_configs"]?.listValue ?? [] {
                targets += sc.dictValue?["targets"]?.listValue?.compactMap(\.stringValue) ?? []
            }
            for key in job.keys where key.hasSuffix("_sd_configs") { targets.append("(\(key))") }
            out.jobs.append(ScrapeJob(file: file, line: line, name: name, intervalSeconds: interval, intervalOrigin: intervalOrigin,
                                      metricsPath: job["metrics_path"]?.stringValue ?? "/metrics", targets: targets))
        }
        return out
    }
}
