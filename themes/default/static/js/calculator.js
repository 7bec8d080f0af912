// The high-cost protection calculator on a region's fee page. The rules are in fees.js (tested
// with node's test runner); this file only reads the forms and writes the answers. Everything
// stays in the browser.
import { ltrText } from './ltr.js';
import {
  coverage,
  formatKronor,
  medicinePurchase,
  missingPeriodFields,
  outpatientAgeFree,
  outpatientFromTotal,
  outpatientFromVisits,
  periodEnd,
  periodFor,
  visitFee,
} from './fees.js';

/**
 * The fields of the page's fee data (`data-fees`), written by `CalculatorData` in
 * src/render/fees.rs; tests/testsuite/care.rs fails when they and the built page disagree.
 */
export const DATA_FIELDS = ['dateFormat', 'months', 'number', 'periods', 'strings', 'visits'];

const root = document.getElementById('calculator');
if (root) start(root);

function start(root) {
  const data = JSON.parse(root.dataset.fees);
  const missing = DATA_FIELDS.filter((f) => !(f in data));
  if (missing.length) throw new Error(`the fee data lacks ${missing.join(', ')}`);
  const lacking = missingPeriodFields(data.periods);
  if (lacking.length) throw new Error(`the fee periods lack ${lacking.join(', ')}`);
  const S = data.strings;
  // The same number format as the server-rendered fee tables, in every language.
  // The same separators as the server-rendered tables (the language's number.group/decimal).
  // Amounts and dates are isolated, so that they read in order on right-to-left pages too.
  const money = (v) => ltrText(formatKronor(v, data.number));
  const date = (iso) => {
    const [y, m, d] = iso.split('-').map(Number);
    return ltrText(data.dateFormat.replace('{day}', String(d)).replace('{month}', data.months[m - 1]).replace('{year}', String(y)));
  };
  const fill = (s, vars) => Object.entries(vars).reduce((t, [k, v]) => t.replaceAll(`{${k}}`, v), s);
  const pad = (n) => String(n).padStart(2, '0');
  const today = () => {
    const d = new Date();
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  };
  const covered = coverage(data.periods);
  const noData = (iso) => {
    if (!covered) return S.invalid;
    return covered.to
      ? fill(S.no_data, { date: date(iso), from: date(covered.from), to: date(covered.to) })
      : fill(S.no_data_onwards, { date: date(iso), from: date(covered.from) });
  };
  const ageFreeText = (period) =>
    fill(S.age_free_outpatient, { under: String(period.free_under_age), from: String(period.free_from_age) });

  /** Writes an answer into a live region, with the example-data notice after it when needed. */
  function show(out, answer, example) {
    const text = document.createElement('span');
    text.textContent = answer;
    out.replaceChildren(text);
    if (example) {
      const note = document.createElement('span');
      note.className = 'calc-example';
      note.textContent = ` ${S.example_notice}`;
      out.append(note);
    }
  }

  const ageInput = document.getElementById('calc-age');
  /** @returns {number|null} the shared age field, null when empty */
  function readAge() {
    const raw = ageInput.value.trim();
    if (raw === '') return null;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 150) throw new RangeError('age');
    return n;
  }

  document.getElementById('calc-nojs').hidden = true;
  document.getElementById('calc-ui').hidden = false;

  const outpatient = document.getElementById('calc-outpatient');
  outpatient.addEventListener('submit', (e) => {
    e.preventDefault();
    const out = document.getElementById('c-result');
    try {
      const first = document.getElementById('c-first').value;
      const period = periodFor(data.periods, first);
      if (!period) { show(out, noData(first), false); return; }
      if (outpatientAgeFree(period, readAge())) { show(out, ageFreeText(period), period.example); return; }
      const r = outpatientFromTotal({
        ceiling: period.high_cost.outpatient_ceiling,
        firstDate: first,
        paid: Number(document.getElementById('c-paid').value),
      });
      show(out, r.reached
        ? fill(S.reached, { date: date(r.periodEnd) })
        : `${fill(S.remaining, { amount: money(r.remaining) })} ${fill(S.period_end, { date: date(r.periodEnd) })}`, period.example);
    } catch {
      show(out, S.invalid, false);
    }
  });

  const visits = [];
  const list = document.getElementById('v-list');
  const visitsForm = document.getElementById('calc-visits');
  function showVisits() {
    const out = document.getElementById('v-result');
    list.replaceChildren();
    if (visits.length === 0) { out.replaceChildren(); return; }
    try {
      const age = readAge();
      const fees = visits.map((v) => visitFee(data.periods, { date: v.date, type: v.type, age }));
      const missing = fees.find((f) => f.status !== 'ok');
      if (missing) { show(out, noData(missing.date), false); return; }
      const r = outpatientFromVisits({
        ceiling: (iso) => periodFor(data.periods, iso)?.high_cost.outpatient_ceiling ?? NaN,
        visits: visits.map((v, i) => ({ date: v.date, fee: fees[i].fee })),
      });
      for (const v of r.visits) {
        const li = document.createElement('li');
        li.textContent = fill(S.visit_charged, { date: date(v.date), type: data.visits[visits[v.inputIndex].type], amount: money(v.charged) });
        list.append(li);
      }
      const p = r.current;
      const parts = [];
      const freeByAge = fees.find((f) => f.freeBy);
      if (freeByAge) parts.push(ageFreeText(freeByAge.period));
      if (p) {
        parts.push(p.frikortFrom
          ? fill(S.reached, { date: date(p.end) })
          : `${fill(S.remaining, { amount: money(p.remaining) })} ${fill(S.period_end, { date: date(p.end) })}`);
      }
      show(out, parts.join(' '), fees.some((f) => f.example));
    } catch {
      show(out, S.invalid, false);
    }
  }
  visitsForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = document.getElementById('v-date').value;
    if (!d) return;
    try {
      if (!periodFor(data.periods, d)) { show(document.getElementById('v-result'), noData(d), false); return; }
    } catch {
      show(document.getElementById('v-result'), S.invalid, false);
      return;
    }
    visits.push({ date: d, type: document.getElementById('v-type').value });
    showVisits();
  });
  document.getElementById('v-clear').addEventListener('click', () => { visits.length = 0; showVisits(); });
  ageInput.addEventListener('change', () => { if (visits.length > 0) showVisits(); });

  const purchaseInput = document.getElementById('m-date');
  if (!purchaseInput.value) purchaseInput.value = today();
  document.getElementById('calc-medicines').addEventListener('submit', (e) => {
    e.preventDefault();
    const out = document.getElementById('m-result');
    try {
      const first = document.getElementById('m-first').value;
      const purchase = purchaseInput.value || today();
      let periodStart = first;
      let totalSoFar = Number(document.getElementById('m-total').value);
      const parts = [];
      const end = periodEnd(first);
      if (purchase > end) {
        // The purchase is after the period: it starts a new one with nothing bought yet.
        parts.push(fill(S.new_period, { date: date(end) }));
        periodStart = purchase;
        totalSoFar = 0;
      }
      const r = medicinePurchase(data.periods, {
        periodStart,
        purchaseDate: purchase,
        totalSoFar,
        nextPrice: Number(document.getElementById('m-next').value),
        age: readAge(),
      });
      if (r.status === 'child') { show(out, S.age_free_medicines, false); return; }
      if (r.status === 'no_data') { show(out, noData(r.date), false); return; }
      if (r.ladder.startedBefore) {
        parts.push(fill(S.old_ladder, { date: date(r.ladder.startedBefore), ceiling: money(r.ceiling) }));
      }
      if (r.frikort) {
        parts.push(S.medicine_free);
      } else {
        parts.push(fill(S.medicine_result, {
          step: String(r.stepIndex + 1),
          steps: String(r.ladder.steps.length),
          share: String(r.share),
          cost: money(r.cost),
        }));
        if (r.oneTimeSum > 0) parts.push(fill(S.one_time_sum, { amount: money(r.oneTimeSum), cost: money(r.purchaseCost) }));
        parts.push(fill(S.medicine_paid, { paid: money(r.paidSoFar), ceiling: money(r.ceiling), remaining: money(r.remainingToCeiling) }));
      }
      show(out, parts.join(' '), r.example);
    } catch {
      show(out, S.invalid, false);
    }
  });
  root.dataset.ready = 'true';
}
