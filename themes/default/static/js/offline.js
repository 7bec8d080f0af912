// Offline reading: registers the site's service worker (`sw.js`, written by the build) and tells
// it the page's language, so that the home page and the offline page of that language are kept
// on the device. On the offline page it lists the pages kept, by their titles.
'use strict';
(() => {
  const me = document.currentScript;
  if (!me || !('serviceWorker' in navigator)) return;
  const lang = document.documentElement.lang;
  navigator.serviceWorker.register(me.dataset.worker, { scope: me.dataset.scope })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      registration.active?.postMessage({ lang, url: location.href });
      document.documentElement.dataset.offline = 'ready';
    })
    .catch(() => { document.documentElement.dataset.offline = 'unavailable'; });

  const kept = document.getElementById('offline-kept');
  if (kept && 'caches' in window) listKept(kept, me.dataset.scope);

  /** The pages kept by the worker, each linked by its title; the page's language first. */
  async function listKept(section, scope) {
    const pages = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith(`vardguide-${scope}-`)) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const url = new URL(request.url);
        if (!url.pathname.startsWith(scope) || !url.pathname.endsWith('/') || /\/offline\/$/.test(url.pathname)) continue;
        const response = await cache.match(request);
        if (!response || pages.some((p) => p.url === url.pathname)) continue;
        const html = await response.text();
        const doc = new DOMParser().parseFromString(html, 'text/html');
        pages.push({ url: url.pathname, title: (doc.querySelector('h1')?.textContent ?? doc.title).trim(), lang: doc.documentElement.lang, dir: doc.documentElement.dir });
      }
    }
    const own = document.documentElement.lang;
    pages.sort((a, b) => (a.lang === own ? 0 : 1) - (b.lang === own ? 0 : 1) || a.title.localeCompare(b.title, own));
    const list = section.querySelector('ul');
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
    section.dataset.listed = String(pages.length);
  }
})();
