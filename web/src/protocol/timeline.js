/**
 * A message as the contract defines it.
 * @typedef {object} Message
 * @property {string} conversationId
 * @property {number} seq
 * @property {string} messageId
 * @property {string} senderId
 * @property {string} clientMsgId
 * @property {string} body
 * @property {string} sentAt
 */

/**
 * The messages of one conversation that this client holds, keyed by seq: live frames, history
 * pages and catch-up answers all merge here, so a message seen twice is kept once and the view is
 * always in seq order. `contiguous` is the highest seq up to which nothing is missing: catch-up
 * asks for `after=contiguous`, which also fills a gap left by a dropped live frame.
 */
export class Timeline {
  /** @type {Map<number, Message>} */
  #bySeq = new Map();
  /** @type {Message[] | null} sorted view, rebuilt lazily */
  #sorted = null;
  loaded = false;
  /** Whether history has messages before the first one held. */
  hasOlder = false;
  contiguous = 0;

  /** @param {string} conversationId */
  constructor(conversationId) {
    this.conversationId = conversationId;
  }

  /** @returns {Message[]} ascending by seq */
  get messages() {
    if (!this.#sorted) this.#sorted = [...this.#bySeq.values()].sort((a, b) => a.seq - b.seq);
    return this.#sorted;
  }

  get firstSeq() {
    return this.messages.length ? this.messages[0].seq : this.contiguous + 1;
  }

  get lastSeq() {
    const m = this.messages;
    return m.length ? m[m.length - 1].seq : this.contiguous;
  }

  /** Whether a live message skipped past what is held (the edge drops repeats, so a seq may jump). */
  get hasGap() {
    return this.loaded && this.lastSeq > this.contiguous;
  }

  /** @param {Message} m */
  has(m) {
    return this.#bySeq.has(m.seq);
  }

  /**
   * Adds messages not held yet.
   * @param {Message[]} messages
   * @returns {Message[]} the ones that were new
   */
  merge(messages) {
    const added = [];
    for (const m of messages) {
      if (m.conversationId !== this.conversationId || !Number.isSafeInteger(m.seq) || m.seq < 1) continue;
      if (this.#bySeq.has(m.seq)) continue;
      this.#bySeq.set(m.seq, m);
      added.push(m);
    }
    if (added.length) this.#sorted = null;
    this.#advance();
    return added;
  }

  /**
   * The first page (the latest messages): from here on, seqs below it are older history.
   * @param {{messages: Message[], hasMore: boolean}} page
   */
  loadLatest(page) {
    const seqs = page.messages.map((m) => m.seq);
    this.contiguous = seqs.length ? Math.min(...seqs) - 1 : 0;
    this.hasOlder = page.hasMore;
    this.loaded = true;
    return this.merge(page.messages);
  }

  /** A page of older history (`before=firstSeq`). @param {{messages: Message[], hasMore: boolean}} page */
  loadOlder(page) {
    this.hasOlder = page.hasMore && page.messages.length > 0;
    return this.merge(page.messages);
  }

  #advance() {
    if (!this.loaded) return;
    while (this.#bySeq.has(this.contiguous + 1)) this.contiguous++;
  }
}
