// Grading of every question type, shuffling, normalisation. Run: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answered, bestPath, chosenFeedback, gradeBank, isCorrect, normalize, playScenario, rightAnswer, shuffle,
  shuffleAway,
} from '../../theme/assets/academy/grade.js';

const single = {
  id: 's', type: 'single', prompt: 'p', explanation: 'e', points: 1,
  options: [
    { text: 'A', correct: true, feedback: null },
    { text: 'B', correct: false, feedback: '不对，B 推卸责任' },
    { text: 'C', correct: false, feedback: null },
  ],
};
const multiple = {
  id: 'm', type: 'multiple', prompt: 'p', explanation: 'e', points: 2,
  options: [
    { text: '问候', correct: true, feedback: null },
    { text: '索要订单号', correct: false, feedback: '不是开场白要素' },
    { text: '表明身份', correct: true, feedback: null },
  ],
};
const tf = { id: 't', type: 'truefalse', prompt: 'p', explanation: 'e', points: 1, answer: false };
const fill = { id: 'f', type: 'fill', prompt: 'p', explanation: 'e', points: 1, answers: ['30', '30 秒', 'SLA'] };
const order = { id: 'o', type: 'order', prompt: 'p', explanation: 'e', points: 1, items: ['一', '二', '三', '四'] };
const match = {
  id: 'x', type: 'match', prompt: 'p', explanation: 'e', points: 1,
  pairs: [{ left: 'L1', right: 'R1' }, { left: 'L2', right: 'R2' }, { left: 'L3', right: 'R3' }],
};
const reply = { id: 'r', type: 'reply', prompt: 'p', explanation: 'e', points: 5, rubric: { require: [['您好']] }, sample: '您好' };
const scenario = {
  id: 'c', type: 'scenario', prompt: 'p', explanation: 'e', points: 5, start: 'greet',
  nodes: [
    { id: 'angry', customer: '我都等三天了！', choices: [
      { text: '非常抱歉，我马上查。', score: 3, feedback: '先致歉', next: 'found' },
      { text: '请提供订单号。', score: 1, feedback: '太生硬', next: 'found' },
      { text: '这不归我管。', score: -2, feedback: '推诿', next: null },
    ] },
    { id: 'greet', customer: '在吗？', choices: [
      { text: '您好，请问有什么可以帮您？', score: 2, feedback: '', next: 'angry' },
      { text: '在。', score: 0, feedback: '太简短', next: 'angry' },
    ] },
    { id: 'found', customer: '那什么时候到？', choices: [
      { text: '预计明天下午送达，我会跟进。', score: 3, feedback: '', next: 'thanks' },
      { text: '大概这两天吧。', score: 0, feedback: '模糊', next: null },
    ] },
    { id: 'thanks', customer: '好的，谢谢。', choices: [] },
  ],
};
const BEST = ['您好，请问有什么可以帮您？', '非常抱歉，我马上查。', '预计明天下午送达，我会跟进。'];

test('single: only the correct option text is right', () => {
  assert.equal(isCorrect(single, 'A'), true);
  assert.equal(isCorrect(single, 'B'), false);
  assert.equal(isCorrect(single, null), false);
  assert.equal(isCorrect(single, 'not an option'), false);
});

test('multiple: exactly the set of correct options, order and duplicates ignored', () => {
  assert.equal(isCorrect(multiple, ['表明身份', '问候']), true);
  assert.equal(isCorrect(multiple, ['问候', '表明身份', '问候']), true);
  assert.equal(isCorrect(multiple, ['问候']), false, 'missing one');
  assert.equal(isCorrect(multiple, ['问候', '表明身份', '索要订单号']), false, 'one too many');
  assert.equal(isCorrect(multiple, []), false);
});

test('truefalse: compares booleans, null is unanswered', () => {
  assert.equal(isCorrect(tf, false), true);
  assert.equal(isCorrect(tf, true), false);
  assert.equal(isCorrect(tf, null), false);
  assert.equal(answered(tf, false), true, 'false is an answer');
  assert.equal(answered(tf, null), false);
});

test('fill: trims, folds full-width and case', () => {
  assert.equal(isCorrect(fill, '30'), true);
  assert.equal(isCorrect(fill, '  ３０\u3000'), true, 'full-width digits and ideographic space');
  assert.equal(isCorrect(fill, '30\u3000秒'), true, 'ideographic space inside');
  assert.equal(isCorrect(fill, 'ｓｌａ'), true, 'full-width lower-case letters');
  assert.equal(isCorrect(fill, 'Sla'), true);
  assert.equal(isCorrect(fill, '31'), false);
  assert.equal(isCorrect(fill, '   '), false);
  assert.equal(answered(fill, '  '), false);
  assert.equal(normalize(' ＡＢ　Ｃ！ '), 'ab c!');
});

test('order: the exact sequence', () => {
  assert.equal(isCorrect(order, ['一', '二', '三', '四']), true);
  assert.equal(isCorrect(order, ['二', '一', '三', '四']), false);
  assert.equal(isCorrect(order, ['一', '二', '三']), false);
  assert.equal(isCorrect(order, null), false);
});

test('match: every left paired with its right', () => {
  assert.equal(isCorrect(match, { L1: 'R1', L2: 'R2', L3: 'R3' }), true);
  assert.equal(isCorrect(match, { L1: 'R2', L2: 'R1', L3: 'R3' }), false);
  assert.equal(isCorrect(match, { L1: 'R1', L2: 'R2', L3: null }), false, 'one left unanswered');
  assert.equal(answered(match, { L1: null, L2: null, L3: null }), false);
  assert.equal(answered(match, { L1: 'R1', L2: null }), true);
});

test('reply: the verdict comes from the rule engine; an ungraded reply is left out', () => {
  assert.equal(isCorrect(reply, { text: '您好', score: 100, passed: true }), true);
  assert.equal(isCorrect(reply, { text: '你', score: 75, passed: false }), false);
  assert.equal(isCorrect(reply, '您好'), false, 'a bare string was never graded');
  assert.equal(answered(reply, { text: '  ', passed: false }), false);
  let g = gradeBank({ id: 'b', questions: [reply, tf] }, { r: { text: '您好', passed: true }, t: false });
  assert.equal(g.percent, 100);
  assert.equal(g.total, 6);
  g = gradeBank({ id: 'b', questions: [reply, tf] }, { r: { text: '您好', ungraded: true }, t: false });
  assert.deepEqual(g.results.map((r) => r.scored), [false, true]);
  assert.equal(g.total, 1);
  g = gradeBank({ id: 'b', questions: [reply] }, {});
  assert.equal(g.percent, 0, 'unanswered counts as wrong');
});

test('scenario: best path, replay, and the pass share of the best total', () => {
  assert.deepEqual(bestPath(scenario), { total: 8, path: BEST });
  const best = playScenario(scenario, BEST);
  assert.equal(best.total, 8);
  assert.equal(best.finished, true);
  assert.equal(best.at.id, 'thanks', 'the customer has the last word');
  assert.deepEqual(best.turns.map((t) => t.node.id), ['greet', 'angry', 'found']);
  assert.equal(isCorrect(scenario, BEST), true);
  const curt = ['在。', '非常抱歉，我马上查。', '预计明天下午送达，我会跟进。']; // 6 of 8 = 75 %
  assert.equal(playScenario(scenario, curt).total, 6);
  assert.equal(isCorrect(scenario, curt, 80), false);
  assert.equal(isCorrect(scenario, curt, 75), true);
  const early = playScenario(scenario, ['您好，请问有什么可以帮您？', '这不归我管。']);
  assert.deepEqual([early.finished, early.total, early.at], [true, 0, null]);
  const half = playScenario(scenario, ['您好，请问有什么可以帮您？']);
  assert.deepEqual([half.finished, half.at.id, half.correct], [false, 'angry', false]);
  assert.equal(playScenario(scenario, ['not a choice']).turns.length, 0);
  assert.equal(answered(scenario, []), false);
  assert.equal(isCorrect(scenario, null), false);
  const g = gradeBank({ id: 'b', pass_score: 80, questions: [scenario] }, { c: curt });
  assert.equal(g.percent, 0);
  assert.equal(gradeBank({ id: 'b', pass_score: 70, questions: [scenario] }, { c: curt }).percent, 100);
});

test('scenario: loops are walked once, negative best totals need the best', () => {
  const loop = {
    id: 'l', type: 'scenario', nodes: [
      { id: 'a', customer: 'x', choices: [{ text: 'again', score: 5, next: 'a' }, { text: 'end', score: 1 }] },
    ],
  };
  assert.deepEqual(bestPath(loop), { total: 1, path: ['end'] });
  assert.equal(playScenario(loop, ['again', 'again', 'end']).total, 11);
  const grim = { id: 'g', type: 'scenario', nodes: [
    { id: 'a', customer: 'x', choices: [{ text: 'bad', score: -1 }, { text: 'worse', score: -3 }] }] };
  assert.equal(isCorrect(grim, ['bad']), true);
  assert.equal(isCorrect(grim, ['worse']), false);
});

test('chosen feedback: the feedback of the chosen options only', () => {
  assert.deepEqual(chosenFeedback(single, 'B'), ['不对，B 推卸责任']);
  assert.deepEqual(chosenFeedback(single, 'C'), []);
  assert.deepEqual(chosenFeedback(multiple, ['问候', '索要订单号']), ['不是开场白要素']);
  assert.deepEqual(chosenFeedback(tf, true), []);
});

test('right answer parts for display', () => {
  assert.deepEqual(rightAnswer(single), ['A']);
  assert.deepEqual(rightAnswer(multiple), ['问候', '表明身份']);
  assert.deepEqual(rightAnswer(tf), [false]);
  assert.deepEqual(rightAnswer(fill), ['30', '30 秒', 'SLA']);
  assert.deepEqual(rightAnswer(order), ['一', '二', '三', '四']);
  assert.deepEqual(rightAnswer(match), [['L1', 'R1'], ['L2', 'R2'], ['L3', 'R3']]);
});

test('bank score is weighted by points; an ungraded reply is left out', () => {
  const bank = { id: 'b', pass_score: 80, questions: [single, multiple, tf, reply] };
  // single (1) right, multiple (2) wrong, truefalse (1) right: 2 of 4 points
  let g = gradeBank(bank, { s: 'A', m: ['问候'], t: false, r: { text: 'x', ungraded: true } });
  assert.equal(g.total, 4);
  assert.equal(g.earned, 2);
  assert.equal(g.percent, 50);
  assert.equal(g.passed, false);
  assert.equal(g.right, 2);
  assert.equal(g.count, 3);
  g = gradeBank(bank, { s: 'A', m: ['问候', '表明身份'], t: true, r: { text: 'x', ungraded: true } });
  assert.equal(g.percent, 75);
  g = gradeBank(bank, { s: 'A', m: ['问候', '表明身份'], t: false, r: { text: 'x', ungraded: true } });
  assert.equal(g.percent, 100);
  assert.equal(g.passed, true);
  g = gradeBank(bank, {});
  assert.equal(g.percent, 0);
  assert.equal(g.results.filter((r) => r.answered).length, 0);
});

test('points default to 1, pass_score to 80, percent rounds down, pass uses the exact ratio', () => {
  const q = (id) => ({ id, type: 'truefalse', answer: true, prompt: 'p', explanation: 'e' });
  const bank = { id: 'b', questions: [q('a'), q('b'), q('c')] };
  const g = gradeBank(bank, { a: true, b: true, c: false });
  assert.equal(g.percent, 66, '2/3 shows 66%');
  assert.equal(g.passed, false);
  const five = { id: 'b', questions: ['a', 'b', 'c', 'd', 'e'].map(q) };
  const h = gradeBank(five, { a: true, b: true, c: true, d: true });
  assert.equal(h.percent, 80);
  assert.equal(h.passed, true, 'exactly the pass score passes');
  const z = gradeBank({ id: 'z', pass_score: 0, questions: [{ ...q('a'), points: 0 }] }, {});
  assert.equal(z.percent, null, 'zero total points: nothing to score');
});

const seeded = (seed) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

test('shuffle is a permutation and does not modify its input', () => {
  const list = [1, 2, 3, 4, 5, 6, 7, 8];
  const copy = list.slice();
  for (let s = 1; s < 50; s++) {
    const out = shuffle(list, seeded(s));
    assert.deepEqual([...out].sort((a, b) => a - b), copy);
  }
  assert.deepEqual(list, copy);
  assert.deepEqual(shuffle([]), []);
  assert.deepEqual(shuffle(['x']), ['x']);
});

test('shuffle reaches every position (not biased to the identity)', () => {
  const firsts = new Set();
  const rng = seeded(7);
  for (let i = 0; i < 200; i++) firsts.add(shuffle(['a', 'b', 'c', 'd'], rng)[0]);
  assert.equal(firsts.size, 4);
});

test('shuffleAway never returns the original order when another exists', () => {
  for (let s = 1; s < 200; s++) {
    assert.notDeepEqual(shuffleAway(['a', 'b', 'c'], seeded(s)), ['a', 'b', 'c']);
  }
  assert.notDeepEqual(shuffleAway(['a', 'b'], () => 0.99), ['a', 'b'], 'rng stuck on identity');
  assert.deepEqual(shuffleAway(['a', 'a']), ['a', 'a'], 'nothing else possible');
  assert.deepEqual(shuffleAway([]), []);
});
