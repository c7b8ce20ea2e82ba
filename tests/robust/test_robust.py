#!/usr/bin/python3
"""Robustness (issue 6): pathological inputs are refused or processed within
2 s of CPU and 200 MB; hostile inputs are refused cleanly or made harmless;
nothing is lost (one broken document, a full disk, Ctrl-C, out of memory);
two builds are byte-identical and SOURCE_DATE_EPOCH sets the dates.

Each check prints "ok - ..." or "not ok - ...". PHAT is the binary. Under
the sanitizers (phat-san) the time limit is 5x and memory is not measured
(the shadow memory of AddressSanitizer is most of its RSS). With
PHAT_VALGRIND set, a few runs are also made under memcheck."""
import hashlib
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import unicodedata
import zlib

import fitz  # PyMuPDF: Debian's python3-fitz

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PHAT = os.path.abspath(os.environ.get("PHAT", os.path.join(ROOT, "phat")))
with open(PHAT, "rb") as f:
    SAN = b"__asan_init" in f.read()
CPU_LIMIT = 2.0 * (5 if SAN else 1)
MEM_LIMIT_MB = 200
failures = 0


def check(cond, what, detail=""):
    global failures
    if cond:
        print("ok - " + what)
    else:
        failures += 1
        print("not ok - " + what)
        for line in str(detail).strip().splitlines()[:12]:
            print("#   " + line)
    return cond


class Run:
    pass


def run(args, cwd=None, env=None, timeout=30):
    """Runs phat with args (no measurement); returns rc, out, err."""
    e = dict(os.environ)
    e.pop("SOURCE_DATE_EPOCH", None)
    e.update(env or {})
    p = subprocess.run([PHAT] + args, cwd=cwd, env=e, capture_output=True, timeout=timeout)
    r = Run()
    r.rc = p.returncode
    r.out = p.stdout.decode("utf-8", "replace")
    r.err = p.stderr.decode("utf-8", "replace")
    return r


def run_measured(args, cwd=None, env=None, timeout=30):
    """run(), with CPU time and peak RSS of this one child (fork + wait4)."""
    e = dict(os.environ)
    e.pop("SOURCE_DATE_EPOCH", None)
    e.update(env or {})
    rfd_o, wfd_o = os.pipe()
    rfd_e, wfd_e = os.pipe()
    start = time.time()
    pid = os.fork()
    if pid == 0:
        try:
            if not SAN:
                resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
            if cwd:
                os.chdir(cwd)
            os.dup2(wfd_o, 1)
            os.dup2(wfd_e, 2)
            os.execve(PHAT, [PHAT] + args, e)
        finally:
            os._exit(127)
    os.close(wfd_o)
    os.close(wfd_e)
    # outputs here are small: read stderr fully, then stdout
    import select
    bufs = {rfd_o: b"", rfd_e: b""}
    open_fds = [rfd_o, rfd_e]
    killed = False
    while open_fds:
        left = timeout - (time.time() - start)
        if left <= 0 and not killed:
            os.kill(pid, signal.SIGKILL)
            killed = True
        ready, _, _ = select.select(open_fds, [], [], max(left, 0.1))
        for fd in ready:
            chunk = os.read(fd, 65536)
            if chunk:
                bufs[fd] += chunk
            else:
                open_fds.remove(fd)
                os.close(fd)
    _, status, ru = os.wait4(pid, 0)
    r = Run()
    r.rc = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    r.out = bufs[rfd_o].decode("utf-8", "replace")
    r.err = bufs[rfd_e].decode("utf-8", "replace")
    r.wall = time.time() - start
    r.cpu = ru.ru_utime + ru.ru_stime
    r.rss = ru.ru_maxrss / 1024.0
    r.killed = killed
    return r


def first_error(err):
    for line in err.splitlines():
        if ": error: " in line:
            return line
    return ""


tmp = tempfile.mkdtemp(prefix="phat-robust-")
os.environ["TMPDIR"] = os.path.join(tmp, "tmpdir")  # phat writes no temporary file here: any is seen
os.makedirs(os.environ["TMPDIR"])

FM = ("---\nloai: cong-van\nso: 5\nky_hieu: UBND-VP\nngay: 2025-02-03\ntrich_yeu: thử nghiệm\n"
      "kinh_gui: Toàn thể cán bộ, công chức\nnoi_nhan:\n  - Như trên\n---\n\n")
FM_LINES = FM.count("\n")


def content_dir(name):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(ROOT, "content", "phat.yaml"), d)
    return d


def write(path, data):
    with open(path, "wb" if isinstance(data, bytes) else "w", encoding=None if isinstance(data, bytes) else "utf-8") as f:
        f.write(data)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(w, h, idat=None):
    raw = b"".join(b"\0" + b"\x80\x80\x80" * w for _ in range(h)) if idat is None else idat
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            png_chunk(b"IDAT", zlib.compress(raw) if idat is None else idat) + png_chunk(b"IEND", b""))


def no_leftovers(d):
    """Temporary files phat may leave: <out>.tmp.<pid>, and anything in TMPDIR (fonts are subset in memory)."""
    left = [f for f in os.listdir(d) if ".tmp." in f]
    left += os.listdir(os.environ["TMPDIR"])
    return left


# ---------------------------------------------------------------- pathological
print("# pathological inputs: refused with a message, or processed, in %.0f s CPU and %d MB"
      % (CPU_LIMIT, MEM_LIMIT_MB))
pd = content_dir("patho")
cases = [
    ("![[]() x 40,000 (slow in cmark 0.30.2)", "img.md", FM + "![[]()" * 40000 + "\n"),
    ("30,000 nested list markers", "list.md", FM + "- " * 30000 + "a\n"),
    ("100,000 > then a*", "quote.md", FM + ">" * 100000 + "a*\n"),
    ("the same three, spaced out", "spaced.md",
     FM + "![[]() " * 20000 + "\n\n" + "> " * 20000 + "a*\n\n" + "1. " * 20000 + "b\n"),
    ("YAML nested 40,000 deep", "yaml.md", "---\nloai: cong-van\na: " + "[" * 40000 + "\n---\n\nChữ.\n"),
    ("YAML mappings nested 1,000 deep", "yaml2.md",
     "---\nloai: cong-van\n" + "".join("  " * i + "k%d:\n" % i for i in range(1000)) + "---\n\nChữ.\n"),
    ("a 2 MB single word", "word.md", FM + "a" * 2000000 + "\n"),
    ("a 5,000-byte QR text", "qr.md", FM + "Quét mã.\n\n![Mã](qr:https://zalo.me/" + "a" * 5000 + ")\n"),
    ("10,000 short paragraphs", "many.md", FM + "Đoạn văn ngắn số một.\n\n" * 10000),
    # tables: cmark-gfm 0.29.0.gfm.6 builds every missing cell and splits a
    # row in time that grows with the square of its "|" (measured on that
    # library alone: the first takes 237 MB, the next three over 30 s, the
    # last two 249 and 156 MB before phat lays anything out)
    ("a 1,000 x 1,000 table from 13 KB", "t-square.md", FM + "x | " * 1000 + "\n" + "--- | " * 1000 + "\n" + "x |\n" * 1000),
    ("a delimiter row of 200,000 columns", "t-delim.md", FM + "Bảng:\n" + "| --- " * 200000 + "\n"),
    ("a table of 60,000 columns", "t-wide.md", FM + "| a " * 60000 + "\n" + "| --- " * 60000 + "\n" + "| b " * 60000 + "\n"),
    ("table rows of 10,000 |", "t-pipes.md", FM + "a | b\n--- | ---\n" + ("y | " * 10000 + "\n") * 50),
    ("100,000 small tables", "t-many.md", FM + "a | b\n--- | ---\nc | d\n\n" * 100000),
    ("a table of 9,990 rows (at the bound: processed)", "t-bound.md", FM + "Xóm | Số người\n--- | ---:\n" +
     "".join("| Xóm số %d có một tên dài để xuống dòng trong ô | %d |\n" % (i, i) for i in range(9990))),
    ("64 columns x 10,000 rows of one cell", "t-rows.md", FM + "| c " * 64 + "|\n" + "|---" * 64 + "|\n" + "| x |\n" * 10000),
]
for what, name, text in cases:
    write(os.path.join(pd, name), text)
# a 20 MB Markdown file
big = (FM + ("Cán bộ, công chức hướng dẫn người dân đăng ký chữ ký số công cộng. " * 20 + "\n\n") * 15000)
big = big.encode("utf-8")
write(os.path.join(pd, "big.md"), big[:20 << 20])
cases.append(("a 20 MB Markdown file", "big.md", None))
# a 10,000 x 10,000 PNG (header only: the pixels never come)
write(os.path.join(pd, "huge.png"), b"\x89PNG\r\n\x1a\n" +
      png_chunk(b"IHDR", struct.pack(">IIBBBBB", 10000, 10000, 8, 6, 0, 0, 0)) +
      png_chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + png_chunk(b"IEND", b""))
write(os.path.join(pd, "huge.md"), FM + "Ảnh:\n\n![Ảnh lớn](huge.png)\n")
cases.append(("a 10,000 x 10,000 PNG", "huge.md", None))
# a 1,000,000-row CSV
os.makedirs(os.path.join(pd, "so-lieu"), exist_ok=True)
with open(os.path.join(pd, "so-lieu", "2025-02.csv"), "w", encoding="utf-8") as f:
    f.write("xom;dan_so_truong_thanh;vnpt_smartca\n")
    for i in range(1000000):
        f.write("Xóm %d;100;10\n" % i)
write(os.path.join(pd, "csv.md"), "---\nloai: bao-cao\nso:\nky_hieu: BC-UBND\nngay: 2025-03-10\n"
      "trich_yeu: Kết quả tháng {{thang_nam}}\nso_lieu: so-lieu/2025-02.csv\nnoi_nhan:\n  - Như trên\n---\n\n"
      "Báo cáo kết quả.\n")
cases.append(("a 1,000,000-row CSV", "csv.md", None))

for what, name, _ in cases:
    r = run_measured(["render", os.path.join(pd, name), "-o", os.path.join(pd, name[:-3] + ".pdf")], timeout=60)
    fine = r.rc in (0, 1)
    msg = first_error(r.err)
    check(fine and (r.rc == 0 or msg.startswith(os.path.join(pd, name[:-3]))),
          "%s: %s (exit %d)" % (what, "processed" if r.rc == 0 else "refused: " + msg.split(": error: ")[-1][:90],
                                r.rc), r.err[-600:])
    check(r.cpu <= CPU_LIMIT and not r.killed, "%s: %.2f s CPU (limit %.0f s), %.1f s wall" %
          (what, r.cpu, CPU_LIMIT, r.wall))
    if not SAN:
        check(r.rss <= MEM_LIMIT_MB, "%s: %.0f MB peak memory (limit %d MB)" % (what, r.rss, MEM_LIMIT_MB))

# ------------------------------------------------------------------- hostile
print("# hostile inputs")
hd = content_dir("hostile")
outside = os.path.join(tmp, "outside")
os.makedirs(outside)
write(os.path.join(outside, "ngoai.png"), png(20, 20))
write(os.path.join(hd, "good.png"), png(20, 20))
os.symlink(os.path.join(outside, "ngoai.png"), os.path.join(hd, "link.png"))
os.symlink(outside, os.path.join(hd, "linkdir"))
good = png(40, 40)
write(os.path.join(hd, "truncated.png"), good[:len(good) // 2])
write(os.path.join(hd, "corrupt.png"), good[:33] + png_chunk(b"IDAT", b"\x78\x9c" + os.urandom(200)) +
      png_chunk(b"IEND", b""))
write(os.path.join(hd, "fake.png"), b"GIF89a" + b"\0" * 100)
jpeg = open(os.path.join(ROOT, "tests", "data", "images", "photo.jpg"), "rb").read()
write(os.path.join(hd, "truncated.jpg"), jpeg[:200])
write(os.path.join(hd, "corrupt.jpg"), b"\xff\xd8\xff\xe0" + os.urandom(400))


def refused(what, name, text, *words, line=None):
    p = os.path.join(hd, name)
    write(p, text)
    pdf = p[:-3] + ".pdf"
    r = run_measured(["render", p, "-o", pdf])
    msg = first_error(r.err)
    low = msg.lower()
    ok = r.rc == 1 and msg.startswith(p + ":") and all(
        any(w.lower() in low for w in alt.split("||")) for alt in words)
    if line is not None:
        ok = ok and msg.startswith("%s:%d:" % (p, line))
    check(ok, "%s: refused (exit %d): %s" % (what, r.rc, msg.split(": error: ")[-1][:100]), r.err[-500:])
    check(not os.path.exists(pdf), "%s: no PDF written" % what)
    return r


pic_line = FM_LINES + 3
refused("a picture path with ..", "up.md", FM + "Ảnh:\n\n![a](../outside/ngoai.png)\n", "outside||ngoài",
        line=pic_line)
# an absolute path is not a picture name at all: left out with a warning
p = os.path.join(hd, "abs.md")
write(p, FM + "Ảnh:\n\n![a](%s)\n" % os.path.join(outside, "ngoai.png"))
r = run_measured(["render", p, "-o", os.path.join(hd, "abs.pdf")])
w = [l for l in r.err.splitlines() if l.startswith("%s:%d:" % (p, pic_line)) and ("warning" in l or "error" in l)]
ok = r.rc == 1 or (r.rc == 0 and not any(pg.get_images() for pg in fitz.open(os.path.join(hd, "abs.pdf"))))
check(ok and w, "an absolute picture path: never read, said at its line (exit %d): %s" %
      (r.rc, w[0].split(": ", 2)[-1][:100] if w else ""), r.err)
refused("a symlink leaving the content folder", "sym.md", FM + "Ảnh:\n\n![a](link.png)\n", "outside||ngoài",
        line=pic_line)
refused("a folder symlink leaving the content folder", "symdir.md", FM + "Ảnh:\n\n![a](linkdir/ngoai.png)\n",
        "outside||ngoài", line=pic_line)
for name in ("truncated.png", "corrupt.png", "fake.png", "truncated.jpg", "corrupt.jpg"):
    refused("a broken picture (%s)" % name, "pic-%s.md" % name.replace(".", "-"),
            FM + "Ảnh:\n\n![a](%s)\n" % name, name, line=pic_line)
refused("YAML anchors and aliases", "alias.md",
        "---\nloai: cong-van\nso: &a 5\nky_hieu: *a\n---\n\nChữ.\n", "anchor||alias", line=3)
refused("a YAML merge key bomb", "bomb.md",
        "---\nloai: cong-van\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\n\nChữ.\n", "anchor||alias")
refused("a NUL byte", "nul.md", (FM + "Xin chào\0 bà con.\n").encode(), "UTF-8", "0x00", line=FM_LINES + 1)
refused("invalid UTF-8", "bad-utf8.md", FM.encode() + "Xin ch".encode() + b"\xe0o b\xe0 con.\n", "UTF-8",
        line=FM_LINES + 1)
refused("UTF-8 cut in the middle of a letter", "cut.md", FM.encode() + "Việt".encode()[:-2], "UTF-8")
# UTF-16 with its BOM (Notepad's "Unicode") is read, with a note naming it
p = os.path.join(hd, "u16.md")
write(p, "\ufeff".encode("utf-16-le") + (FM + "Xin chào bà con.\n").encode("utf-16-le"))
r = run_measured(["render", p, "-o", os.path.join(hd, "u16.pdf")])
check(r.rc == 0 and "note: this file is saved as UTF-16" in r.err and os.path.exists(os.path.join(hd, "u16.pdf")),
      "UTF-16 (Notepad's Unicode): read, with a note (exit %d)" % r.rc, r.err)
tcvn = "Céng hoµ x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc. ñy ban nh©n d©n x· T©n Thµnh.\n"
vni = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc. UÛy ban nhaân daân xaõ.\n"
refused("TCVN3 text pasted through Word", "tcvn3.md", FM + tcvn, "TCVN3", "UniKey", "Unicode")
refused("VNI text pasted through Word", "vni.md", FM + vni, "VNI", "UniKey", "Unicode")
r = refused("TCVN3 text saved as bytes", "tcvn3-raw.md", FM.encode() + tcvn.encode("latin-1"), "UTF-8")
check("TCVN3" in r.err and "UniKey" in r.err, "TCVN3 bytes: the note names TCVN3 and how to convert", r.err)
r = refused("VNI text saved as bytes", "vni-raw.md", FM.encode() + vni.encode("latin-1"), "UTF-8")
check("VNI" in r.err and "TCVN3" not in r.err, "VNI bytes: the note names VNI", r.err)
refused("a character outside the font (U+0001)", "ctl.md", FM + "Chữ\x01 lạ.\n", "U+0001")

# control characters that once left an empty text (segfault found by fuzzing)
p = os.path.join(hd, "ctl2.md")
write(p, FM.encode() + b"# T\n\x0c\x0c\x0c\x0c\n1^ a\n2\x0e b\n\n![QR](qr:https://zalo.me/g/x)\n")
r = run_measured(["render", p, "-o", os.path.join(hd, "ctl2.pdf")])
check(r.rc in (0, 1) and (r.rc == 0 or first_error(r.err)), "control characters: no crash (exit %d)" % r.rc,
      r.err)

# accepted: NFD text is normalised, HTML and javascript: links dropped with a warning
nfd = unicodedata.normalize("NFD", "Cộng hòa xã hội chủ nghĩa Việt Nam, Ủy ban nhân dân xã Tân Thành.")
p = os.path.join(hd, "nfd.md")
write(p, unicodedata.normalize("NFD", FM) + nfd + "\n")
r = run_measured(["render", p, "-o", os.path.join(hd, "nfd.pdf")])
check(r.rc == 0, "NFD (Unicode tổ hợp) text accepted (exit %d)" % r.rc, r.err)
if r.rc == 0:
    t = subprocess.run(["pdftotext", os.path.join(hd, "nfd.pdf"), "-"], capture_output=True, text=True).stdout
    t = " ".join(t.split())
    nfc = unicodedata.normalize("NFC", nfd)
    check(nfc in t and unicodedata.normalize("NFC", t) == t,
          "NFD text comes out of the PDF in NFC (precomposed letters)", t[:300])

p = os.path.join(hd, "html.md")
write(p, FM + "Đoạn đầu.\n\n<script>alert('x')</script>\n\n<div onclick=\"x()\">khối HTML</div>\n\n"
      "Xem [trang này](javascript:alert(1)) và [trang kia](https://dichvucong.gov.vn).\n\n"
      "<img src=x onerror=alert(1)>\n")
r = run_measured(["render", p, "-o", os.path.join(hd, "html.pdf")])
check(r.rc == 0, "HTML and javascript: links: the document is still made (exit %d)" % r.rc, r.err)
warns = [l for l in r.err.splitlines() if ": warning: " in l]
check(any("html" in l.lower() for l in warns), "raw HTML dropped with a warning", r.err)
check(any("javascript" in l.lower() for l in warns), "the javascript: link dropped with a warning naming it",
      r.err)
if r.rc == 0:
    doc = fitz.open(os.path.join(hd, "html.pdf"))
    links = [l.get("uri", "") for pg in doc for l in pg.get_links()]
    text = "".join(pg.get_text() for pg in doc)
    raw = open(os.path.join(hd, "html.pdf"), "rb").read()
    check(not any("javascript" in u.lower() for u in links) and b"JavaScript" not in raw and b"/JS" not in raw,
          "no javascript link or action in the PDF", links)
    check("https://dichvucong.gov.vn" in links, "the https link is kept", links)
    check("alert" not in text and "<script" not in text and "onclick" not in text,
          "no HTML text in the PDF", text[:300])

# ---------------------------------------------------------------- nothing lost
print("# nothing lost")
nd = content_dir("build")
shutil.copy(os.path.join(ROOT, "content", "cong-van-chu-ky-so.md"), nd)
shutil.copytree(os.path.join(ROOT, "content", "phu-luc"), os.path.join(nd, "phu-luc"))
shutil.copy(os.path.join(ROOT, "content", "to-roi-chu-ky-so.md"), nd)
shutil.copy(os.path.join(ROOT, "content", "ap-phich-chu-ky-so.md"), nd)
write(os.path.join(nd, "b-hong.md"), FM + "Ảnh:\n\n![a](khong-co.png)\n")
od = os.path.join(tmp, "build-out")
r = run_measured(["build", "-o", od, nd])
pdfs = sorted(f for f in os.listdir(od) if f.endswith(".pdf")) if os.path.isdir(od) else []
check(r.rc == 1, "a build of 4 documents with one broken exits 1 (exit %d)" % r.rc, r.err)
for stem in ("cong-van-chu-ky-so", "to-roi-chu-ky-so", "ap-phich-chu-ky-so"):
    check(stem + ".pdf" in pdfs, "the good document %s is written" % stem, pdfs)
check("b-hong.pdf" not in pdfs, "the broken document has no PDF", pdfs)
check("b-hong.md" in r.err and "not built" in r.err, "the failure is listed by name", r.err)
check(not no_leftovers(od), "no temporary file left", no_leftovers(od))

# a full disk while writing: the old PDF stays whole, no temporary file
shims = os.path.join(tmp, "shims")
os.makedirs(shims)
cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
for s in ("shim_write", "shim_malloc"):
    subprocess.run([cc, "-shared", "-fPIC", "-O1", "-o", os.path.join(shims, s + ".so"),
                    os.path.join(HERE, s + ".c"), "-ldl"], check=True)
src = os.path.join(nd, "cong-van-chu-ky-so.md")
target = os.path.join(od, "cong-van-chu-ky-so.pdf")
old = b"%PDF-1.3\n% the old, good copy\n" + os.urandom(5000)
preload = {}
if SAN:
    # ASan must come first in LD_PRELOAD; the write shim after it
    lib = subprocess.run(["cc", "-print-file-name=libasan.so"], capture_output=True, text=True).stdout.strip()
    preload["pre"] = lib + ":"
size = os.path.getsize(target)  # written by the build above
for after in (0, 4096, size - 1):
    write(target, old)
    r = run_measured(["render", src, "-o", target],
                     env={"LD_PRELOAD": preload.get("pre", "") + os.path.join(shims, "shim_write.so"),
                          "SHIM_PATH": ".tmp.", "SHIM_FAIL_AFTER": str(after)})
    check(r.rc == 1 and "disk" in first_error(r.err),
          "disk full after %d bytes: exit 1 and a message about the disk (exit %d)" % (after, r.rc), r.err)
    check(open(target, "rb").read() == old, "disk full after %d bytes: the old PDF is intact" % after)
    check(not no_leftovers(od), "disk full after %d bytes: no temporary file left" % after, no_leftovers(od))

# Ctrl-C in the middle of writing
write(target, old)
ready = os.path.join(tmp, "ready")
e = dict(os.environ, LD_PRELOAD=preload.get("pre", "") + os.path.join(shims, "shim_write.so"),
         SHIM_PATH=".tmp.", SHIM_READY=ready)
p = subprocess.Popen([PHAT, "render", src, "-o", target], env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
t0 = time.time()
while not os.path.exists(ready) and time.time() - t0 < 30 and p.poll() is None:
    time.sleep(0.02)
half = [f for f in os.listdir(od) if ".tmp." in f]
check(os.path.exists(ready) and half, "Ctrl-C test: phat is stopped half way through writing %s" % half)
p.send_signal(signal.SIGINT)
try:
    p.communicate(timeout=20)
except subprocess.TimeoutExpired:
    p.kill()
    p.communicate()
check(p.returncode == -signal.SIGINT, "Ctrl-C: phat stops at once (status %s)" % p.returncode)
check(open(target, "rb").read() == old, "Ctrl-C: the old PDF is intact")
check(not [f for f in os.listdir(od) if ".tmp." in f], "Ctrl-C: no partial file left",
      os.listdir(od))
check(not os.listdir(os.environ["TMPDIR"]), "Ctrl-C: nothing left in TMPDIR (fonts are subset in memory)",
      os.listdir(os.environ["TMPDIR"]))

# ---------------------------------------------------------------- out of memory
print("# out of memory: the Nth allocation fails")
if SAN:
    print("ok - # skip out-of-memory sweep under the sanitizers (they replace malloc)")
else:
    od2 = os.path.join(tmp, "oom")
    os.makedirs(od2)
    small = os.path.join(ROOT, "tests", "golden", "cong-van-ngan.md")
    count = os.path.join(tmp, "count")
    shim = os.path.join(shims, "shim_malloc.so")
    out = os.path.join(od2, "x.pdf")
    r = run_measured(["render", small, "-o", out], env={"LD_PRELOAD": shim, "SHIM_SELF": "1",
                                                        "SHIM_COUNT": count})
    total = int(open(count).read())
    check(r.rc == 0 and total > 100, "a small dispatch makes %d allocations of its own" % total, r.err)
    good = open(out, "rb").read()
    os.unlink(out)
    ns = sorted(set(list(range(1, 41)) + [1 + i * total // 160 for i in range(160)] + [total]))
    bad = []
    for n in ns:
        r = run_measured(["render", small, "-o", out], env={"LD_PRELOAD": shim, "SHIM_SELF": "1",
                                                            "SHIM_FAIL_AT": str(n)}, timeout=20)
        # files are written as soon as they are made: one written before the
        # failure may stay, whole; nothing half-written, no temporary file
        left = no_leftovers(od2) + ([out] if os.path.exists(out) and open(out, "rb").read() != good else [])
        if os.path.exists(out) and not left:
            os.unlink(out)
        if r.rc != 3 or "out of memory" not in r.err or left or r.killed:
            bad.append("N=%d: exit %d, left %s, %s" % (n, r.rc, left, r.err.strip()[-120:]))
            for f in left:
                if os.path.exists(f):
                    os.unlink(f)
                elif os.path.exists(os.path.join(os.environ["TMPDIR"], f)):
                    os.unlink(os.path.join(os.environ["TMPDIR"], f))
    check(not bad, "allocation N fails, for %d values of N in 1..%d: always \"out of memory\", exit 3, "
          "no signal, no partial or temporary file left" % (len(ns), total), "\n".join(bad)[:3000])

# ---------------------------------------------------------------- reproducible
print("# reproducible builds")
a, b = os.path.join(tmp, "rep-a"), os.path.join(tmp, "rep-b")
ra = run(["build", "-o", a, "content"], cwd=ROOT, timeout=120)
rb = run(["build", "-o", b, "content"], cwd=ROOT, timeout=120)
files = []
for d, _, fs in os.walk(a):
    files += [os.path.relpath(os.path.join(d, f), a) for f in fs]
diff = [f for f in files if not os.path.exists(os.path.join(b, f)) or
        open(os.path.join(a, f), "rb").read() != open(os.path.join(b, f), "rb").read()]
check(ra.rc == 0 and rb.rc == 0 and len(files) >= 4 and not diff,
      "two builds of content/ are byte-identical (%d files)" % len(files), diff or ra.err + rb.err)
c = os.path.join(tmp, "rep-c")
rc = run(["build", "-o", c, "content"], cwd=ROOT, env={"SOURCE_DATE_EPOCH": "1738540800"}, timeout=120)
dates = []
for f in files:
    if f.endswith(".pdf") and os.path.exists(os.path.join(c, f)):
        m = fitz.open(os.path.join(c, f)).metadata
        dates.append((f, m.get("creationDate", ""), m.get("modDate", "")))
check(rc.rc == 0 and dates and all(cd.startswith("D:20250203000000") for _, cd, _ in dates),
      "SOURCE_DATE_EPOCH=1738540800: every PDF is dated 2025-02-03 00:00:00 UTC", dates[:3])
nodate = [f for f in files if f.endswith(".pdf") and fitz.open(os.path.join(a, f)).metadata.get("creationDate")]
check(not nodate, "without SOURCE_DATE_EPOCH no date is written (so rebuilds match)", nodate)

# ---------------------------------------------------------------- valgrind
if os.environ.get("PHAT_VALGRIND") and not SAN:
    print("# phat under valgrind memcheck")
    vd = os.path.join(tmp, "vg")
    os.makedirs(vd)
    for what, args in (("render of a dispatch", ["render", "content/cong-van-chu-ky-so.md", "-o", vd + "/a.pdf"]),
                       ("render of a leaflet", ["render", "content/to-roi-chu-ky-so.md", "-o", vd + "/b.pdf"]),
                       ("render of the report", ["render", "content/bao-cao-thang-02.md", "-o", vd + "/c.pdf"]),
                       ("check of content/", ["check", "content"]),
                       ("a refused document", ["render", os.path.join(hd, "tcvn3.md"), "-o", vd + "/d.pdf"])):
        p = subprocess.run(["valgrind", "-q", "--leak-check=full", "--show-leak-kinds=definite,indirect",
                            "--errors-for-leak-kinds=definite,indirect", "--error-exitcode=99", PHAT] + args,
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
        check(p.returncode in (0, 1) and "==" not in p.stderr,
              "valgrind: %s: no error, no leak (exit %d)" % (what, p.returncode), p.stderr[-1500:])

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if failures else 0)
