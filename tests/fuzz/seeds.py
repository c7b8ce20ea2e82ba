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
