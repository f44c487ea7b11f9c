#!/usr/bin/env python3
"""How far auditpack's static reading agrees with what Python builds, on the real-world corpus.

Usage:
    python3 scripts/python_agreement.py --binary .build/debug/auditpack
        [--corpus Tests/Fixtures/realworld] [--truth truth.json] [--check] [--json]

For every row of <corpus>/SOURCES.tsv, Python's own answer comes from
scripts/python_truth.py (run here unless --truth names its saved output) and
auditpack's from `auditpack scan <fixture> --format json` (the fact inventory).
The two are compared handler by handler:

  * kind: console, file, rotating-size, rotating-time, watched, syslog, http,
    socket, datagram, smtp, null, memory, queue, other (a class Python could
    only stub, or one auditpack does not know: "other" on both sides agrees);
  * destination: the file name (as the config gives it), the syslog address,
    the HTTP host, URL and `secure`, the socket host and port;
  * rotation: maxBytes and backupCount; when, interval and backupCount.

and row by row on whether Python's logging.config raises (status
"dictconfig-error") — auditpack's setup `failure`, or a file it could not read.

Prints every disagreement with its cause, then one summary line (or the
summary as JSON with --json). With --check, exits 1 unless at least 95 % of
handlers agree and every row agrees on whether the configuration fails.
"""
import json
import os
import posixpath
import sys

from agreement_common import arguments, read_sources, scan, truth as judge

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)




def env_of(row):
    out = {}
    if row.get("env", "-") not in ("", "-"):
        for pair in row["env"].split(";"):
            if "=" in pair:
                k, v = pair.split("=", 1)
                out[k] = v
    return out


def our_kind(h):
    d = h["destination"]
    cls = (h.get("resolvedClass") or h.get("className") or "").split(".")[-1]
    if d == "console":
        return "console"
    if d == "null":
        return "null"
    if d == "email":
        return "smtp"
    if d == "queue":
        return "queue"
    if isinstance(d, dict):
        if "file" in d:
            rotation = d["file"][1]
            if rotation == "watched":
                return "watched"
            if isinstance(rotation, dict) and "size" in rotation:
                return "rotating-size"
            if isinstance(rotation, dict) and "timed" in rotation:
                return "rotating-time"
            # RotatingFileHandler without maxBytes never rotates, but is one.
            if cls == "RotatingFileHandler":
                return "rotating-size"
            if cls == "TimedRotatingFileHandler":
                return "rotating-time"
            return "file"
        if "syslog" in d:
            return "syslog"
        if "remote" in d:
            service = d["remote"][0]
            return {"HTTP": "http", "TCP socket": "socket", "UDP datagram": "datagram"}.get(service, "other")
        if "unknown" in d:
            return "memory" if cls in ("MemoryHandler", "BufferingHandler") else "other"
    return "other"


def norm_path(p, fixture):
    if p is None:
        return None
    if isinstance(p, dict):  # {"unresolved": source}
        return "unresolved: " + p.get("unresolved", "?")
    p = str(p)
    if p.startswith(fixture + "/") or p == fixture:
        p = "$FIXTURE" + p[len(fixture):]
    return posixpath.normpath(p)


def compare_handler(ours, theirs, fixture):
    """The causes of disagreement (empty when the handler agrees)."""
    causes = []
    kind = our_kind(ours)
    if kind != theirs["kind"]:
        causes.append("kind %s, Python %s (%s)" % (kind, theirs["kind"], theirs["class"]))
        return causes
    d = ours["destination"]
    if kind in ("file", "rotating-size", "rotating-time", "watched"):
        mine = norm_path(d["file"][0], fixture)
        python = norm_path(theirs["filename"], fixture)
        if python is not None and mine != python:
            causes.append("file %s, Python %s" % (mine, python))
        rotation = d["file"][1]
        if kind == "rotating-size":
            mb, bc = (rotation["size"] if isinstance(rotation, dict) else [0, 0])
            if (mb or 0) != (theirs["maxBytes"] or 0) or (bc or 0) != (theirs["backupCount"] or 0):
                causes.append("maxBytes/backupCount %s/%s, Python %s/%s" % (mb, bc, theirs["maxBytes"], theirs["backupCount"]))
        if kind == "rotating-time" and isinstance(rotation, dict):
            when, interval, bc = rotation["timed"]
            if when.upper() != (theirs["when"] or "").upper() or interval != theirs["interval"] or bc != theirs["backupCount"]:
                causes.append("when/interval/backupCount %s/%s/%s, Python %s/%s/%s" % (when, interval, bc, theirs["when"], theirs["interval"], theirs["backupCount"]))
    elif kind == "syslog":
        address = d["syslog"][0]
        if theirs["address"] is not None and address != theirs["address"]:
            causes.append("syslog %s, Python %s" % (address, theirs["address"]))
    elif kind in ("http", "socket", "datagram"):
        service, endpoint, tls = d["remote"]
        want = (theirs.get("host") or "") + (theirs.get("url") or "") if kind == "http" else theirs.get("address")
        if want and endpoint != want:
            causes.append("endpoint %s, Python %s" % (endpoint, want))
        if kind == "http" and theirs.get("secure") is not None and bool(tls) != bool(theirs["secure"]):
            causes.append("TLS %s, Python secure=%s" % (tls, theirs["secure"]))
    return causes




def setup_for(facts, row, truth):
    """auditpack's setup for the module or file Python loaded."""
    candidates = [s for s in facts["logging"] if s["file"] == truth["file"]]
    configuration = env_of(row).get("DJANGO_CONFIGURATION")
    if configuration:
        named = [s for s in candidates if s["origin"].endswith("(class %s)" % configuration)]
        if named:
            return named[-1]
        # A class that does not set LOGGING itself inherits its base's: the nearest reading.
        classed = [s for s in candidates if "(class " in s["origin"]]
        return classed[-1] if classed else (candidates[0] if candidates else None)
    plain = [s for s in candidates if "(class " not in s["origin"]]
    return plain[0] if plain else (candidates[0] if candidates else None)


def main():
    args = arguments(os.path.join(PACKAGE, "Tests", "Fixtures", "realworld"))
    corpus = args.corpus
    truth = judge(args, [sys.executable, os.path.join(HERE, "python_truth.py"), corpus], timeout=1800)
    rows = read_sources(corpus)
    by_key = {(t["slug"], t["module"]): t for t in truth["fixtures"]}
    facts_cache = {}
    disagreements = []
    handlers = agree = 0
    failure_rows = failure_agree = 0
    for row in rows:
        t = by_key.get((row["slug"], row["module"]))
        where = "%s %s" % (row["slug"], row["module"])
        if t is None:
            disagreements.append((where, "no truth for this row"))
            continue
        if t["status"] == "import-error":
            disagreements.append((where, "Python could not import it: %s" % t["error"]))
            continue
        fixture = os.path.join(corpus, row["slug"])
        if fixture not in facts_cache:
            facts_cache[fixture] = scan(args.binary, fixture)
        facts = facts_cache[fixture]
        setup = setup_for(facts, row, t)
        unread = any(n["path"] == t["file"] for n in facts.get("notRead", []))
        ours_fails = bool(setup and setup.get("failure")) or (setup is None and unread)
        python_fails = t["status"] == "dictconfig-error"
        failure_rows += 1
        if ours_fails == python_fails:
            failure_agree += 1
        else:
            disagreements.append((where, "Python %s (%s), auditpack %s" % (
                "raises" if python_fails else "applies it", t.get("error") or "",
                ("fails: " + (setup or {}).get("failure", "file not read")) if ours_fails else "reads it as applying")))
        if t["status"] != "ok":
            continue
        theirs = {h["name"]: h for h in t["handlers"]}
        mine = {h["name"]: h for h in (setup["handlers"] if setup else [])}
        if setup is None:
            disagreements.append((where, "auditpack found no logging setup in %s" % t["file"]))
        for name, th in theirs.items():
            handlers += 1
            if name not in mine:
                disagreements.append((where, "handler %r: Python builds it (%s), auditpack does not have it" % (name, th["class"])))
                continue
            causes = compare_handler(mine[name], th, fixture)
            if causes:
                disagreements.append((where, "handler %r: %s" % (name, "; ".join(causes))))
            else:
                agree += 1
        for name in mine:
            if name not in theirs:
                handlers += 1
                disagreements.append((where, "handler %r: auditpack has it, Python does not build it" % name))
    summary = {
        "rows": len(rows), "handlers": handlers, "handlersAgree": agree,
        "handlerAgreement": round(agree / handlers, 4) if handlers else 1.0,
        "failureRows": failure_rows, "failureAgree": failure_agree,
        "disagreements": ["%s: %s" % d for d in disagreements],
    }
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        for d in summary["disagreements"]:
            print("disagree: " + d)
        print("python agreement: %d of %d handlers (%.1f %%) agree on kind, destination and rotation; %d of %d rows agree on whether dictConfig raises"
              % (agree, handlers, 100.0 * summary["handlerAgreement"], failure_agree, failure_rows))
    if args.check and (summary["handlerAgreement"] < 0.95 or failure_agree != failure_rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
