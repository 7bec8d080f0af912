// The comparison view: two to four units (?u=id,id) side by side, from the finder's data file.
import { openText } from './clinic.js';
import { stockholmNow } from './hours.js';
import { loadFinderData } from './finder-data.js';
import { ltr, ltrText } from './ltr.js';

const root = document.getElementById('compare');
if (root) start(root);

async function start(root) {
  const ids = (new URLSearchParams(location.search).get('u') ?? '').split(',').filter(Boolean).slice(0, 4);
  // The chosen units go along when the reader switches language (the switcher's links are to
  // the compare page in each language, which reads the same ?u=).
  if (ids.length) {
    for (const a of document.querySelectorAll('.lang-switch a[hreflang], .phone-langs a[hreflang]')) {
      const url = new URL(a.href);
      if (url.pathname.endsWith('/clinics/compare/')) {
        url.searchParams.set('u', ids.join(','));
        a.href = url.pathname + url.search;
      }
    }
  }
  document.getElementById('compare-empty').hidden = true;
  const data = await loadFinderData(root.dataset.data);
  const strings = JSON.parse(root.dataset.strings);
  const units = ids.map((id) => data.units.find((u) => u.id === id)).filter(Boolean);
  if (units.length === 0) {
    document.getElementById('compare-none').hidden = false;
    return;
  }
  const L = data.labels;
  const f = L.fields;
  const list = (keys, labels) => (keys.length ? keys.map((k) => labels[k] ?? k).join(', ') : f.none);
  const days = strings.days;
  const hours = (u) => days.map((d, i) => {
    const ranges = u.hours.filter((r) => r.days.includes(i + 1)).map((r) => ltrText(`${r.opens}–${r.closes}`));
    return `${d}: ${ranges.length ? ranges.join(', ') : f.closed}`;
  });
  const rows = [
    [f.type, (u) => u.type],
    [f.address, (u) => `${u.address} (${u.municipality}, ${u.region})`],
    [f.phone, (u) => ltr(u.phone)],
    [f.hours, (u) => [openText(u, strings, stockholmNow()), ...hours(u)]],
    [f.services, (u) => list(u.services, L.services)],
    [f.languages, (u) => list(u.languages, L.languages)],
    [f.accessibility, (u) => list(u.accessibility, L.accessibility)],
    [f.eservices, (u) => list(u.eservices, L.eservices)],
    [f.listing, (u) => (u.listingOpen === null ? f.na : u.listingOpen ? f.yes : f.no)],
  ];
  const table = document.getElementById('compare-table');
  const head = document.createElement('thead');
  const hr = document.createElement('tr');
  hr.append(document.createElement('td'));
  for (const u of units) {
    const th = document.createElement('th');
    th.scope = 'col';
    const a = document.createElement('a');
    a.href = u.url;
    a.textContent = u.name;
    th.append(a);
    hr.append(th);
  }
  head.append(hr);
  const body = document.createElement('tbody');
  for (const [label, value] of rows) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = label;
    tr.append(th);
    for (const u of units) {
      const td = document.createElement('td');
      const v = value(u);
      if (Array.isArray(v)) {
        for (const line of v) { const p = document.createElement('div'); p.textContent = line; td.append(p); }
      } else {
        td.append(v);
      }
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(head, body);
  document.getElementById('compare-wrap').hidden = false;
  root.dataset.ready = 'true';
}
