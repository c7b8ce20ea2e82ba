#!/usr/bin/python3
"""Leaflets, posters, A4 tiles and phone copies (issue 3), measured in the PDFs
phat writes: page sizes and counts, which panel lies where once the sheet is
printed on both sides and folded, nothing across a fold, QR codes that decode
at print and at phone resolution, grey contrast, and the shrink / overflow
behaviour. Expected positions come from the folding geometry, not from phat.
Type sizes, fill, identity, contact, tiles, phone pages and PNG images
(issue 13) are measured in test_print.py."""

import os
import subprocess
import sys
import tempfile

import fitz

from leaf import MM, PHAT, ROOT, Checks, render

ZALO = "https://zalo.me/g/oebxox482"
check = Checks()


def spans(page):
    """(text, bbox, size, colour) of every text span."""
    out = []
    for b in page.get_text("dict")["blocks"]:
        for line in b.get("lines", []):
            for s in line["spans"]:
                if s["text"].strip():
                    out.append((s["text"], fitz.Rect(s["bbox"]), s["size"], s["color"]))
    return out


def find(page, needle):
    for t, r, _, _ in spans(page):
        if needle in t:
            return r
    return None


def qr_decodes(pdf, page_no, dpi, want):
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "p")
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page_no), "-l", str(page_no), pdf, base],
                       check=True)
        pngs = sorted(os.listdir(tmp))
        r = subprocess.run(["zbarimg", "--raw", "-q", os.path.join(tmp, pngs[0])], capture_output=True, text=True)
        return want in r.stdout.split("\n")


def luminance_contrast(rgb):
    r, g, b = (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255
    y = (0.299 * r + 0.587 * g + 0.114 * b) / 255
    lin = y / 12.92 if y <= 0.03928 else ((y + 0.055) / 1.055) ** 2.4
    return 1.05 / (lin + 0.05)


def test_trifold(tmp):
    src = os.path.join(ROOT, "content", "to-roi-chu-ky-so.md")
    out = os.path.join(tmp, "to-roi.pdf")
    r = render(src, out)
    if not check(r.returncode == 0, "the tri-fold leaflet renders", r.stderr):
        return
    doc = fitz.open(out)
    check(doc.page_count == 2, "tri-fold: two sides", doc.page_count)
    for p in doc:
        check(abs(p.rect.width - 297 * MM) < 1 and abs(p.rect.height - 210 * MM) < 1,
              "tri-fold: A4 landscape page %d" % (p.number + 1), p.rect)
    # outside [2 | 6 | 1] with the fold-in panel 97 mm wide; inside [3 | 4 | 5]
    outside, inside = doc[0], doc[1]
    folds = {0: [0, 97 * MM, 197 * MM, 297 * MM], 1: [0, 100 * MM, 200 * MM, 297 * MM]}
    where = [  # (page, third, text of the panel)
        (0, 2, "Đăng ký chữ ký số công cộng miễn phí"),   # panel 1: front cover, right third
        (0, 0, "Chữ ký số công cộng là gì?"),              # panel 2: flap, left third
        (1, 0, "Ai đăng ký được?"),                         # panel 3
        (1, 1, "Cách 1: VNeID và VNPT SmartCA"),            # panel 4
        (1, 2, "Cách 2: Viettel MySign"),                   # panel 5
        (0, 1, "Cần giúp đỡ?"),                             # panel 6: back, middle
    ]
    for i, (pg, third, text) in enumerate(where):
        rect = find(doc[pg], " ".join(text.split(":")[0].split()[:2]))
        f = folds[pg]
        ok = rect is not None and f[third] <= rect.x0 and rect.x1 <= f[third + 1]
        check(ok, "panel %d (\"%s\") lies in third %d of the %s side" % (i + 1, text, third + 1,
              "outside" if pg == 0 else "inside"), rect)
    for pg in (0, 1):
        f = folds[pg]
        across = [t for t, r, _, _ in spans(doc[pg]) if any(r.x0 < x - 0.5 < r.x1 - 1 for x in f[1:3])]
        check(not across, "side %d: no text crosses a fold" % (pg + 1), across[:3])
        margin = [t for t, r, _, _ in spans(doc[pg]) if r.y0 < 8 * MM or r.y1 > 202 * MM]
        check(not margin, "side %d: text stays inside the panels' margins" % (pg + 1), margin[:3])
    # fold marks: thin vertical marks at the fold lines, near the sheet's edges
    for pg in (0, 1):
        marks = [d["rect"] for d in doc[pg].get_drawings()
                 if d["rect"].width < 1.5 and d["rect"].height > 2 * MM and d["rect"].height < 8 * MM]
        xs = sorted({round(m.x0 / MM) for m in marks})
        check(len(marks) >= 4 and all(min(abs(x - f / MM) for f in folds[pg][1:3]) < 1.5 for x in xs),
              "side %d: fold marks at the folds" % (pg + 1), xs)
    check(qr_decodes(out, 1, 150, ZALO), "tri-fold: the Zalo QR code decodes at 150 dpi")
    # dark text on the paper, white text only on a dark band
    colours = {c for p in doc for _, _, _, c in spans(p) if c != 0xFFFFFF}
    worst = min(luminance_contrast(c) for c in colours)
    check(worst >= 4.5, "tri-fold: every text colour keeps 4.5:1 contrast in grey", worst)
    for p in doc:
        fills = [(d["rect"], d["fill"]) for d in p.get_drawings() if d.get("fill")]
        for t, r, _, c in spans(p):
            if c != 0xFFFFFF:
                continue
            under = [f for rr, f in fills if rr.contains(fitz.Rect(r.x0 + 1, r.y0 + 1, r.x1 - 1, r.y1 - 1))]
            rgb = [int(round(v * 255)) for v in under[-1]] if under else [255, 255, 255]
            check(under and luminance_contrast(rgb[0] << 16 | rgb[1] << 8 | rgb[2]) >= 4.5,
                  "tri-fold: white text \"%s\" sits on a band dark enough for grey printing" % t, rgb)
    sizes = [s for p in doc for _, _, s, _ in spans(p)]
    check(min(sizes) >= 11 - 0.01, "tri-fold: no text below the 11 pt floor", min(sizes))


def test_phone(tmp):
    src = os.path.join(ROOT, "content", "to-roi-chu-ky-so.md")
    out = os.path.join(tmp, "to-roi-chu-ky-so.pdf")
    r = render(src, out, "--phone")
    phone = os.path.join(tmp, "to-roi-chu-ky-so-dien-thoai.pdf")
    if not check(r.returncode == 0 and os.path.exists(phone), "the phone copy is written, named without diacritics",
                 r.stderr + str(os.listdir(tmp))):
        return
    doc = fitz.open(phone)
    check(all(abs(p.rect.width - 90 * MM) < 1 and abs(p.rect.height - 160 * MM) < 1 for p in doc),
          "phone copy: 90 x 160 mm pages")
    check(doc.page_count >= 6, "phone copy: at least one page per panel", doc.page_count)
    body = [s for p in doc for _, _, s, _ in spans(p)]
    check(min(body) >= 15 - 0.01, "phone copy: no text below 15 pt", min(body))
    links = [l for p in doc for l in p.get_links() if l.get("uri") == ZALO]
    check(links, "phone copy: the Zalo link is clickable")
    qr_page = next((p.number + 1 for p in doc if find(p, "Nhóm Zalo")), None)
    # a phone at two device pixels per CSS pixel shows 90 mm as ~720 px: ~203 dpi
    check(qr_page and qr_decodes(phone, qr_page, 203, ZALO), "phone copy: the QR code decodes at screen resolution")
    check(os.path.getsize(phone) < 150 * 1024, "phone copy under 150 KB", os.path.getsize(phone))


def test_poster(tmp):
    src = os.path.join(ROOT, "content", "ap-phich-chu-ky-so.md")
    out = os.path.join(tmp, "ap-phich.pdf")
    r = render(src, out)
    if not check(r.returncode == 0, "the A3 poster renders", r.stderr):
        return
    doc = fitz.open(out)
    p = doc[0]
    check(doc.page_count == 1 and abs(p.rect.width - 297 * MM) < 1 and abs(p.rect.height - 420 * MM) < 1,
          "poster: one A3 page", p.rect)
    sp = spans(p)
    head = [s for s in sp if s[2] == max(x[2] for x in sp)]
    lines = {round(s[1].y0) for s in head}
    check(len(lines) <= 2, "poster: the headline takes at most two lines", len(lines))
    check(all(s[1].x0 >= 10 * MM and s[1].x1 <= 287 * MM for s in sp), "poster: no text outside the margins")
    body = [s[2] for s in sp if s not in head]
    check(min(body) >= 18 - 0.01 or min(body) >= 15, "poster: body text large enough to read", min(body))
    # QR modules: the smallest dark square run of the code is one module high
    qr = [it[1] for d in p.get_drawings() if d.get("fill") == (0.0, 0.0, 0.0)
          for it in d["items"] if it[0] == "re" and it[1].height < 10 * MM]
    module = min((r.height for r in qr), default=0)
    check(module >= 1 * MM - 0.01, "poster: QR modules of at least 1 mm", module / MM)
    check(qr_decodes(out, 1, 150, ZALO), "poster: the QR code decodes at print resolution (150 dpi)")
    check(os.path.exists(os.path.join(tmp, "ap-phich-ghep-a4.pdf")), "poster with ghep: a4 writes the A4 tile set")


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def test_fit(tmp):
    words = "Người dân mang căn cước đến bộ phận một cửa để được hướng dẫn đăng ký. "
    panels = ["# Bìa\n\nMở đầu."] + ["## Mục %d\n\n%s" % (i, words * 3) for i in range(2, 7)]
    ok_src = os.path.join(tmp, "vua.md")
    write(ok_src, "---\nloai: to-roi\n---\n\n" + "\n\n---\n\n".join(panels) + "\n")
    r = render(ok_src, os.path.join(tmp, "vua.pdf"))
    check(r.returncode == 0, "six ordinary panels lay out", r.stderr)
    # panel 3 a little long: it shrinks below 14 pt but not below 11 pt
    mid = list(panels)
    mid[2] = "## Mục 3\n\n" + words * 16
    src = os.path.join(tmp, "co.md")
    write(src, "---\nloai: to-roi\n---\n\n" + "\n\n---\n\n".join(mid) + "\n")
    r = render(src, os.path.join(tmp, "co.pdf"))
    if check(r.returncode == 0, "a long panel shrinks to fit", r.stderr):
        d = fitz.open(os.path.join(tmp, "co.pdf"))
        s3 = [s for _, rect, s, _ in spans(d[1]) if rect.x1 < 100 * MM]
        check(s3 and 11 - 0.01 <= min(s3) < 14, "the shrunk panel is between 11 and 14 pt (it starts at 14)", s3[:1])
    big = list(panels)
    big[2] = "## Mục 3\n\n" + words * 80
    src = os.path.join(tmp, "dai.md")
    write(src, "---\nloai: to-roi\n---\n\n" + "\n\n---\n\n".join(big) + "\n")
    out = os.path.join(tmp, "dai.pdf")
    r = render(src, out)
    line = "\n\n---\n\n".join(big[:2]).count("\n") + 1 + 5 + 4   # front matter 4 lines + blank
    check(r.returncode == 1 and "panel 3 is" in r.stderr and "mm too long" in r.stderr,
          "a panel that cannot fit: exit 1 and 'panel 3 is … mm too long'", r.stderr)
    check(r.stderr.startswith(src + ":"), "the overflow message names the file and line", r.stderr)
    check(not os.path.exists(out), "no PDF is written when a panel overflows")
    seven = "\n\n---\n\n".join(panels + ["## Thừa\n\nMột panel nữa."])
    src = os.path.join(tmp, "bay.md")
    write(src, "---\nloai: to-roi\n---\n\n" + seven + "\n")
    r = render(src, os.path.join(tmp, "bay.pdf"))
    check(r.returncode == 1 and "panel 7" in r.stderr, "seven panels on a tri-fold: exit 1 naming panel 7", r.stderr)
    src = os.path.join(tmp, "kho.md")
    write(src, "---\nloai: to-roi\nkho: a6\n---\n\nChữ.\n")
    r = render(src, os.path.join(tmp, "kho.pdf"))
    check(r.returncode == 1 and ":3:" in r.stderr and "a6" in r.stderr, "an unknown kho: exit 1 at its line", r.stderr)
    src = os.path.join(tmp, "mau.md")
    write(src, "---\nloai: to-roi\nmau: \"#FFDD00\"\n---\n\nChữ.\n")
    r = render(src, os.path.join(tmp, "mau.pdf"))
    check(r.returncode == 1 and "too light" in r.stderr, "a colour too light for grey printing is refused", r.stderr)
    src = os.path.join(tmp, "qr.md")
    # 2,000 bytes need a QR of 185 modules: 93 mm at the phone copy's 0.5 mm
    write(src, "---\nloai: to-roi\ndien_thoai: true\n---\n\n![x](qr:https://example.org/" + "a" * 2000 + ")\n")
    r = render(src, os.path.join(tmp, "qr.pdf"))
    check(r.returncode == 1 and "QR" in r.stderr, "a QR code too dense for its panel is refused", r.stderr)
    # a picture wider than its panel: scaled down to the panel, as every photo is (no warning)
    pic = fitz.open()
    pg = pic.new_page(width=600, height=200)
    pg.draw_rect(fitz.Rect(0, 0, 600, 200), fill=(0.2, 0.3, 0.6))
    pg.get_pixmap(dpi=144).save(os.path.join(tmp, "rong.png"))   # 1200 px: 8 inches at 150 dpi
    src = os.path.join(tmp, "anh.md")
    write(src, "---\nloai: to-roi\n---\n\n# Ảnh\n\n![Ảnh rộng](rong.png)\n")
    out = os.path.join(tmp, "anh.pdf")
    r = render(src, out)
    if check(r.returncode == 0 and "warning" not in r.stderr,
             "a picture wider than its panel: the leaflet is made, without a warning", r.stderr):
        leaflet = fitz.open(out)
        imgs = [i for p in leaflet for i in p.get_image_info()]
        check(imgs and all(i["bbox"][2] - i["bbox"][0] <= 100 * MM - 16 * MM + 0.5 for i in imgs),
              "the picture is scaled down to the panel's width", [i["bbox"] for i in imgs])
    src = os.path.join(tmp, "a5.md")
    write(src, "---\nloai: to-roi\nkho: a5\n---\n\n" + "\n\n---\n\n".join(panels) + "\n")
    r = render(src, os.path.join(tmp, "a5.pdf"))
    if check(r.returncode == 0, "an A5 leaflet renders", r.stderr):
        d = fitz.open(os.path.join(tmp, "a5.pdf"))
        check(d.page_count == 3, "six A5 pages, two on each A4 sheet", d.page_count)
        left = find(d[0], "Bìa")
        right = find(d[0], "Mục 2")
        check(left and right and left.x1 < 148.5 * MM < right.x0, "A5: pages 1 and 2 side by side on sheet 1")


def read_csv(path):
    """The month's CSV as Excel writes it (BOM, ';' or ',', '1.234'), summed
    here independently of phat."""
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    lines = [l for l in text.splitlines() if l.strip() and not l.startswith("sep=")]
    sep = ";" if lines[0].count(";") > lines[0].count(",") else ","
    rows = list(csv.DictReader(lines, delimiter=sep))
    num = lambda v: int(v.replace(".", "").replace(" ", "") or 0)
    adults = sum(num(r["dan_so_truong_thanh"]) for r in rows)
    signed = sum(num(r[c]) for r in rows for c in ("vnpt_smartca", "viettel_mysign", "khac") if c in r)
    return rows, adults, signed


def test_poster_figures(tmp):
    src = os.path.join(ROOT, "content", "ap-phich-tien-do.md")
    out = os.path.join(tmp, "tien-do.pdf")
    r = render(src, out)
    if not check(r.returncode == 0, "the progress poster renders", r.stderr):
        return
    rows, adults, signed = read_csv(os.path.join(ROOT, "content", "so-lieu", "2025-02.csv"))
    tenths = (signed * 1000 * 2 + adults) // (2 * adults)          # half up
    rate = "%d,%d" % (tenths // 10, tenths % 10)
    need = max(0, -(-adults // 2) - signed)
    pdf = fitz.open(out)
    text = " ".join(pdf[0].get_text().split())
    # "{{tong.ty_le}} %" is printed "36,4%": one way of writing % (the decree's)
    check(rate + "%" in text and rate + " %" not in text,
          "the progress poster shows the commune's rate from the CSV, written 36,4%", rate)
    check("{:,}".format(need).replace(",", ".") in text,
          "the progress poster shows the signatures still needed", need)
    # one poster per hamlet
    d = os.path.join(tmp, "xom")
    os.makedirs(d)
    with open(os.path.join(d, "so-lieu.csv"), "w", encoding="utf-8") as f:
        f.write("xom,dan_so_truong_thanh,vnpt_smartca,viettel_mysign,khac\n"
                "Đồng Cả,400,100,60,0\nNa Chặng,300,140,20,5\nXóm Mới,200,10,10,0\n")
    write(os.path.join(d, "p.md"), "---\nloai: ap-phich\nso_lieu: so-lieu.csv\nmoi_xom: true\n---\n\n"
          "# Xóm {{xom.ten}}: {{xom.ty_le}} %\n\nCòn {{xom.con_thieu}} người nữa.\n")
    r = render(os.path.join(d, "p.md"), os.path.join(d, "p.pdf"))
    want = {"dong-ca": ("Đồng Cả", "40,0", 40), "na-chang": ("Na Chặng", "55,0", 0), "xom-moi": ("Xóm Mới", "10,0", 80)}
    made = sorted(f for f in os.listdir(d) if f.endswith(".pdf"))
    check(r.returncode == 0 and made == sorted("p-xom-%s.pdf" % k for k in want),
          "moi_xom: one poster per hamlet, named without diacritics", (r.stderr, made))
    for slug, (name, rate, need) in want.items():
        path = os.path.join(d, "p-xom-%s.pdf" % slug)
        if os.path.exists(path):
            one = fitz.open(path)
            t = " ".join(one[0].get_text().split())
            check(name in t and rate + "%" in t and ("Còn %d người" % need) in t,
                  "the poster of %s carries its own figures" % name, t[:80])


with tempfile.TemporaryDirectory() as tmp:
    test_poster_figures(tmp)
    test_trifold(tmp)
    test_phone(tmp)
    test_poster(tmp)
    test_fit(tmp)
sys.exit(1 if check.failures else 0)
