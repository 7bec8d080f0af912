// The search worker's request planning for a server that answers one range per request over
// HTTP/1.1 (object storage): a round of more than six requests comes back in waves, so ranges of
// a file are merged across small gaps when that saves a wave for less than WAVE_BYTES. And for a
// server that ignores Range: each file is asked for once a round.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(new URL('../../crates/search-wasm/js/search-worker.js', import.meta.url), 'utf8');
const worker = vm.createContext({ self: {}, performance: { getEntriesByType: () => [] }, TextDecoder, TextEncoder });
vm.runInContext(source, worker);
const { packIntoWaves } = worker;
const { CONNECTIONS, WAVE_BYTES } = vm.runInContext('({ CONNECTIONS, WAVE_BYTES })', worker);

/** Ranges of `size` bytes with the given gaps between them, starting at `at`. */
function ranges(gaps, { at = 0, size = 1000 } = {}) {
  const list = [{ start: at, end: at + size }];
  for (const gap of gaps) {
    const start = list[list.length - 1].end + gap;
    list.push({ start, end: start + size });
  }
  return list;
}
const count = (runs) => [...runs.values()].reduce((n, list) => n + list.length, 0);
/** `list` as plain objects of this realm (the worker runs in its own `vm` context). */
const plain = (list) => JSON.parse(JSON.stringify(list));
const covered = (list) => list.reduce((n, r) => n + r.end - r.start, 0);

describe('packIntoWaves', () => {
  test('ten document-store ranges become six requests, merged across the smallest gaps', () => {
    // The gaps of a real query's ten results at 42,014 documents (bytes).
    const store = ranges([41474, 7637, 16003, 111446, 4810, 125091, 32045, 59039, 118488]);
    const before = covered(store);
    const runs = new Map([['store', store]]);
    packIntoWaves(runs);
    assert.equal(count(runs), CONNECTIONS, 'one wave of requests');
    const extra = covered(runs.get('store')) - before;
    assert.equal(extra, 4810 + 7637 + 16003 + 32045, 'the four smallest gaps are fetched, no other');
    assert.ok(extra < WAVE_BYTES);
  });

  test('ranges far apart stay apart: a wave costs less than fetching the gaps', () => {
    const runs = new Map([['store', ranges(Array(9).fill(200000))]]);
    packIntoWaves(runs);
    assert.equal(count(runs), 10);
  });

  test('six requests or fewer are left as they are', () => {
    const runs = new Map([['idx', ranges([10])], ['store', ranges([10, 10, 10])]]);
    packIntoWaves(runs);
    assert.equal(count(runs), 6);
  });

  test('merges only as far as a wave is saved, and never across files', () => {
    // Seven ranges in two files: one merge saves the second wave; the smallest gap is in `pos`.
    const idx = ranges([500, 900, 700]);
    const pos = ranges([300, 5000]);
    const runs = new Map([['idx', idx], ['pos', pos]]);
    packIntoWaves(runs);
    assert.equal(count(runs), 6);
    assert.deepEqual(plain(runs.get('idx')), ranges([500, 900, 700]));
    assert.deepEqual(plain(runs.get('pos')), [{ start: 0, end: 2300 }, { start: 7300, end: 8300 }]);
  });

  test('thirteen requests (three waves) lose one wave when that is cheap, not two when that costs more', () => {
    // Thirteen ranges 20 KB apart: one merge (20 KB) saves a wave; getting to six requests would
    // fetch seven gaps (140 KB) to save two.
    const runs = new Map([['store', ranges(Array(12).fill(20000))]]);
    packIntoWaves(runs);
    assert.equal(count(runs), 2 * CONNECTIONS);
    // With gaps of 1 KB, one wave: six requests, no more merged than that takes.
    const close = new Map([['store', ranges(Array(12).fill(1000))]]);
    packIntoWaves(close);
    assert.equal(count(close), CONNECTIONS);
  });
});

/** A worker in a context of its own, with a stand-in module and `fetch` answering as `serve`
 * says (`serve(url, range)` → {status, body}, or a promise of it); returns the worker and the
 * requests it made. */
function workerWith(serve) {
  const made = [];
  const context = vm.createContext({
    self: {}, performance: { getEntriesByType: () => [] }, TextDecoder, TextEncoder,
    fetch: async (url, { headers }) => {
      made.push({ url, range: headers.Range });
      const { status, body } = await serve(url, headers.Range);
      return { status, arrayBuffer: async () => body.buffer, headers: { get: () => null } };
    },
  });
  vm.runInContext(source, context);
  // The module: every call succeeds; the bytes handed to it are dropped.
  vm.runInContext(`
    memory = { buffer: new ArrayBuffer(1 << 17) };
    exports = { vg_alloc: () => 0, vg_free: () => {}, vg_provide: () => 0 };
    for (const name of ['a.store', 'a.idx']) {
      const file = { id: byId.length, name, url: '/sv/search/' + name, size: 40000, whole: null };
      byId.push(file);
      files.set(name, file);
    }
    multipart = false;`, context);
  return { context, made };
}

const whole = () => ({ status: 200, body: new Uint8Array(40000) });
const asked = (range) => {
  const [start, end] = /bytes=(\d+)-(\d+)/.exec(range).slice(1).map(Number);
  return { status: 206, body: new Uint8Array(end - start + 1) };
};
const need = [
  // Ranges of one file farther apart than the worker merges (MERGE_GAP).
  { file: 'a.store', start: 0, end: 100 }, { file: 'a.store', start: 10000, end: 10100 },
  { file: 'a.store', start: 30000, end: 30100 }, { file: 'a.idx', start: 50, end: 60 },
];

describe('fetchAll', () => {
  test('a server that ignores Range, known from the page\'s probe: one request a file', async () => {
    const { context, made } = workerWith(whole);
    vm.runInContext('ignoresRange = true', context);
    await context.fetchAll(need);
    assert.equal(made.length, 2, JSON.stringify(made));
    assert.deepEqual(made.map((r) => r.url).sort(), ['/sv/search/a.idx', '/sv/search/a.store']);
    // Both files came whole: the next round asks for nothing.
    await context.fetchAll(need);
    assert.equal(made.length, 2);
  });

  test('found out in a round: the next round asks for each file once', async () => {
    const { context, made } = workerWith(whole);
    await context.fetchAll([need[3]]);
    assert.equal(made.length, 1);
    await context.fetchAll(need.slice(0, 3));
    assert.equal(made.length, 2, JSON.stringify(made));
  });

  test('a server that honours Range gets one request a range', async () => {
    const { context, made } = workerWith((_, range) => asked(range));
    await context.fetchAll(need);
    assert.equal(made.length, 4, JSON.stringify(made));
  });
});

describe('the results\' stored fields over one range per request', () => {
  // Ten results in ten blocks of the store, far apart, named in file order with the rank of the
  // result each one holds.
  const ranks = [3, 9, 0, 7, 1, 5, 8, 2, 6, 4];
  const stored = ranks.map((rank, i) => ({ file: 'a.store', start: i * 200000, end: i * 200000 + 900, rank }));
  const rankOf = (range) => stored.find((w) => range === `bytes=${w.start}-${w.end - 1}`).rank;

  /** A server whose answers wait until the test lets them go (`release(n)`: the n oldest). */
  function heldServer() {
    const held = [];
    const serve = (_, range) => new Promise((ok) => held.push((status) => ok(status ? { status, body: new Uint8Array(0) } : asked(range))));
    const settle = () => Array.from({ length: 20 }).reduce((p) => p.then(() => new Promise((r) => setImmediate(r))), Promise.resolve());
    const release = async (n) => {
      for (const go of held.splice(0, n)) go();
      await settle();
    };
    /** Answers the `i`-th oldest request still held with `status` (an error). */
    const fail = async (i, status) => {
      held.splice(i, 1)[0](status);
      await settle();
    };
    return { serve, release, fail, waiting: () => held.length };
  }

  test('are asked for best result first, and the first wave is reported before the rest', async () => {
    const server = heldServer();
    const { context, made } = workerWith(server.serve);
    const reports = [];
    const fetched = context.fetchAll(stored, () => reports.push(server.waiting()));
    await server.release(0);
    assert.deepEqual(made.map((r) => rankOf(r.range)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await server.release(CONNECTIONS - 1);
    assert.deepEqual(reports, [], 'not before the whole first wave is in');
    await server.release(1);
    assert.deepEqual(reports, [10 - CONNECTIONS], 'once the first wave is in, while the rest is out');
    await server.release(10);
    await fetched;
    assert.equal(reports.length, 1);
  });

  test('one wave, or ranges without ranks, report nothing early', async () => {
    for (const need of [stored.slice(0, CONNECTIONS), stored.map(({ rank, ...w }) => w)]) {
      const { context } = workerWith((_, range) => asked(range));
      let reports = 0;
      await context.fetchAll(need, () => { reports += 1; });
      assert.equal(reports, 0, JSON.stringify(need));
    }
  });

  test('a request of the second wave that fails first: the round fails, and nothing is reported early', async () => {
    const server = heldServer();
    const { context } = workerWith(server.serve);
    const reports = [];
    const fetched = context.fetchAll(stored, () => reports.push('early'));
    const outcome = fetched.then(() => 'done', (e) => String(e.message ?? e));
    await server.release(CONNECTIONS - 1);
    await server.fail(1, 500); // the first of the second wave
    await server.release(10);
    assert.match(await outcome, /HTTP 500/);
    assert.deepEqual(reports, []);
  });
});
