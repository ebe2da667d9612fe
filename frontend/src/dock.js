// Phones and portrait tablets: the lesson text scrolls on top and the work panels (terminal,
// editor, and any panel a page adds) share a dock at the bottom, one in front, picked by a tab
// strip. So a Run button's output shows below the button, without scrolling the page.
//
// A page adds a panel to the dock by giving its <section> `data-dock="name"` and an aria-label
// (the tab's text, or data-dock-label); data-dock-order (a number) orders the tabs. On wider screens the
// strip is hidden by CSS and every panel is shown in the page's grid, as before.

import { t } from './messages.js';

const NARROW = '(max-width: 900px)';
const STORAGE_KEY = 'playground.dock';

function loadState() {
  try {
    const saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (saved && typeof saved.front === 'string') return { front: saved.front, big: saved.big === true };
  } catch {
    // storage disabled: the dock starts on the terminal
  }
  return { front: 'terminal', big: false };
}

export class Dock {
  /**
   * @param {HTMLElement} app the #playground grid
   * @param {{lang: string, onShow?: (name: string) => void}} options onShow: a panel came to the
   *   front (the terminal and editor refit themselves to their new size)
   */
  constructor(app, { lang, onShow } = {}) {
    this.app = app;
    this.lang = lang === 'ko' ? 'ko' : 'en';
    this.onShow = onShow ?? (() => {});
    this.narrow = window.matchMedia(NARROW);
    const order = (p) => Number(p.dataset.dockOrder ?? 50);
    this.panels = [...app.querySelectorAll(':scope > [data-dock]')].sort((a, b) => order(a) - order(b));
    const saved = loadState();
    this.front = this.panels.some((p) => p.dataset.dock === saved.front) ? saved.front : this.panels[0]?.dataset.dock;
    this.big = saved.big;
    this._build();
    this._apply();
    this.narrow.addEventListener('change', () => this._apply());
  }

  get isDocked() {
    return this.narrow.matches;
  }

  _build() {
    const strip = document.createElement('div');
    strip.className = 'dock-tabs';
    strip.setAttribute('role', 'tablist');
    strip.setAttribute('aria-label', t(this.lang, 'dockPanels'));
    this.buttons = new Map();
    for (const panel of this.panels) {
      const name = panel.dataset.dock;
      if (!panel.id) panel.id = `dock-panel-${name}`;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'dock-tab';
      b.id = `dock-tab-${name}`;
      b.dataset.dockTab = name;
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-controls', panel.id);
      b.textContent = panel.dataset.dockLabel || panel.getAttribute('aria-label') || name;
      b.addEventListener('click', () => this.show(name, true));
      strip.appendChild(b);
      this.buttons.set(name, b);
    }
    const size = document.createElement('button');
    size.type = 'button';
    size.className = 'dock-size';
    size.id = 'dock-size';
    size.addEventListener('click', () => {
      this.big = !this.big;
      this._apply();
      this._save();
    });
    strip.appendChild(size);
    this.sizeButton = size;
    this.strip = strip;
    this.app.querySelector(':scope > [data-dock]')?.before(strip);
  }

  /** Bring panel `name` to the front (on wide screens every panel is in view already). */
  show(name, focus = false) {
    if (!this.buttons.has(name)) return;
    const changed = this.front !== name;
    this.front = name;
    this._apply();
    this._save();
    if (changed || focus) this.onShow(name, focus);
  }

  _apply() {
    const docked = this.isDocked;
    this.app.classList.toggle('is-docked', docked);
    this.app.classList.toggle('dock-big', docked && this.big);
    for (const panel of this.panels) {
      const front = panel.dataset.dock === this.front;
      panel.classList.toggle('dock-front', front);
      if (docked) panel.setAttribute('role', 'tabpanel');
      else panel.removeAttribute('role');
      const b = this.buttons.get(panel.dataset.dock);
      b.setAttribute('aria-selected', String(front));
      b.tabIndex = front ? 0 : -1;
    }
    this.sizeButton.setAttribute('aria-pressed', String(this.big));
    this.sizeButton.textContent = this.big ? '▼' : '▲';
    this.sizeButton.setAttribute('aria-label', t(this.lang, this.big ? 'dockSmaller' : 'dockBigger'));
    this.sizeButton.title = this.sizeButton.getAttribute('aria-label');
    this.onShow(this.front, false);
  }

  _save() {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ front: this.front, big: this.big }));
    } catch {
      // private mode: the dock starts on the terminal next time
    }
  }
}
