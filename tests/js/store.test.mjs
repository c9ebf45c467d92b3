// Progress store: migration, validation, merge, import, corrupted/unavailable storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FORMAT, MIGRATIONS, VERSION, keyFor, mergeProgress, migrate, openStore, parseImport, validProgress,
} from '../../theme/assets/academy/store.js';

const SITE = 'service-academy';
const KEY = keyFor(SITE);

/** A Map-backed stand-in for localStorage; quota = max characters stored per value. */
class FakeStorage {
  constructor(items = {}, { quota = Infinity, broken = false } = {}) {
    this.map = new Map(Object.entries(items));
    this.quota = quota;
    this.broken = broken;
  }
  getItem(k) {
    if (this.broken) throw new Error('SecurityError');
    return this.map.has(k) ? this.map.get(k) : null;
  }
  setItem(k, v) {
    if (this.broken || String(v).length > this.quota) throw new Error('QuotaExceededError');
    this.map.set(k, String(v));
  }
  removeItem(k) {
    this.map.delete(k);
  }
  json(k = KEY) {
    return JSON.parse(this.map.get(k));
  }
}

const attempt = (score, extra = {}) => ({
  score, passed: score >= 80, seconds: 30,
  answers: { q1: { answer: 'A', correct: score >= 80 }, q2: { answer: ['x'], correct: false } },
  ...extra,
});
const exportText = (progress, over = {}) => JSON.stringify({
  format: FORMAT, version: VERSION, site_id: SITE, exported_at: '2026-01-01T00:00:00.000Z', progress, ...over,
});

test('a fresh store writes one versioned document under academy:<site_id>', () => {
  const s = new FakeStorage();
  const store = openStore(SITE, s);
  assert.equal(store.status.state, 'ok');
  assert.equal(store.setLearned('foundation/x.md', true, new Date('2026-02-03T04:05:06Z')), true);
  assert.deepEqual([...s.map.keys()], [KEY]);
  const doc = s.json();
  assert.equal(doc.version, VERSION);
  assert.equal(doc.site_id, SITE);
  assert.deepEqual(doc.lessons, { 'foundation/x.md': { learned: true, at: '2026-02-03T04:05:06.000Z' } });
  store.setLearned('foundation/x.md', false);
  assert.deepEqual(s.json().lessons, {});
});

test('recordAttempt keeps answers per bank/question, best score, attempts, total and last time', () => {
  const s = new FakeStorage();
  const store = openStore(SITE, s);
  store.recordAttempt('b1', attempt(90, { seconds: 40.4 }), new Date('2026-01-01T00:00:00Z'));
  store.recordAttempt('b1', attempt(50, { seconds: 20 }), new Date('2026-01-02T00:00:00Z'));
  const doc = s.json();
  assert.deepEqual(doc.banks.b1, {
    best: 90, attempts: 2, passed: true, time_total: 60,
    last_score: 50, last_time: 20, last_at: '2026-01-02T00:00:00.000Z',
  });
  assert.deepEqual(doc.questions['b1/q1'], { answer: 'A', correct: false, at: '2026-01-02T00:00:00.000Z' });
  assert.deepEqual(doc.questions['b1/q2'].answer, ['x']);
  assert.ok(validProgress(doc));
});

test('two store instances (two tabs) do not undo each other', () => {
  const s = new FakeStorage();
  const a = openStore(SITE, s);
  const b = openStore(SITE, s);
  a.setLearned('one.md', true);
  b.setLearned('two.md', true);
  assert.deepEqual(Object.keys(s.json().lessons).sort(), ['one.md', 'two.md']);
});

test('migrate: version-less (v0) documents are brought up to date without losing data', () => {
  const old = { lessons: { 'a.md': true, 'b.md': '2025-05-01T00:00:00Z' }, banks: { b: { best: 70, attempts: 3 } } };
  const { doc, from, newer } = migrate(old);
  assert.equal(from, 0);
  assert.equal(newer, false);
  assert.equal(doc.version, VERSION);
  assert.deepEqual(doc.lessons['a.md'], { learned: true, at: null });
  assert.deepEqual(doc.lessons['b.md'], { learned: true, at: '2025-05-01T00:00:00Z' });
  assert.deepEqual(doc.banks, old.banks);
  assert.deepEqual(doc.questions, {});
  assert.ok(validProgress(doc));
});

test('migrate: runs every step in order and leaves newer documents untouched', () => {
  const steps = {
    0: (d) => ({ ...d, trail: ['0→1'] }),
    1: (d) => ({ ...d, trail: [...d.trail, '1→2'] }),
    2: (d) => ({ ...d, trail: [...d.trail, '2→3'] }),
  };
  assert.deepEqual(migrate({ x: 1 }, steps, 3).doc, { x: 1, trail: ['0→1', '1→2', '2→3'], version: 3 });
  assert.deepEqual(migrate({ version: 2, trail: [] }, steps, 3).doc.trail, ['2→3']);
  const future = { version: 9, whatever: { shape: true } };
  const m = migrate(future, steps, 3);
  assert.equal(m.newer, true);
  assert.equal(m.doc, future, 'same object, not copied or changed');
  assert.throws(() => migrate({ version: 1 }, { 0: steps[0] }, 3), /no migration/);
  assert.throws(() => migrate('text'), /not an object/);
  assert.throws(() => migrate({ version: -1 }), /bad version/);
  assert.throws(() => migrate({ version: '1' }), /bad version/);
  assert.equal(typeof MIGRATIONS[VERSION - 1], 'function', 'a step leads to the current version');
});

test('an older stored document is migrated on open and written back in the new format', () => {
  const s = new FakeStorage({ [KEY]: JSON.stringify({ lessons: { 'a.md': true } }) });
  const store = openStore(SITE, s);
  assert.equal(store.status.state, 'ok');
  assert.deepEqual(store.get().lessons['a.md'], { learned: true, at: null });
  store.setLearned('b.md', true);
  assert.equal(s.json().version, VERSION);
  assert.equal(s.json().lessons['a.md'].learned, true, 'old data kept');
});

test('a document from a newer version is shown but never written', () => {
  const raw = JSON.stringify({
    version: VERSION + 1, site_id: SITE, questions: {}, banks: {},
    lessons: { 'a.md': { learned: true, at: null } }, future: 'field',
  });
  const s = new FakeStorage({ [KEY]: raw });
  const store = openStore(SITE, s);
  assert.equal(store.status.state, 'newer');
  assert.equal(store.status.note, 'store.newer');
  assert.equal(store.status.params.version, VERSION + 1);
  assert.equal(store.get().lessons['a.md'].learned, true, 'readable view');
  assert.equal(store.setLearned('b.md', true), false, 'not saved');
  assert.equal(store.recordAttempt('b', attempt(100)), false);
  assert.equal(store.get().lessons['b.md'].learned, true, 'kept in memory for this page');
  assert.equal(s.map.get(KEY), raw, 'stored text unchanged');
  const r = store.importText(exportText({ questions: {}, banks: {}, lessons: {} }));
  assert.equal(r.ok, false);
  assert.equal(r.key, 'import.readonly');
  assert.equal(s.map.get(KEY), raw);
  assert.equal(store.exportData().version, VERSION + 1, 'export keeps the newer data as it is');
});

for (const [name, raw] of [
  ['not JSON', '{"version": 1, "lessons": {'],
  ['JSON null', 'null'],
  ['a number', '42'],
  ['malformed section', JSON.stringify({ version: 1, questions: [], banks: {}, lessons: {} })],
  ['malformed entry', JSON.stringify({ version: 1, questions: {}, banks: { b: { attempts: 'many' } }, lessons: {} })],
  ['bad version', JSON.stringify({ version: 'one' })],
]) {
  test(`corrupted stored document (${name}) is backed up, not lost`, () => {
    const s = new FakeStorage({ [KEY]: raw, other: 'x' });
    const store = openStore(SITE, s);
    assert.equal(store.status.state, 'recovered');
    const backup = store.status.params.key;
    assert.ok(backup.startsWith(`${KEY}:backup:`), backup);
    assert.equal(s.map.get(backup), raw, 'raw text kept verbatim');
    assert.equal(s.map.get('other'), 'x');
    assert.deepEqual(store.get().lessons, {});
    assert.equal(store.setLearned('a.md', true), true, 'works again');
    assert.equal(s.map.get(backup), raw);
    assert.equal(openStore(SITE, s).status.state, 'ok', 'recovered only once');
  });
}

test('corrupted document that cannot be backed up stays where it is', () => {
  const raw = 'garbage'.repeat(10);
  const s = new FakeStorage({ [KEY]: raw }, { quota: 20 });
  const store = openStore(SITE, s);
  assert.equal(store.status.state, 'memory');
  assert.equal(store.setLearned('a.md', true), false);
  assert.equal(s.map.get(KEY), raw);
  assert.equal(s.map.size, 1);
});

test('unavailable storage: everything works in memory and says so', () => {
  for (const storage of [null, new FakeStorage({}, { broken: true })]) {
    const store = openStore(SITE, storage);
    assert.equal(store.status.state, 'memory');
    assert.equal(store.status.note, 'store.memory');
    assert.equal(store.setLearned('a.md', true), false);
    store.recordAttempt('b', attempt(100));
    assert.equal(store.get().lessons['a.md'].learned, true);
    assert.equal(store.get().banks.b.best, 100);
    const r = store.importText(exportText({ questions: {}, banks: {}, lessons: { 'c.md': { learned: true, at: null } } }));
    assert.equal(r.ok, true);
    assert.equal(store.get().lessons['c.md'].learned, true);
  }
});

test('a full storage switches to memory instead of throwing', () => {
  const s = new FakeStorage({}, { quota: 250 });
  const store = openStore(SITE, s);
  assert.equal(store.setLearned('a.md', true), true);
  assert.equal(store.recordAttempt('bank', attempt(100)), false);
  assert.equal(store.status.state, 'memory');
  assert.equal(store.status.note, 'store.full');
  assert.equal(store.get().banks.bank.best, 100, 'still visible on this page');
});

test('export file format', () => {
  const s = new FakeStorage();
  const store = openStore(SITE, s);
  store.setLearned('a.md', true, new Date('2026-01-01T00:00:00Z'));
  const data = store.exportData(new Date('2026-03-04T05:06:07Z'));
  assert.deepEqual(Object.keys(data).sort(), ['exported_at', 'format', 'progress', 'site_id', 'version']);
  assert.equal(data.format, 'service-academy-progress');
  assert.equal(data.version, VERSION);
  assert.equal(data.site_id, SITE);
  assert.equal(data.exported_at, '2026-03-04T05:06:07.000Z');
  assert.deepEqual(Object.keys(data.progress).sort(), ['banks', 'lessons', 'practice', 'questions']);
  assert.ok(parseImport(JSON.stringify(data), SITE).ok, 'an export imports back');
});

test('parseImport refuses each kind of bad file with its own message', () => {
  const ok = { questions: {}, banks: {}, lessons: {} };
  const cases = [
    ['not json', 'import.json'],
    ['', 'import.json'],
    [JSON.stringify([1, 2]), 'import.format'],
    [JSON.stringify({ format: 'something-else', version: 1, site_id: SITE, progress: ok }), 'import.format'],
    [exportText(ok, { site_id: 'other-site' }), 'import.site'],
    [exportText(ok, { site_id: undefined }), 'import.site'],
    [exportText(ok, { version: VERSION + 1 }), 'import.version'],
    [exportText(ok, { version: 'x' }), 'import.content'],
    [exportText(null), 'import.content'],
    [exportText({ ...ok, lessons: { 'a.md': { learned: 'yes' } } }), 'import.content'],
    [exportText({ ...ok, banks: { b: { best: 250, attempts: 1 } } }), 'import.content'],
    [exportText({ ...ok, banks: { b: { best: 50, attempts: -1 } } }), 'import.content'],
    [exportText({ ...ok, questions: { 'b/q': { correct: true, at: 'not a date' } } }), 'import.content'],
    [exportText({ ...ok, questions: 'none' }), 'import.content'],
  ];
  for (const [text, key] of cases) assert.equal(parseImport(text, SITE).key, key, text);
  assert.equal(parseImport(exportText(ok, { site_id: 'other-site' }), SITE).params.site, 'other-site');
  assert.deepEqual(parseImport(exportText(ok, { version: 7 }), SITE).params, { version: 7, supported: VERSION });
});

test('parseImport migrates an older file', () => {
  const r = parseImport(exportText({ lessons: { 'a.md': true } }, { version: 0 }), SITE);
  assert.equal(r.ok, true);
  assert.deepEqual(r.progress, {
    questions: {}, banks: {}, lessons: { 'a.md': { learned: true, at: null } }, practice: {},
  });
});

test('a refused import changes nothing stored', () => {
  const s = new FakeStorage();
  const store = openStore(SITE, s);
  store.setLearned('a.md', true);
  store.recordAttempt('b', attempt(90));
  const before = s.map.get(KEY);
  for (const text of ['{oops', exportText({ questions: {}, banks: {}, lessons: {} }, { site_id: 'x' }),
    exportText({ questions: {}, banks: { b: { best: 100 } }, lessons: {} })]) {
    assert.equal(store.importText(text).ok, false);
    assert.equal(s.map.get(KEY), before);
  }
});

test('merge: best kept, attempts max, later answers win, learned is a union', () => {
  const mine = {
    questions: {
      'b/q1': { answer: 'A', correct: true, at: '2026-01-05T00:00:00Z' },
      'b/q2': { answer: 'B', correct: false, at: '2026-01-01T00:00:00Z' },
    },
    banks: {
      b: { best: 90, attempts: 2, passed: true, time_total: 100, last_score: 90, last_time: 50, last_at: '2026-01-05T00:00:00Z' },
      c: { best: 40, attempts: 1, passed: false, time_total: 10, last_score: 40, last_time: 10, last_at: '2026-01-01T00:00:00Z' },
    },
    lessons: { 'a.md': { learned: true, at: '2026-01-03T00:00:00Z' }, 'b.md': { learned: true, at: null } },
  };
  const theirs = {
    questions: {
      'b/q1': { answer: 'C', correct: false, at: '2026-01-02T00:00:00Z' },
      'b/q2': { answer: 'A', correct: true, at: '2026-01-09T00:00:00Z' },
      'b/q3': { answer: 1, correct: true, at: null },
    },
    banks: {
      b: { best: 70, attempts: 5, passed: false, time_total: 300, last_score: 70, last_time: 60, last_at: '2026-01-09T00:00:00Z' },
      d: { best: 100, attempts: 1, passed: true, time_total: 5, last_score: 100, last_time: 5, last_at: null },
    },
    lessons: { 'a.md': { learned: true, at: '2026-01-01T00:00:00Z' }, 'c.md': { learned: true, at: null } },
  };
  const m = mergeProgress(mine, theirs);
  assert.equal(m.questions['b/q1'].answer, 'A', 'mine is later');
  assert.equal(m.questions['b/q2'].answer, 'A', 'theirs is later');
  assert.ok(m.questions['b/q3']);
  assert.deepEqual(m.banks.b, {
    best: 90, attempts: 5, passed: true, time_total: 300, last_score: 70, last_time: 60, last_at: '2026-01-09T00:00:00Z',
  });
  assert.deepEqual(m.banks.c, mine.banks.c);
  assert.deepEqual(m.banks.d, theirs.banks.d);
  assert.deepEqual(Object.keys(m.lessons).sort(), ['a.md', 'b.md', 'c.md']);
  assert.equal(m.lessons['a.md'].at, '2026-01-01T00:00:00Z', 'first learned date kept');
  assert.ok(validProgress(m));
  assert.deepEqual(mine.banks.b.attempts, 2, 'inputs not modified');
  // merging is idempotent: importing the same file twice changes nothing more
  assert.deepEqual(mergeProgress(m, theirs), m);
});

test('importText merges into the stored document and reports counts', () => {
  const s = new FakeStorage();
  const store = openStore(SITE, s);
  store.recordAttempt('b', attempt(60), new Date('2026-01-01T00:00:00Z'));
  const r = store.importText(exportText({
    questions: { 'b/q1': { answer: 'A', correct: true, at: '2026-02-01T00:00:00Z' } },
    banks: { b: { best: 100, attempts: 3, passed: true, time_total: 90, last_score: 100, last_time: 30, last_at: '2026-02-01T00:00:00Z' } },
    lessons: { 'x.md': { learned: true, at: '2026-02-01T00:00:00Z' } },
  }));
  assert.deepEqual(r, { ok: true, key: 'progress.imported', params: { lessons: 1, banks: 1, questions: 1 } });
  const doc = s.json();
  assert.equal(doc.banks.b.best, 100);
  assert.equal(doc.banks.b.attempts, 3);
  assert.equal(doc.banks.b.passed, true);
  assert.equal(doc.questions['b/q1'].correct, true);
  assert.equal(doc.questions['b/q2'].answer[0], 'x', 'own answers kept');
  assert.equal(doc.lessons['x.md'].learned, true);
  assert.equal(doc.version, VERSION);
});

// Version 2: the practice desk's results (docs/practice.md).
test('migration 1 → 2 adds an empty practice section and keeps everything else', () => {
  const v1 = {
    version: 1, site_id: SITE, extra: { kept: true },
    questions: { 'b/q': { answer: 'A', correct: true, at: '2026-01-01T00:00:00Z' } },
    banks: {}, lessons: { 'a.md': { learned: true, at: null } },
  };
  const { doc, from } = migrate(v1);
  assert.equal(from, 1);
  assert.equal(doc.version, 2);
  assert.deepEqual(doc.practice, {});
  assert.deepEqual(doc.questions, v1.questions);
  assert.deepEqual(doc.extra, { kept: true });
  const s = new FakeStorage({ [KEY]: JSON.stringify(v1) });
  const store = openStore(SITE, s);
  assert.equal(store.status.state, 'ok');
  store.recordPractice('logistics/parcel-stuck', { score: 70, passed: true, seconds: 21.6, text: '您好' });
  const stored = s.json();
  assert.equal(stored.version, 2);
  assert.deepEqual(stored.lessons, v1.lessons, 'written back in the new format without loss');
});

test('recordPractice keeps best, attempts, passed once and the last try', () => {
  const s = new FakeStorage();
  const store = openStore(SITE, s);
  store.recordPractice('m/c', { score: 85, passed: true, seconds: 20, text: 'A' }, new Date('2026-01-01T00:00:00Z'));
  store.recordPractice('m/c', { score: 40, passed: false, seconds: 30.2, text: 'B' }, new Date('2026-01-02T00:00:00Z'));
  assert.deepEqual(s.json().practice['m/c'], {
    best: 85, attempts: 2, passed: true, last_score: 40, last_time: 30, last_text: 'B',
    last_at: '2026-01-02T00:00:00.000Z',
  });
  assert.ok(validProgress(s.json()));
});

test('practice results merge on import and bad ones are refused', () => {
  const s = new FakeStorage();
  const store = openStore(SITE, s);
  store.recordPractice('m/c', { score: 60, passed: true, seconds: 20, text: 'mine' }, new Date('2026-01-01T00:00:00Z'));
  const theirs = {
    questions: {}, banks: {}, lessons: {},
    practice: { 'm/c': { best: 50, attempts: 4, passed: false, last_score: 50, last_time: 9, last_text: 'theirs', last_at: '2026-02-01T00:00:00Z' } },
  };
  assert.equal(store.importText(exportText(theirs)).ok, true);
  assert.deepEqual(s.json().practice['m/c'], {
    best: 60, attempts: 4, passed: true, last_score: 50, last_time: 9, last_text: 'theirs', last_at: '2026-02-01T00:00:00Z',
  });
  const before = s.map.get(KEY);
  const bad = { ...theirs, practice: { 'm/c': { ...theirs.practice['m/c'], best: 101 } } };
  assert.equal(store.importText(exportText(bad)).key, 'import.content');
  assert.equal(s.map.get(KEY), before);
  // a version-1 file (no practice section) still imports
  assert.equal(store.importText(exportText({ questions: {}, banks: {}, lessons: {} }, { version: 1 })).ok, true);
});
