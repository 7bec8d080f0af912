// Every reader: read-aloud with the browser's own speech synthesis, offline reading and
// illustrations. The test page's
// `speechSynthesis` is replaced by a stand-in (in the test, never in the site) whose voices the
// test chooses and whose `boundary` and `end` events the test fires, so that the controls and
// the highlight can be checked without a real voice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildFixture, serve, launch, openPage, vardguideBin, waitUntil, tempDir } from './lib.mjs';

let server;
let browser;
let out;

before(async () => {
  out = buildFixture();
  server = await serve(out);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A stand-in for `speechSynthesis` with `voices`; what is spoken is kept in `window.__spoken`. */
function standIn(voices) {
  const spoken = [];
  const engine = {
    paused: false,
    getVoices: () => voices,
    speak(u) { spoken.push(u); },
    cancel() { spoken.length = 0; },
    pause() { this.paused = true; },
    resume() { this.paused = false; },
    addEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: engine, configurable: true });
  window.__spoken = spoken;
  /** Fires `type` on the utterance being spoken, with `charIndex` for a boundary. */
  window.__fire = (type, charIndex = 0) => {
    const u = spoken[spoken.length - 1];
    const e = new Event(type);
    Object.defineProperty(e, 'charIndex', { value: charIndex });
    u.dispatchEvent(e);
  };
}

async function articleWith(voices, path) {
  const opened = await openPage(browser, 'about:blank', server.origin, { width: 375, height: 700 });
  await opened.context.addInitScript(standIn, voices);
  await opened.page.goto(`${server.origin}${path}`, { waitUntil: 'load' });
  await opened.page.waitForFunction(() => document.getElementById('listen')?.dataset.ready !== undefined);
  return opened;
}

const SV_VOICE = [{ name: 'Stand-in svenska', lang: 'sv-SE', localService: true, default: true, voiceURI: 'sv' }];

test('read aloud: no voice for the language, or only a voice that sends the text away, hides the controls', async () => {
  for (const [voices, path] of [
    [[], '/sv/feber-hos-barn/'],
    [[{ ...SV_VOICE[0], localService: false }], '/sv/feber-hos-barn/'],
  ]) {
    const { page, context } = await articleWith(voices, path);
    try {
      assert.equal(await page.isVisible('#listen'), false, `hidden with ${JSON.stringify(voices)}`);
    } finally {
      await context.close();
    }
  }
  const { page, context } = await articleWith(SV_VOICE, '/sv/feber-hos-barn/');
  try {
    assert.equal(await page.isVisible('#listen'), true, 'a Swedish voice reads the Swedish page');
    const arabic = new URL(await page.getAttribute('link[rel=alternate][hreflang=ar]', 'href')).pathname;
    await page.goto(`${server.origin}${arabic}`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('listen')?.dataset.ready !== undefined);
    assert.equal(await page.isVisible('#listen'), false, 'a Swedish voice does not read the Arabic page');
  } finally {
    await context.close();
  }
});

test('read aloud: reads in the page language, highlights the sentence at each boundary, pauses and resumes', async () => {
  const { page, context, problems } = await articleWith(SV_VOICE, '/sv/feber-hos-barn/');
  try {
    assert.equal(await page.isVisible('#listen'), true, 'shown when a Swedish voice exists');
    await page.click('[data-listen="all"]');
    const first = await page.evaluate(() => ({ text: window.__spoken[0].text, lang: window.__spoken[0].lang }));
    assert.equal(first.text, await page.textContent('h1'), 'starts with the title');
    assert.equal(first.lang, 'sv-SE');
    // On to the first block with two sentences or more, and a boundary in its second sentence.
    const sentences = await page.evaluate(async () => {
      for (let i = 0; i < 60; i += 1) {
        const u = window.__spoken[window.__spoken.length - 1];
        const parts = [...new Intl.Segmenter('sv', { granularity: 'sentence' }).segment(u.text)];
        if (parts.length >= 2) return parts.map((p) => ({ index: p.index, text: p.segment }));
        window.__fire('end');
      }
      return null;
    });
    assert.ok(sentences, 'a block with two sentences is read');
    const highlighted = () => page.evaluate(() => {
      const h = CSS.highlights.get('listen');
      return h ? [...h][0].toString() : null;
    });
    assert.equal((await highlighted()).trim(), sentences[0].text.trim(), 'the first sentence is highlighted first');
    await page.evaluate((at) => window.__fire('boundary', at), sentences[1].index + 1);
    assert.equal((await highlighted()).trim(), sentences[1].text.trim(), 'the highlight follows the boundary into the second sentence');
    await page.click('[data-listen="pause"]');
    assert.equal(await page.evaluate(() => window.speechSynthesis.paused), true);
    assert.equal(await page.textContent('[data-listen="pause"]'), 'Fortsätt');
    await page.click('[data-listen="pause"]');
    assert.equal(await page.evaluate(() => window.speechSynthesis.paused), false);
    await page.click('[data-listen="stop"]');
    assert.equal(await highlighted(), null, 'stopping clears the highlight');
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('read aloud: "what to do now" reads the care cards first', async () => {
  const { page, context } = await articleWith(SV_VOICE, '/sv/feber-hos-barn/');
  try {
    await page.click('[data-listen="urgent"]');
    const careTexts = await page.$$eval('section.care', (s) => s.map((e) => e.textContent));
    const cards = await page.$$eval('section.care', (s) => s.length);
    assert.ok(cards >= 2, `${cards} care cards`);
    const read = [];
    for (let i = 0; i < 40; i += 1) {
      read.push(await page.evaluate(() => window.__spoken[window.__spoken.length - 1].text));
      if (!careTexts.some((c) => c.includes(read[read.length - 1]))) break;
      await page.evaluate(() => window.__fire('end'));
    }
    assert.ok(read.length >= 3, `the care cards' blocks come first: ${read.length - 1} of them`);
    assert.ok(read.slice(0, -1).every((t) => careTexts.some((c) => c.includes(t))), 'everything before the first other block is in a care card');
    assert.ok(careTexts[0].includes(read[0]), 'it starts with the first card');
  } finally {
    await context.close();
  }
});

/** Whether the page's service worker has kept `path`. */
const kept = (page, path) => page.evaluate(async (p) => Boolean(await caches.match(p)), path);

/** A phone reader who opens the Swedish fever-in-children article online, once its worker has
 * kept the article, the home page and every offline page. */
async function readerWithKeptArticle() {
  const context = await browser.newContext({ viewport: { width: 375, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/sv/feber-hos-barn/`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready');
  await waitUntil(async () => (await kept(page, '/sv/feber-hos-barn/')) && (await kept(page, '/sv/')) && (await kept(page, '/ar/offline/')), 'the worker keeps the page, the home page and the offline pages');
  return { context, page, errors };
}

test('offline: a page read, the home page and the emergency numbers open without a network; others open the offline page in their language', async () => {
  const { context, page, errors } = await readerWithKeptArticle();
  try {
    const title = await page.textContent('h1');

    await context.setOffline(true);
    await page.reload({ waitUntil: 'load' });
    assert.equal(await page.textContent('h1'), title, 'the article opens offline');
    await page.goto(`${server.origin}/sv/`, { waitUntil: 'load' });
    assert.equal(await page.isVisible('.urgent-help a[href="tel:112"]'), true, 'the home page and its call 112 link open offline');
    // A page never read: the offline page, in the page's language, with the emergency numbers
    // and the pages kept.
    await page.goto(`${server.origin}/sv/hosta/`, { waitUntil: 'load' });
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    assert.equal(await page.textContent('h1'), 'Du är inte uppkopplad');
    assert.equal(await page.isVisible('a[href="tel:1177"]'), true);
    await page.waitForFunction(() => document.getElementById('offline-kept')?.dataset.listed !== undefined);
    const listed = await page.$$eval('#offline-kept li a', (as) => as.map((a) => a.textContent));
    assert.ok(listed.includes(title), `the kept article is listed: ${listed.join(' | ')}`);
    await page.goto(`${server.origin}/ar/clinics/`, { waitUntil: 'load' });
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.textContent('h1'), 'أنت غير متصل بالإنترنت');

    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// A reader who comes back online after a new build. (Playwright's offline emulation leaves a
// service worker unable to hand over to a new one in Chromium, so this reader stays online
// until the new worker has taken over, then goes offline.)
test('offline: after a new build the page is the new one online, the new worker replaces the cache, and the kept copy is the new one; kept pages can be forgotten', async () => {
  const { context, page, errors } = await readerWithKeptArticle();
  try {
    const cachesBefore = await page.evaluate(() => caches.keys());
    // A new build with a changed article and style sheet (so a new worker and cache).
    const root = dirname(out);
    const file = join(root, 'content', 'articles', 'fever-children', 'sv.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nEn mening som kom med i den nya versionen.\n`);
    const css = join(root, 'themes', 'default', 'static', 'style.css');
    writeFileSync(css, `${readFileSync(css, 'utf8')}\n/* a new build */\n`);
    const rebuilt = spawnSync(vardguideBin(), ['build', '--root', root, '--out', out, '--no-precompress'], { encoding: 'utf8' });
    assert.equal(rebuilt.status, 0, rebuilt.stderr);
    await page.goto(`${server.origin}/sv/feber-hos-barn/`, { waitUntil: 'load' });
    assert.match(await page.textContent('main'), /En mening som kom med i den nya versionen/, 'online, the page of the new build is shown');
    // Browsers look for a new worker after a navigation, at a time of their choosing; the test
    // asks at once, and waits (on a busy machine too) for the new worker to take over.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await waitUntil(async () => {
      const now = await page.evaluate(() => caches.keys());
      return now.length === 1 && !cachesBefore.includes(now[0]);
    }, 'the new worker replaces the old cache', 60000);
    assert.ok(await kept(page, '/sv/'), 'the kept home page moved to the new cache');
    await page.reload({ waitUntil: 'load' });
    await waitUntil(() => kept(page, '/sv/feber-hos-barn/'), 'the new page is kept');
    await context.setOffline(true);
    await page.reload({ waitUntil: 'load' });
    assert.match(await page.textContent('main'), /En mening som kom med i den nya versionen/, 'and that is the copy kept for offline');

    // Online, the footer leads to the pages kept; the reader can forget them (a shared phone).
    await context.setOffline(false);
    await page.goto(`${server.origin}/sv/`, { waitUntil: 'load' });
    await Promise.all([page.waitForNavigation(), page.click('.site-footer a[href="/sv/offline/"]')]);
    assert.equal(await page.textContent('h1'), 'Sidor sparade på den här enheten');
    await page.waitForFunction(() => document.getElementById('offline-kept')?.dataset.listed !== undefined);
    await page.click('#offline-forget');
    await page.waitForFunction(() => /borttagna/.test(document.querySelector('.offline-status').textContent));
    assert.equal(await kept(page, '/sv/feber-hos-barn/'), false, 'the article read is forgotten');
    assert.equal(await kept(page, '/sv/'), true, 'the home page, with 112 and 1177, stays');
    assert.equal(await page.isVisible('#offline-forget'), false);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('offline under a sub-path base_url: the scope of the worker is the sub-path and its offline page opens', async () => {
  const parent = tempDir('vardguide-subpath-');
  const host = await serve(parent);
  const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
  try {
    buildFixture(() => {}, ['--base-url', `${host.origin}/halsa/`], join(parent, 'halsa'));
    const page = await context.newPage();
    await page.goto(`${host.origin}/halsa/en/`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready');
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope), `${host.origin}/halsa/`);
    await waitUntil(async () => (await kept(page, '/halsa/en/')) && (await kept(page, '/halsa/en/offline/')), 'the worker keeps the home and offline pages under /halsa/');
    await context.setOffline(true);
    await page.goto(`${host.origin}/halsa/en/a-o/`, { waitUntil: 'load' });
    assert.equal(await page.textContent('h1'), 'You are offline');
    await page.goto(`${host.origin}/halsa/en/`, { waitUntil: 'load' });
    assert.equal(await page.isVisible('.urgent-help a[href="tel:112"]'), true);
  } finally {
    await context.close();
    await host.close();
  }
});

test('illustrations: responsive copies, width and height written, nothing moves as they load (CLS 0)', async () => {
  const { page, context, problems } = await openPage(browser, 'about:blank', server.origin, { width: 375, height: 700 });
  try {
    await page.goto(`${server.origin}/sv/utslag/`, { waitUntil: 'load' });
    // Every shift since the page began (buffered), none caused by the reader.
    await page.evaluate(() => {
      window.__cls = 0;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
    });
    const images = await page.$$eval('main img', (imgs) => imgs.map((i) => ({ w: i.getAttribute('width'), h: i.getAttribute('height'), srcset: i.getAttribute('srcset') ?? i.closest('picture')?.querySelector('source')?.getAttribute('srcset'), alt: i.alt })));
    assert.ok(images.length >= 1, 'the rash article has an illustration');
    for (const img of images) {
      assert.ok(img.w && img.h && img.srcset && img.alt, JSON.stringify(img));
    }
    // Scroll through the page so lazy images load, then wait for them.
    for (let y = 0; y < 6000; y += 500) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
    }
    await page.waitForFunction(() => [...document.querySelectorAll('main img')].every((i) => i.complete && i.naturalWidth > 0));
    const shown = await page.$eval('main img', (i) => ({ box: i.getBoundingClientRect().width / i.getBoundingClientRect().height, natural: i.naturalWidth / i.naturalHeight, src: i.currentSrc }));
    assert.ok(Math.abs(shown.box - shown.natural) < 0.02, `shown at its own proportions: ${JSON.stringify(shown)}`);
    assert.match(shown.src, /\.webp$/, 'the browser takes the modern format');
    assert.equal(await page.evaluate(() => window.__cls), 0, 'no layout shift');
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});
