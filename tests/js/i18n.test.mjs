// The translation table: lookup, placeholders, language choice, and that code only uses keys
// that exist (a missing key would show up as the raw key in the interface).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { clock, setLang, t, table } from '../../theme/assets/academy/i18n.js';

const dir = new URL('../../theme/assets/academy/', import.meta.url);

test('t fills placeholders and falls back to the key', () => {
  setLang('zh-CN');
  assert.equal(t('quiz.q', { n: 3 }), '第 3 题');
  assert.equal(t('quiz.meta', { count: 2 }), '共 2 题 · 及格线 {pass}%', 'missing params stay visible');
  assert.equal(t('no.such.key'), 'no.such.key');
});

test('setLang matches the primary subtag and falls back to zh-CN', () => {
  assert.equal(setLang('zh'), 'zh-CN');
  assert.equal(setLang('ZH-cn'), 'zh-CN');
  assert.equal(setLang('fr-FR'), 'zh-CN');
  assert.equal(setLang(''), 'zh-CN');
  table['en'] = { 'quiz.submit': 'Submit' };
  try {
    assert.equal(setLang('en-GB'), 'en');
    assert.equal(t('quiz.submit'), 'Submit');
    assert.equal(t('quiz.retry'), '再试一次', 'untranslated keys fall back to zh-CN');
  } finally {
    delete table.en;
    setLang('zh-CN');
  }
});

test('clock formats seconds as mm:ss', () => {
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
