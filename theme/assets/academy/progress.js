// "Mark as learned" at the end of lessons, and the progress page panel (export/import).
import { clock, day, t } from './i18n.js';
import { h, say, uid } from './dom.js';

const unsaved = (store, ok) => (ok || !store.status.note ? '' : ' ' + t('quiz.unsaved', {
  why: t(store.status.note, store.status.params),
}));

/** <div class="academy-lesson-end" data-lesson="foundation/x.md"> → a toggle button. */
export function mountLessonEnd(div, store) {
  const path = div.dataset.lesson;
  const state = h('span', { class: 'academy-learn-state' });
  const live = h('span', { class: 'academy-sr', role: 'status' });
  const btn = h('button', { type: 'button', class: 'md-button academy-learn', onclick() {
    const on = btn.getAttribute('aria-pressed') !== 'true';
    const ok = store.setLearned(path, on);
    show();
    say(live, t(on ? 'lesson.marked' : 'lesson.unmarked') + unsaved(store, ok));
  } }, t('lesson.mark'));
  function show() {
    const l = store.get().lessons[path];
    const on = Boolean(l?.learned);
    btn.setAttribute('aria-pressed', String(on));
    btn.classList.toggle('md-button--primary', on);
    state.textContent = on ? t('lesson.done', { date: day(l.at) }) : t('lesson.todo');
  }
  show();
  div.append(btn, ' ', state, live);
}

/** <div class="academy-progress-panel"> → summary, lists, export and import. */
export async function mountPanel(div, store, dataUrl) {
  const siteRoot = new URL('../', dataUrl);
  const summary = h('p', { class: 'academy-summary' });
  const note = h('p', { class: 'academy-note', hidden: true });
  const body = h('div', { class: 'academy-progress-list' });
  const msg = h('p', { class: 'academy-result', role: 'status' });
  const fileId = uid('import');
  const file = h('input', { type: 'file', id: fileId, accept: '.json,application/json', onchange: load });
  div.append(summary, note, body,
    h('div', { class: 'academy-transfer' },
      h('p', {}, t('progress.exportHint')),
      h('button', { type: 'button', class: 'md-button md-button--primary', onclick: save }, t('progress.export')),
      h('p', { class: 'academy-file' }, h('label', { for: fileId }, t('progress.import')), file),
      msg));

  let course = null;
  try {
    const r = await fetch(dataUrl);
    if (r.ok) course = await r.json();
  } catch {
    // offline or opened from disk: fall back to what is stored
  }
  render();

  function render() {
    const d = store.get();
    note.hidden = !store.status.note;
    note.textContent = store.status.note ? t('progress.note', { text: t(store.status.note, store.status.params) }) : '';
    // "{title} — {state}" with the title as a link
    const item = (title, url, state, done) => {
      const [before, after] = t('progress.item', { state }).split('{title}');
      return h('li', { class: done ? 'is-done' : '' }, before,
        url ? h('a', { href: new URL(url, siteRoot).href }, title) : title, after);
    };
    const lessons = course?.lessons
      ?? Object.keys(d.lessons).map((path) => ({ path, title: path }));
    const banks = course?.banks ?? Object.keys(d.banks).map((id) => ({ id, title: id }));
    const learned = lessons.filter((l) => d.lessons[l.path]?.learned);
    const passed = banks.filter((b) => d.banks[b.id]?.passed);
    summary.textContent = t('progress.summary', {
      learned: learned.length, lessons: lessons.length, passed: passed.length, banks: banks.length,
    });
    const lessonItem = (l) => {
      const x = d.lessons[l.path];
      return item(l.title, l.url,
        x?.learned ? t('progress.learned', { date: day(x.at) }) : t('progress.notLearned'), x?.learned);
    };
    const tiers = course?.tiers?.length ? course.tiers : [{ id: null, title: t('progress.lessons') }];
    // Each list is named by its heading, so screen readers (and tests) can tell them apart.
    const titled = (tag, title, items) => {
      const id = uid('list');
      return [h(tag, { id }, title), h('ul', { 'aria-labelledby': id }, items)];
    };
    body.replaceChildren(...[
      course ? '' : h('p', {}, t('progress.noCourse')),
      !lessons.length && !banks.length ? h('p', {}, t('progress.empty')) : '',
      lessons.length && course ? h('h2', {}, t('progress.lessons')) : '',
      tiers.map((tier) => {
        const mine = tier.id ? lessons.filter((l) => l.tier === tier.id) : lessons;
        return mine.length ? titled(course ? 'h3' : 'h2', tier.title, mine.map(lessonItem)) : [];
      }),
      banks.length ? titled('h2', t('progress.banks'), banks.map((b) => {
        const x = d.banks[b.id];
        return item(b.title, b.url, x?.best != null ? t('progress.bank', {
          best: x.best, attempts: x.attempts, time: clock(x.time_total || 0),
          verdict: t(x.passed ? 'quiz.pass' : 'quiz.fail'),
        }) : t('progress.bankNone'), x?.passed);
      })) : '',
    ].flat(Infinity).filter(Boolean));
  }

  function save() {
    const data = store.exportData();
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    const a = h('a', { href: url, download: `academy-progress-${store.siteId}-${data.exported_at.slice(0, 10)}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function load() {
    const f = file.files[0];
    if (!f) return;
    let r;
    try {
      r = store.importText(await f.text());
    } catch {
      r = { ok: false, key: 'import.read', params: {} };
    }
    file.value = '';
    msg.className = 'academy-result ' + (r.ok ? 'is-right' : 'is-wrong');
    msg.textContent = t(r.key, r.params) + (r.ok ? unsaved(store, store.status.state !== 'memory') : '');
    render();
  }
}
