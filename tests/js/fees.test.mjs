import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  periodEnd,
  outpatientFromTotal,
  outpatientFromVisits,
  medicinePaid,
  medicineNext,
  periodFor,
} from '../../themes/default/static/js/fees.js';

describe('periodEnd', () => {
  test('ordinary dates end the day before the anniversary', () => {
    assert.equal(periodEnd('2025-03-15'), '2026-03-14');
    assert.equal(periodEnd('2025-01-01'), '2025-12-31');
    assert.equal(periodEnd('2025-12-31'), '2026-12-30');
  });

  test('29 February: anniversary in a non-leap year is 1 March', () => {
    assert.equal(periodEnd('2024-02-29'), '2025-02-28');
    assert.equal(periodEnd('2028-02-29'), '2029-02-28');
  });

  test('a period running over a leap day includes it', () => {
    assert.equal(periodEnd('2023-03-01'), '2024-02-29');
    assert.equal(periodEnd('2027-03-01'), '2028-02-29');
    assert.equal(periodEnd('2027-02-28'), '2028-02-27');
    assert.equal(periodEnd('2028-03-01'), '2029-02-28');
  });

  test('century rules: 2100 is not a leap year, 2000 is', () => {
    assert.equal(periodEnd('2099-03-01'), '2100-02-28');
    assert.equal(periodEnd('1999-03-01'), '2000-02-29');
  });

  test('invalid dates throw RangeError', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-1-01', '20250101', '', null, 20250101]) {
      assert.throws(() => periodEnd(bad), RangeError, `expected RangeError for ${JSON.stringify(bad)}`);
    }
  });
});

describe('outpatientFromTotal', () => {
  test('part of the ceiling paid', () => {
    assert.deepEqual(outpatientFromTotal({ ceiling: 1450, firstDate: '2025-03-15', paid: 600 }), {
      periodEnd: '2026-03-14',
      remaining: 850,
      reached: false,
    });
  });

  test('exactly the ceiling paid counts as reached', () => {
    assert.deepEqual(outpatientFromTotal({ ceiling: 1450, firstDate: '2024-02-29', paid: 1450 }), {
      periodEnd: '2025-02-28',
      remaining: 0,
      reached: true,
    });
  });

  test('more than the ceiling paid never gives a negative remainder', () => {
    assert.deepEqual(outpatientFromTotal({ ceiling: 1450, firstDate: '2025-01-01', paid: 2000 }), {
      periodEnd: '2025-12-31',
      remaining: 0,
      reached: true,
    });
  });

  test('nothing paid yet', () => {
    const result = outpatientFromTotal({ ceiling: 1450, firstDate: '2025-06-01', paid: 0 });
    assert.equal(result.remaining, 1450);
    assert.equal(result.reached, false);
  });

  test('öre amounts do not drift', () => {
    assert.equal(outpatientFromTotal({ ceiling: 1450, firstDate: '2025-06-01', paid: 0.1 + 0.2 }).remaining, 1449.7);
  });

  test('negative paid, bad numbers and invalid dates throw RangeError', () => {
    assert.throws(() => outpatientFromTotal({ ceiling: 1450, firstDate: '2025-03-15', paid: -1 }), {
      name: 'RangeError',
      message: /paid/,
    });
    assert.throws(() => outpatientFromTotal({ ceiling: 1450, firstDate: '2025-03-15', paid: Number.NaN }), RangeError);
    assert.throws(() => outpatientFromTotal({ ceiling: 1450, firstDate: '2025-03-15', paid: '100' }), RangeError);
    assert.throws(() => outpatientFromTotal({ ceiling: -5, firstDate: '2025-03-15', paid: 0 }), RangeError);
    assert.throws(() => outpatientFromTotal({ ceiling: 1450, firstDate: '2025-02-29', paid: 0 }), {
      name: 'RangeError',
      message: /firstDate/,
    });
  });
});

describe('outpatientFromVisits', () => {
  const ceilingOn = (date) => (date >= '2026-01-01' ? 1500 : 1450);

  test('worked example: crossing the ceiling, frikort, last day of period, new period', () => {
    const result = outpatientFromVisits({
      ceiling: ceilingOn,
      // deliberately not in date order
      visits: [
        { date: '2025-11-20', fee: 400 },
        { date: '2025-03-15', fee: 300 },
        { date: '2026-03-15', fee: 300 },
        { date: '2025-06-01', fee: 400 },
        { date: '2026-03-14', fee: 300 },
        { date: '2025-09-01', fee: 400 },
        { date: '2026-01-10', fee: 300 },
      ],
    });

    assert.deepEqual(
      result.visits.map(({ date, fee, charged, periodIndex }) => ({ date, fee, charged, periodIndex })),
      [
        { date: '2025-03-15', fee: 300, charged: 300, periodIndex: 0 },
        { date: '2025-06-01', fee: 400, charged: 400, periodIndex: 0 },
        { date: '2025-09-01', fee: 400, charged: 400, periodIndex: 0 },
        // 1100 paid, 350 remaining: only the remainder is charged
        { date: '2025-11-20', fee: 400, charged: 350, periodIndex: 0 },
        // frikort
        { date: '2026-01-10', fee: 300, charged: 0, periodIndex: 0 },
        // last day of the period: still free
        { date: '2026-03-14', fee: 300, charged: 0, periodIndex: 0 },
        // the day after: a new period with the ceiling valid on its start date
        { date: '2026-03-15', fee: 300, charged: 300, periodIndex: 1 },
      ],
    );
    assert.deepEqual(result.periods, [
      { start: '2025-03-15', end: '2026-03-14', ceiling: 1450, paid: 1450, remaining: 0, frikortFrom: '2025-11-20' },
      { start: '2026-03-15', end: '2027-03-14', ceiling: 1500, paid: 300, remaining: 1200, frikortFrom: null },
    ]);
    assert.deepEqual(result.current, result.periods[1]);
    // inputIndex maps each processed visit back to the caller's list
    assert.deepEqual(
      result.visits.map((v) => v.inputIndex),
      [1, 3, 5, 0, 6, 4, 2],
    );
  });

  test('a visit that brings the total exactly to the ceiling gives frikort from that date', () => {
    const result = outpatientFromVisits({
      ceiling: 1450,
      visits: [
        { date: '2025-01-10', fee: 1200 },
        { date: '2025-02-10', fee: 250 },
        { date: '2025-02-11', fee: 200 },
      ],
    });
    assert.deepEqual(
      result.visits.map((v) => v.charged),
      [1200, 250, 0],
    );
    assert.equal(result.current.frikortFrom, '2025-02-10');
    assert.equal(result.current.paid, 1450);
  });

  test('leap-day start: 28 Feb is the last day, 1 March starts a new period', () => {
    const result = outpatientFromVisits({
      ceiling: 1450,
      visits: [
        { date: '2024-02-29', fee: 200 },
        { date: '2025-02-28', fee: 200 },
        { date: '2025-03-01', fee: 200 },
      ],
    });
    assert.deepEqual(
      result.periods.map((p) => [p.start, p.end, p.paid]),
      [
        ['2024-02-29', '2025-02-28', 400],
        ['2025-03-01', '2026-02-28', 200],
      ],
    );
  });

  test('leap-day start 2028-02-29 ends 2029-02-28', () => {
    const result = outpatientFromVisits({
      ceiling: 1450,
      visits: [
        { date: '2029-02-28', fee: 100 },
        { date: '2028-02-29', fee: 100 },
        { date: '2029-03-01', fee: 100 },
      ],
    });
    assert.deepEqual(
      result.visits.map((v) => v.periodIndex),
      [0, 0, 1],
    );
    assert.equal(result.periods[0].end, '2029-02-28');
  });

  test('frikort ends with the period: the first visit after it is charged again', () => {
    const result = outpatientFromVisits({
      ceiling: 1450,
      visits: [
        { date: '2025-01-01', fee: 1450 },
        { date: '2025-12-31', fee: 300 },
        { date: '2026-01-01', fee: 300 },
      ],
    });
    assert.deepEqual(
      result.visits.map((v) => v.charged),
      [1450, 0, 300],
    );
    assert.equal(result.periods[0].frikortFrom, '2025-01-01');
  });

  test('free visits never start a period', () => {
    const result = outpatientFromVisits({
      ceiling: 1450,
      visits: [
        { date: '2025-01-05', fee: 0 }, // before any period
        { date: '2025-02-01', fee: 300 },
        { date: '2026-02-01', fee: 0 }, // after the period end: still no period
        { date: '2026-03-01', fee: 100 },
      ],
    });
    assert.deepEqual(
      result.visits.map((v) => [v.date, v.charged, v.periodIndex]),
      [
        ['2025-01-05', 0, null],
        ['2025-02-01', 300, 0],
        ['2026-02-01', 0, null],
        ['2026-03-01', 100, 1],
      ],
    );
    assert.equal(result.periods[1].start, '2026-03-01');
  });

  test('the function form is asked only for period start dates', () => {
    const asked = [];
    outpatientFromVisits({
      ceiling: (date) => {
        asked.push(date);
        return 1450;
      },
      visits: [
        { date: '2025-05-01', fee: 100 },
        { date: '2025-06-01', fee: 100 },
        { date: '2026-05-01', fee: 100 },
      ],
    });
    assert.deepEqual(asked, ['2025-05-01', '2026-05-01']);
  });

  test('visits on the same date keep their input order', () => {
    const result = outpatientFromVisits({
      ceiling: 500,
      visits: [
        { date: '2025-04-01', fee: 400 },
        { date: '2025-04-01', fee: 300 },
      ],
    });
    assert.deepEqual(
      result.visits.map((v) => [v.fee, v.charged]),
      [
        [400, 400],
        [300, 100],
      ],
    );
  });

  test('öre fees are summed without floating-point drift', () => {
    const result = outpatientFromVisits({
      ceiling: 1450,
      visits: [
        { date: '2025-04-01', fee: 0.1 },
        { date: '2025-04-02', fee: 0.2 },
      ],
    });
    assert.equal(result.current.paid, 0.3);
    assert.equal(result.current.remaining, 1449.7);
  });

  test('no visits: no periods', () => {
    assert.deepEqual(outpatientFromVisits({ ceiling: 1450, visits: [] }), { periods: [], visits: [], current: null });
  });

  test('invalid input throws RangeError', () => {
    assert.throws(() => outpatientFromVisits({ ceiling: 1450, visits: [{ date: '2025-04-01', fee: -100 }] }), {
      name: 'RangeError',
      message: /visits\[0\]\.fee/,
    });
    assert.throws(() => outpatientFromVisits({ ceiling: 1450, visits: [{ date: '2025-02-30', fee: 100 }] }), {
      name: 'RangeError',
      message: /visits\[0\]\.date/,
    });
    assert.throws(() => outpatientFromVisits({ ceiling: 1450, visits: [null] }), RangeError);
    assert.throws(() => outpatientFromVisits({ ceiling: 1450, visits: 'x' }), RangeError);
    assert.throws(() => outpatientFromVisits({ ceiling: -1, visits: [] }), RangeError);
    assert.throws(() => outpatientFromVisits({ ceiling: () => undefined, visits: [{ date: '2025-04-01', fee: 1 }] }), {
      name: 'RangeError',
      message: /ceiling\(2025-04-01\)/,
    });
  });
});

// The 2024 ladder (content/fees/*.yaml, first period): full price up to 1 425 kr, ceiling 2 850 kr,
// frikort at 6 994 kr: eHälsomyndigheten, "Hur fungerar högkostnadstrappan?",
// https://www.ehalsomyndigheten.se/fragor-svar/hur-fungerar-hogkostnadstrappan/ (retrieved 2026-12-01);
// steps 2 720 and 5 054 kr: Läkemedelsboken, "Högkostnadsskyddet" (2024),
// https://lakemedelsboken.se/generella-kapitel/lakemedelsformanerna/hogkostnadsskyddet/ (retrieved 2026-12-01).
const LADDER_2024 = [
  { up_to: 1425, share: 100 },
  { up_to: 2720, share: 50 },
  { up_to: 5054, share: 25 },
  { up_to: 6994, share: 10 },
];

describe('medicinePaid', () => {
  const steps = LADDER_2024;

  test('worked examples', () => {
    assert.equal(medicinePaid(steps, 0), 0);
    assert.equal(medicinePaid(steps, 1000), 1000);
    // 1 425 + 575 × 50 %
    assert.equal(medicinePaid(steps, 2000), 1712.5);
    // 1 425 + 647.50 + 2 280 × 25 %
    assert.equal(medicinePaid(steps, 5000), 2642.5);
  });

  test('exact thresholds', () => {
    assert.equal(medicinePaid(steps, 1425), 1425);
    assert.equal(medicinePaid(steps, 2720), 2072.5);
    assert.equal(medicinePaid(steps, 5054), 2656);
    // the ceiling: 2 850 kr at 6 994 kr full price
    assert.equal(medicinePaid(steps, 6994), 2850);
  });

  test('above the last step the patient pays nothing more', () => {
    assert.equal(medicinePaid(steps, 6994.01), 2850);
    assert.equal(medicinePaid(steps, 50000), 2850);
  });

  test('rounded to öre', () => {
    // 1425 + 0.005 * 50% = 1425.0025
    assert.equal(medicinePaid(steps, 1425.005), 1425);
    // 2072.50 + 10.02 * 25% = 2075.005 → 2075.01
    assert.equal(medicinePaid(steps, 2730.02), 2075.01);
  });

  test('invalid steps and totals throw RangeError', () => {
    assert.throws(() => medicinePaid(steps, -1), RangeError);
    assert.throws(() => medicinePaid([], 100), RangeError);
    assert.throws(() => medicinePaid([{ up_to: 2000, share: 100 }, { up_to: 1000, share: 50 }], 100), RangeError);
    assert.throws(() => medicinePaid([{ up_to: 1000, share: 150 }], 100), RangeError);
    assert.throws(() => medicinePaid([{ up_to: 1000 }], 100), RangeError);
  });
});

describe('medicineNext', () => {
  const period = { valid_from: '2024-01-01', steps: LADDER_2024 };

  test('first purchase of the period', () => {
    assert.deepEqual(medicineNext(period, 0, 250), {
      paidSoFar: 0,
      stepIndex: 0,
      share: 100,
      nextCost: 250,
      paidAfter: 250,
      ceiling: 2850,
      remainingToCeiling: 2850,
    });
  });

  test('a purchase that crosses a threshold is split between the steps', () => {
    // 100 at 100% + 100 at 50%
    const result = medicineNext(period, 1325, 200);
    assert.equal(result.stepIndex, 0);
    assert.equal(result.nextCost, 150);
    assert.equal(result.paidAfter, 1475);
  });

  test('exactly at a threshold the next krona falls in the following step', () => {
    assert.deepEqual(medicineNext(period, 1425, 100), {
      paidSoFar: 1425,
      stepIndex: 1,
      share: 50,
      nextCost: 50,
      paidAfter: 1475,
      ceiling: 2850,
      remainingToCeiling: 1425,
    });
    assert.equal(medicineNext(period, 1424.99, 0).stepIndex, 0);
  });

  test('a purchase that reaches the ceiling costs only the rest', () => {
    const result = medicineNext(period, 6700, 1000);
    assert.equal(result.stepIndex, 3);
    assert.equal(result.share, 10);
    // 294 kr left on the 10 % step
    assert.equal(result.nextCost, 29.4);
    assert.equal(result.paidAfter, 2850);
  });

  test('at and above the last step medicines are free', () => {
    for (const total of [6994, 12000]) {
      assert.deepEqual(medicineNext(period, total, 500), {
        paidSoFar: 2850,
        stepIndex: 4,
        share: 0,
        nextCost: 0,
        paidAfter: 2850,
        ceiling: 2850,
        remainingToCeiling: 0,
      });
    }
  });

  test('amounts are rounded to öre and add up', () => {
    const result = medicineNext(period, 2720, 10.02);
    assert.equal(result.nextCost, 2.51);
    assert.equal(result.paidAfter, 2075.01);
    assert.equal(result.paidSoFar + result.nextCost, result.paidAfter);
  });

  test('invalid amounts throw RangeError', () => {
    assert.throws(() => medicineNext(period, -1, 100), RangeError);
    assert.throws(() => medicineNext(period, 100, -1), RangeError);
    assert.throws(() => medicineNext({ steps: undefined }, 100, 1), RangeError);
  });
});

describe('periodFor', () => {
  const periods = [
    { valid_from: '2025-01-01', ceiling: 1450 },
    { valid_from: '2023-01-01', valid_to: '2023-12-31', ceiling: 1300 },
    { valid_from: '2024-01-01', valid_to: '2024-12-31', ceiling: 1400 },
  ];

  test('boundaries are inclusive', () => {
    assert.equal(periodFor(periods, '2023-01-01').ceiling, 1300);
    assert.equal(periodFor(periods, '2023-12-31').ceiling, 1300);
    assert.equal(periodFor(periods, '2024-01-01').ceiling, 1400);
    assert.equal(periodFor(periods, '2024-12-31').ceiling, 1400);
    assert.equal(periodFor(periods, '2025-01-01').ceiling, 1450);
  });

  test('open-ended period applies to any later date', () => {
    assert.equal(periodFor(periods, '2099-12-31').ceiling, 1450);
    assert.equal(periodFor([{ valid_from: '2025-01-01', valid_to: null, ceiling: 1 }], '2030-06-01').ceiling, 1);
  });

  test('null before the first period and in gaps', () => {
    assert.equal(periodFor(periods, '2022-12-31'), null);
    const withGap = [
      { valid_from: '2024-01-01', valid_to: '2024-06-30' },
      { valid_from: '2024-08-01' },
    ];
    assert.equal(periodFor(withGap, '2024-07-15'), null);
    assert.equal(periodFor(withGap, '2024-06-30'), withGap[0]);
    assert.equal(periodFor(withGap, '2024-08-01'), withGap[1]);
    assert.equal(periodFor([], '2024-08-01'), null);
  });

  test('overlapping periods: the latest valid_from wins', () => {
    const overlapping = [{ valid_from: '2024-01-01' }, { valid_from: '2025-01-01' }];
    assert.equal(periodFor(overlapping, '2025-06-01'), overlapping[1]);
    assert.equal(periodFor(overlapping, '2024-06-01'), overlapping[0]);
  });

  test('leap day', () => {
    const leap = [{ valid_from: '2028-02-29', valid_to: '2028-02-29' }];
    assert.equal(periodFor(leap, '2028-02-29'), leap[0]);
    assert.equal(periodFor(leap, '2028-03-01'), null);
  });

  test('invalid dates throw RangeError', () => {
    assert.throws(() => periodFor(periods, '2025-02-29'), RangeError);
    assert.throws(() => periodFor([{ valid_from: 'soon' }], '2025-01-01'), RangeError);
  });
});
