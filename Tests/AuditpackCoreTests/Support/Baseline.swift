import Foundation
@testable import AuditpackCore

/// A target on which every automated checklist item passes. Each failing fixture changes
/// one thing in it, so a fixture shows exactly what one item looks at.
enum Baseline {
    static let settings = #"""
    import os
    from pathlib import Path

    BASE_DIR = Path(__file__).resolve().parent.parent
    LOG_DIR = os.environ.get("APP_LOG_DIR", os.path.join(BASE_DIR, "logs"))

    INSTALLED_APPS = [
        "django.contrib.auth",
        "django_prometheus",
        "app",
    ]

    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        "log_request_id.middleware.RequestIDMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]

    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "verbose": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"},
        },
        "filters": {
            "request_id": {"()": "log_request_id.filters.RequestIDFilter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "level": "INFO", "formatter": "verbose"},
            "file": {
                "class": "logging.handlers.TimedRotatingFileHandler",
                "level": "INFO",
                "formatter": "verbose",
                "filters": ["request_id"],
                "filename": os.path.join(LOG_DIR, "app.log"),
                "when": "midnight",
                "backupCount": 120,
            },
            "audit": {
                "class": "app.logging_handlers.HashingFileHandler",
                "level": "INFO",
                "formatter": "verbose",
                "filename": os.path.join(LOG_DIR, "audit.log"),
            },
            "splunk": {
                "class": "splunk_handler.SplunkHandler",
                "level": "INFO",
                "formatter": "verbose",
                "host": "splunk.example.com",
                "port": 8088,
                "protocol": "https",
                "token": os.environ.get("SPLUNK_TOKEN", ""),
            },
        },
        "loggers": {
            "django": {"handlers": ["console", "file", "splunk"], "level": "INFO"},
            "app.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
        },
    }
    """#

    static let views = #"""
    import logging

    logger = logging.getLogger(__name__)


    def checkout(request):
        logger.info("checkout for user %s", request.user.id)
    """#

    static let logrotate = """
    /srv/app/logs/audit.log {
        daily
        rotate 120
        missingok
        compress
        create 0640 root adm
    }
    """

    static let prometheus = """
    global:
      scrape_interval: 30s
    rule_files:
      - rules/*.yml
    scrape_configs:
      - job_name: prometheus
        static_configs:
          - targets: ["localhost:9090"]
      - job_name: app
        scrape_interval: 15s
        static_configs:
          - targets: ["app-1:8000"]
    """

    static func rule(_ name: String, _ expr: String, severity: String = "critical", forText: String? = "5m", summary: Bool = true) -> String {
        var s = "      - alert: \(name)\n        expr: \(expr)\n"
        if let f = forText { s += "        for: \(f)\n" }
        s += "        labels:\n          severity: \(severity)\n"
        if summary { s += "        annotations:\n          summary: \(name) fired\n" }
        return s
    }

    static let rulesHeader = "groups:\n  - name: app\n    rules:\n"

    static let allRules: [String: String] = [
        "error": rule("AppHighErrorRate", #"'sum(rate(django_http_responses_total_by_status_total{status=~"5.."}[5m])) / sum(rate(django_http_responses_total_by_status_total[5m])) > 0.05'"#),
        "latency": rule("AppHighLatency", #"'histogram_quantile(0.95, sum by (le) (rate(django_http_requests_latency_seconds_by_view_method_bucket[5m]))) > 1'"#, severity: "warning"),
        "availability": rule("AppDown", #"'up{job="app"} == 0'"#),
        "disk": rule("HostDiskSpaceLow", "'node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1'", severity: "warning"),
        "memory": rule("HostMemoryLow", "'node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes < 0.1'", severity: "warning"),
        "cpu": rule("HostHighCpu", #"'100 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])) * 100 > 90'"#, severity: "warning"),
    ]

    static func rules(without: Set<String> = [], extra: String = "") -> String {
        rulesHeader + allRules.keys.sorted().filter { !without.contains($0) }.map { allRules[$0]! }.joined() + extra
    }

    static let alertmanager = """
    global:
      smtp_smarthost: smtp.example.com:587
      smtp_from: alerts@example.com
    route:
      receiver: ops-email
      group_by: [alertname]
      routes:
        - matchers: ['severity="critical"']
          receiver: pager
    receivers:
      - name: ops-email
        email_configs:
          - to: ops@example.com
            send_resolved: true
      - name: pager
        pagerduty_configs:
          - routing_key_file: /etc/alertmanager/pagerduty
    """

    static let auditLine: String = {
        let msg = "2026-11-27T09:15:00Z user=42 action=login"
        return msg + "|HASH=" + sha256(msg)
    }()

    static func sha256(_ s: String) -> String {
        PacketWriter.sha256Hex(Data(s.utf8))
    }

    static let config = """
    version: 1
    organization: Example Corp
    system: Example App
    scan:
      path_map:
        /srv/app: .
    """

    /// Files of the baseline, with their modes.
    static func files() -> [String: String] {
        [
            "auditpack.yml": config,
            "app/settings.py": settings,
            "app/views.py": views,
            "deploy/logrotate.d/app": logrotate,
            "deploy/prometheus/prometheus.yml": prometheus,
            "deploy/prometheus/rules/app.yml": rules(),
            "deploy/alertmanager/alertmanager.yml": alertmanager,
            "logs/app.log": "2026-11-27 09:14:03,512 INFO [abc] django.request ok\n",
            "logs/audit.log": auditLine + "\n",
        ]
    }

    static let modes: [String: UInt32] = ["logs/app.log": 0o640, "logs/audit.log": 0o640]
    static let dirModes: [String: UInt32] = ["logs": 0o750]
}
