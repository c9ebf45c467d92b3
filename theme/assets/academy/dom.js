let n = 0;
export const uid = (p = 'academy') => `${p}-${++n}`;

// h(tag, {attr: value, onevent: fn}, ...children); false/null attributes are left out
export function h(tag, attrs = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...kids.flat(Infinity).filter((k) => k != null && k !== false && k !== ''));
  return el;
}

/** Resolves once the page has drawn a frame (or, in a tab that draws none, after `ms`): work
 * started then does not hold the page's first paint (docs/browser.md, Lighthouse). */
export const painted = (ms = 200) => new Promise((done) => {
  requestAnimationFrame(() => setTimeout(done));
  setTimeout(done, ms);
});

/** Resolves in a later task: work split at these points never holds the page for long (a task
 * over 50 ms delays the learner's taps; Lighthouse counts such tasks as blocking time). */
export const nextTask = () => (globalThis.scheduler?.yield
  ? globalThis.scheduler.yield() : new Promise((done) => setTimeout(done)));

// live region: clear first so a repeated message is announced again
export function say(region, text) {
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

// Names Material leaves out (tests/e2e/test_a11y.py), taken from Material's own text: its search
// dialog (named like its search box), the <nav> of a section with an index page (labelled by an
// empty toggle: named by the section title), and wide tables scrolled sideways on a phone
// (a tab stop, so the keyboard can scroll them). Run after Material has mounted the page.
export function nameMaterialParts() {
  const search = document.querySelector('.md-search[role="dialog"]:not([aria-label], [aria-labelledby])');
  const box = search?.querySelector('input[aria-label]');
  if (box) search.setAttribute('aria-label', box.getAttribute('aria-label'));
  for (const nav of document.querySelectorAll('nav.md-nav[aria-labelledby]')) {
    const label = document.getElementById(nav.getAttribute('aria-labelledby'));
    const title = nav.querySelector(':scope > .md-nav__title')?.textContent.trim();
    if (title && !label?.textContent.trim()) {
      nav.removeAttribute('aria-labelledby');
      nav.setAttribute('aria-label', title);
    }
  }
  for (const wrap of document.querySelectorAll('.md-typeset__scrollwrap:not([tabindex])')) {
    if (wrap.scrollWidth > wrap.clientWidth) wrap.tabIndex = 0;
  }
}
