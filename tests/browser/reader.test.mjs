// The reader's tasks on a phone, in every language: what a worried parent meets, asserted as
// outcomes rather than markup. A whole-site check walks every page at 320 and 375 px (nothing
// wider than the screen, a header of at most 120 px, every phone number read in the order it is
// dialled); task walks reach the fever-in-children article by navigation and by search and find
// the call-112 action within the first screen; print emulation prints an article without
// controls and with its address; the high-cost calculator and the booking e-service are found by
// search. Each task logs its taps and the screens it scrolled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildFixture, launch, openPage, REPO, serve } from './lib.mjs';

const LANGS = ['sv', 'en', 'ar', 'fa', 'fi', 'so'];
const PHONE = { width: 375, height: 700 };
let out, server, browser;

before(async () => {
  out = buildFixture();
  server = await serve(out);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Every page of the output, as a URL path (`/sv/feber-hos-barn/`). */
function allPages(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!name.startsWith('_') && name !== 'assets') found.push(...allPages(path));
    } else if (name === 'index.html') {
      const rel = relative(out, dir);
      found.push(rel ? `/${rel}/` : '/');
    }
  }
  return found;
}

/** A front-matter field of an article's file (`title`, `slug`). */
function field(key, lang, name) {
  const text = readFileSync(join(REPO, 'content/articles', key, `${lang}.md`), 'utf8');
  const m = new RegExp(`^${name}: *"?(.+?)"?$`, 'm').exec(text);
  return m?.[1];
}

/**
 * Every phone number on the page as the reader sees it: for each `tel:` link, each run of digits
 * (with the spaces and dashes inside it) in the order the characters stand on the screen, and
 * the digits it dials. A number whose characters do not stand left to right, or that breaks
 * across lines, reads wrong.
 */
async function phoneNumbers(page) {
  return page.evaluate(() => [...document.querySelectorAll('a[href^="tel:"]')].filter((a) => a.checkVisibility()).map((a) => {
    const text = a.textContent;
    const boxes = [];
    const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let offset = 0;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (let i = 0; i < node.length; i += 1) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        boxes[offset + i] = { x: r.left + r.width / 2, y: Math.round(r.top + r.height / 2) };
      }
      offset += node.length;
    }
    const numbers = [];
    for (const m of text.matchAll(/[0-9][0-9 \u00a0\-–]*[0-9]|[0-9]/g)) {
      const digits = [];
      for (let i = m.index; i < m.index + m[0].length; i += 1) if (/[0-9]/.test(text[i])) digits.push({ c: text[i], ...boxes[i] });
      const lines = new Set(digits.map((d) => d.y)).size;
      const seen = [...digits].sort((p, q) => p.x - q.x).map((d) => d.c).join('');
      numbers.push({ written: digits.map((d) => d.c).join(''), seen, lines });
    }
    const dialled = a.getAttribute('href').slice(4).replace(/^\+46/, '0').replace(/\D/g, '');
    return { href: a.getAttribute('href'), numbers, dialled };
  }));
}

/** The problems of one page at the current width. */
async function pageProblems(page, width) {
  const layout = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    header: document.querySelector('.site-header').getBoundingClientRect().height,
  }));
  const problems = [];
  if (layout.width > width) problems.push(`${layout.width} px wide`);
  if (layout.header > 120) problems.push(`header ${Math.round(layout.header)} px tall`);
  for (const link of await phoneNumbers(page)) {
    for (const n of link.numbers) {
      if (n.seen !== n.written) problems.push(`${link.href}: reads ${n.seen}, is ${n.written}`);
      if (n.lines > 1) problems.push(`${link.href}: ${n.written} breaks across lines`);
    }
    if (!link.numbers.some((n) => n.written === link.dialled || `0${n.written}` === link.dialled || n.written.endsWith(link.dialled))) {
      problems.push(`${link.href}: no number on screen is the one dialled (${link.numbers.map((n) => n.written).join(', ')})`);
    }
  }
  return problems;
}

describe('every page on a phone', () => {
  for (const width of [320, 375]) {
    test(`at ${width} px: no page wider than the screen, a header of at most 120 px, numbers in the order dialled`, async () => {
      const pages = allPages(out).filter((p) => p !== '/');
      assert.ok(pages.length > 500, `the bundled site has its pages (${pages.length})`);
      const context = await browser.newContext({ viewport: { width, height: 700 } });
      const page = await context.newPage();
      const found = [];
      try {
        for (const path of pages) {
          await page.goto(server.origin + path);
          for (const p of await pageProblems(page, width)) found.push(`${path}: ${p}`);
        }
      } finally {
        await context.close();
      }
      assert.deepEqual(found, [], `${found.length} problems:\n${found.slice(0, 40).join('\n')}`);
    });
  }
});

/** Taps and scrolled screens of a task, logged with the test. */
function record(name, steps) {
  console.log(`task ${name}: ${steps.taps} taps, ${steps.screens.toFixed(1)} screens scrolled`);
}

/** Where the first call-112 link of the article is, in screens from the top. */
async function first112(page) {
  return page.evaluate((h) => {
    const a = document.querySelector('main a[href="tel:112"]');
    return a ? (a.getBoundingClientRect().top + scrollY) / h : null;
  }, PHONE.height);
}

describe('task: a child has a fever', () => {
  for (const lang of LANGS) {
    test(`${lang}: from the home page to the fever-in-children article by the menu and A–Ö, call 112 in the first screen`, async () => {
      const title = field('fever-children', lang, 'title');
      const { page, context, problems } = await openPage(browser, `${server.origin}/${lang}/`, server.origin, PHONE);
      try {
        const steps = { taps: 0, screens: 0 };
        await page.click('.phone-panel.nav-menu > summary');
        steps.taps += 1;
        await Promise.all([page.waitForNavigation(), page.click(`.phone-panel.nav-menu a[href="/${lang}/a-o/"]`)]);
        steps.taps += 1;
        const link = page.locator('main a', { hasText: title }).first();
        await link.scrollIntoViewIfNeeded();
        steps.screens += await page.evaluate((h) => scrollY / h, PHONE.height);
        await Promise.all([page.waitForNavigation(), link.click()]);
        steps.taps += 1;
        assert.equal(await page.textContent('h1'), title);
        const at = await first112(page);
        assert.ok(at !== null && at < 1, `the call-112 action is in the first screen (at ${at?.toFixed(2)} screens)`);
        record(`${lang} fever by navigation`, steps);
        assert.deepEqual(problems.consoleErrors, []);
      } finally {
        await context.close();
      }
    });

    test(`${lang}: the same article by search from the home page`, async () => {
      const title = field('fever-children', lang, 'title');
      const slug = field('fever-children', lang, 'slug') ?? 'fever-children';
      const { page, context, problems } = await openPage(browser, `${server.origin}/${lang}/`, server.origin, PHONE);
      try {
        const steps = { taps: 0, screens: 0 };
        await page.click('.phone-panel:first-child > summary');
        steps.taps += 1;
        await page.fill('#phone-search-q', title);
        steps.taps += 1;
        await Promise.all([page.waitForNavigation(), page.press('#phone-search-q', 'Enter')]);
        await page.waitForFunction((q) => JSON.parse(document.getElementById('search-app')?.dataset.done ?? 'null')?.query === q, title, { timeout: 15000 });
        const hit = page.locator(`#search-results a[href$="/${slug}/"]`).first();
        assert.equal(await hit.count(), 1, `"${title}" finds the article`);
        await hit.scrollIntoViewIfNeeded();
        steps.screens += await page.evaluate((h) => scrollY / h, PHONE.height);
        await Promise.all([page.waitForNavigation(), hit.click()]);
        steps.taps += 1;
        assert.equal(await page.textContent('h1'), title);
        const at = await first112(page);
        assert.ok(at !== null && at < 1, `the call-112 action is in the first screen (at ${at?.toFixed(2)} screens)`);
        record(`${lang} fever by search`, steps);
        assert.deepEqual(problems.consoleErrors, []);
      } finally {
        await context.close();
      }
    });
  }
});

/** Searches from the home page's phone search panel and returns the page on the search page
 * once `query` is answered, with the taps it took. */
async function searchFromHome(page, lang, query) {
  await page.goto(`${server.origin}/${lang}/`);
  await page.click('.phone-panel:first-child > summary');
  await page.fill('#phone-search-q', query);
  await Promise.all([page.waitForNavigation(), page.press('#phone-search-q', 'Enter')]);
  await page.waitForFunction((q) => JSON.parse(document.getElementById('search-app')?.dataset.done ?? 'null')?.query === q, query, { timeout: 15000 });
  return 2;
}

// The words a reader would try for the high-cost protection, in each language.
const COST_WORDS = {
  sv: ['frikort', 'högkostnadsskydd'],
  en: ['free card', 'high-cost protection'],
  ar: ['رسوم', 'الحماية من التكاليف المرتفعة'],
  fa: ['هزینه', 'سقف هزینه'],
  fi: ['maksukatto', 'asiakasmaksu'],
  so: ['kharash', 'lacag'],
};

describe('task: what will my care cost', () => {
  for (const lang of LANGS) {
    test(`${lang}: the high-cost protection calculator is found from the home page by search (${COST_WORDS[lang].join(', ')})`, async () => {
      const { page, context, problems } = await openPage(browser, `${server.origin}/${lang}/`, server.origin, PHONE);
      try {
        for (const word of COST_WORDS[lang]) {
          const steps = { taps: await searchFromHome(page, lang, word), screens: 0 };
          const first = page.locator('#search-results li a').first();
          assert.match(await first.getAttribute('href'), new RegExp(`^/${lang}/fees/`), `"${word}" finds the fee pages first`);
          await Promise.all([page.waitForNavigation(), first.click()]);
          steps.taps += 1;
          const toCalculator = page.locator('main a[href$="#calculator"]').first();
          assert.ok(await toCalculator.isVisible(), 'a link to the calculator near the top');
          const at = await toCalculator.evaluate((a, h) => (a.getBoundingClientRect().top + scrollY) / h, PHONE.height);
          assert.ok(at < 1, `the calculator link is in the first screen (at ${at.toFixed(2)} screens)`);
          await toCalculator.click();
          steps.taps += 1;
          // The link may lead to another page (the overview links to each region's calculator):
          // wait, with a deadline, for the calculator to be ready and scrolled into view.
          const onScreen = (h) => {
            const calc = document.getElementById('calculator');
            const ui = document.getElementById('calc-ui');
            const top = calc?.getBoundingClientRect().top;
            return location.hash === '#calculator' && ui && !ui.hidden && top >= -1 && top < h / 2;
          };
          const ready = await page.waitForFunction(onScreen, PHONE.height, { timeout: 15000 }).then(() => true, () => false);
          const calc = await page.evaluate(() => ({ top: document.getElementById('calculator')?.getBoundingClientRect().top, ui: !document.getElementById('calc-ui')?.hidden, hash: location.hash }));
          assert.ok(ready, `the calculator is on screen (${JSON.stringify(calc)})`);
          record(`${lang} calculator by "${word}"`, steps);
        }
        assert.deepEqual(problems.consoleErrors, []);
      } finally {
        await context.close();
      }
    });
  }

  test('sv: "boka tid" finds the booking e-service first', async () => {
    const { page, context } = await openPage(browser, `${server.origin}/sv/`, server.origin, PHONE);
    try {
      const taps = await searchFromHome(page, 'sv', 'boka tid');
      assert.equal(await page.locator('#search-results li a').first().getAttribute('href'), '/sv/eservices/book/');
      assert.match(await page.locator('#search-results li .result-kind').first().textContent(), /E-tjänster/);
      record('sv booking e-service by "boka tid"', { taps: taps + 1, screens: 0 });
    } finally {
      await context.close();
    }
  });
});

// A place near a unit in each region, typed the way a reader writes it.
const PLACES = { sv: 'Lund', en: 'lund', ar: 'Lund', fa: 'Lund', fi: 'Lund', so: 'Lund' };

describe('task: a unit open now that speaks Arabic, without sharing the location', () => {
  for (const lang of LANGS) {
    test(`${lang}: typing a place, with location refused, lists units open now that speak Arabic, nearest first`, async () => {
      // Location refused; the clock at Tuesday 8 December 2026, 10:00 in Sweden.
      const context = await browser.newContext({ viewport: PHONE, permissions: [] });
      await context.clock.setFixedTime(new Date('2026-12-08T09:00:00Z'));
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      try {
        const steps = { taps: 0, screens: 0 };
        await page.goto(`${server.origin}/${lang}/`);
        await page.click('.phone-panel.nav-menu > summary');
        await Promise.all([page.waitForNavigation(), page.click(`.phone-panel.nav-menu a[href="/${lang}/clinics/"]`)]);
        steps.taps += 2;
        await page.waitForFunction(() => document.getElementById('finder')?.dataset.ready === 'true' && document.getElementById('finder')?.dataset.placesReady === 'true');
        await page.click('#filter-panel > summary');
        await page.check('#f-open');
        await page.selectOption('#f-language', 'ar');
        steps.taps += 3;
        await page.fill('#f-place', PLACES[lang]);
        await page.click('#f-place-go');
        steps.taps += 2;
        await page.waitForSelector('.unit-list--distance');
        const status = await page.textContent('#finder-status');
        assert.match(status, /Lund/, `the status says the list is sorted from the place: ${status}`);
        const shown = await page.$$eval('.unit-list--distance li.unit', (lis) => lis.filter((li) => !li.hidden).map((li) => ({ id: li.dataset.id, text: li.textContent })));
        assert.ok(shown.length > 0, 'some unit speaks Arabic and is open');
        const data = await (await fetch(`${server.origin}/${lang}/clinics/data.json`)).json();
        for (const { id } of shown) assert.ok(data.units.find((u) => u.id === id).languages.includes('ar'), `${id} speaks Arabic`);
        const first = data.units.find((u) => u.id === shown[0].id);
        assert.ok(Math.abs(first.geo[0] - 55.7) < 0.3 && Math.abs(first.geo[1] - 13.2) < 0.4, `the nearest is near Lund: ${first.name}`);
        const at = await page.$eval('.unit-list--distance li.unit:not([hidden])', (li, h) => li.getBoundingClientRect().top / h, PHONE.height);
        assert.ok(at >= 0 && at < 1, `the nearest unit is on screen (at ${at.toFixed(2)} screens)`);
        record(`${lang} open unit speaking Arabic near a typed place`, steps);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('long articles', () => {
  test('a long article has a contents list near the top whose every link reaches its section, after the call-112 action', async () => {
    const { page, context } = await openPage(browser, `${server.origin}/sv/feber-hos-barn/`, server.origin, PHONE);
    try {
      const r = await page.evaluate(() => {
        const links = [...document.querySelectorAll('nav.contents a')];
        return {
          targets: links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1)))?.tagName ?? `missing ${a.hash}`),
          after112: document.querySelector('main a[href="tel:112"]').compareDocumentPosition(document.querySelector('nav.contents')) === Node.DOCUMENT_POSITION_FOLLOWING,
        };
      });
      assert.ok(r.targets.length >= 4, `the contents list has the article's sections (${r.targets.length})`);
      assert.ok(r.targets.every((t) => t === 'H2'), r.targets.join(', '));
      assert.ok(r.after112, 'the urgent action comes before the contents list');
    } finally {
      await context.close();
    }
  });
});

describe('task: call a health centre from a right-to-left page', () => {
  for (const lang of ['ar', 'fa']) {
    test(`${lang}: every phone number on a health-centre page reads as the number dialled`, async () => {
      const { page, context } = await openPage(browser, `${server.origin}/${lang}/clinics/ekbrynet-farsta/`, server.origin, PHONE);
      try {
        const links = await phoneNumbers(page);
        const unit = links.find((l) => l.href.startsWith('tel:+46'));
        assert.ok(unit, 'the unit has a call link');
        const call = unit.numbers.find((n) => `0${n.written.replace(/^0/, '')}` === unit.dialled);
        assert.ok(call, `the number on the call button is the one dialled: ${JSON.stringify(unit)}`);
        assert.equal(call.seen, call.written, 'its digits stand on screen in the order they are dialled');
        for (const l of links) for (const n of l.numbers) assert.equal(n.seen, n.written, `${l.href}: ${n.written}`);
        record(`${lang} health-centre number`, { taps: 0, screens: 0 });
      } finally {
        await context.close();
      }
    });
  }
});

describe('print', () => {
  test('a printed article has no form controls, full-contrast actions, and shows its address and review date', async () => {
    const { page, context } = await openPage(browser, `${server.origin}/sv/feber-hos-barn/`, server.origin);
    try {
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => ({
        controls: [...document.querySelectorAll('input, button, select, textarea, summary')].filter((e) => e.checkVisibility()).map((e) => e.outerHTML.slice(0, 80)),
        text: document.body.innerText,
        action: getComputedStyle(document.querySelector('.care-action a')).color,
      }));
      assert.deepEqual(printed.controls, [], 'no form controls in print');
      assert.match(printed.text, /https?:\/\/\S+\/sv\/feber-hos-barn\//, 'the page address is printed');
      assert.match(printed.text, /Granskad \d/, 'the review date is printed');
      assert.equal(printed.action, 'rgb(0, 0, 0)', 'the care actions print in black');
    } finally {
      await context.close();
    }
  });
});
