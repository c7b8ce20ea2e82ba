#!/usr/bin/python3
"""Writes the picture fixtures of tests/unit/test_image.c into tests/data/images/.

PNGs are built byte by byte with zlib + struct, so each one is exactly the
kind of file its name says (16-bit, palette with transparency, cut short...).
The JPEG comes from PyMuPDF + pdftoppm (Debian python3-fitz, poppler-utils); the CMYK, arithmetic and
cut-short JPEGs are that file with one header byte changed or its end cut.
Run it from anywhere; the files are committed, so the tests do not need it."""
import os
import struct
import zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "images")


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height, depth, ctype, rows, extra=b"", phys_dpi=None):
    """rows: list of raw scanlines (without the filter byte)."""
    raw = b"".join(b"\x00" + r for r in rows)
    out = b"\x89PNG\r\n\x1a\n"
    out += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, ctype, 0, 0, 0))
    if phys_dpi:
        ppm = round(phys_dpi / 0.0254)
        out += chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
    out += extra
    out += chunk(b"IDAT", zlib.compress(raw, 9))
    out += chunk(b"IEND", b"")
    return out


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    os.makedirs(HERE, exist_ok=True)
    # 4 x 3 RGB: red, green, blue, white in every row; 300 dpi
    rgb_row = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255])
    rgb = png(4, 3, 8, 2, [rgb_row] * 3, phys_dpi=300)
    write("rgb.png", rgb)
    # 2 x 2 RGBA: left column opaque red, right column half-transparent blue
    rgba_row = bytes([255, 0, 0, 255, 0, 0, 255, 128])
    write("rgba.png", png(2, 2, 8, 6, [rgba_row] * 2))
    # RGBA that is fully opaque: no mask should come out
    write("rgba-opaque.png", png(2, 1, 8, 6, [bytes([1, 2, 3, 255, 4, 5, 6, 255])]))
    # 16-bit RGB, 2 x 1: 0x8000 grey-ish then full white (0xFFFF)
    write("rgb16.png", png(2, 1, 16, 2, [struct.pack(">6H", 0x8000, 0x4000, 0x0000, 0xFFFF, 0xFFFF, 0xFFFF)]))
    # 16-bit grey + alpha
    write("ga16.png", png(1, 1, 16, 4, [struct.pack(">2H", 0x1234, 0x0000)]))
    # 1-bit grey, 8 x 1: alternating
    write("grey1.png", png(8, 1, 1, 0, [bytes([0b10101010])]))
    # palette, 2 entries, entry 1 transparent: 3 x 1 = 0, 1, 0
    plte = chunk(b"PLTE", bytes([10, 20, 30, 200, 210, 220]))
    trns = chunk(b"tRNS", bytes([255, 0]))
    write("palette-trns.png", png(3, 1, 8, 3, [bytes([0, 1, 0])], extra=plte + trns))
    # interlaced would need Adam7 scanlines: skipped on purpose
    # cut short: the RGB file without its last 20 bytes (inside IDAT/IEND)
    write("truncated.png", rgb[: len(rgb) - 30])
    # only the signature and half a header
    write("header-only.png", rgb[:20])
    # damaged: IDAT data replaced by garbage with a valid CRC
    bad = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
    bad += chunk(b"IDAT", b"\x78\x9c" + bytes(range(200, 240))) + chunk(b"IEND", b"")
    write("garbage-idat.png", bad)
    # huge dimensions in the header (100000 x 100000), tiny file
    huge = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0))
    huge += chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b"")
    write("huge.png", huge)
    # under the side limit but over the pixel limit: 20000 x 20000 = 400 Mpx
    big = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0))
    big += chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b"")
    write("many-pixels.png", big)
    # not a picture at all
    write("not-a-picture.png", "Đây không phải là ảnh\n".encode("utf-8"))
    write("gif.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    write("empty.png", b"")

    import subprocess
    import tempfile
    import fitz  # PyMuPDF: draws a page; poppler's pdftoppm makes the JPEG

    with tempfile.TemporaryDirectory() as tmp:
        doc = fitz.open()
        page = doc.new_page(width=16, height=8)
        page.draw_rect(fitz.Rect(0, 0, 8, 8), color=None, fill=(1, 0, 0))
        page.draw_rect(fitz.Rect(8, 0, 16, 8), color=None, fill=(0, 0, 1))
        doc.save(os.path.join(tmp, "j.pdf"))
        subprocess.run(["pdftoppm", "-r", "72", "-jpeg", "-singlefile", os.path.join(tmp, "j.pdf"),
                        os.path.join(tmp, "j")], check=True)
        with open(os.path.join(tmp, "j.jpg"), "rb") as f:
            jpg = f.read()
    write("photo.jpg", jpg)
    sof = jpg.find(b"\xff\xc0")
    assert sof > 0, "PyMuPDF wrote no baseline frame header"
    # components byte: 4 = CMYK (the header check refuses it before decoding)
    cmyk = bytearray(jpg)
    cmyk[sof + 9] = 4
    write("cmyk.jpg", bytes(cmyk))
    # SOF9: arithmetic coding
    arith = bytearray(jpg)
    arith[sof + 1] = 0xC9
    write("arith.jpg", bytes(arith))
    # progressive: same header with SOF2 (only the header is looked at)
    prog = bytearray(jpg)
    prog[sof + 1] = 0xC2
    write("progressive.jpg", bytes(prog))
    write("truncated.jpg", jpg[: sof - 3])


if __name__ == "__main__":
    main()
