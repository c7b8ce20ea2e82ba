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

main()
