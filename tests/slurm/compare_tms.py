#!/usr/bin/env python3
"""Checks that a TM merged from the shard TMs of a distributed `muwazi batch`
holds what a single-machine run over the same manifest holds.

    compare_tms.py SINGLE.db MERGED.db SHARD.db...

Exit 0 when:
  1. both pass PRAGMA integrity_check;
  2. they hold the same provenance records (sources: kind, file names,
     sha256 of both texts, pair id, URLs), the same number of each;
  3. they hold the same units: the same (languages, source text, target
     text), each once;
  4. each unit has the same provenance (its document pair) and the same
     alignment data (position, score, bead, sentence ids, markup, tuid,
     extra, reviewed) in both, except a unit whose sentence pair occurs in
     pairs of two or more shards: `tm merge` keeps the first shard's, a
     single run the first pair's. Such a unit must still carry, in the
     merged TM, exactly the row that a shard holding its pair has, so its
     provenance is real.
Prints what it compared; on a failure, the first differences and exit 1.
Dates (added_at, created_at, changed_at) and row ids are not compared: they
differ between any two runs.
"""
import sqlite3
import sys

# A unit with everything that is not a date or a row id, and its pair.
UNIT = """
SELECT u.src_lang, u.tgt_lang, u.src_text, u.tgt_text, u.src_markup, u.tgt_markup,
       u.position, u.score, u.bead, u.src_sentences, u.tgt_sentences, u.tuid,
       u.extra, u.reviewed, u.created_by,
       s.kind, s.name, s.sha256, s.name2, s.sha256_2, s.pair_id, s.url, s.url2
FROM units u LEFT JOIN sources s ON s.id = u.source_id
"""
SOURCE = "SELECT kind, name, sha256, name2, sha256_2, pair_id, url, url2, added_by FROM sources"


def key(row):
    return tuple(row[:4])  # languages, source text, target text


def rows(path, sql):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def fail(what, items):
    items = sorted(items, key=repr)
    print(f"FAIL: {what}: {len(items)}")
    for item in items[:5]:
        print("   ", repr(item)[:400])
    sys.exit(1)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    single, merged, shards = sys.argv[1], sys.argv[2], sys.argv[3:]
    for path in [single, merged]:
        status = rows(path, "PRAGMA integrity_check")
        if status != [("ok",)]:
            fail(f"{path}: integrity_check", status)

    s_sources, m_sources = sorted(rows(single, SOURCE), key=repr), sorted(rows(merged, SOURCE), key=repr)
    if s_sources != m_sources:
        fail("provenance records in one TM only",
             set(s_sources).symmetric_difference(m_sources) or {"(same records, other counts)"})

    s_units, m_units = rows(single, UNIT), rows(merged, UNIT)
    for name, units in [(single, s_units), (merged, m_units)]:
        keys = [key(u) for u in units]
        if len(set(keys)) != len(keys):
            fail(f"{name}: units stored twice", {k for k in keys if keys.count(k) > 1})
    s_by_key = {key(u): u for u in s_units}
    m_by_key = {key(u): u for u in m_units}
    if s_by_key.keys() != m_by_key.keys():
        fail("units in one TM only", s_by_key.keys() ^ m_by_key.keys())

    # Which shards hold each sentence pair, and the rows they hold.
    shard_rows = set()
    shards_of = {}
    for i, path in enumerate(shards):
        for u in rows(path, UNIT):
            shard_rows.add(u)
            shards_of.setdefault(key(u), set()).add(i)
    other = [k for k in s_by_key if s_by_key[k] != m_by_key[k]]
    not_shared = [m_by_key[k] for k in other if len(shards_of.get(k, ())) < 2]
    if not_shared:
        fail("units of one shard only whose merged row differs from the single run's", not_shared)
    unreal = [m_by_key[k] for k in other if m_by_key[k] not in shard_rows]
    if unreal:
        fail("merged units whose row no shard holds", unreal)

    shared = sum(1 for k in s_by_key if len(shards_of.get(k, ())) >= 2)
    print(f"same {len(s_sources)} provenance records and {len(s_units)} units; "
          f"{len(s_units) - len(other)} units with the same pair and alignment data; "
          f"{shared} sentence pairs occur in several shards, {len(other)} of them keep another "
          f"pair's provenance (tm merge keeps the first shard's, a single run the first pair's)")


if __name__ == "__main__":
    main()
