// muwazi web page: search the TM, concordance, review an alignment before it is stored.
// Plain JavaScript, no framework, nothing from the network but this server's own /api.
// Texts from the server are only ever put into the page as text nodes (never innerHTML).
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);

  // ---------- small helpers ----------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function showStatus(msg, ok) {
    const s = $('status');
    s.textContent = msg;
    s.classList.toggle('ok', !!ok);
    s.hidden = !msg;
  }

  function token() { return $('token').value.trim(); }

  async function api(method, path, body, needToken) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (needToken && token()) headers['Authorization'] = 'Bearer ' + token();
    const res = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: api.signals[path.split('?')[0]],
    });
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const msg = data && data.error ? data.error : res.status + ' ' + res.statusText;
      const err = new Error(msg);
      err.status = res.status;
      throw err;
    }
    return data;
  }
  api.signals = {};
  // One request in flight per endpoint: a newer search cancels the older one.
  function fresh(path) {
    if (fresh.ctl[path]) fresh.ctl[path].abort();
    fresh.ctl[path] = new AbortController();
    api.signals[path] = fresh.ctl[path].signal;
  }
  fresh.ctl = {};

  function langs() { return { src: $('src-lang').value.trim() || 'ar', tgt: $('tgt-lang').value.trim() || 'en' }; }

  // ---------- UTF-8 byte offsets -> JS string (UTF-16) indices ----------
  // byteToIndex(s)[b] is the index of the code point that starts at byte b (and s.length at the end).
  function byteToIndex(s) {
    const map = new Map();
    let b = 0, i = 0;
    for (const ch of s) {
      map.set(b, i);
      const cp = ch.codePointAt(0);
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += ch.length;
    }
    map.set(b, i);
    return (off) => {
      if (map.has(off)) return map.get(off);
      // An offset inside a code point (never sent by muwazi): round down.
      for (let o = off; o >= 0; --o) if (map.has(o)) return map.get(o);
      return 0;
    };
  }

  // Text with [begin, end) byte ranges marked.
  function markedText(text, ranges) {
    const frag = document.createDocumentFragment();
    const idx = byteToIndex(text);
    const spans = (ranges || []).map(([b, e]) => [idx(b), idx(e)]).sort((x, y) => x[0] - y[0]);
    let at = 0;
    for (const [b, e] of spans) {
      if (b < at || e <= b) continue;
      frag.append(text.slice(at, b), el('mark', { text: text.slice(b, e) }));
      at = e;
    }
    frag.append(text.slice(at));
    return frag;
  }

  // ---------- word diff against the query (Arabic-aware normalisation, as the match key) ----------
  const WORD = /[\p{L}\p{M}\p{N}]+(?:[.,\u066B\u066C][\p{N}]+)*/gu;
  function norm(w) {
    return w.normalize('NFKC')
      .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u061C]/g, '')
      .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627').replace(/\u0649/g, '\u064A')
      .replace(/\u0629/g, '\u0647').replace(/\u06A9/g, '\u0643').replace(/\u06CC/g, '\u064A')
      .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660))
      .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x6F0))
      .toLowerCase();
  }
  function words(s) {
    const out = [];
    for (const m of s.matchAll(WORD)) out.push({ w: m[0], n: norm(m[0]), at: m.index });
    return out;
  }
  // The stored text with the words that are not in the query marked (LCS of normalised words);
  // words equal only after normalisation (harakat, alef forms, ...) get the lighter "variant" mark.
  function diffText(query, text) {
    const q = words(query), t = words(text);
    const n = q.length, m = t.length;
    const L = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
    for (let i = n - 1; i >= 0; --i) for (let j = m - 1; j >= 0; --j) {
      L[i][j] = q[i].n === t[j].n ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    }
    const kind = new Array(m).fill('diff');
    for (let i = 0, j = 0; i < n && j < m;) {
      if (q[i].n === t[j].n) { kind[j] = q[i].w === t[j].w ? 'same' : 'variant'; ++i; ++j; }
      else if (L[i + 1][j] >= L[i][j + 1]) ++i; else ++j;
    }
    const frag = document.createDocumentFragment();
    let at = 0;
    t.forEach((tok, j) => {
      if (kind[j] === 'same') return;
      frag.append(text.slice(at, tok.at),
        el('mark', { class: kind[j] === 'variant' ? 'variant' : 'diff', text: tok.w,
          title: kind[j] === 'variant' ? 'same word, spelt differently' : 'not in the query' }));
      at = tok.at + tok.w.length;
    });
    frag.append(text.slice(at));
    return frag;
  }

  // The direction of a block of sentences: that of its first letter (a block whose sentences are
  // each dir="auto" isolates has no strong letter of its own, so dir="auto" on it would say LTR).
  const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
  function dirOf(text) {
    const m = /\p{L}/u.exec(text || '');
    return m && RTL_LETTER.test(m[0]) ? 'rtl' : 'ltr';
  }

  // Red (0) to green (120), squared so that only the confident pairs look green: the aligner's
  // 0.9-1.0 beads are right about 97% of the time, its 0.5-0.6 beads about half the time.
  function hue(score01) { const s = Math.max(0, Math.min(1, score01)); return Math.round(s * s * 120); }

  // ---------- tabs ----------
  const tabs = ['search', 'conc', 'review'];
  function selectTab(name) {
    for (const t of tabs) {
      $('tab-' + t).setAttribute('aria-selected', String(t === name));
      $('panel-' + t).hidden = t !== name;
    }
    const focus = { search: 'q', conc: 'cq', review: null }[name];
    if (focus) $(focus).focus();
  }
  for (const t of tabs) $('tab-' + t).addEventListener('click', () => selectTab(t));

  // ---------- token: field, #token= fragment, sessionStorage ----------
  function tokenFromFragment() {
    const m = /(?:^#|&)token=([^&]*)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem('muwazi-token', decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search);  // keep it out of the address bar
    }
    $('token').value = sessionStorage.getItem('muwazi-token') || '';
  }
  tokenFromFragment();
  window.addEventListener('hashchange', tokenFromFragment);
  $('token').addEventListener('input', () => sessionStorage.setItem('muwazi-token', token()));

  $('swap-langs').addEventListener('click', () => {
    const a = $('src-lang').value; $('src-lang').value = $('tgt-lang').value; $('tgt-lang').value = a;
  });

  async function loadStats() {
    try {
      fresh('/api/stats');
      const s = await api('GET', '/api/stats');
      const pairs = (s.pairs || []).map((p) => `${p.src_lang}→${p.tgt_lang}: ${p.units}`).join(', ');
      $('stats').textContent = `TM: ${s.units} units, ${s.documents} documents` + (pairs ? ` (${pairs})` : '');
    } catch (e) {
      if (e.name !== 'AbortError') $('stats').textContent = 'TM statistics unavailable: ' + e.message;
    }
  }

  // ---------- search ----------
  function provenance(p) {
    if (!p) return null;
    const box = el('div', { class: 'prov' });
    const docs = [p.document, p.document2].filter(Boolean).join(' ↔ ');
    const urls = [p.url, p.url2].filter(Boolean).join(' ↔ ');
    if (docs) box.append(el('span', { dir: 'auto', text: docs }));
    if (urls) box.append(el('span', { dir: 'auto', text: urls }));
    if (p.pair_id) box.append(el('span', { dir: 'auto', text: 'pair ' + p.pair_id }));
    const kinds = { tmx: 'TMX import', tsv: 'TSV import', jsonl: 'aligner JSONL', docpair: 'aligned document pair', review: 'reviewed alignment' };
    if (p.kind) box.append(el('span', { text: kinds[p.kind] || p.kind }));
    if (p.added_at) {
      // 20261203T153410Z (TMX dates) -> 2026-12-03 15:34 UTC
      const t = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)\d\dZ$/.exec(p.added_at);
      const when = t ? `${t[1]}-${t[2]}-${t[3]} ${t[4]}:${t[5]} UTC` : p.added_at;
      box.append(el('span', { dir: 'auto', text: 'added ' + when + (p.added_by ? ' by ' + p.added_by : '') }));
    }
    if (p.reviewed) box.append(el('span', { class: 'reviewed', text: 'reviewed' }));
    return box.childNodes.length ? box : null;
  }

  function renderMatch(query, m) {
    const li = el('li', { class: 'match', 'data-id': m.id });
    const sc = el('div', { class: 'score', title: 'match score' }, String(m.score),
      el('small', { text: m.score >= 100 ? 'identical' : m.score >= 95 ? 'nearly exact' : 'fuzzy' }));
    sc.style.setProperty('--hue', hue((m.score - 50) / 50));
    const why = el('ul', { class: 'why', 'aria-label': 'why not 100' });
    for (const p of m.penalties || []) {
      why.append(el('li', null, el('b', { text: `−${p.points} ${p.kind}` }), p.detail ? ': ' + p.detail : ''));
    }
    li.append(sc,
      el('div', { class: 'seg src', dir: 'auto', lang: m.src_lang }, diffText(query, m.source)),
      el('div', { class: 'seg tgt', dir: 'auto', lang: m.tgt_lang, text: m.target }));
    if (why.childNodes.length) li.append(el('div', null, el('span', { class: 'info', text: 'why not 100: ' }), why));
    const pv = provenance(m.provenance);
    if (pv) li.append(pv);
    return li;
  }

  async function search() {
    const q = $('q').value.trim();
    if (!q) return;
    const { src, tgt } = langs();
    const params = new URLSearchParams({ q, src, tgt, min: $('min').value || '70', max: $('max').value || '10' });
    $('search-info').textContent = 'Searching…';
    try {
      fresh('/api/lookup');
      const a = await api('GET', '/api/lookup?' + params);
      const list = $('matches');
      list.replaceChildren(...a.matches.map((m) => renderMatch(q, m)));
      $('search-info').textContent = a.matches.length
        ? `${a.matches.length} match${a.matches.length === 1 ? '' : 'es'} for ${src}→${tgt}`
        : `No match at ${params.get('min')} or above.`;
      showStatus(a.error ? 'The TM could not answer: ' + a.error : '');
    } catch (e) {
      if (e.name === 'AbortError') return;
      $('search-info').textContent = '';
      showStatus('Search failed: ' + e.message);
    }
  }
  $('search-form').addEventListener('submit', (ev) => { ev.preventDefault(); search(); });

  // ---------- concordance ----------
  async function concordance() {
    const q = $('cq').value.trim();
    if (!q) return;
    const l = langs();
    const lang = $('conc-side').value === 'src' ? l.src : l.tgt;
    const params = new URLSearchParams({ q, lang, max: $('cmax').value || '50' });
    $('conc-info').textContent = 'Searching…';
    try {
      fresh('/api/concordance');
      const a = await api('GET', '/api/concordance?' + params);
      $('hits').replaceChildren(...a.hits.map((h) => el('li', { class: 'hit', 'data-id': h.id },
        el('div', { class: 'id', text: '#' + h.id }),
        el('div', { class: 'seg src', dir: 'auto', lang: h.src_lang }, markedText(h.source, h.source_hits)),
        el('div', { class: 'seg tgt', dir: 'auto', lang: h.tgt_lang }, markedText(h.target, h.target_hits)))));
      const cap = String(a.hits.length) === params.get('max') ? ' (the newest; raise Max for more)' : '';
      $('conc-info').textContent = `${a.hits.length} unit${a.hits.length === 1 ? '' : 's'} contain “${q}” (${lang})${cap}`;
      showStatus('');
    } catch (e) {
      if (e.name === 'AbortError') return;
      $('conc-info').textContent = '';
      showStatus('Concordance failed: ' + e.message);
    }
  }
  $('conc-form').addEventListener('submit', (ev) => { ev.preventDefault(); concordance(); });

  // ---------- review: state and edits ----------
  // beads: [{src:[ids], tgt:[ids], score: number|null, edited: bool}], ids index R.src / R.tgt.
  const R = { src: [], tgt: [], beads: [], sel: 0, picked: null, undo: [], srcLang: 'ar', tgtLang: 'en', srcDir: 'rtl', tgtDir: 'ltr' };

  // Bead objects are never changed in place (an edit makes new ones), so a snapshot is a shallow
  // copy of the array, and undo gives back the very objects whose rows are still cached.
  function snapshot() {
    R.undo.push({ beads: R.beads.slice(), sel: R.sel });
    if (R.undo.length > 500) R.undo.shift();
  }
  function undo() {
    const o = R.undo.pop();
    if (!o) return false;
    R.beads = o.beads; R.sel = o.sel; R.picked = null;
    return true;
  }
  const empty = (b) => b.src.length === 0 && b.tgt.length === 0;
  const edited = (b) => ({ src: b.src, tgt: b.tgt, score: null, edited: true });

  const ops = {
    // Merge pair i with pair i+1.
    merge(i) {
      if (i + 1 >= R.beads.length) return false;
      const a = R.beads[i], b = R.beads[i + 1];
      R.beads.splice(i, 2, edited({ src: a.src.concat(b.src), tgt: a.tgt.concat(b.tgt) }));
      return true;
    },
    // Move the last sentence of `side` in pair i to the start of pair i+1.
    give(i, side) {
      const a = R.beads[i], b = R.beads[i + 1];
      if (!b || a[side].length === 0) return false;
      const s = a[side][a[side].length - 1];
      const na = edited({ ...a, [side]: a[side].slice(0, -1) });
      const nb = edited({ ...b, [side]: [s].concat(b[side]) });
      R.beads.splice(i, 2, ...[na, nb].filter((x) => !empty(x)));
      if (empty(na)) R.sel = i;
      return true;
    },
    // Move the first sentence of `side` in pair i+1 to the end of pair i.
    take(i, side) {
      const a = R.beads[i], b = R.beads[i + 1];
      if (!b || b[side].length === 0) return false;
      const na = edited({ ...a, [side]: a[side].concat([b[side][0]]) });
      const nb = edited({ ...b, [side]: b[side].slice(1) });
      R.beads.splice(i, 2, ...[na, nb].filter((x) => !empty(x)));
      return true;
    },
    // Sentence `id` of `side` becomes its own 1-0 (or 0-1) bead: untranslated.
    untranslated(side, id) {
      const i = R.beads.findIndex((b) => b[side].includes(id));
      if (i < 0) return false;
      const b = R.beads[i], other = side === 'src' ? 'tgt' : 'src';
      if (b[side].length === 1 && b[other].length === 0) return false;
      const k = b[side].indexOf(id);
      const pre = b[side].slice(0, k), post = b[side].slice(k + 1);
      const alone = (s) => edited({ [side]: [s], [other]: [] });
      let out;
      if (pre.length === 0) {
        // First of its side: the omission goes first, the rest keeps the other side.
        out = [alone(id)];
        if (post.length || b[other].length) out.push(edited({ [side]: post, [other]: b[other] }));
      } else {
        out = [edited({ [side]: pre, [other]: b[other] }), alone(id), ...post.map(alone)];
      }
      R.beads.splice(i, 1, ...out);
      R.sel = i + (pre.length ? 1 : 0);
      return true;
    },
  };

  function apply(fn) {
    snapshot();
    if (!fn()) { R.undo.pop(); return false; }
    R.picked = null;
    R.sel = Math.max(0, Math.min(R.sel, R.beads.length - 1));
    renderPairs();
    return true;
  }

  // ---------- review: rendering ----------
  function threshold() { return parseFloat($('thr').value); }
  function isDoubtful(b) { return !b.edited && b.score !== null && b.score < threshold(); }

  function sentenceSpans(side, ids, lang) {
    const texts = side === 'src' ? R.src : R.tgt;
    return ids.map((id) => el('span', { class: 'sent', dir: 'auto', lang, 'data-side': side, 'data-id': id },
      el('span', { class: 'sid', text: String(id + 1) }), texts[id]));
  }

  // One row per bead object, built once: a long document re-renders only what an edit changed.
  let rowCache = new WeakMap();
  function rowFor(b) {
    let row = rowCache.get(b);
    if (!row) {
      row = el('div', { class: 'pair' + (b.edited ? ' edited' : ''), role: 'option' },
        el('span', { class: 'n' }),
        el('span', { class: 'conf', text: b.edited ? 'edited' : b.score === null ? '–' : b.score.toFixed(2),
          title: b.edited ? 'changed by you' : 'aligner confidence' }),
        el('div', { class: 'side src', dir: R.srcDir, lang: R.srcLang }, ...sentenceSpans('src', b.src, R.srcLang)),
        el('div', { class: 'side tgt', dir: R.tgtDir, lang: R.tgtLang }, ...sentenceSpans('tgt', b.tgt, R.tgtLang)));
      row.style.setProperty('--hue', hue(b.score === null ? 1 : b.score));
      rowCache.set(b, row);
    }
    return row;
  }

  function renderPairs() {
    const box = $('pairs');
    const only = $('only-doubtful').checked;
    let doubtful = 0, editedN = 0;
    const rows = [];
    R.beads.forEach((b, i) => {
      const d = isDoubtful(b);
      if (d) ++doubtful;
      if (b.edited) ++editedN;
      if (only && !d && i !== R.sel) return;
      const row = rowFor(b);
      const n = String(i);  // touch the DOM only where something changed
      if (row.dataset.i !== n) { row.dataset.i = n; row.firstChild.textContent = String(i + 1); }
      row.classList.toggle('doubtful', d);
      row.classList.toggle('selected', i === R.sel);
      if (row.getAttribute('aria-selected') !== String(i === R.sel)) row.setAttribute('aria-selected', String(i === R.sel));
      rows.push(row);
    });
    // Replace only the middle that differs from what is shown.
    const have = [...box.children];
    let p = 0, ea = have.length, eb = rows.length;
    while (p < ea && p < eb && have[p] === rows[p]) ++p;
    while (ea > p && eb > p && have[ea - 1] === rows[eb - 1]) { --ea; --eb; }
    const ref = ea < have.length ? have[ea] : null;
    for (let k = p; k < ea; ++k) have[k].remove();
    const frag = document.createDocumentFragment();
    for (let k = p; k < eb; ++k) frag.append(rows[k]);
    box.insertBefore(frag, ref);
    for (const s of box.querySelectorAll('.sent.picked')) s.classList.remove('picked');
    if (R.picked) {
      const s = box.querySelector(`.pair.selected .sent[data-side="${R.picked.side}"][data-id="${R.picked.id}"]`);
      if (s) s.classList.add('picked');
    }
    $('review-info').textContent = `${R.beads.length} pairs, ${doubtful} doubtful, ${editedN} edited`
      + (R.undo.length ? `, ${R.undo.length} change${R.undo.length === 1 ? '' : 's'} to undo` : '');
    const s = box.querySelector('.pair.selected');
    if (s && s.scrollIntoView) s.scrollIntoView({ block: 'nearest' });
    updateButtons();
  }

  function updateButtons() {
    const b = R.beads[R.sel], nx = R.beads[R.sel + 1];
    $('b-merge').disabled = !nx;
    $('b-src-give').disabled = !nx || !b || b.src.length === 0;
    $('b-tgt-give').disabled = !nx || !b || b.tgt.length === 0;
    $('b-src-take').disabled = !nx || nx.src.length === 0;
    $('b-tgt-take').disabled = !nx || nx.tgt.length === 0;
    $('b-untr').disabled = !R.picked;
    $('b-undo').disabled = R.undo.length === 0;
  }

  $('pairs').addEventListener('click', (ev) => {
    const row = ev.target.closest('.pair');
    if (!row) return;
    R.sel = Number(row.dataset.i);
    const s = ev.target.closest('.sent');
    R.picked = s ? { side: s.dataset.side, id: Number(s.dataset.id) } : null;
    renderPairs();
    $('pairs').focus({ preventScroll: true });
  });

  const act = {
    merge: () => apply(() => ops.merge(R.sel)),
    srcGive: () => apply(() => ops.give(R.sel, 'src')),
    srcTake: () => apply(() => ops.take(R.sel, 'src')),
    tgtGive: () => apply(() => ops.give(R.sel, 'tgt')),
    tgtTake: () => apply(() => ops.take(R.sel, 'tgt')),
    untr: () => R.picked && apply(() => ops.untranslated(R.picked.side, R.picked.id)),
    undo: () => { if (undo()) renderPairs(); },
  };
  $('b-merge').addEventListener('click', act.merge);
  $('b-src-give').addEventListener('click', act.srcGive);
  $('b-src-take').addEventListener('click', act.srcTake);
  $('b-tgt-give').addEventListener('click', act.tgtGive);
  $('b-tgt-take').addEventListener('click', act.tgtTake);
  $('b-untr').addEventListener('click', act.untr);
  $('b-undo').addEventListener('click', act.undo);

  // The visible pairs, in order, for moving the selection (the filter hides some).
  function visible() { return [...$('pairs').querySelectorAll('.pair')].map((r) => Number(r.dataset.i)); }
  function moveSel(delta) {
    const v = visible();
    const at = v.indexOf(R.sel);
    const to = v[Math.max(0, Math.min(v.length - 1, (at < 0 ? 0 : at) + delta))];
    if (to !== undefined) { R.sel = to; R.picked = null; renderPairs(); }
  }

  document.addEventListener('keydown', (ev) => {
    if ($('panel-review').hidden || $('review').hidden) return;
    const t = ev.target;
    if (t.closest && t.closest('input, textarea, select')) return;
    if (ev.altKey || ev.metaKey) return;
    if (ev.ctrlKey) {
      if (ev.key === 'z' || ev.key === 'Z') { act.undo(); ev.preventDefault(); }
      return;
    }
    const keys = {
      m: act.merge, s: act.srcGive, S: act.srcTake, t: act.tgtGive, T: act.tgtTake, u: act.untr, z: act.undo,
      j: () => moveSel(1), k: () => moveSel(-1), ArrowDown: () => moveSel(1), ArrowUp: () => moveSel(-1),
      f: () => { $('only-doubtful').checked = !$('only-doubtful').checked; renderPairs(); },
    };
    const f = keys[ev.key];
    if (f) { f(); ev.preventDefault(); }
  });

  $('thr').addEventListener('input', () => { $('thr-out').textContent = threshold().toFixed(2); renderPairs(); });
  $('only-doubtful').addEventListener('change', renderPairs);

  // ---------- review: input and alignment ----------
  function readFile(input, area, name) {
    input.addEventListener('change', async () => {
      const f = input.files && input.files[0];
      if (!f) return;
      area.value = await f.text();
      name.value = f.name;
    });
  }
  readFile($('src-file'), $('src-text'), $('src-doc'));
  readFile($('tgt-file'), $('tgt-text'), $('tgt-doc'));

  async function align() {
    const src = $('src-text').value, tgt = $('tgt-text').value;
    if (!src.trim() || !tgt.trim()) { showStatus('Paste or upload both texts first.'); return; }
    const { src: sl, tgt: tl } = langs();
    const presplit = $('presplit').checked;
    // One sentence per line: sent as text with "presplit", so that blank lines stay paragraph breaks.
    const body = { src, tgt, src_lang: sl, tgt_lang: tl, presplit };
    $('align-btn').disabled = true;
    $('review-info').textContent = 'Aligning…';
    try {
      fresh('/api/align');
      const a = await api('POST', '/api/align', body);
      R.src = a.src_sentences; R.tgt = a.tgt_sentences; R.srcLang = sl; R.tgtLang = tl;
      R.srcDir = dirOf(R.src.join(' ')); R.tgtDir = dirOf(R.tgt.join(' '));
      R.beads = a.beads.map((b) => ({ src: b.src, tgt: b.tgt, score: typeof b.score === 'number' ? b.score : null, edited: false }));
      R.sel = 0; R.picked = null; R.undo = []; rowCache = new WeakMap();
      $('pairs').replaceChildren();
      $('review').hidden = false;
      $('inputs-box').open = false;  // room for the pairs; the summary reopens it
      $('save-info').textContent = '';
      showStatus('');
      renderPairs();
      $('pairs').focus({ preventScroll: true });
    } catch (e) {
      if (e.name !== 'AbortError') showStatus('Alignment failed: ' + e.message);
      $('review-info').textContent = '';
    } finally {
      $('align-btn').disabled = false;
    }
  }
  $('align-form').addEventListener('submit', (ev) => { ev.preventDefault(); align(); });

  // ---------- review: output ----------
  const joined = (ids, texts) => ids.map((i) => texts[i]).join(' ');
  function pairsToKeep() {
    const skip = $('skip-doubtful').checked;
    return R.beads.filter((b) => b.src.length && b.tgt.length && !(skip && isDoubtful(b)));
  }
  function units() {
    return pairsToKeep().map((b) => {
      const u = { source: joined(b.src, R.src), target: joined(b.tgt, R.tgt) };
      if (!b.edited && b.score !== null) u.score = b.score;
      return u;
    });
  }
  function beadsText() {
    return R.beads.map((b) => `[${b.src.join(',')}]:[${b.tgt.join(',')}]`).join('\n') + '\n';
  }
  const flat = (s) => s.replace(/[\t\r\n]+/g, ' ');
  function tsvText() {
    return pairsToKeep().map((b) => [flat(joined(b.src, R.src)), flat(joined(b.tgt, R.tgt)),
      b.edited || b.score === null ? '1' : b.score.toFixed(4)].join('\t')).join('\n') + '\n';
  }
  // TMX 1.4b built as a DOM and serialised, so every text is escaped by the serialiser.
  function tmxText() {
    const XML_NS = 'http://www.w3.org/XML/1998/namespace';
    const doc = new DOMParser().parseFromString('<tmx version="1.4"><header/><body/></tmx>', 'application/xml');
    const h = doc.querySelector('header');
    const now = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    for (const [k, v] of Object.entries({ creationtool: 'muwazi-web', creationtoolversion: '1',
      segtype: 'sentence', 'o-tmf': 'muwazi', adminlang: 'en', srclang: R.srcLang, datatype: 'plaintext',
      creationdate: now })) h.setAttribute(k, v);
    const body = doc.querySelector('body');
    const clean = (s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
    const docs = [$('src-doc').value.trim(), $('tgt-doc').value.trim()];
    pairsToKeep().forEach((b, n) => {
      const tu = doc.createElement('tu');
      tu.setAttribute('tuid', String(n + 1));
      tu.setAttribute('srclang', R.srcLang);
      tu.setAttribute('creationdate', now);
      if ($('user').value.trim()) tu.setAttribute('creationid', $('user').value.trim());
      const prop = (type, text) => { const p = doc.createElement('prop'); p.setAttribute('type', type); p.textContent = text; tu.append(p); };
      prop('x-muwazi-bead', `[${b.src.join(',')}]:[${b.tgt.join(',')}]`);
      prop('x-muwazi-reviewed', b.edited ? 'edited' : 'kept');
      if (b.score !== null && !b.edited) prop('x-muwazi-score', b.score.toFixed(4));
      if (docs[0] || docs[1]) prop('x-muwazi-origin', docs.filter(Boolean).join(' | '));
      for (const [lang, ids, texts] of [[R.srcLang, b.src, R.src], [R.tgtLang, b.tgt, R.tgt]]) {
        const tuv = doc.createElement('tuv');
        tuv.setAttributeNS(XML_NS, 'xml:lang', lang);
        const seg = doc.createElement('seg');
        seg.textContent = clean(joined(ids, texts));
        tuv.append(seg);
        tu.append(tuv);
      }
      body.append(doc.createTextNode('\n'), tu);
    });
    body.append(doc.createTextNode('\n'));
    doc.documentElement.insertBefore(doc.createTextNode('\n'), h);
    doc.documentElement.insertBefore(doc.createTextNode('\n'), body);
    doc.documentElement.append(doc.createTextNode('\n'));
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc) + '\n';
  }
  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  const base = () => ($('src-doc').value.trim() || 'aligned').replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}_-]+/gu, '_');
  $('b-beads').addEventListener('click', () => download(base() + '.align', 'text/plain;charset=utf-8', beadsText()));
  $('b-tsv').addEventListener('click', () => download(base() + '.tsv', 'text/tab-separated-values;charset=utf-8', tsvText()));
  $('b-tmx').addEventListener('click', () => download(base() + '.tmx', 'application/x-tmx+xml;charset=utf-8', tmxText()));

  async function save() {
    const u = units();
    if (!u.length) { showStatus('Nothing to save: no pair has sentences on both sides.'); return; }
    if (!token()) { showStatus('Saving needs the token that muwazi serve printed: paste it into the Token field.'); $('token').focus(); return; }
    const body = { src_lang: R.srcLang, tgt_lang: R.tgtLang, document: $('src-doc').value.trim() || 'pasted source', units: u };
    if ($('tgt-doc').value.trim()) body.document2 = $('tgt-doc').value.trim();
    if ($('user').value.trim()) body.user = $('user').value.trim();
    $('b-save').disabled = true;
    try {
      fresh('/api/units');
      const r = await api('POST', '/api/units', body, true);
      $('save-info').textContent = `Saved: ${r.stored} stored, ${r.duplicates} already in the TM.`;
      showStatus('');
      loadStats();
    } catch (e) {
      if (e.name === 'AbortError') return;
      const hint = e.status === 401 ? ' (check the token)' : e.status === 403 ? ' (the server is read-only or refuses writes)' : '';
      showStatus('Save failed: ' + e.message + hint);
    } finally {
      $('b-save').disabled = false;
    }
  }
  $('b-save').addEventListener('click', save);

  // For tests and the console: the review state and the download builders.
  window.muwazi = { review: R, ops, beadsText, tsvText, tmxText, units, byteToIndex };

  loadStats();
  $('q').focus();
})();
