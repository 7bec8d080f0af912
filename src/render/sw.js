// vardguide's service worker: offline reading with no third party. The build writes it after
// `'use strict'` and CONFIG naming this build's assets and each language's home and offline
// pages; a build whose CONFIG differs is a new worker with a new cache (`vardguide-<version>`).
//
// Pages: network first, so an online reader always gets the page as it is now; each page read
// is kept for offline use, and a page not kept opens the offline page of its language.
// Assets: their names change with their content, so a kept copy is always right.
// Everything else (search index, finder data, `serve`'s reload events) goes to the network.

// Named after the site's path too: two sites on one host never touch each other's caches.
const PREFIX = `vardguide-${CONFIG.base}-`;
const CACHE = `${PREFIX}${CONFIG.version}`;
const ASSETS = `${CONFIG.base}assets/`;

const isPage = (url) => url.pathname.endsWith('/') || url.pathname.endsWith('.html');
const LIVE = new Set(Object.values(CONFIG.languages).flatMap((l) => l.live));
/** Whether a page is kept for offline reading: not one made from data fetched as it opens. */
const keepable = (url) => isPage(url) && !url.search && !LIVE.has(url.pathname);
/** Whether this worker is the site's active one. A worker that a new build's worker has replaced
 * may still finish a request; it then keeps nothing, so that the cache it had, deleted by the new
 * worker, is not made again. (Browsers without `self.serviceWorker` are taken as current.) */
const current = () => !self.serviceWorker || self.registration.active === self.serviceWorker;

/** Fetches `url` past the browser's HTTP cache and keeps it, if the server answered with it.
 * Given up after 20 s: a request that hangs (a flaky mobile network) must not hold the worker,
 * which would keep a new build's worker from taking over. */
async function keep(cache, url) {
  const response = await fetch(url, { cache: 'no-cache', signal: AbortSignal.timeout(20000) });
  if (response.ok && !response.redirected) await cache.put(url, response);
}
const langOf = (url) => {
  const first = url.pathname.slice(CONFIG.base.length).split('/')[0];
  return CONFIG.languages[first] ? first : CONFIG.default;
};

// Installed: the assets and every language's offline page (small), so that a page not kept
// always opens the offline page in its own language.
self.addEventListener('install', (event) => {
  const offline = Object.values(CONFIG.languages).map((l) => l.offline);
  event.waitUntil(caches.open(CACHE)
    .then((cache) => Promise.all([cache.addAll(CONFIG.assets), ...offline.map((url) => keep(cache, url))]))
    .then(() => self.skipWaiting()));
});

// A new build's worker: the pages the reader kept move to the new cache (a local copy, so that
// nothing waits on the network and nothing is lost offline; an online reader still gets each
// page from the network first), then the old caches go.
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const name of await caches.keys()) {
      if (name === CACHE || !name.startsWith(PREFIX)) continue;
      const old = await caches.open(name);
      for (const request of await old.keys()) {
        if (!isPage(new URL(request.url)) || (await cache.match(request))) continue;
        const response = await old.match(request);
        if (response) await cache.put(request, response);
      }
      await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// A page tells the worker its language and address: that language's home and offline pages
// are fetched again once per run of the worker (their text may change without the worker
// changing), and the page itself is kept (the first page a reader opened was loaded before
// the worker ran).
const refreshed = new Set();
self.addEventListener('message', (event) => {
  const code = event.data?.lang;
  const lang = CONFIG.languages[code];
  if (!lang) return;
  const urls = refreshed.has(code) ? [] : [lang.home, lang.offline];
  refreshed.add(code);
  const here = new URL(event.data.url ?? '', self.location.href);
  const keepHere = here.origin === self.location.origin && here.pathname.startsWith(CONFIG.base) && keepable(here);
  if (!current()) return;
  event.waitUntil(caches.open(CACHE).then(async (cache) => {
    for (const url of urls) await keep(cache, url).catch(() => {});
    if (keepHere && !(await cache.match(here.pathname))) await keep(cache, here.pathname).catch(() => {});
  }));
});

async function page(event, url) {
  let response;
  try {
    response = await fetch(event.request, { cache: 'no-cache' });
  } catch (offline) {
    // Looked up without opening the cache, which would make it again if a new worker has
    // just deleted it.
    const kept = await caches.match(url, { cacheName: CACHE, ignoreSearch: true });
    if (kept) return kept;
    const fallback = await caches.match(CONFIG.languages[langOf(url)].offline, { cacheName: CACHE });
    if (fallback) return fallback;
    throw offline;
  }
  // Kept after the reader has the page; a full device only means the page is not kept.
  if (response.ok && response.type === 'basic' && !response.redirected && keepable(url) && current()) {
    const copy = response.clone();
    event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url, copy)).catch(() => {}));
  }
  return response;
}

async function asset(request) {
  if (!current()) return fetch(request);
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(CONFIG.base)) return;
  if (request.mode === 'navigate' && isPage(url)) event.respondWith(page(event, url));
  else if (url.pathname.startsWith(ASSETS) && CONFIG.assets.includes(url.pathname)) event.respondWith(asset(request));
});
