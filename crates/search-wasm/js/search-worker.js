// vardguide search worker: loads the search module (WebAssembly) and one language's index, then
// answers queries. Runs in a Web Worker so typing never waits for the search. Nothing leaves the
// browser: the only requests are for the site's own index files.
//
// A large ("lazy") index is read in byte ranges. When the page opens, the worker fetches the
// module and, beside it, the manifest and then the hot file: the ranges every query reads. A search then runs in
// rounds: the module names every range it still needs, the worker fetches them all at once, in
// parallel, and asks again, until the module answers (at most three rounds for a first query).
//
// Messages in:  {type: 'init', wasm, index, lang}  then  {type: 'search', id, query, offset, limit}
// Messages out: {type: 'ready', docs, lazy, bytes, fetched, requests}
//               | {type: 'results', id, offset, results, ms, fetched, requests, rounds, timeline, sync}
//               | {type: 'error', message, code}
'use strict';

let exports = null;
let memory = null;
let files = new Map(); // lazily read files by name: {id, url, size, whole: Uint8Array|null}
let byId = [];
let bytesFetched = 0;  // bytes received for index files
let requests = 0;      // index requests made
let panicMessage = '';

/** Ranges of one file closer than this are fetched with one request. */
const MERGE_GAP = 2048;

function bytes(ptr, len) {
  return new Uint8Array(memory.buffer, ptr, len);
}

function output() {
  return new TextDecoder().decode(bytes(exports.vg_output_ptr(), exports.vg_output_len()).slice());
}

function pass(text) {
  const data = new TextEncoder().encode(text);
  return passBytes(data);
}

function passBytes(data) {
  const ptr = exports.vg_alloc(data.length);
  bytes(ptr, data.length).set(data);
  return [ptr, data.length];
}

/** Hands bytes `start..` of `name` to the module. */
function provide(name, start, data) {
  const [np, nn] = pass(name);
  const [dp, dn] = passBytes(data);
  const rc = exports.vg_provide(np, nn, start, dp, dn); // frees the data buffer
  exports.vg_free(np, nn);
  if (rc !== 0) throw new Error(output());
}

/** Fetches one range; a server that ignores Range (python's http.server) sends the whole file. */
async function fetchRange(file, start, end) {
  requests += 1;
  // no-store: Chromium's HTTP cache lets one request per URL through at a time (its cache lock),
  // which would turn a round of parallel range requests into a queue.
  const response = await fetch(file.url, { headers: { Range: `bytes=${start}-${end - 1}` }, cache: 'no-store' });
  if (response.status !== 200 && response.status !== 206) throw new Error(`HTTP ${response.status} for ${file.url}`);
  const body = new Uint8Array(await response.arrayBuffer());
  bytesFetched += body.length;
  if (response.status === 200) {
    file.whole = body;
    provide(file.name, 0, body);
  } else {
    provide(file.name, start, body);
  }
}

/** Fetches every range a search step named, in parallel (nearby ranges of a file as one). */
async function fetchAll(need) {
  const runs = [];
  for (const w of need) {
    const file = files.get(w.file);
    if (!file) throw new Error(`the search module asked for an unknown file ${w.file}`);
    if (file.whole) { provide(file.name, 0, file.whole); continue; }
    const last = runs[runs.length - 1];
    if (last && last.file === file && w.start - last.end <= MERGE_GAP) last.end = Math.max(last.end, w.end);
    else runs.push({ file, start: w.start, end: w.end });
  }
  await Promise.all(runs.map((r) => fetchRange(r.file, r.start, r.end)));
}

/** Synchronous range request, for a read the module did not name first (never expected). */
function readLazy(id, offset, len, dst) {
  try {
    const file = byId[id];
    if (!file.whole) {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', file.url, false);
      xhr.responseType = 'arraybuffer';
      xhr.setRequestHeader('Range', `bytes=${offset}-${offset + len - 1}`);
      xhr.send();
      requests += 1;
      if (xhr.status !== 200 && xhr.status !== 206) throw new Error(`HTTP ${xhr.status} for ${file.url}`);
      const body = new Uint8Array(xhr.response);
      bytesFetched += body.length;
      if (xhr.status === 200) file.whole = body;
      else { bytes(dst, len).set(body.subarray(0, len)); return 0; }
    }
    bytes(dst, len).set(file.whole.subarray(offset, offset + len));
    return 0;
  } catch (e) {
    panicMessage = String(e);
    return 1;
  }
}

async function fetchWhole(url) {
  requests += 1;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const buf = new Uint8Array(await response.arrayBuffer());
  bytesFetched += buf.length;
  return buf;
}

async function init({ wasm, index, lang }) {
  const imports = {
    env: {
      vg_read: (id, offset, len, dst) => readLazy(id, offset, len, dst),
      vg_random: (dst, len) => { crypto.getRandomValues(bytes(dst, len)); },
      vg_panic: (ptr, len) => { panicMessage = new TextDecoder().decode(bytes(ptr, len).slice()); },
    },
  };
  requests += 1;
  // The module, the manifest and then the files fetched whole (the hot file, or a small index)
  // load side by side: the files do not wait for the module to download and compile.
  const manifestLoaded = fetch(index + 'manifest.json').then((r) => { if (!r.ok) throw new Error(`HTTP ${r.status} for the search manifest`); return r.json(); });
  const wholeLoaded = manifestLoaded.then((m) => {
    const whole = m.lazy ? ['meta.json', ...(m.hot ? [m.hot] : [])] : Object.keys(m.files);
    return Promise.all(whole.map((name) => fetchWhole(index + name))).then((contents) => [whole, contents]);
  });
  const [module, manifest, [whole, contents]] = await Promise.all([
    WebAssembly.instantiateStreaming(fetch(wasm), imports).catch(async () => WebAssembly.instantiate(await (await fetch(wasm)).arrayBuffer(), imports)),
    manifestLoaded,
    wholeLoaded,
  ]);
  exports = module.instance.exports;
  memory = exports.memory;
  const version = exports.vg_format_version();
  if (manifest.format !== version) {
    const e = new Error(`The search index has format ${manifest.format}, but this search module reads format ${version}. Rebuild the site with one vardguide version.`);
    e.code = 'format';
    throw e;
  }
  const names = Object.keys(manifest.files);
  if (manifest.lazy) {
    for (const name of names) {
      if (name === 'meta.json') continue;
      const file = { id: byId.length, name, url: index + name, size: manifest.files[name], whole: null };
      byId.push(file);
      files.set(name, file);
      const [p, n] = pass(name);
      exports.vg_add_lazy_file(p, n, file.id, file.size);
      exports.vg_free(p, n);
    }
  }
  whole.forEach((name, i) => {
    const [ptr, len] = passBytes(contents[i]);
    if (name === manifest.hot) {
      exports.vg_add_hot(ptr, len);
      return;
    }
    const [p, n] = pass(name);
    exports.vg_add_file(p, n, ptr, len);
    exports.vg_free(p, n);
  });
  const [lp, ln] = pass(JSON.stringify({ lang, analyzer: manifest.analyzer || {} }));
  const opened = exports.vg_open(lp, ln);
  exports.vg_free(lp, ln);
  if (opened !== 0) throw new Error(output());
  return { docs: JSON.parse(output()).docs, lazy: manifest.lazy, bytes: manifest.bytes };
}

/** The most rounds of fetching one search may take before it is given up as a bug. */
const MAX_ROUNDS = 16;

async function search({ query, offset, limit }) {
  const before = { fetched: bytesFetched, requests };
  const t0 = performance.now();
  let rounds = 0;
  const timeline = []; // ms spent in the module, then in each round of requests, alternating
  for (;;) {
    const t = performance.now();
    const [p, n] = pass(query);
    const rc = exports.vg_search(p, n, offset ?? 0, limit ?? 10);
    exports.vg_free(p, n);
    if (rc !== 0) throw new Error(output());
    const answer = JSON.parse(output());
    timeline.push(Math.round(performance.now() - t));
    if (answer.results) {
      return {
        results: answer.results,
        ms: performance.now() - t0,
        fetched: bytesFetched - before.fetched,
        requests: requests - before.requests,
        rounds,
        timeline,
        sync: answer.sync,
      };
    }
    rounds += 1;
    if (rounds > MAX_ROUNDS) throw new Error(`the search needed more than ${MAX_ROUNDS} rounds of index requests`);
    const f = performance.now();
    await fetchAll(answer.need);
    timeline.push(Math.round(performance.now() - f));
  }
}

let ready = null;
let queue = Promise.resolve();
let newest = 0; // the id of the newest search asked for; older ones still waiting are dropped

self.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === 'init') {
    ready = init(msg);
    ready.then(
      (info) => self.postMessage({ type: 'ready', ...info, fetched: bytesFetched, requests }),
      (e) => self.postMessage({ type: 'error', message: panicMessage || String(e.message ?? e), code: e.code ?? 'load' }),
    );
    return;
  }
  if (msg.type === 'search') {
    newest = Math.max(newest, msg.id);
    // One search at a time: the module is not re-entrant while a search waits for its ranges.
    queue = queue.then(async () => {
      if (msg.id < newest) return; // typed over before it started
      try {
        await ready;
        const answer = await search(msg);
        self.postMessage({ type: 'results', id: msg.id, offset: msg.offset ?? 0, ...answer });
      } catch (e) {
        self.postMessage({ type: 'error', id: msg.id, message: panicMessage || String(e.message ?? e), code: 'search' });
      }
    });
  }
};
