// Offline reading: registers the site's service worker (`sw.js`, written by the build) and tells
// it the page's language, so that the home page and the offline page of that language are kept
// on the device. On the offline page it lists the pages kept, by their titles, and can forget
// them (what a reader has read is theirs to remove, on a shared phone too).
'use strict';
(() => {
  const me = document.currentScript;
  if (!me || !('serviceWorker' in navigator)) return;
  const lang = document.documentElement.lang;
  const scope = me.dataset.scope;
  const register = () => navigator.serviceWorker.register(me.dataset.worker, { scope })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      registration.active?.postMessage({ lang, url: location.href });
      document.documentElement.dataset.offline = 'ready';
    })
    .catch(() => { document.documentElement.dataset.offline = 'unavailable'; });
  // Installing the worker downloads the assets and every language's offline page: that waits
  // until the page has loaded, and on the search page until the search has answered (search.js
  // sets data-settled), so that it never takes the connections a reader's first answer needs.
  const search = document.getElementById('search-app');
  const settled = () => !search || 'settled' in search.dataset;
  const afterSearch = () => {
    if (settled()) { register(); return; }
    const watch = new MutationObserver(() => {
      if (!settled()) return;
      watch.disconnect();
      register();
    });
    watch.observe(search, { attributes: true, attributeFilter: ['data-settled'] });
  };
  if (document.readyState === 'complete') afterSearch();
  else window.addEventListener('load', afterSearch, { once: true });

  const kept = document.getElementById('offline-kept');
  if (!kept || !('caches' in window)) return;
  // Opened on purpose (not shown for another page while offline): it is the list of kept pages.
  if (location.pathname.endsWith('/offline/')) {
    for (const id of ['offline-heading', 'offline-lead']) {
      const el = document.getElementById(id);
      el.textContent = el.dataset.online;
    }
  }
  const prefix = `vardguide-${scope}-`;
  const isHome = (path) => /^[^/]+\/$/.test(path.slice(scope.length));
  /** The pages kept that a reader has read: not the home and offline pages. */
  async function keptPages() {
    const found = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith(prefix)) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const url = new URL(request.url);
        if (!url.pathname.startsWith(scope) || !url.pathname.endsWith('/') || url.pathname.endsWith('/offline/')) continue;
        found.push({ cache, request, url, home: isHome(url.pathname) });
      }
    }
    return found;
  }
  listKept(kept);

  /** The pages kept, each linked by its title; the page's language first. */
  async function listKept(section) {
    const pages = [];
    for (const { cache, request, url, home } of await keptPages()) {
      const response = await cache.match(request);
      if (!response || pages.some((p) => p.url === url.pathname)) continue;
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      pages.push({ home, url: url.pathname, title: (doc.querySelector('h1')?.textContent ?? doc.title).trim(), lang: doc.documentElement.lang, dir: doc.documentElement.dir });
    }
    const own = document.documentElement.lang;
    pages.sort((a, b) => (a.lang === own ? 0 : 1) - (b.lang === own ? 0 : 1) || a.title.localeCompare(b.title, own));
    const list = section.querySelector('ul');
    list.replaceChildren();
    for (const p of pages) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = p.url;
      a.textContent = p.title;
      if (p.lang && p.lang !== own) { a.lang = p.lang; a.dir = p.dir; a.hreflang = p.lang; }
      li.append(a);
      list.append(li);
    }
    section.querySelector('.offline-status').textContent = pages.length ? '' : section.dataset.none;
    section.querySelector('#offline-forget').hidden = !pages.some((p) => !p.home);
    section.dataset.listed = String(pages.length);
  }

  // Forgets the pages read; the home and offline pages stay, so the emergency numbers still open.
  const forget = kept.querySelector('#offline-forget');
  forget.addEventListener('click', async () => {
    for (const { cache, request, home } of await keptPages()) if (!home) await cache.delete(request);
    await listKept(kept);
    kept.querySelector('.offline-status').textContent = forget.dataset.done;
  });
})();
