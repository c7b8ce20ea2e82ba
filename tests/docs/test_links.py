#!/usr/bin/python3
"""Links on paper and on phones (issue 10, item 3), measured on the PDFs:
in print the address follows a link's words when they do not already say it
(scheme and trailing "/" dropped); on the phone copy the words are the link,
blue and underlined, and telephone numbers (tel: links and numbers in the
text) are links a tap calls. The expected addresses are written here from
the Markdown, never read from phat's output."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import DISPATCH, Folder, check, done, fitz, pdf_text, squash  # noqa: E402

TEXT = ("Nộp hồ sơ qua [Cổng Dịch vụ công quốc gia](https://dichvucong.gov.vn/) hoặc trang "
        "[dichvucong.gov.vn](https://dichvucong.gov.vn), nhóm <https://zalo.me/g/oebxox482>, hộp thư "
        "[Văn phòng](mailto:vanthu@tanthanh.gov.vn). Gọi [tổng đài VNPT](tel:18001260), hotline 1900 1595, "
        "cán bộ xã 0912 345 678 hay (0208) 3856 123. Đến nay có 1.169 người, ngày 09/8/2025.")


def uris(doc):
    """(uri, rect, page) of every link annotation, read from the PDF objects
    (PyMuPDF 1.21 files a tel: URI as a launch link)."""
    out = []
    for pno, page in enumerate(doc):
        for ln in page.get_links():
            kind, val = doc.xref_get_key(ln["xref"], "A/URI")
            if kind == "string":
                out.append((val, ln["from"], pno))
    return out


def words_in(page, rect):
    """The text inside a link's rectangle."""
    return squash(page.get_textbox(rect + (-0.5, -3, 0.5, 3)))


# ---- print: a dispatch ----
f = Folder()
f.write("cong-van.md", DISPATCH.format(pl="") + TEXT + "\n\nCần giúp, gọi [chị Lan](tel:0912345678), "
        "[cán bộ Tư pháp](tel:02438251234), [tổng đài 1800 1091](tel:18001091) hoặc "
        "[gọi 0912 345 678](tel:+84912345678) hoặc đến trụ sở.\n")
st, err, pdf = f.render("cong-van.md")
if check(st == 0, "a dispatch with links renders", err):
    t = squash(pdf_text(pdf))
    check("Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) hoặc" in t,
          "print: the address follows the words, without https:// and the last /", t[:700])
    check("trang dichvucong.gov.vn, nhóm" in t, "print: words that are the address are not repeated")
    check(t.count("zalo.me/g/oebxox482") == 1, "print: an address written out is printed once")
    check("Văn phòng (vanthu@tanthanh.gov.vn)" in t, "print: a mail link shows its address without mailto:")
    check("tổng đài VNPT (1800 1260)" in t, "print: a tel: link shows its number, grouped as written (1800 1260)", t)
    check("chị Lan (0912 345 678)," in t, "print: a mobile number is grouped 4-3-3 (0912 345 678)")
    check("cán bộ Tư pháp (024 3825 1234)" in t, "print: a Hà Nội land line is grouped 3-4-4")
    check("tổng đài 1800 1091 hoặc" in t and "(18001091)" not in t and "(1800 1091)" not in t,
          "print: a tel: link whose words are the number is not repeated")
    check("gọi 0912 345 678 hoặc" in t and "(+84" not in t,
          "print: ... nor one whose words show the number of a +84 address")
    d = fitz.open(pdf)
    blue = [s for p in d for b in p.get_text("dict")["blocks"] for ln in b.get("lines", []) for s in ln["spans"]
            if s["color"] != 0]
    check(not blue, "print: links are black like the text", [s["text"] for s in blue][:5])

# ---- the phone copy of a leaflet ----
f.write("to-roi.md", "---\nloai: to-roi\ndien_thoai: true\n---\n\n# Liên hệ\n\n" + TEXT +
        "\n\n---\n\nHai\n\n---\n\nBa\n\n---\n\nBốn\n\n---\n\nNăm\n\n---\n\nSáu\n")
st, err, pdf = f.render("to-roi.md")
phone = pdf.replace(".pdf", "-dien-thoai.pdf")
if check(st == 0 and os.path.exists(phone), "a leaflet with links and its phone copy render", err):
    t = squash(pdf_text(pdf))
    check("Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)" in t, "printed leaflet: the address follows the words")
    d = fitz.open(phone)
    t = squash(pdf_text(phone))
    check("quốc gia hoặc trang" in t and "(dichvucong.gov.vn)" not in t,
          "phone copy: no address after the words: they are the link", t[:400])
    links = uris(d)
    want = {"https://dichvucong.gov.vn/": "Cổng Dịch vụ công quốc gia", "mailto:vanthu@tanthanh.gov.vn": "Văn phòng",
            "tel:18001260": "tổng đài VNPT", "tel:19001595": "1900 1595", "tel:0912345678": "0912 345 678",
            "tel:02083856123": "(0208) 3856 123"}
    for uri, words in want.items():
        got = " ".join(words_in(d[p], r) for u, r, p in links if u == uri)
        check(squash(got) == words or squash(got).replace(" ", "") == words.replace(" ", ""),
              "phone copy: '%s' is a link to %s" % (words, uri), (got, sorted({u for u, _, _ in links})))
    check(not any(u.startswith("tel:") and ("1169" in u or "2025" in u) for u, _, _ in links),
          "phone copy: counts and dates are not telephone numbers")
    # blue and underlined: the words of each link, and a rule under them in their colour
    page = d[0]
    spans = [s for b in page.get_text("dict")["blocks"] for ln in b.get("lines", []) for s in ln["spans"]]
    rules = [(dr, it) for dr in page.get_drawings() for it in dr["items"] if it[0] == "l"]
    for uri, words in (("https://dichvucong.gov.vn/", "Cổng"), ("tel:0912345678", "0912")):
        sp = [s for s in spans if s["text"].strip().startswith(words)]
        col = sp[0]["color"] if sp else 0
        r, g, b = col >> 16 & 255, col >> 8 & 255, col & 255
        check(sp and b > 150 and r < 100, "phone copy: '%s' is blue (#%06X)" % (words, col))
        if sp:
            x0, y0, x1, y1 = sp[0]["bbox"]
            base = sp[0]["origin"][1]
            under = [it for dr, it in rules if x0 - 0.5 <= min(it[1].x, it[2].x) < x1 and
                     0.5 < it[1].y - base < 3.5 and dr.get("color") and
                     abs(dr["color"][2] - b / 255) < 0.05]
            check(under, "phone copy: '%s' is underlined in its colour, 0.5 to 3.5 pt under the baseline" % words)
f.done()
done()
