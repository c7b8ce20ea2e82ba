#!/usr/bin/python3
"""Loudspeaker scripts (loai: loa): the .txt is the text as read aloud (the
expected readings below are written by hand from the rules), the PDF is
16 pt or larger with 1.5 line spacing and reading times, one script per
hamlet with its own figures (computed here from the CSV), and bad input is
refused at its position."""
import os
import re
import subprocess
import sys
import tempfile

import fitz

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHAT = os.environ.get("PHAT", "./phat")
if not os.path.isabs(PHAT):
    PHAT = os.path.join(ROOT, PHAT)
failures = 0


def check(cond, what, detail=""):
    global failures
    print(("ok - " if cond else "not ok - ") + what + ("" if cond or detail == "" else ": " + str(detail)))
    if not cond:
        failures += 1


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def render(src, out):
    return subprocess.run([PHAT, "render", src, "-o", out], capture_output=True, text=True)


with tempfile.TemporaryDirectory() as tmp:
    write(os.path.join(tmp, "tu-dien-loa.txt"), "UBND = ủy ban nhân dân\nCCCD = căn cước công dân\n"
          "(mã QR) = mã dán ở nhà văn hóa\n")
    # 30 syllables in the second paragraph: 10 seconds at 180 a minute
    thirty = " ".join(["một"] * 30)
    write(os.path.join(tmp, "s.md"), "---\nloai: loa\n---\n\n# Thông báo của UBND xã\n\n"
          "Ngày 15/01/2025 lúc 14h30, 50% người dân mang CCCD đến nhà văn hóa.\n\n" + thirty + "\n\n"
          "![Zalo](qr:https://zalo.me/g/abc)\n")
    r = render(os.path.join(tmp, "s.md"), os.path.join(tmp, "s.pdf"))
    txt_path = os.path.join(tmp, "loa", "s.txt")
    pdf_path = os.path.join(tmp, "loa", "s.pdf")
    check(r.returncode == 0 and os.path.exists(txt_path) and os.path.exists(pdf_path),
          "a script writes loa/NAME.txt and loa/NAME.pdf", r.stderr)
    if os.path.exists(txt_path):
        want = ("Thông báo của ủy ban nhân dân xã\n\n"
                "Ngày mười lăm tháng một năm hai nghìn không trăm hai mươi lăm lúc mười bốn giờ ba mươi phút, "
                "năm mươi phần trăm người dân mang căn cước công dân đến nhà văn hóa.\n\n"
                + thirty + "\n\n"
                "Quét mã dán ở nhà văn hóa.\n")
        got = open(txt_path, encoding="utf-8").read()
        check(got == want, "the .txt says dates, times, %, abbreviations and QR codes as they are read", repr(got))
    if os.path.exists(pdf_path):
        doc = fitz.open(pdf_path)
        spans = [s for p in doc for b in p.get_text("dict")["blocks"] for l in b.get("lines", []) for s in l["spans"]
                 if s["text"].strip()]
        check(min(s["size"] for s in spans) >= 16 - 0.01, "the PDF is in 16 pt or larger")
        check(abs(doc[0].rect.width - 595.3) < 1, "the PDF is A4")
        body = [s for s in spans if s["text"].startswith("một một")]
        lines = sorted({round(s["origin"][1], 1) for s in spans if "một" in s["text"] and not s["text"].startswith("(")})
        gaps = [b - a for a, b in zip(lines, lines[1:]) if b - a < 30]
        check(gaps and all(abs(g - 24) < 0.6 for g in gaps), "line spacing is 1.5 lines (24 pt at 16 pt)", gaps)
        text = " ".join(p.get_text() for p in doc)
        check("(10 giây)" in text, "30 syllables at 180 a minute: 10 seconds")
        # total: every paragraph's syllables / 3 seconds, summed here
        syll = sum(len(p.split()) for p in open(txt_path, encoding="utf-8").read().split("\n\n"))
        total = round(syll * 60 / 180)
        want_total = "%d giây" % total if total < 60 else "%d phút %d giây" % (total // 60, total % 60)
        check("khoảng " + want_total in " ".join(text.split()), "the total reading time at the top", want_total)

    # one script per hamlet, each with its own figures
    write(os.path.join(tmp, "x.csv"), "xom,dan_so_truong_thanh,vnpt_smartca,viettel_mysign,khac\n"
          "Đồng Cả,400,100,60,0\nNa Chặng,300,140,20,5\n")
    write(os.path.join(tmp, "h.md"), "---\nloai: loa\nso_lieu: x.csv\nmoi_xom: true\n---\n\n"
          "Xóm {{xom.ten}} đạt {{xom.ty_le}}%, còn thiếu {{xom.con_thieu}} người.\n")
    r = render(os.path.join(tmp, "h.md"), os.path.join(tmp, "h.pdf"))
    made = sorted(os.listdir(os.path.join(tmp, "loa")))
    check(r.returncode == 0 and {"h-xom-dong-ca.txt", "h-xom-na-chang.txt", "h-xom-dong-ca.pdf",
                                 "h-xom-na-chang.pdf"} <= set(made), "one script per hamlet", made)
    for slug, want in (("dong-ca", "Xóm Đồng Cả đạt bốn mươi phần trăm, còn thiếu bốn mươi người."),
                       ("na-chang", "Xóm Na Chặng đạt năm mươi lăm phần trăm, còn thiếu không người.")):
        p = os.path.join(tmp, "loa", "h-xom-%s.txt" % slug)
        got = open(p, encoding="utf-8").read().strip() if os.path.exists(p) else ""
        check(got == want, "the script of %s carries its own figures" % slug, got)

    # bad input, at its position
    write(os.path.join(tmp, "b1.md"), "---\nloai: loa\n---\n\nSố tiền 1.000.000.000.000 đồng.\n")
    r = render(os.path.join(tmp, "b1.md"), os.path.join(tmp, "b1.pdf"))
    check(r.returncode == 1 and "b1.md:5:" in r.stderr and "too large" in r.stderr,
          "a number too large to read: exit 1 at its line", r.stderr)
    write(os.path.join(tmp, "b2.md"), "---\nloai: loa\nso_lieu: x.csv\n---\n\nĐạt {{tong.ty_lee}}.\n")
    r = render(os.path.join(tmp, "b2.md"), os.path.join(tmp, "b2.pdf"))
    check(r.returncode == 1 and "b2.md:6:5:" in r.stderr and "{{tong.ty_le}}" in r.stderr,
          "an unknown figure: exit 1 at its line and column, naming the nearest", r.stderr)
    write(os.path.join(tmp, "sai.txt"), "UBND = ủy ban nhân dân\nCCCD căn cước\n")
    write(os.path.join(tmp, "b3.md"), "---\nloai: loa\ntu_dien: sai.txt\n---\n\nChữ.\n")
    r = render(os.path.join(tmp, "b3.md"), os.path.join(tmp, "b3.pdf"))
    check(r.returncode == 1 and "sai.txt:2:" in r.stderr and "=" in r.stderr,
          "a lexicon line without '=': exit 1 at its line in the lexicon", r.stderr)
    check(not os.path.exists(os.path.join(tmp, "loa", "b3.txt")), "nothing is written for a broken script")
sys.exit(1 if failures else 0)
