#!/usr/bin/python3
"""Holds the rendered dispatches to Nghị định 30/2020 (../shared/spec/nd30-cong-van.md):
the Tân Thành draft of content/ and tests/data/cong-van-2, which differs from it in every
way the keys allow. Each check prints "ok - ..." or "not ok - ..."; the PDFs are built
here with `$PHAT render` into a temporary folder. The expected values are written below
from the spec and the source files, never copied from phat's output."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fitz  # noqa: E402
from pdfmeasure import MM, page_segments, page_shapes, norm_space  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHAT = os.environ.get("PHAT", "./phat")
if not os.path.isabs(PHAT):
    PHAT = os.path.join(ROOT, PHAT)
ZALO = "https://zalo.me/g/oebxox482"
EPOCH = "1717372800"          # 2024-06-03 00:00:00 UTC
EPOCH2 = "1700000000"         # 2023-11-14 22:13:20 UTC

failures = 0


def check(cond, what, detail=""):
    global failures
    if cond:
        print("ok - " + what)
    else:
        failures += 1
        print("not ok - " + what + (": " + str(detail) if detail != "" else ""))
    return bool(cond)


def near(a, b, tol):
    return a is not None and b is not None and abs(a - b) <= tol


def upper(s):
    return unicodedata.normalize("NFC", s.upper())


# ---- what each dispatch must show, from its source and the decree ----

TAN_THANH = dict(
    name="Tân Thành",
    src=os.path.join(ROOT, "content", "cong-van-chu-ky-so.md"),
    parent=None,
    agency=upper("Ủy ban nhân dân xã Tân Thành"),
    so=r"Số:\s+/UBND-VP",                    # draft: blank number
    so_blank=True,
    date=r"Tân Thành, ngày\s+tháng\s+năm 2025",
    date_blank=True,
    vv="V/v triển khai tuyên truyền, đăng ký chữ ký số công cộng cho người dân trưởng thành "
       "trên địa bàn xã Tân Thành",
    kinh_gui=["Toàn thể cán bộ, công chức", "Ông, bà Trưởng xóm", "Tổ Công nghệ số cộng đồng"],
    noi_nhan=["Như trên", "UBND huyện Phú Bình", "Phòng VHTT huyện", "TT Đảng ủy, HĐND",
              "Lãnh đạo UBND xã", "Cán bộ, công chức", "Ông, bà Trưởng xóm",
              "Tổ Công nghệ số cộng đồng", "Lưu: VT, VP"],
    signer=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    signer_name="Nguyễn Quốc Hùng",
    bold_phrase="trước ngày 15 hàng tháng",
    italic_phrase=None,
    min_dispatch_pages=2,
    appendices=[("Phụ lục I", upper("Hướng dẫn cài đặt chữ ký số công cộng trên ứng dụng VNeID và VNPT SmartCA")),
                ("Phụ lục II", upper("Hướng dẫn cài đặt chữ ký số công cộng trên ứng dụng MySign của Viettel"))],
    kem_theo=r"\(Kèm theo Công văn số\s+/UBND-VP ngày\s+tháng\s+năm 2025 của Ủy ban nhân dân xã Tân Thành\)",
    qr=[ZALO, ZALO, ZALO],
    qr_caption="Quét mã để vào nhóm Zalo hỗ trợ",
    link=ZALO,
    sentences=[
        "Căn cứ Công văn số 173/STTTT-CNTT ngày 17/01/2025 của Sở Thông tin và Truyền thông tỉnh Thái Nguyên",
        "UBND xã Tân Thành đề nghị tất cả các cán bộ, công chức",
        "1. Tăng cường thông tin tuyên truyền đến người dân",
        "3. Trong quá trình thực hiện",
        "- Cán bộ, công chức tại Bộ phận Tiếp nhận và Trả kết quả xã Tân Thành",
        "trước ngày 15 hàng tháng",
        "quét mã QR để vào nhóm",
        "phối hợp, triển khai thực hiện./.",
        "SmartCA cá nhân PS0 (Công dân)",
        "Nghiệm thu chứng thư số",
    ],
    title_has="chữ ký số công cộng",
)

DATA2 = os.path.join(ROOT, "tests", "data", "cong-van-2")
SECOND = dict(
    name="cong-van-2",
    src=os.path.join(DATA2, "cong-van.md"),
    parent=upper("Liên minh Hợp tác xã Việt Nam"),
    agency=upper("Liên minh Hợp tác xã tỉnh Hà Giang"),
    so=r"Số: 05/LMHTX-KTĐN",
    so_blank=False,
    date=r"Hà Giang, ngày 03 tháng 6 năm 2024",
    date_blank=False,
    vv="V/v hướng dẫn hợp tác xã nông nghiệp đưa sản phẩm lên sàn thương mại điện tử năm 2024",
    kinh_gui="Các hợp tác xã nông nghiệp trong tỉnh",
    noi_nhan=["Như trên", "Liên minh HTX Việt Nam (để b/c)", "UBND tỉnh (để b/c)", "Sở Công Thương",
              "Sở Nông nghiệp và PTNT", "Lưu: VT, KTĐN"],
    signer=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    signer_name="Lò Thị Mai",
    bold_phrase=None,
    italic_phrase="trước ngày 05 hằng tháng",
    min_dispatch_pages=3,
    # one appendix: the decree numbers appendices only when there are two or more
    appendices=[("Phụ lục", upper("Phiếu đăng ký tham gia đưa sản phẩm lên sàn thương mại điện tử"))],
    kem_theo=r"\(Kèm theo Công văn số 05/LMHTX-KTĐN ngày 03 tháng 6 năm 2024 của Liên minh Hợp tác xã tỉnh Hà Giang\)",
    qr=["https://lienminhhtx.hagiang.gov.vn/phieu-dang-ky-2024"],
    qr_caption="Tải mẫu phiếu đăng ký",
    link=None,
    sentences=[
        "Thực hiện Kế hoạch số 21/KH-LMHTX ngày 15/3/2024 của Liên minh Hợp tác xã Việt Nam",
        "1. Mục đích, yêu cầu",
        "- Giúp các hợp tác xã mở rộng thị trường tiêu thụ chè Shan tuyết",
        "tối đa 5.000.000 đồng mỗi hợp tác xã",
        "quan tâm, phối hợp triển khai thực hiện./.",
        "Lớp tập huấn đăng ký tham dự",
    ],
    title_has="sàn thương mại điện tử",
)


def run(cmd, env=None, **kw):
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run(cmd, env=e, capture_output=True, **kw)


def render(src, out, epoch=EPOCH):
    r = run([PHAT, "render", src, "-o", out], env={"SOURCE_DATE_EPOCH": epoch})
    return r


# ---- layout reading ----

class Doc:
    def __init__(self, path):
        self.pdf = fitz.open(path)
        self.pages = []
        for i, pg in enumerate(self.pdf):
            segs = page_segments(pg, i)
            rules, qrs = page_shapes(pg)
            self.pages.append(dict(segs=segs, rules=rules, qrs=qrs, rect=pg.rect, links=pg.get_links()))
        # page numbers: a segment of digits alone, above everything else on its page
        for p in self.pages:
            p["num"] = None
            segs = p["segs"]
            if segs and re.fullmatch(r"\d+", segs[0].text) and segs[0].y1 < 30 * MM:
                rest = segs[1:]
                if not rest or segs[0].y1 <= min(s.y0 for s in rest) + 0.5:
                    p["num"] = segs[0]
            p["content"] = [s for s in segs if s is not p["num"]]
        # appendices start where the first line says "Phụ lục"
        self.app_starts = [i for i, p in enumerate(self.pages)
                           if p["content"] and re.match(r"Phụ lục\b", p["content"][0].text)]
        self.n_dispatch = self.app_starts[0] if self.app_starts else len(self.pages)


def column_centre(segs):
    return sum(s.cx for s in segs) / len(segs)


def check_doc(E, pdf_path):
    name = E["name"]
    D = Doc(pdf_path)
    P = D.pages
    pre = name + ": "

    # ---- page ----
    check(all(near(p["rect"].width, 595.28, 1) and near(p["rect"].height, 841.89, 1) for p in P),
          pre + "every page is A4 portrait (210 x 297 mm)", [tuple(p["rect"]) for p in P])
    check(D.n_dispatch >= E["min_dispatch_pages"], pre + "the dispatch has at least %d pages" % E["min_dispatch_pages"],
          D.n_dispatch)
    check(len(D.app_starts) == len(E["appendices"]),
          pre + "%d appendix(es), each starting a page with \"Phụ lục\"" % len(E["appendices"]), D.app_starts)
    allc = [s for p in P for s in p["content"]]
    if not check(allc, pre + "the PDF has text"):
        return
    L = min(s.x0 for s in allc)
    # the right margin: where the full (justified) lines end
    full = {}
    for s in allc:
        if near(s.x0, L, 1) and s.width > 100 * MM:
            full[round(s.x1)] = full.get(round(s.x1), 0) + 1
    R = max(full, key=full.get) if full else max(s.x1 for s in allc)
    R = max(s.x1 for s in allc if abs(s.x1 - R) <= 1)
    check(30 * MM - 0.5 <= L <= 35 * MM + 0.5, pre + "left margin 30-35 mm (text starts at %.1f mm)" % (L / MM))
    check(190 * MM - 1 <= R <= 195 * MM + 0.5, pre + "right margin 15-20 mm (lines end at %.1f mm)" % (R / MM))
    over = [s for s in allc if s.x1 > R + 1]
    check(not over, pre + "no text beyond the right margin", over[:3])
    tops = [min(s.y0 for s in p["content"]) for p in P if p["content"]]
    bots = [max(s.y1 for s in p["content"]) for p in P if p["content"]]
    check(min(tops) >= 20 * MM - 1, pre + "top margin at least 20 mm on every page", "%.1f mm" % (min(tops) / MM))
    check(tops[0] <= 25 * MM + 4, pre + "page 1 starts within the 20-25 mm top margin", "%.1f mm" % (tops[0] / MM))
    check(max(bots) <= 277 * MM + 2, pre + "bottom margin at least 20 mm on every page", "%.1f mm" % (max(bots) / MM))
    fonts = {f for s in [s for p in P for s in p["segs"]] for f in s.fonts}
    check(fonts and all(re.search(r"LiberationSerif|Times", f) for f in fonts),
          pre + "all text in Times New Roman or Liberation Serif", fonts)
    cols = {c for p in P for s in p["segs"] for c in s.colors}
    check(cols == {0}, pre + "all text black", cols)

    # ---- header on page 1 ----
    segs1 = P[0]["content"]
    kg = next((s for s in segs1 if s.text.startswith("Kính gửi")), None)
    check(kg is not None, pre + "\"Kính gửi:\" on page 1")
    split = L + 68 * MM
    head = []
    for s in segs1:
        if kg is not None and s.base >= kg.base - 1:
            continue
        parts = s.split_widest_gap() if s.x0 < split - 5 < split + 5 < s.x1 else None
        head += list(parts) if parts else [s]
    left = [s for s in head if s.cx < split]
    right = [s for s in head if s.cx >= split]
    so = next((s for s in left if s.text.startswith("Số")), None)
    check(so is not None, pre + "a \"Số:\" line in the left header column", left)
    if so is None:
        return D
    above = [s for s in left if s.base < so.base - 1]
    below = [s for s in left if s.base > so.base + 1]
    parent = [s for s in above if not s.any_bold]
    agency = [s for s in above if s.bold]
    check(len(parent) + len(agency) == len(above), pre + "header lines above Số are either upright or bold",
          [s for s in above if s not in parent and s not in agency])
    if E["parent"]:
        check(norm_space(" ".join(s.text for s in parent)) == E["parent"],
              pre + "cơ quan chủ quản in upper case", [s.text for s in parent])
        check(parent and all(12 <= s.size <= 13 and not s.italic for s in parent),
              pre + "cơ quan chủ quản 12-13 pt upright, not bold", parent)
        check(parent and agency and parent[-1].base < agency[0].base,
              pre + "cơ quan chủ quản above the issuing body")
    else:
        check(not parent, pre + "no cơ quan chủ quản line", parent)
    check(norm_space(" ".join(s.text for s in agency)) == E["agency"],
          pre + "issuing body in upper case, bold", [s.text for s in agency])
    check(agency and all(12 <= s.size <= 13 and not s.italic for s in agency),
          pre + "issuing body 12-13 pt upright", agency)
    hdr_left = parent + agency
    Cl = column_centre(hdr_left) if hdr_left else None
    check(hdr_left and all(near(s.cx, Cl, 1.0) for s in hdr_left),
          pre + "agency lines centred on one axis", [round(s.cx, 1) for s in hdr_left])
    check(Cl is not None and 30 * MM <= Cl - L <= 38 * MM,
          pre + "left header column about 68 mm wide (centre %.1f mm from the margin)" % (((Cl or 0) - L) / MM))
    # the issuing body's rule
    if agency:
        aw = max(s.width for s in agency)
        last = agency[-1]
        cand = [r for r in P[0]["rules"] if last.base < r[2] < last.y1 + 12 and r[0] < last.x1 and r[1] > last.x0]
        check(cand, pre + "a rule under the issuing body", P[0]["rules"])
        if cand:
            r = min(cand, key=lambda r: r[2])
            ln = r[1] - r[0]
            check(aw / 3 - 0.5 <= ln <= aw / 2 + 0.5,
                  pre + "issuing body rule 1/3-1/2 of its text (%.1f of %.1f pt)" % (ln, aw))
            check(near((r[0] + r[1]) / 2, Cl, 1.0), pre + "issuing body rule centred in the column",
                  ((r[0] + r[1]) / 2, Cl))
            check(so.y0 > r[2], pre + "Số line below the agency rule")
    # Số
    check(re.fullmatch(E["so"], so.text), pre + "Số line reads %r" % E["so"], so.text)
    check(13 - 0.1 <= so.size <= 13.1 and not so.any_bold and not so.any_italic, pre + "Số line 13 pt upright", so)
    if E["so_blank"]:
        colon = so.part(":")
        slash = so.part("/")
        check(colon and slash and slash[0] - colon[1] >= 10,
              pre + "a draft leaves room for the number after \"Số:\"", (colon, slash))
    check(Cl is not None and near(so.cx, Cl, 1.5), pre + "Số line centred in the left column", (so.cx, Cl))
    # V/v
    vv = below
    check(vv and vv[0].text.startswith("V/v "), pre + "V/v line under Số", [s.text for s in vv])
    check(norm_space(" ".join(s.text for s in vv)) == E["vv"], pre + "V/v text is \"V/v\" + trích yếu",
          [s.text for s in vv])
    check(vv and all(12 <= s.size <= 13 and not s.any_bold and not s.any_italic for s in vv),
          pre + "V/v 12-13 pt upright", vv)
    check(vv and all(s.max_gap() <= 0.25 * s.size + 0.15 for s in vv), pre + "V/v lines centred, not spread (justified)",
          [(s.text, round(s.max_gap(), 1)) for s in vv])
    check(vv and all(near(s.cx, so.cx, 1.5) for s in vv), pre + "V/v lines centred under Số",
          [(round(s.cx, 1), round(so.cx, 1)) for s in vv])
    if vv:
        gap = vv[0].y0 - so.y1
        check(4 <= gap <= 12, pre + "V/v about 6 pt below Số (gap between lines %.1f pt)" % gap)
    check(vv and all(s.x0 >= L - 0.5 and s.x1 <= L + 68 * MM + 1 for s in vv), pre + "V/v wraps inside the left column")
    check(not any(r for r in P[0]["rules"] if vv and vv[0].y0 - 2 < r[2] < vv[-1].y1 + 10 and r[0] < split),
          pre + "no rule under V/v")
    # right column
    qh = next((s for s in right if s.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), None)
    tn = next((s for s in right if s.text == "Độc lập - Tự do - Hạnh phúc"), None)
    dt = next((s for s in right if near(s.base, so.base, 1.0)), None)
    check(qh is not None, pre + "Quốc hiệu \"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\"", [s.text for s in right])
    check(tn is not None, pre + "Tiêu ngữ \"Độc lập - Tự do - Hạnh phúc\"", [s.text for s in right])
    if qh:
        check(qh.bold and not qh.any_italic and 12 <= qh.size <= 13, pre + "Quốc hiệu bold 12-13 pt upright", qh)
        check(hdr_left and near(qh.base, hdr_left[0].base, 1.0), pre + "Quốc hiệu level with the first agency line")
    if tn:
        check(tn.bold and not tn.any_italic and 13 <= tn.size <= 14, pre + "Tiêu ngữ bold 13-14 pt upright", tn)
        cand = [r for r in P[0]["rules"] if tn.base < r[2] < tn.y1 + 10 and r[0] < tn.x1 and r[1] > tn.x0]
        if check(cand, pre + "a rule under the Tiêu ngữ", P[0]["rules"]):
            r = min(cand, key=lambda r: r[2])
            check(near(r[1] - r[0], tn.width, 1.0) and near(r[0], tn.x0, 1.0),
                  pre + "Tiêu ngữ rule exactly as long as its text (%.1f vs %.1f pt)" % (r[1] - r[0], tn.width))
    if qh and tn:
        Cr = (qh.cx + tn.cx) / 2
        check(near(qh.cx, tn.cx, 1.0), pre + "Quốc hiệu and Tiêu ngữ on one axis", (qh.cx, tn.cx))
        check(R - 56 * MM <= Cr <= R - 40 * MM,
              pre + "right header column about 95 mm wide (centre %.1f mm from the right margin)" % ((R - Cr) / MM))
        check(tn.base > qh.base, pre + "Tiêu ngữ under Quốc hiệu")
    check(dt is not None, pre + "place and date on the same baseline as Số", [(s.text, s.base) for s in right] + [so.base])
    if dt:
        check(re.fullmatch(E["date"], dt.text), pre + "date reads %r" % E["date"], dt.text)
        check(dt.italic and not dt.any_bold and 13 <= dt.size <= 14, pre + "date italic 13-14 pt", dt)
        if qh and tn:
            check(near(dt.cx, (qh.cx + tn.cx) / 2, 1.5), pre + "date centred in the right column", (dt.cx, qh.cx))
        check(near(dt.base, so.base, 0.5), pre + "Số and date on exactly one baseline", (so.base, dt.base))
        if E["date_blank"]:
            ng = dt.part("ngày")
            th = dt.part("tháng")
            check(ng and th and th[0] - ng[1] >= 8, pre + "a draft leaves room for the day", (ng, th))
    alltext = " ".join(s.text for p in P for s in p["segs"])
    check(not re.search(r"tháng 0[3-9]\b", alltext),
          pre + "no leading zero on months 3-12")

    # ---- Kính gửi ----
    body_start_y = kg.base if kg else 0
    kgl = []
    if kg:
        check(13 <= kg.size <= 14 and not kg.any_bold and not kg.any_italic, pre + "Kính gửi 13-14 pt upright", kg)
        check(L + 20 * MM <= kg.x0 <= L + 50 * MM, pre + "\"Kính gửi:\" indented from the margin (model: 35 mm), at %.1f mm"
              % ((kg.x0 - L) / MM))
        if isinstance(E["kinh_gui"], str):
            check(kg.text == "Kính gửi: " + E["kinh_gui"] + ".",
                  pre + "one recipient inline after \"Kính gửi:\", ending \".\"", kg.text)
        else:
            check(kg.text == "Kính gửi:", pre + "several recipients: \"Kính gửi:\" alone on its line", kg.text)
            after = [s for s in segs1 if s.base > kg.base + 1]
            kgl = after[:len(E["kinh_gui"])]
            want = ["- " + r + ";" for r in E["kinh_gui"][:-1]] + ["- " + E["kinh_gui"][-1] + "."]
            check([s.text for s in kgl] == want, pre + "recipients as \"- \" lines ending \";\", the last \".\"",
                  [s.text for s in kgl])
            check(kgl and all(near(s.x0, kg.x1, 3.0) for s in kgl), pre + "recipient dashes line up under the colon's end",
                  [(round(s.x0, 1), round(kg.x1, 1)) for s in kgl])
            check(kgl and all(13 <= s.size <= 14 for s in kgl), pre + "recipients 13-14 pt")
            if kgl:
                body_start_y = kgl[-1].base

    # ---- closing block ----
    last = D.n_dispatch - 1
    nn = None
    for i in range(D.n_dispatch):
        nn = next((s for s in P[i]["content"] if s.text.startswith("Nơi nhận")), None)
        if nn:
            nn_page = i
            break
    if not check(nn is not None, pre + "\"Nơi nhận:\" on the dispatch's pages"):
        return D
    check(nn_page == last, pre + "closing block on the dispatch's last page", (nn_page, last))
    check(nn.text == "Nơi nhận:", pre + "\"Nơi nhận:\" alone on its line", nn.text)
    check(nn.bold and nn.italic and near(nn.size, 12, 0.1), pre + "\"Nơi nhận:\" bold italic 12 pt", nn)
    check(near(nn.x0, L, 1.0), pre + "\"Nơi nhận:\" flush left", (nn.x0, L))
    segsN = P[nn_page]["content"]
    items = [s for s in segsN if s.base > nn.base + 1 and s.x0 < L + 2 and s.cx < L + 62 * MM]
    want = ["- " + r + ";" for r in E["noi_nhan"][:-1]] + ["- " + E["noi_nhan"][-1] + "."]
    check([s.text for s in items] == want, pre + "Nơi nhận items, \"- \" ... \";\", the last \"- Lưu: VT, ...\" ending \".\"",
          [s.text for s in items])
    check(items and all(near(s.size, 11, 0.1) and not s.any_bold and not s.any_italic for s in items),
          pre + "Nơi nhận items 11 pt upright", [s.size for s in items])
    check(items and all(s.x1 <= L + 64 * MM for s in items), pre + "Nơi nhận items inside a column about 62 mm wide")
    sig = [s for s in segsN if s.base >= nn.base - 3 and s.x0 > L + 50 * MM]
    want = E["signer"] + [E["signer_name"]]
    check([s.text for s in sig] == want, pre + "signer: authority and title on separate lines, then the name",
          [s.text for s in sig])
    if len(sig) == len(want):
        titles, nm = sig[:-1], sig[-1]
        check(all(s.bold and not s.any_italic and 13 <= s.size <= 14 and s.text == upper(s.text) for s in titles),
              pre + "signer title lines bold upper case 13-14 pt", titles)
        check(nm.bold and not nm.any_italic and 13 <= nm.size <= 14, pre + "signer name bold 13-14 pt", nm)
        Cs = column_centre(sig)
        check(all(near(s.cx, Cs, 1.0) for s in sig), pre + "signer lines centred on one axis",
              [round(s.cx, 1) for s in sig])
        check(R - 60 * MM <= Cs <= R - 42 * MM,
              pre + "signer column about 102 mm wide (centre %.1f mm from the right margin)" % ((R - Cs) / MM))
        check(nm.base - titles[-1].base >= 15 * MM, pre + "room for signature and seal above the name (%.1f mm)"
              % ((nm.base - titles[-1].base) / MM))
        check(near(nn.base, titles[0].base, 2.0) or near(nn.y0, titles[0].y0, 2.0),
              pre + "\"Nơi nhận:\" level with the signer's first title line", (nn.base, titles[0].base))

    # ---- body ----
    body = []
    for i in range(D.n_dispatch):
        for s in P[i]["content"]:
            if i == 0 and s.base <= body_start_y + 1:
                continue
            if i == nn_page and s.base >= nn.base - 3:
                continue
            body.append(s)
    caps = [c for i in range(D.n_dispatch) for q, c in qr_captions(P[i]) if c]
    body = [s for s in body if s not in caps]
    check(len(body) > 10, pre + "body text found", len(body))
    check(body and all(13 <= s.size <= 14 for s in body) and len({s.size for s in body}) == 1,
          pre + "body text 13-14 pt, one size", sorted({s.size for s in body}))
    check_paragraphs(pre + "body", body, L, R, require_last_dot=True)
    if E["bold_phrase"]:
        hit = [s for s in body if E["bold_phrase"] in s.text or E["bold_phrase"].split()[0] in s.text]
        ok = any(_phrase_style(s, E["bold_phrase"], "bold") for s in body)
        check(ok, pre + "\"%s\" in bold" % E["bold_phrase"], hit[:2])
    if E["italic_phrase"]:
        ok = any(_phrase_style(s, E["italic_phrase"], "italic") for s in body)
        check(ok, pre + "\"%s\" in italic" % E["italic_phrase"])

    # ---- page numbers ----
    check(P[0]["num"] is None and not any(re.fullmatch(r"\d+", s.text) for s in P[0]["segs"] if s.y1 < 20 * MM),
          pre + "no page number on page 1")
    ranges = [(0, D.n_dispatch)]
    for k, a in enumerate(D.app_starts):
        end = D.app_starts[k + 1] if k + 1 < len(D.app_starts) else len(P)
        ranges.append((a, end))
    for k, (a, b) in enumerate(ranges):
        what = "dispatch" if k == 0 else "appendix %d" % k
        for i in range(a + 1, b):
            n = P[i]["num"]
            ok = n is not None and n.text == str(i - a + 1)
            check(ok, pre + "%s page %d numbered %d" % (what, i - a + 1, i - a + 1), n)
            if n is not None:
                check(n.y1 <= 25 * MM and 13 <= n.size <= 14 and not n.any_bold and not n.any_italic,
                      pre + "%s page %d: number 13-14 pt upright in the top margin" % (what, i - a + 1), n)
                check(near(n.cx, (L + R) / 2, 2.0) or near(n.cx, P[i]["rect"].width / 2, 2.0),
                      pre + "%s page %d: number centred" % (what, i - a + 1), (n.cx, (L + R) / 2))
        if k > 0:
            n = P[a]["num"]
            check(n is None or n.text == "1", pre + "%s: numbering restarts (first page unnumbered or 1)" % what, n)

    # ---- appendices ----
    for k, a in enumerate(D.app_starts[:len(E["appendices"])]):
        label, title = E["appendices"][k]
        end = D.app_starts[k + 1] if k + 1 < len(D.app_starts) else len(P)
        c = P[a]["content"]
        w = pre + label + ": "
        hd = c[0]
        check(hd.text == label, w + "heading reads %r" % label, hd.text)
        check(hd.bold and not hd.any_italic and near(hd.size, 14, 0.1), w + "\"%s\" bold 14 pt upright" % label, hd)
        check(near(hd.cx, (L + R) / 2, 1.5), w + "heading centred", (hd.cx, (L + R) / 2))
        kt_i = next((j for j, s in enumerate(c) if s.text.startswith("(Kèm theo")), None)
        if not check(kt_i is not None, w + "a \"(Kèm theo Công văn số ...)\" line", [s.text for s in c[:6]]):
            continue
        tl = c[1:kt_i]
        check(norm_space(" ".join(s.text for s in tl)) == title, w + "title in upper case", [s.text for s in tl])
        check(tl and all(s.bold and 13 <= s.size <= 14 and near(s.cx, (L + R) / 2, 1.5) for s in tl),
              w + "title bold 13-14 pt centred", tl)
        check(tl and all(s.max_gap() <= 0.25 * s.size + 0.15 for s in tl), w + "title lines centred, not spread (justified)",
              [(s.text, round(s.max_gap(), 1)) for s in tl])
        kt = []
        for s in c[kt_i:]:
            kt.append(s)
            if s.text.endswith(")"):
                break
        check(re.fullmatch(E["kem_theo"], norm_space(" ".join(s.text for s in kt))),
              w + "\"(Kèm theo ...)\" filled from the dispatch", [s.text for s in kt])
        check(all(s.italic and 13 <= s.size <= 14 and near(s.cx, (L + R) / 2, 1.5) for s in kt),
              w + "\"(Kèm theo ...)\" italic 13-14 pt centred", kt)
        check(all(s.max_gap() <= 0.25 * s.size + 0.15 for s in kt), w + "\"(Kèm theo ...)\" lines centred, not spread (justified)",
              [(s.text, round(s.max_gap(), 1)) for s in kt])
        lk = kt[-1]
        cand = [r for r in P[a]["rules"] if lk.base < r[2] < lk.y1 + 12]
        if check(cand, w + "a short rule under \"(Kèm theo ...)\"", P[a]["rules"]):
            r = min(cand, key=lambda r: r[2])
            ln = r[1] - r[0]
            check(10 <= ln <= 0.5 * max(s.width for s in kt) and near((r[0] + r[1]) / 2, (L + R) / 2, 1.5),
                  w + "the rule is short and centred (%.1f pt)" % ln)
            rest = [s for s in c if s.y0 > r[2]]
            body_a = rest + [s for i in range(a + 1, end) for s in P[i]["content"]]
            caps = [cp for i in range(a, end) for q, cp in qr_captions(P[i]) if cp]
            body_a = [s for s in body_a if s not in caps]
            check(body_a and all(13 <= s.size <= 14 for s in body_a), w + "body text 13-14 pt",
                  sorted({s.size for s in body_a}))
            check_paragraphs(w + "body", body_a, L, R, require_last_dot=False)

    # ---- bookmarks ----
    toc = D.pdf.get_toc()
    pages_in_toc = [t[2] for t in toc]
    check(1 in pages_in_toc, pre + "a bookmark for the dispatch on page 1", toc)
    for k, a in enumerate(D.app_starts):
        ent = [t for t in toc if t[2] == a + 1]
        check(ent and any(E["appendices"][k][0] in t[1] or E["appendices"][k][1].lower() in t[1].lower()
                          for t in ent), pre + "a bookmark for %s on its first page" % E["appendices"][k][0], toc)

    # ---- QR codes, captions and links ----
    nq = sum(len(p["qrs"]) for p in P)
    check(nq == len(E["qr"]), pre + "%d QR code(s) drawn as vectors" % len(E["qr"]), nq)
    for i, p in enumerate(P):
        for q, cp in qr_captions(p):
            cap = [cp] if cp else []
            # the body's last code: its caption takes the body's "./." (issue 10)
            check(cap and cap[0].text in (E["qr_caption"], E["qr_caption"] + "./.") and
                  near(cap[0].cx, (q[0] + q[2]) / 2, 2.0),
                  pre + "QR on page %d has its caption centred under it" % (i + 1), cap[:1])
            check(15 * MM <= q[2] - q[0] <= 50 * MM, pre + "QR on page %d is 15-50 mm wide (%.1f mm)"
                  % (i + 1, (q[2] - q[0]) / MM))
    if E["link"]:
        uris = [ln.get("uri") for p in P for ln in p["links"]]
        check(E["link"] in uris, pre + "clickable link to " + E["link"], uris)
    return D


def qr_captions(p):
    """Each QR code of a page with the first line under it (or None)."""
    out = []
    for q in p["qrs"]:
        under = [s for s in p["content"] if s.y0 > q[3] - 1 and s.y0 < q[3] + 30]
        out.append((q, min(under, key=lambda s: s.y0) if under else None))
    return out


def _phrase_style(seg, phrase, style):
    s = "".join(c["c"] for c in seg.chars)
    s2 = s.replace("\u00a0", " ")
    i = s2.find(phrase)
    if i < 0:
        return False
    cs = [c for c in seg.chars[i:i + len(phrase)] if c["c"].strip()]
    return all(c[style] for c in cs)


def check_paragraphs(what, lines, L, R, require_last_dot):
    """Justified body: every line starts at the margin or at the first-line
    indent; every line but the last of a paragraph ends at the right margin;
    paragraphs 6 pt apart or more; line spacing 1.0-1.5 lines."""
    ind_ok = (1.0 * 72 / 2.54, 1.27 * 72 / 2.54)
    bad_start = []
    paras = []
    for s in lines:
        if s.bold:          # headings: lines all in bold stand apart
            paras.append([s, "heading"])
            continue
        d = s.x0 - L
        if near(d, ind_ok[0], 0.5) or near(d, ind_ok[1], 0.5):
            paras.append([s, "first"])
        elif near(d, 0, 0.5):
            if not paras or paras[-1][1] == "heading":
                bad_start.append(s)
            paras.append([s, "cont"])
        else:
            bad_start.append(s)
            paras.append([s, "other"])
    check(not bad_start, what + ": lines start at the margin or at a 1 cm first-line indent",
          bad_start[:3])
    # group into paragraphs
    groups = []
    for s, k in paras:
        if k in ("first", "heading", "other") or not groups:
            groups.append([s])
        else:
            groups[-1].append(s)
        if k == "heading":
            groups.append([])
    groups = [g for g in groups if g]
    ragged = []
    for g in groups:
        for s in g[:-1]:
            if not near(s.x1, R, 1.0):
                ragged.append(s)
        if g[-1].x1 > R + 1.0:
            ragged.append(g[-1])
    check(not ragged, what + ": justified (lines but the last of a paragraph end at the right margin +-1 pt)",
          ragged[:3])
    # spacing
    pitch = []
    for g in groups:
        for a, b in zip(g, g[1:]):
            if a.page == b.page:
                pitch.append(b.base - a.base)
    if pitch:
        pitch.sort()
        p = pitch[len(pitch) // 2]
        size = lines[0].size
        check(1.0 * size * 1.1 <= p <= 1.5 * size * 1.2, what + ": line spacing 1-1.5 lines (%.1f pt at %.1f pt)" % (p, size))
        tight = []
        for g1, g2 in zip(groups, groups[1:]):
            a, b = g1[-1], g2[0]
            if a.page == b.page and b.base - a.base < p + 6 - 0.5:
                tight.append((a.text[-20:], b.text[:20], round(b.base - a.base - p, 1)))
        check(not tight, what + ": at least 6 pt between paragraphs", tight[:3])
        # no line squeezed inside a paragraph
        odd = [(a.text[:20], round(b.base - a.base, 1)) for g in groups for a, b in zip(g, g[1:])
               if a.page == b.page and not near(b.base - a.base, p, 0.6)]
        check(not odd, what + ": even line spacing inside paragraphs", odd[:3])
    else:
        check(False, what + ": paragraphs with more than one line found")
    if require_last_dot and lines:
        check(lines[-1].text.endswith("./."), what + ": ends with \"./.\"", lines[-1].text)


def check_file(E, pdf_path, tmp):
    name = E["name"] + ": "
    r = run(["qpdf", "--check", pdf_path])
    check(r.returncode == 0, name + "qpdf --check exit 0", r.stdout.decode()[-300:] + r.stderr.decode()[-300:])
    r = run(["pdffonts", pdf_path])
    rows = r.stdout.decode().splitlines()[2:]
    bad = []
    for row in rows:
        # name type encoding emb sub uni object ID
        f = row.split()
        if len(f) < 7 or f[-5:-2] != ["yes", "yes", "yes"] or not re.match(r"[A-Z]{6}\+", f[0]):
            bad.append(row)
    check(r.returncode == 0 and rows and not bad, name + "pdffonts: every font embedded, subset, with Unicode", bad or rows)
    r = run(["pdftotext", "-enc", "UTF-8", "-layout", pdf_path, "-"])
    txt = r.stdout.decode("utf-8", "replace")
    warn = r.stderr.decode().splitlines()
    check(r.returncode == 0 and not warn, name + "pdftotext: no warning at all", warn[:3])
    check(unicodedata.is_normalized("NFC", txt), name + "extracted text is NFC")
    flat = norm_space("\n".join(ln for ln in txt.replace("\u00a0", " ").splitlines()
                                if not re.fullmatch(r"\s*\d+\s*", ln)))
    r = run(["pdftotext", "-enc", "UTF-8", pdf_path, "-"])
    flat2 = norm_space("\n".join(ln for ln in r.stdout.decode("utf-8", "replace").replace("\u00a0", " ").splitlines()
                                 if not re.fullmatch(r"\s*\d+\s*", ln)))
    missing = [s for s in E["sentences"] if s not in flat and s not in flat2]
    check(not missing, name + "extracted text holds the key sentences", missing)
    # QR codes decode to the expected text
    pref = os.path.join(tmp, "qr-" + E["name"])
    r = run(["pdftoppm", "-r", "150", "-png", pdf_path, pref])
    pngs = sorted(f for f in os.listdir(tmp) if f.startswith("qr-" + E["name"]) and f.endswith(".png"))
    got = []
    for f in pngs:
        z = run(["zbarimg", "--raw", "-q", os.path.join(tmp, f)])
        got += [ln for ln in z.stdout.decode().splitlines() if ln.strip()]
    check(sorted(got) == sorted(E["qr"]), name + "every QR decodes with zbarimg to its URL", got)
    size = os.path.getsize(pdf_path)
    check(size < 50 * 1024, name + "PDF smaller than 50 KB (%d bytes)" % size)
    # metadata
    pdf = fitz.open(pdf_path)
    md = pdf.metadata
    check(md.get("creationDate", "").startswith("D:20240603000000"),
          name + "SOURCE_DATE_EPOCH=%s sets CreationDate 2024-06-03 00:00:00" % EPOCH, md.get("creationDate"))
    check(E["title_has"] in (md.get("title") or ""), name + "document title set in Unicode", md.get("title"))
    check((md.get("author") or "").strip() != "", name + "document author set", md.get("author"))
    check((md.get("subject") or "").strip() != "", name + "document subject set", md.get("subject"))
    # rebuild: byte-identical
    out2 = os.path.join(tmp, "again-" + E["name"] + ".pdf")
    r = render(E["src"], out2)
    same = r.returncode == 0 and open(out2, "rb").read() == open(pdf_path, "rb").read()
    check(same, name + "a rebuild is byte-identical", r.stderr.decode()[-300:])
    out3 = os.path.join(tmp, "epoch-" + E["name"] + ".pdf")
    r = render(E["src"], out3, EPOCH2)
    md3 = fitz.open(out3).metadata if r.returncode == 0 else {}
    check(md3.get("creationDate", "").startswith("D:20231114221320"),
          name + "another SOURCE_DATE_EPOCH gives another CreationDate", md3.get("creationDate"))


def main():
    if not check(os.path.isfile(PHAT) and os.access(PHAT, os.X_OK), "phat binary exists at " + PHAT):
        return 1
    tmp = tempfile.mkdtemp(prefix="phat-cv-")
    try:
        for E in (TAN_THANH, SECOND):
            out = os.path.join(tmp, E["name"] + ".pdf")
            before = set(os.listdir(tmp))
            r = render(E["src"], out)
            ok = check(r.returncode == 0 and os.path.isfile(out), E["name"] + ": phat render exits 0 and writes the PDF",
                       r.stderr.decode()[-500:])
            if not ok:
                continue
            leftovers = sorted(set(os.listdir(tmp)) - before - {E["name"] + ".pdf"})
            check(not leftovers, E["name"] + ": no temporary file left beside the PDF", leftovers)
            check_doc(E, out)
            check_file(E, out, tmp)
            if os.environ.get("PHAT_KEEP_PDF"):
                shutil.copy(out, os.environ["PHAT_KEEP_PDF"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
