// Entry module (theme/main.html, every page): enhances the widgets of docs/formats.md.
import './i18n.js'; // first: it loads the page's interface strings before any widget mounts
import { openStore } from './store.js';
import { mountHeader } from './header.js';
import { startOffline } from './offline.js';
import { nameMaterialParts, painted } from './dom.js';

const site = document.querySelector('meta[name="academy-site"]')?.content || 'default';
// the game's header settings (theme/partials/academy-header.html): levels, daily goal, reviews
let cfg = null;
try {
  cfg = JSON.parse(document.getElementById('academy-game')?.textContent || 'null');
} catch {
  cfg = null;
}
const store = openStore(site, undefined, { intervals: cfg?.review_intervals });
const courseUrl = new URL('../../academy/course.json', import.meta.url);
// what progress, levels and badges need: course.json without question bodies and manuals
const gameUrl = new URL('../../academy/game.json', import.meta.url);
const game = { store, cfg, courseUrl, gameUrl, siteRoot: new URL('../../', import.meta.url) };
if (cfg) mountHeader(game);

// Each widget's module is loaded only on pages that have one.
const widgets = [
  ['section.academy-quiz', async (el) => (await import('./quiz.js')).mountQuiz(el, store)],
  ['div.academy-lesson-end', async (el) => (await import('./progress.js')).mountLessonEnd(el, store)],
  ['div.academy-progress-panel',
    async (el) => (await import('./progress.js')).mountPanel(el, store, gameUrl)],
  ['div.academy-manual-stage', async (el) => (await import('./manual.js')).mountCopyButtons(el)],
  ['div.academy-practice-desk', async (el) => (await import('./practice.js')).mountDesk(el, store, courseUrl)],
  ['div.academy-dashboard', async (el) => (await import('./dashboard.js')).mountDashboard(el, game)],
  ['div.academy-badges', async (el) => (await import('./badges.js')).mountBadges(el, game)],
  ['div.academy-review', async (el) => (await import('./review.js')).mountReview(el, game)],
  ['div.academy-certificate', async (el) => (await import('./certificate.js')).mountCertificate(el, game)],
];

// Enhance every widget once; safe to call again.
export function enhance(root = document) {
  for (const [selector, mount] of widgets) {
    for (const el of root.querySelectorAll(selector)) {
      if (el.dataset.academyReady) continue;
      el.dataset.academyReady = 'true';
      mount(el).catch((e) => console.error('academy:', selector, e));
    }
  }
}

// The page's own text is painted first, the widgets after. Material's document$ gives each page
// (navigation.instant swaps pages without running modules again); it gives the first one at
// once, so without the wait the widgets were drawn in the same task as this module's start.
const ready = () => painted().then(() => {
  enhance();
  nameMaterialParts();
});
if (globalThis.document$?.subscribe) globalThis.document$.subscribe(ready);
else ready();
// offline study: the service worker at the site root (docs/browser.md)
startOffline(game.siteRoot);
