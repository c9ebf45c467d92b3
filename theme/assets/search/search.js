// Site search (docs/search.md). Loaded only when the learner opens search (the bootstrap in
// theme/partials/academy-search.html), so it lives outside assets/academy/, which the service
// worker precaches. Reads the index that tools/academy/compile/search.py writes under
// academy/search/: meta.json, the shards holding the query's keys, and the pages it shows.
// Chinese is matched by characters and character pairs, so any part of a word finds it (程师 →
// 工程师); every phrase is then confirmed in the page's text, so 罗马帝国 never finds a page
// that only says 罗马.
import { t } from '../academy/i18n.js';

const CJK = '\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff';
const TOKEN = new RegExp(`([${CJK}]+)|((?:(?![${CJK}])[\\p{L}\\p{N}])+)`, 'gu');
const MAX_PREFIX = 20; // as compile/search.py
const ALL_PAIRS = 6; // a phrase with up to this many character pairs looks all of them up
const MAX_KEYS = 16; // keys (so shard files) one query looks up, at most
const PAGE = 10; // results shown at a time
const SECTIONS = 3; // matching sections shown under a page
const BEFORE = 18; // characters of a snippet before the first match
const LENGTH = 72; // characters of a snippet

/** Full-width ASCII to ASCII and lower case; keeps the length (as compile/search.py). */
export function fold(text) {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .toLowerCase();
}

/** 32-bit FNV-1a over the code points of key (compile/search.py: shard_of). */
export function hash(key) {
  let h = 0x811c9dc5;
  for (const ch of key) h = Math.imul((h ^ ch.codePointAt(0)) >>> 0, 0x01000193) >>> 0;
  return h;
}

/** The phrases of a query, each with the index keys that must all be present. */
export function phrases(query) {
  const out = new Map();
  for (const [, cjk, word] of fold(query).matchAll(TOKEN)) {
    if (cjk) {
      const chars = Array.from(cjk);
      let keys = chars.length === 1 ? chars : chars.slice(1).map((c, i) => chars[i] + c);
      if (keys.length > ALL_PAIRS) { // every other pair, and the last, still cover every character
        keys = keys.filter((_, i) => i % 2 === 0 || i === keys.length - 1);
      }
      out.set(cjk, keys);
    } else if (Array.from(word).length >= 2) {
      out.set(word, [Array.from(word).slice(0, MAX_PREFIX).join('')]);
    }
  }
  const list = [...out].map(([text, keys]) => ({ text, keys }));
  // a long query: thin the keys of its longest phrases, so it never fetches more than MAX_KEYS
  // shards (every phrase is still confirmed in the text of the pages shown)
  let total = list.reduce((n, p) => n + p.keys.length, 0);
  while (total > MAX_KEYS) {
    const longest = list.reduce((a, b) => (b.keys.length > a.keys.length ? b : a));
    if (longest.keys.length <= 2) break;
    const keys = longest.keys.filter((_, i) => i % 2 === 0 || i === longest.keys.length - 1);
    total -= longest.keys.length - keys.length;
    longest.keys = keys;
  }
  return list;
}

const undelta = (list) => {
  let last = 0;
  return list.map((d) => (last += d));
};

/** One site's index; `base` is the URL of academy/search/. */
export class SearchIndex {
  constructor(base) {
    this.base = new URL(base, document.baseURI);
    this.files = new Map();
  }

  async json(url, init) {
    const key = String(url);
    if (!this.files.has(key)) {
      this.files.set(key, fetch(url, init).then((r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return r.json();
      }));
    }
    try {
      return await this.files.get(key);
    } catch (e) {
      this.files.delete(key); // try again next time
      throw e;
    }
  }

  async meta() {
    if (!this.info) {
      const meta = await this.json(new URL('meta.json', this.base), { cache: 'no-cache' });
      if (meta.format !== 1) throw new Error(`search index format ${meta.format}`);
      this.info = { ...meta, dir: new URL(`${meta.id}/`, this.base), starts: undelta(meta.starts) };
    }
    return this.info;
  }

  async postings(key) {
    const { dir, shards } = await this.meta();
    const shard = await this.json(new URL(`k/${hash(key) % shards}.json`, dir));
    return Object.hasOwn(shard, key) ? undelta(shard[key]) : [];
  }

  /** Page number of a section number. */
  pageOf(section) {
    const { starts } = this.info;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= section) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** Candidate pages, best first: [{page, score}]. Every phrase is in each (to be confirmed). */
  async search(query) {
    const wanted = phrases(query);
    if (!wanted.length) return { phrases: wanted, pages: [] };
    const { starts } = await this.meta();
    const lists = await Promise.all(wanted.map((p) => Promise.all(p.keys.map((k) => this.postings(k)))));
    let pages = null; // page → score
    wanted.forEach((phrase, i) => {
      const [first, ...rest] = [...lists[i]].sort((a, b) => a.length - b.length);
      const others = rest.map((list) => new Map(list.map((v) => [v >> 1, v & 1])));
      const found = new Map(); // page → score of this phrase: in the page title 100, a heading 10
      for (const v of first) {
        const section = v >> 1;
        if (!others.every((m) => m.has(section))) continue;
        const inTitle = others.every((m) => m.get(section)) && v & 1;
        const page = this.pageOf(section);
        const title = inTitle ? (section === starts[page] ? 100 : 10) : 0;
        const [best, n] = found.get(page) ?? [0, 0];
        found.set(page, [Math.max(best, title), n + 1]);
      }
      for (const [page, [best, n]] of found) found.set(page, best + Math.min(n, 9));
      if (pages === null) {
        pages = found;
      } else {
        for (const [page, score] of pages) {
          if (found.has(page)) pages.set(page, score + found.get(page)); else pages.delete(page);
        }
      }
    });
    const ranked = [...pages].map(([page, score]) => ({ page, score }));
    ranked.sort((a, b) => b.score - a.score || a.page - b.page);
    return { phrases: wanted, pages: ranked };
  }

  /** A candidate page with its matching sections and snippets, or null if a phrase is missing. */
  async resolve(page, wanted) {
    const { dir } = await this.meta();
    const data = await this.json(new URL(`p/${page}.json`, dir));
    const root = new URL('../', this.base); // academy/ → the site root
    const site = new URL('../', root);
    const texts = wanted.map((p) => p.text);
    const sections = data.s.map(([anchor, title, text], order) => {
      const inTitle = texts.filter((p) => fold(title).includes(p));
      const inText = texts.filter((p) => fold(text).includes(p));
      return { anchor, title, text, order, inTitle, hits: new Set([...inTitle, ...inText]).size };
    });
    if (!texts.every((p) => sections.some((s) => fold(s.title).includes(p) || fold(s.text).includes(p)))) {
      return null;
    }
    const url = new URL(data.u, site);
    const shown = sections
      .filter((s) => s.hits)
      .sort((a, b) => b.hits - a.hits || b.inTitle.length - a.inTitle.length || a.order - b.order)
      .slice(0, SECTIONS)
      .sort((a, b) => a.order - b.order)
      .map((s) => ({
        url: s.anchor ? `${url.href}#${encodeURIComponent(s.anchor)}` : url.href,
        anchor: s.anchor,
        title: marks(s.title, texts),
        snippet: snippet(s.text, texts),
      }));
    return { url: url.href, path: data.u, title: marks(data.t, texts), sections: shown };
  }
}

/** [[text, marked], ...] for a string with the phrases marked. */
export function marks(text, texts) {
  const low = fold(text);
  const ranges = [];
  for (const p of texts) {
    for (let i = low.indexOf(p); i >= 0; i = low.indexOf(p, i + p.length)) ranges.push([i, i + p.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const out = [];
  let at = 0;
  for (const [from, to] of ranges) {
    if (to <= at) continue;
    const start = Math.max(from, at);
    if (start > at) out.push([text.slice(at, start), false]);
    out.push([text.slice(start, to), true]);
    at = to;
  }
  if (at < text.length) out.push([text.slice(at), false]);
  return out;
}

/** A short piece of text around the first phrase found in it, phrases marked. */
export function snippet(text, texts) {
  const low = fold(text);
  const first = Math.min(...texts.map((p) => low.indexOf(p)).filter((i) => i >= 0), Infinity);
  let from = first === Infinity ? 0 : Math.max(0, first - BEFORE);
  let to = Math.min(text.length, from + LENGTH);
  from = Math.max(0, Math.min(from, to - LENGTH));
  if (/[\udc00-\udfff]/.test(text[from] ?? '')) from += 1; // never split a surrogate pair
  if (/[\ud800-\udbff]/.test(text[to - 1] ?? '')) to -= 1;
  const parts = marks(text.slice(from, to), texts);
  if (from > 0) parts.unshift(['…', false]);
  if (to < text.length) parts.push(['…', false]);
  return parts;
}

/** Every page that holds all phrases of query (the benchmark and tests use it). */
export async function searchAll(base, query) {
  const index = new SearchIndex(base);
  const { phrases: wanted, pages } = await index.search(query);
  const found = await Promise.all(pages.map(({ page }) => index.resolve(page, wanted)));
  return found.filter(Boolean);
}

// -- the dialog -----------------------------------------------------------------------------

function fill(el, parts) {
  for (const [text, marked] of parts) {
    if (!marked) {
      el.append(text);
    } else {
      const mark = document.createElement('mark');
      mark.textContent = text;
      el.append(mark);
    }
  }
  return el;
}

function item(hit) {
  const li = document.createElement('li');
  li.className = 'md-search-result__item';
  const link = (href, heading, parts, top) => {
    const a = document.createElement('a');
    a.className = 'md-search-result__link';
    a.href = href;
    const article = document.createElement('article');
    article.className = 'md-search-result__article md-typeset';
    if (top) {
      const icon = document.createElement('div');
      icon.className = 'md-search-result__icon md-icon';
      article.append(icon);
    }
    article.append(fill(document.createElement(top ? 'h1' : 'h2'), heading));
    if (parts?.length) article.append(fill(document.createElement('p'), parts));
    a.append(article);
    return a;
  };
  const [head, ...rest] = hit.sections[0]?.anchor === '' ? hit.sections : [null, ...hit.sections];
  li.append(link(hit.url, hit.title, head?.snippet, true));
  for (const s of rest) li.append(link(s.url, s.title, s.snippet, false));
  return li;
}

/** Wire the dialog (the .md-search element of the partial) to the index. */
export function mountSearch(root) {
  const index = new SearchIndex(root.dataset.academySearch);
  const input = root.querySelector('input');
  const form = root.querySelector('form');
  const meta = root.querySelector('.md-search-result__meta');
  const list = root.querySelector('.md-search-result__list');
  const result = root.querySelector('.md-search-result');
  let run = 0;
  let timer = 0;
  let more = null;

  const state = (value, text) => {
    result.dataset.state = value;
    meta.textContent = text;
  };

  const show = async (wanted, pages, from, id) => {
    more?.remove();
    more = null;
    const hits = await Promise.all(pages.slice(from, from + PAGE).map(({ page }) => index.resolve(page, wanted)));
    if (id !== run) return;
    for (const hit of hits) if (hit) list.append(item(hit));
    if (from + PAGE < pages.length) {
      more = document.createElement('div');
      more.className = 'md-typeset academy-search-more';
      more.style.padding = '0.6rem 0.8rem';
      const button = more.appendChild(document.createElement('button'));
      button.type = 'button';
      button.className = 'md-button';
      button.textContent = t('search.more');
      button.addEventListener('click', () => {
        const next = list.children.length;
        show(wanted, pages, from + PAGE, id).then(() => list.children[next]?.querySelector('a')?.focus());
      });
      list.after(more);
    }
  };

  const go = async () => {
    const id = ++run;
    const query = input.value.trim();
    list.replaceChildren();
    more?.remove();
    if (!query) {
      state('idle', t('search.type'));
      return;
    }
    state('busy', t('search.loading'));
    try {
      const { phrases: wanted, pages } = await index.search(query);
      if (id !== run) return;
      if (!wanted.length) {
        state('done', t('search.short'));
        return;
      }
      await show(wanted, pages, 0, id);
      if (id !== run) return;
      state('done', pages.length ? t('search.count', { n: pages.length }) : t('search.none'));
    } catch (e) {
      if (id !== run) return;
      console.warn('academy: search', e);
      state('failed', t('search.failed'));
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    result.dataset.state = 'busy'; // the results shown are for an older query
    timer = setTimeout(go, 120);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    const first = list.querySelector('a');
    if (first && result.dataset.state === 'done') first.click(); else go();
  });
  form.addEventListener('reset', () => {
    clearTimeout(timer);
    setTimeout(() => {
      go();
      input.focus();
    });
  });
  index.meta().catch(() => {}); // while the learner types; a failure shows at the first query
  go();
  return { index, search: go };
}
