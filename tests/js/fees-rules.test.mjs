// Medicine ladders across New Year and 1 July 2025, age rules, dates outside the data and the
// money format. The fee periods below are copied from content/fees/stockholm.yaml (figures and
// `example` flags as in the file on 2026-12-01; only two visit types kept).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  coverage,
  formatKronor,
  medicineLadder,
  medicinePurchase,
  MEDICINE_FREE_UNDER_AGE,
  missingPeriodFields,
  outpatientAgeFree,
  outpatientFromVisits,
  visitFee,
} from '../../themes/default/static/js/fees.js';

// eHälsomyndigheten, "Hur fungerar högkostnadstrappan?",
// https://www.ehalsomyndigheten.se/fragor-svar/hur-fungerar-hogkostnadstrappan/ (retrieved 2026-12-01):
// 2024 ladder, full price up to 1 425 kr, at most 2 850 kr, frikort at 6 994 kr.
const L2024 = { ceiling: 2850, steps: [{ up_to: 1425, share: 100 }, { up_to: 2720, share: 50 }, { up_to: 5054, share: 25 }, { up_to: 6994, share: 10 }] };
// Kronans Apotek, "Högkostnadsskyddet", https://www.kronansapotek.se/om-recept/hogkostnadsskydd
// (retrieved 2026-12-01): 2025 ceiling 2 900 kr with full price up to 1 450 kr; from 1 July 2025
// full price up to 2 000 kr and at most 3 800 kr; periods begun before 1 July 2025 keep the old
// ladder, with a 2 950 kr ceiling from 1 January 2026. (Intermediate steps: see the YAML sources.)
const OLD2025 = { ceiling: 2900, steps: [{ up_to: 1450, share: 100 }, { up_to: 2768, share: 50 }, { up_to: 5143, share: 25 }, { up_to: 7117, share: 10 }] };
const NEW = { ceiling: 3800, steps: [{ up_to: 2000, share: 100 }, { up_to: 4400, share: 75 }] };
const OLD2026 = { ceiling: 2950, steps: [{ up_to: 1475, share: 100 }, { up_to: 2815, share: 50 }, { up_to: 5231, share: 25 }, { up_to: 7239, share: 10 }] };

const visits = (doctor) => [
  { type: 'doctor-health-centre', amount: doctor },
  { type: 'emergency-department', amount: 400 },
];
const base = { example: true, source: 'content/fees/stockholm.yaml', free_under_age: 18, free_from_age: 85, no_show_fee: 400 };
const STOCKHOLM = [
  { ...base, valid_from: '2024-01-01', valid_to: '2024-12-31', visits: visits(275), high_cost: { outpatient_ceiling: 1400, medicines: L2024 } },
  { ...base, valid_from: '2025-01-01', valid_to: '2025-06-30', visits: visits(200), high_cost: { outpatient_ceiling: 1450, medicines: OLD2025 } },
  {
    ...base, valid_from: '2025-07-01', valid_to: '2025-12-31', visits: visits(250),
    high_cost: { outpatient_ceiling: 1450, medicines: NEW, medicines_started_before: { date: '2025-07-01', ...OLD2025 } },
  },
  {
    ...base, valid_from: '2026-01-01', visits: visits(250),
    high_cost: { outpatient_ceiling: 1450, medicines: NEW, medicines_started_before: { date: '2025-07-01', ...OLD2026 } },
  },
];
const buy = (input) => medicinePurchase(STOCKHOLM, input);

describe('medicineLadder: the ladder valid on the purchase date, chosen by the period start', () => {
  // Kronans Apotek (above): the 2025 change applies to periods begun on or after 1 July 2025.
  test('a period started before 1 July 2025 keeps the old ladder after 1 July', () => {
    const ladder = medicineLadder(STOCKHOLM, '2025-05-01', '2025-08-01');
    assert.equal(ladder.scheme, 'old');
    assert.equal(ladder.ceiling, 2900);
    assert.equal(ladder.startedBefore, '2025-07-01');
    assert.deepEqual(ladder.steps, OLD2025.steps);
    assert.equal(ladder.example, true);
  });

  test('a period started after 1 July 2025 uses the new ladder', () => {
    const ladder = medicineLadder(STOCKHOLM, '2025-08-01', '2025-09-01');
    assert.equal(ladder.scheme, 'new');
    assert.equal(ladder.ceiling, 3800);
    assert.equal(ladder.startedBefore, null);
  });

  test('boundary: a period starting exactly 2025-07-01 is new, 2025-06-30 is old', () => {
    assert.equal(medicineLadder(STOCKHOLM, '2025-07-01', '2025-07-01').scheme, 'new');
    assert.equal(medicineLadder(STOCKHOLM, '2025-07-01', '2025-07-01').ceiling, 3800);
    assert.equal(medicineLadder(STOCKHOLM, '2025-06-30', '2025-07-01').scheme, 'old');
    assert.equal(medicineLadder(STOCKHOLM, '2025-06-30', '2025-07-01').ceiling, 2900);
    // on 30 June the fee period's own ladder is the old one; it is the old scheme too
    const june = medicineLadder(STOCKHOLM, '2025-06-30', '2025-06-30');
    assert.equal(june.scheme, 'old');
    assert.equal(june.startedBefore, null);
    assert.equal(june.ceiling, 2900);
  });

  // eHälsomyndigheten (above): the ladder is adjusted every 1 January, for ongoing periods too.
  test('the yearly adjustment applies to ongoing periods: old scheme at 2 950 kr in 2026', () => {
    const ladder = medicineLadder(STOCKHOLM, '2025-03-01', '2026-02-01');
    assert.equal(ladder.scheme, 'old');
    assert.equal(ladder.ceiling, 2950);
    assert.deepEqual(ladder.steps, OLD2026.steps);
    assert.equal(medicineLadder(STOCKHOLM, '2024-06-01', '2024-06-02').scheme, 'old');
  });

  test('no fee data on the purchase date: null; a purchase before the start throws', () => {
    assert.equal(medicineLadder(STOCKHOLM, '2023-05-01', '2023-06-01'), null);
    assert.throws(() => medicineLadder(STOCKHOLM, '2025-05-01', '2025-04-30'), RangeError);
    assert.throws(() => medicineLadder(STOCKHOLM, '2025-02-29', '2025-04-30'), RangeError);
  });
});

describe('medicinePurchase', () => {
  test('a period crossing New Year on the new scheme: no one-time sum (same ladder both years)', () => {
    // 1 500 kr bought; 500 kr at 100 % and 500 kr at 75 %
    const r = buy({ periodStart: '2025-10-01', purchaseDate: '2026-02-01', totalSoFar: 1500, nextPrice: 1000 });
    assert.equal(r.status, 'ok');
    assert.equal(r.cost, 875);
    assert.equal(r.oneTimeSum, 0);
    assert.equal(r.paidSoFar, 1500);
    assert.equal(r.paidAfter, 2375);
    assert.equal(r.ceiling, 3800);
    assert.equal(r.ladder.scheme, 'new');
    assert.equal(r.example, true);
  });

  // eHälsomyndigheten, "Varför behöver jag betala en engångssumma efter årsskiftet?",
  // https://www.ehalsomyndigheten.se/fragor-svar/varfor-behover-jag-betala-en-engangssumma-efter-arsskiftet/:
  // the purchases of the ongoing period are carried over to the adjusted ladder, and the first
  // purchase after 1 January can include a one-time sum.
  test('a period crossing New Year on the old scheme pays a one-time sum (2 900 → 2 950 kr ladder)', () => {
    // 2 000 kr bought in 2025: paid 1 450 + 550 × 50 % = 1 725 on the 2025 old ladder.
    // On the 2026 old ladder 2 000 kr is worth 1 475 + 525 × 50 % = 1 737.50: one-time sum 12.50.
    // The purchase itself: 500 × 50 % = 250.
    const r = buy({ periodStart: '2025-03-01', purchaseDate: '2026-02-01', totalSoFar: 2000, nextPrice: 500 });
    assert.equal(r.paidSoFar, 1725);
    assert.equal(r.cost, 262.5);
    assert.equal(r.oneTimeSum, 12.5);
    assert.equal(r.purchaseCost, 250);
    assert.equal(r.ceiling, 2950);
    assert.equal(r.remainingToCeiling, 1225);
    assert.equal(r.previousLadder.ceiling, 2900);
    assert.equal(r.ladder.startedBefore, '2025-07-01');
  });

  test('2024 → 2025: 2 850 → 2 900 kr ladder', () => {
    // 1 425 + 575 × 50 % = 1 712.50 on 2024's ladder; 1 725 on 2025's; + 500 × 50 %
    const r = buy({ periodStart: '2024-10-01', purchaseDate: '2025-02-01', totalSoFar: 2000, nextPrice: 500 });
    assert.deepEqual([r.paidSoFar, r.cost, r.oneTimeSum, r.purchaseCost], [1712.5, 262.5, 12.5, 250]);
  });

  test('once the one-time sum is paid (a purchase since 1 January) it is not charged again', () => {
    const r = buy({ periodStart: '2025-03-01', purchaseDate: '2026-02-01', totalSoFar: 2000, nextPrice: 500, adjustmentPaid: true });
    assert.deepEqual([r.paidSoFar, r.cost, r.oneTimeSum], [1737.5, 250, 0]);
  });

  test('a one-time sum with a zero-price purchase is still charged', () => {
    const r = buy({ periodStart: '2025-03-01', purchaseDate: '2026-01-02', totalSoFar: 2000, nextPrice: 0 });
    assert.deepEqual([r.cost, r.oneTimeSum, r.purchaseCost], [12.5, 12.5, 0]);
  });

  // eHälsomyndigheten, "Jag har frikort, påverkas jag av höjningen av högkostnadstrappan 1 januari?"
  // https://www.ehalsomyndigheten.se/fragor-svar/jag-har-frikort-paverkas-jag-av-hojningen-av-hogkostnadstrappan-1-januari-2023/:
  // a frikort reached before New Year is kept for the rest of the period.
  test('a frikort reached before New Year is kept', () => {
    const r = buy({ periodStart: '2025-03-01', purchaseDate: '2026-02-01', totalSoFar: 7117, nextPrice: 500 });
    assert.equal(r.frikort, true);
    assert.equal(r.cost, 0);
    assert.equal(r.oneTimeSum, 0);
    assert.equal(r.remainingToCeiling, 0);
  });

  test('a period crossing 1 July 2025: started before keeps the old ladder, after uses the new one', () => {
    const before = buy({ periodStart: '2025-05-01', purchaseDate: '2025-08-01', totalSoFar: 1000, nextPrice: 1000 });
    // 450 at 100 % + 550 at 50 %
    assert.deepEqual([before.cost, before.oneTimeSum, before.ladder.scheme, before.stepIndex, before.ladder.steps.length], [725, 0, 'old', 0, 4]);
    const after = buy({ periodStart: '2025-08-01', purchaseDate: '2025-09-01', totalSoFar: 1000, nextPrice: 1000 });
    // all of it below the new 2 000 kr threshold
    assert.deepEqual([after.cost, after.ladder.scheme, after.stepIndex, after.share, after.ladder.steps.length], [1000, 'new', 0, 100, 2]);
  });

  test('boundary: a period starting exactly on 2025-07-01 follows the new scheme', () => {
    const r = buy({ periodStart: '2025-07-01', purchaseDate: '2025-07-01', totalSoFar: 0, nextPrice: 2500 });
    assert.deepEqual([r.cost, r.ladder.scheme], [2375, 'new']);
    const old = buy({ periodStart: '2025-06-30', purchaseDate: '2025-07-01', totalSoFar: 0, nextPrice: 2500 });
    // 1 450 + 1 050 × 50 %
    assert.deepEqual([old.cost, old.ladder.scheme], [1975, 'old']);
  });

  test('the new ceiling: at most 3 800 kr in 12 months', () => {
    // 2 000 + 2 000 × 75 % = 3 500 paid; 400 × 75 % = 300 more reaches 3 800
    const r = buy({ periodStart: '2025-08-01', purchaseDate: '2026-03-01', totalSoFar: 4000, nextPrice: 1000 });
    assert.deepEqual([r.paidSoFar, r.cost, r.paidAfter, r.stepIndex, r.share], [3500, 300, 3800, 1, 75]);
    const free = buy({ periodStart: '2025-08-01', purchaseDate: '2026-03-01', totalSoFar: 4400, nextPrice: 1000 });
    assert.deepEqual([free.frikort, free.cost, free.paidSoFar, free.stepIndex], [true, 0, 3800, 2]);
    const big = buy({ periodStart: '2025-08-01', purchaseDate: '2025-08-01', totalSoFar: 0, nextPrice: 100000 });
    assert.equal(big.cost, 3800);
  });

  test('derived steps never make a patient pay more than the ceiling', () => {
    // the old 2025 steps add up to 2 900.15; the ceiling is 2 900
    const r = buy({ periodStart: '2025-01-10', purchaseDate: '2025-03-01', totalSoFar: 7000, nextPrice: 500 });
    assert.deepEqual([r.paidSoFar, r.cost, r.paidAfter], [2888.45, 11.55, 2900]);
  });

  // TLV; lag (2002:160) om läkemedelsförmåner m.m. 19 §: free for children under 18.
  test('children under 18 pay nothing, even without fee data', () => {
    assert.equal(MEDICINE_FREE_UNDER_AGE, 18);
    assert.deepEqual(buy({ periodStart: '2025-08-01', purchaseDate: '2025-09-01', totalSoFar: 0, nextPrice: 500, age: 17 }), {
      status: 'child',
      cost: 0,
      oneTimeSum: 0,
    });
    assert.equal(buy({ periodStart: '2023-08-01', purchaseDate: '2023-09-01', totalSoFar: 0, nextPrice: 500, age: 5 }).status, 'child');
    assert.equal(buy({ periodStart: '2025-08-01', purchaseDate: '2025-09-01', totalSoFar: 0, nextPrice: 500, age: 18 }).cost, 500);
    assert.equal(buy({ periodStart: '2025-08-01', purchaseDate: '2025-09-01', totalSoFar: 0, nextPrice: 500, age: null }).cost, 500);
  });

  test('dates without fee data: which date is missing', () => {
    assert.deepEqual(buy({ periodStart: '2023-05-01', purchaseDate: '2023-06-01', totalSoFar: 0, nextPrice: 1 }), {
      status: 'no_data',
      date: '2023-06-01',
    });
    // the purchase date is covered, but the ladder the earlier purchases were made on is not
    assert.deepEqual(buy({ periodStart: '2023-11-01', purchaseDate: '2024-02-01', totalSoFar: 100, nextPrice: 1 }), {
      status: 'no_data',
      date: '2023-12-31',
    });
  });

  test('a purchase outside the period and bad input throw RangeError', () => {
    // the period 2025-01-01 … 2025-12-31: 2026-01-01 starts a new period
    assert.throws(() => buy({ periodStart: '2025-01-01', purchaseDate: '2026-01-01', totalSoFar: 0, nextPrice: 1 }), RangeError);
    assert.throws(() => buy({ periodStart: '2025-02-01', purchaseDate: '2025-01-31', totalSoFar: 0, nextPrice: 1 }), RangeError);
    assert.throws(() => buy({ periodStart: '2025-02-01', purchaseDate: '2025-03-01', totalSoFar: -1, nextPrice: 1 }), RangeError);
    assert.throws(() => buy({ periodStart: '2025-02-01', purchaseDate: '2025-03-01', totalSoFar: 0, nextPrice: 1, age: -2 }), RangeError);
    assert.throws(() => buy({ periodStart: '2025-02-01', purchaseDate: '2025-03-01', totalSoFar: 0, nextPrice: 1, age: '17' }), RangeError);
  });
});

describe('outpatient age rules', () => {
  // content/fees/stockholm.yaml source: free under 18 and from 85 (1177 "Patientavgifter i Stockholms län").
  test('Stockholm: free under 18 and from 85', () => {
    const period = STOCKHOLM[3];
    assert.equal(outpatientAgeFree(period, 17), 'under');
    assert.equal(outpatientAgeFree(period, 18), null);
    assert.equal(outpatientAgeFree(period, 84), null);
    assert.equal(outpatientAgeFree(period, 85), 'from');
    assert.equal(outpatientAgeFree(period, null), null);
    assert.equal(outpatientAgeFree(period, undefined), null);
    assert.throws(() => outpatientAgeFree(period, -1), RangeError);
  });

  // content/fees/skane.yaml source: free under 20 and from 85 (vardgivare.skane.se).
  test('Skåne: free under 20', () => {
    const skane = { ...STOCKHOLM[3], free_under_age: 20 };
    assert.equal(outpatientAgeFree(skane, 19), 'under');
    assert.equal(outpatientAgeFree(skane, 20), null);
  });

  test('visitFee: the listed fee, 0 for free ages, no data before the first period', () => {
    assert.deepEqual(
      (({ status, fee, listed, freeBy, example }) => ({ status, fee, listed, freeBy, example }))(
        visitFee(STOCKHOLM, { date: '2025-08-01', type: 'doctor-health-centre', age: 40 }),
      ),
      { status: 'ok', fee: 250, listed: 250, freeBy: null, example: true },
    );
    assert.equal(visitFee(STOCKHOLM, { date: '2025-08-01', type: 'doctor-health-centre', age: 10 }).fee, 0);
    assert.equal(visitFee(STOCKHOLM, { date: '2025-08-01', type: 'emergency-department', age: 90 }).freeBy, 'from');
    assert.equal(visitFee(STOCKHOLM, { date: '2024-03-01', type: 'doctor-health-centre' }).fee, 275);
    assert.deepEqual(visitFee(STOCKHOLM, { date: '2023-12-31', type: 'doctor-health-centre' }), { status: 'no_data', date: '2023-12-31' });
    assert.throws(() => visitFee(STOCKHOLM, { date: '2025-08-01', type: 'spa' }), RangeError);
  });

  test('free visits for a child never start a high-cost period', () => {
    const fees = ['2025-08-01', '2025-09-01'].map((date) => ({ date, fee: visitFee(STOCKHOLM, { date, type: 'emergency-department', age: 12 }).fee }));
    assert.deepEqual(outpatientFromVisits({ ceiling: 1450, visits: fees }).current, null);
  });
});

describe('coverage', () => {
  test('the Stockholm data: from 1 January 2024 onwards', () => {
    assert.deepEqual(coverage(STOCKHOLM), { from: '2024-01-01', to: null, gaps: [] });
  });

  test('closed data ends on the last valid_to; gaps are listed', () => {
    assert.deepEqual(coverage(STOCKHOLM.slice(0, 2)), { from: '2024-01-01', to: '2025-06-30', gaps: [] });
    assert.deepEqual(
      coverage([
        { valid_from: '2024-08-01', valid_to: '2024-12-31' },
        { valid_from: '2024-01-01', valid_to: '2024-06-30' },
      ]),
      { from: '2024-01-01', to: '2024-12-31', gaps: [{ from: '2024-07-01', to: '2024-07-31' }] },
    );
    assert.equal(coverage([]), null);
    assert.throws(() => coverage([{ valid_from: 'x' }]), RangeError);
  });
});

describe('formatKronor: the same as the fee tables (`amount` in src/render/fees.rs)', () => {
  // The tables write "{amount} kr" (sv, fi, so), "SEK {amount}" (en), "{amount} كرونة" (ar),
  // "{amount} کرون" (fa) with the same number in every language: Latin digits, no grouping.
  test('whole kronor without decimals, else two decimals with a point', () => {
    assert.equal(formatKronor(2950), '2950');
    assert.equal(formatKronor(3800), '3800');
    assert.equal(formatKronor(0), '0');
    assert.equal(formatKronor(262.5), '262.50');
    assert.equal(formatKronor(2888.45), '2888.45');
    assert.equal(formatKronor(1450.0000000001), '1450');
    assert.equal(formatKronor(12345678.9), '12345678.90');
  });

  test('Latin digits only, whatever the language of the page', () => {
    for (const v of [2950, 1952.51, 0.1 + 0.2]) assert.match(formatKronor(v), /^[0-9]+(\.[0-9]{2})?$/);
  });

  test('optional separators for a grouped format', () => {
    assert.equal(formatKronor(2950, { group: '\u00a0', decimal: ',' }), '2\u00a0950');
    assert.equal(formatKronor(1234567.5, { group: '\u00a0', decimal: ',' }), '1\u00a0234\u00a0567,50');
    assert.equal(formatKronor(950, { group: '\u00a0', decimal: ',' }), '950');
    assert.equal(formatKronor(-1500, { group: ',', decimal: '.' }), '-1,500');
  });

  test('not a number throws RangeError', () => {
    assert.throws(() => formatKronor(Number.NaN), RangeError);
    assert.throws(() => formatKronor('12'), RangeError);
  });
});

describe('missingPeriodFields: what the calculator needs of the fee data', () => {
  test('the periods above have every field', () => {
    assert.deepEqual(missingPeriodFields(STOCKHOLM), []);
  });

  test('a renamed or missing field is named with its path', () => {
    const renamed = structuredClone(STOCKHOLM);
    renamed[1].high_cost.outpatientCeiling = renamed[1].high_cost.outpatient_ceiling;
    delete renamed[1].high_cost.outpatient_ceiling;
    // (Periods 1 and 2 share their ladders' steps, so the step is taken from period 3's.)
    delete renamed[3].high_cost.medicines_started_before.steps[0].share;
    delete renamed[3].visits[0].amount;
    assert.deepEqual(missingPeriodFields(renamed), [
      'periods[1].high_cost.outpatient_ceiling',
      'periods[3].visits[0].amount',
      'periods[3].high_cost.medicines_started_before.steps[0].share',
    ]);
  });
});
