// vardguide serve: reloads the page when the site is rebuilt and shows build errors over the
// page until they are fixed. Injected only by `vardguide serve`, never in built output.
'use strict';
(() => {
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/__vardguide/overlay.css';
  document.head.append(css);
  let overlay = null;
  const show = (report) => {
    overlay?.remove();
    overlay = document.createElement('section');
    overlay.id = 'vardguide-overlay';
    overlay.setAttribute('role', 'alert');
    // The report is in English, also over an Arabic or Persian page: its own language and
    // direction, so that `ar.md:12:9` and the counts read left to right.
    overlay.lang = 'en';
    overlay.dir = 'ltr';
    const h = document.createElement('h2');
    h.textContent = `vardguide: ${report.errors.length} error${report.errors.length === 1 ? '' : 's'}; showing the last good build`;
    overlay.append(h);
    const list = document.createElement('ol');
    for (const e of report.errors) {
      const li = document.createElement('li');
      const where = document.createElement('code');
      where.textContent = e.location;
      const msg = document.createElement('p');
      msg.textContent = e.message;
      li.append(where, msg);
      if (e.help) { const help = document.createElement('p'); help.className = 'help'; help.textContent = e.help; li.append(help); }
      list.append(li);
    }
    overlay.append(list);
    document.body.prepend(overlay);
  };
  const events = new EventSource('/__vardguide/events');
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('errors', (e) => show(JSON.parse(e.data)));
  events.addEventListener('ok', () => { overlay?.remove(); overlay = null; });
})();
