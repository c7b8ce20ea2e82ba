#!/usr/bin/python3
"""The text layer of every PDF phat makes: content/, the suite's own documents
and one written here with every Vietnamese letter in the four serif faces.

- poppler prints nothing on stderr for any of them (pdftotext, pdffonts,
  pdftoppm): no ToUnicode warning, no allowance for one;
- each font's ToUnicode map is a valid CMap of bfchar/bfrange entries (at
  most 100 to a block, no range crossing a 256-code boundary) for exactly the
  codes its text shows;
- the CIDToGIDMap is /Identity, or a stream that ends after the highest code
  shown (it must never grow back to libharu's 65,536 entries), and for every
  code shown it gives the glyph the embedded font's own cmap gives the
  character ToUnicode names, and the W array that glyph's advance. This
  guards src/render/pdf.c's use of libharu's internals (pdf_font_load): if a
  libharu update changes how it builds fonts, these checks fail;
- text copied out of the page is the NFC source;
- every stream is deflated (a picture may be JPEG), with one Filter entry
  and a Length that is its bytes, and inflates to what MuPDF reads: phat
  deflates the streams libharu would and writes their Filter entry through
  libharu's object layer (pdf_streams_deflate); if a libharu update writes
  that entry twice, drops it, or deflates again, these checks fail.

Expected values come from the fonts and the sources, never from phat."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zlib

import fitz

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
        print("not ok - " + what + (": " + str(detail)[:600] if detail != "" else ""))
    return bool(cond)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, **kw)


# ---- a small reader for the content streams phat writes ----

TOKEN = re.compile(rb"\s*(?:(%[^\r\n]*)|(/[^\s/\[\]()<>{}%]*)|(\()|(<<|>>|\[|\])|(<[0-9A-Fa-f\s]*>)|"
                   rb"([+-]?(?:\d+\.?\d*|\.\d+))|([A-Za-z'\"*]+))")


def literal(data, i):
    """The bytes of the literal string starting after '(' at data[i:]; returns (bytes, next index)."""
    out, depth = bytearray(), 1
    esc = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(data):
        c = data[i]
        if c == 0x5C:
            n = data[i + 1]
            if n in esc:
                out.append(esc[n]); i += 2
            elif 0x30 <= n <= 0x37:
                j = i + 1
                while j < i + 4 and j < len(data) and 0x30 <= data[j] <= 0x37:
                    j += 1
                out.append(int(data[i + 1:j], 8) & 0xFF); i = j
            elif n in (10, 13):
                i += 2 + (n == 13 and data[i + 2:i + 3] == b"\n")
            else:
                out.append(n); i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        elif c == 13:          # a bare CR (or CR LF) in a string reads as LF
            out.append(10)
            i += 1 + (data[i + 1:i + 2] == b"\n")
            continue
        out.append(c)
        i += 1
    raise ValueError("unterminated string")


def shown_codes(content):
    """[(font resource name, [2-byte codes])] for each Tj / TJ / ' / " of a content stream."""
    i, stack, font, shows = 0, [], None, []
    while i < len(content):
        m = TOKEN.match(content, i)
        if not m or m.end() == i:
            if content[i:].strip() == b"":
                break
            raise ValueError("cannot read content at %d: %r" % (i, content[i:i + 20]))
        i = m.end()
        comment, name, lparen, delim, hexs, num, op = m.groups()
        if comment:
            continue
        if lparen:
            s, i = literal(content, i)
            stack.append(s)
        elif hexs:
            h = re.sub(rb"\s", b"", hexs[1:-1])
            stack.append(bytes.fromhex((h + b"0" * (len(h) % 2)).decode()))
        elif name:
            stack.append(name[1:].decode())
        elif num:
            stack.append(float(num))
        elif delim:
            stack.append(delim)
        elif op:
            op = op.decode()
            if op == "Tf" and len(stack) >= 2:
                font = stack[-2]
            elif op in ("Tj", "'", '"', "TJ"):
                strs = [x for x in stack if isinstance(x, bytes) and x not in (b"[", b"]", b"<<", b">>")]
                for s in strs:
                    shows.append((font, [s[k] << 8 | s[k + 1] for k in range(0, len(s) - 1, 2)]))
            stack = []
    return shows


def parse_tounicode(text):
    """(mapping code -> str, problems) of a ToUnicode CMap."""
    problems, mapping = [], {}
    for bad in ("begincidrange", "begincidchar", "beginnotdefrange", "usecmap"):
        if bad in text:
            problems.append("has " + bad)
    for m in re.finditer(r"(\d+)\s+begin(bfchar|bfrange)(.*?)end\2", text, re.S):
        count, kind, entries = int(m.group(1)), m.group(2), m.group(3)
        hexes = re.findall(r"<([0-9A-Fa-f]+)>", entries)
        per = 2 if kind == "bfchar" else 3
        if count > 100:
            problems.append("a block of %d entries (at most 100)" % count)
        if len(hexes) != per * count:
            problems.append("%s block says %d entries, has %d" % (kind, count, len(hexes) // per))
        for k in range(0, len(hexes) - per + 1, per):
            if kind == "bfchar":
                mapping[int(hexes[k], 16)] = bytes.fromhex(hexes[k + 1]).decode("utf-16-be")
            else:
                lo, hi, dst = int(hexes[k], 16), int(hexes[k + 1], 16), bytes.fromhex(hexes[k + 2]).decode("utf-16-be")
                if lo >> 8 != hi >> 8 or hi < lo:
                    problems.append("range <%04X> <%04X> crosses a 256-code boundary" % (lo, hi))
                for c in range(lo, hi + 1):
                    mapping[c] = dst[:-1] + chr(ord(dst[-1]) + c - lo)
    if "begincodespacerange" not in text or "endcmap" not in text:
        problems.append("not a CMap (no codespace range or endcmap)")
    return mapping, problems


def parse_w(text):
    """code -> width of a CIDFont's W array."""
    nums = re.findall(r"\[|\]|-?\d+(?:\.\d+)?", text)
    out, i = {}, 1          # skip the outer [
    while i < len(nums) - 1:
        first = int(float(nums[i]))
        if nums[i + 1] == "[":
            j = i + 2
            while nums[j] != "]":
                out[first + j - i - 2] = float(nums[j]); j += 1
            i = j + 1
        else:
            last, w = int(float(nums[i + 1])), float(nums[i + 2])
            for c in range(first, last + 1):
                out[c] = w
            i += 3
    return out


def ref(doc, xref, key):
    t, v = doc.xref_get_key(xref, key)
    return int(v.split()[0]) if t == "xref" else None


def check_fonts(pdf, label):
    """The ToUnicode, CIDToGIDMap and W checks for every font of pdf."""
    doc = fitz.open(pdf)
    used = {}            # font xref -> set of codes
    names = {}
    for pno, page in enumerate(doc):
        res = {f[4]: f[0] for f in page.get_fonts(full=True)}
        for cx in page.get_contents():
            for font, codes in shown_codes(doc.xref_stream(cx)):
                if font not in res:
                    check(False, "%s: page %d shows text in font %s, which is not in its resources" % (label, pno + 1, font))
                    continue
                used.setdefault(res[font], set()).update(codes)
    for fx, codes in sorted(used.items()):
        base = doc.xref_get_key(fx, "BaseFont")[1].lstrip("/")
        what = "%s, %s" % (label, base)
        tu = ref(doc, fx, "ToUnicode")
        mapping, problems = parse_tounicode(doc.xref_stream(tu).decode("latin-1")) if tu else ({}, ["no ToUnicode"])
        check(not problems, what + ": ToUnicode is bfchar/bfrange only, blocks of at most 100, no range across "
              "a 256-code boundary", problems[:5])
        check(set(mapping) == codes, what + ": ToUnicode maps exactly the %d codes the text shows" % len(codes),
              sorted(set(mapping) ^ codes)[:10])
        desc = doc.xref_get_key(fx, "DescendantFonts")[1]
        dx = int(re.search(r"(\d+) 0 R", desc).group(1))
        mx = ref(doc, dx, "CIDToGIDMap")
        identity = doc.xref_get_key(dx, "CIDToGIDMap") == ("name", "/Identity")
        top = max(codes)
        # /Identity: each code is its glyph, checked code by code below
        gmap = (b"".join(bytes((c >> 8, c & 0xFF)) for c in range(top + 1)) if identity
                else doc.xref_stream(mx) if mx else b"")
        check(identity or (len(gmap) == 2 * (top + 1) and len(gmap) < 2 * 65536),
              what + ": CIDToGIDMap is /Identity or ends after the highest code shown, %04X (%d bytes; "
              "libharu's own map is 131,072: if it grew back, libharu changed, see pdf_font_load)"
              % (top, len(gmap)), len(gmap))
        fd = ref(doc, dx, "FontDescriptor")
        ff = ref(doc, fd, "FontFile2") if fd else None
        font = fitz.Font(fontbuffer=doc.xref_stream(ff)) if ff else None
        widths = parse_w(doc.xref_get_key(dx, "W")[1])
        dw = float(doc.xref_get_key(dx, "DW")[1]) if doc.xref_get_key(dx, "DW")[0] != "null" else 1000
        bad_g, bad_w = [], []
        for c in sorted(codes):
            u = mapping.get(c, "")
            if len(u) != 1 or font is None or 2 * c + 2 > len(gmap):
                bad_g.append("<%04X> %r" % (c, u))
                continue
            gid = gmap[2 * c] << 8 | gmap[2 * c + 1]
            want = font.has_glyph(ord(u))
            if gid != want or gid == 0:
                bad_g.append("<%04X> %s: map gives glyph %d, the font's cmap %d" % (c, u, gid, want))
            adv = font.glyph_advance(ord(u)) * 1000
            if abs(widths.get(c, dw) - adv) > 1:
                bad_w.append("<%04X> %s: W %s, advance %.1f" % (c, u, widths.get(c, dw), adv))
        check(not bad_g, what + ": every code shown maps to the glyph of its character in the embedded font",
              bad_g[:5])
        check(not bad_w, what + ": every code shown has its glyph's advance in W", bad_w[:5])
        names[fx] = base
    return names


def check_streams(pdf, label):
    """Every stream of pdf: one Filter, /FlateDecode (or a picture's /DCTDecode); Length its
    bytes; the deflated bytes inflate, with Python's zlib, to what MuPDF decodes."""
    data = open(pdf, "rb").read()
    doc = fitz.open(pdf)
    bad, n = [], 0
    for m in re.finditer(rb"(?s)\n(\d+) 0 obj\s*(<<(?:(?!endobj).)*?>>)\s*stream\r?\n", data):
        x, d = int(m.group(1)), m.group(2)
        n += 1
        filters = re.findall(rb"/Filter\s*(\[[^\]]*\]|/\w+)", d)
        names = re.findall(rb"/(\w+)", filters[0]) if len(filters) == 1 else []
        length = re.search(rb"/Length (\d+)(?: 0 R)?", d)
        if length and b"0 R" in length.group(0):
            t, v = doc.xref_get_key(x, "Length")   # libharu's: an object of its own
            size = (int(doc.xref_object(int(v.split()[0])).strip()) if t == "xref"
                    else int(v) if t == "int" else -1)
        else:
            size = int(length.group(1)) if length else -1
        raw = data[m.end():m.end() + max(size, 0)]
        if names not in ([b"FlateDecode"], [b"DCTDecode"]):
            bad.append("object %d: Filter %s" % (x, [f.decode() for f in filters]))
            continue
        if not data[m.end() + size:m.end() + size + 12].lstrip(b"\r\n").startswith(b"endstream"):
            bad.append("object %d: Length %d is not where endstream is" % (x, size))
            continue
        if names == [b"FlateDecode"]:
            try:
                if zlib.decompress(raw) != doc.xref_stream(x):
                    bad.append("object %d: inflates to other bytes than MuPDF reads" % x)
            except zlib.error as e:
                bad.append("object %d: does not inflate: %s" % (x, e))
    check(n > 0 and not bad, "%s: all %d streams deflated (or JPEG), one Filter each, Length right, "
          "inflating to what MuPDF reads" % (label, n), bad[:5])


def quiet_poppler(pdf, label, tmp):
    """pdftotext, pdffonts and pdftoppm print nothing on stderr."""
    noise = []
    for args in (["pdftotext", "-enc", "UTF-8", pdf, os.devnull], ["pdffonts", pdf],
                 ["pdftoppm", "-r", "12", "-png", pdf, os.path.join(tmp, "look")]):
        r = run(args)
        if r.returncode != 0 or r.stderr.strip():
            noise.append("%s: exit %d, %s" % (args[0], r.returncode, r.stderr.decode("utf-8", "replace")[:200]))
    for f in os.listdir(tmp):
        if f.startswith("look"):
            os.remove(os.path.join(tmp, f))
    check(not noise, label + ": pdftotext, pdffonts and pdftoppm print nothing on stderr", noise)


LETTERS = ("aàáảãạ ăằắẳẵặ âầấẩẫậ bcdđ eèéẻẽẹ êềếểễệ ghiìíỉĩị klmn oòóỏõọ ôồốổỗộ ơờớởỡợ pqrst "
           "uùúủũụ ưừứửữự vxyỳýỷỹỵ")
ALL_TEXT = [
    LETTERS,
    unicodedata.normalize("NFC", LETTERS.upper()),
    "Số (12) \\ “ngoặc kép” – gạch ngang … 1.500.000 ₫, 45% trên 90%",
    "Kính gửi Ông Lý Thị Ĩnh và Bà Nguyễn Ĩ; Ċ č",
]


def all_letters_doc(d):
    """A dispatch whose paragraphs hold every Vietnamese letter, upper and lower case, in the
    four serif faces (plain, **bold**, *italic*, ***bold italic***), and the characters whose
    2-byte codes need escaping in a PDF string: ( ) \\ and U+010A, U+010D (bytes 0x0A, 0x0D)."""
    body = []
    for line in ALL_TEXT:
        body += [line, "**" + line + "**", "*" + line + "*", "***" + line + "***"]
    src = os.path.join(d, "chu-cai.md")
    with open(src, "w", encoding="utf-8") as f:
        f.write("---\nloai: cong-van\nso: 3\nky_hieu: UBND-VP\nngay: 2025-03-04\n"
                "trich_yeu: kiểm tra chữ\nkinh_gui: Các xóm\nnoi_nhan:\n  - Như trên\n---\n\n"
                + "\n\n".join(body) + "\n")
    return src


def main():
    tmp = tempfile.mkdtemp(prefix="phat-textlayer-")
    look = os.path.join(tmp, "look")
    os.makedirs(look)
    pdfs = []
    try:
        # content/, and the second campaign of the suite, built whole
        for name, src in (("content", os.path.join(ROOT, "content")),
                          ("cong-van-2", os.path.join(ROOT, "tests", "data", "cong-van-2"))):
            out = os.path.join(tmp, name)
            r = run([PHAT, "build", "-o", out, src], cwd=ROOT)
            check(r.returncode == 0, "phat build %s" % name, r.stderr.decode()[-400:])
            for dp, _, fs in os.walk(out):
                pdfs += [os.path.join(dp, f) for f in sorted(fs) if f.endswith(".pdf")]
        # the golden dispatch and every letter, rendered one by one
        d = os.path.join(tmp, "letters")
        os.makedirs(d)
        shutil.copy(os.path.join(ROOT, "content", "phat.yaml"), d)
        letters = all_letters_doc(d)
        for src in (os.path.join(ROOT, "tests", "golden", "cong-van-ngan.md"), letters):
            out = os.path.join(tmp, os.path.basename(src)[:-3] + ".pdf")
            r = run([PHAT, "render", src, "-o", out], cwd=ROOT)
            check(r.returncode == 0, "phat render %s" % os.path.basename(src), r.stderr.decode()[-400:])
            pdfs.append(out)
        check(len(pdfs) >= 12, "%d PDFs to look at (content/ has every kind)" % len(pdfs))
        names = {}
        for pdf in pdfs:
            label = os.path.relpath(pdf, tmp)
            quiet_poppler(pdf, label, look)
            check_streams(pdf, label)
            try:
                names[pdf] = check_fonts(pdf, label)
            except Exception as e:  # a reader that cannot follow the file is a failure too
                check(False, label + ": fonts and content streams can be read", repr(e))

        # the letters come back as written, in NFC, from pdftotext and MuPDF
        out = os.path.join(tmp, "chu-cai.pdf")
        names = names.get(out, {})
        check(sum("Bold" in n or "Italic" in n for n in names.values()) >= 3 and len(names) >= 4,
              "chu-cai.pdf uses the four serif faces", sorted(names.values()))
        r = run(["pdftotext", "-enc", "UTF-8", out, "-"])
        txt = " ".join(r.stdout.decode("utf-8").split())
        mu = " ".join("".join(p.get_text() for p in fitz.open(out)).split())
        for line in ALL_TEXT:
            want = " ".join(unicodedata.normalize("NFC", line).split())
            check(txt.count(want) >= 4, "pdftotext gives back, in each of the 4 faces: %s" % want[:40],
                  txt[:300])
            check(mu.count(want) >= 4, "MuPDF gives back, in each of the 4 faces: %s" % want[:40], mu[:300])
        check(unicodedata.is_normalized("NFC", txt), "the text copied out is NFC")
    finally:
        if not os.environ.get("PHAT_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("# kept " + tmp)
    sys.exit(1 if failures else 0)


main()
