// `vardguide serve` as an editor meets it: the error overlay over a right-to-left page reads in
// its own language and direction (file:line:column left to right), and goes when the mistake is
// fixed. The site is served by the real binary from a copy of the bundled site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, vardguideBin, freePort, launch, openPage, waitUntil, tempDir } from './lib.mjs';

let root;
let server;
let origin;
let browser;

before(async () => {
  root = tempDir('vardguide-serve-');
  for (const item of ['site.yaml', 'content', 'translations', 'themes']) cpSync(join(REPO, item), join(root, item), { recursive: true });
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn(vardguideBin(), ['serve', '--root', root, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  await waitUntil(async () => (await fetch(`${origin}/ar/`).catch(() => null))?.ok, `vardguide serve on ${origin}:\n${log}`, 120000);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(root, { recursive: true, force: true });
});

/** The characters of `selector`'s text that are digits, colons or dots, in on-screen order. */
async function seenInOrder(page, selector) {
  return page.$eval(selector, (el) => {
    const node = el.firstChild;
    const boxes = [];
    for (let i = 0; i < node.data.length; i += 1) {
      if (!/[0-9:]/.test(node.data[i])) continue;
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + 1);
      const b = r.getBoundingClientRect();
      boxes.push({ c: node.data[i], x: b.x, y: Math.round(b.y) });
    }
    const written = boxes.map((b) => b.c).join('');
    const seen = [...boxes].sort((p, q) => p.y - q.y || p.x - q.x).map((b) => b.c).join('');
    return { written, seen };
  });
}

test('the error overlay over an Arabic page reads left to right and goes when the mistake is fixed', async () => {
  const file = join(root, 'content', 'articles', 'fever-adults', 'ar.md');
  const good = readFileSync(file, 'utf8');
  const { page, context } = await openPage(browser, `${origin}/ar/`, origin, { width: 375, height: 700 });
  try {
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    writeFileSync(file, `${good}\n:::care urgnt\nx\n:::\n`);
    await page.waitForSelector('#vardguide-overlay', { timeout: 60000 });
    assert.equal(await page.getAttribute('#vardguide-overlay', 'dir'), 'ltr');
    assert.equal(await page.getAttribute('#vardguide-overlay', 'lang'), 'en');
    const where = await page.textContent('#vardguide-overlay li code');
    assert.match(where, /content\/articles\/fever-adults\/ar\.md:\d+:\d+/);
    const { written, seen } = await seenInOrder(page, '#vardguide-overlay li code');
    assert.equal(seen, written, `the location ${where} reads in its written order on screen`);
    writeFileSync(file, good);
    await page.waitForSelector('#vardguide-overlay', { state: 'detached', timeout: 60000 });
  } finally {
    writeFileSync(file, good);
    await context.close();
  }
});
