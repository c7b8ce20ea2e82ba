#!/usr/bin/python3
"""Rules clear of the text (issue 10, item 6): the rule under the Tiêu ngữ,
under a report's trích yếu and under an appendix's "(Kèm theo …)" sits about
2.5 mm below the lowest ink of the text above it (the decree's models
measure 2.6 mm; closer, a rule reads as underlining). The ink is found on
the page rendered at 1200 dpi, so the gap is what a ruler shows on paper."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import DISPATCH, MM, Folder, check, done, fitz, page_segments, page_shapes  # noqa: E402


def ink_bottom(page, x0, x1, y0, y1):
    """The lowest y (pt) with ink in the box, from a 1200 dpi rendering."""
    zoom = 1200 / 72.0
    pix = page.get_pixmap(matrix=fitz.Matrix(zoom, zoom), clip=fitz.Rect(x0, y0, x1, y1), colorspace=fitz.csGRAY)
    w, h, s = pix.width, pix.height, pix.samples
    for row in range(h - 1, -1, -1):
        line = s[row * w:(row + 1) * w]
        if min(line) < 128:
            return y0 + (row + 1) / zoom
    return None


def gap_under(page, seg):
    """(gap mm between seg's ink and the first rule under it, rule) or (None, None)."""
    rules = [r for r in page_shapes(page)[0] if r[2] > seg.base and r[0] < seg.cx < r[1]]
    if not rules:
        return None, None
    r = min(rules, key=lambda r: r[2])
    bottom = ink_bottom(page, seg.x0, seg.x1, seg.base - 2, r[2] - 0.5)
    return ((r[2] - 0.25) - bottom) / MM if bottom else None, r


f = Folder()
f.write("cong-van.md", DISPATCH.format(pl="phu_luc: phu-luc.md\n") + "Kèm theo Phụ lục./.\n")
f.write("phu-luc.md", "# Hướng dẫn đăng ký\n\nNội dung.\n")
f.write("so-lieu/2025-07.csv", "xom;dan_so_truong_thanh;vnpt_smartca\nĐồng Cả;1.169;289\nCầu Gỗ;640;100\n")
f.write("bao-cao.md", "---\nloai: bao-cao\nso: 3\nky_hieu: BC-UBND\nngay: 05/8/2025\n"
        "trich_yeu: kết quả triển khai chữ ký số công cộng cho người dân trưởng thành tháng 7 năm 2025\n"
        "so_lieu: so-lieu/2025-07.csv\nnoi_nhan:\n  - UBND huyện\n  - Lưu: VT\n---\n\nBáo cáo kết quả./.\n")
st, err, pdf = f.render("cong-van.md")
if check(st == 0, "a dispatch with an appendix renders", err):
    d = fitz.open(pdf)
    segs = page_segments(d[0], 0)
    tn = [s for s in segs if s.text == "Độc lập - Tự do - Hạnh phúc"]
    g, r = gap_under(d[0], tn[0]) if tn else (None, None)
    check(g is not None and 2.2 <= g <= 2.8, "the Tiêu ngữ's rule is %.2f mm below its lowest ink (2.5 ± 0.3)"
          % (g or 0))
    check(r and abs((r[1] - r[0]) - tn[0].width) < 0.6, "... and exactly as long as the Tiêu ngữ")
    last = d[d.page_count - 1]
    kem = [s for s in page_segments(last, 0) if s.italic and s.text.endswith(")")]
    g, r = gap_under(last, kem[0]) if kem else (None, None)
    check(g is not None and 2.2 <= g <= 2.8, "the rule under the appendix's (Kèm theo …) is %.2f mm below its ink"
          % (g or 0))
st, err, pdf = f.render("bao-cao.md")
if check(st == 0, "a report renders", err):
    d = fitz.open(pdf)
    segs = page_segments(d[0], 0)
    ty = [s for s in segs if s.bold and "tháng 7 năm 2025" in s.text]
    g, r = gap_under(d[0], ty[-1]) if ty else (None, None)
    check(g is not None and 2.2 <= g <= 2.8, "the rule under the report's trích yếu is %.2f mm below its lowest ink"
          % (g or 0), [s.text for s in ty])
f.done()
done()
