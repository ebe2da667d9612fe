// Copy buttons on the lesson's code: beside each Run button (the command), each file's Open
// button (the file's text) and under any other code block (its text). The words come from
// messages.js in the page's language; a browser that refuses the clipboard (an http:// page
// that is not localhost) says so on the button instead of pretending it copied.
import { t } from './messages.js';

const SHOWN_MS = 1500;

function copyButton(lang, text) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy-button';
  button.textContent = t(lang, 'copy');
  button.setAttribute('aria-label', t(lang, 'copyAria'));
  button.addEventListener('click', () => {
    const done = (key) => {
      button.textContent = t(lang, key);
      setTimeout(() => { button.textContent = t(lang, 'copy'); }, SHOWN_MS);
    };
    if (!navigator.clipboard) {
      done('copyFailed');
      return;
    }
    navigator.clipboard.writeText(text()).then(() => done('copied'), () => done('copyFailed'));
  });
  return button;
}

/** Add the copy buttons under `lesson` (once: a second call adds none). */
export function addCopyButtons(lesson, lang) {
  for (const run of lesson.querySelectorAll('.run-button[data-run]')) {
    if (run.nextElementSibling?.classList.contains('copy-button')) continue;
    run.after(copyButton(lang, () => run.dataset.run));
  }
  for (const open of lesson.querySelectorAll('.open-button[data-content]')) {
    if (open.nextElementSibling?.classList.contains('copy-button')) continue;
    open.after(copyButton(lang, () => open.dataset.content));
  }
  for (const code of lesson.querySelectorAll('pre > code')) {
    const pre = code.parentElement;
    if (pre.closest('.console, .file-block')) continue;
    let bar = pre.nextElementSibling;
    if (!bar?.classList.contains('code-actions')) {
      bar = document.createElement('div');
      bar.className = 'code-actions';
      pre.after(bar);
    }
    if (bar.querySelector('.copy-button')) continue;
    bar.appendChild(copyButton(lang, () => code.textContent));
  }
}
