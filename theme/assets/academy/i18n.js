// Interface strings. Every string the learner sees lives in i18n/<lang>.json (zh-CN, zh-TW, en),
// one table per language, which the build also reads for the pages it writes (docs/i18n.md).
// A page downloads only its own table: the build names it in <meta name="academy-lang"> and
// preloads it; this module fetches it before any widget mounts (top-level await).
export const table = {}; // language -> {key: string}, the tables loaded so far

const fallback = 'zh-CN';
let lang = fallback;

/** Pick the best loaded table for a BCP 47 tag such as 'zh', 'zh-CN' or 'en-GB'. */
export function setLang(tag) {
  const want = String(tag || '').toLowerCase();
  const keys = Object.keys(table);
  lang = keys.find((k) => k.toLowerCase() === want)
    || keys.find((k) => k.toLowerCase().split('-')[0] === want.split('-')[0])
    || fallback;
  return lang;
}

async function read(url) {
  if (url.protocol === 'file:') { // Node's test runner: fetch() has no file: URLs
    const { readFile } = await import('node:fs/promises');
    return JSON.parse(await readFile(url, 'utf8'));
  }
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

/** Load i18n/<tag>.json (once) and make it the current table. Returns the language in use. */
export async function loadLang(tag) {
  if (/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(tag) && !table[tag]) {
    try {
      table[tag] = await read(new URL(`i18n/${tag}.json`, import.meta.url));
    } catch (e) {
      console.error('academy: interface strings', e);
    }
  }
  return setLang(tag);
}

/** Translate key, filling {name} placeholders from params. Unknown keys return the key. */
export function t(key, params = {}) {
  const s = table[lang]?.[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

/** mm:ss (or h:mm:ss) for a number of seconds. */
export function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const p = (n) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return (h ? h + ':' + p(Math.floor(s / 60) % 60) : p(Math.floor(s / 60))) + ':' + p(s % 60);
}

/** A date (ISO string) in the current language, e.g. 2026/11/20. The pattern comes from the
 *  table: the first toLocaleDateString() of a page loads the locale's date data, ~100 ms of
 *  main thread on a phone (Lighthouse, docs/browser.md). */
export function day(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '—' : t('date.short', { y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate() });
}

await loadLang(globalThis.document?.querySelector('meta[name="academy-lang"]')?.content || fallback);
