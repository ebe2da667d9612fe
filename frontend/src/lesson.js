// The lesson text's own behaviour: Run reveals "what you should see", Run sends commands to
// the tab a transcript names (`@ 2`), and the language switch keeps the reader's place.

import './lesson.css';

const ANCHORS = '.lesson-body h2[id], .console-step[id], #lesson-done';

/** The anchor nearest the top of the visible part of the lesson pane. */
function anchorInView(lesson) {
  const pane = lesson.closest('.lesson-pane') || document.documentElement;
  if (pane.scrollTop < 8 && window.scrollY < 8) return ''; // at the start: no place to keep
  const top = Math.max(pane.getBoundingClientRect().top, 0);
  let best = null;
  for (const el of lesson.querySelectorAll(ANCHORS)) {
    const box = el.getBoundingClientRect();
    if (box.bottom > top + 4) {
      best = el;
      break;
    }
  }
  return best ? best.id : '';
}

function isVisible(el) {
  const box = el.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
}

function keepPlace(id) {
  if (id) window.history.replaceState(null, '', `#${id}`);
}

/** Open the expected output of the step a Run button belongs to. */
export function revealStep(button) {
  const step = button.closest('.console-step');
  const expect = step && step.querySelector('details[data-expect]');
  if (expect) expect.open = true;
  return step;
}

function doneMark(label) {
  const mark = document.createElement('span');
  mark.className = 'done-mark';
  mark.setAttribute('aria-hidden', 'true');
  mark.title = label;
  mark.textContent = '✓';
  return mark;
}

/** "Mark as done" without leaving the page (the terminal keeps its scrollback); falls back
 * to the plain form post when fetch fails. */
async function markDone(ev, form) {
  ev.preventDefault();
  const button = form.querySelector('button');
  if (button) button.disabled = true;
  let ok = false;
  try {
    const response = await fetch(form.action, {
      method: 'POST',
      body: new FormData(form),
      credentials: 'same-origin',
      redirect: 'manual',
    });
    ok = response.ok || response.type === 'opaqueredirect';
  } catch {
    ok = false;
  }
  if (!ok) {
    form.submit();
    return;
  }
  const { doneText, doneMark: label, doneOf } = form.dataset;
  const note = document.createElement('p');
  note.className = 'lesson-done-note';
  note.setAttribute('role', 'status');
  note.append(doneMark(label), ` ${doneText}`);
  form.replaceWith(note);
  const item = document.querySelector('#lesson-list a[aria-current="page"]')?.parentElement;
  if (item && !item.dataset.done) {
    item.classList.add('is-done');
    item.dataset.done = 'true';
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = `(${label})`;
    item.append(doneMark(label), hidden);
  }
  const count = document.querySelector('.done-count');
  if (count) {
    const all = document.querySelectorAll('#lesson-list li').length;
    const done = document.querySelectorAll('#lesson-list li[data-done]').length;
    count.textContent = `(${done}/${all} ${doneOf})`;
  }
  const title = document.querySelector('#lesson h1');
  if (title && !title.querySelector('.done-mark')) title.append(' ', doneMark(label));
}

/**
 * @param {HTMLElement} lesson the #lesson article
 * @param {{tabs: object}} options the TerminalTabs (commands after `@ N` go to tab N)
 */
export function initLesson(lesson, { tabs } = {}) {
  let lastStep = null;
  // Capture phase: choose the terminal tab before main.js types the command into the front one.
  lesson.addEventListener(
    'click',
    (ev) => {
      const run = ev.target.closest('[data-run]');
      if (!run || !lesson.contains(run)) return;
      const want = run.dataset.tab;
      if (want && tabs && tabs.activeId !== want) {
        for (let guard = 0; !tabs.shell(want) && guard < 9; guard += 1) tabs.add();
        if (tabs.shell(want)) tabs.activate(want, false);
      }
      const step = revealStep(run);
      if (step && step.id) {
        lastStep = step;
        keepPlace(step.id);
      }
    },
    true,
  );

  const switcher = document.getElementById('lang-switch');
  if (switcher) {
    const base = switcher.getAttribute('href').split('#')[0];
    const follow = () => {
      const id = lastStep && isVisible(lastStep) ? lastStep.id : anchorInView(lesson);
      switcher.setAttribute('href', id ? `${base}#${id}` : base);
    };
    switcher.addEventListener('pointerdown', follow);
    switcher.addEventListener('focus', follow);
    switcher.addEventListener('click', follow);
  }

  const form = lesson.querySelector('form.mark-done-form');
  if (form) form.addEventListener('submit', (ev) => markDone(ev, form));

  // Arriving with #step-N: show that step's output too, so the reader sees where they were.
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && lesson.contains(target)) {
    const expect = target.querySelector('details[data-expect]');
    if (expect) expect.open = true;
    target.scrollIntoView({ block: 'start' });
  }
}
