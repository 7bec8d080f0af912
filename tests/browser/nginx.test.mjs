// The site served by a real nginx with the configuration the build writes (_nginx/vardguide.conf
// and the security-headers snippet, precompressed copies on): search, the finder and the fee
// calculator work in headless Chromium under the server's own headers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, launch, openPage, REPO, vardguideBin, waitUntil, tempDir } from './lib.mjs';

let browser, nginx, origin;
const logs = tempDir('vardguide-nginx-');

before(async () => {
  // A precompressed build of the bundled site, readable by nginx's unprivileged workers, with the
  // search index read in byte ranges as a large site's is (lazy_threshold_bytes: 0).
  const root = tempDir('vardguide-nginx-site-');
  for (const item of ['site.yaml', 'content', 'translations', 'themes']) cpSync(join(REPO, item), join(root, item), { recursive: true });
  writeFileSync(join(root, 'site.yaml'), readFileSync(join(root, 'site.yaml'), 'utf8') + '\nsearch:\n  lazy_threshold_bytes: 0\n');
  const out = join(root, 'public');
  const built = spawnSync(vardguideBin(), ['build', '--root', root, '--out', out, '--no-cache'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`vardguide build failed:\n${built.stderr}`);
  spawnSync('chmod', ['-R', 'a+rX', dirname(out), logs]);
  const port = await freePort();
  const block = readFileSync(join(out, '_nginx/vardguide.conf'), 'utf8')
    .replaceAll('/var/www/vardguide', out)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${port};`)
    .replace('    listen [::]:443 ssl http2;\n', '');
  const conf = join(logs, 'nginx.conf');
  writeFileSync(conf, `daemon off;\npid ${logs}/nginx.pid;\nerror_log ${logs}/error.log;\n` +
    `include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {\ninclude /etc/nginx/mime.types;\n` +
    `default_type application/octet-stream;\n` +
    `log_format ranges '$status "$http_range" "$sent_http_content_type" $uri "$sent_http_content_encoding"';\naccess_log ${logs}/access.log ranges;\n` +
    `client_body_temp_path ${logs}/body;\n${block}}\n`);
  nginx = spawn('nginx', ['-c', conf], { stdio: 'ignore' });
  origin = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(origin + '/sv/').catch(() => null))?.ok, 'nginx to answer');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGTERM');
    await new Promise((ok) => nginx.once('exit', ok));
  }
});

describe('through nginx', () => {
  test('search answers in the browser, with the security headers and compressed copies', async () => {
    const { page, context, response, problems } = await openPage(browser, `${origin}/en/search/`, origin);
    try {
      assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
      assert.equal(response.headers()['content-encoding'], 'gzip', "the page's .gz copy is served");
      await page.waitForFunction(() => document.getElementById('search-app')?.dataset.state === 'ready', null, { timeout: 15000 });
      await page.type('#search-q', 'fevr', { delay: 20 });
      await page.waitForFunction(() => JSON.parse(document.getElementById('search-app').dataset.done ?? 'null')?.query === 'fevr', null, { timeout: 15000 });
      assert.equal(await page.textContent('#search-results li a'), 'Fever in adults');
      // The worker asked nginx for several ranges of an index file in one request and read the
      // multipart answer (a wrong reading fails the search, a whole file would be a 200).
      const log = readFileSync(join(logs, 'access.log'), 'utf8').split('\n');
      const multi = log.filter((l) => l.includes('/en/search/') && /"bytes=[^"]*,/.test(l));
      assert.ok(multi.length > 0, `a request for several ranges:\n${log.filter((l) => l.includes('/en/search/')).join('\n')}`);
      assert.ok(multi.every((l) => l.startsWith('206 ') && l.includes('multipart/byteranges')), multi.join('\n'));
      // The theme's assets, the search module among them, come as their .br copies.
      const module = log.filter((l) => /\/vardguide-search\.[^ ]*\.wasm /.test(l));
      assert.ok(module.length > 0 && module.every((l) => l.startsWith('200 ') && l.endsWith('"br"')), module.join('\n'));
      assert.deepEqual(problems.consoleErrors, []);
      assert.deepEqual(problems.external, []);
    } finally {
      await context.close();
    }
  });

  test('offline reading: the worker and its offline page work under the headers of the server', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 700 } });
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/fa/`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready');
      await waitUntil(() => page.evaluate(async () => Boolean(await caches.match('/fa/')) && Boolean(await caches.match('/fa/offline/'))), 'the worker keeps the home and offline pages');
      await context.setOffline(true);
      await page.goto(`${origin}/fa/a-o/`, { waitUntil: 'load' });
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      assert.equal(await page.textContent('h1'), 'شما آفلاین هستید');
      await page.goto(`${origin}/fa/`, { waitUntil: 'load' });
      assert.equal(await page.isVisible('.urgent-help a[href="tel:112"]'), true);
    } finally {
      await context.close();
    }
  });

  test('the finder loads its data and filters', async () => {
    const { page, context, problems } = await openPage(browser, `${origin}/sv/clinics/`, origin);
    try {
      await page.waitForFunction(() => document.getElementById('finder')?.dataset.ready === 'true', null, { timeout: 15000 });
      const all = await page.$$eval('li.unit:not([hidden])', (l) => l.length);
      await page.check('#f-listing');
      await page.waitForFunction((n) => document.querySelectorAll('li.unit:not([hidden])').length < n, all);
      assert.deepEqual(problems.consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the fee calculator answers', async () => {
    const { page, context, problems } = await openPage(browser, `${origin}/sv/fees/stockholm/`, origin);
    try {
      await page.waitForFunction(() => document.getElementById('calculator')?.dataset.ready === 'true');
      await page.fill('#c-first', '2025-03-15');
      await page.fill('#c-paid', '400');
      await page.click('#calc-outpatient button[type=submit]');
      // What a reader sees: without the invisible marks that keep amounts left to right.
      const result = (await page.textContent('#c-result')).replace(/[\u2066-\u2069]/g, '').replace(/\s/g, ' ');
      assert.match(result, /1 000 kr kvar till frikort/);
      assert.deepEqual(problems.consoleErrors, []);
    } finally {
      await context.close();
    }
  });
});
