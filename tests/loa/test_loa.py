#!/usr/bin/python3
"""Loudspeaker scripts (loai: loa).

- the .txt of a small script equals the spoken text written here by hand
  from the reading rules (speak.h) and the test's own lexicon;
- the PDF is A4, every text 16 pt or larger, body lines 1.5 sizes apart;
- reading times: a paragraph of a known number of syllables at 180 and at
  90 a minute, every paragraph's label and the total recomputed here from
  the .txt (syllables = words between spaces);
- one script per hamlet of content/so-lieu/2025-02.csv, each carrying its
  hamlet's figures, computed here from the CSV and read out by the test's
  own number reader;
- the lexicon: built in, extended by every tu-dien-loa.txt from the content
  folder down to the document's folder (the nearest wins), never the one in
  the working directory;
- the PDF: a paragraph that fits on a page is never split across two, and no
  line breaks inside a spoken name or a number with its unit;
- bad input (an unknown {{figure}}, a lexicon line without "=", a bad rate)
  refused with exit 1 at its position, with nothing written.
Prints "ok - ..." / "not ok - ..." per check."""
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

import fitz

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHAT = os.environ.get("PHAT", "./phat")
if not os.path.isabs(PHAT):
    PHAT = os.path.join(ROOT, PHAT)
failures = 0


def check(cond, what, detail=""):
    global failures
    print(("ok - " if cond else "not ok - ") + what + ("" if cond or detail == "" else ": " + str(detail)[:800]))
    if not cond:
        failures += 1
    return bool(cond)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def render(src):
    out = os.path.splitext(src)[0] + ".pdf"
    return subprocess.run([PHAT, "render", src, "-o", out], capture_output=True, text=True)


def spoken(src, text):
    """Writes the script src, renders it, and returns its spoken text (.txt), or phat's messages when
    there is none."""
    write(src, text)
    r = render(src)
    txt = os.path.splitext(src)[0] + ".txt"
    return open(txt, encoding="utf-8").read() if os.path.exists(txt) else r.stderr


# ---- the test's own arithmetic and reading ----

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def say_group(n, after, last):
    """0 < n < 1000; after: a higher group was said. After a higher group
    "không trăm" is not said, and the last group under a hundred starts
    with "linh" (1.036 "một nghìn linh ba mươi sáu", num2words' reading)."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    w = []
    if h:
        w += [DIGITS[h], "trăm"]
    elif after and last:
        w.append("linh")
    if t == 0:
        if u:
            if h:
                w.append("linh")
            w.append(DIGITS[u])
    elif t == 1:
        w.append("mười")
        if u:
            w.append("lăm" if u == 5 else DIGITS[u])
    else:
        w += [DIGITS[t], "mươi"]
        if u:
            w.append({1: "mốt", 4: "tư", 5: "lăm"}.get(u, DIGITS[u]))
    return w


def say(n):
    """Integers below a million, Northern reading."""
    if n == 0:
        return "không"
    if n < 1000:
        return " ".join(say_group(n, False, True))
    w = say(n // 1000).split() + ["nghìn"]
    if n % 1000:
        w += say_group(n % 1000, True, True)
    return " ".join(w)


def say_tenths(t):
    """A rate in tenths of a per cent: 489 "bốn mươi tám phẩy chín". A zero
    tenth may be left out ("40,0" said "bốn mươi") or read ("phẩy không"):
    both forms are returned."""
    whole = say(t // 10)
    return [whole + " phẩy " + DIGITS[t % 10]] + ([whole] if t % 10 == 0 else [])


def syllables(text):
    return sum(1 for w in text.split() if re.search(r"\w", w))


def seconds(syl, rate):
    return (syl * 60 + rate // 2) // rate       # to the nearest second, half up


def duration(s):
    if s < 60:
        return "%d giây" % s
    if s % 60 == 0:
        return "%d phút" % (s // 60)
    return "%d phút %d giây" % (s // 60, s % 60)


def pdf_spans(path):
    doc = fitz.open(path)
    spans = []
    for i, p in enumerate(doc):
        for b in p.get_text("dict")["blocks"]:
            for l in b.get("lines", []):
                for s in l["spans"]:
                    if s["text"].strip():
                        spans.append((i, s))
    return doc, spans


def paragraphs(txt_path):
    with open(txt_path, encoding="utf-8") as f:
        text = f.read()
    return text, [p for p in text.split("\n\n")]


LEXICON = ("# lexicon of the test\nUBND = ủy ban nhân dân\nCCCD = căn cước công dân\n"
           "zalo.me = nhóm Zalo của xã\ndichvucong.gov.vn = Cổng Dịch vụ công\n"
           "(mã QR) = mã dán ở nhà văn hóa\n")
THIRTY = " ".join(["một"] * 30)

with tempfile.TemporaryDirectory() as tmp:
    write(os.path.join(tmp, "tu-dien-loa.txt"), LEXICON)

    # ---- the spoken text of a small script ----
    write(os.path.join(tmp, "s.md"), "---\nloai: loa\n---\n\n# Thông báo của UBND xã\n\n"
          "Ngày 15/01/2025 lúc 14h30, 50% người dân\nmang CCCD đến nhà văn hóa.\n\n"
          "Tham gia [nhóm Zalo của xóm](https://zalo.me/g/abc) hoặc xem <https://dichvucong.gov.vn>.\n\n"
          "1. Mang CCCD.\n2. Bước 2: ký hợp đồng.\n\n- Gọi 0912345678.\n\n"
          + THIRTY + "\n\n![Nhóm Zalo](qr:https://zalo.me/g/abc)\n\n![](qr:https://zalo.me/g/abc)\n\n"
          "![Ảnh nhà văn hóa](anh.png)\n")
    # a photo says nothing to a listener: it is not read (and need not exist)
    r = render(os.path.join(tmp, "s.md"))
    txt_path = os.path.join(tmp, "s.txt")
    pdf_path = os.path.join(tmp, "s.pdf")
    check(r.returncode == 0 and os.path.exists(txt_path) and os.path.exists(pdf_path),
          "a script writes loa/NAME.txt and loa/NAME.pdf", r.stderr)
    want = ("Thông báo của ủy ban nhân dân xã\n\n"
            "Ngày mười lăm tháng một năm hai nghìn hai mươi lăm lúc mười bốn giờ ba mươi phút, "
            "năm mươi phần trăm người dân mang căn cước công dân đến nhà văn hóa.\n\n"
            "Tham gia nhóm Zalo của xóm (nhóm Zalo của xã) hoặc xem Cổng Dịch vụ công.\n\n"
            "Thứ nhất: Mang căn cước công dân.\n\n"
            "Bước hai: ký hợp đồng.\n\n"
            "Gọi không chín một hai ba bốn năm sáu bảy tám.\n\n"
            + THIRTY + "\n\n"
            "Nhóm Zalo: quét mã dán ở nhà văn hóa.\n\n"
            "Quét mã dán ở nhà văn hóa.\n")
    got = open(txt_path, encoding="utf-8").read() if os.path.exists(txt_path) else ""
    check(got == want, "the .txt is the text as read: dates, times, %, abbreviations, links, "
          "list numbers and QR codes spoken, paragraphs separated by blank lines", repr(got))
    check("http" not in got and "zalo.me" not in got and "/" not in got,
          "no address and no slash is left for the announcer to decode")

    if os.path.exists(pdf_path):
        doc, spans = pdf_spans(pdf_path)
        check(all(abs(p.rect.width - 595.3) < 1 and abs(p.rect.height - 841.9) < 1 for p in doc),
              "the PDF is A4")
        small = [(s["text"], s["size"]) for _, s in spans if s["size"] < 16 - 0.01]
        check(spans and not small, "every text in the PDF is 16 pt or larger", small[:5])
        # the 30-syllable paragraph wraps: its lines are 1.5 sizes apart
        ones = sorted((i, s["origin"][1], s["size"]) for i, s in spans
                      if set(s["text"].split()) == {"một"})
        gaps = [(b[1] - a[1]) / a[2] for a, b in zip(ones, ones[1:]) if a[0] == b[0]]
        check(len(gaps) >= 1 and all(abs(g - 1.5) < 0.02 for g in gaps),
              "line spacing is 1.5 (baseline to baseline / size)", gaps)
        # every paragraph's time, in order, then the total at the top
        text, paras = paragraphs(txt_path)
        times = [seconds(syllables(p), 180) for p in paras]
        check(seconds(syllables(THIRTY), 180) == 10, "(the test's own arithmetic: 30 syllables at 180 = 10 s)")
        page_text = "\n".join(p.get_text() for p in doc)
        labels = re.findall(r"^\((\d+ (?:phút|giây)(?: \d+ giây)?)\)$", page_text, re.M)
        check(labels == [duration(t) for t in times], "each paragraph is preceded by its own reading time",
              (labels, [duration(t) for t in times]))
        before = page_text.split("\n" + THIRTY.split()[0] + " ")[0].strip().split("\n")[-1]
        check(before == "(10 giây)", "30 syllables at 180 a minute: \"(10 giây)\" just before the paragraph", before)
        flat = " ".join(page_text.split())
        check("Thời lượng đọc: khoảng " + duration(sum(times)) + " " in flat + " "
              and flat.index("Thời lượng đọc") < flat.index("Thông báo của"),
              "the total at the top is the sum of the paragraphs' times", duration(sum(times)))
        check(doc.metadata.get("title") == "Thông báo của ủy ban nhân dân xã", "the title is the first heading",
              doc.metadata.get("title"))

    # ---- the rate: toc_do ----
    write(os.path.join(tmp, "r.md"), "---\nloai: loa\ntoc_do: 90\n---\n\n" + THIRTY + "\n\n"
          + " ".join(["hai"] * 100) + "\n")
    r = render(os.path.join(tmp, "r.md"))
    rp = os.path.join(tmp, "r.pdf")
    if check(r.returncode == 0 and os.path.exists(rp), "toc_do: 90 builds", r.stderr):
        flat = " ".join("\n".join(p.get_text() for p in fitz.open(rp)).split())
        # 30 at 90/min = 20 s; 100 at 90/min = 66,7 s → 67 s; total 87 s
        check("(20 giây)" in flat and "(1 phút 7 giây)" in flat and "khoảng 1 phút 27 giây" in flat,
              "at 90 a minute: 20 s, 1 min 7 s, total 1 min 27 s", flat[:300])

    # ---- the southern reading ----
    got = spoken(os.path.join(tmp, "n.md"), "---\nloai: loa\nmien: nam\n---\n\nSố 105 và 1.000 người.\n")
    check(got == "Số một trăm lẻ năm và một ngàn người.\n", "mien: nam reads \"lẻ\" and \"ngàn\"", got)

    # ---- a southern ward's script: khu phố, dates, a table of times, a link that names its site ----
    got = spoken(os.path.join(tmp, "kp.md"), "---\nloai: loa\nmien: nam\n---\n\n# Lịch cấp chữ ký số KP.3\n\n"
                   "Đăng ký tại [Cổng DVC](https://dichvucong.gov.vn/), mang Căn cước công dân (CCCD). Hạn chót 30/9.\n\n"
                   "| Khu phố | Ngày | Giờ | Nơi |\n|---|---|---|---|\n"
                   "| KP.3 | Thứ Hai, 29/9 | 7h30 | Nhà văn hóa |\n| KP1 | 30/9 | 14h | Trụ sở Q.2 |\n")
    want = ("Lịch cấp chữ ký số khu phố ba\n\n"
            "Đăng ký tại Cổng dịch vụ công, mang Căn cước công dân. Hạn chót ngày ba mươi tháng chín.\n\n"
            "Khu phố ba: Thứ Hai, ngày hai mươi chín tháng chín, bảy giờ ba mươi phút, nơi Nhà văn hóa.\n\n"
            "Khu phố một: ngày ba mươi tháng chín, mười bốn giờ, nơi Trụ sở quận hai.\n")
    check(got == want, "a southern ward's script: KP.3 and Q.2 read as khu phố, quận; 30/9 a date; a link whose "
          "label names the site and a bracketed CCCD not said twice; a cell that says its header's word "
          "(Giờ, Ngày) not preceded by it", repr(got))

    # ---- tables: a figure named by its header, the header's unit said after it ----
    got = spoken(os.path.join(tmp, "tb.md"), "---\nloai: loa\n---\n\n"
                   "| Ấp | Tỷ lệ (%) |\n|---|---:|\n| Tân Hòa | 86,6 |\n| Tân Lợi | 90 % |\n\n"
                   "| Ngày | Việc |\n|---|---|\n| Thứ Hai | họp dân |\n\n"
                   "| Xóm | Số hộ (hộ) | Dân số (người) | Diện tích (ha) |\n|---|--:|--:|--:|\n"
                   "| Gò Me | 120 | 640 | 12,5 ha |\n| Bàu Sen | 35 hộ | | 3 |\n\n"
                   "| Thôn | Số hộ |\n|---|---|\n| Thôn 2 | 48 hộ |\n")
    want = ("Tân Hòa: tỷ lệ tám mươi sáu phẩy sáu phần trăm.\n\n"
            "Tân Lợi: tỷ lệ chín mươi phần trăm.\n\n"
            "Thứ Hai: họp dân.\n\n"
            "Gò Me: số hộ một trăm hai mươi, dân số sáu trăm bốn mươi người, diện tích mười hai phẩy năm héc ta.\n\n"
            "Bàu Sen: ba mươi lăm hộ, diện tích ba héc ta.\n\n"
            "Thôn hai: bốn mươi tám hộ.\n")
    check(got == want, "tables: a lone figure named by its header, '(%)' '(người)' '(ha)' said after the figure "
          "unless the cell says it, a word cell without its header, 'hộ' never said twice", repr(got))

    # ---- one script per hamlet, each with its own figures ----
    h = os.path.join(tmp, "h")
    os.makedirs(os.path.join(h, "so-lieu"))
    shutil.copy(os.path.join(ROOT, "content", "so-lieu", "2025-02.csv"), os.path.join(h, "so-lieu"))
    write(os.path.join(h, "h.md"), "---\nloai: loa\nso_lieu: so-lieu/2025-02.csv\nmoi_xom: true\n---\n\n"
          "# Xóm {{xom.ten}}\n\nXóm {{xom.ten}} có {{xom.co_cks}} trên {{xom.dan_so}} người, đạt {{xom.ty_le}}%, "
          "còn thiếu {{xom.con_thieu}} người.\n")
    r = render(os.path.join(h, "h.md"))
    with open(os.path.join(h, "so-lieu", "2025-02.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    made = sorted(os.listdir(h)) if os.path.isdir(h) else []
    check(r.returncode == 0 and len(rows) >= 10 and
          len([m for m in made if m.endswith(".txt")]) == len(rows) and
          len([m for m in made if m.endswith(".pdf")]) == len(rows),
          "one .txt and one .pdf per hamlet of the CSV (%d hamlets)" % len(rows), (r.stderr, made))
    txts = {}
    for m in made:
        if m.endswith(".txt"):
            txts[m] = open(os.path.join(h, m), encoding="utf-8").read()
    for row in rows:
        name = row["xom"].strip()
        num = lambda k: int(row[k].replace(".", "")) if row.get(k, "").strip() else 0
        adults = num("dan_so_truong_thanh")
        sig = num("vnpt_smartca") + num("viettel_mysign") + num("khac")
        tenths = (sig * 2000 + adults) // (2 * adults)
        if tenths >= 500 and sig * 2 < adults:     # short of 50 %: never said as 50
            tenths = sig * 1000 // adults
        need = max(0, -(-adults // 2) - sig)          # ceil(50 % of adults) - signatures
        forms = ["Xóm %s có %s trên %s người, đạt %s phần trăm, còn thiếu %s người." %
                 (name, say(sig), say(adults), rate, say(need)) for rate in say_tenths(tenths)]
        mine = [f for f, t in txts.items() if ("Xóm %s\n\n" % name) in t]
        ok = len(mine) == 1 and any(fm in txts[mine[0]] for fm in forms)
        check(ok, "the script of xóm %s says its own figures (%d of %d, %s)" % (name, sig, adults, forms[0]),
              txts[mine[0]] if mine else "no file")

    # ---- the lexicon beside the document, never the working directory's ----
    lx = os.path.join(tmp, "lx")
    os.makedirs(os.path.join(lx, "thon-a"))
    write(os.path.join(lx, "phat.yaml"), "co_quan: Ủy ban nhân dân xã Thử\n")
    write(os.path.join(lx, "tu-dien-loa.txt"), "TCNS = tổ công nghệ số\nHTX = hợp tác xã của xã\n")
    write(os.path.join(lx, "thon-a", "tu-dien-loa.txt"), "HTX = hợp tác xã thôn A\n")
    write(os.path.join(lx, "thon-a", "l.md"), "---\nloai: loa\n---\n\nTCNS và HTX gặp UBND, đọc VNeID.\n")
    cwd = os.path.join(tmp, "cwd")
    os.makedirs(cwd)
    write(os.path.join(cwd, "tu-dien-loa.txt"), "UBND = sai\nVNeID = sai\n")
    r = subprocess.run([PHAT, "render", os.path.join(lx, "thon-a", "l.md"), "-o", os.path.join(lx, "l.pdf")],
                       capture_output=True, text=True, cwd=cwd)
    lt = os.path.join(lx, "l.txt")
    got = open(lt, encoding="utf-8").read() if os.path.exists(lt) else r.stderr
    check(got == "Tổ công nghệ số và hợp tác xã thôn A gặp Ủy ban nhân dân, đọc vê en e ai đi.\n",
          "the lexicons of the content folder and of the document's folder (the nearer wins) over the built-in "
          "one; the working directory's is not read", got)

    # ---- big numbers are read, not refused ----
    got = spoken(os.path.join(tmp, "big.md"), "---\nloai: loa\n---\n\nVốn 1.000.000.000.000 đồng.\n")
    check(got == "Vốn một nghìn tỷ đồng.\n", "a thousand tỷ is read \"một nghìn tỷ\"", got)

    # ---- the PDF: paragraphs kept whole, names and units on one line ----
    words = ["nhà", "cửa", "xóm", "làng", "đường", "cây", "sông", "núi", "ruộng", "vườn", "chợ", "trường",
             "lúa", "ngô", "khoai", "sắn"]
    paras = [" ".join([w] * (40 + 9 * (k % 5))) for k, w in enumerate(words)]
    write(os.path.join(tmp, "k.md"), "---\nloai: loa\n---\n\n" + "\n\n".join(paras) + "\n")
    r = render(os.path.join(tmp, "k.md"))
    kp = os.path.join(tmp, "k.pdf")
    if check(r.returncode == 0 and os.path.exists(kp), "a long script builds", r.stderr):
        doc = fitz.open(kp)
        pages = {w: set() for w in words}
        for i, pg in enumerate(doc):
            for w in pg.get_text().split():
                if w in pages:
                    pages[w].add(i)
        split = [w for w in words if len(pages[w]) != 1]
        check(len(doc) >= 3 and not split, "no paragraph that fits on a page is split across two (%d pages)"
              % len(doc), split)

    names = ["Cài VNeID", "trời 25°C", "đi 120 km/h", "giá 50.000 đồng", "lúc 14h30", "cài VNPT SmartCA"]
    spoken = ["vê en e ai đi", "hai mươi lăm độ xê", "một trăm hai mươi ki lô mét trên giờ",
              "năm mươi nghìn đồng", "mười bốn giờ ba mươi phút", "vê en pê tê xmát xê a"]
    # every name at many places of the line: somewhere each would fall at a line's end
    body = " ".join(("chữ " * (k % 7)) + n for k in range(7) for n in names)
    write(os.path.join(tmp, "u.md"), "---\nloai: loa\n---\n\n" + body + ".\n")
    r = render(os.path.join(tmp, "u.md"))
    up = os.path.join(tmp, "u.pdf")
    if check(r.returncode == 0 and os.path.exists(up), "a script full of names and units builds", r.stderr):
        lines = []
        for pg in fitz.open(up):
            for b in pg.get_text("dict")["blocks"]:
                for l in b.get("lines", []):
                    t = " ".join("".join(sp["text"] for sp in l["spans"]).replace("\xa0", " ").split())
                    if t:
                        lines.append(t)
        whole = sum(line.lower().count(sp.lower()) for line in lines for sp in spoken)
        check(len(lines) > 10 and whole == 7 * len(names),
              "no line breaks inside a spoken name or a number with its unit (%d of %d whole)"
              % (whole, 7 * len(names)), lines[:12])
        ut = open(os.path.join(tmp, "u.txt"), encoding="utf-8").read()
        check("\xa0" not in ut and "vê en e ai đi" in ut, "the .txt has plain spaces")

    # ---- bad input: exit 1, at the position, nothing written ----
    def bad(name, src, want_pos, want_words, extra_files=()):
        d = os.path.join(tmp, "bad-" + name)
        os.makedirs(d)
        for fn, text in extra_files:
            write(os.path.join(d, fn), text)
        write(os.path.join(d, name + ".md"), src)
        r = render(os.path.join(d, name + ".md"))
        ok = r.returncode == 1 and want_pos in r.stderr and all(w in r.stderr for w in want_words)
        check(ok, "%s: exit 1 with %s" % (name, want_pos), (r.returncode, r.stderr))
        check(not any(os.path.exists(os.path.join(d, name + e)) for e in (".pdf", ".txt")),
              "%s: nothing is written" % name)

    bad("so-lieu-sai", "---\nloai: loa\nso_lieu: x.csv\n---\n\nToàn xã đạt {{tong.ty_le}} và\nxóm đạt {{tong.ty_lee}}.\n",
        "so-lieu-sai.md:7:9: error:", ["{{tong.ty_lee}}", "{{tong.ty_le}}"],
        [("x.csv", "xom,dan_so_truong_thanh,khac\nA,10,5\n")])
    bad("tu-dien-sai", "---\nloai: loa\ntu_dien: sai.txt\n---\n\nChữ.\n",
        "sai.txt:3:", ['"="'], [("sai.txt", "# ghi chú\nUBND = ủy ban nhân dân\nCCCD căn cước\n")])
    bad("toc-do-sai", "---\nloai: loa\ntoc_do: nhanh\n---\n\nChữ.\n", "toc-do-sai.md:3:", ["toc_do"])
    bad("mien-sai", "---\nloai: loa\nmien: trung\n---\n\nChữ.\n", "mien-sai.md:3:", ["mien"])

    # ---- content/: no text tells a reached hamlet it needs zero more ----
    out = os.path.join(tmp, "content-out")
    r = subprocess.run([PHAT, "build", "-o", out, os.path.join(ROOT, "content")], capture_output=True, text=True)
    texts = {}
    for dirpath, _, files in os.walk(out):
        for fn in files:
            path = os.path.join(dirpath, fn)
            if fn.endswith(".txt"):
                texts[path] = open(path, encoding="utf-8").read()
            elif fn.endswith(".pdf"):
                texts[path] = " ".join(p.get_text() for p in fitz.open(path))
    flat = {k: " ".join(v.replace("\u00a0", " ").split()) for k, v in texts.items()}
    zero = [os.path.basename(k) for k, v in flat.items() if re.search(r"cần thêm (không|0) ", v)]
    check(r.returncode == 0 and len(texts) >= 30 and not zero,
          "content/ builds and none of its %d texts says \"cần thêm không\"" % len(texts), (r.stderr[-300:], zero))
    with open(os.path.join(ROOT, "content", "so-lieu", "2025-02.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    wrong = []
    for row in rows:
        num = lambda k: int(row[k].replace(".", "")) if row.get(k, "").strip() else 0
        adults, sig = num("dan_so_truong_thanh"), num("vnpt_smartca") + num("viettel_mysign") + num("khac")
        reached = sig * 2 >= adults
        name = row["xom"].strip()
        t = [v for k, v in flat.items() if k.endswith(".txt") and ("xóm %s đã có" % name) in v]
        if len(t) != 1 or ("Xóm đã đạt mục tiêu" in t[0]) != reached or ("xóm cần thêm" in t[0]) == reached:
            wrong.append((name, sig, adults))
    check(rows and not wrong, "content/'s script thanks the hamlets that reached 50%% (%d of %d) and tells the "
          "others how many more" % (sum(1 for x in rows if 2 * (int(x["vnpt_smartca"]) + int(x["viettel_mysign"])
                                                                  + int(x["khac"])) >= int(x["dan_so_truong_thanh"].replace(".", ""))),
                                    len(rows)), wrong)

sys.exit(1 if failures else 0)
