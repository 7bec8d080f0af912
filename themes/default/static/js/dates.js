// Calendar-date arithmetic shared by the fee and opening-hours rules: whole days since
// 1970-01-01, never local-time Date parsing, so results do not depend on the visitor's time zone.
// (The site's asset pipeline rewrites `./dates.js` imports to its content-hashed name.)

/**
 * Days since 1970-01-01 for a proleptic Gregorian calendar date.
 * (Howard Hinnant's days_from_civil.)
 * @param {number} year
 * @param {number} month 1..12
 * @param {number} day 1..31
 * @returns {number}
 */
export function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Calendar date for a number of days since 1970-01-01 (inverse of daysFromCivil).
 * @param {number} days
 * @returns {{ year: number, month: number, day: number }}
 */
export function civilFromDays(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/**
 * 'YYYY-MM-DD' for a number of days since 1970-01-01.
 * @param {number} days
 * @returns {string}
 */
export function isoFromDays(days) {
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
