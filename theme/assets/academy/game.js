// Points, levels and badges (docs/game.md). The rules are pure functions of the progress
// document, course.json and a day (no clock of their own); settle() applies them to the store and
// notice() tells the learner. Loaded with import() only when progress changes or on game pages.
import { t } from './i18n.js';
import { h } from './dom.js';
import { isScored } from './grade.js';
import { addDays, bestStreak, currentStreak, localDay, pointsTotal, streakRuns } from './rules.js';

const noon = (day) => new Date(day + 'T12:00:00').toISOString(); // local noon of a day
// ids of the banks with an answer stored ("bank/question" keys): the others' questions are not
// looked at one by one (a course of 1,000 banks has 6,000 of them)
const answeredBanks = (doc) => new Set(Object.keys(doc.questions || {}).map((k) => k.slice(0, k.indexOf('/'))));

/**
 * Every award the document deserves that is not yet in doc.events: [{key, what, points, at, ref}].
 * Keys make each award once: a lesson, a question right at its first try (never missed: no
 * 错题本 entry), a bank passed, a perfect bank, a timed drill beaten, a day with the daily goal
 * met, a streak milestone (per streak), a review answered right on its due day.
 */
export function award(doc, course, game, today, now = new Date()) {
  const p = game.points || {};
  const goal = game.daily_goal ?? 10;
  const have = new Set((doc.events || []).map((e) => e.key));
  const out = [];
  const at = now.toISOString();
  const add = (key, what, points, when, ref) => {
    if (points > 0 && !have.has(key)) {
      have.add(key);
      out.push({ key, what, points, at: when || at, ref });
    }
  };
  for (const l of course.lessons || []) {
    const x = doc.lessons?.[l.path];
    if (x?.learned) add(`lesson:${l.path}`, 'lesson', p.lesson_learned, x.at, l.path);
  }
  const answered = answeredBanks(doc);
  for (const b of course.banks || []) {
    for (const q of answered.has(b.id) ? b.questions : []) {
      const key = `${b.id}/${q.id}`;
      const x = doc.questions?.[key];
      if (isScored(q) && x?.correct && !doc.reviews?.[key]) {
        add(`q:${key}`, 'question', (p.question_first_try || 0) * (q.points ?? 1), x.at, key);
      }
    }
    const x = doc.banks?.[b.id];
    if (x?.passed) add(`pass:${b.id}`, 'bank_passed', p.bank_passed, null, b.id);
    if (x?.best === 100) add(`perfect:${b.id}`, 'bank_perfect', p.bank_perfect, null, b.id);
    if (x?.beaten && b.time_limit) add(`drill:${b.id}`, 'drill', p.drill_beaten, null, b.id);
  }
  for (const [day, x] of Object.entries(doc.days || {})) {
    if ((x.answers || 0) >= goal) add(`goal:${day}`, 'daily_goal', p.daily_goal_met, day === today ? at : noon(day), day);
  }
  for (const run of streakRuns(doc.days, goal)) {
    for (const m of p.streak_milestones || []) {
      const end = addDays(run.start, m.days - 1);
      if (run.length >= m.days) add(`streak:${m.days}:${run.start}`, 'streak', m.points, end === today ? at : noon(end), m.days);
    }
  }
  for (const [key, r] of Object.entries(doc.reviews || {})) {
    for (let n = 1; n <= (r.right || 0); n++) add(`review:${key}:${n}`, 'review', p.review_right, r.at, key);
  }
  return out;
}

/** What the criteria and levels look at, worked out once. */
export function facts(doc, course, game, today) {
  const goal = game.daily_goal ?? 10;
  const best = {};
  const passed = new Set();
  let perfect = 0;
  let drills = 0;
  for (const b of course.banks || []) {
    const x = doc.banks?.[b.id];
    best[b.id] = x?.best ?? null;
    if (x?.passed) passed.add(b.id);
    if (x?.best === 100) perfect += 1;
    if (x?.beaten && b.time_limit) drills += 1;
  }
  const tiers = {}; // tier id → {done, total}: its lessons learned and their banks passed
  let lessons = 0;
  for (const l of course.lessons || []) {
    const learned = Boolean(doc.lessons?.[l.path]?.learned);
    lessons += learned ? 1 : 0;
    const x = (tiers[l.tier] ||= { done: 0, total: 0 });
    x.total += l.bank ? 2 : 1;
    x.done += (learned ? 1 : 0) + (l.bank && passed.has(l.bank) ? 1 : 0);
  }
  return {
    best, passed, perfect, drills, lessons, tiers,
    points: pointsTotal(doc.events),
    streak: currentStreak(doc.days, goal, today),
    bestStreak: bestStreak(doc.days, goal),
    reviews: Object.values(doc.reviews || {}).reduce((s, r) => s + (r.right || 0), 0),
  };
}

const tierDone = (f, id) => Boolean(f.tiers[id]?.total) && f.tiers[id].done === f.tiers[id].total;
const keyOf = (c) => (c && typeof c === 'object' && Object.keys(c).length === 1 ? Object.keys(c)[0] : null);
const COUNTS = { drills: 'drills', banks_passed: 'passed', perfect_banks: 'perfect', lessons: 'lessons', reviews: 'reviews' };
const countOf = (f, k) => (k === 'banks_passed' ? f.passed.size : f[COUNTS[k]]);

/** Is a badge criterion met? (keyed union of docs/game.md) */
export function evaluate(c, f) {
  const k = keyOf(c);
  const v = k && c[k];
  switch (k) {
    case 'bank_score': return (f.best[v.bank] ?? -1) >= v.min;
    case 'tier_complete': return tierDone(f, v);
    case 'streak': return f.bestStreak >= v;
    case 'points': return f.points >= v;
    case 'bank_passed': return f.passed.has(v); // levels' `banks:`
    case 'all': return v.length > 0 && v.every((x) => evaluate(x, f));
    case 'any': return v.some((x) => evaluate(x, f));
    default: return k in COUNTS ? countOf(f, k) >= v : false;
  }
}

/** What is still missing for a criterion, in words (empty when met). names: {banks, tiers}. */
export function missing(c, f, names = {}) {
  if (evaluate(c, f)) return [];
  const k = keyOf(c);
  const v = k && c[k];
  const bank = (id) => names.banks?.[id] || id;
  const tier = (id) => names.tiers?.[id] || id;
  switch (k) {
    case 'bank_score': return [t('need.bank_score', { bank: bank(v.bank), min: v.min, now: f.best[v.bank] ?? 0 })];
    case 'tier_complete': {
      const x = f.tiers[v] || { done: 0, total: 0 };
      return [t('need.tier', { tier: tier(v), done: x.done, total: x.total })];
    }
    case 'streak': return [t('need.streak', { n: v, now: f.bestStreak })];
    case 'points': return [t('need.points', { n: v, now: f.points })];
    case 'bank_passed': return [t('need.pass', { bank: bank(v) })];
    case 'all': return v.flatMap((x) => missing(x, f, names));
    case 'any': return [t('need.any', { list: v.map((x) => missing(x, f, names).join(t('need.and'))).join(t('need.or')) })];
    default: return k in COUNTS ? [t('need.' + k, { n: v, now: countOf(f, k) })] : [t('need.unknown')];
  }
}

// A level's requirements as criteria (every one must be met).
const levelNeeds = (lv) => [
  lv.points && { points: lv.points },
  lv.banks_passed && { banks_passed: lv.banks_passed },
  ...(lv.banks || []).map((b) => ({ bank_passed: b })),
  ...(lv.tiers || []).map((x) => ({ tier_complete: x })),
].filter(Boolean);

const levelMet = (lv, f) => levelNeeds(lv).every((c) => evaluate(c, f));

/** Index of the highest level reached: every level up to it has all its requirements met. */
export function levelIndex(f, levels) {
  let i = 0;
  while (i + 1 < levels.length && levelMet(levels[i + 1], f)) i += 1;
  return i;
}

/** What a level still needs, in words. */
export const levelMissing = (lv, f, names = {}) => levelNeeds(lv).flatMap((c) => missing(c, f, names));

export const namesOf = (course) => ({
  banks: Object.fromEntries((course.banks || []).map((b) => [b.id, b.title])),
  tiers: Object.fromEntries((course.tiers || []).map((x) => [x.id, x.title])),
  lessons: Object.fromEntries((course.lessons || []).map((l) => [l.path, l.title])),
  banksById: new Map((course.banks || []).map((b) => [b.id, b])),
});

/** One line of "how I earned my points". */
export function describe(e, course, names = namesOf(course)) {
  const ref = e.ref ?? '';
  const question = () => { // named by its bank and number: game.json has no question text
    const [bankId, qid] = String(ref).split('/');
    const bank = names.banksById.get(bankId);
    const n = bank ? bank.questions.findIndex((q) => q.id === qid) + 1 : 0;
    return n ? t('what.questionOf', { bank: bank.title, n }) : String(ref);
  };
  const title = { lesson: () => names.lessons[ref] || ref, question, review: question, daily_goal: () => ref,
    streak: () => ref }[e.what]?.() ?? (names.banks[ref] || ref);
  return t('what.' + e.what, { title });
}

// Missed questions from before the 错题本 existed get an entry (box 1) once.
function catchUp(doc, course, game) {
  const out = {};
  const first = (game.review_intervals || [1])[0];
  const answered = answeredBanks(doc);
  for (const b of course.banks || []) {
    if (!answered.has(b.id)) continue;
    for (const q of b.questions) {
      const key = `${b.id}/${q.id}`;
      const x = doc.questions?.[key];
      if (x && !x.correct && !doc.reviews?.[key] && x.at) {
        out[key] = { box: 1, due: addDays(localDay(new Date(x.at)), first), misses: 1, right: 0, at: x.at };
      }
    }
  }
  return out;
}

/** Award what is due, reach levels and badges; → {events, level, badges, facts}. */
export function settle(store, course, game, now = new Date()) {
  const today = localDay(now);
  const doc = store.get();
  const none = { events: [], level: null, badges: [], facts: null };
  if (store.status.state === 'newer' || !game) return none;
  const reviews = catchUp(doc, course, game);
  const events = award({ ...doc, reviews: { ...reviews, ...doc.reviews } }, course, game, today, now);
  const f = facts({ ...doc, events: [...(doc.events || []), ...events], reviews: { ...reviews, ...doc.reviews } },
    course, game, today);
  const levels = game.levels || [];
  const had = levels.findIndex((l) => l.id === doc.level?.id);
  const reached = levels.length ? levelIndex(f, levels) : -1;
  const level = reached > had ? levels[reached] : null;
  const badges = (game.badges || []).filter((b) => !doc.badges?.[b.id] && evaluate(b.criteria, f));
  // a question removed from the course cannot come back: its entry no longer counts as due
  const open = Object.keys(doc.reviews || {}).filter((k) => !doc.reviews[k].done);
  const known = open.length ? new Set((course.banks || []).flatMap((b) => b.questions.map((q) => `${b.id}/${q.id}`))) : null;
  const retire = open.filter((k) => !known.has(k));
  if (events.length || level || badges.length || retire.length || Object.keys(reviews).length) {
    store.applyGame({ events, reviews, badges: badges.map((b) => b.id), level: level?.id, retire }, now);
  }
  // reaching the first level is no news; going up is
  return { events, level: level && reached > 0 ? level : null, badges, facts: f };
}

// -- the learner's side ---------------------------------------------------------------------

const courses = new Map();
/** course.json or game.json (its digest for progress pages), fetched once per page. */
export function loadCourse(url) {
  const key = String(url);
  if (!courses.has(key)) {
    courses.set(key, fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status)))));
  }
  return courses.get(key);
}

const icons = new Map();
/** A badge's SVG, inlined so that it takes the page's colours (currentColor, CSS variables). */
export async function badgeIcon(icon) {
  if (!icons.has(icon)) {
    icons.set(icon, fetch(new URL(`badges/${icon}.svg`, import.meta.url)).then((r) => (r.ok ? r.text() : '')).catch(() => ''));
  }
  const text = await icons.get(icon);
  const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  if (svg?.nodeName !== 'svg') return h('span', { class: 'academy-badge-icon', 'aria-hidden': 'true' });
  const el = document.importNode(svg, true);
  el.setAttribute('class', 'academy-badge-icon');
  el.setAttribute('aria-hidden', 'true');
  el.setAttribute('focusable', 'false');
  return el;
}

/** One toast in the page's live region for a level reached and badges earned; it closes itself
 * after `ms` unless the pointer or the focus is in it. */
export async function notice(result, ctx, ms = 12000) {
  const region = ctx.toasts;
  if (!region || (!result.level && !result.badges.length)) return;
  const page = (name) => new URL(ctx.cfg?.pages?.[name] ?? '', ctx.siteRoot).href;
  const rows = [];
  if (result.level) {
    rows.push(h('li', {}, h('span', { class: 'academy-toast-level', 'aria-hidden': 'true' }, '▲'),
      h('span', {}, t('toast.level', { level: result.level.title }))));
  }
  for (const b of result.badges) {
    rows.push(h('li', {}, await badgeIcon(b.icon), h('span', {}, t('toast.badge', { badge: b.title, text: b.description }))));
  }
  let timer = 0;
  const close = () => {
    clearTimeout(timer);
    el.remove();
  };
  const el = h('div', { class: 'academy-toast' },
    h('p', { class: 'academy-toast-title' }, t(result.level ? 'toast.levelTitle' : 'toast.badgeTitle')),
    h('ul', {}, rows),
    h('p', { class: 'academy-toast-actions' },
      result.level ? h('a', { href: page('dashboard') }, t('toast.seeDashboard')) : '',
      result.badges.length ? h('a', { href: page('badges') }, t('toast.seeBadges')) : '',
      h('button', { type: 'button', class: 'md-button', onclick: close }, t('toast.close'))));
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => (el.matches(':hover, :focus-within') ? later() : close()), ms);
  };
  region.append(el);
  later();
}

/** After a change: award, then tell. Errors stay in the console; the page keeps working. */
export async function settleAndNotice(ctx) {
  const course = await loadCourse(ctx.gameUrl);
  const result = settle(ctx.store, course, course.game, new Date());
  await notice(result, ctx);
  return result;
}
