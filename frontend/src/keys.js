// The key row under the terminal for touch keyboards, which have no Ctrl, Tab, Esc or arrows:
// each button types its key into the terminal tab in front, exactly as the physical key would
// (the same bytes xterm sends), so Ctrl-C stops `kubectl get pods -w` and Tab completes.
// Pressing a button keeps the focus (and so the on-screen keyboard) where it was.

import { t } from './messages.js';

/** [label, bytes, message key of the accessible name] */
// The keys a phone lacks most come first: they fit a 390 px screen, the rest scroll into view.
export const KEYS = [
  ['Ctrl-C', '\x03', 'keyCtrlC'],
  ['Tab', '\t', 'keyTab'],
  ['↑', '\x1b[A', 'keyUp'],
  ['↓', '\x1b[B', 'keyDown'],
  ['Esc', '\x1b', 'keyEsc'],
  ['Ctrl-R', '\x12', 'keyCtrlR'],
  ['←', '\x1b[D', 'keyLeft'],
  ['→', '\x1b[C', 'keyRight'],
  ['Ctrl-L', '\x0c', 'keyCtrlL'],
  ['|', '|', null],
  ['-', '-', null],
  ['/', '/', null],
];

/**
 * @param {HTMLElement} host where the row goes (after #terminal)
 * @param {() => {handleData: (data: string) => void}} activeShell the terminal tab in front
 */
export function addKeyRow(host, activeShell, lang) {
  const row = document.createElement('div');
  row.className = 'key-row';
  row.id = 'key-row';
  row.setAttribute('role', 'toolbar');
  row.setAttribute('aria-label', t(lang, 'keyRow'));
  for (const [label, bytes, name] of KEYS) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'key';
    b.dataset.key = label;
    b.textContent = label;
    if (name) b.setAttribute('aria-label', t(lang, name));
    // No focus change on press: the terminal keeps it and the touch keyboard stays open.
    b.addEventListener('pointerdown', (ev) => ev.preventDefault());
    b.addEventListener('mousedown', (ev) => ev.preventDefault());
    b.addEventListener('click', () => activeShell().handleData(bytes));
    row.appendChild(b);
  }
  host.after(row);
  return row;
}
