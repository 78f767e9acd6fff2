import { indexedDbStore } from './shared.js';

/**
 * What the protocol module needs from its host, injected so node tests can drive it with fakes
 * (a fake clock, a fake WebSocket) and a browser passes its own globals.
 *
 * @typedef {object} Storage the subset of the Web Storage API used
 * @property {(key: string) => string | null} getItem
 * @property {(key: string, value: string) => void} setItem
 * @property {(key: string) => void} removeItem
 * @property {(index: number) => string | null} key
 * @property {number} length
 *
 * @typedef {object} Env
 * @property {typeof fetch} fetch
 * @property {any} WebSocket a constructor with the browser's WebSocket interface
 * @property {Storage | null} storage where the login, the outbox and receipts survive a reload; null: memory only
 * @property {() => number} now milliseconds since the epoch
 * @property {(fn: () => void, ms: number) => any} setTimeout
 * @property {(handle: any) => void} clearTimeout
 * @property {() => number} random in [0, 1): the jitter of every retry
 * @property {() => string} uuid a fresh `clientMsgId`
 * @property {((name: string, fn: () => Promise<any>) => Promise<any>) | null} lock
 *   a lock shared by this origin's tabs (Web Locks), so two tabs never rotate one refresh token twice
 * @property {import('./shared.js').SharedStore | null} shared
 *   where the tabs keep the current login consistently (IndexedDB); null: `storage` only
 */

/**
 * The browser's globals as an {@link Env}; `overrides` replace any of them.
 * @param {Partial<Env>} [overrides]
 * @returns {Env}
 */
export function browserEnv(overrides = {}) {
  const g = /** @type {any} */ (globalThis);
  let storage = null;
  try {
    storage = g.localStorage ?? null;
  } catch {
    storage = null; // blocked (privacy settings, sandboxed frame): work from memory
  }
  const locks = g.navigator?.locks;
  return {
    fetch: (...args) => g.fetch(...args),
    WebSocket: g.WebSocket,
    storage,
    now: () => Date.now(),
    setTimeout: (fn, ms) => g.setTimeout(fn, ms),
    clearTimeout: (h) => g.clearTimeout(h),
    random: () => Math.random(),
    uuid: () => g.crypto.randomUUID(),
    lock: locks ? (name, fn) => locks.request(name, fn) : null,
    shared: safe(() => indexedDbStore()),
    ...overrides,
  };
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return null;
  }
}

/** Reads a JSON value from storage; a missing, unreadable or blocked one is null. */
export function readJson(storage, key) {
  if (!storage) return null;
  try {
    const text = storage.getItem(key);
    return text == null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Writes a JSON value to storage; a full or blocked storage keeps it in memory only.
 * @returns {boolean} whether it was written
 */
export function writeJson(storage, key, value) {
  if (!storage) return false;
  try {
    if (value == null) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // quota exceeded or storage blocked: the value lives on in memory
  }
}
