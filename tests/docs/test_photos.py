#!/usr/bin/python3
"""Photos as phones take them (issue 10, item 4), measured on the PDFs: the
EXIF orientation honoured (a portrait photo stands upright), every picture
resampled to at most 300 pixels an inch at the size it is placed (150 on
phone copies), a 4000 × 3000 phone photo leaving a dispatch under 500 KB,
scaling down without a warning, HEIC and WebP named with how to get a JPEG.
The photos are made here (PyMuPDF and cjpeg) with the EXIF tag a phone
writes; which way is up is known from how they were drawn."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import DISPATCH, MM, Folder, check, done, fitz, phone_photo  # noqa: E402

SKY, GROUND = (0.35, 0.55, 0.85), (0.3, 0.55, 0.2)


def images(pdf):
    """(pixels wide, high, placed bbox, bytes, page) of every picture drawn."""
    d = fitz.open(pdf)
    out = []
    for pno, page in enumerate(d):
        for i in page.get_image_info(xrefs=True):
            x = d.extract_image(i["xref"])
            out.append((x["width"], x["height"], fitz.Rect(i["bbox"]), len(x["image"]), pno))
    return out


def colour_at(pdf, pno, rect, fy):
    """Mean colour of a band of rect at fraction fy of its height, rendered
    at 30 dpi: the picture as the reader sees it."""
    doc = fitz.open(pdf)
    page = doc[pno]
    band = fitz.Rect(rect.x0 + rect.width * 0.1, rect.y0 + rect.height * (fy - 0.05),
                     rect.x1 - rect.width * 0.1, rect.y0 + rect.height * (fy + 0.05))
    pix = page.get_pixmap(matrix=fitz.Matrix(30 / 72, 30 / 72), clip=band, alpha=False)
    n = pix.width * pix.height
    s = pix.samples
    return tuple(sum(s[k::3]) / n / 255 for k in range(3))


def ppi(img):
    w, h, r = img[0], img[1], img[2]
    return max(w / (r.width / 72), h / (r.height / 72))


f = Folder()
# a portrait photo held upright: stored 4000 × 3000 on its side, EXIF 6
# (turn 90° clockwise): its stored left half (sky) is the top of the picture
size = phone_photo(f.path("anh/nha-van-hoa.jpg"), 4000, 3000, 6, left=SKY, right=GROUND)
f.write("cong-van.md", DISPATCH.format(pl="") + "Người dân đăng ký tại nhà văn hóa xóm:\n\n"
        "![Người dân đăng ký tại nhà văn hóa](anh/nha-van-hoa.jpg)\n\nĐề nghị các xóm thực hiện./.\n")
st, err, pdf = f.render("cong-van.md")
check(st == 0 and "warning" not in err, "a dispatch with a %.1f MB 4000 × 3000 phone photo renders, no warning"
      % (size / 1e6), err)
if st == 0:
    kb = os.path.getsize(pdf) / 1024
    check(kb < 500, "the dispatch is %.0f KB (under 500 KB; the photo alone was %.0f KB)" % (kb, size / 1024))
    im = images(pdf)
    if check(len(im) == 1, "one picture in the PDF"):
        w, h, r, n, pno = im[0]
        check(r.height > r.width * 1.2, "the photo stands upright: placed %.0f × %.0f mm (portrait)"
              % (r.width / MM, r.height / MM))
        top, bottom = colour_at(pdf, pno, r, 0.2), colour_at(pdf, pno, r, 0.8)
        check(top[2] > top[1] and bottom[1] > bottom[2], "sky at the top, ground at the bottom (top %s, bottom %s)"
              % (tuple(round(c, 2) for c in top), tuple(round(c, 2) for c in bottom)))
        check(ppi(im[0]) <= 301, "it keeps %d × %d pixels: %.0f ppi at its placed size (at most 300)"
              % (w, h, ppi(im[0])))
        check(ppi(im[0]) >= 250, "... and no fewer than print needs (%.0f ppi)" % ppi(im[0]))

# every orientation a camera writes (TIFF 6.0, tag 274): drawn with the sky
# on the stored left half and a red square in the stored top-left corner,
# the sky and the square must show where that orientation turns them
SKY_SIDE = {1: "left", 2: "right", 3: "right", 4: "left", 5: "top", 6: "top", 7: "bottom", 8: "bottom"}
RED_CORNER = {1: "top left", 2: "top right", 3: "bottom right", 4: "bottom left", 5: "top left",
              6: "top right", 7: "bottom right", 8: "bottom left"}


def blue_minus_green(pdf, pno, rect):
    doc = fitz.open(pdf)
    page = doc[pno]
    pix = page.get_pixmap(matrix=fitz.Matrix(30 / 72, 30 / 72), clip=rect, alpha=False)
    s = pix.samples
    return (sum(s[2::3]) - sum(s[1::3])) / max(1, pix.width * pix.height)


for o, side in SKY_SIDE.items():
    name = "anh/o%d.jpg" % o
    phone_photo(f.path(name), 400, 300, o, left=SKY, right=GROUND, mark=(0.9, 0.1, 0.1))
    f.write("o%d.md" % o, DISPATCH.format(pl="") + "Ảnh:\n\n![Ảnh](%s)\n" % name)
    st, err, pdf = f.render("o%d.md" % o)
    im = images(pdf) if st == 0 else []
    if not check(len(im) == 1, "EXIF orientation %d: rendered" % o, err):
        continue
    r, pno = im[0][2], im[0][4]
    portrait = side in ("top", "bottom")
    check((r.height > r.width) == portrait, "EXIF orientation %d: placed %s (%.0f × %.0f mm)"
          % (o, "portrait" if portrait else "landscape", r.width / MM, r.height / MM))
    if portrait:
        a = fitz.Rect(r.x0, r.y0, r.x1, r.y0 + r.height * 0.3)
        b = fitz.Rect(r.x0, r.y1 - r.height * 0.3, r.x1, r.y1)
    else:
        a = fitz.Rect(r.x0, r.y0, r.x0 + r.width * 0.3, r.y1)
        b = fitz.Rect(r.x1 - r.width * 0.3, r.y0, r.x1, r.y1)
    first_is_sky = blue_minus_green(pdf, pno, a) > blue_minus_green(pdf, pno, b)
    check(first_is_sky == (side in ("left", "top")), "EXIF orientation %d: the sky on the %s" % (o, side))
    reds = {}
    for v in ("top", "bottom"):
        for hz in ("left", "right"):
            q = fitz.Rect(r.x0 if hz == "left" else r.x1 - r.width * 0.15, r.y0 if v == "top" else r.y1 - r.height * 0.15,
                          r.x0 + r.width * 0.15 if hz == "left" else r.x1, r.y0 + r.height * 0.15 if v == "top" else r.y1)
            doc = fitz.open(pdf)
            pix = doc[pno].get_pixmap(matrix=fitz.Matrix(30 / 72, 30 / 72), clip=q, alpha=False)
            smp = pix.samples
            reds[v + " " + hz] = (sum(smp[0::3]) - sum(smp[1::3])) / max(1, pix.width * pix.height)
    check(max(reds, key=reds.get) == RED_CORNER[o], "EXIF orientation %d: the stored top-left corner is at the %s"
          % (o, RED_CORNER[o]), reds)

# a tall screenshot (PNG, 1080 × 2400) and the phone copy's 150 ppi
shot = fitz.open()
pg = shot.new_page(width=1080, height=2400)
pg.draw_rect(fitz.Rect(0, 0, 1080, 2400), color=None, fill=(1, 1, 1))
for k in range(40):
    pg.insert_text((60, 120 + k * 55), "Chứng thư chữ ký số %d: đăng ký" % k, fontsize=40, fontname="helv")
pg.get_pixmap(matrix=fitz.Matrix(1, 1), alpha=False).save(f.path("anh/man-hinh.png"))
f.write("to-roi.md", "---\nloai: to-roi\ndien_thoai: true\n---\n\n# Ảnh\n\n![Ảnh chụp](anh/nha-van-hoa.jpg)\n\n---\n\n"
        "# Màn hình\n\n![Màn hình](anh/man-hinh.png)\n\n---\n\nBa\n\n---\n\nBốn\n\n---\n\nNăm\n\n---\n\nSáu\n")
st, err, pdf = f.render("to-roi.md")
if check(st == 0 and "warning" not in err, "a leaflet with the photo and a 1080 × 2400 screenshot, and its phone copy",
         err):
    for path, most in ((pdf, 300), (pdf.replace(".pdf", "-dien-thoai.pdf"), 150)):
        im = images(path)
        worst = max((ppi(i) for i in im), default=0)
        check(len(im) == 2 and worst <= most + 1, "%s: both pictures at most %d ppi as placed (%.0f)"
              % (os.path.basename(path), most, worst), [(i[0], i[1], round(ppi(i))) for i in im])

# formats a PDF cannot hold: named, with how to get a JPEG
heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
webp = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 32
for name, data, words in (("IMG_0412.HEIC", heic, ["HEIC", "Settings › Camera › Formats › Most Compatible"]),
                          ("anh-zalo.webp", webp, ["WebP", "JPEG"])):
    f.write("anh/" + name, data)
    f.write("x.md", DISPATCH.format(pl="") + "Ảnh:\n\n![Ảnh](anh/%s)\n" % name)
    st, err, pdf = f.render("x.md")
    line = [ln for ln in err.splitlines() if ": error: " in ln]
    check(st == 1 and line and line[0].startswith(f.path("x.md") + ":15:1:") and all(w in line[0] for w in words),
          "%s: refused at its line, naming the format and how to get a JPEG" % name, err)
    check(not os.path.exists(pdf), "%s: no PDF written" % name)
f.done()
done()
