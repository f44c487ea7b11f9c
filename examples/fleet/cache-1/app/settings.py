# cache-1: the cache warmer. Logs to a file rotated at midnight, kept 120 days, with time and level.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "file": {
            "class": "logging.handlers.TimedRotatingFileHandler",
            "filename": "/var/log/cache/app.log",
            "when": "midnight",
            "backupCount": 120,
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["file"], "level": "INFO"},
    "loggers": {"django.security": {"handlers": ["file"], "level": "INFO"}},
}
