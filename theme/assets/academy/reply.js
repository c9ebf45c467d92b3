// `reply` questions in a quiz (quiz.js loads this module for banks that have one): a labelled
// textarea; on submit the rule engine (engine.js: Python in Pyodide) grades the text against the
// question's rubric, and passed means correct. Pyodide starts loading when the learner first
// focuses the box, so a lesson page stays light until someone actually writes a reply.
import { h, uid } from './dom.js';
import { loadEngine } from './engine.js';
import { engineNote, renderFeedback, useStyles } from './feedback.js';
import { t } from './i18n.js';

const length = (s) => Array.from(s.trim()).length;

/** Fill the question's fieldset; returns read() → Promise of {text, score, passed} or
 *  {text, ungraded: true} when the engine cannot run; read.after shows the feedback. */
export function renderReply(q, box) {
  useStyles();
  const rubric = { require: q.rubric?.require || [], max_chars: q.rubric?.max_chars ?? null };
  const id = uid('reply');
  const countId = uid('count');
  const area = h('textarea', {
    id, rows: 4, class: 'academy-reply-input', 'aria-describedby': countId, autocomplete: 'off',
  });
  const count = h('p', { class: 'academy-reply-count', id: countId });
  const note = h('p', { class: 'academy-engine-note', role: 'status' });
  const out = h('div', { class: 'academy-reply-out' });
  const showCount = () => {
    const n = length(area.value);
    count.textContent = rubric.max_chars
      ? t('reply.countMax', { chars: n, max: rubric.max_chars }) : t('reply.count', { chars: n });
    count.classList.toggle('is-over', Boolean(rubric.max_chars && n > rubric.max_chars));
  };
  area.addEventListener('input', showCount);
  showCount();
  box.append(h('label', { for: id, class: 'academy-reply-label' }, t('reply.label')), area, count,
    h('p', { class: 'academy-hint' }, t('reply.hint')), note, out);

  let watching = false;
  const warm = () => {
    if (!watching) {
      watching = true;
      engineNote(note);
    }
    return loadEngine().catch(() => null);
  };
  area.addEventListener('focus', warm, { once: true });

  let last = null; // {text, result} of the last grading
  async function read() {
    const text = area.value;
    last = null;
    if (!text.trim()) return { text, score: 0, passed: false };
    await warm();
    try {
      const engine = await loadEngine();
      const result = await engine.grade(text, rubric);
      last = { text, result };
      return { text, score: result.score, passed: result.passed };
    } catch {
      return { text, ungraded: true };
    }
  }

  read.after = () => {
    if (last) {
      out.replaceChildren(renderFeedback(last.text, last.result, {
        sample: q.sample,
        heading: t('reply.score', { score: last.result.score, verdict: t(last.result.passed ? 'quiz.pass' : 'quiz.fail') }),
      }));
    } else if (area.value.trim()) {
      out.replaceChildren(h('p', { class: 'academy-hint' }, t('reply.ungraded')),
        h('p', { class: 'academy-reply-sample' }, t('reply.sample', { text: q.sample })));
    } else {
      out.replaceChildren(h('p', { class: 'academy-reply-sample' }, t('reply.sample', { text: q.sample })));
    }
  };
  return read;
}
