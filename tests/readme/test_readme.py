#!/usr/bin/python3
"""The README's examples are tests. In README.md, a fenced block whose info
string says file=PATH is written to PATH in a fresh folder; a ```console
block is run there, command by command ("$ phat ..."), and what it prints
(standard output and error, in order) must be the lines under the command
("…" stands for any lines); a command whose expected lines hold ": error:"
must exit 1, any other 0. Every phat document and every phat command shown
in a fenced block must be one of these, so no example goes untried."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHAT = os.environ.get("PHAT", "./phat")
if not os.path.isabs(PHAT):
    PHAT = os.path.join(ROOT, PHAT)
README = os.environ.get("README", os.path.join(ROOT, "README.md"))

failures = 0


def check(cond, what, detail=""):
    global failures
    if cond:
        print("ok - " + what)
    else:
        failures += 1
        print("not ok - " + what + (":\n" + "\n".join("#   " + l for l in str(detail).splitlines()[:40]) if detail else ""))


def blocks(text):
    """(info, body, line) of every fenced block."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        m = re.match(r"^(```+)(.*)$", lines[i])
        if m:
            fence, info, start, body = m.group(1), m.group(2).strip(), i + 1, []
            i += 1
            while i < len(lines) and not lines[i].startswith(fence):
                body.append(lines[i])
                i += 1
            out.append((info, "\n".join(body) + "\n", start))
        i += 1
    return out


def matches(want, got):
    """want's lines against got's, "…" matching any run of lines."""
    if not want:
        return not got
    if want[0] == "…":
        return any(matches(want[1:], got[k:]) for k in range(len(got) + 1))
    return bool(got) and want[0] == got[0] and matches(want[1:], got[1:])


text = open(README, encoding="utf-8").read()
work = tempfile.mkdtemp(prefix="phat-readme-")
bindir = os.path.join(work, ".bin")
os.makedirs(bindir)
os.symlink(PHAT, os.path.join(bindir, "phat"))
env = dict(os.environ, PATH=bindir + ":" + os.environ.get("PATH", ""), LC_ALL="C.UTF-8")
env.pop("SOURCE_DATE_EPOCH", None)
seen_docs, outputs = [], ""
for info, body, line in blocks(text):
    m = re.search(r"\bfile=(\S+)", info)
    if m:
        p = os.path.join(work, m.group(1))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(body)
        if p.endswith(".md"):
            seen_docs.append((m.group(1), line))
        continue
    if info.split()[:1] == ["console"]:
        cmds, cur = [], None
        for l in body.rstrip("\n").split("\n"):
            if l.startswith("$ "):
                cur = [l[2:], []]
                cmds.append(cur)
            elif cur:
                cur[1].append(l)
        for cmd, want in cmds:
            c = re.sub(r"^\./phat\b", "phat", cmd)
            r = subprocess.run(["bash", "-c", c + " 2>&1"], cwd=work, env=env,
                               capture_output=True, text=True, timeout=120)
            got = [l for l in r.stdout.rstrip("\n").split("\n") if l != ""] if r.stdout.strip() else []
            wantl = [l for l in want if l != ""]
            status = 1 if any(": error:" in l for l in wantl) else 0
            outputs += r.stdout
            check(matches(wantl, got) and r.returncode == status,
                  "README line %d: $ %s (exit %d)" % (line, cmd, r.returncode),
                  "want exit %d and:\n%s\n--- got:\n%s" % (status, "\n".join(wantl), r.stdout))
        continue
    # anything else must not be an untried document or command
    first = body.lstrip("\n").split("\n", 1)[0]
    check(not (first == "---" and re.search(r"^loai:", body, re.M)),
          "README line %d: a phat document with no file= (so it is never built)" % line)
    check(not re.search(r"^(\$ )?(\./)?phat \w", body, re.M),
          "README line %d: a phat command outside a console block (so it is never run)" % line)

for name, line in seen_docs:
    check(name in outputs, "README line %d: the document %s is built or checked by an example" % (line, name))
check(len(seen_docs) >= 3, "the README has documents to try (%d)" % len(seen_docs))
shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failures else 0)
