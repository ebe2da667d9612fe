// A terminal tab's scrollback kept in sessionStorage, so a reload, the language switch and the
// next lesson show what the learner already ran.
//
// Why the page and not the server's output stream (`?since=`): the stream holds only command
// output (the prompt and the typed line are drawn here), it belongs to one lesson's sandbox (the
// next lesson has another) and it is trimmed for resuming, not for reading back. The page's own
// screen is what the learner saw, so that is what is kept: xterm's buffer, serialized with its
// colours, bounded in rows and characters. sessionStorage is per browser tab, like the terminal
// tab ids (tabs.js), so two windows never mix their screens.

const KEY_PREFIX = 'playground.scrollback.';
// Bounds on what is kept (and so on the work of keeping it: about 30 ms for a full screen on a
// loaded laptop core, done when the output pauses).
export const MAX_ROWS = 1000;
export const MAX_CHARS = 200_000;

function colourCodes(mode, value, base) {
  // mode: 'default' | 'palette' | 'rgb'; base 30 (foreground) or 40 (background).
  if (mode === 'palette') {
    if (value < 8) return [base + value];
    if (value < 16) return [base + 60 + value - 8];
    return [base + 8, 5, value];
  }
  if (mode === 'rgb') return [base + 8, 2, (value >> 16) & 255, (value >> 8) & 255, value & 255];
  return [];
}

function cellStyle(cell) {
  const fg = cell.isFgRGB() ? 'rgb' : cell.isFgPalette() ? 'palette' : 'default';
  const bg = cell.isBgRGB() ? 'rgb' : cell.isBgPalette() ? 'palette' : 'default';
  const codes = [
    ...colourCodes(fg, cell.getFgColor(), 30),
    ...colourCodes(bg, cell.getBgColor(), 40),
  ];
  if (cell.isBold()) codes.push(1);
  if (cell.isDim()) codes.push(2);
  if (cell.isItalic()) codes.push(3);
  if (cell.isUnderline()) codes.push(4);
  if (cell.isInverse()) codes.push(7);
  return codes.join(';');
}

/** One buffer row as text with SGR colour codes; trailing blank, unstyled cells dropped. */
function serializeRow(line, cell) {
  let last = -1;
  for (let x = line.length - 1; x >= 0; x--) {
    line.getCell(x, cell);
    if (cell.getChars() !== '' || !cell.isBgDefault()) {
      last = x;
      break;
    }
  }
  let out = '';
  let style = '';
  for (let x = 0; x <= last; x++) {
    line.getCell(x, cell);
    if (cell.getWidth() === 0) continue; // the right half of a wide (Hangul) character
    const next = cellStyle(cell);
    if (next !== style) {
      out += `\x1b[0${next ? `;${next}` : ''}m`;
      style = next;
    }
    out += cell.getChars() || ' ';
  }
  return style ? `${out}\x1b[0m` : out;
}

/**
 * The normal buffer's rows before `end` as text xterm can replay: soft-wrapped rows are joined
 * (the restoring terminal wraps them again at its own width); only the newest MAX_ROWS screen
 * rows are read, and of them the newest MAX_CHARS characters kept.
 */
export function serializeBuffer(term, end) {
  const buf = term.buffer.normal;
  const cell = buf.getNullCell();
  const stop = Math.min(end, buf.length);
  let start = Math.max(0, stop - MAX_ROWS);
  // Begin at the start of a line, not in the middle of a wrapped one.
  while (start < stop && buf.getLine(start)?.isWrapped) start += 1;
  const rows = [];
  for (let y = start; y < stop; y++) {
    const line = buf.getLine(y);
    if (!line) continue;
    const text = serializeRow(line, cell);
    if (line.isWrapped && rows.length) rows[rows.length - 1] += text;
    else rows.push(text);
  }
  while (rows.length && rows[rows.length - 1] === '') rows.pop();
  let kept = rows;
  let size = kept.reduce((n, r) => n + r.length + 2, 0);
  while (size > MAX_CHARS && kept.length > 1) {
    size -= kept[0].length + 2;
    kept = kept.slice(1);
  }
  return kept.join('\r\n');
}

export class ScrollbackStore {
  constructor(tab) {
    this.key = KEY_PREFIX + tab;
  }

  /** {text, running} saved by an earlier page in this browser tab, or null. */
  load() {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(this.key) ?? 'null');
      if (saved && typeof saved.text === 'string' && saved.text) {
        return { text: saved.text, running: typeof saved.running === 'string' ? saved.running : '' };
      }
    } catch (err) {
      console.warn('terminal scrollback could not be read', err);
    }
    return null;
  }

  save(text, running) {
    try {
      if (!text) window.sessionStorage.removeItem(this.key);
      else window.sessionStorage.setItem(this.key, JSON.stringify({ text, running: running || '' }));
    } catch (err) {
      // Quota or private mode: the screen just does not come back after a reload; say so once.
      if (!this.warned) console.warn('terminal scrollback not kept', err);
      this.warned = true;
    }
  }

  forget() {
    try {
      window.sessionStorage.removeItem(this.key);
    } catch {
      // nothing kept, nothing to forget
    }
  }
}
