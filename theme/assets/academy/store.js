// Progress: one versioned document per site in localStorage["academy:<site_id>"].
// Format, migration and import rules: docs/browser.md. No DOM; messages are i18n keys.
// The game sections (events, days, reviews, badges, level, profile) are optional: written when
// first used, validated and merged when present (docs/game.md).
import { DEFAULT_INTERVALS, leitner, localDay } from './rules.js';

export const VERSION = 2;
export const FORMAT = 'service-academy-progress';
const SECTIONS = ['questions', 'banks', 'lessons', 'practice'];
const GAME = ['events', 'days', 'reviews', 'badges', 'level', 'profile'];
const gameSections = (d) => Object.fromEntries(GAME.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));

export const keyFor = (siteId) => `academy:${siteId}`;

const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const obj = (x) => (isObj(x) ? x : {});
const isTime = (x) => x == null || (typeof x === 'string' && !Number.isNaN(Date.parse(x)));
const isNum = (x, max = Infinity) => x == null || (Number.isFinite(x) && x >= 0 && x <= max);
const ms = (x) => (x ? Date.parse(x) || 0 : 0);
const max = (a, b) => (a == null ? (b ?? null) : b == null ? a : Math.max(a, b));

export const emptyProgress = () => ({ questions: {}, banks: {}, lessons: {}, practice: {} });

export const sections = (d) => ({
  questions: d.questions, banks: d.banks, lessons: d.lessons, practice: obj(d.practice), ...gameSections(d),
});

// MIGRATIONS[n]: version n → n+1; never drop data. v0 = no `version` field (lesson: true|date).
export const MIGRATIONS = {
  0: (d) => {
    const lessons = {};
    for (const [k, v] of Object.entries(obj(d.lessons))) {
      lessons[k] = v === true || typeof v === 'string'
        ? { learned: true, at: typeof v === 'string' ? v : null } : v;
    }
    return { ...d, questions: obj(d.questions), banks: obj(d.banks), lessons };
  },
  // v2: the practice desk's results (docs/practice.md), keyed by manual id/card id
  1: (d) => ({ ...d, practice: obj(d.practice) }),
};

// → {doc, from, newer}; a newer document comes back untouched. Throws if not a document.
export function migrate(doc, migrations = MIGRATIONS, target = VERSION) {
  if (!isObj(doc)) throw new Error('not an object');
  const from = doc.version ?? 0;
  if (!Number.isInteger(from) || from < 0) throw new Error('bad version');
  if (from > target) return { doc, from, newer: true };
  let d = doc;
  for (let v = from; v < target; v++) {
    if (!migrations[v]) throw new Error(`no migration from version ${v}`);
    d = { ...migrations[v](d), version: v + 1 };
  }
  return { doc: d, from, newer: false };
}

const valid = {
  questions: (q) => typeof q.correct === 'boolean' && isTime(q.at),
  banks: (b) => Number.isInteger(b.attempts) && b.attempts >= 0 && isNum(b.best, 100)
    && isNum(b.last_score, 100) && isNum(b.time_total) && isNum(b.last_time)
    && isTime(b.last_at) && (b.passed == null || typeof b.passed === 'boolean'),
  lessons: (l) => typeof l.learned === 'boolean' && isTime(l.at),
  practice: (c) => Number.isInteger(c.attempts) && c.attempts >= 0 && isNum(c.best, 100)
    && isNum(c.last_score, 100) && isNum(c.last_time) && isTime(c.last_at)
    && (c.passed == null || typeof c.passed === 'boolean'),
};

export function validProgress(p) {
  // practice may be missing (files written before version 2): it is empty then
  return isObj(p) && SECTIONS.every((s) => (s === 'practice' && p[s] === undefined) || (isObj(p[s])
    && Object.values(p[s]).every((e) => isObj(e) && valid[s](e))))
    && GAME.every((k) => p[k] === undefined || validGame[k](p[k]));
}

const isDay = (x) => typeof x === 'string' && /^\d{4}-\d\d-\d\d$/.test(x);
const each = (x, ok) => isObj(x) && Object.entries(x).every(([k, v]) => isObj(v) && ok(v, k));
const validGame = {
  events: (x) => Array.isArray(x) && x.every((e) => isObj(e) && typeof e.key === 'string'
    && typeof e.what === 'string' && Number.isFinite(e.points) && e.points >= 0 && isTime(e.at)),
  days: (x) => each(x, (v, k) => isDay(k) && isNum(v.answers) && isNum(v.seconds)),
  reviews: (x) => each(x, (r) => Number.isInteger(r.box) && r.box >= 1 && (r.due == null || isDay(r.due))
    && isNum(r.misses) && isNum(r.right) && isTime(r.at)),
  badges: (x) => each(x, (b) => isTime(b.at)),
  level: (x) => x === null || (isObj(x) && typeof x.id === 'string' && isTime(x.at)),
  profile: (x) => isObj(x) && (x.name == null || typeof x.name === 'string'),
};

// The game sections of b merged into out (a copy of a's): events and badges are unions (the
// earlier date kept), a day keeps the larger counts, a review and the level the later change.
function mergeGame(a, b, out) {
  if (a.events || b.events) {
    const byKey = new Map();
    for (const e of [...(a.events || []), ...(b.events || [])]) {
      const x = byKey.get(e.key);
      if (!x || ms(e.at) < ms(x.at)) byKey.set(e.key, e);
    }
    out.events = [...byKey.values()].sort((x, y) => ms(x.at) - ms(y.at));
  }
  if (a.days || b.days) {
    out.days = { ...a.days };
    for (const [k, v] of Object.entries(b.days || {})) {
      const w = out.days[k] || {};
      out.days[k] = { ...w, ...v, answers: max(w.answers, v.answers) ?? 0, seconds: max(w.seconds, v.seconds) ?? 0 };
    }
  }
  if (a.reviews || b.reviews) {
    out.reviews = { ...a.reviews };
    for (const [k, v] of Object.entries(b.reviews || {})) {
      if (!out.reviews[k] || ms(v.at) > ms(out.reviews[k].at)) out.reviews[k] = v;
    }
  }
  if (a.badges || b.badges) {
    out.badges = { ...a.badges };
    for (const [k, v] of Object.entries(b.badges || {})) {
      if (!out.badges[k] || ms(v.at) < ms(out.badges[k].at)) out.badges[k] = v;
    }
  }
  if (a.level || b.level) out.level = !a.level || (b.level && ms(b.level.at) > ms(a.level.at)) ? b.level : a.level;
  if (a.profile || b.profile) out.profile = { ...b.profile, ...a.profile };
  return out;
}

// Merge b into a (new object): later answers win; best, attempts, total time = max;
// passed once = passed; last_* from the later attempt; learned = union (earlier date).
export function mergeProgress(a, b) {
  const out = {
    questions: { ...a.questions }, banks: { ...a.banks }, lessons: { ...a.lessons }, practice: { ...a.practice },
  };
  for (const [k, q] of Object.entries(b.questions)) {
    const p = out.questions[k];
    if (!p || ms(q.at) > ms(p.at)) out.questions[k] = q;
  }
  for (const [k, x] of Object.entries(b.banks)) {
    const y = out.banks[k];
    if (!y) {
      out.banks[k] = x;
      continue;
    }
    const last = ms(x.last_at) > ms(y.last_at) ? x : y;
    out.banks[k] = {
      ...y, ...x,
      best: max(y.best, x.best),
      attempts: Math.max(y.attempts, x.attempts),
      passed: Boolean(y.passed || x.passed),
      time_total: max(y.time_total, x.time_total),
      last_score: last.last_score ?? null,
      last_time: last.last_time ?? null,
      last_at: last.last_at ?? null,
    };
  }
  for (const [k, x] of Object.entries(obj(b.practice))) {
    const y = out.practice[k];
    const last = !y || ms(x.last_at) > ms(y.last_at) ? x : y;
    out.practice[k] = !y ? x : {
      ...y, ...x, ...last,
      best: max(y.best, x.best),
      attempts: Math.max(y.attempts, x.attempts),
      passed: Boolean(y.passed || x.passed),
    };
  }
  for (const [k, l] of Object.entries(b.lessons)) {
    const m = out.lessons[k];
    if (!m || (!m.learned && l.learned)) out.lessons[k] = l;
    else if (m.learned && l.learned && l.at && (!m.at || ms(l.at) < ms(m.at))) out.lessons[k] = l;
  }
  return mergeGame(a, b, out);
}

const fail = (key, params = {}) => ({ ok: false, key, params });

// Export file text → {ok: true, progress} (migrated) or {ok: false, key, params}.
export function parseImport(text, siteId) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('import.json');
  }
  if (!isObj(data) || data.format !== FORMAT) return fail('import.format');
  if (data.site_id !== siteId) return fail('import.site', { site: String(data.site_id ?? '?') });
  const v = data.version;
  if (!Number.isInteger(v) || v < 0 || !isObj(data.progress)) return fail('import.content');
  if (v > VERSION) return fail('import.version', { version: v, supported: VERSION });
  let m;
  try {
    m = migrate({ ...data.progress, version: v });
  } catch {
    return fail('import.content');
  }
  if (!validProgress(m.doc)) return fail('import.content');
  return { ok: true, progress: sections(m.doc) };
}

export function defaultStorage() {
  try {
    const s = globalThis.localStorage;
    s.setItem('academy:probe', '1');
    s.removeItem('academy:probe');
    return s;
  } catch {
    return null;
  }
}

// storage: localStorage-like, or null (then memory only). status.state: ok | recovered
// (bad text backed up to params.key) | newer (shown, never written) | memory (not saved).
// options.intervals: the Leitner schedule of the 错题本 (academy.yml game.review_intervals).
export function openStore(siteId, storage = defaultStorage(), options = {}) {
  const intervals = options.intervals?.length ? options.intervals : DEFAULT_INTERVALS;
  const listeners = new Set();
  const key = keyFor(siteId);
  const status = storage
    ? { state: 'ok', note: null, params: {} }
    : { state: 'memory', note: 'store.memory', params: {} };
  let mem = null; // the document when not writing to storage
  let newer = null; // a newer version's document, as found

  const fresh = () => ({ version: VERSION, site_id: siteId, ...emptyProgress() });
  const setStatus = (state, note, params = {}) => Object.assign(status, { state, note, params });

  function read() {
    if (mem) return mem;
    let raw = null;
    try {
      raw = storage.getItem(key);
    } catch {
      setStatus('memory', 'store.memory');
      return (mem = fresh());
    }
    if (raw === null) return fresh();
    try {
      const m = migrate(JSON.parse(raw));
      if (m.newer) {
        newer = m.doc;
        setStatus('newer', 'store.newer', { version: m.doc.version });
        const view = validProgress(m.doc) ? m.doc : fresh();
        return (mem = { ...fresh(), ...sections(view) });
      }
      if (!validProgress(m.doc)) throw new Error('malformed');
      return m.doc;
    } catch {
      // keep the unreadable text under another key
      const backup = `${key}:backup:${new Date().toISOString()}`;
      try {
        storage.setItem(backup, raw);
        storage.setItem(key, JSON.stringify(fresh()));
        setStatus('recovered', 'store.recovered', { key: backup });
      } catch {
        setStatus('memory', 'store.full'); // cannot back it up: leave it where it is
        mem = fresh();
      }
      return fresh();
    }
  }

  function write(doc) {
    doc.updated_at = new Date().toISOString();
    if (mem || !storage) {
      mem = doc;
      return false;
    }
    try {
      storage.setItem(key, JSON.stringify(doc));
      return true;
    } catch {
      setStatus('memory', 'store.full');
      mem = doc;
      return false;
    }
  }

  // read-modify-write, so two tabs do not undo each other; listeners hear what changed
  const update = (fn, source = 'progress') => {
    const d = read();
    fn(d);
    const saved = write(d);
    for (const l of listeners) {
      try {
        l(source);
      } catch (e) {
        console.error('academy:', e);
      }
    }
    return saved;
  };
  // answers of one day (local time) and the seconds spent
  const count = (d, now, answers, seconds) => {
    const day = localDay(now);
    d.days ||= {};
    const x = d.days[day] || { answers: 0, seconds: 0 };
    d.days[day] = { ...x, answers: x.answers + answers, seconds: x.seconds + Math.max(0, Math.round(seconds || 0)) };
  };
  const answeredIn = (answers) => Object.values(answers || {}).filter((x) => x.answered ?? x.answer != null).length;
  // a miss enters the 错题本; a right answer on its due day moves it on (rules.js leitner)
  const review = (d, key, correct, now) => {
    const next = leitner(d.reviews?.[key], correct, localDay(now), intervals, now.toISOString());
    if (next) (d.reviews ||= {})[key] = next;
  };

  read(); // sets status now

  return {
    status,
    siteId,
    /** The current document (do not modify). */
    get: () => read(),
    setLearned(path, learned, now = new Date()) {
      return update((d) => {
        if (learned) d.lessons[path] = { learned: true, at: now.toISOString() };
        else delete d.lessons[path];
      });
    },
    /** r = {score, passed, seconds, limit, timeout, answers: {qid: {answer, correct, answered}}};
     * true if saved. A timed bank (limit) passed before the time ran out is `beaten`. */
    recordAttempt(bankId, r, now = new Date()) {
      return update((d) => {
        const at = now.toISOString();
        for (const [qid, x] of Object.entries(r.answers || {})) {
          const key = `${bankId}/${qid}`;
          d.questions[key] = { answer: x.answer ?? null, correct: Boolean(x.correct), at };
          review(d, key, Boolean(x.correct), now);
        }
        const b = d.banks[bankId] || { best: null, attempts: 0, passed: false, time_total: 0 };
        const secs = Math.max(0, Math.round(r.seconds || 0));
        d.banks[bankId] = {
          ...b,
          best: max(b.best, r.score ?? null),
          attempts: b.attempts + 1,
          passed: Boolean(b.passed || r.passed),
          time_total: (b.time_total || 0) + secs,
          last_score: r.score ?? null,
          last_time: secs,
          last_at: at,
        };
        if (r.passed && r.limit > 0 && !r.timeout) d.banks[bankId].beaten = true;
        count(d, now, answeredIn(r.answers), secs);
      });
    },
    /** A 错题本 session: answers = {"bank/question": {answer, correct, answered}}. */
    recordReview(answers, seconds, now = new Date()) {
      return update((d) => {
        const at = now.toISOString();
        for (const [key, x] of Object.entries(answers)) {
          d.questions[key] = { answer: x.answer ?? null, correct: Boolean(x.correct), at };
          review(d, key, Boolean(x.correct), now);
        }
        count(d, now, answeredIn(answers), seconds);
      }, 'review');
    },
    /** Seconds spent reading lessons (counted in time studied, not in the daily goal). */
    addTime(seconds, now = new Date()) {
      if (!(seconds >= 1)) return false;
      return update((d) => count(d, now, 0, seconds), 'time');
    },
    /** What the game worked out (game.js settle): new events, review entries, badges, the level,
     * and 错题本 entries to retire (their question left the course). */
    applyGame({ events = [], reviews = {}, badges = [], level = null, retire = [] }, now = new Date()) {
      return update((d) => {
        const at = now.toISOString();
        for (const k of retire) if (d.reviews?.[k]) d.reviews[k] = { ...d.reviews[k], done: true, due: null };
        const have = new Set((d.events || []).map((e) => e.key));
        const fresh = events.filter((e) => !have.has(e.key));
        if (fresh.length || d.events) d.events = [...(d.events || []), ...fresh];
        for (const [k, v] of Object.entries(reviews)) if (!d.reviews?.[k]) (d.reviews ||= {})[k] = v;
        for (const id of badges) if (!d.badges?.[id]) (d.badges ||= {})[id] = { at };
        if (level) d.level = { id: level, at };
      }, 'game');
    },
    setName(name) {
      return update((d) => {
        d.profile = { ...d.profile, name: String(name).slice(0, 40) };
      }, 'profile');
    },
    /** fn(source) after every change this page makes; returns a function that stops it. */
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** Practice desk: r = {score, passed, seconds, text}; keyed 'manualId/cardId'; true if saved. */
    recordPractice(key, r, now = new Date()) {
      return update((d) => {
        d.practice = obj(d.practice);
        const c = d.practice[key] || { best: null, attempts: 0, passed: false };
        d.practice[key] = {
          ...c,
          best: max(c.best, r.score ?? null),
          attempts: c.attempts + 1,
          passed: Boolean(c.passed || r.passed),
          last_score: r.score ?? null,
          last_time: Math.max(0, Math.round(r.seconds || 0)),
          last_text: typeof r.text === 'string' ? r.text : null,
          last_at: now.toISOString(),
        };
      });
    },
    exportData(now = new Date()) {
      const d = newer || read();
      return {
        format: FORMAT,
        version: d.version,
        site_id: siteId,
        exported_at: now.toISOString(),
        progress: sections(d),
      };
    },
    /** → {ok, key, params}; nothing changes unless ok. */
    importText(text) {
      if (newer) return fail('import.readonly', status.params);
      const r = parseImport(text, siteId);
      if (!r.ok) return r;
      const count = (s) => Object.keys(r.progress[s]).length;
      update((d) => Object.assign(d, mergeProgress(sections(d), r.progress)));
      return {
        ok: true,
        key: 'progress.imported',
        params: { lessons: count('lessons'), banks: count('banks'), questions: count('questions') },
      };
    },
  };
}
