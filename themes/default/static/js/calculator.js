// The high-cost protection calculator on a region's fee page. The rules are in fees.js (tested
// with node's test runner); this file only reads the forms and writes the answers. Everything
// stays in the browser.
import { medicineNext, outpatientFromTotal, outpatientFromVisits, periodFor } from './fees.js';

const root = document.getElementById('calculator');
if (root) start(root);

function start(root) {
  const data = JSON.parse(root.dataset.fees);
  const lang = root.dataset.lang;
  const S = data.strings;
  const money = (v) => v.toLocaleString(lang, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  const date = (iso) => {
    const [y, m, d] = iso.split('-').map(Number);
    return data.dateFormat.replace('{day}', String(d)).replace('{month}', data.months[m - 1]).replace('{year}', String(y));
  };
  const fill = (s, vars) => Object.entries(vars).reduce((t, [k, v]) => t.replaceAll(`{${k}}`, v), s);
  const ceilingOn = (iso) => periodFor(data.periods, iso)?.high_cost.outpatient_ceiling ?? NaN;
  const feeOn = (iso, type) => periodFor(data.periods, iso)?.visits.find((v) => v.type === type)?.amount ?? NaN;

  document.getElementById('calc-nojs').hidden = true;
  document.getElementById('calc-ui').hidden = false;

  const outpatient = document.getElementById('calc-outpatient');
  outpatient.addEventListener('submit', (e) => {
    e.preventDefault();
    const out = document.getElementById('c-result');
    try {
      const first = document.getElementById('c-first').value;
      const r = outpatientFromTotal({ ceiling: ceilingOn(first), firstDate: first, paid: Number(document.getElementById('c-paid').value) });
      out.textContent = r.reached
        ? fill(S.reached, { date: date(r.periodEnd) })
        : `${fill(S.remaining, { amount: money(r.remaining) })} ${fill(S.period_end, { date: date(r.periodEnd) })}`;
    } catch {
      out.textContent = S.invalid;
    }
  });

  const visits = [];
  const list = document.getElementById('v-list');
  const visitsForm = document.getElementById('calc-visits');
  function showVisits() {
    const out = document.getElementById('v-result');
    list.replaceChildren();
    if (visits.length === 0) { out.textContent = ''; return; }
    try {
      const r = outpatientFromVisits({ ceiling: ceilingOn, visits: visits.map((v) => ({ date: v.date, fee: feeOn(v.date, v.type) })) });
      for (const v of r.visits) {
        const li = document.createElement('li');
        li.textContent = fill(S.visit_charged, { date: date(v.date), type: data.visits[visits[v.inputIndex].type], amount: money(v.charged) });
        list.append(li);
      }
      const p = r.current;
      out.textContent = !p ? '' : p.frikortFrom
        ? fill(S.reached, { date: date(p.end) })
        : `${fill(S.remaining, { amount: money(p.remaining) })} ${fill(S.period_end, { date: date(p.end) })}`;
    } catch {
      out.textContent = S.invalid;
    }
  }
  visitsForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = document.getElementById('v-date').value;
    if (!d) return;
    visits.push({ date: d, type: document.getElementById('v-type').value });
    showVisits();
  });
  document.getElementById('v-clear').addEventListener('click', () => { visits.length = 0; showVisits(); });

  document.getElementById('calc-medicines').addEventListener('submit', (e) => {
    e.preventDefault();
    const out = document.getElementById('m-result');
    try {
      const first = document.getElementById('m-first').value;
      const period = periodFor(data.periods, first);
      if (!period) throw new RangeError('no fee period for that date');
      const steps = period.high_cost.medicines.steps;
      const r = medicineNext({ steps }, Number(document.getElementById('m-total').value), Number(document.getElementById('m-next').value));
      const paid = fill(S.medicine_paid, { paid: money(r.paidSoFar), ceiling: money(r.ceiling), remaining: money(r.remainingToCeiling) });
      out.textContent = r.stepIndex >= steps.length
        ? S.medicine_free
        : `${fill(S.medicine_result, { step: String(r.stepIndex + 1), steps: String(steps.length), share: String(r.share), cost: money(r.nextCost) })} ${paid}`;
    } catch {
      out.textContent = S.invalid;
    }
  });
  root.dataset.ready = 'true';
}
