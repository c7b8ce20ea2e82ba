"""Measuring helpers for the PDF tests: text as positioned segments, rules
and QR codes from the vector drawings. Everything is in PDF points with y
growing downwards (PyMuPDF's convention). Nothing here knows what phat
meant to draw: it reads the PDF the way a ruler and a pair of eyes would."""

import re

MM = 72.0 / 25.4
SPACES = " \u00a0\u2002\u2003\u2009\u202f"


def is_bold(font, flags):
    n = font.lower()
    if "bold" in n or "black" in n or "heavy" in n:
        return True
    if "regular" in n or "italic" in n or "roman" in n:
        return False
    return bool(flags & 16)


def is_italic(font, flags):
    n = font.lower()
    if "ital" in n or "oblique" in n:          # MuPDF may cut names: "BoldItal"
        return True
    if "regular" in n or "bold" in n or "roman" in n:
        return False
    return bool(flags & 2)


class Seg:
    """A run of text on one baseline with no wide gap inside: one line of
    one column."""

    def __init__(self, chars, page):
        self.chars = chars
        self.page = page
        ink = [c for c in chars if c["c"] not in SPACES] or chars
        self.x0 = min(c["x0"] for c in ink)
        self.x1 = max(c["x1"] for c in ink)
        self.y0 = min(c["y0"] for c in ink)
        self.y1 = max(c["y1"] for c in ink)
        self.base = sorted(c["oy"] for c in ink)[len(ink) // 2]
        sizes = {}
        for c in ink:
            sizes[round(c["size"], 1)] = sizes.get(round(c["size"], 1), 0) + 1
        self.size = max(sizes, key=sizes.get)
        self.sizes = set(sizes)
        self.fonts = {c["font"] for c in ink}
        self.bold = all(c["bold"] for c in ink)
        self.any_bold = any(c["bold"] for c in ink)
        self.italic = all(c["italic"] for c in ink)
        self.any_italic = any(c["italic"] for c in ink)
        self.colors = {c["color"] for c in ink}
        # text: one space wherever the PDF has a space character or a gap
        # wider than a sixth of the type size between two glyphs
        out = []
        prev = None
        for c in chars:
            if c["c"] in SPACES:
                if out and out[-1] != " ":
                    out.append(" ")
                continue
            if prev is not None and c["x0"] - prev["x1"] > c["size"] / 6 and out and out[-1] != " ":
                out.append(" ")
            out.append(c["c"])
            prev = c
        self.text = "".join(out).strip()
        # the raw text with the spacing characters kept (blanks in a draft)
        self.raw = "".join(c["c"] for c in chars)

    @property
    def cx(self):
        return (self.x0 + self.x1) / 2

    @property
    def width(self):
        return self.x1 - self.x0

    def part(self, start_text):
        """x extent of the first occurrence of a character sequence."""
        s = "".join(c["c"] for c in self.chars)
        i = s.find(start_text)
        if i < 0:
            return None
        cs = self.chars[i:i + len(start_text)]
        return min(c["x0"] for c in cs), max(c["x1"] for c in cs)

    def max_gap(self):
        """The widest gap between two neighbouring characters, spaces
        counted as characters: about 0 when a line is set with its own
        spaces, a word space or more when words were spread (justified)."""
        g = 0
        for a, b in zip(self.chars, self.chars[1:]):
            g = max(g, b["x0"] - a["x1"])
        # MuPDF fills a gap with a made-up space as wide as the gap
        for c in self.chars[1:-1]:
            if c["c"] in SPACES:
                g = max(g, c["x1"] - c["x0"])
        return g

    def split_widest_gap(self):
        """Two segments cut at the widest gap between glyphs (two columns
        whose lines came close enough to read as one), or None."""
        ink = [i for i, c in enumerate(self.chars) if c["c"] not in SPACES]
        best, at = 0, None
        for a, b in zip(ink, ink[1:]):
            g = self.chars[b]["x0"] - self.chars[a]["x1"]
            if g > best:
                best, at = g, b
        if at is None or best < 0.2 * self.size:
            return None
        return Seg(self.chars[:at], self.page), Seg(self.chars[at:], self.page)

    def __repr__(self):
        return "Seg(p%d %.1f,%.1f-%.1f,%.1f %s%s%.1f %r)" % (
            self.page, self.x0, self.y0, self.x1, self.y1, "B" if self.bold else "",
            "I" if self.italic else "", self.size, self.text)


def page_chars(page):
    out = []
    d = page.get_text("rawdict")
    for b in d["blocks"]:
        if b.get("type") != 0:
            continue
        for ln in b["lines"]:
            for sp in ln["spans"]:
                bold = is_bold(sp["font"], sp["flags"])
                ital = is_italic(sp["font"], sp["flags"])
                for ch in sp["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    out.append(dict(c=ch["c"], x0=x0, y0=y0, x1=x1, y1=y1, ox=ch["origin"][0],
                                    oy=ch["origin"][1], font=sp["font"], size=sp["size"],
                                    flags=sp["flags"], bold=bold, italic=ital, color=sp["color"]))
    return out


def page_segments(page, pno, gap_em=2.2):
    """Segments of a page sorted top to bottom, left to right. Characters on
    the same baseline (within 1 pt) form a line; a horizontal gap wider than
    gap_em times the type size splits it into separate segments (columns)."""
    chars = sorted(page_chars(page), key=lambda c: c["oy"])
    lines = []
    for c in chars:
        if lines and abs(c["oy"] - lines[-1][0]) <= 1.0:
            lines[-1][1].append(c)
        else:
            lines.append([c["oy"], [c]])
    segs = []
    for _, cs in lines:
        cs.sort(key=lambda c: c["x0"])
        cur = []
        last_ink = None
        for c in cs:
            ink = c["c"] not in SPACES
            if ink and last_ink is not None and c["x0"] - last_ink["x1"] > gap_em * c["size"]:
                segs.append(cur)
                cur = []
            cur.append(c)
            if ink:
                last_ink = c
        if cur:
            segs.append(cur)
    out = [Seg(s, pno) for s in segs if any(c["c"] not in SPACES for c in s)]
    out.sort(key=lambda s: (round(s.base), s.x0))
    return out


def page_shapes(page):
    """(rules, qrs): horizontal rules as (x0, x1, y) and QR codes as
    bounding boxes (x0, y0, x1, y1) with their module count."""
    items = []
    for p in page.get_drawings():
        for it in p["items"]:
            if it[0] == "l":
                a, b = it[1], it[2]
                items.append((min(a.x, b.x), min(a.y, b.y), max(a.x, b.x), max(a.y, b.y),
                              p.get("width") or 0, p.get("fill") is not None))
            elif it[0] == "re":
                r = it[1]
                items.append((r.x0, r.y0, r.x1, r.y1, p.get("width") or 0, p.get("fill") is not None))
            elif it[0] == "qu":
                r = it[1].rect
                items.append((r.x0, r.y0, r.x1, r.y1, p.get("width") or 0, p.get("fill") is not None))
    # QR codes: clusters of many small filled rectangles that touch
    small = [i for i, it in enumerate(items) if it[5] and (it[3] - it[1]) < 20 and (it[2] - it[0]) < 150]
    parent = {i: i for i in small}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    srt = sorted(small, key=lambda i: items[i][1])
    for ai, i in enumerate(srt):
        a = items[i]
        for j in srt[ai + 1:]:
            b = items[j]
            if b[1] > a[3] + 0.6:
                break
            if b[0] <= a[2] + 0.6 and a[0] <= b[2] + 0.6:
                parent[find(i)] = find(j)
    groups = {}
    for i in small:
        groups.setdefault(find(i), []).append(i)
    qrs = []
    in_qr = set()
    for g in groups.values():
        if len(g) < 20:
            continue
        x0 = min(items[i][0] for i in g)
        y0 = min(items[i][1] for i in g)
        x1 = max(items[i][2] for i in g)
        y1 = max(items[i][3] for i in g)
        w, h = x1 - x0, y1 - y0
        if w > 20 and h > 20 and 0.8 < w / h < 1.25:
            qrs.append((x0, y0, x1, y1, len(g)))
            in_qr.update(g)
    rules = []
    for i, it in enumerate(items):
        if i in in_qr:
            continue
        x0, y0, x1, y1, lw, filled = it
        if x1 - x0 >= 5 and y1 - y0 <= 2.5:
            rules.append((x0, x1, (y0 + y1) / 2))
    return rules, qrs


def norm_space(s):
    return re.sub(r"\s+", " ", s).strip()
