#!/usr/bin/env python3
"""How far auditpack's reading of logback and log4j2 configs agrees with what the libraries build.

Usage:
    python3 scripts/java_agreement.py --binary .build/debug/auditpack
        [--corpus Tests/Fixtures/realworld-java] [--truth javatruth.json] [--check] [--json]

The libraries' answer comes from scripts/java_truth/run (logback's JoranConfigurator and
log4j2's ConfigurationFactory, Debian's liblogback-java and liblog4j2-java), or from a saved
run given with --truth; auditpack's from `auditpack scan <fixture> --format json`. For every
appender the library built, the two are compared on

  * kind: console, file, rolling, syslog, socket, logstash, http, smtp, async, routing,
    sifting, null, other;
  * destination: the file (the row's properties substituted into auditpack's `${…}` text,
    `{tmp}` and the library's temp folder both shown as $TMP), the remote host and port,
    and TLS where the library says;
  * retention: whether a number of days is bounded (logback `maxHistory`, log4j2 `Delete`
    with `IfLastModified`), and for log4j2 the age in days.

and, per fixture, whether each configuration error the library reports shows as at least
one parse issue on that file. With --check, exits 1 unless at least 95 % of appenders agree
and every fixture with library errors has parse issues.
"""
import json
import os
import posixpath
import re
import sys

from agreement_common import arguments, read_sources, scan, truth as judge

HERE = os.path.dirname(os.path.abspath(__file__))
JUDGE_CLASSPATH_GAPS = ['"JsonTemplateLayout"']
PACKAGE = os.path.dirname(HERE)




def properties(row):
    # What the judge's JVM defines itself (scripts/java_truth/run): -Duser.home, -Djava.io.tmpdir.
    out = {"user.home": "$TMP/home", "java.io.tmpdir": "$TMP/tmp"}
    if row.get("properties", "-") not in ("", "-"):
        for pair in row["properties"].split(";"):
            if "=" in pair and not pair.startswith(("env:", "host:")):
                k, v = pair.split("=", 1)
                out[k] = v.replace("{tmp}", "$TMP")
    return out


def substitute(text, props):
    """`${name}` / `${name:-default}` as the libraries substitute them, from the row's properties."""
    def repl(m):
        name, default = m.group(1), m.group(3)
        for prefix in ("sys:", "env:"):
            if name.startswith(prefix):
                name = name[len(prefix):]
        if name in props:
            return props[name]
        return default if default is not None else m.group(0)
    for _ in range(4):
        new = re.sub(r"\$\{([^}]*?)(:-([^}]*))?\}", repl, text)
        if new == text:
            break
        text = new
    return text


def our_kind(h):
    d = h["destination"]
    cls = (h.get("className") or "")
    short = cls.split(".")[-1].lower()
    if "sifting" in short:
        return "sifting"
    if d == "console":
        return "console"
    if d == "null":
        return "null"
    if d == "email":
        return "smtp"
    if d == "queue":
        return "routing" if "routing" in short else "async"
    if isinstance(d, dict):
        if "file" in d:
            return "file" if d["file"][1] == "none" else "rolling"
        if "syslog" in d:
            return "syslog"
        if "remote" in d:
            service = d["remote"][0]
            if service.startswith("Logstash"):
                return "logstash"
            if service == "HTTP":
                return "http"
            if "socket" in service or service == "UDP datagram":
                return "socket"
    return "other"


def our_path(value, props, library):
    if value is None:
        return None
    text = value.get("unresolved") if isinstance(value, dict) else str(value)
    if text is None:
        return None
    text = substitute(text, props)
    if library == "logback":
        # logback writes an undefined variable as NAME_IS_UNDEFINED; auditpack keeps ${NAME}.
        text = re.sub(r"\$\{([^}:]+)\}", r"\1_IS_UNDEFINED", text)
    if not text.startswith(("/", "$")):
        text = "$TMP/fx/" + text
    return posixpath.normpath(text)


def their_path(value):
    if value is None:
        return None
    text = str(value)
    if not text.startswith(("/", "$")):
        text = "$TMP/fx/" + text
    return posixpath.normpath(text)


def our_days(h):
    d = h["destination"]
    if isinstance(d, dict) and "file" in d:
        rotation = d["file"][1]
        if isinstance(rotation, dict) and "history" in rotation:
            return rotation["history"][0]
    return None


def age_days(age):
    m = re.fullmatch(r"P?(\d+)([dDhHmMsS]?)", str(age or "").strip())
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2).lower()
    return {"d": n, "": n, "h": n / 24, "m": n / 1440, "s": n / 86400}[unit]


def compare(ours, theirs, props, library):
    causes = []
    kind = our_kind(ours)
    if kind != theirs["kind"]:
        return ["kind %s, library %s (%s)" % (kind, theirs["kind"], theirs["class"])]
    d = ours["destination"]
    if kind in ("file", "rolling") and theirs.get("file") is not None:
        mine, lib = our_path(d["file"][0], props, library), their_path(theirs["file"])
        if mine != lib:
            causes.append("file %s, library %s" % (mine, lib))
    if kind in ("socket", "logstash", "syslog", "http") and theirs.get("host"):
        endpoint = d["syslog"][0] if "syslog" in d else d["remote"][1]
        endpoint = substitute(endpoint, props)
        want = "%s:%s" % (theirs["host"], theirs["port"]) if theirs.get("port") else theirs["host"]
        if want not in endpoint:
            causes.append("endpoint %s, library %s" % (endpoint, want))
        if "remote" in d and theirs.get("tls") is not None and d["remote"][2] is not None and bool(d["remote"][2]) != bool(theirs["tls"]):
            causes.append("TLS %s, library %s" % (d["remote"][2], theirs["tls"]))
    if kind == "rolling":
        bounded_lib = theirs.get("maxHistory") not in (None, 0) if library == "logback" else theirs.get("deleteAge") is not None
        days = our_days(ours)
        rotation = d["file"][1] if "file" in d else None
        # A Delete whose age is not the only way to deletion (IfAny with a size or count) keeps
        # no number of days for sure: auditpack reads the Delete and says it proves none.
        seen_delete = library == "log4j2" and isinstance(rotation, dict) and "history" in rotation and "Delete" in (rotation["history"][1] or "")
        if bounded_lib and days is None and seen_delete:
            pass
        elif bounded_lib != (days is not None):
            causes.append("retention %s, library %s" % ("%s days" % days if days is not None else "unbounded or not provable",
                                                          "maxHistory %s" % theirs.get("maxHistory") if library == "logback" else "Delete age %s" % theirs.get("deleteAge")))
        elif library == "log4j2" and days is not None and age_days(theirs["deleteAge"]) is not None and abs(days - age_days(theirs["deleteAge"])) > 1e-6:
            causes.append("retention %s days, library Delete age %s" % (days, theirs["deleteAge"]))
    return causes


def main():
    args = arguments(os.path.join(PACKAGE, "Tests", "Fixtures", "realworld-java"))
    corpus = args.corpus
    truth = judge(args, [os.path.join(HERE, "java_truth", "run")], timeout=3000)
    by_slug = {t["slug"]: t for t in truth["fixtures"]}
    disagreements = []
    appenders = agree = 0
    loggers = loggers_agree = 0
    error_fixtures = reported = 0
    for row in read_sources(corpus):
        slug = row["slug"]
        t = by_slug.get(slug)
        if t is None:
            disagreements.append("%s: no truth for this row" % slug)
            continue
        fixture = os.path.join(corpus, slug)
        facts = scan(args.binary, fixture)
        # The library runs with no Spring profile active: that variant first.
        setups = sorted((s for s in facts["logging"] if s["file"] == row["file"]), key=lambda s: "(Spring profile " in s["origin"])
        mine = {}
        for s in setups:
            for h in s["handlers"]:
                mine.setdefault(h["name"], h)
        issues = [i for i in facts["parseIssues"] if i["path"] == row["file"]]
        # Errors about an optional log4j2 module the judge's classpath lacks (Debian ships no
        # log4j-layout-template-json) say nothing about the configuration: not counted.
        config_errors = [e for e in t["errors"] if not any(gap in e for gap in JUDGE_CLASSPATH_GAPS)]
        if t["errors"] and not config_errors:
            disagreements.append("%s: not counted: the library's only error is the judge's missing module (%s)" % (slug, t["errors"][0][:120]))
        if config_errors:
            error_fixtures += 1
            if issues or not setups:
                reported += 1
            else:
                disagreements.append("%s: the library reports %d error(s) (%s), auditpack no parse issue" % (slug, len(config_errors), config_errors[0][:160]))
        props = properties(row)
        our_loggers = {}
        for st in setups:
            for l in st["loggers"]:
                our_loggers.setdefault("ROOT" if l["name"] == "root" else substitute(l["name"], props), l)
        for l in t.get("loggers", []):
            loggers += 1
            mine_l = our_loggers.get(l["name"])
            theirs_refs = sorted(l.get("appenderRefs") or l.get("appenders") or [])
            if mine_l is None:
                disagreements.append("%s: logger %r: the library configures it, auditpack does not have it" % (slug, l["name"]))
            elif sorted(mine_l["handlers"]) != theirs_refs:
                disagreements.append("%s: logger %r: appenders %s, library %s" % (slug, l["name"], sorted(mine_l["handlers"]), theirs_refs))
            else:
                loggers_agree += 1
        for a in t["appenders"]:
            appenders += 1
            if a["name"] not in mine:
                disagreements.append("%s: appender %r: the library builds it (%s), auditpack does not have it" % (slug, a["name"], a["class"]))
                continue
            causes = compare(mine[a["name"]], a, props, t["library"])
            if causes:
                disagreements.append("%s: appender %r: %s" % (slug, a["name"], "; ".join(causes)))
            else:
                agree += 1
    summary = {"fixtures": len(by_slug), "appenders": appenders, "appendersAgree": agree,
               "loggers": loggers, "loggersAgree": loggers_agree,
               "appenderAgreement": round(agree / appenders, 4) if appenders else 1.0,
               "errorFixtures": error_fixtures, "errorFixturesReported": reported, "disagreements": disagreements}
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        for d in disagreements:
            print("disagree: " + d)
        print("java agreement: %d of %d appenders (%.1f %%) agree on kind, destination and retention; %d of %d loggers on their appenders; %d of %d fixtures with library errors have parse issues"
              % (agree, appenders, 100.0 * summary["appenderAgreement"], loggers_agree, loggers, reported, error_fixtures))
    if args.check and (summary["appenderAgreement"] < 0.95 or reported != error_fixtures):
        sys.exit(1)


if __name__ == "__main__":
    main()
