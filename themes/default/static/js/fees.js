// High-cost protection (högkostnadsskydd) rules for outpatient care and
// prescription medicines.
//
// Pure functions only: no DOM access, no eval, no dependencies besides ./dates.js, so the module
// runs under a strict Content-Security-Policy and in Node for tests. Imports stay relative
// ('./dates.js') because the build rewrites them to the content-hashed file names.
//
// Dates are ISO calendar dates 'YYYY-MM-DD'. All date arithmetic is done on
// day numbers with integer arithmetic, never with local-time Date parsing.
// Money for outpatient care is summed in whole öre (integers) so that repeated
// additions do not drift; medicine amounts are computed exactly and rounded to
// öre only in the values returned.

import { daysFromCivil, isoFromDays } from './dates.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// What this module and calculator.js read of a fee period: the fee table's own field names
// (docs/fees.md). `valid_to` and `high_cost.medicines_started_before` may be missing.
// tests/testsuite/care.rs checks every period of the built site against these lists.
export const PERIOD_FIELDS = ['example', 'free_from_age', 'free_under_age', 'high_cost', 'valid_from', 'visits'];
export const VISIT_FEE_FIELDS = ['amount', 'type'];
export const HIGH_COST_FIELDS = ['medicines', 'outpatient_ceiling'];
export const LADDER_FIELDS = ['steps'];
export const OLDER_LADDER_FIELDS = ['date', 'steps'];
export const STEP_FIELDS = ['share', 'up_to'];

/**
 * The fields `periods` lacks of those this module reads, as paths such as
 * `periods[0].high_cost.outpatient_ceiling`; empty when every period has them all.
 * @param {object[]} periods
 * @returns {string[]}
 */
export function missingPeriodFields(periods) {
  const missing = [];
  const need = (object, fields, at) => {
    for (const f of fields) if (!object || typeof object !== 'object' || !(f in object)) missing.push(`${at}.${f}`);
  };
  const ladder = (object, fields, at) => {
    need(object, fields, at);
    (object?.steps ?? []).forEach((step, i) => need(step, STEP_FIELDS, `${at}.steps[${i}]`));
  };
  (Array.isArray(periods) ? periods : []).forEach((p, i) => {
    const at = `periods[${i}]`;
    need(p, PERIOD_FIELDS, at);
    (p?.visits ?? []).forEach((v, j) => need(v, VISIT_FEE_FIELDS, `${at}.visits[${j}]`));
    need(p?.high_cost, HIGH_COST_FIELDS, `${at}.high_cost`);
    ladder(p?.high_cost?.medicines, LADDER_FIELDS, `${at}.high_cost.medicines`);
    const older = p?.high_cost?.medicines_started_before;
    if (older) ladder(older, OLDER_LADDER_FIELDS, `${at}.high_cost.medicines_started_before`);
  });
  return missing;
}

/**
 * @param {number} year
 * @returns {boolean}
 */
function isLeapYear(year) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * @param {number} year
 * @param {number} month 1..12
 * @returns {number}
 */
function daysInMonth(year, month) {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses a strict 'YYYY-MM-DD' string.
 * @param {unknown} value
 * @param {string} what name used in the error message
 * @returns {{ year: number, month: number, day: number }}
 * @throws {RangeError} when the value is not a real calendar date
 */
function parseIsoDate(value, what) {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return { year, month, day };
    }
  }
  throw new RangeError(`${what} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/**
 * @param {unknown} value
 * @param {string} what
 * @returns {number} days since 1970-01-01
 */
function dayNumber(value, what) {
  const { year, month, day } = parseIsoDate(value, what);
  return daysFromCivil(year, month, day);
}

/**
 * @param {unknown} value
 * @param {string} what
 * @returns {number} the value, when it is a finite number >= 0
 * @throws {RangeError}
 */
function nonNegativeAmount(value, what) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${what} must be a finite number of kronor, 0 or more, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Kronor (0 or more) to whole öre, removing binary floating-point noise first.
 * @param {number} kronor
 * @returns {number}
 */
function toOre(kronor) {
  return Math.round(Number((kronor * 100).toPrecision(12)));
}

/**
 * Rounds an amount in kronor to whole öre (half away from zero), removing
 * binary floating-point noise first (so 1.005 becomes 1.01, not 1.00).
 * @param {number} kronor
 * @returns {number}
 */
function roundToOre(kronor) {
  const cents = Number((kronor * 100).toPrecision(12));
  const rounded = Math.sign(cents) * Math.round(Math.abs(cents));
  return rounded / 100 + 0; // + 0 turns -0 into 0
}

/**
 * The last day of the 12-month high-cost period that starts on `firstDate`.
 *
 * The anniversary is the same month and day one year later; when that day
 * does not exist (29 February in a non-leap year) the anniversary is
 * 1 March. The period ends the day before the anniversary.
 *
 * @example periodEnd('2025-03-15') // '2026-03-14'
 * @example periodEnd('2024-02-29') // '2025-02-28'
 * @example periodEnd('2023-03-01') // '2024-02-29'
 * @param {string} firstDate first day of the period, 'YYYY-MM-DD'
 * @returns {string} last day of the period, 'YYYY-MM-DD'
 * @throws {RangeError} when `firstDate` is not a valid date
 */
export function periodEnd(firstDate) {
  const { year, month, day } = parseIsoDate(firstDate, 'firstDate');
  const nextYear = year + 1;
  const anniversary =
    day <= daysInMonth(nextYear, month) ? daysFromCivil(nextYear, month, day) : daysFromCivil(nextYear, 3, 1);
  return isoFromDays(anniversary - 1);
}

/**
 * Outpatient high-cost protection in the simple mode: the patient knows the
 * date of the first paid visit and how much they have paid so far.
 *
 * @param {object} input
 * @param {number} input.ceiling the high-cost ceiling in kronor (e.g. 1450)
 * @param {string} input.firstDate date of the first paid visit, 'YYYY-MM-DD'
 * @param {number} input.paid kronor paid so far in the period, 0 or more
 * @returns {{ periodEnd: string, remaining: number, reached: boolean }}
 *   `remaining` = max(0, ceiling − paid) in kronor rounded to öre;
 *   `reached` is true when paid ≥ ceiling (the patient has a frikort).
 * @throws {RangeError} on an invalid date or a negative/non-numeric amount
 */
export function outpatientFromTotal({ ceiling, firstDate, paid }) {
  nonNegativeAmount(ceiling, 'ceiling');
  nonNegativeAmount(paid, 'paid');
  const end = periodEnd(firstDate);
  const remainingOre = Math.max(0, toOre(ceiling) - toOre(paid));
  return { periodEnd: end, remaining: remainingOre / 100, reached: remainingOre === 0 };
}

/**
 * @typedef {object} OutpatientVisit
 * @property {string} date 'YYYY-MM-DD'
 * @property {number} fee the visit's patient fee in kronor before high-cost protection
 */

/**
 * @typedef {object} OutpatientPeriod
 * @property {string} start date of the first paid visit of the period
 * @property {string} end last day of the period (see periodEnd)
 * @property {number} ceiling the ceiling that applies to the period (valid on `start`)
 * @property {number} paid kronor charged in the period
 * @property {number} remaining kronor left until the ceiling
 * @property {string|null} frikortFrom date from which visits are free, or null
 */

/**
 * @typedef {object} ChargedVisit
 * @property {string} date
 * @property {number} fee the fee as given
 * @property {number} charged what the patient pays for the visit
 * @property {number|null} periodIndex index into `periods`, or null for a
 *   free visit (fee 0) that lies outside every period
 * @property {number} inputIndex position of the visit in the input array
 */

/**
 * Outpatient high-cost protection from a list of visits.
 *
 * Visits are processed in date order (visits on the same date keep their
 * input order). A period starts with the first visit that costs something and
 * lasts until periodEnd(start). Within a period each visit is charged
 * min(fee, remaining). When the ceiling is reached the patient has a frikort
 * from that visit's date to the end of the period, and later visits in the
 * period cost 0. The first paid visit after the period end starts a new
 * period. A free visit (fee 0) never starts a period.
 *
 * @param {object} input
 * @param {number|((dateIso: string) => number)} input.ceiling the ceiling in
 *   kronor, or a function returning the ceiling valid on a period's start date
 * @param {OutpatientVisit[]} input.visits visits in any order
 * @returns {{ periods: OutpatientPeriod[], visits: ChargedVisit[], current: OutpatientPeriod|null }}
 *   `visits` is in processing (date) order; `current` is the last period, or
 *   null when no visit cost anything.
 * @throws {RangeError} on an invalid date, a negative fee or an invalid ceiling
 */
export function outpatientFromVisits({ ceiling, visits }) {
  if (!Array.isArray(visits)) throw new RangeError('visits must be an array of { date, fee }');
  const ceilingOn =
    typeof ceiling === 'function'
      ? (dateIso) => nonNegativeAmount(ceiling(dateIso), `ceiling(${dateIso})`)
      : ((value) => () => value)(nonNegativeAmount(ceiling, 'ceiling'));

  const ordered = visits.map((visit, inputIndex) => {
    if (visit === null || typeof visit !== 'object') {
      throw new RangeError(`visits[${inputIndex}] must be an object { date, fee }`);
    }
    return {
      inputIndex,
      date: visit.date,
      day: dayNumber(visit.date, `visits[${inputIndex}].date`),
      fee: nonNegativeAmount(visit.fee, `visits[${inputIndex}].fee`),
    };
  });
  ordered.sort((a, b) => a.day - b.day || a.inputIndex - b.inputIndex);

  /** @type {{ start: string, end: string, endDay: number, ceilingOre: number, paidOre: number, frikortFrom: string|null }[]} */
  const periods = [];
  const charged = [];
  for (const visit of ordered) {
    let period = periods[periods.length - 1];
    if ((!period || visit.day > period.endDay) && visit.fee > 0) {
      const end = periodEnd(visit.date);
      period = {
        start: visit.date,
        end,
        endDay: dayNumber(end, 'periodEnd'),
        ceilingOre: toOre(ceilingOn(visit.date)),
        paidOre: 0,
        frikortFrom: null,
      };
      periods.push(period);
    }
    const inPeriod = period !== undefined && visit.day <= period.endDay;
    let chargedOre = 0;
    if (inPeriod) {
      const remainingOre = Math.max(0, period.ceilingOre - period.paidOre);
      chargedOre = Math.min(toOre(visit.fee), remainingOre);
      period.paidOre += chargedOre;
      if (period.frikortFrom === null && period.paidOre >= period.ceilingOre) {
        period.frikortFrom = visit.date;
      }
    }
    charged.push({
      date: visit.date,
      fee: visit.fee,
      charged: chargedOre / 100,
      periodIndex: inPeriod ? periods.length - 1 : null,
      inputIndex: visit.inputIndex,
    });
  }

  const periodsOut = periods.map((p) => ({
    start: p.start,
    end: p.end,
    ceiling: p.ceilingOre / 100,
    paid: p.paidOre / 100,
    remaining: Math.max(0, p.ceilingOre - p.paidOre) / 100,
    frikortFrom: p.frikortFrom,
  }));
  return {
    periods: periodsOut,
    visits: charged,
    current: periodsOut.length > 0 ? periodsOut[periodsOut.length - 1] : null,
  };
}

/**
 * @typedef {object} MedicineStep
 * @property {number} up_to upper bound (kronor of accumulated full price) of the step
 * @property {number} share percent of the price the patient pays within the step (0..100)
 */

/**
 * @param {unknown} steps
 * @returns {MedicineStep[]}
 * @throws {RangeError}
 */
function checkSteps(steps) {
  if (!Array.isArray(steps) || steps.length === 0) {
    throw new RangeError('steps must be a non-empty array of { up_to, share }');
  }
  let previous = 0;
  steps.forEach((step, i) => {
    const upTo = step && step.up_to;
    const share = step && step.share;
    if (typeof upTo !== 'number' || !Number.isFinite(upTo) || upTo <= previous) {
      throw new RangeError(`steps[${i}].up_to must be a number greater than ${previous}, got ${JSON.stringify(upTo)}`);
    }
    if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 100) {
      throw new RangeError(`steps[${i}].share must be a percentage from 0 to 100, got ${JSON.stringify(share)}`);
    }
    previous = upTo;
  });
  return steps;
}

/**
 * Unrounded patient payment for an accumulated full price (steps already checked).
 * @param {MedicineStep[]} steps
 * @param {number} total
 * @returns {number}
 */
function paidForTotal(steps, total) {
  let paid = 0;
  let lower = 0;
  for (const { up_to: upTo, share } of steps) {
    if (total <= lower) break;
    paid += ((Math.min(total, upTo) - lower) * share) / 100;
    lower = upTo;
  }
  return paid;
}

/**
 * What the patient has paid in total when the accumulated full price of
 * prescription medicines in the period is `total`.
 *
 * Each step covers the full price from the previous step's `up_to` (0 for
 * the first) up to and including its own `up_to`, and the patient pays
 * `share` percent of that part. Above the last `up_to` the patient pays 0.
 *
 * @example medicinePaid([{up_to:1300,share:100},{up_to:2600,share:50}], 2000) // 1650
 * @param {MedicineStep[]} steps thresholds in increasing order
 * @param {number} total accumulated full price in kronor, 0 or more
 * @returns {number} kronor paid, rounded to öre
 * @throws {RangeError} on invalid steps or a negative total
 */
export function medicinePaid(steps, total) {
  checkSteps(steps);
  nonNegativeAmount(total, 'total');
  return roundToOre(paidForTotal(steps, total));
}

/**
 * What the next prescription medicine will cost, given the accumulated full
 * price so far in the period.
 *
 * @param {{ steps: MedicineStep[] }} rules e.g. a fee period with `steps`
 * @param {number} totalSoFar accumulated full price so far, 0 or more
 * @param {number} nextPrice full price of the next purchase, 0 or more
 * @returns {{
 *   paidSoFar: number,
 *   stepIndex: number,
 *   share: number,
 *   nextCost: number,
 *   paidAfter: number,
 *   ceiling: number,
 *   remainingToCeiling: number,
 * }} amounts in kronor rounded to öre. `stepIndex` (0-based) is the step the
 *   next krona falls in: the first step whose `up_to` is greater than
 *   `totalSoFar` (so at exactly a threshold it is the following step), and
 *   `steps.length` when above all steps (free). `share` is that step's share,
 *   0 when free. `nextCost` = paidAfter − paidSoFar; `ceiling` is the most a
 *   patient can pay in a period.
 * @throws {RangeError} on invalid steps or negative amounts
 */
export function medicineNext({ steps }, totalSoFar, nextPrice) {
  checkSteps(steps);
  nonNegativeAmount(totalSoFar, 'totalSoFar');
  nonNegativeAmount(nextPrice, 'nextPrice');
  const paidSoFar = roundToOre(paidForTotal(steps, totalSoFar));
  const paidAfter = roundToOre(paidForTotal(steps, totalSoFar + nextPrice));
  const ceiling = roundToOre(paidForTotal(steps, steps[steps.length - 1].up_to));
  let stepIndex = steps.findIndex((step) => totalSoFar < step.up_to);
  if (stepIndex === -1) stepIndex = steps.length;
  return {
    paidSoFar,
    stepIndex,
    share: stepIndex < steps.length ? steps[stepIndex].share : 0,
    nextCost: roundToOre(paidAfter - paidSoFar),
    paidAfter,
    ceiling,
    remainingToCeiling: roundToOre(Math.max(0, ceiling - paidSoFar)),
  };
}

/**
 * The fee period valid on `date`.
 *
 * Both bounds are inclusive: a period applies from `valid_from` through
 * `valid_to`; a missing (or null) `valid_to` means open-ended. When several
 * periods match, the one with the latest `valid_from` wins.
 *
 * @template {{ valid_from: string, valid_to?: string|null }} P
 * @param {P[]} periods fee periods in any order
 * @param {string} date 'YYYY-MM-DD'
 * @returns {P|null} the period valid on `date`, or null when none is
 * @throws {RangeError} on an invalid date in `date` or in a period
 */
export function periodFor(periods, date) {
  if (!Array.isArray(periods)) throw new RangeError('periods must be an array of { valid_from, valid_to? }');
  const day = dayNumber(date, 'date');
  let best = null;
  let bestFrom = -Infinity;
  periods.forEach((period, i) => {
    const from = dayNumber(period && period.valid_from, `periods[${i}].valid_from`);
    const hasEnd = period.valid_to !== undefined && period.valid_to !== null;
    const to = hasEnd ? dayNumber(period.valid_to, `periods[${i}].valid_to`) : Infinity;
    if (from <= day && day <= to && from > bestFrom) {
      best = period;
      bestFrom = from;
    }
  });
  return best;
}

/**
 * Children and young people under this age get prescription medicines within
 * the benefit free of charge (lag 2002:160 om läkemedelsförmåner m.m., 19 §;
 * TLV). Fixed by law, not by region, so it is not in the fee data.
 */
export const MEDICINE_FREE_UNDER_AGE = 18;

/**
 * @param {unknown} age
 * @returns {number|null} null when no age was given
 * @throws {RangeError} when an age is given but is not a number 0..150
 */
function optionalAge(age) {
  if (age === undefined || age === null) return null;
  if (typeof age !== 'number' || !Number.isFinite(age) || age < 0 || age > 150) {
    throw new RangeError(`age must be a number of years from 0 to 150, got ${JSON.stringify(age)}`);
  }
  return age;
}

/**
 * @typedef {object} MedicineLadder
 * @property {MedicineStep[]} steps the steps valid on the purchase date
 * @property {number} ceiling the most a patient pays in a period on this ladder
 * @property {boolean} example the fee period the ladder comes from has `example: true`
 * @property {'new'|'old'} scheme `'old'` when the ladder is the fee period's
 *   `medicines_started_before` ladder, or when the high-cost period started
 *   before the scheme change (the earliest `medicines_started_before.date` in
 *   the data, 1 July 2025); `'new'` otherwise
 * @property {string|null} startedBefore the `medicines_started_before.date`
 *   that selected the old ladder, or null when the fee period's own
 *   `medicines` ladder applies
 * @property {object} period the fee period valid on the purchase date
 */

/**
 * The medicine ladder for a purchase, chosen by the start of the patient's
 * 12-month high-cost period among the ladders valid on the purchase date.
 *
 * The fee period valid on `purchaseDate` (see periodFor) decides: when it has
 * `high_cost.medicines_started_before` and `periodStart` is before that
 * `date`, the older ladder in it applies (periods begun before 1 July 2025
 * keep the old scheme, adjusted on 1 January like every ladder); otherwise the
 * fee period's `high_cost.medicines` applies. So the ladder is always the one
 * valid on the purchase date, never the one valid on the period's start.
 *
 * @param {object[]} periods fee periods (the `periods` of `data-fees`)
 * @param {string} periodStart first purchase of the high-cost period, 'YYYY-MM-DD'
 * @param {string} purchaseDate date of the purchase, 'YYYY-MM-DD', not before `periodStart`
 * @returns {MedicineLadder|null} null when no fee period covers `purchaseDate`
 * @throws {RangeError} on invalid dates or a purchase before the period start
 */
export function medicineLadder(periods, periodStart, purchaseDate) {
  const startDay = dayNumber(periodStart, 'periodStart');
  if (dayNumber(purchaseDate, 'purchaseDate') < startDay) {
    throw new RangeError(`purchaseDate ${purchaseDate} is before periodStart ${periodStart}`);
  }
  const period = periodFor(periods, purchaseDate);
  if (!period) return null;
  const older = period.high_cost.medicines_started_before;
  const useOlder = Boolean(older) && startDay < dayNumber(older.date, 'medicines_started_before.date');
  const ladder = useOlder ? older : period.high_cost.medicines;
  checkSteps(ladder.steps);
  nonNegativeAmount(ladder.ceiling, 'ceiling');
  let change = Infinity;
  for (const p of periods) {
    const d = p && p.high_cost && p.high_cost.medicines_started_before;
    if (d) change = Math.min(change, dayNumber(d.date, 'medicines_started_before.date'));
  }
  return {
    steps: ladder.steps,
    ceiling: ladder.ceiling,
    example: Boolean(period.example),
    scheme: useOlder || startDay < change ? 'old' : 'new',
    startedBefore: useOlder ? older.date : null,
    period,
  };
}

/**
 * Unrounded payment on a ladder: the steps, never more than the ladder's
 * `ceiling` (the data's steps may add up to a few öre more than the ceiling,
 * because some thresholds are derived; the ceiling is the legal maximum).
 * @param {{ steps: MedicineStep[], ceiling: number }} ladder
 * @param {number} total
 * @returns {number}
 */
function ladderPaid(ladder, total) {
  return Math.min(paidForTotal(ladder.steps, total), ladder.ceiling);
}

/**
 * @param {{ steps: MedicineStep[] }} ladder
 * @param {number} total
 * @returns {boolean} the accumulated full price has reached the last threshold (frikort)
 */
function ladderFree(ladder, total) {
  return total >= ladder.steps[ladder.steps.length - 1].up_to;
}

/**
 * @typedef {object} MedicinePurchase
 * @property {'ok'|'child'|'no_data'} status `'child'`: the patient is under
 *   18 and pays nothing (`cost` 0); `'no_data'`: no fee period covers `date`
 *   (the other fields are absent); `'ok'`: the fields below are set
 * @property {string} [date] the date without fee data (status 'no_data')
 * @property {number} cost what the next purchase costs, one-time sum included
 * @property {number} oneTimeSum the part of `cost` caused by the 1 January
 *   adjustment of the ladder (engångssumma); 0 when there was none
 * @property {number} [purchaseCost] `cost − oneTimeSum`: what the purchase
 *   costs on the current ladder once the adjustment is paid
 * @property {number} [paidSoFar] what the patient has paid for `totalSoFar`
 *   (on the ladder those purchases were made on)
 * @property {number} [paidAfter] `paidSoFar + cost`
 * @property {number} [ceiling] the ceiling of the ladder on the purchase date
 * @property {number} [remainingToCeiling] max(0, ceiling − paidSoFar), 0 with a frikort
 * @property {number} [stepIndex] 0-based step of the current ladder the next
 *   krona falls in (as in medicineNext); `steps.length` with a frikort
 * @property {number} [share] that step's share in percent, 0 with a frikort
 * @property {boolean} [frikort] the patient already had a frikort before this purchase
 * @property {boolean} [example] a fee period used has `example: true`
 * @property {MedicineLadder} [ladder] the ladder valid on the purchase date
 * @property {MedicineLadder} [previousLadder] the ladder the earlier purchases
 *   were made on (the same object as `ladder` when nothing was adjusted)
 */

/**
 * What the next prescription-medicine purchase costs.
 *
 * Model (amounts in kronor, results rounded to öre):
 * - Age: with `age` < 18 the purchase is free (status 'child'), whatever the
 *   dates. The age is the patient's age on the purchase date.
 * - The period runs from `periodStart` to periodEnd(periodStart); a purchase
 *   outside it throws (after the end a new period starts: call again with
 *   `periodStart = purchaseDate` and `totalSoFar = 0`).
 * - `ladder` = medicineLadder(periods, periodStart, purchaseDate).
 * - The earlier purchases (`totalSoFar`, accumulated full price) are taken to
 *   have been made on `previousLadder`: when `periodStart` is in an earlier
 *   calendar year than `purchaseDate` (a 12-month period crosses at most one
 *   New Year) and `adjustmentPaid` is not true, that is
 *   medicineLadder(periods, periodStart, <31 December of the previous year>),
 *   i.e. this is the first purchase after New Year; otherwise it is `ladder`.
 *   Ladder changes within a calendar year (e.g. 1 July 2025) carry no one-time
 *   sum; the data gives such periods the same steps on both sides.
 * - paid(L, t) = min(L.ceiling, sum over L's steps); frikort on L when
 *   t ≥ L's last `up_to`.
 * - A patient who had a frikort on `previousLadder` keeps it for the rest of
 *   the period: cost 0 (eHälsomyndigheten).
 * - Otherwise the accumulated full price is placed on the new ladder:
 *   cost = max(0, paid(ladder, totalSoFar + nextPrice) − paid(previousLadder, totalSoFar)),
 *   oneTimeSum = max(0, paid(ladder, totalSoFar) − paid(previousLadder, totalSoFar)).
 *
 * @param {object[]} periods fee periods (the `periods` of `data-fees`)
 * @param {object} input
 * @param {string} input.periodStart first purchase of the period, 'YYYY-MM-DD'
 * @param {string} input.purchaseDate date of the next purchase, 'YYYY-MM-DD'
 * @param {number} input.totalSoFar accumulated full price in the period before this purchase
 * @param {number} input.nextPrice full price of the next purchase
 * @param {number|null} [input.age] the patient's age in years; null/absent when not given
 * @param {boolean} [input.adjustmentPaid] the one-time sum has already been
 *   paid (the patient has bought medicines since 1 January)
 * @returns {MedicinePurchase}
 * @throws {RangeError} on invalid dates, amounts or age, or a purchase outside the period
 */
export function medicinePurchase(periods, { periodStart, purchaseDate, totalSoFar, nextPrice, age, adjustmentPaid = false }) {
  const start = parseIsoDate(periodStart, 'periodStart');
  const purchase = parseIsoDate(purchaseDate, 'purchaseDate');
  nonNegativeAmount(totalSoFar, 'totalSoFar');
  nonNegativeAmount(nextPrice, 'nextPrice');
  const years = optionalAge(age);
  const day = dayNumber(purchaseDate, 'purchaseDate');
  const end = periodEnd(periodStart);
  if (day < dayNumber(periodStart, 'periodStart') || day > dayNumber(end, 'periodEnd')) {
    throw new RangeError(`purchaseDate ${purchaseDate} is outside the period ${periodStart} to ${end}`);
  }
  if (years !== null && years < MEDICINE_FREE_UNDER_AGE) {
    return { status: 'child', cost: 0, oneTimeSum: 0 };
  }
  const ladder = medicineLadder(periods, periodStart, purchaseDate);
  if (!ladder) return { status: 'no_data', date: purchaseDate };
  let previousLadder = ladder;
  if (start.year < purchase.year && !adjustmentPaid) {
    const newYearsEve = isoFromDays(daysFromCivil(purchase.year, 1, 1) - 1);
    previousLadder = medicineLadder(periods, periodStart, newYearsEve);
    if (!previousLadder) return { status: 'no_data', date: newYearsEve };
  }
  const example = ladder.example || previousLadder.example;
  const paidSoFar = roundToOre(ladderPaid(previousLadder, totalSoFar));
  const ceiling = roundToOre(ladder.ceiling);
  if (ladderFree(previousLadder, totalSoFar) || (previousLadder === ladder && ladderFree(ladder, totalSoFar))) {
    return {
      status: 'ok', cost: 0, oneTimeSum: 0, purchaseCost: 0, paidSoFar, paidAfter: paidSoFar, ceiling,
      remainingToCeiling: 0, stepIndex: ladder.steps.length, share: 0, frikort: true, example, ladder, previousLadder,
    };
  }
  const paidAfter = Math.max(paidSoFar, roundToOre(ladderPaid(ladder, totalSoFar + nextPrice)));
  const cost = roundToOre(paidAfter - paidSoFar);
  const adjusted = roundToOre(ladderPaid(ladder, totalSoFar));
  const oneTimeSum = roundToOre(Math.min(cost, Math.max(0, adjusted - paidSoFar)));
  let stepIndex = ladder.steps.findIndex((step) => totalSoFar < step.up_to);
  if (stepIndex === -1) stepIndex = ladder.steps.length;
  return {
    status: 'ok',
    cost,
    oneTimeSum,
    purchaseCost: roundToOre(cost - oneTimeSum),
    paidSoFar,
    paidAfter,
    ceiling,
    remainingToCeiling: roundToOre(Math.max(0, ceiling - paidSoFar)),
    stepIndex,
    share: stepIndex < ladder.steps.length ? ladder.steps[stepIndex].share : 0,
    frikort: false,
    example,
    ladder,
    previousLadder,
  };
}

/**
 * Whether the region's age rules make outpatient visits free: under the fee
 * period's `free_under_age`, or from its `free_from_age`.
 *
 * @param {{ free_under_age: number, free_from_age: number }} period the fee period valid on the visit date
 * @param {number|null|undefined} age the patient's age in years, or null/undefined when not given
 * @returns {'under'|'from'|null} why the visit is free, or null when it is not (or no age is given)
 * @throws {RangeError} on an invalid age
 */
export function outpatientAgeFree(period, age) {
  const years = optionalAge(age);
  if (years === null) return null;
  if (years < period.free_under_age) return 'under';
  if (years >= period.free_from_age) return 'from';
  return null;
}

/**
 * The fee of one outpatient visit, with the region's age rules.
 *
 * @param {object[]} periods fee periods
 * @param {{ date: string, type: string, age?: number|null }} visit
 * @returns {{ status: 'no_data', date: string }
 *   | { status: 'ok', fee: number, listed: number, freeBy: 'under'|'from'|null, example: boolean, period: object }}
 *   `listed` is the fee in the fee list; `fee` is 0 when `freeBy` is set.
 * @throws {RangeError} on an invalid date or age, or a visit type the fee period does not list
 */
export function visitFee(periods, { date, type, age }) {
  const period = periodFor(periods, date);
  if (!period) return { status: 'no_data', date };
  const entry = period.visits.find((v) => v.type === type);
  if (!entry) throw new RangeError(`no fee for visit type ${JSON.stringify(type)} on ${date}`);
  const freeBy = outpatientAgeFree(period, age);
  return { status: 'ok', fee: freeBy ? 0 : entry.amount, listed: entry.amount, freeBy, example: Boolean(period.example), period };
}

/**
 * The dates the fee data covers.
 *
 * @param {{ valid_from: string, valid_to?: string|null }[]} periods
 * @returns {{ from: string, to: string|null, gaps: { from: string, to: string }[] } | null}
 *   `from` is the earliest `valid_from`; `to` the last day covered, or null
 *   when a period is open-ended ("onwards"); `gaps` are the uncovered
 *   stretches between `from` and `to` (inclusive dates). null when there are
 *   no periods.
 * @throws {RangeError} on invalid dates
 */
export function coverage(periods) {
  if (!Array.isArray(periods)) throw new RangeError('periods must be an array of { valid_from, valid_to? }');
  const spans = periods
    .map((p, i) => {
      const from = dayNumber(p && p.valid_from, `periods[${i}].valid_from`);
      const open = p.valid_to === undefined || p.valid_to === null;
      return { from, to: open ? Infinity : dayNumber(p.valid_to, `periods[${i}].valid_to`) };
    })
    .sort((a, b) => a.from - b.from);
  if (spans.length === 0) return null;
  const gaps = [];
  let reach = spans[0].to;
  for (const span of spans.slice(1)) {
    if (span.from > reach + 1) gaps.push({ from: isoFromDays(reach + 1), to: isoFromDays(span.from - 1) });
    reach = Math.max(reach, span.to);
  }
  return { from: isoFromDays(spans[0].from), to: reach === Infinity ? null : isoFromDays(reach), gaps };
}

/**
 * How the fee tables write amounts (`amount` in src/render/fees.rs): the same
 * in every language, Latin digits, no thousands separator, '.' before öre.
 */
export const TABLE_SEPARATORS = Object.freeze({ group: '', decimal: '.' });

/**
 * Formats an amount of kronor exactly as the server-rendered fee tables do
 * (`amount` in src/render/fees.rs): whole kronor without decimals when the
 * amount is within 1e-9 of a whole number, otherwise two decimals. The unit
 * ("kr", "SEK …") comes from the surrounding translated string.
 *
 * @example formatKronor(2950) // '2950'
 * @example formatKronor(1952.5) // '1952.50'
 * @example formatKronor(2950, { group: '\u00a0', decimal: ',' }) // '2\u00a0950'
 * @param {number} amount kronor
 * @param {{ group: string, decimal: string }} [separators] thousands
 *   separator and decimal mark; defaults to the tables' (TABLE_SEPARATORS)
 * @returns {string} Latin digits in every language
 * @throws {RangeError} when `amount` is not a finite number
 */
export function formatKronor(amount, separators = TABLE_SEPARATORS) {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    throw new RangeError(`amount must be a finite number, got ${JSON.stringify(amount)}`);
  }
  const whole = Math.abs(amount - Math.round(amount)) < 1e-9;
  // Math.round rounds -0.5 towards +inf; Rust's f64::round away from zero.
  const text = whole ? String(Math.sign(amount) * Math.round(Math.abs(amount)) + 0) : amount.toFixed(2);
  const parts = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!parts) return text; // beyond 1e21: exponent notation, as no fee ever is
  const [, sign, int, frac] = parts;
  const grouped = separators.group ? int.replace(/\B(?=(\d{3})+$)/g, separators.group) : int;
  return `${sign}${grouped}${frac === undefined ? '' : separators.decimal + frac}`;
}
