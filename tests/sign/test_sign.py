#!/usr/bin/python3
"""Digital signatures (issue 15): phat sign and phat verify against the
acceptance list of shared/spec/chu-ky-so.md §11, with a test PKI made here
(pki.py), a SoftHSM2 token in a temporary folder, a local RFC 3161 server,
and the verifiers a commune's partners use: pdfsig (its text: it exits 0
even on "Digest Mismatch."), openssl cms -verify over the ByteRange, mutool
sign -v, qpdf --check. Expected values come from the decree (the picture
between title and name, the seal over its left third) and from the file
read back byte by byte, never from phat's own output.

Each check prints "ok - ..." or "not ok - ...". PHAT is the binary."""
import base64
import calendar
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

import fitz  # PyMuPDF: Debian's python3-fitz

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from pki import PKI, SOFTHSM, TSA, closed_port, tools_present  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PHAT = os.path.abspath(os.environ.get("PHAT", os.path.join(ROOT, "phat")))
# the binary itself, not tests/run.sh's auditing wrapper: the tests that
# look at phat's process (its environment, its allocations) need it
REAL = os.path.abspath(os.environ.get("PHAT_REAL", PHAT))
MM = 72.0 / 25.4
failures = 0


def check(cond, what, detail=""):
    global failures
    if cond:
        print("ok - " + what)
    else:
        failures += 1
        print("not ok - " + what)
        for line in str(detail).strip().splitlines()[:14]:
            print("#   " + line)
    return cond


class Run:
    pass


def run(args, env=None, timeout=60, cwd=None, binary=None):
    e = dict(os.environ)
    for k in ("SOURCE_DATE_EPOCH", "PHAT_PASSWORD", "PHAT_PIN", "http_proxy", "HTTP_PROXY"):
        e.pop(k, None)
    e.update(env or {})
    p = subprocess.run([binary or PHAT] + args, env=e, capture_output=True, timeout=timeout, cwd=cwd, stdin=subprocess.DEVNULL)
    r = Run()
    r.rc = p.returncode
    r.out = p.stdout.decode("utf-8", "replace")
    r.err = p.stderr.decode("utf-8", "replace")
    # under make sanitize a report exits 1 too: never let it pass as a refusal
    if re.search(r"(Address|Leak|Undefined)Sanitizer|runtime error:", r.err):
        check(False, "no sanitizer report from phat %s" % " ".join(args[:3]), r.err[-1500:])
    return r


def tool(args, **kw):
    return subprocess.run(args, capture_output=True, **kw)


def png(path, w, h, px):
    """An RGBA PNG written by hand; px(x, y) gives (r, g, b, a)."""
    raw = b"".join(b"\0" + b"".join(bytes(px(x, y)) for x in range(w)) for y in range(h))

    def chunk(k, d):
        return struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def signature_png(x, y):
    # three blue strokes of a hand signature on a transparent ground, 300 x 120
    import math
    for k in range(3):
        yy = 60 + 38 * math.sin((x + 30 * k) / 26.0) * (1 - x / 380.0)
        if abs(y - yy) < 2.5 + k:
            return (25, 45, 170, 255)
    return (255, 255, 255, 0)


def seal_png(x, y):
    # a red ring seal, 200 x 200, its outside transparent
    import math
    r = math.hypot(x - 100, y - 100)
    if 86 < r < 99 or 62 < r < 67 or (r < 30 and (x // 4 + y // 4) % 3 == 0):
        return (210, 25, 35, 255)
    return (255, 255, 255, 0)


# ---------------------------------------------------------------- reading PDFs

def byteranges(data):
    return [tuple(int(v) for v in m.groups()) for m in
            re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)]


def contents_at(data, br):
    """The CMS bytes in the /Contents gap of ByteRange br (hex, both brackets)."""
    gap = data[br[1]:br[2]]
    assert gap[:1] == b"<" and gap[-1:] == b">", gap[:10]
    return bytes.fromhex(gap[1:-1].decode())


def startxrefs(data):
    return [int(m.group(1)) for m in re.finditer(rb"startxref\s+(\d+)", data)]


def last_trailer(data):
    i = data.rfind(b"trailer")
    return data[i:data.find(b">>", i) + 2].decode("latin-1")


def der(b, off=0):
    """(tag, content start, content end) of the DER element at off."""
    tag = b[off]
    n = b[off + 1]
    p = off + 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[p:p + k], "big")
        p += k
    return tag, p, p + n


def der_items(b, start, end):
    out = []
    while start < end:
        t, s, e = der(b, start)
        out.append((t, s, e, start))
        start = e
    return out


def oid(b):
    first = b[0]
    parts = [first // 40, first % 40]
    v = 0
    for c in b[1:]:
        v = v << 7 | (c & 0x7F)
        if not c & 0x80:
            parts.append(v)
            v = 0
    return ".".join(str(x) for x in parts)


class Cms:
    """The parts of a CMS SignedData (DER) the checks need, read by hand."""

    def __init__(self, blob):
        t, s, e = der(blob)                             # ContentInfo
        items = der_items(blob, s, e)
        self.type = oid(blob[items[0][1]:items[0][2]])
        _, s0, e0 = der(blob, items[1][1])              # [0] -> SignedData
        sd = der_items(blob, s0, e0)
        _, es, ee, _ = sd[2]                            # encapContentInfo
        self.econtent = len(der_items(blob, es, ee)) > 1
        self.certs = 0
        for t, s, e, _ in sd[3:]:
            if t == 0xA0:
                self.certs = len(der_items(blob, s, e))
        si_set = sd[-1]
        si = der_items(blob, si_set[1], si_set[2])[0]
        fields = der_items(blob, si[1], si[2])
        self.signed_attrs, self.unsigned = [], {}
        self.sig_alg = self.signature = None
        for t, s, e, start in fields:
            if t == 0xA0:
                self.signed_attrs = [oid(blob[der(blob, a_s)[1]:der(blob, a_s)[2]])
                                     for _, a_s, _, _ in der_items(blob, s, e)]
            elif t == 0x04:
                self.signature = blob[s:e]
            elif t == 0xA1:
                for _, a_s, a_e, _ in der_items(blob, s, e):
                    parts = der_items(blob, a_s, a_e)
                    values = der_items(blob, parts[1][1], parts[1][2])
                    self.unsigned[oid(blob[parts[0][1]:parts[0][2]])] = blob[values[0][3]:values[0][2]]
            elif t == 0x30 and self.signature is None and fields.index((t, s, e, start)) >= 3:
                self.sig_alg = oid(blob[der(blob, s)[1]:der(blob, s)[2]])


OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_SIGNING_TIME = "1.2.840.113549.1.9.5"
OID_SIGNING_CERT_V2 = "1.2.840.113549.1.9.16.2.47"
OID_TIMESTAMP_TOKEN = "1.2.840.113549.1.9.16.2.14"
OID_RSASSA_PSS = "1.2.840.113549.1.1.10"


def pdfsig(path, nss):
    """pdfsig's report, one dict per signature (its exit status means
    nothing: it is 0 on a digest mismatch too)."""
    p = tool(["pdfsig", "-nssdir", nss, path], env=dict(os.environ, TZ="Asia/Ho_Chi_Minh"))
    sigs = []
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        if re.match(r"Signature #\d+:", line):
            sigs.append({"lines": []})
        elif sigs:
            sigs[-1]["lines"].append(line.strip())
            m = re.match(r"- Signature Field Name: (.*)", line.strip())
            if m:
                sigs[-1]["name"] = m.group(1)
    for s in sigs:
        s["text"] = "\n".join(s["lines"])
    return sigs


def cms_verify(data, br, pki, tmp):
    """openssl cms -verify over the two ByteRange pieces."""
    blob = contents_at(data, br)
    p7s, dat = os.path.join(tmp, "v.p7s"), os.path.join(tmp, "v.data")
    with open(p7s, "wb") as f:
        f.write(blob)
    with open(dat, "wb") as f:
        f.write(data[br[0]:br[0] + br[1]] + data[br[2]:br[2] + br[3]])
    p = tool(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", dat,
              "-CAfile", pki.p("ca.pem"), "-purpose", "any", "-out", "/dev/null"])
    return "Verification successful" in p.stderr.decode()


def text_words(pdf, page):
    """Words on a page (1-based) with their boxes, top-left origin, points."""
    p = tool(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", pdf, "-"])
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                         p.stdout.decode("utf-8", "replace")):
        words.append((float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)), m.group(5)))
    return words


def widget_info(path):
    """name -> (page number, /Rect in PDF points, the widget's dictionary
    text, the appearance image's xref) from the file, via PyMuPDF's object
    access (no widget logic of its own)."""
    doc = fitz.open(path)
    out = {}
    for pno in range(doc.page_count):
        annots = doc.xref_get_key(doc[pno].xref, "Annots")
        refs = re.findall(r"(\d+) 0 R", annots[1]) if annots[0] != "null" else []
        if annots[0] == "xref":
            refs = re.findall(r"(\d+) 0 R", doc.xref_object(int(annots[1].split()[0])))
        for r in refs:
            x = int(r)
            if doc.xref_get_key(x, "FT")[1] != "/Sig":
                continue
            name = doc.xref_get_key(x, "T")[1].strip("()")
            rect = [float(v) for v in doc.xref_get_key(x, "Rect")[1].strip("[]").split()]
            img = None
            ap = doc.xref_get_key(x, "AP/N")
            if ap[0] == "xref":
                apx = int(ap[1].split()[0])
                im = doc.xref_get_key(apx, "Resources/XObject/Im0")
                if im[0] == "xref":
                    img = int(im[1].split()[0])
            out[name] = (pno + 1, rect, doc.xref_object(x), img, doc)
    return out


def image_pixels(doc, xref):
    """(rgb pixmap, alpha pixmap) of an image XObject and its /SMask."""
    sm = doc.xref_get_key(xref, "SMask")
    base = fitz.Pixmap(doc, xref)
    if base.alpha:
        base = fitz.Pixmap(base, 0)
    alpha = fitz.Pixmap(doc, int(sm[1].split()[0])) if sm[0] == "xref" else None
    return base, alpha


def ink_share(doc, xref, good):
    """Share of the visible pixels (alpha >= 128) for which good(r, g, b)."""
    base, alpha = image_pixels(doc, xref)
    if alpha is None:
        return -1.0
    s, a = base.samples, alpha.samples
    n = base.n
    ink = ok = 0
    for i in range(base.width * base.height):
        if a[i] >= 128:
            ink += 1
            r, g, b = (s[i * n], s[i * n + 1], s[i * n + 2]) if n >= 3 else (s[i * n],) * 3
            ok += bool(good(r, g, b))
    return ok / ink if ink else -1.0


def leftovers(d):
    return [f for f in os.listdir(d) if ".tmp." in f]


# ---------------------------------------------------------------- set-up

if not tools_present():
    print("not ok - the signing test tools are installed (make test installs them: openssl, softhsm2, opensc, "
          "libnss3-tools, poppler-utils, mupdf-tools, qpdf)")
    sys.exit(1)

tmp = tempfile.mkdtemp(prefix="phat-sign-")
t0 = time.time()
pki = PKI(os.path.join(tmp, "pki"))
nss = pki.nss()
tsa = TSA(pki)
print("# test PKI, NSS database and TSA made in %.1f s" % (time.time() - t0))

# the campaign's dispatch, numbered and dated by the văn thư
cdir = os.path.join(tmp, "content")
shutil.copytree(os.path.join(ROOT, "content"), cdir)
src = os.path.join(cdir, "cong-van-chu-ky-so.md")
text = open(src, encoding="utf-8").read()
draft_text = text
text = re.sub(r"(?m)^so:\s*$", "so: 5", text, count=1)
text = re.sub(r"(?m)^ngay:.*$", "ngay: 2025-03-05", text, count=1)
open(src, "w", encoding="utf-8").write(text)
wd = os.path.join(tmp, "work")
os.makedirs(wd)
cv = os.path.join(wd, "cong-van.pdf")
r = run(["render", src, "-o", cv])
check(r.rc == 0, "the numbered dispatch builds", r.err)
draft = os.path.join(wd, "du-thao.pdf")
open(os.path.join(cdir, "du-thao.md"), "w", encoding="utf-8").write(draft_text)
r = run(["render", os.path.join(cdir, "du-thao.md"), "-o", draft])
check(r.rc == 0, "the draft (no number, year only) builds", r.err)

sig_png, seal_png_path = os.path.join(tmp, "chu-ky.png"), os.path.join(tmp, "dau.png")
png(sig_png, 300, 120, signature_png)
png(seal_png_path, 200, 200, seal_png)
P12_SIGNER = ["--p12", pki.p("signer.p12")]
ENV_SIGNER = {"PHAT_PASSWORD": "mật khẩu 1"}
P12_AGENCY = ["--p12", pki.p("agency.p12")]
ENV_AGENCY = {"PHAT_PASSWORD": "secret-2"}


def sign_signer(inp, out, extra=(), env=None, binary=None):
    e = dict(ENV_SIGNER)
    e.update(env or {})
    return run(["sign", "--as", "nguoi-ky", "--image", sig_png] + P12_SIGNER + list(extra) + ["-o", out, inp], env=e,
               binary=binary)


def sign_agency(inp, out, extra=(), env=None, key=None):
    e = dict(ENV_AGENCY)
    e.update(env or {})
    return run(["sign", "--as", "co-quan", "--image", seal_png_path] + (key or P12_AGENCY) + list(extra) +
               ["-o", out, inp], env=e)


# ---------------------------------------------------------------- 1, 2: build
print("# unsigned builds: the documented field increment only")
data = open(cv, "rb").read()
first_eof = data.find(b"%%EOF")
check(len(startxrefs(data)) == 2 and first_eof > 0,
      "an unsigned dispatch is libharu's file plus one incremental update (the empty signature fields)",
      startxrefs(data))
doc = fitz.open(cv)
names = sorted(w.field_name for p in doc for w in p.widgets())
check(names == ["CoQuan", "NguoiKy"], "the empty fields NguoiKy and CoQuan are in the file", names)
check(all(doc.xref_get_key(w.xref, "F")[1] == "32" for p in doc for w in p.widgets()),
      "the empty fields are NoView (/F 32): no viewer paints over an unsigned page")
page_text = "".join(p.get_text() for p in doc)
check("SIGN" not in page_text.split(), "MuPDF shows no placeholder text (\"SIGN\") for the empty fields")
r = tool(["pdfsig", cv])
check(r.stdout.decode().count("The signature form field is not signed.") == 2,
      "pdfsig lists the two empty fields as not signed", r.stdout.decode())
r2 = run(["render", src, "-o", os.path.join(wd, "again.pdf")])
check(open(os.path.join(wd, "again.pdf"), "rb").read() == data, "two builds of the dispatch are byte-identical")
r = run(["verify", cv])
check(r.rc == 1 and "chưa ký" in r.out and "không có chữ ký số nào" in r.out,
      "phat verify on the unsigned dispatch: the empty fields listed as unsigned, exit 1 (no signature)", r.out)

# ---------------------------------------------------------------- the main flow
print("# the dispatch signed by the chairman, then the agency (PKCS#12)")
before = hashlib.sha256(data).hexdigest()
s1 = os.path.join(wd, "cong-van-da-ky.pdf")
s2 = os.path.join(wd, "cong-van-ban-hanh.pdf")
t_start = int(time.time())
r = run(["sign", "--as", "nguoi-ky", "--image", sig_png] + P12_SIGNER + [cv], env=ENV_SIGNER)
check(r.rc == 0 and os.path.exists(s1), "phat sign --as nguoi-ky writes cong-van-da-ky.pdf by default", r.err)
r = run(["sign", "--as", "co-quan", "--image", seal_png_path] + P12_AGENCY + [s1], env=ENV_AGENCY)
t_end = int(time.time()) + 1
check(r.rc == 0 and os.path.exists(s2), "phat sign --as co-quan writes cong-van-ban-hanh.pdf by default", r.err)
d1 = open(s1, "rb").read()
d2 = open(s2, "rb").read()
check(hashlib.sha256(open(cv, "rb").read()).hexdigest() == before, "the input file is unchanged")
check(tool(["cmp", "-n", str(len(data)), cv, s1]).returncode == 0 and
      tool(["cmp", "-n", str(len(d1)), s1, s2]).returncode == 0,
      "each signed file starts with the exact bytes of the file it signs (incremental updates)")
check(not leftovers(wd), "no temporary file is left", leftovers(wd))

# 4: structure
q = tool(["qpdf", "--check", s2])
check(q.returncode == 0 and b"No syntax or stream encoding errors" in q.stdout, "qpdf --check: no errors",
      q.stdout.decode() + q.stderr.decode())
xs = startxrefs(d2)
tr = last_trailer(d2)
m = re.search(r"/Prev (\d+)", tr)
check(m and int(m.group(1)) == xs[-2], "the last trailer's /Prev is the previous startxref (%s)" % xs[-2], tr)
root0 = re.search(r"/Root (\d+ \d+ R)", last_trailer(data)).group(1)
info0 = re.search(r"/Info (\d+ \d+ R)", last_trailer(data)).group(1)
check("/Root " + root0 in tr and "/Info " + info0 in tr, "the last trailer keeps /Root and /Info", tr)
doc2 = fitz.open(s2)
cat = doc2.xref_object(doc2.pdf_catalog())
form_ref = re.search(r"/AcroForm (\d+) 0 R", cat)
form = doc2.xref_object(int(form_ref.group(1))) if form_ref else ""
fields = re.findall(r"(\d+) 0 R", re.search(r"/Fields\s*\[([^\]]*)\]", form).group(1)) if form else []
check(len(fields) == 2 and re.search(r"/SigFlags 3\b", form), "the AcroForm lists both fields, /SigFlags 3", form)
ver = re.search(r"/Version /(\d\.\d)", cat)
check(ver and float(ver.group(1)) >= 1.4, "the catalog's /Version is at least 1.4 (soft masks)", cat)

# 5: pdfsig
sigs = pdfsig(s2, nss)
by = {s.get("name"): s for s in sigs}
for name in ("NguoiKy", "CoQuan"):
    s = by.get(name, {"text": ""})
    check(all(w in s["text"] for w in ("Signature Validation: Signature is Valid.",
                                        "Certificate Validation: Certificate is Trusted.",
                                        "Signature Type: ETSI.CAdES.detached",
                                        "Signing Hash Algorithm: SHA-256")),
          "pdfsig: %s is valid, trusted, ETSI.CAdES.detached, SHA-256" % name, s["text"])
check("Total document signed" in by.get("CoQuan", {"text": ""})["text"] and
      "Not total document signed" in by.get("NguoiKy", {"text": ""})["text"],
      "pdfsig: the agency's signature covers the whole document, the signer's the version it signed")
check("Nguyễn Quốc Hùng" in by.get("NguoiKy", {"text": ""})["text"] and
      "Ủy ban nhân dân xã Tân Thành" in by.get("CoQuan", {"text": ""})["text"],
      "pdfsig names the chairman and the commune as signers")
ms = [re.search(rb"/M \(D:(\d{14})\+07'00'\)", d2[br[1] - 600:br[1]]) for br in byteranges(d2)]
ok_time = True
detail = []
for mm, name in zip(ms, ("NguoiKy", "CoQuan")):
    if not mm:
        ok_time = False
        continue
    st = time.strptime(mm.group(1).decode(), "%Y%m%d%H%M%S")
    epoch = calendar.timegm(st) - 7 * 3600
    shown = re.search(r"Signing Time: (.*)", by.get(name, {"text": ""})["text"])
    want = time.strftime("%b %d %Y %H:%M:%S", st)
    detail.append((name, mm.group(1), shown and shown.group(1), want))
    if not (t_start - 1 <= epoch <= t_end and shown and shown.group(1) == want):
        ok_time = False
check(ok_time, "each /M is Vietnam time (+07'00'), within the run, and equal to pdfsig's Signing Time "
      "(TZ=Asia/Ho_Chi_Minh)", detail)

# 6: ByteRange and CMS
brs = byteranges(d2)
ok_br = len(brs) == 2
for i, br in enumerate(brs):
    end = len(d1) if i == 0 else len(d2)
    gap = d2[br[1]:br[2]]
    ok_br = ok_br and br[0] == 0 and br[2] + br[3] == end and gap[:1] == b"<" and gap[-1:] == b">" and \
        d2.rfind(b"/Contents ", 0, br[1]) == br[1] - len(b"/Contents ")
check(ok_br, "each ByteRange covers its version of the file except exactly its /Contents string "
      "(the last one to the end)", brs)
check(all(cms_verify(d2, br, pki, tmp) for br in brs), "openssl cms -verify succeeds on each ByteRange's bytes")
cms = [Cms(contents_at(d2, br)) for br in brs]
check(all(c.type == "1.2.840.113549.1.7.2" and not c.econtent for c in cms), "each CMS is a detached SignedData")
check(all(sorted(c.signed_attrs) == sorted([OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNING_CERT_V2])
          for c in cms),
      "signed attributes are exactly contentType, messageDigest, signingCertificateV2 (no signingTime)",
      [c.signed_attrs for c in cms])
check(all(c.certs >= 2 for c in cms), "the CMS carries the certificate and its chain", [c.certs for c in cms])

# 7: mutool
p = tool(["mutool", "sign", "-v", s2])
out = p.stdout.decode("utf-8", "replace")
check(out.rstrip().endswith("The document is unchanged since signing."),
      "mutool sign -v: the last signature reports the document unchanged", out)

# 8: geometry
wi = widget_info(s2)
words = text_words(s2, wi["NguoiKy"][0])
names_w = [w for w in words if w[4] in ("Nguyễn", "Quốc", "Hùng")]
title_w = [w for w in words if w[4] in ("CHỦ", "TỊCH")]
noi_nhan = [w for w in words if w[4] == "Nơi"]
check(names_w and title_w, "the signer's title and name are on the page of the NguoiKy field",
      [w[4] for w in words][-40:])
if names_w and title_w and noi_nhan:
    H = doc2[wi["NguoiKy"][0] - 1].rect.height
    x1, y1, x2, y2 = wi["NguoiKy"][1]
    top, bottom = H - y2, H - y1
    col_c = (min(w[0] for w in names_w) + max(w[2] for w in names_w)) / 2   # the name is centred in the column
    title_bottom = max(w[3] for w in title_w)
    name_top = min(w[1] for w in names_w)
    check(abs((x1 + x2) / 2 - col_c) <= 1 * MM, "NguoiKy is centred on the signer's column (name centre), "
          "%.2f mm off" % (abs((x1 + x2) / 2 - col_c) / MM))
    check(top >= title_bottom - 0.5 and bottom <= name_top + 0.5,
          "NguoiKy lies between the bottom of the title and the top of the name",
          (title_bottom, top, bottom, name_top))
    check(abs((top + bottom) / 2 - (title_bottom + name_top) / 2) <= 1 * MM,
          "NguoiKy is centred in that gap (%.2f mm off)" % (abs((top + bottom) / 2 - (title_bottom + name_top) / 2) / MM))
    cx1, cy1, cx2, cy2 = wi["CoQuan"][1]
    check(abs((cx2 - cx1) - 36 * MM) <= 0.2 * MM and abs((cy2 - cy1) - 36 * MM) <= 0.2 * MM,
          "CoQuan is a square of the seal's real diameter, 36 mm (%.2f x %.2f mm)" % ((cx2 - cx1) / MM, (cy2 - cy1) / MM))
    cover = (cx2 - x1) / (x2 - x1)
    check(0.25 <= cover <= 0.42, "the seal covers about a third of the signature on the left (%.2f)" % cover)
    check(abs((cy1 + cy2) / 2 - (y1 + y2) / 2) <= 2 * MM, "seal and signature are level (centres within 2 mm)")
    nn_top = min(w[1] for w in noi_nhan)
    left_col = [w for w in words if w[1] >= nn_top - 1 and w[0] < col_c - 50 * MM + 5]
    nn_right = max(w[2] for w in left_col)
    check(cx1 >= nn_right, "the seal stays out of the \"Nơi nhận\" column (seal from %.1f mm, list to %.1f mm)"
          % (cx1 / MM, nn_right / MM))

# 9: appearance
ok_ap = True
for name, (pno, rect, obj, img, d) in wi.items():
    ok_ap = ok_ap and re.search(r"/F 132\b", obj) and "/FT /Sig" in obj and img is not None and \
        d.xref_get_key(img, "SMask")[0] == "xref"
check(ok_ap, "each widget: /F 132, /FT /Sig, /AP /N with an image XObject that has an /SMask")
blue = ink_share(wi["NguoiKy"][4], wi["NguoiKy"][3], lambda r, g, b: b > r and b > g)
red = ink_share(wi["CoQuan"][4], wi["CoQuan"][3], lambda r, g, b: r >= 150 and g <= 100 and b <= 100)
check(blue > 0.95, "the signature's visible pixels are blue (%.0f%%)" % (blue * 100))
check(red > 0.95, "the seal's visible pixels are red (%.0f%%)" % (red * 100))
for what, picture, role, words_ in (("a JPEG", os.path.join(ROOT, "tests/data/images/photo.jpg"), "nguoi-ky", ("JPEG",)),
                                    ("a PNG without transparency", os.path.join(ROOT, "tests/data/images/rgb.png"),
                                     "nguoi-ky", ("transparent",)),
                                    ("a red picture as the signature", seal_png_path, "nguoi-ky", ("blue",)),
                                    ("a blue picture as the seal", sig_png, "co-quan", ("red",))):
    o = os.path.join(wd, "refused.pdf")
    inp = cv if role == "nguoi-ky" else s1
    key, env = (P12_SIGNER, ENV_SIGNER) if role == "nguoi-ky" else (P12_AGENCY, ENV_AGENCY)
    r = run(["sign", "--as", role, "--image", picture] + key + ["-o", o, inp], env=env)
    check(r.rc == 1 and os.path.basename(picture) in r.err and all(w in r.err for w in words_) and
          not os.path.exists(o) and not leftovers(wd),
          "%s is refused by name, exit 1, nothing written" % what, r.err)

# 10: tampering
t = bytearray(d2)
i = t.find(b"/Title")
j = t.find(b"(", i)
t[j + 3] ^= 0x01
tp = os.path.join(wd, "sua.pdf")
open(tp, "wb").write(bytes(t))
sigs_t = pdfsig(tp, nss)
check(len(sigs_t) == 2 and all("Digest Mismatch." in s["text"] for s in sigs_t),
      "one flipped byte in the document's title: pdfsig says Digest Mismatch. for both signatures",
      [s["text"] for s in sigs_t])
r = run(["verify", "--ca", pki.p("ca.pem"), tp])
check(r.rc == 1 and "đã bị thay đổi" in r.out, "phat verify on it exits 1 and says the content was changed", r.out)
ap = os.path.join(wd, "them.pdf")
open(ap, "wb").write(d2 + b"% added after signing\n")
sigs_a = pdfsig(ap, nss)
check(len(sigs_a) == 2 and "Not total document signed" in sigs_a[-1]["text"],
      "bytes appended after signing: pdfsig says Not total document signed on the last")
r = run(["verify", "--ca", pki.p("ca.pem"), ap])
check(r.rc == 1 and "KHÔNG phủ toàn bộ tệp" in r.out, "phat verify on it exits 1: the last signature does not "
      "cover the file", r.out)
r = run(["verify", "--ca", pki.p("ca.pem"), s2])
check(r.rc == 0 and r.out.count("nội dung được ký còn nguyên vẹn") == 2 and "Nguyễn Quốc Hùng" in r.out and
      "phủ toàn bộ tệp" in r.out and r.out.count("tin cậy (chuỗi") == 2,
      "phat verify on the issued dispatch: both intact and trusted, the last covers the file, exit 0", r.out)
check("Kết luận: hợp lệ" in r.out, "... and concluded hợp lệ", r.out)
r2 = run(["verify", s2])
check("Kết luận: hợp lệ" not in r2.out and "CHƯA xác định được người ký" in r2.out and r2.out.count("chưa tin cậy") >= 2,
      "without the test CA's root (a certificate anyone could make): not concluded hợp lệ, the signer not "
      "established", r2.out)
m = re.search(r"Thời điểm ký: (\d\d)/(\d\d)/(\d{4}) (\d\d):(\d\d):(\d\d)", r.out)
m0 = re.search(rb"/M \(D:(\d{14})", d2[brs[0][1] - 600:brs[0][1]])
check(m and m0 and "".join((m.group(3), m.group(2), m.group(1), m.group(4), m.group(5), m.group(6))) ==
      m0.group(1).decode(), "phat verify shows the signing time in Vietnam time, as /M says", r.out)
r = run(["verify", s2])
check(r.rc == 0 and "chưa tin cậy" in r.out and "root CA" in r.out,
      "without the test root, phat verify says the certificates are not trusted (and why), integrity still 0",
      r.out)
r = run(["verify", "--ca", pki.p("ca.pem"), s1])
check(r.rc == 0 and "Ô CoQuan: chưa ký" in r.out,
      "the chairman-signed file verifies, its empty CoQuan field listed as unsigned, not a failure", r.out)

# 12: the appendices are in the same file: no extra signature
doc2 = fitz.open(s2)
per_page = [len([w for w in p.widgets()]) for p in doc2]
check(sum(per_page) == 2 and len(byteranges(d2)) == 2 and doc2.page_count > 2,
      "the appendices in the same file get no signature of their own (%d pages, widgets %s)" %
      (doc2.page_count, per_page))

# ---------------------------------------------------------------- 11: a separate appendix
print("# an appendix sent as its own file: the agency's signature as text, top right")
pl = os.path.join(wd, "phu-luc.pdf")
r = run(["render", os.path.join(cdir, "phu-luc", "vneid-vnpt-smartca.md"), "-o", pl])
pls = os.path.join(wd, "phu-luc-ban-hanh.pdf")
r = run(["sign", "--as", "co-quan", "--appendix-of", "05/QĐ-UBND"] + P12_AGENCY + [pl], env=ENV_AGENCY)
dpl = open(pls, "rb").read() if os.path.exists(pls) else b""
sigs = pdfsig(pls, nss) if dpl else []
check(r.rc == 0 and len(sigs) == 1 and all(w in sigs[0]["text"] for w in (
    "Signature is Valid.", "Certificate is Trusted.", "Total document signed", "ETSI.CAdES.detached")),
    "phat sign --appendix-of signs the separate appendix once, with the agency's key: valid, trusted, whole file",
    r.err + "\n".join(s["text"] for s in sigs))
if dpl:
    docp = fitz.open(pls)
    wpl = widget_info(pls)
    pno, rect, obj, img, _ = wpl.get("CoQuan", (0, [0, 0, 0, 0], "", None, None))
    widget_xref = [w.xref for p in docp for w in p.widgets() if w.field_name == "CoQuan"]
    apn = docp.xref_get_key(widget_xref[0], "AP/N") if widget_xref else ("null", "")
    apx = int(apn[1].split()[0]) if apn[0] == "xref" else 0
    stream = docp.xref_stream(apx).decode("latin-1") if apx else ""
    fonts = docp.xref_get_key(apx, "Resources/Font/F1") if apx else ("null", "")
    t0x = int(fonts[1].split()[0]) if fonts[0] == "xref" else 0
    cidx = int(re.search(r"(\d+) 0 R", docp.xref_get_key(t0x, "DescendantFonts")[1]).group(1)) if t0x else 0
    fdx = int(docp.xref_get_key(cidx, "FontDescriptor")[1].split()[0]) if cidx else 0
    base = docp.xref_get_key(cidx, "BaseFont")[1] if cidx else ""
    check(pno == 1 and img is None and docp.xref_get_key(apx, "Resources/XObject")[0] == "null",
          "one signature on page 1 whose appearance has no image")
    check(re.match(r"/[A-Z]{6}\+(LiberationSerif|TimesNewRomanPSMT)$", base) and fdx and
          docp.xref_get_key(fdx, "FontFile2")[0] == "xref" and docp.xref_get_key(fdx, "ItalicAngle")[1] == "0" and
          docp.xref_get_key(t0x, "ToUnicode")[0] == "xref",
          "its text uses an embedded, upright Liberation Serif or Times New Roman subset with a ToUnicode map",
          base)
    check(re.search(r"/F1 10 Tf 0 g", stream), "at 10 Tf, black (0 g)", stream[:200])
    words = text_words(pls, 1)
    Wp = docp[0].rect.width
    lines = {}
    for w in words:
        lines.setdefault(round(w[1]), []).append(w)
    top2 = [lines[k] for k in sorted(lines)][:2]
    first = " ".join(w[4] for w in top2[0]) if top2 else ""
    second = " ".join(w[4] for w in top2[1]) if len(top2) > 1 else ""
    m0 = re.search(rb"/M \(D:(\d{14})\+07'00'\)", dpl)
    iso = "%s-%s-%sT%s:%s:%s+07:00" % tuple(m0.group(1).decode()[i:j] for i, j in
                                            ((0, 4), (4, 6), (6, 8), (8, 10), (10, 12), (12, 14))) if m0 else ""
    check(first == "05/QĐ-UBND", "pdftotext reads the first line as the số và ký hiệu, Đ included: %r" % first)
    check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", second) and second == iso,
          "the second line is the signing time in ISO 8601 +07:00, equal to /M (%s / %s)" % (second, iso))
    right = max(w[2] for w in top2[0] + top2[1]) if len(top2) > 1 else 1e9
    check(right <= Wp - 15 * MM + 0.5 and min(w[1] for w in top2[0]) < 20 * MM,
          "both lines in the top-right corner: right edge %.1f mm from the edge, top %.1f mm from the top"
          % ((Wp - right) / MM, min(w[1] for w in top2[0]) / MM if top2 else -1))
    check(cms_verify(dpl, byteranges(dpl)[-1], pki, tmp), "openssl cms -verify on the appendix's signature")
r = run(["sign", "--as", "co-quan", "--appendix-of", "05/UBND-VP"] + P12_AGENCY + ["-o", os.path.join(wd, "x2.pdf"),
                                                                                   pls], env=ENV_AGENCY)
check(r.rc == 1 and "already signed" in r.err, "a separate appendix is signed only once", r.err)
r = run(["sign", "--as", "co-quan", "--appendix-of", "05/UBND-VP"] + P12_AGENCY + ["-o", os.path.join(wd, "x3.pdf"),
                                                                                   cv], env=ENV_AGENCY)
check(r.rc == 1 and "same file" in r.err and not os.path.exists(os.path.join(wd, "x3.pdf")),
      "a dispatch phat built holds its appendices in the same file: --appendix-of is refused on it", r.err)
r = run(["sign", "--as", "nguoi-ky", "--appendix-of", "05/UBND-VP"] + P12_SIGNER + [pl], env=ENV_SIGNER)
check(r.rc == 2 and "co-quan" in r.err, "--appendix-of is the agency's alone (exit 2 otherwise)", r.err)

# ---------------------------------------------------------------- refusals
print("# checks before signing")
o = os.path.join(wd, "x.pdf")
r = sign_agency(cv, o)
check(r.rc == 1 and "has not signed yet" in r.err and not os.path.exists(o),
      "the agency cannot sign before the signer", r.err)
r = sign_signer(s1, o)
check(r.rc == 1 and "already signed" in r.err and not os.path.exists(o), "the signer cannot sign twice", r.err)
r = sign_signer(draft, o)
check(r.rc == 1 and "draft" in r.err and "so:" in r.err and not os.path.exists(o),
      "an unnumbered draft is refused, saying the number and date come first", r.err)
r = sign_signer(cv, cv)
check(r.rc == 1 and "must not replace" in r.err, "the output cannot be the input", r.err)
r = sign_signer(cv, o, env={"PHAT_PASSWORD": "sai mật khẩu"})
check(r.rc == 1 and "password" in r.err and "sai mật khẩu" not in r.err + r.out and not os.path.exists(o) and
      not leftovers(wd), "a wrong password: exit 1, a message without the password, no file", r.err)
r = run(["sign", "--as", "nguoi-ky", "--image", sig_png, "--p12", pki.p("signer.p12"), "-o", o, cv])
check(r.rc == 1 and "PHAT_PASSWORD" in r.err and not os.path.exists(o),
      "no password and no terminal: it says to set PHAT_PASSWORD, writes nothing", r.err)
r = sign_signer(cv, o, env={"SOURCE_DATE_EPOCH": "946684800"})
check(r.rc == 1 and "not valid yet" in r.err and not os.path.exists(o),
      "a certificate not yet valid at the signing time is refused", r.err)
r = sign_signer(cv, o, env={"SOURCE_DATE_EPOCH": str(int(time.time()) + 800 * 86400)})
check(r.rc == 1 and "expired" in r.err and not os.path.exists(o), "an expired certificate is refused", r.err)
r = run(["sign", "--as", "nguoi-ky", "--image", sig_png, "--p12", pki.p("encipher.p12"), "-o", o, cv],
        env={"PHAT_PASSWORD": "x"})
check(r.rc == 1 and "not for signing" in r.err and not os.path.exists(o),
      "a certificate whose key usage does not allow signing is refused", r.err)
enc = os.path.join(wd, "enc.pdf")
tool(["qpdf", "--encrypt", "u", "o", "256", "--", cv, enc])
r = sign_signer(enc, o)
check(r.rc == 1 and "encrypted" in r.err and not os.path.exists(o), "an encrypted PDF is refused", r.err)
xs_pdf = os.path.join(wd, "xref-stream.pdf")
tool(["qpdf", "--object-streams=generate", cv, xs_pdf])
r = sign_signer(xs_pdf, o)
check(r.rc == 1 and "cross-reference streams" in r.err and not os.path.exists(o),
      "a PDF with cross-reference streams is refused (not written by phat)", r.err)
cut = os.path.join(wd, "cut.pdf")
open(cut, "wb").write(data[:len(data) - 40])
r = sign_signer(cut, o)
check(r.rc == 1 and "startxref" in r.err and not os.path.exists(o), "a PDF without startxref is refused", r.err)
r = sign_agency(ap, o)
check(r.rc == 1 and "changed after" in r.err and not os.path.exists(o),
      "a signed PDF with bytes added after its last signature is refused", r.err)
# a later change to an unsigned dispatch by another program (an annotation)
ed = os.path.join(wd, "edited.pdf")
shutil.copy(cv, ed)
dd = fitz.open(ed)
dd[0].add_text_annot((100, 100), "ghi chú")
dd.saveIncr()
dd.close()
r = sign_signer(ed, o)
check(r.rc == 1 and "changed after phat made it" in r.err and not os.path.exists(o),
      "an unsigned dispatch changed by another program is refused", r.err)

# ---------------------------------------------------------------- build never overwrites
print("# phat build never replaces a signed PDF")
bdir = os.path.join(tmp, "build-out")
os.makedirs(bdir)
target = os.path.join(bdir, "cong-van-chu-ky-so.pdf")
shutil.copy(s2, target)
r = run(["build", "-o", bdir, cdir], timeout=180)
check(r.rc == 1 and "signed" in r.err and open(target, "rb").read() == d2,
      "phat build refuses to replace a signed file and leaves it as it was", r.err)

# ---------------------------------------------------------------- 13: secrets
print("# no secret in argv, ps or messages")
fifo = os.path.join(tmp, "slow.p12")
os.mkfifo(fifo)
e = dict(os.environ, PHAT_PASSWORD="bí-mật-9")
p = subprocess.Popen([REAL, "sign", "--as", "nguoi-ky", "--image", sig_png, "--p12", fifo, "-o", o, cv], env=e,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
environ = b""
for _ in range(300):
    time.sleep(0.05)
    try:
        environ = open("/proc/%d/environ" % p.pid, "rb").read()
        cmdline = open("/proc/%d/cmdline" % p.pid, "rb").read()
    except OSError:
        break
    if environ and "bí-mật-9".encode() not in environ:
        break
with open(fifo, "wb") as f:
    f.write(open(pki.p("signer.p12"), "rb").read())
out_, err_ = p.communicate(timeout=30)
check(environ and "bí-mật-9".encode() not in environ and "bí-mật-9".encode() not in cmdline,
      "while phat reads the key file, the password is in neither its environment nor its command line")
check(p.returncode == 1 and "bí-mật-9" not in err_.decode() + out_.decode(),
      "the wrong password appears in no message", err_.decode())

# ---------------------------------------------------------------- 14: PKCS#11
print("# a PKCS#11 token (SoftHSM2 in a temporary folder)")
conf = pki.token("UBND Tan Thanh", "123456", "dau-co-quan", "agency")
hsm = {"SOFTHSM2_CONF": conf}
tok_key = ["--pkcs11", SOFTHSM, "--token", "UBND Tan Thanh", "--key", "dau-co-quan"]
s2t = os.path.join(wd, "token.pdf")
r = sign_agency(s1, s2t, key=tok_key, env=dict(hsm, PHAT_PIN="123456", PHAT_PASSWORD=""))
sigs = pdfsig(s2t, nss)
check(r.rc == 0 and len(sigs) == 2 and "Signature is Valid." in sigs[1]["text"] and
      "Total document signed" in sigs[1]["text"] and "Ủy ban nhân dân xã Tân Thành" in sigs[1]["text"],
      "the agency's key on the token (module, token, key label, PIN from PHAT_PIN) signs validly, its "
      "certificate read from the token", r.err + "\n".join(s["text"] for s in sigs))
r = sign_agency(s1, o, key=tok_key, env=dict(hsm, PHAT_PIN="000000"))
check(r.rc == 1 and "PIN" in r.err and "000000" not in r.err and not os.path.exists(o),
      "a wrong PIN: exit 1, a clear message without the PIN, nothing written", r.err)
r = sign_agency(s1, o, key=["--pkcs11", SOFTHSM, "--token", "Khong Co", "--key", "dau-co-quan"],
                env=dict(hsm, PHAT_PIN="123456"))
check(r.rc == 1 and "Khong Co" in r.err and not os.path.exists(o), "a missing token: exit 1, it is named", r.err)

# ---------------------------------------------------------------- 15: remote
print("# a remote signing service: --prepare, then --finish")
rdir = os.path.join(wd, "remote")
os.makedirs(rdir)
out_final = os.path.join(rdir, "cv-da-ky.pdf")
r = run(["sign", "--as", "nguoi-ky", "--image", sig_png, "--cert", pki.p("signer-chain.pem"), "--prepare",
         "-o", out_final, cv])
prepared = os.path.join(rdir, "cv-da-ky.cho-ky.pdf")
state = os.path.join(rdir, "cv-da-ky.cho-ky.txt")
hash_b64 = r.out.strip()
check(r.rc == 0 and os.path.exists(prepared) and os.path.exists(state) and not os.path.exists(out_final) and
      len(base64.b64decode(hash_b64)) == 32,
      "--prepare writes the prepared PDF and its state, and prints a base64 SHA-256", r.out + r.err)
pd = open(prepared, "rb").read()
brp = byteranges(pd)[-1]
cmsless = contents_at(pd, brp)
check(set(cmsless) == {0}, "the prepared file reserves /Contents (all zeros) and fixes its ByteRange")


def service_sign(key, digest_b64, name):
    """What the service does: sign the 32-byte hash (PKCS#1 v1.5, SHA-256)."""
    h, s = os.path.join(rdir, name + ".hash"), os.path.join(rdir, name + ".sig")
    open(h, "wb").write(base64.b64decode(digest_b64))
    tool(["openssl", "pkeyutl", "-sign", "-inkey", key, "-pkeyopt", "digest:sha256", "-in", h, "-out", s])
    return base64.b64encode(open(s, "rb").read()).decode()


wrong_key = service_sign(pki.p("other.key"), hash_b64, "other")
r = run(["sign", "--finish", wrong_key, prepared])
check(r.rc == 1 and "does not match" in r.err and not os.path.exists(out_final),
      "a signature made with another key is refused before anything is written", r.err)
wrong_hash = service_sign(pki.p("signer.key"), base64.b64encode(hashlib.sha256(b"x").digest()).decode(), "wh")
r = run(["sign", "--finish", wrong_hash, prepared])
check(r.rc == 1 and "does not match" in r.err and not os.path.exists(out_final),
      "a signature over another hash is refused before anything is written", r.err)
good = service_sign(pki.p("signer.key"), hash_b64, "good")
r = run(["sign", "--finish", good, prepared])
fd = open(out_final, "rb").read() if os.path.exists(out_final) else b""
sigs = pdfsig(out_final, nss) if fd else []
check(r.rc == 0 and sigs and "Signature is Valid." in sigs[0]["text"] and "Certificate is Trusted." in sigs[0]["text"],
      "--finish with the service's signature gives a valid, trusted signature", r.err)
diff = [i for i in range(min(len(pd), len(fd))) if pd[i] != fd[i]] if len(pd) == len(fd) else None
check(diff is not None and diff and brp[1] < min(diff) and max(diff) < brp[2] - 1,
      "prepared and final files differ only inside the /Contents gap (%d bytes)" % len(diff or []))
check(byteranges(fd) and cms_verify(fd, byteranges(fd)[-1], pki, tmp), "openssl cms -verify on the remote signature")
# a service that returns a whole CMS (openssl cms -sign over the ByteRange's bytes)
out2 = os.path.join(rdir, "cv2-da-ky.pdf")
r = run(["sign", "--as", "nguoi-ky", "--image", sig_png, "--cert", pki.p("signer-chain.pem"), "--prepare",
         "-o", out2, cv])
p2 = os.path.join(rdir, "cv2-da-ky.cho-ky.pdf")
pd2 = open(p2, "rb").read() if os.path.exists(p2) else b""
if pd2:
    b2 = byteranges(pd2)[-1]
    open(os.path.join(rdir, "br.data"), "wb").write(pd2[:b2[1]] + pd2[b2[2]:])
    for who, key, cert in (("other", "other.key", "other.pem"), ("signer", "signer.key", "signer.pem")):
        tool(["openssl", "cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-in",
              os.path.join(rdir, "br.data"), "-signer", pki.p(cert), "-inkey", pki.p(key), "-certfile",
              pki.p("ca.pem"), "-out", os.path.join(rdir, who + ".cms")])
    r = run(["sign", "--finish", os.path.join(rdir, "other.cms"), p2])
    check(r.rc == 1 and not os.path.exists(out2), "a whole CMS from another certificate is refused", r.err)
    r = run(["sign", "--finish", os.path.join(rdir, "signer.cms"), p2])
    s2c = pdfsig(out2, nss) if os.path.exists(out2) else []
    check(r.rc == 0 and s2c and "Signature is Valid." in s2c[0]["text"],
          "a service that returns a whole CMS over the ByteRange is accepted as it is (valid in pdfsig)", r.err)
r = sign_agency(out_final, os.path.join(rdir, "cv-ban-hanh.pdf"))
check(r.rc == 0 and pdfsig(os.path.join(rdir, "cv-ban-hanh.pdf"), nss)[-1]["text"].count("Signature is Valid.") == 1,
      "the agency signs after a remote signer as after any other", r.err)

# ---------------------------------------------------------------- 16: B-T
print("# a time-stamp from an RFC 3161 server (PAdES B-T)")
st_ = os.path.join(wd, "tsa.pdf")
r = sign_signer(cv, st_, extra=["--tsa", tsa.url])
dt = open(st_, "rb").read() if os.path.exists(st_) else b""
c = Cms(contents_at(dt, byteranges(dt)[-1])) if dt else None
check(r.rc == 0 and c and OID_TIMESTAMP_TOKEN in c.unsigned and tsa.requests >= 1,
      "with --tsa the CMS has the unsigned attribute id-aa-signatureTimeStampToken", r.err)
if c and OID_TIMESTAMP_TOKEN in c.unsigned:
    tok, sv = os.path.join(tmp, "token.der"), os.path.join(tmp, "sigvalue.bin")
    open(tok, "wb").write(c.unsigned[OID_TIMESTAMP_TOKEN])
    open(sv, "wb").write(c.signature)
    p = tool(["openssl", "ts", "-verify", "-data", sv, "-in", tok, "-token_in", "-CAfile", pki.p("ca.pem"),
              "-untrusted", pki.p("tsa.pem")])
    check(b"Verification: OK" in p.stdout, "openssl ts -verify -data <signature value>: Verification: OK",
          p.stdout.decode() + p.stderr.decode())
    check(cms_verify(dt, byteranges(dt)[-1], pki, tmp) and "Signature is Valid." in pdfsig(st_, nss)[0]["text"],
          "the time-stamped signature still verifies (openssl cms, pdfsig)")
    r = run(["verify", "--ca", pki.p("ca.pem"), st_])
    check(r.rc == 0 and "Dấu thời gian:" in r.out and "hợp lệ" in r.out, "phat verify shows the time-stamp", r.out)
dead = "http://127.0.0.1:%d/tsa" % closed_port()
r = sign_signer(cv, o, extra=["--tsa", dead])
check(r.rc == 1 and "time-stamp" in r.err and not os.path.exists(o) and not leftovers(wd),
      "an unreachable TSA: exit 1, nothing written (never a silent B-B)", r.err)

# ---------------------------------------------------------------- PSS, ECDSA
print("# RSASSA-PSS and ECDSA")
sp = os.path.join(wd, "pss.pdf")
r = sign_signer(cv, sp, extra=["--pss"])
dp = open(sp, "rb").read() if os.path.exists(sp) else b""
c = Cms(contents_at(dp, byteranges(dp)[-1])) if dp else None
check(r.rc == 0 and c and c.sig_alg == OID_RSASSA_PSS and cms_verify(dp, byteranges(dp)[-1], pki, tmp) and
      "Signature is Valid." in pdfsig(sp, nss)[0]["text"],
      "--pss: the algorithm is rsassaPss and the file verifies (openssl cms, pdfsig)", r.err + str(c and c.sig_alg))
se = os.path.join(wd, "ec.pdf")
r = run(["sign", "--as", "nguoi-ky", "--image", sig_png, "--p12", pki.p("ec.p12"), "-o", se, cv],
        env={"PHAT_PASSWORD": "ec-3"})
check(r.rc == 0 and "Signature is Valid." in pdfsig(se, nss)[0]["text"], "an ECDSA P-256 key signs validly", r.err)

# ---------------------------------------------------------------- 18: determinism
print("# determinism")
a, b = os.path.join(wd, "det-a.pdf"), os.path.join(wd, "det-b.pdf")
e1 = str(int(time.time()))   # the certificates are valid from when the test made them
sign_signer(cv, a, env={"SOURCE_DATE_EPOCH": e1})
time.sleep(1.1)
sign_signer(cv, b, env={"SOURCE_DATE_EPOCH": e1})
check(os.path.exists(a) and open(a, "rb").read() == open(b, "rb").read(),
      "SOURCE_DATE_EPOCH, a PKCS#1 v1.5 key, no TSA: two runs give byte-identical files")

# ---------------------------------------------------------------- other tools' signatures
print("# phat verify reads what other tools write")
tool(["pk12util", "-i", pki.p("signer.p12"), "-d", nss, "-W", "mật khẩu 1", "-K", ""])
nick = tool(["certutil", "-L", "-d", nss]).stdout.decode()
m = re.search(r"^(.*?)\s+u,u,u\s*$", nick, re.M)
for what, inp in (("a phat dispatch", cv), ("a dispatch with cross-reference streams", xs_pdf)):
    outp = os.path.join(wd, "pdfsig-%d.pdf" % len(what))
    p = tool(["pdfsig", "-nssdir", nss, "-nick", m.group(1) if m else "x", "-add-signature", inp, outp])
    r = run(["verify", "--ca", pki.p("ca.pem"), outp])
    check(p.returncode == 0 and r.rc == 0 and "adbe.pkcs7.detached" in r.out and "nguyên vẹn" in r.out and
          "Nguyễn Quốc Hùng" in r.out,
          "pdfsig -add-signature on %s (adbe.pkcs7.detached, BER): phat verify says intact, exit 0" % what,
          p.stderr.decode() + r.out + r.err)
mt = os.path.join(wd, "mutool.pdf")
wi1 = fitz.open(cv)
coquan = [w.xref for p in wi1 for w in p.widgets() if w.field_name == "CoQuan"]
p = tool(["mutool", "sign", "-s", pki.p("signer.p12"), "-P", "mật khẩu 1", "-o", mt, cv, str(coquan[0])])
r = run(["verify", "--ca", pki.p("ca.pem"), mt])
check(p.returncode == 0 and "Toàn vẹn: nội dung được ký còn nguyên vẹn" in r.out and "Ô NguoiKy: chưa ký" in r.out,
      "mutool sign into phat's CoQuan field: phat verify reads it and lists NguoiKy as unsigned",
      p.stderr.decode() + r.out)



def add_doc_timestamp(src_pdf, out_pdf):
    """What a PAdES B-LTA tool appends: a document time-stamp (SubFilter
    ETSI.RFC3161) in its own incremental update, its token from the test
    TSA over the ByteRange, written here by hand."""
    data = open(src_pdf, "rb").read()
    d = fitz.open(src_pdf)
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    prev = startxrefs(data)[-1]
    cat = d.pdf_catalog()
    form = int(d.xref_get_key(cat, "AcroForm")[1].split()[0])
    fields = re.findall(r"\d+ 0 R", d.xref_get_key(form, "Fields")[1])
    page = d[0].xref
    annots = re.findall(r"\d+ 0 R", d.xref_get_key(page, "Annots")[1]) if d.xref_get_key(page, "Annots")[0] != "null" else []
    page_obj = re.sub(r"/Annots\s*\[[^\]]*\]", "", d.xref_object(page, compressed=True))
    v, w = size, size + 1
    room = 8192
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offs = {}
    offs[v] = len(out)
    out += b"%d 0 obj\n<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange [0 " % v
    br_at = len(out)
    out += b" " * 32 + b"] /Contents "
    gap0 = len(out)
    out += b"<" + b"0" * (2 * room) + b">"
    gap1 = len(out)
    out += b" >>\nendobj\n"
    offs[w] = len(out)
    out += b"%d 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (DauThoiGian) /V %d 0 R /F 132 /P %d 0 R " \
           b"/Rect [0 0 0 0] >>\nendobj\n" % (w, v, page)
    offs[page] = len(out)
    out += (b"%d 0 obj\n" % page) + page_obj[:-2].encode() + \
        (" /Annots [%s %d 0 R] >>\nendobj\n" % (" ".join(annots), w)).encode()
    offs[form] = len(out)
    out += b"%d 0 obj\n<< /Fields [%s %d 0 R] /SigFlags 3 >>\nendobj\n" % (form, " ".join(fields).encode(), w)
    x = len(out)
    out += b"xref\n"
    for n in sorted(offs):
        out += b"%d 1\n%010d 00000 n\r\n" % (n, offs[n])
    root = re.findall(rb"/Root (\d+ \d+ R)", data)[-1]
    info = re.findall(rb"/Info (\d+ \d+ R)", data)[-1]
    out += b"trailer\n<< /Size %d /Root %s /Info %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (w + 1, root, info, prev, x)
    out[br_at:br_at + 32] = (b"%d %d %d" % (gap0, gap1, len(out) - gap1)).ljust(32)
    digest = hashlib.sha256(bytes(out[:gap0]) + bytes(out[gap1:])).hexdigest()
    q, t = os.path.join(tmp, "dts.tsq"), os.path.join(tmp, "dts.tst")
    tool(["openssl", "ts", "-query", "-digest", digest, "-sha256", "-cert", "-out", q])
    tool(["openssl", "ts", "-reply", "-config", pki.cnf, "-section", "tsa1", "-queryfile", q, "-inkey",
          pki.p("tsa.key"), "-signer", pki.p("tsa.pem"), "-chain", pki.p("ca.pem"), "-token_out", "-out", t])
    tok = open(t, "rb").read().hex().upper().encode()
    out[gap0 + 1:gap0 + 1 + len(tok)] = tok
    open(out_pdf, "wb").write(bytes(out))


lta = os.path.join(wd, "lta.pdf")
add_doc_timestamp(s2, lta)
r = run(["verify", "--ca", pki.p("ca.pem"), lta])
check(r.rc == 0 and r.out.count("nội dung được ký còn nguyên vẹn") == 3 and "ETSI.RFC3161" in r.out and
      "Dấu thời gian cho cả tài liệu, do: Phat Test TSA" in r.out and "phủ toàn bộ tệp" in r.out,
      "a document time-stamp appended by a B-LTA tool (ETSI.RFC3161): phat verify checks it and the two "
      "signatures under it, exit 0", r.out + r.err)
t = bytearray(open(lta, "rb").read())
i = t.find(b"/Title")
t[t.find(b"(", i) + 3] ^= 0x01
open(lta + ".x", "wb").write(bytes(t))
r = run(["verify", "--ca", pki.p("ca.pem"), lta + ".x"])
check(r.rc == 1 and "sau khi đóng dấu thời gian" in r.out,
      "a byte changed under the document time-stamp: phat verify exits 1 and says so", r.out[-700:])

# ---------------------------------------------------------------- 17: out of memory
print("# out of memory while signing")
shim = os.path.join(tmp, "shim_malloc.so")
with open(REAL, "rb") as f:
    san = b"__asan_init" in f.read()
cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
if not san:
    subprocess.run([cc, "-shared", "-fPIC", "-O1", "-o", shim, os.path.join(ROOT, "tests", "robust", "shim_malloc.c"),
                    "-ldl"], check=True)
if san:
    print("ok - # skip out-of-memory sweep under the sanitizers (they replace malloc)")
else:
    count = os.path.join(tmp, "count")
    r = sign_signer(cv, o, env={"LD_PRELOAD": shim, "SHIM_SELF": "1", "SHIM_COUNT": count}, binary=REAL)
    total = int(open(count).read()) if os.path.exists(count) else 0
    if os.path.exists(o):
        os.unlink(o)
    bad = []
    for n in sorted(set([1, 2, 3, 5, 8, 13, 21, 34] + [1 + i * total // 16 for i in range(16)] + [total])):
        if n < 1 or n > total:
            continue
        r = sign_signer(cv, o, env={"LD_PRELOAD": shim, "SHIM_SELF": "1", "SHIM_FAIL_AT": str(n)}, binary=REAL)
        if r.rc == 0 and n > total - 50:
            os.unlink(o)   # RSA blinding: a run may allocate a little less and not reach N
            continue
        if r.rc != 3 or "out of memory" not in r.err or os.path.exists(o) or leftovers(wd):
            bad.append("N=%d: exit %d %s" % (n, r.rc, r.err.strip()[-100:]))
            if os.path.exists(o):
                os.unlink(o)
    check(total > 100 and not bad, "allocation N of %d fails while signing: \"out of memory\", exit 3, no file"
          % total, "\n".join(bad))

tsa.close()
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if failures else 0)
