// vardguide search worker: loads the search module (WebAssembly) and one language's index, then
// answers queries. Runs in a Web Worker so typing never waits for the search. Nothing leaves the
// browser: the only requests are for the site's own index files.
//
// Messages in:  {type: 'init', wasm, index, lang}  then  {type: 'search', id, query, limit}
// Messages out: {type: 'ready', docs, lazy, bytes} | {type: 'results', id, results, ms, bytes}
//               | {type: 'error', message, code}
'use strict';

const PAGE = 32 * 1024;
let exports = null;
let memory = null;
let files = [];       // lazily loaded files: {url, size, pages: Map<pageNo, Uint8Array>, whole: Uint8Array|null}
let bytesFetched = 0; // bytes received for index files, reported with each answer
let panicMessage = '';

function bytes(ptr, len) {
  return new Uint8Array(memory.buffer, ptr, len);
}

function output() {
  return new TextDecoder().decode(bytes(exports.vg_output_ptr(), exports.vg_output_len()).slice());
}

function pass(text) {
  const data = new TextEncoder().encode(text);
  const ptr = exports.vg_alloc(data.length);
  bytes(ptr, data.length).set(data);
  return [ptr, data.length];
}

/** Synchronous range request (allowed in workers). Falls back to the whole file on a 200. */
function fetchRange(file, start, end) {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', file.url, false);
  xhr.responseType = 'arraybuffer';
  xhr.setRequestHeader('Range', `bytes=${start}-${end - 1}`);
  xhr.send();
  if (xhr.status !== 200 && xhr.status !== 206) throw new Error(`HTTP ${xhr.status} for ${file.url}`);
  const body = new Uint8Array(xhr.response);
  bytesFetched += body.length;
  if (xhr.status === 200) {
    // The server ignored Range (python's http.server does): keep the whole file.
    file.whole = body;
    return;
  }
  const first = start / PAGE;
  for (let p = 0; p * PAGE < body.length; p++) file.pages.set(first + p, body.subarray(p * PAGE, (p + 1) * PAGE));
}

function readLazy(id, offset, len, dst) {
  try {
    const file = files[id];
    if (!file.whole) {
      const firstPage = Math.floor(offset / PAGE);
      const lastPage = Math.floor((offset + len - 1) / PAGE);
      // Fetch each run of missing pages with one request.
      let p = firstPage;
      while (p <= lastPage && !file.whole) {
        if (file.pages.has(p)) { p++; continue; }
        let q = p;
        while (q + 1 <= lastPage && !file.pages.has(q + 1)) q++;
        fetchRange(file, p * PAGE, Math.min((q + 1) * PAGE, file.size));
        p = q + 1;
      }
    }
    const out = bytes(dst, len);
    if (file.whole) { out.set(file.whole.subarray(offset, offset + len)); return 0; }
    let written = 0;
    while (written < len) {
      const pos = offset + written;
      const page = file.pages.get(Math.floor(pos / PAGE));
      const from = pos % PAGE;
      const n = Math.min(len - written, page.length - from);
      out.set(page.subarray(from, from + n), written);
      written += n;
    }
    return 0;
  } catch (e) {
    panicMessage = String(e);
    return 1;
  }
}

async function fetchWhole(url) {
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
  const [module, manifest] = await Promise.all([
    WebAssembly.instantiateStreaming(fetch(wasm), imports).catch(async () => WebAssembly.instantiate(await (await fetch(wasm)).arrayBuffer(), imports)),
    fetch(index + 'manifest.json').then((r) => { if (!r.ok) throw new Error(`HTTP ${r.status} for the search manifest`); return r.json(); }),
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
      const id = files.length;
      files.push({ url: index + name, size: manifest.files[name], pages: new Map(), whole: null });
      const [p, n] = pass(name);
      exports.vg_add_lazy_file(p, n, id, manifest.files[name]);
      exports.vg_free(p, n);
    }
  }
  const whole = manifest.lazy ? ['meta.json'] : names;
  const contents = await Promise.all(whole.map((name) => fetchWhole(index + name)));
  whole.forEach((name, i) => {
    const data = contents[i];
    const ptr = exports.vg_alloc(data.length);
    bytes(ptr, data.length).set(data);
    const [p, n] = pass(name);
    exports.vg_add_file(p, n, ptr, data.length);
    exports.vg_free(p, n);
  });
  const [lp, ln] = pass(JSON.stringify({ lang, analyzer: manifest.analyzer || {} }));
  const opened = exports.vg_open(lp, ln);
  exports.vg_free(lp, ln);
  if (opened !== 0) throw new Error(output());
  return { docs: JSON.parse(output()).docs, lazy: manifest.lazy, bytes: manifest.bytes };
}

let ready = null;

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === 'init') {
    ready = init(msg);
    try {
      const info = await ready;
      self.postMessage({ type: 'ready', ...info, fetched: bytesFetched });
    } catch (e) {
      self.postMessage({ type: 'error', message: panicMessage || String(e.message ?? e), code: e.code ?? 'load' });
    }
    return;
  }
  if (msg.type === 'search') {
    try {
      await ready;
      const before = bytesFetched;
      const t0 = performance.now();
      const [p, n] = pass(msg.query);
      const rc = exports.vg_search(p, n, msg.limit ?? 10);
      exports.vg_free(p, n);
      const ms = performance.now() - t0;
      if (rc !== 0) throw new Error(output());
      self.postMessage({ type: 'results', id: msg.id, results: JSON.parse(output()), ms, fetched: bytesFetched - before });
    } catch (e) {
      self.postMessage({ type: 'error', id: msg.id, message: panicMessage || String(e.message ?? e), code: 'search' });
    }
  }
};
