import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { ParleyClient } from '../../src/protocol/index.js';
import { FakeClock, FakeWebSocket, MemoryStorage, fakeFetch, flush } from './fakes.mjs';

const AUTH = 'http://auth.test';
const EDGE = 'http://edge.test';

/** A logged-in client on fakes; `history` is what the edge's history answers. */
async function setUp({ storage = new MemoryStorage(), history = [], random = () => 0.5, handlers = {} } = {}) {
  const clock = new FakeClock();
  let n = 0;
  let refreshes = 0;
  const login = () => [200, { accessToken: `at${refreshes}`, tokenType: 'Bearer', expiresIn: 900,
    refreshToken: `rt${refreshes}`, userId: 'me' }];
  const fetch = fakeFetch({
    'POST /v1/auth/login': login,
    'POST /v1/auth/refresh': () => {
      refreshes++;
      return login();
    },
    'GET /v1/conversations': () => [200, [{ conversationId: 'c', kind: 'direct', title: null, lastSeq: history.length,
      readSeq: 0, unread: history.length, lastMessage: history[history.length - 1] ?? null }]],
    'GET /v1/conversations/c': () => [200, { conversationId: 'c', kind: 'direct', title: null, members: ['me', 'peer'],
      createdAt: '2030-01-01T00:00:00Z' }],
    'GET /v1/presence': () => [200, { peer: 'offline' }],
    'GET /v1/conversations/c/messages': ({ url }) => {
      const q = new URL(url).searchParams;
      const after = Number(q.get('after') ?? -1);
      const limit = Number(q.get('limit') ?? 50);
      const all = history.filter((m) => m.seq > after);
      const page = after >= 0 ? all.slice(0, limit) : all.slice(-limit);
      return [200, { messages: page, hasMore: after >= 0 ? all.length > limit : all.length > limit }];
    },
    ...handlers,
  });
  const env = { fetch, WebSocket: FakeWebSocket, storage, now: clock.now, setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout, random, uuid: () => `cm-${++n}`, lock: null };
  const client = new ParleyClient({ authUrl: AUTH, edgeUrl: EDGE, env });
  await client.logIn('me', 'secret-password');
  await flush();
  return { client, clock, fetch, storage, env };
}

const msg = (seq, body = `m${seq}`, senderId = 'peer') => ({ conversationId: 'c', seq, messageId: `id${seq}`, senderId,
  clientMsgId: `p${seq}`, body, sentAt: '2030-01-01T00:00:00Z' });

beforeEach(() => {
  FakeWebSocket.sockets = [];
});

test('connects with the access token in the query and sends nothing before ready', async () => {
  const { client } = await setUp();
  const ws = FakeWebSocket.last();
  assert.equal(ws.url, 'ws://edge.test/ws?access_token=at0');
  client.send('c', 'early');
  assert.deepEqual(ws.sent, []);
  ws.push({ type: 'ready', userId: 'me', sessionId: 's1' });
  assert.deepEqual(ws.frames('send'), [{ type: 'send', clientMsgId: 'cm-1', conversationId: 'c', body: 'early' }]);
});

test('a pending message survives a reconnect and a reload, and is sent again with the same clientMsgId', async () => {
  const storage = new MemoryStorage();
  const first = await setUp({ storage });
  let ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's1' });
  first.client.send('c', 'hello');
  assert.equal(first.client.pending('c').length, 1);
  ws.drop(1006); // the connection died before the ack
  await first.clock.advance(1000);
  ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's2' });
  assert.deepEqual(ws.frames('send').map((f) => f.clientMsgId), ['cm-1']);

  // The page reloads: a new client on the same storage finds the message and sends it again.
  first.client.close();
  const clock = new FakeClock();
  const reloaded = new ParleyClient({ authUrl: AUTH, edgeUrl: EDGE, env: { ...first.env, now: clock.now,
    setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, uuid: () => 'never' } });
  assert.equal(reloaded.resume(), true);
  await flush();
  ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's3' });
  assert.deepEqual(ws.frames('send'), [{ type: 'send', clientMsgId: 'cm-1', conversationId: 'c', body: 'hello' }]);
  ws.push({ type: 'ack', clientMsgId: 'cm-1', conversationId: 'c', seq: 1, messageId: 'id1', sentAt: '2030-01-01T00:00:00Z' });
  assert.equal(reloaded.pending('c').length, 0);
  assert.deepEqual(storage.keys().filter((k) => k.startsWith('parley.outbox.')), []);
});

test('after a reconnect every open conversation catches up after its last seq, nothing missed or doubled', async () => {
  const history = [msg(1), msg(2)];
  const { client, clock, fetch } = await setUp({ history });
  let ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's1' });
  await client.open('c');
  ws.push({ type: 'message', ...msg(3) });
  history.push(msg(3));
  ws.drop(1006);
  history.push(msg(4), msg(5)); // sent while this client was away
  await clock.advance(1000);
  ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's2' });
  await flush();
  assert.ok(fetch.calls.some((c) => c.key === 'GET /v1/conversations/c/messages?after=3&limit=200'));
  ws.push({ type: 'message', ...msg(5) }); // a late live copy of one caught up
  assert.deepEqual(client.timeline('c').messages.map((m) => m.seq), [1, 2, 3, 4, 5]);
  assert.equal(client.summary('c').lastSeq, 5);
});

test('a live seq that jumps (a dropped frame) is filled from history', async () => {
  const history = [msg(1)];
  const { client, fetch } = await setUp({ history });
  const ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's1' });
  await client.open('c');
  history.push(msg(2), msg(3));
  ws.push({ type: 'message', ...msg(3) });
  await flush();
  assert.ok(fetch.calls.some((c) => c.key === 'GET /v1/conversations/c/messages?after=1&limit=200'));
  assert.deepEqual(client.timeline('c').messages.map((m) => m.seq), [1, 2, 3]);
});

test('reconnects with jittered exponential backoff, and soon after a drain (1001)', async () => {
  const { clock } = await setUp({ random: () => 0.999 });
  const waits = [];
  for (let i = 0; i < 6; i++) {
    const before = FakeWebSocket.sockets.length;
    FakeWebSocket.last().drop(1006);
    const t0 = clock.t;
    while (FakeWebSocket.sockets.length === before) await clock.advance(50);
    waits.push(clock.t - t0);
  }
  // Ceilings 500, 1000, 2000, 4000, 8000, 15000 ms, with the jitter at its top.
  assert.deepEqual(waits.map((w) => Math.round(w / 50) * 50), [500, 1000, 2000, 4000, 8000, 15000]);
  FakeWebSocket.last().push({ type: 'ready', userId: 'me', sessionId: 's' });
  const before = FakeWebSocket.sockets.length;
  FakeWebSocket.last().drop(1001);
  await clock.advance(1000);
  assert.equal(FakeWebSocket.sockets.length, before + 1, 'a drained client is back within a second');
});

test('4001 refreshes the token, then reconnects with the new one', async () => {
  const { clock, fetch } = await setUp();
  FakeWebSocket.last().push({ type: 'ready', userId: 'me', sessionId: 's1' });
  FakeWebSocket.last().drop(4001);
  await clock.advance(1000);
  assert.equal(fetch.calls.filter((c) => c.key === 'POST /v1/auth/refresh').length, 1);
  assert.equal(FakeWebSocket.last().url, 'ws://edge.test/ws?access_token=at1');
});

test('the access token is refreshed before it expires, and the rotated refresh token is used next', async () => {
  const { clock, fetch, storage } = await setUp();
  await clock.advance(840_000 + 1); // 15 min lifetime: refreshed a minute before the end
  const refreshes = fetch.calls.filter((c) => c.key === 'POST /v1/auth/refresh');
  assert.deepEqual(refreshes.map((c) => c.body.refreshToken), ['rt0']);
  await clock.advance(840_000 + 1);
  assert.deepEqual(fetch.calls.filter((c) => c.key === 'POST /v1/auth/refresh').map((c) => c.body.refreshToken), ['rt0', 'rt1']);
  assert.equal(JSON.parse(storage.getItem('parley.login')).refreshToken, 'rt2');
});

test('a login another tab already refreshed is adopted, never refreshed twice with a spent token', async () => {
  const { client, fetch, storage, clock } = await setUp();
  const other = { ...JSON.parse(storage.getItem('parley.login')), accessToken: 'other-at', refreshToken: 'other-rt',
    expiresAt: clock.t + 900_000 };
  storage.setItem('parley.login', JSON.stringify(other));
  const login = await client.auth.refresh();
  assert.equal(login.accessToken, 'other-at');
  assert.equal(fetch.calls.filter((c) => c.key === 'POST /v1/auth/refresh').length, 0);
});

test('a refused refresh (401) ends the login and stops reconnecting', async () => {
  const { client, clock } = await setUp({ handlers: { 'POST /v1/auth/refresh': () => [401, { error: { code: 'unauthorized', message: 'revoked' } }] } });
  let ended = null;
  client.on('logout', (e) => { ended = e; });
  const sockets = FakeWebSocket.sockets.length;
  FakeWebSocket.last().drop(4001);
  await clock.advance(60_000);
  assert.equal(ended?.reason, 'the login expired or was revoked');
  assert.equal(FakeWebSocket.sockets.length, sockets);
  assert.equal(client.socket.state, 'stopped');
});

test('rate_limited and unavailable are retried after retryAfterMs with the same id; bad_request fails the message', async () => {
  const { client, clock } = await setUp({ random: () => 0 });
  const ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's1' });
  client.send('c', 'one');
  ws.push({ type: 'error', code: 'rate_limited', message: 'slow down', clientMsgId: 'cm-1', retryAfterMs: 300 });
  await clock.advance(299);
  assert.equal(ws.frames('send').length, 1);
  await clock.advance(1);
  assert.deepEqual(ws.frames('send').map((f) => f.clientMsgId), ['cm-1', 'cm-1']);
  ws.push({ type: 'ack', clientMsgId: 'cm-1', conversationId: 'c', seq: 1, messageId: 'id1', sentAt: '2030-01-01T00:00:00Z' });
  client.send('c', 'two');
  ws.push({ type: 'error', code: 'too_large', message: 'body too long', clientMsgId: 'cm-2' });
  assert.equal(client.pending('c').find((p) => p.clientMsgId === 'cm-2').state, 'failed');
});

test('unavailable holds every conversation until retryAfterMs is over, then each sends its oldest message', async () => {
  const { client, clock } = await setUp({ random: () => 0 });
  const ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's1' });
  client.send('c', 'one');
  ws.push({ type: 'error', code: 'unavailable', message: 'overloaded', clientMsgId: 'cm-1', retryAfterMs: 800 });
  client.send('d', 'elsewhere'); // another conversation waits too: the edge is shedding, not refusing one message
  await clock.advance(500);
  ws.push({ type: 'error', code: 'unavailable', message: 'overloaded', clientMsgId: 'cm-1', retryAfterMs: 100 });
  await clock.advance(299); // a shorter pause does not end the hold early
  assert.deepEqual(ws.frames('send').map((f) => f.body), ['one']);
  await clock.advance(1);
  assert.deepEqual(ws.frames('send').map((f) => f.body), ['one', 'one', 'elsewhere']);
  assert.deepEqual(ws.frames('send').map((f) => f.clientMsgId), ['cm-1', 'cm-1', 'cm-2']);
  // A reconnect ends a hold: it was the old edge's word.
  ws.push({ type: 'error', code: 'unavailable', message: 'overloaded', clientMsgId: 'cm-1', retryAfterMs: 2000 });
  ws.drop(1006);
  await clock.advance(1000);
  const again = FakeWebSocket.last();
  again.push({ type: 'ready', userId: 'me', sessionId: 's2' });
  assert.deepEqual(again.frames('send').map((f) => f.body), ['one', 'elsewhere']);
});

test('a conversation\'s messages go one at a time, so one refused and sent again keeps its place', async () => {
  const { client, clock } = await setUp({ random: () => 0 });
  const ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's1' });
  const ack = (id, seq) => ws.push({ type: 'ack', clientMsgId: id, conversationId: 'c', seq, messageId: `id${seq}`,
    sentAt: '2030-01-01T00:00:00Z' });
  client.send('c', 'first');
  client.send('c', 'second');
  client.send('d', 'elsewhere'); // another conversation does not wait
  assert.deepEqual(ws.frames('send').map((f) => f.body), ['first', 'elsewhere']);
  // Right after the conversation was created the topology may not know the membership yet.
  ws.push({ type: 'error', code: 'not_member', message: 'not a member', clientMsgId: 'cm-1' });
  await clock.advance(1000);
  assert.deepEqual(ws.frames('send').map((f) => f.body), ['first', 'elsewhere', 'first']);
  ack('cm-1', 1);
  assert.deepEqual(ws.frames('send').map((f) => f.body), ['first', 'elsewhere', 'first', 'second']);
  ack('cm-2', 2);
  // A message refused for good does not hold up the ones behind it.
  client.send('c', 'x'.repeat(5));
  client.send('c', 'third');
  ws.push({ type: 'error', code: 'too_large', message: 'body too long', clientMsgId: 'cm-4' });
  assert.deepEqual(ws.frames('send').slice(-2).map((f) => f.body), ['xxxxx', 'third']);
  // After a reconnect the oldest pending message of each conversation goes out again, the rest after it.
  ws.drop(1006);
  await clock.advance(1000);
  const again = FakeWebSocket.last();
  again.push({ type: 'ready', userId: 'me', sessionId: 's2' });
  assert.deepEqual(again.frames('send').map((f) => f.body), ['elsewhere', 'third']);
});

test('the sender\'s own message frame settles it even when the ack is lost; read receipts and unread follow', async () => {
  const { client } = await setUp();
  const ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's1' });
  await client.open('c');
  client.send('c', 'hi');
  ws.push({ type: 'message', ...msg(1, 'hi', 'me'), clientMsgId: 'cm-1' });
  assert.equal(client.pending('c').length, 0);
  const mine = client.timeline('c').messages[0];
  assert.equal(client.receipt(mine), 'sent');
  ws.push({ type: 'presence', userId: 'peer', status: 'online' });
  assert.equal(client.receipt(mine), 'delivered');
  ws.push({ type: 'read', conversationId: 'c', userId: 'peer', seq: 1 });
  assert.equal(client.receipt(mine), 'read');
  assert.deepEqual(ws.frames('read'), [{ type: 'read', conversationId: 'c', seq: 1 }]);
  ws.push({ type: 'message', ...msg(2) });
  assert.equal(client.summary('c').unread, 1);
  client.readElsewhere('c', 2); // read in another tab
  assert.equal(client.summary('c').unread, 0);
  client.readElsewhere('c', 1); // never backwards
  assert.equal(client.summary('c').readSeq, 2);
});

test('a read position is shared with the other tabs through storage', async () => {
  const { client, storage } = await setUp({ history: [msg(1), msg(2)] });
  FakeWebSocket.last().push({ type: 'ready', userId: 'me', sessionId: 's1' });
  await flush();
  client.markRead('c', 2);
  assert.deepEqual(JSON.parse(storage.getItem('parley.read.me')), { c: 2 });
});

test('typing shows for a few seconds and is sent at most every 2 s', async () => {
  const { client, clock } = await setUp();
  const ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's1' });
  client.typing('c');
  client.typing('c');
  await clock.advance(2000);
  client.typing('c');
  assert.equal(ws.frames('typing').length, 2);
  ws.push({ type: 'typing', conversationId: 'c', userId: 'peer' });
  assert.deepEqual(client.typists('c'), ['peer']);
  await clock.advance(4001);
  assert.deepEqual(client.typists('c'), []);
});

test('a message in a conversation the edge does not list yet is added from auth, with its unread count', async () => {
  const { client } = await setUp({ handlers: {
    'GET /v1/conversations/g': () => [200, { conversationId: 'g', kind: 'group', title: 'team', members: ['me', 'peer'],
      createdAt: '2030-01-01T00:00:00Z' }],
  } });
  const ws = FakeWebSocket.last();
  ws.push({ type: 'ready', userId: 'me', sessionId: 's1' });
  await flush();
  ws.push({ type: 'message', ...msg(1), conversationId: 'g' });
  ws.push({ type: 'message', ...msg(2), conversationId: 'g' });
  await flush();
  const g = client.summary('g');
  assert.deepEqual([g.title, g.lastSeq, g.unread, g.lastMessage.seq], ['team', 2, 2, 2]);
  assert.equal(client.conversations[0].conversationId, 'g');
  await client.refreshList(); // the edge still does not list it: it stays
  assert.ok(client.summary('g'));
});

test('a tab whose stored login was rotated by another tab refreshes with the stored token, never its spent one', async () => {
  const { client, fetch, storage, clock } = await setUp();
  // Another tab refreshed; its token is close to expiry too by now.
  const other = { ...JSON.parse(storage.getItem('parley.login')), accessToken: 'other-at', refreshToken: 'other-rt',
    expiresAt: clock.t + 1_000 };
  storage.setItem('parley.login', JSON.stringify(other));
  await client.auth.refresh();
  assert.deepEqual(fetch.calls.filter((c) => c.key === 'POST /v1/auth/refresh').map((c) => c.body.refreshToken), ['other-rt']);
});

test('with short-lived tokens (20 s) a fresh login rotated by another tab is adopted', async () => {
  const { client, fetch, storage, clock } = await setUp({ handlers: {
    'POST /v1/auth/login': () => [200, { accessToken: 'at', tokenType: 'Bearer', expiresIn: 20, refreshToken: 'rt', userId: 'me' }],
  } });
  await clock.advance(10_000);
  const other = { ...JSON.parse(storage.getItem('parley.login')), accessToken: 'other-at', refreshToken: 'other-rt',
    expiresAt: clock.t + 20_000 };
  storage.setItem('parley.login', JSON.stringify(other));
  assert.equal((await client.auth.refresh()).accessToken, 'other-at');
  assert.equal(fetch.calls.filter((c) => c.key === 'POST /v1/auth/refresh').length, 0);
});

test('with a shared store (IndexedDB in browsers) the refresh reads the login there, not from storage', async () => {
  const shared = new Map();
  const store = { get: async (k) => shared.get(k) ?? null, set: async (k, v) => { if (v == null) shared.delete(k); else shared.set(k, v); } };
  const { client, fetch, storage, clock } = await setUp({ handlers: {} , storage: new MemoryStorage() });
  // (setUp has no shared store: give the client's auth one through a fresh client on the same storage)
  const env = { ...client.env, shared: store };
  const tab = new ParleyClient({ authUrl: AUTH, edgeUrl: EDGE, env });
  assert.equal(tab.resume(), true);
  // Another tab rotated the login; its storage write has not reached this tab, the shared store has it.
  shared.set('parley.login', { ...JSON.parse(storage.getItem('parley.login')), refreshToken: 'rotated', accessToken: 'new',
    expiresAt: clock.t + 900_000 });
  assert.equal((await tab.auth.refresh()).accessToken, 'new');
  assert.equal(fetch.calls.filter((c) => c.key === 'POST /v1/auth/refresh').length, 0);
  tab.close();
});
