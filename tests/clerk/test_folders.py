#!/usr/bin/python3
"""Folders as offices keep them: one sub-folder per month mirrored in the
output folder, two sources for one output refused, phat render reading the
same phat.yaml as phat build, appendices written as plain Markdown."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clerk import Folder, check, pdf_text, squash, DISPATCH, PHAT_YAML  # noqa: E402
import clerk  # noqa: E402

# ---- one folder per month ----
f = Folder()
f.write("phat.yaml", PHAT_YAML)
f.write("2025-07/cong-van.md", DISPATCH)
f.write("2025-08/cong-van.md", DISPATCH.replace("so: 12", "so: 15"))
st, out, err = f.build()
check(st == 0, "a content folder with one sub-folder per month builds", err)
for m in ("2025-07", "2025-08"):
    p = f.out(m + "/cong-van.pdf")
    check(os.path.exists(p), "%s/cong-van.md -> out/%s/cong-van.pdf" % (m, m), os.listdir(f.out()))
check(not os.path.exists(f.out("cong-van.pdf")), "no cong-van.pdf at the top of out/ (nothing overwritten)")
t7 = pdf_text(f.out("2025-07/cong-van.pdf"))
t8 = pdf_text(f.out("2025-08/cong-van.pdf"))
check("Số: 12/UBND-VP" in t7 and "Số: 15/UBND-VP" in t8, "each month's dispatch keeps its own number")

# a sub-folder's phat.yaml overrides the keys it sets, keeps the others
f.write("2025-08/phat.yaml", "dia_danh: Thị trấn Hà Châu\n")
st, out, err = f.build()
t8 = squash(pdf_text(f.out("2025-08/cong-van.pdf")))
t7 = squash(pdf_text(f.out("2025-07/cong-van.pdf")))
check("Thị trấn Hà Châu, ngày 09 tháng 8 năm 2025" in t8, "a sub-folder's phat.yaml sets dia_danh for its documents", t8[:300])
check("ỦY BAN NHÂN DÂN XÃ HÀ CHÂU" in t8, "… and the folder above still gives co_quan", t8[:300])
check("Hà Châu, ngày 09 tháng 8 năm 2025" in t7 and "Thị trấn" not in t7, "the other month is untouched")

# phat render of a file in a sub-folder reads the same settings, from any working folder
st, out, err = f.run("render", f.path("2025-08/cong-van.md"), "-o", os.path.join(f.top, "r.pdf"), cwd="/")
tr = squash(pdf_text(os.path.join(f.top, "r.pdf")))
check(st == 0 and tr == t8, "phat render FILE gives the same text as phat build (nearest phat.yaml up to the content folder)",
      (st, err, tr[:200]))
f.done()

# ---- two sources, one output ----
f = Folder()
f.write("phat.yaml", PHAT_YAML)
f.write("to-roi.md", "---\nloai: to-roi\ndien_thoai: true\n---\n# Cài VNeID\n\nMang theo căn cước.\n")
f.write("tờ-rơi.md", "---\nloai: to-roi\ndien_thoai: true\n---\n# Cài VNeID\n\nMang theo CCCD.\n")
st, out, err = f.build()
check(st == 1, "two documents writing one phone copy: exit 1", (st, err))
msg = [l for l in err.splitlines() if "already writes" in l]
want_a = f.path("tờ-rơi.md")
check(len(msg) == 1 and msg[0].startswith(want_a + ": error: this document would write ")
      and f.out("to-roi-dien-thoai.pdf") in msg[0] and f.path("to-roi.md") in msg[0],
      "the error names both source files and the output", err)
f.done()

# ---- appendices written as plain Markdown ----
f = Folder()
f.write("phat.yaml", PHAT_YAML)
f.write("cong-van.md", DISPATCH.replace("noi_nhan:", "phu_luc:\n  - phu-luc/huong-dan.md\nnoi_nhan:")
        .replace("đề nghị các thôn tuyên truyền.", "đề nghị các thôn tuyên truyền theo Phụ lục kèm theo."))
f.write("phu-luc/huong-dan.md", "# Hướng dẫn cài đặt VNeID\n\nBước 1: tải ứng dụng VNeID.\n\nBước 2: đăng nhập.\n")
st, out, err = f.build()
check(st == 0, "a dispatch whose appendix has no front matter builds", err)
check(not os.path.exists(f.out("phu-luc/huong-dan.pdf")), "the appendix is not built on its own")
t = squash(pdf_text(f.out("cong-van.pdf")))
check("HƯỚNG DẪN CÀI ĐẶT VNEID" in t and "Bước 2: đăng nhập." in t,
      "the appendix's first heading is its title and its text follows", t[-400:])
check("Kèm theo Công văn số 12/UBND-VP ngày 09/8/2025" not in t and
      "(Kèm theo Công văn số 12/UBND-VP ngày 09 tháng 8 năm 2025 của Ủy ban nhân dân xã Hà Châu)" in t,
      "its Kèm theo line names the dispatch", t[-400:])
# a plain Markdown file that no dispatch names (notes) is left out, with a warning
f.write("ghi-chu.md", "Nhớ gọi trưởng thôn.\n")
f.write("trong.md", "")
st, out, err = f.build()
want = f.path("ghi-chu.md") + ":1:1: warning: this file is not built: it has no front matter"
check(st == 0 and want in err and "no dispatch names it under \"phu_luc:\" as an appendix" in err,
      "a plain Markdown file no dispatch names is left out, with a warning that mentions phu_luc", err)
check(f.path("trong.md") + ":1:1: warning: the file is empty, so nothing is built from it" in err,
      "an empty file says it is empty", err)
st, out, err = f.run("render", f.path("trong.md"))
check(st == 1 and f.path("trong.md") + ":1:1: error: the file is empty" in err, "phat render of an empty file: exit 1, it says so", err)
os.remove(f.path("trong.md"))
os.remove(f.path("ghi-chu.md"))
# phat render of the appendix alone: a preview with a blank Kèm theo line
st, out, err = f.run("render", f.path("phu-luc/huong-dan.md"), "-o", os.path.join(f.top, "pl.pdf"))
t = squash(pdf_text(os.path.join(f.top, "pl.pdf")))
check(st == 0 and t.startswith("Phụ lục HƯỚNG DẪN CÀI ĐẶT VNEID (Kèm theo Công văn số"),
      "phat render of an appendix alone previews it", (st, err, t[:200]))
check("12/UBND-VP" not in t and "của Ủy ban nhân dân xã Hà Châu)" in t,
      "… its Kèm theo line has the number and date blank and the agency of phat.yaml", t[:300])
f.done()

# ---- an appendix with front matter but no loai: (README: optional front
# matter with tieu_de:) ----
KINDS = ("cong-van (a dispatch), to-roi (a leaflet), ap-phich (a poster), loa (a loudspeaker script), "
         "bao-cao (a monthly report) or phu-luc (an appendix)")
f = Folder()
f.write("phat.yaml", PHAT_YAML)
f.write("2025-09/cong-van.md", DISPATCH.replace("noi_nhan:", "phu_luc:\n  - phu-luc/lich-thu.md\nnoi_nhan:")
        .replace("đề nghị các thôn tuyên truyền.", "đề nghị các thôn tuyên truyền theo Phụ lục kèm theo."))
f.write("2025-09/phu-luc/lich-thu.md", "---\ntieu_de: Lịch thu BHYT lưu động tại các thôn tháng 10/2025\n---\n\n"
        "Thôn Hòa Mậu: sáng 06/10/2025 tại nhà văn hóa thôn.\n\nThôn Lộc Sơn: chiều 06/10/2025.\n")
st, out, err = f.build()
check(st == 0 and "error" not in err, "a dispatch's appendix with only tieu_de: in its front matter: the build succeeds, "
      "no error", (st, err))
check(not os.path.exists(f.out("2025-09/phu-luc/lich-thu.pdf")), "… the appendix is not built on its own")
t = squash(pdf_text(f.out("2025-09/cong-van.pdf")))
check("LỊCH THU BHYT LƯU ĐỘNG TẠI CÁC THÔN THÁNG 10/2025" in t and "Thôn Lộc Sơn: chiều 06/10/2025." in t,
      "… it is in the dispatch, titled by its tieu_de:", t[-400:])
st, out, err = f.run("check", f.dir)
check(st == 0 and "error" not in err, "phat check of the folder: no error either", (st, err))
# alone, phat render previews it as an appendix, as one without front matter
for name in ("2025-09/phu-luc/lich-thu.md", "2025-09/lich-thu-ban-nhap.md"):
    if name != "2025-09/phu-luc/lich-thu.md":
        f.write(name, open(f.path("2025-09/phu-luc/lich-thu.md"), encoding="utf-8").read())
    st, out, err = f.run("render", f.path(name), "-o", os.path.join(f.top, "pl.pdf"))
    t = squash(pdf_text(os.path.join(f.top, "pl.pdf"))) if st == 0 else ""
    check(st == 0 and t.startswith("Phụ lục LỊCH THU BHYT LƯU ĐỘNG TẠI CÁC THÔN THÁNG 10/2025 (Kèm theo Công văn số")
          and "12/UBND-VP" not in t, "phat render %s (front matter with only tieu_de:) previews an appendix" % name,
          (st, err, t[:200]))
# the same file that no dispatch names: the build says what to do
st, out, err = f.build()
want = (f.path("2025-09/lich-thu-ban-nhap.md") + ':2:1: error: the front matter has no "loai:" and no dispatch names '
        'this file under "phu_luc:"; if it is an appendix, name it there, else add "loai:", the kind of document: '
        + KINDS)
check(st == 1 and want in err.splitlines(), "an appendix-like file no dispatch names: exit 1, it says to name it "
      "under phu_luc: or give loai:", (st, err))
check(f.path("2025-09/phu-luc/lich-thu.md") not in err, "… the named one is still no error", err)
os.remove(f.path("2025-09/lich-thu-ban-nhap.md"))
# a dispatch that forgot loai: is an error; the hint lists the kinds, phu-luc too
f.write("2025-09/cong-van-2.md", DISPATCH.replace("loai: cong-van\n", ""))
for cmd in ("build", "render"):
    st, out, err = f.build() if cmd == "build" else f.run("render", f.path("2025-09/cong-van-2.md"),
                                                             "-o", os.path.join(f.top, "cv2.pdf"))
    want = f.path("2025-09/cong-van-2.md") + ':2:1: error: the front matter needs "loai:", the kind of document: ' + KINDS
    check(st == 1 and want in err.splitlines(), "phat %s of a dispatch without loai: exit 1, the kinds listed" % cmd,
          (st, err))
f.done()

sys.exit(1 if clerk.failures else 0)
