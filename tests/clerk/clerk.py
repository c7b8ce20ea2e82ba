"""Shared helpers of the tests of content written as clerks write it:
a folder per case, phat run on it, the messages and the PDF text read back.
Prints "ok - ..." / "not ok - ..." per check (tests/run.sh counts them)."""

import os
import shutil
import struct
import subprocess
import tempfile
import unicodedata
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHAT = os.environ.get("PHAT", "./phat")
if not os.path.isabs(PHAT):
    PHAT = os.path.join(ROOT, PHAT)

failures = 0


def check(cond, what, detail=""):
    global failures
    if cond:
        print("ok - " + what)
    else:
        failures += 1
        print("not ok - " + what + (": " + str(detail)[:800] if detail != "" else ""))
    return bool(cond)


class Folder:
    """A content folder in a temporary directory; files written as given
    (str is written as UTF-8, bytes as they are)."""

    def __init__(self):
        self.top = tempfile.mkdtemp(prefix="phat-clerk-")
        self.dir = os.path.join(self.top, "noi-dung")
        os.makedirs(self.dir)

    def write(self, name, data):
        p = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        return p

    def path(self, name):
        return os.path.join(self.dir, name)

    def out(self, name=""):
        return os.path.join(self.top, "out", name)

    def run(self, *args, cwd=None):
        """Runs phat; returns (status, stdout, stderr)."""
        p = subprocess.run([PHAT] + list(args), cwd=cwd or self.top, capture_output=True,
                           text=True, timeout=120)
        return p.returncode, p.stdout, p.stderr

    def build(self, *extra):
        return self.run("build", "-o", self.out(), self.dir, *extra)

    def done(self):
        shutil.rmtree(self.top, ignore_errors=True)


def png(w, h, rgb=(200, 30, 30)):
    """An RGB PNG of one colour, w × h pixels, written by hand (zlib and
    struct), as a phone or Paint saves one: no resolution set."""
    raw = b"".join(b"\0" + bytes(rgb) * w for _ in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf_text(path):
    """The text of a PDF as pdftotext reads it (NFC, raw order)."""
    p = subprocess.run(["pdftotext", "-raw", path, "-"], capture_output=True, text=True)
    return unicodedata.normalize("NFC", p.stdout)


def squash(s):
    return " ".join(s.split())


# The settings most cases share, as a commune's phat.yaml holds them.
PHAT_YAML = """co_quan: Ủy ban nhân dân xã Hà Châu
dia_danh: Hà Châu
nguoi_ky:
  quyen_han: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Lê Văn Tám
"""

DISPATCH = """---
loai: cong-van
so: 12
ky_hieu: UBND-VP
ngay: 2025-08-09
trich_yeu: tuyên truyền cài đặt VNeID mức độ 2
kinh_gui: Trưởng các thôn
noi_nhan:
  - Như trên
  - Lưu: VT
---
Ủy ban nhân dân xã đề nghị các thôn tuyên truyền.
"""
