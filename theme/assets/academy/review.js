// 错题本 (<div class="academy-review">): today's due questions in the quiz widget (quiz.js),
// recorded as reviews (Leitner boxes, rules.js), and the list of every missed question.
import { day, t } from './i18n.js';
import { h, uid } from './dom.js';
import { loadCourse } from './game.js';
import { dueKeys, isDue, localDay } from './rules.js';

/** Due questions that still exist in the course: [{key, bank, question}], oldest due first. */
export function dueQuestions(reviews, course, today) {
  const find = (key) => {
    const [bankId, qid] = key.split('/');
    const bank = (course.banks || []).find((b) => b.id === bankId);
    const question = bank?.questions.find((q) => q.id === qid);
    return question ? { key, bank, question } : null;
  };
  return dueKeys(reviews, today)
    .sort((a, b) => (reviews[a].due < reviews[b].due ? -1 : reviews[a].due > reviews[b].due ? 1 : 0))
    .map(find).filter(Boolean);
}

export async function mountReview(div, ctx) {
  const { store } = ctx;
  const course = await loadCourse(ctx.courseUrl);
  const today = localDay(new Date());
  const summary = h('p', { class: 'academy-summary', role: 'status' });
  const session = h('div', {});
  const listBox = h('div', {});
  div.replaceChildren(summary, session, listBox);

  const due = dueQuestions(store.get().reviews, course, today);
  if (due.length) {
    const bank = {
      id: 'review', title: t('review.session'), pass_score: 80, time_limit: null, draw: null, competencies: [],
      questions: due.map((x) => ({ ...x.question, id: x.key })),
    };
    const hid = uid('review');
    const section = h('section', { class: 'academy-quiz academy-review-quiz', 'aria-labelledby': hid },
      h('h2', { id: hid }, t('review.session')),
      h('script', { type: 'application/json', class: 'academy-bank' }, JSON.stringify(bank)));
    session.append(section);
    (await import('./quiz.js')).mountQuiz(section, store, {
      best: false,
      record: (a) => store.recordReview(a.answers, a.seconds),
    });
  }
  render();
  store.onChange(render);

  function render() {
    const reviews = store.get().reviews || {};
    const now = dueQuestions(reviews, course, today).length;
    const open = Object.entries(reviews).filter(([, r]) => !r.done);
    const next = open.map(([, r]) => r.due).filter((d) => d > today).sort()[0];
    summary.textContent = now ? t('review.due', { n: now })
      : next ? t('review.none', { date: day(next + 'T12:00:00') }) : t('review.empty');
    const titleOf = (key) => {
      const [bankId, qid] = key.split('/');
      const b = (course.banks || []).find((x) => x.id === bankId);
      return [b?.questions.find((q) => q.id === qid)?.prompt || key, b?.title || bankId];
    };
    const id = uid('review');
    listBox.replaceChildren(...(Object.keys(reviews).length ? [
      h('h2', { id }, t('review.all')),
      h('div', { class: 'academy-table', role: 'region', 'aria-labelledby': id, tabindex: '0' },
        h('table', { 'aria-labelledby': id },
          h('thead', {}, h('tr', {}, ['review.q', 'review.bank', 'review.box', 'review.next'].map((k) => h('th', { scope: 'col' }, t(k))))),
          h('tbody', {}, Object.entries(reviews).map(([key, r]) => {
            const [prompt, bank] = titleOf(key);
            return h('tr', {}, h('td', {}, prompt), h('td', {}, bank),
              h('td', {}, r.done ? t('review.done') : t('review.boxN', { n: r.box })),
              h('td', {}, r.done ? '—' : isDue(r, today) ? t('review.today') : day(r.due + 'T12:00:00')));
          })))),
    ] : []));
  }
}
