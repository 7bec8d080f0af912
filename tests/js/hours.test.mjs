import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rangesOn, stateAt, weekdayOf, stockholmNow } from '../../themes/default/static/js/hours.js';

// Calendar used below (2026): Mon 5 Jan, Fri 9 Jan, Sat 10 Jan, Sun 11 Jan,
// Mon 12 Jan; Wed 23 Dec, Thu 24 Dec, Fri 25 Dec, Sat 26 Dec, Thu 31 Dec.

/** A health centre: weekdays with a lunch closure, short Saturdays, closed Sundays. */
const healthCentre = [
  // afternoon listed first on purpose: output must be sorted
  { days: [1, 2, 3, 4, 5], opens: '13:00', closes: '17:00' },
  { days: [1, 2, 3, 4, 5], opens: '08:00', closes: '12:00' },
  { days: [6], opens: '10:00', closes: '14:00' },
];
const holidays = [
  { date: '2026-12-24', closed: true },
  { date: '2026-12-25', closed: true },
  { date: '2026-12-31', opens: '08:00', closes: '13:00' },
];
const at = (date, time) => {
  const [h, m] = time.split(':').map(Number);
  return { date, minutes: h * 60 + m };
};

describe('weekdayOf', () => {
  test('ISO weekdays, Monday = 1 … Sunday = 7', () => {
    assert.equal(weekdayOf('2026-01-05'), 1);
    assert.equal(weekdayOf('2026-01-09'), 5);
    assert.equal(weekdayOf('2026-01-10'), 6);
    assert.equal(weekdayOf('2026-01-11'), 7);
    assert.equal(weekdayOf('1970-01-01'), 4);
    assert.equal(weekdayOf('2028-02-29'), 2);
    assert.equal(weekdayOf('1969-12-31'), 3);
  });

  test('invalid dates throw RangeError', () => {
    assert.throws(() => weekdayOf('2026-02-29'), RangeError);
    assert.throws(() => weekdayOf('2026-1-5'), RangeError);
    assert.throws(() => weekdayOf(undefined), RangeError);
  });
});

describe('rangesOn', () => {
  test('weekday with lunch closure, sorted', () => {
    assert.deepEqual(rangesOn(healthCentre, holidays, '2026-01-05'), [
      { opens: '08:00', closes: '12:00' },
      { opens: '13:00', closes: '17:00' },
    ]);
  });

  test('Saturday hours and closed Sunday', () => {
    assert.deepEqual(rangesOn(healthCentre, holidays, '2026-01-10'), [{ opens: '10:00', closes: '14:00' }]);
    assert.deepEqual(rangesOn(healthCentre, holidays, '2026-01-11'), []);
  });

  test('a special closed day overrides the regular hours', () => {
    assert.deepEqual(rangesOn(healthCentre, holidays, '2026-12-24'), []);
    assert.deepEqual(rangesOn(healthCentre, holidays, '2026-12-23'), [
      { opens: '08:00', closes: '12:00' },
      { opens: '13:00', closes: '17:00' },
    ]);
  });

  test('special hours replace all regular ranges of the date', () => {
    assert.deepEqual(rangesOn(healthCentre, holidays, '2026-12-31'), [{ opens: '08:00', closes: '13:00' }]);
  });

  test('several special entries for one date give several ranges', () => {
    const special = [
      { date: '2026-04-03', opens: '14:00', closes: '16:00' },
      { date: '2026-04-03', opens: '09:00', closes: '11:00' },
    ];
    assert.deepEqual(rangesOn(healthCentre, special, '2026-04-03'), [
      { opens: '09:00', closes: '11:00' },
      { opens: '14:00', closes: '16:00' },
    ]);
  });

  test('missing special list is treated as empty', () => {
    assert.equal(rangesOn(healthCentre, undefined, '2026-01-05').length, 2);
  });

  test('malformed hours throw RangeError', () => {
    assert.throws(() => rangesOn([{ days: [1], opens: '8:00', closes: '17:00' }], [], '2026-01-05'), RangeError);
    assert.throws(() => rangesOn([{ days: [1], opens: '17:00', closes: '17:00' }], [], '2026-01-05'), RangeError);
    assert.throws(() => rangesOn([{ days: [1], opens: '08:00', closes: '24:30' }], [], '2026-01-05'), RangeError);
    assert.throws(() => rangesOn([{ days: [1], opens: '08:60', closes: '17:00' }], [], '2026-01-05'), RangeError);
    assert.throws(() => rangesOn([{ opens: '08:00', closes: '17:00' }], [], '2026-01-05'), RangeError);
    assert.throws(() => rangesOn([], [{ date: '2026-13-01', closed: true }], '2026-01-05'), RangeError);
  });
});

describe('stateAt', () => {
  test('open in the morning, closes for lunch', () => {
    assert.deepEqual(stateAt(healthCentre, holidays, at('2026-01-05', '11:00')), {
      open: true,
      closesAt: '12:00',
      closesOn: '2026-01-05',
      nextOpen: null,
    });
  });

  test('opening minute is open, closing minute is closed', () => {
    assert.equal(stateAt(healthCentre, holidays, at('2026-01-05', '08:00')).open, true);
    assert.equal(stateAt(healthCentre, holidays, at('2026-01-05', '11:59')).open, true);
    assert.equal(stateAt(healthCentre, holidays, at('2026-01-05', '12:00')).open, false);
  });

  test('closed for lunch: opens again the same day', () => {
    assert.deepEqual(stateAt(healthCentre, holidays, at('2026-01-05', '12:30')), {
      open: false,
      closesAt: null,
      closesOn: null,
      nextOpen: { date: '2026-01-05', time: '13:00' },
    });
  });

  test('before opening in the morning', () => {
    assert.deepEqual(stateAt(healthCentre, holidays, at('2026-01-05', '06:15')).nextOpen, {
      date: '2026-01-05',
      time: '08:00',
    });
  });

  test('Saturday hours', () => {
    assert.deepEqual(stateAt(healthCentre, holidays, at('2026-01-10', '11:00')), {
      open: true,
      closesAt: '14:00',
      closesOn: '2026-01-10',
      nextOpen: null,
    });
    assert.deepEqual(stateAt(healthCentre, holidays, at('2026-01-09', '17:00')).nextOpen, {
      date: '2026-01-10',
      time: '10:00',
    });
  });

  test('nextOpen across the weekend', () => {
    assert.deepEqual(stateAt(healthCentre, holidays, at('2026-01-10', '15:00')), {
      open: false,
      closesAt: null,
      closesOn: null,
      nextOpen: { date: '2026-01-12', time: '08:00' },
    });
    const weekdaysOnly = [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '17:00' }];
    assert.deepEqual(stateAt(weekdaysOnly, [], at('2026-01-09', '18:00')).nextOpen, {
      date: '2026-01-12',
      time: '08:00',
    });
  });

  test('nextOpen skips special closed days', () => {
    // Wed 23 Dec evening; 24 and 25 Dec are closed; Sat 26 Dec has Saturday hours
    assert.deepEqual(stateAt(healthCentre, holidays, at('2026-12-23', '18:00')).nextOpen, {
      date: '2026-12-26',
      time: '10:00',
    });
    // on the closed day itself, in what would be regular opening hours
    assert.deepEqual(stateAt(healthCentre, holidays, at('2026-12-24', '10:00')), {
      open: false,
      closesAt: null,
      closesOn: null,
      nextOpen: { date: '2026-12-26', time: '10:00' },
    });
  });

  test('special hours: open short day, then regular hours again', () => {
    assert.equal(stateAt(healthCentre, holidays, at('2026-12-31', '12:00')).closesAt, '13:00');
    assert.deepEqual(stateAt(healthCentre, holidays, at('2026-12-31', '14:00')).nextOpen, {
      date: '2027-01-01',
      time: '08:00',
    });
  });

  test('24-hour unit: open with no closing time', () => {
    const allDay = [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }];
    for (const time of ['00:00', '12:00', '23:59']) {
      assert.deepEqual(stateAt(allDay, [], at('2026-01-11', time)), {
        open: true,
        closesAt: null,
        closesOn: null,
        nextOpen: null,
      });
    }
  });

  test('24-hour weekdays: closing time shown once it is within 24 hours', () => {
    const weekdaysAllDay = [{ days: [1, 2, 3, 4, 5], opens: '00:00', closes: '24:00' }];
    // Thursday noon: open until Friday 24:00, more than 24 hours away
    assert.equal(stateAt(weekdaysAllDay, [], at('2026-01-08', '12:00')).closesAt, null);
    // Friday noon: closes at midnight
    assert.deepEqual(stateAt(weekdaysAllDay, [], at('2026-01-09', '12:00')), {
      open: true,
      closesAt: '24:00',
      closesOn: '2026-01-09',
      nextOpen: null,
    });
    // Thursday 23:59: closes in 24h01m — still more than 24 hours
    assert.equal(stateAt(weekdaysAllDay, [], at('2026-01-08', '23:59')).closesAt, null);
    // Friday 00:00: closes in exactly 24 hours
    assert.equal(stateAt(weekdaysAllDay, [], at('2026-01-09', '00:00')).closesAt, '24:00');
    // Saturday: closed until Monday 00:00
    assert.deepEqual(stateAt(weekdaysAllDay, [], at('2026-01-10', '09:00')).nextOpen, {
      date: '2026-01-12',
      time: '00:00',
    });
  });

  test('closing time at 24:00', () => {
    const evening = [{ days: [5], opens: '18:00', closes: '24:00' }];
    assert.deepEqual(stateAt(evening, [], at('2026-01-09', '20:00')), {
      open: true,
      closesAt: '24:00',
      closesOn: '2026-01-09',
      nextOpen: null,
    });
    assert.equal(stateAt(evening, [], at('2026-01-09', '23:59')).open, true);
  });

  test('24:00 followed by 00:00 the next day is one continuous opening', () => {
    const lateNight = [
      { days: [5], opens: '18:00', closes: '24:00' },
      { days: [6], opens: '00:00', closes: '02:00' },
    ];
    assert.deepEqual(stateAt(lateNight, [], at('2026-01-09', '23:00')), {
      open: true,
      closesAt: '02:00',
      closesOn: '2026-01-10',
      nextOpen: null,
    });
    assert.deepEqual(stateAt(lateNight, [], at('2026-01-10', '01:00')), {
      open: true,
      closesAt: '02:00',
      closesOn: '2026-01-10',
      nextOpen: null,
    });
    // a special closed Saturday cuts the night short at midnight
    assert.equal(
      stateAt(lateNight, [{ date: '2026-01-10', closed: true }], at('2026-01-09', '23:00')).closesAt,
      '24:00',
    );
  });

  test('touching and overlapping ranges on one day merge', () => {
    const split = [
      { days: [1], opens: '08:00', closes: '12:00' },
      { days: [1], opens: '12:00', closes: '15:00' },
      { days: [1], opens: '14:00', closes: '18:00' },
    ];
    assert.equal(stateAt(split, [], at('2026-01-05', '09:00')).closesAt, '18:00');
  });

  test('nextOpen looks 14 days ahead, no further', () => {
    assert.deepEqual(stateAt([], [{ date: '2026-01-19', opens: '09:00', closes: '10:00' }], at('2026-01-05', '12:00')).nextOpen, {
      date: '2026-01-19',
      time: '09:00',
    });
    assert.equal(stateAt([], [{ date: '2026-01-20', opens: '09:00', closes: '10:00' }], at('2026-01-05', '12:00')).nextOpen, null);
    assert.deepEqual(stateAt([], [], at('2026-01-05', '12:00')), {
      open: false,
      closesAt: null,
      closesOn: null,
      nextOpen: null,
    });
  });

  test('invalid moments throw RangeError', () => {
    assert.throws(() => stateAt(healthCentre, holidays, { date: '2026-01-05', minutes: 1440 }), RangeError);
    assert.throws(() => stateAt(healthCentre, holidays, { date: '2026-01-05', minutes: -1 }), RangeError);
    assert.throws(() => stateAt(healthCentre, holidays, { date: '2026-01-32', minutes: 600 }), RangeError);
    assert.throws(() => stateAt(healthCentre, holidays, undefined), RangeError);
  });
});

describe('stockholmNow', () => {
  test('winter time is UTC+1', () => {
    assert.deepEqual(stockholmNow(new Date('2026-01-15T12:00:00Z')), { date: '2026-01-15', minutes: 13 * 60 });
  });

  test('summer time is UTC+2', () => {
    assert.deepEqual(stockholmNow(new Date('2026-07-15T12:00:00Z')), { date: '2026-07-15', minutes: 14 * 60 });
  });

  test('the Swedish date can be a day ahead of UTC', () => {
    assert.deepEqual(stockholmNow(new Date('2026-01-15T23:30:00Z')), { date: '2026-01-16', minutes: 30 });
    // midnight is 00:00, not 24:00
    assert.deepEqual(stockholmNow(new Date('2026-01-15T23:00:00Z')), { date: '2026-01-16', minutes: 0 });
    assert.deepEqual(stockholmNow(new Date('2026-12-31T23:15:00Z')), { date: '2027-01-01', minutes: 15 });
  });

  test('summer time starts 01:00 UTC on the last Sunday of March', () => {
    assert.deepEqual(stockholmNow(new Date('2026-03-29T00:59:00Z')), { date: '2026-03-29', minutes: 1 * 60 + 59 });
    assert.deepEqual(stockholmNow(new Date('2026-03-29T01:00:00Z')), { date: '2026-03-29', minutes: 3 * 60 });
  });

  test('summer time ends 01:00 UTC on the last Sunday of October', () => {
    assert.deepEqual(stockholmNow(new Date('2026-10-25T00:59:00Z')), { date: '2026-10-25', minutes: 2 * 60 + 59 });
    assert.deepEqual(stockholmNow(new Date('2026-10-25T01:00:00Z')), { date: '2026-10-25', minutes: 2 * 60 });
  });

  test('defaults to now and returns a usable moment', () => {
    const now = stockholmNow();
    assert.match(now.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(Number.isInteger(now.minutes) && now.minutes >= 0 && now.minutes < 1440);
  });

  test('invalid instants throw RangeError', () => {
    assert.throws(() => stockholmNow(new Date('nonsense')), RangeError);
    assert.throws(() => stockholmNow('2026-01-15'), RangeError);
  });
});

// Hours past midnight written as one range: a closing time before the opening time is on the
// next day, as schema.org's OpeningHoursSpecification ("If the value for the closes property is
// less than the value for the opens property then the hour range is assumed to span over the
// next day", https://schema.org/closes) and OpenStreetMap's opening_hours (Fr 18:00-02:00) read it.
describe('ranges past midnight', () => {
  const lateFriday = [{ days: [5], opens: '18:00', closes: '02:00' }];
  // 2026-01-09 is a Friday, 2026-01-10 a Saturday.
  test('shown as one range on the day it opens', () => {
    assert.deepEqual(rangesOn(lateFriday, [], '2026-01-09'), [{ opens: '18:00', closes: '02:00' }]);
    assert.deepEqual(rangesOn(lateFriday, [], '2026-01-10'), []);
  });
  test('open after midnight on the next day, closing at 02:00', () => {
    const s = stateAt(lateFriday, [], { date: '2026-01-10', minutes: 60 });
    assert.equal(s.open, true);
    assert.equal(s.closesAt, '02:00');
    assert.equal(s.closesOn, '2026-01-10');
  });
  test('open on the evening itself, closing at 02:00 the next day', () => {
    const s = stateAt(lateFriday, [], { date: '2026-01-09', minutes: 20 * 60 });
    assert.equal(s.open, true);
    assert.equal(s.closesAt, '02:00');
    assert.equal(s.closesOn, '2026-01-10');
  });
  test('closed after 02:00, next open the following Friday at 18:00', () => {
    const s = stateAt(lateFriday, [], { date: '2026-01-10', minutes: 3 * 60 });
    assert.equal(s.open, false);
    assert.deepEqual(s.nextOpen, { date: '2026-01-16', time: '18:00' });
  });
  test('the two-entry form keeps working', () => {
    const twoEntries = [{ days: [5], opens: '18:00', closes: '24:00' }, { days: [6], opens: '00:00', closes: '02:00' }];
    const s = stateAt(twoEntries, [], { date: '2026-01-09', minutes: 20 * 60 });
    assert.equal(s.closesAt, '02:00');
  });
});
