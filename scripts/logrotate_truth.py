#!/usr/bin/env python3
"""Ask the real logrotate what it would rotate in a host image (e.g. one made by
scripts/make-host-image), as ground truth for auditpack's logrotate checks.

    logrotate_truth.py [--image-state] [--logrotate PATH] [--keep-temp] IMAGE_DIR

IMAGE_DIR/etc/logrotate.conf and every config it includes (IMAGE_DIR/etc/logrotate.d/...) are
copied into a temp folder, every absolute path in them that points into the image is rewritten
(log file patterns -> IMAGE_DIR/..., `include` -> the temp copy, absolute `olddir` ->
IMAGE_DIR/...), `su`/`create`/`createolddir` users and groups unknown on this machine become
root (reported under "substitutions" and on stderr), and `logrotate -d -s <temp state> <temp
conf>` runs with IMAGE_DIR as its working directory. Its debug output is parsed and printed
as JSON on stdout:

  {"blocks": [{"patterns": [...as written in the image...],
               "files": [...image-relative paths logrotate considered and found...],
               "missing": [...names it considered but skipped: "does not exist"...],
               "rotate": N, "period": "hourly|daily|weekly|monthly|yearly|size|none",
               "maxage": N|null, "missingok": bool, "compress": bool, ...}],
   "errors": [...], ...}

Where each field comes from (also in the output, "field_sources"):
  logrotate: patterns (matched to the printed "rotating pattern:"), files, missing, decisions,
             rotate (-1 for "rotate -1", which logrotate prints without a count), period
             ("size" for "N bytes"; "none" when that is logrotate's built-in 1 MiB default
             because no period/size is configured, which is told apart using the files),
             criterium (logrotate's words), size_bytes, ifempty, minsize, olddir
  file:      maxage, missingok, compress, delaycompress, config, line — logrotate -d does not
             print them, so they are read from the copied configs, following logrotate's own
             reading order (its "reading config file" lines) and global-option inheritance.
             "file_view" repeats rotate/period as read from the files, as a cross-check.

logrotate -d never rotates. With a fresh state file logrotate treats every log as rotated
"now", so every existing log "does not need rotating"; --image-state seeds the temp state from
IMAGE_DIR/var/lib/logrotate/status (paths rewritten) to get the decisions that host would see.
Python 3 standard library only.
"""
import argparse
import grp
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile

SCRIPT_KEYWORDS = {"prerotate", "postrotate", "firstaction", "lastaction", "preremove"}
PERIODS = {"hourly", "daily", "weekly", "monthly", "yearly"}


def tokenize(text):
    """Split a logrotate line the way its parser does: blanks and '=' separate, "..." and
    '...' quote. Returns [(token, quoted)]."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace() or c == "=":
            i += 1
            continue
        if c in "\"'":
            j = text.find(c, i + 1)
            j = n if j < 0 else j
            out.append((text[i + 1:j], True))
            i = j + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in "={":
            j += 1
        if j == i:  # a lone '{' etc.
            j = i + 1
        out.append((text[i:j], False))
        i = j
    return out


def quote(path):
    return '"%s"' % path if (any(ch.isspace() for ch in path) or "=" in path) else path


def user_exists(name):
    if name.isdigit():
        return True
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def group_exists(name):
    if name.isdigit():
        return True
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def c_int(text):
    """A number as logrotate reads it (strtoul base 0: 010 is octal, 0x10 hex)."""
    t = text.strip()
    if re.fullmatch(r"-?0[xX][0-9a-fA-F]+", t):
        return int(t, 16)
    if re.fullmatch(r"-?0[0-7]+", t):
        return int(t, 8)
    return int(t)


class Stager:
    """Copies config files/folders from the image into the temp tree, rewriting paths."""

    def __init__(self, image, tmp):
        self.image = image            # absolute path of IMAGE_DIR, no trailing slash
        self.conf_root = os.path.join(tmp, "conf")
        self.done = {}                # image-absolute path ("/etc/x") -> staged path
        self.substitutions = []

    def staged_path(self, abs_path):
        return os.path.join(self.conf_root, abs_path.lstrip("/"))

    def image_path(self, abs_path):
        return self.image + "/" + abs_path.lstrip("/")

    def resolve(self, abs_path):
        """abs_path with symlinks resolved inside the image (an absolute link target is
        taken relative to IMAGE_DIR, never to this machine's /)."""
        parts = [p for p in abs_path.split("/") if p]
        done, hops = [], 0
        while parts:
            part = parts.pop(0)
            if part == ".":
                continue
            if part == "..":
                if done:
                    done.pop()
                continue
            cand = self.image_path("/".join(done + [part]))
            if os.path.islink(cand):
                hops += 1
                if hops > 40:
                    break
                target = os.readlink(cand)
                if target.startswith("/"):
                    done = []
                parts = [p for p in target.split("/") if p] + parts
                continue
            done.append(part)
        return self.image_path("/".join(done))

    def stage(self, abs_path):
        """Stage image file or folder abs_path ("/etc/logrotate.d"); returns the temp path
        (which may not exist, if the image has nothing there: logrotate then reports it)."""
        abs_path = os.path.normpath(abs_path)
        if abs_path in self.done:
            return self.done[abs_path]
        dst = self.staged_path(abs_path)
        self.done[abs_path] = dst
        src = self.resolve(abs_path)
        if os.path.isdir(src):
            os.makedirs(dst, exist_ok=True)
            os.chmod(dst, os.stat(src).st_mode & 0o7777)
            # every file is copied; logrotate itself skips taboo names (.dpkg-old, ...)
            # and sub-folders, and its "reading config file" lines say what it read
            for name in sorted(os.listdir(src)):
                if os.path.isfile(self.resolve(abs_path.rstrip("/") + "/" + name)):
                    self.stage(abs_path.rstrip("/") + "/" + name)
        elif os.path.isfile(src):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(src, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
            with open(dst, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(self.rewrite(text, abs_path))
            os.chmod(dst, os.stat(src).st_mode & 0o7777)
        return dst

    def rewrite(self, text, conf_abs):
        rel_conf = conf_abs.lstrip("/")
        out = []
        in_script = False
        in_names = False   # names seen, '{' not yet
        for lineno, line in enumerate(text.split("\n"), 1):
            if in_script:
                if line.strip() == "endscript":
                    in_script = False
                out.append(line)
                continue
            stripped = line.lstrip()
            if not stripped or stripped.startswith("#"):
                out.append(line)
                continue
            indent = line[:len(line) - len(stripped)]
            first = stripped[0]
            if first in "/\"'~" or (in_names and first != "{" and not first.isalpha()):
                # log file names, up to an optional '{'
                names_part, brace, rest = stripped.partition("{")
                new = []
                for tok, _q in tokenize(names_part):
                    new.append(quote(self.image_path(tok)) if tok.startswith("/") else quote(tok))
                piece = indent + " ".join(new)
                if brace:
                    piece += " {"
                    in_names = False
                    if rest.strip():
                        r, in_script = self.rewrite_directive(rest.strip(), rel_conf, lineno)
                        piece += " " + r
                else:
                    in_names = True
                out.append(piece)
                continue
            if first == "{":
                in_names = False
                rest = stripped[1:].strip()
                piece = indent + "{"
                if rest:
                    r, in_script = self.rewrite_directive(rest, rel_conf, lineno)
                    piece += " " + r
                out.append(piece)
                continue
            if first.isalpha():
                r, in_script = self.rewrite_directive(stripped, rel_conf, lineno)
                out.append(indent + r)
                continue
            out.append(line)   # '}' and anything logrotate will judge itself
        return "\n".join(out)

    def rewrite_directive(self, stripped, rel_conf, lineno):
        """Returns (new text, starts a script)."""
        toks = tokenize(stripped)
        if not toks:
            return stripped, False
        key = toks[0][0].lower()
        args = [t for t, _ in toks[1:]]
        if key in SCRIPT_KEYWORDS:
            return stripped, True
        if key == "include" and args:
            target = args[0]
            if target.startswith("/"):
                return "include " + quote(self.stage(target)), False
            return stripped, False
        if key == "olddir" and args and args[0].startswith("/"):
            return "olddir " + quote(self.image_path(args[0])), False
        if key in ("su", "create", "createolddir"):
            if key == "su":
                idx = {"user": 0, "group": 1}
            else:  # [mode] [owner] [group]; a leading octal number is the mode
                off = 1 if args and re.fullmatch(r"0?[0-7]{3,4}", args[0]) else 0
                idx = {"user": off, "group": off + 1}
            new_args, replaced = list(args), []
            for kind, i in idx.items():
                if i < len(args):
                    name = args[i]
                    ok = user_exists(name) if kind == "user" else group_exists(name)
                    if not ok:
                        new_args[i] = "root"
                        replaced.append("%s %s" % (kind, name))
            if replaced:
                new = " ".join([key] + new_args)
                self.substitutions.append({
                    "config": rel_conf, "line": lineno, "directive": stripped,
                    "rewritten": new, "replaced_with_root": replaced})
                return new, False
        return stripped, False


class FileView:
    """Reads the staged configs in logrotate's own order to get what logrotate -d does not
    print (maxage, missingok, compress), plus the original patterns of each block."""

    def __init__(self, stager, read_order):
        self.stager = stager
        self.read = set(read_order)     # staged paths logrotate said it read
        self.glob = {"missingok": False, "compress": False, "delaycompress": False,
                     "maxage": None, "rotate": 0, "period": None}
        self.blocks = []

    def walk_conf(self, abs_path):
        staged = self.stager.staged_path(abs_path)
        if os.path.isdir(staged):
            for name in sorted(os.listdir(staged)):
                p = os.path.join(staged, name)
                if p in self.read:
                    self.walk_file(abs_path.rstrip("/") + "/" + name)
        elif staged in self.read:
            self.walk_file(abs_path)

    def walk_file(self, abs_path):
        # read the image's original text (patterns as written), not the rewritten copy
        src = self.stager.resolve(abs_path)
        try:
            with open(src, encoding="utf-8", errors="surrogateescape") as f:
                lines = f.read().split("\n")
        except OSError:
            return
        cur, names, in_script, start_line = None, [], False, 0
        for lineno, line in enumerate(lines, 1):
            if in_script:
                if line.strip() == "endscript":
                    in_script = False
                continue
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            if cur is None and (s[0] in "/\"'~" or (names and s[0] not in "{}" and not s[0].isalpha())):
                part, brace, rest = s.partition("{")
                if not names:
                    start_line = lineno
                names += [t for t, _ in tokenize(part)]
                if brace:
                    cur = dict(self.glob, patterns=names, config=abs_path.lstrip("/"), line=start_line)
                    names = []
                    if rest.strip():
                        in_script = self.apply(cur, rest.strip(), abs_path)
                continue
            if s.startswith("{") and names and cur is None:
                cur = dict(self.glob, patterns=names, config=abs_path.lstrip("/"), line=start_line)
                names = []
                if s[1:].strip():
                    in_script = self.apply(cur, s[1:].strip(), abs_path)
                continue
            if s.startswith("}"):
                if cur is not None:
                    self.blocks.append(cur)
                cur = None
                continue
            if s[0].isalpha():
                in_script = self.apply(cur if cur is not None else self.glob, s, abs_path,
                                       top=cur is None)

    def apply(self, target, s, abs_path, top=False):
        toks = [t for t, _ in tokenize(s)]
        if not toks:
            return False
        key, args = toks[0].lower(), toks[1:]
        if key in SCRIPT_KEYWORDS:
            return True
        if key == "include" and top and args and args[0].startswith("/"):
            self.walk_conf(args[0])
        elif key in ("missingok", "compress", "delaycompress"):
            target[key] = True
        elif key in ("nomissingok", "nocompress", "nodelaycompress"):
            target[key[2:]] = False
        elif key == "maxage" and args:
            try:
                target["maxage"] = c_int(args[0]) or None
            except ValueError:
                pass
        elif key == "rotate" and args:
            try:
                target["rotate"] = c_int(args[0])
            except ValueError:
                pass
        elif key in PERIODS:
            target["period"] = key
        elif key == "size" and args:
            target["period"] = "size"
        return False


# "rotating pattern: PATTERN CRITERIUM (N rotations)\n" (see logrotate.c rotateLogSet());
# PATTERN keeps the newlines of a multi-line name list; with "rotate -1" no count is printed
# and the summary ("empty log files are ...") follows on the same line.
HEADER_RE = re.compile(
    r"^(?P<pat>.*)\s(?P<crit>hourly|after -?\d+ days|weekly|monthly|yearly|-?\d+ bytes|"
    r"forced from command line|rotateLogSet\(\) does not have case for: \d+) "
    r"(?:\((?P<n>\d+) rotations\)|\((?P<none>no old logs will be kept)\)|"
    r"(?P<tail>(?:olddir is |empty log files ).*))$",
    re.S)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("image_dir")
    ap.add_argument("--image-state", action="store_true",
                    help="seed logrotate's state from IMAGE_DIR/var/lib/logrotate/status")
    ap.add_argument("--logrotate", default=shutil.which("logrotate") or "/usr/sbin/logrotate")
    ap.add_argument("--keep-temp", action="store_true", help="keep (and name) the temp folder")
    a = ap.parse_args()

    image = os.path.abspath(a.image_dir).rstrip("/") or "/"
    if not os.path.isfile(os.path.join(image, "etc/logrotate.conf")):
        sys.exit("logrotate_truth: %s/etc/logrotate.conf not found" % image)
    if not os.path.exists(a.logrotate):
        sys.exit("logrotate_truth: logrotate not found (apt-get install logrotate)")

    tmp = tempfile.mkdtemp(prefix="logrotate-truth.")
    try:
        result = run(image, tmp, a)
    finally:
        if a.keep_temp:
            print("logrotate_truth: temp kept at %s" % tmp, file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    json.dump(result, sys.stdout, indent=2)
    print()


def run(image, tmp, a):
    stager = Stager(image, tmp)
    conf = stager.stage("/etc/logrotate.conf")
    for s in stager.substitutions:
        print("logrotate_truth: %s:%d: %s -> %s (%s unknown on this machine)" % (
            s["config"], s["line"], s["directive"], s["rewritten"],
            ", ".join(s["replaced_with_root"])), file=sys.stderr)

    state = os.path.join(tmp, "state")
    notes = []
    if a.image_state:
        src = os.path.join(image, "var/lib/logrotate/status")
        if os.path.isfile(src):
            with open(src, encoding="utf-8", errors="surrogateescape") as f:
                lines = f.read().split("\n")
            fixed = []
            for ln in lines:
                m = re.match(r'^"(/[^"]*)"(.*)$', ln)
                fixed.append('"%s"%s' % (stager.image_path(m.group(1)), m.group(2)) if m else ln)
            with open(state, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write("\n".join(fixed))
            notes.append("state seeded from var/lib/logrotate/status")
        else:
            notes.append("--image-state: var/lib/logrotate/status not in the image; fresh state used")

    cmd = [a.logrotate, "-d", "-s", state, conf]
    env = dict(os.environ, LC_ALL="C", LANG="C")
    proc = subprocess.run(cmd, cwd=image, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=120)
    out = proc.stdout.decode("utf-8", "surrogateescape")

    conf_root = stager.conf_root

    def rel(path):
        for root in (image, conf_root):
            if path == root:
                return "."
            if path.startswith(root + "/"):
                return path[len(root) + 1:]
        return path

    def rel_text(text):
        text = text.replace(conf_root + "/", "").replace(image + "/", "")
        return text

    errors, warnings, read_order, parsed = [], [], [], []
    include_stack = []
    cur = None
    lines = out.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("error: "):
            errors.append(rel_text(line[len("error: "):]))
            # "stat of FILE failed: No such file or directory" (a missing log without missingok)
            mm = re.match(r"error: stat of (.*) failed: No such file or directory$", line)
            if mm and cur is not None and cur["files"] and rel(mm.group(1)) == cur["files"][-1]:
                cur["missing"].append(cur["files"][-1])
        elif line.startswith("warning: "):
            if "debug mode does nothing" not in line:
                warnings.append(rel_text(line[len("warning: "):]))
        elif line.startswith("including "):
            include_stack.append(line[len("including "):])
        elif line.startswith("reading config file "):
            name = line[len("reading config file "):]
            if not name.startswith("/"):
                # a folder entry: printed by base name after "including FOLDER"
                for d in reversed(include_stack):
                    if os.path.exists(os.path.join(d, name)):
                        name = os.path.join(d, name)
                        break
            read_order.append(name)
        elif line.startswith("rotating pattern: "):
            text = line[len("rotating pattern: "):]
            # a multi-name pattern is printed with its newlines: gather up to the criterium
            j = i
            m = HEADER_RE.match(text)
            while not m and j + 1 < len(lines) and not lines[j + 1].startswith(("considering log", "rotating pattern: ")):
                j += 1
                text += "\n" + lines[j]
                m = HEADER_RE.match(text)
            i = j
            cur = {"pattern_raw": text, "files": [], "missing": [], "decisions": {}}
            if m:
                cur["pattern_printed"] = m.group("pat")
                crit = m.group("crit")
                cur["criterium"] = crit
                if m.group("n"):
                    cur["rotate"] = int(m.group("n"))
                elif m.group("none"):
                    cur["rotate"] = 0
                else:
                    cur["rotate"] = -1     # only "rotate -1" (keep all) prints no count
                if crit.startswith("after "):
                    days = int(crit.split()[1])
                    cur["period"] = "daily" if days == 1 else "every %d days" % days
                elif crit.endswith(" bytes"):
                    cur["period"] = "size"
                    cur["size_bytes"] = int(crit.split()[0])
                elif crit in PERIODS:
                    cur["period"] = crit
                else:
                    cur["period"] = "none"
                tail = (m.group("tail") or "")
                if not tail and i + 1 < len(lines):
                    tail = lines[i + 1]
                    i += 1
                cur["summary"] = tail
                cur["ifempty"] = "empty log files are rotated" in tail
                mm = re.search(r"only log files >= (\d+) bytes are rotated", tail)
                cur["minsize"] = int(mm.group(1)) if mm else None
                mm = re.search(r"olddir is (.*?), ", tail)
                cur["olddir"] = rel(mm.group(1)) if mm else None
            else:
                cur["period"] = "none"
                cur["rotate"] = None
                errors.append("truth: could not parse logrotate header: %r" % rel_text(text))
            parsed.append(cur)
        elif line.startswith("considering log ") and cur is not None:
            f = rel(line[len("considering log "):])
            cur["files"].append(f)
            cur["decisions"][f] = "considered"
        elif cur is not None and line.startswith("  log ") and " does not exist -- skipping" in line:
            f = rel(line[len("  log "):line.index(" does not exist")])
            cur["missing"].append(f)
            cur["decisions"][f] = "does not exist (missingok)"
        elif cur is not None and line.startswith("  log ") and "is symbolic link" in line:
            f = rel(line[len("  log "):line.index(" is symbolic link")])
            cur["decisions"][f] = "symbolic link, skipped"
        elif cur is not None and line.startswith("  log does not need rotating") and cur["files"]:
            cur["decisions"][cur["files"][-1]] = line.strip()
        elif cur is not None and line.startswith("  log needs rotating") and cur["files"]:
            cur["decisions"][cur["files"][-1]] = "log needs rotating"
        elif cur is not None and line.startswith("No logs found."):
            cur["no_logs_found"] = True
        i += 1
    # errors about a log (insecure parent, stat failed) name it: attach them to its decision
    for b in parsed:
        for f in b["files"]:
            if b["decisions"].get(f) == "considered":
                hit = [e for e in errors if f in e]
                b["decisions"][f] = ("error: " + hit[0]) if hit else "considered (no decision printed)"

    fv = FileView(stager, read_order)
    fv.walk_conf("/etc/logrotate.conf")

    def names_of(printed):
        return [rel(t) if t.startswith("/") else t for t, _ in tokenize(printed)]

    blocks = []
    used = set()
    for b in parsed:
        want = names_of(b.get("pattern_printed", b["pattern_raw"]))
        match = None
        for k, fb in enumerate(fv.blocks):
            if k in used:
                continue
            have = [p.lstrip("/") if p.startswith("/") else p for p in fb["patterns"]]
            if have == want:
                match = k
                break
        fb = fv.blocks[match] if match is not None else None
        if match is not None:
            used.add(match)
        else:
            errors.append("truth: no config block found for pattern %r" % " ".join(want))
        blocks.append({
            "patterns": fb["patterns"] if fb else ["/" + w for w in want],
            "files": [f for f in b["files"] if f not in b["missing"]],
            "rotate": b["rotate"],
            # "none": logrotate printed its built-in 1 MiB size criterium and neither the block
            # nor the globals name a period or size (that last part is read from the files)
            "period": "none" if (b["period"] == "size" and fb and fb["period"] is None) else b["period"],
            "maxage": fb["maxage"] if fb else None,
            "missingok": fb["missingok"] if fb else None,
            "compress": fb["compress"] if fb else None,
            "delaycompress": fb["delaycompress"] if fb else None,
            "missing": b["missing"],
            "decisions": b["decisions"],
            "criterium": b.get("criterium"),
            "size_bytes": b.get("size_bytes"),
            "ifempty": b.get("ifempty"),
            "minsize": b.get("minsize"),
            "olddir": b.get("olddir"),
            "config": fb["config"] if fb else None,
            "line": fb["line"] if fb else None,
            "file_view": {"rotate": fb["rotate"], "period": fb["period"]} if fb else None,
        })

    return {
        "image": image,
        "logrotate": subprocess.run([a.logrotate, "--version"], stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT).stdout.decode().split("\n")[0],
        "command": "logrotate -d -s <tmp>/state <tmp>/conf/etc/logrotate.conf (cwd IMAGE_DIR)",
        "exit_code": proc.returncode,
        "configs_read": [rel(p) for p in read_order],
        "blocks": blocks,
        "errors": errors,
        "warnings": warnings,
        "substitutions": stager.substitutions,
        "notes": notes,
        "field_sources": {
            "logrotate": ["patterns (matched to the printed pattern)", "files", "missing",
                          "decisions", "rotate", "period (its none-vs-size distinction uses the files)",
                          "criterium", "size_bytes", "ifempty", "minsize", "olddir"],
            "file": ["maxage", "missingok", "compress", "delaycompress", "config", "line",
                     "file_view"],
        },
    }


if __name__ == "__main__":
    main()
