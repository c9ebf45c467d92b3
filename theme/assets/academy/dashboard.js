// 我的成长档案 (<div class="academy-dashboard">): level, daily goal and streak, a competency radar,
// points over time, how the points were earned, badges, time studied and the next three lessons
// for the weakest competencies. Charts are inline SVG, each with a table as its text alternative.
import { day, t } from './i18n.js';
import { h, nextTask, uid } from './dom.js';
import { badgeIcon, describe, facts, levelIndex, levelMissing, loadCourse, namesOf, notice, settle } from './game.js';
import { addDays, dueKeys, localDay } from './rules.js';

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...kids);
  return el;
}

/** Per competency: the mean best score (0 when not yet taken) of the banks that examine it. */
export function competencyScores(course, doc) {
  return (course.competencies || []).map((c) => {
    const banks = (course.banks || []).filter((b) => b.competencies.includes(c.id));
    const score = banks.length
      ? Math.round(banks.reduce((sum, b) => sum + (doc.banks?.[b.id]?.best ?? 0), 0) / banks.length) : null;
    return { id: c.id, title: c.title, score, banks: banks.length };
  });
}

/** The next n lessons not yet done (learned and, if it has one, its bank passed), those that
 * train the weakest competencies first, then in course order. → [{lesson, competency}] */
export function recommend(course, doc, scores, n = 3) {
  const score = Object.fromEntries(scores.map((c) => [c.id, c.score ?? 0]));
  const byId = Object.fromEntries(scores.map((c) => [c.id, c]));
  const done = (l) => doc.lessons?.[l.path]?.learned && (!l.bank || doc.banks?.[l.bank]?.passed);
  return (course.lessons || [])
    .map((lesson, order) => {
      const weakest = [...lesson.competencies].filter((c) => c in score).sort((a, b) => score[a] - score[b])[0];
      return { lesson, order, competency: byId[weakest], weight: weakest ? score[weakest] : 101 };
    })
    .filter((x) => !done(x.lesson))
    .sort((a, b) => a.weight - b.weight || a.order - b.order)
    .slice(0, n)
    .map(({ lesson, competency }) => ({ lesson, competency }));
}

/** Cumulative points per day over the last `span` days ending today: [{day, gained, total}]. */
export function pointsSeries(events = [], today, span = 30) {
  const start = addDays(today, 1 - span);
  const gained = {};
  let before = 0;
  for (const e of events) {
    const d = localDay(new Date(e.at));
    if (d < start) before += e.points;
    else gained[d] = (gained[d] || 0) + e.points;
  }
  let total = before;
  return Array.from({ length: span }, (_, i) => {
    const d = addDays(start, i);
    total += gained[d] || 0;
    return { day: d, gained: gained[d] || 0, total };
  });
}

function radar(scores) {
  const n = scores.length;
  const cx = 180;
  const cy = 150;
  const r = 95;
  const at = (i, v) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [cx + Math.cos(a) * r * v, cy + Math.sin(a) * r * v];
  };
  const ring = (v) => scores.map((_, i) => at(i, v).map((x) => x.toFixed(1)).join(',')).join(' ');
  const svg = s('svg', { viewBox: '0 0 360 300', class: 'academy-chart academy-radar', role: 'img' });
  svg.append(s('title', {}, t('dash.radarAlt', {
    list: scores.map((c) => `${c.title} ${c.score ?? 0}`).join(t('quiz.list')),
  })));
  for (const v of [0.25, 0.5, 0.75, 1]) svg.append(s('polygon', { points: ring(v), class: 'academy-grid' }));
  scores.forEach((c, i) => {
    const [x, y] = at(i, 1);
    svg.append(s('line', { x1: cx, y1: cy, x2: x.toFixed(1), y2: y.toFixed(1), class: 'academy-grid' }));
    const [lx, ly] = at(i, 1.2);
    const anchor = Math.abs(lx - cx) < 8 ? 'middle' : lx > cx ? 'start' : 'end';
    svg.append(s('text', { x: lx.toFixed(1), y: (ly + 4).toFixed(1), 'text-anchor': anchor }, c.title));
  });
  const points = scores.map((c, i) => at(i, (c.score ?? 0) / 100).map((x) => x.toFixed(1)).join(',')).join(' ');
  svg.append(s('polygon', { points, class: 'academy-area' }));
  return svg;
}

function line(series) {
  const w = 360;
  const ht = 160;
  const pad = 28;
  const top = Math.max(10, ...series.map((p) => p.total));
  const x = (i) => pad + ((w - 2 * pad) * i) / Math.max(1, series.length - 1);
  const y = (v) => ht - pad - ((ht - 2 * pad) * v) / top;
  const pts = series.map((p, i) => `${x(i).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ');
  const first = series[0];
  const last = series[series.length - 1];
  return s('svg', { viewBox: `0 0 ${w} ${ht}`, class: 'academy-chart academy-line', role: 'img' },
    s('title', {}, t('dash.lineAlt', { from: day(first.day + 'T12:00:00'), to: day(last.day + 'T12:00:00'), a: first.total, b: last.total })),
    s('line', { x1: pad, y1: y(0), x2: w - pad, y2: y(0), class: 'academy-grid' }),
    s('polygon', { points: `${x(0)},${y(0)} ${pts} ${x(series.length - 1)},${y(0)}`, class: 'academy-area' }),
    s('polyline', { points: pts, class: 'academy-stroke' }),
    s('text', { x: pad, y: ht - 8 }, day(first.day + 'T12:00:00')),
    s('text', { x: w - pad, y: ht - 8, 'text-anchor': 'end' }, day(last.day + 'T12:00:00')),
    s('text', { x: pad, y: y(top) - 6 }, t('dash.pointsN', { n: top })));
}

// a wide table scrolls sideways on a phone: its wrapper is a named, focusable region
const table = (label, heads, rows) => h('div',
  { class: 'academy-table', role: 'region', 'aria-label': label, tabindex: '0' },
  h('table', { 'aria-label': label },
    h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));

const duration = (sec) => {
  const m = Math.round(sec / 60);
  return m >= 60 ? t('dash.hours', { h: Math.floor(m / 60), m: m % 60 }) : t('dash.minutes', { m });
};

export async function mountDashboard(div, ctx) {
  div.setAttribute('aria-busy', 'true'); // until every card is drawn
  try {
    await draw(div, ctx);
  } finally {
    div.removeAttribute('aria-busy');
  }
}

// Each step in a task of its own (the parse of game.json, the awards, each card): no long task
// holds the page while a large course's dashboard is drawn.
async function draw(div, ctx) {
  const { store } = ctx;
  const course = await loadCourse(ctx.gameUrl);
  await nextTask();
  const game = course.game || { levels: [], badges: [] };
  await notice(settle(store, course, game, new Date()), ctx);
  await nextTask();
  const today = localDay(new Date());
  const doc = store.get();
  const f = facts(doc, course, game, today);
  const names = namesOf(course);
  const root = new URL(ctx.siteRoot);
  const link = (url, text) => h('a', { href: new URL(url, root).href }, text);
  const section = (title, ...kids) => {
    const id = uid('dash');
    return h('section', { class: 'academy-dash-card', 'aria-labelledby': id }, h('h2', { id }, title), ...kids);
  };
  const cards = [];
  const show = async (card) => { // each card made in its own task; all shown in one layout at the end
    cards.push(card);
    await nextTask();
  };

  // level and today
  const levels = game.levels || [];
  const i = Math.max(0, levels.findIndex((l) => l.id === doc.level?.id), levels.length ? levelIndex(f, levels) : 0);
  const level = levels[i];
  const next = levels[i + 1];
  const need = next ? levelMissing(next, f, names) : [];
  const goal = game.daily_goal ?? 10;
  const answered = doc.days?.[today]?.answers || 0;
  const due = dueKeys(doc.reviews, today).length;
  const week = Object.entries(doc.days || {}).filter(([d]) => d > addDays(today, -7)).reduce((x, [, v]) => x + (v.seconds || 0), 0);
  const total = Object.values(doc.days || {}).reduce((x, v) => x + (v.seconds || 0), 0);
  const pct = next ? Math.round(100 * Math.min(1, Math.max(0, (f.points - level.points) / Math.max(1, next.points - level.points)))) : 100;
  await show(section(t('dash.level'),
    h('p', { class: 'academy-summary' }, t('dash.levelNow', { level: level?.title || '', points: f.points })),
    h('progress', { max: '100', value: String(pct), 'aria-label': t('header.bar') }),
    next ? [h('p', {}, t('dash.next', { level: next.title })), h('ul', {}, need.map((x) => h('li', {}, x)))]
      : h('p', {}, t('dash.top')),
    h('p', {}, t('dash.today', { n: Math.min(answered, goal), goal, streak: f.streak, best: f.bestStreak })),
    h('p', {}, due ? link(game.pages?.review || 'review/', t('dash.due', { n: due })) : t('dash.noDue')),
    h('p', {}, t('dash.time', { total: duration(total), week: duration(week) }))));

  // what to learn next, for the weakest competencies
  const scores = competencyScores(course, doc);
  const recs = recommend(course, doc, scores);
  await show(section(t('dash.recommend'),
    recs.length ? h('ol', { class: 'academy-recs' }, recs.map((r) => h('li', {},
      link(r.lesson.url, r.lesson.title),
      h('span', { class: 'academy-hint' }, ' ' + (r.competency
        ? t('dash.because', { competency: r.competency.title, score: r.competency.score ?? 0 }) : '')))))
      : h('p', {}, t('dash.allDone'))));

  // competencies
  await show(section(t('dash.radar'),
    h('figure', { class: 'academy-figure' }, radar(scores), h('figcaption', {}, t('dash.radarNote'))),
    table(t('dash.radarTable'), [t('dash.competency'), t('dash.score'), t('dash.banks')],
      scores.map((c) => [c.title, c.score == null ? t('dash.noBank') : String(c.score), String(c.banks)]))));

  // points over time and how they were earned
  const series = pointsSeries(doc.events, today);
  const events = [...(doc.events || [])].sort((a, b) => (a.at < b.at ? 1 : -1));
  const byWhat = {};
  for (const e of events) byWhat[e.what] = (byWhat[e.what] || 0) + e.points;
  await show(section(t('dash.points'),
    h('figure', { class: 'academy-figure' }, line(series)),
    table(t('dash.pointsTable'), [t('dash.day'), t('dash.gained'), t('dash.total')],
      series.filter((p) => p.gained).map((p) => [day(p.day + 'T12:00:00'), '+' + p.gained, String(p.total)])),
    h('p', {}, Object.keys(byWhat).length ? Object.entries(byWhat)
      .map(([w, n]) => t('dash.part', { what: t('part.' + w), n })).join(t('quiz.list')) : t('dash.noPoints')),
    h('details', { class: 'academy-ledger' },
      h('summary', {}, t('dash.ledger', { n: events.length, points: f.points })),
      table(t('dash.ledgerTable'), [t('dash.when'), t('dash.what'), t('dash.gained')],
        events.map((e) => [day(e.at), describe(e, course, names), '+' + e.points])))));

  // badges
  const earned = (game.badges || []).filter((b) => doc.badges?.[b.id]);
  await show(section(t('dash.badges'),
    h('p', {}, link(game.pages?.badges || 'badges/', t('dash.badgeCount', { n: earned.length, total: (game.badges || []).length }))),
    earned.length ? h('ul', { class: 'academy-badge-row' }, await Promise.all(earned.map(async (b) =>
      h('li', { title: b.title }, await badgeIcon(b.icon), h('span', {}, b.title))))) : h('p', {}, t('badges.noneYet'))));
  div.replaceChildren(...cards);
}
