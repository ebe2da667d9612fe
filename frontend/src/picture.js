// The live cluster picture beside the terminal (issue #14): nodes as boxes, pods inside with
// their status colour, READY, restarts and IP, containers inside pods (init and sidecar
// marked). The server pushes a `cluster` frame over the page's socket after every command and
// whenever the cluster changes by itself, but only while this panel is open (the page says so
// with a `picture` frame): closed, it costs the worker nothing. The same data is also a table
// (screen readers, and a "Table" view). Clicking a pod offers describe, logs and why.
//
// The panel is its own element (#cluster-picture) so a phone layout can place it as a tab; its
// styles are in picture.css. Whether it is open and its namespace filter are remembered.

import './picture.css';
import { t } from './messages.js';

const OPEN_KEY = 'playground.picture.open';
const NAMESPACE_KEY = 'playground.picture.namespace';
const VIEW_KEY = 'playground.picture.view';
const ALL = '*';
const SKIPS = ['10s', '1m', '5m'];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function remembered(key, fallback) {
  try {
    return window.localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback; // storage refused (private mode): the panel just forgets
  }
}

function remember(key, value) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    /* see remembered() */
  }
}

export class ClusterPicture {
  /**
   * @param {HTMLElement} host where the panel goes (the page's grid)
   * @param {HTMLElement} bar the terminal's pane bar: the toggle and the time buttons go there
   * @param conn the page's Connection
   * @param shell { run(line) } types a line into the active terminal tab
   * @param {string} lang page language
   */
  constructor(host, bar, conn, shell, lang) {
    this.conn = conn;
    this.shell = shell;
    this.lang = lang;
    this.frame = null;
    this.namespace = remembered(NAMESPACE_KEY, 'default');
    this.view = remembered(VIEW_KEY, 'boxes');
    this._build(host, bar);
    conn.on('open', () => this._tell());
    conn.on('frame', (frame) => this._onFrame(frame));
    this.setOpen(remembered(OPEN_KEY, 'false') === 'true');
  }

  _t(key, values) {
    return t(this.lang, key, values);
  }

  _build(host, bar) {
    const tr = (key, values) => this._t(key, values);
    this.toggle = el('button', { type: 'button', id: 'picture-toggle', class: 'pane-button',
      'aria-controls': 'cluster-picture', 'aria-pressed': 'false', text: tr('picture') });
    this.toggle.addEventListener('click', () => this.setOpen(!this.open));
    const skips = el('span', { class: 'skip-buttons', role: 'group', 'aria-label': tr('skipLabel') });
    for (const arg of SKIPS) {
      const duration = tr(`skip_${arg}`);
      const button = el('button', { type: 'button', class: 'pane-button skip-button',
        'data-skip': arg, title: tr('skipTitle', { duration, arg }), text: `+${duration}` });
      button.addEventListener('click', () => this.shell.run(`skip ${arg}`));
      skips.append(button);
    }
    const next = el('button', { type: 'button', class: 'pane-button skip-button', 'data-skip': 'next',
      title: tr('skipNextTitle'), text: `» ${tr("skipNext")}` });
    next.addEventListener('click', () => this.shell.run('skip next'));
    skips.append(next);
    const hint = bar.querySelector('.pane-hint');
    bar.insertBefore(skips, hint);
    bar.insertBefore(this.toggle, hint);

    this.select = el('select', { id: 'picture-namespace' });
    this.select.addEventListener('change', () => {
      this.namespace = this.select.value;
      remember(NAMESPACE_KEY, this.namespace);
      this._tell();
    });
    this.viewButton = el('button', { type: 'button', class: 'pane-button', id: 'picture-view' });
    this.viewButton.addEventListener('click', () => {
      this.view = this.view === 'boxes' ? 'table' : 'boxes';
      remember(VIEW_KEY, this.view);
      this._render();
    });
    // The session timeline is a terminal command (its points can be restored from there).
    const timeline = el('button', { type: 'button', class: 'pane-button', id: 'picture-timeline',
      title: tr('timelineTitle'), text: tr('timeline') });
    timeline.addEventListener('click', () => this.shell.run('timeline'));
    this.boxes = el('div', { class: 'picture-nodes', 'aria-hidden': 'true' });
    this.table = el('table', { class: 'picture-table' });
    this.status = el('p', { class: 'picture-status', role: 'status', text: tr('pictureWaiting') });
    // data-dock: on a phone the picture is one of the dock's tabs (dock.js), shown in front
    // of the terminal and editor rather than below them.
    this.panel = el('section', { id: 'cluster-picture', class: 'panel picture-pane', hidden: true,
      'aria-label': tr('pictureTitle'), 'data-dock': 'picture', 'data-dock-order': '3' },
    el('div', { class: 'pane-bar' },
      el('span', { class: 'pane-title', text: tr('pictureTitle') }),
      el('label', { for: 'picture-namespace', class: 'picture-label', text: tr('pictureNamespace') }),
      this.select, this.viewButton, timeline),
    el('div', { class: 'picture-body' }, this.status, this.boxes, this.table));
    this.panel.addEventListener('click', (ev) => this._onClick(ev));
    host.append(this.panel);
  }

  get open() {
    return !this.panel.hidden;
  }

  setOpen(open) {
    this.panel.hidden = !open;
    document.getElementById('playground')?.classList.toggle('with-picture', open);
    this.toggle.setAttribute('aria-pressed', String(open));
    this.toggle.title = this._t(open ? 'pictureHide' : 'pictureShow');
    remember(OPEN_KEY, String(open));
    this._tell();
    window.dispatchEvent(new Event('resize')); // the terminal refits to its new width
  }

  /** Tell the server whether to draw, and for which namespace. */
  _tell() {
    if (!this.conn.connected) return; // said again on (re)connect
    this.conn.send(this.open
      ? { type: 'picture', open: true, namespace: this.namespace }
      : { type: 'picture', open: false });
  }

  _onFrame(frame) {
    if (frame.type === 'reset') {
      this._tell(); // a fresh cluster: draw it
      return;
    }
    if (frame.type !== 'cluster' || !this.open || frame.namespace !== this.namespace) return;
    this.frame = frame;
    this._render();
  }

  _namespaces(frame) {
    const current = this.select.value || this.namespace;
    const names = [ALL, ...frame.namespaces];
    if (!names.includes(this.namespace)) names.push(this.namespace);
    this.select.replaceChildren(...names.map((name) => el('option', { value: name,
      text: name === ALL ? this._t('pictureAll') : name, selected: name === (current || this.namespace) })));
    this.select.value = this.namespace;
  }

  _render() {
    this.viewButton.textContent = `${this._t('pictureView')}: ${this._t(this.view === 'boxes' ? 'pictureBoxes' : 'pictureRows')}`;
    const frame = this.frame;
    if (!frame) return;
    this.status.hidden = true;
    this._namespaces(frame);
    this._renderBoxes(frame);
    this._renderTable(frame);
    // The boxes are a picture: screen readers read the table, which the "Table" view shows.
    this.boxes.hidden = this.view !== 'boxes';
    this.table.classList.toggle('visually-hidden', this.view === 'boxes');
  }

  _podBox(pod) {
    const tr = (key, values) => this._t(key, values);
    const containers = el('ul', { class: 'picture-containers' });
    for (const c of pod.containers) {
      const mark = c.kind === 'app' ? '' : ` (${tr(c.kind === 'init' ? 'pictureInit' : 'pictureSidecar')})`;
      containers.append(el('li', { class: `container ${c.kind} state-${c.state}${c.ready ? ' ready' : ''}`,
        title: `${c.image} · ${c.state}${c.reason ? `: ${c.reason}` : ''}`, text: `${c.name}${mark}` }));
    }
    const labels = Object.entries(pod.labels).map(([k, v]) => `${k}=${v}`).join(', ');
    return el('button', { type: 'button', class: `picture-pod tone-${pod.tone}`, 'data-pod': pod.name,
      'data-namespace': pod.namespace, title: labels || null, tabindex: '-1' },
    el('span', { class: 'pod-name', text: pod.name }),
    el('span', { class: 'pod-status', text: pod.status }),
    el('span', { class: 'pod-meta', text: `${pod.ready} · ↻${pod.restarts}${pod.ip ? ` · ${pod.ip}` : ''}` }),
    containers);
  }

  _renderBoxes(frame) {
    const tr = (key) => this._t(key);
    const boxes = frame.nodes.map((node) => {
      const pods = node.pods.length ? node.pods.map((p) => this._podBox(p))
        : [el('p', { class: 'picture-empty', text: tr('pictureNoPods') })];
      const role = node.roles.includes('control-plane') ? ` · ${tr('pictureControlPlane')}` : '';
      return el('div', { class: `picture-node${node.ready ? '' : ' not-ready'}`, 'data-node': node.name },
        el('h3', { text: `${node.name}${role}${node.ready ? '' : ` · ${tr('pictureNotReady')}`}` }),
        el('div', { class: 'picture-pods' }, ...pods));
    });
    if (frame.unscheduled.length) {
      boxes.push(el('div', { class: 'picture-node unscheduled' },
        el('h3', { text: tr('pictureUnscheduled') }),
        el('div', { class: 'picture-pods' }, ...frame.unscheduled.map((p) => this._podBox(p)))));
    }
    this.boxes.replaceChildren(...boxes);
  }

  _renderTable(frame) {
    const tr = (key, values) => this._t(key, values);
    const head = el('tr', {}, ...['pictureNode', 'picturePod', 'pictureStatus', 'pictureReady',
      'pictureRestarts', 'pictureIp', 'pictureContainers', 'pictureActions']
      .map((key) => el('th', { scope: 'col', text: key === 'pictureActions' ? '' : tr(key) })));
    const rows = [];
    const add = (nodeName, pod) => {
      const containers = pod.containers.map((c) => `${c.name}${c.kind === 'app' ? ''
        : ` (${tr(c.kind === 'init' ? 'pictureInit' : 'pictureSidecar')})`}: ${c.reason || c.state}`).join(', ');
      const actions = el('td', { class: 'picture-actions', role: 'group', 'aria-label': tr('pictureActions', { name: pod.name }) },
        ...[['describe', 'pictureDescribe'], ['logs', 'pictureLogs'], ['why', 'pictureWhy']].map(([action, key]) =>
          el('button', { type: 'button', 'data-action': action, 'data-pod': pod.name,
            'data-namespace': pod.namespace, text: tr(key) })));
      rows.push(el('tr', { class: `tone-${pod.tone}` }, el('td', { text: nodeName }),
        el('th', { scope: 'row', text: frame.namespace === ALL ? `${pod.namespace}/${pod.name}` : pod.name }),
        el('td', { text: pod.status }), el('td', { text: pod.ready }), el('td', { text: pod.restarts }),
        el('td', { text: pod.ip }), el('td', { text: containers }), actions));
    };
    for (const node of frame.nodes) for (const pod of node.pods) add(node.name, pod);
    for (const pod of frame.unscheduled) add(tr('pictureUnscheduled'), pod);
    this.table.replaceChildren(el('caption', { text: tr('pictureTable') }), el('thead', {}, head),
      el('tbody', {}, ...rows));
  }

  _command(action, pod, namespace) {
    const ns = namespace === 'default' ? '' : ` -n ${namespace}`;
    if (action === 'why') return `why pod/${pod}${ns}`;
    if (action === 'logs') return `kubectl logs ${pod}${ns} --all-containers`;
    return `kubectl describe pod ${pod}${ns}`;
  }

  _onClick(ev) {
    const action = ev.target.closest('[data-action]');
    if (action) {
      this.shell.run(this._command(action.dataset.action, action.dataset.pod, action.dataset.namespace));
      this._closeMenu();
      return;
    }
    const pod = ev.target.closest('.picture-pod');
    if (pod) this._openMenu(pod);
    else this._closeMenu();
  }

  _openMenu(pod) {
    this._closeMenu();
    const tr = (key, values) => this._t(key, values);
    const { pod: name, namespace } = pod.dataset;
    this.menu = el('div', { class: 'picture-menu', role: 'group', 'aria-label': tr('pictureActions', { name }) },
      ...[['why', 'pictureWhy'], ['describe', 'pictureDescribe'], ['logs', 'pictureLogs']].map(([action, key]) =>
        el('button', { type: 'button', 'data-action': action, 'data-pod': name, 'data-namespace': namespace, text: tr(key) })));
    pod.after(this.menu);
  }

  _closeMenu() {
    this.menu?.remove();
    this.menu = null;
  }
}
