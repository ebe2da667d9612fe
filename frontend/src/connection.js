// The websocket to /ws/terminal/ (see playground/terminal/PROTOCOL.md), with automatic
// reconnection. Frames are JSON objects; listeners get them already parsed.

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 10000;

export function socketUrl(wsPath, loc = window.location) {
  const scheme = loc.protocol === 'https:' ? 'wss://' : 'ws://';
  return scheme + loc.host + wsPath;
}

export class Connection {
  constructor(wsPath) {
    this.url = socketUrl(wsPath);
    this.ws = null;
    this.connected = false;
    this.everConnected = false;
    this.attempt = 0;
    this.listeners = { frame: [], open: [], close: [] };
    this._timer = null;
  }

  /** Listen to `frame`, `open` or `close`; returns a function that stops listening. */
  on(event, fn) {
    this.listeners[event].push(fn);
    return () => {
      this.listeners[event] = this.listeners[event].filter((f) => f !== fn);
    };
  }

  _emit(event, arg) {
    for (const fn of this.listeners[event]) {
      try {
        fn(arg);
      } catch (err) {
        console.error(err);
      }
    }
  }

  start() {
    clearTimeout(this._timer);
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (err) {
      console.error(err);
      this._scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.connected = true;
      this.attempt = 0;
      const reconnect = this.everConnected;
      this.everConnected = true;
      this.send({ type: 'sync' });
      this._emit('open', { reconnect });
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let frame;
      try {
        frame = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (frame && typeof frame.type === 'string') this._emit('frame', frame);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      const wasConnected = this.connected;
      this.connected = false;
      this.ws = null;
      const delay = this._scheduleReconnect();
      this._emit('close', { wasConnected, delay });
    };
    ws.onerror = () => {
      // onclose follows and handles the retry.
    };
  }

  _scheduleReconnect() {
    const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt += 1;
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this.start(), delay);
    return delay;
  }

  /** Send one frame; false when the socket is not open (the caller decides what to tell). */
  send(frame) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }
}
