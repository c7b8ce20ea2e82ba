#!/usr/bin/python3
"""A picture the content names twice is embedded once: the same JPEG (a
hamlet's photo) placed twice at the same size in a dispatch, and the same
PNG (the commune's logo) on two pages, each leave one image object in the
PDF (PyMuPDF's image list and its xrefs, as pdfimages -list shows them);
two different photos stay two."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import DISPATCH, Folder, check, done, fitz, phone_photo  # noqa: E402

f = Folder()
phone_photo(f.path("anh-xom.jpg"), 1200, 900)
phone_photo(f.path("anh-khac.jpg"), 1200, 900, left=(0.8, 0.3, 0.3), right=(0.2, 0.2, 0.7))
logo = fitz.Pixmap(fitz.csRGB, fitz.IRect(0, 0, 200, 200), False)
logo.clear_with(200)
logo.set_rect(fitz.IRect(50, 50, 150, 150), (200, 30, 30))
logo.save(f.path("logo.png"))
f.write("cong-van.md", DISPATCH.format(pl="") +
        "Buổi hướng dẫn tại nhà văn hóa xóm:\n\n![Nhà văn hóa xóm Đồng Cả](anh-xom.jpg)\n\n" +
        "Người dân đến đông.\n\n![Logo](logo.png)\n\n" + "Nội dung hướng dẫn chi tiết cho người dân. " * 80 +
        "\n\nẢnh lần nữa, để đối chiếu:\n\n![Nhà văn hóa xóm Đồng Cả](anh-xom.jpg)\n\n![Logo](logo.png)\n\n" +
        "Một ảnh khác:\n\n![Buổi hướng dẫn](anh-khac.jpg)\n\nTrân trọng./.\n")
st, err, pdf = f.render("cong-van.md")
if check(st == 0, "a dispatch naming one photo and one logo twice renders", err):
    d = fitz.open(pdf)
    placed = [(p.number, img[0], img[2], img[3]) for p in d for img in p.get_images(full=True)]
    xrefs = sorted(set(x for _, x, _, _ in placed))
    big = sorted(set(x for _, x, w, h in placed if w > 300))
    small = sorted(set(x for _, x, w, h in placed if w <= 300))
    draws = sum(len(p.get_image_info()) for p in d)
    check(draws >= 5, "the five pictures are drawn (%d)" % draws)
    check(len(big) == 2, "the photo named twice and the other photo: two image objects (%s)" % big, placed)
    check(len(small) == 1, "the logo named twice: one image object (%s)" % small, placed)
    check(len(xrefs) == 3, "three image objects in the PDF in all (%d)" % len(xrefs))
f.done()
done()
