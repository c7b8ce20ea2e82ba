#!/usr/bin/python3
"""A phone copy tells its reader to tap instead of "quét mã" only where the
words are said of a QR code that the phone page opens by a tap: the
paragraph right before or after it and its caption. A poster about paying
at a market stall ("Quét mã QR – trả tiền trong 5 giây") keeps its words,
and so does a sentence far from the code. Checked on the text of the phone
copy against the Markdown written here."""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from leaf import Checks, render  # noqa: E402
import fitz  # noqa: E402

check = Checks()
POSTER = """---
loai: ap-phich
kho: a3
dien_thoai: true
---

# Chợ Tân Thành: trả tiền không cần tiền mặt

## Quét mã QR – trả tiền trong 5 giây

Tại mỗi quầy có biển của ngân hàng, quét mã của quầy bằng ứng dụng ngân hàng trên điện thoại, nhập số tiền và xác nhận.

Người bán nhận tiền ngay, không phải trả lại tiền lẻ.

Cần hướng dẫn? Quét mã dưới đây để vào nhóm Zalo của chợ.

![Nhóm Zalo của chợ Tân Thành](qr:https://zalo.me/g/chotanthanh)

Ban quản lý chợ hướng dẫn vào sáng thứ Bảy hằng tuần.
"""

with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "ap-phich-cho.md")
    with open(src, "w", encoding="utf-8") as f:
        f.write(POSTER)
    with open(os.path.join(tmp, "phat.yaml"), "w", encoding="utf-8") as f:
        f.write("co_quan: Ủy ban nhân dân xã Tân Thành\ndia_danh: Tân Thành\n")
    r = render(src, os.path.join(tmp, "ap-phich-cho.pdf"))
    phone = os.path.join(tmp, "ap-phich-cho-dien-thoai.pdf")
    if check(r.returncode == 0 and os.path.exists(phone), "a market poster and its phone copy are written",
             r.stderr + str(os.listdir(tmp))):
        text = " ".join(" ".join(p.get_text().split()) for p in fitz.open(phone))
        check("Quét mã QR – trả tiền trong 5 giây" in text,
              "phone copy: the heading about the stalls' codes keeps \"Quét mã QR\"", text[:200])
        check("quét mã của quầy" in text, "phone copy: the stalls' paragraph keeps \"quét mã\"")
        check("Bấm vào đường dẫn dưới đây để vào nhóm Zalo" in text and "Quét mã dưới đây" not in text,
              "phone copy: the sentence right above the group's QR code says to tap", text[-400:])
        check(text.count("ấm vào đường dẫn") == 1,
              "phone copy: nothing else is rewritten (%d)" % text.count("ấm vào đường dẫn"))
sys.exit(1 if check.failures else 0)
