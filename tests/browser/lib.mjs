// Shared helpers for the browser tests: build a site with the vardguide binary, serve it on
// 127.0.0.1 with the headers the build emitted in _headers, and check pages in headless Chromium.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(REPO, 'tests', 'browser', 'artifacts');
const AXE_SOURCE = readFileSync(join(REPO, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** The vardguide binary: $VARDGUIDE_BIN (set by `cargo test`) or a local debug build. */
export function vardguideBin() {
  const candidates = [process.env.VARDGUIDE_BIN, join(REPO, 'target', 'debug', 'vardguide'), join(REPO, 'target', 'release', 'vardguide')];
  const bin = candidates.find((c) => c && existsSync(c));
  if (!bin) throw new Error('vardguide binary not found: run `cargo build` first or set VARDGUIDE_BIN');
  return bin;
}

const tempDirs = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A new folder under the system's temp folder, removed when the test file's process ends. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/**
 * Copies the repo's site (site.yaml, content, translations, themes) into a temp dir, lets `prepare`
 * change it, builds it and returns the output folder.
 */
export function buildFixture(prepare = () => {}, extraArgs = [], outDir = null) {
  const root = tempDir('vardguide-browser-');
  for (const item of ['site.yaml', 'content', 'translations', 'themes']) {
    cpSync(join(REPO, item), join(root, item), { recursive: true });
  }
  prepare(root);
  const out = outDir ?? join(root, 'public');
  const r = spawnSync(vardguideBin(), ['build', '--root', root, '--out', out, '--no-precompress', ...extraArgs], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vardguide build failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.wasm': 'application/wasm',
};

/** Headers for every path from the site's `_headers` file (the `/*` block). */
export function siteHeaders(dir) {
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

/**
 * The answer to a `Range` header for `body`, as nginx, Apache and Caddy give it: one range as a
 * 206 slice, several as one 206 `multipart/byteranges` response (or, with `multipart: false`, the
 * whole file, as a server that serves single ranges only). Null: answer with the whole file.
 */
export function rangeAnswer(header, body, contentType, { multipart = true } = {}) {
  const m = /^bytes=(\d+-\d+(?:,\s*\d+-\d+)*)$/.exec(header ?? '');
  if (!m) return null;
  const ranges = m[1].split(',').map((r) => {
    const [a, b] = r.trim().split('-').map(Number);
    return { start: a, end: Math.min(b, body.length - 1) };
  });
  if (ranges.some((r) => r.start > r.end)) return null;
  const size = body.length;
  if (ranges.length === 1) {
    const { start, end } = ranges[0];
    return { headers: { 'Content-Type': contentType, 'Content-Range': `bytes ${start}-${end}/${size}` }, body: body.subarray(start, end + 1) };
  }
  if (!multipart) return null;
  const boundary = 'vardguide-test-boundary';
  const chunks = [];
  for (const { start, end } of ranges) {
    chunks.push(Buffer.from(`\r\n--${boundary}\r\nContent-Type: ${contentType}\r\nContent-Range: bytes ${start}-${end}/${size}\r\n\r\n`, 'latin1'));
    chunks.push(body.subarray(start, end + 1));
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  return { headers: { 'Content-Type': `multipart/byteranges; boundary=${boundary}` }, body: Buffer.concat(chunks) };
}

/**
 * Serves `dir` on 127.0.0.1 with the site's security headers; 404s get the language's 404 page.
 * With `ranges: false` the server ignores Range headers, like python's http.server; with
 * `multipart: false` it serves single ranges only and answers several with the whole file.
 */
export async function serve(dir, { ranges = true, multipart = true } = {}) {
  const headers = siteHeaders(dir);
  const requests = [];
  const server = createServer((req, res) => {
    const entry = { url: req.url, range: req.headers.range ?? null, status: null };
    requests.push(entry);
    const url = new URL(req.url, 'http://127.0.0.1');
    let path = normalize(join(dir, decodeURIComponent(url.pathname)));
    if (!path.startsWith(dir + sep) && path !== dir) { res.writeHead(403); res.end(); return; }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    let status = 200;
    if (!existsSync(path)) {
      // Like the emitted nginx snippet and _redirects: the 404 page of the language in the path.
      status = 404;
      const lang = url.pathname.split('/')[1];
      path = lang && existsSync(join(dir, lang, '404.html')) ? join(dir, lang, '404.html') : join(dir, '404.html');
    }
    const body = readFileSync(path);
    const type = { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' };
    const part = ranges && status === 200 ? rangeAnswer(req.headers.range, body, type['Content-Type'], { multipart }) : null;
    entry.status = part ? 206 : status;
    if (part) {
      res.writeHead(206, { ...type, ...part.headers, 'Accept-Ranges': 'bytes' });
      res.end(part.body);
      return;
    }
    res.writeHead(status, type);
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, requests, headers, close: () => new Promise((ok) => server.close(ok)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Opens `url` and collects what a page must never do: console errors (CSP violations included),
 * uncaught exceptions, requests that leave the test server. Returns the page and the findings.
 */
export async function openPage(browser, url, origin, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], external: [], cspViolations: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.external.push(r.url()); });
  const response = await page.goto(url, { waitUntil: 'load' });
  problems.cspViolations = await page.evaluate(() => window.__cspViolations ?? []);
  return { page, context, response, problems };
}

/** Runs axe-core with the WCAG 2.1 A and AA rules and returns the violations (rule id + targets). */
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/** `lang` and `dir` of the page's <html>. */
export async function langDir(page) {
  return page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
}

/**
 * Follows the language switcher from `page` to `lang` and returns where it landed and what the
 * page's own hreflang alternate promised.
 */
export async function followSwitcher(page, lang) {
  const expected = await page.evaluate((l) => document.querySelector(`link[rel=alternate][hreflang="${l}"]`)?.getAttribute('href') ?? null, lang);
  await Promise.all([page.waitForNavigation(), page.click(`.lang-switch a[hreflang="${lang}"]`)]);
  const landed = await langDir(page);
  return { expected: expected && new URL(expected).pathname, actual: new URL(page.url()).pathname, landed };
}

export function ensureArtifacts() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export async function freePort() {
  const probe = net.createServer();
  await new Promise((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address();
  await new Promise((ok) => probe.close(ok));
  return port;
}

/** Polls `check` until it returns something truthy, failing after `ms` with what was awaited. */
export async function waitUntil(check, what, ms = 15000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
