// Shared by the browser benchmarks: a static server for a built site (Range, the site's own
// headers, precompressed copies, added latency, a log of what it sent), headless Chromium, and
// waiting for an idle machine.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
// The browser tests' content types and reading of `_headers`, so both serve a site alike.
import { TYPES, rangeAnswer, siteHeaders } from '../tests/browser/lib.mjs';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '..');
const require = createRequire(join(REPO, 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

/** A throwaway self-signed certificate for 127.0.0.1 (openssl), for the HTTP/2 server. */
function selfSigned() {
  const dir = mkdtempSync(join(tmpdir(), 'vardguide-bench-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

/**
 * Serves `dir` on 127.0.0.1, honouring Range (unless ranges=false; several ranges in one request
 * as multipart/byteranges unless multipart=false), and counts the body bytes it
 * sends. With http2, over TLS with HTTP/2 (a self-signed certificate; launch the browser with
 * ignoreCertificates), as nginx with `http2` or Caddy serve a site by default.
 */
export async function serve(dir, { ranges = true, multipart = true, compress = false, latency = 0, http2 = false } = {}) {
  const headers = siteHeaders(dir);
  const log = [];
  // Files once read stay in memory (by path and modification time), as nginx answers a range from
  // the page cache: reading a 40 MiB index file whole for every range request would add the
  // server's own time to every round of a search.
  const files = new Map();
  const read = (path) => {
    const mtime = statSync(path).mtimeMs;
    const kept = files.get(path);
    if (kept?.mtime === mtime) return kept.body;
    const body = readFileSync(path);
    files.set(path, { mtime, body });
    return body;
  };
  const handler = (req, res) => {
    if (latency > 0) setTimeout(() => respond(req, res), latency);
    else respond(req, res);
  };
  const server = http2 ? createSecureServer({ ...selfSigned(), allowHTTP1: true }, handler) : createServer(handler);
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
    let body = read(path);
    const part = ranges && status === 200 ? rangeAnswer(req.headers.range, body, type['Content-Type'], { multipart }) : null;
    if (part) {
      res.writeHead(206, { ...type, ...part.headers, 'Content-Length': part.body.length });
      entry.status = 206;
      entry.bytes = part.body.length;
      res.end(part.body);
      return;
    }
    if (compress) {
      const accept = req.headers['accept-encoding'] ?? '';
      for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
        if (accept.includes(enc) && existsSync(path + ext)) {
          body = read(path + ext);
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
  const scheme = http2 ? 'https' : 'http';
  return { origin: `${scheme}://127.0.0.1:${server.address().port}`, log, close: () => new Promise((ok) => server.close(ok)) };
}

export async function launch({ ignoreCertificates = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...(ignoreCertificates ? ['--ignore-certificate-errors'] : [])],
  });
}

export const app = (page) => page.evaluate(() => {
  const a = document.getElementById('search-app');
  return {
    state: a.dataset.state ?? null,
    error: a.dataset.error ?? null,
    fetched: Number(a.dataset.fetched ?? 0),
    ms: a.dataset.lastMs === undefined || a.dataset.lastMs === '' ? null : Number(a.dataset.lastMs),
    wallMs: a.dataset.lastWallMs === undefined ? null : Number(a.dataset.lastWallMs),
    firstWallMs: a.dataset.firstWallMs === undefined ? null : Number(a.dataset.firstWallMs),
    rounds: a.dataset.lastRounds === undefined ? null : Number(a.dataset.lastRounds),
    timeline: a.dataset.lastTimeline ?? null,
    requests: a.dataset.lastRequests === undefined ? null : Number(a.dataset.lastRequests),
    sync: a.dataset.syncReads === undefined ? null : Number(a.dataset.syncReads),
    total: a.dataset.total === undefined ? null : Number(a.dataset.total),
    status: document.getElementById('search-status').textContent,
    hits: document.querySelectorAll('#search-results li').length,
    first: document.querySelector('#search-results li a')?.textContent ?? null,
  };
});

/** On the vardguide search page: enters `query` and waits for the worker's answer to it. */
export async function runQuery(page, query, type) {
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
export async function waitIdle() {
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

export const kib = (b) => (b === null || b === undefined ? '–' : b >= 1024 * 1024 ? `${(b / 1048576).toFixed(2)} MiB` : `${(b / 1024).toFixed(1)} KiB`);
