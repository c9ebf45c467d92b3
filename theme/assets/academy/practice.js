// The practice desk (练习台, page practice/): draw a scenario card of the script manual, answer
// the customer against the clock, and get the reply graded by the rule engine (engine.js: the
// Python rules package in Pyodide) with the offending wording marked and better wording
// suggested. Cards come from course.json manuals[].practice; #<manual id> in the URL picks a
// manual. Results go to the progress store's practice section. See docs/practice.md.
import { h, say, uid } from './dom.js';
import { available, loadEngine } from './engine.js';
import { engineNote, renderFeedback, useStyles } from './feedback.js';
import { clock, t } from './i18n.js';

const STAGES = {
  opening: () => t('practice.stage.opening'),
  needs: () => t('practice.stage.needs'),
  handling: () => t('practice.stage.handling'),
  closing: () => t('practice.stage.closing'),
};
const stageName = (id) => (STAGES[id] || (() => id))();
const length = (s) => Array.from(s.trim()).length;

/** Enhance <div class="academy-practice-desk">; courseUrl: academy/course.json. */
export async function mountDesk(el, store, courseUrl) {
  useStyles();
  const message = (key, role = 'status') => el.replaceChildren(
    h('p', { class: 'academy-practice-message', role }, t(key)));
  message('practice.preparing');
  let course;
  try {
    const res = await fetch(courseUrl);
    if (!res.ok) throw new Error(String(res.status));
    course = await res.json();
  } catch {
    return message('practice.noCourse', 'alert');
  }
  const manuals = (course.manuals || []).filter((m) => m.practice?.length);
  if (!manuals.length) return message('practice.noCards');
  const ok = await available();
  if (ok === 'unavailable') return message('practice.unavailable', 'alert');
  const siteRoot = new URL('../', courseUrl);
  buildDesk(el, store, manuals, siteRoot);
}

function buildDesk(el, store, manuals, siteRoot) {
  const primary = 'md-button md-button--primary';
  const live = h('p', { class: 'academy-sr', role: 'status' });
  const note = h('p', { class: 'academy-engine-note', role: 'status' });
  const retryEngine = h('button', { type: 'button', class: 'md-button', hidden: true, onclick: warm },
    t('engine.retry'));

  // chooser
  const selectId = uid('manual');
  const select = h('select', { id: selectId },
    h('option', { value: '' }, t('practice.all')),
    manuals.map((m) => h('option', { value: m.id }, m.title)));
  const fromHash = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    if (manuals.some((m) => m.id === id)) select.value = id;
  };
  fromHash();
  window.addEventListener('hashchange', fromHash);
  const drawBtn = h('button', { type: 'button', class: primary, onclick: () => draw() }, t('practice.draw'));

  // the card
  const titleId = uid('card');
  const cardTitle = h('h2', { id: titleId, tabindex: '-1' });
  const customer = h('p', { class: 'academy-say is-customer' });
  const limits = h('p', { class: 'academy-hint' });
  const clockEl = h('span', { role: 'timer', 'aria-label': t('practice.timer') });
  const timer = h('p', { class: 'academy-timer' }, h('span', { 'aria-hidden': 'true' }, t('practice.timer') + ' '), clockEl);
  const areaId = uid('reply');
  const countId = uid('count');
  const area = h('textarea', { id: areaId, rows: 5, class: 'academy-reply-input', 'aria-describedby': countId });
  const count = h('p', { class: 'academy-reply-count', id: countId });
  const submit = h('button', { type: 'submit', class: primary }, t('practice.submit'));
  const form = h('form', { class: 'academy-practice-form', novalidate: true, onsubmit(e) {
    e.preventDefault();
    finish(false);
  } }, h('label', { for: areaId, class: 'academy-reply-label' }, t('reply.label')), area, count,
  h('div', { class: 'academy-actions' }, submit));
  const best = h('p', { class: 'academy-practice-best' });
  const manualLink = h('a', {});
  const card = h('section', { class: 'academy-card', 'aria-labelledby': titleId, hidden: true },
    cardTitle, customer, limits, timer, form,
    h('p', {}, manualLink), best);

  // the result
  const summary = h('p', { class: 'academy-result', role: 'status', tabindex: '-1' });
  const details = h('div', {});
  const again = h('button', { type: 'button', class: primary, onclick: () => draw(current) }, t('practice.again'));
  const next = h('button', { type: 'button', class: 'md-button', onclick: () => draw() }, t('practice.next'));
  const result = h('section', { class: 'academy-practice-result', hidden: true },
    summary, details, h('div', { class: 'academy-actions' }, again, next));

  el.replaceChildren(
    h('div', { class: 'academy-practice-engine' }, note, retryEngine),
    h('div', { class: 'academy-practice-choose' },
      h('label', { for: selectId }, t('practice.manual')), select, drawBtn),
    card, result, live);

  let current = null; // {manual, card}
  let started = 0;
  let ticker = 0;
  let warned = false;
  let done = true;

  function warm() {
    retryEngine.hidden = true;
    return loadEngine().catch((e) => {
      if (e.reason === 'unavailable') el.replaceChildren(h('p', { class: 'academy-practice-message', role: 'alert' }, t('practice.unavailable')));
      else retryEngine.hidden = false;
      return null;
    });
  }
  engineNote(note);
  warm(); // the desk is here to grade replies: load Pyodide now, while the learner reads

  const showCount = () => {
    const max = current?.card.max_chars;
    const n = length(area.value);
    count.textContent = max ? t('reply.countMax', { chars: n, max }) : t('reply.count', { chars: n });
    count.classList.toggle('is-over', Boolean(max && n > max));
  };
  area.addEventListener('input', showCount);

  function showBest() {
    const key = `${current.manual.id}/${current.card.id}`;
    const b = store.get().practice?.[key];
    best.textContent = b?.best != null ? t('practice.best', { best: b.best, attempts: b.attempts }) : t('practice.none');
  }

  function pick() {
    const pool = manuals.filter((m) => !select.value || m.id === select.value)
      .flatMap((manual) => manual.practice.map((c) => ({ manual, card: c })));
    const others = pool.filter((x) => x.card !== current?.card);
    const from = others.length ? others : pool;
    return from[Math.floor(Math.random() * from.length)];
  }

  function draw(same = null) {
    clearInterval(ticker);
    current = same || pick();
    const { manual, card: c } = current;
    cardTitle.textContent = t('practice.card', { manual: manual.title, stage: stageName(c.stage) });
    customer.replaceChildren(h('span', { class: 'academy-who' }, t('dialogue.customer')), h('span', {}, c.customer));
    limits.textContent = c.max_chars
      ? t('practice.limitsMax', { time: clock(c.time_limit), max: c.max_chars })
      : t('practice.limits', { time: clock(c.time_limit) });
    manualLink.href = new URL(manual.url, siteRoot).href + (c.stage ? `#${c.stage}` : '');
    manualLink.textContent = t('practice.manualLink', { manual: manual.title });
    area.value = '';
    area.disabled = false;
    submit.disabled = false;
    form.hidden = false;
    timer.hidden = false;
    result.hidden = true;
    card.hidden = false;
    showCount();
    showBest();
    done = false;
    warned = false;
    started = Date.now();
    tick();
    ticker = setInterval(tick, 250);
    say(live, t('practice.drawn', { manual: manual.title, stage: stageName(c.stage), customer: c.customer, time: clock(c.time_limit) }));
    area.focus();
  }

  function tick() {
    if (!el.isConnected) return clearInterval(ticker);
    const limit = current.card.time_limit;
    const left = limit - (Date.now() - started) / 1000;
    clockEl.textContent = clock(Math.ceil(Math.max(0, left)));
    if (left <= 10 && limit > 20 && !warned) {
      warned = true;
      say(live, t('practice.tenSeconds'));
    }
    if (left <= 0) finish(true);
  }

  async function finish(auto) {
    if (done) return;
    done = true;
    clearInterval(ticker);
    const { manual, card: c } = current;
    const seconds = Math.min((Date.now() - started) / 1000, c.time_limit);
    const text = area.value;
    area.disabled = true;
    submit.disabled = true;
    timer.hidden = true;
    result.hidden = false;
    details.replaceChildren();
    summary.className = 'academy-result';
    summary.textContent = (auto ? t('practice.timeout') + ' ' : '') + t('engine.grading');
    const engine = await warm();
    if (!engine) {
      summary.textContent = t('practice.notGraded');
      area.disabled = false;
      submit.disabled = false;
      done = false; // the learner may submit again once the engine loads
      return;
    }
    let r;
    try {
      r = await engine.grade(text, { require: c.require || [], max_chars: c.max_chars ?? null });
    } catch {
      summary.textContent = t('practice.notGraded');
      return;
    }
    const verdict = t(r.passed ? 'quiz.pass' : 'quiz.fail');
    let line = (auto ? t('practice.timeout') + ' ' : '')
      + t('practice.result', { score: r.score, verdict, time: clock(seconds) });
    const saved = store.recordPractice(`${manual.id}/${c.id}`, { score: r.score, passed: r.passed, seconds, text });
    if (!saved && store.status.note) line += ' ' + t('quiz.unsaved', { why: t(store.status.note, store.status.params) });
    summary.className = 'academy-result ' + (r.passed ? 'is-right' : 'is-wrong');
    summary.textContent = line;
    details.replaceChildren(renderFeedback(text, r, { sample: c.sample }));
    form.hidden = true;
    showBest();
    again.focus();
  }
}
