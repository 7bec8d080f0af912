// Numbers that must read left to right in every script: phone numbers, postcodes, amounts with
// their unit, time and date ranges. On a right-to-left page the digit groups of `070-174 06 05`
// or the ends of `08:00–17:00` would otherwise be laid out in the wrong order. The server-side
// twin is the templates' `ltr` filter (src/render/templates.rs); both isolate the same way.

/** `text` in an element isolated as left-to-right, kept on one line (`.ltr` in style.css). */
export function ltr(text) {
  const bdi = document.createElement('bdi');
  bdi.dir = 'ltr';
  bdi.className = 'ltr';
  bdi.textContent = text;
  return bdi;
}

/** `text` with each number in it isolated as left-to-right inside a plain string (LRI … PDI),
 * for text set with `textContent`, such as a sentence with an amount in it. The same rule as the
 * templates' `ltr` filter: digits joined by at most three separators each, and a full stop before
 * a space ends a sentence; the words around a number keep the page's direction. */
export function ltrText(text) {
  return text.replace(/[0-9]+(?:(?:(?!\. )[ \u00a0\u202f.,:/\u2013-]){1,3}[0-9]+)*/g, (n) => `\u2066${n}\u2069`);
}
