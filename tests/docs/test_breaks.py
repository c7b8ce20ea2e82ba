#!/usr/bin/python3
"""Breaks that never split what belongs together (issue 10, item 5), in the
shared line breaker, measured on the lines of produced PDFs: a number and
its unit, currency or "%", "ngày 09" / "tháng 8" / "năm 2025", the apps'
names, a name the commune adds in phat.yaml; in a dispatch (justified),
a leaflet (ragged) and the loudspeaker script; the appendix's "(Kèm theo …)"
breaking only before "ngày" or "của". Each pair is written after fillers
of 1 to 24 words, so that in some paragraph it falls at a line's end."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import DISPATCH, MM, Folder, check, done, fitz, page_segments, squash  # noqa: E402

PAIRS = [("0", "đồng"), ("12", "tháng"), ("50", "%"), ("1,5", "triệu"), ("ngày", "09"), ("tháng", "8"),
         ("năm", "2025"), ("VNPT", "SmartCA"), ("Viettel", "MySign"), ("Tổ Công nghệ", "số cộng đồng"),
         ("Thôn", "3"), ("Khu phố", "1"), ("bản", "2"), ("Điều", "5")]
FILLS = ["xã Tân Thành hướng dẫn người dân đăng ký sử dụng dịch vụ công trực tuyến trên ứng dụng của "
         "các ngành đoàn thể ở địa phương".split(),
         "Trong quá trình thực hiện nếu cần hỗ trợ đề nghị các ông bà tham gia nhóm Zalo hỗ trợ triển "
         "khai thực hiện cài đặt cấu hình".split()]


def paragraphs(pairs, fills=FILLS, n=25):
    out = []
    for a, b in pairs:
        for fill in fills:
            for k in range(1, n):
                out.append(" ".join(fill[:k]) + " " + a + " " + b + " và " + " ".join(fill[k:k + 12]) + ".")
    return out


def lines(pdf):
    """The text lines of every page, in reading order."""
    d = fitz.open(pdf)
    out = []
    for pno in range(d.page_count):
        out += [s.text for s in page_segments(d[pno], pno)]
    return out


def split_pairs(ls, pairs):
    """(a, b, line) for each pair whose first part ends a line and whose
    second part starts the next."""
    bad = []
    for x, y in zip(ls, ls[1:]):
        for a, b in pairs:
            if (x.endswith(" " + a) or x == a) and y.startswith(b):
                bad.append((a, b, x[-30:] + " | " + y[:30]))
    return bad


YAML_EXTRA = "khong_ngat_dong:\n  - Tổ Công nghệ số cộng đồng\n"

f = Folder()
f.write("phat.yaml", open(f.path("phat.yaml"), encoding="utf-8").read() + YAML_EXTRA)
f.write("cong-van.md", DISPATCH.format(pl="") + "\n\n".join(paragraphs(PAIRS)) + "\n")
st, err, pdf = f.render("cong-van.md")
if check(st == 0, "a dispatch of %d paragraphs renders" % (len(PAIRS) * 48), err):
    ls = lines(pdf)
    for a, b in PAIRS:
        bad = split_pairs(ls, [(a, b)])
        check(not bad, "dispatch: '%s %s' never split over two lines (48 places)" % (a, b), bad[:3])
    # the pairs do fall near line ends: the rule is tested, not luck
    ends = sum(1 for x in ls if any(x.endswith(" " + a + " " + b) or x.endswith(" " + a + " " + b + " và")
                                    for a, b in PAIRS))
    check(ends >= 5, "... %d lines end right after a pair, which would have been split" % ends)
f.done()

f = Folder()
f.write("phat.yaml", open(f.path("phat.yaml"), encoding="utf-8").read() + YAML_EXTRA)
panels = ["# Mặt %d\n\n" % (i + 1) + "\n\n".join(paragraphs(PAIRS[i * 2:i * 2 + 2], FILLS[:1], 6)) for i in range(5)]
f.write("to-roi.md", "---\nloai: to-roi\n---\n\n" + "\n\n---\n\n".join(panels + ["Mặt 6."]) + "\n")
st, err, pdf = f.render("to-roi.md")
if check(st == 0, "a leaflet with the same pairs renders", err):
    ls = lines(pdf)
    bad = split_pairs(ls, PAIRS)
    check(not bad, "leaflet (ragged right): no pair split over two lines", bad[:3])
f.done()

# ---- the loudspeaker script's large print: the spoken forms stay whole ----
f = Folder()
apps = [("VNeID", "vê en e ai đi"), ("VNPT SmartCA", "vê en pê tê xmát xê a")]
f.write("loa.md", "---\nloai: loa\n---\n\n# Thông báo\n\n" +
        "\n\n".join(paragraphs([(a, "") for a, _ in apps], FILLS, 20)) + "\n")
st, err, pdf = f.render("loa.md")
spdf = pdf   # render -o: the script beside the name given
if check(st == 0 and os.path.exists(spdf), "a script naming the apps 76 times renders", err):
    ls = lines(spdf)
    text = " ".join(ls)
    for _, spoken in apps:
        w = spoken.split()
        n = text.count(spoken)
        bad = [(x[-25:], y[:25]) for x, y in zip(ls, ls[1:]) for k in range(1, len(w))
               if x.endswith(" ".join(w[:k])) and y.startswith(" ".join(w[k:]))]
        check(n >= 2 * 19 and not bad, "loudspeaker PDF: '%s' is printed %d times, never split" % (spoken, n), bad[:3])
f.done()

# ---- the appendix's "(Kèm theo …)": breaks only before "ngày" or "của" ----
for agency, so in (("Ủy ban nhân dân xã Tân Thành", ""), ("Phòng Văn hóa và Thông tin huyện Phú Bình", "so: 7\n"),
                    ("Liên minh Hợp tác xã tỉnh Hà Giang", "so: 125\n")):
    f = Folder()
    head = DISPATCH.format(pl="phu_luc: phu-luc.md\nco_quan: %s\n" % agency)
    f.write("cong-van.md", head.replace("so: 12\n", so) + "Kèm theo Phụ lục./.\n")
    f.write("phu-luc.md", "# Hướng dẫn\n\nNội dung.\n")
    st, err, pdf = f.render("cong-van.md")
    if not check(st == 0, "a dispatch of %s with an appendix renders" % agency, err):
        continue
    d = fitz.open(pdf)
    segs = page_segments(d[d.page_count - 1], d.page_count - 1)
    kem = [s for s in segs if s.italic and s.text]
    k0 = [i for i, s in enumerate(kem) if s.text.startswith("(Kèm theo")]
    got = [s.text for s in kem[k0[0]:]] if k0 else []
    got = got[:next((i + 1 for i, t in enumerate(got) if t.endswith(")")), len(got))]
    ok = got and all(t.startswith("ngày") or t.startswith("của") for t in got[1:]) and got[-1].endswith(
        agency + ")")
    check(ok, "(Kèm theo …) of %s: %d line(s), each after the first starting 'ngày' or 'của'" % (agency, len(got)),
          got)
    if got:
        widest = max(s.width for s in kem[k0[0]:k0[0] + len(got)])
        rules = [r for r in __import__("pdfmeasure").page_shapes(d[d.page_count - 1])[0]
                 if r[2] > kem[k0[0] + len(got) - 1].base]
        r = min(rules, key=lambda r: r[2]) if rules else None
        check(r and widest / 3 - 1 <= r[1] - r[0] <= widest / 2 + 1 and abs((r[0] + r[1]) / 2 - kem[k0[0]].cx) < 2,
              "... its rule is a third to a half of the line, centred (%.0f of %.0f mm)" %
              (((r[1] - r[0]) / MM) if r else 0, widest / MM))
    f.done()
# ---- telephone numbers in groups, and a link's address printed after its words ----
PHONES = ["0277 3 841 234", "0912 345 678", "1800 1096", "024 3825 1234", "1900 555 520", "+84 912 345 678"]
ADDR = "dichvucong.gov.vn/p/home/dvc-dich-vu-cong-truc-tuyen.html"
LINK = "[Cổng Dịch vụ công quốc gia](https://%s)" % ADDR
f = Folder()
paras = paragraphs([("gọi", p) for p in PHONES], FILLS[:1], 25)
paras += [" ".join(fill[:k]) + " Bà con gọi tổng đài 1800 1096 hoặc truy cập " + LINK + "."
          for fill in FILLS for k in range(1, 25)]
f.write("cong-van.md", DISPATCH.format(pl="") + "\n\n".join(paras) + "\n")
st, err, pdf = f.render("cong-van.md")
if check(st == 0, "a dispatch with telephone numbers and long links renders", err):
    ls = [x for x in lines(pdf) if not x.isdigit()]     # page numbers aside
    bad = [(x[-25:], y[:25]) for x, y in zip(ls, ls[1:]) for p in PHONES for g in [p.split()]
           for k in range(1, len(g)) if x.endswith(" " + " ".join(g[:k])) and y.startswith(" ".join(g[k:]))]
    text = " ".join(ls)
    check(not bad and sum(text.count(p) for p in PHONES) >= 6 * 24,
          "a telephone number written in groups is never split between its groups (144 places)", bad[:4])
    near = sum(1 for x in ls if any(x.endswith(p) for p in PHONES))
    check(near >= 5, "... %d lines end right after a number, so the rule is tested, not luck" % near)
    # the address: printed whole (rejoined across lines without a hyphen),
    # broken after "/" (or "." "-"), and no justified line opens wide gaps
    joined = "".join(x if x.endswith(("/", ".", "-")) and not x.endswith("./.") else x + " " for x in ls)
    whole = joined.count("(" + ADDR + ")")
    inside = [x[-20:] for x, y in zip(ls, ls[1:]) if "(dichvucong" in x and ADDR + ")" not in x]
    check(whole == 48 and inside and all(x.endswith(("/", ".", "-")) for x in inside),
          "the address is printed whole 48 times, and where a line ends inside it, after / . or - (%d)" % len(inside),
          (whole, inside[:4]))
    d = fitz.open(pdf)
    worst = 0
    for page in d:
        words = page.get_text("words")
        by_line = {}
        for w in words:
            by_line.setdefault((w[5], w[6]), []).append(w)
        size = max((s["size"] for b in page.get_text("dict")["blocks"] for l in b.get("lines", [])
                    for s in l["spans"]), default=13)
        for ws in by_line.values():
            ws.sort(key=lambda w: w[0])
            for a, b in zip(ws, ws[1:]):
                worst = max(worst, (b[0] - a[2]) / size)
    # a space is 0.25 em and may stretch by half of it 3 times over (0.63
    # em) when the optimum fit has a choice; an address that cannot break
    # left none (0.84 em in this dispatch, much more in a narrow column)
    check(worst < 0.75, "no gap between words wider than 0.75 em (widest %.2f em)" % worst)
f.done()

done()
