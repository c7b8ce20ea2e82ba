#!/usr/bin/python3
"""File names as they arrive: copied from a Mac or out of a zip file (names
decomposed, NFD), typed on Windows (other capitals, backslashes). A picture,
an appendix and a CSV named in the document are found all the same."""

import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clerk import Folder, check, pdf_text, png, squash, PHAT_YAML, DISPATCH  # noqa: E402
import clerk  # noqa: E402
import fitz  # noqa: E402


def nfd(s):
    return unicodedata.normalize("NFD", s)


f = Folder()
f.write("phat.yaml", PHAT_YAML)
# on disk: decomposed names, as a Mac or a zip file leaves them
f.write(nfd("ảnh/bản đồ xã.png"), png(40, 30))
f.write(nfd("phụ lục/hướng dẫn.md"), "# Hướng dẫn cài đặt\n\nTải VNeID.\n")
f.write(nfd("số liệu/tháng 2.csv"), "xom,dan_so_truong_thanh,vnpt_smartca\nThôn Một,100,40\nThôn Hai,50,30\n")
doc = DISPATCH.replace("noi_nhan:", "phu_luc: phụ lục/hướng dẫn.md\nso_lieu: số liệu/tháng 2.csv\nnoi_nhan:")
doc = doc.replace("đề nghị các thôn tuyên truyền.",
                  "đề nghị các thôn tuyên truyền theo Phụ lục; toàn xã đạt {{tong.ty_le}} %.\n\n"
                  "![Bản đồ](ảnh/bản đồ xã.png)\n")
check(doc == unicodedata.normalize("NFC", doc), "the document names its files in NFC, as typed")
f.write("công văn.md", doc)
st, out, err = f.build()
check(st == 0, "a picture, an appendix and a CSV whose names are decomposed on disk are found", err)
pdf = f.out("công văn.pdf")
check(os.path.exists(pdf), "the output is named in NFC", os.listdir(f.out()) if os.path.exists(f.out()) else "")
if os.path.exists(pdf):
    t = squash(pdf_text(pdf))
    rate = "%d,%d" % divmod((70 * 2000 + 150) // 300, 10)
    check("toàn xã đạt %s%%" % rate in t and "HƯỚNG DẪN CÀI ĐẶT" in t, "the CSV's figures and the appendix are in", t[-300:])
    check(sum(len(p.get_images()) for p in fitz.open(pdf)) == 1, "the picture is on the page")
f.done()

# typed on Windows: other capitals, backslashes
f = Folder()
f.write("phat.yaml", PHAT_YAML)
f.write("Anh/Ban-Do.PNG", png(40, 30))
f.write("cong-van.md", DISPATCH.replace("đề nghị các thôn tuyên truyền.",
                                        "đề nghị các thôn tuyên truyền.\n\n![Bản đồ](anh\\ban-do.png)\n"))
st, out, err = f.build()
check(st == 0 and ":14:1: warning: the picture \"anh\\ban-do.png\" is named with other capitals on disk (Anh/Ban-Do.PNG); "
      "phat used it, but write the name as it is" in err, "a picture typed with other capitals and a backslash is found, with a warning", err)
f.done()

# picture and QR targets written with spaces, as a clerk writes them
import subprocess  # noqa: E402
f = Folder()
f.write("phat.yaml", PHAT_YAML)
f.write("ảnh có dấu.png", png(60, 40))
f.write("cong-van.md", DISPATCH.replace("đề nghị các thôn tuyên truyền.",
        "đề nghị các thôn tuyên truyền.\n\n![Ảnh](ảnh có dấu.png)\n\n"
        "![Số tài khoản](qr:Ngân hàng X - STK 1234 5678)\n\n![Zalo](QR: https://zalo.me/g/x)\n"))
st, out, err = f.build()
pdf = f.out("cong-van.pdf")
check(st == 0 and "Markdown" not in err, "pictures and QR codes whose targets have spaces build", err)
if os.path.exists(pdf):
    t = squash(pdf_text(pdf))
    check("](" not in t and "![" not in t, "no Markdown syntax on the page", t)
    check(sum(len(p.get_images()) for p in fitz.open(pdf)) == 1, "the picture named with spaces is drawn")
    subprocess.run(["pdftoppm", "-png", "-r", "150", pdf, os.path.join(f.top, "p")], check=True)
    codes = set()
    for name in os.listdir(f.top):
        if name.startswith("p") and name.endswith(".png"):
            r = subprocess.run(["zbarimg", "-q", "--raw", os.path.join(f.top, name)], capture_output=True, text=True)
            codes.update(l for l in r.stdout.splitlines() if l)
    check(codes == {"Ngân hàng X - STK 1234 5678", "https://zalo.me/g/x"},
          "both QR codes decode to the text as written (spaces kept, none after \"qr:\")", codes)
f.done()

# a name as Markdown editors write it (%20), and data named from the content folder
f = Folder()
f.write("phat.yaml", PHAT_YAML)
f.write("2025-09/Ảnh mẫu.png", png(40, 30))
f.write("so-lieu/2025-09.csv", "xom,dan_so_truong_thanh,vnpt_smartca\nThôn Một,100,40\n")
f.write("2025-09/cong-van.md", DISPATCH.replace("noi_nhan:", "so_lieu: so-lieu/2025-09.csv\nnoi_nhan:")
        .replace("đề nghị các thôn tuyên truyền.", "đề nghị các thôn tuyên truyền; đạt {{tong.ty_le}} %./.\n\n![Ảnh](Ảnh%20mẫu.png)\n"))
st, out, err = f.build()
pdf = f.out("2025-09/cong-van.pdf")
check(st == 0 and "warning" not in err, "a picture named with %20 and a CSV named from the content folder are found", err)
if os.path.exists(pdf):
    check("đạt 40,0" in squash(pdf_text(pdf)), "… the CSV's figure (40 of 100) is in",
          squash(pdf_text(pdf))[-200:])
    check(sum(len(p.get_images()) for p in fitz.open(pdf)) == 1, "… and the picture")
f.done()

# the settings of phat.yaml in the text and in a QR code: {{zalo}}
f = Folder()
f.write("phat.yaml", PHAT_YAML + "zalo: https://zalo.me/g/ha-chau-vneid\n")
f.write("ap-phich.md", "---\nloai: ap-phich\n---\n# Vào nhóm Zalo của {{co_quan}}\n\nNhóm: {{zalo}}\n\n![Quét mã](qr:{{zalo}})\n")
st, out, err = f.build()
pdf = f.out("ap-phich.pdf")
check(st == 0, "a poster with {{zalo}} and {{co_quan}} builds", err)
if os.path.exists(pdf):
    t = squash(pdf_text(pdf))
    check("Vào nhóm Zalo của Ủy ban nhân dân xã Hà Châu" in t and "Nhóm: https://zalo.me/g/ha-chau-vneid" in t and "{{" not in t,
          "{{co_quan}} and {{zalo}} print the settings of phat.yaml", t)
    subprocess.run(["pdftoppm", "-png", "-r", "100", pdf, os.path.join(f.top, "z")], check=True)
    r = subprocess.run(["zbarimg", "-q", "--raw"] + [os.path.join(f.top, n) for n in os.listdir(f.top) if n.startswith("z") and n.endswith(".png")],
                       capture_output=True, text=True)
    check(r.stdout.strip() == "https://zalo.me/g/ha-chau-vneid", "qr:{{zalo}} encodes the link itself", r.stdout)
f.done()

sys.exit(1 if clerk.failures else 0)
