#!/usr/bin/python3
"""Column widths as a reader wants them: a short cell ("Mường Lống 1",
"Khu phố 1") gets its one line when another column has room to give,
rather than every column taking a share in proportion to its longest text.
Two tables as two new users typed them: an appendix's schedule of five
columns and a leaflet's four-column table; each cell is found in the PDF
and the lines its words take are counted."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import DISPATCH, Folder, check, done, fitz  # noqa: E402


def cell_lines(pdf, phrase):
    """Lines the words of phrase take where they are printed: each next word
    is on the same line just right of the one before, or on the line under
    it in the same column. None when not found."""
    want = phrase.split()
    for pg in fitz.open(pdf):
        ws = pg.get_text("words")
        for s in [w for w in ws if w[4] == want[0]]:
            chain = [s]
            for t in want[1:]:
                p = chain[-1]
                h = p[3] - p[1]
                nxt = [w for w in ws if w[4] == t and (
                    (abs(w[3] - p[3]) < 1 and 0 <= w[0] - p[2] < h) or
                    (0.5 * h < w[3] - p[3] < 1.6 * h and abs(w[0] - s[0]) < 60))]
                if not nxt:
                    break
                chain.append(min(nxt, key=lambda w: (w[3], w[0])))
            if len(chain) == len(want):
                return len(set(round(w[3]) for w in chain))
    return None


# ---- an appendix: the schedule of the hamlets (bản) ----
f = Folder()
f.write("cong-van.md", DISPATCH.format(pl="phu_luc: phu-luc.md\n") +
        "Ủy ban nhân dân xã gửi lịch hướng dẫn tại Phụ lục kèm theo./.\n")
f.write("phu-luc.md", """# Lịch hướng dẫn tại các bản

| STT | Bản | Ngày | Địa điểm | Người phụ trách |
|---|---|---|---|---|
| 1 | Mường Lống 1 | 12/8/2025 | Nhà văn hóa bản Mường Lống 1 | Ông Vừ Bá Lầu, trưởng bản |
| 2 | Huồi Giảng 1 | 13/8/2025 | Điểm trường mầm non Huồi Giảng | Bà Lầu Thị Mai, Tổ Công nghệ số cộng đồng |
| 3 | Xốp Cháo | 14/8/2025 | Nhà văn hóa bản | Ông Và Bá Tủa, công an viên |
| 4 | Huồi Giảng 2 | 15/8/2025 | Nhà ông Vừ Chống Dê | Ông Vừ Chống Dê, trưởng bản |
""")
st, err, pdf = f.render("cong-van.md")
if check(st == 0, "an appendix with a five-column schedule renders", err):
    for cell in ("Mường Lống 1", "Huồi Giảng 1", "Huồi Giảng 2", "12/8/2025", "Người phụ trách"):
        n = cell_lines(pdf, cell)
        check(n == 1, "appendix: '%s' is printed on one line (%s)" % (cell, n))
    n = cell_lines(pdf, "Bà Lầu Thị Mai, Tổ Công nghệ số cộng đồng")
    check(n is not None and n <= 2, "... and the longest cell takes at most two lines (%s)" % n)
f.done()

# ---- a leaflet: four columns in a 90 mm panel beside the group's QR code,
# its back panel holding the commune's contact block (the leaflet's text is
# then set at 11 pt) ----
CONTACT = """zalo: https://zalo.me/g/kimdong2025
lien_he:
  bo_phan: Bộ phận Tiếp nhận và Trả kết quả, Ủy ban nhân dân phường Kim Đồng
  dia_chi: Số 5 đường Lê Lợi, khu phố 2
  so_dien_thoai:
    - Tổng đài VNPT SmartCA: 1800 1091
    - Tổng đài Viettel MySign: 1800 8098
  gio_lam_viec: Thứ Hai đến Thứ Sáu, sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ
"""
LEAFLET = """---
loai: to-roi
kho: a4-gap-ba
---

# Lịch đăng ký chữ ký số tại khu phố

Mang theo căn cước và điện thoại.

| Khu phố | Ngày | Giờ | Địa điểm |
|---|---|---|---|
| Khu phố 1 | 06/09/2025 | 7 giờ 30 | Nhà văn hóa khu phố 1 |
| Khu phố 2 | 07/09/2025 | 14 giờ | Sân Ủy ban nhân dân phường |
| Khu phố 3 | 08/09/2025 | 7 giờ 30 | Trường tiểu học Kim Đồng |

Cần giúp, gọi Tổ Công nghệ số cộng đồng.
"""
f = Folder()
f.write("phat.yaml", open(f.path("phat.yaml"), encoding="utf-8").read() + CONTACT)
f.write("to-roi.md", LEAFLET)
st, err, pdf = f.render("to-roi.md")
if check(st == 0, "a leaflet with a four-column table, a QR code and a contact block renders", err):
    for cell in ("Khu phố 1", "Khu phố 3", "06/09/2025", "7 giờ 30"):
        n = cell_lines(pdf, cell)
        check(n == 1, "leaflet: '%s' is printed on one line (%s)" % (cell, n))
    n = cell_lines(pdf, "Sân Ủy ban nhân dân phường")
    check(n is not None and n <= 3, "... the place, the longest cell, takes the lines instead (%s)" % n)
f.done()

# the same leaflet with no QR code nor contact block sets its text at 13 pt:
# four columns no longer all fit on one line, and the place's lines decide
# the rows' height; "Khu phố 1" then takes at most two lines, its number
# never alone on one
f = Folder()
f.write("to-roi.md", LEAFLET)
st, err, pdf = f.render("to-roi.md")
if check(st == 0, "the leaflet without them renders", err):
    for cell in ("Khu phố 1", "Khu phố 3"):
        n = cell_lines(pdf, cell)
        check(n is not None and n <= 2, "13 pt: '%s' takes at most two lines (%s)" % (cell, n))
    alone = [w for pg in fitz.open(pdf) for w in pg.get_text("words")
             if w[4] in ("1", "2", "3") and not any(v is not w and abs(v[3] - w[3]) < 1 and 0 <= w[0] - v[2] < 8
                                                     for v in pg.get_text("words"))]
    check(not alone, "13 pt: no khu phố's number stands alone on a line", alone[:3])
f.done()
done()
