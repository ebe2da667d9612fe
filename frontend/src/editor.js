// The YAML editor: CodeMirror 6 with one tab per file in the sandbox's home directory.
// Files arrive one at a time (PROTOCOL.md): a `files` frame names every file of the sandbox
// (on connect and reset), `file` frames carry one file's content (the rest of that list, or a
// change), `file.deleted` frames remove one. They leave in `file.save` / `file.delete` frames.

import { EditorView, basicSetup } from 'codemirror';
import { Annotation, Compartment, EditorState, Prec } from '@codemirror/state';
import { hoverTooltip, keymap, placeholder } from '@codemirror/view';
import { yaml } from '@codemirror/lang-yaml';
import { syntaxTree, ensureSyntaxTree } from '@codemirror/language';
import { forceLinting, linter, lintGutter } from '@codemirror/lint';
import { K8sSchema, completions, fieldAt, typeName, validate } from './k8s-schema.js';
import { editorPhrases, frameText, t } from './messages.js';

const SAVE_DELAY_MS = 700;
const NAME_RE = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
const remote = Annotation.define();
// Shipped beside the bundle (static/playground/; this module is in its chunks/), never from a CDN.
// Pages pass the content-hashed URL (controls.schemaUrl) so browsers may cache it for good.
const SCHEMA_URL = new URL('../k8s-schema-v1.32.json', import.meta.url).href;
const YAML_NAME = /\.ya?ml$/i;

let schemaPromise = null;
/** The Pod/Namespace OpenAPI schema, fetched once. */
export function loadSchema(url) {
  if (!schemaPromise) {
    const href = url || SCHEMA_URL;
    schemaPromise = fetch(href)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${href}: ${r.status}`))))
      .then((json) => new K8sSchema(json))
      .catch((err) => {
        console.warn('Kubernetes schema not available:', err);
        return null;
      });
  }
  return schemaPromise;
}

export class PlaygroundEditor {
  /**
   * @param {HTMLElement} host where CodeMirror goes (#editor)
   * @param {HTMLElement} tabs the tab strip (#file-tabs)
   * @param {object} connection the websocket Connection
   * @param {object} controls optional {newButton, newForm, newInput, deleteButton, status}
   */
  constructor(host, tabs, connection, controls = {}) {
    this.host = host;
    this.tabs = tabs;
    this.conn = connection;
    this.controls = controls;
    this.files = new Map(); // name -> content as the server last told us
    this.saved = null; // content of the open file as last saved or received
    // Saves the server has not echoed yet: a `files` frame sent before it processed them is
    // stale for those files and must not close or overwrite them.
    this.unacked = new Map();
    this.open = null; // name of the open file
    this.states = new Map(); // name -> EditorState, keeps undo history per file
    this.saveTimer = null;
    this.readOnly = new Compartment();
    this.schema = null;
    this.schemaWanted = false;
    // kubectl edit's buffer while the terminal waits for it (edit-session.js): not a file, so
    // never autosaved; Save (or Mod-s) hands it to onSave. {name, onSave, returnTo} or null.
    this.editBuffer = null;

    this.view = new EditorView({ parent: host, state: this._state('') });
    this._setEditable(false);
    this._renderTabs();
    this._bindControls();

    connection.on('frame', (frame) => this.applyFrame(frame));
    connection.on('open', () => {
      if (this.dirty) this.save();
    });
  }

  _state(doc) {
    return EditorState.create({
      doc,
      extensions: [
        basicSetup,
        yaml(),
        EditorState.tabSize.of(2),
        EditorState.phrases.of(editorPhrases(this.controls.lang)),
        this.readOnly.of([]),
        placeholder(t(this.controls.lang, 'editorEmpty')),
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                this.save();
                return true;
              },
            },
            {
              key: 'Tab',
              run: (view) => {
                view.dispatch(view.state.replaceSelection('  '));
                return true;
              },
            },
          ]),
        ),
        ...this._kubernetes(),
        EditorView.contentAttributes.of({ 'aria-label': t(this.controls.lang, 'yamlEditor') }),
        EditorView.updateListener.of((update) => this._onUpdate(update)),
      ],
    });
  }

  /** Schema diagnostics, field/enum completion and hover descriptions (k8s-schema.js). */
  _kubernetes() {
    const isYaml = () => this.open !== null && YAML_NAME.test(this.open);
    const lint = linter(
      (view) => {
        if (!this.schema || !isYaml()) return [];
        const text = view.state.doc.toString();
        const tree = ensureSyntaxTree(view.state, view.state.doc.length, 200) ?? syntaxTree(view.state);
        return validate(this.schema, text, tree).map((d) => ({ ...d, source: 'Kubernetes v1.32' }));
      },
      { delay: 300 },
    );
    const complete = (context) => {
      if (!this.schema || !isYaml()) return null;
      const text = context.state.doc.toString();
      const result = completions(this.schema, text, context.pos);
      if (!result || !result.options.length) return null;
      if (result.from === context.pos && !context.explicit && !/:\s$|^\s*-?\s*$/.test(
        context.state.doc.lineAt(context.pos).text.slice(0, context.pos - context.state.doc.lineAt(context.pos).from))) {
        return null;
      }
      return { from: result.from, options: result.options, validFor: /^[A-Za-z0-9]*$/ };
    };
    const hover = hoverTooltip((view, pos) => {
      if (!this.schema || !isYaml()) return null;
      const text = view.state.doc.toString();
      const found = fieldAt(this.schema, text, syntaxTree(view.state), pos);
      if (!found || !found.schema.description) return null;
      return {
        pos: found.from,
        end: found.to,
        above: true,
        create: () => {
          const dom = document.createElement('div');
          dom.className = 'k8s-hover';
          const head = document.createElement('div');
          head.className = 'k8s-hover-type';
          const last = found.path[found.path.length - 1];
          head.textContent = `${last}: ${typeName(this.schema, found.schema)}`;
          const body = document.createElement('div');
          body.textContent = found.schema.description;
          dom.append(head, body);
          return { dom };
        },
      };
    });
    return [
      lint,
      lintGutter(),
      hover,
      EditorState.languageData.of(() => [{ autocomplete: complete }]),
    ];
  }

  /** Save the open file, then type `kubectl apply -f <file>` into the terminal in front. */
  async apply() {
    if (this.open === null || !this.controls.terminal) return false;
    const name = this.open;
    const content = this.content;
    if (this.files.get(name) !== content || this.dirty || this.saveTimer) {
      const stored = this._whenStored(name, content);
      if (!this.save()) return false;
      await stored;
    }
    const arg = /^[A-Za-z0-9._-]+$/.test(name) ? name : `'${name}'`;
    this.controls.terminal.run(`kubectl apply -f ${arg}`);
    return true;
  }

  _whenStored(name, content) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 3000);
      const off = this.conn.on('frame', (frame) => {
        if (frame.type === 'file' && frame.name === name && frame.content === content) {
          clearTimeout(timer);
          off?.();
          resolve();
        }
      });
      setTimeout(() => off?.(), 3000);
    });
  }

  get content() {
    return this.view.state.doc.toString();
  }

  get dirty() {
    return this.open !== null && this.saved !== null && this.content !== this.saved;
  }

  _setEditable(on) {
    this.view.dispatch({
      effects: this.readOnly.reconfigure(on ? [] : [EditorState.readOnly.of(true), EditorView.editable.of(false)]),
    });
  }

  _onUpdate(update) {
    if (!update.docChanged || update.transactions.some((tr) => tr.annotation(remote))) return;
    if (this.open === null) return;
    this._status(t(this.controls.lang, 'unsaved'));
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  _status(text) {
    if (this.controls.status) this.controls.status.textContent = text;
  }

  /** Send the open file to the sandbox now. */
  save() {
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.editBuffer) return this.editBuffer.onSave(this.content);
    if (this.open === null) return false;
    const content = this.content;
    if (!this.conn.send({ type: 'file.save', name: this.open, content })) {
      this._status(t(this.controls.lang, 'saveOffline'));
      return false;
    }
    this.saved = content;
    this.unacked.set(this.open, content);
    this._status(t(this.controls.lang, 'saved'));
    return true;
  }

  /** One server frame about files (`files`, `file`, `file.deleted`, a refused save). */
  applyFrame(frame) {
    if (frame.type === 'files' && Array.isArray(frame.names)) {
      // The full list: drop what it does not name; contents follow in `file` frames.
      const names = new Set(frame.names.map(String));
      this._applySet(new Map([...this.files].filter(([name]) => names.has(name))));
    } else if (frame.type === 'file' && typeof frame.name === 'string') {
      this._applySet(new Map(this.files).set(frame.name, String(frame.content ?? '')));
    } else if (frame.type === 'file.deleted' && typeof frame.name === 'string') {
      const next = new Map(this.files);
      next.delete(frame.name);
      this.unacked.delete(frame.name);
      this._applySet(next);
    } else if (frame.type === 'error' && frame.code === 'output_cut') {
      // Frames were skipped, file news among them maybe: ask for the whole list again.
      this.conn.send({ type: 'sync' });
    } else if (frame.type === 'error' && frame.code === 'save_limited' && typeof frame.name === 'string') {
      this._saveRefused(frame.name, Number(frame.seconds) || 1, frame);
    } else if (frame.type === 'error' && typeof frame.name === 'string') {
      this._saveFailed(frame.name, frame);
    }
  }

  /** The sandbox refused the save for good (files_full, a file too large): say why and keep
   * the edit in the editor as unsaved, so nothing typed is lost. */
  _saveFailed(name, frame) {
    this.unacked.delete(name);
    if (name !== this.open) return;
    this.saved = this.files.get(name) ?? '';
    this._status(frameText(this.controls.lang, frame));
  }

  /** The learner's save budget was spent: say so, and save the same file again when it fits. */
  _saveRefused(name, seconds, frame) {
    const content = name === this.open ? this.content : this.unacked.get(name);
    this.unacked.delete(name);
    if (name === this.open) {
      this.saved = this.files.get(name) ?? '';
      this._status(frameText(this.controls.lang, frame));
      clearTimeout(this.saveTimer);
      this.saveTimer = setTimeout(() => this.save(), seconds * 1000);
    } else if (content !== undefined) {
      setTimeout(() => {
        if (name !== this.open && this.conn.send({ type: 'file.save', name, content })) {
          this.unacked.set(name, content);
        }
      }, seconds * 1000);
    }
  }

  /** The full set of files in the sandbox home (`{name: content}`). */
  applyFiles(files) {
    this._applySet(new Map(Object.entries(files).map(([n, c]) => [n, String(c)])));
  }

  _applySet(next) {
    for (const [name, content] of [...this.unacked]) {
      if (next.get(name) === content) this.unacked.delete(name);
      else next.set(name, content);
    }
    for (const [name, content] of next) {
      if (this.files.get(name) !== content && name !== this.open) this.states.delete(name);
    }
    for (const name of this.files.keys()) if (!next.has(name)) this.states.delete(name);
    this.files = next;

    if (this.open !== null) {
      if (next.has(this.open)) {
        const server = next.get(this.open);
        if (this.content === server) {
          this.saved = server;
          if (!this.saveTimer) this._status(t(this.controls.lang, 'saved'));
        } else if (!this.dirty) {
          // Changed elsewhere (e.g. `cat <<EOF > f` in the terminal) and no local edits: follow it.
          this._replaceDoc(server);
          this.saved = server;
          this._status(t(this.controls.lang, 'updatedFromTerminal'));
        } else {
          this._status(t(this.controls.lang, 'changedInTerminal'));
        }
      } else if (!this.dirty) {
        this.open = null;
      }
    }
    if (this.open === null && !this.editBuffer) {
      const first = [...next.keys()].sort()[0];
      if (first !== undefined) this.openFile(first);
      else this._showEmpty();
    }
    this._renderTabs();
  }

  _replaceDoc(text) {
    const state = this.view.state;
    const sel = state.selection.main.head;
    this.view.dispatch({
      changes: { from: 0, to: state.doc.length, insert: text },
      selection: { anchor: Math.min(sel, text.length) },
      annotations: remote.of(true),
    });
  }

  _showEmpty() {
    this.open = null;
    this.saved = null;
    this.view.setState(this._state(''));
    this._setEditable(false);
  }

  /** Show kubectl edit's buffer `content` (kubectl's temporary file `name`) until
   * closeEditBuffer; the files wait behind it. A reopened buffer replaces the one shown. */
  openEditBuffer(name, content, onSave) {
    if (this.open !== null) {
      if (this.dirty) this.save();
      this.states.set(this.open, this.view.state);
    }
    const returnTo = this.editBuffer ? this.editBuffer.returnTo : this.open;
    this.editBuffer = { name, onSave, returnTo };
    this.open = null;
    this.saved = null;
    this.view.setState(this._state(content));
    this._setEditable(true);
    this._status('');
    this._renderTabs();
  }

  /** The edit is over: back to the file shown before it (or the first one). */
  closeEditBuffer() {
    if (!this.editBuffer) return;
    const back = this.editBuffer.returnTo;
    this.editBuffer = null;
    const first = [...this.files.keys()].sort()[0];
    if (back !== null && this.files.has(back)) this.openFile(back);
    else if (first !== undefined) this.openFile(first);
    else this._showEmpty();
    this._renderTabs();
  }

  /** Show file `name`; with `content`, create or overwrite it and save it. */
  openFile(name, content) {
    if (this.editBuffer) {
      // the edit's buffer stays in front while kubectl waits; the file opens after it
      if (content !== undefined) {
        this.files.set(name, String(content));
        this.conn.send({ type: 'file.save', name, content: String(content) });
      }
      this.editBuffer.returnTo = name;
      return true;
    }
    if (this.open !== null && this.open !== name) {
      if (this.dirty) this.save();
      this.states.set(this.open, this.view.state);
    }
    const creating = content !== undefined;
    if (creating) this.states.delete(name);
    const text = creating ? String(content) : this.files.get(name) ?? '';
    const cached = this.states.get(name);
    const state = cached && cached.doc.toString() === text ? cached : this._state(text);
    this.view.setState(state);
    this.open = name;
    if (YAML_NAME.test(name)) this._wantSchema();
    this.saved = creating ? null : text;
    this._setEditable(true);
    if (creating) {
      this.files.set(name, text);
      this.save();
    } else {
      this._status('');
    }
    this._renderTabs();
    return true;
  }

  /** The schema is fetched when the first YAML file is shown, then lints every YAML file. */
  _wantSchema() {
    if (this.schemaWanted) return;
    this.schemaWanted = true;
    loadSchema(this.controls.schemaUrl).then((schema) => {
      this.schema = schema;
      if (schema) forceLinting(this.view);
    });
  }

  /** Show the New-file name field (the "New file" button). */
  startNewFile() {
    const { newButton, newForm, newInput } = this.controls;
    if (!newButton || !newForm || !newInput) return;
    newForm.hidden = false;
    newButton.hidden = true;
    newInput.value = '';
    newInput.focus();
  }

  createFile(name) {
    const clean = String(name ?? '').trim();
    if (!NAME_RE.test(clean)) {
      this._status(t(this.controls.lang, 'badFileName'));
      return false;
    }
    if (this.files.has(clean)) return this.openFile(clean);
    this.openFile(clean, '');
    this.view.focus();
    return true;
  }

  deleteFile(name = this.open) {
    if (name === null) return;
    this.conn.send({ type: 'file.delete', name });
    this.unacked.delete(name);
    this.files.delete(name);
    this.states.delete(name);
    if (name === this.open) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.open = null;
      const first = [...this.files.keys()].sort()[0];
      if (first !== undefined) this.openFile(first);
      else this._showEmpty();
    }
    this._renderTabs();
  }

  _renderTabs() {
    if (this.editBuffer) {
      // only the buffer while kubectl edit waits: a file tab would hide it
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'file-tab';
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', 'true');
      b.dataset.name = this.editBuffer.name;
      b.textContent = this.editBuffer.name.split('/').pop();
      this.tabs.replaceChildren(b);
      if (this.controls.deleteButton) this.controls.deleteButton.disabled = true;
      if (this.controls.applyButton) this.controls.applyButton.disabled = true;
      return;
    }
    const names = [...this.files.keys()];
    if (this.open !== null && !names.includes(this.open)) names.push(this.open);
    names.sort();
    this.tabs.replaceChildren();
    for (const name of names) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'file-tab';
      b.setAttribute('role', 'tab');
      b.dataset.name = name;
      b.textContent = name;
      const selected = name === this.open;
      b.setAttribute('aria-selected', String(selected));
      b.tabIndex = selected || (this.open === null && name === names[0]) ? 0 : -1;
      b.addEventListener('click', () => this.openFile(name));
      b.addEventListener('keydown', (ev) => this._tabKey(ev, names, name));
      this.tabs.appendChild(b);
    }
    if (this.controls.deleteButton) this.controls.deleteButton.disabled = this.open === null;
    if (this.controls.applyButton) this.controls.applyButton.disabled = this.open === null;
  }

  _tabKey(ev, names, name) {
    const i = names.indexOf(name);
    let j = null;
    if (ev.key === 'ArrowRight') j = (i + 1) % names.length;
    else if (ev.key === 'ArrowLeft') j = (i - 1 + names.length) % names.length;
    else if (ev.key === 'Home') j = 0;
    else if (ev.key === 'End') j = names.length - 1;
    if (j === null) return;
    ev.preventDefault();
    this.openFile(names[j]);
    this.tabs.querySelector(`[data-name="${CSS.escape(names[j])}"]`)?.focus();
  }

  _bindControls() {
    const { newButton, newForm, newInput, deleteButton } = this.controls;
    if (newButton && newForm && newInput) {
      newButton.addEventListener('click', () => this.startNewFile());
      const close = () => {
        newForm.hidden = true;
        newButton.hidden = false;
      };
      newForm.addEventListener('submit', (ev) => {
        ev.preventDefault();
        if (this.createFile(newInput.value)) close();
      });
      newInput.addEventListener('keydown', (ev) => {
        if (ev.key === 'Escape') {
          close();
          newButton.focus();
        }
      });
    }
    if (this.controls.applyButton) {
      this.controls.applyButton.addEventListener('click', () => this.apply());
    }
    if (deleteButton) {
      deleteButton.addEventListener('click', () => {
        if (this.open !== null && window.confirm(t(this.controls.lang, 'deleteFile', { name: this.open }))) this.deleteFile();
      });
    }
  }
}
