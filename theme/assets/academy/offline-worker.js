// The service worker's logic: offline study (docs/browser.md, "Offline"). A classic worker
// script, not a module: the generated sw.js at the site root sets self.ACADEMY_OFFLINE =
// {version, precache, pages, lasting} (tools/academy/compile/offline.py) and imports this file.
//
// Caches, named after the worker's scope so two sites on one origin never touch each other's:
//   "academy <scope> static <version>"  the shell (precached at install), course data and every
//                                       other file of the site once a page used it
//   "academy <scope> pages <version>"   the pages the learner opened; carried into a new version
//   "academy <scope> lasting <folder>"  files of a folder named with its version (Pyodide), cached
//                                       on first use and kept while the site still uses the folder
// Pages and data outside assets/ (course.json, the search index) go to the network first and fall
// back to the cache when it fails, or takes longer than SLOW_MS and a copy is there. Everything
// else comes from the cache first. A worker cannot see localStorage: progress is never touched.
'use strict';

const config = self.ACADEMY_OFFLINE;
const scope = self.registration.scope; // the site root, ending with "/"
const PREFIX = `academy ${new URL(scope).pathname} `;
const STATIC = `${PREFIX}static ${config.version}`;
const PAGES = `${PREFIX}pages ${config.version}`;
const LASTING = config.lasting.map((dir) => [new URL(dir, scope).href, `${PREFIX}lasting ${dir}`]);
const SELF = new URL('sw.js', scope).href;
const SLOW_MS = 4000;

const absolute = (rel) => new URL(rel, scope).href;

/** Where a same-origin URL is kept: {cache, key, fresh}; fresh = network first. */
function place(url, request) {
  const u = new URL(url);
  u.hash = '';
  const href = u.href;
  for (const [dir, cache] of LASTING) {
    if (href.startsWith(dir)) return { cache, key: href, fresh: false };
  }
  const page = (request && (request.mode === 'navigate' || request.destination === 'document'))
    || u.pathname.endsWith('/') || u.pathname.endsWith('.html');
  if (page) { // one entry per page: no query; .../index.html is .../
    u.search = '';
    if (u.pathname.endsWith('/index.html')) u.pathname = u.pathname.slice(0, -'index.html'.length);
    return { cache: PAGES, key: u.href, fresh: true };
  }
  const data = u.pathname.endsWith('.json') && !href.startsWith(absolute('assets/'));
  return { cache: STATIC, key: href, fresh: data };
}

const storable = (res) => res.status === 200 && res.type === 'basic' && !res.redirected;

// caches.open() creates a missing cache: a worker that a newer one replaced must not bring back
// the caches the newer one deleted (only lasting caches are made on first use)
const LASTING_NAMES = new Set(LASTING.map(([, cache]) => cache));

async function save(cache, key, res) {
  if (!LASTING_NAMES.has(cache) && !(await caches.has(cache))) return;
  await (await caches.open(cache)).put(key, res);
}

const cached = (cache, key) => caches.match(key, { cacheName: cache }); // never creates a cache

/** Network first; the cached copy if the network fails, or is slow and a copy exists. */
function networkFirst(request, { cache, key }) {
  let saved = Promise.resolve();
  const network = fetch(request).then((res) => {
    if (storable(res)) saved = save(cache, key, res.clone()).catch(() => {});
    return res;
  });
  const response = cached(cache, key).then((copy) => {
    if (!copy) return network; // nothing kept: the browser shows its own offline page
    const slow = new Promise((resolve) => { setTimeout(resolve, SLOW_MS, copy); });
    return Promise.race([network.catch(() => copy), slow]);
  });
  const settled = network.then(() => saved, () => {});
  return { response, settled };
}

/** Cache first; a miss is fetched and kept. */
function cacheFirst(request, { cache, key }) {
  let saved = Promise.resolve();
  const response = cached(cache, key).then((hit) => hit || fetch(request).then((res) => {
    if (storable(res)) saved = save(cache, key, res.clone()).catch(() => {});
    return res;
  }));
  const settled = response.then(() => saved, () => {});
  return { response, settled };
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    // no-cache: revalidate with the server, so no file of the previous version comes from the
    // HTTP cache into the new one
    const fresh = (rel) => new Request(absolute(rel), { cache: 'no-cache' });
    await (await caches.open(STATIC)).addAll(config.precache.map(fresh));
    const pages = await caches.open(PAGES);
    for (const rel of config.pages) {
      const res = await fetch(fresh(rel));
      if (storable(res)) await pages.put(place(absolute(rel)).key, res);
    }
    await self.skipWaiting(); // the page says that a new version is there (offline.js)
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const keep = new Set([STATIC, PAGES, ...LASTING.map(([, cache]) => cache)]);
    const old = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && !keep.has(name));
    // the pages opened under the previous version stay readable offline; the network replaces
    // each one the next time it is opened online
    const pages = await caches.open(PAGES);
    for (const name of old.filter((n) => n.startsWith(`${PREFIX}pages `))) {
      const before = await caches.open(name);
      for (const request of await before.keys()) {
        if (!(await pages.match(request))) await pages.put(request, await before.match(request));
      }
    }
    await Promise.all(old.map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || request.headers.has('range') || !request.url.startsWith(scope)
      || request.url.startsWith(SELF)) return;
  const where = place(request.url, request);
  const { response, settled } = (where.fresh ? networkFirst : cacheFirst)(request, where);
  event.respondWith(response);
  event.waitUntil(settled);
});

// A page opened before this worker controlled it says what it loaded (offline.js): keep it.
async function keep(urls) {
  for (const url of new Set(urls)) {
    if (typeof url !== 'string' || !url.startsWith(scope) || url.startsWith(SELF)) continue;
    const { cache, key } = place(url, null);
    if (await cached(cache, key)) continue;
    try {
      const res = await fetch(url);
      if (storable(res)) await save(cache, key, res);
    } catch {
      // offline or gone: it is fetched again when used
    }
  }
}

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data && data.type === 'academy:keep' && Array.isArray(data.urls)) event.waitUntil(keep(data.urls));
});
