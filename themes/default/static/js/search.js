// vardguide search UI. On every page it points the header search box at the search page (without
// JavaScript the box leads to the A–Ö index instead). On the search page it starts the search
// worker and shows results as you type, a page at a time ("show more" adds the next page). The
// query is kept in the address (?q=) so a search can be shared, bookmarked and found again with
// Back. Queries never leave the browser.
//
// The page loads the search module and the index's first files itself (`loadSearch`), beside the
// worker's script, and hands them to the worker: nothing waits for the worker to download and
// start. The page's <head> preloads the module and the index manifest, so both are on their way
// before this script runs.
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
  const more = document.getElementById('search-more');
  const PAGE = 10;
  document.getElementById('search-nojs').hidden = true;
  input.disabled = false;
  button.disabled = false;

  // Digits grouped by three with the language's separator (number.group), as on the fee pages.
  const number = (n) => String(n).replace(/\B(?=(\d{3})+$)/g, () => strings.group ?? '');
  const countText = (n) => (strings.count[plural.select(n)] ?? strings.count.other).replace('{count}', number(n));
  const shownText = (shown, total) => strings.shown.replace('{shown}', number(shown)).replace('{total}', number(total));
  const setStatus = (text) => { if (status.textContent !== text) status.textContent = text; };

  let ready = false;
  let failed = false;
  let latest = 0;    // id of the newest message to the worker; older answers are dropped
  let timer = 0;
  let current = { query: '', total: 0, shown: 0 };
  let sentAt = 0;    // when the newest query went to the worker (for data-last-wall-ms)
  let early = null;  // {id, count}: the top results of query `id` shown before the rest arrived
  let answered = 0;  // the id of the last query answered in full

  const worker = new Worker(app.dataset.worker);
  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === 'ready') {
      ready = true;
      app.dataset.state = 'ready';
      app.dataset.fetched = String(msg.fetched);
      run();
    } else if (msg.type === 'results') {
      // An answer to an older query, or one after this query failed or was answered in full.
      if (msg.id !== latest || failed || msg.id === answered) return;
      const wallMs = (performance.now() - sentAt).toFixed(1);
      // The first answer of this query on screen (the top results, or all of them).
      if (!('firstWallMs' in app.dataset)) app.dataset.firstWallMs = wallMs;
      if (msg.results.pending > 0) { show(msg.results, msg.offset, msg.id); return; }
      answered = msg.id;
      app.dataset.lastMs = msg.ms.toFixed(2);
      app.dataset.lastWallMs = wallMs;
      app.dataset.fetched = String(Number(app.dataset.fetched || 0) + msg.fetched);
      app.dataset.lastRounds = String(msg.rounds);
      app.dataset.lastRequests = String(msg.requests);
      app.dataset.lastTimeline = msg.timeline.join(' ');
      app.dataset.syncReads = String(msg.sync);
      show(msg.results, msg.offset, msg.id);
      // The completed-query record, written last: what a query found and what it cost, for
      // anyone (a test, a measuring script) who waits for this query's answer to be on screen.
      app.dataset.done = JSON.stringify({
        query: current.query, offset: msg.offset, shown: current.shown, total: current.total,
        rounds: msg.rounds, requests: msg.requests, fetched: msg.fetched, sync: msg.sync, ms: msg.ms,
      });
    } else if (msg.type === 'error') {
      fail(msg.message);
    }
  };
  function fail(message) {
    failed = true;
    list.removeAttribute('aria-busy');
    app.dataset.state = 'error';
    app.dataset.error = message;
    setStatus(strings.failed);
    settle();
  }
  // The page's first answer is on the screen (results, the prompt, or the failure): offline.js
  // waits for this before it installs the offline worker.
  function settle() {
    if (!('settled' in app.dataset)) app.dataset.settled = '';
  }
  // The worker's script did not load or run (a partial upload, say).
  worker.onerror = (event) => fail(event.message || 'the search worker did not start');
  const index = new URL(app.dataset.index, location.href).href;
  loadSearch(new URL(app.dataset.wasm, location.href).href, index)
    .then((loaded) => {
      // How the server answered the probe, for whoever checks how the index was read.
      if (loaded.multipart !== null) app.dataset.ranges = loaded.ignoresRange ? 'ignored' : loaded.multipart ? 'several' : 'single';
      worker.postMessage({ type: 'init', index, lang, ...loaded }, [...loaded.whole, ...(loaded.probed ? [loaded.probed] : [])].map(([, data]) => data));
    })
    .catch((e) => fail(String(e.message ?? e)));

  const initial = new URLSearchParams(location.search).get('q');
  if (initial) input.value = initial;
  setStatus(input.value.trim() ? strings.loading : strings.prompt);

  // The address carries the query: typing replaces the entry, a submitted search adds one, and
  // Back or Forward to an entry searches for its query again. `entered` is the query the current
  // entry was opened, submitted or gone back to with: a submitted search gives that entry its
  // query back (typing may have replaced it) and adds its own after it.
  let entered = initial ?? '';
  function address(query) {
    const url = new URL(location.href);
    if (query.trim()) url.searchParams.set('q', query); else url.searchParams.delete('q');
    return url;
  }
  function remember(query, push) {
    if (push && query !== entered) {
      history.replaceState(null, '', address(entered));
      history.pushState(null, '', address(query));
      entered = query;
      return;
    }
    const url = address(query);
    if (url.href !== location.href) history.replaceState(null, '', url);
  }
  window.addEventListener('popstate', () => {
    input.value = new URLSearchParams(location.search).get('q') ?? '';
    entered = input.value;
    run();
  });

  function run(push = false) {
    const query = input.value;
    remember(query, push);
    if (!query.trim()) {
      latest += 1;
      current = { query: '', total: 0, shown: 0 };
      list.replaceChildren();
      list.removeAttribute('aria-busy');
      more.hidden = true;
      setStatus(strings.prompt);
      if (ready) settle();
      return;
    }
    if (failed) return;
    if (!ready) { setStatus(strings.loading); return; }
    latest += 1;
    current = { query, total: 0, shown: 0 };
    sentAt = performance.now();
    delete app.dataset.firstWallMs;
    worker.postMessage({ type: 'search', id: latest, query, offset: 0, limit: PAGE });
  }

  more.addEventListener('click', () => {
    if (!ready || failed || current.shown >= current.total) return;
    latest += 1;
    more.disabled = true;
    sentAt = performance.now();
    delete app.dataset.firstWallMs;
    worker.postMessage({ type: 'search', id: latest, query: current.query, offset: current.shown, limit: PAGE });
  });

  // Shows a page of results at `offset`. An answer with `pending` hits is the top of the page,
  // sent while the rest arrive: the status already gives the whole page's count (so that it is
  // announced once), the list is marked busy, and the full answer then adds only the rest.
  function show(results, offset, id) {
    const pending = results.pending ?? 0;
    const skip = early?.id === id ? early.count : 0;
    early = pending > 0 ? { id, count: results.hits.length } : null;
    const items = results.hits.slice(skip).map((hit) => {
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
    if (offset === 0 && skip === 0) list.replaceChildren(...items); else list.append(...items);
    current.total = results.total;
    current.shown = offset + skip + items.length;
    const coming = current.shown + pending;
    if (pending > 0) list.setAttribute('aria-busy', 'true'); else list.removeAttribute('aria-busy');
    more.disabled = pending > 0;
    more.hidden = coming >= current.total;
    app.dataset.shown = String(current.shown);
    app.dataset.total = String(current.total);
    if (results.total === 0) setStatus(strings.none);
    else if (coming < current.total) setStatus(`${countText(results.total)}. ${shownText(coming, current.total)}`);
    else setStatus(countText(results.total));
    // After "show more", keyboard and screen-reader users go on from the first new result.
    if (offset > 0 && skip === 0 && items.length) items[0].querySelector('a').focus();
    if (pending === 0) settle();
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  app.querySelector('.search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(true);
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

/**
 * Loads what the worker needs before a first search: the search module (compiled here, as it
 * downloads), the index manifest, the files fetched whole (the hot file with the ranges every
 * query reads, or every file of a small index) and, for an index read in ranges, how the server
 * answers range requests (`probeRanges`). Resolves to the `init` message's contents; the files'
 * buffers are handed over, not copied.
 */
async function loadSearch(wasm, index) {
  let requests = 1; // index requests made: the manifest, then the files below
  let fetched = 0;  // bytes received for index files
  async function fetchWhole(url) {
    requests += 1;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
    const data = await response.arrayBuffer();
    fetched += data.byteLength;
    return data;
  }
  /**
   * How the server answers range requests, found out with the smallest file read in ranges:
   * whether it answers a request for several ranges with one `multipart/byteranges` response
   * (nginx, Apache and Caddy do), asking for the file's first and last byte. A server that sends
   * the whole file instead either serves single ranges only (object storage and some CDNs) or
   * ignores Range (python's http.server); one more request, for the first byte alone, tells which
   * (a server that ignores Range sends the small file once more). The small file is kept: a
   * whole file costs little here, not a large one in the middle of a search.
   */
  async function probeRanges(name, size) {
    const ask = async (range) => {
      requests += 1;
      const response = await fetch(index + name, { headers: { Range: range }, cache: 'no-store' });
      const body = await response.arrayBuffer();
      fetched += body.byteLength;
      return { response, body };
    };
    try {
      const { response, body } = await ask(`bytes=0-0,${size - 1}-${size - 1}`);
      const multipart = response.status === 206 && /^multipart\/byteranges/i.test(response.headers.get('Content-Type') ?? '');
      const whole = response.status === 200 && body.byteLength === size ? [name, body] : null;
      let ignoresRange = false;
      if (whole) {
        try {
          ignoresRange = (await ask('bytes=0-0')).response.status === 200;
        } catch { /* taken to honour single ranges; the worker finds out from its first request */ }
      }
      return { multipart, whole, ignoresRange };
    } catch {
      return { multipart: false, whole: null, ignoresRange: false };
    }
  }
  const download = fetch(wasm);
  const streamed = 'compileStreaming' in WebAssembly
    ? WebAssembly.compileStreaming(download.then((r) => r.clone()))
    : Promise.reject(new Error('no compileStreaming'));
  // A server that sends the module with another Content-Type than application/wasm, or a
  // browser without compileStreaming: compiled from the same download, once it is complete.
  const compiled = streamed.catch(async () => WebAssembly.compile(await (await download).arrayBuffer()));
  compiled.catch(() => {}); // awaited below; a failure is reported there, not as unhandled
  const manifest = await fetch(index + 'manifest.json').then((r) => {
    if (!r.ok) throw new Error(`HTTP ${r.status} for the search manifest`);
    return r.json();
  });
  // The protocol the site answers with, so that the worker knows from its first round whether
  // requests wait for one of six HTTP/1.1 connections.
  const protocol = performance.getEntriesByName(index + 'manifest.json').at(-1)?.nextHopProtocol ?? '';
  const names = manifest.lazy ? ['meta.json', ...(manifest.hot ? [manifest.hot] : [])] : Object.keys(manifest.files);
  const [smallest, size] = manifest.lazy
    ? Object.entries(manifest.files).filter(([n, s]) => n !== 'meta.json' && s >= 2).sort((a, b) => a[1] - b[1])[0] ?? []
    : [];
  const [module, contents, probe] = await Promise.all([
    compiled,
    Promise.all(names.map((name) => fetchWhole(index + name))),
    smallest ? probeRanges(smallest, size) : { multipart: null, whole: null, ignoresRange: false },
  ]);
  const whole = names.map((name, i) => [name, contents[i]]);
  return { module, manifest, whole, probed: probe.whole, multipart: probe.multipart, ignoresRange: probe.ignoresRange, protocol, fetched, requests };
}
