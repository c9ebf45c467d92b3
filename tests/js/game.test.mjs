// The game's rules as pure functions with an injected clock: local days, streaks, the Leitner
// schedule, points (earned once), levels, badge criteria, recommendations, the certificate code,
// and the store's game sections (docs/game.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays, bestStreak, currentStreak, dayDiff, dueKeys, leitner, localDay, pointsTotal, streakRuns,
} from '../../theme/assets/academy/rules.js';
import {
  award, describe, evaluate, facts, levelIndex, levelMissing, missing, namesOf, settle,
} from '../../theme/assets/academy/game.js';
import { competencyScores, pointsSeries, recommend } from '../../theme/assets/academy/dashboard.js';
import { dueQuestions } from '../../theme/assets/academy/review.js';
import { verifyCode } from '../../theme/assets/academy/certificate.js';
import { headerState } from '../../theme/assets/academy/header.js';
import { mergeProgress, openStore, parseImport, validProgress } from '../../theme/assets/academy/store.js';
import { setLang, t, table } from '../../theme/assets/academy/i18n.js';

setLang('zh-CN');

// -- a small course, as course.json has it ---------------------------------------------------
const q = (id, extra = {}) => ({ id, type: 'truefalse', answer: true, prompt: `题目 ${id}`, explanation: '因为。', points: 1, ...extra });
const COURSE = {
  site_id: 'test-site',
  tiers: [{ id: 'foundation', title: '基础层' }, { id: 'scenario', title: '场景层' }],
  competencies: [
    { id: 'speed', title: '响应速度' }, { id: 'talk', title: '沟通表达' }, { id: 'care', title: '情绪共情' },
  ],
  lessons: [
    { path: 'f/a.md', url: 'f/a/', title: '课 A', tier: 'foundation', competencies: ['speed'], bank: 'a' },
    { path: 'f/b.md', url: 'f/b/', title: '课 B', tier: 'foundation', competencies: ['talk'], bank: null },
    { path: 's/c.md', url: 's/c/', title: '课 C', tier: 'scenario', competencies: ['care', 'talk'], bank: 'c' },
  ],
  banks: [
    { id: 'a', title: '测验 A', url: 'quiz/a/', pass_score: 80, time_limit: 60, competencies: ['speed'],
      questions: [q('q1'), q('q2', { points: 2 }), { id: 'r', type: 'reply', prompt: '写', explanation: '.' }] },
    { id: 'c', title: '测验 C', url: 'quiz/c/', pass_score: 80, time_limit: null, competencies: ['care', 'talk'],
      questions: [q('q1'), q('q2')] },
  ],
};
const GAME = {
  daily_goal: 3,
  review_intervals: [1, 2, 4],
  points: {
    lesson_learned: 10, question_first_try: 2, bank_passed: 20, bank_perfect: 10, drill_beaten: 15,
    daily_goal_met: 5, review_right: 1, streak_milestones: [{ days: 3, points: 10 }, { days: 7, points: 30 }],
  },
  levels: [
    { id: 'entry', title: '入门级', points: 0, banks_passed: 0, banks: [], tiers: [] },
    { id: 'executor', title: '执行级', points: 30, banks_passed: 1, banks: [], tiers: [] },
    { id: 'independent', title: '独立级', points: 60, banks_passed: 0, banks: [], tiers: ['foundation'] },
    { id: 'leader', title: '领导级', points: 100, banks_passed: 2, banks: ['c'], tiers: [] },
  ],
  badges: [
    { id: 'first', title: '首战告捷', description: '通过第一个测验', icon: 'first-win', criteria: { banks_passed: 1 } },
    { id: 'perfect-a', title: '满分 A', description: 'A 满分', icon: 'x', criteria: { bank_score: { bank: 'a', min: 100 } } },
    { id: 'week', title: '连续 7 天', description: '7 天', icon: 'x', criteria: { streak: 7 } },
    { id: 'combo', title: '组合', description: '组合', icon: 'x',
      criteria: { any: [{ points: 1000 }, { all: [{ drills: 1 }, { tier_complete: 'foundation' }] }] } },
  ],
};
const doc = (over = {}) => ({ version: 2, questions: {}, banks: {}, lessons: {}, practice: {}, ...over });
const T0 = '2026-03-02T09:00:00.000Z';

// -- days and streaks ---------------------------------------------------------------------------

test('localDay is the calendar day in the learner\'s time zone', () => {
  const late = new Date('2026-03-01T23:30:00Z');
  assert.equal(localDay(late, 0), '2026-03-01');
  assert.equal(localDay(late, -480), '2026-03-02', 'UTC+8: already the next morning');
  assert.equal(localDay(new Date('2026-03-01T03:00:00Z'), 300), '2026-02-28', 'UTC−5: still the evening before');
  assert.equal(addDays('2026-02-28', 1), '2026-03-01');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2026-03-29', -30), '2026-02-27');
  assert.equal(dayDiff('2026-03-01', '2026-03-08'), 7);
});

test('a streak survives a day only if the daily goal was met', () => {
  const days = {
    '2026-03-01': { answers: 5, seconds: 0 },
    '2026-03-02': { answers: 3, seconds: 0 },
    '2026-03-03': { answers: 2, seconds: 0 }, // goal 3 missed: the streak breaks here
    '2026-03-04': { answers: 9, seconds: 0 },
    '2026-03-05': { answers: 3, seconds: 0 },
  };
  assert.deepEqual(streakRuns(days, 3).map((r) => [r.start, r.length]), [['2026-03-01', 2], ['2026-03-04', 2]]);
  assert.equal(currentStreak(days, 3, '2026-03-05'), 2, 'goal met today');
  assert.equal(currentStreak(days, 3, '2026-03-06'), 2, 'today not met yet: still alive');
  assert.equal(currentStreak(days, 3, '2026-03-07'), 0, 'a whole day missed: gone');
  assert.equal(bestStreak(days, 3), 2);
  assert.equal(currentStreak({}, 3, '2026-03-05'), 0);
  assert.equal(bestStreak({}, 3), 0);
  assert.equal(currentStreak(days, 10, '2026-03-05'), 0, 'a higher goal: no day counts');
});

// -- the 错题本 (Leitner) ---------------------------------------------------------------------

test('leitner: a miss goes to box 1 and comes back the next due day; right answers move it on', () => {
  const iv = [1, 2, 4];
  let e = leitner(undefined, false, '2026-03-01', iv, 'a');
  assert.deepEqual(e, { box: 1, due: '2026-03-02', misses: 1, right: 0, at: 'a' });
  assert.equal(leitner(undefined, true, '2026-03-01', iv), undefined, 'never missed: no entry');
  assert.equal(leitner(e, true, '2026-03-01', iv), e, 'right before its due day: no change');
  e = leitner(e, true, '2026-03-02', iv, 'b');
  assert.deepEqual([e.box, e.due, e.right], [2, '2026-03-04', 1]);
  e = leitner(e, true, '2026-03-05', iv, 'c'); // late is fine
  assert.deepEqual([e.box, e.due, e.right], [3, '2026-03-09', 2]);
  const again = leitner(e, false, '2026-03-09', iv, 'd');
  assert.deepEqual([again.box, again.due, again.misses, again.right], [1, '2026-03-10', 2, 2], 'a miss: from the start');
  e = leitner(e, true, '2026-03-09', iv, 'e');
  assert.equal(e.done, true, 'past the last box: mastered');
  assert.equal(e.due, null);
  assert.deepEqual(dueKeys({ x: { box: 1, due: '2026-03-02' }, y: { box: 2, due: '2026-03-05' }, z: e }, '2026-03-04'), ['x']);
});

test('dueQuestions finds due questions in course.json, skipping removed ones', () => {
  const reviews = {
    'a/q2': { box: 1, due: '2026-03-02' }, 'a/q1': { box: 1, due: '2026-03-01' },
    'a/gone': { box: 1, due: '2026-03-01' }, 'c/q1': { box: 2, due: '2026-03-09' },
  };
  assert.deepEqual(dueQuestions(reviews, COURSE, '2026-03-02').map((x) => x.key), ['a/q1', 'a/q2']);
});

// -- points -----------------------------------------------------------------------------------

test('award: each rule once, question points only when right at the first try', () => {
  const d = doc({
    lessons: { 'f/a.md': { learned: true, at: T0 }, 'f/b.md': { learned: true, at: T0 } },
    questions: {
      'a/q1': { answer: true, correct: true, at: T0 },
      'a/q2': { answer: true, correct: true, at: T0 }, // right now, but missed before: no points
      'c/q1': { answer: false, correct: false, at: T0 },
    },
    reviews: { 'a/q2': { box: 2, due: '2026-03-04', misses: 1, right: 1, at: T0 } },
    banks: { a: { best: 100, attempts: 2, passed: true, beaten: true, time_total: 50 } },
    days: { '2026-03-01': { answers: 3, seconds: 0 }, '2026-03-02': { answers: 1, seconds: 0 } },
  });
  const events = award(d, COURSE, GAME, '2026-03-02', new Date(T0));
  const byKey = Object.fromEntries(events.map((e) => [e.key, e.points]));
  assert.deepEqual(byKey, {
    'lesson:f/a.md': 10, 'lesson:f/b.md': 10,
    'q:a/q1': 2,
    'pass:a': 20, 'perfect:a': 10, 'drill:a': 15,
    'goal:2026-03-01': 5,
    'review:a/q2:1': 1,
  });
  assert.ok(events.every((e) => e.what && e.at && !Number.isNaN(Date.parse(e.at))));
  // once: the same document with these events earns nothing more
  assert.deepEqual(award({ ...d, events }, COURSE, GAME, '2026-03-02', new Date(T0)), []);
  assert.equal(pointsTotal(events), 73);
});

test('retrying a question cannot farm points', () => {
  const s = openStore('t', null, { intervals: [1, 2, 4] });
  const now = new Date(T0);
  const attempt = (ok) => s.recordAttempt('a', {
    score: ok ? 100 : 0, passed: ok, seconds: 10,
    answers: { q1: { answer: ok, correct: ok }, q2: { answer: ok, correct: ok } },
  }, now);
  const game = { ...GAME, daily_goal: 1000 }; // answering a lot is not what this test is about
  attempt(true);
  const first = settle(s, COURSE, game, now);
  const total = pointsTotal(s.get().events);
  assert.ok(first.events.some((e) => e.key === 'q:a/q1'));
  for (let i = 0; i < 5; i++) {
    attempt(false);
    attempt(true);
    settle(s, COURSE, game, now);
  }
  assert.equal(pointsTotal(s.get().events), total, 'no new points for the same questions or bank');
  assert.equal(s.get().events.filter((e) => e.key === 'q:a/q1').length, 1);
});

test('a question missed at its first try earns no question points, even when right later', () => {
  const s = openStore('t', null);
  const now = new Date(T0);
  s.recordAttempt('c', { score: 0, passed: false, seconds: 5, answers: { q1: { answer: false, correct: false } } }, now);
  s.recordAttempt('c', { score: 100, passed: true, seconds: 5, answers: { q1: { answer: true, correct: true } } }, now);
  const { events } = settle(s, COURSE, GAME, now);
  assert.equal(events.some((e) => e.key === 'q:c/q1'), false);
  assert.ok(s.get().reviews['c/q1'], 'it is in the 错题本');
});

test('streak milestones are awarded per streak, on the day they are reached', () => {
  const days = {};
  for (let i = 0; i < 8; i++) days[addDays('2026-03-01', i)] = { answers: 3, seconds: 0 };
  days['2026-03-20'] = { answers: 3, seconds: 0 };
  for (let i = 0; i < 3; i++) days[addDays('2026-03-25', i)] = { answers: 4, seconds: 0 };
  const events = award(doc({ days }), COURSE, GAME, '2026-04-01', new Date('2026-04-01T08:00:00Z'));
  const streaks = events.filter((e) => e.what === 'streak').map((e) => e.key).sort();
  assert.deepEqual(streaks, ['streak:3:2026-03-01', 'streak:3:2026-03-25', 'streak:7:2026-03-01']);
  assert.equal(events.filter((e) => e.what === 'daily_goal').length, 12);
});

test('describe explains each award in words', () => {
  const names = namesOf(COURSE);
  assert.equal(describe({ what: 'lesson', ref: 'f/a.md', points: 10 }, COURSE, names), '学完课程「课 A」');
  assert.equal(describe({ what: 'bank_passed', ref: 'a', points: 20 }, COURSE, names), '通过测验「测验 A」');
  // game.json has no question text: a question is named by its bank and number
  assert.equal(describe({ what: 'question', ref: 'a/q1', points: 2 }, COURSE, names), '首次作答即答对：「测验 A」第 1 题');
  assert.equal(describe({ what: 'review', ref: 'a/gone', points: 2 }, COURSE, names), '错题复习答对：a/gone');
  assert.equal(describe({ what: 'streak', ref: 7, points: 30 }, COURSE, names), '连续学习 7 天');
  assert.equal(describe({ what: 'daily_goal', ref: '2026-03-01', points: 5 }, COURSE, names), '达成每日目标（2026-03-01）');
});

// -- levels -------------------------------------------------------------------------------------

test('levels need every requirement, in order, and never go down', () => {
  const base = doc({ events: [{ key: 'x', what: 'lesson', points: 35, at: T0 }] });
  let f = facts(base, COURSE, GAME, '2026-03-02');
  assert.equal(levelIndex(f, GAME.levels), 0, '35 points but no bank passed');
  assert.deepEqual(levelMissing(GAME.levels[1], f, namesOf(COURSE)), ['通过 1 个测验（已通过 0 个）']);
  const passed = { ...base, banks: { a: { best: 90, passed: true, attempts: 1 } } };
  f = facts(passed, COURSE, GAME, '2026-03-02');
  assert.equal(levelIndex(f, GAME.levels), 1);
  const rich = { ...passed, events: [{ key: 'x', what: 'lesson', points: 500, at: T0 }] };
  f = facts(rich, COURSE, GAME, '2026-03-02');
  assert.equal(levelIndex(f, GAME.levels), 1, 'points alone do not complete the foundation tier');
  assert.deepEqual(levelMissing(GAME.levels[2], f, namesOf(COURSE)), ['学完「基础层」全部课程并通过其测验（已完成 1/3 项）']);
  const done = { ...rich, lessons: { 'f/a.md': { learned: true, at: T0 }, 'f/b.md': { learned: true, at: T0 } } };
  f = facts(done, COURSE, GAME, '2026-03-02');
  assert.equal(levelIndex(f, GAME.levels), 2);
  assert.deepEqual(levelMissing(GAME.levels[3], f, namesOf(COURSE)), ['通过 2 个测验（已通过 1 个）', '通过「测验 C」']);

  // settle: the level is stored, announced once, and kept when a requirement stops being met
  const s = openStore('t', null);
  s.applyGame({ events: rich.events });
  s.recordAttempt('a', { score: 90, passed: true, seconds: 5, answers: {} }, new Date(T0));
  const r = settle(s, COURSE, GAME, new Date(T0));
  assert.equal(r.level.id, 'executor');
  assert.equal(settle(s, COURSE, GAME, new Date(T0)).level, null, 'announced once');
  assert.equal(s.get().level.id, 'executor');
});

test('reaching the first level is not news', () => {
  const s = openStore('t', null);
  s.setLearned('f/a.md', true, new Date(T0));
  const r = settle(s, COURSE, GAME, new Date(T0));
  assert.equal(r.level, null);
  assert.equal(s.get().level.id, 'entry');
});

// -- badges -------------------------------------------------------------------------------------

test('badge criteria: every key, all/any, and what is missing', () => {
  const d = doc({
    banks: {
      a: { best: 100, passed: true, beaten: true, attempts: 1 },
      c: { best: 60, passed: false, attempts: 1 },
    },
    lessons: { 'f/a.md': { learned: true, at: T0 } },
    events: [{ key: 'k', what: 'lesson', points: 40, at: T0 }],
    reviews: { 'c/q1': { box: 2, right: 3, misses: 1, due: '2026-03-09', at: T0 } },
    days: { '2026-03-01': { answers: 3 }, '2026-03-02': { answers: 3 } },
  });
  const f = facts(d, COURSE, GAME, '2026-03-02');
  const names = namesOf(COURSE);
  const yes = [
    { bank_score: { bank: 'a', min: 100 } }, { streak: 2 }, { points: 40 }, { drills: 1 }, { banks_passed: 1 },
    { perfect_banks: 1 }, { lessons: 1 }, { reviews: 3 }, { all: [{ points: 1 }, { lessons: 1 }] },
    { any: [{ points: 999 }, { drills: 1 }] },
  ];
  for (const c of yes) {
    assert.equal(evaluate(c, f), true, JSON.stringify(c));
    assert.deepEqual(missing(c, f, names), []);
  }
  const no = [
    [{ bank_score: { bank: 'c', min: 80 } }, ['「测验 C」最好成绩达到 80%（当前 60%）']],
    [{ tier_complete: 'foundation' }, ['学完「基础层」全部课程并通过其测验（已完成 2/3 项）']],
    [{ tier_complete: 'nowhere' }, ['学完「nowhere」全部课程并通过其测验（已完成 0/0 项）']],
    [{ streak: 7 }, ['连续 7 天达成每日目标（最长 2 天）']],
    [{ points: 100 }, ['累计 100 积分（当前 40 分）']],
    [{ drills: 2 }, ['在限时内通过 2 个计时测验（已通过 1 个）']],
    [{ banks_passed: 2 }, ['通过 2 个测验（已通过 1 个）']],
    [{ perfect_banks: 2 }, ['2 个测验拿到满分（已有 1 个）']],
    [{ lessons: 3 }, ['学完 3 门课程（已学 1 门）']],
    [{ reviews: 10 }, ['在错题本中按时答对 10 次（已答对 3 次）']],
    [{ all: [{ points: 1 }, { lessons: 3 }, { streak: 7 }] }, ['学完 3 门课程（已学 1 门）', '连续 7 天达成每日目标（最长 2 天）']],
    [{ any: [{ points: 100 }, { all: [{ lessons: 3 }, { drills: 2 }] }] },
      ['以下任选其一：累计 100 积分（当前 40 分）；或者学完 3 门课程（已学 1 门），并且在限时内通过 2 个计时测验（已通过 1 个）']],
    [{ all: [] }, []],
    [{ streek: 3 }, ['条件无法识别']],
  ];
  for (const [c, words] of no) {
    assert.equal(evaluate(c, f), false, JSON.stringify(c));
    if (words.length) assert.deepEqual(missing(c, f, names), words, JSON.stringify(c));
  }
});

test('settle awards badges once and reports them', () => {
  const s = openStore('t', null);
  const now = new Date(T0);
  s.recordAttempt('a', { score: 100, passed: true, seconds: 20, limit: 60, timeout: false,
    answers: { q1: { answer: true, correct: true }, q2: { answer: true, correct: true } } }, now);
  const r = settle(s, COURSE, GAME, now);
  assert.deepEqual(r.badges.map((b) => b.id).sort(), ['first', 'perfect-a']);
  assert.deepEqual(Object.keys(s.get().badges).sort(), ['first', 'perfect-a']);
  assert.deepEqual(settle(s, COURSE, GAME, now).badges, []);
  s.setLearned('f/a.md', true, now);
  s.setLearned('f/b.md', true, now);
  assert.deepEqual(settle(s, COURSE, GAME, now).badges.map((b) => b.id), ['combo'], 'drill + foundation tier');
});

test('a missed question that left the course is retired from the 错题本', () => {
  const s = openStore('t', null);
  const now = new Date(T0);
  s.recordAttempt('gone-bank', { score: 0, passed: false, seconds: 1, answers: { q9: { answer: 1, correct: false } } }, now);
  s.recordAttempt('a', { score: 0, passed: false, seconds: 1, answers: { q1: { answer: false, correct: false } } }, now);
  const later = addDays(localDay(now), 1);
  assert.deepEqual(dueKeys(s.get().reviews, later).sort(), ['a/q1', 'gone-bank/q9']);
  settle(s, COURSE, GAME, now);
  assert.deepEqual(dueKeys(s.get().reviews, later), ['a/q1']);
  assert.equal(s.get().reviews['gone-bank/q9'].done, true);
});

test('a timed bank passed after the time ran out is not a drill beaten', () => {
  const s = openStore('t', null);
  s.recordAttempt('a', { score: 100, passed: true, seconds: 60, limit: 60, timeout: true, answers: {} });
  assert.equal(s.get().banks.a.beaten, undefined);
  s.recordAttempt('a', { score: 100, passed: true, seconds: 30, limit: 60, timeout: false, answers: {} });
  assert.equal(s.get().banks.a.beaten, true);
});

// -- the store's game sections ----------------------------------------------------------------

test('the store counts answers per local day and schedules misses', () => {
  const s = openStore('t', null, { intervals: [2, 5] });
  const now = new Date(T0);
  s.recordAttempt('a', { score: 50, passed: false, seconds: 42,
    answers: { q1: { answer: true, correct: true }, q2: { answer: null, correct: false, answered: false } } }, now);
  const d = s.get();
  const today = localDay(now);
  assert.deepEqual(d.days[today], { answers: 1, seconds: 42 }, 'unanswered questions are not answers');
  assert.equal(d.reviews['a/q2'].due, addDays(today, 2), 'the configured first interval');
  assert.equal(d.reviews['a/q1'], undefined);
  const due = new Date(Date.parse(T0) + 2 * 864e5);
  s.recordReview({ 'a/q2': { answer: true, correct: true } }, 12, due);
  assert.deepEqual([s.get().reviews['a/q2'].box, s.get().reviews['a/q2'].due], [2, addDays(localDay(due), 5)]);
  assert.equal(s.get().questions['a/q2'].correct, true);
  s.addTime(90.4, due);
  assert.deepEqual(s.get().days[localDay(due)], { answers: 1, seconds: 102 });
  assert.ok(validProgress(s.get()));
});

test('listeners hear every change with its source', () => {
  const s = openStore('t', null);
  const heard = [];
  const stop = s.onChange((source) => heard.push(source));
  s.setLearned('x.md', true);
  s.applyGame({ events: [{ key: 'k', what: 'lesson', points: 1, at: T0 }] });
  s.addTime(5);
  stop();
  s.addTime(5);
  assert.deepEqual(heard, ['progress', 'game', 'time']);
});

test('game sections are validated, exported, merged and imported', () => {
  const a = {
    questions: {}, banks: {}, lessons: {}, practice: {},
    events: [{ key: 'lesson:x', what: 'lesson', points: 10, at: '2026-03-02T00:00:00Z' }],
    days: { '2026-03-02': { answers: 4, seconds: 60 } },
    reviews: { 'a/q1': { box: 2, due: '2026-03-05', misses: 1, right: 1, at: '2026-03-03T00:00:00Z' } },
    badges: { first: { at: '2026-03-02T00:00:00Z' } },
    level: { id: 'executor', at: '2026-03-02T00:00:00Z' },
  };
  const b = {
    questions: {}, banks: {}, lessons: {}, practice: {},
    events: [{ key: 'lesson:x', what: 'lesson', points: 10, at: '2026-03-01T00:00:00Z' },
      { key: 'pass:a', what: 'bank_passed', points: 20, at: '2026-03-04T00:00:00Z' }],
    days: { '2026-03-02': { answers: 2, seconds: 90 }, '2026-03-04': { answers: 8, seconds: 10 } },
    reviews: { 'a/q1': { box: 1, due: '2026-03-02', misses: 1, right: 0, at: '2026-03-01T00:00:00Z' } },
    badges: { first: { at: '2026-03-01T00:00:00Z' }, other: { at: '2026-03-04T00:00:00Z' } },
    level: { id: 'independent', at: '2026-03-04T00:00:00Z' },
    profile: { name: '张三' },
  };
  assert.ok(validProgress(a) && validProgress(b));
  const m = mergeProgress(a, b);
  assert.deepEqual(m.events.map((e) => [e.key, e.at]), [['lesson:x', '2026-03-01T00:00:00Z'], ['pass:a', '2026-03-04T00:00:00Z']]);
  assert.deepEqual(m.days, { '2026-03-02': { answers: 4, seconds: 90 }, '2026-03-04': { answers: 8, seconds: 10 } });
  assert.equal(m.reviews['a/q1'].box, 2, 'the later review wins');
  assert.equal(m.badges.first.at, '2026-03-01T00:00:00Z');
  assert.ok(m.badges.other);
  assert.equal(m.level.id, 'independent');
  assert.equal(m.profile.name, '张三');
  assert.deepEqual(mergeProgress(m, b), m, 'idempotent');
  for (const bad of [
    { events: [{ key: 'x', what: 'lesson', points: -1, at: T0 }] },
    { days: { 'March 2': { answers: 1, seconds: 0 } } },
    { reviews: { k: { box: 0, due: '2026-03-01', at: T0 } } },
    { badges: { x: { at: 'yesterday' } } },
    { level: { id: 3, at: T0 } },
  ]) assert.equal(validProgress({ ...a, ...bad }), false, JSON.stringify(bad));

  const s = openStore('test-site', null);
  s.applyGame({ events: a.events, badges: ['first'], level: 'executor' });
  const text = JSON.stringify(s.exportData());
  const parsed = parseImport(text, 'test-site');
  assert.equal(parsed.ok, true);
  assert.deepEqual(parsed.progress.events, a.events);
  assert.ok(parsed.progress.badges.first);
});

// -- header, dashboard, certificate -------------------------------------------------------------

test('headerState: level from the store, bar towards the next level, streak, due reviews', () => {
  const cfg = { daily_goal: 3, levels: GAME.levels.map(({ id, title, points }) => ({ id, title, points })) };
  const d = doc({
    events: [{ key: 'a', what: 'lesson', points: 45, at: T0 }],
    level: { id: 'executor', at: T0 },
    days: { '2026-03-01': { answers: 3 }, '2026-03-02': { answers: 1 } },
    reviews: { x: { box: 1, due: '2026-03-02' }, y: { box: 1, due: '2026-03-03' } },
  });
  const s = headerState(d, cfg, '2026-03-02');
  assert.equal(s.level.title, '执行级');
  assert.equal(s.next.title, '独立级');
  assert.equal(s.points, 45);
  assert.equal(s.toNext, 15);
  assert.equal(s.progress, 0.5);
  assert.equal(s.streak, 1);
  assert.equal(s.today, 1);
  assert.equal(s.due, 1);
  const top = headerState(doc({ level: { id: 'leader', at: T0 } }), cfg, '2026-03-02');
  assert.equal(top.next, null);
  assert.equal(top.progress, 1);
  assert.equal(headerState(doc(), cfg, '2026-03-02').level.id, 'entry', 'nothing stored: the first level');
});

test('competency scores and the next three lessons for the weakest competencies', () => {
  const d = doc({ banks: { a: { best: 90, passed: true } }, lessons: { 'f/a.md': { learned: true, at: T0 } } });
  const scores = competencyScores(COURSE, d);
  assert.deepEqual(scores.map((c) => [c.id, c.score, c.banks]), [['speed', 90, 1], ['talk', 0, 1], ['care', 0, 1]]);
  const recs = recommend(COURSE, d, scores);
  assert.deepEqual(recs.map((r) => [r.lesson.path, r.competency.id]), [['f/b.md', 'talk'], ['s/c.md', 'care']],
    'done lessons are left out; weakest first, then course order');
  const better = competencyScores(COURSE, { ...d, banks: { ...d.banks, c: { best: 40 } } });
  assert.deepEqual(better.map((c) => c.score), [90, 40, 40]);
});

test('pointsSeries: cumulative points per local day', () => {
  const events = [
    { points: 10, at: '2026-02-01T12:00:00Z' }, // before the window: counted in the start
    { points: 5, at: '2026-03-01T12:00:00Z' },
    { points: 7, at: '2026-03-03T12:00:00Z' },
  ];
  const s = pointsSeries(events, '2026-03-03', 5);
  assert.deepEqual(s.map((p) => [p.day, p.gained, p.total]), [
    ['2026-02-27', 0, 10], ['2026-02-28', 0, 10], ['2026-03-01', 5, 15], ['2026-03-02', 0, 15], ['2026-03-03', 7, 22],
  ]);
});

test('the certificate code depends on every field and is stable', () => {
  const base = { name: '张三', date: '2026-03-02', score: 90, site: 'service-academy' };
  const code = verifyCode(base);
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  assert.equal(verifyCode({ ...base }), code);
  assert.equal(verifyCode({ ...base, name: ' 张三 ' }), code, 'spaces around the name do not matter');
  for (const change of [{ name: '张四' }, { date: '2026-03-03' }, { score: 91 }, { site: 'other' }]) {
    assert.notEqual(verifyCode({ ...base, ...change }), code, JSON.stringify(change));
  }
});

test('every game interface string exists, including keys built at run time', () => {
  const keys = new Set(Object.keys(table['zh-CN']));
  const dynamic = [
    ...['lesson', 'question', 'bank_passed', 'bank_perfect', 'drill', 'daily_goal', 'streak', 'review']
      .flatMap((w) => [`what.${w}`, `part.${w}`]),
    ...['drills', 'banks_passed', 'perfect_banks', 'lessons', 'reviews'].map((k) => `need.${k}`),
  ];
  assert.deepEqual(dynamic.filter((k) => !keys.has(k)), []);
  assert.ok(!t('header.label', { level: 'x', points: 1, streak: 2, today: 3, goal: 4 }).includes('{'));
});
