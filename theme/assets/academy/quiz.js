// The quiz widget: turns <section class="academy-quiz"> (bank JSON inside) into a form.
import { gradeBank, isScored, rightAnswer, shuffle, shuffleAway } from './grade.js';
import { clock, t } from './i18n.js';
import { h, say, uid } from './dom.js';

// Radios or checkboxes; opts = [[label, answer value]]; read() → the checked values.
function choice(box, type, opts) {
  const name = uid('q');
  box.append(...opts.map(([text], i) => h('label', { class: 'academy-opt' },
    h('input', { type, name, value: i }), h('span', {}, text))));
  return () => [...box.querySelectorAll('input:checked')].map((c) => opts[c.value][1]);
}
const texts = (q) => shuffle(q.options).map((o) => [o.text, o.text]);
const first = (read) => () => read()[0] ?? null;

// reply and scenario live in their own modules, loaded only for banks that have them. Their
// read() is async (the rule engine grades a reply in Pyodide); read.after(result, answer) adds
// their own feedback once the quiz is submitted. See docs/practice.md.
const later = (file, name) => (q, box, ctx) => {
  const ready = import(file).then((m) => m[name](q, box, ctx), () => () => null); // offline: unanswered
  const read = async () => (await ready)();
  read.after = async (r, answer) => (await ready).after?.(r, answer);
  return read;
};

// Each renderer fills the fieldset and returns read() → the answer (see grade.js).
const renderers = {
  reply: later('./reply.js', 'renderReply'),
  scenario: later('./dialogue.js', 'renderDialogue'),
  single: (q, box) => first(choice(box, 'radio', texts(q))),
  multiple: (q, box) => choice(box, 'checkbox', texts(q)),
  truefalse: (q, box) => first(choice(box, 'radio', [[t('quiz.true'), true], [t('quiz.false'), false]])),
  fill(q, box) {
    const id = uid('fill');
    const input = h('input', {
      id, type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false',
      onkeydown: (e) => e.key === 'Enter' && e.preventDefault(), // would submit the whole quiz
    });
    box.append(h('label', { for: id, class: 'academy-fill' }, t('quiz.fill')), input);
    return () => input.value;
  },
  order(q, box, ctx) {
    const order = shuffleAway(q.items.map((_, i) => i));
    let moved = false;
    const list = h('ol', { class: 'academy-order' });
    const move = (pos, to, dir) => {
      [order[pos], order[to]] = [order[to], order[pos]];
      draw();
      const btns = list.children[to].querySelectorAll('button');
      (btns[dir].disabled ? btns[1 - dir] : btns[dir]).focus(); // keep the focus on the item
      moved = true;
      ctx.touch();
      say(ctx.live, t('quiz.moved', { item: q.items[order[to]], pos: to + 1, total: order.length }));
    };
    const btn = (key, item, disabled, onclick) => h('button', {
      type: 'button', class: 'md-button', 'aria-label': t(key + 'Name', { item }), disabled, onclick,
    }, t(key));
    function draw() {
      list.replaceChildren(...order.map((k, pos) => h('li', {},
        h('span', { class: 'academy-order-text' }, q.items[k]),
        h('span', { class: 'academy-order-btns' },
          btn('quiz.up', q.items[k], pos === 0, () => move(pos, pos - 1, 0)),
          btn('quiz.down', q.items[k], pos === order.length - 1, () => move(pos, pos + 1, 1))))));
    }
    draw();
    box.append(h('p', { class: 'academy-hint' }, t('quiz.orderHint')), list);
    return () => (moved ? order.map((k) => q.items[k]) : null);
  },
  match(q, box) {
    const rights = shuffle([...new Set(q.pairs.map((p) => p.right))]);
    const selects = q.pairs.map((p) => {
      const id = uid('match');
      const sel = h('select', { id }, h('option', { value: '' }, t('quiz.choose')),
        rights.map((r, i) => h('option', { value: i }, r)));
      box.append(h('div', { class: 'academy-match' }, h('label', { for: id }, p.left), sel));
      return [p.left, sel];
    });
    return () => Object.fromEntries(selects.map(([l, s]) => [l, s.value === '' ? null : rights[s.value]]));
  },
};

// Where the point is taught (`see:`, docs/formats.md): links shown with the explanation of a
// wrong answer. URLs are relative to the site root, which is two levels above this module.
const siteRoot = new URL('../../', import.meta.url);
const seeKey = (s) => (s.section == null ? 'quiz.reviewPage' : s.kind === 'manual' ? 'quiz.reviewManual' : 'quiz.review');
export function seeLinks(q) {
  const links = (q.see || []).filter((s) => s && s.url != null);
  return links.length ? h('ul', { class: 'academy-see' }, links.map((s) => h('li', {},
    h('a', { href: new URL(s.url, siteRoot).href }, t(seeKey(s), { page: s.page, section: s.section }))))) : '';
}

function showRight(q) {
  const parts = rightAnswer(q);
  if (q.type === 'truefalse') return t(parts[0] ? 'quiz.true' : 'quiz.false');
  if (q.type === 'order') return parts.join(t('quiz.then'));
  if (q.type === 'match') return parts.map(([left, right]) => t('quiz.pair', { left, right })).join(t('quiz.list'));
  return parts.join(t(q.type === 'fill' ? 'quiz.or' : 'quiz.list'));
}

/** Enhance one quiz section; store is the progress store (store.js). opts.record(attempt)
 * replaces store.recordAttempt (the 错题本 records reviews instead; opts.best = false hides the
 * best score). A bank with `draw` shows
 * that many questions, drawn at random from its pool, on each attempt. */
export function mountQuiz(section, store, opts = {}) {
  const bank = JSON.parse(section.querySelector('script.academy-bank').textContent);
  const pass = bank.pass_score ?? 80;
  const limit = bank.time_limit > 0 ? bank.time_limit : 0;
  const scored = bank.questions.filter(isScored).length;
  const count = bank.draw > 0 ? Math.min(bank.draw, scored) : scored;
  const record = opts.record || ((attempt) => store.recordAttempt(bank.id, attempt));
  const primary = 'md-button md-button--primary';

  const best = h('p', { class: 'academy-quiz-best' });
  const live = h('div', { class: 'academy-sr', role: 'status' });
  const list = h('ol', { class: 'academy-questions' });
  const submit = h('button', { type: 'submit', class: primary }, t('quiz.submit'));
  const retry = h('button', { type: 'button', class: 'md-button', hidden: true, onclick: reset }, t('quiz.retry'));
  const result = h('p', { class: 'academy-result', role: 'status' });
  const form = h('form', { class: 'academy-quiz-form', novalidate: true, onsubmit(e) {
    e.preventDefault();
    finish(false);
  } }, list, h('div', { class: 'academy-actions' }, submit, retry));
  const clockEl = h('span', { role: 'timer', 'aria-label': t('quiz.timer') });
  const timer = h('p', { class: 'academy-timer', hidden: true },
    h('span', { 'aria-hidden': 'true' }, t('quiz.timer') + ' '), clockEl);
  const startBtn = h('button', { type: 'button', class: primary, onclick: start }, t('quiz.start'));
  const intro = h('div', { class: 'academy-intro', hidden: !limit },
    h('p', {}, t('quiz.limit', { time: clock(limit) })), startBtn);

  section.append(h('p', { class: 'academy-quiz-meta' }, t('quiz.meta', { count, pass })), best,
    intro, timer, form, result, live);

  let qs = []; // [{q, read, fieldset, feedback}]
  let started = 0; // Date.now() when the clock started (timed) or at the first answer
  let ticker = 0;
  let done = false;
  let warned = false;
  const ctx = { live, pass, touch: () => { started ||= Date.now(); } };
  form.addEventListener('input', ctx.touch);
  form.addEventListener('change', ctx.touch);
  const focusFirst = () => form.querySelector('input, select, button:not([disabled])')?.focus();

  function showBest() {
    best.hidden = opts.best === false;
    const b = store.get().banks[bank.id];
    best.textContent = b?.best != null ? t('quiz.best', { best: b.best, attempts: b.attempts }) : t('quiz.none');
  }

  let drawn = bank; // this attempt's questions
  function build() {
    drawn = bank.draw > 0 ? { ...bank, questions: shuffle(bank.questions).slice(0, bank.draw) } : bank;
    qs = drawn.questions.map((q, i) => {
      const feedback = h('div', { class: 'academy-feedback', id: uid('fb'), hidden: true });
      const fieldset = h('fieldset', { class: 'academy-q', 'aria-describedby': feedback.id },
        h('legend', {}, h('span', { class: 'academy-qno' }, t('quiz.q', { n: i + 1 }) + ' '), q.prompt,
          q.type === 'multiple' && t('quiz.multi'),
          isScored(q) && (q.points ?? 1) !== 1 && t('quiz.points', { points: q.points })));
      const read = isScored(q) ? renderers[q.type](q, fieldset, ctx) : null;
      if (!read) fieldset.append(h('p', { class: 'academy-hint' }, t('quiz.elsewhere', { type: t('quiz.type.' + q.type) })));
      list.append(h('li', {}, fieldset, feedback));
      return { q, read, fieldset, feedback };
    });
  }

  function start() {
    started = Date.now();
    warned = false;
    intro.hidden = true;
    form.hidden = false;
    timer.hidden = false;
    tick();
    ticker = setInterval(tick, 250);
    say(live, t('quiz.started', { time: clock(limit) }));
    focusFirst();
  }

  function tick() {
    if (!section.isConnected) return clearInterval(ticker); // page swapped by instant navigation
    const left = limit - (Date.now() - started) / 1000;
    clockEl.textContent = clock(Math.ceil(Math.max(0, left)));
    if (left <= 60 && limit > 60 && !warned) {
      warned = true;
      say(live, t('quiz.minute'));
    }
    if (left <= 0) finish(true);
  }

  async function finish(auto) {
    if (done) return;
    done = true;
    clearInterval(ticker);
    const answers = {};
    submit.disabled = true; // replies may take a moment to grade
    for (const x of qs) if (x.read) answers[x.q.id] = await x.read();
    const g = gradeBank(drawn, answers);
    let seconds = started ? (Date.now() - started) / 1000 : 0;
    if (limit) seconds = Math.min(seconds, limit);
    g.results.forEach((r, i) => {
      const { q, fieldset, feedback } = qs[i];
      qs[i].read?.after?.(r, answers[q.id]);
      fieldset.disabled = true;
      if (!r.scored) return;
      markOptions(q, fieldset, answers[q.id]);
      feedback.className = 'academy-feedback ' + (r.correct ? 'is-right' : 'is-wrong');
      feedback.replaceChildren(
        h('p', {}, h('strong', {}, t(r.correct ? 'quiz.right' : 'quiz.wrong')), !r.answered && t('quiz.unanswered')),
        ...r.feedback.map((f) => h('p', {}, f)),
        r.correct || !rightAnswer(q).length ? '' : h('p', {}, t('quiz.answer', { answer: showRight(q) })),
        h('p', {}, t('quiz.explain', { text: q.explanation })),
        r.correct ? '' : seeLinks(q));
      feedback.hidden = false;
    });
    let text = g.percent == null ? t('quiz.noScore') : t('quiz.result', {
      score: g.percent, pass, right: g.right, total: g.count, verdict: t(g.passed ? 'quiz.pass' : 'quiz.fail'),
    });
    if (seconds >= 1) text += ' ' + t('quiz.time', { time: clock(seconds) });
    if (g.percent != null) {
      const saved = record({
        score: g.percent, passed: g.passed, seconds, limit, timeout: auto,
        answers: Object.fromEntries(g.results.filter((r) => r.scored)
          .map((r) => [r.id, { answer: answers[r.id], correct: r.correct, answered: r.answered }])),
      });
      if (!saved && store.status.note) text += ' ' + t('quiz.unsaved', { why: t(store.status.note, store.status.params) });
    }
    result.className = 'academy-result ' + (g.passed ? 'is-right' : 'is-wrong');
    result.textContent = (auto ? t('quiz.timeout') + ' ' : '') + text + ' ' + t('quiz.see');
    timer.hidden = true;
    submit.hidden = true;
    retry.hidden = false;
    retry.focus();
    showBest();
  }

  function reset() {
    done = false;
    started = 0;
    list.replaceChildren();
    build();
    result.textContent = '';
    result.className = 'academy-result';
    submit.hidden = false;
    submit.disabled = false;
    retry.hidden = true;
    form.hidden = Boolean(limit);
    intro.hidden = !limit;
    if (limit) startBtn.focus();
    else focusFirst();
    say(live, t('quiz.reset'));
  }

  build();
  form.hidden = Boolean(limit);
  showBest();
}

// After submitting: mark the right options, and the chosen wrong ones.
function markOptions(q, fieldset, answer) {
  if (!q.options) return;
  const chosen = [].concat(answer ?? []);
  for (const label of fieldset.querySelectorAll('.academy-opt')) {
    const o = q.options.find((x) => x.text === label.textContent);
    if (o?.correct) label.classList.add('is-right');
    else if (chosen.includes(label.textContent)) label.classList.add('is-wrong');
  }
}
