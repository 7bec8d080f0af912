// Finder benchmark: node bench/finder-browser.mjs SITE_OUT_DIR — page ready time and the time one filter
// keystroke takes over every unit (the input handler run, measured in the page).
import { launch, serve } from '../tests/browser/lib.mjs';
const server = await serve(process.argv[2] ?? '/tmp/vg10k/out');
const browser = await launch();
const page = await browser.newPage();
const t0 = Date.now();
await page.goto(`${server.origin}/sv/clinics/`);
await page.waitForFunction(() => document.getElementById('finder')?.dataset.ready === 'true');
const ready = Date.now() - t0;
const times = [];
for (const q of ['S', 'Sö', 'Söd', 'Malmö', '']) {
  const ms = await page.evaluate(async (q) => {
    const input = document.getElementById('f-text');
    input.value = q;
    const t = performance.now();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return performance.now() - t;
  }, q);
  times.push(ms.toFixed(1));
}
const count = await page.$$eval('#finder-list li.unit', (l) => l.length);
console.log(JSON.stringify({ units: count, readyMs: ready, filterMs: times }));
await browser.close();
await server.close();
