// The search worker's request planning for a server that answers one range per request over
// HTTP/1.1 (object storage): a round of more than six requests comes back in waves, so ranges of
// a file are merged across small gaps when that saves a wave for less than WAVE_BYTES.
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
