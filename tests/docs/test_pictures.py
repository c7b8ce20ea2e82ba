#!/usr/bin/python3
"""Guides with phone screenshots (issue 10, item 7), measured on the PDFs:
a paragraph holding only pictures sets them side by side (three phone
screens across the appendix's page, one height, a caption under each),
wrapping to more rows when they would be too narrow to read; a table cell
holds a picture (the seed's Phụ lục II: the step on the left, its screen on
the right); a screenshot too tall to be printed readable is named in a
warning. The screenshots are 1080 × 2400 PNGs made here as Android saves
them (no resolution written); "readable" is the issue's: a phone screen's
text is about 1/27 of its width, 1.4 mm on paper needs 38 mm."""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import (DISPATCH, MM, Folder, check, done, fitz, line_of, placed_images,  # noqa: E402
                    screenshot)

LEFT, TEXT_W = 30 * MM, (210 - 30 - 15) * MM     # Nghị định 30's margins: 30 mm left, 15 mm right
READABLE = 38 * MM
SCREEN = 1080 / 2400
COLOURS = [(200, 40, 40), (40, 160, 40), (40, 40, 200), (200, 160, 0), (120, 40, 160)]


def captions_under(page, rect):
    """The text of the italic lines just under rect (within 30 pt) whose
    middle is over it: a caption is set in italics."""
    out = []
    for b in page.get_text("dict")["blocks"]:
        for ln in b.get("lines", []):
            r = fitz.Rect(ln["bbox"])
            italic = all("italic" in s["font"].lower() for s in ln["spans"] if s["text"].strip())
            if italic and rect.y1 - 1 < r.y0 < rect.y1 + 30 and rect.x0 - 1 < (r.x0 + r.x1) / 2 < rect.x1 + 1:
                out.append("".join(s["text"] for s in ln["spans"]).strip())
    return " ".join(out)


def row_of(imgs):
    """imgs grouped into rows (same page, same top)."""
    rows = []
    for pno, r in imgs:
        if rows and rows[-1][0][0] == pno and abs(rows[-1][0][1].y0 - r.y0) < 1:
            rows[-1].append((pno, r))
        else:
            rows.append([(pno, r)])
    return rows


# ---- a dispatch whose appendix shows three screens in a row, then the step table ----
f = Folder()
for i in range(5):
    screenshot(f.path("anh/buoc-%d.png" % (i + 1)), colour=COLOURS[i])
STEPS = ["Mở ứng dụng VNeID, đăng nhập bằng tài khoản định danh điện tử mức 2.",
         "Chọn mục Ví giấy tờ, rồi chọn Đăng ký chữ ký số.",
         "Chọn nhà cung cấp VNPT SmartCA hoặc Viettel MySign và làm theo hướng dẫn."]
CAPS = ["Bước 1: Mở VNeID", "Bước 2: Chọn Ký số", "Bước 3: Chọn VNPT SmartCA"]
ROW = " ".join("![%s](anh/buoc-%d.png)" % (c, i + 1) for i, c in enumerate(CAPS))
TABLE = "| Các bước | Màn hình |\n|---|:---:|\n" + "".join(
    "| **Bước %d.** %s | ![](anh/buoc-%d.png) |\n" % (i + 1, s, i + 1) for i, s in enumerate(STEPS))
f.write("cong-van.md", DISPATCH.format(pl="phu_luc: phu-luc.md\n") +
        "Ủy ban nhân dân xã gửi hướng dẫn đăng ký tại Phụ lục kèm theo./.\n")
f.write("phu-luc.md", "# Hướng dẫn đăng ký chữ ký số trên VNeID\n\nBa bước trên điện thoại:\n\n" + ROW +
        "\n\nCác bước cụ thể:\n\n" + TABLE)
st, err, pdf = f.render("cong-van.md")
check(st == 0 and "warning" not in err, "an appendix with a row of three screenshots and a step table renders, "
      "no warning", err)
if st == 0:
    doc = fitz.open(pdf)
    imgs = placed_images(pdf)
    check(len(imgs) == 6, "six pictures placed: three in the row, three in the table", imgs)
    row = imgs[:3]
    if len(row) == 3:
        rs = [r for _, r in row]
        check(len({p for p, _ in row}) == 1, "the three screens are on one page")
        check(max(r.height for r in rs) - min(r.height for r in rs) < 0.5 and
              max(r.y0 for r in rs) - min(r.y0 for r in rs) < 0.5,
              "... side by side, one height (%.1f mm), tops level" % (rs[0].height / MM), rs)
        check(rs[0].x1 < rs[1].x0 and rs[1].x1 < rs[2].x0, "... left to right as written, apart")
        check(rs[0].x0 >= LEFT - 0.5 and rs[2].x1 <= LEFT + TEXT_W + 0.5,
              "... within the text's 165 mm (%.1f to %.1f mm)" % (rs[0].x0 / MM, rs[2].x1 / MM))
        check(all(abs(r.width / r.height - SCREEN) < 0.01 for r in rs), "... not stretched (1080:2400)",
              [r.width / r.height for r in rs])
        check(all(r.width >= READABLE - 0.5 for r in rs), "... each at least 38 mm wide, readable (%.1f mm)"
              % (rs[0].width / MM))
        page = doc[row[0][0]]
        got = [captions_under(page, r) for r in rs]
        check(got == CAPS, "each caption under its own screen", got)
        check(all(abs(sum(fitz.Rect(l["bbox"]).x0 + fitz.Rect(l["bbox"]).x1 for l in [ln]) / 2 - (r.x0 + r.x1) / 2)
                  < 1.5 for r in rs for b in page.get_text("dict")["blocks"] for ln in b.get("lines", [])
                  if r.y1 < ln["bbox"][1] < r.y1 + 14 and r.x0 < (ln["bbox"][0] + ln["bbox"][2]) / 2 < r.x1),
              "... centred under it")
    tab = imgs[3:]
    for k, (pno, r) in enumerate(tab):
        page = doc[pno]
        words = page.search_for("Bước %d." % (k + 1))
        ok = [w for w in words if w.x1 < r.x0 and r.y0 - 2 <= w.y0 <= r.y1]
        check(ok, "step %d: its text left of its screenshot, in the same row" % (k + 1), (words, r))
        check(r.width >= READABLE - 0.5 and r.x1 <= LEFT + TEXT_W + 0.5,
              "step %d: the screenshot %.1f mm wide (readable), inside the page's text" % (k + 1, r.width / MM))
        check(r.height <= 180 * MM, "step %d: no taller than a page's text (%.0f mm)" % (k + 1, r.height / MM))
        # the grid: an upright rule between the step and its screen
        rules = [it[1] for d in page.get_drawings() for it in d["items"] if it[0] == "re" and it[1].width <= 1
                 and it[1].height > 5 and it[1].y0 <= r.y0 and it[1].y1 >= r.y1]
        check(any((ok[0].x1 if ok else 0) < q.x0 < r.x0 for q in rules),
              "step %d: a rule of the table between the text and the screen" % (k + 1))
f.done()

# ---- five screens: too narrow five across (165 / 5 = 33 mm), so rows of three and two ----
f = Folder()
for i in range(5):
    screenshot(f.path("anh/b%d.png" % (i + 1)), colour=COLOURS[i])
f.write("huong-dan.md", DISPATCH.format(pl="") + "Năm bước:\n\n" +
        "\n".join("![Bước %d](anh/b%d.png)" % (i + 1, i + 1) for i in range(5)) + "\n\nĐề nghị các thôn thực hiện./.\n")
st, err, pdf = f.render("huong-dan.md")
check(st == 0 and "warning" not in err, "five screenshots in one paragraph render, no warning", err)
if st == 0:
    rows = row_of(placed_images(pdf))
    sizes = [len(r) for r in rows]
    check(sum(sizes) == 5 and len(rows) >= 2 and max(sizes) <= 4, "they wrap to rows (%s)" % sizes, sizes)
    check(all(r.width >= READABLE - 0.5 for row in rows for _, r in row),
          "every screen readable, at least 38 mm wide", [round(r.width / MM, 1) for row in rows for _, r in row])
    check(all(max(r.height for _, r in row) - min(r.height for _, r in row) < 0.5 for row in rows),
          "each row one height")
    order = [r for row in rows for _, r in row]
    doc = fitz.open(pdf)
    caps = [captions_under(doc[row[0][0]], r) for row in rows for _, r in row]
    check(caps == ["Bước %d" % (i + 1) for i in range(5)], "in the order written, each with its caption", caps)
f.done()

# ---- a screen and a QR code in a row: the code at its own size, and it scans ----
f = Folder()
screenshot(f.path("anh/zalo.png"), colour=(0, 104, 255))
f.write("qr.md", DISPATCH.format(pl="") + "Vào nhóm Zalo của xã:\n\n"
        "![Màn hình nhóm Zalo](anh/zalo.png) ![Quét mã để vào nhóm](qr:https://zalo.me/g/ha-chau-vneid)\n\n"
        "Đề nghị các thôn phổ biến./.\n")
st, err, pdf = f.render("qr.md")
check(st == 0 and "warning" not in err, "a screenshot and a QR code in one paragraph render", err)
if st == 0:
    subprocess.run(["pdftoppm", "-png", "-r", "150", pdf, f.path("z")], check=True)
    r = subprocess.run(["zbarimg", "-q", "--raw"] + [f.path(n) for n in sorted(os.listdir(f.dir))
                                                      if n.startswith("z") and n.endswith(".png")],
                       capture_output=True, text=True)
    check(r.stdout.strip() == "https://zalo.me/g/ha-chau-vneid", "the QR code beside the screen decodes", r.stdout)
    doc = fitz.open(pdf)
    im = placed_images(pdf)
    words = [w for p in doc for w in p.search_for("Quét mã để vào nhóm")]
    if check(len(im) == 1 and words, "the screenshot and the code's caption are printed"):
        scr, cap = im[0][1], words[0]
        check(cap.x0 > scr.x1 and abs(cap.y0 - (scr.y1 + 4)) < 8,
              "the code's caption beside the screen's, under the code, on one line with it", (scr, cap))
f.done()

# ---- a scrolling screenshot (1080 × 4800) cannot be printed readable: named ----
f = Folder()
screenshot(f.path("anh/cuon-trang.png"), 1080, 4800)
screenshot(f.path("anh/man-hinh.png"))
md = (DISPATCH.format(pl="") + "Toàn bộ trang đăng ký:\n\n![Trang đăng ký](anh/cuon-trang.png)\n\n"
      "Trong bảng:\n\n| Bước | Màn hình |\n|---|---|\n| Kéo xuống cuối trang. | ![](anh/cuon-trang.png) |\n\n"
      "Màn hình thường:\n\n![Màn hình](anh/man-hinh.png)\n\nĐề nghị thực hiện./.\n")
f.write("dai.md", md)
st, err, pdf = f.render("dai.md")
first, cell = line_of(md, "![Trang đăng ký]"), line_of(md, "| Kéo xuống")
# 110 mm high at most (a picture of the dispatch), so 4800 px tall is 24.75 mm wide
warns = re.findall(r"dai\.md:(\d+):\d+: warning: the picture \"anh/cuon-trang\.png\" is printed (\d+) mm wide, "
                   r"too small to read \(it needs 38 mm\)", err)
check(st == 0, "a too-tall screenshot still prints (exit 0)", err)
check(sorted(int(w[0]) for w in warns) == sorted([first, cell]),
      "a warning names it at its lines %d and %d, alone and in the table cell" % (first, cell), err)
check(all(abs(int(w[1]) - 110 * 1080 / 4800) <= 1 for w in warns), "... with the width it is printed at (25 mm)",
      warns)
check("man-hinh.png" not in err and err.count("warning") == 2, "the ordinary 1080 × 2400 screen: no warning", err)
f.done()

done()
