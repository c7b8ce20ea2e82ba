"""Benchmark: for every document in content/, the wall time of `phat render`
(median of several runs, process start included), the PDF size and the peak
resident memory. Prints one line per document; targets from the issues are
printed beside the figures so a regression is plain to see."""
import os, resource, statistics, subprocess, sys, tempfile, time, glob

PHAT = os.environ.get("PHAT", "./phat")
RUNS = int(os.environ.get("BENCH_RUNS", "15"))

def front_kind(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("loai:"):
                return line.split(":", 1)[1].strip()
    return ""

def main():
    docs = sorted(p for p in glob.glob("content/**/*.md", recursive=True) if front_kind(p) not in ("phu-luc", ""))
    print(f"{'document':40} {'median ms':>10} {'min ms':>8} {'bytes':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for d in docs:
            out = os.path.join(tmp, os.path.basename(d)[:-3] + ".pdf")
            times = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                r = subprocess.run([PHAT, "render", d, "-o", out, "--phone"], capture_output=True)
                times.append((time.perf_counter() - t0) * 1000)
                if r.returncode != 0:
                    print(f"{d}: failed: {r.stderr.decode()[:200]}")
                    break
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            size = os.path.getsize(out) if os.path.exists(out) else 0
            print(f"{d:40} {statistics.median(times):10.1f} {min(times):8.1f} {size:8d} {peak:8.1f}")
            # the other files the same run writes (A4 tiles, phone copy): bytes each
            stem = os.path.basename(d)[:-3] + ".pdf"
            for extra in sorted(os.listdir(tmp)):
                if extra != stem and extra.startswith(os.path.basename(d)[:-3]):
                    print(f"{'  + ' + extra:40} {'':10} {'':8} {os.path.getsize(os.path.join(tmp, extra)):8d}")
                    os.remove(os.path.join(tmp, extra))
    print("targets: dispatch <= 10 ms, <= 10 MB peak, <= 50 KB per PDF; leaflet, poster, tiles, phone copy")
    print("each <= 10 ms, leaflet < 80 KB, phone copy < 150 KB (time is per document, all its files;")
    print("peak is the largest child so far)")


def report_bench():
    """The monthly report for 12 and 500 hamlets and the per-hamlet batch
    (moi_xom: true) from generated CSVs: time and peak memory of each run
    (os.wait4 gives the child's own peak), which should grow linearly."""
    import random
    def run(args):
        t0 = time.perf_counter()
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        err = p.stderr.read().decode()[:200]
        p.stderr.close()
        return (time.perf_counter() - t0) * 1000, ru.ru_maxrss / 1024, status, err
    print(f"{'report':40} {'median ms':>10} {'min ms':>8} {'files':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        with open("content/phat.yaml", encoding="utf-8") as f:
            yaml = f.read()
        for n, each in ((12, False), (500, False), (12, True), (500, True)):
            d = os.path.join(tmp, f"c{n}{each}")
            os.makedirs(os.path.join(d, "so-lieu"))
            with open(os.path.join(d, "phat.yaml"), "w", encoding="utf-8") as f:
                f.write(yaml)
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
            out = os.path.join(tmp, f"out{n}{each}")
            runs = max(3, RUNS // (10 if n > 100 else 1) // (5 if each else 1))
            times, peak = [], 0
            for _ in range(runs):
                ms, mb, status, err = run([PHAT, "build", "-o", out, d])
                if status != 0:
                    print(f"report {n} hamlets: failed: {err}")
                    break
                times.append(ms)
                peak = max(peak, mb)
            files = len(os.listdir(out)) if os.path.isdir(out) else 0
            name = f"report, {n} hamlets" + (", one file per hamlet" if each else "")
            if times:
                print(f"{name:40} {statistics.median(times):10.1f} {min(times):8.1f} {files:8d} {peak:8.1f}")
    print("targets: time and memory linear in the number of hamlets (500 / 12 ≈ 42×)")


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
                p = subprocess.Popen([PHAT, "speak", src], stdout=out, stderr=subprocess.PIPE)
                _, status, ru = os.wait4(p.pid, 0)
            err = p.stderr.read().decode()[:200]
            p.stderr.close()
            if status != 0:
                print(f"speak: failed: {err}")
                return
            times.append(time.perf_counter() - t0)
            peak = max(peak, ru.ru_maxrss / 1024)
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
    import shutil, signal
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

main()
report_bench()
speak_bench()
watch_bench()
