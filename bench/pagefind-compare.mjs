// vardguide's search side by side with Pagefind on the same built site, in headless Chromium.
//
//   npx pagefind@1.6.0 --site SITE_DIR            (once: writes SITE_DIR/pagefind/)
//   node bench/pagefind-compare.mjs SITE_DIR [--latency MS] [--langs sv,en,ar] [--quality]
//
// Speed (default): per language, in a fresh browser context each (cold cache), with the server
// sending precompressed copies and waiting MS ms before every response:
//   - vardguide: open /<lang>/search/, wait until the module is ready, enter a first and then a
//     second query (bench/search-browser.mjs's queries), time from query to results on the page;
//   - Pagefind: open /<lang>/404.html (a page of the same site without vardguide's search), import
//     /pagefind/pagefind.js, init(), then search() and load the data of the first 10 results;
// and count, from the server's log, the bytes and requests of the cold load + first query and of
// the second query. Both show 10 results.
// --quality: the 10 fixed queries per language below, on the same site (meant for the bundled
// site, whose articles are known): hits, the top 3 titles, and whether the expected article is
// among them, for both engines.
// Results are also written to bench/results/pagefind-<timestamp>.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HERE, app, kib, launch, runQuery, serve, waitIdle } from './lib.mjs';

const SPEED_QUERIES = { sv: ['feber', 'huvudvärk'], en: ['fever', 'headache'], ar: ['الحمى', 'الصداع'] };

// [query, titles any of which counts as the expected article]
const QUALITY = {
  sv: [
    ['feber', ['Feber hos vuxna', 'Feber hos barn']],
    ['halsont', ['Ont i halsen']],
    ['huvudvärk', ['Huvudvärk']],
    ['hovudvärk', ['Huvudvärk']],
    ['"ont i magen"', ['Ont i magen']],
    ['eksem', ['Eksem']],
    ['urinvägsinfektion', ['Urinvägsinfektion']],
    ['magsjuka barn', ['Magsjuka']],
    ['astma inhalator', ['Inhalatorer vid astma']],
    ['näsblod', ['Näsblod']],
  ],
  en: [
    ['fever', ['Fever in adults', 'Fever in children']],
    ['"sore throat"', ['Sore throat']],
    ['headache', ['Headache']],
    ['hedache', ['Headache']],
    ['eczema', ['Eczema']],
    ['stomach bug', ['Stomach bug (gastroenteritis)']],
    ['antibiotics', ['Antibiotics']],
    ['hay fever', ['Hay fever']],
    ['nosebleed', ['Nosebleed']],
    ['urinary infection', ['Urinary tract infection (UTI)']],
  ],
  ar: [
    ['الحمى', ['الحمى عند البالغين', 'الحمى عند الأطفال']],
    ['الصداع', ['الصداع']],
    ['والصداع', ['الصداع']],
    ['الربو', ['الربو']],
    ['السعال', ['السعال']],
    ['"ألم الحلق"', ['ألم الحلق']],
    ['الإكزيما', ['الإكزيما']],
    ['الاسهال', ['الإسهال']],
    ['نزيف الأنف', ['نزيف الأنف']],
    ['المضادات الحيوية', ['المضادات الحيوية']],
  ],
};

function parseArgs(argv) {
  const opts = { site: null, latency: 0, langs: ['sv', 'en', 'ar'], quality: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--latency') opts.latency = Math.max(0, Number(argv[++i] ?? 0));
    else if (a === '--langs') opts.langs = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--quality') opts.quality = true;
    else if (!opts.site) opts.site = resolve(a);
    else { console.error(`unexpected argument ${a}`); process.exit(2); }
  }
  if (!opts.site || !existsSync(join(opts.site, 'pagefind', 'pagefind.js'))) {
    console.error('usage: node bench/pagefind-compare.mjs SITE_DIR [--latency MS] [--langs sv,en,ar] [--quality]\n(run `npx pagefind@1.6.0 --site SITE_DIR` first)');
    process.exit(2);
  }
  return opts;
}

/** Pagefind in the page: init, then `query`; the first 10 results' data. Times in ms. */
async function pagefindQuery(page, query) {
  return page.evaluate(async (q) => {
    window.pf ??= await import('/pagefind/pagefind.js');
    const t0 = performance.now();
    await window.pf.init();
    const t1 = performance.now();
    const search = await window.pf.search(q);
    const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
    const t2 = performance.now();
    return { init_ms: t1 - t0, ms: t2 - t1, total: search.results.length, titles: data.map((d) => d.meta?.title ?? d.url) };
  }, query);
}

const sum = (xs) => xs.reduce((s, x) => s + (x.bytes ?? 0), 0);

async function speed(opts, server, browser) {
  const rows = [];
  for (const lang of opts.langs) {
    const [q1, q2] = SPEED_QUERIES[lang];
    for (const engine of ['vardguide', 'pagefind']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await waitIdle();
      const start = server.log.length;
      const t0 = Date.now();
      let first;
      let second;
      if (engine === 'vardguide') {
        await page.goto(`${server.origin}/${lang}/search/`, { waitUntil: 'load' });
        await page.waitForFunction(() => ['ready', 'error'].includes(document.getElementById('search-app')?.dataset.state), null, { timeout: 120000 });
        const ready = Date.now() - t0;
        const a = await runQuery(page, q1, false);
        first = { ready_ms: ready, ms: a.wallMs, total: a.total, top: a.first };
      } else {
        await page.goto(`${server.origin}/${lang}/404.html`, { waitUntil: 'load' });
        const a = await pagefindQuery(page, q1);
        first = { ready_ms: Math.round(Date.now() - t0 - a.ms), ms: a.ms, total: a.total, top: a.titles[0] };
        await page.waitForTimeout(150);
      }
      const mid = server.log.length;
      if (engine === 'vardguide') {
        const b = await runQuery(page, q2, false);
        second = { ms: b.wallMs, total: b.total, top: b.first };
      } else {
        const b = await pagefindQuery(page, q2);
        second = { ms: b.ms, total: b.total, top: b.titles[0] };
        await page.waitForTimeout(150);
      }
      const end = server.log.length;
      rows.push({
        lang, engine,
        first: { query: q1, ...first, bytes: sum(server.log.slice(start, mid)), requests: mid - start },
        second: { query: q2, ...second, bytes: sum(server.log.slice(mid, end)), requests: end - mid },
      });
      await context.close();
    }
  }
  console.log(`speed: ${opts.site}, ${opts.latency} ms before each response, precompressed copies sent; cold cache per engine and language`);
  console.log('lang  engine     ready    q1 → results  q1 total  cold bytes (requests)  q2 → results  q2 bytes (requests)');
  for (const r of rows) {
    console.log([
      r.lang.padEnd(4), r.engine.padEnd(9), `${r.first.ready_ms} ms`.padStart(7),
      `${r.first.ms?.toFixed(0)} ms`.padStart(13), String(r.first.total).padStart(9),
      `${kib(r.first.bytes)} (${r.first.requests})`.padStart(22),
      `${r.second.ms?.toFixed(0)} ms`.padStart(13), `${kib(r.second.bytes)} (${r.second.requests})`.padStart(20),
    ].join('  '));
  }
  return rows;
}

async function quality(opts, server, browser) {
  const rows = [];
  for (const lang of opts.langs) {
    const ours = await browser.newContext();
    const page = await ours.newPage();
    await page.goto(`${server.origin}/${lang}/search/`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('search-app')?.dataset.state === 'ready', null, { timeout: 120000 });
    const theirs = await browser.newContext();
    const pfPage = await theirs.newPage();
    await pfPage.goto(`${server.origin}/${lang}/404.html`, { waitUntil: 'load' });
    for (const [query, expected] of QUALITY[lang]) {
      const a = await runQuery(page, query, false);
      const top3 = await page.evaluate(() => [...document.querySelectorAll('#search-results li a')].slice(0, 3).map((x) => x.textContent));
      const b = await pagefindQuery(pfPage, query);
      rows.push({
        lang, query, expected,
        vardguide: { hits: a.total ?? 0, top3, found: top3.some((t) => expected.includes(t)) },
        pagefind: { hits: b.total, top3: b.titles.slice(0, 3), found: b.titles.slice(0, 3).some((t) => expected.includes(t)) },
      });
    }
    await ours.close();
    await theirs.close();
  }
  console.log(`quality: ${opts.site}; "top 3" = the expected article is among the first three results`);
  console.log('lang  query                 vardguide hits, top 3   pagefind hits, top 3');
  for (const r of rows) {
    const cell = (e) => `${String(e.hits).padStart(4)}, ${e.found ? 'yes' : 'no '}`;
    console.log(`${r.lang.padEnd(4)}  ${r.query.padEnd(20)}  ${cell(r.vardguide).padEnd(22)}  ${cell(r.pagefind)}`);
  }
  for (const engine of ['vardguide', 'pagefind']) {
    for (const lang of opts.langs) {
      const mine = rows.filter((r) => r.lang === lang);
      console.log(`${engine} ${lang}: expected article in the top 3 for ${mine.filter((r) => r[engine].found).length} of ${mine.length} queries; no hits for ${mine.filter((r) => r[engine].hits === 0).length}`);
    }
  }
  return rows;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const server = await serve(opts.site, { ranges: true, compress: true, latency: opts.latency });
  const browser = await launch();
  const out = { site: opts.site, latency_ms: opts.latency };
  try {
    if (opts.quality) out.quality = await quality(opts, server, browser);
    else out.speed = await speed(opts, server, browser);
  } finally {
    await browser.close();
    await server.close();
  }
  const dir = join(HERE, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `pagefind-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z')}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2));
  console.log(`raw results: ${file}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
