import { readJson, writeJson } from './env.js';

/**
 * A message typed but not yet acknowledged.
 * @typedef {object} Pending
 * @property {string} clientMsgId chosen once, when the message is typed: every retry reuses it
 * @property {string} conversationId
 * @property {string} body
 * @property {number} createdAt epoch ms: the order in which pending messages are (re)sent
 * @property {number} attempts frames sent so far
 * @property {'pending' | 'failed'} state failed: refused for good (`bad_request`, `too_large`, `not_member`)
 * @property {string} [error] why it failed
 */

/**
 * The messages sent but not yet acknowledged, one storage key each
 * (`parley.outbox.<userId>.<clientMsgId>`): a reload or a second tab finds them and sends them
 * again with the same `clientMsgId`, which the server answers with the original `ack` (contract
 * guarantee 2), so each appears once. One key per message means two tabs never overwrite each
 * other's outbox.
 */
export class Outbox {
  #storage;
  #prefix;
  /** @type {Map<string, Pending>} */
  #entries = new Map();

  /** @param {import('./env.js').Storage | null} storage @param {string} userId */
  constructor(storage, userId) {
    this.#storage = storage;
    this.#prefix = `parley.outbox.${userId}.`;
    for (const key of this.#keys()) {
      const entry = readJson(storage, key);
      if (entry && typeof entry.clientMsgId === 'string' && typeof entry.body === 'string') {
        this.#entries.set(entry.clientMsgId, entry);
      }
    }
  }

  #keys() {
    const keys = [];
    if (!this.#storage) return keys;
    try {
      for (let i = 0; i < this.#storage.length; i++) {
        const key = this.#storage.key(i);
        if (key && key.startsWith(this.#prefix)) keys.push(key);
      }
    } catch {
      // storage blocked: nothing to restore
    }
    return keys;
  }

  /** @param {Pending} entry */
  put(entry) {
    this.#entries.set(entry.clientMsgId, entry);
    writeJson(this.#storage, this.#prefix + entry.clientMsgId, entry);
  }

  /** @returns {Pending | undefined} */
  get(clientMsgId) {
    return this.#entries.get(clientMsgId);
  }

  /** @returns {boolean} whether it was there */
  remove(clientMsgId) {
    const had = this.#entries.delete(clientMsgId);
    writeJson(this.#storage, this.#prefix + clientMsgId, null);
    return had;
  }

  /** Every entry, oldest first. @returns {Pending[]} */
  list() {
    return [...this.#entries.values()].sort((a, b) => a.createdAt - b.createdAt
      || a.clientMsgId.localeCompare(b.clientMsgId));
  }

  /** Forgets every entry (logout). */
  clear() {
    for (const id of [...this.#entries.keys()]) this.remove(id);
    for (const key of this.#keys()) writeJson(this.#storage, key, null);
  }
}
