"""Shared by the browser tests: the fixture TM, `muwazi serve` on a free port, the typo query."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading

SKIP = 77


def skip(reason):
    print("SKIP: " + reason)
    sys.exit(SKIP)


def find_exe(*names):
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


class Server:
    """`muwazi serve --port 0`; the port is read from what it prints at start."""

    def __init__(self, muwazi, db, token):
        self.proc = subprocess.Popen(
            [muwazi, "serve", "--db", db, "--port", "0", "--threads", "2", "--token", token],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines = []
        self.port = None
        got = threading.Event()

        def read():
            for line in self.proc.stdout:
                self.lines.append(line.rstrip("\n"))
                m = re.search(r"https?://[^\s/]+:(\d+)", line)
                if m and self.port is None:
                    self.port = int(m.group(1))
                    got.set()
            got.set()

        threading.Thread(target=read, daemon=True).start()
        if not got.wait(30) or self.port is None:
            self.stop()
            raise RuntimeError("muwazi serve did not print its address:\n" + "\n".join(self.lines))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        return self.proc.returncode


def cli(muwazi, *args, stdin=None):
    r = subprocess.run([muwazi, *args], input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"muwazi {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def lookup(muwazi, db, text):
    out = cli(muwazi, "tm", "lookup", "--db", db, "--src-lang", "ar", "--tgt-lang", "en",
              "--format", "jsonl", "--limit", "10", text)
    return json.loads(out.splitlines()[0])


def fixture_tm(muwazi, data, db):
    """The fixture TM: the bundled TICO-19 TMX imported ar->en. Returns its (source, target) units."""
    cli(muwazi, "tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en",
        os.path.join(data, "tmx", "tico19-all.en-ar.tmx"))
    tsv = cli(muwazi, "tm", "export", "--db", db, "--format", "tsv")
    return [tuple(line.split("\t")[:2]) for line in tsv.splitlines() if "\t" in line]


PUNCT = "؟?.,،!:;\"'«»()[]"


def typo_query(units):
    """A stored Arabic sentence of 8-20 words (the first such, in export order) with one word
    misspelt: two inner letters of its longest word swapped."""
    for src, tgt in units:
        words = src.split()
        if not 8 <= len(words) <= 20:
            continue
        bare = [w.strip(PUNCT) for w in words]
        k = max(range(len(words)), key=lambda i: len(bare[i]))
        w = bare[k]
        if len(w) < 5 or w[1] == w[2]:
            continue
        words[k] = words[k].replace(w, w[0] + w[2] + w[1] + w[3:])
        return src, tgt, " ".join(words), w
    raise RuntimeError("no suitable sentence in the fixture TM")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)
