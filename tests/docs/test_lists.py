#!/usr/bin/python3
"""Nested lists as the decree writes them (issue 10, item 2): numbered
items, then "a)", "b)" (the Vietnamese alphabet: … d), đ), e) …), then "-",
then "+", each level with its own marker and its first line further in, in
a dispatch, its appendix and a report; a leaflet keeps its hanging markers
but shows the levels apart. Measured on the PDFs' lines: the marker that
starts each line and where it starts."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import DISPATCH, MM, Folder, check, done, fitz, page_segments  # noqa: E402

# As a clerk nests it: three spaces under "1.", two under "-".
LIST = """Các việc cần làm:

1. Công tác tuyên truyền trên hệ thống loa của các thôn, xóm:
   1. Phát bài tuyên truyền mỗi tuần hai lần, vào buổi sáng và buổi chiều, theo kịch bản chung của xã.
      - Nội dung theo kịch bản do Văn phòng soạn:
        + đọc vào sáng thứ Hai;
        + đọc vào chiều thứ Năm.
      - Trưởng thôn báo cáo kết quả.
   2. Đăng tin lên nhóm Zalo của thôn.
   3. Dán áp phích tại nhà văn hóa.
   4. Phát tờ rơi đến từng hộ.
   5. Hướng dẫn tại Bộ phận Một cửa.
   6. Tổ Công nghệ số cộng đồng đến tận nhà.
2. Công tác hỗ trợ người dân cài đặt ứng dụng.
"""
# (marker, level) in reading order, from the list above and the decree's sequence
WANT = [("1.", 1), ("a)", 2), ("-", 3), ("+", 4), ("+", 4), ("-", 3), ("b)", 2), ("c)", 2), ("d)", 2),
        ("đ)", 2), ("e)", 2), ("2.", 1)]
MARKS = {m for m, _ in WANT}
LEFT = 30 * MM            # the dispatch's left margin (Nghị định 30: 30–35 mm)


def list_lines(pdf, pages=None):
    """(marker, x0 of the line) of every line that starts with a list marker."""
    d = fitz.open(pdf)
    out = []
    for pno in pages if pages is not None else range(d.page_count):
        for s in page_segments(d[pno], pno):
            w = s.text.split(" ", 1)[0]
            # (Nơi nhận's "- Như trên;" starts at the margin: not the body's)
            if w in MARKS and len(s.text) > 2 and s.x0 > LEFT + 5 * MM:
                out.append((w, s.x0))
    return out


def check_levels(what, got):
    marks = [m for m, _ in got]
    check(marks == [m for m, _ in WANT], "%s: the markers run 1. a) - + + - b) c) d) đ) e) 2." % what, marks)
    if len(got) != len(WANT):
        return
    xs = {}
    for (m, x), (_, lv) in zip(got, WANT):
        xs.setdefault(lv, []).append(x)
    same = all(max(v) - min(v) < 0.3 for v in xs.values())
    check(same, "%s: every item of a level starts at the same place" % what, xs)
    check(abs(xs[1][0] - (LEFT + 10 * MM)) < 0.5,
          "%s: level 1 starts 10 mm in, as the decree's paragraphs (%.1f mm)" % (what, (xs[1][0] - LEFT) / MM))
    steps = [(xs[k + 1][0] - xs[k][0]) / MM for k in (1, 2, 3)]
    check(all(s >= 3 for s in steps), "%s: each level starts further in than the one above (%s mm)"
          % (what, ", ".join("%.1f" % s for s in steps)))


f = Folder()
f.write("cong-van.md", DISPATCH.format(pl="phu_luc: phu-luc.md\n") + LIST + "\nĐề nghị thực hiện./.\n")
f.write("phu-luc.md", "# Hướng dẫn\n\n" + LIST)
f.write("so-lieu/2025-07.csv", "xom;dan_so_truong_thanh;vnpt_smartca\nĐồng Cả;1.169;289\n")
f.write("bao-cao.md", "---\nloai: bao-cao\nso: 3\nky_hieu: BC-UBND\nngay: 05/8/2025\ntrich_yeu: kết quả tháng 7\n"
        "so_lieu: so-lieu/2025-07.csv\nnoi_nhan:\n  - Lưu: VT\n---\n\n" + LIST + "\n{{bang}}\n")
st, err, pdf = f.render("cong-van.md")
if check(st == 0, "a dispatch and its appendix with a four-level list render", err):
    d = fitz.open(pdf)
    app = [p for p in range(d.page_count) if "Phụ lục" in d[p].get_text()]
    disp = [p for p in range(d.page_count) if p not in app]
    check_levels("dispatch", list_lines(pdf, disp))
    check_levels("appendix", list_lines(pdf, app))
st, err, pdf = f.render("bao-cao.md")
if check(st == 0, "a report with the list renders", err):
    check_levels("report", list_lines(pdf))
f.done()

# leaflets: markers hang in the margin; the levels stand apart
f = Folder()
f.write("to-roi.md", "---\nloai: to-roi\n---\n\n" + LIST + "\n---\n\nHai\n\n---\n\nBa\n\n---\n\nBốn\n\n---\n\n"
        "Năm\n\n---\n\nSáu\n")
st, err, pdf = f.render("to-roi.md")
if check(st == 0, "a leaflet with the list renders", err):
    d = fitz.open(pdf)
    got = []
    for pno in range(d.page_count):
        for s in page_segments(d[pno], pno, gap_em=0.8):
            if s.text in MARKS:
                got.append((s.text, s.x0))
    marks = [m for m, _ in got]
    check(marks == [m for m, _ in WANT], "leaflet: each level keeps a marker of its own", marks)
    if len(got) == len(WANT):
        xs = {}
        for (m, x), (_, lv) in zip(got, WANT):
            xs.setdefault(lv, []).append(x)
        check(all(xs[k + 1][0] - xs[k][0] >= 3 * MM for k in (1, 2, 3)),
              "leaflet: each level's marker hangs further in than the one above",
              {k: round(v[0] / MM, 1) for k, v in xs.items()})
f.done()
done()
