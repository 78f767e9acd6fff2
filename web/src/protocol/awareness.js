import { readJson, writeJson } from './env.js';

/** A `typing` frame shows for this long unless another comes. */
const TYPING_SHOWN_MS = 4_000;

/**
 * What a client knows of the other people, none of it stored by Parley's log: their read positions
 * (receipts), presence, who is typing, and how far each direct conversation reached the peer's open
 * sessions. Receipts seen are kept in storage (`parley.receipts.<userId>`): the contract gives no
 * way to ask for another member's read position later.
 */
export class Awareness {
  #storage;
  #key;
  /** @type {Record<string, Record<string, number>>} conversationId -> other member -> read seq */
  #receipts;
  /** @type {Map<string, string>} userId -> 'online' | 'offline' */
  #presence = new Map();
  /** @type {Map<string, number>} direct conversation -> highest seq known to have reached the peer's open sessions */
  #delivered = new Map();
  /** @type {Map<string, Map<string, number>>} conversationId -> typist -> shown until */
  #typists = new Map();

  /** @param {import('./env.js').Storage | null} storage @param {string} userId */
  constructor(storage, userId) {
    this.#storage = storage;
    this.#key = `parley.receipts.${userId}`;
    this.#receipts = readJson(storage, this.#key) ?? {};
  }

  /**
   * The receipt of one of my messages: `read` once another member read up to its seq,
   * `delivered` once it reached the direct peer's open sessions (the peer was online: contract
   * guarantee 4), else `sent` (it is in the log).
   * @param {import('./timeline.js').Message} m
   * @returns {'sent' | 'delivered' | 'read'}
   */
  receipt(m) {
    const readers = this.#receipts[m.conversationId] ?? {};
    if (Object.values(readers).some((seq) => seq >= m.seq)) return 'read';
    if ((this.#delivered.get(m.conversationId) ?? 0) >= m.seq) return 'delivered';
    return 'sent';
  }

  /** @returns {Record<string, number>} */
  readers(conversationId) {
    return { ...(this.#receipts[conversationId] ?? {}) };
  }

  /** Another member read up to `seq`. @returns {boolean} whether that moved anything */
  read(conversationId, userId, seq) {
    const readers = (this.#receipts[conversationId] ??= {});
    if (!(seq > (readers[userId] ?? 0))) return false;
    readers[userId] = seq;
    writeJson(this.#storage, this.#key, this.#receipts);
    return true;
  }

  /** Messages up to `seq` reached the peer's open sessions. */
  delivered(conversationId, seq) {
    this.#delivered.set(conversationId, Math.max(this.#delivered.get(conversationId) ?? 0, seq));
  }

  /** @returns {'online' | 'offline' | undefined} */
  presenceOf(userId) {
    return /** @type {any} */ (this.#presence.get(userId));
  }

  /** @returns {boolean} whether the status is one the contract knows */
  presence(userId, status) {
    if (status !== 'online' && status !== 'offline') return false;
    this.#presence.set(userId, status);
    return true;
  }

  /** @param {number} now */
  typing(conversationId, userId, now) {
    let typists = this.#typists.get(conversationId);
    if (!typists) this.#typists.set(conversationId, typists = new Map());
    typists.set(userId, now + TYPING_SHOWN_MS);
    return TYPING_SHOWN_MS;
  }

  /** The user's message came: they stopped typing it. */
  stoppedTyping(conversationId, userId) {
    this.#typists.get(conversationId)?.delete(userId);
  }

  /** @param {number} now @returns {string[]} */
  typists(conversationId, now) {
    return [...(this.#typists.get(conversationId) ?? new Map())].filter(([, until]) => until > now).map(([u]) => u);
  }
}
