#!/usr/bin/python3
"""A campaign that is not content/'s: VNeID level-2 accounts and public
digital signatures in a commune whose units are "thôn", defined in
phat.yaml; the month's sheet as a clerk saves it from Excel (BOM, ";",
CRLF, 1.234, an STT column, Vietnamese headers, a unit in brackets, a
"Ghi chú" column and a total row written in the STT cell); a report with
both indicators, and loudspeaker scripts per thôn whose text depends on
whether the thôn reached the target.

Every figure is recomputed here from the rows this test writes, with its own
integer arithmetic; the sheets are generated from a seed, never seen by
phat's authors. Prints "ok - ..." / "not ok - ..." per check."""

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

import fitz

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHAT = os.environ.get("PHAT", "./phat")
if not os.path.isabs(PHAT):
    PHAT = os.path.join(ROOT, PHAT)
failures = 0


def check(cond, what, detail=""):
    global failures
    print(("ok - " if cond else "not ok - ") + what + ("" if cond or detail == "" else ": " + str(detail)[:800]))
    if not cond:
        failures += 1
    return bool(cond)


def write(path, text, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


# ---- the test's own arithmetic ----

def fmt_int(v):
    s = "{:,}".format(abs(v)).replace(",", ".")
    return ("-" if v < 0 else "") + s


def tenths(num, den, target):
    """Rounded half up, but a rate short of its target (tenths of a per
    cent) is cut to the tenth below rather than shown as the target."""
    t = (num * 2000 + den) // (2 * den)
    return num * 1000 // den if t >= target and num * 1000 < target * den else t


def fmt_tenths(t):
    return "%d,%d" % (t // 10, t % 10)


def change(c, a, pc, pa):
    num = (c * pa - pc * a) * 1000
    q = (2 * abs(num) + a * pa) // (2 * a * pa)
    return q if num >= 0 else -q


def fmt_change(t):
    return ("+" if t > 0 else "-" if t < 0 else "") + fmt_tenths(abs(t))


def need(num, den, target):           # target in tenths of a per cent
    return max(0, -(-target * den // 1000) - num)


def slug(name):
    s = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


# ---- the campaign and its sheets ----

YAML = """co_quan: Ủy ban nhân dân xã Nà Phặc
dia_danh: Nà Phặc
nguoi_ky:
  quyen_han: TM. ỦY BAN NHÂN DÂN
  chuc_vu: CHỦ TỊCH
  ho_ten: Hoàng Văn Thử
chien_dich:
  don_vi: thôn
  cot:
    dan_so_truong_thanh: Dân số trưởng thành
    dinh_danh_muc_2: Định danh mức 2
  chi_tieu:
    - ma: muc_2
      ten: Tài khoản định danh điện tử mức 2
      ten_doc: tài khoản định danh điện tử mức hai
      tu_so: dinh_danh_muc_2
      mau_so: dan_so_truong_thanh
      muc_tieu: 80
    - ma: cks
      ten: Người dân trưởng thành có chữ ký số
      tu_so: VNPT SmartCA + Viettel MySign
      mau_so: dan_so_truong_thanh
      muc_tieu: 50
"""
TARGETS = {"muc_2": 800, "cks": 500}
NAMES = ["Bản Chang", "Cốc Lùng", "Khuổi Trạng", "Nà Lẹng", "Pác Ban", "Thôm Mò", "Bó Lếch"]


def make_rows(seed, prev=None):
    rnd = random.Random(seed)
    rows = []
    for i, name in enumerate(NAMES):
        if prev:
            p = prev[i]
            a = p["a"] + rnd.randint(0, 6)
            l2 = min(a, p["l2"] + rnd.randint(5, 80))
            v = p["v"] + rnd.randint(0, 40)
            t = p["t"] + rnd.randint(0, 40)
        else:
            a = rnd.randint(300, 1600)
            l2 = rnd.randint(a // 2, a * 9 // 10)
            v = rnd.randint(0, a // 4)
            t = rnd.randint(0, a // 4)
        rows.append(dict(name=name, a=a, l2=l2, v=v, t=t))
    # one thôn above both targets, one exactly on them
    if not prev:
        rows[1].update(a=1000, l2=860, v=300, t=240)
        rows[2].update(a=500, l2=400, v=150, t=100)
    else:
        rows[2].update(a=500, l2=400, v=150, t=100)
        # 2.231 / 2.790 = 79,96 %: short of 80 %, so "79,9", never "80,0"
        rows[3].update(a=2790, l2=2231)
    return rows


def sheet(rows, total_ok=True, title=None):
    """As Excel saves it in a Vietnamese office: BOM, ';', CRLF, 1.234, and
    sometimes the sheet's title on the first line."""
    out = (title + ";;;;;;\r\n") if title else ""
    out += "STT;Tên thôn;Dân số trưởng thành (người);Định danh mức 2;VNPT SmartCA;Viettel MySign;Ghi chú\r\n"
    for i, r in enumerate(rows):
        note = "đường xa" if i == 3 else ""
        out += "%d;%s;%s;%s;%s;%s;%s\r\n" % (i + 1, r["name"], fmt_int(r["a"]), fmt_int(r["l2"]),
                                            fmt_int(r["v"]), fmt_int(r["t"]), note)
    ta, tl = sum(r["a"] for r in rows), sum(r["l2"] for r in rows)
    tv, tt = sum(r["v"] for r in rows), sum(r["t"] for r in rows)
    if not total_ok:
        tl += 10
    out += "Tổng cộng;;%s;%s;%s;%s;\r\n" % (fmt_int(ta), fmt_int(tl), fmt_int(tv), fmt_int(tt))
    return "\ufeff" + out


def figures(rows):
    """Per row and for the commune: num, den per indicator."""
    per = []
    for r in rows:
        per.append({"muc_2": (r["l2"], r["a"]), "cks": (r["v"] + r["t"], r["a"])})
    tot = {k: (sum(p[k][0] for p in per), sum(p[k][1] for p in per)) for k in ("muc_2", "cks")}
    return per, tot


REPORT = """---
loai: bao-cao
so: 12
ky_hieu: BC-UBND
ngay: 2025-04-08
trich_yeu: Kết quả định danh điện tử mức 2 và chữ ký số tháng {{thang_nam}}{{^tong.cks.dat}} (chữ ký số chưa đạt){{/tong.cks.dat}}
so_lieu: so-lieu/2025-03.csv
so_lieu_truoc: so-lieu/2025-02.csv
noi_nhan:
  - UBND huyện
  - "Lưu: VT"
---

Toàn xã có {{tong.muc_2.co}}/{{tong.muc_2.tong_so}} người có tài khoản mức 2, đạt {{tong.muc_2.ty_le}} % ({{tong.muc_2.thay_doi}} điểm %); chữ ký số đạt {{tong.cks.ty_le}} %, còn thiếu {{tong.cks.con_thieu}} người. Số thôn đạt mục tiêu mức 2: {{tong.muc_2.so_dat}}/{{tong.so_thon}}.

{{#tong.muc_2.dat}}Toàn xã đã đạt mục tiêu mức 2.{{/tong.muc_2.dat}}{{^tong.muc_2.dat}}Toàn xã chưa đạt mục tiêu {{muc_2.muc_tieu}}% về tài khoản mức 2.{{/tong.muc_2.dat}}

{{bang}}

{{bieu_do}}

Báo cáo xong./.
"""

LOA = """---
loai: loa
so_lieu: so-lieu/2025-03.csv
moi_xom: true
---

# Thông báo của thôn {{thon.ten}}

Thôn {{thon.ten}} đã có {{thon.muc_2.co}} người có {{muc_2.ten}}.

{{#muc_2.dat}}

Thôn đã đạt mục tiêu, xin cảm ơn bà con.

{{/muc_2.dat}}
{{^muc_2.dat}}

Thôn cần thêm {{thon.muc_2.con_thieu}} người nữa để đạt mục tiêu.

{{/muc_2.dat}}
"""


POSTER = """---
loai: ap-phich
kho: a4
so_lieu: so-lieu/2025-03.csv
moi_xom: true
---

# {{#muc_2.dat}}Thôn {{thon.ten}} đã đạt!{{/muc_2.dat}}{{^muc_2.dat}}Thôn {{thon.ten}} còn {{thon.muc_2.con_thieu}} người{{/muc_2.dat}}

Tài khoản mức 2: {{thon.muc_2.ty_le}} %.
"""


def build(tmp, name, cur_ok=True):
    d = os.path.join(tmp, name)
    os.makedirs(os.path.join(d, "so-lieu"))
    write(os.path.join(d, "phat.yaml"), YAML)
    prev = make_rows(71)
    cur = make_rows(72, prev)
    write(os.path.join(d, "so-lieu", "2025-02.csv"), sheet(prev))
    write(os.path.join(d, "so-lieu", "2025-03.csv"), sheet(cur, cur_ok, "BẢNG TỔNG HỢP KẾT QUẢ THÁNG 3/2025"))
    write(os.path.join(d, "bao-cao.md"), REPORT)
    write(os.path.join(d, "loa-thon.md"), LOA)
    write(os.path.join(d, "ap-phich.md"), POSTER)
    out = os.path.join(tmp, name + "-out")
    r = subprocess.run([PHAT, "build", "-o", out, d], capture_output=True, text=True)
    return r, out, prev, cur


def rows_of(doc):
    out = []
    for page in doc:
        words = sorted(page.get_text("words"), key=lambda w: ((w[1] + w[3]) / 2, w[0]))
        line, y = [], None
        for w in words:
            yc = (w[1] + w[3]) / 2
            if y is not None and abs(yc - y) > 2.5:
                out.append(" ".join(x[4] for x in sorted(line, key=lambda w: w[0])))
                line = []
            line.append(w)
            y = yc
        if line:
            out.append(" ".join(x[4] for x in sorted(line, key=lambda w: w[0])))
    return [r.replace("\u00a0", " ") for r in out]


def readme_blocks():
    """The campaign, the sheet and the sections of README.md, as a reader
    copies them."""
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    camp = text[text.index("### Campaigns"):]
    yaml = re.search(r"```yaml\n(.*?)```", camp, re.S).group(1)
    sheet_ = re.search(r"```csv\n(.*?)```", camp, re.S).group(1)
    sect = text[text.index("### Text that depends on the figures"):]
    md = re.search(r"```markdown\n(.*?)```", sect, re.S).group(1)
    return yaml, sheet_, md


def test_readme(tmp):
    yaml, sheet_, md = readme_blocks()
    d = os.path.join(tmp, "readme")
    os.makedirs(os.path.join(d, "so-lieu"))
    write(os.path.join(d, "phat.yaml"), YAML.split("chien_dich:")[0] + yaml)
    write(os.path.join(d, "so-lieu", "2025-03.csv"), sheet_)
    write(os.path.join(d, "loa.md"), "---\nloai: loa\nso_lieu: so-lieu/2025-03.csv\nmoi_xom: true\n---\n\n" + md)
    write(os.path.join(d, "bc.md"), REPORT.replace("so_lieu_truoc: so-lieu/2025-02.csv\n", "")
          .replace("{{tong.muc_2.thay_doi}}", "0"))
    out = os.path.join(tmp, "readme-out")
    r = subprocess.run([PHAT, "build", "-o", out, d], capture_output=True, text=True)
    if not check(r.returncode == 0 and "error" not in r.stderr,
                 "README: its campaign, its sheet (total row included) and its sections build", r.stderr):
        return
    rows = [l.split(";") for l in sheet_.strip().split("\n")[1:] if not l.startswith("Tổng")]
    num = lambda v: int(v.replace(".", ""))
    a_all = sum(num(x[2]) for x in rows)
    l_all = sum(num(x[3]) for x in rows)
    commune = l_all * 1000 >= 800 * a_all
    bad = []
    for x in rows:
        a, l2 = num(x[2]), num(x[3])
        path = os.path.join(out, "loa", "loa-thon-%s.txt" % slug(x[1]))
        t = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        ok = l2 * 1000 >= 800 * a
        if not t or ("Xin cảm ơn bà con." in t) != ok or ("cần thêm" in t) == ok or \
                ("Việc cần làm tháng tới" in t) == commune or "{{" in t:
            bad.append((x[1], l2, a, t[:160]))
    check(not bad, "README: each thôn's script says what its sections promise (the commune %s 80%%)"
          % ("reached" if commune else "is below"), bad)


def main():
    tmp = tempfile.mkdtemp(prefix="phat-campaign-")
    try:
        test_readme(tmp)
        r, out, prev, cur = build(tmp, "thon")
        if not check(r.returncode == 0, "a thôn campaign with two indicators builds", r.stderr):
            return
        warn = [l for l in r.stderr.splitlines() if "warning" in l]
        check(not [w for w in warn if "STT" in w or "Ghi chú" in w],
              "STT and Ghi chú, in every Vietnamese sheet, are left out without a warning", warn)
        pf, pt = figures(prev)
        cf, ct = figures(cur)
        doc = fitz.open(os.path.join(out, "bao-cao.pdf"))
        text = " ".join(" ".join(p.get_text() for p in doc).replace("\u00a0", " ").split())
        m2, c2 = ct["muc_2"], ct["cks"]
        want = ("Toàn xã có %s/%s người có tài khoản mức 2, đạt %s%% (%s điểm %%); chữ ký số đạt %s%%, "
                "còn thiếu %s người." % (fmt_int(m2[0]), fmt_int(m2[1]), fmt_tenths(tenths(*m2, 800)),
                                         fmt_change(change(m2[0], m2[1], *pt["muc_2"])),
                                         fmt_tenths(tenths(*c2, 500)), fmt_int(need(c2[0], c2[1], 500))))
        check(want in text, "the body's figures of both indicators agree with the CSV", want)
        reached = sum(1 for f in cf if f["muc_2"][0] * 1000 >= 800 * f["muc_2"][1])
        check("Số thôn đạt mục tiêu mức 2: %d/%d." % (reached, len(cur)) in text,
              "units that reached the target, counted here: %d of %d" % (reached, len(cur)))
        commune_ok = m2[0] * 1000 >= 800 * m2[1]
        sentence = "Toàn xã đã đạt mục tiêu mức 2." if commune_ok else \
            "Toàn xã chưa đạt mục tiêu 80% về tài khoản mức 2."
        check(sentence in text and ("chưa đạt mục tiêu 80%" in text) != commune_ok,
              "a section on the commune's figure shows the right sentence only", sentence)
        cks_ok = c2[0] * 1000 >= 500 * c2[1]
        check(("Kết quả định danh điện tử mức 2 và chữ ký số tháng 03/2025" +
               ("" if cks_ok else " (chữ ký số chưa đạt)")) in text,
              "{{thang_nam}} and a section in the trích yếu (signatures %s)" % ("reached" if cks_ok else "below"))
        rows = rows_of(doc)

        def group(k, parts, n, a, p):
            """An indicator's cells: its columns, their sum when several, the
            rate, the change in points, reached or not."""
            return [fmt_int(x) for x in parts] + ([fmt_int(n)] if len(parts) > 1 else []) + \
                [fmt_tenths(tenths(n, a, TARGETS[k])), fmt_change(change(n, a, *p)), "Đạt" if n * 1000 >= TARGETS[k] * a else "Chưa"]

        # the two groups side by side in one table, or (when the page is too
        # narrow for both even at 10 pt) each in a table of its own
        missing = []
        for i, (r0, f) in enumerate(zip(cur, cf)):
            head = [str(i + 1), r0["name"], fmt_int(r0["a"])]
            g1 = group("muc_2", [r0["l2"]], *f["muc_2"], pf[i]["muc_2"])
            g2 = group("cks", [r0["v"], r0["t"]], *f["cks"], pf[i]["cks"])
            one = " ".join(head + g1 + g2) in rows
            two = " ".join(head + g1) in rows and " ".join(head + g2) in rows
            if not (one or two):
                missing.append(" ".join(head + g1 + g2))
        check(not missing, "every thôn's row: both indicators' groups as computed from the CSV",
              (missing, [x for x in rows if x[:1].isdigit()]))
        tot = ["Tổng cộng", fmt_int(ct["muc_2"][1])]
        t1 = group("muc_2", [sum(r0["l2"] for r0 in cur)], *ct["muc_2"], pt["muc_2"])
        t2 = group("cks", [sum(r0["v"] for r0 in cur), sum(r0["t"] for r0 in cur)], *ct["cks"], pt["cks"])
        check(" ".join(tot + t1 + t2) in rows or (" ".join(tot + t1) in rows and " ".join(tot + t2) in rows),
              "the total row of both groups", " ".join(tot + t1 + t2))
        check("Tài khoản định danh điện tử mức 2 (mục tiêu 80%)" in text and
              "Người dân trưởng thành có chữ ký số (mục tiêu 50%)" in text,
              "a column group per indicator, headed by its name and target")
        check("Tăng, giảm so với tháng trước (điểm %)" in text, "changes headed in percentage points")
        check(any(r0.startswith("STT Thôn") for r0 in rows), "the unit's name heads its column: Thôn")
        crossed = []
        for p in doc:
            ws = p.get_text("words")
            crossed += [(a[4], b[4]) for i, a in enumerate(ws) for b in ws[i + 1:]
                        if min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 2]
        check(not crossed, "no word is drawn over another (headers fit their columns)", crossed[:5])
        for cap in ("Tỷ lệ tài khoản định danh điện tử mức 2 theo thôn, tháng 03/2025",
                    "Tỷ lệ người dân trưởng thành có chữ ký số theo thôn, tháng 03/2025"):
            check(cap in text, "a chart per indicator: " + cap)
        check("Mục tiêu 80%" in text and "Mục tiêu 50%" in text, "each chart marks its own target")

        # ---- per-thôn loudspeaker scripts ----
        loa = os.path.join(out, "loa")
        made = sorted(os.listdir(loa)) if os.path.isdir(loa) else []
        want_files = sorted(["loa-thon-thon-%s.%s" % (slug(n), e) for n in NAMES for e in ("txt", "pdf")])
        check(made == want_files, "one script per thôn, named -thon-<name>", made)
        bad = []
        for r0, f in zip(cur, cf):
            path = os.path.join(loa, "loa-thon-thon-%s.txt" % slug(r0["name"]))
            if not os.path.exists(path):
                continue
            t = open(path, encoding="utf-8").read()
            n, a = f["muc_2"]
            ok = n * 1000 >= 800 * a
            if ("đã đạt mục tiêu" in t) != ok or ("cần thêm" in t) == ok or "cần thêm không" in t \
                    or "{{" in t or "tài khoản định danh điện tử mức hai" not in t:
                bad.append((r0["name"], n, a, t[:200]))
        check(not bad, "each thôn's script: thanks when it reached 80%, the people still needed "
                       "when not, never 'cần thêm không', the spoken name of the indicator", bad)
        check(any(x["l2"] * 1000 >= 800 * x["a"] for x in cur) and any(x["l2"] * 1000 < 800 * x["a"] for x in cur),
              "(the sheet has thôn on both sides of the target)")

        # ---- per-thôn posters: a section in the headline ----
        bad = []
        for r0, f in zip(cur, cf):
            path = os.path.join(out, "ap-phich-thon-%s.pdf" % slug(r0["name"]))
            n, a = f["muc_2"]
            want = ("Thôn %s đã đạt!" % r0["name"]) if n * 1000 >= 800 * a else \
                ("Thôn %s còn %s người" % (r0["name"], fmt_int(need(n, a, 800))))
            t = ""
            if os.path.exists(path):
                with fitz.open(path) as pdf:
                    t = " ".join(pdf[0].get_text().split())
            if want not in t or ("Tài khoản mức 2: %s%%." % fmt_tenths(tenths(n, a, 800))) not in t:
                bad.append((want, t[:120]))
        check(not bad, "each thôn's poster: its headline from a section, its rate", bad)

        # ---- a total row that does not add up ----
        r, out2, _, cur2 = build(tmp, "sai", cur_ok=False)
        s = sum(x["l2"] for x in cur2)
        want = "2025-03.csv:%d:4: error: the total row says %s in column \"Định danh mức 2\" but the thôn rows " \
               "add up to %s" % (len(cur2) + 3, fmt_int(s + 10), fmt_int(s))
        check(r.returncode == 1 and want in r.stderr, "a wrong total row: exit 1, both numbers, at its cell",
              r.stderr)
        check(not os.path.exists(os.path.join(out2, "bao-cao.pdf")), "... and no report is written")

        # ---- a report naming one indicator, and a misspelt one ----
        d = os.path.join(tmp, "thon")
        write(os.path.join(d, "mot.md"), REPORT.replace("so_lieu_truoc:", "chi_tieu: cks\nso_lieu_truoc:"))
        r = subprocess.run([PHAT, "render", os.path.join(d, "mot.md"), "-o", os.path.join(tmp, "mot.pdf")],
                           capture_output=True, text=True)
        if check(r.returncode == 0, "chi_tieu: cks renders", r.stderr):
            t = " ".join(" ".join(p.get_text() for p in fitz.open(os.path.join(tmp, "mot.pdf"))).split())
            check("(mục tiêu 50%)" in t and "(mục tiêu 80%)" not in t and "Mục tiêu 80%" not in t,
                  "... with only that indicator's group and chart")
        write(os.path.join(d, "sai.md"), REPORT.replace("so_lieu_truoc:", "chi_tieu: [muc_2, ckss]\nso_lieu_truoc:"))
        r = subprocess.run([PHAT, "render", os.path.join(d, "sai.md"), "-o", os.path.join(tmp, "sai.pdf")],
                           capture_output=True, text=True)
        check(r.returncode == 1 and "sai.md:8:19: error:" in r.stderr and "did you mean cks?" in r.stderr,
              "a misspelt chi_tieu: its line and the name meant", r.stderr)
        # an unclosed section in the body: its line and column
        write(os.path.join(d, "mo.md"), REPORT.replace("{{/tong.muc_2.dat}}{{^", "{{^"))
        r = subprocess.run([PHAT, "render", os.path.join(d, "mo.md"), "-o", os.path.join(tmp, "mo.pdf")],
                           capture_output=True, text=True)
        line = REPORT.split("\n").index([l for l in REPORT.split("\n") if l.startswith("{{#tong.muc_2.dat}}")][0]) + 1
        check(r.returncode == 1 and ("mo.md:%d:1: error: {{#tong.muc_2.dat}} opens a section that is never closed"
                                     % line) in r.stderr, "an unclosed section: error at its line:col", r.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


main()
sys.exit(1 if failures else 0)
