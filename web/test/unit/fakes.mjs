// Test doubles for the protocol module: a hand-moved clock, an in-memory storage, a scripted
// fetch and a WebSocket whose server side the test plays.

/** setTimeout/clearTimeout on a clock that moves only when the test says so. */
export class FakeClock {
  t = Date.parse('2030-01-01T00:00:00Z');
  #timers = new Map();
  #next = 1;
  now = () => this.t;
  setTimeout = (fn, ms) => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  };
  clearTimeout = (id) => {
    this.#timers.delete(id);
  };

  /** Moves time forward, running due timers in order (and the promises they resolve). */
  async advance(ms) {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const due = [...this.#timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
    }
    this.t = end;
    await flush();
  }
}

export async function flush() {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

export class MemoryStorage {
  #map = new Map();
  get length() {
    return this.#map.size;
  }
  key(i) {
    return [...this.#map.keys()][i] ?? null;
  }
  getItem(k) {
    return this.#map.has(k) ? this.#map.get(k) : null;
  }
  setItem(k, v) {
    this.#map.set(k, String(v));
  }
  removeItem(k) {
    this.#map.delete(k);
  }
  keys() {
    return [...this.#map.keys()];
  }
}

/**
 * A fetch answering from handlers keyed by `METHOD path` (path without the base, query included
 * as given); every call is recorded in `calls`.
 */
export function fakeFetch(handlers) {
  const calls = [];
  const fn = async (url, init = {}) => {
    const u = new URL(url);
    const key = `${init.method ?? 'GET'} ${u.pathname}${u.search}`;
    calls.push({ key, url, init, body: init.body ? JSON.parse(init.body) : undefined });
    const handler = handlers[key] ?? handlers[`${init.method ?? 'GET'} ${u.pathname}`];
    if (!handler) return response(404, { error: { code: 'not_found', message: key } });
    const [status, body] = await handler(calls[calls.length - 1]);
    return response(status, body);
  };
  fn.calls = calls;
  return fn;
}

function response(status, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: String(status),
    headers: { get: () => null },
    text: async () => text,
  };
}

/** WebSocket double: `FakeWebSocket.sockets` lists every one opened; the test plays the server. */
export class FakeWebSocket {
  static sockets = [];
  sent = [];
  closed = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  constructor(url) {
    this.url = url;
    FakeWebSocket.sockets.push(this);
  }
  static last() {
    return FakeWebSocket.sockets[FakeWebSocket.sockets.length - 1];
  }
  send(text) {
    this.sent.push(JSON.parse(text));
  }
  close(code) {
    this.closed = code;
  }
  /** Server side: a frame to the client. */
  push(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  /** Server side: the connection closes with `code`. */
  drop(code) {
    this.onclose?.({ code, reason: '' });
  }
  frames(type) {
    return this.sent.filter((f) => f.type === type);
  }
}
