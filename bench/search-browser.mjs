// In-browser search benchmark for a site built by vardguide.
//
//   node bench/search-browser.mjs SITE_DIR [--no-ranges] [--compress] [--latency MS] [--type] [--query LANG=FIRST,SECOND ...]
//
// Serves SITE_DIR on 127.0.0.1 (Range support like tests/browser/lib.mjs's `serve`, the site's own
// headers from _headers), opens /<lang>/search/ for sv, en and ar in headless Chromium, each in a
// fresh browser context (cold cache), waits for #search-app[data-state=ready], enters a first and
// then a second query and reports, per language:
//   - bytes for the cold load + first query, and for the second query: response bodies seen by the
//     page and its worker (page.on('response'), encoded body sizes), the same counted by the server,
//     and the worker's own count of index bytes (#search-app's data-fetched);
//   - the worker's query time for each query (data-last-ms, measured inside the worker);
//   - the size of the search module (wasm): raw, gzip -9 and brotli q11 (node's zlib).
//
// --no-ranges   the server ignores Range headers (like python3 -m http.server)
// --compress    the server sends the build's precompressed .br/.gz copy when the browser accepts it
// --latency MS  every response waits MS milliseconds before it starts (a phone network's round
//               trip); Chromium keeps its usual six connections per host, so parallel requests
//               beyond six wait for a free one, as on a real HTTP/1.1 server
// --type        type the query a key at a time (each keystroke may start a search) instead of
//               filling the box at once (one search)
// --repeat R    after the two measured queries, enter them R more times each (alternating) and
//               report the median worker time of those warm queries (default 5)
// Before each language it waits (up to 5 minutes) until the machine is idle, since worker times on
// a busy 2-core machine say little.
// Results are also written to bench/results/search-<timestamp>.json.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const require = createRequire(join(REPO, 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

const DEFAULT_QUERIES = {
  sv: ['feber', 'huvudvärk'],
  en: ['fever', 'headache'],
  ar: ['الحمى', 'الصداع'],
};

function parseArgs(argv) {
  const opts = { site: null, ranges: true, compress: false, latency: 0, type: false, repeat: 5, queries: { ...DEFAULT_QUERIES }, langs: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-ranges') opts.ranges = false;
    else if (a === '--compress') opts.compress = true;
    else if (a === '--latency') opts.latency = Math.max(0, Number(argv[++i] ?? 0));
    else if (a === '--type') opts.type = true;
    else if (a === '--repeat') opts.repeat = Math.max(0, Number(argv[++i] ?? 5) | 0);
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
  console.error('usage: node bench/search-browser.mjs SITE_DIR [--no-ranges] [--compress] [--type] [--repeat R] [--langs sv,en,ar] [--query LANG=FIRST,SECOND ...]');
  process.exit(2);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.wasm': 'application/wasm',
};

/** Headers for every path from the site's `_headers` file (the `/*` block), as tests/browser/lib.mjs reads them. */
function siteHeaders(dir) {
  const file = join(dir, '_headers');
  const headers = {};
  if (!existsSync(file)) return headers;
  let inAll = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith(' ')) { inAll = line.trim().endsWith('/*') && !line.includes('assets'); continue; }
    if (!inAll) continue;
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return headers;
}

/** Serves `dir` on 127.0.0.1, honouring Range (unless ranges=false), and counts the body bytes it sends. */
async function serve(dir, { ranges = true, compress = false, latency = 0 } = {}) {
  const headers = siteHeaders(dir);
  const log = [];
  const server = createServer((req, res) => {
    if (latency > 0) setTimeout(() => respond(req, res), latency);
    else respond(req, res);
  });
  function respond(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    let path = normalize(join(dir, decodeURIComponent(url.pathname)));
    const entry = { url: url.pathname, range: req.headers.range ?? null, status: 0, bytes: 0, encoding: null };
    log.push(entry);
    if (!path.startsWith(dir + sep) && path !== dir) { entry.status = 403; res.writeHead(403); res.end(); return; }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    let status = 200;
    if (!existsSync(path)) {
      status = 404;
      const lang = url.pathname.split('/')[1];
      path = lang && existsSync(join(dir, lang, '404.html')) ? join(dir, lang, '404.html') : join(dir, '404.html');
    }
    const type = { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Accept-Ranges': ranges ? 'bytes' : 'none' };
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    let body = readFileSync(path);
    if (ranges && range && status === 200) {
      const start = Number(range[1]);
      const end = Math.min(Number(range[2]), body.length - 1);
      const part = body.subarray(start, end + 1);
      res.writeHead(206, { ...type, 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': part.length });
      entry.status = 206;
      entry.bytes = part.length;
      res.end(part);
      return;
    }
    if (compress) {
      const accept = req.headers['accept-encoding'] ?? '';
      for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
        if (accept.includes(enc) && existsSync(path + ext)) {
          body = readFileSync(path + ext);
          type['Content-Encoding'] = enc;
          type.Vary = 'Accept-Encoding';
          entry.encoding = enc;
          break;
        }
      }
    }
    res.writeHead(status, { ...type, 'Content-Length': body.length });
    entry.status = status;
    entry.bytes = body.length;
    res.end(body);
  }
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${server.address().port}`, log, close: () => new Promise((ok) => server.close(ok)) };
}

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const app = (page) => page.evaluate(() => {
  const a = document.getElementById('search-app');
  return {
    state: a.dataset.state ?? null,
    error: a.dataset.error ?? null,
    fetched: Number(a.dataset.fetched ?? 0),
    ms: a.dataset.lastMs === undefined || a.dataset.lastMs === '' ? null : Number(a.dataset.lastMs),
    wallMs: a.dataset.lastWallMs === undefined ? null : Number(a.dataset.lastWallMs),
    rounds: a.dataset.lastRounds === undefined ? null : Number(a.dataset.lastRounds),
    requests: a.dataset.lastRequests === undefined ? null : Number(a.dataset.lastRequests),
    sync: a.dataset.syncReads === undefined ? null : Number(a.dataset.syncReads),
    total: a.dataset.total === undefined ? null : Number(a.dataset.total),
    status: document.getElementById('search-status').textContent,
    hits: document.querySelectorAll('#search-results li').length,
    first: document.querySelector('#search-results li a')?.textContent ?? null,
  };
});

/** Enters `query` and waits for the worker's answer to it. */
async function runQuery(page, query, type) {
  await page.evaluate(() => { delete document.getElementById('search-app').dataset.lastMs; });
  if (type) {
    await page.fill('#search-q', '');
    await page.type('#search-q', query, { delay: 40 });
  } else {
    await page.fill('#search-q', query);
  }
  await page.waitForFunction((q) => {
    const a = document.getElementById('search-app');
    return (a.dataset.lastMs && new URL(location.href).searchParams.get('q') === q) || a.dataset.state === 'error';
  }, query, { timeout: 120000 });
  // Let any late response (favicon, a last range request) land before counting.
  await page.waitForTimeout(150);
  return app(page);
}

/** CPU ticks used by everything on the machine (user, nice, system, irq, softirq), from /proc/stat. */
function busyTicks() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return f[1] + f[2] + f[3] + f[6] + f[7];
  } catch { return null; }
}

/** Waits until the machine is at most 10 % busy for 3 seconds in a row (at most 5 minutes). */
async function waitIdle() {
  const cores = (await import('node:os')).cpus().length;
  let quiet = 0;
  for (let i = 0; i < 300 && quiet < 3; i++) {
    const a = busyTicks();
    await new Promise((r) => setTimeout(r, 1000));
    const b = busyTicks();
    if (a === null || b === null) return;
    quiet = (b - a) <= cores * 10 ? quiet + 1 : 0; // 100 ticks per second per core
  }
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

const kib = (b) => (b === null || b === undefined ? '–' : b >= 1024 * 1024 ? `${(b / 1048576).toFixed(2)} MiB` : `${(b / 1024).toFixed(1)} KiB`);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const server = await serve(opts.site, { ranges: opts.ranges, compress: opts.compress, latency: opts.latency });
  const browser = await launch();
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
      const serverStart = server.log.length;

      const t0 = Date.now();
      await page.goto(`${server.origin}/${lang}/search/`, { waitUntil: 'load' });
      await page.waitForFunction(() => ['ready', 'error'].includes(document.getElementById('search-app')?.dataset.state), null, { timeout: 120000 });
      const readyMs = Date.now() - t0;
      const ready = await app(page);
      if (ready.state === 'error') throw new Error(`${lang}: the search failed to start: ${ready.error}`);
      const first = await runQuery(page, q1, opts.type);
      await Promise.all(pending.splice(0));
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
      const r = {
        lang,
        index: { bytes: manifest.bytes, docs: manifest.docs, lazy: manifest.lazy, files: Object.keys(manifest.files).length },
        ready_ms: readyMs,
        first: {
          query: q1, hits: first.hits, total: first.total, status: first.status, top: first.first, worker_ms: first.ms,
          results_ms: first.wallMs, rounds: first.rounds, index_requests: first.requests, sync_reads: first.sync,
          page_bytes: sum(seen.slice(0, seenA)), page_responses: seenA,
          server_bytes: sum(server.log.slice(serverStart, serverA)), server_requests: serverA - serverStart,
          index_bytes: first.fetched,
        },
        second: {
          query: q2, hits: second.hits, total: second.total, status: second.status, top: second.first, worker_ms: second.ms,
          results_ms: second.wallMs, rounds: second.rounds, index_requests: second.requests, sync_reads: second.sync,
          page_bytes: sum(seen.slice(seenA, seenB)), page_responses: seenB - seenA,
          server_bytes: sum(server.log.slice(serverA, serverB)), server_requests: serverB - serverA,
          index_bytes: second.fetched - first.fetched,
        },
        warm: { repeats: opts.repeat, worker_ms: warm, median_ms: median(warm) },
        seen: seen.map((e) => `${e.status} ${e.url} ${e.bytes}`),
        requests: server.log.slice(serverStart).map((e) => `${e.status} ${e.url}${e.range ? ` [${e.range}]` : ''} ${e.bytes}${e.encoding ? ` ${e.encoding}` : ''}`),
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
  console.log(`server: 127.0.0.1, Range ${opts.ranges ? 'honoured' : 'ignored'}, ${opts.compress ? 'precompressed .br/.gz sent when accepted' : 'no Content-Encoding'}, ${opts.latency} ms before each response; queries ${opts.type ? 'typed key by key' : 'filled in at once'}; a fresh browser context (cold cache) per language`);
  if (wasm) {
    console.log(`wasm: ${wasm.file}: raw ${kib(wasm.raw)}, gzip -9 ${kib(wasm.gzip)}, brotli q11 ${kib(wasm.brotli)}` +
      (wasm.shipped_br ? `; shipped .br ${kib(wasm.shipped_br)}` : '') + (wasm.shipped_gz ? `, .gz ${kib(wasm.shipped_gz)}` : ''));
  }
  console.log();
  const head = ['lang', 'index', 'docs', 'mode', 'ready', 'query 1', 'hits', 'cold load + q1', '(index)', 'req/rounds', 'q1 ms', 'query 2', 'hits', 'q2 bytes', '(index)', 'req/rounds', 'q2 ms', 'warm ms'];
  const rr = (q) => `${q.index_requests ?? '–'}/${q.rounds ?? '–'}${q.sync_reads ? ` +${q.sync_reads} sync` : ''}`;
  const rows = results.map((r) => [
    r.lang, kib(r.index.bytes), String(r.index.docs), r.index.lazy ? 'lazy' : 'whole', `${r.ready_ms} ms`,
    r.first.query, `${r.first.hits}/${r.first.total}`, kib(r.first.server_bytes), kib(r.first.index_bytes), rr(r.first), r.first.results_ms?.toFixed(0) ?? '–',
    r.second.query, `${r.second.hits}/${r.second.total}`, kib(r.second.server_bytes), kib(r.second.index_bytes), rr(r.second), r.second.results_ms?.toFixed(0) ?? '–',
    r.warm.median_ms?.toFixed(2) ?? '–',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log();
  console.log('bytes: "cold load + q1" and "q2 bytes" are response bodies the server sent (page, CSS, JS, worker, wasm, index);');
  console.log('"(index)" is the worker\'s own count of index bytes (data-fetched); "req/rounds" the index requests of the query and how');
  console.log('many rounds of them came one after another ("+n sync": reads made one at a time, never expected);');
  console.log('"ms" is the time from the query being sent to its results on the page (data-last-wall-ms), network included;');
  console.log(`"warm ms" is the median worker time of ${opts.repeat} more rounds of both queries.`);
  for (const r of results) {
    const gap = Math.abs(r.first.page_bytes - r.first.server_bytes) + Math.abs(r.second.page_bytes - r.second.server_bytes);
    console.log(`${r.lang}: page.on('response') saw ${kib(r.first.page_bytes)} in ${r.first.page_responses} responses, then ${kib(r.second.page_bytes)} in ${r.second.page_responses}` +
      ` (server: ${r.first.server_requests} + ${r.second.server_requests} requests)${gap > 0 ? ` — differs from the server's count by ${gap} bytes (a body Chromium did not report)` : ''}; top hits: "${r.first.top}", "${r.second.top}"`);
    if (r.errors.length) console.log(`${r.lang}: browser errors: ${r.errors.join(' | ')}`);
  }

  const out = { date: new Date().toISOString(), site: opts.site, ranges: opts.ranges, compress: opts.compress, typed: opts.type, repeat: opts.repeat, wasm, results };
  const dir = join(HERE, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `search-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nraw results: ${file}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
