import { Emitter } from './emitter.js';

/** Backoff of reconnects: full jitter over an exponential ceiling. */
const BASE_MS = 500;
const MAX_MS = 15_000;
/** A draining edge (1001) sends its clients elsewhere at once: come back soon, spread out. */
const DRAIN_MS = 1_000;
/** A JSON ping this often while idle; no frame within {@link PONG_WAIT_MS} after it: the link is dead. */
const PING_EVERY_MS = 20_000;
const PONG_WAIT_MS = 10_000;
/** Upgrades refused this many times in a row (401 shows as 1006 to a browser) force a token refresh. */
const REFRESH_AFTER_FAILURES = 2;

/**
 * The WebSocket to the edge and nothing else: connects with `?access_token=`, reconnects with
 * jittered exponential backoff, handles the contract's close codes (1001 draining: reconnect
 * soon; 4001 token expired or revoked: refresh, then reconnect) and notices a dead link with
 * JSON pings. What to do on (re)connect is the listener's business.
 *
 * Events: `state` ('connecting' | 'online' | 'offline' | 'stopped'), `ready` (the `ready`
 * frame, after which frames may be sent), `frame` (every other server frame, parsed).
 */
export class Socket extends Emitter {
  #env;
  #wsUrl;
  #auth;
  /** @type {any} */
  #ws = null;
  #state = 'stopped';
  #attempt = 0;
  #failuresBeforeReady = 0;
  #retryTimer = null;
  #pingTimer = null;
  #pongTimer = null;

  /**
   * @param {import('./env.js').Env} env
   * @param {string} wsUrl e.g. `ws://127.0.0.1:8080/ws`
   * @param {import('./auth.js').Auth} auth
   */
  constructor(env, wsUrl, auth) {
    super();
    this.#env = env;
    this.#wsUrl = wsUrl;
    this.#auth = auth;
  }

  get state() {
    return this.#state;
  }

  /** Connects (and keeps reconnecting) until {@link stop}. */
  start() {
    if (this.#state !== 'stopped') return;
    this.#connect();
  }

  /** Closes the socket for good (logout, page going away). */
  stop() {
    this.#clearTimers();
    this.#setState('stopped');
    const ws = this.#detach();
    if (ws) ws.close(1000, 'bye');
  }

  /** Skips the remaining backoff (the browser says it is online again). */
  reconnectNow() {
    if (this.#state === 'offline') {
      this.#env.clearTimeout(this.#retryTimer);
      this.#connect();
    }
  }

  /** @returns {boolean} whether the frame went out (only once `ready` was received) */
  send(frame) {
    if (this.#state !== 'online' || !this.#ws) return false;
    try {
      this.#ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  async #connect() {
    this.#setState('connecting');
    let token;
    try {
      token = this.#failuresBeforeReady >= REFRESH_AFTER_FAILURES
        ? (await this.#auth.refresh()).accessToken
        : await this.#auth.token();
    } catch (e) {
      if (!this.#auth.login) {
        this.stop(); // logged out: nothing to reconnect as
        return;
      }
      this.#retry(false);
      return;
    }
    if (this.#state !== 'connecting') return; // stopped meanwhile
    const ws = new this.#env.WebSocket(`${this.#wsUrl}?access_token=${encodeURIComponent(token)}`);
    this.#ws = ws;
    ws.onmessage = (/** @type {{data: any}} */ event) => this.#onMessage(ws, event.data);
    ws.onclose = (/** @type {{code: number, reason: string}} */ event) => this.#onClose(ws, event.code);
    ws.onerror = () => {}; // a close event follows
  }

  #onMessage(ws, data) {
    if (ws !== this.#ws) return;
    this.#armPing();
    let frame;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    if (frame.type === 'ready') {
      this.#attempt = 0;
      this.#failuresBeforeReady = 0;
      this.#setState('online');
      this.emit('ready', frame);
    } else if (frame.type !== 'pong') {
      this.emit('frame', frame);
    }
  }

  async #onClose(ws, code) {
    if (ws !== this.#ws) return;
    const wasOnline = this.#state === 'online';
    this.#detach();
    if (this.#state === 'stopped') return;
    if (!wasOnline) this.#failuresBeforeReady++;
    if (code === 4001) {
      // The token expired or its login was revoked: a refresh tells which.
      try {
        await this.#auth.refresh();
      } catch {
        if (!this.#auth.login) {
          this.stop();
          return;
        }
      }
      this.#retry(true);
    } else {
      this.#retry(code === 1001);
    }
  }

  /** @param {boolean} soon a drain or a fresh token: a short jittered wait instead of the backoff */
  #retry(soon) {
    this.#setState('offline');
    const ceiling = soon ? DRAIN_MS : Math.min(MAX_MS, BASE_MS * 2 ** this.#attempt++);
    const wait = Math.round(this.#env.random() * ceiling);
    this.#env.clearTimeout(this.#retryTimer);
    this.#retryTimer = this.#env.setTimeout(() => this.#connect(), wait);
  }

  #armPing() {
    this.#env.clearTimeout(this.#pingTimer);
    this.#env.clearTimeout(this.#pongTimer);
    this.#pingTimer = this.#env.setTimeout(() => {
      this.send({ type: 'ping' });
      this.#pongTimer = this.#env.setTimeout(() => {
        // No frame at all for a while, not even the pong: the link died without a close.
        const ws = this.#ws;
        if (ws) {
          this.#onClose(ws, 1006);
          try {
            ws.close(4000, 'no pong');
          } catch {
            // already closing
          }
        }
      }, PONG_WAIT_MS);
    }, PING_EVERY_MS);
  }

  #detach() {
    const ws = this.#ws;
    this.#ws = null;
    this.#env.clearTimeout(this.#pingTimer);
    this.#env.clearTimeout(this.#pongTimer);
    if (ws) {
      ws.onmessage = null;
      ws.onclose = null;
    }
    return ws;
  }

  #clearTimers() {
    this.#env.clearTimeout(this.#retryTimer);
    this.#env.clearTimeout(this.#pingTimer);
    this.#env.clearTimeout(this.#pongTimer);
  }

  #setState(state) {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
