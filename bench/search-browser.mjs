// In-browser search benchmark for a site built by vardguide.
//
//   node bench/search-browser.mjs SITE_DIR [--no-ranges] [--single-ranges] [--compress] [--latency MS] [--http2] [--type] [--query LANG=FIRST,SECOND ...]
//
// Serves SITE_DIR on 127.0.0.1 (Range support like tests/browser/lib.mjs's `serve`, the site's own
// headers from _headers), opens /<lang>/search/ for sv, en and ar in headless Chromium, each in a
// fresh browser context (cold cache), waits for #search-app[data-state=ready], enters a first and
// then a second query and reports, per language (before that, another fresh context opens
// /<lang>/search/?q=FIRST and times it from the moment the page is opened to the results on the
// screen, with the bytes sent meanwhile):
//   - bytes for the cold load + first query, and for the second query: response bodies seen by the
//     page and its worker (page.on('response'), encoded body sizes), the same counted by the server,
//     and the worker's own count of index bytes (#search-app's data-fetched);
//   - the worker's query time for each query (data-last-ms, measured inside the worker);
//   - the size of the search module (wasm): raw, gzip -9 and brotli q11 (node's zlib).
//
// --no-ranges   the server ignores Range headers (like python3 -m http.server)
// --single-ranges  the server answers one range per request and sends the whole file for several
//               (as some CDNs do); by default several come back as multipart/byteranges, as from
//               nginx, Apache and Caddy
// --compress    the server sends the build's precompressed .br/.gz copy when the browser accepts it
// --latency MS  every response waits MS milliseconds before it starts (a phone network's round
//               trip); Chromium keeps its usual six connections per host, so parallel requests
//               beyond six wait for a free one, as on a real HTTP/1.1 server
// --http2       serve over TLS with HTTP/2 (a throwaway self-signed certificate), as nginx with
//               `http2` or Caddy do: every request shares one connection
// --type        type the query a key at a time (each keystroke may start a search) instead of
//               filling the box at once (one search)
// --after-offline  enter the second query once the offline worker, which the page installs after
//               the first answer, is installed (by default it follows the first answer by 150 ms,
//               so its requests may share the six connections with the installation's)
// --repeat R    after the two measured queries, enter them R more times each (alternating) and
//               report the median worker time of those warm queries (default 5)
// --opens N     open the page with the first query N times, each in a fresh context (default 1),
//               and report the median (the run whose time is the median, with its bytes) and the range
// Before each language it waits (up to 5 minutes) until the machine is idle, since worker times on
// a busy 2-core machine say little.
// Results are also written to bench/results/search-<timestamp>.json.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';
import { HERE, app, kib, launch, runQuery, serve, waitIdle } from './lib.mjs';

const DEFAULT_QUERIES = {
  sv: ['feber', 'huvudvärk'],
  en: ['fever', 'headache'],
  ar: ['الحمى', 'الصداع'],
};
// The other languages of the six-language corpus (gen_corpus.py --langs sv,en,ar,fa,fi,so),
// measured when --langs names them.
const MORE_QUERIES = {
  fa: ['تب', 'سردرد'],
  fi: ['kuume', 'päänsärky'],
  so: ['qandho', 'qufac'],
};

function parseArgs(argv) {
  const opts = { site: null, ranges: true, multipart: true, compress: false, latency: 0, http2: false, type: false, repeat: 5, opens: 1, queries: { ...MORE_QUERIES, ...DEFAULT_QUERIES }, langs: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-ranges') opts.ranges = false;
    else if (a === '--single-ranges') opts.multipart = false;
    else if (a === '--compress') opts.compress = true;
    else if (a === '--latency') opts.latency = Math.max(0, Number(argv[++i] ?? 0));
    else if (a === '--http2') opts.http2 = true;
    else if (a === '--type') opts.type = true;
    else if (a === '--after-offline') opts.afterOffline = true;
    else if (a === '--repeat') opts.repeat = Math.max(0, Number(argv[++i] ?? 5) | 0);
    else if (a === '--opens') opts.opens = Math.max(1, Number(argv[++i] ?? 1) | 0);
    else if (a === '--query') {
      const [lang, qs] = (argv[++i] ?? '').split('=');
      const [q1, q2] = (qs ?? '').split(',');
      if (!lang || !q1 || !q2) usage('--query wants LANG=FIRST,SECOND');
      opts.queries[lang] = [q1, q2];
    } else if (a === '--langs') opts.langs = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '-h' || a === '--help') usage();
    else if (!opts.site) opts.site = resolve(a);
    else usage(`unexpected argument ${a}`);
  }
  if (!opts.site) usage('SITE_DIR is required');
  if (!existsSync(join(opts.site, 'index.html')) && !existsSync(join(opts.site, 'sv'))) usage(`${opts.site} does not look like a built site`);
  opts.langs ??= Object.keys(DEFAULT_QUERIES).filter((l) => existsSync(join(opts.site, l, 'search', 'manifest.json')));
  return opts;
}

function usage(problem) {
  if (problem) console.error(`search-browser: ${problem}`);
  console.error('usage: node bench/search-browser.mjs SITE_DIR [--no-ranges] [--single-ranges] [--compress] [--type] [--repeat R] [--langs sv,en,ar] [--query LANG=FIRST,SECOND ...]');
  process.exit(2);
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

function wasmSizes(site) {
  const dir = join(site, 'assets', 'search');
  const name = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.wasm')) : null;
  if (!name) return null;
  const raw = readFileSync(join(dir, name));
  const r = {
    file: `assets/search/${name}`,
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length,
  };
  for (const ext of ['gz', 'br']) {
    if (existsSync(join(dir, `${name}.${ext}`))) r[`shipped_${ext}`] = statSync(join(dir, `${name}.${ext}`)).size;
  }
  return r;
}


/** Opens /<lang>/search/?q=<query> in a fresh context; the time until the query's results are
 * shown, the results, and the server's requests and bytes until then (what the service worker
 * fetches afterwards is not counted). */
async function openWithQuery(browser, server, lang, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    const start = server.log.length;
    const t0 = Date.now();
    await page.goto(`${server.origin}/${lang}/search/?q=${encodeURIComponent(query)}`, { waitUntil: 'commit' });
    await page.waitForFunction((q) => {
      const a = document.getElementById('search-app');
      return (a?.dataset.done && JSON.parse(a.dataset.done).query === q) || a?.dataset.state === 'error';
    }, query, { timeout: 120000 });
    const ms = Date.now() - t0;
    const log = server.log.slice(start);
    const state = await page.evaluate(() => document.getElementById('search-app').dataset);
    if (state.state === 'error') throw new Error(`${lang}: the search failed on opening: ${state.error}`);
    const bytes = (xs) => xs.reduce((s, x) => s + (x.bytes ?? 0), 0);
    const index = log.filter((e) => e.url.startsWith(`/${lang}/search/`) && !e.url.endsWith('/') && !e.url.endsWith('.html'));
    return {
      query, results_ms: ms, done: JSON.parse(state.done),
      server_bytes: bytes(log), server_requests: log.length, index_wire_bytes: bytes(index),
    };
  } finally {
    await context.close();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const server = await serve(opts.site, { ranges: opts.ranges, multipart: opts.multipart, compress: opts.compress, latency: opts.latency, http2: opts.http2 });
  const browser = await launch({ ignoreCertificates: opts.http2 });
  const results = [];
  try {
    for (const lang of opts.langs) {
      const [q1, q2] = opts.queries[lang] ?? DEFAULT_QUERIES.sv;
      const manifest = JSON.parse(readFileSync(join(opts.site, lang, 'search', 'manifest.json'), 'utf8'));
      const context = await browser.newContext();
      const page = await context.newPage();
      const seen = []; // responses seen by the page (and its worker, where Chromium reports them)
      const pending = [];
      page.on('response', (resp) => {
        pending.push((async () => {
          let size = null;
          try { size = (await resp.request().sizes()).responseBodySize; } catch { /* not available */ }
          if (!size) { try { size = (await resp.body()).length; } catch { size = size ?? 0; } }
          seen.push({ url: new URL(resp.url()).pathname, status: resp.status(), bytes: size, worker: resp.frame?.() === null });
        })());
      });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await waitIdle();

      // From the moment the page is opened: a fresh context (cold cache) opens the search page
      // with the first query in its address, as a link or a bookmark does, and the clock stops
      // when that query's results are on the screen (page, scripts, module, index, query).
      const opens = [];
      for (let i = 0; i < opts.opens; i++) {
        opens.push(await openWithQuery(browser, server, lang, q1));
        await waitIdle();
      }
      opens.sort((a, b) => a.results_ms - b.results_ms);
      const opened = { ...opens[(opens.length - 1) >> 1], all_ms: opens.map((o) => o.results_ms) };
      const openedEnd = server.log.length;

      const t0 = Date.now();
      await page.goto(`${server.origin}/${lang}/search/`, { waitUntil: 'load' });
      await page.waitForFunction(() => ['ready', 'error'].includes(document.getElementById('search-app')?.dataset.state), null, { timeout: 120000 });
      const readyMs = Date.now() - t0;
      const ready = await app(page);
      if (ready.state === 'error') throw new Error(`${lang}: the search failed to start: ${ready.error}`);
      const first = await runQuery(page, q1, opts.type);
      await Promise.all(pending.splice(0));
      if (opts.afterOffline) {
        await page.waitForFunction(() => ['ready', 'unavailable'].includes(document.documentElement.dataset.offline), null, { timeout: 60000 });
        await Promise.all(pending.splice(0));
      }
      const seenA = seen.length;
      const serverA = server.log.length;
      const second = await runQuery(page, q2, opts.type);
      await Promise.all(pending.splice(0));
      const serverB = server.log.length;
      const seenB = seen.length;
      const warm = [];
      for (let i = 0; i < opts.repeat; i++) {
        for (const q of [q1, q2]) warm.push((await runQuery(page, q, false)).ms);
      }
      await Promise.all(pending.splice(0));
      const sum = (xs) => xs.reduce((s, x) => s + (x.bytes ?? 0), 0);
      // Index files as sent (compressed where the server compressed them): everything in the
      // language's search folder but the page itself.
      const indexWire = (xs) => sum(xs.filter((e) => e.url.startsWith(`/${lang}/search/`) && !e.url.endsWith('/') && !e.url.endsWith('.html')));
      const r = {
        lang,
        index: { bytes: manifest.bytes, docs: manifest.docs, lazy: manifest.lazy, files: Object.keys(manifest.files).length },
        ready_ms: readyMs,
        opened,
        first: {
          query: q1, hits: first.hits, total: first.total, status: first.status, top: first.first, worker_ms: first.ms,
          results_ms: first.wallMs, first_results_ms: first.firstWallMs, rounds: first.rounds, timeline: first.timeline, index_requests: first.requests, sync_reads: first.sync,
          page_bytes: sum(seen.slice(0, seenA)), page_responses: seenA,
          server_bytes: sum(server.log.slice(openedEnd, serverA)), server_requests: serverA - openedEnd,
          index_bytes: first.fetched, index_wire_bytes: indexWire(server.log.slice(openedEnd, serverA)),
        },
        second: {
          query: q2, hits: second.hits, total: second.total, status: second.status, top: second.first, worker_ms: second.ms,
          results_ms: second.wallMs, first_results_ms: second.firstWallMs, rounds: second.rounds, timeline: second.timeline, index_requests: second.requests, sync_reads: second.sync,
          page_bytes: sum(seen.slice(seenA, seenB)), page_responses: seenB - seenA,
          server_bytes: sum(server.log.slice(serverA, serverB)), server_requests: serverB - serverA,
          index_bytes: second.fetched - first.fetched, index_wire_bytes: indexWire(server.log.slice(serverA, serverB)),
        },
        warm: { repeats: opts.repeat, worker_ms: warm, median_ms: median(warm) },
        seen: seen.map((e) => `${e.status} ${e.url} ${e.bytes}`),
        requests: server.log.slice(openedEnd).map((e) => `${e.status} ${e.url}${e.range ? ` [${e.range}]` : ''} ${e.bytes}${e.encoding ? ` ${e.encoding}` : ''}`),
        errors,
      };
      results.push(r);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const wasm = wasmSizes(opts.site);
  console.log(`site: ${opts.site}`);
  console.log(`server: 127.0.0.1, Range ${opts.ranges ? (opts.multipart ? 'honoured (several as multipart)' : 'honoured (single ranges only)') : 'ignored'}, ${opts.compress ? 'precompressed .br/.gz sent when accepted' : 'no Content-Encoding'}, ${opts.latency} ms before each response${opts.http2 ? ', HTTP/2 over TLS' : ', HTTP/1.1'}; queries ${opts.type ? 'typed key by key' : 'filled in at once'}; a fresh browser context (cold cache) per language`);
  if (wasm) {
    console.log(`wasm: ${wasm.file}: raw ${kib(wasm.raw)}, gzip -9 ${kib(wasm.gzip)}, brotli q11 ${kib(wasm.brotli)}` +
      (wasm.shipped_br ? `; shipped .br ${kib(wasm.shipped_br)}` : '') + (wasm.shipped_gz ? `, .gz ${kib(wasm.shipped_gz)}` : ''));
  }
  console.log();
  const head = ['lang', 'index', 'docs', 'mode', 'open→q1', 'open bytes', '(index)', 'ready', 'query 1', 'hits', 'cold load + q1', '(index)', 'req/rounds', 'q1 ms', 'query 2', 'hits', 'q2 bytes', '(index)', 'req/rounds', 'q2 ms', 'warm ms'];
  const rr = (q) => `${q.index_requests ?? '–'}/${q.rounds ?? '–'}${q.sync_reads ? ` +${q.sync_reads} sync` : ''}`;
  // The time to the first results on the page and, when the top ones came first, to all of them.
  const ms = (q) => (q.results_ms == null ? '–' : q.first_results_ms != null && q.first_results_ms < q.results_ms
    ? `${q.first_results_ms.toFixed(0)} (all ${q.results_ms.toFixed(0)})` : q.results_ms.toFixed(0));
  const rows = results.map((r) => [
    r.lang, kib(r.index.bytes), String(r.index.docs), r.index.lazy ? 'lazy' : 'whole', `${r.opened.results_ms} ms` + (r.opened.all_ms.length > 1 ? ` (${r.opened.all_ms[0]}–${r.opened.all_ms.at(-1)})` : ''), kib(r.opened.server_bytes), kib(r.opened.index_wire_bytes), `${r.ready_ms} ms`,
    r.first.query, `${r.first.hits}/${r.first.total}`, kib(r.first.server_bytes), kib(r.first.index_wire_bytes), rr(r.first), ms(r.first),
    r.second.query, `${r.second.hits}/${r.second.total}`, kib(r.second.server_bytes), kib(r.second.index_wire_bytes), rr(r.second), ms(r.second),
    r.warm.median_ms?.toFixed(2) ?? '–',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log();
  console.log('"open→q1": a cold context opens /<lang>/search/?q=<query 1>; the time until its results are on the page, and');
  console.log('"open bytes" what the server sent meanwhile (page, CSS, scripts, module, index). The columns after it: another cold');
  console.log('context opens the page without a query, waits until the module is ready ("ready"), then enters the queries.');
  console.log('bytes: "cold load + q1" and "q2 bytes" are response bodies the server sent (page, CSS, JS, worker, wasm, index);');
  console.log('"(index)" is the part of those that is index files (manifest, hot file, ranges; as sent, so compressed where the server');
  console.log('compressed them); "req/rounds" the index requests of the query and how');
  console.log('many rounds of them came one after another ("+n sync": reads made one at a time, never expected);');
  console.log('"ms" is the time from the query being sent to its results on the page (data-first-wall-ms), network included;');
  console.log('"(all …)": when the top results were shown before the rest had arrived, the time until all were (data-last-wall-ms);');
  console.log(`"warm ms" is the median worker time of ${opts.repeat} more rounds of both queries.`);
  for (const r of results) {
    const gap = Math.abs(r.first.page_bytes - r.first.server_bytes) + Math.abs(r.second.page_bytes - r.second.server_bytes);
    console.log(`${r.lang}: page.on('response') saw ${kib(r.first.page_bytes)} in ${r.first.page_responses} responses, then ${kib(r.second.page_bytes)} in ${r.second.page_responses}` +
      ` (server: ${r.first.server_requests} + ${r.second.server_requests} requests)${gap > 0 ? ` — differs from the server's count by ${gap} bytes (a body Chromium did not report)` : ''}; top hits: "${r.first.top}", "${r.second.top}"; ms in the module / in each round of requests: q1 ${r.first.timeline}, q2 ${r.second.timeline}`);
    if (r.errors.length) console.log(`${r.lang}: browser errors: ${r.errors.join(' | ')}`);
  }

  const out = { date: new Date().toISOString(), site: opts.site, ranges: opts.ranges, multipart: opts.multipart, compress: opts.compress, typed: opts.type, after_offline: Boolean(opts.afterOffline), repeat: opts.repeat, opens: opts.opens, wasm, results };
  const dir = join(HERE, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `search-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nraw results: ${file}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
