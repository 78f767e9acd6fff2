import { Api } from './api.js';
import { Awareness } from './awareness.js';
import { Auth } from './auth.js';
import { Emitter } from './emitter.js';
import { browserEnv, readJson, writeJson } from './env.js';
import { ApiError } from './http.js';
import { Sender } from './sender.js';
import { Socket } from './socket.js';
import { Timeline } from './timeline.js';

/** History page sizes: the first screen, and each catch-up or scroll-back step (the contract's maximum). */
const FIRST_PAGE = 50;
const PAGE = 200;
/** `typing` goes out at most this often per conversation (the edge drops more anyway). */
const TYPING_EVERY_MS = 2_000;
/** How long a conversation created here stays in the list though the edge's list lacks it (projection lag). */
const FRESH_MS = 30_000;
/** History of a conversation the edge does not know yet (404 right after it was created elsewhere). */
const NOT_FOUND_RETRIES = 4;
const NOT_FOUND_WAIT_MS = 750;

/**
 * One conversation in the list: the edge's summary, kept current by live frames.
 * @typedef {object} Summary
 * @property {string} conversationId
 * @property {'direct' | 'group'} kind
 * @property {string | null} title
 * @property {number} lastSeq
 * @property {number} readSeq
 * @property {number} unread
 * @property {import('./timeline.js').Message | null} lastMessage
 */

/**
 * Parley's client: the whole contract behind one object, with no UI. It holds the conversation
 * list, the timelines of the conversations opened, the outbox, read receipts, typing and presence,
 * and keeps them right across reconnects: on every `ready` it sends the pending messages again and
 * catches up each open conversation with `after=<last contiguous seq>`, merging by seq.
 *
 * Events: `state` (connection), `conversations`, `timeline` / `pending` / `members` / `receipts` /
 * `typing` ({conversationId}), `presence` ({userId}), `login`, `logout` ({reason}), `problem` ({message}).
 */
export class ParleyClient extends Emitter {
  /** @type {import('./env.js').Env} */
  env;
  auth;
  api;
  socket;
  /** @type {Sender | null} */
  sender = null;
  /** @type {Summary[]} */
  conversations = [];
  /** @type {Map<string, Timeline>} */
  #timelines = new Map();
  /** @type {Map<string, string[]>} */
  #members = new Map();
  /** @type {Awareness} receipts, presence, typing: replaced at each login */
  #aware = new Awareness(null, '');
  /** @type {Map<string, number>} read positions not sent yet (offline) */
  #readOwed = new Map();
  /** @type {Map<string, number>} */
  #typingSent = new Map();
  /** @type {Map<string, Promise<void>>} */
  #catchUps = new Map();
  /** @type {Map<string, number>} conversations this client created or discovered, and when: kept in the list while the edge catches up */
  #fresh = new Map();
  /** @type {Map<string, Promise<void>>} */
  #discovering = new Map();
  #unsubscribe = [];

  /**
   * @param {{authUrl: string, edgeUrl: string, wsUrl?: string, env?: Partial<import('./env.js').Env>}} options
   *   `wsUrl` defaults to the edge's URL with `ws(s):` and `/ws`
   */
  constructor({ authUrl, edgeUrl, wsUrl, env }) {
    super();
    this.env = browserEnv(env);
    this.auth = new Auth(this.env, authUrl);
    this.api = new Api(this.env, { authUrl, edgeUrl }, this.auth);
    this.socket = new Socket(this.env, wsUrl ?? `${edgeUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}/ws`, this.auth);
    this.socket.on('state', (s) => this.emit('state', s));
    this.socket.on('ready', () => this.#onReady());
    this.socket.on('frame', (f) => this.#onFrame(f));
    this.auth.on('logout', (e) => this.#ended(e));
  }

  /** @returns {import('./auth.js').Login | null} */
  get me() {
    return this.auth.login;
  }

  /** Resumes a stored login (a reload). @returns {boolean} whether there was one */
  resume() {
    if (!this.auth.restore()) return false;
    this.#begin();
    return true;
  }

  register(username, password) {
    return this.auth.register(username, password);
  }

  async logIn(username, password) {
    await this.auth.logIn(username, password);
    this.#begin();
  }

  async logOut() {
    this.sender?.clear();
    await this.auth.logOut();
  }

  #begin() {
    const me = /** @type {import('./auth.js').Login} */ (this.auth.login);
    this.#aware = new Awareness(this.env.storage, me.userId);
    this.sender = new Sender(this.env, this.socket, me.userId);
    this.#unsubscribe = [
      this.sender.on('change', (e) => this.emit('pending', e)),
      this.sender.on('acked', ({ entry, ack }) => {
        if (!ack) return;
        const { type, ...fields } = ack;
        this.#accept({ ...fields, senderId: me.userId, body: entry.body });
        // Whoever writes has read what came before: said to the server, so the badge agrees everywhere.
        this.markRead(ack.conversationId, ack.seq);
      }),
    ];
    this.emit('login', me);
    this.socket.start();
    this.refreshList().catch((e) => this.#problem(e));
  }

  #ended(event) {
    this.socket.stop();
    this.#unsubscribe.forEach((u) => u());
    this.sender = null;
    this.conversations = [];
    this.#timelines.clear();
    this.#members.clear();
    this.#aware = new Awareness(null, '');
    this.emit('logout', event);
  }

  // ---- the conversation list ----

  /** `GET /v1/conversations`, merged with what live frames brought meanwhile. */
  async refreshList() {
    const list = await this.api.conversations();
    const old = new Map(this.conversations.map((c) => [c.conversationId, c]));
    this.conversations = list.map((/** @type {Summary} */ s) => {
      const before = old.get(s.conversationId);
      const readSeq = Math.max(s.readSeq, before?.readSeq ?? 0, this.#readOwed.get(s.conversationId) ?? 0);
      const lastSeq = Math.max(s.lastSeq, before?.lastSeq ?? 0);
      const lastMessage = before?.lastMessage && before.lastMessage.seq > (s.lastMessage?.seq ?? 0)
        ? before.lastMessage : s.lastMessage;
      return { ...s, readSeq, lastSeq, lastMessage, unread: Math.max(0, lastSeq - readSeq) };
    });
    for (const [id, at] of this.#fresh) {
      const listed = this.conversations.some((c) => c.conversationId === id);
      if (listed || this.env.now() - at > FRESH_MS) this.#fresh.delete(id);
      else if (old.has(id)) this.conversations.unshift(/** @type {Summary} */ (old.get(id)));
    }
    this.emit('conversations');
    this.#loadDirectPeers();
  }

  /** @returns {Summary | undefined} */
  summary(conversationId) {
    return this.conversations.find((c) => c.conversationId === conversationId);
  }

  /** The other member of a direct conversation, once its members are known. */
  peer(conversationId) {
    const members = this.#members.get(conversationId);
    return members?.find((m) => m !== this.me?.userId) ?? null;
  }

  /** @returns {string[] | undefined} */
  members(conversationId) {
    return this.#members.get(conversationId);
  }

  async createDirect(otherUserId) {
    return this.#created(await this.api.createDirect(otherUserId));
  }

  async createGroup(title, userIds) {
    return this.#created(await this.api.createGroup(title, userIds));
  }

  async #created(c) {
    this.#members.set(c.conversationId, c.members);
    if (c.created) {
      // New, so empty: no history to ask for, which the edge may not know of for a moment yet
      // (membership reaches the message path within 2 s) and would answer 404.
      this.#fresh.set(c.conversationId, this.env.now());
      const t = this.timeline(c.conversationId);
      if (!t.loaded) t.loadLatest({ messages: [], hasMore: false });
    }
    if (!this.summary(c.conversationId)) {
      this.conversations = [{ conversationId: c.conversationId, kind: c.kind, title: c.title, lastSeq: 0, readSeq: 0,
        unread: 0, lastMessage: null }, ...this.conversations];
      this.emit('conversations');
    }
    this.emit('members', { conversationId: c.conversationId });
    return c.conversationId;
  }

  async loadMembers(conversationId) {
    const c = await this.api.conversation(conversationId);
    this.#members.set(conversationId, c.members);
    this.emit('members', { conversationId });
    if (c.kind === 'direct') await this.refreshPresence();
    return c.members;
  }

  async addMembers(conversationId, userIds) {
    await this.api.addMembers(conversationId, userIds);
    return this.loadMembers(conversationId);
  }

  async removeMember(conversationId, userId) {
    await this.api.removeMember(conversationId, userId);
    if (userId === this.me?.userId) {
      this.conversations = this.conversations.filter((c) => c.conversationId !== conversationId);
      this.#timelines.delete(conversationId);
      this.emit('conversations');
      return [];
    }
    return this.loadMembers(conversationId);
  }

  #loadDirectPeers() {
    const missing = this.conversations.filter((c) => c.kind === 'direct' && !this.#members.has(c.conversationId));
    Promise.all(missing.slice(0, 30).map((c) => this.api.conversation(c.conversationId).then((full) => {
      this.#members.set(c.conversationId, full.members);
      this.emit('members', { conversationId: c.conversationId });
    }))).then(() => this.refreshPresence()).catch((e) => this.#problem(e));
  }

  // ---- timelines ----

  /** The timeline of a conversation (empty until {@link open}). */
  timeline(conversationId) {
    let t = this.#timelines.get(conversationId);
    if (!t) {
      t = new Timeline(conversationId);
      this.#timelines.set(conversationId, t);
    }
    return t;
  }

  /** Loads the latest page and the members; from now on the conversation is caught up on every reconnect. */
  async open(conversationId) {
    const t = this.timeline(conversationId);
    if (!t.loaded) {
      const page = await this.#firstPage(conversationId);
      if (!t.loaded) t.loadLatest(page);
      this.emit('timeline', { conversationId });
      if (t.hasGap) await this.catchUp(conversationId);
    }
    if (!this.#members.has(conversationId)) await this.loadMembers(conversationId);
    return t;
  }

  async #firstPage(conversationId) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.api.messages(conversationId, { limit: FIRST_PAGE });
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 404 || attempt >= NOT_FOUND_RETRIES) throw e;
        await new Promise((resolve) => this.env.setTimeout(resolve, NOT_FOUND_WAIT_MS));
      }
    }
  }

  /** One page further back (`before=<first seq held>`). @returns {Promise<number>} how many messages it added */
  async loadOlder(conversationId) {
    const t = this.timeline(conversationId);
    if (!t.loaded || !t.hasOlder) return 0;
    const added = t.loadOlder(await this.api.messages(conversationId, { before: t.firstSeq, limit: FIRST_PAGE }));
    this.emit('timeline', { conversationId });
    return added.length;
  }

  /** `messages?after=<contiguous>` until `hasMore` is false: whatever was missed, in order, once. */
  catchUp(conversationId) {
    const running = this.#catchUps.get(conversationId);
    if (running) return running;
    const run = (async () => {
      const t = this.timeline(conversationId);
      if (!t.loaded) return;
      for (;;) {
        const page = await this.api.messages(conversationId, { after: t.contiguous, limit: PAGE });
        const added = t.merge(page.messages);
        for (const m of added) this.#touchSummary(m);
        if (added.length) this.emit('timeline', { conversationId });
        if (!page.hasMore || page.messages.length === 0) break;
      }
    })().finally(() => this.#catchUps.delete(conversationId));
    this.#catchUps.set(conversationId, run);
    return run;
  }

  // ---- sending and reading ----

  /** Queues a message (shown as pending at once) and sends it when connected. */
  send(conversationId, body) {
    if (!this.sender) throw new Error('not logged in');
    this.#typingSent.delete(conversationId);
    return this.sender.send(conversationId, body);
  }

  /** @returns {import('./outbox.js').Pending[]} */
  pending(conversationId) {
    return this.sender?.pending(conversationId) ?? [];
  }

  /** Tells the others (and my other devices) that I have read up to `seq`; never moves back. */
  markRead(conversationId, seq) {
    const s = this.summary(conversationId);
    if (!s || seq <= s.readSeq) return;
    s.readSeq = seq;
    s.unread = Math.max(0, s.lastSeq - s.readSeq);
    this.emit('conversations');
    if (!this.socket.send({ type: 'read', conversationId, seq })) this.#readOwed.set(conversationId, seq);
    // Parley sends `read` frames to the other members only: this browser's other tabs learn from storage
    // (see readElsewhere), other devices from the list, which is reloaded on reconnect and on focus.
    const key = `parley.read.${this.me?.userId}`;
    const shared = readJson(this.env.storage, key) ?? {};
    if (seq > (shared[conversationId] ?? 0)) writeJson(this.env.storage, key, { ...shared, [conversationId]: seq });
  }

  /** My read position moved in another tab or on another device: the badge follows, never backwards. */
  readElsewhere(conversationId, seq) {
    const s = this.summary(conversationId);
    if (!s || !(seq > s.readSeq)) return;
    s.readSeq = seq;
    s.unread = Math.max(0, s.lastSeq - s.readSeq);
    this.emit('conversations');
  }

  /** I am typing (at most one frame per 2 s and conversation; the edge drops more anyway). */
  typing(conversationId) {
    const now = this.env.now();
    if (now - (this.#typingSent.get(conversationId) ?? 0) < TYPING_EVERY_MS) return;
    if (this.socket.send({ type: 'typing', conversationId })) this.#typingSent.set(conversationId, now);
  }

  /** Who is typing in the conversation now. @returns {string[]} */
  typists(conversationId) {
    return this.#aware.typists(conversationId, this.env.now());
  }

  /** The receipt of one of my messages (see {@link Awareness#receipt}). */
  receipt(m) {
    return this.#aware.receipt(m);
  }

  /** The other members' read positions that this client saw. @returns {Record<string, number>} */
  readers(conversationId) {
    return this.#aware.readers(conversationId);
  }

  /** @returns {'online' | 'offline' | undefined} */
  presenceOf(userId) {
    return this.#aware.presenceOf(userId);
  }

  /** `GET /v1/presence` for the peers of the direct conversations. */
  async refreshPresence() {
    const peers = [...new Set(this.conversations.filter((c) => c.kind === 'direct')
      .map((c) => this.peer(c.conversationId)).filter((p) => p))];
    for (let i = 0; i < peers.length; i += 200) {
      const answer = await this.api.presence(peers.slice(i, i + 200));
      for (const [userId, status] of Object.entries(answer)) this.#setPresence(userId, status);
    }
  }

  /** Stops everything of this page (it is going away); the login and the outbox stay stored. */
  close() {
    this.socket.stop();
    this.auth.close();
  }

  // ---- frames ----

  async #onReady() {
    this.sender?.resendAll();
    for (const [conversationId, seq] of this.#readOwed) {
      if (this.socket.send({ type: 'read', conversationId, seq })) this.#readOwed.delete(conversationId);
    }
    try {
      await Promise.all([...this.#timelines.values()].filter((t) => t.loaded)
        .map((t) => this.catchUp(t.conversationId)));
      await this.refreshList();
    } catch (e) {
      this.#problem(e);
    }
  }

  #onFrame(f) {
    switch (f.type) {
      case 'message': {
        const { type, ...m } = f;
        if (m.senderId === this.me?.userId) this.sender?.settle(m.clientMsgId, null);
        this.#aware.stoppedTyping(m.conversationId, m.senderId);
        this.#accept(m);
        if (m.senderId === this.me?.userId) this.markRead(m.conversationId, m.seq);
        break;
      }
      case 'ack':
        this.sender?.settle(f.clientMsgId, f);
        break;
      case 'read':
        this.#onRead(f);
        break;
      case 'typing':
        this.#onTyping(f);
        break;
      case 'presence':
        this.#setPresence(f.userId, f.status);
        break;
      case 'error':
        if (!(f.clientMsgId && this.sender?.refused(f))) this.#problem(new Error(`${f.code}: ${f.message ?? ''}`));
        break;
      default:
        break; // frames this client does not know: the contract may add some
    }
  }

  /** A message in the log (live, from an ack, or from history): into its timeline and its summary. */
  #accept(m) {
    const t = this.#timelines.get(m.conversationId);
    if (t) {
      if (t.merge([m]).length) this.emit('timeline', { conversationId: m.conversationId });
      if (t.hasGap) this.catchUp(m.conversationId).catch((e) => this.#problem(e));
    }
    if (!this.summary(m.conversationId)) {
      this.#discover(m.conversationId).then(() => this.#touchSummary(m), (e) => this.#problem(e));
      return;
    }
    this.#touchSummary(m);
  }

  /**
   * A message in a conversation not in the list: someone started it, or added me. The edge's list
   * may not show it yet (its projections follow a moment later); auth knows it at once.
   */
  #discover(conversationId) {
    let running = this.#discovering.get(conversationId);
    if (!running) {
      running = (async () => {
        await this.refreshList();
        if (this.summary(conversationId)) return;
        const c = await this.api.conversation(conversationId);
        this.#members.set(conversationId, c.members);
        if (!this.summary(conversationId)) {
          this.conversations = [{ conversationId, kind: c.kind, title: c.title, lastSeq: 0, readSeq: 0, unread: 0,
            lastMessage: null }, ...this.conversations];
          this.#fresh.set(conversationId, this.env.now());
        }
      })().finally(() => this.#discovering.delete(conversationId));
      this.#discovering.set(conversationId, running);
    }
    return running;
  }

  #touchSummary(m) {
    const s = this.summary(m.conversationId);
    if (!s) return;
    if (m.seq > s.lastSeq) s.lastSeq = m.seq;
    if (!s.lastMessage || m.seq > s.lastMessage.seq) s.lastMessage = m;
    s.unread = Math.max(0, s.lastSeq - s.readSeq);
    const peer = this.peer(m.conversationId);
    if (peer && this.#aware.presenceOf(peer) === 'online') this.#aware.delivered(m.conversationId, s.lastSeq);
    this.conversations = [s, ...this.conversations.filter((c) => c !== s)];
    this.emit('conversations');
  }

  #onRead(f) {
    if (f.userId === this.me?.userId) {
      this.readElsewhere(f.conversationId, f.seq); // not sent by Parley today; harmless if it ever is
      return;
    }
    if (this.#aware.read(f.conversationId, f.userId, f.seq)) this.emit('receipts', { conversationId: f.conversationId });
  }

  #onTyping(f) {
    if (f.userId === this.me?.userId) return;
    const shown = this.#aware.typing(f.conversationId, f.userId, this.env.now());
    this.emit('typing', { conversationId: f.conversationId });
    this.env.setTimeout(() => this.emit('typing', { conversationId: f.conversationId }), shown + 50);
  }

  #setPresence(userId, status) {
    if (!this.#aware.presence(userId, status)) return;
    if (status === 'online') {
      for (const c of this.conversations) {
        if (c.kind === 'direct' && this.peer(c.conversationId) === userId) {
          this.#aware.delivered(c.conversationId, c.lastSeq);
          this.emit('receipts', { conversationId: c.conversationId });
        }
      }
    }
    this.emit('presence', { userId });
  }

  #problem(e) {
    this.emit('problem', { message: e instanceof Error ? e.message : String(e), error: e });
  }
}
