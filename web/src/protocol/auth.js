import { Emitter } from './emitter.js';
import { ApiError, join, request } from './http.js';
import { readJson, writeJson } from './env.js';

/**
 * One login: what `POST /v1/auth/login` and `/refresh` answer, with the expiry made absolute.
 * @typedef {object} Login
 * @property {string} userId
 * @property {string} username
 * @property {string} accessToken
 * @property {string} refreshToken
 * @property {number} expiresAt epoch milliseconds
 * @property {number} lifetimeMs the access token's lifetime as issued
 */

const KEY = 'parley.login';
/** A token closer than this to its expiry is refreshed before it is used. */
const FRESH_MARGIN_MS = 30_000;
/** After a refresh that failed for a reason other than 401 (network, 429, 503). */
const RETRY_MS = 5_000;

/**
 * The auth service's account calls and the life of one login: register, log in, refresh before
 * the access token expires, log out. The login is kept in storage so a reload stays logged in.
 *
 * Refresh tokens rotate: presenting one that was already rotated out revokes the whole login
 * (contract). Tabs share the stored login, so a refresh runs under a lock shared by the tabs,
 * re-reads storage first and adopts another tab's fresh login instead of presenting a stale token.
 *
 * Events: `login` (Login) after log in or refresh, `logout` ({reason}) when the login ended.
 */
export class Auth extends Emitter {
  #env;
  #authUrl;
  /** @type {Login | null} */
  #login = null;
  /** @type {Promise<Login> | null} */
  #refreshing = null;
  #timer = null;
  /** Whether the login is in storage: only then does its absence there mean another tab logged out. */
  #stored = false;

  /** @param {import('./env.js').Env} env @param {string} authUrl */
  constructor(env, authUrl) {
    super();
    this.#env = env;
    this.#authUrl = authUrl;
  }

  /** @returns {Login | null} */
  get login() {
    return this.#login;
  }

  /** Takes up the login kept in storage (a reload), if any. */
  restore() {
    const stored = readJson(this.#env.storage, KEY);
    if (stored && stored.userId && stored.refreshToken) {
      this.#login = stored;
      this.#stored = true;
      this.#schedule();
    }
    return this.#login;
  }

  /** `POST /v1/auth/register`: 201 `{userId, username}`. */
  register(username, password) {
    return request(this.#env.fetch, join(this.#authUrl, '/v1/auth/register'),
      { method: 'POST', body: { username, password } });
  }

  /** `POST /v1/auth/login`; keeps the login and schedules its refresh. */
  async logIn(username, password) {
    const answer = await request(this.#env.fetch, join(this.#authUrl, '/v1/auth/login'),
      { method: 'POST', body: { username, password } });
    return this.#adopt(this.#fromAnswer(answer, username));
  }

  /** An access token valid for at least a few more seconds, refreshing first when needed. */
  async token() {
    const login = this.#login;
    if (!login) throw new ApiError(401, 'unauthorized', 'not logged in');
    if (this.#fresh(login)) return login.accessToken;
    return (await this.refresh()).accessToken;
  }

  /** Whether a login's access token has a while to live (a quarter of its lifetime for short-lived ones). */
  #fresh(login) {
    return login.expiresAt - this.#env.now() > Math.min(FRESH_MARGIN_MS, (login.lifetimeMs || 0) / 4);
  }

  /**
   * `POST /v1/auth/refresh`, at most one at a time per tab and, where Web Locks exist, per origin.
   * A 401 means the login is over (expired, logged out or revoked elsewhere): `logout` is emitted.
   * @returns {Promise<Login>}
   */
  refresh() {
    if (!this.#refreshing) {
      const run = () => this.#refreshNow();
      const locked = this.#env.lock ? this.#env.lock('parley.refresh', run) : run();
      this.#refreshing = locked.finally(() => {
        this.#refreshing = null;
      });
    }
    return this.#refreshing;
  }

  async #refreshNow() {
    const held = this.#login;
    if (!held) throw new ApiError(401, 'unauthorized', 'not logged in');
    const stored = await this.#readShared();
    if (this.#stored && !stored) {
      this.#end('logged out in another tab');
      throw new ApiError(401, 'unauthorized', 'logged out in another tab');
    }
    let base = held;
    if (stored && stored.userId === held.userId && stored.refreshToken !== held.refreshToken) {
      // Another tab rotated it: ours is spent, and presenting it would revoke the whole login.
      if (this.#fresh(stored)) return this.#adopt(stored);
      base = stored;
    }
    try {
      const answer = await request(this.#env.fetch, join(this.#authUrl, '/v1/auth/refresh'),
        { method: 'POST', body: { refreshToken: base.refreshToken } });
      return this.#adopt(this.#fromAnswer(answer, held.username));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        this.#end('the login expired or was revoked');
      } else {
        this.#schedule(RETRY_MS);
      }
      throw e;
    }
  }

  /** `POST /v1/auth/logout` (best effort: the login is forgotten here whatever the answer). */
  async logOut() {
    const held = this.#login;
    this.#end('logged out');
    if (held) {
      try {
        await request(this.#env.fetch, join(this.#authUrl, '/v1/auth/logout'),
          { method: 'POST', body: { refreshToken: held.refreshToken } });
      } catch {
        // offline or already revoked: the token is forgotten anyway
      }
    }
  }

  #fromAnswer(answer, username) {
    const lifetimeMs = Number(answer.expiresIn) * 1000;
    return {
      userId: answer.userId,
      username,
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      expiresAt: this.#env.now() + lifetimeMs,
      lifetimeMs,
    };
  }

  /** The current login as the tabs share it: IndexedDB where there is one (consistent), else storage. */
  async #readShared() {
    if (this.#env.shared) {
      try {
        const login = await this.#env.shared.get(KEY);
        if (login) return login;
      } catch {
        // IndexedDB failed (private mode, quota): storage is the next best
      }
    }
    return readJson(this.#env.storage, KEY); // also a login stored before IndexedDB held one
  }

  /** Takes a login; resolves once the other tabs can read it (before the refresh lock is released). */
  async #adopt(login) {
    this.#login = login;
    this.#stored = writeJson(this.#env.storage, KEY, login);
    if (this.#env.shared) {
      try {
        await this.#env.shared.set(KEY, login);
        this.#stored = true;
      } catch {
        // storage alone, then
      }
    }
    this.#schedule();
    this.emit('login', login);
    return login;
  }

  #end(reason) {
    this.#env.clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#login) return;
    this.#login = null;
    writeJson(this.#env.storage, KEY, null);
    this.#env.shared?.set(KEY, null).catch(() => {});
    this.emit('logout', { reason });
  }

  /** Refreshes a fifth of the lifetime (at most a minute) before expiry, or after `delayMs`. */
  #schedule(delayMs) {
    this.#env.clearTimeout(this.#timer);
    const login = this.#login;
    if (!login) return;
    const lead = Math.min(60_000, (login.lifetimeMs || 0) / 5);
    const wait = delayMs ?? Math.max(0, login.expiresAt - lead - this.#env.now());
    this.#timer = this.#env.setTimeout(() => {
      this.refresh().catch(() => {});
    }, wait);
  }

  /** Stops the refresh timer (the page is going away); the login stays stored. */
  close() {
    this.#env.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
