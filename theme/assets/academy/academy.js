// Entry module (theme/main.html, every page): enhances the widgets of docs/formats.md.
import { setLang } from './i18n.js';
import { openStore } from './store.js';
import { mountQuiz } from './quiz.js';
import { mountLessonEnd, mountPanel } from './progress.js';

setLang(document.documentElement.lang || navigator.language);
const site = document.querySelector('meta[name="academy-site"]')?.content || 'default';
const store = openStore(site);
const courseUrl = new URL('../../academy/course.json', import.meta.url);

const widgets = [
  ['section.academy-quiz', (el) => mountQuiz(el, store)],
  ['div.academy-lesson-end', (el) => mountLessonEnd(el, store)],
  ['div.academy-progress-panel', (el) => mountPanel(el, store, courseUrl)],
];

// Enhance every widget once; safe to call again.
export function enhance(root = document) {
  for (const [selector, mount] of widgets) {
    for (const el of root.querySelectorAll(selector)) {
      if (el.dataset.academyReady) continue;
      el.dataset.academyReady = 'true';
      try {
        mount(el);
      } catch (e) {
        console.error('academy:', selector, e);
      }
    }
  }
}

enhance();
// navigation.instant swaps pages without running modules again
globalThis.document$?.subscribe?.(() => enhance());
