/* Interactive tables of hyojun reports: the gap report now; bid, diff and readiness reports reuse it.
 *
 * A report embeds its rows once as JSON (<script type="application/json" data-hy-config> inside an
 * element with data-hy-table) and this script builds, from that one object: the filter panel
 * (checkbox and select facets with live counts, presets; a facet's values may be lists), the keyword search, the sortable header,
 * groups with badges, expandable detail rows, the CSV export of the filtered rows and the URL-hash
 * state. Config keys: fields, rows, labels, tones, facets, presets, search, groups, badges, columns,
 * detail, csv, caption (see GapView.table_config for an example).
 *
 * Vendor text is untrusted: every cell is built with createElement/textContent, never innerHTML.
 * Delegated listeners on the table's root (the DataTable object itself for clicks and changes) handle every event.
 * Rows are rendered in chunks so that 20,000 rows open at once; printing renders every filtered row, folded
 * groups' rows too, up to the print limit (base.js); past it, the rows on screen.
 */
(function () {
  "use strict";

  // Rows rendered at once after each filter (a screen shows about ten; laying out a row of Japanese text costs
  // about 1 ms, most of a filter's time at 60 rows: benchmarks/html_bench.py) and per later step on scrolling.
  const FIRST = 30;
  const STEP = 240;
  // Width (em) a column without a width of its own (名称・要件) keeps however narrow the window.
  const FREE_MIN = 11;
  // Characters of a row past which print may break it across pages: on paper (the name and requirement column about
  // 38 characters wide) it takes a third of a page or more, and kept whole it left the page before it part blank.
  const LONG_ROW = 500;
  const TONE_RANK = { bad: 0, warn: 1, info: 2, muted: 3, good: 4 };
  const collator = new Intl.Collator("ja", { numeric: true });
  let uid = 0;

  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    if (props) {
      for (const k in props) {
        const v = props[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === "class") el.className = v;
        else if (k === "text") el.textContent = v;
        else el.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (const kid of kids) if (kid !== null && kid !== undefined && kid !== false) el.append(kid);
    return el;
  }

  const numberFormat = new Intl.NumberFormat("ja-JP"); // toLocaleString builds one per call
  const fmt = (n) => numberFormat.format(n);

  // RFC 4180 field as Python's csv.writer writes it, made inert for spreadsheets as export.neutralize_row does: by
  // the rule the report carries (csv.formula, formulas.formula_rule), as sets of characters (inert).
  function csvField(v, inert) {
    let s = v === null || v === undefined ? "" : String(v);
    if (typeof v === "string" && inert.start.has(s[0]) && !inert.lone.has(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  class DataTable {
    constructor(root, cfg) {
      this.root = root;
      this.cfg = cfg;
      this.id = "hy" + ++uid;
      this.rows = cfg.rows;
      this.n = cfg.rows.length;
      this.col = {};
      cfg.fields.forEach((f, i) => { this.col[f] = i; });
      this.facets = cfg.facets || [];
      this.groups = cfg.groups || [];
      this.badges = cfg.badges ? new Map(cfg.badges.values) : new Map();
      this.open = new Set(); // row indexes whose detail is shown
      this.collapsed = new Set(); // group keys
      this.ranks = {};
      this.hay = null;
      // Every facet value, group and badge as a small integer per row: filtering and counting 20,000 rows
      // then indexes typed arrays instead of hashing strings.
      this.groupOrd = this.groups.map((_, level) => {
        const cols = this.groups.slice(0, level + 1).map((g) => this.col[g.field]);
        return this.encode((r) => cols.map((c) => r[c]).join("\u0001"));
      });
      this.facetCode = this.facets.map((f) => { const c = this.col[f.field]; return this.encode((r) => r[c]); });
      // A facet with a separator: a row's value lists several (本文変更・区分変更) and an option is each one, which a
      // row matches when its list holds it. The values stay coded as written; an option's codes are those holding it.
      this.partCodes = this.facets.map((f, k) => {
        if (!f.separator) return null;
        const codes = new Map();
        for (const [value, code] of this.facetCode[k].index) {
          for (const part of value.split(f.separator)) { if (!codes.has(part)) codes.set(part, []); codes.get(part).push(code); }
        }
        return codes;
      });
      const badgeCol = cfg.badges ? this.col[cfg.badges.field] : -1;
      const badgeIdx = new Map([...this.badges.keys()].map((v, j) => [v, j]));
      this.badgeOf = Int8Array.from(this.rows, (r) => (badgeCol >= 0 ? badgeIdx.get(r[badgeCol]) ?? -1 : -1));
      this.build();
      this.printNote = root.querySelector("[data-print-limit]");
      this.readHash();
      this.update();
      for (const type of ["click", "change"]) root.addEventListener(type, this);
      hyojun.onEdit(root, (e) => {
        const t = e.target;
        if (t.hasAttribute("data-search") && t.value !== this.state.q) { this.state.q = t.value; this.update(); }
      });
      window.addEventListener("hashchange", () => {
        if (location.hash === this.hashString()) return; // our own replace(), or nothing new
        if (this.atPlace()) { this.knownHash = location.hash; return; } // the browser goes there; the filters stay
        this.readHash();
        this.update();
        this.reveal();
      });
      // A link to the view already shown changes no hash: it still takes the reader to the table.
      document.addEventListener("click", (e) => {
        const a = e.target.closest && e.target.closest("a[href^='#']");
        if (a && a.getAttribute("href") === location.hash && !this.atPlace()) this.reveal();
      });
      window.addEventListener("beforeprint", () => this.printing(true));
      window.addEventListener("afterprint", () => this.printing(false));
      // Fold the search text while the user is still reading, so the first keystroke is as fast as the rest.
      (window.requestIdleCallback || setTimeout)(() => { if (!this.hay) this.buildHay(); });
      root.setAttribute("data-hy-ready", "");
      performance.mark("hy-ready");
    }

    /* ---- data access ---- */

    val(i, field) {
      const c = this.col[field];
      if (c !== undefined) return this.rows[i][c];
      if (field.endsWith("_label")) { // derived: the label of a coded field
        const base = field.slice(0, -6);
        const map = this.cfg.labels[base];
        if (map && this.col[base] !== undefined) return map[this.rows[i][this.col[base]]] || "";
      }
      return "";
    }

    label(field, v) {
      const map = this.cfg.labels && this.cfg.labels[field];
      return map && map[v] !== undefined ? map[v] : v;
    }

    tone(field, v) {
      const map = this.cfg.tones && this.cfg.tones[field];
      return map ? map[v] || "muted" : null;
    }

    // Code of each row's key (0, 1, … by first appearance) and the code of each key.
    encode(keyOf) {
      const index = new Map();
      const code = new Int32Array(this.n);
      for (let i = 0; i < this.n; i++) {
        const key = keyOf(this.rows[i]);
        let o = index.get(key);
        if (o === undefined) { o = index.size; index.set(key, o); }
        code[i] = o;
      }
      return { code, index };
    }

    // Sort rank of every row for *field*, computed once: later sorts compare integers.
    rank(field) {
      if (this.ranks[field]) return this.ranks[field];
      const c = this.col[field];
      const idx = Array.from({ length: this.n }, (_, i) => i);
      let cmp;
      if (this.cfg.tones && this.cfg.tones[field]) { // severity first, then the facet's own order
        const facet = this.facets.find((f) => f.field === field);
        const order = new Map(facet ? facet.options.map((o, k) => [o[0], k]) : []);
        const key = (v) => (TONE_RANK[this.tone(field, v)] ?? 9) * 1000 + (order.get(v) ?? 999);
        cmp = (a, b) => key(this.rows[a][c]) - key(this.rows[b][c]);
      } else { // blanks last, labels rather than codes
        const text = (i) => String(this.label(field, this.rows[i][c]) ?? "");
        cmp = (a, b) => {
          const x = text(a), y = text(b);
          return (x === "") - (y === "") || collator.compare(x, y);
        };
      }
      idx.sort(cmp);
      const r = new Int32Array(this.n);
      for (let k = 0, rank = 0; k < idx.length; k++) {
        if (k > 0 && cmp(idx[k - 1], idx[k]) !== 0) rank = k;
        r[idx[k]] = rank;
      }
      return (this.ranks[field] = r);
    }

    buildHay() {
      const cols = this.cfg.search.fields.map((f) => this.col[f]);
      this.hay = this.rows.map((r) => hyojun.fold(cols.map((c) => r[c]).join("\u0001")));
    }

    /* ---- state and URL hash ---- */

    defaultState() {
      const sel = {};
      for (const f of this.facets) sel[f.field] = null; // null: no restriction
      return { sel, q: "", sort: null, by: this.groups.length };
    }

    readHash() {
      this.knownHash = location.hash;
      const p = new URLSearchParams(location.hash.replace(/^#/, ""));
      const s = this.defaultState();
      for (const f of this.facets) {
        if (!p.has(f.field)) continue;
        const raw = p.get(f.field);
        if (f.type === "select") s.sel[f.field] = raw === "" ? null : new Set([raw]);
        else s.sel[f.field] = new Set(raw === "" ? [] : raw.split(","));
      }
      s.q = p.get("q") || "";
      const sort = p.get("sort");
      if (sort) {
        const desc = sort.startsWith("-");
        const field = desc ? sort.slice(1) : sort;
        if (this.cfg.columns.some((c) => c.sort && c.field === field)) s.sort = { field, dir: desc ? -1 : 1 };
      }
      const by = Number(p.get("by"));
      if (p.has("by") && Number.isInteger(by) && by >= 0 && by <= this.groups.length) s.by = by;
      this.state = s;
      this.syncControls();
    }

    hashString() {
      const p = new URLSearchParams();
      const s = this.state;
      for (const f of this.facets) {
        const set = s.sel[f.field];
        if (set) p.set(f.field, [...set].join(","));
      }
      if (s.q) p.set("q", s.q);
      if (s.sort) p.set("sort", (s.sort.dir < 0 ? "-" : "") + s.sort.field);
      if (s.by !== this.groups.length) p.set("by", String(s.by));
      const str = p.toString();
      return str ? "#" + str : "";
    }

    // The hash names an element (the table of contents, the skip link): a place on the page, not a view of the table.
    atPlace() {
      return location.hash.length > 1 && document.getElementById(location.hash.slice(1)) !== null;
    }

    // After a link to a filtered view (the banner's counts, the bars): the table comes into view and the keyboard
    // goes to its count, which says what is shown; the next Tab is the table's header (focus left on the link sent
    // the next Tab back to the top of the page).
    reveal() {
      this.root.scrollIntoView();
      this.countEl.focus({ preventScroll: true });
    }

    writeHash() {
      // A link to a filtered view followed since the last update: its hashchange, still to come, applies it.
      if (location.hash !== this.knownHash) return;
      const hash = this.hashString();
      if (hash === location.hash || (!hash && this.atPlace())) return; // a place on the page stays while nothing is filtered
      this.knownHash = hash;
      // replace, not push: filtering must not fill the back button's history. replaceState fires no
      // hashchange and, unlike location.replace, does not lay the page out to scroll to a fragment.
      try {
        history.replaceState(history.state, "", hash || location.pathname + location.search);
      } catch (e) { // browsers that refuse it for file:// pages
        location.replace(hash || "#");
      }
    }

    /* ---- building the controls (once) ---- */

    build() {
      const cfg = this.cfg;
      const side = this.root.querySelector("[data-hy-filters]");
      const bar = this.root.querySelector("[data-hy-toolbar]");
      const table = this.root.querySelector("[data-hy-grid]");
      this.facetEls = {};
      const form = h("form", { class: "hy-filters", role: "search", "aria-label": "表の絞り込み" });
      form.addEventListener("submit", (e) => e.preventDefault());
      form.append(h("h3", { class: "hy-filters__title", text: "絞り込み" }));
      for (const f of this.facets) form.append(f.type === "select" ? this.buildSelect(f) : this.buildChecks(f));
      if (this.groups.length) {
        const id = this.id + "-by";
        const sel = h("select", { id, "data-by": "" });
        for (let k = this.groups.length; k >= 0; k--) {
          const text = k === 0 ? "まとめない" : this.groups.slice(0, k).map((g) => g.label).join("・") + "ごと";
          sel.append(h("option", { value: k, text }));
        }
        this.bySelect = sel;
        form.append(h("div", { class: "hy-field" }, h("label", { for: id, text: "表のまとめ方" }), sel));
      }
      form.append(h("button", { type: "button", class: "hy-btn hy-btn--secondary hy-btn--block", "data-act": "reset", text: "条件をすべてクリア" }));
      side.append(form);

      const sid = this.id + "-q";
      this.search = h("input", { type: "search", id: sid, "data-search": "", placeholder: cfg.search.placeholder || "", autocomplete: "off", "aria-describedby": this.id + "-count" });
      const actions = h("div", { class: "hy-toolbar__actions" });
      for (const [k, p] of (cfg.presets || []).entries()) {
        actions.append(h("button", { type: "button", class: "hy-btn hy-btn--secondary", "data-act": "preset", "data-preset": k, text: p.label }));
      }
      if (cfg.csv) actions.append(h("button", { type: "button", class: "hy-btn hy-btn--primary", "data-act": "csv", text: "表示中の行をCSVで保存" }));
      this.countEl = h("p", { class: "hy-count", id: this.id + "-count", role: "status", "aria-live": "polite", tabindex: "-1" });
      this.condEl = h("p", { class: "hy-conditions" });
      bar.append(
        h("div", { class: "hy-toolbar__row" },
          h("div", { class: "hy-search" }, h("label", { for: sid, text: cfg.search.label || "検索" }), this.search),
          actions),
        h("div", { class: "hy-toolbar__row hy-toolbar__row--info" }, this.countEl, this.condEl));

      // Table skeleton: fixed layout so that appending rows never re-measures the columns. Widths are in em or %.
      const colgroup = h("colgroup");
      const tr = h("tr");
      this.headCells = {};
      let em = 0, percent = 0;
      for (const c of cfg.columns) {
        const width = c.width || FREE_MIN + "em";
        if (width.endsWith("%")) percent += parseFloat(width); else em += parseFloat(width);
        colgroup.append(h("col", { class: "hy-col-" + c.field, style: c.width ? "width:" + c.width : null }));
        const th = h("th", { scope: "col" });
        if (c.sort) {
          // Chromium does not repeat a printed header row that holds buttons: print shows the plain label.
          th.append(h("button", { type: "button", class: "hy-sort", "data-act": "sort", "data-field": c.field },
            c.label, h("span", { class: "hy-sort__icon", "aria-hidden": "true" })),
          h("span", { class: "hy-print-only", "aria-hidden": "true", text: c.label }));
        } else {
          th.textContent = c.label;
          th.className = "hy-plain";
        }
        this.headCells[c.field] = th;
        tr.append(th);
      }
      this.tbody = h("tbody");
      table.append(h("caption", { class: "visually-hidden", text: cfg.caption || "" }), colgroup, h("thead", null, tr), this.tbody);
      // As wide as the columns need: in a narrower window the table scrolls sideways in its box, not the page (WCAG
      // 1.4.10). Only then, since a box that scrolls holds the sticky header row to itself instead of the window.
      table.style.minWidth = (em / (1 - percent / 100)).toFixed(2) + "em";
      const wrap = table.parentElement;
      new ResizeObserver(() => wrap.classList.toggle("hy-wrap--scroll", table.offsetWidth > wrap.clientWidth)).observe(wrap);
      this.ncols = cfg.columns.length;
      this.observer = "IntersectionObserver" in window
        ? new IntersectionObserver((es) => { if (es.some((e) => e.isIntersecting)) this.more(STEP); }, { rootMargin: "800px" })
        : null;
    }

    buildChecks(f) {
      const fs = h("fieldset", { class: "hy-facet" }, h("legend", { text: f.label }));
      const list = h("ul", { class: "hy-checks" });
      this.facetEls[f.field] = new Map();
      for (const [value, label] of f.options) {
        const id = this.id + "-" + f.field + "-" + (value || "_");
        const input = h("input", { type: "checkbox", id, "data-facet": f.field, value });
        const count = h("span", { class: "hy-checks__n" });
        const tone = this.tone(f.field, value);
        list.append(h("li", null, input, h("label", { for: id },
          tone ? h("span", { class: "hy-dot tone-" + tone, "aria-hidden": "true" }) : null, label), count));
        this.facetEls[f.field].set(value, { input, count });
      }
      fs.append(list, h("div", { class: "hy-facet__actions" },
        h("button", { type: "button", class: "hy-link", "data-act": "all", "data-field": f.field, text: "すべて選択" }),
        h("button", { type: "button", class: "hy-link", "data-act": "none", "data-field": f.field, text: "すべて解除" })));
      return fs;
    }

    buildSelect(f) {
      const id = this.id + "-" + f.field;
      const sel = h("select", { id, "data-facet": f.field });
      const all = h("option", { value: "", text: f.all || "すべて" });
      sel.append(all);
      const opts = new Map();
      for (const [value, label] of f.options) {
        const o = h("option", { value, text: label });
        opts.set(value, { option: o, label });
        sel.append(o);
      }
      this.facetEls[f.field] = { select: sel, all, opts };
      return h("div", { class: "hy-field" }, h("label", { for: id, text: f.label }), sel);
    }

    syncControls() {
      const s = this.state;
      for (const f of this.facets) {
        const set = s.sel[f.field];
        const els = this.facetEls[f.field];
        if (f.type === "select") els.select.value = set && set.size ? [...set][0] : "";
        else for (const [v, el] of els) el.input.checked = !set || set.has(v);
      }
      if (this.search.value !== s.q) this.search.value = s.q;
      if (this.bySelect) this.bySelect.value = String(s.by);
      for (const c of this.cfg.columns) {
        const th = this.headCells[c.field];
        if (!c.sort) continue;
        const on = s.sort && s.sort.field === c.field;
        if (on) th.setAttribute("aria-sort", s.sort.dir > 0 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
        th.querySelector(".hy-sort__icon").textContent = on ? (s.sort.dir > 0 ? "▲" : "▼") : "⇅";
      }
    }

    /* ---- events: delegated to the root ---- */

    handleEvent(e) {
      const t = e.target;
      if (e.type === "change") {
        if (t.hasAttribute("data-facet")) this.readFacet(t.getAttribute("data-facet"));
        else if (t.hasAttribute("data-by")) this.state.by = Number(t.value);
        else return;
        this.update();
        return;
      }
      const btn = t.closest("[data-act]");
      if (btn && this.root.contains(btn)) { this.act(btn.getAttribute("data-act"), btn); return; }
      const tr = t.closest("tr.hy-row");
      if (tr && !String(getSelection())) this.toggleRow(tr);
    }

    act(what, btn) {
      const s = this.state;
      const field = btn.getAttribute("data-field");
      if (what === "toggle") { this.toggleRow(btn.closest("tr")); return; }
      if (what === "more") { this.more(STEP); return; }
      if (what === "everything") { this.renderAll(); return; }
      if (what === "csv") { this.exportCsv(); return; }
      if (what === "group") {
        const key = btn.getAttribute("data-g");
        if (this.collapsed.has(key)) this.collapsed.delete(key); else this.collapsed.add(key);
        this.update();
        const again = this.tbody.querySelector('[data-g="' + CSS.escape(key) + '"]');
        if (again) again.focus();
        return;
      }
      if (what === "sort") {
        const cur = s.sort && s.sort.field === field ? s.sort.dir : 0;
        s.sort = cur === 0 ? { field, dir: 1 } : cur > 0 ? { field, dir: -1 } : null; // asc, desc, file order
      } else if (what === "all") s.sel[field] = null;
      else if (what === "none") s.sel[field] = new Set();
      else if (what === "preset") {
        const p = this.cfg.presets[Number(btn.getAttribute("data-preset"))];
        s.sel[p.field] = new Set(p.values);
      } else if (what === "reset") this.state = this.defaultState();
      else return;
      this.syncControls();
      this.update();
    }

    readFacet(field) {
      const f = this.facets.find((x) => x.field === field);
      const els = this.facetEls[field];
      if (f.type === "select") {
        this.state.sel[field] = els.select.value === "" ? null : new Set([els.select.value]);
        return;
      }
      const on = [...els].filter(([, el]) => el.input.checked).map(([v]) => v);
      this.state.sel[field] = on.length === els.size ? null : new Set(on);
    }

    /* ---- filtering, sorting, grouping ---- */

    update() {
      this.syncControls();
      this.compute();
      this.renderCounts();
      this.renderBody();
      // The address bar can wait for the new rows to be painted.
      cancelAnimationFrame(this.hashFrame);
      this.hashFrame = requestAnimationFrame(() => setTimeout(() => this.writeHash(), 0));
    }

    compute() {
      const { sel, q } = this.state;
      const terms = hyojun.words(q);
      if (terms.length && !this.hay) this.buildHay();
      const nf = this.facets.length;
      const codes = this.facetCode.map((e) => e.code);
      // allowed[k][code]: 1 if facet k's selection admits that value; null: no restriction.
      const allowed = this.facets.map((f, k) => {
        const set = sel[f.field];
        if (!set) return null;
        const has = f.separator ? (v) => v.split(f.separator).some((part) => set.has(part)) : (v) => set.has(v);
        return Uint8Array.from(this.facetCode[k].index.keys(), (v) => (has(v) ? 1 : 0));
      });
      const counts = this.facetCode.map((e) => new Int32Array(e.index.size));
      const matched = [];
      for (let i = 0; i < this.n; i++) {
        if (terms.length && !hyojun.hasAll(this.hay[i], terms)) continue;
        let fail = -1, nfail = 0;
        for (let k = 0; k < nf; k++) {
          const a = allowed[k];
          if (a && !a[codes[k][i]]) { fail = k; if (++nfail > 1) break; }
        }
        // A facet's counts ignore that facet's own selection: they say what ticking it would add.
        if (nfail === 0) { matched.push(i); for (let k = 0; k < nf; k++) counts[k][codes[k][i]]++; }
        else if (nfail === 1) counts[fail][codes[fail][i]]++;
      }
      this.counts = counts;
      this.matched = this.order(matched);
    }

    // Rows of facet k counted by the last compute() with value v (holding it, of a facet with a separator).
    count(k, v) {
      if (this.partCodes[k]) return (this.partCodes[k].get(v) || []).reduce((n, code) => n + this.counts[k][code], 0);
      const code = this.facetCode[k].index.get(v);
      return code === undefined ? 0 : this.counts[k][code];
    }

    order(matched) {
      const keys = [];
      for (let l = 0; l < this.state.by; l++) keys.push([this.groupOrd[l].code, 1]);
      if (this.state.sort) keys.push([this.rank(this.state.sort.field), this.state.sort.dir]);
      if (!keys.length) return matched; // file order
      return matched.sort((a, b) => {
        for (const [k, dir] of keys) { const d = (k[a] - k[b]) * dir; if (d) return d; }
        return a - b;
      });
    }

    // Flat list of what the body shows: row indexes, and group headers (objects) with counts and badges.
    items() {
      const by = this.state.by;
      const nb = this.badges.size;
      const ord = this.groupOrd.slice(0, by).map((e) => e.code);
      // Per level: rows per group (n[o]) and rows per group and badge (b[o * nb + j]).
      this.stats = this.groupOrd.slice(0, by).map((e) => ({ n: new Int32Array(e.index.size), b: new Int32Array(e.index.size * nb) }));
      for (const i of this.matched) {
        const j = this.badgeOf[i];
        for (let l = 0; l < by; l++) {
          const o = ord[l][i];
          this.stats[l].n[o]++;
          if (j >= 0) this.stats[l].b[o * nb + j]++;
        }
      }
      const out = [];
      const cur = new Array(by).fill(-1);
      let hiddenBelow = by; // level of the outermost collapsed group we are inside
      for (const i of this.matched) {
        for (let l = 0; l < by; l++) {
          const o = ord[l][i];
          if (o === cur[l]) continue;
          cur[l] = o;
          for (let m = l + 1; m < by; m++) cur[m] = -1;
          if (hiddenBelow < l) continue;
          hiddenBelow = by;
          if (l > 0 && this.val(i, this.groups[l].field) === "") continue; // no 中項目: no header for it
          const key = l + ":" + o;
          const collapsed = this.collapsed.has(key);
          out.push({ level: l, key, i, o, collapsed });
          if (collapsed) { hiddenBelow = l; break; }
        }
        if (hiddenBelow >= by) out.push(i);
      }
      return out;
    }

    /* ---- rendering ---- */

    renderCounts() {
      this.facets.forEach((f, k) => {
        const els = this.facetEls[f.field];
        if (f.type === "select") {
          let total = 0;
          for (const [v, o] of els.opts) { const n = this.count(k, v); total += n; o.option.textContent = o.label + "（" + fmt(n) + "）"; }
          els.all.textContent = (f.all || "すべて") + "（" + fmt(total) + "）";
        } else for (const [v, el] of els) el.count.textContent = fmt(this.count(k, v));
      });
      this.countEl.replaceChildren("表示中 ", h("strong", { text: fmt(this.matched.length) }), " 件 / 全 " + fmt(this.n) + " 件");
      this.condEl.textContent = this.conditions();
    }

    // The active filters in words: shown above the table and printed with it.
    conditions() {
      const s = this.state, parts = [];
      for (const f of this.facets) {
        const set = s.sel[f.field];
        if (!set) continue;
        const names = new Map(f.options);
        parts.push(f.label + "：" + (set.size ? [...set].map((v) => names.get(v) ?? v).join("、") : "（なし）"));
      }
      if (s.q) parts.push("キーワード：「" + s.q + "」");
      if (s.sort) {
        const c = this.cfg.columns.find((x) => x.field === s.sort.field);
        parts.push("並べ替え：" + c.label + (s.sort.dir > 0 ? "（昇順）" : "（降順）"));
      }
      return parts.length ? "条件 — " + parts.join("／") : "条件 — なし（全件）";
    }

    renderBody() {
      this.list = this.items();
      this.pos = 0;
      this.shown = 0;
      this.totalRows = this.list.reduce((n, it) => n + (typeof it === "number" ? 1 : 0), 0);
      const frag = document.createDocumentFragment();
      this.append(frag, FIRST);
      if (!this.list.length) {
        frag.append(h("tr", { class: "hy-empty" }, h("td", { colspan: this.ncols, text: "条件に合う行はありません。" })));
      }
      this.tbody.replaceChildren(frag);
      this.moreRow = null;
      this.placeMore();
    }

    append(frag, maxRows) {
      let added = 0;
      while (this.pos < this.list.length) {
        const it = this.list[this.pos];
        if (typeof it === "number") {
          if (added >= maxRows) break;
          frag.append(this.row(it));
          if (this.open.has(it)) frag.append(this.detail(it));
          added++;
        } else frag.append(this.groupRow(it));
        this.pos++;
      }
      this.shown += added;
    }

    more(n) {
      if (this.pos >= this.list.length) return;
      const frag = document.createDocumentFragment();
      this.append(frag, n);
      const first = frag.firstElementChild, focused = this.moreRow.contains(document.activeElement);
      // New rows go above the "more" row (there is one while rows are left), which stays: a keyboard user's
      // focus on its buttons survives rows loaded by scrolling, and a click cannot land on a row in its place.
      this.moreRow.before(frag);
      this.placeMore();
      if (focused && !this.moreRow && first) hyojun.focusRow(first); // the last rows shown: the "more" row is gone
    }

    renderAll() { this.more(Infinity); }

    // A printout is read as the whole of what the filters select: folded groups unfold for it (a heading with no
    // rows would pass for an empty group) and fold again after. Past the print limit (hyojun.printLimit) it is the
    // rows on screen as they are, at most that many, and the note says so.
    printing(start) {
      const limit = hyojun.printLimit(this.printNote);
      if (start && this.matched.length > limit) {
        if (this.observer) this.observer.disconnect(); // no rows loaded by scrolling between now and the printout
        // The rows drawn past the limit (and the group headings above the first) are taken out until the printout is
        // made: with 20,000 rows drawn, hidden by print CSS, the 1,000 printed in 26 s at 3.1 GB; taken out, in 9 s
        // at 2.3 GB (put back, they are laid out again as 「すべて表示」 did).
        let tr = this.tbody.querySelectorAll("tr.hy-row")[limit];
        while (tr && tr.previousElementSibling && tr.previousElementSibling.classList.contains("hy-group")) tr = tr.previousElementSibling;
        if (tr) {
          const past = document.createRange();
          past.setStartBefore(tr);
          past.setEndAfter(this.tbody.lastElementChild);
          this.past = past.extractContents();
        }
        this.partial = true;
        hyojun.printPart(this.printNote, this.matched.length, Math.min(this.shown, limit), this.collapsed.size ? 0 : 1);
      } else if (start) {
        this.folded = this.collapsed;
        this.collapsed = new Set();
        if (this.folded.size) this.renderBody();
        this.renderAll();
      } else if (this.partial) {
        if (this.past) this.tbody.append(this.past);
        this.past = null;
        this.partial = false;
        this.placeMore();
      } else if (this.folded) {
        this.collapsed = this.folded;
        this.folded = null;
        if (this.collapsed.size) this.renderBody();
      }
    }

    // The row that says how many rows are left, at the end of the body while any are.
    placeMore() {
      if (this.observer) this.observer.disconnect();
      if (this.pos >= this.list.length) {
        if (this.moreRow) this.moreRow.remove();
        this.moreRow = null;
        return;
      }
      if (!this.moreRow) {
        this.moreText = h("span");
        this.moreRow = h("tr", { class: "hy-more" }, h("td", { colspan: this.ncols }, this.moreText,
          h("button", { type: "button", class: "hy-btn hy-btn--secondary", "data-act": "more", text: "続きを表示" }),
          h("button", { type: "button", class: "hy-btn hy-btn--secondary", "data-act": "everything", text: "すべて表示" })));
        this.tbody.append(this.moreRow);
      }
      this.moreText.textContent = "先頭 " + fmt(this.shown) + " 件を表示しています（残り " + fmt(this.totalRows - this.shown) + " 件）。";
      if (this.observer) this.observer.observe(this.moreRow); // observing anew reports it at once if still near
    }

    groupRow(it) {
      const g = this.groups[it.level];
      const name = this.val(it.i, g.field) || "（なし）";
      const st = this.stats[it.level];
      const nb = this.badges.size;
      const badges = h("span", { class: "hy-badges" });
      for (const [j, [v, label]] of [...this.badges].entries()) {
        const n = st.b[it.o * nb + j];
        if (n) badges.append(h("span", { class: "chip tone-" + (this.tone(this.cfg.badges.field, v) || "muted"), text: label + " " + fmt(n) + " 件" }));
      }
      return h("tr", { class: "hy-group hy-group--" + it.level },
        h("th", { colspan: this.ncols, scope: "rowgroup" },
          h("button", { type: "button", class: "hy-group__toggle", "data-act": "group", "data-g": it.key, "aria-expanded": String(!it.collapsed) },
            h("span", { class: "hy-caret", "aria-hidden": "true" }),
            h("span", { class: "hy-group__label", text: g.label }), name),
          h("span", { class: "hy-group__n", text: fmt(st.n[it.o]) + " 件" }), badges));
    }

    row(i) {
      const tr = h("tr", { class: "hy-row", "data-i": i });
      for (const c of this.cfg.columns) tr.append(this.cell(c, i));
      if (tr.textContent.length > LONG_ROW) tr.classList.add("hy-row--long");
      return tr;
    }

    cell(c, i) {
      const v = this.val(i, c.field);
      switch (c.type) {
        case "key": {
          const open = this.open.has(i);
          return h("td", { class: "hy-key" }, h("button", {
            type: "button", class: "hy-toggle", "data-act": "toggle", "aria-expanded": String(open),
            "aria-controls": open ? this.id + "-d" + i : null,
          }, h("span", { class: "hy-caret", "aria-hidden": "true" }), v, h("span", { class: "visually-hidden", text: " の詳細" })));
        }
        case "chip": {
          return h("td", null, h("span", { class: "chip tone-" + this.tone(c.field, v), text: this.label(c.field, v) }));
        }
        case "label": return h("td", { text: this.label(c.field, v) });
        case "mono": return h("td", { class: "mono", text: v });
        case "title": {
          return h("td", { class: "hy-title" }, h("span", { class: "hy-title__main", text: v }),
            c.sub && this.val(i, c.sub) ? h("span", { class: "hy-title__sub", text: this.val(i, c.sub) }) : null);
        }
        case "pairs": {
          const td = h("td", { class: "hy-pairs" });
          for (const [f, label] of c.fields) {
            const x = this.val(i, f);
            if (x) td.append(h("span", { class: "hy-pair" }, h("span", { class: "hy-pair__label", text: label + "：" }), x));
          }
          return td;
        }
        default:
          return v === "" && c.empty ? h("td", null, h("span", { class: "muted", text: c.empty })) : h("td", { text: v });
      }
    }

    detail(i) {
      const dl = h("dl", { class: "hy-detail__list" });
      for (const [k, [f, label]] of this.cfg.detail.entries()) {
        const v = this.val(i, f);
        // the first entry (the requirement itself) and any long text get a whole line
        dl.append(h("div", { class: k === 0 || String(v).length > 40 ? "hy-wide" : null },
          h("dt", { text: label }), h("dd", { text: v === "" ? "—" : v })));
      }
      return h("tr", { class: "hy-detail", id: this.id + "-d" + i }, h("td", { colspan: this.ncols }, dl));
    }

    toggleRow(tr) {
      const i = Number(tr.getAttribute("data-i"));
      const btn = tr.querySelector(".hy-toggle");
      if (this.open.has(i)) {
        this.open.delete(i);
        const d = tr.nextElementSibling;
        if (d && d.classList.contains("hy-detail")) d.remove();
        btn.setAttribute("aria-expanded", "false");
        btn.removeAttribute("aria-controls");
      } else {
        this.open.add(i);
        tr.after(this.detail(i));
        btn.setAttribute("aria-expanded", "true");
        btn.setAttribute("aria-controls", this.id + "-d" + i);
      }
    }

    /* ---- export ---- */

    exportCsv() {
      const { columns: cols, formula } = this.cfg.csv;
      const inert = { start: new Set(formula.start), lone: new Set(formula.lone) };
      const lines = [cols.map((c) => csvField(c[0], inert)).join(",")];
      for (const i of this.matched) lines.push(cols.map((c) => csvField(this.val(i, c[1]), inert)).join(","));
      const blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      const url = URL.createObjectURL(blob);
      const a = h("a", { href: url, download: this.cfg.csv.filename || "export.csv", hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    }
  }

  for (const root of document.querySelectorAll("[data-hy-table]")) {
    const src = root.querySelector("script[data-hy-config]");
    root.classList.add("hy-js");
    root.hyTable = new DataTable(root, JSON.parse(src.textContent));
  }
})();
