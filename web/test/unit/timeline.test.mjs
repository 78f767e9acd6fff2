import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timeline } from '../../src/protocol/timeline.js';

const m = (seq, body = `m${seq}`) => ({ conversationId: 'c', seq, messageId: `id${seq}`, senderId: 'u', clientMsgId: `k${seq}`,
  body, sentAt: '2030-01-01T00:00:00Z' });

test('messages are kept once each, in seq order, whatever order they come in', () => {
  const t = new Timeline('c');
  t.loadLatest({ messages: [m(3), m(4)], hasMore: true });
  assert.deepEqual(t.merge([m(6), m(5), m(4), m(6)]).map((x) => x.seq), [6, 5]);
  assert.deepEqual(t.messages.map((x) => x.seq), [3, 4, 5, 6]);
  assert.equal(t.contiguous, 6);
  assert.equal(t.hasOlder, true);
});

test('a skipped seq is a gap, and catch-up from the contiguous seq fills it', () => {
  const t = new Timeline('c');
  t.loadLatest({ messages: [m(1), m(2)], hasMore: false });
  t.merge([m(4)]);
  assert.equal(t.hasGap, true);
  assert.equal(t.contiguous, 2);
  t.merge([m(3), m(4)]);
  assert.equal(t.hasGap, false);
  assert.equal(t.contiguous, 4);
});

test('live messages before the first page are kept and counted once the page comes', () => {
  const t = new Timeline('c');
  t.merge([m(11)]);
  t.loadLatest({ messages: [m(9), m(10)], hasMore: true });
  assert.deepEqual(t.messages.map((x) => x.seq), [9, 10, 11]);
  assert.equal(t.contiguous, 11);
});

test('older pages go in front; another conversation or a bad seq is ignored', () => {
  const t = new Timeline('c');
  t.loadLatest({ messages: [m(51)], hasMore: true });
  assert.equal(t.firstSeq, 51);
  t.loadOlder({ messages: [m(49), m(50)], hasMore: false });
  t.merge([{ ...m(52), conversationId: 'other' }, { ...m(0) }, { ...m(1.5) }]);
  assert.deepEqual(t.messages.map((x) => x.seq), [49, 50, 51]);
  assert.equal(t.hasOlder, false);
});
