#!/usr/bin/env python3
"""Where a `muwazi batch` run spends its CPU time, from `perf script` output.

usage: perf script -i perf.data | scripts/profile_breakdown.py

Each sample is charged to the first of the stages below found on its call
stack (innermost frames first), so the shares add up to 100%. Prints a
Markdown table. Used by scripts/bench_batch.sh.
"""
import re
import sys

# (label, regex on a frame's symbol); the first stage whose frame is the
# innermost on the stack wins.
STAGES = [
    ("search: Viterbi passes (cost model, anchor costs)", r"align::viterbi\b"),
    ("confidences: forward-backward posteriors", r"align::bead_posteriors\b"),
    ("cost model set-up (prefix sums, anchor matches)", r"align::CostModel::(CostModel|prepare)\b"),
    ("features: tokens, numbers, names, lexicon items", r"align::FeatureExtractor::|align::learn_lexicon|align::.*lexicon"),
    ("parallel-pair verdict", r"align::.*(parallel|verdict|Verdict)"),
    ("rest of the aligner (passes, re-estimation, beads)", r"align::align_documents\b"),
    ("sentence split (raw text) and documents", r"align::make_document\b|text::segment\b"),
    ("reading and checking the files (UTF-8, NFC)", r"corpus::read_pair\b|text::clean_text\b|text::read_file_bytes\b"),
    ("writing the output (files or the TM)", r"Sink::|sqlite3|tm::WriteBatch|corpus::.*units_of|write_all"),
    ("thread pool, queue and batch loop", r"corpus::run_ordered|corpus::run_batch"),
]


def main():
    stages = [(label, re.compile(rx)) for label, rx in STAGES]
    counts = {label: 0 for label, _ in STAGES}
    buckets = {
        "kernel (system calls: opening, reading, writing, renaming files; page faults)": 0,
        "allocator (malloc/free) outside the stages above": 0,
    }
    other = total = 0
    block = []

    def flush():
        nonlocal other, total
        frames = []
        for line in block[1:]:
            parts = line.strip().split(" ", 1)
            if len(parts) == 2:
                frames.append(parts[1])
        if not frames:
            return
        total += 1
        for frame in frames:  # innermost first
            for label, rx in stages:
                if rx.search(frame):
                    counts[label] += 1
                    return
        # Unattributed: libc and the kernel have no frame pointers, so a
        # stack through them often ends there.
        leaf = frames[0]
        if "kernel.kallsyms" in leaf:
            buckets["kernel (system calls: opening, reading, writing, renaming files; page faults)"] += 1
        elif re.search(r"malloc|free|_int_|operator new|operator delete|cfree", leaf):
            buckets["allocator (malloc/free) outside the stages above"] += 1
        else:
            other += 1

    for line in sys.stdin:
        if line.strip():
            block.append(line)
        elif block:
            flush()
            block = []
    if block:
        flush()
    if total == 0:
        print("(no samples)")
        return
    print("| stage | share of CPU samples |")
    print("|---|---|")
    for label, _ in STAGES:
        if counts[label]:
            print(f"| {label} | {100.0 * counts[label] / total:.1f}% |")
    for label, n in buckets.items():
        print(f"| {label} | {100.0 * n / total:.1f}% |")
    print(f"| other (process start, libraries without frame pointers) | {100.0 * other / total:.1f}% |")
    print(f"\n{total} samples.")


if __name__ == "__main__":
    main()
