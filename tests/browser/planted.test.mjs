// Proof that the suite's checks can fail: each test plants one defect in a copy of the site and
// asserts that the same check the main suite uses catches it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, buildFixture, followSwitcher, launch, openPage, serve } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Copies one of the default theme's templates into the site's own templates/ and edits it. */
function overrideTemplate(root, name, edit) {
  mkdirSync(join(root, 'templates'), { recursive: true });
  const original = readFileSync(join(root, 'themes/default/templates', name), 'utf8');
  const changed = edit(original);
  assert.notEqual(changed, original, 'the planted change did not apply');
  writeFileSync(join(root, 'templates', name), changed);
}

/** The same for base.html. */
function overrideBase(root, edit) {
  overrideTemplate(root, 'base.html', edit);
}

async function withSite(prepare, fn) {
  const server = await serve(buildFixture(prepare));
  try { await fn(server); } finally { await server.close(); }
}

describe('planted defects are caught', () => {
  test('an image without alt text is an axe violation', async () => {
    // An article cannot hold an <img> (the build refuses it), so a site template plants it.
    await withSite((root) => overrideBase(root, (t) => t.replace('</main>', '<img src="/bild.png"></main>')), async (server) => {
      const { page, context } = await openPage(browser, `${server.origin}/sv/feber-hos-vuxna/`, server.origin);
      const ids = (await axeViolations(page)).map((v) => v.id);
      await context.close();
      assert.ok(ids.includes('image-alt'), `expected image-alt, got ${ids}`);
    });
  });

  test('a broken language switch is caught', async () => {
    await withSite((root) => overrideTemplate(root, 'macros.html', (t) => t.replace('<a href="{{ l.url }}" hreflang', '<a href="{{ page.home_url }}" hreflang')), async (server) => {
      const { page, context } = await openPage(browser, `${server.origin}/sv/feber-hos-vuxna/`, server.origin);
      const r = await followSwitcher(page, 'en');
      await context.close();
      assert.notEqual(r.actual, r.expected, 'the check must see that the switcher went elsewhere');
    });
  });

  test('an inline script is blocked by the CSP and reported', async () => {
    await withSite((root) => overrideBase(root, (t) => t.replace('</body>', '<script>document.title = "x";</script>\n</body>')), async (server) => {
      const { page, context, problems } = await openPage(browser, `${server.origin}/sv/`, server.origin);
      const title = await page.title();
      await context.close();
      assert.notEqual(title, 'x', 'the inline script must not run');
      assert.ok(problems.consoleErrors.some((e) => /Content Security Policy/i.test(e)), `expected a CSP console error, got ${problems.consoleErrors}`);
    });
  });

  test('a request to another host is reported', async () => {
    await withSite((root) => overrideBase(root, (t) => t.replace('</head>', '<link rel="stylesheet" href="https://fonts.example.com/x.css">\n</head>')), async (server) => {
      const { context, problems } = await openPage(browser, `${server.origin}/sv/`, server.origin);
      await context.close();
      assert.ok(problems.external.some((u) => u.startsWith('https://fonts.example.com/')), `got ${problems.external}`);
    });
  });
});
