#!/usr/bin/python3
"""Tables in Markdown (issue 10, item 1), measured on the produced PDFs: a
dispatch whose appendix holds a two-page table typed as clerks type GFM
tables, a table too wide for the page, a table in a leaflet and its phone
copy, a loudspeaker script that reads a table row by row. Expected values
come from the Markdown written here and from the rules (header bold on
every page, numbers to the right, thin black rules), never from phat."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import (DISPATCH, MM, Folder, check, done, fitz, line_of, pdf_text,  # noqa: E402
                    squash)

NAMES = ["Đồng Cả", "Cầu Gỗ", "Soi Tre", "Thanh Lương", "Bãi Bằng", "Gò Đình", "Đá Mài",
         "Ao Sen", "Làng Chùa", "Đồng Trước", "Khuôn Ngàn", "Bờ Đậu"]
ROWS = []
for i in range(46):
    name = "Xóm " + NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else " " + str(i // len(NAMES) + 1))
    adults = 300 + (i * 397) % 1500
    signed = adults * (20 + (i * 7) % 45) // 100
    if i == 4:
        signed = adults          # 100,0 %: rates of different widths
    if i == 9:
        signed = adults // 20    # 5,0 %
    ROWS.append((str(i + 1), name, adults, signed))


def vn(n):
    """1169 -> "1.169", as Vietnamese writes thousands."""
    return "{:,}".format(n).replace(",", ".")


def rate(a, s):
    return ("%.1f" % (100.0 * s / a)).replace(".", ",")


# As typed: outer pipes on most rows but not all, ragged spacing, the
# numbers' columns right-aligned by colons, the rate column with no colon
# (numbers go right by themselves), STT centred.
lines = ["| STT | Thôn, xóm | Dân số trưởng thành | Đã có chữ ký số | Tỷ lệ (%) |",
         "|:---:|-----------|--------------------:|----------------:|-------|"]
for k, (stt, name, a, s) in enumerate(ROWS):
    row = "%s | %s | %s | %s | %s" % (stt, name, vn(a), vn(s), rate(a, s))
    lines.append(row if k % 5 == 3 else "| " + row + " |")
TABLE = "\n".join(lines) + "\n"
APPENDIX = ("# Kết quả đăng ký theo thôn, xóm\n\nSố liệu đến hết tháng 7 năm 2025:\n\n" + TABLE +
            "\nCác thôn, xóm còn thấp tiếp tục tuyên truyền./.\n")

f = Folder()
f.write("cong-van.md", DISPATCH.format(pl="phu_luc: phu-luc.md\n") +
        "Ủy ban nhân dân xã gửi kết quả đăng ký tại Phụ lục kèm theo./.\n")
f.write("phu-luc.md", APPENDIX)
st, err, pdf = f.render("cong-van.md")
check(st == 0 and "warning" not in err, "a dispatch whose appendix holds a 46-row table renders cleanly", err)


def thin_edges(page):
    """Upright rules of the grid: x of each thin filled rectangle taller than 5 pt."""
    xs = []
    for d in page.get_drawings():
        for it in d["items"]:
            if it[0] == "re":
                r = it[1]
                if r.width <= 1.0 and r.height > 5:
                    xs.append(((r.x0 + r.x1) / 2, r.y0, r.y1, d.get("fill")))
    return xs


def h_rules(page):
    out = []
    for d in page.get_drawings():
        for it in d["items"]:
            if it[0] == "l" and abs(it[1].y - it[2].y) < 0.1:
                out.append((min(it[1].x, it[2].x), max(it[1].x, it[2].x), it[1].y, d.get("width"),
                            d.get("color")))
    return out


def cells(page, edges, top, bottom):
    """Text lines of the table (between top and bottom) split at the column
    edges: a list of rows, each {col: (text, x0, x1, bold)}, top to bottom,
    by baseline."""
    rows = {}
    for b in page.get_text("rawdict")["blocks"]:
        for ln in b.get("lines", []):
            for sp in ln["spans"]:
                bold = "bold" in sp["font"].lower()
                for ch in sp["chars"]:
                    x = (ch["bbox"][0] + ch["bbox"][2]) / 2
                    if x < edges[0] or x > edges[-1] or not top < ch["origin"][1] < bottom:
                        continue
                    col = max(i for i in range(len(edges) - 1) if x >= edges[i])
                    y = round(ch["origin"][1], 1)
                    rows.setdefault(y, {}).setdefault(col, []).append((ch, bold))
    out = []
    for y in sorted(rows):
        r = {}
        for col, chs in rows[y].items():
            chs.sort(key=lambda c: c[0]["bbox"][0])
            ink = [c for c in chs if c[0]["c"].strip()]
            if not ink:
                continue
            r[col] = ("".join(c[0]["c"] for c in chs).strip(), ink[0][0]["bbox"][0], ink[-1][0]["bbox"][2],
                      all(c[1] for c in ink))
        if r:
            out.append((y, r))
    return out


if st == 0:
    doc = fitz.open(pdf)
    text = squash(pdf_text(pdf))
    check("|" not in text and "---" not in text, "no '|' or '---' of the Markdown reaches the page",
          [m.start() for m in re.finditer(r"\|", text)][:5])
    # the appendix's pages are those after the dispatch's: find them by the title
    pages = [p for p in range(doc.page_count) if "KẾT QUẢ ĐĂNG KÝ THEO THÔN" in doc[p].get_text()]
    first = pages[0] if pages else doc.page_count - 2
    tpages = [p for p in range(first, doc.page_count) if len(thin_edges(doc[p])) > 20]
    check(len(tpages) == 2, "the table runs onto a second page (pages %s)" % tpages, tpages)
    seen = []
    col_edges = None
    for p in tpages:
        page = doc[p]
        es = thin_edges(page)
        xs = sorted({round(e[0], 1) for e in es})
        check(len(xs) == 6, "page %d: six upright rules, the edges of five columns" % (p + 1), xs)
        check(all(e[3] and max(e[3]) < 0.01 for e in es), "page %d: the grid is black" % (p + 1),
              {e[3] for e in es})
        if col_edges is None:
            col_edges = xs
        check(xs == col_edges, "page %d: the columns stand where they stood on the first page" % (p + 1),
              (xs, col_edges))
        rows = cells(page, xs, min(e[1] for e in es), max(e[2] for e in es))
        # the header is the first line(s) of the table on every page, bold
        head = " ".join(r[1][c][0] for r in rows[:3] for c in sorted(r[1]) if r[1][c][3])
        check("STT" in head and "Thôn, xóm" in head and "chữ ký số" in head,
              "page %d: the header row heads the table, bold" % (p + 1), head)
        hy = [y for y, r in rows if any("STT" == r[c][0] for c in r)]
        body = [(y, r) for y, r in rows if 0 in r and r[0][0].isdigit()]
        check(hy and body and hy[0] < body[0][0], "page %d: the header is above the page's first row" % (p + 1))
        check(all(not r[c][3] for y, r in body for c in r), "page %d: the rows are not bold" % (p + 1))
        for y, r in body:
            seen.append(r)
        # the rules: one under the header and under each row, as wide as the table, thin
        hr = [h for h in h_rules(page) if abs(h[0] - xs[0]) < 1 and abs(h[1] - xs[-1]) < 1]
        check(len(hr) >= len(body) + 2, "page %d: a rule over the header and under every row (%d rules, %d rows)"
              % (p + 1, len(hr), len(body)))
        check(all(h[3] <= 0.6 and max(h[4] or (0,)) < 0.01 for h in hr), "page %d: the rules are thin and black"
              % (p + 1), {(h[3], h[4]) for h in hr})
    stts = [r[0][0] for r in seen]
    check(stts == [r[0] for r in ROWS], "every row is printed once, in order, across the two pages",
          stts[:5] + ["…"] + stts[-5:])
    if col_edges and len(seen) == len(ROWS):
        pad_l = [r[1][1] - col_edges[1] for r in seen]
        check(max(pad_l) - min(pad_l) < 0.3, "the names start at one left edge (left-aligned)",
              (min(pad_l), max(pad_l)))
        for c, what in ((2, "adults (--:)"), (3, "signatures (--:)"), (4, "rate (no colon: a number)")):
            ends = [col_edges[c + 1] - r[c][2] for r in seen]
            starts = [r[c][1] for r in seen]
            check(max(ends) - min(ends) < 0.3 and 0 < min(ends) < 10 and max(starts) - min(starts) > 2,
                  "the %s column is right-aligned: every number ends %.1f pt inside its column" % (what, min(ends)),
                  (min(ends), max(ends)))
        mids = [(r[0][1] + r[0][2]) / 2 - (col_edges[0] + col_edges[1]) / 2 for r in seen]
        check(max(abs(m) for m in mids) < 0.3, "STT (:-:) is centred in its column")
        expect = [(stt, name, vn(a), vn(s), rate(a, s)) for stt, name, a, s in ROWS]
        got = [tuple(r[c][0] for c in range(5)) for r in seen]
        check(got == expect, "each cell holds what the Markdown put there",
              [(g, e) for g, e in zip(got, expect) if g != e][:3])
f.done()

# ---- a table too wide for the page: refused at its line with the mm missing ----
f = Folder()
words = ["Chữkýsốcôngcộng%d" % i for i in range(14)]
wide = "| " + " | ".join(words) + " |\n|" + "---|" * 14 + "\n| " + " | ".join("x" * 3 for _ in words) + " |\n"
body = "Bảng rộng:\n\n" + wide
f.write("rong.md", DISPATCH.format(pl="") + body)
st, err, pdf = f.render("rong.md")
src = open(f.path("rong.md"), encoding="utf-8").read()
tline = line_of(src, "Chữkýsốcôngcộng0")
# the narrowest the table can be at the 10 pt floor: each header word, bold,
# plus 3.5 pt of padding each side (0.35 em), measured with the font itself
font = fitz.Font(fontfile=os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "fonts", "LiberationSerif-Bold.ttf"))
need = sum(font.text_length(w, fontsize=10) + 7 for w in words)
missing = (need - 165 * MM) / MM
m = re.search(r":(\d+):\d+: error: this table is (\d+) mm too wide for the page even with 10\.0 pt text", err)
check(st == 1 and m and int(m.group(1)) == tline, "a table too wide: exit 1 at the table's line %d" % tline, err)
check(m and abs(int(m.group(2)) - missing) <= 1, "... saying the %.0f mm it lacks at the 10 pt floor" % missing,
      err)
check(not os.path.exists(pdf), "... and no PDF is written")
f.done()

# ---- a table in a leaflet and on the phone copy ----
f = Folder()
f.write("to-roi.md", "---\nloai: to-roi\ndien_thoai: true\n---\n\n# Chi phí\n\n"
        "| Gói | Giá |\n|---|---|\n| SmartCA cá nhân PS0 | 0 đồng |\n| Viettel MySign | 0 đồng |\n"
        "\n---\n\nMặt 2.\n\n---\n\nMặt 3.\n\n---\n\nMặt 4.\n\n---\n\nMặt 5.\n\n---\n\nMặt 6.\n")
st, err, pdf = f.render("to-roi.md")
check(st == 0, "a leaflet with a table renders", err)
if st == 0:
    for path in (pdf, pdf.replace(".pdf", "-dien-thoai.pdf")):
        t = squash(pdf_text(path))
        d = fitz.open(path)
        grid = sum(len(thin_edges(p)) for p in d)
        check("SmartCA cá nhân PS0" in t and "0 đồng" in t and "|" not in t and grid >= 6,
              "%s: the table is drawn as a table, no pipes" % os.path.basename(path), t[:300])
f.done()

# ---- a loudspeaker script reads a table row by row ----
f = Folder()
f.write("loa.md", "---\nloai: loa\n---\n\n# Kết quả\n\nSố người đã đăng ký:\n\n"
        "| Thôn | Số người |\n|---|---:|\n| Thôn 3 | 640 |\n| Thôn 7 | 1.169 |\n\n"
        "| Xóm | Số người | Tỷ lệ |\n|---|---|---|\n| Đồng Cả | 1.169 | 36,4 % |\n| Cầu Gỗ | | 12 % |\n")
st, err, pdf = f.render("loa.md")
txt = os.path.join(os.path.dirname(pdf), "loa.txt")
if check(st == 0 and os.path.exists(txt), "a script with tables renders", err):
    t = open(txt, encoding="utf-8").read().split("\n\n")
    t = [squash(x) for x in t]
    check("Thôn ba: số người sáu trăm bốn mươi." in t,
          "a two-column row's figure is named by its header: 'Thôn ba: số người sáu trăm bốn mươi.'", t)
    check("Thôn bảy: số người một nghìn một trăm sáu mươi chín." in t, "... and the next row on its own", t)
    check("Đồng Cả: số người một nghìn một trăm sáu mươi chín, tỷ lệ ba mươi sáu phẩy bốn phần trăm." in t,
          "with more columns each figure is named by its header", t)
    check("Cầu Gỗ: tỷ lệ mười hai phần trăm." in t, "an empty cell is not read", t)
    check(not any("|" in x or "Số người |" in x for x in t) and not any(x.startswith("Thôn Số") for x in t),
          "no pipes and no header row are read out", t)
f.done()
done()
