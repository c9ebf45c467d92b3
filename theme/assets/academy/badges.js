// 徽章墙 (<div class="academy-badges">): earned and locked badges, and what each still needs.
import { day, t } from './i18n.js';
import { h, uid } from './dom.js';
import { badgeIcon, facts, loadCourse, missing, namesOf, notice, settle } from './game.js';
import { localDay } from './rules.js';

export async function mountBadges(div, ctx) {
  const course = await loadCourse(ctx.gameUrl);
  const game = course.game || { badges: [] };
  await notice(settle(ctx.store, course, game, new Date()), ctx);
  const doc = ctx.store.get();
  const f = facts(doc, course, game, localDay(new Date()));
  const names = namesOf(course);
  const earned = game.badges.filter((b) => doc.badges?.[b.id]);
  const locked = game.badges.filter((b) => !doc.badges?.[b.id]);

  const card = async (b) => {
    const got = doc.badges?.[b.id];
    const need = got ? [] : missing(b.criteria, f, names);
    return h('li', { class: 'academy-badge ' + (got ? 'is-earned' : 'is-locked') },
      await badgeIcon(b.icon),
      h('div', {},
        h('h3', {}, b.title),
        h('p', {}, b.description),
        got ? h('p', { class: 'academy-badge-state' }, t('badges.earned', { date: day(got.at) }))
          : [h('p', { class: 'academy-badge-state' }, t('badges.locked')),
            h('ul', { class: 'academy-badge-need', 'aria-label': t('badges.need', { badge: b.title }) },
              need.map((x) => h('li', {}, x)))]));
  };
  const list = async (title, badges, empty) => {
    const id = uid('badges');
    return [h('h2', { id }, title),
      badges.length ? h('ul', { class: 'academy-badge-grid', 'aria-labelledby': id }, await Promise.all(badges.map(card)))
        : h('p', {}, empty)];
  };
  div.replaceChildren(
    h('p', { class: 'academy-summary' }, t('badges.summary', { n: earned.length, total: game.badges.length })),
    ...(await list(t('badges.earnedTitle'), earned, t('badges.noneYet'))),
    ...(await list(t('badges.lockedTitle'), locked, t('badges.all'))),
  );
}
