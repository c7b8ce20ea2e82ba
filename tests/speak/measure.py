#!/usr/bin/python3
"""Measures `phat speak` on public text-normalisation test suites, which are
NOT part of this repository (their cases are never copied here): give their
paths on the command line.

    tests/speak/measure.py [--phat ./phat] [--show] PATH...

PATH is either
  - a NeMo-text-processing test-case file (test_cases_<class>.txt, lines
    "written~spoken"), e.g. a checkout's
    tests/nemo_text_processing/vi/data_text_normalization/test_cases_*.txt, or
  - num2words' tests/test_vi.py (num2words(N, lang="vi") == "spoken"); a
    whole number N is written as digits, a decimal with the Vietnamese comma.

A case is right when phat's reading equals the expected one after the rules
of issue 12: NFC, lower case, punctuation removed, and the accepted variants
nghìn/ngàn, linh/lẻ, mốt/tư/lăm after "mươi", tỷ/tỉ, and a decimal tail read
digit by digit or as a number. Prints the rate per class (and with --show the
cases that differ). Not part of `make test`.
"""
import ast
import os
import re
import subprocess
import sys
import unicodedata

DIGITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
          "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
TAILWORDS = set(DIGITS) | {"mười", "mươi", "trăm", "linh"}


def small_value(words):
    """A number under 1000 read in words, or None."""
    v, cur = 0, None
    i = 0
    if not words:
        return None
    while i < len(words):
        w = words[i]
        if w in DIGITS and cur is None:
            cur = DIGITS[w]
        elif w == "trăm" and cur is not None and v == 0:
            v, cur = cur * 100, None
        elif w == "mươi" and cur is not None:
            v, cur = v + cur * 10, None
        elif w == "mười" and cur is None:
            v += 10
        elif w == "linh" and cur is None:
            pass
        elif w in DIGITS and cur is None:
            cur = DIGITS[w]
        else:
            return None
        i += 1
    return v + (cur or 0)


def tail_digits(words):
    """The digits of a decimal tail, read one by one or as a number."""
    if all(w in DIGITS and w not in ("mốt", "lăm") for w in words):
        return "".join(str(DIGITS[w]) for w in words)
    zeros = 0
    while zeros < len(words) and words[zeros] == "không":
        zeros += 1
    v = small_value(words[zeros:])
    if v is None:
        return " ".join(words)
    return "0" * zeros + str(v)


def norm(s):
    s = unicodedata.normalize("NFC", s).lower()
    s = "".join(c if (c.isalnum() or c.isspace()) else " " for c in s)
    w = s.split()
    out = []
    for i, t in enumerate(w):
        t = {"ngàn": "nghìn", "lẻ": "linh", "tỉ": "tỷ"}.get(t, t)
        if out and out[-1] == "mươi":
            t = {"một": "mốt", "bốn": "tư", "năm": "lăm"}.get(t, t)
        out.append(t)
    # decimal tails
    res, i = [], 0
    while i < len(out):
        res.append(out[i])
        if out[i] == "phẩy":
            j = i + 1
            while j < len(out) and out[j] in TAILWORDS:
                j += 1
            if j > i + 1:
                res.append(tail_digits(out[i + 1:j]))
            i = j
            continue
        i += 1
    return " ".join(res)


def nemo_cases(path):
    cls = re.sub(r"^test_cases_|\.txt$", "", os.path.basename(path))
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "~" not in line:
                continue
            a, b = line.split("~", 1)
            yield "nemo " + cls, a, b


def num2words_cases(path):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "assertEqual"):
            continue
        call, want = node.args[0], node.args[1]
        if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "num2words"):
            continue
        n = ast.literal_eval(call.args[0])
        kind = "decimal" if isinstance(n, float) else "cardinal"
        written = str(n).replace(".", ",")
        yield "num2words " + kind, written, ast.literal_eval(want)


def main():
    args = sys.argv[1:]
    phat, show = "./phat", False
    paths = []
    while args:
        a = args.pop(0)
        if a == "--phat":
            phat = args.pop(0)
        elif a == "--show":
            show = True
        else:
            paths.append(a)
    cases = []
    for p in paths:
        cases += list(num2words_cases(p) if p.endswith(".py") else nemo_cases(p))
    inp = "".join(c[1] + "\n" for c in cases)
    r = subprocess.run([phat, "speak"], input=inp.encode(), capture_output=True)
    got = r.stdout.decode("utf-8", "replace").split("\n")
    per = {}
    for (cls, a, want), g in zip(cases, got):
        ok = norm(g) == norm(want)
        t = per.setdefault(cls, [0, 0])
        t[0] += ok
        t[1] += 1
        if show and not ok:
            print(f"# {cls}: {a!r}\n#   got:  {g}\n#   want: {want}")
    tot = {}
    for cls in sorted(per):
        ok, n = per[cls]
        suite = cls.split()[0]
        s = tot.setdefault(suite, [0, 0])
        s[0] += ok
        s[1] += n
        print(f"{cls:24} {ok:4}/{n:<4} {100.0 * ok / n:5.1f} %")
    for suite, (ok, n) in sorted(tot.items()):
        print(f"{suite + ' (all)':24} {ok:4}/{n:<4} {100.0 * ok / n:5.1f} %")


if __name__ == "__main__":
    main()
