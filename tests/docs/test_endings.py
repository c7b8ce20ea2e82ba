#!/usr/bin/python3
"""Endings (issue 10, item 8), measured on the PDFs: the body's "./."
comes after the last thing in it, a QR code and its caption included
(the seed's appendices type it at the end of "… quét mã QR dưới đây./."
and put the code after); and no page holds only the body's last lines and
its QR code when the code drawn at its smallest modules (0.5 mm, the
library notes' size for a sheet held in hand) would have kept them on the
page before. Whether they would have fitted is measured on the page
before: its free room down to the 20 mm bottom margin."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import DISPATCH, MM, Folder, check, done, fitz, page_shapes  # noqa: E402

ZALO = "https://zalo.me/g/oebxox482"
FILL = ("Đề nghị các ông, bà Trưởng xóm phối hợp với Tổ Công nghệ số cộng đồng tuyên truyền, hướng dẫn "
        "người dân đăng ký chữ ký số công cộng.")
LAST = ("Trong quá trình cài đặt, nếu cần hỗ trợ, đề nghị tham gia nhóm Zalo hỗ trợ qua địa chỉ "
        "<%s> hoặc quét mã QR dưới đây./." % ZALO)
CAPTION = "Quét mã để vào nhóm Zalo hỗ trợ"
BOTTOM = (297 - 20) * MM        # the frame's foot: Nghị định 30's 20 mm bottom margin
MODULE_MIN = 0.5 * MM
GAP = 6                         # the decree's least space between paragraphs, pt


def appendix(n):
    """An appendix of n filler paragraphs ending as the seed's do."""
    return "# Hướng dẫn cài đặt\n\n" + "\n\n".join([FILL] * n) + "\n\n" + LAST + \
        "\n\n![%s](qr:%s)\n" % (CAPTION, ZALO)


def render(f, n):
    f.write("cong-van.md", DISPATCH.format(pl="phu_luc: phu-luc.md\n") + "Gửi kèm hướng dẫn cài đặt tại Phụ lục./.\n")
    f.write("phu-luc.md", appendix(n))
    return f.render("cong-van.md")


def words(page):
    """(y0, y1, text) of the page's lines, top to bottom, the page number left out."""
    out = []
    for b in page.get_text("dict")["blocks"]:
        for ln in b.get("lines", []):
            t = "".join(s["text"] for s in ln["spans"]).strip()
            if t and not (t.isdigit() and ln["bbox"][3] < 20 * MM):
                out.append((ln["bbox"][1], ln["bbox"][3], t))
    return sorted(out)


def module_of(page, q):
    """The module of QR code q (a bbox from page_shapes): the least height
    of the filled runs drawn inside it, and the code's width in modules."""
    hs = [it[1].height for d in page.get_drawings() if d.get("fill") is not None for it in d["items"]
          if it[0] == "re" and q[0] - 0.1 <= it[1].x0 and it[1].x1 <= q[2] + 0.1 and q[1] - 0.1 <= it[1].y0
          and it[1].y1 <= q[3] + 0.1 and it[1].height > 0.1]
    m = min(hs)
    return m, round((q[2] - q[0]) / m)


def decodes(f, pdf, pno):
    png = f.path("qr-%d" % pno)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(pno + 1), "-l", str(pno + 1), "-singlefile",
                    pdf, png], check=True)
    r = subprocess.run(["zbarimg", "-q", "--raw", png + ".png"], capture_output=True, text=True)
    return r.stdout.strip()


# ---- the mark after the code's caption ----
f = Folder()
st, err, pdf = render(f, 3)
check(st == 0 and "warning" not in err, "a dispatch whose appendix ends with a QR code renders", err)
if st == 0:
    doc = fitz.open(pdf)
    page = doc[-1]
    ls = words(page)
    qrs = page_shapes(page)[1]
    text = " ".join(t for _, _, t in ls)
    check(text.count("./.") == 1 and text.endswith(CAPTION + "./."),
          "the appendix's \"./.\" is printed once, after the code's caption", text[-120:])
    check("quét mã QR dưới đây." in text and "dưới đây./." not in text,
          "the paragraph before the code ends with its full stop only", text[-160:])
    mark = [l for l in ls if l[2].endswith("./.")]
    if check(qrs and mark, "the code and the mark are found on the last page"):
        check(mark[-1][0] > qrs[-1][3], "the mark stands under the QR code (%.1f mm under it)"
              % ((mark[-1][0] - qrs[-1][3]) / MM))
    first = doc[0].get_text()
    check("Gửi kèm hướng dẫn cài đặt tại Phụ lục./." in first, "a dispatch body ending in text keeps its \"./.\" where typed")
f.done()

# ---- a dispatch whose own body ends with the code: the mark after it, before the signature ----
f = Folder()
f.write("cong-van.md", DISPATCH.format(pl="") + FILL + "\n\n" + LAST + "\n\n![%s](qr:%s)\n" % (CAPTION, ZALO))
st, err, pdf = f.render("cong-van.md")
check(st == 0 and "warning" not in err, "a dispatch whose body ends with a QR code renders", err)
if st == 0:
    doc = fitz.open(pdf)
    page = doc[-1]
    ls = words(page)
    cap = [l for l in ls if l[2].startswith(CAPTION)]
    sign = [l for l in ls if "Nơi nhận" in l[2]]
    check(cap and cap[0][2] == CAPTION + "./." and sign and sign[0][0] > cap[0][1],
          "the dispatch's \"./.\" ends the code's caption, above \"Nơi nhận\"", [l[2] for l in ls][-8:])
f.done()

# ---- the last lines and the code never alone on a page when a smaller code fits before ----
# Filler paragraphs push the ending over the foot of the appendix's first
# page step by step: first all on page one, then a page break in between.
shrunk = moved = 0
for n in range(10, 18):
    f = Folder()
    st, err, pdf = render(f, n)
    if not check(st == 0, "%d paragraphs: renders" % n, err):
        f.done()
        continue
    doc = fitz.open(pdf)
    pno = doc.page_count - 1
    page = doc[pno]
    qrs = page_shapes(page)[1]
    if not check(len(qrs) == 1, "%d paragraphs: the QR code is on the last page" % n, qrs):
        f.done()
        continue
    x0, y0, x1, y1 = qrs[0][:4]
    module, modules = module_of(page, qrs[0])
    check(module >= MODULE_MIN - 0.01, "%d paragraphs: modules %.2f mm, never under 0.5 mm" % (n, module / MM))
    check(decodes(f, pdf, pno) == ZALO, "%d paragraphs: the code scans" % n)
    ls = words(page)
    body = [l for l in ls if l[0] < y0]
    if module < 0.7 * MM:
        shrunk += 1
    if len(body) <= 2:
        moved += 1
        # what the page holds: at most two lines, the code, its caption; on
        # the page before: the room under its last line
        before = words(doc[pno - 1])
        room = BOTTOM - before[-1][1]
        need = GAP + (ls[-1][1] - ls[0][0]) - (module - MODULE_MIN) * (modules + 8)
        check(need > room - 2, "%d paragraphs: the last %d lines and the code start a page only when even "
              "at 0.5 mm modules they need %.1f mm, more than the %.1f mm left before" %
              (n, len(body), need / MM, room / MM))
    f.done()
check(shrunk >= 1, "some length of appendix keeps its ending on the page with a smaller code (%d of 8)" % shrunk)
check(moved >= 1, "... and a longer one still starts a page with it, where nothing smaller fits (%d of 8)" % moved)

done()
