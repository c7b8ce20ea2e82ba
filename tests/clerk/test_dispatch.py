#!/usr/bin/python3
"""A dispatch written the way clerks write it: unquoted lists with colons,
"V/v" typed into the subject, the agency in capitals, dates day first,
Word's quotes and no-break spaces, settings forgotten; and what a văn thư
would object to, named by phat check."""

import os
import sys
import subprocess

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clerk import Folder, check, pdf_text, squash  # noqa: E402
import clerk  # noqa: E402

NBSP = "\u00a0"

DOC = """---
loai: cong-van
co_quan: PHÒNG VĂN HÓA VÀ THÔNG TIN
co_quan_chu_quan: ỦY BAN NHÂN DÂN HUYỆN ĐỊNH HÓA
so: 21
ky_hieu: VHTT
ngay: 5/3/2025
dia_danh:{nbsp}Định Hóa
trich_yeu: V/v: tăng cường tuyên truyền #VNeID mức độ 2
kinh_gui:
  - Ủy ban nhân dân các xã, thị trấn
  - Trung tâm Văn hóa - Thể thao huyện
noi_nhan:
  - Như trên
  - Trưởng phòng: Nguyễn Văn An
  - Lưu: VT, VHTT
nguoi_ky:
  quyen_han: KT. TRƯỞNG PHÒNG
  chuc_vu: Phó Trưởng phòng
  ho_ten: “Hoàng Thị Mai”
phu_luc: phu-luc.md
---
Phòng Văn hóa và Thông tin đề nghị các xã tuyên truyền theo hướng dẫn tại Phụ lục kèm theo.
""".format(nbsp=NBSP)

f = Folder()
f.write("cong-van.md", DOC)
f.write("phu-luc.md", "# Các bước cài đặt\n\nTải VNeID.\n")
st, out, err = f.build()
check(st == 0, "the dispatch as a clerk typed it builds", err)
t = squash(pdf_text(f.out("cong-van.pdf")))
check("- Trưởng phòng: Nguyễn Văn An;" in t and "- Lưu: VT, VHTT." in t,
      "noi_nhan items with a colon print as written (\"- Lưu: VT, VHTT.\")", t[-500:])
check("V/v tăng cường tuyên truyền #VNeID mức độ 2" in t and "V/v V/v" not in t and "V/v:" not in t,
      "a typed \"V/v:\" is left out of the subject, the #hashtag kept", t[:600])
check(f.path("cong-van.md") + ":9:1: note: \"trich_yeu:\" starts with \"V/v\"; phat prints \"V/v\" itself, so it is left out here" in err,
      "a note says the V/v was left out", err)
check(f.path("cong-van.md") + ":9:41: warning: YAML reads \"#VNeID\" as a comment" in err,
      "the #hashtag is named at its real line and column", err)
check("Định Hóa, ngày 05 tháng 3 năm 2025" in t, "\"ngay: 5/3/2025\" is 5 March (day first); a no-break space after the colon is a space", t[:600])
check("PHÒNG VĂN HÓA VÀ THÔNG TIN" in t.replace(" VÀ THÔNG TIN", " VÀ THÔNG TIN") or
      ("PHÒNG VĂN HÓA" in t and "VÀ THÔNG TIN" in t), "the header prints the agency in capitals", t[:300])
check("(Kèm theo Công văn số 21/VHTT ngày 05 tháng 3 năm 2025 của Phòng Văn hóa và Thông tin)" in t,
      "the appendix's Kèm theo line writes the agency in normal case (Phụ lục II of the decree)", t[-300:])
check("Hoàng Thị Mai" in t and "“" not in t and "”" not in t, "Word's quotes around a value are quotes, not text", t[-300:])
info = subprocess.run(["pdfinfo", f.out("cong-van.pdf")], capture_output=True, text=True).stdout
check("Author:          Phòng Văn hóa và Thông tin" in info, "the PDF's author is in normal case", info)
f.done()

# capitals the rules cannot place are shown, converted, in a warning
f = Folder()
f.write("cong-van.md", DOC.replace("PHÒNG VĂN HÓA VÀ THÔNG TIN", "BAN QUẢN LÝ CHỢ ĐỒNG XUÂN"))
f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
st, out, err = f.build()
check(st == 0 and ":3:1: warning: \"co_quan:\" is typed in capitals; where the decree wants normal case "
      "(\"Kèm theo\" lines, the PDF's properties) phat writes \"Ban quản lý Chợ Đồng Xuân\", guessing at "
      "\"chợ đồng xuân\"; if that is wrong, write co_quan in normal case (the header still prints it in capitals)" in err,
      "a word outside the table of kinds, fields and units: a warning shows the converted name", err)
f.done()

# the other forms of a date; anything else names both forms
for typed, want in (("09/08/2025", "ngày 09 tháng 8 năm 2025"), ("2025-8-9", "ngày 09 tháng 8 năm 2025"),
                    ("1/2/2026", "ngày 01 tháng 02 năm 2026"), ("2025-12-31", "ngày 31 tháng 12 năm 2025")):
    f = Folder()
    f.write("cong-van.md", DOC.replace("ngay: 5/3/2025", "ngay: " + typed))
    f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
    st, out, err = f.build()
    check(st == 0 and want in squash(pdf_text(f.out("cong-van.pdf"))), "ngay: %s is %s" % (typed, want), err)
    f.done()
for typed, why in (("31/2/2025", "\"ngay: 31/2/2025\": month 2 of 2025 has 28 days"),
                   ("09/13/2025", "\"ngay: 09/13/2025\": there is no month 13; the day comes first (13/09/2025)"),
                   ("2025/13/01", "\"ngay: 2025/13/01\": there is no month 13; write the date as 09/08/2025 (day first) or 2025-08-09"),
                   ("5 tháng ba", "\"ngay: 5 tháng ba\" is not a date; write it as 2025-08-09 or 09/08/2025 (day first), or only the year (2025) for a draft")):
    f = Folder()
    f.write("cong-van.md", DOC.replace("ngay: 5/3/2025", "ngay: " + typed))
    f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
    st, out, err = f.build()
    check(st == 1 and "%s:7:1: error: %s" % (f.path("cong-van.md"), why) in err, "ngay: %s is refused, saying why" % typed, err)
    f.done()
f = Folder()
f.write("cong-van.md", DOC.replace("ngay: 5/3/2025", "ngay: 09/08/2052"))
f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
st, out, err = f.run("build", "-o", f.out(), f.dir)
check(st == 0 and ":7:1: warning: \"ngay: 09/08/2052\" is in 2052, far from this year" in err,
      "a year far from this one (2052 for 2025) is a warning", err)
f.done()

# every missing key in one run
f = Folder()
f.write("cong-van.md", "---\nloai: cong-van\nso: 4\n---\nĐề nghị các thôn thực hiện.\n")
st, out, err = f.build()
p = f.path("cong-van.md")
missing = [l.split('needs "')[1].split('"')[0] for l in err.splitlines() if ": error: the dispatch needs" in l]
check(st == 1 and missing == ["co_quan:", "ky_hieu:", "dia_danh:", "trich_yeu:", "kinh_gui:", "noi_nhan:", "nguoi_ky:"],
      "every missing key of a dispatch is reported in one run", err)
check(all(l.startswith(p + ":2:1: error:") for l in err.splitlines() if "needs" in l), "… each at the front matter", err)
f.done()

# what a văn thư objects to, though nothing breaks
f = Folder()
d = DOC.replace("theo hướng dẫn tại Phụ lục kèm theo.", "theo hướng dẫn.").replace("ngay: 5/3/2025", "ngay:")
f.write("cong-van.md", d)
f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
st, out, err = f.run("check", f.dir)
check(st == 0 and p.replace(p, f.path("cong-van.md")) + ":21:1: warning: the dispatch has appendices but its text never mentions them" in err,
      "phat check: appendices the text never mentions", err)
check(f.path("cong-van.md") + ":5:1: warning: the dispatch has a number (so: 21) but no full date (ngay:)" in err,
      "phat check: a number without a date", err)
check(out.strip() == "1 document checked, no error" and "built" not in out + err,
      "phat check says \"checked\", never \"built\"", out + err)
f.done()

# a figure left unfilled, even in the PDF's title, is named
f = Folder()
f.write("ap-phich.md", "---\nloai: ap-phich\nco_quan: Ủy ban nhân dân xã Hà Châu\n---\n# Đã có {{tong.ty_le}} % người dân có VNeID\n\nĐến nhà văn hóa thôn.\n")
st, out, err = f.build()
check(st == 1 and ":5:" in err and "tong.ty_le" in err, "a figure without so_lieu is an error at its line", err)
f.done()

# text pasted from Word, Zalo and the web
f = Folder()
body = ("\U0001F449 B\u00e0 con mang theo CCCD \u2705 \u0111\u1ebfn nh\u00e0 v\u0103n h\u00f3a th\u00f4n \U0001F4F1.\n\n"
        "\u00d0\u1ed3ng ch\u00ed tr\u01b0\u1edfng th\u00f4n h\u01b0\u1edbng d\u1eabn c\u00e0i \u0111\u1eb7t "
        "VNe\u00adID qua\u200b Zalo.\n")
f.write("cong-van.md", DOC.replace("Phòng Văn hóa và Thông tin đề nghị các xã tuyên truyền theo hướng dẫn tại Phụ lục kèm theo.\n",
                                   "Theo Phụ lục.\n\n" + body))
f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
st, out, err = f.build()
t = squash(pdf_text(f.out("cong-van.pdf")))
check(st == 0 and "Bà con mang theo CCCD đến nhà văn hóa thôn." in t,
      "emoji pasted from Zalo are left out, with no space left where they were", t[-700:])
check(":25:1: warning: the emoji \"\U0001F449\" and the others in this file are left out" in err,
      "… and named once, at the first", err)
check("Đồng chí trưởng thôn hướng dẫn cài đặt VNeID qua Zalo." in t and "\u00ad" not in t and "\u00d0" not in t,
      "a soft hyphen and a zero-width space are never drawn; Ð (U+00D0) is read as Đ", t[-700:])
check(":27:1: note: \"\u00d0\" (U+00D0) only looks like a Vietnamese letter; phat reads it as \"Đ\"" in err,
      "the look-alike letter is named at its place", err)
f.done()

# one front-matter value typed with the old TCVN3 font
f = Folder()
f.write("cong-van.md", DOC.replace("trich_yeu: V/v: tăng cường tuyên truyền #VNeID mức độ 2",
                                   "trich_yeu: \u00aeÈy m\u00b9nh tuy\u00aan truyÒn chuyÓn \u00ae\u00e6i s\u00e8"))
f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
st, out, err = f.build()
check(st == 1 and f.path("cong-van.md") + ":9:17: error: the text looks like the old Vietnamese encoding TCVN3" in err
      and "UniKey" in err, "a trích yếu in TCVN3 is refused at its line and column, with how to convert it", err)
f.done()

# an option that does not apply to the kind says so
f = Folder()
f.write("cong-van.md", DOC)
f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
st, out, err = f.run("render", f.path("cong-van.md"), "--phone", "--tile", "a4", "-o", os.path.join(f.top, "cv.pdf"))
check(st == 0 and f.path("cong-van.md") + ": warning: --phone does not apply to this kind of document (loai: cong-van); "
      "only leaflets (to-roi) and posters (ap-phich) have a phone copy" in err and
      "--tile does not apply to this kind of document (loai: cong-van)" in err,
      "--phone and --tile on a dispatch say they do not apply", err)
check(not any("dien-thoai" in n or "ghep" in n for n in os.listdir(f.top)), "… and make nothing extra")
f.done()

# keys typed with accents, capitals or "-"
f = Folder()
f.write("cong-van.md", DOC.replace("trich_yeu:", "Trích yếu:").replace("kinh_gui:", "Kinh-Gui:"))
f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
st, out, err = f.build()
t = squash(pdf_text(f.out("cong-van.pdf"))) if st == 0 else ""
check(st == 0 and "V/v tăng cường tuyên truyền" in t and "Kính gửi:" in t,
      "keys typed with accents, capitals or \"-\" are read as the keys they fold to", err)
check(f.path("cong-van.md") + ":9:1: warning: the key \"Trích yếu\" is read as \"trich_yeu\"" in err,
      "… with a warning at the key", err)
f.done()

# recipients typed as in Word: the label in front, one line with ";", an empty item
f = Folder()
d = DOC.replace("""kinh_gui:
  - Ủy ban nhân dân các xã, thị trấn
  - Trung tâm Văn hóa - Thể thao huyện""", "kinh_gui: Kính gửi: Ủy ban nhân dân huyện Định Hóa")
d = d.replace("""noi_nhan:
  - Như trên
  - Trưởng phòng: Nguyễn Văn An
  - Lưu: VT, VHTT""", "noi_nhan: Như trên; Phòng VH-TT huyện;  ; Lưu: VT, VP.").replace("ky_hieu: VHTT", "ky_hieu: /VHTT")
f.write("cong-van.md", d)
f.write("phu-luc.md", "---\nloai: phu-luc\ntieu_de: Danh sách thành viên Tổ công nghệ số\n---\nÔng Nguyễn Văn An.\n")
st, out, err = f.build()
t = squash(pdf_text(f.out("cong-van.pdf"))) if st == 0 else ""
check(st == 0 and "Kính gửi: Ủy ban nhân dân huyện Định Hóa." in t and "Kính gửi: Kính gửi" not in t,
      "\"kinh_gui: Kính gửi: …\" prints \"Kính gửi:\" once", err + t[:500])
check("- Như trên; - Phòng VH-TT huyện; - Lưu: VT, VP." in t and t.count("Lưu:") == 1,
      "noi_nhan on one line with \";\" is a list; its empty item is left out", t[-400:])
check(":11:1: warning: an empty item under \"noi_nhan:\" is left out" in err, "… with a warning", err)
check("Số: 21/VHTT" in t and "//" not in t, "ky_hieu typed with its slash (\"/VHTT\") prints \"21/VHTT\"", t[:300])
check("DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ" in t, "an appendix with tieu_de and no heading takes tieu_de as its title", t[-300:])
f.done()

# trich_yeu that is only "V/v"; settings whose ":" or "- " was forgotten
f = Folder()
f.write("cong-van.md", DOC.replace("trich_yeu: V/v: tăng cường tuyên truyền #VNeID mức độ 2", "trich_yeu: V/v")
        .replace("so: 21", "so 21").replace("  - Lưu: VT, VHTT", "  -Lưu: VT, VHTT"))
f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
st, out, err = f.build()
check(st == 1 and f.path("cong-van.md") + ":5:1: error: \"so 21\" has no \":\"; a setting is written \"key: value\" (so: 21)" in err,
      "a forgotten colon is named at its own line, with the line to write", err)
f.write("cong-van.md", DOC.replace("trich_yeu: V/v: tăng cường tuyên truyền #VNeID mức độ 2", "trich_yeu: V/v")
        .replace("  - Lưu: VT, VHTT", "  -Lưu: VT, VHTT"))
st, out, err = f.build()
check(st == 1 and f.path("cong-van.md") + ":9:1: error: \"trich_yeu: V/v\" holds no subject" in err,
      "a trích yếu that is only \"V/v\" is an error", err)
f.write("cong-van.md", DOC.replace("  - Lưu: VT, VHTT", "  -Lưu: VT, VHTT"))
st, out, err = f.build()
check(st == 0 and "- Lưu: VT, VHTT." in squash(pdf_text(f.out("cong-van.pdf"))), "\"-Lưu: VT\" without its space is a list item", err)
f.done()

# a figure typed with one brace each side is printed as it is: said
f = Folder()
f.write("cong-van.md", DOC.replace("theo hướng dẫn tại Phụ lục kèm theo.", "theo hướng dẫn tại Phụ lục kèm theo, gửi {co_quan}."))
f.write("phu-luc.md", "# Các bước\n\nTải VNeID.\n")
st, out, err = f.build()
check(st == 0 and "warning: \"{co_quan}\" is printed as it is on page 1: a figure or setting is written with two braces each side, {{co_quan}}" in err,
      "{co_quan} with single braces is named with the form to write", err)
f.done()

sys.exit(1 if clerk.failures else 0)
