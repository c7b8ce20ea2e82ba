#!/usr/bin/python3
"""Text typed as Word and Zalo taught clerks, found by new users trying
phat with their own content: one paragraph a line, the decree's lettered
points "a)", "b)" typed as such (at the margin or a few spaces in), a
paragraph indented with four spaces, and a leaflet whose table fits only at
the smaller text sizes. Each is measured on the PDF: where each line starts
and what it says."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clerk import Folder, check, pdf_text, squash  # noqa: E402
import clerk  # noqa: E402
import fitz  # noqa: E402

MM = 72 / 25.4


def lines_of(pdf):
    """Each printed line of every page: (page, x of its first word, y, text)."""
    out = []
    with fitz.open(pdf) as doc:
        for pno, page in enumerate(doc):
            rows = {}
            for w in page.get_text("words"):
                key = (w[5], w[6])   # block, line
                rows.setdefault(key, []).append(w)
            for ws in rows.values():
                ws.sort(key=lambda w: w[0])
                out.append((pno, ws[0][0], ws[0][3], " ".join(w[4] for w in ws)))
    out.sort(key=lambda r: (r[0], r[2]))
    return out


def starting(lines, prefix):
    for r in lines:
        if r[3].startswith(prefix):
            return r
    return None


BODY = """Ủy ban nhân dân xã đề nghị Bưu điện xã thực hiện các nội dung sau:
1. Phối hợp với Trưởng các bản rà soát danh sách người hưởng.
a) Rà soát danh sách theo từng bản;
b) Phối hợp tổ chức các điểm mở tài khoản:
   - Tại nhà văn hóa bản;
     + Ưu tiên hộ nghèo, cận nghèo;
c) Báo cáo kết quả hằng tuần.
2. Tổ chức mở tài khoản tại các bản.
Đề nghị Bưu điện xã quan tâm, phối hợp thực hiện.

    Đoạn này được thụt vào bốn dấu cách, có **chữ đậm** ở giữa.

Các việc khác giao Văn phòng:
a) Theo dõi tiến độ;
b) Tổng hợp báo cáo.
Trân trọng./.
"""

f = Folder()
f.write("phat.yaml", clerk.PHAT_YAML)
f.write("cv.md", clerk.DISPATCH.replace("Ủy ban nhân dân xã đề nghị các thôn tuyên truyền.\n", BODY))
st, out, err = f.build()
pdf = f.out("cv.pdf")
check(st == 0 and os.path.exists(pdf), "a dispatch typed as in Word builds", err)
ls = lines_of(pdf) if os.path.exists(pdf) else []
text = squash(pdf_text(pdf)) if os.path.exists(pdf) else ""
left = 30 * MM   # the decree's left margin

one = starting(ls, "1. Phối hợp")
a = starting(ls, "a) Rà soát")
b = starting(ls, "b) Phối hợp")
dash = starting(ls, "- Tại nhà")
plus = starting(ls, "+ Ưu tiên")
c = starting(ls, "c) Báo cáo")
two = starting(ls, "2. Tổ chức")
check(all([one, a, b, dash, plus, c, two]),
      "each of 1., a), b), -, +, c), 2. starts its own line", [r[3][:40] for r in ls[:30]])
if all([one, a, b, dash, plus, c, two]):
    check(a[1] > one[1] + 3 * MM and abs(b[1] - a[1]) < 1 and abs(c[1] - a[1]) < 1,
          "the lettered points typed at the margin stand one level in under their number", (one[1], a[1], b[1], c[1]))
    check(dash[1] > b[1] + 3 * MM and plus[1] > dash[1] + 3 * MM,
          "'-' typed three spaces in is under b), '+' under '-': each a level further in", (b[1], dash[1], plus[1]))
    check(abs(two[1] - one[1]) < 1, "2. is back at the level of 1.", (one[1], two[1]))
check(starting(ls, "Trân trọng./.") is not None,
      "a closing line typed under a list is not taken into its last item: it starts its own line",
      [r[3][:40] for r in ls])
after = starting(ls, "Đề nghị Bưu điện")
check(after is not None and one is not None and abs(after[1] - one[1]) < 1,
      "the sentence typed on the line after item 2 is a paragraph of its own at the paragraph indent",
      after)
joined = [r[3] for r in ls if sum(m in r[3] for m in ("người hưởng.", "a) Rà", "thực hiện.", "Đoạn này")) > 1]
check(not joined, "no two typed lines ran into one printed line", joined)
ind = starting(ls, "Đoạn này được thụt")
check(ind is not None and one is not None and abs(ind[1] - one[1]) < 1,
      "a paragraph indented with four spaces is printed as a paragraph at the paragraph indent, not as code", ind)
check("chữ đậm" in text and "**" not in text, "its **bold** is bold, not stars", text)
with fitz.open(pdf) as doc:
    fonts = set()
    for page in doc:
        for blk in page.get_text("dict")["blocks"]:
            for ln in blk.get("lines", []):
                for sp in ln["spans"]:
                    if "chữ đậm" in sp["text"]:
                        fonts.add(sp["font"])
check(any("Bold" in x for x in fonts), "the words between ** are in the bold face", fonts)
a2 = starting(ls, "a) Theo dõi")
b2 = starting(ls, "b) Tổng hợp")
check(a2 is not None and b2 is not None and abs(a2[1] - b2[1]) < 1,
      "lettered points under a plain paragraph keep their letters a), b)", (a2, b2))
check(st == 0 and "error" not in err, "no error about any of it", err)
f.done()

# A leaflet whose four-column table fits its panel at 14 pt but not at the
# larger sizes phat tries to fill the panel: it builds, saying nothing.
LEAF = """---
loai: to-roi
---
# Lịch hỗ trợ

Miễn phí cho mọi người dân.

---

## Lịch

| Khu phố | Ngày | Giờ | Địa điểm |
|---|---|---|---|
| Khu phố 1 | 06/09/2025 | 7h30 | Chùa |

---

Hai

---

Ba

---

Bốn

---

Năm
"""
f = Folder()
f.write("phat.yaml", clerk.PHAT_YAML)
f.write("to-roi.md", LEAF)
for jobs in ("1", "2"):
    st, out, err = f.run("build", "-j", jobs, "-o", f.out(), f.dir)
    pdf = f.out("to-roi.pdf")
    check(st == 0 and os.path.exists(pdf), "-j %s: a leaflet whose table fits only at the smaller sizes builds" % jobs,
          (st, err))
    check("error" not in err and "was not built" not in err, "-j %s: and no error is said for the sizes tried" % jobs, err)
    t = squash(pdf_text(pdf)) if os.path.exists(pdf) else ""
    check("06/09/2025" in t and "Chùa" in t and "|" not in t, "-j %s: the table is printed as a table" % jobs, t[:300])
f.done()


# Mistakes a new user made, each answered with what was meant.
f = Folder()
f.write("phat.yaml", clerk.PHAT_YAML)
f.write("phu-luc/huong-dan.md", "---\nloai: phu-luc\n---\n# Hướng dẫn cài đặt\n\nCác bước.\n")
for typed in ("phu-luc/huong-dan-vneid.md", "phu-luc/huong-dan", "phu-luc/Huong-dan.MD"):
    f.write("cv.md", clerk.DISPATCH.replace("noi_nhan:", "phu_luc: %s\nnoi_nhan:" % typed))
    st, out, err = f.run("check", f.path("cv.md"))
    if typed.endswith(".MD"):
        check(st == 0, "an appendix typed with other capitals is found (with a warning)", err)
    else:
        check(st == 1 and 'did you mean "phu-luc/huong-dan.md"?' in err and "cv.md:" in err,
              "an appendix typed as %s: the file meant is named" % typed, err)
st, out, err = f.run("biuld", f.dir)
check(st == 2 and 'did you mean "phat build"?' in err, "a command typed 'biuld' is named as build", err)
st, out, err = f.run("render", f.path("CV.md"))
check(st == 2 and "did you mean" in err and "cv.md" in err, "a file typed with other capitals is named", err)
st, out, err = f.run("new", "công văn", "thu-nghiem", cwd=f.dir)
check(st == 0 and os.path.exists(f.path("thu-nghiem.md")) and "read as cong-van" in err,
      "phat new 'công văn' writes a công văn", (st, err))
st, out, err = f.run("render", "-v", "-o", f.out("cv.pdf"), f.path("cv.md"))
check(st == 0 and os.path.exists(f.out("cv.pdf")), "phat render takes -v as build does", err)
f.done()

# Pasted front matter: quotes inside quotes, a Tab, a space beside a no-break space.
f = Folder()
f.write("phat.yaml", clerk.PHAT_YAML)
doc = clerk.DISPATCH.replace("trich_yeu: tuyên truyền cài đặt VNeID mức độ 2",
                             'trich_yeu: "triển khai Kế hoạch số 45/KH-UBND "khẩn" về #VNeID"')
doc = doc.replace("kinh_gui: Trưởng các thôn", "kinh_gui:\n\t- Trưởng các thôn\n\t- Bí thư chi bộ")
doc = doc.replace("đề nghị các thôn tuyên truyền.", "đề nghị các thôn tuyên truyền, đạt \u00a054,6\u00a0%.")
f.write("cv.md", doc)
st, out, err = f.build()
t = squash(pdf_text(f.out("cv.pdf"))) if st == 0 else ""
check(st == 0 and 'Kế hoạch số 45/KH-UBND "khẩn" về #VNeID' in t,
      "a trích yếu in quotes holding quotes is printed whole", (err, t[:400]))
check("cv.md:8:1: warning:" in err and "Tab" in err and "- Trưởng các thôn;" in t and "- Bí thư chi bộ." in t,
      "Kính gửi items indented with a Tab are read, with a warning at the line", (err, t[:500]))
raw = pdf_text(f.out("cv.pdf")) if st == 0 else ""
check("đạt 54,6" in raw.replace("\u00a0", " ") and "đạt  54,6" not in raw.replace("\u00a0", " "),
      "a space beside a no-break space prints as one gap", raw[-300:])
f.done()


# A văn thư's first look: the text ends with "./."; a quote left open is
# named where it opens; a failed check says so once.
f = Folder()
f.write("phat.yaml", clerk.PHAT_YAML)
f.write("cv.md", clerk.DISPATCH.replace("tuyên truyền.\n", "tuyên truyền, vận động người dân.\n"))
st, out, err = f.run("check", f.path("cv.md"))
check(st == 0 and "cv.md:12:1: warning: the text of a dispatch ends with \"./.\"" in err,
      "a dispatch whose text lacks the closing './.' is pointed at its last paragraph", err)
f.write("cv.md", clerk.DISPATCH.replace("tuyên truyền.\n", "tuyên truyền./.\n\n![Zalo](qr:https://zalo.me/g/abc)\n"))
st, out, err = f.run("check", f.path("cv.md"))
check(st == 0 and "./." not in err, "'./.' before a closing QR code counts", err)
f.write("cv.md", clerk.DISPATCH.replace("trich_yeu: tuyên truyền", 'trich_yeu: "tuyên truyền'))
st, out, err = f.run("check", f.path("cv.md"))
check(st == 1 and "cv.md:6:12: error: YAML syntax: this quote is never closed" in err,
      "a quote left open is named at its line and column, not at the closing ---", err)
check(err.count("was not checked") == 1, "'was not checked' is said once", err)
# list items typed one space in, then two (the second read by YAML as more words of the first)
f.write("cv.md", clerk.DISPATCH.replace("  - Như trên\n", " - Như trên\n"))
st, out, err = f.run("check", f.path("cv.md"))
check(st == 1 and 'cv.md:10:3: error: YAML syntax: the "- " items of this list are not indented alike '
      '(line 9 has 1 space before "-", this line 2); give them the same' in err and "quotes" not in err,
      "items indented unalike are named as such, not as a ':' to quote", err)
f.done()

# An introduction before a table goes to the next page with it (a step
# table whose first row holds a tall phone screenshot).
f = Folder()
f.write("phat.yaml", clerk.PHAT_YAML)
f.write("anh/b1.png", clerk.png(108, 240, (40, 90, 160)))
rows = "".join("| Bước %d: mở ứng dụng và làm theo hướng dẫn trên màn hình. | ![](anh/b1.png) |\n" % i for i in (1, 2))
paras = ["Đoạn văn thứ %d của công văn, đủ dài để chiếm hơn một dòng trên trang giấy khổ A4 dọc của văn bản." % i
         for i in range(1, 40)]
seen = 0
for n in range(8, 30):
    f.write("cv.md", clerk.DISPATCH.replace("Ủy ban nhân dân xã đề nghị các thôn tuyên truyền.\n",
            "\n\n".join(paras[:n]) + "\n\nChi tiết từng bước:\n\n| Nội dung | Màn hình |\n|---|---|\n" + rows +
            "\nTrân trọng./.\n"))
    st, out, err = f.build()
    with fitz.open(f.out("cv.pdf")) as doc:
        pages = [p.get_text() for p in doc]
    pi = [i for i, t in enumerate(pages) if "Chi tiết từng bước" in t]
    pt = [i for i, t in enumerate(pages) if "Bước 1:" in t]
    if pi and pt and pi[0] == pt[0] and pi[0] > 0 and pages[pi[0]].lstrip().startswith(("2", "Chi tiết")):
        seen += 1   # the introduction opens a page: it was carried over
    if not (pi and pt and pi[0] == pt[0]):
        check(False, "with %d paragraphs before it, 'Chi tiết từng bước:' is on the page of the table's first row" % n,
              (pi, pt))
        break
else:
    check(seen > 0, "for 8 to 29 paragraphs before it, 'Chi tiết từng bước:' is always on the page of the "
          "table's first row (carried over %d times)" % seen)
f.done()
sys.exit(1 if clerk.failures else 0)
