#!/usr/bin/env python3
"""Omission locality on the dev/hard data (issue 13): does a deletion stay local?

The dev/hard splits drop about 5% of the units on one side; the dropped units are the [i]:[]
and []:[j] beads of their gold files. For every document of the given directories this
aligns the pair with `muwazi align --presplit` and reports:
  * the dropped units the aligner did not leave unaligned (missed omissions),
  * the aligned gold beads it did not reproduce exactly, by their distance (in gold beads)
    to the nearest dropped unit: a deletion that stays local costs at most its two
    neighbours (distance 1); errors far from any dropped unit are not about omissions.

usage: scripts/omission_locality.py [--muwazi build/cli/muwazi] [--details] DIR...
       (e.g. ../shared/data/ar-en/*/dev/hard); extra `muwazi align` flags after `--`.
"""
import argparse
import collections
import glob
import os
import re
import subprocess
import sys

BEAD = re.compile(r'\[([^\]]*)\]\s*:\s*\[([^\]]*)\]')


def parse_beads(text):
    beads = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        m = BEAD.match(line)
        if not m:
            continue
        ids = [tuple(int(x) for x in g.split(',') if x.strip()) for g in m.groups()]
        beads.append((ids[0], ids[1]))
    return beads


def sides(base):
    for src, tgt in (('ar', 'en'), ('de', 'fr')):
        if os.path.exists(f'{base}.{src}') and os.path.exists(f'{base}.{tgt}'):
            return f'{base}.{src}', f'{base}.{tgt}'
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--muwazi', default='build/cli/muwazi')
    ap.add_argument('--details', action='store_true', help='print the gold and test beads around each error')
    ap.add_argument('dirs', nargs='+')
    args, extra = ap.parse_known_args()
    extra = [x for x in extra if x != '--']
    by_distance = collections.Counter()
    dropped = missed_dropped = aligned = missed_aligned = 0
    for d in args.dirs:
        for gold_path in sorted(glob.glob(os.path.join(d, '*.gold'))):
            base = gold_path[:-len('.gold')]
            pair = sides(base)
            if not pair:
                continue
            gold = parse_beads(open(gold_path, encoding='utf-8').read())
            out = subprocess.run([args.muwazi, 'align', '--presplit', *pair, *extra], capture_output=True,
                                 text=True, check=True).stdout
            test = set(parse_beads(out))
            omitted = [k for k, (s, t) in enumerate(gold) if not s or not t]
            if not omitted:
                continue
            missed_om = [k for k in omitted if gold[k] not in test]
            missed = [k for k, (s, t) in enumerate(gold) if s and t and gold[k] not in test]
            dropped += len(omitted)
            missed_dropped += len(missed_om)
            aligned += sum(1 for s, t in gold if s and t)
            missed_aligned += len(missed)
            for k in missed:
                by_distance[min(min(abs(k - o) for o in omitted), 10)] += 1
            if missed or missed_om:
                print(f'{os.path.relpath(base)}: dropped units at gold beads {omitted}; '
                      f'missed omissions {missed_om}; missed aligned beads {missed}')
                if args.details:
                    ks = missed + missed_om
                    lo, hi = max(0, min(ks) - 2), min(len(gold), max(ks) + 3)
                    src = {i for k in range(lo, hi) for i in gold[k][0]}
                    tgt = {j for k in range(lo, hi) for j in gold[k][1]}
                    print('   gold:', gold[lo:hi])
                    print('   test:', [b for b in parse_beads(out) if set(b[0]) & src or set(b[1]) & tgt])
    print(f'dropped units: {dropped}, left unaligned by the aligner: {dropped - missed_dropped}')
    print(f'aligned gold beads: {aligned}, not reproduced: {missed_aligned}')
    print('not reproduced, by distance to the nearest dropped unit (10 = 10 or more): ' +
          ', '.join(f'{k}: {v}' for k, v in sorted(by_distance.items())))
    return 0


if __name__ == '__main__':
    sys.exit(main())
