// `kubectl edit` with the editor pane as its $EDITOR (PROTOCOL.md: the `editor` frame). The
// server keeps the session (the buffer, the reopen after a refused change), so this module only
// shows it: the buffer in the editor pane with Save/Cancel, and one line beside the terminal
// saying the terminal waits for it. Save sends `edit.save`; Cancel is Ctrl-C (`interrupt`), the
// editor exiting unchanged. The tab's `done` ends it.

import { t } from './messages.js';

/**
 * @param {object} conn the Connection
 * @param {object} files the LazyEditor
 * @param {HTMLElement} termEl the terminal element (the notice goes after it)
 * @param {{lang: string, showEditor?: () => void, showTerminal?: () => void}} options bring the
 *   pane, then the terminal with kubectl's answer, to the front (the phone dock)
 */
export function watchEditSessions(conn, files, termEl, { lang, showEditor, showTerminal } = {}) {
  const bar = document.getElementById('edit-session');
  const nameEl = document.getElementById('edit-session-name');
  const saveButton = document.getElementById('edit-save');
  const cancelButton = document.getElementById('edit-cancel');
  const notice = document.createElement('div');
  notice.className = 'edit-notice';
  notice.setAttribute('role', 'status');
  notice.setAttribute('aria-live', 'polite');
  notice.hidden = true;
  const text = document.createElement('span');
  notice.append(text);
  termEl.after(notice);

  let session = null; // {tab, id, name} of the edit the pane shows

  const close = () => {
    session = null;
    notice.hidden = true;
    if (bar) bar.hidden = true;
    files.closeEditBuffer?.();
  };
  const save = (content) => {
    if (!session) return false;
    return conn.send({ type: 'edit.save', tab: session.tab, content });
  };

  saveButton?.addEventListener('click', () => {
    if (session) files.load().then((editor) => save(editor.content));
  });
  cancelButton?.addEventListener('click', () => {
    if (session) conn.send({ type: 'interrupt', tab: session.tab });
  });

  conn.on('frame', (frame) => {
    if (frame.type === 'editor' && typeof frame.content === 'string') {
      // The same buffer sent again (a reconnect took the edit back, under the id of the
      // `interrupt` that asked): keep the learner's typing, answer to the new id.
      if (session && session.tab === frame.tab && session.shown === frame.content) {
        session.id = frame.id;
        return;
      }
      session = { tab: frame.tab, id: frame.id, name: String(frame.name ?? ''), shown: frame.content };
      text.textContent = t(lang, 'editWaiting', { name: session.name });
      notice.hidden = false;
      if (bar) bar.hidden = false;
      if (nameEl) nameEl.textContent = session.name;
      files.openEditBuffer(session.name, frame.content, save);
      showEditor?.();
    } else if (frame.type === 'done' && session && frame.tab === session.tab && frame.id === session.id) {
      close();
      showTerminal?.();
    } else if (frame.type === 'reset' && session) {
      close();
    }
  });
  return notice;
}
