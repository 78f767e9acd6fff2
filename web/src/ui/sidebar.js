import { h, fill, shortId } from './dom.js';

/**
 * The conversation list (most recent first, unread badges, last message, presence dots) and
 * the forms that start a direct conversation or a group.
 */
export class Sidebar {
  /** @param {import('../protocol/client.js').ParleyClient} client @param {(id: string) => void} select */
  constructor(client, select) {
    this.client = client;
    this.selected = null;
    this.select = (id) => {
      this.selected = id;
      this.render();
      select(id);
    };
    this.list = h('ul', { class: 'conversations', 'data-testid': 'conversations' });
    this.el = h('aside', { class: 'sidebar' }, this.#forms(), this.list);
    for (const e of ['conversations', 'members', 'presence']) client.on(e, () => this.render());
    this.render();
  }

  #forms() {
    const client = this.client;
    const peer = h('input', { placeholder: 'their user id', 'data-testid': 'direct-peer', required: true });
    const direct = h('form', { class: 'new', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const id = await client.createDirect(peer.value.trim());
        peer.value = '';
        this.select(id);
      } catch (err) {
        client.emit('problem', { message: `new conversation: ${err.message}` });
      }
    } }, peer, h('button', { 'data-testid': 'direct-start' }, 'Chat'));
    const title = h('input', { placeholder: 'group title', 'data-testid': 'group-title', required: true });
    const ids = h('input', { placeholder: 'member ids, comma-separated', 'data-testid': 'group-members' });
    const group = h('form', { class: 'new', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const members = ids.value.split(/[\s,]+/).filter(Boolean);
        const id = await client.createGroup(title.value.trim(), members);
        title.value = '';
        ids.value = '';
        this.select(id);
      } catch (err) {
        client.emit('problem', { message: `new group: ${err.message}` });
      }
    } }, title, ids, h('button', { 'data-testid': 'group-start' }, 'Create group'));
    return h('details', { class: 'start' }, h('summary', null, 'New conversation'), direct, group);
  }

  render() {
    const client = this.client;
    fill(this.list, client.conversations.map((c) => {
      const peer = c.kind === 'direct' ? client.peer(c.conversationId) : null;
      const last = c.lastMessage;
      return h('li', {
        class: c.conversationId === this.selected ? 'selected' : null,
        dataset: { conversationId: c.conversationId }, 'data-testid': 'conversation',
        onclick: () => this.select(c.conversationId),
      },
      h('div', { class: 'line' },
        peer ? dot(client.presenceOf(peer)) : h('span', { class: 'group-mark', title: 'group' }, '#'),
        h('span', { class: 'title' }, conversationTitle(client, c)),
        c.unread > 0 ? h('span', { class: 'badge', 'data-testid': 'unread' }, String(c.unread)) : null),
      h('div', { class: 'preview' }, last
        ? `${last.senderId === client.me?.userId ? 'you' : shortId(last.senderId)}: ${last.body}`
        : 'no messages yet'));
    }));
  }
}

/** The presence dot of a direct peer. */
export function dot(status) {
  return h('span', { class: `dot ${status ?? 'unknown'}`, title: status ?? 'presence unknown',
    'data-testid': 'presence', dataset: { status: status ?? 'unknown' } });
}

/** A group's title, or the other member of a direct conversation. */
export function conversationTitle(client, c) {
  if (c.kind === 'group') return c.title || 'group';
  const peer = client.peer(c.conversationId);
  return peer ? `@${shortId(peer)}` : 'direct';
}
