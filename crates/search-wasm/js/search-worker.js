// vardguide search worker: opens one language's index with the search module (WebAssembly),
// then answers queries. Runs in a Web Worker so typing never waits for the search. Nothing leaves
// the browser: the only requests are for the site's own index files.
//
// The page (search.js) loads the module, the manifest and the files fetched whole and hands them
// to the worker. A large ("lazy") index is read in byte ranges: the page also fetches the hot file
// (the ranges every query reads) and finds out how the server answers range requests: several
// ranges in one response, single ranges only, or whole files (Range ignored). A search then runs
// in rounds: the module names every range it still needs, the worker fetches them all at once
// (one request per file, asking for several ranges, where the server allows it; otherwise one
// request per range, in parallel; from a server that ignores Range, each file once), and asks
// again, until the module answers (at most three rounds for a first
// query). The last round reads the results' stored fields, best result first; when its requests
// come back in waves, the top results are sent as soon as the first wave is in.
//
// Messages in:  {type: 'init', index, lang, module, manifest, whole, probed, multipart,
//               ignoresRange, protocol, fetched, requests} (search.js's loadSearch),
//               then {type: 'search', id, query, offset, limit}
// Messages out: {type: 'ready', docs, lazy, bytes, fetched, requests}
//               | {type: 'results', id, offset, results, ms, fetched, requests, rounds, timeline, sync}
//                 (results.pending > 0: the top results, sent early; the full answer follows)
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

/** One step of the module's search: its answer, `{results}` or `{need}` (see vg_search). */
function step(query, offset, limit, early) {
  const [p, n] = pass(query);
  const rc = exports.vg_search(p, n, offset ?? 0, limit ?? 10, early ? 1 : 0);
  exports.vg_free(p, n);
  if (rc !== 0) throw new Error(output());
  return JSON.parse(output());
}

/** Hands bytes `start..` of `name` to the module. */
function provide(name, start, data) {
  const [np, nn] = pass(name);
  const [dp, dn] = passBytes(data);
  const rc = exports.vg_provide(np, nn, start, dp, dn); // frees the data buffer
  exports.vg_free(np, nn);
  if (rc !== 0) throw new Error(output());
}

/**
 * Whether the server ignores Range and sends whole files (python's http.server): found out by the
 * page's probe (a single range answered with the whole file; a server that serves single ranges
 * only also sends the whole file for several), or when a range request got the whole file. From
 * then on a round asks for each file once, however many of its ranges the search needs, not once
 * per range (each answer being the whole file).
 */
let ignoresRange = false;

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
    ignoresRange = true;
    file.whole = body;
    provide(file.name, 0, body);
  } else {
    provide(file.name, start, body);
  }
}

/**
 * Whether the server answers a request for several ranges with one `multipart/byteranges`
 * response (nginx, Apache and Caddy do): found out when the page opens (search.js), and false
 * once a server sent the whole file instead, after which each range is asked for on its own.
 */
let multipart = null;

/** The most ranges asked for in one request (Apache answers more than 200 with the whole file). */
const MAX_RANGES_PER_REQUEST = 64;

/**
 * Fetches every range a search step named: one request per file where the server allows it.
 * Ranges with a `rank` (the stored fields of the results, best first) are asked for in rank
 * order. When they take more than one wave of requests (one range per request over HTTP/1.1),
 * `firstWave` is called once the first wave has arrived and the rest has not, so that the top
 * results can be shown meanwhile.
 */
async function fetchAll(need, firstWave) {
  const runs = new Map(); // file -> [{start, end, rank}], nearby ranges merged
  for (const w of need) {
    const file = files.get(w.file);
    if (!file) throw new Error(`the search module asked for an unknown file ${w.file}`);
    if (file.whole) { provide(file.name, 0, file.whole); continue; }
    if (!runs.has(file)) runs.set(file, []);
    const list = runs.get(file);
    const last = list[list.length - 1];
    const rank = w.rank ?? Infinity;
    if (last && w.start - last.end <= MERGE_GAP) {
      last.end = Math.max(last.end, w.end);
      last.rank = Math.min(last.rank, rank);
    } else list.push({ start: w.start, end: w.end, rank });
  }
  const waves = multipart === false && http1();
  if (waves) packIntoWaves(runs);
  const jobs = [];
  if (ignoresRange) {
    // Each answer is the whole file: one request a file.
    for (const [file, list] of runs) {
      jobs.push(fetchRange(file, Math.min(...list.map((r) => r.start)), Math.max(...list.map((r) => r.end))));
    }
    await Promise.all(jobs);
    return;
  }
  const single = []; // ranges asked for one a request, started best rank first
  for (const [file, list] of runs) {
    if (list.length === 1 || multipart === false) {
      for (const r of list) single.push({ file, ...r });
      continue;
    }
    for (let i = 0; i < list.length; i += MAX_RANGES_PER_REQUEST) {
      jobs.push(fetchRanges(file, list.slice(i, i + MAX_RANGES_PER_REQUEST)));
    }
  }
  single.sort((a, b) => a.rank - b.rank);
  const started = single.map((r) => fetchRange(r.file, r.start, r.end));
  const all = Promise.all([...jobs, ...started]);
  if (!firstWave || !waves || single.length <= CONNECTIONS || single[0].rank === Infinity) {
    await all;
    return;
  }
  // Settled, however: after a failed request the round is over, and nothing is shown early.
  let done = false;
  all.then(() => { done = true; }, () => { done = true; });
  const early = Promise.all(started.slice(0, CONNECTIONS)).then(() => { if (!done) firstWave(); });
  await Promise.all([all, early]);
}

/** The connections a browser opens to one host over HTTP/1.1: more requests wait for a free one. */
const CONNECTIONS = 6;
/** The bytes worth fetching in vain to save one wave of requests: about what a phone receives in
 * one round trip (50 ms at 10 Mbit/s). */
const WAVE_BYTES = 64 * 1024;

/** The protocol the page's first index request was answered with (search.js), for the rounds
 * before the worker has made a request of its own. */
let pageProtocol = '';

/** Whether the site answers over HTTP/1.x (one request per connection at a time), as far as the
 * worker's last request (or before any, the page's) says; HTTP/1.1 when nobody can tell. */
function http1() {
  const protocol = performance.getEntriesByType('resource').at(-1)?.nextHopProtocol || pageProtocol;
  return !protocol || protocol.startsWith('http/1');
}

/**
 * For a server that answers one range per request, over HTTP/1.1: a round of more than six
 * requests comes back in waves, a round trip each. Merges the ranges of a file across the
 * smallest gaps when that saves a wave for fewer than `WAVE_BYTES` fetched in vain per wave saved
 * (the ten results of a query are often ten ranges of the document store).
 */
function packIntoWaves(runs) {
  const waves = (n) => Math.ceil(n / CONNECTIONS);
  let count = 0;
  const gaps = [];
  for (const list of runs.values()) {
    count += list.length;
    for (let i = 1; i < list.length; i++) gaps.push({ list, i, size: list[i].start - list[i - 1].end });
  }
  gaps.sort((a, b) => a.size - b.size);
  let merges = 0;
  let best = 0;
  for (let m = 1, cost = 0; m <= gaps.length; m++) {
    cost += gaps[m - 1].size;
    const gain = (waves(count) - waves(count - m)) * WAVE_BYTES - cost;
    if (gain > best) { best = gain; merges = m; }
  }
  const joined = new Set(gaps.slice(0, merges).map((g) => g.list[g.i]));
  for (const [file, list] of runs) {
    const packed = [];
    for (const r of list) {
      const last = packed[packed.length - 1];
      if (joined.has(r)) {
        last.end = r.end;
        if (r.rank !== undefined) last.rank = Math.min(last.rank, r.rank);
      } else packed.push(r);
    }
    runs.set(file, packed);
  }
}

/** The start and end (exclusive) of a `Content-Range: bytes a-b/size` value, or null. */
function contentRange(value) {
  const m = /^bytes (\d+)-(\d+)\//.exec(value ?? '');
  return m ? { start: Number(m[1]), end: Number(m[2]) + 1 } : null;
}

/**
 * Fetches several ranges of one file with one request. A server may answer with every range
 * (`multipart/byteranges`), with one range that covers them (Apache merges ranges close
 * together), or with the whole file (a server or CDN that serves single ranges only): then the
 * download stops and the ranges are asked for one by one, as they are from then on.
 */
async function fetchRanges(file, list) {
  requests += 1;
  const controller = new AbortController();
  const header = 'bytes=' + list.map((r) => `${r.start}-${r.end - 1}`).join(',');
  const response = await fetch(file.url, { headers: { Range: header }, cache: 'no-store', signal: controller.signal });
  if (response.status === 200) {
    controller.abort();
    multipart = false;
    await Promise.all(list.map((r) => fetchRange(file, r.start, r.end)));
    return;
  }
  if (response.status !== 206) throw new Error(`HTTP ${response.status} for ${file.url}`);
  const body = new Uint8Array(await response.arrayBuffer());
  bytesFetched += body.length;
  const boundary = /^multipart\/byteranges;.*boundary="?([^";]+)"?/i.exec(response.headers.get('Content-Type') ?? '');
  const parts = boundary ? byteranges(body, boundary[1]) : [{ ...contentRange(response.headers.get('Content-Range')), data: body }];
  if (boundary) multipart = true;
  const missing = list.filter((r) => !parts.some((p) => p.start <= r.start && r.end <= p.end));
  for (const p of parts) {
    if (p.start === undefined || p.data.length !== p.end - p.start) throw new Error(`a malformed range response for ${file.url}`);
    provide(file.name, p.start, p.data);
  }
  await Promise.all(missing.map((r) => fetchRange(file, r.start, r.end)));
}

/** The parts of a `multipart/byteranges` body (RFC 9110, 14.6): [{start, end, data}]. */
function byteranges(body, boundary) {
  const latin1 = new TextDecoder('latin1');
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const parts = [];
  let at = 0;
  for (;;) {
    const found = indexOf(body, delimiter, at);
    if (found < 0) break;
    at = found + delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) break; // the closing delimiter
    const headersEnd = indexOf(body, new Uint8Array([13, 10, 13, 10]), at);
    if (headersEnd < 0) break;
    const headers = latin1.decode(body.subarray(at, headersEnd));
    const range = contentRange(/content-range:\s*([^\r\n]+)/i.exec(headers)?.[1]);
    if (!range) throw new Error('a part of a multipart range response without Content-Range');
    const start = headersEnd + 4;
    parts.push({ ...range, data: body.subarray(start, start + range.end - range.start) });
    at = start + range.end - range.start;
  }
  return parts;
}

/** Where `needle` first occurs in `haystack` at or after `from`, or -1. */
function indexOf(haystack, needle, from) {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
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

async function init({ index, lang, module, manifest, whole, probed, multipart: several, ignoresRange: ignores, protocol, fetched, requests: made }) {
  bytesFetched += fetched;
  requests += made;
  multipart = several;
  ignoresRange = Boolean(ignores);
  pageProtocol = protocol;
  const imports = {
    env: {
      vg_read: (id, offset, len, dst) => readLazy(id, offset, len, dst),
      vg_random: (dst, len) => { crypto.getRandomValues(bytes(dst, len)); },
      vg_panic: (ptr, len) => { panicMessage = new TextDecoder().decode(bytes(ptr, len).slice()); },
    },
  };
  exports = (await WebAssembly.instantiate(module, imports)).exports;
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
      const file = { id: byId.length, name, url: index + name, size: manifest.files[name], whole: probed?.[0] === name ? new Uint8Array(probed[1]) : null };
      byId.push(file);
      files.set(name, file);
      const [p, n] = pass(name);
      exports.vg_add_lazy_file(p, n, file.id, file.size);
      exports.vg_free(p, n);
    }
  }
  for (const [name, data] of whole) {
    const [ptr, len] = passBytes(new Uint8Array(data));
    if (name === manifest.hot) {
      exports.vg_add_hot(ptr, len);
      continue;
    }
    const [p, n] = pass(name);
    exports.vg_add_file(p, n, ptr, len);
    exports.vg_free(p, n);
  }
  const [lp, ln] = pass(JSON.stringify({ lang, analyzer: manifest.analyzer || {} }));
  const opened = exports.vg_open(lp, ln);
  exports.vg_free(lp, ln);
  if (opened !== 0) throw new Error(output());
  return { docs: JSON.parse(output()).docs, lazy: manifest.lazy, bytes: manifest.bytes };
}

/** The most rounds of fetching one search may take before it is given up as a bug. */
const MAX_ROUNDS = 16;

/**
 * Runs a search to its answer. `early(answer)` gets the top results first when the last round's
 * requests come back in more than one wave (the answer's `results.pending` counts the hits still
 * on their way), unless a newer search is waiting by then.
 */
async function search({ id, query, offset, limit }, early) {
  const before = { fetched: bytesFetched, requests };
  const t0 = performance.now();
  let rounds = 0;
  const timeline = []; // ms spent in the module, then in each round of requests, alternating
  const answerWith = (answer) => ({
    results: answer.results,
    ms: performance.now() - t0,
    fetched: bytesFetched - before.fetched,
    requests: requests - before.requests,
    rounds,
    timeline: [...timeline],
    sync: answer.sync,
  });
  for (;;) {
    const t = performance.now();
    const answer = step(query, offset, limit, false);
    timeline.push(Math.round(performance.now() - t));
    if (answer.results) return answerWith(answer);
    rounds += 1;
    if (rounds > MAX_ROUNDS) throw new Error(`the search needed more than ${MAX_ROUNDS} rounds of index requests`);
    const f = performance.now();
    await fetchAll(answer.need, () => {
      if (id < newest) return;
      // The early answer is a courtesy: if it fails, the full answer (or its error) follows.
      let first = null;
      try { first = step(query, offset, limit, true); } catch { return; }
      if (first.results?.pending > 0) early(answerWith(first));
    });
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
        const answer = await search(msg, (first) => {
          self.postMessage({ type: 'results', id: msg.id, offset: msg.offset ?? 0, ...first });
        });
        self.postMessage({ type: 'results', id: msg.id, offset: msg.offset ?? 0, ...answer });
      } catch (e) {
        self.postMessage({ type: 'error', id: msg.id, message: panicMessage || String(e.message ?? e), code: 'search' });
      }
    });
  }
};
