// Every reader: read-aloud with the browser's own speech synthesis. The test page's
// `speechSynthesis` is replaced by a stand-in (in the test, never in the site) whose voices the
// test chooses and whose `boundary` and `end` events the test fires, so that the controls and
// the highlight can be checked without a real voice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, serve, launch, openPage } from './lib.mjs';

let server;
let browser;

before(async () => {
  server = await serve(buildFixture());
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
