// The terminal: xterm.js for display plus our own line editor. The browser edits a line
// (cursor, history, here-documents) and sends the whole line as one `run` frame; the server
// answers with `output` and `done` frames (playground/terminal/PROTOCOL.md).

import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { charWidth } from './width.js';
import { frameText, t } from './messages.js';
import { ScrollbackStore, serializeBuffer } from './scrollback.js';

const DEFAULT_PROMPT = '$ ';
const CONTINUATION_PROMPT = '> ';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';
const OUTPUT_FLUSH_MS = 8;
const HISTORY_LIMIT = 1000;
const DIM = '\x1b[2m';
// Saving the screen waits for output to pause this long (a watch prints every second or so).
const SCROLLBACK_SAVE_MS = 400;
// The terminal's font (style.css loads Nanum Gothic Coding from static): Latin and Hangul in one
// monospace face; line height 1.2 leaves room below the baseline, so `_` is never clipped.
export const TERMINAL_FONT =
  '"Nanum Gothic Coding", "DejaVu Sans Mono", "Noto Sans Mono CJK KR", Menlo, Consolas, monospace';
export const TERMINAL_LINE_HEIGHT = 1.2;
const FALLBACK_FONT = TERMINAL_FONT.slice(TERMINAL_FONT.indexOf(',') + 2);
const FONT_PROBE = '14px "Nanum Gothic Coding"';

/**
 * Resolves once the terminal's font has loaded (or failed to: then the fallback is used). The page
 * builds its terminals after this, so a terminal never changes its cell size, and with it its
 * column count, under a line being typed.
 */
export function terminalFontReady() {
  if (!document.fonts) return Promise.resolve();
  return document.fonts.load(FONT_PROBE, 'a_').then(
    () => undefined,
    (err) => console.warn('terminal font not loaded; using the system monospace font', err),
  );
}
const NOT_SPACE = /\S/;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
// Type-ahead kept while a command runs (a pasted script fits; a stuck key does not grow forever).
const MAX_TYPE_AHEAD = 128 * 1024;
const ESCAPE_SEQUENCE = /^\x1b(?:\[[0-9;]*[A-Za-z~]|O[A-Za-z]|.)?/;

function commonPrefix(words) {
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Here-document delimiters opened by a line (`<<EOF`, `<<-'END'`, `<< "X"`), in order. */
export function heredocDelimiters(line) {
  const found = [];
  const re = /<<(?!<)(-?)[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z0-9_.-]+))/g;
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && !inSingle) {
      i++;
      continue;
    }
    if (c === "'" && !inDouble) inSingle = !inSingle;
    else if (c === '"' && !inSingle) inDouble = !inDouble;
    else if (c === '#' && !inSingle && !inDouble && (i === 0 || /\s/.test(line[i - 1]))) break;
    else if (c === '<' && !inSingle && !inDouble && line[i + 1] === '<') {
      if (i > 0 && line[i - 1] === '<') continue;
      re.lastIndex = i;
      const m = re.exec(line);
      if (m && m.index === i) {
        found.push({ word: m[2] ?? m[3] ?? m[4], stripTabs: m[1] === '-' });
        i = re.lastIndex - 1;
      } else {
        i++;
      }
    }
  }
  return found;
}

const OPENS = new Set(['if', 'for', 'while', 'until', '{', 'case']);
const CLOSES = new Set(['fi', 'done', '}', 'esac']);
// after these the next word starts a command again (where bash reads reserved words)
const LEADS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '{', '!']);

/**
 * Whether bash would print its `> ` prompt after `text` (the lines typed so far): a compound
 * command left open (`for x in a; do` wants `done`), or a line ending in `|`, `&&` or `||`.
 * Here-documents are read by heredocDelimiters; quotes only hide the words inside them.
 */
export function needsMore(text) {
  let depth = 0;
  let atCommand = true;
  let last = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      const two = text.slice(i, i + 2);
      last = two === '&&' || two === '||' ? two : c;
      i += two === '&&' || two === '||' || two === ';;' ? 2 : 1;
      atCommand = true;
      continue;
    }
    if (c === '#' ) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    let word = '';
    let quoted = false;
    while (i < text.length && !/[\s;&|()]/.test(text[i])) {
      const q = text[i];
      if (q === '\\') {
        word += text.slice(i, i + 2);
        i += 2;
      } else if (q === "'" || q === '"') {
        const end = text.indexOf(q, i + 1);
        quoted = true;
        i = end < 0 ? text.length : end + 1;
      } else {
        word += q;
        i++;
      }
    }
    last = 'word';
    if (atCommand && !quoted) {
      if (OPENS.has(word)) depth++;
      else if (CLOSES.has(word)) depth--;
      atCommand = LEADS.has(word) || CLOSES.has(word);
    } else {
      atCommand = false;
    }
  }
  return depth > 0 || last === '|' || last === '&&' || last === '||';
}

function tabId() {
  const rnd = Math.random().toString(36).slice(2, 10);
  return `t${Date.now().toString(36)}${rnd}`;
}

/** Lay `words` out in columns of `cols` cells, the way bash lists completions. */
export function columnize(words, cols) {
  const width = Math.max(...words.map((w) => w.length)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows = Math.ceil(words.length / perRow);
  const lines = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < perRow; c++) {
      const w = words[c * rows + r];
      if (w === undefined) continue;
      line += c === perRow - 1 || words[(c + 1) * rows + r] === undefined ? w : w.padEnd(width);
    }
    lines.push(line);
  }
  return lines;
}

const SEARCH_PROMPT = (query, failed) => `(${failed ? 'failed ' : ''}reverse-i-search)\`${query}': `;

export class PlaygroundTerminal {
  constructor(element, connection, options = {}) {
    this.element = element;
    this.conn = connection;
    this.tab = options.tab ?? tabId();
    this.ko = options.lang === 'ko';
    this.lang = this.ko ? 'ko' : 'en';
    this.isActive = options.isActive ?? (() => true);
    this.restoring = false; // first open: asking the server whether this tab is in a container shell
    this.search = null; // {query, index, failed, saved, savedCursor} during Ctrl-R
    this.completeSeq = 0;
    this.pendingComplete = null; // {seq, line, cursor, tabs}
    this.tabPresses = 0;
    this.term = new Terminal({
      allowProposedApi: true,
      convertEol: false,
      cursorBlink: true,
      // xterm measures its cell once per font change: until the web font has arrived it uses
      // the fallback, then _useWebFont switches (and so measures again).
      fontFamily: document.fonts?.check(FONT_PROBE) ? TERMINAL_FONT : FALLBACK_FONT,
      fontSize: 14,
      lineHeight: TERMINAL_LINE_HEIGHT,
      scrollback: 5000,
      screenReaderMode: false,
      theme: { background: '#1e1f22', foreground: '#e6e6e6', cursor: '#e6e6e6' },
    });
    this.fit = new FitAddon();
    this.term.loadAddon(this.fit);
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    this.term.loadAddon(new WebLinksAddon());
    this.term.open(element);
    // xterm names its input box in English; the page's language names it here.
    this.term.textarea?.setAttribute('aria-label', t(this.lang, 'terminalInput'));
    this._fitSoon();
    this._useWebFont();

    this.chars = []; // the line being edited, one code point per entry
    this.cursor = 0; // index into chars
    this.cursorRow = 0; // rows between the prompt's first row and the terminal cursor
    this.basePrompt = DEFAULT_PROMPT;
    this.prompt = DEFAULT_PROMPT;
    this.promptShown = false;
    this.running = false;
    this.nextId = 1;
    this.currentId = null;
    this.heredoc = null; // {lines, delimiters} while collecting a here-document
    this.history = [];
    this.historyIndex = 0;
    this.draft = null; // the unfinished line while browsing history
    this.pendingInput = ''; // type-ahead: keys pressed while a command runs, replayed after it
    this.queuedRuns = []; // lesson Run lines waiting in pendingInput (shown as dropped on Ctrl-C)
    this.typeAheadFull = false;
    this.pendingOutput = [];
    this.flushTimer = null;
    this.atLineStart = true;
    this.idleWaiters = [];
    this.escPressed = false;

    this.runningLine = '';
    this.scrollback = new ScrollbackStore(this.tab);
    this._restoreScrollback();
    this.term.onWriteParsed(() => this._saveSoon());
    this._saveNow = () => this.saveScrollback();
    window.addEventListener('pagehide', this._saveNow);

    this.term.onData((data) => this.handleData(data));
    this.term.onResize(() => {
      if (this.promptShown) this._render();
      this._sendSize();
    });
    this.term.attachCustomKeyEventHandler((ev) => this._keyFilter(ev));
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => this._fitSoon()).observe(element);
    }
    window.addEventListener('resize', () => this._fitSoon());

    connection.on('open', (info) => !this.disposed && this._onOpen(info));
    connection.on('close', (info) => !this.disposed && this._onClose(info));
    connection.on('frame', (frame) => !this.disposed && this._onFrame(frame));
  }

  // ---- connection events -------------------------------------------------------------

  /** Tell the server this tab's terminal size (a tty session's `ls` lays out by it), once per
   * socket and again whenever it changes: what kubectl's TTY resize passes to a container. */
  _sendSize(force = false) {
    const size = `${this.term.cols}x${this.term.rows}`;
    if (!force && size === this.sentSize) return;
    if (this.conn.send({ type: 'resize', tab: this.tab, cols: this.term.cols, rows: this.term.rows })) {
      this.sentSize = size;
    }
  }

  _onOpen({ reconnect }) {
    this._sendSize(true); // a new socket knows no size yet; it goes before any run
    if (!reconnect && !this.running) {
      // A tab kept across a reload may still hold a command or a container shell on the server:
      // interrupting it ends a leftover command and answers with the shell's prompt, if any.
      // `restore`: a kubectl edit waiting for the editor stays, and its buffer comes back.
      this.restoring = this.conn.send({ type: 'interrupt', tab: this.tab, restore: true });
    }
    if (reconnect && this.running && this.editing) {
      // A kubectl edit waits on the server, not on the socket: take it back (its buffer comes
      // again; the pane keeps what the learner typed) instead of cancelling it.
      this.restoring = this.conn.send({ type: 'interrupt', tab: this.tab, restore: true });
      this._writeAbove(`${YELLOW}[${t(this.lang, 'reconnected')}]${RESET}`);
    } else if (reconnect && this.running) {
      // The old socket's command cannot report to us any more: stop it and give a prompt.
      this.conn.send({ type: 'interrupt', tab: this.tab });
      this.running = false;
      this.currentId = null;
      this._writeAbove(`${YELLOW}[${t(this.lang, 'reconnectedStopped')}]${RESET}`);
    } else if (reconnect) {
      this._writeAbove(`${YELLOW}[${t(this.lang, 'reconnected')}]${RESET}`);
    }
    this.noticeShown = false;
    if (!this.promptShown && !this.running) {
      this._showPrompt();
      this._drainPending();
    }
  }

  _onClose({ wasConnected, delay }) {
    if (this.noticeShown) return;
    this.noticeShown = true;
    const secs = Math.max(1, Math.round(delay / 1000));
    const what = t(this.lang, wasConnected ? 'connectionLost' : 'cannotConnect', { secs });
    this._writeAbove(`${YELLOW}[${what}]${RESET}`);
  }

  _onFrame(frame) {
    switch (frame.type) {
      case 'output':
        if (frame.tab !== this.tab) return;
        this.pendingOutput.push(frame);
        if (!this.flushTimer) {
          this.flushTimer = setTimeout(() => this._flushOutput(), OUTPUT_FLUSH_MS);
        }
        break;
      case 'done':
        if (frame.tab !== this.tab) return;
        this._flushOutput();
        if (this.restoring && frame.id === 0 && !this.running) {
          this.restoring = false;
          const prompt = typeof frame.prompt === 'string' && frame.prompt ? frame.prompt : DEFAULT_PROMPT;
          if (prompt !== this.basePrompt && !this.heredoc && !this.search) {
            this.basePrompt = prompt;
            this.prompt = prompt;
            if (this.promptShown) this._render();
          }
          return;
        }
        if (frame.id !== this.currentId) return;
        this._finish(frame.prompt);
        break;
      case 'editor':
        // A kubectl edit left waiting by the page before a reload: this tab waits for it again,
        // as a shell blocked on its editor (the answer is the `done` of that command's id).
        if (frame.tab !== this.tab) return;
        this.editing = true; // not a command the page stops by leaving: the edit waits on
        if (this.restoring && this.running) { // a reconnect took it back: its answer's id
          this.restoring = false;
          this.currentId = frame.id;
        }
        if (this.restoring && !this.running) {
          this.restoring = false;
          this.pendingInput = '';
          this.chars = [];
          this.cursor = 0;
          this.running = true;
          this.currentId = frame.id;
          this.promptShown = false;
          this._write('\r\n');
        }
        break;
      case 'history':
        if (Array.isArray(frame.lines)) this._setHistory(frame.lines);
        break;
      case 'error':
        if (frame.tab === undefined || frame.tab === null) {
          if (this.isActive()) this._onError(frame);
        } else if (frame.tab === this.tab) {
          this._onError(frame);
        }
        break;
      case 'completion':
        if (frame.tab === this.tab) this._onCompletion(frame);
        break;
      case 'notice':
        // The server's word on a command still waiting (e.g. queued behind other learners').
        if (frame.tab === this.tab && frame.id === this.currentId && this.running) {
          this._notice(frameText(this.lang, frame));
        }
        break;
      case 'reset':
        // The sandbox went back to its starting state: any running command is gone.
        this._flushOutput();
        this.pendingOutput = [];
        if (this.running) this._write('\r\n');
        this._writeAbove(`${YELLOW}[${t(this.lang, 'clusterReset')}]${RESET}`);
        if (this.running) this._finish(null);
        else if (this.basePrompt !== DEFAULT_PROMPT) {
          this.basePrompt = DEFAULT_PROMPT;
          this.prompt = DEFAULT_PROMPT;
          if (this.promptShown) this._render();
        }
        break;
      default:
        break;
    }
  }

  _onError(frame) {
    const text = `${RED}${frameText(this.lang, frame)}${RESET}`;
    const mine = frame.tab === this.tab && frame.id != null && frame.id === this.currentId;
    if (mine && this.running) {
      this._flushOutput();
      this._write(text + '\r\n');
      this._finish(null, true);
    } else {
      this._writeAbove(text);
    }
  }

  // ---- output ------------------------------------------------------------------------

  _flushOutput() {
    clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.pendingOutput.length) return;
    const frames = this.pendingOutput.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    this.pendingOutput = [];
    let text = '';
    for (const f of frames) text += String(f.data ?? '');
    text = text.normalize('NFC').replace(/\r?\n/g, '\r\n');
    if (!text) return;
    if (this.running) this._write(text);
    else this._writeAbove(text.replace(/\r\n$/, ''));
  }

  _write(text) {
    if (!text) return;
    this.term.write(text);
    this.atLineStart = /\r\n$|\n$|\x1b\[[0-9;]*[HJ]$/.test(text);
  }

  /** A yellow `[notice]` line: in the running command's output, or above the prompt. */
  _notice(text) {
    const line = `${YELLOW}[${text}]${RESET}`;
    if (this.running) {
      this._flushOutput();
      this._write((this.atLineStart ? '' : '\r\n') + line + '\r\n');
    } else {
      this._writeAbove(line);
    }
  }

  /** Print a line while keeping the prompt and the line being edited below it. */
  _writeAbove(text) {
    if (this.promptShown) {
      const up = this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : '';
      this.term.write(`${up}\r\x1b[J${text}\r\n`);
      this.cursorRow = 0;
      this.atLineStart = true;
      this._render();
    } else {
      this._write((this.atLineStart ? '' : '\r\n') + text + '\r\n');
    }
  }

  // ---- prompt and line rendering -----------------------------------------------------

  _showPrompt() {
    if (!this.atLineStart) this.term.write('\r\n');
    this.atLineStart = true;
    this.cursorRow = 0;
    this.promptShown = true;
    this._render(true);
  }

  _layout() {
    const cols = Math.max(1, this.term.cols);
    let row = 0;
    let col = 0;
    const place = (w) => {
      if (col + w > cols) {
        row += 1;
        col = 0;
      }
      const at = { row, col };
      col += w;
      return at;
    };
    for (const ch of this.prompt) place(charWidth(ch));
    const starts = this.chars.map((ch) => place(charWidth(ch)));
    const end = col >= cols ? { row: row + 1, col: 0 } : { row, col };
    return { starts, end };
  }

  _render(fresh = false, prefix = '') {
    const { starts, end } = this._layout();
    let out = prefix;
    if (!fresh && this.cursorRow > 0) out += `\x1b[${this.cursorRow}A`;
    out += '\r\x1b[J' + this.prompt + this.chars.join('');
    if (end.col === 0 && end.row > 0) out += '\r\n';
    const cur = this.cursor < this.chars.length ? starts[this.cursor] : end;
    const up = end.row - cur.row;
    if (up > 0) out += `\x1b[${up}A`;
    out += '\r';
    if (cur.col > 0) out += `\x1b[${cur.col}C`;
    this.cursorRow = cur.row;
    this.term.write(out);
  }

  /** Leave the edited line as it is and move to a fresh row below it. */
  _commitLine(suffix = '') {
    const { end } = this._layout();
    let out = '';
    const down = end.row - this.cursorRow;
    if (down > 0) out += `\x1b[${down}B`;
    out += '\r';
    if (end.col > 0) out += `\x1b[${end.col}C`;
    out += suffix;
    if (suffix || !(end.col === 0 && end.row > 0)) out += '\r\n';
    this.term.write(out);
    this.cursorRow = 0;
    this.promptShown = false;
    this.atLineStart = true;
  }

  _setLine(text) {
    this.chars = Array.from(text);
    this.cursor = this.chars.length;
    this._render();
  }

  // ---- input -------------------------------------------------------------------------

  _keyFilter(ev) {
    if (ev.type !== 'keydown') return true;
    // Esc then Tab leaves the terminal, so keyboard users are never trapped in it.
    if (ev.key === 'Tab' && this.escPressed) {
      this.escPressed = false;
      return false;
    }
    this.escPressed = ev.key === 'Escape';
    // Ctrl-C with a selection copies instead of interrupting.
    if ((ev.ctrlKey || ev.metaKey) && ev.key === 'c' && this.term.hasSelection()) return false;
    return true;
  }

  handleData(data) {
    if (!this.running) {
      this._consume(data);
      return;
    }
    // Type-ahead, as a tty does: echoed where it is typed, kept, and replayed at the prompt.
    // Ctrl-C drops what came before it; what follows it is type-ahead again.
    const cut = data.indexOf('\x03');
    this._typeAhead(cut < 0 ? data : data.slice(0, cut));
    if (cut < 0) return;
    this.interrupt();
    if (cut + 1 < data.length) this.handleData(data.slice(cut + 1));
  }

  _typeAhead(data) {
    let echo = '';
    let i = 0;
    while (i < data.length) {
      if (this.pendingInput.length >= MAX_TYPE_AHEAD) {
        if (!this.typeAheadFull) {
          this.typeAheadFull = true;
          this._write(echo);
          echo = '';
          this._notice(t(this.lang, 'typeAheadFull'));
        }
        break;
      }
      const c = data[i];
      if (c === '\x1b') {
        const len = ESCAPE_SEQUENCE.exec(data.slice(i))[0].length;
        this.pendingInput += data.slice(i, i + len); // arrows etc.: kept, not echoed
        i += len;
        continue;
      }
      i += 1;
      if (c === '\x7f' || c === '\b') {
        // Erase the last typed-ahead character of the current line, as the tty's ERASE does.
        const last = this.pendingInput.slice(-1);
        if (last && last >= ' ' && last !== '\x7f') {
          this.pendingInput = this.pendingInput.slice(0, -1);
          echo += '\b \b';
        }
        continue;
      }
      if (c === '\n' && this.pendingInput.endsWith('\r')) continue; // \r\n: one Enter
      this.pendingInput += c;
      if (c === '\r' || c === '\n') echo += '\r\n';
      else if (c >= ' ') echo += c;
    }
    if (echo) {
      this._flushOutput();
      this._write(echo);
    }
  }

  _consume(data) {
    let i = 0;
    while (i < data.length) {
      if (this.running) {
        this.pendingInput += data.slice(i);
        return;
      }
      if (this.search) {
        i = this._searchKey(data, i);
        continue;
      }
      const c = data[i];
      if (c !== '\t') this.tabPresses = 0;
      if (c === '\x1b') {
        i = this._escape(data, i);
        continue;
      }
      i += 1;
      switch (c) {
        case '\r':
          if (data[i] === '\n') i += 1;
          this._enter();
          break;
        case '\n':
          this._enter();
          break;
        case '\x7f':
        case '\b':
          this._backspace();
          break;
        case '\x03':
          this._cancelLine();
          break;
        case '\x0c':
          this.cursorRow = 0;
          this._render(true, '\x1b[H\x1b[2J');
          break;
        case '\x01':
          this._moveTo(0);
          break;
        case '\x05':
          this._moveTo(this.chars.length);
          break;
        case '\x02':
          this._moveTo(this.cursor - 1);
          break;
        case '\x06':
          this._moveTo(this.cursor + 1);
          break;
        case '\x04':
          this._delete();
          break;
        case '\x0b':
          this.chars.splice(this.cursor);
          this._render();
          break;
        case '\x15':
          this.chars.splice(0, this.cursor);
          this.cursor = 0;
          this._render();
          break;
        case '\x17':
          this._deleteWordBack();
          break;
        case '\x10':
          this._historyMove(-1);
          break;
        case '\t':
          this._requestCompletion();
          break;
        case '\x12':
          this._searchStart();
          break;
        case '\x0e':
          this._historyMove(1);
          break;
        default: {
          // A run of printable text (typed, composed by an IME, or pasted) in one go.
          let j = i - 1;
          while (j < data.length && data.charCodeAt(j) >= 0x20 && data[j] !== '\x7f') j += 1;
          if (j === i - 1) break; // another control character: ignored
          this._insert(data.slice(i - 1, j));
          i = j;
        }
      }
    }
  }

  _escape(data, i) {
    const rest = data.slice(i);
    const m = /^\x1b(?:\[([0-9;]*)([A-Za-z~])|O([A-Za-z])|.)?/.exec(rest);
    const len = m ? m[0].length : 1;
    const params = m?.[1] ?? '';
    const final = m?.[2] ?? m?.[3] ?? '';
    const key = final === '~' ? `${params.split(';')[0]}~` : final;
    if (m && m[0].length === 2 && !m[1] && !m[3]) {
      // Alt (Meta) + key: readline's word commands
      switch (m[0][1]) {
        case 'b':
          this._moveTo(this._wordStart(WORD_CHAR));
          return i + 2;
        case 'f':
          this._moveTo(this._wordEnd(WORD_CHAR));
          return i + 2;
        case 'd': {
          const end = this._wordEnd(WORD_CHAR);
          this.chars.splice(this.cursor, end - this.cursor);
          this._render();
          return i + 2;
        }
        case '\x7f':
        case '\b':
          this._deleteWordBack();
          return i + 2;
        default:
          return i + 2;
      }
    }
    switch (key) {
      case 'A':
        this._historyMove(-1);
        break;
      case 'B':
        this._historyMove(1);
        break;
      case 'C':
        this._moveTo(params.endsWith(';5') ? this._wordEnd() : this.cursor + 1);
        break;
      case 'D':
        this._moveTo(params.endsWith(';5') ? this._wordStart() : this.cursor - 1);
        break;
      case 'H':
      case '1~':
      case '7~':
        this._moveTo(0);
        break;
      case 'F':
      case '4~':
      case '8~':
        this._moveTo(this.chars.length);
        break;
      case '3~':
        this._delete();
        break;
      default:
        break;
    }
    return i + len;
  }

  _insert(text) {
    const add = Array.from(text.normalize('NFC'));
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
    // Combining marks typed after a letter compose with it.
    const joined = this.chars.join('');
    const nfc = joined.normalize('NFC');
    if (nfc !== joined) {
      const before = this.chars.slice(0, this.cursor).join('').normalize('NFC');
      this.chars = Array.from(nfc);
      this.cursor = Array.from(before).length;
    }
    this._render();
  }

  _moveTo(pos) {
    const p = Math.max(0, Math.min(this.chars.length, pos));
    if (p === this.cursor) return;
    this.cursor = p;
    this._render();
  }

  /** Start of the word before the cursor; `inWord` decides what belongs to a word. */
  _wordStart(inWord = NOT_SPACE) {
    let p = this.cursor;
    while (p > 0 && !inWord.test(this.chars[p - 1])) p -= 1;
    while (p > 0 && inWord.test(this.chars[p - 1])) p -= 1;
    return p;
  }

  _wordEnd(inWord = NOT_SPACE) {
    let p = this.cursor;
    const n = this.chars.length;
    while (p < n && !inWord.test(this.chars[p])) p += 1;
    while (p < n && inWord.test(this.chars[p])) p += 1;
    return p;
  }

  // ---- Tab completion (the server answers from the sandbox; PROTOCOL.md `complete`) -------

  _requestCompletion() {
    if (this.heredoc) {
      this._insert('\t');
      return;
    }
    this.tabPresses += 1;
    const line = this.chars.join('');
    const seq = ++this.completeSeq;
    this.pendingComplete = { seq, line, cursor: this.cursor, presses: this.tabPresses };
    this.conn.send({ type: 'complete', tab: this.tab, id: seq, line, cursor: this.cursor });
  }

  _onCompletion(frame) {
    const want = this.pendingComplete;
    if (!want || (frame.id != null && frame.id !== want.seq)) return;
    this.pendingComplete = null;
    // The learner kept typing: this answer is for another line.
    if (this.running || this.search || this.chars.join('') !== want.line || this.cursor !== want.cursor) return;
    const candidates = Array.isArray(frame.candidates) ? frame.candidates.map(String) : [];
    const from = Math.max(0, Math.min(this.cursor, Number(frame.replace_from) || 0));
    const typed = this.chars.slice(from, this.cursor).join('');
    if (!candidates.length) {
      this.term.write('\x07');
      return;
    }
    let insert = candidates.length === 1 ? candidates[0] : commonPrefix(candidates);
    // a path, a flag= and a kubectl cp "pod:" go on without a space (cobra NoSpace)
    if (candidates.length === 1 && !/[/=:]$/.test(insert) && this.chars[this.cursor] !== ' ') insert += ' ';
    if (insert.length > typed.length && insert.startsWith(typed)) {
      const add = Array.from(insert.slice(typed.length));
      this.chars.splice(this.cursor, 0, ...add);
      this.cursor += add.length;
      this.tabPresses = 0;
      this._render();
      return;
    }
    if (candidates.length === 1) return;
    if (want.presses < 2) {
      this.term.write('\x07');
      return;
    }
    // Second Tab: list the candidates below the line, then the prompt and line again (bash).
    this.tabPresses = 0;
    this._commitLine();
    const shown = candidates.map((c) => c.replace(/\/$/, '/'));
    this.term.write(columnize(shown, Math.max(20, this.term.cols)).join('\r\n') + '\r\n');
    this._showPrompt();
  }

  // ---- Ctrl-R: reverse incremental history search -----------------------------------------

  _searchStart() {
    if (this.heredoc) return;
    this.search = { query: '', index: this.history.length, failed: false,
      saved: this.chars.join(''), savedCursor: this.cursor };
    this._searchRender();
  }

  _searchFind(from) {
    const q = this.search.query;
    for (let k = from; k >= 0; k--) {
      const line = this.history[k];
      if (line !== undefined && (q === '' || line.includes(q))) return k;
    }
    return -1;
  }

  _searchRender() {
    const s = this.search;
    const line = s.index < this.history.length ? this.history[s.index] : s.saved;
    this.prompt = SEARCH_PROMPT(s.query, s.failed);
    this.chars = Array.from(line);
    const at = s.query ? line.lastIndexOf(s.query) : -1;
    this.cursor = at >= 0 ? Array.from(line.slice(0, at)).length : this.chars.length;
    this._render();
  }

  _searchUpdate(query, from) {
    const s = this.search;
    const found = query === '' ? Math.max(0, Math.min(from, this.history.length - 1)) : this._searchFind(from);
    s.query = query;
    s.failed = found < 0;
    if (found >= 0) s.index = found;
    this._searchRender();
  }

  /** Leave the search with the found line in the editor (`keep`) or the line from before. */
  _searchEnd(keep) {
    const s = this.search;
    this.search = null;
    this.prompt = this.basePrompt;
    if (keep) {
      this.cursor = Math.min(this.cursor, this.chars.length);
      this.historyIndex = s.index;
    } else {
      this.chars = Array.from(s.saved);
      this.cursor = s.savedCursor;
    }
    this._render();
  }

  _searchKey(data, i) {
    const s = this.search;
    const c = data[i];
    if (c === '\x12') {
      this._searchUpdate(s.query, s.index - (s.failed ? 0 : 1));
      return i + 1;
    }
    if (c === '\x7f' || c === '\b') {
      const q = Array.from(s.query).slice(0, -1).join('');
      s.failed = false;
      this._searchUpdate(q, Math.min(s.index, this.history.length - 1));
      return i + 1;
    }
    if (c === '\x07' || c === '\x03') {
      this._searchEnd(false);
      return i + 1;
    }
    if (c === '\x1b' && (i + 1 >= data.length)) {
      this._searchEnd(true);
      return i + 1;
    }
    if (c.charCodeAt(0) >= 0x20 && c !== '\x7f') {
      let j = i;
      while (j < data.length && data.charCodeAt(j) >= 0x20 && data[j] !== '\x7f') j += 1;
      const q = s.query + data.slice(i, j);
      this._searchUpdate(q, Math.min(s.index, this.history.length - 1));
      return j;
    }
    // Any other key (Enter, arrows, Ctrl-A/E…) accepts the found line and then does its job.
    this._searchEnd(true);
    return i;
  }

  _backspace() {
    if (this.cursor === 0) return;
    this.chars.splice(this.cursor - 1, 1);
    this.cursor -= 1;
    this._render();
  }

  _delete() {
    if (this.cursor >= this.chars.length) return;
    this.chars.splice(this.cursor, 1);
    this._render();
  }

  _deleteWordBack() {
    const start = this._wordStart();
    if (start === this.cursor) return;
    this.chars.splice(start, this.cursor - start);
    this.cursor = start;
    this._render();
  }

  _cancelLine() {
    this._commitLine('^C');
    this.chars = [];
    this.cursor = 0;
    this.heredoc = null;
    this._dropTypeAhead();
    this.prompt = this.basePrompt;
    this.historyIndex = this.history.length;
    this.draft = null;
    this._showPrompt();
    this._notifyIdle();
  }

  // ---- history -----------------------------------------------------------------------

  _setHistory(lines) {
    const clean = [];
    for (const raw of lines) {
      const line = String(raw).split('\n', 1)[0];
      if (line.trim() && clean[clean.length - 1] !== line) clean.push(line);
    }
    this.history = clean.slice(-HISTORY_LIMIT);
    this.historyIndex = this.history.length;
    this.draft = null;
  }

  _addHistory(line) {
    if (!line.trim() || this.history[this.history.length - 1] === line) {
      this.historyIndex = this.history.length;
      return;
    }
    this.history.push(line);
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    this.historyIndex = this.history.length;
  }

  _historyMove(delta) {
    if (this.heredoc) return;
    const next = this.historyIndex + delta;
    if (next < 0 || next > this.history.length) return;
    if (this.historyIndex === this.history.length) this.draft = this.chars.join('');
    this.historyIndex = next;
    this._setLine(next === this.history.length ? this.draft ?? '' : this.history[next]);
  }

  // ---- running commands --------------------------------------------------------------

  _enter() {
    const text = this.chars.join('');
    this._commitLine();
    this.chars = [];
    this.cursor = 0;
    this.draft = null;
    if (this.heredoc) {
      this._heredocLine(text);
      return;
    }
    if (!text.trim()) {
      this._showPrompt();
      this._notifyIdle();
      return;
    }
    this._addHistory(text);
    const delimiters = heredocDelimiters(text);
    if (delimiters.length || needsMore(text)) {
      // a here-document or an open `for …; do`: bash's `> ` prompt collects the next lines
      this.heredoc = { lines: [text], delimiters };
      this.prompt = CONTINUATION_PROMPT;
      this._showPrompt();
      return;
    }
    this._send(text);
  }

  /** The lines typed so far without here-document bodies (their words are not commands). */
  _withoutBodies(lines) {
    const kept = [];
    const open = [];
    for (const line of lines) {
      if (open.length) {
        const got = open[0].stripTabs ? line.replace(/^\t+/, '') : line;
        if (got === open[0].word) open.shift();
        continue;
      }
      kept.push(line);
      open.push(...heredocDelimiters(line));
    }
    return kept.join('\n');
  }

  _heredocLine(text) {
    const hd = this.heredoc;
    hd.lines.push(text);
    if (hd.delimiters.length) {
      const want = hd.delimiters[0];
      const got = want.stripTabs ? text.replace(/^\t+/, '') : text;
      if (got === want.word) hd.delimiters.shift();
    } else {
      hd.delimiters.push(...heredocDelimiters(text)); // a line of a loop may open one
    }
    if (hd.delimiters.length || needsMore(this._withoutBodies(hd.lines))) {
      this._showPrompt();
      return;
    }
    this.heredoc = null;
    this.prompt = this.basePrompt;
    this._send(hd.lines.join('\n'));
  }

  _send(line) {
    const queued = this.queuedRuns.indexOf(line);
    if (queued >= 0) this.queuedRuns.splice(queued, 1);
    const id = this.nextId++;
    this.currentId = id;
    this.running = true;
    this.runningLine = line;
    this.atLineStart = true;
    if (!this.conn.send({ type: 'run', tab: this.tab, id, line })) {
      this._write(`${RED}${t(this.lang, 'notConnected')}${RESET}\r\n`);
      this._finish(null, true);
    }
  }

  _finish(prompt, keepPrompt = false) {
    this.running = false;
    this.editing = false;
    this.currentId = null;
    if (!keepPrompt) this.basePrompt = typeof prompt === 'string' && prompt ? prompt : DEFAULT_PROMPT;
    this.prompt = this.basePrompt;
    this.historyIndex = this.history.length;
    this._showPrompt();
    this._drainPending();
  }

  _drainPending() {
    this.typeAheadFull = false;
    if (this.pendingInput) {
      const rest = this.pendingInput;
      this.pendingInput = '';
      this._consume(rest);
    }
    if (!this.pendingInput && !this.running) this.queuedRuns = [];
    this._notifyIdle();
  }

  /** Ctrl-C discards type-ahead (a tty flushes its input); a queued lesson Run says so. */
  _dropTypeAhead() {
    const dropped = this.queuedRuns;
    this.pendingInput = '';
    this.queuedRuns = [];
    this.typeAheadFull = false;
    for (const line of dropped) this._notice(t(this.lang, 'runDropped', { line: line.split('\n', 1)[0] }));
  }

  _notifyIdle() {
    if (this.running || this.heredoc || this.pendingInput) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Ctrl-C: echo `^C` (as a tty does) and stop the running command; `done` follows. */
  interrupt() {
    if (!this.running) {
      this._cancelLine();
      return;
    }
    this._flushOutput();
    this._write('^C\r\n');
    this._dropTypeAhead();
    if (!this.conn.send({ type: 'interrupt', tab: this.tab })) this._finish(null, true);
  }

  /**
   * Type `line` (may hold several lines) as if the learner had typed it and pressed Enter.
   * Resolves when the terminal is back at an empty prompt.
   */
  run(line) {
    const text = String(line).replace(/\r?\n$/, '').replace(/\r?\n/g, '\r') + '\r';
    const done = new Promise((resolve) => this.idleWaiters.push(resolve));
    if (this.search) this._searchEnd(false);
    if (this.running) {
      // A lesson Run on a busy tab waits its turn, visibly (and Ctrl-C says it was dropped).
      const queued = String(line).replace(/\r?\n$/, '');
      this.queuedRuns.push(queued);
      this.pendingInput += text;
      this._notice(t(this.lang, 'runQueued', { line: queued.split('\n', 1)[0] }));
    } else if (this.heredoc || !this.promptShown) {
      this.pendingInput += text;
    } else {
      this.chars = [];
      this.cursor = 0;
      this._render();
      this._consume(text);
    }
    this.term.focus();
    return done;
  }

  focus() {
    this.term.focus();
  }

  /** Switch to the bundled font once it has loaded (it is fetched on first use). */
  _useWebFont() {
    if (this.term.options.fontFamily === TERMINAL_FONT || !document.fonts) return;
    document.fonts.load(FONT_PROBE, 'a_').then(
      (faces) => {
        if (this.disposed || !faces.length) return;
        this.term.options.fontFamily = TERMINAL_FONT;
        this._fitSoon();
      },
      (err) => console.warn('terminal font not loaded; using the system monospace font', err),
    );
  }

  // ---- scrollback across pages (scrollback.js) ------------------------------------------

  /** Replay the screen an earlier page of this browser tab left, then mark where it ends. */
  _restoreScrollback() {
    const saved = this.scrollback.load();
    if (!saved) return;
    let text = `${saved.text}\r\n${DIM}── ${t(this.lang, 'scrollbackRestored')} ──${RESET}\r\n`;
    if (saved.running) {
      const cmd = saved.running.split('\n', 1)[0];
      // A one-line command (a watch, `logs -f`) waits on the new prompt: Enter runs it again.
      const again = !saved.running.includes('\n');
      const key = again ? 'stoppedByLeavingAgain' : 'stoppedByLeaving';
      text += `${YELLOW}[${t(this.lang, key, { cmd })}]${RESET}\r\n`;
      if (again) this.pendingInput = saved.running;
    }
    this.term.write(text);
    this.atLineStart = true;
  }

  _saveSoon() {
    if (this.disposed) return;
    clearTimeout(this._saveTimer);
    this._saveTimer = setTimeout(() => this.saveScrollback(), SCROLLBACK_SAVE_MS);
  }

  /** Keep the screen above the prompt (the line being edited is not kept, as in a shell). */
  saveScrollback() {
    if (this.disposed) return;
    clearTimeout(this._saveTimer);
    const buf = this.term.buffer.normal;
    const cursorAt = buf.baseY + buf.cursorY;
    const end = this.promptShown ? cursorAt - this.cursorRow : cursorAt + 1;
    // a kubectl edit waiting for its editor is not stopped by leaving: the next page resumes it
    const stopped = this.running && !this.editing ? this.runningLine : '';
    this.scrollback.save(serializeBuffer(this.term, end), stopped);
  }

  /** The tab is closed for good: its screen is not brought back. */
  forgetScrollback() {
    this.scrollback.forget();
  }

  dispose() {
    this.disposed = true;
    clearTimeout(this._saveTimer);
    window.removeEventListener('pagehide', this._saveNow);
    clearTimeout(this.flushTimer);
    this.term.dispose();
  }

  _fitSoon() {
    cancelAnimationFrame(this._fitFrame);
    this._fitFrame = requestAnimationFrame(() => {
      try {
        this.fit.fit();
      } catch {
        // not visible yet
      }
    });
  }
}
