"""
Django settings for the shop project.

Deployed to /srv/shop on the web hosts (shop-web-1, shop-web-2) behind the
API gateway.  Secrets come from the environment; the defaults below are for
local development only.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY",
    "django-insecure-4v7#q2m!k8x@z1r^t6p0w3e9y5u&i-local-dev-only",
)

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"

ALLOWED_HOSTS = ["shop.example.com", "shop-web-1", "shop-web-2", "localhost", "127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_prometheus",
    "log_request_id",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "log_request_id.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "shop.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django_prometheus.db.backends.postgresql",
        "NAME": os.environ.get("SHOP_DB_NAME", "shop"),
        "USER": os.environ.get("SHOP_DB_USER", "shop"),
        "PASSWORD": os.environ.get("SHOP_DB_PASSWORD", ""),
        "HOST": os.environ.get("SHOP_DB_HOST", "localhost"),
        "PORT": os.environ.get("SHOP_DB_PORT", "5432"),
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = os.path.join(BASE_DIR, "static")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

ADMINS = [("Shop on-call", "shop-oncall@example.com")]
SERVER_EMAIL = "shop@example.com"
EMAIL_HOST = os.environ.get("SHOP_SMTP_HOST", "smtp.example.com")
EMAIL_PORT = 587
EMAIL_USE_TLS = True

# django-log-request-id: honour the gateway's header, and generate an id when
# the request did not come through the gateway.
LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------

LOG_DIR = os.environ.get("SHOP_LOG_DIR", os.path.join(BASE_DIR, "logs"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "verbose": {
            "format": "{asctime} {levelname} [{request_id}] {name} {module} {message}",
            "style": "{",
        },
        "simple": {
            "format": "{levelname} {message}",
            "style": "{",
        },
        # ISO-8601 UTC timestamps for the audit trail.
        "audit": {
            "class": "shop.logging_handlers.UTCFormatter",
            "format": "{asctime} {message}",
            "datefmt": "%Y-%m-%dT%H:%M:%SZ",
            "style": "{",
        },
    },
    "filters": {
        "request_id": {
            "()": "log_request_id.filters.RequestIDFilter",
        },
    },
    "handlers": {
        "console": {
            "level": "DEBUG",
            "class": "logging.StreamHandler",
            "formatter": "simple",
        },
        # Rotated by /etc/logrotate.d/shop (deploy/logrotate.d/shop).
        "file": {
            "level": "INFO",
            "class": "logging.handlers.WatchedFileHandler",
            "filename": os.path.join(LOG_DIR, "app.log"),
            "formatter": "verbose",
            "filters": ["request_id"],
        },
        # Rotated by the handler itself: 10 MiB x 5 backups.
        "security_file": {
            "level": "INFO",
            "class": "logging.handlers.RotatingFileHandler",
            "filename": BASE_DIR / "logs" / "security.log",
            "maxBytes": 10 * 1024 * 1024,
            "backupCount": 5,
            "formatter": "verbose",
            "filters": ["request_id"],
        },
        # Tamper-evident audit trail: every line carries |HASH=<sha256>.
        "audit": {
            "level": "INFO",
            "class": "shop.logging_handlers.HashingFileHandler",
            "filename": os.path.join(LOG_DIR, "audit.log"),
            "formatter": "audit",
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "loggers": {
        "django": {
            "handlers": ["console", "file"],
            "level": "INFO",
        },
        "django.security": {
            "handlers": ["security_file"],
            "level": "INFO",
            "propagate": False,
        },
        "django.request": {
            "handlers": ["file", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        # FIXME: left at DEBUG while chasing the N+1 queries in checkout.
        # This logs every SQL statement *with its parameters*.
        "django.db.backends": {
            "handlers": ["file"],
            "level": "DEBUG",
        },
        "shop.audit": {
            "handlers": ["audit"],
            "level": "INFO",
            "propagate": False,
        },
        "shop": {
            "handlers": ["file"],
            "level": "INFO",
        },
    },
    "root": {
        "handlers": ["console"],
        "level": "WARNING",
    },
}

# Ship application logs to Splunk (HTTP Event Collector).
# NOTE: the HEC endpoint is still plain http -- TLS is tracked in OPS-1432.
LOGGING["handlers"]["splunk"] = {
    "level": "INFO",
    "class": "splunk_handler.SplunkHandler",
    "formatter": "verbose",
    "filters": ["request_id"],
    "host": os.environ.get("SPLUNK_HOST", "splunk.internal.example.com"),
    "port": 8088,
    "protocol": "http",
    "token": os.environ.get("SPLUNK_HEC_TOKEN", ""),
    "index": "shop",
}
LOGGING["loggers"]["django"]["handlers"].append("splunk")
LOGGING["loggers"]["shop"]["handlers"].append("splunk")
