// Opening hours of a care unit: which ranges apply on a date, whether the unit
// is open at a given moment, and when it closes or opens next.
//
// Pure functions only: no DOM access, no eval, no dependencies, so the module
// runs under a strict Content-Security-Policy and in Node for tests. The module
// imports only ./dates.js (the asset pipeline rewrites it to the hashed name).
//
// Data format (as carried in the site's JSON, written by `HoursData` in src/render/care.rs):
//   hours   = [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '17:00' }, ...]
//             ISO weekdays (1 = Monday … 7 = Sunday); several ranges per day
//             are allowed; `closes` may be '24:00'.
//   special = [{ date: '2026-12-24', closed: true },
//              { date: '2026-12-31', opens: '08:00', closes: '13:00' }]
//             Special entries replace all regular ranges of their date;
//             several entries for one date give several ranges.
//
// Dates are ISO calendar dates 'YYYY-MM-DD'; all date arithmetic is integer
// arithmetic on day numbers, never local-time Date parsing.

import { daysFromCivil, isoFromDays } from './dates.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_TIME = /^(\d{2}):(\d{2})$/;
const MINUTES_PER_DAY = 24 * 60;
/** How many days ahead stateAt looks for the next opening. */
const LOOKAHEAD_DAYS = 14;

/**
 * @typedef {object} RegularRange
 * @property {number[]} days ISO weekdays 1..7
 * @property {string} opens opening time 'HH:MM'
 * @property {string} closes closing time 'HH:MM' (may be '24:00'), later than `opens`
 */

/**
 * @typedef {object} SpecialEntry
 * @property {string} date 'YYYY-MM-DD'
 * @property {boolean} [closed] true: the unit is closed that date
 * @property {string} [opens] opening time when not closed
 * @property {string} [closes] closing time when not closed
 */

/**
 * @typedef {object} OpenRange
 * @property {string} opens opening time 'HH:MM'
 * @property {string} closes closing time 'HH:MM' ('24:00' = midnight at the end of the day)
 */


/**
 * Day number of a strict 'YYYY-MM-DD' calendar date.
 * @param {unknown} value
 * @param {string} what name used in the error message
 * @returns {number}
 * @throws {RangeError}
 */
function dayNumber(value, what) {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month >= 1 && month <= 12 && day >= 1) {
      const days = daysFromCivil(year, month, day);
      if (isoFromDays(days) === value) return days;
    }
  }
  throw new RangeError(`${what} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/**
 * ISO weekday (1 = Monday … 7 = Sunday) of a day number.
 * @param {number} days days since 1970-01-01 (a Thursday)
 * @returns {number}
 */
function weekdayOfDays(days) {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/**
 * Minutes since midnight for 'HH:MM' (00:00 … 24:00).
 * @param {unknown} value
 * @param {string} what
 * @returns {number}
 * @throws {RangeError}
 */
function clockMinutes(value, what) {
  const match = typeof value === 'string' ? CLOCK_TIME.exec(value) : null;
  if (match) {
    const minutes = Number(match[1]) * 60 + Number(match[2]);
    if (Number(match[2]) < 60 && minutes <= MINUTES_PER_DAY) return minutes;
  }
  throw new RangeError(`${what} must be a time written HH:MM between 00:00 and 24:00, got ${JSON.stringify(value)}`);
}

/**
 * 'HH:MM' for minutes since midnight (1440 gives '24:00').
 * @param {number} minutes
 * @returns {string}
 */
function clockText(minutes) {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Checks one range and returns it in minutes.
 * @param {{ opens?: unknown, closes?: unknown }} range
 * @param {string} what
 * @returns {{ open: number, close: number }}
 * @throws {RangeError} when a time is malformed or the range is empty or reversed
 */
function rangeMinutes(range, what) {
  const open = clockMinutes(range.opens, `${what}.opens`);
  const close = clockMinutes(range.closes, `${what}.closes`);
  if (open >= MINUTES_PER_DAY || close === open) {
    throw new RangeError(`${what} must open before it closes (${range.opens}–${range.closes})`);
  }
  // A closing time before the opening time is on the next day (18:00–02:00), as in schema.org
  // and OpenStreetMap: the range runs past midnight.
  return { open, close: close < open ? close + MINUTES_PER_DAY : close };
}

/**
 * The ranges in minutes that apply on a day number, sorted by opening time.
 * @param {RegularRange[]} hours
 * @param {SpecialEntry[]} special
 * @param {number} days
 * @returns {{ open: number, close: number }[]}
 */
function rangesOnDay(hours, special, days) {
  if (!Array.isArray(hours)) throw new RangeError('hours must be an array of { days, opens, closes }');
  const specials = special == null ? [] : special;
  if (!Array.isArray(specials)) throw new RangeError('special must be an array of { date, closed } or { date, opens, closes }');

  const ranges = [];
  let hasSpecial = false;
  specials.forEach((entry, i) => {
    if (!entry || dayNumber(entry.date, `special[${i}].date`) !== days) return;
    hasSpecial = true;
    if (entry.closed !== true) ranges.push(rangeMinutes(entry, `special[${i}]`));
  });
  if (!hasSpecial) {
    const weekday = weekdayOfDays(days);
    hours.forEach((entry, i) => {
      if (!entry || !Array.isArray(entry.days)) throw new RangeError(`hours[${i}].days must be an array of weekdays 1..7`);
      if (entry.days.includes(weekday)) ranges.push(rangeMinutes(entry, `hours[${i}]`));
    });
  }
  return ranges.sort((a, b) => a.open - b.open || a.close - b.close);
}

/**
 * ISO weekday of a date.
 * @param {string} date 'YYYY-MM-DD'
 * @returns {number} 1 = Monday … 7 = Sunday
 * @throws {RangeError} when `date` is not a valid date
 */
export function weekdayOf(date) {
  return weekdayOfDays(dayNumber(date, 'date'));
}

/**
 * The opening ranges that apply on a date.
 *
 * When `special` has one or more entries for the date they replace the
 * regular hours: entries with `closed: true` contribute no range, the others
 * contribute their `opens`–`closes` range. Otherwise the regular ranges for the date's
 * weekday apply.
 *
 * @param {RegularRange[]} hours regular weekly hours
 * @param {SpecialEntry[]} special dated exceptions (may be empty)
 * @param {string} date 'YYYY-MM-DD'
 * @returns {OpenRange[]} ranges sorted by opening time, [] when closed all day
 * @throws {RangeError} on a malformed date, weekday list or time
 */
export function rangesOn(hours, special, date) {
  return rangesOnDay(hours, special, dayNumber(date, 'date')).map(({ open, close }) => ({
    opens: clockText(open),
    closes: clockText(close > MINUTES_PER_DAY ? close - MINUTES_PER_DAY : close),
  }));
}

/**
 * Whether the unit is open at a moment, and when it closes or next opens.
 *
 * Ranges that touch or overlap (including one ending at 24:00 followed by one
 * starting at 00:00 the next day) count as one continuous opening.
 *
 * @param {RegularRange[]} hours regular weekly hours
 * @param {SpecialEntry[]} special dated exceptions (may be empty)
 * @param {{ date: string, minutes: number }} when local date and minutes since
 *   midnight (0 ≤ minutes < 1440), e.g. from stockholmNow()
 * @returns {{
 *   open: boolean,
 *   closesAt: string|null,
 *   closesOn: string|null,
 *   nextOpen: { date: string, time: string }|null,
 * }}
 *   When open: `closesAt` is the closing time 'HH:MM' ('24:00' for midnight
 *   at the end of `closesOn`) and `closesOn` its date; both are null when the
 *   unit stays open for more than 24 hours from now (e.g. open around the
 *   clock); `nextOpen` is null.
 *   When closed: `closesAt` and `closesOn` are null; `nextOpen` is the next
 *   opening within the coming 14 days, or null when there is none.
 * @throws {RangeError} on malformed input
 */
export function stateAt(hours, special, when) {
  const today = dayNumber(when && when.date, 'when.date');
  const now = when.minutes;
  if (typeof now !== 'number' || !Number.isFinite(now) || now < 0 || now >= MINUTES_PER_DAY) {
    throw new RangeError(`when.minutes must be minutes since midnight (0 ≤ minutes < 1440), got ${JSON.stringify(now)}`);
  }

  /** Ranges of day `today + offset`, in minutes from today's midnight. */
  const rangesAtOffset = (offset) =>
    rangesOnDay(hours, special, today + offset).map(({ open, close }) => ({
      open: open + offset * MINUTES_PER_DAY,
      close: close + offset * MINUTES_PER_DAY,
    }));

  // Is `now` inside a range of today, or one of yesterday's that runs past midnight?
  const current = [...rangesAtOffset(-1), ...rangesAtOffset(0)].filter((r) => r.open <= now && now < r.close);
  if (current.length > 0) {
    // Merge touching or overlapping ranges of today and tomorrow, in opening
    // order. Two days suffice: a closing that is still within 24 hours of now
    // lies before tomorrow's end, so ranges of later days cannot touch it.
    let closesAt = Math.max(...current.map((r) => r.close));
    const nearby = [...rangesAtOffset(0), ...rangesAtOffset(1)].sort((a, b) => a.open - b.open);
    for (const r of nearby) {
      if (r.open <= closesAt && r.close > closesAt) closesAt = r.close;
    }
    if (closesAt - now > MINUTES_PER_DAY) {
      return { open: true, closesAt: null, closesOn: null, nextOpen: null };
    }
    // A closing at exactly midnight is shown as 24:00 of the day before.
    const dayOffset = Math.ceil(closesAt / MINUTES_PER_DAY) - 1;
    return {
      open: true,
      closesAt: clockText(closesAt - dayOffset * MINUTES_PER_DAY),
      closesOn: isoFromDays(today + dayOffset),
      nextOpen: null,
    };
  }

  for (let offset = 0; offset <= LOOKAHEAD_DAYS; offset += 1) {
    const next = rangesAtOffset(offset).find((r) => r.open > now);
    if (next) {
      return {
        open: false,
        closesAt: null,
        closesOn: null,
        nextOpen: { date: isoFromDays(today + offset), time: clockText(next.open - offset * MINUTES_PER_DAY) },
      };
    }
  }
  return { open: false, closesAt: null, closesOn: null, nextOpen: null };
}

/**
 * The current date and time of day in Sweden (Europe/Stockholm, with summer
 * time), independent of the device's own time zone.
 *
 * @param {Date} [instant] the moment to convert; defaults to now
 * @returns {{ date: string, minutes: number }} 'YYYY-MM-DD' and whole minutes
 *   since midnight, ready for stateAt()
 * @throws {RangeError} when `instant` is not a valid Date
 */
export function stockholmNow(instant = new Date()) {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('instant must be a valid Date');
  }
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  /** @type {Record<string, string>} */
  const parts = {};
  for (const { type, value } of format.formatToParts(instant)) parts[type] = value;
  const hour = Number(parts.hour) % 24; // some engines write midnight as 24
  return {
    date: `${parts.year.padStart(4, '0')}-${parts.month}-${parts.day}`,
    minutes: hour * 60 + Number(parts.minute),
  };
}
