// The header on every page (docs/game.md): level, streak, points, reviews due and a level bar,
// read from the store alone (no fetch). When progress changes, game.js is imported to award
// points and badges; reading time on lessons is counted for the dashboard.
import { t } from './i18n.js';
import { h } from './dom.js';
import { keyFor } from './store.js';
import { currentStreak, dueKeys, localDay, pointsTotal } from './rules.js';

const FLAME = '<svg viewBox="0 0 16 16" width="1em" height="1em"><path fill="currentColor" '
  + 'd="M8 0c.6 2.4 4.5 4.2 4.5 8.6A4.5 4.5 0 0 1 3.5 9.7c0-2 1-3.4 2.1-4.4 0 1.4.5 2.5 1.5 3C6.6 5.3 7.2 2.4 8 0z"/></svg>';

/** What the header shows, from the document, the header config and a day. */
export function headerState(doc, cfg, today) {
  const levels = cfg.levels?.length ? cfg.levels : [{ id: '', title: '', points: 0 }];
  const points = pointsTotal(doc.events);
  const i = Math.max(0, levels.findIndex((l) => l.id === doc.level?.id));
  const level = levels[i];
  const next = levels[i + 1] || null;
  const span = next ? next.points - level.points : 0;
  const progress = !next ? 1 : span > 0 ? Math.min(1, Math.max(0, (points - level.points) / span)) : 0;
  const goal = cfg.daily_goal ?? 10;
  return {
    level, next, points, progress, goal,
    toNext: next ? Math.max(0, next.points - points) : 0,
    streak: currentStreak(doc.days, goal, today),
    today: doc.days?.[today]?.answers || 0,
    due: dueKeys(doc.reviews, today).length,
  };
}

/** ctx: {store, cfg, siteRoot, courseUrl, gameUrl}. Returns {refresh}; ctx.toasts gets the live region. */
export function mountHeader(ctx) {
  const { store, cfg } = ctx;
  const url = (page) => new URL(cfg.pages?.[page] ?? '', ctx.siteRoot).href;
  const level = h('span', { class: 'academy-status-level' });
  const streak = h('span', { class: 'academy-status-streak' });
  const flame = h('span', { class: 'academy-flame', 'aria-hidden': 'true' });
  flame.innerHTML = FLAME; // a constant: no emoji font needed
  const points = h('span', { class: 'academy-status-points' });
  // the link is named by the full sentence; the short figures shown are hidden from screen
  // readers (an aria-label that does not contain them fails "label in name", WCAG 2.5.3)
  const name = h('span', { class: 'academy-sr' });
  const shown = h('span', { class: 'academy-status-shown', 'aria-hidden': 'true' }, level, streak, points);
  const link = h('a', { class: 'academy-status-link', href: url('dashboard') }, name, shown);
  const due = h('a', { class: 'academy-status-due', href: url('review'), hidden: true });
  const fill = h('span', { class: 'academy-levelbar-fill' });
  const bar = h('span', { class: 'academy-levelbar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' }, fill);
  const box = h('div', { class: 'academy-status', 'data-academy-ready': 'true' }, link, due);
  ctx.toasts = h('div', { class: 'academy-toasts', role: 'status', 'aria-live': 'polite' });

  const header = document.querySelector('.md-header');
  const inner = header?.querySelector('.md-header__inner');
  if (inner) inner.insertBefore(box, inner.querySelector('label[for="__search"]') || null);
  else document.body.prepend(box);
  (header || box).append(bar);
  document.body.append(ctx.toasts);

  function refresh() {
    const s = headerState(store.get(), cfg, localDay(new Date()));
    level.textContent = s.level.title;
    streak.replaceChildren(flame, t('header.streak', { n: s.streak }));
    points.textContent = t('header.points', { n: s.points });
    name.textContent = t('header.label', {
      level: s.level.title, points: s.points, streak: s.streak, today: Math.min(s.today, s.goal), goal: s.goal,
    });
    link.classList.toggle('is-goal', s.today >= s.goal);
    due.hidden = !s.due;
    due.textContent = t('header.due', { n: s.due });
    due.setAttribute('aria-label', t('header.dueLabel', { n: s.due }));
    const pct = Math.round(s.progress * 100);
    fill.style.width = pct + '%';
    bar.setAttribute('aria-valuenow', String(pct));
    bar.setAttribute('aria-label', t('header.bar'));
    bar.setAttribute('aria-valuetext', s.next
      ? t('header.barText', { next: s.next.title, n: s.toNext }) : t('header.barTop', { level: s.level.title }));
  }

  // award points and badges after each change this page makes (not after the game's own writes)
  let pending = null;
  const settle = () => {
    pending ||= import('./game.js')
      .then((g) => g.settleAndNotice(ctx))
      .catch((e) => console.error('academy: game', e))
      .finally(() => {
        pending = null;
        refresh();
      });
  };
  store.onChange((source) => {
    refresh();
    if (!['game', 'time', 'profile'].includes(source)) settle();
  });
  addEventListener('storage', (e) => e.key === keyFor(store.siteId) && refresh());
  refresh();
  if (document.querySelector('.academy-lesson-end')) trackReading(store);
  return { refresh, settle };
}

// Seconds a lesson is visible, added to the day's study time when the page is hidden or left.
function trackReading(store, cap = 1800) {
  let since = document.visibilityState === 'visible' ? Date.now() : 0;
  const flush = () => {
    if (!since) return;
    const seconds = Math.min(cap, (Date.now() - since) / 1000);
    since = 0;
    store.addTime(seconds);
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
    else since = Date.now();
  });
  addEventListener('pagehide', flush);
}
