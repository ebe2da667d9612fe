// The YAML editor on demand: CodeMirror and the Kubernetes schema (over half of the page's
// JavaScript) are fetched only when the editor is first needed, so the terminal's prompt does not
// wait for them. "Needed" means: the sandbox has a file to show (a `files` frame naming one),
// the learner points at or tabs into the editor pane, or something opens a file (a lesson's
// "Open in editor" button, window.playground.files.openFile). Until then the pane shows the same
// words CodeMirror shows when no file is open.

import { t } from './messages.js';

// What the pane says while no file is open is messages.js' editorEmpty: shown here before the
// editor loads, then as CodeMirror's placeholder.
export class LazyEditor {
  /** Same arguments as PlaygroundEditor (editor.js); it is built with them once loaded. */
  constructor(host, tabs, connection, options = {}) {
    const controls = { ...options, emptyText: t(options.lang, 'editorEmpty') };
    this.args = [host, tabs, connection, controls];
    this.host = host;
    this.controls = controls;
    this.editor = null;
    this.loading = null;
    // File frames since the last `files` list, replayed into the editor when it is built.
    this.pending = [];

    const idle = document.createElement('p');
    idle.className = 'editor-idle';
    idle.textContent = controls.emptyText;
    host.replaceChildren(idle);

    this.offFrame = connection.on('frame', (frame) => {
      if (frame.type === 'files' && Array.isArray(frame.names)) {
        this.pending = [frame];
        if (frame.names.length) this.load();
      } else if (frame.type === 'error' && frame.code === 'output_cut') {
        connection.send({ type: 'sync' }); // file news may have been skipped: the list again
      } else if (frame.type === 'file' || frame.type === 'file.deleted') {
        this.pending.push(frame);
        if (frame.type === 'file') this.load();
      }
    });
    const pane = host.closest('.editor-pane') ?? host;
    const wake = () => this.load();
    pane.addEventListener('pointerdown', wake, { once: true });
    pane.addEventListener('focusin', wake, { once: true });
    // The first click on "New file" happens before the editor (and its own handler) exists.
    controls.newButton?.addEventListener('click', () => {
      if (!this.editor) this.load().then((editor) => editor.startNewFile());
    });
  }

  /** Fetch editor.js (and CodeMirror with it) once; resolves to the PlaygroundEditor. */
  load() {
    if (!this.loading) {
      this.loading = import('./editor.js').then(({ PlaygroundEditor }) => {
        this.offFrame();
        this.host.replaceChildren();
        this.editor = new PlaygroundEditor(...this.args);
        for (const frame of this.pending) this.editor.applyFrame(frame);
        this.pending = [];
        return this.editor;
      });
      this.loading.catch((err) => console.error('The editor could not be loaded:', err));
    }
    return this.loading;
  }

  get loaded() {
    return this.editor !== null;
  }

  /** CodeMirror's EditorView, or null while the editor is not loaded. */
  get view() {
    return this.editor?.view ?? null;
  }

  /** Show (and with `content`, create or overwrite) file `name`; loads the editor first. */
  async openFile(name, content) {
    const editor = await this.load();
    return editor.openFile(name, content);
  }

  /** kubectl edit's buffer in the pane (edit-session.js); loads the editor first. */
  async openEditBuffer(name, content, onSave) {
    const editor = await this.load();
    editor.openEditBuffer(name, content, onSave);
  }

  closeEditBuffer() {
    this.editor?.closeEditBuffer();
  }

  /** The full set of files (`{name: content}`); before the editor exists it is kept for it. */
  applyFiles(files) {
    if (this.editor) this.editor.applyFiles(files);
    else {
      const names = Object.keys(files).sort();
      this.pending = [{ type: 'files', names },
        ...names.map((name) => ({ type: 'file', name, content: files[name] }))];
    }
  }
}
