// The translation tables: lookup, placeholders, loading one language's table, and that code only
// uses keys that exist (a missing key would show up as the raw key in the interface). Key and
// placeholder parity between the tables is tested in Python (tests/unit/test_i18n.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { clock, day, loadLang, setLang, t, table } from '../../theme/assets/academy/i18n.js';

const dir = new URL('../../theme/assets/academy/', import.meta.url);

test('importing the module loads only the default table (zh-CN) when no page names one', () => {
  assert.deepEqual(Object.keys(table), ['zh-CN']);
});

test('t fills placeholders and falls back to the key', () => {
  setLang('zh-CN');
  assert.equal(t('quiz.q', { n: 3 }), '第 3 题');
  assert.equal(t('quiz.meta', { count: 2 }), '共 2 题 · 及格线 {pass}%', 'missing params stay visible');
  assert.equal(t('no.such.key'), 'no.such.key');
});

test('loadLang fetches a table once and switches to it; setLang matches the primary subtag', async () => {
  try {
    assert.equal(await loadLang('en'), 'en');
    assert.equal(t('quiz.submit'), 'Submit answers');
    assert.equal(t('quiz.q', { n: 3 }), 'Question 3');
    assert.equal(setLang('en-GB'), 'en');
    assert.equal(await loadLang('zh-TW'), 'zh-TW');
    assert.equal(t('quiz.submit'), '送出答案');
    assert.equal(setLang('zh'), 'zh-CN');
    assert.equal(setLang('ZH-cn'), 'zh-CN');
    assert.equal(setLang('fr-FR'), 'zh-CN');
    assert.equal(setLang(''), 'zh-CN');
  } finally {
    setLang('zh-CN');
  }
});

test('a language without a table, or a tag that is not one, keeps zh-CN and says why', async (ctx) => {
  const errors = ctx.mock.method(console, 'error', () => {});
  assert.equal(await loadLang('fr'), 'zh-CN');
  assert.equal(errors.mock.callCount(), 1, 'a missing table is reported');
  assert.equal(await loadLang('../../package'), 'zh-CN');
  assert.equal(errors.mock.callCount(), 1, 'no file outside i18n/ is read');
  assert.ok(!('fr' in table) && !('../../package' in table));
  assert.equal(t('quiz.submit'), '提交答案');
});

test('day follows the current language; clock formats seconds as mm:ss', async () => {
  try {
    await loadLang('en');
    assert.equal(day('2026-11-20T12:00:00'), '11/20/2026');
    setLang('zh-CN');
    assert.equal(day('2026-11-20T12:00:00'), '2026/11/20');
  } finally {
    setLang('zh-CN');
  }
  assert.equal(clock(0), '00:00');
  assert.equal(clock(59.6), '01:00');
  assert.equal(clock(240), '04:00');
  assert.equal(clock(3725), '1:02:05');
  assert.equal(clock(-5), '00:00');
});

test('every t() key used in the modules and every store message key exists', () => {
  const keys = new Set(Object.keys(table['zh-CN']));
  const used = new Set();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const src = readFileSync(new URL(f, dir), 'utf8');
    for (const m of src.matchAll(/\bt\('([\w.]*\w)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/'((?:import|store|quiz|lesson|progress)\.[\w.]*\w)'/g)) used.add(m[1]);
  }
  used.add('quiz.type.reply');
  used.add('quiz.type.scenario');
  const missing = [...used].filter((k) => !keys.has(k));
  assert.deepEqual(missing, []);
});
