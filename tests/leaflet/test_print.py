#!/usr/bin/python3
"""Leaflets, posters and phone copies a commune hands out (issue 13), measured
on the files phat writes for content/ and for a leaflet and a poster written
as a clerk writes them (tests/leaflet/clerk/, another commune, its own
phat.yaml): type sizes, how far down each panel its content reaches and the
largest empty stretch in it, the issuer band and the contact block, QR sizes
and decoding, where fold and cut marks sit, the A4 tiles (sheet count against
a brute-force search of the rules, seam distances from QR codes and
headlines, what each sheet's text layer holds), phone pages (text sizes,
fill, tap lines instead of "quét mã") and the PNG images for Zalo (size,
width, QR decoding, drawn like the PDF). Expected values come from the
geometry the README states and from the inputs, never from phat's output."""

import os
import re
import struct
import subprocess
import sys
import tempfile

import fitz

from leaf import MM, PHAT, ROOT, Checks, render

CLERK = os.path.join(ROOT, "tests", "leaflet", "clerk")
check = Checks()


def spans(page, clip=None):
    """(text, bbox, size, colour, bold) of every text span."""
    out = []
    for b in page.get_text("dict", clip=clip)["blocks"]:
        for line in b.get("lines", []):
            for s in line["spans"]:
                if s["text"].strip():
                    out.append((s["text"], fitz.Rect(s["bbox"]), s["size"], s["color"], "Bold" in s["font"]))
    return out


def squash(t):
    return " ".join(t.split())


def region_text(page, rect):
    return squash(page.get_text("text", clip=rect))


def body_size(sp):
    """The size most characters are set in."""
    count = {}
    for t, _, s, _, _ in sp:
        count[round(s, 1)] = count.get(round(s, 1), 0) + len(t)
    return max(count, key=count.get) if count else 0


def grey(fill):
    return fill and abs(fill[0] - fill[1]) < 0.01 and abs(fill[1] - fill[2]) < 0.01 and 0.3 < fill[0] < 0.7


def qr_paths(page):
    """Bounding boxes and module sizes of the QR codes drawn on page: one
    black path of many small rectangles each."""
    out = []
    for d in page.get_drawings():
        items = [it[1] for it in d["items"] if it[0] == "re"]
        if d.get("fill") == (0.0, 0.0, 0.0) and len(items) > 20:
            out.append((d["rect"], min(r.height for r in items)))
    return out


def marks(page):
    """Thin grey rectangles: fold, cut and corner marks."""
    return [d["rect"] for d in page.get_drawings()
            if grey(d.get("fill")) and min(d["rect"].width, d["rect"].height) < 1.5]


def empty_runs(boxes, top, bottom):
    """Where the content ends (share of the frame) and the largest vertical
    stretch of the frame nothing covers (share)."""
    ivs = sorted((max(b.y0, top), min(b.y1, bottom)) for b in boxes if b.y1 > top and b.y0 < bottom)
    cur, gap = top, 0
    for a, b in ivs:
        gap = max(gap, a - cur)
        cur = max(cur, b)
    h = bottom - top
    return (cur - top) / h, max(gap, bottom - cur) / h


def uris(page):
    """(uri, rect) of every link on page, whatever its scheme (MuPDF reports
    only web links' URIs, so read /A /URI from the annotation)."""
    out = []
    for l in page.get_links():
        u = l.get("uri")
        if not u and l.get("xref"):
            kind, val = page.parent.xref_get_key(l["xref"], "A/URI")
            u = val.strip("()") if kind == "string" else None
        if u:
            out.append((u, fitz.Rect(l["from"])))
    return out


def decodes(png):
    r = subprocess.run(["zbarimg", "--raw", "-q", png], capture_output=True, text=True)
    return [l for l in r.stdout.split("\n") if l]


def decodes_pdf(pdf, page_no, dpi, tmp, clip=None):
    base = os.path.join(tmp, "dec")
    crop = []
    if clip is not None:
        k = dpi / 72
        crop = ["-x", str(int(clip.x0 * k)), "-y", str(int(clip.y0 * k)), "-W", str(int(clip.width * k)),
                "-H", str(int(clip.height * k))]
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page_no), "-l", str(page_no),
                    *crop, pdf, base], check=True, capture_output=True)
    return decodes(base + ".png")


def yaml_contact(path):
    """The lien_he block of a phat.yaml as the test reads it: a few lines
    indented under "lien_he:", phone numbers as a list."""
    out, phones, inside, key = {}, [], False, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("lien_he:"):
                inside = True
                continue
            if inside and line.strip() and not line.startswith(" "):
                break
            if not inside or not line.strip() or line.strip().startswith("#"):
                continue
            s = line.strip()
            if s.startswith("- "):
                phones.append(s[2:])
            else:
                key, _, val = s.partition(":")
                if val.strip():
                    out[key] = val.strip()
    out["so_dien_thoai"] = phones
    return out


def yaml_value(path, key):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(key + ":"):
                return line.split(":", 1)[1].strip()
    return None


def tel(number_text):
    """The tel: link a phone number in a contact line should have: its
    last run of digits with spaces and dots, digits only."""
    runs = re.findall(r"\+?\d[\d .]*\d", number_text)
    return "tel:" + re.sub(r"[^\d+]", "", runs[-1])


# ---- leaflets ----

# tri-fold: outside [2 | 6 | 1], inside [3 | 4 | 5]; the fold-in panel is 97 mm
FOLDS = {0: [0, 97, 197, 297], 1: [0, 100, 200, 297]}
ORDER = {0: [2, 6, 1], 1: [3, 4, 5]}
FRAME_TOP, FRAME_BOTTOM = 10 * MM, 200 * MM   # the README: panels' text from 10 mm to 200 mm


def leaflet_panels(doc):
    """{panel number: (page, clip rect)}."""
    out = {}
    for pg in (0, 1):
        for k in range(3):
            out[ORDER[pg][k]] = (doc[pg], fitz.Rect(FOLDS[pg][k] * MM, 0, FOLDS[pg][k + 1] * MM, 210 * MM))
    return out


def check_leaflet(name, src, tmp, sparse=()):
    out = os.path.join(tmp, os.path.basename(src)[:-3] + ".pdf")
    r = render(src, out)
    if not check(r.returncode == 0, "%s: the leaflet renders" % name, r.stderr):
        return
    check("warning" not in r.stderr, "%s: no warning" % name, r.stderr)
    folder = os.path.dirname(src)
    doc = fitz.open(out)
    accent = None
    for num, (page, clip) in sorted(leaflet_panels(doc).items()):
        sp = [s for s in spans(page) if clip.x0 <= s[1].x0 and s[1].x1 <= clip.x1]
        if not sp:
            continue
        body = body_size([s for s in sp if s[3] != 0xFFFFFF])
        boxes = [s[1] for s in sp] + [d["rect"] for d in page.get_drawings()
                                      if clip.contains(d["rect"]) and not grey(d.get("fill"))]
        ends, gap = empty_runs(boxes, FRAME_TOP, FRAME_BOTTOM)
        print("# %s panel %d: body %.1f pt, content ends %.0f %% down, largest empty stretch %.0f %%"
              % (name, num, body, 100 * ends, 100 * gap))
        check(ends >= 2 / 3, "%s panel %d: its content reaches at least two thirds down" % (name, num),
              "%.0f %%" % (100 * ends))
        if num not in sparse:
            check(gap <= 1 / 3, "%s panel %d: no third of it left empty" % (name, num), "%.0f %%" % (100 * gap))
        else:
            # too little to fill: phat did what it could, the largest text
            check(abs(body - 20) < 0.01, "%s panel %d, with little on it: its text at the largest size, 20 pt"
                  % (name, num), body)
        check(body >= 14 - 0.01 or ends > 0.95, "%s panel %d: text at least 14 pt unless the panel is full"
              % (name, num), (body, ends))
        check(min(s[2] for s in sp) >= 11 - 0.01, "%s panel %d: nothing under 11 pt" % (name, num),
              min(s[2] for s in sp))
        heads = {round(s[2], 1) for s in sp if s[3] not in (0, 0xFFFFFF) and s[4] and s[2] > body + 1}
        if num != 1:
            check(heads and all(abs(h - body * 18 / 14) < 0.2 for h in heads),
                  "%s panel %d: headings at 18/14 of the text (18 pt over 14 pt)" % (name, num), (heads, body))
            accent = accent or next((s[3] for s in sp if s[3] not in (0, 0xFFFFFF)), None)
        if num == 1:
            check_cover(name, page, clip, sp, body, folder, out, tmp)
        if num == 6:
            check_contact(name + " back panel", page, clip, folder, 14 * 0.9, foot=FRAME_BOTTOM)
    # marks: on the fold lines, inside the part printers print (5 mm in),
    # outside the panels' text
    for pg in (0, 1):
        mk = marks(doc[pg])
        folds = [f * MM for f in FOLDS[pg][1:3]]
        check(len(mk) == 4 and all(min(abs((m.x0 + m.x1) / 2 - f) for f in folds) < 0.3 for m in mk),
              "%s side %d: four fold marks, each on a fold line" % (name, pg + 1), [round(m.x0 / MM, 2) for m in mk])
        check(all((m.y0 >= 5 * MM - 0.1 and m.y1 <= FRAME_TOP) or (m.y0 >= FRAME_BOTTOM and m.y1 <= 205 * MM + 0.1)
                  for m in mk),
              "%s side %d: fold marks between 5 and 10 mm from the paper's top and bottom edges" % (name, pg + 1),
              [(round(m.y0 / MM, 1), round(m.y1 / MM, 1)) for m in mk])


def check_cover(name, page, clip, sp, body, folder, pdf, tmp):
    agency = yaml_value(os.path.join(folder, "phat.yaml"), "co_quan")
    white = [s for s in sp if s[3] == 0xFFFFFF]
    band = squash(" ".join(s[0] for s in white))
    check(band == agency.upper(), "%s cover: the issuer band says %s" % (name, agency.upper()), band)
    check(white and min(s[1].y0 for s in white) < 25 * MM, "%s cover: the band is at the top" % name)
    head = max(s[2] for s in sp)
    lines = {round(s[1].y0) for s in sp if s[2] == head}
    check(28 - 0.01 <= head <= 32 + 0.01, "%s cover: the headline is 28 to 32 pt" % name, head)
    check(len(lines) <= 4, "%s cover: the headline on at most four lines" % name, len(lines))
    promise = [s for s in sp if s[4] and body * 1.1 < s[2] < head]
    check(promise, "%s cover: a promise line, bold and larger than the text" % name)
    qrs = [q for q in qr_paths(page) if clip.contains(q[0])]
    check(qrs and qrs[0][0].width >= 30 * MM and qrs[0][1] >= 0.8 * MM,
          "%s cover: a QR code of at least 30 mm, modules of at least 0.8 mm (arm's length)" % name,
          [(round(q[0].width / MM), round(q[1] / MM, 2)) for q in qrs])
    zalo = yaml_value(os.path.join(folder, "phat.yaml"), "zalo")
    check(zalo in decodes_pdf(pdf, page.number + 1, 100, tmp, clip), "%s cover: its QR code decodes at 100 dpi" % name)


def check_contact(what, page, clip, folder, min_size, foot=None):
    c = yaml_contact(os.path.join(folder, "phat.yaml"))
    text = region_text(page, clip)
    for key in ("bo_phan", "dia_chi", "gio_lam_viec"):
        check(squash(c[key]) in text, "%s: the contact block gives %s" % (what, key), c[key])
    for p in c["so_dien_thoai"]:
        number = re.findall(r"\+?\d[\d .]*\d", p)[-1]
        check(squash(number) in text, "%s: the contact block gives the number %s" % (what, number), text[-200:])
    sp = [s for s in spans(page) if clip.contains(s[1])]
    last = [s for s in sp if squash(c["gio_lam_viec"]).split()[-1] in s[0]]
    if foot is not None:
        check(last and last[-1][1].y1 >= foot - 25 * MM, "%s: the contact block sits at the foot" % what,
              last[-1][1].y1 / MM if last else None)


# ---- posters ----

def check_poster(name, src, tmp, paper):
    out = os.path.join(tmp, os.path.basename(src)[:-3] + ".pdf")
    r = render(src, out)
    if not check(r.returncode == 0, "%s: the poster renders" % name, r.stderr):
        return None
    doc = fitz.open(out)
    p = doc[0]
    w, h = paper
    check(abs(p.rect.width - w * MM) < 1 and abs(p.rect.height - h * MM) < 1, "%s: one page %d x %d mm" % (name, w, h))
    k = w / 297
    sp = spans(p)
    head = max(s[2] for s in sp)
    hl = [s for s in sp if s[2] == head]
    foot = min([s[1].y0 for s in sp if s[0].strip() == "Liên hệ"] or [p.rect.height])
    body = body_size([s for s in sp if s[2] != head and s[3] != 0xFFFFFF and s[1].y1 < foot])
    check(head >= 40 * k - 0.5, "%s: the headline at least %.0f pt (40 pt on A3)" % (name, 40 * k), head)
    check(len({round(s[1].y0) for s in hl}) <= 2, "%s: the headline on at most two lines" % name)
    check(18 - 0.01 <= body < head, "%s: the text is 18 pt or more and smaller than the headline" % name, (body, head))
    margin = 15 * k * MM
    boxes = [s[1] for s in sp] + [d["rect"] for d in p.get_drawings()]
    ends, gap = empty_runs(boxes, margin, p.rect.height - margin)
    print("# %s: headline %.0f pt, text %.1f pt, content ends %.0f %% down, largest empty stretch %.0f %%"
          % (name, head, body, 100 * ends, 100 * gap))
    check(ends >= 2 / 3 and gap <= 1 / 3, "%s: filled (content to the foot, no third left empty)" % name,
          (ends, gap))
    agency = yaml_value(os.path.join(os.path.dirname(src), "phat.yaml"), "co_quan")
    band = squash(" ".join(s[0] for s in sp if s[3] == 0xFFFFFF))
    check(band == agency.upper(), "%s: the issuer band on top" % name, band)
    qrs = qr_paths(p)
    check(qrs and qrs[0][1] >= 1 * MM - 0.01 and qrs[0][0].width >= 75 * k * MM,
          "%s: QR code of at least %.0f mm with modules of at least 1 mm" % (name, 75 * k),
          [(round(q[0].width / MM), round(q[1] / MM, 2)) for q in qrs])
    zalo = yaml_value(os.path.join(os.path.dirname(src), "phat.yaml"), "zalo")
    found = re.search(r"qr:(\S+?)\)", open(src, encoding="utf-8").read())
    check(found and found.group(1) in decodes_pdf(out, 1, 72 if w > 400 else 100, tmp),
          "%s: the QR code decodes" % name)
    check_contact(name, p, p.rect, os.path.dirname(src), 11, foot=p.rect.height - margin)
    # the contact block is read from across the room too: at least 20 pt
    # on A3 (scaled with the paper) unless the text itself is smaller
    lh = [s for s in sp if s[1].y0 > foot + 1 and s[3] != 0xFFFFFF]
    csize = body_size(lh)
    check(lh and csize >= min(20 * k, body) - 0.05,
          "%s: the contact block's text at least %.0f pt (20 pt on A3)" % (name, min(20 * k, body)), (csize, body))
    return out


# ---- tiles ----

def forbidden(poster_page):
    """What no seam's glue strip may cross, from the poster itself: each QR
    code with its quiet zone (4 modules on each side of the dark modules),
    and the headline's lines (the largest text)."""
    xs, ys = [], []
    for r, m in qr_paths(poster_page):
        xs.append((r.x0 - 4 * m, r.x1 + 4 * m))
        ys.append((r.y0 - 4 * m, r.y1 + 4 * m))
    sp = spans(poster_page)
    head = max(s[2] for s in sp)
    ys += [(s[1].y0, s[1].y1) for s in sp if s[2] == head]
    return xs, ys


def axis_ok(L, cap, ov, k, bad):
    """Whether k sheets, each showing at most cap of a poster L long and
    overlapping the next by ov, cover it with every overlap strip clear of
    the bad intervals. Reachable start positions as a union of intervals:
    a sheet starting anywhere in [lo, hi] can end anywhere in (lo + ov,
    hi + cap], except where its strip [end - ov, end] meets a bad interval."""
    starts = [(0.0, 0.0)]
    for _ in range(k - 1):
        ends = []
        for lo, hi in starts:
            a, b = lo + ov + 0.01, min(hi + cap, L)
            if a <= b:
                ends.append((a, b))
        for y0, y1 in bad:   # the end may not lie in (y0, y1 + ov)
            cut = []
            for a, b in ends:
                if b <= y0 or a >= y1 + ov:
                    cut.append((a, b))
                else:
                    if a <= y0:
                        cut.append((a, y0))
                    if b >= y1 + ov:
                        cut.append((y1 + ov, b))
            ends = cut
        starts = [(a - ov, b - ov) for a, b in ends]
        if not starts:
            return False
    return max(hi for _, hi in starts) >= L - cap - 0.01


def fewest_sheets(poster_page):
    """The fewest A4 sheets the README's rules allow: either orientation,
    scale 85 to 100 %, 10 mm margins and overlap, strips clear of QR codes
    and the headline."""
    xs, ys = forbidden(poster_page)
    best = None
    for W, H in ((210, 297), (297, 210)):
        cw, ch, ov = (W - 20) * MM, (H - 20) * MM, 10 * MM
        for pct in range(100, 84, -1):
            s = pct / 100
            L, Hh = poster_page.rect.width * s, poster_page.rect.height * s
            for cols in range(1, 7):
                if not axis_ok(L, cw, ov, cols, [(a * s, b * s) for a, b in xs]):
                    continue
                for rows in range(1, 7):
                    if axis_ok(Hh, ch, ov, rows, [(a * s, b * s) for a, b in ys]):
                        n = rows * cols
                        best = n if best is None or n < best else best
                        break
                break
    return best


def check_tiles(name, poster_pdf, tiles_pdf, want=None):
    if not check(os.path.exists(tiles_pdf), "%s: the A4 tile set is written" % name):
        return
    pdoc = fitz.open(poster_pdf)
    poster = pdoc[0]
    t = fitz.open(tiles_pdf)
    n = t.page_count
    bound = fewest_sheets(poster)
    check(n == bound, "%s: %d A4 sheets, the fewest the rules allow" % (name, n), bound)
    if want:
        check(n == want, "%s: %d sheets" % (name, want), n)
    check(all({round(q.rect.width / MM), round(q.rect.height / MM)} == {210, 297} for q in t), "%s: the sheets are A4" % name)
    xs, ys = forbidden(poster)
    qr = qr_paths(poster)
    sp_poster = spans(poster)
    # per sheet: the shown part (the corner marks' lines), the scale and the
    # shift (from the headline's first span, found on the sheets that show it)
    regions = []
    scale = None
    for q in t:
        mk = marks(q)
        vx = sorted({round((m.x0 + m.x1) / 2, 1) for m in mk if m.height > m.width})
        hy = sorted({round((m.y0 + m.y1) / 2, 1) for m in mk if m.width > m.height})
        regions.append(fitz.Rect(vx[0], hy[0], vx[-1], hy[-1]))
        check(all(m.x0 >= 5 * MM and m.y0 >= 5 * MM and m.x1 <= q.rect.width - 5 * MM and m.y1 <= q.rect.height - 5 * MM
                  for m in mk), "%s sheet %d: marks where printers print (5 mm in)" % (name, q.number + 1))
    for q in t:
        for text, r, size, _, _ in spans(q, regions[q.number]):
            same = [s for s in sp_poster if s[0] == text and len(text) > 3]
            if same:
                scale = size / same[0][2]
                break
        if scale:
            break
    check(scale and 0.85 - 0.005 <= scale <= 1.0 + 0.005, "%s: printed at 85 to 100 %% of the poster" % name, scale)
    if not scale:
        return
    print("# %s: %d sheets at %.0f %%; %.0f %% of the paper is blank" % (
        name, n, 100 * scale, 100 * (1 - poster.rect.width * poster.rect.height * scale ** 2 /
                                      sum(q.rect.width * q.rect.height for q in t))))

    def chars(page, clip=None):
        out = []
        for b in page.get_text("rawdict", clip=clip)["blocks"]:
            for line in b.get("lines", []):
                for s in line["spans"]:
                    for ch in s["chars"]:
                        if ch["c"].strip():
                            out.append((ch["c"], fitz.Rect(ch["bbox"])))
        return out

    # where each sheet's shown part lies on the poster: the shift that puts
    # the sheet's letters (scaled back) onto the poster's same letters
    poster_chars = chars(poster)
    where = {}
    for c, r in poster_chars:
        where.setdefault(c, []).append(r)

    # PDF widths are whole thousandths of an em, so a long line's letters
    # drift up to a point or two from where layout put them: 2.5 pt
    def on_poster(c, x, y):
        return any(abs(r.x0 - x) < 2.5 and abs(r.y0 - y) < 2.5 for r in where.get(c, ()))

    # A sheet that prints only a letter or two (the last column's sliver)
    # matches the poster in several places: every distinct shift is kept,
    # and such a sheet takes the one that lines up with the sheets found
    # for certain (the sheets of a column share their x, those of a row
    # their y); none or two such shifts leave it unfound.
    cands = []
    for q in t:
        region = regions[q.number]
        mine = [c for c in chars(q) if region.contains(c[1])][:30]
        found = []
        if mine:
            c, r = min(mine, key=lambda m: len(where.get(m[0], ())))
            for r2 in where.get(c, ()):
                ox, oy = r2.x0 - r.x0 / scale, r2.y0 - r.y0 / scale
                if sum(on_poster(cc, ox + rr.x0 / scale, oy + rr.y0 / scale) for cc, rr in mine) >= 0.9 * len(mine) \
                        and not any(abs(ox - a) < 2.5 and abs(oy - b) < 2.5 for a, b in found):
                    found.append((ox, oy))
        cands.append(found)
    sure = [f[0] for f in cands if len(f) == 1]
    origins = []
    for found in cands:
        if len(found) > 1:
            found = [(ox, oy) for ox, oy in found
                     if any(abs(ox - a) < 2.5 for a, _ in sure) and any(abs(oy - b) < 2.5 for _, b in sure)]
        origins.append(found[0] if len(found) == 1 else None)
    for q in t:
        region = regions[q.number]
        # the text layer holds only what the sheet prints
        outside = [c for c, r in chars(q) if not r.intersects(region) and not r.y0 > region.y1 + 1 and r.y1 > region.y0 - 1
                   and r.y0 < q.rect.height - 12 * MM and r.y1 > 12 * MM]
        check(not outside, "%s sheet %d: its text layer holds only what it prints" % (name, q.number + 1),
              "".join(outside[:30]))
    for i, o in enumerate(origins):
        check(o is not None, "%s sheet %d: its part of the poster is found on the poster" % (name, i + 1))
    if None in origins:
        return
    shown = [fitz.Rect(o[0] + r.x0 / scale, o[1] + r.y0 / scale, o[0] + r.x1 / scale, o[1] + r.y1 / scale)
             for o, r in zip(origins, regions)]
    # seams: the strips two neighbouring sheets both show
    strips = []
    for i in range(n):
        for j in range(i + 1, n):
            inter = fitz.Rect(shown[i]) & shown[j]
            if inter.is_valid and not inter.is_empty and min(inter.width, inter.height) > 1:
                strips.append((i, j, inter))
    for i, j, st in strips:
        horiz = st.width > st.height
        for r, m in qr:
            if horiz:
                d = max(r.y0 - st.y1, st.y0 - r.y1)
            else:
                d = max(r.x0 - st.x1, st.x0 - r.x1)
            print("# %s: seam of sheets %d and %d is %.1f mm (%.1f modules) from the QR code"
                  % (name, i + 1, j + 1, d / MM, d / m))
            check(d >= 4 * m - 0.5, "%s: the seam of sheets %d and %d is at least 4 modules from the QR code"
                  % (name, i + 1, j + 1), "%.1f modules" % (d / m))
        if horiz:
            cross = [s[0] for s in sp_poster if s[2] == max(x[2] for x in sp_poster) and s[1].y0 < st.y1 and s[1].y1 > st.y0]
            check(not cross, "%s: the seam of sheets %d and %d misses the headline" % (name, i + 1, j + 1), cross)
    # together the sheets show every letter of the poster
    seen = {}
    for q, o in zip(t, origins):
        # a letter wider than the glue strip, cut by a seam, shows in part
        # on each of two sheets: seen where any part of it is printed
        for c, r in chars(q):
            if not r.intersects(regions[q.number]):
                continue
            x, y = o[0] + (r.x0 + r.x1) / 2 / scale, o[1] + (r.y0 + r.y1) / 2 / scale
            seen.setdefault((c, round(x / 3), round(y / 3)), []).append((x, y))

    def shown_at(c, x, y):
        return any(abs(x - x2) < 2.5 and abs(y - y2) < 2.5
                   for i in (-1, 0, 1) for j in (-1, 0, 1)
                   for x2, y2 in seen.get((c, round(x / 3) + i, round(y / 3) + j), ()))

    missing = [c for c, r in poster_chars if not shown_at(c, (r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2)]
    check(not missing, "%s: the sheets together show every letter of the poster in its place" % name,
          "".join(missing[:30]))
    # numbers in reading order and who goes over whom
    cols = sum(1 for s in shown if abs(s.y0 - shown[0].y0) < 5)
    for q in t:
        k = q.number + 1
        text = squash(q.get_text())
        check(("Tờ %d/%d" % (k, n)) in text, "%s sheet %d: numbered %d of %d" % (name, k, k, n), text[:60])
        r, c = divmod(q.number, cols)
        if c > 0:
            check("dán đè lên tờ %d" % (k - 1) in text, "%s sheet %d: goes over sheet %d" % (name, k, k - 1), text[-160:])
        if r > 0:
            check("dán đè lên tờ %d" % (k - cols) in text, "%s sheet %d: goes over sheet %d" % (name, k, k - cols))
        # the labels outside the poster: 9 pt at least, inside the 5 mm the
        # printer leaves white
        labels = [(s["size"], fitz.Rect(s["bbox"])) for b in q.get_text("dict")["blocks"] for ln in b.get("lines", [])
                  for s in ln["spans"] if "Tờ %d/%d" % (k, n) in s["text"] or "dán đè" in s["text"]]
        check(labels and min(sz for sz, _ in labels) >= 9 - 0.01,
              "%s sheet %d: its printing and gluing lines are at least 9 pt (%s)" %
              (name, k, ", ".join("%.1f" % sz for sz, _ in labels)))
        check(labels and all(rc.x0 >= 5 * MM and rc.x1 <= q.rect.width - 5 * MM and rc.y0 >= 5 * MM and
                             rc.y1 <= q.rect.height - 5 * MM for _, rc in labels),
              "%s sheet %d: ... and inside the 5 mm the printer leaves white" % (name, k),
              [tuple(round(v / MM, 1) for v in rc) for _, rc in labels])


# ---- phone copies and their pictures ----

PHONE_TOP, PHONE_BOTTOM = 7 * MM, 153 * MM


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24]) if head[:8] == b"\x89PNG\r\n\x1a\n" else (0, 0)


def ink(path):
    """The dark cells of a picture: a grid of 4 x 4 pixels, averaged."""
    pix = fitz.Pixmap(path)
    if pix.n != 1 or pix.alpha:
        pix = fitz.Pixmap(fitz.csGRAY, pix)
    pix.shrink(2)
    s, w = pix.samples, pix.width
    return {(i % w, i // w) for i in range(len(s)) if s[i] < 160}


def check_phone(name, pdf, folder, tmp, pictures=True):
    if not check(os.path.exists(pdf), "%s: the phone copy is written" % name):
        return
    doc = fitz.open(pdf)
    agency = yaml_value(os.path.join(folder, "phat.yaml"), "co_quan")
    sizes = [s[2] for p in doc for s in spans(p)]
    check(min(sizes) >= 15 - 0.01, "%s: no text under 15 pt" % name, min(sizes))
    check(body_size([s for p in doc for s in spans(p)]) >= 16 - 0.01, "%s: the text is 16 pt" % name)
    first = spans(doc[0])
    check(max(s[2] for s in first) >= 22 - 0.01, "%s: the headline is at least 22 pt" % name, max(s[2] for s in first))
    band = squash(" ".join(s[0] for s in first if s[3] == 0xFFFFFF))
    check(band == agency.upper(), "%s: the issuer on the first page" % name, band)
    for p in doc:
        boxes = [s[1] for s in spans(p)] + [d["rect"] for d in p.get_drawings()]
        ends, _ = empty_runs(boxes, PHONE_TOP, PHONE_BOTTOM)
        if p.number + 1 < doc.page_count:
            check(ends >= 2 / 3, "%s page %d: no more than a third empty" % (name, p.number + 1), "%.0f %%" % (100 * ends))
    text = " ".join(squash(p.get_text()) for p in doc)
    scan = re.findall(r"qu[ée]t\s+(?:mã|QR)", text, re.I)
    check(not scan, "%s: never tells the reader to scan (quét mã) the phone they hold" % name, scan)
    for p in doc:
        for r, _ in qr_paths(p):
            below = fitz.Rect(0, r.y1, p.rect.width, min(p.rect.height, r.y1 + 60 * MM))
            words = region_text(p, below)
            links = [u for u, rr in uris(p) if rr.intersects(below)]
            zalo = [u for u in links if "zalo.me" in u]
            check("Bấm vào đây" in words and zalo, "%s page %d: under the QR code a line to tap" % (name, p.number + 1),
                  (words[:80], links))
            if zalo:
                check(zalo[0].split("://", 1)[1] in words, "%s page %d: and its address written out" % (name, p.number + 1),
                      words[:120])
    c = yaml_contact(os.path.join(folder, "phat.yaml"))
    links = {u for p in doc for u, _ in uris(p)}
    for ph in c["so_dien_thoai"]:
        check(tel(ph) in links, "%s: %s can be called with a tap" % (name, ph), sorted(u for u in links if u))
    if not pictures:
        return
    stem = pdf[:-4]
    pngs = sorted(f for f in os.listdir(os.path.dirname(pdf)) if f.startswith(os.path.basename(stem) + "-") and f.endswith(".png"))
    want = ["%s-%d.png" % (os.path.basename(stem), i + 1) for i in range(doc.page_count)]
    check(sorted(pngs) == sorted(want), "%s: one PNG per phone page" % name, (pngs, want))
    check(all(f.isascii() for f in pngs), "%s: PNG names in ASCII" % name, pngs)
    compared = decoded = 0
    for i, f in enumerate(want):
        path = os.path.join(os.path.dirname(pdf), f)
        if not os.path.exists(path):
            continue
        w, h = png_size(path)
        check((w, h) == (1080, 1920), "%s: %s is 1080 x 1920 px" % (name, f), (w, h))
        size = os.path.getsize(path)
        check(30 * 1024 <= size <= 1024 * 1024, "%s: %s is 30 KB to 1 MB" % (name, f), size)
        if qr_paths(doc[i]) and not decoded:
            zl = [u for u, _ in uris(doc[i]) if "zalo.me" in u]
            check(zl and zl[0] in decodes(path), "%s: the QR code decodes from %s" % (name, f))
            decoded = 1
        if not compared:
            # drawn like the PDF: the ink of the picture and of the PDF page
            # rendered by poppler at the same size lie in the same places
            base = os.path.join(tmp, "cmp")
            subprocess.run(["pdftoppm", "-gray", "-png", "-singlefile", "-scale-to-x", "1080", "-scale-to-y", "1920",
                            "-f", str(i + 1), "-l", str(i + 1), pdf, base], check=True, capture_output=True)
            a, b = ink(path), ink(base + ".png")
            both = len(a & b) / max(1, len(a | b))

            def near(x, y, other):
                return any((x + i, y + j) in other for i in (-1, 0, 1) for j in (-1, 0, 1))
            a_in_b = sum(near(x, y, b) for x, y in a) / max(1, len(a))
            b_in_a = sum(near(x, y, a) for x, y in b) / max(1, len(b))
            print("# %s: %s and the PDF page share %.0f %% of their ink; %.1f %% and %.1f %% of either lie "
                  "within 4 px of the other's" % (name, f, 100 * both, 100 * a_in_b, 100 * b_in_a))
            check(both >= 0.8 and a_in_b >= 0.99 and b_in_a >= 0.99,
                  "%s: %s shows what the PDF page shows, where it shows it" % (name, f), (both, a_in_b, b_in_a))
            compared = 1


def test_content(tmp):
    check_leaflet("content leaflet", os.path.join(ROOT, "content", "to-roi-chu-ky-so.md"), tmp)
    src = os.path.join(ROOT, "content", "ap-phich-chu-ky-so.md")
    out = check_poster("content poster", src, tmp, (297, 420))
    if out:
        check_tiles("content poster", out, out[:-4] + "-ghep-a4.pdf", want=2)
    # both have dien_thoai: true, so their phone copies are in tmp too
    check_phone("content leaflet phone copy", os.path.join(tmp, "to-roi-chu-ky-so-dien-thoai.pdf"),
                os.path.join(ROOT, "content"), tmp)
    check_phone("content poster phone copy", os.path.join(tmp, "ap-phich-chu-ky-so-dien-thoai.pdf"),
                os.path.join(ROOT, "content"), tmp, pictures=False)


def test_clerk(tmp):
    # panel 5 holds one warning of two lines: phat says so
    check_leaflet("clerk leaflet", os.path.join(CLERK, "to-roi-vneid.md"), tmp, sparse=(5,))
    src = os.path.join(CLERK, "ap-phich-vneid.md")
    out = check_poster("clerk A2 poster", src, tmp, (420, 594))
    if out:
        check_tiles("clerk A2 poster", out, out[:-4] + "-ghep-a4.pdf")
    check_phone("clerk leaflet phone copy", os.path.join(tmp, "to-roi-vneid-dien-thoai.pdf"), CLERK, tmp)
    check_phone("clerk poster phone copy", os.path.join(tmp, "ap-phich-vneid-dien-thoai.pdf"), CLERK, tmp)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def test_short_poster(tmp):
    """A poster with three lines of text: the text grows to its limit, and
    the contact block grows into what is left rather than staying small at
    the foot under an empty stretch."""
    d = os.path.join(tmp, "ngan")
    os.makedirs(d, exist_ok=True)
    write(os.path.join(d, "phat.yaml"), "co_quan: Ủy ban nhân dân xã Long Hòa\ndia_danh: Long Hòa\nlien_he:\n"
          "  bo_phan: Bộ phận Một cửa xã Long Hòa\n  dia_chi: Ấp Tân Hòa, xã Long Hòa\n  so_dien_thoai:\n"
          "    - Văn phòng: 0277 3 841 234\n    - Cán bộ tư pháp: 0912 345 678\n"
          "  gio_lam_viec: Sáng 7 giờ – 11 giờ, chiều 13 giờ – 17 giờ\n")
    src = os.path.join(d, "ap-phich-can-cuoc.md")
    write(src, "---\nloai: ap-phich\nkho: A3\n---\n\n# Làm căn cước cho trẻ em dưới 14 tuổi\n\n"
          "Mang theo giấy khai sinh của trẻ.\n\nĐến Công an xã vào sáng thứ Bảy.\n\nKhông mất phí.\n\n"
          "![Nhóm Zalo của xã](qr:https://zalo.me/g/longhoa123)\n")
    out = check_poster("short A3 poster", src, tmp, (297, 420))
    if not out:
        return
    doc = fitz.open(out)
    sp = spans(doc[0])
    foot = min(s[1].y0 for s in sp if s[0].strip() == "Liên hệ")
    text = [s for s in sp if s[1].y1 < foot and s[2] < 50 and s[3] != 0xFFFFFF]
    body = body_size(text)
    csize = body_size([s for s in sp if s[1].y0 > foot + 1])
    above = foot - max(s[1].y1 for s in text)
    print("# short A3 poster: text %.1f pt, contact %.1f pt, %.0f pt empty above the contact block" %
          (body, csize, above))
    # the contact block takes 0.7 to 0.9 of the text's size, as far as the
    # room left under the text allows (16 pt beside 30 pt before)
    check(csize >= 0.85 * body and above < 100,
          "short A3 poster: the contact block grows with the room left (%.1f pt beside %.1f pt text, %.0f pt "
          "empty above it)" % (csize, body, above))


def test_bad(tmp):
    d = os.path.join(tmp, "bad")
    os.makedirs(d)
    long_head = ("# Đăng ký chữ ký số công cộng miễn phí cho mọi người dân từ đủ mười tám tuổi "
                 "tại bộ phận một cửa của xã ngay trong tháng này\n")
    write(os.path.join(d, "dai.md"), "---\nloai: ap-phich\n---\n\n" + long_head + "\nChữ.\n")
    r = render(os.path.join(d, "dai.md"), os.path.join(d, "dai.pdf"))
    check(r.returncode == 1 and "dai.md:5:1: error: the headline is too long" in r.stderr and "tháng này" in r.stderr,
          "a poster headline too long for two lines at its floor: exit 1 at its line, naming the words left over",
          r.stderr)
    check(not os.path.exists(os.path.join(d, "dai.pdf")), "no poster is written then")
    write(os.path.join(d, "lh.md"), "---\nloai: to-roi\nlien_he:\n  dia_chi: Thôn 1\n  so_dt: 0238 3870 215\n---\n\nChữ.\n")
    r = render(os.path.join(d, "lh.md"), os.path.join(d, "lh.pdf"))
    check(r.returncode == 1 and ":5:" in r.stderr and "so_dien_thoai" in r.stderr,
          "an unknown key under lien_he: exit 1 at its line, naming the nearest key", r.stderr)
    write(os.path.join(d, "lh2.md"), "---\nloai: to-roi\nlien_he: 0238 3870 215\n---\n\nChữ.\n")
    r = render(os.path.join(d, "lh2.md"), os.path.join(d, "lh2.pdf"))
    check(r.returncode == 1 and ":3:" in r.stderr and "lien_he" in r.stderr,
          "lien_he written as one line: exit 1 at its line, saying how to write it", r.stderr)


def mean_rgb(path, rect, scale):
    """The average colour of the middle of rect (PDF points) in a picture
    drawn at scale pixels a point."""
    pix = fitz.Pixmap(path)
    if pix.alpha or pix.n != 3:
        pix = fitz.Pixmap(fitz.csRGB, pix)
    x0, x1 = int((rect.x0 + rect.width * 0.2) * scale), int((rect.x1 - rect.width * 0.2) * scale)
    y0, y1 = int((rect.y0 + rect.height * 0.2) * scale), int((rect.y1 - rect.height * 0.2) * scale)
    tot, n = [0, 0, 0], 0
    for y in range(y0, y1):
        for x in range(x0, x1):
            p = pix.pixel(x, y)
            for k in range(3):
                tot[k] += p[k]
            n += 1
    return [t / max(1, n) for t in tot]


def test_pictures(tmp):
    """A JPEG photo and a half-transparent PNG on phone pages: the PNG back
    end draws them in the colours and places the PDF shows."""
    d = os.path.join(tmp, "anh")
    os.makedirs(d)
    with open(os.path.join(ROOT, "tests", "data", "images", "photo.jpg"), "rb") as f:
        data = f.read()
    with open(os.path.join(d, "anh-chup.jpg"), "wb") as f:
        f.write(data)
    pix = fitz.Pixmap(fitz.csRGB, fitz.IRect(0, 0, 240, 120), True)
    pix.set_rect(pix.irect, (0, 0, 200, 128))        # blue at half opacity
    pix.set_dpi(150, 150)
    pix.save(os.path.join(d, "nua.png"))
    write(os.path.join(d, "phat.yaml"), "co_quan: Ủy ban nhân dân xã Mẫu\n")
    write(os.path.join(d, "t.md"), "---\nloai: to-roi\ndien_thoai: true\n---\n\n# Ảnh\n\n![Ảnh chụp](anh-chup.jpg)\n\n"
          "---\n\n## Trong suốt\n\n![Nửa trong suốt](nua.png)\n")
    r = render(os.path.join(d, "t.md"), os.path.join(d, "t.pdf"))
    if not check(r.returncode == 0, "a leaflet with a JPEG and a half-transparent PNG renders", r.stderr):
        return
    phone = fitz.open(os.path.join(d, "t-dien-thoai.pdf"))
    k = 1080 / phone[0].rect.width
    seen = 0
    for p in phone:
        for info in p.get_image_info():
            base = os.path.join(tmp, "pic")
            subprocess.run(["pdftoppm", "-png", "-singlefile", "-scale-to-x", "1080", "-scale-to-y", "1920",
                            "-f", str(p.number + 1), "-l", str(p.number + 1), os.path.join(d, "t-dien-thoai.pdf"), base],
                           check=True, capture_output=True)
            rect = fitz.Rect(info["bbox"])
            ours = mean_rgb(os.path.join(d, "t-dien-thoai-%d.png" % (p.number + 1)), rect, k)
            theirs = mean_rgb(base + ".png", rect, k)
            print("# picture %d: %s in the PNG, %s in the PDF" % (seen + 1, [round(v) for v in ours], [round(v) for v in theirs]))
            check(max(abs(a - b) for a, b in zip(ours, theirs)) < 25,
                  "picture %d: the PNG shows it in the colours the PDF does" % (seen + 1),
                  ([round(v) for v in ours], [round(v) for v in theirs]))
            seen += 1
    check(seen == 2, "both pictures are on the phone pages", seen)


def test_readme(tmp):
    """The README's contact example, as a clerk copies it, ends up on the back."""
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    m = re.search(r"```yaml\n(lien_he:\n(?:  .*\n)+)```", readme)
    if not check(m, "the README shows a lien_he block"):
        return
    d = os.path.join(tmp, "readme")
    os.makedirs(d)
    write(os.path.join(d, "phat.yaml"), "co_quan: Ủy ban nhân dân xã Mẫu\nzalo: https://zalo.me/g/mau\n" + m.group(1))
    panels = ["# Bìa\n\nChữ."] + ["## Mục %d\n\nChữ trong mục." % i for i in range(2, 7)]
    write(os.path.join(d, "t.md"), "---\nloai: to-roi\n---\n\n" + "\n\n---\n\n".join(panels) + "\n")
    out = os.path.join(d, "t.pdf")
    r = render(os.path.join(d, "t.md"), out)
    if check(r.returncode == 0, "a leaflet with the README's lien_he renders", r.stderr):
        doc = fitz.open(out)
        check_contact("README contact", doc[0], fitz.Rect(97 * MM, 0, 197 * MM, 210 * MM), d, 11)


with tempfile.TemporaryDirectory() as tmp:
    test_content(tmp)
    test_clerk(tmp)
    test_short_poster(tmp)
    test_bad(tmp)
    test_pictures(tmp)
    test_readme(tmp)
sys.exit(1 if check.failures else 0)
