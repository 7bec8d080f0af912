// The browser suite: every page type in every language (sv, en, ar, fa, fi, so), in headless Chromium, served with the
// site's own security headers (strict CSP). Asserts WCAG 2.1 AA (axe-core), lang/dir, the
// language switcher, RTL mirroring, the skip link, no external requests and no console errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { axeViolations, buildFixture, ensureArtifacts, followSwitcher, langDir, launch, openPage, serve } from './lib.mjs';

const LANGS = { sv: 'ltr', en: 'ltr', ar: 'rtl', fa: 'rtl', fi: 'ltr', so: 'ltr' };
let server, browser, articles, illustrated;

before(async () => {
  const out = buildFixture();
  server = await serve(out);
  browser = await launch();
  // The article in each language, found through the Swedish page's hreflang alternates.
  const { page, context } = await openPage(browser, `${server.origin}/sv/feber-hos-vuxna/`, server.origin);
  articles = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('link[rel=alternate]')].map((l) => [l.hreflang, new URL(l.href).pathname])));
  // An article with an illustration (and, in Swedish, an easy-to-read version).
  await page.goto(`${server.origin}/sv/feber-hos-barn/`);
  illustrated = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('link[rel=alternate]')].map((l) => [l.hreflang, new URL(l.href).pathname])));
  await context.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const TYPE_NAMES = ['home', 'article', 'illustrated', 'easy', 'list', 'topics', 'topic', 'a-o', 'other-languages', 'about', 'search', 'finder', 'clinic', 'compare', 'region', 'fees', 'fee-region', 'choose', 'eservices', 'eservice', 'offline', '404'];
// The bundled easy-to-read versions are Swedish.
const typesIn = (lang) => TYPE_NAMES.filter((t) => t !== 'easy' || lang === 'sv');
const pageTypes = (lang) => ({
  home: `/${lang}/`,
  article: articles?.[lang],
  illustrated: illustrated?.[lang],
  easy: `/${lang}/feber-hos-barn/easy/`,
  list: `/${lang}/kinds/symptom/`,
  topics: `/${lang}/topics/`,
  topic: `/${lang}/topics/infections/`,
  'a-o': `/${lang}/a-o/`,
  'other-languages': `/${lang}/languages/`,
  about: `/${lang}/about/`,
  search: `/${lang}/search/?q=${encodeURIComponent({ sv: 'feber', en: 'fever', ar: 'الحمى', fa: 'تب', fi: 'kuume', so: 'qandho' }[lang])}`,
  finder: `/${lang}/clinics/`,
  clinic: `/${lang}/clinics/ekbrynet-farsta/`,
  compare: `/${lang}/clinics/compare/?u=ekbrynet-farsta,billingsvinden-skovde`,
  region: `/${lang}/regions/skane/`,
  fees: `/${lang}/fees/`,
  'fee-region': `/${lang}/fees/stockholm/`,
  choose: `/${lang}/choose-health-centre/`,
  eservices: `/${lang}/eservices/`,
  eservice: `/${lang}/eservices/book/`,
  offline: `/${lang}/offline/`,
  '404': `/${lang}/no-such-page/`,
});

describe('every page type', () => {
  for (const [lang, dir] of Object.entries(LANGS)) {
    for (const type of typesIn(lang)) {
      test(`${type} in ${lang}: WCAG 2.1 AA, lang/dir, CSP, no external requests, no console errors`, async () => {
        const path = pageTypes(lang)[type];
        assert.ok(path, `no ${type} page in ${lang}`);
        const { page, context, response, problems } = await openPage(browser, server.origin + path, server.origin);
        try {
          assert.equal(response.status(), type === '404' ? 404 : 200);
          assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], `axe violations on ${path}`);
          assert.deepEqual(await langDir(page), { lang, dir });
          // The 404 status of the page itself is logged by Chromium; anything else is a fault.
          const errors = problems.consoleErrors.filter((e) => !(type === '404' && /status of 404/.test(e)));
          assert.deepEqual(errors, [], 'console errors');
          assert.deepEqual(problems.pageErrors, [], 'page errors');
          assert.deepEqual(problems.external, [], 'requests left 127.0.0.1');
        } finally {
          await context.close();
        }
      });
    }
  }
});

describe('dark colour scheme', () => {
  for (const lang of Object.keys(LANGS)) {
    test(`every page type in ${lang} on a phone in the dark theme: WCAG 2.1 AA (contrast included)`, async () => {
      const context = await browser.newContext({ viewport: { width: 375, height: 700 }, colorScheme: 'dark' });
      const page = await context.newPage();
      const found = [];
      try {
        for (const type of typesIn(lang)) {
          const path = pageTypes(lang)[type];
          await page.goto(server.origin + path);
          const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          assert.notEqual(dark, 'rgb(255, 255, 255)', `${path} follows the dark scheme`);
          for (const v of await axeViolations(page)) found.push(`${path}: ${v.id} ${v.targets.join(', ')}`);
        }
      } finally {
        await context.close();
      }
      assert.deepEqual(found, [], 'axe violations in the dark theme');
    });
  }
});

describe('language switcher', () => {
  for (const [from, to] of [['sv', 'en'], ['sv', 'ar'], ['ar', 'sv'], ['en', 'ar'], ['sv', 'fa'], ['fa', 'fi'], ['fi', 'so'], ['so', 'ar']]) {
    test(`goes from the ${from} article to the ${to} translation`, async () => {
      const { page, context } = await openPage(browser, server.origin + articles[from], server.origin);
      try {
        const r = await followSwitcher(page, to);
        assert.equal(r.actual, articles[to]);
        assert.equal(r.actual, r.expected);
        assert.deepEqual(r.landed, { lang: to, dir: LANGS[to] });
      } finally {
        await context.close();
      }
    });
  }
});

describe('right-to-left layout', () => {
  for (const [lang, dir] of Object.entries(LANGS)) {
    test(`${lang}: header and breadcrumbs run ${dir}`, async () => {
      const { page, context } = await openPage(browser, server.origin + articles[lang], server.origin);
      try {
        const boxes = await page.evaluate(() => {
          const box = (el) => el.getBoundingClientRect();
          const crumbs = [...document.querySelectorAll('.breadcrumbs li')];
          return {
            brand: box(document.querySelector('.brand')).left,
            switcher: box(document.querySelector('.lang-switch')).left,
            firstCrumb: box(crumbs[0]).left,
            lastCrumb: box(crumbs[crumbs.length - 1]).left,
            title: box(document.querySelector('h1')).right,
            width: document.documentElement.clientWidth,
          };
        });
        if (dir === 'rtl') {
          assert.ok(boxes.switcher < boxes.brand, 'switcher on the left, brand on the right');
          assert.ok(boxes.firstCrumb > boxes.lastCrumb, 'breadcrumbs start on the right');
          assert.ok(boxes.title > boxes.width / 2, 'the title is aligned to the right');
        } else {
          assert.ok(boxes.switcher > boxes.brand, 'switcher on the right, brand on the left');
          assert.ok(boxes.firstCrumb < boxes.lastCrumb, 'breadcrumbs start on the left');
        }
      } finally {
        await context.close();
      }
    });
  }
});

describe('keyboard', () => {
  for (const lang of Object.keys(LANGS)) {
    test(`${lang}: the first Tab reaches a visible skip link that moves focus to the main content`, async () => {
      const { page, context } = await openPage(browser, server.origin + articles[lang], server.origin);
      try {
        await page.keyboard.press('Tab');
        const skip = await page.evaluate(() => {
          const el = document.activeElement;
          const r = el.getBoundingClientRect();
          return { cls: el.className, visible: r.top >= 0 && r.height > 0, href: el.getAttribute('href') };
        });
        assert.equal(skip.cls, 'skip-link');
        assert.ok(skip.visible, 'the skip link is visible when focused');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'main');
        await page.keyboard.press('Tab');
        const next = await page.evaluate(() => document.querySelector('main').contains(document.activeElement));
        assert.ok(next, 'the next Tab stays in the main content');
      } finally {
        await context.close();
      }
    });
  }
});

describe('phones', () => {
  for (const lang of ['sv', 'ar']) {
    test(`${lang} at 390 px: the navigation folds into a menu button that works without JavaScript`, async () => {
      const { page, context } = await openPage(browser, server.origin + articles[lang], server.origin, { width: 390, height: 844 });
      try {
        const before = await page.evaluate(() => ({
          wide: document.querySelector('.nav-wide').checkVisibility(),
          summary: document.querySelector('.nav-menu > summary').getBoundingClientRect().height,
          menuLink: document.querySelector('.nav-menu a').checkVisibility(),
          calls: [...document.querySelectorAll('.quick-call')].map((a) => a.getBoundingClientRect().height),
          header: document.querySelector('.site-header').getBoundingClientRect().height,
        }));
        assert.equal(before.wide, false, 'the row of links is hidden on a phone');
        assert.ok(before.summary >= 44, `the menu button is shown, a 44 px target (${before.summary} px)`);
        assert.equal(before.menuLink, false, 'the menu starts closed');
        assert.equal(before.calls.length, 2, '1177 and 112 stay visible');
        assert.ok(before.calls.every((h) => h >= 44), `1177 and 112 are 44 px targets (${before.calls})`);
        assert.ok(before.header <= 120, `the header takes at most 120 px (${before.header} px)`);
        assert.deepEqual(await axeViolations(page), [], 'axe at phone width, menu closed');
        await page.click('.nav-menu > summary');
        const opened = await page.evaluate(() => document.querySelector('.nav-menu a').checkVisibility());
        assert.equal(opened, true, 'the menu opens');
        assert.deepEqual(await axeViolations(page), [], 'axe at phone width, menu open');
        await page.screenshot({ path: join(ensureArtifacts(), `menu-${lang}-mobile.png`) });
      } finally {
        await context.close();
      }
    });
  }
});

describe('screenshots', () => {
  test('article page in each language at mobile and desktop widths', async () => {
    const dir = ensureArtifacts();
    for (const lang of Object.keys(LANGS)) {
      for (const [name, viewport] of [['mobile', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 900 }]]) {
        const { page, context } = await openPage(browser, server.origin + articles[lang], server.origin, viewport);
        await page.screenshot({ path: join(dir, `article-${lang}-${name}.png`), fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
        assert.equal(overflow, false, `horizontal scrolling on ${lang} ${name}`);
        await context.close();
      }
    }
  });
});
