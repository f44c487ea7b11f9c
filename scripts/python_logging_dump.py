#!/usr/bin/env python3
"""Loads a logging config with Python's own logging.config and prints what it built, as JSON.

    python_logging_dump.py dict FILE.yaml|FILE.json   # logging.config.dictConfig
    python_logging_dump.py file FILE.ini              # logging.config.fileConfig (configparser)

Used by auditpack's conformance tests: the handlers and loggers Python builds are the truth
our static reading is compared with. Nothing is opened or sent: file handlers get an
in-memory stream instead of their file, sockets are not created. Prints
{"error": "..."} and exits 3 when Python itself refuses the config (or needs a package
that is not installed).
"""
import io
import json
import logging
import logging.config
import logging.handlers
import sys


def neuter():
    """Build handlers without touching the filesystem or the network."""
    logging.FileHandler._open = lambda self: io.StringIO()
    logging.handlers.WatchedFileHandler._statstream = lambda self: None
    if hasattr(logging.handlers.SysLogHandler, "createSocket"):
        logging.handlers.SysLogHandler.createSocket = lambda self: None
    logging.handlers.SocketHandler.createSocket = lambda self, *a: None


def describe_handler(h):
    out = {"class": type(h).__module__ + "." + type(h).__qualname__, "level": h.level}
    if isinstance(h, logging.FileHandler):
        out["filename"] = h.baseFilename
    if isinstance(h, logging.handlers.RotatingFileHandler):
        out["maxBytes"] = h.maxBytes
        out["backupCount"] = h.backupCount
    if isinstance(h, logging.handlers.TimedRotatingFileHandler):
        out["when"] = h.when
        out["backupCount"] = h.backupCount
        unit = {"S": 1, "M": 60, "H": 3600, "D": 86400, "MIDNIGHT": 86400}.get(h.when, 604800)
        out["interval"] = h.interval // unit
    if isinstance(h, logging.handlers.SysLogHandler):
        addr = h.address
        out["address"] = addr if isinstance(addr, str) else "%s:%s" % tuple(addr)
        out["tcp"] = h.socktype == __import__("socket").SOCK_STREAM
    if isinstance(h, logging.handlers.HTTPHandler):
        out["secure"] = bool(h.secure)
    if h.formatter is not None:
        out["format"] = h.formatter._fmt
    return out


def describe_logger(lg):
    return {
        "level": lg.level,
        "propagate": bool(lg.propagate),
        "disabled": bool(lg.disabled),
        "handlers": sorted(h.get_name() or "" for h in lg.handlers),
    }


def main():
    mode, path = sys.argv[1], sys.argv[2]
    neuter()
    try:
        if mode == "dict":
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if path.endswith(".json"):
                config = json.loads(text)
            else:
                import yaml
                config = yaml.safe_load(text)
            logging.config.dictConfig(config)
        else:
            logging.config.fileConfig(path, disable_existing_loggers=False)
    except Exception as e:  # Python refuses it: the test reports it as not comparable
        print(json.dumps({"error": "%s: %s" % (type(e).__name__, e)}))
        sys.exit(3)
    # Handlers no logger holds live on only in reference cycles of the configurator until
    # the collector runs; they receive no records. Collect first, so only used ones remain.
    import gc
    gc.collect()
    handlers = {}
    for ref in logging._handlerList:
        h = ref()
        if h is not None and h.get_name():
            handlers[h.get_name()] = describe_handler(h)
    loggers = {"root": describe_logger(logging.getLogger())}
    for name, lg in logging.Logger.manager.loggerDict.items():
        if isinstance(lg, logging.Logger):
            loggers[name] = describe_logger(lg)
    print(json.dumps({"handlers": handlers, "loggers": loggers}, sort_keys=True))


if __name__ == "__main__":
    main()
