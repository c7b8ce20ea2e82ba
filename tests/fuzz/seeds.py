#!/usr/bin/python3
"""Seed corpora for the fuzz targets, cut from content/ and tests/ (never
committed: run by `make fuzz` and the smoke test). Usage: seeds.py OUTDIR
makes OUTDIR/<target>/ for each target; existing files are kept, so a
corpus grown by earlier runs goes on growing."""
import glob, hashlib, os, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
out = sys.argv[1] if len(sys.argv) > 1 else "build-fuzz/corpus"


def rd(p):
    with open(p, "rb") as f:
        return f.read()


def put(target, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def g(*pats):
    r = []
    for p in pats:
        r += sorted(glob.glob(os.path.join(root, p), recursive=True))
    return r


def split(doc):
    """(front matter, body) of a document with --- fences, else (b"", doc)."""
    if not doc.startswith(b"---\n"):
        return b"", doc
    end = doc.find(b"\n---\n", 3)
    if end < 0:
        return doc[4:], b""
    return doc[4:end + 1], doc[end + 5:]


docs = g("content/**/*.md", "tests/**/*.md")
for p in docs:
    fm, body = split(rd(p))
    if fm:
        put("fuzz_frontmatter", fm)
    if body:
        for k in range(5):  # the first byte picks the kind
            put("fuzz_markdown", bytes([k]) + body[:20000])
        for para in body.split(b"\n\n")[:40]:
            if para.strip():
                put("fuzz_speak", para.strip())
for p in g("content/*.yaml"):
    put("fuzz_frontmatter", rd(p))
readme = rd(os.path.join(root, "README.md"))
if b"```yaml\nchien_dich:" in readme:
    put("fuzz_frontmatter", readme.split(b"```yaml\n")[1].split(b"```")[0])
for md in (b"{{#dat}}a{{/dat}}{{^tong.dat}}\n\n- b {{tong.ty_le}} %\n\n{{/tong.dat}}\n",
           b"# {{#tong.thay_doi}}x *{{^tong.so_dat}}y* {{/tong.so_dat}}{{/tong.thay_doi}}\n\n{{#dta}}\n"):
    put("fuzz_markdown", b"\4" + md)
for fm in (b"a: &x 1\nb: *x\n", b"a: " + b"[" * 40 + b"\n", b"a: !!binary x\n",
           b"kinh_gui:\n  - a\n  - b: c\n", b"so: 5\nngay: 2025-02-30\n"):
    put("fuzz_frontmatter", fm)
for md in (b"![[]()" * 50, b"- " * 40 + b"a\n", b">" * 60 + b"a*\n", b"<script>x</script>\n\n[a](javascript:alert(1))\n",
           b"# T\n\n1. a\n2. b\n\n![QR](qr:https://zalo.me/g/x)\n", b"![a](../../etc/passwd)\n![b](/etc/hosts)\n"):
    put("fuzz_markdown", b"\0" + md)
for p in g("content/**/*.csv", "tests/**/*.csv"):
    put("fuzz_csv", rd(p))
for p in g("tests/speak/pairs.tsv"):
    for line in rd(p).split(b"\n"):
        if line and not line.startswith(b"#"):
            put("fuzz_speak", line.split(b"\t")[0])
for t in (b"https://zalo.me/g/oebxox482", b"tel:0912345678", "Xã Tân Thành".encode(), b"A" * 2300, b"1" * 7000, b""):
    put("fuzz_qr", t)
for p in g("content/**/*.png", "content/**/*.jpg", "tests/**/*.png", "tests/**/*.jpg"):
    data = rd(p)
    if len(data) < 200000:
        put("fuzz_image", data)


# ---- PDF tails for fuzz_tail: small hand-made files with the parts the
# reader follows (catalog, pages, AcroForm, signature fields, ByteRange),
# as a classic table, an incremental update, and cross-reference and object
# streams (zlib, PNG Up predictor), plus the ends of the PDFs in out/.
import struct
import zlib

OBJS = [
    b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 6 0 R] /SigFlags 3 >> >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R 6 0 R] >>",
    b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (NguoiKy) /V 5 0 R /P 3 0 R /Rect [100 100 200 150] /F 132 >>",
    b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (D:20250305093015+07'00') "
    b"/ByteRange [0 RANGE                           ] /Contents <3082000130> >>",
    b"<< /Type /Annot /Subtype /Widget /FT /Sig /T <FEFF0043006F005100750061006E> /P 3 0 R /Rect [0 0 10 10] >>",
]


def classic(objs, base=b"", prev=None, first=1):
    out = bytearray(base or b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (first + i) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n%d %d\n" % (first, len(objs))
    for o in offs:
        out += b"%010d 00000 n\r\n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R" % (first + len(objs))
    if prev is not None:
        out += b" /Prev %d" % prev
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % x
    return bytes(out), x


def with_range(pdf):
    """Fills the ByteRange of object 5 in place, leaving out its /Contents."""
    i = pdf.find(b"/Contents <") + 10
    j = pdf.find(b">", i) + 1
    k = pdf.find(b"RANGE")
    return pdf[:k] + (b"%d %d %d" % (i, j, len(pdf) - j)).ljust(32) + pdf[k + 32:]


base, x0 = classic(OBJS)
base = with_range(base)
put("fuzz_tail", base)
upd, _ = classic([OBJS[0].replace(b"/SigFlags 3", b"/SigFlags 1")], base=base, prev=x0)
put("fuzz_tail", upd)


def xref_stream_pdf(objs):
    """Objects 1..n in one object stream (n+1), the xref stream n+2."""
    n = len(objs)
    head, body = b"", b""
    for i, o in enumerate(objs):
        head += b"%d %d " % (i + 1, len(body))
        body += o + b"\n"
    stm = zlib.compress(head + body)
    out = bytearray(b"%PDF-1.7\n")
    stm_off = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        n + 1, n, len(head), len(stm)) + stm + b"\nendstream\nendobj\n"
    xref_off = len(out)
    rows = [(0, 0, 65535)] + [(2, n + 1, i) for i in range(n)] + [(1, stm_off, 0), (1, xref_off, 0)]
    raw, prev = b"", bytes(5)
    for r in rows:
        row = struct.pack(">BHH", r[0], r[1] & 0xFFFF, r[2] & 0xFFFF)
        raw += b"\x02" + bytes((a - b) & 0xFF for a, b in zip(row, prev))
        prev = row
    z = zlib.compress(raw)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 2 2] /Root 1 0 R /Filter /FlateDecode " \
           b"/DecodeParms << /Columns 5 /Predictor 12 >> /Length %d >>\nstream\n" % (n + 2, n + 3, len(z)) + \
        z + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_off
    return bytes(out)


put("fuzz_tail", xref_stream_pdf(OBJS[:4] + [OBJS[5]]))
for p in g("out/*.pdf"):
    data = rd(p)
    put("fuzz_tail", data[-60000:])
