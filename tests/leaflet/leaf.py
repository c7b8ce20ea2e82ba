"""What the leaflet tests share: where phat and the repository are, the
"ok - / not ok - " lines tests/run.sh counts, and running phat render."""

import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHAT = os.environ.get("PHAT", "./phat")
if not os.path.isabs(PHAT):
    PHAT = os.path.join(ROOT, PHAT)
MM = 72 / 25.4


class Checks:
    """Counts failures; check() prints one line per check."""

    def __init__(self):
        self.failures = 0

    def __call__(self, cond, what, detail=""):
        print(("ok - " if cond else "not ok - ") + what + ("" if cond or detail == "" else ": " + str(detail)))
        if not cond:
            self.failures += 1
        return cond


def render(src, out, *args):
    return subprocess.run([PHAT, "render", src, "-o", out, *args], capture_output=True, text=True)
