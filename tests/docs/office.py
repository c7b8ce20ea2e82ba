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
