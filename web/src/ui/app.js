import { ParleyClient } from '../protocol/index.js';
import { h, fill } from './dom.js';
import { Sidebar } from './sidebar.js';
import { ConversationView } from './conversation.js';

/**
 * The page: reads where auth lives from the edge's `/config.json`, then shows the login form or
 * the chat. All protocol work is the {@link ParleyClient}'s; this only draws its state.
 */
async function boot() {
  const root = /** @type {HTMLElement} */ (document.getElementById('app'));
  let config = {};
  try {
    const res = await fetch('/config.json', { headers: { Accept: 'application/json' } });
    if (res.ok) config = await res.json();
  } catch {
    // served without the edge (a file server): fall back to the contract's default ports
  }
  const authUrl = config.authUrl ?? `${location.protocol}//${location.hostname}:8081`;
  const client = new ParleyClient({ authUrl, edgeUrl: config.edgeUrl ?? location.origin });
  /** @type {any} */ (window).parleyClient = client; // for the browser tests and the curious
  addEventListener('online', () => client.socket.reconnectNow());
  addEventListener('storage', (e) => {
    if (e.key === 'parley.login' && e.newValue == null && client.me) location.reload(); // logged out in another tab
    if (e.key === `parley.read.${client.me?.userId}` && e.newValue) {
      for (const [id, seq] of Object.entries(JSON.parse(e.newValue))) client.readElsewhere(id, Number(seq));
    }
  });
  // Read positions moved on other devices reach this page with the list: on focus, and once a minute.
  const reloadList = () => {
    if (client.me && client.socket.state === 'online') client.refreshList().catch(() => {});
  };
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') reloadList(); });
  setInterval(reloadList, 60_000);
  // A fresh page for the next login: nothing of the last one's views or state lingers.
  client.on('logout', () => location.reload());
  if (client.resume()) showChat(root, client);
  else showLogin(root, client);
}

function showLogin(root, client) {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, minlength: 3,
    maxlength: 32, pattern: '[a-z0-9_.\\-]+', placeholder: 'username (a-z 0-9 _ . -)', 'data-testid': 'username' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true,
    minlength: 8, maxlength: 128, placeholder: 'password (8+ characters)', 'data-testid': 'password' });
  const message = h('p', { class: 'form-message', role: 'status', 'data-testid': 'login-message' });
  const run = async (register) => {
    message.textContent = register ? 'Creating the account…' : 'Logging in…';
    try {
      if (register) await client.register(username.value, password.value);
      await client.logIn(username.value, password.value);
      showChat(root, client);
    } catch (e) {
      message.textContent = e.message;
    }
  };
  const form = h('form', { class: 'login', onsubmit: (e) => { e.preventDefault(); run(false); } },
    h('h1', null, 'Parley'),
    h('p', { class: 'tagline' }, 'Messages in order, sent once, never lost.'),
    username, password,
    h('div', { class: 'row' },
      h('button', { type: 'submit', 'data-testid': 'login' }, 'Log in'),
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'register',
        onclick: () => form.reportValidity() && run(true) }, 'Create account')),
    message);
  fill(root, form);
  username.focus();
}

function showChat(root, client) {
  const me = client.me;
  const state = h('span', { class: 'conn', 'data-testid': 'conn-state' });
  const showState = (s) => {
    state.textContent = s === 'online' ? 'connected' : s === 'stopped' ? 'disconnected' : 'reconnecting…';
    state.dataset.state = s;
  };
  showState(client.socket.state);
  client.on('state', showState);
  const problem = h('div', { class: 'problem', role: 'alert', 'data-testid': 'problem' });
  client.on('problem', ({ message }) => {
    problem.textContent = message;
    setTimeout(() => { if (problem.textContent === message) problem.textContent = ''; }, 8000);
  });
  const copy = h('button', { class: 'link', title: 'copy my user id',
    onclick: () => navigator.clipboard?.writeText(me.userId) }, 'copy id');
  const header = h('header', { class: 'top' },
    h('strong', { class: 'brand' }, 'Parley'),
    h('span', { class: 'me' }, h('span', { 'data-testid': 'me-name' }, me.username), ' · id ',
      h('code', { 'data-testid': 'me-id', title: me.userId }, me.userId), ' ', copy),
    state,
    h('button', { class: 'secondary', 'data-testid': 'logout', onclick: () => client.logOut() }, 'Log out'));
  const main = h('main', { class: 'pane' });
  const view = new ConversationView(client, main);
  const sidebar = new Sidebar(client, (id) => view.show(id));
  fill(root, h('div', { class: 'shell' }, header, problem, h('div', { class: 'body' }, sidebar.el, main)));
  view.show(null);
  const title = () => {
    const unread = client.conversations.reduce((n, c) => n + c.unread, 0);
    document.title = unread ? `(${unread}) Parley` : 'Parley';
  };
  client.on('conversations', title);
}

boot();
