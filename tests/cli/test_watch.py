"""phat watch: after a save, what depends on the saved file is built again
(a document, its appendix, its CSV, phat.yaml, a picture that was missing,
a lexicon that was missing, a new document, a new sub-folder) and nothing else; a broken document gives
the build's message and watching goes on; a reader polling the PDF the
whole time never sees a half-written file; Ctrl-C stops it with status 0
and no temporary file left. The time from save to new PDF is printed (its
bound, a second, is measured by make bench, not asserted here)."""
import os, shutil, signal, subprocess, sys, tempfile, threading, time

PHAT = os.path.abspath(os.environ.get("PHAT", "./phat"))
REAL = os.environ.get("PHAT_REAL", PHAT)   # PHAT may be the suite's wrapper
WAIT = 30 if "san" in os.path.basename(REAL) else 15   # seconds, at most, for one rebuild
failures = 0


def check(cond, what, detail=""):
    global failures
    print(("ok - " if cond else "not ok - ") + what)
    if not cond:
        failures += 1
        for line in str(detail).splitlines()[:15]:
            print("#   " + line)
    return cond


def text(pdf):
    r = subprocess.run(["pdftotext", "-q", pdf, "-"], capture_output=True)
    return r.stdout.decode("utf-8", "replace") if r.returncode == 0 else ""


def wait_for(cond, timeout=WAIT):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if cond():
            return time.monotonic() - t0
        time.sleep(0.05)
    return None


def save(path, content):
    """As an editor saves: write the file in place."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(content)


def save_by_rename(path, data):
    """As vim, gedit or a copy in a file manager: a temporary name, renamed over."""
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".swp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def mtimes(out):
    m = {}
    for d, _, fs in os.walk(out):
        for f in fs:
            m[os.path.join(d, f)] = os.stat(os.path.join(d, f)).st_mtime_ns
    return m


class Reader(threading.Thread):
    """Reads the PDF again and again, as a viewer reloading it would."""
    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.reads, self.bad, self.stop = path, 0, [], False

    def run(self):
        while not self.stop:
            try:
                with open(self.path, "rb") as f:
                    data = f.read()
            except FileNotFoundError:
                continue
            self.reads += 1
            if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
                self.bad.append(len(data))


def main():
    r = subprocess.run([PHAT, "watch", "/nonexistent/thu-muc"], capture_output=True, text=True)
    check(r.returncode == 2 and 'content folder "/nonexistent/thu-muc" does not exist' in r.stderr,
          "watch of a folder that does not exist: exit 2 and says so", r.stderr)
    tmp = tempfile.mkdtemp()
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


def run(tmp):
    c, out = os.path.join(tmp, "c"), os.path.join(tmp, "out")
    os.mkdir(c)
    for name in ("phat.yaml", "cong-van-chu-ky-so.md", "bao-cao-thang-02.md"):
        shutil.copy(os.path.join("content", name), c)
    for d in ("phu-luc", "so-lieu"):
        shutil.copytree(os.path.join("content", d), os.path.join(c, d))
    save(os.path.join(c, "loa.md"), "---\nloai: loa\n---\n\nKính chào bà con, anh KQT sẽ hướng dẫn.\n")
    cv, bc = os.path.join(out, "cong-van-chu-ky-so.pdf"), os.path.join(out, "bao-cao-thang-02.pdf")
    loa = os.path.join(out, "loa", "loa.txt")
    log = open(os.path.join(tmp, "log"), "w+", encoding="utf-8")
    p = subprocess.Popen([PHAT, "watch", "-o", out, c], stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
    logtext = lambda: open(log.name, encoding="utf-8").read()
    try:
        check(wait_for(lambda: "watching" in logtext()) is not None, "watch builds everything, then waits", logtext())
        check(os.path.exists(cv) and os.path.exists(bc), "the first build wrote the dispatch and the report",
              os.listdir(out) if os.path.isdir(out) else "no out/")
        reader = Reader(cv)
        reader.start()

        # a document saved
        src = os.path.join(c, "cong-van-chu-ky-so.md")
        before_bc = os.stat(bc).st_mtime_ns
        save(src, read(src) + "\nCâu thêm vào lúc soạn MOTHAIBA.\n")
        t = wait_for(lambda: "MOTHAIBA" in text(cv))
        check(t is not None, "a saved document is built again", logtext())
        if t is not None:
            print("# save -> new PDF: %.2f s" % t)
        check(os.stat(bc).st_mtime_ns == before_bc, "the report, which does not read it, is left alone")

        # its appendix, saved through a temporary name
        app = os.path.join(c, "phu-luc", "vneid-vnpt-smartca.md")
        save_by_rename(app, (read(app) + "\nDòng phụ lục BONNAMSAU.\n").encode())
        check(wait_for(lambda: "BONNAMSAU" in text(cv)) is not None,
              "an appendix saved by rename: the dispatch that names it is built again", logtext())

        # the report's CSV: a hamlet renamed
        csv = os.path.join(c, "so-lieu", "2025-02.csv")
        save(csv, read(csv).replace("Đồng Cả", "Đồng Xuyến Chi"))
        check(wait_for(lambda: "Đồng Xuyến Chi" in text(bc)) is not None, "a CSV saved: the report is built again",
              logtext())

        # a lexicon made where there was none: the script that looked for it
        save(os.path.join(c, "tu-dien-loa.txt"), "KQT = Khổng Quốc Tuấn\n")
        check(wait_for(lambda: os.path.exists(loa) and "Khổng Quốc Tuấn" in read(loa)) is not None,
              "a lexicon file made in the folder: the loudspeaker script is built again", logtext()[-800:])

        # phat.yaml: every document
        y = os.path.join(c, "phat.yaml")
        save(y, read(y).replace("dia_danh: Tân Thành", "dia_danh: Bảo Sơn"))
        check(wait_for(lambda: "Bảo Sơn" in text(cv) and "Bảo Sơn" in text(bc)) is not None,
              "phat.yaml saved: every document is built again", logtext())

        # a file no document reads
        time.sleep(0.3)
        m = mtimes(out)
        save(os.path.join(c, "ghi-chu.txt"), "việc cần làm\n")
        time.sleep(1.5)
        check(mtimes(out) == m, "a file no document reads builds nothing")

        # an error: the message, the old PDF kept, and watching goes on
        good = read(src)
        save(src, good.replace("\nloai: cong-van\n", "\nloai: cong-van\nngya: 2025\n", 1))
        check(wait_for(lambda: 'cong-van-chu-ky-so.md:3:1: error: unknown key "ngya"' in logtext() and
                       "cong-van-chu-ky-so.md was not built" in logtext()) is not None,
              "a broken document: the build's message (file:line:col, 'was not built')", logtext()[-800:])
        check(p.poll() is None and "MOTHAIBA" in text(cv), "watching goes on; the last good PDF stays")
        save(src, good + "\nĐã sửa CHINMUOI.\n")
        check(wait_for(lambda: "CHINMUOI" in text(cv)) is not None, "fixed: built again", logtext()[-800:])

        # a new document whose picture is missing, then the picture copied in
        save(os.path.join(c, "thong-bao.md"), good.replace("Căn cứ", "![Ảnh hướng dẫn](anh.png)\n\nCăn cứ", 1))
        check(wait_for(lambda: "anh.png" in logtext() and "thong-bao.md was not built" in logtext()) is not None,
              "a new document is built; its missing picture is named", logtext()[-800:])
        subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", "-singlefile", cv,
                        os.path.join(tmp, "anh")], check=True, capture_output=True)
        save_by_rename(os.path.join(c, "anh.png"), open(os.path.join(tmp, "anh.png"), "rb").read())
        check(wait_for(lambda: os.path.exists(os.path.join(out, "thong-bao.pdf"))) is not None,
              "the picture copied in: the document that looked for it is built", logtext()[-800:])

        # a new sub-folder with a document in it
        sub = os.path.join(c, "2025-08")
        os.mkdir(sub)
        save(os.path.join(sub, "cong-van-thang-8.md"), good.replace("phu-luc/", "../phu-luc/"))
        check(wait_for(lambda: os.path.exists(os.path.join(out, "2025-08", "cong-van-thang-8.pdf"))) is not None,
              "a new sub-folder is watched: its document is built into out/2025-08/", logtext()[-800:])

        reader.stop = True
        reader.join()
        check(reader.reads > 20 and not reader.bad,
              "a reader polling the PDF all along never saw a half-written file (%d reads)" % reader.reads,
              "bad reads, sizes: %s" % reader.bad[:10])
        # Ctrl-C while waiting (the new folder's build over: the log still)
        quiet = lambda: (lambda n: time.sleep(1.0) or len(logtext()) == n)(len(logtext()))
        wait_for(quiet)
    finally:
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
        try:
            rc = p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = None
    check(rc == 0, "Ctrl-C while waiting stops it, exit 0 (got %s)" % rc, logtext()[-500:])
    left = [f for d, _, fs in os.walk(tmp) for f in fs if ".tmp." in f]
    check(not left, "no temporary file is left", left)


if __name__ == "__main__":
    sys.exit(main())
