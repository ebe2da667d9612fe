// Entry point of the lesson page: wires the websocket, the terminal, the editor and the
// lesson's Run / Open-in-editor buttons, and exposes window.playground.

import '@xterm/xterm/css/xterm.css';
import './terminal-font.css';
import './style.css';
import { Connection } from './connection.js';
import { t } from './messages.js';
import { addCopyButtons } from './copy.js';
import { TerminalTabs } from './tabs.js';
import { terminalFontReady } from './terminal.js';
import { LazyEditor } from './editor-loader.js';
import { initLesson } from './lesson.js';
import { ClusterPicture } from './picture.js';
import { watchImageNotices } from './image-notice.js';
import { watchEditSessions } from './edit-session.js';
import { Dock } from './dock.js';
import { addKeyRow } from './keys.js';

function codeOf(el) {
  // The <pre> the button belongs to: a preceding sibling, or the one inside its wrapper.
  for (let node = el; node && node.id !== 'lesson'; node = node.parentElement) {
    const prev = node.previousElementSibling;
    if (prev && prev.matches('pre')) return prev.textContent;
    const inner = node !== el && node.querySelector('pre');
    if (inner) return inner.textContent;
  }
  return '';
}

/**
 * Lesson markup: an element with `data-run="kubectl get pods"` (or an empty data-run next to a
 * <pre>) types that command into the terminal; `data-open-file="pod.yaml"` (with data-content
 * or next to a <pre>) opens that YAML in the editor.
 */
function bindLessonActions(root, shell, editor) {
  root.addEventListener('click', (ev) => {
    const run = ev.target.closest('[data-run]');
    if (run && root.contains(run)) {
      ev.preventDefault();
      shell.run(run.dataset.run || codeOf(run).trim());
      return;
    }
    const open = ev.target.closest('[data-open-file]');
    if (open && root.contains(open)) {
      ev.preventDefault();
      const content = open.dataset.content ?? codeOf(open);
      editor.openFile(open.dataset.openFile, content).then(() => editor.view.focus());
    }
  });
}

const SHELL_CLASSES = ['language-bash', 'language-sh', 'language-shell', 'language-console'];

/** Give the lesson's shell blocks a Run button and named YAML blocks an Open-in-editor one. */
function addCodeButtons(lesson, lang) {
  for (const code of lesson.querySelectorAll('pre > code')) {
    const pre = code.parentElement;
    if (pre.nextElementSibling?.classList.contains('code-actions')) continue;
    const isShell = SHELL_CLASSES.some((c) => code.classList.contains(c));
    const isYaml = code.classList.contains('language-yaml') || code.classList.contains('language-yml');
    const first = code.textContent.split('\n', 1)[0];
    const named = /^#\s*([A-Za-z0-9._-]+\.ya?ml)\s*$/.exec(first);
    const file = pre.dataset.file || code.dataset.file || (named ? named[1] : null);
    let button = null;
    if (isShell && !pre.querySelector('[data-run]')) {
      button = document.createElement('button');
      button.dataset.run = '';
      button.textContent = t(lang, 'run');
    } else if (isYaml && file) {
      button = document.createElement('button');
      button.dataset.openFile = file;
      button.textContent = t(lang, 'openInEditor', { file });
    }
    if (!button) continue;
    button.type = 'button';
    const bar = document.createElement('div');
    bar.className = 'code-actions';
    bar.appendChild(button);
    pre.after(bar);
  }
}

function start() {
  const app = document.getElementById('playground');
  const termEl = document.getElementById('terminal');
  const editorEl = document.getElementById('editor');
  if (!app || !termEl || !editorEl) return;

  // ?lang= tells the server the page's language: the playground's own commands (why, skip)
  // answer in it; kubectl's output stays English.
  const wsPath = app.dataset.wsPath || '/ws/terminal/';
  const conn = new Connection(`${wsPath}${wsPath.includes('?') ? '&' : '?'}lang=${encodeURIComponent(app.dataset.lang || 'en')}`);
  const tabs = new TerminalTabs(termEl, document.getElementById('terminal-tabs'), conn, {
    lang: app.dataset.lang,
  });
  // Lesson buttons and Apply type into whichever terminal tab is in front.
  const shell = {
    run: (line) => tabs.active.run(line),
    focus: () => tabs.active.focus(),
  };
  // CodeMirror and the schema arrive when the editor is first needed (editor-loader.js).
  const files = new LazyEditor(editorEl, document.getElementById('file-tabs'), conn, {
    newButton: document.getElementById('new-file'),
    newForm: document.getElementById('new-file-form'),
    newInput: document.getElementById('new-file-name'),
    deleteButton: document.getElementById('delete-file'),
    applyButton: document.getElementById('apply-file'),
    terminal: shell,
    status: document.getElementById('save-status'),
    lang: app.dataset.lang,
    schemaUrl: app.dataset.schemaUrl,
  });

  const terminalBar = document.querySelector('.terminal-pane .pane-bar');
  const picture = terminalBar ? new ClusterPicture(app, terminalBar, conn, shell, app.dataset.lang) : null;
  watchImageNotices(conn, termEl, app.dataset.lang);
  addKeyRow(termEl, () => tabs.active, app.dataset.lang);
  const dock = new Dock(app, {
    lang: app.dataset.lang,
    onShow: (name, focus) => {
      // Docked, the picture is drawn while its tab is in front only (the worker draws nothing
      // for a picture nobody sees).
      if (picture && app.classList.contains('is-docked')) picture.setOpen(name === 'picture');
      if (name === 'terminal') {
        tabs.active._fitSoon();
        if (focus) tabs.active.focus();
      } else if (name === 'editor' && focus) {
        files.load().then((editor) => editor.view?.focus());
      }
    },
  });
  // On a phone the dock shows one panel: a Run shows the terminal, Open-in-editor the editor,
  // and Apply (typed into the terminal) the terminal again. Capture phase: before the action.
  app.addEventListener(
    'click',
    (ev) => {
      if (!dock.isDocked || !(ev.target instanceof Element)) return;
      if (ev.target.closest('[data-run], #apply-file, .picture-pane [data-action]')) {
        dock.show('terminal');
      } else if (ev.target.closest('[data-open-file]')) dock.show('editor');
    },
    true,
  );
  // kubectl edit: the buffer in the editor pane (in front on a phone), the result in the terminal.
  watchEditSessions(conn, files, termEl, {
    lang: app.dataset.lang,
    showEditor: () => dock.isDocked && dock.show('editor'),
    showTerminal: () => dock.isDocked && dock.show('terminal'),
  });
  // Docked, the picture's toggle brings its tab to the front (or goes back to the terminal).
  picture?.toggle.addEventListener(
    'click',
    (ev) => {
      if (!dock.isDocked) return;
      ev.stopImmediatePropagation();
      dock.show(picture.open ? 'terminal' : 'picture', true);
    },
    true,
  );

  const status = document.getElementById('connection-status');
  const setStatus = (text, state) => {
    if (!status) return;
    status.textContent = text;
    status.dataset.state = state;
  };
  setStatus(t(app.dataset.lang, 'connecting'), 'connecting');
  conn.on('open', () => setStatus(t(app.dataset.lang, 'connected'), 'connected'));
  conn.on('close', () => setStatus(t(app.dataset.lang, 'reconnecting'), 'disconnected'));

  const reset = document.getElementById('reset-cluster');
  reset?.addEventListener('click', () => {
    // eslint-disable-next-line no-alert -- a plain confirmation is the accessible choice here
    if (window.confirm(reset.dataset.confirm || t(app.dataset.lang, 'resetConfirm'))) conn.send({ type: 'reset' });
  });

  const lesson = document.getElementById('lesson');
  if (lesson) {
    addCodeButtons(lesson, app.dataset.lang);
    addCopyButtons(lesson, app.dataset.lang);
    bindLessonActions(lesson, shell, files);
    initLesson(lesson, { tabs });
  }

  window.playground = {
    get terminal() {
      return tabs.active.term;
    },
    get shell() {
      return tabs.active;
    },
    /** CodeMirror's EditorView; null until the editor is first needed (files.load()). */
    get editor() {
      return files.view;
    },
    files,
    picture,
    tabs,
    dock,
    connection: conn,
    run: (line) => tabs.active.run(line),
    get connected() {
      return conn.connected;
    },
  };
  conn.start();
}

// The terminal font first (a 14 KB file from our own static files): see terminalFontReady.
const begin = () => terminalFontReady().then(start);
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', begin);
else begin();
