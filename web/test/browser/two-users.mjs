// Two people in two browser contexts chat: the message appears on the other side in order,
// with the unread badge, typing indicator, presence dot and receipts (sent, then read).
import { run, person, registerInPage, name, startDirect, say, shown, waitFor, check, clean, WAIT } from './lib.mjs';
import { mkdirSync } from 'node:fs';

const shots = process.env.PARLEY_WEB_SCREENSHOTS;

await run('two users chat', async (browser) => {
  const alice = await person(browser);
  const bob = await person(browser);
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await alice.page.screenshot({ path: `${shots}/web-client-login.png` });
  }
  await registerInPage(alice.page, name('alice'));
  const bobId = await registerInPage(bob.page, name('bob'));

  await startDirect(alice.page, bobId);
  await say(alice.page, 'hello **bob**, see https://example.com');
  await waitFor(alice.page, () => document.querySelector('[data-testid=message][data-seq="1"] [data-receipt]'));

  // Bob: the conversation comes into his list with an unread badge and the last message.
  const row = bob.page.getByTestId('conversation').first();
  await row.getByTestId('unread').waitFor({ timeout: WAIT });
  check((await row.getByTestId('unread').textContent()) === '1', 'bob sees 1 unread');
  check((await row.textContent()).includes('hello **bob**'), 'bob sees the last message in the list');

  // Bob opens it: the message is there, Markdown rendered, and the badge is gone.
  await row.click();
  await waitFor(bob.page, () => document.querySelectorAll('[data-testid=message][data-seq="1"]').length === 1);
  check(await bob.page.locator('[data-testid=message-body] strong').textContent() === 'bob', 'bold rendered');
  check(await bob.page.locator('[data-testid=message-body] a').getAttribute('rel') === 'noopener noreferrer', 'link rel');
  await waitFor(bob.page, () => !document.querySelector('[data-testid=unread]'));

  // Alice: Bob read it (read receipt), and his presence dot turns online (he took part by reading).
  await waitFor(alice.page, () => document.querySelector('[data-testid=message][data-seq="1"] [data-receipt]')
    ?.dataset.receipt === 'read');
  await waitFor(alice.page, () => document.querySelector('.conv-header [data-testid=presence]')?.dataset.status === 'online');

  // Bob types: Alice sees it.
  await bob.page.getByTestId('composer').pressSequentially('typing…', { delay: 20 });
  await waitFor(alice.page, () => /is typing/.test(document.querySelector('[data-testid=typing]').textContent));
  await bob.page.getByTestId('composer').fill('');

  // A burst both ways: everyone sees every message once, in seq order.
  for (let i = 1; i <= 3; i++) {
    await say(alice.page, `a${i}`);
    await say(bob.page, `b${i}`);
  }
  const bodiesInOrder = async (page) => {
    await waitFor(page, () => document.querySelectorAll('[data-testid=message][data-seq]:not([data-seq=""])').length === 7
      && !document.querySelector('.message.pending'));
    return shown(page);
  };
  const a = await bodiesInOrder(alice.page);
  const b = await bodiesInOrder(bob.page);
  check(JSON.stringify(a.map((m) => [m.seq, m.body])) === JSON.stringify(b.map((m) => [m.seq, m.body])),
    `both sides show the same seq -> body: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  check(a.map((m) => Number(m.seq)).join() === '1,2,3,4,5,6,7', `seqs in order: ${a.map((m) => m.seq)}`);
  for (const i of [1, 2, 3]) {
    check(a.filter((m) => m.body === `a${i}`).length === 1 && a.filter((m) => m.body === `b${i}`).length === 1,
      `each message once: ${JSON.stringify(a)}`);
  }
  // Alice's own messages all get a receipt; the ones Bob has on screen become read.
  await waitFor(alice.page, () => [...document.querySelectorAll('.message.mine [data-receipt]')]
    .every((r) => r.dataset.receipt === 'read'));
  if (shots) {
    await alice.page.screenshot({ path: `${shots}/web-client.png` });
    await bob.page.screenshot({ path: `${shots}/web-client-bob.png` });
  }
  // Logging out ends the login (its refresh token no longer works) and shows the form again.
  await bob.page.getByTestId('logout').click();
  await bob.page.getByTestId('username').waitFor({ timeout: WAIT });
  check(await bob.page.evaluate(() => localStorage.getItem('parley.login')) === null, 'the login is forgotten');
  clean(alice, bob);
});
