"""Tamper-evident file logging for the audit trail.

Every record is written as ``<formatted message>|HASH=<sha256 hex>`` where the
hash is computed over the UTF-8 encoding of the formatted message.  A reviewer
can verify a line with::

    log_entry, h = line.rsplit("|HASH=", 1)
    assert hashlib.sha256(log_entry.encode()).hexdigest() == h.strip()
"""
import hashlib
import logging
import time

HASH_SEPARATOR = "|HASH="


def hash_entry(message):
    """Return the sha256 hex digest of ``message`` (UTF-8)."""
    return hashlib.sha256(message.encode("utf-8")).hexdigest()


def verify_line(line):
    """Return True if ``line`` carries a matching ``|HASH=`` suffix."""
    try:
        log_entry, digest = line.rstrip("\n").rsplit(HASH_SEPARATOR, 1)
    except ValueError:
        return False
    return hash_entry(log_entry) == digest.strip()


class HashingFileHandler(logging.FileHandler):
    """A FileHandler that appends a SHA-256 digest of each formatted record."""

    def __init__(self, filename, mode="a", encoding="utf-8", delay=False, errors=None):
        super().__init__(filename, mode=mode, encoding=encoding, delay=delay, errors=errors)

    def format(self, record):
        message = super().format(record)
        # Keep one record per line so the line-oriented verifier works.
        message = message.replace("\r", "\\r").replace("\n", "\\n")
        return f"{message}{HASH_SEPARATOR}{hash_entry(message)}"


class UTCFormatter(logging.Formatter):
    """Formatter that renders ``asctime`` in UTC (for ISO-8601 ``...Z`` stamps)."""

    converter = time.gmtime
