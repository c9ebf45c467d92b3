// Feedback on a graded reply: where the marks go (code-point offsets from Python) and the advice
// line for each rule. The hits below are shaped exactly as rules' Result.to_dict() returns them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hitText, segments } from '../../theme/assets/academy/feedback.js';
import { setLang } from '../../theme/assets/academy/i18n.js';

setLang('zh-CN');
const hit = (rule, start, end, quote, extra = {}) => ({
  rule, start, end, quote, replacement: null, reason: null, detail: {}, ...extra,
});

test('segments cut the text where marks start and end; overlapping hits share a piece', () => {
  const text = '您必须先提供订单号，大概明天到。';
  const hits = [
    hit('missing-element', 0, 0, '', { detail: { group: 0, alternatives: ['您好'] } }),
    hit('forbidden-phrase', 0, 3, '您必须', { replacement: '我们建议您' }),
    hit('vague-word', 10, 12, '大概'),
    hit('long-sentence', 10, 15, '大概明天到'),
  ];
  const segs = segments(text, hits);
  assert.equal(segs.map((s) => s.text).join(''), text, 'nothing lost or doubled');
  assert.deepEqual(segs.map((s) => [s.text, s.hits]), [
    ['您必须', [1]], ['先提供订单号，', []], ['大概', [2, 3]], ['明天到', [3]], ['。', []],
  ]);
});

test('offsets are code points: text after an emoji is marked in the right place', () => {
  const text = '😊您必须提供订单号';
  const segs = segments(text, [hit('forbidden-phrase', 1, 4, '您必须')]);
  assert.deepEqual(segs.map((s) => s.text), ['😊', '您必须', '提供订单号']);
  assert.deepEqual(segs[1].hits, [0]);
});

test('jargon-ratio marks each term it found; empty and out-of-range spans are ignored', () => {
  const text = '您的SKU已经拦截，工单号稍后发您。';
  const jargon = hit('jargon-ratio', 0, 0, '', { detail: { ratio: 0.3125, limit: 0.05, terms: ['SKU', '工单'],
    spans: [[2, 5], [10, 12]] } });
  const segs = segments(text, [jargon, hit('too-long', 30, 99, '')]);
  assert.deepEqual(segs.filter((s) => s.hits.length).map((s) => s.text), ['SKU', '工单']);
  assert.deepEqual(segments('', []), []);
  assert.deepEqual(segments('好', []).map((s) => s.text), ['好']);
});

test('one advice line per rule, in Chinese, with the suggested wording', () => {
  assert.equal(hitText(hit('forbidden-phrase', 0, 3, '您必须', { replacement: '我们建议您', reason: '命令口吻' })),
    '“您必须”是禁用说法，建议改为“我们建议您”。原因：命令口吻。');
  assert.equal(hitText(hit('forbidden-phrase', 0, 3, '不可能')), '“不可能”是禁用说法，请换一种说法。');
  assert.equal(hitText(hit('missing-element', 0, 0, '', { detail: { group: 1, alternatives: ['抱歉', '久等'] } })),
    '缺少要点：回复中需要包含“抱歉”或“久等”。');
  assert.equal(hitText(hit('vague-word', 0, 2, '大概', { detail: { word: '大概' } })),
    '“大概”是模糊用语，请给客户确切的信息。');
  assert.equal(hitText(hit('long-sentence', 0, 70, 'x', { detail: { chars: 70, limit: 60 } })),
    '这句话有 70 字，超过 60 字，请拆成短句。');
  assert.equal(hitText(hit('too-long', 80, 95, 'x', { detail: { chars: 95, limit: 80 } })),
    '回复共 95 字，超过上限 80 字；超出的部分已标出。');
  assert.equal(hitText(hit('jargon-ratio', 0, 0, '', { detail: { ratio: 0.3125, limit: 0.05, terms: ['SKU', '工单'] } })),
    '术语占比 31.3%，超过 5%（SKU、工单），请换成客户听得懂的说法。');
  assert.equal(hitText(hit('new-rule', 0, 0, '')), '未通过规则“new-rule”。');
});
