"""Shared helpers of the tests of documents as offices write them (issue 10),
on top of the clerk tests' folder and checks (tests/clerk/clerk.py): a
dispatch's front matter with a place for its appendix, one document
rendered, the PDF measured with PyMuPDF. Lengths are PDF points, y grows
downwards (PyMuPDF's convention)."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "pdf"))
sys.path.insert(0, os.path.join(ROOT, "tests", "clerk"))
import fitz  # noqa: E402,F401
from pdfmeasure import MM, page_segments, page_shapes  # noqa: E402,F401
import clerk  # noqa: E402
from clerk import PHAT, PHAT_YAML, check, pdf_text, squash  # noqa: E402,F401

# A dispatch's front matter as a clerk fills it in; {pl} is the appendix.
DISPATCH = """---
loai: cong-van
so: 12
ky_hieu: UBND-VP
ngay: 09/8/2025
trich_yeu: kết quả đăng ký chữ ký số công cộng
kinh_gui: Các thôn, xóm
noi_nhan:
  - Như trên
  - Lưu: VT
{pl}---

"""


class Folder(clerk.Folder):
    """A content folder with the commune's phat.yaml."""

    def __init__(self, yaml=PHAT_YAML):
        super().__init__()
        if yaml is not None:
            self.write("phat.yaml", yaml)

    def render(self, name, *extra):
        """phat render NAME -o out/NAME.pdf; returns (status, stderr, pdf path)."""
        out = self.out(os.path.splitext(name)[0] + ".pdf")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        p = subprocess.run([PHAT, "render", self.path(name), "-o", out] + list(extra),
                           capture_output=True, text=True, timeout=120)
        return p.returncode, p.stderr, out


def done():
    sys.exit(1 if clerk.failures else 0)


def line_of(text, needle):
    """1-based line of the first line of text that contains needle."""
    for i, ln in enumerate(text.split("\n")):
        if needle in ln:
            return i + 1
    return None


def exif_orientation_app1(o):
    """An APP1 segment holding only the EXIF Orientation tag (TIFF 6.0 tag
    274, a SHORT), big-endian, as a phone writes it."""
    import struct
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + \
        struct.pack(">HHIHH", 0x0112, 3, 1, o, 0) + struct.pack(">I", 0)
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def phone_photo(path, w, h, orientation=1, quality=92, left=(0.35, 0.55, 0.85), right=(0.3, 0.55, 0.2),
                mark=None):
    """A JPEG as a phone writes it: w × h pixels as stored, the left half
    one colour and the right half another under shapes and sensor-like
    noise (so it compresses like a photo, not like a drawing), a square of
    colour mark in the stored top-left corner when given, quality 92, the
    EXIF orientation after the SOI marker. Made with PyMuPDF and cjpeg
    (libjpeg-turbo-progs)."""
    import random
    rnd = random.Random(w * 7 + h)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    doc = fitz.open()
    page = doc.new_page(width=w, height=h)
    page.draw_rect(fitz.Rect(0, 0, w / 2, h), color=None, fill=left)
    page.draw_rect(fitz.Rect(w / 2, 0, w, h), color=None, fill=right)
    for _ in range(300):
        x, y, r = rnd.uniform(0, w), rnd.uniform(0, h), rnd.uniform(w / 200, w / 25)
        base = left if x < w / 2 else right
        c = tuple(min(1, max(0, v + rnd.uniform(-0.15, 0.15))) for v in base)
        page.draw_circle(fitz.Point(x, y), r, color=None, fill=c)
    if mark:
        page.draw_rect(fitz.Rect(0, 0, w / 4, h / 4), color=None, fill=mark)
    tile = 128
    noise = bytes(b for _ in range(tile * tile) for b in (rnd.randrange(256), rnd.randrange(256),
                                                          rnd.randrange(256), 48))
    pix = fitz.Pixmap(fitz.csRGB, tile, tile, noise, True)
    xref = 0
    for ty in range(0, h, tile):
        for tx in range(0, w, tile):
            xref = page.insert_image(fitz.Rect(tx, ty, tx + tile, ty + tile), pixmap=pix if not xref else None,
                                     xref=xref)
    ppm = path + ".ppm"
    page.get_pixmap(matrix=fitz.Matrix(1, 1), alpha=False).save(ppm)
    data = subprocess.run(["cjpeg", "-quality", str(quality), ppm], capture_output=True, check=True).stdout
    os.remove(ppm)
    if orientation != 1:
        data = data[:2] + exif_orientation_app1(orientation) + data[2:]
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def screenshot(path, w=1080, h=2400, colour=(40, 110, 200), dpi=None):
    """A PNG as a phone saves a screenshot: w × h pixels, a dark status bar
    on top (8 %), the screen in colour, a light navigation bar at the
    bottom (10 %); a pHYs chunk only when dpi is given (Android writes
    none). Written with zlib and struct (PNG spec, 11.2)."""
    import struct
    import zlib

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)

    rows = []
    for y in range(h):
        c = (30, 30, 30) if y < h * 0.08 else colour if y < h * 0.9 else (240, 240, 240)
        rows.append(b"\x00" + bytes(c) * w)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    if dpi:
        ppm = int(round(dpi / 0.0254))
        data += chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
    data += chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b"")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def placed_images(pdf):
    """(page number, placed rect) of every picture drawn, in reading order."""
    d = fitz.open(pdf)
    out = []
    for pno, page in enumerate(d):
        for i in page.get_image_info():
            out.append((pno, fitz.Rect(i["bbox"])))
    out.sort(key=lambda t: (t[0], round(t[1].y0), t[1].x0))
    return out
