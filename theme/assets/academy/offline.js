// Offline study, the page's side (docs/browser.md, "Offline"): registers the service worker at
// the site root (sw.js, written by the build), tells it what this page loaded before it was in
// control, and says when the page is read offline or when a new version of the site took over.
import { t } from './i18n.js';
import { h } from './dom.js';

let note = null; // the live region, made on first use

function show(title, text, action = null) {
  const where = document.querySelector('article.md-content__inner') || document.querySelector('main') || document.body;
  if (!note) {
    note = h('div', { class: 'academy-offline-note', role: 'status' });
    where.prepend(note);
  }
  note.className = 'academy-offline-note admonition info';
  note.replaceChildren(h('p', { class: 'admonition-title' }, title), h('p', {}, text), action);
}

function hide() {
  if (!note) return;
  note.className = 'academy-offline-note';
  note.replaceChildren();
}

function offline() {
  show(t('offline.title'), t('offline.text'));
}

function updated() {
  const reload = h('button', { type: 'button', class: 'md-button', onclick: () => location.reload() },
    t('offline.reload'));
  show(t('offline.updatedTitle'), t('offline.updated'), h('p', {}, reload));
}

/** Start offline support for the site whose root is siteRoot (a URL ending with "/"). */
export function startOffline(siteRoot) {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  const workers = navigator.serviceWorker;
  const hadWorker = Boolean(workers.controller); // a change of worker then means a new version
  workers.addEventListener('controllerchange', () => { if (hadWorker) updated(); });
  addEventListener('offline', offline);
  addEventListener('online', hide);
  if (!navigator.onLine) offline();

  const register = () => {
    workers.register(new URL('sw.js', siteRoot), { updateViaCache: 'none' })
      .catch((e) => console.warn('academy: offline study is unavailable', e));
    workers.ready.then((registration) => {
      const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)];
      registration.active?.postMessage({ type: 'academy:keep', urls });
    });
  };
  // after the page's own downloads: the shell is precached in the background
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
