#!/usr/bin/python3
"""Spreadsheets as Excel saves them: "CSV (Comma delimited)" on Vietnamese
Windows is Windows-1258 with tone marks as characters of their own,
"Unicode Text" is UTF-16 with tabs. Both are read, the hamlets' names come
out right and the figures add up (computed here, not by phat)."""

import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clerk import Folder, check, pdf_text, squash, PHAT_YAML  # noqa: E402
import clerk  # noqa: E402

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text):
    """Encodes as Windows does for code page 1258: the letter with its hat
    or horn in one byte, the tone mark after it in another."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in d if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


ROWS = [("Đồng Cả", 1169, 289, 216, 67), ("Nà Chặng", 804, 230, 170, 16),
        ("Khuổi Ngược", 655, 120, 99, 8), ("Bản Quyền", 432, 61, 40, 0)]
HEAD = ["xom", "dan_so_truong_thanh", "vnpt_smartca", "viettel_mysign", "khac"]
adults = sum(r[1] for r in ROWS)
signed = sum(sum(r[2:]) for r in ROWS)
rate10 = (signed * 2000 + adults) // (2 * adults)          # tenths of a per cent, half up
RATE = "%d,%d" % (rate10 // 10, rate10 % 10)

REPORT = """---
loai: bao-cao
so: 3
ky_hieu: BC-UBND
ngay: 2025-03-02
trich_yeu: Kết quả chữ ký số tháng 02/2025
so_lieu: so-lieu/2025-02.csv
noi_nhan:
  - Lưu: VT
---
Toàn xã đạt {{tong.ty_le}} %.
"""

for name, data, note in (
        ("Windows-1258, comma, CRLF", cp1258("\r\n".join(",".join(map(str, r)) for r in [HEAD] + ROWS) + "\r\n"),
         "note: this file is saved as Windows-1258"),
        ("UTF-16 Unicode Text, tabs", "\ufeff".encode("utf-16-le") +
         ("\r\n".join("\t".join(map(str, r)) for r in [HEAD] + ROWS) + "\r\n").encode("utf-16-le"),
         "note: this file is saved as UTF-16")):
    f = Folder()
    f.write("phat.yaml", "co_quan: Ủy ban nhân dân xã Hà Châu\ndia_danh: Hà Châu\nnguoi_ky:\n  chuc_vu: Chủ tịch\n  ho_ten: Lê Văn Tám\n")
    f.write("so-lieu/2025-02.csv", data)
    f.write("bao-cao.md", REPORT)
    st, out, err = f.build()
    check(st == 0, "%s: the report builds" % name, err)
    check(note in err and f.path("so-lieu/2025-02.csv") in err, "%s: a note names the encoding and the file" % name, err)
    t = squash(pdf_text(f.out("bao-cao.pdf")))
    check(all(r[0] in t for r in ROWS), "%s: every hamlet's name reads right (tones joined to their letters)" % name, t[:800])
    # "{{tong.ty_le}} %" prints "43,0%", the decree's way of writing % (issue 11)
    check("Toàn xã đạt %s%%." % RATE in t, "%s: the total rate is %s%%" % (name, RATE), t[:800])
    f.done()

# a file in Windows-1252 with bytes that are no Vietnamese letter is refused by name
f = Folder()
f.write("phat.yaml", PHAT_YAML)
f.write("so-lieu/2025-02.csv", b"xom,dan_so_truong_thanh,vnpt_smartca\r\nM\xfcller \xa7\xa4,10,1\r\n")
f.write("bao-cao.md", REPORT)
st, out, err = f.build()
check(st == 1 and f.path("so-lieu/2025-02.csv") + ":2:2: error: this file is not valid UTF-8 text (byte 0xFC); "
      "in Excel choose Save As, \"CSV UTF-8 (Comma delimited)\"" in err,
      "bytes that read as no Vietnamese: refused at the first, with what to choose in Excel", err)
f.done()

# muc_tieu typed as Excel shows a percentage cell
f = Folder()
f.write("phat.yaml", "co_quan: Ủy ban nhân dân xã Hà Châu\ndia_danh: Hà Châu\nnguoi_ky:\n  chuc_vu: Chủ tịch\n  ho_ten: Lê Văn Tám\n")
f.write("so-lieu/2025-02.csv", "\r\n".join(",".join(map(str, r)) for r in [HEAD] + ROWS) + "\r\n")
f.write("bao-cao.md", REPORT.replace("so_lieu: so-lieu/2025-02.csv", "so_lieu: so-lieu/2025-02.csv\nmuc_tieu: 0.4")
        .replace("Toàn xã đạt {{tong.ty_le}} %.", "Mục tiêu {{muc_tieu}}."))
st, out, err = f.build()
check(st == 0 and ":8:1: warning: muc_tieu \"0.4\" is read as 40% (a share, as Excel writes a percentage)" in err
      and "(mục tiêu 40%)" in squash(pdf_text(f.out("bao-cao.pdf"))), "muc_tieu: 0.4 is 40 %, with a warning", err)
f.done()

# ---- a misspelt column header under the sheet's title line (Excel, ";") ----
# The units are thôn; "Hộ tham gia BHYT" is the numerator of one indicator and
# the denominator of the other, and the clerk typed "BHTY". The report and the
# loudspeaker script in 2025-09/ both read ../so-lieu/2025-09.csv.
f = Folder()
f.write("phat.yaml", PHAT_YAML + """chien_dich:
  don_vi: thôn
  cot:
    so_ho: Số hộ
    ho_bhyt: Hộ tham gia BHYT
    ho_ktm: Hộ nộp không dùng tiền mặt
  chi_tieu:
    - ma: ktm
      ten: Hộ nộp BHYT không dùng tiền mặt
      tu_so: ho_ktm
      mau_so: ho_bhyt
      muc_tieu: 70
    - ma: bhyt
      ten: Hộ tham gia BHYT hộ gia đình
      tu_so: ho_bhyt
      mau_so: so_ho
      muc_tieu: 90
""")
f.write("so-lieu/2025-09.csv", "\ufeffBẢNG TỔNG HỢP KẾT QUẢ THU BHYT THÁNG 9/2025;;;;;\r\n"
        "STT;Tên thôn;Số hộ;Hộ tham gia BHTY;Hộ nộp không dùng tiền mặt;Ghi chú\r\n"
        "1;Hòa Mậu;412;380;251;\r\n2;Lộc Sơn;305;281;160;\r\n")
f.write("2025-09/bao-cao.md", "---\nloai: bao-cao\nso: 21\nky_hieu: BC-UBND\nngay: 30/9/2025\n"
        "trich_yeu: kết quả thu BHYT tháng 9\nso_lieu: ../so-lieu/2025-09.csv\nnoi_nhan:\n  - Lưu: VT\n---\n\n"
        "Kết quả như sau./.\n")
f.write("2025-09/loa.md", "---\nloai: loa\nso_lieu: ../so-lieu/2025-09.csv\n---\n\n"
        "# Thông báo\n\nToàn xã đạt {{tong.ty_le}} phần trăm.\n")
st, out, err = f.run("check", f.dir)
csv = f.path("so-lieu/2025-09.csv")
lines = err.splitlines()
check(st == 1 and csv + ':2:4: error: unknown column "Hộ tham gia BHTY"; did you mean ho_bhyt (Hộ tham gia BHYT)?'
      in lines, "a misspelt header under a title line: its cell named, the right column offered", err)
want = (csv + ":2: error: the header line (line 2) has no column ho_bhyt (Hộ tham gia BHYT); it must name the "
        "columns: thôn (the name); ho_bhyt (Hộ tham gia BHYT); ho_ktm (Hộ nộp không dùng tiền mặt); so_ho (Số hộ)")
check(want in lines, "… then the missing column once, the header line called line 2, each column listed once", err)
check("/../" not in err and "2025-09/.." not in err, "the data file's path is printed without \"2025-09/..\"", err)
loa = [l for l in lines if l.startswith(f.path("2025-09/loa.md") + ":")]
check(len(loa) == 1 and ": error: " in loa[0] and "../so-lieu/2025-09.csv" in loa[0] and "errors shown above" in loa[0],
      "the loudspeaker script reading the same file says that file's errors are why it fails", err)
bc = [l for l in lines if l.startswith(f.path("2025-09/bao-cao.md") + ":")]
check(bc == [], "… the report, which printed them, says nothing more", err)
check(lines.count(want) == 1, "… and the header's messages are printed once", err)
f.done()

sys.exit(1 if clerk.failures else 0)
