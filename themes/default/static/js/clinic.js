// A health-centre page: shows whether the unit is open right now (Swedish time), computed in the
// browser from the hours on the page. Nothing is sent anywhere.
import { stateAt, stockholmNow, weekdayOf } from './hours.js';

const el = document.getElementById('open-state');
if (el) {
  const data = JSON.parse(el.dataset.hours);
  const strings = JSON.parse(el.dataset.strings);
  el.textContent = openText(data, strings, stockholmNow());
}

/** The "open now / closed now" sentence for hours `data` ({ hours, special }) at `now`. */
export function openText(data, strings, now) {
  const state = stateAt(data.hours, data.special, now);
  if (state.open) {
    return state.closesAt ? strings.openNow.replace('{time}', clock(state.closesAt, strings.timeFormat)) : strings.openAllDay;
  }
  if (!state.nextOpen) return strings.closedNow;
  const day = strings.days[weekdayOf(state.nextOpen.date) - 1];
  return `${strings.closedNow}. ${strings.opensNext.replace('{day}', day).replace('{time}', clock(state.nextOpen.time, strings.timeFormat))}`;
}

/** 'HH:MM' as the language writes times (`{h}.{m}` in Swedish); unchanged without a format. */
export function clock(hhmm, format) {
  if (!format) return hhmm;
  const [h, m] = hhmm.split(':');
  return format.replace('{h}', h).replace('{m}', m);
}
