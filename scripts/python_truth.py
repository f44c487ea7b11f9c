#!/usr/bin/env python3
"""Ask the real Python what the logging configs of a fixture corpus build.

Usage:
    python3 scripts/python_truth.py Tests/Fixtures/realworld [--slug S] [--portable]
                                    [--timeout SECONDS] > truth.json

Reads <corpus>/SOURCES.tsv (columns: slug, repository, commit, licence, files,
module, syspath, env, features) and prints {"fixtures": [...]}, one entry per
row, in file order:

    {"slug", "module", "file", "status", "error", "handlers": [...],
     "loggers": {...}, "unknown_modules": [...]}

status is "ok" (the config was applied), "dictconfig-error" (the module was
imported but logging.config refused the config: the message is in "error"),
"import-error" (the module itself could not be imported) or "no-logging" (the
module defines no LOGGING, or sets LOGGING_CONFIG = None).

How a row is loaded
-------------------
Every row runs in a fresh interpreter (this script with --worker), with a
timeout (20 s by default), inside a temporary COPY of the fixture folder: the
repository is never written to and no __pycache__ is left behind.
  * cwd is the copy's `syspath` folder, which is also put first on sys.path;
    sys.argv is ["manage.py", "check"].
  * The environment is minimal: PATH, LANG, HOME (an empty temp folder),
    PYTHONUSERBASE (so packages installed with `pip install --user` are still
    found), the row's `env` column and, for a module row,
    DJANGO_SETTINGS_MODULE=<module>.
  * Django rows are loaded the way Django loads them: `django.conf.settings`
    imports the module (with django-configurations' importer installed when the
    row sets DJANGO_CONFIGURATION), then
    `django.utils.log.configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)`
    applies Django's DEFAULT_LOGGING and then the project's LOGGING, exactly as
    django.setup() does.  Nothing else of django.setup() runs (no app is
    imported).
  * `file:<path>` rows: .yaml/.yml and .json files go to
    logging.config.dictConfig; any other file (.ini, .conf, .cfg) to
    logging.config.fileConfig(path) with its default
    disable_existing_loggers=True.

Missing imports
---------------
A meta-path finder placed LAST on sys.meta_path (so every real module wins)
stubs a module only when (a) the import statement is in a fixture file, or
logging.config is resolving a class/factory named in the config, and (b) the
module is third-party, i.e. its top-level name is not a file or folder of the
fixture.  A module of the project itself that is missing from the slice is
not stubbed at first, so `try: from .local import * / except ImportError:`
behaves as in a fresh checkout; only if that ImportError escapes (the settings
module cannot be imported, or logging.config cannot resolve a class, filter or
formatter the config names in it) is the row re-run with that module stubbed.
Every stubbed module is listed in "unknown_modules".  A stub module makes any
attribute on demand: names that start with a capital letter are classes
(subclasses of logging.Handler that accept any arguments, so a stubbed handler
class can still be configured; its kind is then "other"), other names are
functions that return their `default=` keyword argument when one is given and
otherwise a placeholder string ("<stub module.name>").  `from stub import *`
imports nothing.  A stub's `__file__` (a stub module's, or that of a name
imported from one) is a placeholder path under "<stub>/" that never exists, so
code such as `os.path.dirname(stub.__file__)` still runs.
When django-environ, python-decouple or dj-database-url are NOT installed,
small fakes stand in for them (environ.Env, decouple.config/Csv/Choices,
dj_database_url.parse/config) that return `default` for an unset variable and
raise as the real library does when there is none (ImproperlyConfigured /
UndefinedValueError).  The real packages are preferred.

Files and the network
---------------------
logging.FileHandler.__init__ is wrapped for the whole run, so every file a
handler opens (from dictConfig, fileConfig, or a settings module that calls
dictConfig itself) is redirected to a fresh temp folder whose parent
directories are created; the handler's "filename" in the output is the value
the config gave (os.fspath of it), before redirection, with the temp copy's
path shown as the fixture's real path (or as "$FIXTURE" with --portable, and
the temp HOME as "$HOME").  socket.getaddrinfo resolves every host to
127.0.0.1 and socket connect/send/sendto do nothing, so a SysLogHandler over
TCP, a SocketHandler or an HTTPHandler never reaches the network.

Output per handler (names from LOGGING["handlers"] / [handlers] keys=):
name, class ("module.QualName" of type(h)), kind (console, file,
rotating-size, rotating-time, watched, syslog, http, socket, datagram, smtp,
null, memory, queue, other: the first isinstance match in that order of
specificity), filename, maxBytes, backupCount, when (as stored by Python,
upper case), interval (the config's interval, not seconds), address
("host:port" or a socket path, for syslog/socket/datagram), host (HTTP host,
or SMTP "mailhost[:port]"), url and secure (HTTPHandler), level, formatter
("module.QualName" of its formatter or null).
Loggers: "root" and every logger named in the config: level, handlers,
propagate, disabled.

Packages the corpus needs (CI: pip install these; Django is also needed):
    Django python-json-logger django-environ python-decouple
    django-configurations structlog django-structlog dj-database-url PyYAML
"""
import argparse
import csv
import json
import os
import shutil
import site
import subprocess
import sys
import tempfile

HANDLER_FIELDS = ("name", "class", "kind", "filename", "maxBytes", "backupCount", "when",
                  "interval", "address", "host", "url", "secure", "level", "formatter")


# --------------------------------------------------------------------------
# Parent: read SOURCES.tsv, run one worker per row, print JSON
# --------------------------------------------------------------------------

def read_sources(corpus):
    with open(os.path.join(corpus, "SOURCES.tsv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        for key in ("slug", "module", "syspath", "env"):
            if not row.get(key):
                raise SystemExit(f"python_truth: SOURCES.tsv row {row!r} has no {key}")
    return rows


def parse_env(text):
    env = {}
    if text.strip() in ("", "-"):
        return env
    for part in text.split(";"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep:
            raise SystemExit(f"python_truth: bad env item {part!r}")
        env[key] = value
    return env


def module_file(fixture_dir, row):
    module = row["module"]
    if module.startswith("file:"):
        return module[len("file:"):]
    syspath = row["syspath"]
    rel = module.replace(".", "/")
    for cand in (rel + ".py", rel + "/__init__.py"):
        path = os.path.normpath(os.path.join(syspath, cand))
        if os.path.isfile(os.path.join(fixture_dir, path)):
            return path
    return os.path.normpath(os.path.join(syspath, rel + ".py"))


def run_row(corpus, row, timeout, portable):
    fixture_dir = os.path.abspath(os.path.join(corpus, row["slug"]))
    base = {"slug": row["slug"], "module": row["module"],
            "file": module_file(fixture_dir, row)}
    stub_internal = []
    for _ in range(10):
        result = run_worker(fixture_dir, row, stub_internal, timeout, portable)
        missing = result.pop("missing_internal", None)
        if (result["status"] in ("import-error", "dictconfig-error") and missing
                and missing not in stub_internal):
            stub_internal.append(missing)
            continue
        break
    base.update(result)
    return base


def run_worker(fixture_dir, row, stub_internal, timeout, portable):
    tmp = tempfile.mkdtemp(prefix="python-truth-")
    try:
        copy = os.path.join(tmp, "fixture")
        shutil.copytree(fixture_dir, copy, symlinks=True)
        home = os.path.join(tmp, "home")
        os.mkdir(home)
        out = os.path.join(tmp, "result.json")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": home,
            "PYTHONUSERBASE": site.getuserbase(),
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0",
        }
        env.update(parse_env(row["env"]))
        if not row["module"].startswith("file:"):
            env["DJANGO_SETTINGS_MODULE"] = row["module"]
        job = {
            "copy": copy, "home": home, "tmp": tmp, "out": out,
            "module": row["module"], "syspath": row["syspath"],
            "stub_internal": stub_internal,
            "shown_root": "$FIXTURE" if portable else fixture_dir,
        }
        cmd = [sys.executable, "-B", os.path.abspath(__file__), "--worker", json.dumps(job)]
        try:
            proc = subprocess.run(cmd, env=env, cwd=os.path.join(copy, row["syspath"]),
                                  stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            return failed("import-error", f"TimeoutExpired: no result after {timeout} s")
        if os.path.exists(out):
            with open(out, encoding="utf-8") as f:
                return json.load(f)
        tail = (proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no output)"])[-1]
        return failed("import-error", f"WorkerDied: exit {proc.returncode}: {tail}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def failed(status, error):
    return {"status": status, "error": error, "handlers": [], "loggers": {},
            "unknown_modules": []}


def main(argv):
    ap = argparse.ArgumentParser(description="Ask Python what the corpus' logging configs build.")
    ap.add_argument("corpus")
    ap.add_argument("--slug", action="append", help="only this slug (repeatable)")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--portable", action="store_true",
                    help="show paths inside the fixture as $FIXTURE/... instead of its real path")
    args = ap.parse_args(argv)
    rows = read_sources(args.corpus)
    if args.slug:
        rows = [r for r in rows if r["slug"] in args.slug]
        if not rows:
            raise SystemExit(f"python_truth: no row for {args.slug}")
    fixtures = [run_row(args.corpus, row, args.timeout, args.portable) for row in rows]
    json.dump({"fixtures": fixtures}, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")
    return 0


# --------------------------------------------------------------------------
# Worker: runs inside the temp copy
# --------------------------------------------------------------------------

def worker(job):
    import builtins
    import importlib
    import importlib.abc
    import importlib.machinery
    import logging
    import logging.config
    import logging.handlers
    import socket
    import types

    sys.dont_write_bytecode = True
    # Drop this script's folder from sys.path; put the fixture's syspath first.
    script_dir = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != script_dir]
    copy = job["copy"]
    syspath_dir = os.path.normpath(os.path.join(copy, job["syspath"]))
    sys.path.insert(0, syspath_dir)
    sys.argv = ["manage.py", "check"]

    result = {"status": None, "error": None, "handlers": [], "loggers": {},
              "unknown_modules": []}
    stubbed = []

    def finish(status, error=None, missing=None):
        result["status"] = status
        result["error"] = error
        result["unknown_modules"] = sorted(set(stubbed))
        if missing:
            result["missing_internal"] = missing
        with open(job["out"], "w", encoding="utf-8") as f:
            json.dump(result, f)
        os._exit(0)

    def show_path(value):
        if value is None:
            return None
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        text = os.fspath(value) if isinstance(value, os.PathLike) else str(value)
        for prefix, shown in ((copy, job["shown_root"]), (job["home"], "$HOME")):
            if text == prefix or text.startswith(prefix + os.sep):
                return shown + text[len(prefix):]
        return text

    # ---- the network: never leave the machine ----
    real_getaddrinfo = socket.getaddrinfo

    def fake_getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        return real_getaddrinfo("127.0.0.1", port, socket.AF_INET, type, proto, flags)

    socket.getaddrinfo = fake_getaddrinfo
    socket.socket.connect = lambda self, address: None
    socket.socket.connect_ex = lambda self, address: 0
    socket.socket.send = lambda self, data, flags=0: len(data)
    socket.socket.sendall = lambda self, data, flags=0: None
    socket.socket.sendto = lambda self, data, *args: len(data)

    # ---- files: every handler file goes to a temp folder ----
    redirect_root = os.path.join(job["tmp"], "redirected")
    real_fh_init = logging.FileHandler.__init__

    def fh_init(self, filename, *args, **kwargs):
        # A missing filename raises the TypeError Python's own __init__ would.
        self._truth_filename = show_path(filename)
        raw = os.fspath(filename)
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", "replace")
        absolute = os.path.abspath(raw)
        target = os.path.join(redirect_root, absolute.lstrip(os.sep))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        real_fh_init(self, target, *args, **kwargs)

    fh_init.__qualname__ = "FileHandler.__init__"
    fh_init.__name__ = "__init__"
    logging.FileHandler.__init__ = fh_init

    # logging._handlers only holds weak references: a handler that no logger
    # uses may be gone by the time it is looked up.  Keep every named handler.
    named = {}
    real_set_name = logging.Handler.set_name

    def set_name(self, name):
        real_set_name(self, name)
        if name:
            named[name] = self

    logging.Handler.set_name = set_name
    logging.Handler.name = property(logging.Handler.get_name, set_name)

    # ---- stubs for missing imports ----
    internal_tops = set()
    for entry in os.listdir(syspath_dir):
        name, ext = os.path.splitext(entry)
        if os.path.isdir(os.path.join(syspath_dir, entry)) or ext == ".py":
            internal_tops.add(name)
    stub_internal = set(job["stub_internal"])

    class StubHandler(logging.Handler):
        """Base of every stub class: accepts any arguments, and is a Handler."""

        def __init__(self, *args, **kwargs):
            logging.Handler.__init__(self)

        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return make_attr(f"{type(self).__module__}.{type(self).__qualname__}", name)

        def __call__(self, *args, **kwargs):
            return stub_value(f"{type(self).__module__}.{type(self).__qualname__}()")

        def emit(self, record):
            pass

        def __iter__(self):
            return iter(())

    class StubMeta(type):
        def __getattr__(cls, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return make_attr(f"{cls.__module__}.{cls.__qualname__}", name)

    class StubValue(str):
        """Placeholder result of a stub call: a string that can be called and dotted into."""

        def __call__(self, *args, **kwargs):
            if "default" in kwargs:
                return kwargs["default"]
            return StubValue(str(self))

        def __getattr__(self, name):
            if name == "__file__":  # os.path.dirname(stub.__file__) must not fail
                return stub_file(str(self)[6:-1])
            if name.startswith("__"):
                raise AttributeError(name)
            return make_attr(str(self)[6:-1], name)

    def stub_file(dotted):
        """A placeholder path (that never exists) for a stub's __file__."""
        return os.path.join("<stub>", *dotted.split("."), "__init__.py")

    def stub_value(dotted):
        return StubValue(f"<stub {dotted}>")

    def make_attr(owner, name):
        dotted = f"{owner}.{name}"
        if name[:1].isupper():
            return StubMeta(name, (StubHandler,), {"__module__": owner, "__qualname__": name})
        return stub_value(dotted)

    class StubModule(types.ModuleType):
        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            value = make_attr(self.__name__, name)
            setattr(self, name, value)
            return value

    fixture_files_root = copy + os.sep

    def importer_is_allowed():
        frame = sys._getframe(2)
        while frame is not None:
            filename = frame.f_code.co_filename
            if filename.startswith("<frozen importlib") or filename.startswith("<frozen zipimport"):
                frame = frame.f_back
                continue
            if filename.endswith(os.path.join("importlib", "__init__.py")):
                frame = frame.f_back
                continue
            if filename.startswith(fixture_files_root):
                return True
            if filename.endswith(os.path.join("logging", "config.py")):
                return True
            if filename.endswith(os.path.join("django", "utils", "module_loading.py")):
                frame = frame.f_back
                continue
            return False
        return False

    class StubLoader(importlib.abc.Loader):
        def create_module(self, spec):
            module = StubModule(spec.name)
            module.__path__ = []
            module.__all__ = []
            module.__file__ = stub_file(spec.name)
            return module

        def exec_module(self, module):
            stubbed.append(module.__name__)

    class StubFinder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):
            top = fullname.split(".")[0]
            parent = fullname.rpartition(".")[0]
            parent_is_stub = parent and isinstance(sys.modules.get(parent), StubModule)
            if top in internal_tops and not parent_is_stub:
                if fullname not in stub_internal:
                    return None
            elif not parent_is_stub and not importer_is_allowed():
                return None
            return importlib.machinery.ModuleSpec(fullname, StubLoader(), is_package=True)

    install_fakes(stub_internal)
    sys.meta_path.append(StubFinder())

    module = job["module"]
    logging_config = None
    config_names = {"handlers": [], "loggers": []}

    def missing_internal(exc):
        seen = set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            name = getattr(exc, "name", None)
            if (isinstance(exc, ModuleNotFoundError) and name
                    and name.split(".")[0] in internal_tops
                    and name != module and not module.startswith(name + ".")):
                return name
            exc = exc.__cause__ or exc.__context__
        return None

    def describe(exc):
        msg = str(exc).replace(copy, job["shown_root"]).replace(job["home"], "$HOME")
        return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__

    if module.startswith("file:"):
        path = os.path.join(copy, module[len("file:"):])
        ext = os.path.splitext(path)[1].lower()
        try:
            if ext in (".yaml", ".yml", ".json"):
                with open(path, encoding="utf-8") as f:
                    if ext == ".json":
                        config = json.load(f)
                    else:
                        import yaml
                        config = yaml.safe_load(f)
                if not isinstance(config, dict):
                    finish("dictconfig-error", f"TypeError: the file holds a {type(config).__name__}, not a dict")
                config_names["handlers"] = list((config.get("handlers") or {}).keys())
                config_names["loggers"] = list((config.get("loggers") or {}).keys())
                if "root" in config:
                    config_names["loggers"].append("")
                named.clear()
                logging.config.dictConfig(config)
            else:
                import configparser
                cp = configparser.ConfigParser(interpolation=None)
                cp.read(path, encoding="utf-8")
                if cp.has_option("handlers", "keys"):
                    config_names["handlers"] = [k.strip() for k in cp.get("handlers", "keys").split(",") if k.strip()]
                if cp.has_option("loggers", "keys"):
                    for key in cp.get("loggers", "keys").split(","):
                        key = key.strip()
                        if not key:
                            continue
                        if key == "root":
                            config_names["loggers"].append("")
                        elif cp.has_option(f"logger_{key}", "qualname"):
                            config_names["loggers"].append(cp.get(f"logger_{key}", "qualname"))
                named.clear()
                logging.config.fileConfig(path)
        except Exception as exc:
            collect(result, config_names, show_path, named)
            finish("dictconfig-error", describe(exc), missing_internal(exc))
    else:
        env_cfg = os.environ.get("DJANGO_CONFIGURATION")
        try:
            import django
            from django.conf import settings
        except ImportError:
            django = None
        try:
            if django is not None:
                if env_cfg:
                    from configurations import importer
                    importer.install()
                settings._setup()
                explicit = settings._wrapped._explicit_settings
                logging_callable = settings.LOGGING_CONFIG
                logging_config = settings.LOGGING
                defined = "LOGGING" in explicit
            else:
                mod = importlib.import_module(module)
                logging_callable = getattr(mod, "LOGGING_CONFIG", "logging.config.dictConfig")
                logging_config = getattr(mod, "LOGGING", None)
                defined = logging_config is not None
        except BaseException as exc:  # the settings module itself failed
            finish("import-error", describe(exc), missing_internal(exc))
        if not defined or logging_callable is None:
            finish("no-logging", None if defined else "the module defines no LOGGING")
        if isinstance(logging_config, dict):
            config_names["handlers"] = list((logging_config.get("handlers") or {}).keys())
            config_names["loggers"] = list((logging_config.get("loggers") or {}).keys())
        try:
            if django is not None:
                # django.utils.log.configure_logging, step by step, so that the
                # handlers of Django's DEFAULT_LOGGING are not taken for the project's.
                from django.utils.log import DEFAULT_LOGGING
                from django.utils.module_loading import import_string
                logging_config_func = import_string(logging_callable)
                logging.config.dictConfig(DEFAULT_LOGGING)
                named.clear()
                if logging_config:
                    logging_config_func(logging_config)
            else:
                named.clear()
                logging.config.dictConfig(logging_config)
        except Exception as exc:
            collect(result, config_names, show_path, named)
            finish("dictconfig-error", describe(exc), missing_internal(exc))
    collect(result, config_names, show_path, named)
    finish("ok")


def handler_kind(h):
    import logging
    import logging.handlers as lh
    checks = [
        (lh.RotatingFileHandler, "rotating-size"),
        (lh.TimedRotatingFileHandler, "rotating-time"),
        (lh.WatchedFileHandler, "watched"),
        (logging.FileHandler, "file"),
        (lh.SysLogHandler, "syslog"),
        (lh.HTTPHandler, "http"),
        (lh.DatagramHandler, "datagram"),
        (lh.SocketHandler, "socket"),
        (lh.SMTPHandler, "smtp"),
        (logging.NullHandler, "null"),
        (lh.BufferingHandler, "memory"),
        (lh.QueueHandler, "queue"),
        (logging.StreamHandler, "console"),
    ]
    for cls, kind in checks:
        if isinstance(h, cls):
            return kind
    try:
        from django.utils.log import AdminEmailHandler
        if isinstance(h, AdminEmailHandler):
            return "smtp"
    except Exception:
        pass
    return "other"


def qualname(obj):
    t = type(obj)
    return f"{t.__module__}.{t.__qualname__}"


def address_text(address):
    if address is None:
        return None
    if isinstance(address, (tuple, list)) and len(address) == 2:
        return f"{address[0]}:{address[1]}"
    return str(address)


def describe_handler(name, h, show_path):
    import logging
    import logging.handlers as lh
    kind = handler_kind(h)
    entry = dict.fromkeys(HANDLER_FIELDS)
    entry.update(name=name, **{"class": qualname(h)}, kind=kind,
                 level=logging.getLevelName(h.level))
    entry["formatter"] = qualname(h.formatter) if h.formatter is not None else None
    if isinstance(h, logging.FileHandler):
        entry["filename"] = getattr(h, "_truth_filename", None) or show_path(h.baseFilename)
    if isinstance(h, lh.RotatingFileHandler):
        entry["maxBytes"] = h.maxBytes
        entry["backupCount"] = h.backupCount
    if isinstance(h, lh.TimedRotatingFileHandler):
        entry["backupCount"] = h.backupCount
        entry["when"] = h.when
        unit = {"S": 1, "M": 60, "H": 3600, "D": 86400, "MIDNIGHT": 86400}.get(
            h.when, 604800 if h.when.startswith("W") else 1)
        entry["interval"] = h.interval // unit
    if isinstance(h, lh.SysLogHandler):
        entry["address"] = address_text(h.address)
    if isinstance(h, lh.SocketHandler):  # DatagramHandler too
        entry["address"] = address_text(h.address) if h.port is not None else str(h.host)
    if isinstance(h, lh.HTTPHandler):
        entry["host"] = h.host
        entry["url"] = h.url
        entry["secure"] = bool(h.secure)
    if isinstance(h, lh.SMTPHandler):
        entry["host"] = f"{h.mailhost}:{h.mailport}" if h.mailport else h.mailhost
    return entry


def collect(result, config_names, show_path, named):
    import logging
    handlers = []
    registry = dict(logging._handlers)
    registry.update(named)
    for name in config_names["handlers"]:
        h = registry.get(name)
        if h is not None:
            handlers.append(describe_handler(name, h, show_path))
    result["handlers"] = handlers
    loggers = {}
    names = [""] + [n for n in config_names["loggers"] if n not in ("", "root")]
    for name in names:
        logger = logging.getLogger(name) if name else logging.getLogger()
        key = name or "root"
        loggers[key] = {
            "level": logging.getLevelName(logger.level),
            "handlers": [h.name for h in logger.handlers],
            "propagate": bool(logger.propagate),
            "disabled": bool(logger.disabled),
        }
    result["loggers"] = loggers


# --------------------------------------------------------------------------
# Fakes for env libraries, used only when the real package is not installed
# --------------------------------------------------------------------------

def install_fakes(stub_internal):
    import importlib.util
    import types

    def missing(name):
        try:
            return importlib.util.find_spec(name) is None
        except (ImportError, ValueError):
            return True

    if missing("environ"):
        sys.modules["environ"] = fake_environ(types)
    if missing("decouple"):
        sys.modules["decouple"] = fake_decouple(types)
    if missing("dj_database_url"):
        sys.modules["dj_database_url"] = fake_dj_database_url(types)


_NOTSET = object()


def _to_bool(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "y", "on", "t")


def _cast(value, cast):
    if cast is None or value is None:
        return value
    if cast is bool:
        return _to_bool(value)
    if cast in (list, tuple) and isinstance(value, str):
        return cast(v.strip() for v in value.split(",") if v.strip())
    return cast(value)


def fake_environ(types):
    mod = types.ModuleType("environ")

    def improperly(msg):
        try:
            from django.core.exceptions import ImproperlyConfigured
        except ImportError:
            ImproperlyConfigured = Exception
        return ImproperlyConfigured(msg)

    class Env:
        NOTSET = _NOTSET

        def __init__(self, **scheme):
            self.scheme = scheme

        @staticmethod
        def read_env(env_file=None, **overrides):
            for k, v in overrides.items():
                os.environ.setdefault(k, str(v))

        def get_value(self, var, cast=None, default=_NOTSET, parse_default=False):
            if var in self.scheme and cast is None:
                spec = self.scheme[var]
                if isinstance(spec, tuple):
                    cast = spec[0]
                    if default is _NOTSET and len(spec) > 1:
                        default = spec[1]
                else:
                    cast = spec
            if var in os.environ:
                return _cast(os.environ[var], cast)
            if default is _NOTSET:
                raise improperly(f"Set the {var} environment variable")
            return _cast(default, cast) if parse_default else default

        def __call__(self, var, cast=None, default=_NOTSET, parse_default=False):
            return self.get_value(var, cast=cast, default=default, parse_default=parse_default)

        def str(self, var, default=_NOTSET, multiline=False):
            return self.get_value(var, cast=str, default=default)

        def bool(self, var, default=_NOTSET):
            return self.get_value(var, cast=bool, default=default)

        def int(self, var, default=_NOTSET):
            return self.get_value(var, cast=int, default=default)

        def float(self, var, default=_NOTSET):
            return self.get_value(var, cast=float, default=default)

        def list(self, var, cast=None, default=_NOTSET):
            return self.get_value(var, cast=list, default=default)

        def tuple(self, var, cast=None, default=_NOTSET):
            return self.get_value(var, cast=tuple, default=default)

        def dict(self, var, cast=dict, default=_NOTSET):
            return self.get_value(var, default=default)

        def path(self, var, default=_NOTSET, **kwargs):
            return Path(self.get_value(var, default=default))

        def db_url(self, var="DATABASE_URL", default=_NOTSET, engine=None):
            return {"URL": self.get_value(var, default=default)}

        db = db_url

        def cache_url(self, var="CACHE_URL", default=_NOTSET, backend=None):
            return {"URL": self.get_value(var, default=default)}

        cache = cache_url

        def email_url(self, var="EMAIL_URL", default=_NOTSET, backend=None):
            return {"URL": self.get_value(var, default=default)}

        email = email_url

        def url(self, var, default=_NOTSET):
            return self.get_value(var, default=default)

    class Path:
        def __init__(self, start="", *paths, **kwargs):
            self.root = os.path.abspath(os.path.join(start, *paths))

        def __call__(self, *paths, **kwargs):
            return os.path.join(self.root, *paths)

        def path(self, *paths, **kwargs):
            return Path(self.root, *paths)

        def __sub__(self, other):
            root = self.root
            for _ in range(int(other)):
                root = os.path.dirname(root)
            return Path(root)

        def __str__(self):
            return self.root

        def __fspath__(self):
            return self.root

    mod.Env = Env
    mod.Path = Path
    mod.ImproperlyConfigured = type(improperly(""))
    return mod


def fake_decouple(types):
    mod = types.ModuleType("decouple")

    class UndefinedValueError(Exception):
        pass

    class Undefined:
        pass

    def config(option, default=Undefined, cast=Undefined):
        if option in os.environ:
            value = os.environ[option]
        elif default is Undefined or isinstance(default, Undefined):
            raise UndefinedValueError(
                f"{option} not found. Declare it as envvar or define a default value.")
        else:
            value = default
        if cast is Undefined or isinstance(cast, Undefined):
            return value
        if cast is bool:
            return _to_bool(value)
        return cast(value)

    class Csv:
        def __init__(self, cast=str, delimiter=",", strip=" ", post_process=list):
            self.cast, self.delimiter, self.strip, self.post_process = cast, delimiter, strip, post_process

        def __call__(self, value):
            if value is None:
                return self.post_process()
            parts = [p.strip(self.strip) for p in str(value).split(self.delimiter)]
            return self.post_process(self.cast(p) for p in parts if p)

    class Choices:
        def __init__(self, flat=None, cast=str, choices=()):
            self.flat, self.cast = list(flat or []), cast
            self.flat += [c[0] for c in choices]

        def __call__(self, value):
            value = self.cast(value)
            if value not in self.flat:
                raise ValueError(f"Value not in list: {value!r}; valid values are {self.flat!r}")
            return value

    class AutoConfig:
        def __init__(self, search_path=None):
            pass

        def __call__(self, *args, **kwargs):
            return config(*args, **kwargs)

    class RepositoryEnv:
        def __init__(self, source, encoding="utf-8"):
            pass

    class Config:
        def __init__(self, repository=None):
            pass

        def __call__(self, *args, **kwargs):
            return config(*args, **kwargs)

        get = __call__

    mod.config = config
    mod.Csv = Csv
    mod.Choices = Choices
    mod.AutoConfig = AutoConfig
    mod.Config = Config
    mod.RepositoryEnv = RepositoryEnv
    mod.UndefinedValueError = UndefinedValueError
    mod.undefined = Undefined()
    return mod


def fake_dj_database_url(types):
    mod = types.ModuleType("dj_database_url")

    def parse(url, engine=None, conn_max_age=0, **kwargs):
        return {"URL": url, "ENGINE": engine or "", "CONN_MAX_AGE": conn_max_age}

    def config(env="DATABASE_URL", default=None, engine=None, conn_max_age=0, **kwargs):
        url = os.environ.get(env, default)
        return parse(url, engine, conn_max_age) if url else {}

    mod.parse = parse
    mod.config = config
    return mod


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker(json.loads(sys.argv[2]))
    else:
        sys.exit(main(sys.argv[1:]))
