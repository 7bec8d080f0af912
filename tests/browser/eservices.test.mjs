// E-services against a stand-in booking backend on 127.0.0.1 that records what it receives: the
// link from a health centre's page carries the unit, the language and a return address that
// leads back to the same page, and nothing else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { buildFixture, launch, openPage, serve, tempDir } from './lib.mjs';

let browser, backend, site;
const received = [];

before(async () => {
  browser = await launch();
  backend = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') { res.writeHead(204); res.end(); return; }
    received.push({ path: url.pathname, params: Object.fromEntries(url.searchParams), cookie: req.headers.cookie ?? null });
    const back = url.searchParams.get('return') ?? '/';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="en"><link rel="icon" href="data:,"><title>Stand-in backend</title><h1>Log in</h1><a id="back" href="${back.replace(/"/g, '&quot;')}">Back to the health portal</a></html>`);
  });
  await new Promise((ok) => backend.listen(0, '127.0.0.1', ok));
  const backendOrigin = `http://127.0.0.1:${backend.address().port}`;
  const out = join(tempDir('vardguide-eservices-'), 'public');
  site = await serve(out);
  buildFixture((root) => {
    const file = join(root, 'site.yaml');
    const text = readFileSync(file, 'utf8')
      .replace('backend: https://e-tjanster.vardguide.example', `backend: ${backendOrigin}`)
      .replace('allowed_hosts: [e-tjanster.vardguide.example]', 'allowed_hosts: [127.0.0.1]');
    writeFileSync(file, text);
  }, ['--base-url', `${site.origin}/`], out);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await new Promise((ok) => backend?.close(ok));
});

const HSA = { 'ekbrynet-farsta': null };

describe('booking from a health centre page', () => {
  for (const lang of ['sv', 'en', 'ar']) {
    test(`${lang}: "book" sends unit, language and return address, and the return leads back`, async () => {
      const page_ = `/${lang}/clinics/ekbrynet-farsta/`;
      const { page, context, problems } = await openPage(browser, site.origin + page_, site.origin);
      try {
        const hsa = await page.evaluate(() => JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent).identifier);
        HSA['ekbrynet-farsta'] = hsa;
        const before = received.length;
        await Promise.all([page.waitForNavigation(), page.click('a[data-service="book"]')]);
        assert.equal(received.length, before + 1);
        const r = received[received.length - 1];
        assert.equal(r.path, '/booking/new');
        assert.deepEqual(Object.keys(r.params).sort(), ['lang', 'return', 'unit'], 'nothing but unit, language and return address');
        assert.equal(r.params.unit, hsa);
        assert.equal(r.params.lang, lang);
        assert.equal(r.params.return, site.origin + page_);
        assert.equal(r.cookie, null);
        await Promise.all([page.waitForNavigation(), page.click('#back')]);
        assert.equal(page.url(), site.origin + page_);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        assert.deepEqual(problems.consoleErrors, []);
      } finally {
        await context.close();
      }
    });
  }

  test('a national service page links to the backend without a unit, with a way forward without BankID', async () => {
    const { page, context } = await openPage(browser, `${site.origin}/en/eservices/journal/`, site.origin);
    const href = await page.getAttribute('.login-box a.login-action', 'href');
    const url = new URL(href);
    assert.equal(url.pathname, '/journal');
    assert.equal(url.searchParams.get('unit'), null);
    assert.equal(url.searchParams.get('lang'), 'en');
    const noId = await page.textContent('.no-id');
    assert.match(noId, /1177/);
    assert.match(noId, /112/);
    assert.match(noId, /EHIC/);
    await context.close();
  });
});
