// Progress: one versioned document per site in localStorage["academy:<site_id>"].
// Format, migration and import rules: docs/browser.md. No DOM; messages are i18n keys.

export const VERSION = 1;
export const FORMAT = 'service-academy-progress';
const SECTIONS = ['questions', 'banks', 'lessons'];

export const keyFor = (siteId) => `academy:${siteId}`;

const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const obj = (x) => (isObj(x) ? x : {});
const isTime = (x) => x == null || (typeof x === 'string' && !Number.isNaN(Date.parse(x)));
const isNum = (x, max = Infinity) => x == null || (Number.isFinite(x) && x >= 0 && x <= max);
const ms = (x) => (x ? Date.parse(x) || 0 : 0);
const max = (a, b) => (a == null ? (b ?? null) : b == null ? a : Math.max(a, b));

export const emptyProgress = () => ({ questions: {}, banks: {}, lessons: {} });

export const sections = (d) => ({ questions: d.questions, banks: d.banks, lessons: d.lessons });

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
};

export function validProgress(p) {
  return isObj(p) && SECTIONS.every((s) => isObj(p[s])
    && Object.values(p[s]).every((e) => isObj(e) && valid[s](e)));
}

// Merge b into a (new object): later answers win; best, attempts, total time = max;
// passed once = passed; last_* from the later attempt; learned = union (earlier date).
export function mergeProgress(a, b) {
  const out = { questions: { ...a.questions }, banks: { ...a.banks }, lessons: { ...a.lessons } };
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
  for (const [k, l] of Object.entries(b.lessons)) {
    const m = out.lessons[k];
    if (!m || (!m.learned && l.learned)) out.lessons[k] = l;
    else if (m.learned && l.learned && l.at && (!m.at || ms(l.at) < ms(m.at))) out.lessons[k] = l;
  }
  return out;
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
export function openStore(siteId, storage = defaultStorage()) {
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

  // read-modify-write, so two tabs do not undo each other
  const update = (fn) => {
    const d = read();
    fn(d);
    return write(d);
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
    /** r = {score, passed, seconds, answers: {qid: {answer, correct}}}; true if saved. */
    recordAttempt(bankId, r, now = new Date()) {
      return update((d) => {
        const at = now.toISOString();
        for (const [qid, x] of Object.entries(r.answers || {})) {
          d.questions[`${bankId}/${qid}`] = { answer: x.answer ?? null, correct: Boolean(x.correct), at };
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
