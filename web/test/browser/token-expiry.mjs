// Access tokens that live 20 s (the Java test's stack): the page refreshes them before they
// expire, the edge closes the socket with 4001 once the token it was opened with expires, and
// the client refreshes and reconnects: the chat goes on, nothing lost or doubled, still logged in.
import { run, twoPeople, startDirect, say, shown, waitFor, check, clean, WAIT }
  from './lib.mjs';

await run('token expiry', async (browser) => {
  const { alice, bob, bobId } = await twoPeople(browser);
  const token = () => alice.page.evaluate(() => JSON.parse(localStorage.getItem('parley.login')).accessToken);
  const first = await token();
  const sockets = await alice.page.evaluate(() => {
    window.__reconnects = 0;
    window.parleyClient.socket.on('ready', () => window.__reconnects++);
    return true;
  });
  check(sockets, 'hooked');
  await startDirect(alice.page, bobId);
  const row = bob.page.getByTestId('conversation').first();
  await say(alice.page, 't0');
  await row.waitFor({ timeout: WAIT });
  await row.click();

  const expected = ['t0'];
  for (let i = 1; i <= 6; i++) {
    await alice.page.waitForTimeout(10_000);
    await say(alice.page, `a${i}`);
    await say(bob.page, `b${i}`);
    expected.push(`a${i}`, `b${i}`);
  }
  const settled = (page) => waitFor(page, (n) => document.querySelectorAll('[data-testid=message]').length === n
    && !document.querySelector('.message.pending'), expected.length, 30_000);
  await settled(alice.page);
  await settled(bob.page);
  const a = await shown(alice.page);
  const b = await shown(bob.page);
  check(JSON.stringify(a.map((m) => [m.seq, m.body])) === JSON.stringify(b.map((m) => [m.seq, m.body])),
    `both sides agree: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  check(a.map((m) => m.seq).join() === expected.map((_, i) => i + 1).join(), `seqs in order: ${a.map((m) => m.seq)}`);
  check([...a.map((m) => m.body)].sort().join() === [...expected].sort().join(), `each once: ${a.map((m) => m.body)}`);
  check(await token() !== first, 'the access token was refreshed');
  const reconnects = await alice.page.evaluate(() => window.__reconnects);
  check(reconnects >= 1, `the socket was closed (4001) and came back: ${reconnects} reconnects`);
  check(await alice.page.getByTestId('me-id').isVisible(), 'still logged in');
  clean(alice, bob);
});
