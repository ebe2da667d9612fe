// Several terminal tabs on one socket: a small tab bar (new / close / rename), one xterm per tab,
// each with its own `tab` id in frames. The list of tabs survives a reload (localStorage).

import { PlaygroundTerminal } from './terminal.js';
import { t as message } from './messages.js';

const STORAGE_KEY = 'playground.terminalTabs';
const WINDOW_KEY = 'playground.windowId';

/**
 * This browser tab's prefix for terminal ids. Tab ids key the sandbox's running commands, so two
 * windows on one sandbox must not share them; sessionStorage keeps the prefix across a reload.
 */
function windowId() {
  try {
    let id = window.sessionStorage.getItem(WINDOW_KEY);
    if (!id || !/^[a-z0-9]{4,16}$/.test(id)) {
      id = Math.random().toString(36).slice(2, 10) || 'w';
      window.sessionStorage.setItem(WINDOW_KEY, id);
    }
    return id;
  } catch {
    return Math.random().toString(36).slice(2, 10);
  }
}

function loadSaved() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (saved && Array.isArray(saved.tabs) && saved.tabs.length) {
      const tabs = saved.tabs
        .filter((t) => t && /^[0-9]{1,4}$/.test(String(t.id)))
        .map((t) => ({ id: String(t.id), name: String(t.name ?? t.id).slice(0, 40) }));
      if (tabs.length) return { tabs, active: String(saved.active ?? tabs[0].id) };
    }
  } catch {
    // storage disabled or garbage: start with one tab
  }
  return { tabs: [{ id: '1', name: '1' }], active: '1' };
}

export class TerminalTabs {
  /**
   * @param {HTMLElement} host the element the terminals go in (#terminal)
   * @param {HTMLElement|null} bar the tab strip (#terminal-tabs)
   * @param {object} connection the websocket Connection shared by every tab
   */
  constructor(host, bar, connection, { lang } = {}) {
    this.host = host;
    this.bar = bar;
    this.conn = connection;
    this.ko = lang === 'ko';
    this.lang = this.ko ? 'ko' : 'en';
    this.shells = new Map(); // number as text ("1", "2"…) -> {name, shell, el}
    this.prefix = windowId();
    const saved = loadSaved();
    for (const t of saved.tabs) this._create(t.id, t.name);
    this.activeId = this.shells.has(saved.active) ? saved.active : saved.tabs[0].id;
    this.activate(this.activeId, false);
  }

  get active() {
    return this.shells.get(this.activeId).shell;
  }

  get ids() {
    return [...this.shells.keys()];
  }

  shell(id) {
    return this.shells.get(String(id))?.shell ?? null;
  }

  _create(id, name) {
    const el = document.createElement('div');
    el.className = 'term-host';
    el.dataset.tab = id;
    el.hidden = true;
    this.host.appendChild(el);
    const shell = new PlaygroundTerminal(el, this.conn, {
      tab: `${this.prefix}-${id}`,
      isActive: () => this.activeId === id,
      lang: this.ko ? 'ko' : 'en',
    });
    this.shells.set(id, { name, shell, el });
    return shell;
  }

  _save() {
    const tabs = [...this.shells].map(([id, t]) => ({ id, name: t.name }));
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ tabs, active: this.activeId }));
    } catch {
      // private mode: tabs just do not survive a reload
    }
  }

  /** Open a new tab (ids are 1, 2, 3…, names default to the id) and switch to it. */
  add(name) {
    let n = 1;
    while (this.shells.has(String(n))) n += 1;
    const id = String(n);
    const shell = this._create(id, name ? String(name).slice(0, 40) : id);
    if (this.conn.connected) shell._onOpen({ reconnect: false });
    this.activate(id);
    return id;
  }

  close(id = this.activeId) {
    const t = this.shells.get(String(id));
    if (!t || this.shells.size === 1) return false;
    // End whatever runs there (a port-forward, a watch) so it does not linger in the sandbox.
    this.conn.send({ type: 'interrupt', tab: t.shell.tab });
    t.shell.forgetScrollback();
    t.shell.dispose();
    t.el.remove();
    const ids = this.ids;
    const at = ids.indexOf(String(id));
    this.shells.delete(String(id));
    if (this.activeId === String(id)) this.activeId = ids[at + 1] ?? ids[at - 1];
    this._render();
    this.activate(this.activeId);
    return true;
  }

  rename(id, name) {
    const t = this.shells.get(String(id));
    const clean = String(name ?? '').trim().slice(0, 40);
    if (!t || !clean) return false;
    t.name = clean;
    this._save();
    this._render();
    return true;
  }

  activate(id, focus = true) {
    if (!this.shells.has(String(id))) return;
    this.activeId = String(id);
    for (const [tid, t] of this.shells) t.el.hidden = tid !== this.activeId;
    const shell = this.active;
    shell._fitSoon();
    if (focus) shell.focus();
    this._save();
    // Update in place: rebuilding the buttons would swallow a double-click (rename).
    const buttons = this.bar?.querySelectorAll('.term-tab') ?? [];
    if (buttons.length !== this.shells.size) {
      this._render();
      return;
    }
    for (const wrap of buttons) {
      wrap.querySelector('.term-tab-name')?.setAttribute('aria-selected', String(wrap.dataset.tab === this.activeId));
    }
  }

  _render() {
    if (!this.bar) return;
    this.bar.replaceChildren();
    for (const [id, t] of this.shells) {
      const wrap = document.createElement('span');
      wrap.className = 'term-tab';
      wrap.dataset.tab = id;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'term-tab-name';
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(id === this.activeId));
      b.textContent = t.name;
      b.title = message(this.lang, 'renameTab');
      b.addEventListener('click', () => this.activate(id));
      b.addEventListener('dblclick', () => this._startRename(id, wrap, b));
      wrap.appendChild(b);
      if (this.shells.size > 1) {
        const x = document.createElement('button');
        x.type = 'button';
        x.className = 'term-tab-close';
        x.setAttribute('aria-label', message(this.lang, 'closeTab', { name: t.name }));
        x.textContent = '×';
        x.addEventListener('click', () => this.close(id));
        wrap.appendChild(x);
      }
      this.bar.appendChild(wrap);
    }
    const add = document.createElement('button');
    add.type = 'button';
    add.className = 'term-tab-new';
    add.setAttribute('aria-label', message(this.lang, 'newTab'));
    add.textContent = '+';
    add.addEventListener('click', () => this.add());
    this.bar.appendChild(add);
  }

  _startRename(id, wrap, button) {
    const input = document.createElement('input');
    input.className = 'term-tab-rename';
    input.value = this.shells.get(id).name;
    input.setAttribute('aria-label', message(this.lang, 'tabName'));
    input.size = Math.max(4, input.value.length + 1);
    const done = (keep) => {
      if (!input.isConnected) return;
      if (!keep || !this.rename(id, input.value)) this._render();
      this.active.focus();
    };
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') done(true);
      else if (ev.key === 'Escape') done(false);
    });
    input.addEventListener('blur', () => done(true));
    wrap.replaceChild(input, button);
    input.focus();
    input.select();
  }
}
