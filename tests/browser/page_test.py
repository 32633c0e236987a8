#!/usr/bin/env python3
"""The web page of `muwazi serve` in a real browser (Debian's chromium, headless, via chromedriver).

Builds a fixture TM with the CLI from the bundled TICO-19 TMX, starts `muwazi serve` on a free
port, then in the page: searches a stored sentence with a typo and checks the stored match and the
score `muwazi tm lookup` gives; finds a word in the concordance tab and checks the marked hit;
aligns the bundled sample article pair, merges one pair (and undoes and redoes it), saves with the
token, and checks with `muwazi tm lookup` that the merged unit is in the TM. Screenshots (wide and
narrow window) go to --out. Exit 77 (ctest SKIP_RETURN_CODE) when chromium, chromedriver or
python3-selenium are absent.

Usage: page_test.py --muwazi BIN --data tests/data --out DIR [--keep]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import PUNCT, Server, check, cli, find_exe, fixture_tm, lookup, skip, typo_query  # noqa: E402

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    skip("python3-selenium is not installed (scripts/setup.sh --tests)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--muwazi", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    a = ap.parse_args()

    chromium = find_exe("chromium", "chromium-browser")
    driver_exe = find_exe("chromedriver")
    if not chromium:
        skip("chromium is not installed (scripts/setup.sh --tests)")
    if not driver_exe:
        skip("chromedriver is not installed (package chromium-driver, scripts/setup.sh --tests)")

    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="muwazi_browser_")
    db = os.path.join(work, "tm.db")
    muwazi = a.muwazi
    units = fixture_tm(muwazi, a.data, db)
    stored_src, stored_tgt, query, typo_word = typo_query(units)
    expect = next(m for m in lookup(muwazi, db, query)["matches"] if m["source"] == stored_src)
    print(f"query with a typo: {query}\nexpected match: {stored_src} ({expect['score']})")

    token = "browser-test-token"
    server = Server(muwazi, db, token)
    base = f"http://127.0.0.1:{server.port}/"
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for o in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1280,900", "--lang=en-US", "--no-first-run", "--disable-extensions"):
        opts.add_argument(o)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = None
    try:
        d = webdriver.Chrome(service=Service(driver_exe), options=opts)
        # The page re-renders its lists while a condition reads them: an
        # element found a moment ago may be gone (stale); look again.
        wait = WebDriverWait(d, 30, ignored_exceptions=[StaleElementReferenceException])
        d.get(base)
        check(d.title.startswith("muwazi"), "page title: " + d.title)
        wait.until(lambda _: "units" in d.find_element(By.ID, "stats").text)
        check(f"{len(units)} units" in d.find_element(By.ID, "stats").text,
              "stats line: " + d.find_element(By.ID, "stats").text)

        # --- search: a stored sentence with a typo; Enter searches, no reload ---
        d.execute_script("window.__sameDocument = true")
        q = d.find_element(By.ID, "q")
        check(q.get_attribute("dir") == "auto", "search box is not dir=auto")
        q.send_keys(query + Keys.ENTER)
        wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, "#matches > li"))
        check(d.execute_script("return window.__sameDocument === true"), "the search reloaded the page")
        items = d.find_elements(By.CSS_SELECTOR, "#matches > li")
        srcs = [li.find_element(By.CSS_SELECTOR, ".seg.src").text for li in items]
        check(stored_src in srcs, f"stored sentence not among the matches: {srcs}")
        li = items[srcs.index(stored_src)]
        score_text = li.find_element(By.CSS_SELECTOR, ".score").text.split()[0]
        check(abs(float(score_text) - expect["score"]) < 1e-9,
              f"score shown {score_text}, muwazi tm lookup says {expect['score']}")
        check(li.find_element(By.CSS_SELECTOR, ".seg.tgt").text == stored_tgt, "target not shown")
        marked = [m.text for m in li.find_elements(By.CSS_SELECTOR, ".seg.src mark.diff")]
        check(marked == [typo_word], f"highlighted words {marked}, expected only [{typo_word}]")
        why = li.find_element(By.CSS_SELECTOR, ".why").text
        check("edit" in why, "penalties (why not 100) not shown: " + why)
        direction = d.execute_script("return getComputedStyle(arguments[0]).direction",
                                     li.find_element(By.CSS_SELECTOR, ".seg.src"))
        check(direction == "rtl", "Arabic match is not right to left: " + direction)
        gap = d.execute_script("const e = arguments[0], r = document.createRange(); r.selectNodeContents(e);"
                               "return e.getBoundingClientRect().right - r.getBoundingClientRect().right",
                               li.find_element(By.CSS_SELECTOR, ".seg.src"))
        check(gap < 8, f"Arabic match is not right-aligned ({gap} px from the right edge)")
        d.save_screenshot(os.path.join(a.out, "search_wide.png"))

        # A nearly exact query (harakat and hamza dropped): the words spelt differently get the
        # lighter "variant" mark, and the penalties are those muwazi tm lookup lists.
        plain = lambda t: re.sub("[\u064B-\u0652]", "", re.sub("[\u0622\u0623\u0625]", "\u0627", t))  # noqa: E731
        vsrc = next(u for u, _ in units if plain(u) != u and len(u.split()) >= 5)
        vq = plain(vsrc)
        vexp = next(m for m in lookup(muwazi, db, vq)["matches"] if m["source"] == vsrc)
        q.clear()
        q.send_keys(vq + Keys.ENTER)
        wait.until(lambda _: any(e.text == vsrc for e in d.find_elements(By.CSS_SELECTOR, "#matches .seg.src")))
        li = next(li for li in d.find_elements(By.CSS_SELECTOR, "#matches > li")
                  if li.find_element(By.CSS_SELECTOR, ".seg.src").text == vsrc)
        check(float(li.find_element(By.CSS_SELECTOR, ".score").text.split()[0]) == vexp["score"], "variant score")
        variants = [m.text for m in li.find_elements(By.CSS_SELECTOR, ".seg.src mark.variant")]
        changed = [w.strip(PUNCT) for w in vsrc.split() if plain(w) != w]
        check(variants == changed and not li.find_elements(By.CSS_SELECTOR, ".seg.src mark.diff"),
              f"variant marks {variants}, expected {changed}")
        why = li.find_element(By.CSS_SELECTOR, ".why").text
        check(all(p["kind"] in why for p in vexp["penalties"]), f"penalties {why} vs {vexp['penalties']}")

        # --- concordance: the hit is marked in the original text (byte offsets -> JS indices) ---
        d.find_element(By.ID, "tab-conc").click()
        word = max((w.strip(PUNCT) for w in stored_src.split()[1:]), key=len)
        cq = d.find_element(By.ID, "cq")
        cq.send_keys(word + Keys.ENTER)
        wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, "#hits > li"))
        marks = d.find_elements(By.CSS_SELECTOR, "#hits > li .seg.src mark")
        check(marks, "no hit marked in the concordance")
        check(all(m.text == word for m in marks[:20]),
              f"concordance marks {[m.text for m in marks[:5]]}, expected {word}")
        d.save_screenshot(os.path.join(a.out, "concordance_wide.png"))
        # The byte -> JS index map on 1- to 4-byte characters.
        mixed = "a\u00e9\u20ac\U0001F600\u0628\u0650x"
        expect_map, b, i = [], 0, 0
        for ch in mixed + "\0":
            expect_map.append([b, i])
            b += len(ch.encode("utf-8"))
            i += len(ch.encode("utf-16-le")) // 2
        expect_map = expect_map[:-1] + [[b - 1, i - 1]]
        got_map = d.execute_script("const f = window.muwazi.byteToIndex(arguments[0]);"
                                   "return arguments[1].map(([b]) => [b, f(b)])", mixed, expect_map)
        check(got_map == expect_map, f"byte offsets -> indices {got_map}, expected {expect_map}")

        # --- review: align the bundled sample pair, merge one pair, undo/redo, save ---
        d.find_element(By.ID, "tab-review").click()
        sample = os.path.join(a.data, "sample")
        # The Arabic article is uploaded (the file input fills the text and the document name),
        # its translation pasted.
        d.find_element(By.ID, "src-file").send_keys(os.path.abspath(os.path.join(sample, "article.ar.txt")))
        wait.until(lambda _: d.find_element(By.ID, "src-doc").get_attribute("value") == "article.ar.txt")
        with open(os.path.join(sample, "article.ar.txt"), encoding="utf-8") as f:
            check(d.find_element(By.ID, "src-text").get_attribute("value") == f.read(), "uploaded text differs")
        with open(os.path.join(sample, "article.en.txt"), encoding="utf-8") as f:
            d.execute_script("document.getElementById('tgt-text').value = arguments[0]", f.read())
        d.find_element(By.ID, "tgt-doc").send_keys("article.en.txt")
        d.find_element(By.ID, "align-btn").click()
        wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, "#pairs .pair"))
        rows = d.find_elements(By.CSS_SELECTOR, "#pairs .pair")
        n = len(rows)
        check(n >= 20, f"only {n} pairs for the sample article")
        state = d.execute_script("return window.muwazi.review")
        # Every sentence of both sides exactly once, in order.
        for side in ("src", "tgt"):
            ids = [i for b in state["beads"] for i in b[side]]
            check(ids == list(range(len(state[side]))), f"{side} sentences not covered once in order")
        # Colours follow confidence: the border hue is the score scaled to 0-120.
        hues = d.execute_script(
            "return [...document.querySelectorAll('#pairs .pair')].map(r => r.style.getPropertyValue('--hue'))")
        by_score = sorted(zip((b["score"] for b in state["beads"]), (int(h) for h in hues)))
        check(all(h1 <= h2 for (_, h1), (_, h2) in zip(by_score, by_score[1:]))
              and all(h >= 90 for sc, h in by_score if sc >= 0.9)
              and all(h < 60 for sc, h in by_score if sc < 0.6),
              f"pair colours do not follow the confidences: {by_score}")
        d.save_screenshot(os.path.join(a.out, "review_wide.png"))

        # The doubtful filter: at threshold 1 every unedited pair under 1.0 is doubtful.
        d.execute_script("document.getElementById('thr').value = 1;"
                         "document.getElementById('thr').dispatchEvent(new Event('input'))")
        d.find_element(By.ID, "only-doubtful").click()
        shown = len(d.find_elements(By.CSS_SELECTOR, "#pairs .pair"))
        below = sum(1 for i, b in enumerate(state["beads"]) if b["score"] < 1 or i == 0)
        check(shown == below, f"filter shows {shown} pairs, {below} are doubtful at 1.0 (or selected)")
        d.find_element(By.ID, "only-doubtful").click()
        d.execute_script("document.getElementById('thr').value = 0.7;"
                         "document.getElementById('thr').dispatchEvent(new Event('input'))")

        # Boundary moves and untranslated with the keys, each undone.
        rows = d.find_elements(By.CSS_SELECTOR, "#pairs .pair")
        rows[4].find_element(By.CSS_SELECTOR, ".n").click()
        pairs = d.find_element(By.ID, "pairs")
        pairs.send_keys("t")  # last target sentence of pair 5 -> pair 6
        s2 = d.execute_script("return window.muwazi.review")
        b4, b5 = state["beads"][4], state["beads"][5]
        check(s2["beads"][4]["tgt"] == b4["tgt"][:-1] and s2["beads"][5 - (not b4["src"] and len(b4["tgt"]) == 1)]["tgt"]
              == b4["tgt"][-1:] + b5["tgt"], f"t (move target boundary) gave {s2['beads'][4:6]}")
        pairs.send_keys("z")
        span = d.find_elements(By.CSS_SELECTOR, "#pairs .pair")[4].find_element(By.CSS_SELECTOR, ".side.tgt .sent")
        span.click()
        pairs.send_keys("u")  # that target sentence becomes its own 0-1 bead
        s2 = d.execute_script("return window.muwazi.review")
        sid = b4["tgt"][0]
        check({"src": [], "tgt": [sid]} in [{"src": b["src"], "tgt": b["tgt"]} for b in s2["beads"]],
              f"u did not make target sentence {sid} its own bead")
        pairs.send_keys("z")
        check(d.execute_script("return window.muwazi.review")["beads"] == state["beads"], "undo did not restore")

        # Random edit sequences in the page: every sentence stays in exactly one bead, in order.
        bad = d.execute_script("""
          const M = window.muwazi, R = M.review, keep = JSON.stringify(R.beads);
          let seed = 12345;  // mulberry32
          const rnd = (n) => { seed = (seed + 0x6D2B79F5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
            t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) % n; };
          const count = [0, 0, 0, 0];
          const ok = () => ['src', 'tgt'].every((s) => {
            const ids = R.beads.flatMap((b) => b[s]);
            return ids.length === R[s].length && ids.every((x, i) => x === i); }) && R.beads.every((b) => b.src.length || b.tgt.length);
          for (let n = 0; n < 400; ++n) {
            const i = rnd(R.beads.length), side = rnd(2) ? 'src' : 'tgt', op = rnd(4);
            const done = op === 0 ? M.ops.merge(i) : op === 1 ? M.ops.give(i, side)
              : op === 2 ? M.ops.take(i, side) : M.ops.untranslated(side, rnd(R[side].length));
            if (done) ++count[op];
            if (!ok()) return 'after op ' + op + ' on ' + i + ': ' + JSON.stringify(R.beads);
          }
          R.beads = JSON.parse(keep);
          return count.every((c) => c > 20) ? null : 'too few edits done: ' + count;""")
        check(bad is None, "edit operations broke the alignment: " + str(bad))

        # Select pair 3 and press m (merge with the next pair).
        rows = d.find_elements(By.CSS_SELECTOR, "#pairs .pair")
        k = 2
        a3, b3 = state["beads"][k], state["beads"][k + 1]
        rows[k].find_element(By.CSS_SELECTOR, ".n").click()
        pairs = d.find_element(By.ID, "pairs")
        pairs.send_keys("m")
        wait.until(lambda _: len(d.find_elements(By.CSS_SELECTOR, "#pairs .pair")) == n - 1)
        pairs.send_keys("z")
        wait.until(lambda _: len(d.find_elements(By.CSS_SELECTOR, "#pairs .pair")) == n)
        d.find_elements(By.CSS_SELECTOR, "#pairs .pair")[k].find_element(By.CSS_SELECTOR, ".n").click()
        d.find_element(By.ID, "b-merge").click()
        wait.until(lambda _: len(d.find_elements(By.CSS_SELECTOR, "#pairs .pair")) == n - 1)
        state = d.execute_script("return window.muwazi.review")
        merged = state["beads"][k]
        check(merged["src"] == a3["src"] + b3["src"] and merged["tgt"] == a3["tgt"] + b3["tgt"],
              f"merged bead {merged}, expected the union of {a3} and {b3}")
        check("edited" in d.find_elements(By.CSS_SELECTOR, "#pairs .pair")[k].get_attribute("class"),
              "merged pair not marked edited")
        merged_src = " ".join(state["src"][i] for i in merged["src"])
        merged_tgt = " ".join(state["tgt"][i] for i in merged["tgt"])

        # The downloads: beads cover both sides; TMX parses and holds the merged unit.
        beads = d.execute_script("return window.muwazi.beadsText()").splitlines()
        check(len(beads) == n - 1 and all(re.fullmatch(r"\[[\d,]*\]:\[[\d,]*\]", l) for l in beads),
              "beads download: " + repr(beads[:3]))
        tsv = [l.split("\t") for l in d.execute_script("return window.muwazi.tsvText()").splitlines()]
        bilingual = [b for b in state["beads"] if b["src"] and b["tgt"]]
        check(len(tsv) == len(bilingual) and all(len(r) == 3 for r in tsv)
              and [merged_src, merged_tgt, "1"] in tsv, "TSV download: " + repr(tsv[:2]))
        tmx_text = d.execute_script("return window.muwazi.tmxText()")
        tmx = ET.fromstring(tmx_text.encode("utf-8"))
        segs = [[s.text for s in tu.iter("seg")] for tu in tmx.iter("tu")]
        check([merged_src, merged_tgt] in segs, "merged unit missing from the TMX download")
        tmx_file = os.path.join(work, "reviewed.tmx")
        with open(tmx_file, "w", encoding="utf-8") as f:
            f.write(tmx_text)
        xmllint = find_exe("xmllint")
        if xmllint:
            r = subprocess.run([xmllint, "--noout", "--dtdvalid",
                                os.path.join(a.data, "tmx", "tmx14b-structure.dtd"), tmx_file],
                               capture_output=True, text=True)
            check(r.returncode == 0, "the TMX download is not valid TMX 1.4b: " + r.stderr[:500])
        tmx_db = os.path.join(work, "from_tmx.db")
        cli(muwazi, "tm", "import", "--db", tmx_db, "--src-lang", "ar", "--tgt-lang", "en", tmx_file)
        check(lookup(muwazi, tmx_db, merged_src)["matches"][0]["target"] == merged_tgt,
              "muwazi tm import of the TMX download does not hold the merged unit")

        # Save without a token fails with a message; with the token it stores.
        d.find_element(By.ID, "b-save").click()
        wait.until(lambda _: "token" in d.find_element(By.ID, "status").text.lower())
        d.find_element(By.ID, "token").send_keys(token)
        d.find_element(By.ID, "user").send_keys("browser-test")
        d.find_element(By.ID, "b-save").click()
        wait.until(lambda _: d.find_element(By.ID, "save-info").text.startswith("Saved")
                   or d.find_element(By.ID, "status").text.startswith("Save failed"))
        info = d.find_element(By.ID, "save-info").text
        check(info.startswith("Saved"), "save failed: " + d.find_element(By.ID, "status").text)
        print("page says: " + info)
        # The page finds the reviewed unit at once, with its provenance.
        d.find_element(By.ID, "tab-search").click()
        q = d.find_element(By.ID, "q")
        q.clear()
        q.send_keys(merged_src + Keys.ENTER)
        wait.until(lambda _: (d.find_elements(By.CSS_SELECTOR, "#matches > li .seg.src") or [None])[0] is not None
                   and d.find_element(By.CSS_SELECTOR, "#matches > li .seg.src").text == merged_src)
        top = d.find_element(By.CSS_SELECTOR, "#matches > li")
        check(top.find_element(By.CSS_SELECTOR, ".score").text.split()[0] == "100", "reviewed unit not at 100")
        prov = top.find_element(By.CSS_SELECTOR, ".prov").text
        check("reviewed" in prov and "browser-test" in prov and "article.ar.txt" in prov,
              "provenance of the reviewed unit: " + prov)
        d.save_screenshot(os.path.join(a.out, "search_reviewed_wide.png"))
        d.find_element(By.ID, "tab-review").click()
        d.execute_script("document.getElementById('thr').value = 0.9;"
                         "document.getElementById('thr').dispatchEvent(new Event('input'))")
        d.save_screenshot(os.path.join(a.out, "review_saved_wide.png"))

        # --- a narrow window ---
        # (A headless window is at least 500 px wide; emulate a 400 px viewport instead.)
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": 400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        time.sleep(0.3)
        d.save_screenshot(os.path.join(a.out, "review_narrow.png"))
        wide = d.execute_script("return document.documentElement.scrollWidth")
        check(wide <= 400, f"narrow window scrolls sideways ({wide} px wide)")
        d.find_element(By.ID, "tab-search").click()
        d.save_screenshot(os.path.join(a.out, "search_narrow.png"))

        # Texts are shown as text, never parsed as HTML.
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        d.find_element(By.ID, "tab-review").click()
        d.find_element(By.CSS_SELECTOR, "#inputs-box > summary").click()
        html = '<img src=x onerror="window.__injected=1"> <b>bold</b> text.'
        d.execute_script("document.getElementById('src-text').value = arguments[0];"
                         "document.getElementById('tgt-text').value = arguments[0]", html)
        d.find_element(By.ID, "align-btn").click()
        wait.until(lambda _: "<b>bold</b>" in d.find_element(By.ID, "pairs").text)
        check(d.execute_script("return window.__injected === undefined && !document.querySelector('#pairs img, #pairs b')"),
              "aligned text was put into the page as HTML")

        # The token may come in the URL fragment; the page keeps it and clears the address bar.
        d.get(base + "#token=from-fragment")
        wait.until(lambda _: d.find_element(By.ID, "token").get_attribute("value") == "from-fragment")
        check(d.execute_script("return location.hash") == "", "the token stays in the address bar")

        errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"
                  and "401" not in e["message"]]
        check(not errors, f"browser console errors: {errors}")
    finally:
        if d is not None:
            d.quit()
        rc = server.stop()
    check(rc == 0, f"muwazi serve did not stop cleanly (exit {rc}):\n" + "\n".join(server.lines[-10:]))

    # The reviewed unit is in the TM.
    found = lookup(muwazi, db, merged_src)["matches"]
    check(found and found[0]["score"] == 100 and found[0]["source"] == merged_src
          and any(m["target"] == merged_tgt for m in found if m["score"] == 100),
          f"muwazi tm lookup does not find the reviewed unit: {found[:1]}")
    print("muwazi tm lookup finds the merged, reviewed unit (score 100)")
    print("screenshots in " + a.out)
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
