// The calculator's medicine costs on the bundled fee data, against a table worked out by hand
// from the agency's published ladder. Runs on the fee data of a built site (tests/js.rs builds
// the bundled site and names the page's `data-fees` file in VARDGUIDE_FEE_DATA).
//
// The 2024 ladder (valid 1 January–31 December 2024): the patient pays the full price up to
// 1 425 kr, 50 % up to 2 720 kr, 25 % up to 5 054 kr and 10 % up to 6 994 kr; above that the
// medicines are free (frikort), so the most anyone pays is 2 850 kr.
// Sources: eHälsomyndigheten, "Hur fungerar högkostnadstrappan?",
// https://www.ehalsomyndigheten.se/fragor-svar/hur-fungerar-hogkostnadstrappan/ (1 425, 2 850,
// 6 994 kr), and Läkemedelsverket's Läkemedelsboken, "Högkostnadsskyddet",
// https://lakemedelsboken.se/generella-kapitel/lakemedelsformanerna/hogkostnadsskyddet/
// (2 720 and 5 054 kr), both read 2026-12-06.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { medicinePurchase } from '../../themes/default/static/js/fees.js';

const file = process.env.VARDGUIDE_FEE_DATA;

// [total bought so far in the period, price of the next purchase, what the patient pays]
const LADDER_2024 = [
  [0, 1000, 1000], // all of it in the first step
  [1000, 1000, 712.5], // 425 at full price + 575 at 50 %
  [2000, 1000, 430], // 720 at 50 % + 280 at 25 %
  [5000, 500, 58.1], // 54 at 25 % + 446 at 10 %
  [6900, 500, 9.4], // 94 at 10 %, the rest free
  [7000, 300, 0], // above 6 994 kr: frikort
];

test('the 2024 medicine ladder in the bundled data gives the hand-worked costs', { skip: !file && 'run through cargo test (tests/js.rs)' }, () => {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  for (const [totalSoFar, nextPrice, expected] of LADDER_2024) {
    const r = medicinePurchase(data.periods, {
      periodStart: '2024-02-01', purchaseDate: '2024-06-01', totalSoFar, nextPrice,
    });
    assert.equal(r.status, 'ok');
    assert.equal(r.cost, expected, `${totalSoFar} kr so far, ${nextPrice} kr next`);
    assert.equal(r.example, false, 'the 2024 ladder is sourced, not an example');
  }
  const top = medicinePurchase(data.periods, { periodStart: '2024-02-01', purchaseDate: '2024-06-01', totalSoFar: 0, nextPrice: 10000 });
  assert.equal(top.cost, 2850, 'the most anyone pays in 2024');
});

test('a ladder marked as an example says so with every answer', { skip: !file && 'run through cargo test (tests/js.rs)' }, () => {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const r = medicinePurchase(data.periods, { periodStart: '2025-08-01', purchaseDate: '2025-09-01', totalSoFar: 0, nextPrice: 100 });
  assert.equal(r.status, 'ok');
  assert.equal(r.example, true);
});
