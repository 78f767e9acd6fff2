import { Emitter } from './emitter.js';
import { Outbox } from './outbox.js';

/** No ack this long after a send while connected: send it again (same clientMsgId, so harmless). */
const ACK_WAIT_MS = 15_000;
/** `not_member` right after a conversation was created or a member added: the change is still propagating (≤ 2 s). */
const NOT_MEMBER_RETRIES = 4;
const NOT_MEMBER_WAIT_MS = 1_000;

/**
 * Idempotent, durable sending: every message gets its `clientMsgId` when it is typed, waits in
 * the {@link Outbox} (kept in storage) until its `ack` (or its own `message` frame) arrives, and is
 * sent again with the same id after a reconnect, a reload, a lost ack, or a refusal worth
 * retrying (`rate_limited`, `unavailable` after `retryAfterMs` plus jitter; `not_member` a few
 * times while a membership change propagates). An `unavailable` holds every conversation, not only the
 * refused message's, until its `retryAfterMs` is over: the edge is shedding load, and whatever is sent
 * meanwhile is refused again at the cost of the CPU the admitted sends need (docs/protocol.md, "Overload"). The server answers a repeat with the original ack,
 * so each message appears once whatever happens to the connection.
 *
 * One message per conversation is on its way at a time, the oldest pending one; the next goes when
 * it is settled or has failed for good. The server orders a conversation by arrival, so a message
 * refused for the moment (`not_member` right after the conversation was created) and sent again
 * would otherwise land after the ones typed behind it. A person types far slower than an ack
 * returns, so the wait costs nothing they notice.
 *
 * Events: `change` ({conversationId}) whenever a pending entry was added, removed or failed;
 * `acked` ({entry, ack}).
 */
export class Sender extends Emitter {
  #env;
  #socket;
  #outbox;
  /** @type {Map<string, any>} */
  #timers = new Map();
  /** The last `createdAt` given: two messages typed within a millisecond keep their order. */
  #lastCreatedAt = 0;
  /** Until when (`env.now()`) an `unavailable` asked this client to send nothing; 0: no hold. */
  #holdUntil = 0;
  #holdTimer;

  /**
   * @param {import('./env.js').Env} env
   * @param {import('./socket.js').Socket} socket
   * @param {string} userId
   */
  constructor(env, socket, userId) {
    super();
    this.#env = env;
    this.#socket = socket;
    this.#outbox = new Outbox(env.storage, userId);
  }

  /** Queues a new message and sends it if connected. @returns {import('./outbox.js').Pending} */
  send(conversationId, body) {
    this.#lastCreatedAt = Math.max(this.#env.now(), this.#lastCreatedAt + 1);
    const entry = {
      clientMsgId: this.#env.uuid(), conversationId, body, createdAt: this.#lastCreatedAt, attempts: 0, state: 'pending',
    };
    this.#outbox.put(entry);
    this.emit('change', { conversationId });
    this.#sendNext(conversationId);
    return entry;
  }

  /** The conversation's messages not acknowledged yet, oldest first. */
  pending(conversationId) {
    return this.#outbox.list().filter((e) => e.conversationId === conversationId);
  }

  /** Every unacknowledged message, oldest first. */
  all() {
    return this.#outbox.list();
  }

  /** Connected (again): each conversation's oldest pending message goes out again, with its own id. */
  resendAll() {
    this.#endHold(); // the hold was the old connection's edge's word
    for (const conversationId of new Set(this.#outbox.list().map((e) => e.conversationId))) {
      this.#sendNext(conversationId, true);
    }
  }

  /** Sends a failed message again (same clientMsgId). */
  retry(clientMsgId) {
    const entry = this.#outbox.get(clientMsgId);
    if (!entry) return;
    entry.state = 'pending';
    entry.attempts = 0;
    delete entry.error;
    this.#outbox.put(entry);
    this.emit('change', { conversationId: entry.conversationId });
    this.#transmit(entry);
  }

  /** Drops a pending or failed message. */
  discard(clientMsgId) {
    const entry = this.#outbox.get(clientMsgId);
    this.#clearTimer(clientMsgId);
    if (entry && this.#outbox.remove(clientMsgId)) {
      this.emit('change', { conversationId: entry.conversationId });
      this.#sendNext(entry.conversationId);
    }
  }

  /**
   * The message is in the log: an `ack`, or the sender's own `message` frame (which may come
   * first, or alone when the ack was lost).
   * @returns {import('./outbox.js').Pending | undefined} the entry it settled
   */
  settle(clientMsgId, ack) {
    const entry = this.#outbox.get(clientMsgId);
    this.#clearTimer(clientMsgId);
    if (!entry || !this.#outbox.remove(clientMsgId)) return undefined;
    this.emit('acked', { entry, ack });
    this.emit('change', { conversationId: entry.conversationId });
    this.#sendNext(entry.conversationId);
    return entry;
  }

  /** An `error` frame that names one of our messages. @returns {boolean} whether it was ours */
  refused(frame) {
    const entry = this.#outbox.get(frame.clientMsgId);
    if (!entry) return false;
    const jitter = Math.round(this.#env.random() * 250);
    if (frame.code === 'unavailable') {
      this.#clearTimer(entry.clientMsgId); // it goes again, first in its conversation, when the hold ends
      this.#hold(Math.max(0, Number(frame.retryAfterMs) || 1000) + jitter);
    } else if (frame.code === 'rate_limited') {
      this.#later(entry, Math.max(0, Number(frame.retryAfterMs) || 1000) + jitter);
    } else if (frame.code === 'not_member' && entry.attempts <= NOT_MEMBER_RETRIES) {
      this.#later(entry, NOT_MEMBER_WAIT_MS + jitter);
    } else {
      this.#clearTimer(entry.clientMsgId);
      entry.state = 'failed';
      entry.error = `${frame.code}: ${frame.message ?? ''}`.trim();
      this.#outbox.put(entry);
      this.emit('change', { conversationId: entry.conversationId });
      this.#sendNext(entry.conversationId);
    }
    return true;
  }

  /** Logout: the pending messages belong to a login that is over. */
  clear() {
    this.#endHold();
    for (const id of [...this.#timers.keys()]) this.#clearTimer(id);
    this.#outbox.clear();
  }

  /**
   * Sends the conversation's oldest pending message, unless it is already on its way or waiting to be
   * retried (it has a timer then); `again` sends it anyway (a new connection knows nothing of it).
   */
  #sendNext(conversationId, again = false) {
    const next = this.#outbox.list().find((e) => e.conversationId === conversationId && e.state === 'pending');
    if (next && (again || !this.#timers.has(next.clientMsgId))) this.#transmit(next);
  }

  #transmit(entry) {
    this.#clearTimer(entry.clientMsgId);
    if (this.#env.now() < this.#holdUntil) return; // held: it goes when the hold ends (no timer, so #sendNext takes it)
    const sent = this.#socket.send({
      type: 'send', clientMsgId: entry.clientMsgId, conversationId: entry.conversationId, body: entry.body,
    });
    if (!sent) return; // offline: resendAll() on the next ready
    entry.attempts++;
    this.#outbox.put(entry);
    this.#later(entry, ACK_WAIT_MS);
  }

  /** Sends nothing for `ms` (longer if already held), then each conversation's oldest pending message. */
  #hold(ms) {
    const until = this.#env.now() + ms;
    if (until <= this.#holdUntil) return;
    this.#endHold();
    this.#holdUntil = until;
    this.#holdTimer = this.#env.setTimeout(() => {
      this.#holdTimer = undefined;
      this.#holdUntil = 0;
      for (const conversationId of new Set(this.#outbox.list().map((e) => e.conversationId))) {
        this.#sendNext(conversationId);
      }
    }, ms);
  }

  #endHold() {
    if (this.#holdTimer !== undefined) this.#env.clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#holdUntil = 0;
  }

  #later(entry, ms) {
    this.#clearTimer(entry.clientMsgId);
    this.#timers.set(entry.clientMsgId, this.#env.setTimeout(() => {
      this.#timers.delete(entry.clientMsgId);
      const current = this.#outbox.get(entry.clientMsgId);
      if (current && current.state === 'pending') this.#transmit(current);
    }, ms));
  }

  #clearTimer(clientMsgId) {
    const t = this.#timers.get(clientMsgId);
    if (t !== undefined) this.#env.clearTimeout(t);
    this.#timers.delete(clientMsgId);
  }
}
