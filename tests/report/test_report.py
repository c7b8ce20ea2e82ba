#!/usr/bin/python3
"""The monthly report (loai: bao-cao) held against its CSV files.

Every CSV here is written by this test (seeded, so a run is repeatable, but
never seen by phat's authors); totals, rates, rounding, change and "Đạt"
are computed below with the test's own integer arithmetic and looked for in
the PDF's text; bar lengths are measured from the PDF's drawings. Prints
"ok - ..." / "not ok - ..." per check."""

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

import fitz

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHAT = os.environ.get("PHAT", "./phat")
if not os.path.isabs(PHAT):
    PHAT = os.path.join(ROOT, PHAT)

failures = 0


def check(cond, what, detail=""):
    global failures
    if cond:
        print("ok - " + what)
    else:
        failures += 1
        print("not ok - " + what + (": " + str(detail)[:600] if detail != "" else ""))
    return bool(cond)


# ---- the test's own arithmetic (Vietnamese number forms) ----

def fmt_int(v):
    s = str(abs(v))
    groups = []
    while len(s) > 3:
        groups.insert(0, s[-3:])
        s = s[:-3]
    groups.insert(0, s)
    return ("-" if v < 0 else "") + ".".join(groups)


def tenths(num, den, target=500):
    """num/den in tenths of a per cent, rounded half up, integers only; a
    rate short of the target is never printed as the target: then the
    tenths below it (cut, not rounded)."""
    t = (num * 2000 + den) // (2 * den)
    if num * 1000 < target * den and t >= target:
        t = num * 1000 // den
    return t


def change(c, a, pc, pa):
    """1000 × (c/a − pc/pa): the exact difference of the exact rates, in
    tenths of a percentage point, rounded once, half away from zero."""
    num = (c * pa - pc * a) * 1000
    den = a * pa
    q = (2 * abs(num) + den) // (2 * den)
    return q if num >= 0 else -q


def fmt_tenths(t):
    return "%d,%d" % (t // 10, t % 10)


def fmt_change(t):
    sign = "+" if t > 0 else "-" if t < 0 else ""
    return sign + fmt_tenths(abs(t))


def slug(name):
    s = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


PROVIDERS = ["vnpt_smartca", "viettel_mysign", "khac"]


def make_rows(n, seed, names=None):
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        adults = rnd.randint(300, 1500)
        counts = [rnd.randint(0, adults // 4) for _ in PROVIDERS]
        name = names[i] if names else "Thôn %d" % (i + 1)
        rows.append(dict(name=name, adults=adults, prov=counts))
    return rows


def write_csv(path, rows, sep=",", bom=False, crlf=False, dots=False, quote=False):
    nl = "\r\n" if crlf else "\n"
    out = sep.join(["xom", "dan_so_truong_thanh"] + PROVIDERS) + nl
    for r in rows:
        num = (lambda v: fmt_int(v)) if dots else str
        name = '"%s"' % r["name"] if quote else r["name"]
        out += sep.join([name, num(r["adults"])] + [num(v) for v in r["prov"]]) + nl
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        f.write(out)


def expected(rows, prev=None, target=500):
    """Per row and total: the cells of the table as the reader should see them."""
    pmap = {r["name"]: r for r in prev} if prev else None
    lines = []
    tot_a = tot_c = 0
    tot_p = [0, 0, 0]
    for i, r in enumerate(rows):
        c = sum(r["prov"])
        t = tenths(c, r["adults"], target)
        cells = [str(i + 1), r["name"], fmt_int(r["adults"])] + [fmt_int(v) for v in r["prov"]]
        cells += [fmt_int(c), fmt_tenths(t)]
        if pmap is not None:
            p = pmap.get(r["name"])
            cells.append(fmt_change(change(c, r["adults"], sum(p["prov"]), p["adults"])) if p else "–")
        cells.append("Đạt" if c * 1000 >= target * r["adults"] else "Chưa")
        lines.append(dict(cells=cells, rate=t, count=c, adults=r["adults"], name=r["name"],
                          need=max(0, (target * r["adults"] + 999) // 1000 - c)))
        tot_a += r["adults"]
        tot_c += c
        tot_p = [a + b for a, b in zip(tot_p, r["prov"])]
    t = tenths(tot_c, tot_a, target)
    tot = ["Tổng cộng", fmt_int(tot_a)] + [fmt_int(v) for v in tot_p] + [fmt_int(tot_c), fmt_tenths(t)]
    if pmap is not None:
        pa = sum(p["adults"] for p in prev)
        pc = sum(sum(p["prov"]) for p in prev)
        tot.append(fmt_change(change(tot_c, tot_a, pc, pa)))
    tot.append("Đạt" if tot_c * 1000 >= target * tot_a else "Chưa")
    return lines, dict(cells=tot, rate=t, count=tot_c, adults=tot_a,
                       need=max(0, (target * tot_a + 999) // 1000 - tot_c))


# ---- a content folder of the test's own ----

YAML = """co_quan: Ủy ban nhân dân xã Thử Nghiệm
dia_danh: Thử Nghiệm
nguoi_ky:
  quyen_han: TM. ỦY BAN NHÂN DÂN
  chuc_vu: CHỦ TỊCH
  ho_ten: Trần Văn Thử
"""


def report_md(extra="", body=None, cur="so-lieu/2025-05.csv", prev="so-lieu/2025-04.csv"):
    fm = "---\nloai: bao-cao\nso: 7\nky_hieu: BC-UBND\nngay: 2025-06-09\n"
    fm += "trich_yeu: Kết quả chữ ký số công cộng tháng {{thang_nam}}\n"
    fm += "so_lieu: %s\n" % cur
    if prev:
        fm += "so_lieu_truoc: %s\n" % prev
    fm += "noi_nhan:\n  - UBND huyện\n  - \"Lưu: VT\"\n" + extra + "---\n\n"
    if body is None:
        body = ("Toàn xã có {{tong.co_cks}} người trên {{tong.dan_so}} người trưởng thành có chữ ký số, "
                "đạt {{tong.ty_le}}%, còn thiếu {{tong.con_thieu}} người để đạt {{muc_tieu}}%.\n\n"
                "{{bang}}\n\nĐoạn giữa bảng và biểu đồ.\n\n{{bieu_do}}\n\nĐoạn cuối báo cáo./.\n")
    return fm + body


def folder(tmp, name):
    d = os.path.join(tmp, name)
    os.makedirs(os.path.join(d, "so-lieu"), exist_ok=True)
    with open(os.path.join(d, "phat.yaml"), "w", encoding="utf-8") as f:
        f.write(YAML)
    return d


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def render(src, out):
    return subprocess.run([PHAT, "render", src, "-o", out], capture_output=True, text=True)


# ---- reading the PDF ----

def page_rows(page):
    """Lines of words across the whole page width: (y, [words left to right])."""
    words = page.get_text("words")
    rows = []
    for w in sorted(words, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        yc = (w[1] + w[3]) / 2
        if rows and abs(rows[-1][0] - yc) < 2.5:
            rows[-1][1].append(w)
        else:
            rows.append([yc, [w]])
    return [(y, [w[4] for w in sorted(ws, key=lambda w: w[0])]) for y, ws in rows]


def all_rows(doc):
    out = []
    for pno, page in enumerate(doc):
        for y, ws in page_rows(page):
            out.append((pno, y, " ".join(ws).replace("\u00a0", " ")))
    return out


def text_of(doc):
    t = " ".join(p.get_text() for p in doc)
    return re.sub(r"\s+", " ", t.replace("\u00a0", " "))


def rects(page):
    """Filled rectangles: (rect, grey level 0..1 or None when coloured)."""
    out = []
    for d in page.get_drawings():
        fill = d.get("fill")
        if not fill or d.get("type") not in ("f", "fs"):
            continue
        r, g, b = fill
        grey = r if max(r, g, b) - min(r, g, b) < 0.02 else None
        for it in d["items"]:
            if it[0] == "re":
                out.append((it[1], grey))
    return out


def bars(page):
    """The chart's bars, top to bottom, as (rect, reached): dark grey bars,
    and black outlines holding a light grey bar (a bar that reached the
    target). Bars are 8–14 pt high; table rules are thinner or taller."""
    rs = [(rc, g) for rc, g in rects(page) if 8 <= rc.height <= 14 and rc.width >= 0.3]
    light = [rc for rc, g in rs if g is not None and 0.8 < g < 0.9]
    out = []
    for rc, g in rs:
        if g is not None and 0.3 < g < 0.4:
            out.append((rc, False))
        elif g == 0 and any(abs(l.y0 - rc.y0 - 0.6) < 0.1 and abs(l.x0 - rc.x0 - 0.6) < 0.1 for l in light):
            out.append((rc, True))
    return sorted(out, key=lambda t: t[0].y0)


def dashes(page):
    """The target line: short black upright dashes (1 pt wide, at most 4 pt)."""
    return [rc for rc, g in rects(page) if g == 0 and 0.9 < rc.width < 1.1 and rc.height <= 4.01]


def coloured(page):
    return [rc for rc, g in rects(page) if g is None]


# ---- the tests ----

def overlaps(doc):
    """Words drawn over one another: two words whose boxes cross (a header
    wider than its column spills over its neighbour)."""
    out = []
    for p in doc:
        ws = p.get_text("words")
        for i, a in enumerate(ws):
            for b in ws[i + 1:]:
                if min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 2:
                    out.append((a[4], b[4]))
    return out


def check_chart(doc, lines, target, what="the chart"):
    """The chart of the rates in lines (tenths of %; target too): one bar
    per unit with a rate above 0, lengths proportional to the rates,
    highest first, the scale ending at the next 10 % above the largest bar
    and the target, the target a dashed black line crossing no value,
    reached bars told apart without colour and followed by "Đạt", no colour
    anywhere and only black text."""
    bs = [b for p in doc for b in bars(p)]
    rates = sorted((l["rate"] for l in lines), reverse=True)
    nz = [x for x in rates if x > 0]
    if not check(len(bs) == len(nz), "%s: one bar per unit with a rate above 0 (%d bars, %d units)"
                 % (what, len(bs), len(nz))):
        return
    x0 = {round(b.x0, 1) for b, _ in bs}
    check(len(x0) == 1, what + ": all bars start at the same x", x0)
    k = [b.width / (r / 10) for (b, _), r in zip(bs, nz)]
    check(max(k) - min(k) <= 0.003 * max(k), what + ": bar lengths are proportional to the rates, highest first",
          [round(v, 3) for v in k])
    check([rc for _, rc in bs] == [r >= target for r in nz],
          what + ": exactly the bars that reached %d,%d %% are light and outlined" % (target // 10, target % 10))
    top = max(max(rates), target) / 10
    end = min(100, (int(top // 10) + 1) * 10)
    words = [w[4] for p in doc for w in p.get_text("words")]
    check(("%d%%" % end) in words and ("%d%%" % (end + 10)) not in words,
          what + ": the scale ends at %d%%, the next 10 above the largest bar and the target" % end)
    # where 0 and the end of the scale are: their labels' centres
    p0 = [p for p in doc if bars(p)][0]
    lab = {w[4]: (w[0] + w[2]) / 2 for w in p0.get_text("words") if w[4] in ("0%", "%d%%" % end)}
    if check("0%" in lab and ("%d%%" % end) in lab, what + ": the scale is labelled 0%% to %d%%" % end, lab):
        scale = (lab["%d%%" % end] - lab["0%"]) / end
        check(abs(lab["0%"] - bs[0][0].x0) < 0.5 and abs(scale - k[0]) < 0.01 * k[0],
              what + ": the scale's labels stand where the bars say", (lab, k[0]))
    ds = [d for p in doc for d in dashes(p)]
    if check(len(ds) >= 3, what + ": the target is a dashed line (%d dashes)" % len(ds)):
        tx = {round((d.x0 + d.x1) / 2, 1) for d in ds}
        check(len(tx) == 1, what + ": the dashes stand in one line", tx)
        t = list(tx)[0]
        check(abs((t - bs[0][0].x0) / k[0] - target / 10) < 0.3, what + ": the target line stands at %d%% of the scale"
              % (target // 10), (t - bs[0][0].x0) / k[0])
        crossed = []
        for p in doc:
            pd = dashes(p)
            for w in p.get_text("words"):
                if re.match(r"^\d+,\d%$", w[4]) or w[4] == "Đạt":
                    if w[0] - 0.5 < t < w[2] + 0.5 and any(d.y0 < w[3] and d.y1 > w[1] for d in pd):
                        crossed.append(w[4])
        check(not crossed, what + ": the target line crosses no value", crossed)
    check(not any(coloured(p) for p in doc), what + ": nothing on the pages is in colour (grey print)")
    colours = {s["color"] for p in doc for b in p.get_text("dict")["blocks"] for l in b.get("lines", [])
               for s in l["spans"]}
    check(colours == {0}, what + ": all text is black", colours)
    values, wrong = 0, []
    for p in doc:
        for y, ws in page_rows(p):
            row = " ".join(ws)
            m = re.search(r"(\d+,\d)%( Đạt)?$", row)
            if m:
                v = int(m.group(1).replace(",", ""))
                values += 1
                if (v >= target) != bool(m.group(2)):
                    wrong.append(row)
    check(values >= len(nz) and not wrong,
          what + ": each value reads \"38,5%\", followed by \"Đạt\" exactly when reached", wrong)


def test_figures(tmp):
    d = folder(tmp, "thang")
    prev = make_rows(12, 11)
    cur = [dict(r) for r in make_rows(12, 12)]
    for r, p in zip(cur, prev):
        r["name"] = p["name"]
    # rounding at the edge: 769 / 2000 = 38,45 % must print 38,5 (half up);
    # 500 / 1000 is exactly the target: "Đạt"; a hamlet new this month
    cur[0].update(adults=2000, prov=[400, 300, 69])
    cur[1].update(adults=1000, prov=[250, 250, 0])
    cur[2].update(adults=1000, prov=[250, 249, 0])
    # 48,0 %: its value is written where the target line runs
    cur[3].update(adults=1000, prov=[300, 180, 0])
    # 1999 / 4000 = 49,975 % rounds to 50,0 but is short of 50 %: "49,9",
    # "Chưa", no "Đạt" in the chart
    cur[4].update(adults=4000, prov=[1000, 900, 99])
    cur.append(dict(name="Thôn Mới", adults=321, prov=[12, 34, 5]))
    write_csv(os.path.join(d, "so-lieu", "2025-04.csv"), prev)
    write_csv(os.path.join(d, "so-lieu", "2025-05.csv"), cur)
    write(os.path.join(d, "bc.md"), report_md())
    out = os.path.join(tmp, "bc.pdf")
    r = render(os.path.join(d, "bc.md"), out)
    if not check(r.returncode == 0, "report renders", r.stderr):
        return
    lines, tot = expected(cur, prev)
    check(lines[0]["cells"][7] == "38,5" and lines[1]["cells"][-1] == "Đạt" and lines[2]["cells"][-1] == "Chưa"
          and lines[4]["cells"][7:] == ["49,9", lines[4]["cells"][8], "Chưa"],
          "the test's own arithmetic: 38,45 % rounds to 38,5; 50,0 % reaches 50 %, 49,9 % does not; "
          "49,975 % prints 49,9 beside Chưa", lines[4]["cells"])
    doc = fitz.open(out)
    rows = [t for _, _, t in all_rows(doc)]
    missing = [" ".join(l["cells"]) for l in lines if " ".join(l["cells"]) not in rows]
    check(not missing, "every hamlet's row reads as computed from the CSV (13 rows)", missing)
    check(" ".join(tot["cells"]) in rows, "the total row reads as computed", " ".join(tot["cells"]))
    check(any("Thôn Mới" in t and "–" in t for t in rows),
          "a hamlet new this month shows – for the change")
    head = [t for t in rows if t.startswith("STT")]
    check(head, "the header row starts with STT")
    txt = text_of(doc)
    want = ("Toàn xã có %s người trên %s người trưởng thành có chữ ký số, đạt %s%%, còn thiếu %s người để đạt 50%%."
            % (fmt_int(tot["count"]), fmt_int(tot["adults"]), fmt_tenths(tot["rate"]), fmt_int(tot["need"])))
    check(want in txt, "{{figures}} in the body agree with the CSV", want)
    check("Kết quả chữ ký số công cộng tháng 05/2025" in txt, "{{thang_nam}} in the front matter's trích yếu")
    check("BÁO CÁO" in txt, "the title BÁO CÁO")
    # placement: table, then the paragraph between, then the chart, then the end
    pos = {}
    for pno, y, t in all_rows(doc):
        for key in ("Tổng cộng", "Đoạn giữa bảng", "Mục tiêu 50%", "Đoạn cuối báo cáo"):
            if t.startswith(key) and key not in pos:
                pos[key] = (pno, y)
    order = [pos.get(k) for k in ("Tổng cộng", "Đoạn giữa bảng", "Mục tiêu 50%", "Đoạn cuối báo cáo")]
    check(None not in order and order == sorted(order), "{{bang}} and {{bieu_do}} place the table and the chart", order)
    check_chart(doc, lines, 500)
    check(not overlaps(doc), "no word of the report is drawn over another (headers fit their columns)",
          overlaps(doc)[:5])
    # fonts of the table: 11 or 12 pt, bold header and total
    sizes = set()
    for p in doc:
        for b in p.get_text("dict")["blocks"]:
            for l in b.get("lines", []):
                for s in l["spans"]:
                    if s["text"].strip() == "Tổng cộng":
                        sizes.add((round(s["size"]), "Bold" in s["font"]))
    check(sizes and all(s in (11, 12) and bold for s, bold in sizes), "the total row is bold, 11 or 12 pt", sizes)


def test_excel(tmp):
    d = folder(tmp, "excel")
    rows = make_rows(9, 21, names=["Đồng Cả", "Ngói", "Kén", "Hòa Bình", "Na Chặng", "Trại", "Tân Sơn",
                                   "Thanh Lương", "Bãi; Mới"])
    for r in rows:
        r["adults"] += 1000       # thousands dots in every row
    write_csv(os.path.join(d, "so-lieu", "2025-05.csv"), rows, sep=";", bom=True, crlf=True, dots=True, quote=True)
    write(os.path.join(d, "bc.md"), report_md(prev=None))
    out = os.path.join(tmp, "excel.pdf")
    r = render(os.path.join(d, "bc.md"), out)
    if not check(r.returncode == 0, "a CSV from a Vietnamese Excel (BOM, ';', CRLF, 1.234, quotes) renders", r.stderr):
        return
    lines, tot = expected(rows)
    doc = fitz.open(out)
    rows_txt = [t for _, _, t in all_rows(doc)]
    missing = [" ".join(l["cells"]) for l in lines if " ".join(l["cells"]) not in rows_txt]
    check(not missing, "... and its rows read as computed", missing)
    check(" ".join(tot["cells"]) in rows_txt, "... and its total row too", " ".join(tot["cells"]))
    check(not any("Tăng/giảm" in t for t in rows_txt), "without so_lieu_truoc there is no change column")


def test_bad(tmp):
    d = folder(tmp, "bad")
    good = make_rows(4, 31)
    cases = [
        ("non-numeric", 3, 2, lambda rs: rs[1].update(adults="12a")),
        ("negative", 4, 4, lambda rs: rs[2]["prov"].__setitem__(1, -5)),
        ("empty cell", 2, 3, lambda rs: rs[0]["prov"].__setitem__(0, "")),
    ]
    for name, row, col, spoil in cases:
        rs = [dict(r, prov=list(r["prov"])) for r in good]
        spoil(rs)
        path = os.path.join(d, "so-lieu", "2025-05.csv")
        write_csv(path, rs)
        write(os.path.join(d, "bc.md"), report_md(prev=None))
        out = os.path.join(tmp, "bad.pdf")
        if os.path.exists(out):
            os.remove(out)
        r = render(os.path.join(d, "bc.md"), out)
        want = "2025-05.csv:%d:%d: error:" % (row, col)
        check(r.returncode == 1 and want in r.stderr and not os.path.exists(out),
              "bad CSV (%s) → exit 1, %s, no PDF" % (name, want), (r.returncode, r.stderr))
    # a missing data file and a file outside the content folder
    write(os.path.join(d, "bc.md"), report_md(cur="so-lieu/khong-co.csv", prev=None))
    r = render(os.path.join(d, "bc.md"), os.path.join(tmp, "bad.pdf"))
    check(r.returncode == 1 and "bc.md:7:" in r.stderr and "khong-co.csv" in r.stderr,
          "a missing so_lieu file is an error at its front-matter line", r.stderr)
    outside = os.path.join(tmp, "2025-05.csv")
    write_csv(outside, good)
    write(os.path.join(d, "bc.md"), report_md(cur="../2025-05.csv", prev=None))
    r = render(os.path.join(d, "bc.md"), os.path.join(tmp, "bad.pdf"))
    check(r.returncode == 1 and "outside the content folder" in r.stderr,
          "a data file outside the content folder is refused", r.stderr)
    # an unknown figure: error at its line and column (counted in characters)
    write_csv(os.path.join(d, "so-lieu", "2025-05.csv"), good)
    src = report_md(prev=None, body="Đạt {{tong.ty_le}}% và {{tong.tyle}}.\n")
    write(os.path.join(d, "bc.md"), src)
    r = render(os.path.join(d, "bc.md"), os.path.join(tmp, "bad.pdf"))
    ln = [i for i, l in enumerate(src.split("\n")) if "{{tong.tyle}}" in l][0]
    col = src.split("\n")[ln].index("{{tong.tyle}}") + 1
    check(r.returncode == 1 and "bc.md:%d:%d: error:" % (ln + 1, col) in r.stderr and "tong.ty_le" in r.stderr,
          "an unknown {{figure}} → its line:column and the name meant", r.stderr)
    write(os.path.join(d, "bc.md"), report_md(prev=None, body="Xóm {{xom.ten}}.\n"))
    r = render(os.path.join(d, "bc.md"), os.path.join(tmp, "bad.pdf"))
    check(r.returncode == 1 and "moi_xom" in r.stderr, "{{xom.*}} without moi_xom is an error that says so", r.stderr)
    write(os.path.join(d, "bc.md"), report_md(prev=None).replace("so_lieu: so-lieu/2025-05.csv\n", ""))
    r = render(os.path.join(d, "bc.md"), os.path.join(tmp, "bad.pdf"))
    check(r.returncode == 1 and "so_lieu" in r.stderr, "a report without so_lieu is refused", r.stderr)


def test_each_hamlet(tmp):
    d = folder(tmp, "moi-xom")
    names = ["Đồng Cả", "Ngói", "Hòa Bình", "Thanh Lương", "Bến"]
    rows = make_rows(len(names), 41, names=names)
    write_csv(os.path.join(d, "so-lieu", "2025-05.csv"), rows)
    write(os.path.join(d, "bc.md"), report_md(prev=None, extra="moi_xom: true\n",
                                              body="Xóm {{xom.ten}} đạt {{xom.ty_le}}%, còn thiếu {{xom.con_thieu}} người.\n"))
    out = os.path.join(tmp, "out-moi-xom")
    r = subprocess.run([PHAT, "build", "-o", out, d], capture_output=True, text=True)
    if not check(r.returncode == 0, "moi_xom: true builds", r.stderr):
        return
    files = sorted(os.listdir(out))
    want = sorted("bc-xom-%s.pdf" % slug(n) for n in names)
    check(files == want, "one PDF per hamlet, named without diacritics", files)
    lines, tot = expected(rows)
    for l in lines:
        p = os.path.join(out, "bc-xom-%s.pdf" % slug(l["name"]))
        if not os.path.exists(p):
            continue
        doc = fitz.open(p)
        t = text_of(doc)
        s = "Xóm %s đạt %s%%, còn thiếu %s người." % (l["name"], fmt_tenths(l["rate"]), fmt_int(l["need"]))
        if not check(s in t, "each hamlet's file has its own figures: " + l["name"], s):
            break
        rows_txt = [x for _, _, x in all_rows(doc)]
        others = [o["name"] for o in lines if o is not l and any(x.startswith(o["cells"][0] + " " + o["name"] + " ")
                                                                for x in rows_txt)]
        if not check(" ".join(l["cells"]) in rows_txt and " ".join(tot["cells"]) in rows_txt and not others,
                     "... and its table holds its row and the commune's total only", others):
            break
        bs = [b for pg in doc for b in bars(pg)]
        if not check(len(bs) == 2, "... and its chart the hamlet beside the commune", len(bs)):
            break


def test_500(tmp):
    d = folder(tmp, "lon")
    rows = make_rows(500, 51)
    write_csv(os.path.join(d, "so-lieu", "2025-05.csv"), rows)
    write(os.path.join(d, "bc.md"), report_md(prev=None))
    out = os.path.join(tmp, "500.pdf")
    t0 = time.time()
    r = render(os.path.join(d, "bc.md"), out)
    dt = time.time() - t0
    if not check(r.returncode == 0, "a 500-hamlet report renders (%.2f s)" % dt, r.stderr):
        return
    check(dt < 10, "... in under 10 s", dt)
    doc = fitz.open(out)
    lines, tot = expected(rows)
    rows_txt = all_rows(doc)
    table_pages = {}
    for pno, y, t in rows_txt:
        m = re.match(r"(\d+) Thôn (\d+) ", t)
        if m and m.group(1) == m.group(2):
            table_pages.setdefault(pno, []).append((y, int(m.group(1))))
    seen = sorted(n for v in table_pages.values() for _, n in v)
    check(seen == list(range(1, 501)), "all 500 rows are in the table, once each", seen[:5])
    check(len(table_pages) >= 10, "the table runs across pages (%d)" % len(table_pages))
    bad = []
    for pno, rs in table_pages.items():
        heads = [y for p2, y, t in rows_txt if p2 == pno and t.startswith("STT Xóm")]
        if len(heads) != 1 or heads[0] > min(y for y, _ in rs):
            bad.append(pno + 1)
    check(not bad, "every page of the table starts with its header row", bad)
    missing = [" ".join(l["cells"]) for l in lines if " ".join(l["cells"]) not in [t for _, _, t in rows_txt]]
    check(not missing, "every row of the 500 reads as computed", missing[:3])
    check(" ".join(tot["cells"]) in [t for _, _, t in rows_txt], "the 500-hamlet total row reads as computed")
    bs = [b for p in doc for b in bars(p)]
    check(len(bs) == len([l for l in lines if l["rate"] > 0]), "the chart has a bar per hamlet across pages",
          len(bs))
    for p in doc:
        for b, _ in bars(p):
            if b.y1 > p.rect.height - 20 * 72 / 25.4 + 0.5:
                check(False, "bars stay inside the bottom margin", (p.number, b))
                return
    check(True, "bars stay inside the bottom margin")
    # the chart fills its pages: every page of bars but the last is full
    # to within two bars of its bottom margin, and each starts with the scale
    pages = [p for p in doc if bars(p)]
    low = []
    for p in pages[:-1]:
        last = max(b.y1 for b, _ in bars(p))
        if p.rect.height - 20 * 72 / 25.4 - last > 2 * 6 * 72 / 25.4 + 1:
            low.append((p.number + 1, round(last)))
    check(len(pages) >= 3 and not low, "the chart's pages are full before it runs on (%d pages)" % len(pages), low)
    tops = [p.number + 1 for p in pages if "0%" not in [w[4] for w in p.get_text("words")]]
    check(not tops, "each page of the chart repeats the scale", tops)


def test_chart_pages(tmp):
    """A chart of 9 hamlets placed lower and lower on its page (after 0 to
    44 lines of text): whenever it is split, it moves whole to the next
    page instead; a chart of 40 hamlets, longer than a page, never leaves
    fewer than 3 bars on a page."""
    d = folder(tmp, "chart-pages")
    para = "Kết quả tuyên truyền tại thôn được tổng hợp đầy đủ trong tháng."

    def per_page(n, seed, step):
        """(paragraphs before the chart, bars on each page) for a chart of n."""
        write_csv(os.path.join(d, "so-lieu", "2025-05.csv"), make_rows(n, seed))
        got = []
        for k in range(0, 45, step):
            src = os.path.join(d, "bc-%d-%d.md" % (n, k))
            write(src, report_md(body="\n\n".join([para] * k) + "\n\n{{bieu_do}}\n\nĐoạn cuối báo cáo./.\n",
                                 prev=None))
            out = src[:-3] + ".pdf"
            r = render(src, out)
            if not check(r.returncode == 0, "a %d-hamlet chart after %d paragraphs renders" % (n, k), r.stderr):
                return got
            got.append((k, [len(bars(p)) for p in fitz.open(out) if bars(p)]))
        return got

    split = [(k, per) for k, per in per_page(9, 31, 3) if per != [9]]
    check(not split, "a 9-bar chart, wherever it falls, is on one page (paragraphs before it: bars per page)", split)
    short = [(k, per) for k, per in per_page(40, 32, 4) if sum(per) != 40 or min(per) < 3]
    check(not short, "a 40-bar chart split over pages keeps at least 3 bars on each", short)


def main():
    tmp = tempfile.mkdtemp(prefix="phat-report-")
    try:
        for t in (test_figures, test_excel, test_bad, test_each_hamlet, test_500, test_chart_pages):
            t(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


sys.exit(main())
