// The health-centre finder: instant filtering of the list that is already on the page (by name or
// place, service, language spoken, open now, accepting new patients), sorting by distance when
// the visitor allows it (computed here, never sent), and picking units to compare.
import { openText } from './clinic.js';
import { rangesOn, stateAt, stockholmNow } from './hours.js';
import { loadFinderData } from './finder-data.js';
import { ltrText } from './ltr.js';

const root = document.getElementById('finder');
if (root) start(root);

async function start(root) {
  const strings = JSON.parse(root.dataset.strings);
  const plural = new Intl.PluralRules(root.dataset.lang);
  const form = document.getElementById('finder-filters');
  const status = document.getElementById('finder-status');
  const list = document.getElementById('finder-list');
  const compareLink = document.getElementById('compare-link');
  const compareCount = document.getElementById('compare-count');
  const data = await loadFinderData(root.dataset.data);
  const byId = new Map(data.units.map((u) => [u.id, u]));
  const items = [...list.querySelectorAll('li.unit')];
  const selected = new Set();
  let origin = null;

  // Add a compare checkbox to each unit.
  for (const li of items) {
    const id = li.dataset.id;
    const label = document.createElement('label');
    label.className = 'compare-pick';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = id;
    box.addEventListener('change', () => {
      if (box.checked) selected.add(id); else selected.delete(id);
      if (selected.size > 4) { box.checked = false; selected.delete(id); }
      updateCompare();
    });
    label.append(box, ' ', strings.compare);
    box.setAttribute('aria-label', `${strings.compare}: ${byId.get(id)?.name ?? id}`);
    li.append(label);
  }
  // Each unit says whether it is open now and its hours today (Swedish time, in the browser).
  const now = stockholmNow();
  for (const li of items) {
    const u = byId.get(li.dataset.id);
    if (!u) continue;
    const today = rangesOn(u.hours, u.special, now.date).map((r) => `${clockOf(r.opens)}–${clockOf(r.closes)}`).join(', ');
    const line = document.createElement('span');
    line.className = 'unit-today';
    line.textContent = `${openText(u, strings, now)} · ${ltrText(strings.today.replace('{hours}', today || strings.closed))}`;
    li.querySelector('.unit-extra').before(document.createElement('br'), line);
  }
  // On a phone the filters start folded, so the list is in sight; the count of filters in use
  // shows on the folded panel.
  const panel = document.getElementById('filter-panel');
  if (window.matchMedia('(max-width: 40rem)').matches) panel.open = false;
  form.hidden = false;

  function updateCompare() {
    compareCount.textContent = String(selected.size);
    const ok = selected.size >= 2;
    // A link without href until two units are picked: then it is a real link (valid HTML: an
    // element with href must not be aria-disabled).
    if (ok) {
      compareLink.href = `${root.dataset.compare}?u=${[...selected].join(',')}`;
      compareLink.removeAttribute('aria-disabled');
    } else {
      compareLink.removeAttribute('href');
      compareLink.setAttribute('aria-disabled', 'true');
    }
  }
  compareLink.addEventListener('click', (e) => { if (selected.size < 2) e.preventDefault(); });

  const fold = (s) => s.toLocaleLowerCase(root.dataset.lang).normalize('NFD').replace(/[\u0300-\u036f]/g, '');

  function matches(u) {
    const text = fold(document.getElementById('f-text').value.trim());
    const service = document.getElementById('f-service').value;
    const language = document.getElementById('f-language').value;
    if (text && !fold(`${u.name} ${u.municipality} ${u.address} ${u.region}`).includes(text)) return false;
    if (service && !u.services.includes(service)) return false;
    if (language && !u.languages.includes(language)) return false;
    if (document.getElementById('f-listing').checked && !u.listingOpen) return false;
    if (document.getElementById('f-open').checked && !stateAt(u.hours, u.special, stockholmNow()).open) return false;
    return true;
  }

  function clockOf(hhmm) {
    return strings.timeFormat ? strings.timeFormat.replace('{h}', hhmm.slice(0, 2)).replace('{m}', hhmm.slice(3, 5)) : hhmm;
  }

  function apply() {
    const active = [
      document.getElementById('f-text').value.trim(),
      document.getElementById('f-service').value,
      document.getElementById('f-language').value,
      document.getElementById('f-open').checked,
      document.getElementById('f-listing').checked,
    ].filter(Boolean).length;
    document.getElementById('filter-count').textContent = active ? `(${active})` : '';
    let shown = 0;
    for (const li of items) {
      const ok = matches(byId.get(li.dataset.id));
      li.hidden = !ok;
      if (ok) shown += 1;
    }
    for (const group of list.querySelectorAll('.municipality-group, .region-group')) {
      group.hidden = !group.querySelector('li.unit:not([hidden])');
    }
    const form_ = strings.count[plural.select(shown)] ?? strings.count.other;
    const count = form_.replace('{count}', String(shown));
    // A postcode in the place's name reads left to right on any page.
    const sorted = placeName ? strings.sortedFrom.replace('{place}', ltrText(placeName)) : strings.sorted;
    status.textContent = origin ? `${count}. ${sorted}` : count;
  }

  function distanceKm(a, b) {
    const rad = (d) => (d * Math.PI) / 180;
    const dLat = rad(b[0] - a[0]);
    const dLon = rad(b[1] - a[1]);
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[0])) * Math.cos(rad(b[0])) * Math.sin(dLon / 2) ** 2;
    return 12742 * Math.asin(Math.sqrt(h));
  }

  // A place instead of the reader's location: the bundled list of Swedish places (GeoNames) and
  // the towns of the units themselves, so that nobody has to share where they are.
  const places = new Map();
  const placeKey = (s) => s.trim().toLocaleLowerCase('sv').normalize('NFC');
  const towns = new Map();
  for (const u of data.units) {
    for (const name of [u.town, u.municipality]) {
      const t = towns.get(name) ?? { lat: 0, lon: 0, n: 0 };
      t.lat += u.geo[0]; t.lon += u.geo[1]; t.n += 1;
      towns.set(name, t);
    }
  }
  for (const [name, t] of towns) places.set(placeKey(name), { name, g: [t.lat / t.n, t.lon / t.n] });
  fetch(root.dataset.places).then((r) => r.json()).then((list) => {
    for (const [name, lat, lon] of list.places) if (!places.has(placeKey(name))) places.set(placeKey(name), { name, g: [lat, lon] });
    const options = document.getElementById('f-place-list');
    options.replaceChildren(...[...places.values()].map((p) => { const o = document.createElement('option'); o.value = p.name; return o; }));
    root.dataset.placesReady = 'true';
  });
  /** Arabic-Indic and Persian digits (as an ar or fa keyboard types them) as 0-9. */
  const westernDigits = (s) => s.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf));
  // A postcode: the postal town it belongs to (GeoNames postal codes), fetched only when a reader
  // types digits. A code that is not in the list falls back to its three-digit area.
  let postcodes = null;
  async function postcodeTown(typed) {
    const digits = westernDigits(typed).replace(/[\s\u00a0]/g, '');
    if (!/^[0-9]{3}([0-9]{2})?$/.test(digits)) return null;
    postcodes ??= fetch(root.dataset.postcodes).then((r) => {
      if (!r.ok) throw new Error(`postcodes: ${r.status}`);
      return r.json();
    }).then((list) => {
      const byCode = new Map();
      const byArea = new Map();
      for (const [town, lat, lon, codes] of list.towns) {
        for (const code of codes.split(' ')) {
          byCode.set(code, { town, g: [lat, lon] });
          // An area's town is the one with the most of its codes.
          const area = code.slice(0, 3);
          const n = codes.split(' ').filter((c) => c.startsWith(area)).length;
          if (!byArea.has(area) || byArea.get(area).n < n) byArea.set(area, { town, g: [lat, lon], n });
        }
      }
      return { byCode, byArea };
    });
    let found;
    try {
      found = await postcodes;
    } catch {
      postcodes = null;
      return null;
    }
    const { byCode, byArea } = found;
    const hit = byCode.get(digits) ?? byArea.get(digits.slice(0, 3));
    if (!hit) return null;
    const shown = digits.length === 5 ? `${digits.slice(0, 3)} ${digits.slice(3)}` : digits;
    return { name: `${shown} (${hit.town})`, g: hit.g };
  }
  let placeName = null;
  async function sortFromPlace() {
    const typed = document.getElementById('f-place').value;
    if (!typed.trim()) return;
    const place = places.get(placeKey(typed)) ?? await postcodeTown(typed.trim());
    if (!place) { status.textContent = ltrText(strings.placeUnknown.replace('{place}', typed.trim())); return; }
    origin = place.g;
    placeName = place.name;
    sortByDistance();
    status.scrollIntoView({ block: 'start' });
  }
  // A postcode typed on a right-to-left page reads left to right in the box as well.
  const placeInput = document.getElementById('f-place');
  placeInput.addEventListener('input', () => { placeInput.dir = /^[0-9\s]+$/.test(westernDigits(placeInput.value)) ? 'ltr' : ''; });
  document.getElementById('f-place-go').addEventListener('click', sortFromPlace);
  document.getElementById('f-place').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); sortFromPlace(); } });
  document.getElementById('f-place').addEventListener('change', sortFromPlace);

  function sortByDistance() {
    const flat = document.createElement('ul');
    flat.className = 'unit-list unit-list--distance';
    const sorted = items
      .map((li) => ({ li, km: distanceKm(origin, byId.get(li.dataset.id).geo) }))
      .sort((a, b) => a.km - b.km);
    for (const { li, km } of sorted) {
      li.querySelector('.unit-extra').textContent = ` · ${strings.km.replace('{km}', km.toLocaleString(root.dataset.lang, { maximumFractionDigits: 1 }))}`;
      flat.append(li);
    }
    for (const group of list.querySelectorAll('.region-group, .unit-list--distance')) group.remove();
    list.prepend(flat);
    apply();
  }

  document.getElementById('f-distance').addEventListener('click', () => {
    if (!navigator.geolocation) { status.textContent = strings.locationFailed; return; }
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        origin = [pos.coords.latitude, pos.coords.longitude];
        placeName = null;
        sortByDistance();
        // The new order is announced (the status line says so) and brought into view.
        status.scrollIntoView({ block: 'start' });
      },
      () => { status.textContent = strings.locationFailed; },
      { maximumAge: 600000, timeout: 10000 },
    );
  });
  form.addEventListener('input', apply);
  form.addEventListener('submit', (e) => e.preventDefault());
  // ?open=now (the "seek care directly" cards link here so): units open now, from the start.
  if (new URLSearchParams(location.search).get('open') === 'now') {
    document.getElementById('f-open').checked = true;
    apply();
  }
  updateCompare();
  root.dataset.ready = 'true';
}
