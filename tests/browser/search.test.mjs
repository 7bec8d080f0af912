// Search in the browser: the wasm module in a Web Worker answers typed queries from the static
// index, whole-file or by range requests, from a server with or without Range support.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixture, freePort, launch, openPage, serve, waitUntil } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The search page's completed-query record (`data-done`), once the answer to `query` is on screen. */
async function answered(page, query) {
  const handle = await page.waitForFunction((q) => {
    const done = document.getElementById('search-app')?.dataset.done;
    const record = done ? JSON.parse(done) : null;
    return record && record.query === q && record.offset === 0 ? record : null;
  }, query, { timeout: 15000 });
  return handle.jsonValue();
}

/** Types `query` into the search page and returns the first result's title, the status text and
 * the completed-query record (rounds and requests that query took), once that query's answer is
 * on screen: the results of a query typed earlier never count. */
async function searchFor(page, query) {
  await page.waitForFunction(() => document.getElementById('search-app')?.dataset.state === 'ready', null, { timeout: 15000 });
  // One input event, so one query: a query for what was typed so far would fetch part of what
  // this one reads, and the rounds and requests asserted below would be another query's.
  await page.fill('#search-q', query);
  const record = await answered(page, query);
  return page.evaluate((record) => ({
    first: document.querySelector('#search-results li a')?.textContent,
    href: document.querySelector('#search-results li a')?.getAttribute('href'),
    status: document.getElementById('search-status').textContent,
    mark: document.querySelector('#search-results mark')?.textContent ?? null,
    record,
  }), record);
}

const CASES = [
  ['sv', 'feber', 'Feber hos vuxna'],
  ['sv', 'hovudvärk', 'Huvudvärk'],
  ['sv', '"ont i halsen"', 'Ont i halsen'],
  ['en', 'fevr', 'Fever in adults'],
  ['en', 'sore thr', 'Sore throat'],
  ['ar', 'الصداع', 'الصداع'],
  ['ar', 'والصداع', 'الصداع'],
];

describe('search (whole-file index)', () => {
  let server;
  before(async () => { server = await serve(buildFixture()); });
  after(async () => { await server?.close(); });

  for (const [lang, query, expected] of CASES) {
    test(`${lang}: "${query}" finds ${expected} first`, async () => {
      const { page, context, problems } = await openPage(browser, `${server.origin}/${lang}/search/`, server.origin);
      try {
        const r = await searchFor(page, query);
        assert.equal(r.first, expected);
        assert.match(r.status, /\d|نتيجة|نتائج|نتيجتان/);
        assert.deepEqual(problems.external, []);
        assert.deepEqual(problems.consoleErrors, []);
        assert.deepEqual(problems.pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }

  for (const [width, height] of [[1280, 900], [375, 700]]) {
    test(`nothing moves when the results arrive (CLS < 0.01 at ${width} px)`, async () => {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      try {
        await page.addInitScript(() => {
          window.__cls = 0;
          new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
            .observe({ type: 'layout-shift', buffered: true });
        });
        await page.goto(`${server.origin}/sv/search/?q=feber`);
        await answered(page, 'feber');
        // Two frames after the answer is on screen, so that its layout has been measured.
        const cls = await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(window.__cls)))));
        assert.ok(cls < 0.01, `cumulative layout shift ${cls}`);
      } finally {
        await context.close();
      }
    });
  }

  test('the header box leads to the search page with JS, and to A–Ö without', async () => {
    const { page, context } = await openPage(browser, `${server.origin}/sv/`, server.origin);
    await page.fill('#site-search-q', 'feber');
    await Promise.all([page.waitForNavigation(), page.press('#site-search-q', 'Enter')]);
    assert.equal(new URL(page.url()).pathname, '/sv/search/');
    const r = await searchFor(page, 'feber');
    assert.equal(r.first, 'Feber hos vuxna');
    await context.close();
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await noJs.newPage();
    await p2.goto(`${server.origin}/sv/`);
    await p2.fill('#site-search-q', 'feber');
    await Promise.all([p2.waitForNavigation(), p2.press('#site-search-q', 'Enter')]);
    assert.equal(new URL(p2.url()).pathname, '/sv/a-o/');
    await noJs.close();
  });

  test('keyboard: ArrowDown moves from the box into the results, Escape back', async () => {
    const { page, context } = await openPage(browser, `${server.origin}/en/search/`, server.origin);
    await searchFor(page, 'fever');
    await page.focus('#search-q');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.closest('#search-results') !== null), true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q');
    await context.close();
  });

  test('every result is reachable: "show more" adds the next page, by keyboard, announced in the status', async () => {
    const { page, context, problems } = await openPage(browser, `${server.origin}/sv/search/`, server.origin);
    try {
      await searchFor(page, 'feber');
      const state = () => page.evaluate(() => ({
        shown: document.querySelectorAll('#search-results li').length,
        total: Number(document.getElementById('search-app').dataset.total),
        status: document.getElementById('search-status').textContent,
        more: !document.getElementById('search-more').hidden,
        focused: document.activeElement?.getAttribute('href') ?? document.activeElement?.id,
        links: [...document.querySelectorAll('#search-results li a')].map((a) => a.getAttribute('href')),
      }));
      let s = await state();
      assert.ok(s.total > s.shown, `the bundled site has more than one page of hits for "feber" (${s.total})`);
      assert.equal(s.shown, 10);
      assert.ok(s.more, 'the button shows while hits are left');
      assert.match(s.status, new RegExp(`^${s.total} träffar\\. 10 av ${s.total} visas$`));
      let pages = 1;
      while (s.more) {
        const before = s.shown;
        await page.focus('#search-more');
        await page.keyboard.press('Enter');
        await page.waitForFunction((n) => document.querySelectorAll('#search-results li').length > n, before, { timeout: 15000 });
        s = await state();
        pages += 1;
        assert.equal(s.focused, s.links[before], 'focus moves to the first new result');
        if (s.shown < s.total) assert.match(s.status, new RegExp(`${s.shown} av ${s.total} visas`));
      }
      assert.equal(s.shown, s.total, 'every hit the count announces is listed');
      assert.equal(s.status, `${s.total} träffar`);
      assert.equal(new Set(s.links).size, s.links.length, 'no hit is listed twice');
      assert.ok(pages >= 2);
      assert.deepEqual(problems.consoleErrors, []);
      assert.deepEqual(problems.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('top results sent early show at once; the rest is added without repeating them or moving focus', async () => {
    // A stand-in worker answers each page of a query twice, as the real one does when the last
    // round's requests come back in waves: the top six hits first (with `pending`), and the whole
    // page when the test says so (a BroadcastChannel message), so nothing depends on timing.
    const FAKE_WORKER = `
      const go = new BroadcastChannel('fake-search');
      const waiting = [];
      go.onmessage = () => { for (const send of waiting.splice(0)) send(); };
      const hit = (i) => ({ title: 'Träff ' + (i + 1), url: '/sv/t' + i + '/', type: 'article', kind: 'Sjukdom', snippet: 'text', score: 100 - i });
      self.onmessage = ({ data: m }) => {
        if (m.type === 'init') { self.postMessage({ type: 'ready', docs: 1234, lazy: true, bytes: 0, fetched: 0, requests: 0 }); return; }
        const total = 1234;
        const hits = Array.from({ length: Math.min(m.limit, total - m.offset) }, (_, i) => hit(m.offset + i));
        const base = { type: 'results', id: m.id, offset: m.offset, ms: 1, fetched: 0, requests: 0, rounds: 1, timeline: [], sync: 0 };
        const full = () => self.postMessage({ ...base, results: { query: m.query, total, hits } });
        if (hits.length <= 6) { full(); return; }
        self.postMessage({ ...base, results: { query: m.query, total, hits: hits.slice(0, 6), pending: hits.length - 6 } });
        waiting.push(full);
      };`;
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    await context.route(/search-worker[^/]*\.js$/, (route) => route.fulfill({ contentType: 'text/javascript', body: FAKE_WORKER }));
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // Every text the status region takes once the page has loaded, to count what a screen reader
    // would announce.
    await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
      window.statusTexts = [];
      const status = document.getElementById('search-status');
      new MutationObserver(() => window.statusTexts.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
    }));
    try {
      // Opened with a query, as from a shared link: its answer is the page's first.
      await page.goto(`${server.origin}/sv/search/?q=feber`, { waitUntil: 'load' });
      const state = () => page.evaluate(() => ({
        links: [...document.querySelectorAll('#search-results li a')].map((a) => a.textContent),
        busy: document.getElementById('search-results').getAttribute('aria-busy'),
        done: document.getElementById('search-app').dataset.done ?? null,
        moreHidden: document.getElementById('search-more').hidden,
        moreDisabled: document.getElementById('search-more').disabled,
        focused: document.activeElement?.textContent ?? null,
        statusTexts: window.statusTexts,
        settled: 'settled' in document.getElementById('search-app').dataset,
      }));
      const release = () => page.evaluate(() => new BroadcastChannel('fake-search').postMessage('go'));
      const titles = (from, to) => Array.from({ length: to - from }, (_, i) => `Träff ${from + i + 1}`);

      await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 6);
      let s = await state();
      assert.deepEqual(s.links, titles(0, 6), 'the top six, in rank order');
      assert.equal(s.busy, 'true', 'the list is marked busy while the rest arrive');
      assert.equal(s.done, null, 'the query is not reported done');
      assert.equal(s.settled, false, 'the offline worker is not installed while the rest arrive');
      assert.deepEqual(s.statusTexts, ['1\u00a0234 träffar. 10 av 1\u00a0234 visas'], 'the status gives the whole page at once, digits grouped as in Swedish');
      assert.equal(s.moreDisabled, true);

      await release();
      await page.waitForFunction(() => document.getElementById('search-app').dataset.done);
      s = await state();
      assert.deepEqual(s.links, titles(0, 10), 'the rest added after the top six, none twice');
      assert.equal(s.busy, null);
      assert.equal(s.settled, true, 'the first answer is complete: the offline worker may be installed');
      assert.deepEqual(s.statusTexts, ['1\u00a0234 träffar. 10 av 1\u00a0234 visas'], 'announced once');
      assert.equal(s.moreHidden, false);
      assert.equal(s.moreDisabled, false);

      // "Show more": focus goes to the first new hit when it arrives, and stays there.
      await page.focus('#search-more');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 16);
      s = await state();
      assert.equal(s.focused, 'Träff 11');
      await release();
      await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 20 && !document.getElementById('search-results').hasAttribute('aria-busy'));
      s = await state();
      assert.deepEqual(s.links, titles(0, 20));
      assert.equal(s.focused, 'Träff 11', 'the rest of the page does not take focus away');
      assert.equal(s.statusTexts.at(-1), '1\u00a0234 träffar. 20 av 1\u00a0234 visas');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the address carries the query: ?q= restores it, a submitted search can be gone back from', async () => {
    const { page, context } = await openPage(browser, `${server.origin}/sv/search/?q=feber`, server.origin);
    try {
      await page.waitForFunction(() => document.querySelector('#search-results li a')?.textContent === 'Feber hos vuxna', null, { timeout: 15000 });
      assert.equal(await page.inputValue('#search-q'), 'feber');
      await page.fill('#search-q', 'huvudvärk');
      // Typing puts the query into the address first (a user who pauses before Enter); the
      // submitted search still adds an entry after the one for "feber".
      await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'huvudvärk', null, { timeout: 15000 });
      await page.press('#search-q', 'Enter');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'huvudvärk'
        && document.querySelector('#search-results li a')?.textContent === 'Huvudvärk', null, { timeout: 15000 });
      await page.goBack();
      await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'feber'
        && document.querySelector('#search-results li a')?.textContent === 'Feber hos vuxna', null, { timeout: 15000 });
      assert.equal(await page.inputValue('#search-q'), 'feber');
    } finally {
      await context.close();
    }
  });

  test('an index of another format version is refused with a clear message', async () => {
    const out = buildFixture();
    const manifest = join(out, 'sv/search/manifest.json');
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    m.format += 1;
    writeFileSync(manifest, JSON.stringify(m));
    const s = await serve(out);
    const { page, context } = await openPage(browser, `${s.origin}/sv/search/?q=feber`, s.origin);
    await page.waitForFunction(() => document.getElementById('search-app').dataset.state === 'error');
    const error = await page.evaluate(() => document.getElementById('search-app').dataset.error);
    assert.match(error, /format \d+, but this search module reads format \d+/);
    await context.close();
    await s.close();
  });
});

/** The worker's request, when the page opens, for the first and last byte of a small index file. */
function isProbe(r) {
  return /^bytes=0-0,(\d+)-\1$/.test(r.range ?? '');
}

/** Each index file is asked for at most once per round (several ranges in one request). */
function assertOneRequestPerFileAndRound(ranged, rounds) {
  const perFile = new Map();
  for (const r of ranged) perFile.set(r.url, (perFile.get(r.url) ?? 0) + 1);
  for (const [url, n] of perFile) assert.ok(n <= rounds, `${url}: ${n} requests in ${rounds} rounds`);
}

describe('search (lazy index, range requests)', () => {
  let out;
  before(() => {
    out = buildFixture((root) => {
      const site = join(root, 'site.yaml');
      writeFileSync(site, readFileSync(site, 'utf8') + '\nsearch:\n  lazy_threshold_bytes: 0\n');
    });
  });

  test('works with a server that honours Range, fetching less than the whole index', async () => {
    const server = await serve(out);
    const { page, context } = await openPage(browser, `${server.origin}/sv/search/`, server.origin);
    try {
      const r = await searchFor(page, 'feber');
      assert.equal(r.first, 'Feber hos vuxna');
      const manifest = JSON.parse(readFileSync(join(out, 'sv/search/manifest.json'), 'utf8'));
      assert.equal(manifest.lazy, true);
      const fetched = Number(await page.evaluate(() => document.getElementById('search-app').dataset.fetched));
      assert.ok(fetched > 0 && fetched <= manifest.bytes, `fetched ${fetched} of ${manifest.bytes} bytes`);
      const ranged = server.requests.filter((r) => r.url.startsWith('/sv/search/') && r.range && !isProbe(r));
      assert.ok(ranged.length > 0, 'index files were read with Range requests');
      const first = r.record;
      assert.ok(first.rounds >= 1 && first.rounds <= 3, `a first query takes 1–3 rounds of requests (${first.rounds})`);
      assert.equal(first.sync, 0, 'no range is read one at a time');
      assert.equal(server.requests.filter(isProbe).length, 1, 'one probe for several ranges in one response when the page opens');
      assert.equal(await page.evaluate(() => document.getElementById('search-app').dataset.ranges), 'several');
      assert.ok(ranged.some((r) => r.range.includes(',')), 'several ranges of a file are asked for in one request');
      assertOneRequestPerFileAndRound(ranged, first.rounds);
      const before = server.requests.length;
      const second = (await searchFor(page, 'hosta')).record;
      assert.ok(second.total > 0, 'the new query finds something');
      assert.ok(second.rounds <= 2, `a new query takes at most 2 rounds (${second.rounds})`);
      assert.equal(second.sync, 0);
      assertOneRequestPerFileAndRound(server.requests.slice(before).filter((r) => r.range), second.rounds);
    } finally {
      await context.close();
      await server.close();
    }
  });

  test('the page fetches the module and the manifest once, preloaded, and installs the offline worker only after the first answer', async () => {
    const server = await serve(out);
    const { page, context } = await openPage(browser, `${server.origin}/sv/search/?q=feber`, server.origin);
    try {
      const record = await answered(page, 'feber');
      assert.ok(record.total > 0, 'the query opened with the page finds something');
      await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, { timeout: 15000 });
      const urls = server.requests.map((r) => r.url);
      const preloads = await page.$$eval('link[rel=preload]', (links) => links.map((l) => new URL(l.href).pathname));
      assert.equal(preloads.length, 2, 'the module and the manifest are preloaded');
      for (const url of preloads) assert.equal(urls.filter((u) => u === url).length, 1, `${url} is fetched once: the page uses its preload`);
      const worker = urls.indexOf('/sw.js');
      assert.ok(worker > 0, 'the offline worker is installed');
      const lastIndexRequest = server.requests.findLastIndex((r) => r.url.startsWith('/sv/search/') && r.range);
      assert.ok(lastIndexRequest > 0 && lastIndexRequest < worker, 'the offline worker waits until the search has read what it needs');
    } finally {
      await context.close();
      await server.close();
    }
  });

  test('works with a server that answers several ranges with the whole file, asking range by range', async () => {
    const server = await serve(out, { multipart: false });
    const { page, context } = await openPage(browser, `${server.origin}/sv/search/`, server.origin);
    try {
      assert.equal((await searchFor(page, 'feber')).first, 'Feber hos vuxna');
      const before = server.requests.length;
      assert.equal((await searchFor(page, 'hosta')).first !== undefined, true);
      const later = server.requests.slice(before).filter((r) => r.range);
      assert.ok(later.length > 0, 'the new query read ranges');
      assert.deepEqual(server.requests.filter((r) => r.range?.includes(',')).map((r) => r.range).filter((r) => !isProbe({ range: r })), [],
        'after the probe got the whole file, no request asks for several ranges');
      // The probe's whole small file does not mean the server ignores Range: a range on its own
      // is answered as asked, so no search request gets a whole file.
      assert.equal(await page.evaluate(() => document.getElementById('search-app').dataset.ranges), 'single');
      const whole = server.requests.filter((r) => r.range && !isProbe(r) && r.status !== 206);
      assert.deepEqual(whole, [], 'every single range is answered with that range');
    } finally {
      await context.close();
      await server.close();
    }
  });

  test('works from python3 -m http.server, which ignores Range', async () => {
    const port = await freePort();
    const py = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '-d', out], { stdio: 'ignore' });
    try {
      const origin = `http://127.0.0.1:${port}`;
      await waitUntil(async () => (await fetch(origin + '/').catch(() => null))?.ok, 'python3 -m http.server to answer');
      const { page, context } = await openPage(browser, `${origin}/en/search/`, origin);
      const r = await searchFor(page, 'fevr');
      assert.equal(r.first, 'Fever in adults');
      assert.equal(await page.evaluate(() => document.getElementById('search-app').dataset.ranges), 'ignored');
      await context.close();
    } finally {
      py.kill();
    }
  });
});
