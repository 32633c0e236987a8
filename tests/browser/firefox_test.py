#!/usr/bin/env python3
"""The web page of `muwazi serve` in Firefox (Debian's firefox-esr, headless, driven through its
built-in Marionette protocol: Debian 12 has no geckodriver). The same path as page_test.py in
fewer checks: a search with a typo shows the stored match with the score `muwazi tm lookup` gives,
the concordance marks the hit, the sample's sentence lists align (one per line), `m` merges a pair, the save stores it, and
`muwazi tm lookup` finds it. Screenshots firefox_*.png (wide and narrow) go to --out.
Exit 77 (ctest SKIP_RETURN_CODE) when firefox-esr is absent.

Usage: firefox_test.py --muwazi BIN --data tests/data --out DIR
"""
import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import PUNCT, Server, check, find_exe, fixture_tm, lookup, skip, typo_query  # noqa: E402
from marionette import ENTER, Marionette  # noqa: E402

ROWS = "return document.querySelectorAll('#pairs .pair').length"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--muwazi", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    firefox = find_exe("firefox-esr", "firefox")
    if not firefox:
        skip("firefox-esr is not installed (scripts/setup.sh --tests)")

    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="muwazi_firefox_test_")
    db = os.path.join(work, "tm.db")
    units = fixture_tm(a.muwazi, a.data, db)
    stored_src, stored_tgt, query, typo_word = typo_query(units)
    expect = next(m for m in lookup(a.muwazi, db, query)["matches"] if m["source"] == stored_src)

    token = "firefox-test-token"
    server = Server(a.muwazi, db, token)
    base = f"http://127.0.0.1:{server.port}/"
    ff = None
    try:
        ff = Marionette(firefox)
        ff.go(base)
        ff.js("window.__errors = []; window.addEventListener('error', (e) => window.__errors.push(e.message))")
        check(ff.js("return typeof window.muwazi") == "object", "the page's script did not run in Firefox")
        ff.wait("return document.getElementById('stats').textContent.includes('units')")

        # Search with a typo.
        ff.keys(ff.find("#q"), query + ENTER)
        ff.wait("return document.querySelectorAll('#matches > li').length > 0")
        got = ff.js("""return [...document.querySelectorAll('#matches > li')].map((li) => ({
            src: li.querySelector('.seg.src').textContent, score: li.querySelector('.score').firstChild.textContent,
            marks: [...li.querySelectorAll('.seg.src mark.diff')].map((m) => m.textContent),
            dir: getComputedStyle(li.querySelector('.seg.src')).direction,
            gap: (() => { const e = li.querySelector('.seg.src'), r = document.createRange(); r.selectNodeContents(e);
                          return e.getBoundingClientRect().right - r.getBoundingClientRect().right; })() }))""")
        hit = next((g for g in got if g["src"] == stored_src), None)
        check(hit is not None, f"stored sentence not among the matches: {got}")
        check(float(hit["score"]) == expect["score"], f"score {hit['score']}, tm lookup says {expect['score']}")
        check(hit["marks"] == [typo_word], f"highlighted {hit['marks']}, expected [{typo_word}]")
        check(hit["dir"] == "rtl" and hit["gap"] < 8, f"Arabic match is not right to left and right-aligned: {hit}")
        ff.screenshot(os.path.join(a.out, "firefox_search_wide.png"))

        # Concordance: byte offsets become the right JS string indices.
        ff.click(ff.find("#tab-conc"))
        word = max((w.strip(PUNCT) for w in stored_src.split()[1:]), key=len)
        ff.keys(ff.find("#cq"), word + ENTER)
        ff.wait("return document.querySelectorAll('#hits > li').length > 0")
        marks = ff.js("return [...document.querySelectorAll('#hits .seg.src mark')].slice(0, 20).map((m) => m.textContent)")
        check(marks and all(m == word for m in marks), f"concordance marks {marks[:5]}, expected {word}")

        # Review: align the sample's sentence lists (one per line), merge pair 3 with `m`, save.
        ff.click(ff.find("#tab-review"))
        lines = {}
        for side, name in (("src", "sentences.ar"), ("tgt", "sentences.en")):
            with open(os.path.join(a.data, "sample", name), encoding="utf-8") as f:
                text = f.read()
            lines[side] = [x for x in text.splitlines() if x.strip()]
            ff.js("document.getElementById(arguments[0]).value = arguments[1]", side + "-text", text)
            ff.keys(ff.find(f"#{side}-doc"), name)
        ff.click(ff.find("#presplit"))
        ff.click(ff.find("#align-btn"))
        n = ff.wait(ROWS)
        got = ff.js("return window.muwazi.review")
        check(got["src"] == lines["src"] and got["tgt"] == lines["tgt"], "presplit: sentences are not the lines")
        check(n >= 20, f"only {n} pairs for the sample sentences")
        ff.screenshot(os.path.join(a.out, "firefox_review_wide.png"))
        before = ff.js("return window.muwazi.review.beads")
        ff.click(ff.find("#pairs .pair:nth-child(3) .n"))
        ff.keys(ff.find("#pairs"), "m")
        ff.wait(ROWS + f" === {n - 1}")
        state = ff.js("return window.muwazi.review")
        merged = state["beads"][2]
        check(merged["src"] == before[2]["src"] + before[3]["src"], f"merged bead {merged}")
        merged_src = " ".join(state["src"][i] for i in merged["src"])
        merged_tgt = " ".join(state["tgt"][i] for i in merged["tgt"])
        ff.keys(ff.find("#token"), token)
        ff.click(ff.find("#b-save"))
        ff.wait("return document.getElementById('save-info').textContent.startsWith('Saved')"
                " || document.getElementById('status').textContent.startsWith('Save failed')")
        info = ff.js("return document.getElementById('save-info').textContent")
        check(info.startswith("Saved"), "save failed: " + ff.js("return document.getElementById('status').textContent"))

        # Narrow window.
        ff.window(400, 900)
        width = ff.js("return [innerWidth, document.documentElement.scrollWidth]")
        ff.screenshot(os.path.join(a.out, "firefox_review_narrow.png"))
        check(width[1] <= width[0], f"narrow window scrolls sideways: {width}")
        errors = ff.js("return window.__errors")
        check(not errors, f"script errors in Firefox: {errors}")
    finally:
        if ff is not None:
            ff.quit()
        rc = server.stop()
    check(rc == 0, f"muwazi serve did not stop cleanly (exit {rc})")
    found = lookup(a.muwazi, db, merged_src)["matches"]
    check(found and found[0]["score"] == 100 and any(m["target"] == merged_tgt for m in found),
          f"muwazi tm lookup does not find the reviewed unit: {found[:1]}")
    shutil.rmtree(work, ignore_errors=True)
    print("PASS (firefox)")


if __name__ == "__main__":
    main()
