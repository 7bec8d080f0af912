// vardguide search UI. On every page it points the header search box at the search page (without
// JavaScript the box leads to the A–Ö index instead). On the search page it starts the search
// worker and shows results as you type. Queries never leave the browser.
'use strict';

for (const form of document.querySelectorAll('form.site-search[data-search-url]')) {
  form.action = form.dataset.searchUrl;
}

const app = document.getElementById('search-app');
if (app) startSearch(app);

function startSearch(app) {
  const lang = app.dataset.lang;
  const strings = JSON.parse(app.dataset.strings);
  const plural = new Intl.PluralRules(lang);
  const input = document.getElementById('search-q');
  const button = app.querySelector('.search-form button');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  document.getElementById('search-nojs').hidden = true;
  input.disabled = false;
  button.disabled = false;

  const countText = (n) => (strings.count[plural.select(n)] ?? strings.count.other).replace('{count}', String(n));
  const setStatus = (text) => { if (status.textContent !== text) status.textContent = text; };

  let ready = false;
  let failed = false;
  let latest = 0;
  let timer = 0;

  const worker = new Worker(app.dataset.worker);
  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === 'ready') {
      ready = true;
      app.dataset.state = 'ready';
      app.dataset.fetched = String(msg.fetched);
      run();
    } else if (msg.type === 'results') {
      if (msg.id !== latest) return; // an answer to an older query
      app.dataset.lastMs = msg.ms.toFixed(2);
      app.dataset.fetched = String(Number(app.dataset.fetched || 0) + msg.fetched);
      show(msg.results);
    } else if (msg.type === 'error') {
      failed = true;
      app.dataset.state = 'error';
      app.dataset.error = msg.message;
      setStatus(strings.failed);
    }
  };
  worker.postMessage({
    type: 'init',
    wasm: new URL(app.dataset.wasm, location.href).href,
    index: new URL(app.dataset.index, location.href).href,
    lang,
  });

  const initial = new URLSearchParams(location.search).get('q');
  if (initial) input.value = initial;
  setStatus(input.value.trim() ? strings.loading : strings.prompt);

  function run() {
    const query = input.value;
    const url = new URL(location.href);
    if (query.trim()) url.searchParams.set('q', query); else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    if (!query.trim()) {
      latest += 1;
      list.replaceChildren();
      setStatus(strings.prompt);
      return;
    }
    if (failed) return;
    if (!ready) { setStatus(strings.loading); return; }
    latest += 1;
    worker.postMessage({ type: 'search', id: latest, query, limit: 20 });
  }

  function show(results) {
    const items = results.hits.map((hit) => {
      const li = document.createElement('li');
      li.className = 'search-result';
      const a = document.createElement('a');
      a.href = hit.url;
      a.textContent = hit.title;
      const kind = document.createElement('span');
      kind.className = 'result-kind';
      kind.textContent = hit.type === 'clinic' && !hit.kind ? strings.clinic : hit.kind;
      const snippet = document.createElement('p');
      snippet.className = 'result-snippet';
      snippet.innerHTML = hit.snippet; // escaped by the search module; only <mark> is markup
      li.append(a, ' ', kind, snippet);
      return li;
    });
    list.replaceChildren(...items);
    setStatus(results.total === 0 ? strings.none : countText(results.total));
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  app.querySelector('.search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });

  // Arrow keys move between the box and the results; Escape goes back to the box.
  const links = () => [...list.querySelectorAll('a')];
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && links().length) {
      event.preventDefault();
      links()[0].focus();
    }
  });
  list.addEventListener('keydown', (event) => {
    const all = links();
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    if (event.key === 'ArrowDown' && i + 1 < all.length) { event.preventDefault(); all[i + 1].focus(); }
    if (event.key === 'ArrowUp') { event.preventDefault(); (i === 0 ? input : all[i - 1]).focus(); }
    if (event.key === 'Escape') { event.preventDefault(); input.focus(); }
  });
}
