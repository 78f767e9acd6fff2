import { h, fill, shortId, clock } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { conversationTitle, dot } from './sidebar.js';

const RECEIPTS = {
  pending: ['⏱', 'pending: not acknowledged yet'],
  failed: ['!', 'not sent'],
  sent: ['✓', 'sent: in the log'],
  delivered: ['✓✓', 'delivered to their open sessions'],
  read: ['✓✓', 'read'],
};

/**
 * One conversation: its messages in seq order (then my pending ones), infinite scroll back
 * through history, typing indicator, receipts, members, and the composer.
 */
export class ConversationView {
  /** @param {import('../protocol/client.js').ParleyClient} client @param {HTMLElement} el */
  constructor(client, el) {
    this.client = client;
    this.el = el;
    this.id = null;
    this.loadingOlder = false;
    const redraw = (e) => { if (e?.conversationId === this.id) this.renderMessages(); };
    client.on('timeline', redraw);
    client.on('pending', redraw);
    client.on('receipts', redraw);
    client.on('typing', (e) => { if (e.conversationId === this.id) this.renderTyping(); });
    client.on('members', (e) => {
      if (e.conversationId !== this.id) return;
      this.renderHeader();
      this.renderMembers();
    });
    client.on('presence', () => this.renderHeader());
    client.on('conversations', () => this.renderHeader());
    document.addEventListener('visibilitychange', () => this.markRead());
  }

  async show(id) {
    this.id = id;
    if (!id) {
      fill(this.el, h('div', { class: 'empty' }, 'Pick a conversation, or start one: ',
        'share your user id (top) with someone, then paste theirs under “New conversation”.'));
      return;
    }
    this.header = h('div', { class: 'conv-header' });
    this.membersPanel = h('div', { class: 'members', hidden: true, 'data-testid': 'members' });
    this.messages = h('ol', { class: 'messages', 'data-testid': 'messages', onscroll: () => this.onScroll() });
    this.typingLine = h('div', { class: 'typing', 'data-testid': 'typing', 'aria-live': 'polite' });
    const input = h('textarea', { rows: 2, placeholder: 'Message (Markdown: **bold**, *italic*, `code`, [link](https://…))',
      maxlength: 4000, 'data-testid': 'composer',
      oninput: () => this.client.typing(id),
      onkeydown: (e) => {
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          form.requestSubmit();
        }
      } });
    const form = h('form', { class: 'composer', onsubmit: (e) => {
      e.preventDefault();
      const body = input.value;
      if (!body.trim()) return;
      this.client.send(id, body);
      input.value = '';
      this.stick = true;
    } }, input, h('button', { 'data-testid': 'send' }, 'Send'));
    fill(this.el, this.header, this.membersPanel, this.messages, this.typingLine, form);
    this.stick = true;
    this.renderHeader();
    this.renderMembers();
    this.renderMessages();
    input.focus();
    try {
      await this.client.open(id);
    } catch (e) {
      this.client.emit('problem', { message: `open: ${e.message}` });
    }
    if (this.id === id) this.renderMessages();
  }

  renderHeader() {
    if (!this.id || !this.header) return;
    const c = this.client.summary(this.id);
    if (!c) return;
    const peer = c.kind === 'direct' ? this.client.peer(this.id) : null;
    fill(this.header,
      peer ? dot(this.client.presenceOf(peer)) : null,
      h('strong', { 'data-testid': 'conv-title' }, conversationTitle(this.client, c)),
      h('span', { class: 'muted' }, c.kind === 'group' ? ` · ${this.client.members(this.id)?.length ?? '?'} members` : ''),
      h('button', { class: 'link', 'data-testid': 'members-toggle', onclick: () => {
        this.membersPanel.hidden = !this.membersPanel.hidden;
        this.renderMembers();
      } }, 'members'));
  }

  renderMembers() {
    if (!this.membersPanel || this.membersPanel.hidden) return;
    const id = this.id;
    const client = this.client;
    const members = client.members(id) ?? [];
    const add = h('input', { placeholder: 'user id to add', 'data-testid': 'member-add-id' });
    const act = (fn) => fn().catch((e) => client.emit('problem', { message: e.message }));
    fill(this.membersPanel,
      h('ul', null, members.map((m) => h('li', { dataset: { userId: m } },
        h('code', { title: m }, m === client.me?.userId ? `${shortId(m)} (you)` : shortId(m)), ' ',
        h('button', { class: 'link', 'data-testid': 'member-remove',
          onclick: () => act(() => client.removeMember(id, m)) }, m === client.me?.userId ? 'leave' : 'remove')))),
      client.summary(id)?.kind === 'group'
        ? h('form', { class: 'new', onsubmit: (e) => {
          e.preventDefault();
          act(() => client.addMembers(id, add.value.split(/[\s,]+/).filter(Boolean)));
        } }, add, h('button', { 'data-testid': 'member-add' }, 'Add'))
        : null);
  }

  renderMessages() {
    const list = this.messages;
    if (!list || !this.id) return;
    const client = this.client;
    const me = client.me?.userId;
    const timeline = client.timeline(this.id);
    const atBottom = this.stick || list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const oldHeight = list.scrollHeight;
    const oldTop = list.scrollTop;
    const items = timeline.messages.map((m) => this.item(m, m.senderId === me, m.senderId === me ? client.receipt(m) : null));
    for (const p of client.pending(this.id)) {
      items.push(this.item({ senderId: me, body: p.body, clientMsgId: p.clientMsgId }, true, p.state, p));
    }
    fill(list,
      timeline.loaded && timeline.hasOlder ? h('li', { class: 'older muted' }, 'scroll up for older messages') : null,
      timeline.loaded && !timeline.hasOlder ? h('li', { class: 'older muted', 'data-testid': 'history-start' },
        'the beginning of this conversation') : null,
      items);
    if (atBottom) list.scrollTop = list.scrollHeight;
    else if (this.loadingOlder) list.scrollTop = oldTop + list.scrollHeight - oldHeight; // older ones came in above
    this.stick = false;
    this.markRead();
    this.renderTyping();
  }

  item(m, mine, receipt, pending) {
    const [mark, title] = receipt ? RECEIPTS[receipt] : [null, null];
    return h('li', {
      class: `message${mine ? ' mine' : ''}${pending ? ' pending' : ''}`,
      dataset: { seq: m.seq ?? '', clientMsgId: m.clientMsgId ?? '', sender: m.senderId ?? '' },
      'data-testid': 'message',
    },
    h('div', { class: 'meta' }, mine ? 'you' : shortId(m.senderId), ' ', h('time', null, clock(m.sentAt))),
    h('div', { class: 'text', 'data-testid': 'message-body' }, renderMarkdown(m.body, document)),
    mark ? h('span', { class: `receipt ${receipt}`, title, 'data-testid': 'receipt', dataset: { receipt } }, mark) : null,
    pending?.state === 'failed'
      ? h('span', { class: 'failed' }, ` ${pending.error} `,
        h('button', { class: 'link', onclick: () => this.client.sender?.retry(pending.clientMsgId) }, 'retry'),
        h('button', { class: 'link', onclick: () => this.client.sender?.discard(pending.clientMsgId) }, 'discard'))
      : null);
  }

  renderTyping() {
    if (!this.typingLine) return;
    const who = this.client.typists(this.id);
    this.typingLine.textContent = who.length ? `${who.map(shortId).join(', ')} ${who.length > 1 ? 'are' : 'is'} typing…` : '';
  }

  async onScroll() {
    if (this.messages.scrollTop > 60 || this.loadingOlder || !this.id) return;
    const t = this.client.timeline(this.id);
    if (!t.loaded || !t.hasOlder) return;
    this.loadingOlder = true;
    try {
      await this.client.loadOlder(this.id);
    } catch (e) {
      this.client.emit('problem', { message: e.message });
    } finally {
      this.loadingOlder = false;
    }
  }

  /** What is on screen of a visible page is read: up to the last contiguous seq. */
  markRead() {
    if (!this.id || document.visibilityState !== 'visible') return;
    const t = this.client.timeline(this.id);
    if (t.loaded && t.contiguous > 0) this.client.markRead(this.id, t.contiguous);
  }
}
