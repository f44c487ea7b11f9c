"""What scripts/python_agreement.py and scripts/java_agreement.py share: the corpus's
SOURCES.tsv, the command line, the judge's answer (run, or read from --truth), and
auditpack's fact inventory for one fixture."""
import argparse
import json
import os
import subprocess
import sys


def read_sources(corpus):
    """SOURCES.tsv rows as dicts (blank and `#` lines skipped)."""
    with open(os.path.join(corpus, "SOURCES.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip() and not line.startswith("#")]


def arguments(default_corpus):
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--corpus", default=default_corpus)
    ap.add_argument("--truth", help="the judge's saved output instead of running it")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    args.corpus = os.path.abspath(args.corpus)
    return args


def truth(args, command, timeout):
    """The judge's JSON: from --truth, else by running `command`."""
    if args.truth:
        with open(args.truth, encoding="utf-8") as f:
            return json.load(f)
    out = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        sys.exit("%s failed: %s" % (os.path.basename(command[-1] if command[0] == sys.executable else command[0]), out.stderr[-2000:]))
    return json.loads(out.stdout)


def scan(binary, fixture):
    """`auditpack scan FIXTURE --format json`: the fact inventory."""
    out = subprocess.run([binary, "scan", fixture, "--format", "json"], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError("auditpack scan %s exited %d: %s" % (fixture, out.returncode, out.stderr[-500:]))
    return json.loads(out.stdout)
