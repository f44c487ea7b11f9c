#!/usr/bin/env python3
"""Print a Django project's effective settings.LOGGING as JSON.

Usage: python3 scripts/django_logging_dump.py <project_dir> <settings_module>

Imports the settings module the way Django does (so environment variables and
later statements such as LOGGING["handlers"]["x"] = {...} are applied) and
writes settings.LOGGING to stdout as JSON with sorted keys. pathlib paths
become strings and tuples become lists. Used to cross-check auditpack's static
reading of Django settings against Django itself.

Exit status: 0 on success, 1 if the settings cannot be loaded or serialized,
2 on bad usage or if Django is not installed.
"""
import json
import os
import sys
from pathlib import PurePath


def to_jsonable(value):
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, PurePath):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    # Anything else (a callable, a class, ...): keep something readable.
    return repr(value)


def main(argv):
    if len(argv) != 3:
        print("usage: django_logging_dump.py <project_dir> <settings_module>", file=sys.stderr)
        return 2
    project_dir, settings_module = argv[1], argv[2]
    if not os.path.isdir(project_dir):
        print(f"django_logging_dump: {project_dir}: not a directory", file=sys.stderr)
        return 2

    sys.dont_write_bytecode = True  # leave no __pycache__ in the scanned project
    sys.path.insert(0, os.path.abspath(project_dir))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module

    try:
        from django.conf import settings
    except ImportError:
        print("django_logging_dump: Django is not installed (pip install django)", file=sys.stderr)
        return 2

    try:
        logging_config = settings.LOGGING
    except Exception as exc:  # ImportError, ImproperlyConfigured, errors in the settings file
        print(f"django_logging_dump: cannot load settings {settings_module!r}: {exc}", file=sys.stderr)
        return 1

    try:
        json.dump(to_jsonable(logging_config), sys.stdout, indent=2, sort_keys=True)
    except (TypeError, ValueError) as exc:
        print(f"django_logging_dump: cannot serialize LOGGING: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
