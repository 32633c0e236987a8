#!/usr/bin/env python3
"""Writes a `muwazi batch` workload of document pairs by cycling the NTREX-128
dev documents bundled in tests/data/ntrex_dev (37 news articles and the 18
`hard/` versions with about 5% of the units dropped on one side), so that the
Slurm test runs on a clean clone without ../shared.

    make_corpus.py NTREX_DEV_DIR OUT_DIR MIN_PAIRS

OUT_DIR gets one NAME.ar / NAME.en file per pair (one sentence per line: use
--presplit) and pairs.tsv, the manifest: SRC<TAB>TGT<TAB>ID with paths
relative to OUT_DIR, as a crawler's document pairs would be listed. Cycle c
> 0 tags every line of both sides with " [c]", so that each cycle's units
are new to the TM; inside a cycle, an article and its `hard/` version share
most of their sentence pairs, the duplicates a real crawl has (the same
article at two addresses). One pair in the middle has an Arabic side that is
not UTF-8: a bad pair, reported and skipped, the rest stored.
Prints the number of pairs (the bad one included).
"""
import os
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, out, min_pairs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    docs = []
    for sub in ("", "hard"):
        folder = os.path.join(src, sub)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".ar") and os.path.exists(os.path.join(folder, name[:-3] + ".en")):
                docs.append((os.path.join(folder, name[:-3]), ("hard-" if sub else "") + name[:-3]))
    if not docs:
        sys.exit(f"make_corpus.py: no NAME.ar/NAME.en documents in {src}")
    texts = {}
    for base, _ in docs:
        for ext in ("ar", "en"):
            with open(f"{base}.{ext}", encoding="utf-8") as f:
                texts[base, ext] = f.read().splitlines()
    os.makedirs(out, exist_ok=True)
    rows = []
    cycle = 0
    while len(rows) < min_pairs:
        for base, name in docs:
            pair_id = f"c{cycle}-{name}"
            for ext in ("ar", "en"):
                tag = f" [{cycle}]" if cycle else ""
                with open(os.path.join(out, f"{pair_id}.{ext}"), "w", encoding="utf-8") as f:
                    f.writelines(line + tag + "\n" if line.strip() else "\n" for line in texts[base, ext])
            rows.append(f"{pair_id}.ar\t{pair_id}.en\t{pair_id}")
        cycle += 1
    # The bad pair: invalid UTF-8 (a lone continuation byte) in the Arabic
    # side, in the middle of the manifest.
    with open(os.path.join(out, "bad.ar"), "wb") as f:
        f.write("نص عربي\n".encode() + b"\x80 \xff\n")
    with open(os.path.join(out, "bad.en"), "w", encoding="utf-8") as f:
        f.write("English text\nand more\n")
    rows.insert(len(rows) // 2, "bad.ar\tbad.en\tbad-utf8")
    with open(os.path.join(out, "pairs.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print(len(rows))


if __name__ == "__main__":
    main()
