#!/usr/bin/python3
"""Starting from nothing: phat new KIND [NAME] writes a document that builds
as it is (with a phat.yaml, and a CSV for a report), never over a file."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clerk import Folder, check, pdf_text, squash  # noqa: E402
import clerk  # noqa: E402

KINDS = ["cong-van", "bao-cao", "to-roi", "ap-phich", "loa"]

f = Folder()
for k in KINDS:
    st, out, err = f.run("new", k, cwd=f.dir)
    check(st == 0 and "phat: wrote %s.md" % k in out, "phat new %s writes %s.md" % (k, k), out + err)
check(os.path.exists(f.path("phat.yaml")),
      "a phat.yaml is written beside the first document")
csvs = os.listdir(f.path("so-lieu")) if os.path.isdir(f.path("so-lieu")) else []
check(len(csvs) == 1 and csvs[0].endswith(".csv"), "the report gets an example CSV of this month", csvs)
st, out, err = f.build()
check(st == 0 and "warning" not in err and "error" not in err, "every document written by phat new builds, without a warning", err)
made = sorted(os.listdir(f.out())) if os.path.isdir(f.out()) else []
for k in KINDS:
    check(any(m.startswith(k) and m.endswith(".pdf") for m in made) or (k == "loa" and "loa" in made),
          "%s: its PDF is there" % k, made)
t = squash(pdf_text(f.out("cong-van.pdf")))
check("Kính gửi:" in t and "Nơi nhận:" in t and "Lưu: VT, VP." in t, "the dispatch has the decree's parts", t[:400])
# never over a file; a name of one's own; an appendix
st, out, err = f.run("new", "cong-van", cwd=f.dir)
check(st == 2 and "cong-van.md is already there; phat new never writes over a file" in err,
      "a name already taken: exit 2, nothing written", err)
st, out, err = f.run("new", "cong-van", "thang-8/cv-tuyen-truyen", cwd=f.dir)
check(st == 0 and os.path.exists(f.path("thang-8/cv-tuyen-truyen.md")) and "phat.yaml" not in out,
      "phat new KIND NAME writes NAME.md, in a sub-folder too, and no second phat.yaml", out + err)
st, out, err = f.run("new", "phu-luc", "thang-8/phu-luc", cwd=f.dir)
check(st == 0 and "name it under \"phu_luc:\" in its dispatch" in out, "phat new phu-luc says how to attach it", out + err)
st, out, err = f.run("render", f.path("thang-8/phu-luc.md"), "-o", os.path.join(f.top, "pl.pdf"))
check(st == 0 and squash(pdf_text(os.path.join(f.top, "pl.pdf"))).startswith("Phụ lục HƯỚNG DẪN"),
      "… and it previews alone", err)
st, out, err = f.run("new", "cong-vn", cwd=f.dir)
check(st == 2 and "\"cong-vn\" is not a kind of document; phat new takes one of: cong-van, bao-cao" in err,
      "an unknown kind: exit 2, the kinds listed", err)
f.done()

sys.exit(1 if clerk.failures else 0)
