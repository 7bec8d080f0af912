// Health-centre finder, comparison, clinic page and the fee calculator in a real browser.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, launch, openPage, serve } from './lib.mjs';

/** What a reader sees in an element: its text without the invisible marks (U+2066–U+2069) that
 * keep amounts and dates left to right on right-to-left pages. */
async function shown(page, selector) {
  return (await page.textContent(selector)).replace(/[\u2066-\u2069]/g, '');
}

let browser, server;
before(async () => {
  browser = await launch();
  server = await serve(buildFixture());
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const visibleUnits = (page) => page.$$eval('#finder-list li.unit', (lis) => lis.filter((li) => !li.hidden && !li.closest('[hidden]')).map((li) => li.dataset.id));

describe('finder', () => {
  test('filters instantly by place, service, language and listing, and announces the count', async () => {
    const { page, context, problems } = await openPage(browser, `${server.origin}/sv/clinics/`, server.origin);
    try {
      await page.waitForFunction(() => document.getElementById('finder')?.dataset.ready === 'true');
      const all = (await visibleUnits(page)).length;
      assert.ok(all >= 40);
      await page.fill('#f-text', 'Lund');
      const lund = await visibleUnits(page);
      assert.ok(lund.length > 0 && lund.length < all, `${lund.length} of ${all}`);
      const status = await page.textContent('#finder-status');
      assert.match(status, new RegExp(`^${lund.length} mottagning`));
      await page.fill('#f-text', '');
      await page.selectOption('#f-language', 'ar');
      const arabic = await visibleUnits(page);
      assert.ok(arabic.length > 0 && arabic.length < all);
      const data = await (await fetch(`${server.origin}/sv/clinics/data.json`)).json();
      for (const id of arabic) assert.ok(data.units.find((u) => u.id === id).languages.includes('ar'), `${id} speaks Arabic`);
      await page.selectOption('#f-language', '');
      await page.check('#f-listing');
      const listing = await visibleUnits(page);
      for (const id of listing) assert.equal(data.units.find((u) => u.id === id).listingOpen, true);
      assert.deepEqual(problems.consoleErrors, []);
      assert.deepEqual(problems.external, []);
    } finally {
      await context.close();
    }
  });

  for (const [width, height] of [[1280, 900], [390, 844]]) {
    test(`the filters appear without moving the page (CLS < 0.05 at ${width} px)`, async () => {
      const { page, context } = await openPage(browser, `${server.origin}/sv/clinics/`, server.origin, { width, height });
      try {
        await page.waitForFunction(() => document.getElementById('finder')?.dataset.ready === 'true');
        const cls = await page.evaluate(() => new Promise((done) => {
          let sum = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value;
          }).observe({ type: 'layout-shift', buffered: true });
          requestAnimationFrame(() => requestAnimationFrame(() => done(sum)));
        }));
        assert.ok(cls < 0.05, `cumulative layout shift ${cls}`);
      } finally {
        await context.close();
      }
    });
  }

  test('sorts by distance with a location that never leaves the browser', async () => {
    const context = await browser.newContext({ geolocation: { latitude: 55.605, longitude: 13.0038 }, permissions: ['geolocation'] });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${server.origin}/en/clinics/`);
    await page.waitForFunction(() => document.getElementById('finder')?.dataset.ready === 'true');
    await page.click('#f-distance');
    await page.waitForSelector('.unit-list--distance');
    const first = await page.$eval('.unit-list--distance li.unit', (li) => li.textContent);
    assert.match(first, /Malmö|Limhamn/, `closest to Malmö centre: ${first}`);
    assert.match(first, /km away/);
    await page.waitForFunction(() => /sorted by distance, nearest first/.test(document.getElementById('finder-status').textContent.replace(/[\u2066-\u2069]/g, '')));
    assert.ok(requests.every((u) => u.startsWith(server.origin)), 'no request carries the location anywhere');
    assert.ok(!requests.some((u) => u.includes('55.6')), 'the position is not in any request');
    await context.close();
  });

  test('on a phone: the filters start folded with a count of those in use, and each unit says whether it is open and its hours today', async () => {
    const { page, context, problems } = await openPage(browser, `${server.origin}/sv/clinics/`, server.origin, { width: 375, height: 700 });
    try {
      await page.waitForFunction(() => document.getElementById('finder')?.dataset.ready === 'true');
      assert.equal(await page.isVisible('#f-text'), false, 'the filters start folded');
      await page.click('#filter-panel > summary');
      await page.check('#f-open');
      await page.selectOption('#f-language', 'ar');
      assert.equal(await page.textContent('#filter-count'), '(2)');
      const lines = await page.$$eval('#finder-list li.unit .unit-today', (l) => l.map((e) => e.textContent));
      assert.ok(lines.length >= 40, `${lines.length} units say their hours`);
      for (const line of lines) assert.match(line, /^(Öppet nu|Öppet dygnet runt|Stängt nu).* · I dag: /, line);
      // A place from the bundled list (GeoNames) that no unit is in, and one that is in no list.
      await page.waitForFunction(() => document.getElementById('finder').dataset.placesReady === 'true');
      await page.fill('#f-place', 'Xyzzyby');
      await page.click('#f-place-go');
      assert.match(await page.textContent('#finder-status'), /Xyzzyby finns inte bland orterna och postnumren/);
      await page.selectOption('#f-language', '');
      await page.uncheck('#f-open');
      await page.fill('#f-place', 'alingsås');
      await page.click('#f-place-go');
      await page.waitForSelector('.unit-list--distance');
      assert.match(await page.textContent('#finder-status'), /sorterad efter avstånd från Alingsås/);
      const nearest = await page.$eval('.unit-list--distance li.unit', (li) => li.dataset.id);
      const data = await (await fetch(`${server.origin}/sv/clinics/data.json`)).json();
      assert.equal(data.units.find((u) => u.id === nearest).region, 'Västra Götalandsregionen', `Alingsås is in Västra Götaland: ${nearest}`);
      // A postcode instead of a place (GeoNames postal codes): 222 21 is in Lund, in Skåne.
      await page.fill('#f-place', '22221');
      assert.equal(await page.getAttribute('#f-place', 'dir'), 'ltr', 'a postcode reads left to right in the box on any page');
      await page.click('#f-place-go');
      await page.waitForFunction(() => /222 21 \(Lund\)/.test(document.getElementById('finder-status').textContent.replace(/[\u2066-\u2069]/g, '')));
      const fromLund = await page.$eval('.unit-list--distance li.unit', (li) => li.dataset.id);
      assert.equal(data.units.find((u) => u.id === fromLund).region, 'Region Skåne', `222 21 is in Skåne: ${fromLund}`);
      // A code that is not in the list falls back to its three-digit area; letters and digits mixed is unknown.
      await page.fill('#f-place', '413 99');
      await page.click('#f-place-go');
      await page.waitForFunction(() => /413 99 \(Göteborg\)/.test(document.getElementById('finder-status').textContent.replace(/[\u2066-\u2069]/g, '')));
      await page.fill('#f-place', '4x3');
      await page.click('#f-place-go');
      await page.waitForFunction(() => /4x3 finns inte bland orterna/.test(document.getElementById('finder-status').textContent.replace(/[\u2066-\u2069]/g, '')));
      assert.deepEqual(problems.consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  test('picks two units and compares them side by side', async () => {
    const { page, context, problems } = await openPage(browser, `${server.origin}/ar/clinics/`, server.origin);
    try {
      await page.waitForFunction(() => document.getElementById('finder')?.dataset.ready === 'true');
      const boxes = await page.$$('.compare-pick input');
      await boxes[0].check();
      await boxes[1].check();
      assert.equal(await page.getAttribute('#compare-link', 'aria-disabled'), null);
      assert.match(await page.getAttribute('#compare-link', 'href'), /compare\/\?u=/);
      await Promise.all([page.waitForNavigation(), page.click('#compare-link')]);
      await page.waitForFunction(() => document.getElementById('compare')?.dataset.ready === 'true');
      const cols = await page.$$eval('#compare-table thead th', (ths) => ths.length);
      assert.equal(cols, 2);
      const rows = await page.$$eval('#compare-table tbody tr', (trs) => trs.length);
      assert.ok(rows >= 8);
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      // Switching language keeps the chosen units.
      const units = new URL(page.url()).searchParams.get('u');
      await Promise.all([page.waitForNavigation(), page.click('.lang-switch a[hreflang="sv"]')]);
      assert.equal(new URL(page.url()).searchParams.get('u'), units);
      await page.waitForFunction(() => document.getElementById('compare')?.dataset.ready === 'true');
      assert.equal(await page.$$eval('#compare-table thead th', (ths) => ths.length), 2, 'the same two units in Swedish');
      assert.deepEqual(problems.consoleErrors, []);
    } finally {
      await context.close();
    }
  });
});

describe('clinic page', () => {
  test('shows whether the unit is open now, computed in the browser', async () => {
    const { page, context } = await openPage(browser, `${server.origin}/en/clinics/ekbrynet-farsta/`, server.origin);
    const state = await page.textContent('#open-state');
    assert.match(state, /^(Open now|Closed now|Open day and night)/);
    const tel = await page.getAttribute('.call-button', 'href');
    assert.match(tel, /^tel:\+46\d+$/);
    await context.close();
  });
});

describe('fee calculator', () => {
  test('outpatient: remaining amount and period end from the first visit and what was paid', async () => {
    const { page, context, problems } = await openPage(browser, `${server.origin}/sv/fees/stockholm/`, server.origin);
    try {
      await page.waitForFunction(() => document.getElementById('calculator')?.dataset.ready === 'true');
      await page.fill('#c-first', '2025-03-15');
      await page.fill('#c-paid', '400');
      await page.click('#calc-outpatient button[type=submit]');
      const text = (await shown(page, '#c-result')).replace(/\s/g, ' ');
      // Region Stockholm's ceiling is 1 400 kr (sourced in content/fees/stockholm.yaml).
      assert.match(text, /1 000 kr kvar till frikort/);
      assert.match(text, /14 mars 2026/);
      await page.fill('#c-paid', '1450');
      await page.click('#calc-outpatient button[type=submit]');
      assert.match(await shown(page, '#c-result'), /frikort till och med 14 mars 2026/);
      assert.deepEqual(problems.consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  test('visits one by one: each is charged until the ceiling', async () => {
    const { page, context } = await openPage(browser, `${server.origin}/en/fees/stockholm/`, server.origin);
    await page.waitForFunction(() => document.getElementById('calculator')?.dataset.ready === 'true');
    for (const d of ['2025-02-01', '2025-03-01']) {
      await page.fill('#v-date', d);
      await page.selectOption('#v-type', 'emergency-department');
      await page.click('#calc-visits button[type=submit]');
    }
    assert.equal(await page.$$eval('#v-list li', (l) => l.length), 2);
    assert.match(await shown(page, '#v-result'), /left until you get a free card/);
    await context.close();
  });

  test('medicines: the ladder follows the period start, children pay nothing, example data is marked', async () => {
    const { page, context } = await openPage(browser, `${server.origin}/en/fees/skane/`, server.origin);
    await page.waitForFunction(() => document.getElementById('calculator')?.dataset.ready === 'true');
    const ask = async (first, date, total, next) => {
      await page.fill('#m-first', first);
      await page.fill('#m-date', date);
      await page.fill('#m-total', String(total));
      await page.fill('#m-next', String(next));
      await page.click('#calc-medicines button[type=submit]');
      return shown(page, '#m-result');
    };
    // A period begun on or after 1 July 2025: full price up to 2 000 kr (new scheme).
    let text = await ask('2025-08-01', '2025-09-01', 1000, 1000);
    assert.match(text, /step 1 of 2/);
    assert.match(text, /SEK 1,000/);
    assert.match(text, /example data/i, 'the new ladder is example data');
    // Begun before 1 July 2025: the old ladder, 1 450 kr full price then 50 %: 450 + 275 = 725.
    text = await ask('2025-05-01', '2025-09-01', 1000, 1000);
    assert.match(text, /step 1 of 4/);
    assert.match(text, /SEK 725/);
    // Prescription medicines within the benefit are free for children under 18.
    await page.fill('#calc-age', '10');
    text = await ask('2025-05-01', '2025-09-01', 1000, 1000);
    assert.doesNotMatch(text, /SEK 725/);
    await page.fill('#calc-age', '');
    // 2024: the agency's ladder, every figure sourced: no example notice.
    text = await ask('2024-02-01', '2024-03-01', 1000, 1000);
    assert.match(text, /step 1 of 4/);
    assert.doesNotMatch(text, /example data/i, 'the 2024 ladder is sourced');
    // Before the earliest fee data: say so, and which dates are covered.
    text = await ask('2019-01-01', '2019-02-01', 0, 100);
    assert.match(text, /2024/);
    await context.close();
  });
});
