// Read aloud: the article's text spoken by the browser's own speech synthesis, in the page's
// language, with the sentence being read highlighted. No audio file and no service of ours or of
// anyone else: only voices that run on the reader's device (`localService`) are used, so the text
// never leaves it. The controls stay hidden when the device has no such voice for the language.
// "What to do now" reads the care cards (when to seek care) first, then the rest.

const root = document.getElementById('listen');
if (root && 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window) start(root);

/** The first on-device voice whose language is the page's (`sv` matches `sv-SE`). */
function voiceFor(lang) {
  const wanted = lang.toLowerCase();
  return speechSynthesis.getVoices().find((v) => v.localService !== false && v.lang.toLowerCase().replace('_', '-').split('-')[0] === wanted) ?? null;
}

/** The blocks to read, in order: headings, paragraphs, list items and table cells of the article. */
function blocksOf(article, urgentFirst) {
  const all = [...article.querySelectorAll('h1, h2, h3, h4, p, li, th, td')]
    .filter((el) => !el.closest('#listen, nav, .article-meta, .article-tags, figure, [hidden], .visually-hidden') && !el.querySelector('p, li'))
    .filter((el) => el.textContent.trim());
  if (!urgentFirst) return all;
  const care = all.filter((el) => el.closest('section.care'));
  return [...care, ...all.filter((el) => !el.closest('section.care'))];
}

/** Each sentence of `el`'s text as [start, end) offsets, by the language's sentence rules. */
function sentencesOf(text, lang) {
  if (!('Segmenter' in Intl)) return [[0, text.length]];
  return [...new Intl.Segmenter(lang, { granularity: 'sentence' }).segment(text)].map((s) => [s.index, s.index + s.segment.length]);
}

/** A DOM range over characters [from, to) of `el`'s text. */
function rangeOf(el, from, to) {
  const range = document.createRange();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let seen = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const end = seen + node.data.length;
    if (!started && from < end) { range.setStart(node, from - seen); started = true; }
    if (started && to <= end) { range.setEnd(node, to - seen); return range; }
    seen = end;
  }
  if (started) range.setEndAfter(el.lastChild);
  return started ? range : null;
}

function start(root) {
  const lang = document.documentElement.lang;
  const article = document.querySelector('article.article');
  const status = root.querySelector('.listen-status');
  const buttons = {
    all: root.querySelector('[data-listen="all"]'),
    urgent: root.querySelector('[data-listen="urgent"]'),
    pause: root.querySelector('[data-listen="pause"]'),
    stop: root.querySelector('[data-listen="stop"]'),
  };
  if (!article.querySelector('section.care')) buttons.urgent.hidden = true;
  const highlights = 'highlights' in CSS && 'Highlight' in window;
  let queue = [];
  let reading = null;
  let paused = false;

  function mark(el, from, to) {
    document.querySelectorAll('.listen-reading').forEach((e) => e.classList.remove('listen-reading'));
    if (highlights) CSS.highlights.delete('listen');
    if (!el) return;
    const range = rangeOf(el, from, to);
    if (highlights && range) CSS.highlights.set('listen', new Highlight(range));
    el.classList.add('listen-reading');
    root.dataset.reading = el.textContent.slice(from, to).trim();
  }

  function stopAll() {
    queue = [];
    reading = null;
    // Some engines stay paused through cancel(): resume first, so the next Listen is heard.
    if (paused) speechSynthesis.resume();
    paused = false;
    speechSynthesis.cancel();
    // Focus on a button about to be hidden goes back to Listen.
    const lost = root.contains(document.activeElement) && (document.activeElement === buttons.pause || document.activeElement === buttons.stop);
    mark(null);
    delete root.dataset.reading;
    buttons.pause.hidden = true;
    buttons.stop.hidden = true;
    buttons.pause.textContent = buttons.pause.dataset.pause;
    status.textContent = '';
    if (lost) buttons.all.focus();
  }

  function next() {
    const el = queue.shift();
    if (!el) { stopAll(); status.textContent = root.dataset.done; return; }
    const text = el.textContent;
    const sentences = sentencesOf(text, lang);
    const voice = voiceFor(lang);
    const u = new SpeechSynthesisUtterance(text);
    u.lang = voice?.lang ?? lang;
    // A voice object the engine does not recognise is refused: the language then chooses.
    try { if (voice) u.voice = voice; } catch { /* keep u.lang */ }
    reading = u;
    mark(el, ...sentences[0]);
    el.scrollIntoView({ block: 'nearest' });
    // A word boundary says where the voice is: highlight the sentence it is in.
    u.addEventListener('boundary', (e) => {
      if (reading !== u) return;
      const at = e.charIndex ?? 0;
      const s = sentences.find(([a, b]) => at >= a && at < b) ?? sentences[sentences.length - 1];
      mark(el, ...s);
    });
    u.addEventListener('end', () => { if (reading === u && !paused) next(); });
    u.addEventListener('error', () => { if (reading === u) stopAll(); });
    speechSynthesis.speak(u);
  }

  function play(urgentFirst) {
    stopAll();
    queue = blocksOf(article, urgentFirst);
    buttons.pause.hidden = false;
    buttons.stop.hidden = false;
    status.textContent = root.dataset.playing;
    next();
  }

  buttons.all.addEventListener('click', () => play(false));
  buttons.urgent.addEventListener('click', () => play(true));
  buttons.pause.addEventListener('click', () => {
    paused = !paused;
    if (paused) speechSynthesis.pause(); else speechSynthesis.resume();
    buttons.pause.textContent = paused ? buttons.pause.dataset.resume : buttons.pause.dataset.pause;
    status.textContent = paused ? root.dataset.paused : root.dataset.playing;
  });
  buttons.stop.addEventListener('click', stopAll);
  window.addEventListener('pagehide', stopAll);

  // Voices load late in some browsers: show the controls once one for the language exists.
  const show = () => {
    const has = voiceFor(lang) !== null;
    root.hidden = !has;
    root.dataset.ready = String(has);
  };
  show();
  speechSynthesis.addEventListener?.('voiceschanged', show);
}
