#!/usr/bin/env python3
"""Parallel-pair detection on the dev data (issue 13): is a document pair a translation at all?

Every dev document (ar-en/*/dev, dev/hard and de-fr) is aligned with itself (parallel) and with
texts that are not its translation, built deterministically:
  * other:    its source with the target of the other document of the same subset whose target
              has the closest number of sentences (same genre, similar length); a subset of one
              document pairs the first half of its source with the second half of its target
              and the reverse;
  * shuffled: its source with its own target in a shuffled order (seeded by the name).
Each pair's score is the `parallel score` that `muwazi align --verbose` prints. The script
prints, per subset and overall, how many parallel pairs a threshold keeps and how many
non-parallel ones it refuses, and the area under the ROC curve.

usage: scripts/parallel_eval.py [--muwazi build/cli/muwazi] [--threshold T] [--data ../shared/data]
"""
import argparse
import glob
import os
import random
import re
import subprocess
import sys
import tempfile

SCORE = re.compile(r"parallel score ([0-9.]+)")


def docs_of(folder):
    out = []
    for gold in sorted(glob.glob(os.path.join(folder, "*.gold"))):
        stem = gold[:-5]
        sides = sorted(p for p in glob.glob(stem + ".*") if not p.endswith(".gold"))
        if len(sides) != 2:
            continue
        ext = [os.path.splitext(p)[1][1:] for p in sides]
        # ar-en: .ar is the source; de-fr: .de
        if ext == ["en", "ar"] or ext == ["fr", "de"]:
            sides.reverse()
            ext.reverse()
        out.append({"name": os.path.basename(stem), "src": sides[0], "tgt": sides[1],
                    "src_lang": ext[0], "tgt_lang": ext[1]})
    return out


def lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows).strip("\n") + "\n")


def score(muwazi, src, tgt, src_lang, tgt_lang, extra):
    r = subprocess.run([muwazi, "align", "--presplit", "--verbose", "--src-lang", src_lang, "--tgt-lang", tgt_lang,
                        "-o", os.devnull] + extra + [src, tgt], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"muwazi align {src} {tgt}: exit {r.returncode}: {r.stderr}")
    m = SCORE.search(r.stderr)
    if not m:
        sys.exit(f"no parallel score in: {r.stderr}")
    return float(m.group(1)), r.stderr.strip()


def auc(pos, neg):
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--muwazi", default="build/cli/muwazi")
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("extra", nargs="*", help="more muwazi align flags (after --)")
    a = ap.parse_args()
    subsets = sorted(glob.glob(os.path.join(a.data, "ar-en/*/dev"))) + \
        sorted(glob.glob(os.path.join(a.data, "ar-en/*/dev/hard"))) + [os.path.join(a.data, "de-fr")]
    tmp = tempfile.mkdtemp(prefix="muwazi_parallel_eval_")
    results = []  # (subset, kind, name, score)
    for sub in subsets:
        docs = docs_of(sub)
        label = os.path.relpath(sub, a.data)
        for d in docs:
            s, why = score(a.muwazi, d["src"], d["tgt"], d["src_lang"], d["tgt_lang"], a.extra)
            results.append((label, "parallel", d["name"], s, why))
            # shuffled target
            rows = [x for x in lines(d["tgt"]) if x.strip()]
            random.Random(d["name"]).shuffle(rows)
            shuf = os.path.join(tmp, "shuf." + d["tgt_lang"])
            write(shuf, rows)
            s, why = score(a.muwazi, d["src"], shuf, d["src_lang"], d["tgt_lang"], a.extra)
            results.append((label, "shuffled", d["name"], s, why))
            # another text of the same genre and similar length
            others = [o for o in docs if o is not d]
            if others:
                n = len(lines(d["tgt"]))
                o = min(others, key=lambda o: (abs(len(lines(o["tgt"])) - n), o["name"]))
                s, why = score(a.muwazi, d["src"], o["tgt"], d["src_lang"], d["tgt_lang"], a.extra)
                results.append((label, "other", d["name"] + " x " + o["name"], s, why))
            else:
                src_rows = [x for x in lines(d["src"]) if x.strip()]
                tgt_rows = [x for x in lines(d["tgt"]) if x.strip()]
                hs, ht = len(src_rows) // 2, len(tgt_rows) // 2
                for tag, sr, tr in (("h1xh2", src_rows[:hs], tgt_rows[ht:]), ("h2xh1", src_rows[hs:], tgt_rows[:ht])):
                    ps = os.path.join(tmp, "half." + d["src_lang"])
                    pt = os.path.join(tmp, "half." + d["tgt_lang"])
                    write(ps, sr)
                    write(pt, tr)
                    s, why = score(a.muwazi, ps, pt, d["src_lang"], d["tgt_lang"], a.extra)
                    results.append((label, "other", d["name"] + " " + tag, s, why))
    if a.verbose:
        for r in results:
            print(f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]:.3f}\t{r[4]}")
    pos = [r[3] for r in results if r[1] == "parallel"]
    neg = [r[3] for r in results if r[1] != "parallel"]
    # The threshold that refuses most non-parallel pairs while keeping >= 99% of parallel ones,
    # unless one is given.
    th = a.threshold
    if th is None:
        cands = sorted(set(pos + neg))
        best = None
        for t in cands:
            kept = sum(p >= t for p in pos) / len(pos)
            refused = sum(n < t for n in neg) / len(neg)
            key = (min(kept, refused), kept + refused)
            if best is None or key > best[0]:
                best = (key, t)
        th = best[1]
        print(f"best threshold on this data: {th:.3f}")
    print(f"{'subset':34} {'parallel kept':>14} {'other refused':>14} {'shuffled refused':>17}  AUC: other shuffled")
    for sub in sorted(set(r[0] for r in results)) + ["all"]:
        rs = [r for r in results if sub == "all" or r[0] == sub]
        p = [r[3] for r in rs if r[1] == "parallel"]
        o = [r[3] for r in rs if r[1] == "other"]
        s = [r[3] for r in rs if r[1] == "shuffled"]
        kept = f"{sum(x >= th for x in p)}/{len(p)}"
        ro = f"{sum(x < th for x in o)}/{len(o)}"
        rsh = f"{sum(x < th for x in s)}/{len(s)}"
        print(f"{sub:34} {kept:>14} {ro:>14} {rsh:>17}  {auc(p, o):.4f} {auc(p, s):.4f}")
    print(f"threshold {th:.3f}; min parallel score {min(pos):.3f}, max non-parallel {max(neg):.3f}")


if __name__ == "__main__":
    main()
