// High-cost protection (högkostnadsskydd) rules for outpatient care and
// prescription medicines.
//
// Pure functions only: no DOM access, no eval, no dependencies besides ./dates.js, so the module
// runs under a strict Content-Security-Policy and in Node for tests. The module
// imports nothing because theme assets get content-hashed file names.
//
// Dates are ISO calendar dates 'YYYY-MM-DD'. All date arithmetic is done on
// day numbers with integer arithmetic, never with local-time Date parsing.
// Money for outpatient care is summed in whole öre (integers) so that repeated
// additions do not drift; medicine amounts are computed exactly and rounded to
// öre only in the values returned.

import { daysFromCivil, isoFromDays } from './dates.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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
