// A reload in the middle of a conversation, with messages still unacknowledged, shows every
// message once and in order: the outbox survives the reload in localStorage and is sent again
// with the same clientMsgIds; history and catch-up merge by seq.
import { run, openFirstConversation, twoPeople, startDirect, say, shown, waitFor, check, clean }
  from './lib.mjs';

await run('reload mid-conversation', async (browser) => {
  const { alice, bob, bobId } = await twoPeople(browser);

  await startDirect(alice.page, bobId);
  for (const m of ['m1', 'm2', 'm3']) await say(alice.page, m);
  await openFirstConversation(bob.page);
  await say(bob.page, 'r1');
  await waitFor(alice.page, () => document.querySelectorAll('[data-testid=message]:not(.pending)').length === 4);

  // Two more, and the page reloads at once: they may or may not have left.
  await say(alice.page, 'm4');
  await say(alice.page, 'm5');
  const reloading = alice.page.reload();
  await say(bob.page, 'r2'); // arrives while Alice's page is away: catch-up must bring it
  await reloading;

  await alice.page.getByTestId('conversation').first().click();
  const settled = (page) => waitFor(page, () => document.querySelectorAll('[data-testid=message]').length === 7
    && !document.querySelector('.message.pending'));
  await settled(alice.page);
  await settled(bob.page);
  const a = await shown(alice.page);
  const b = await shown(bob.page);
  check(JSON.stringify(a.map((m) => [m.seq, m.body])) === JSON.stringify(b.map((m) => [m.seq, m.body])),
    `both sides agree on seq -> body: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  check(a.map((m) => m.seq).join() === '1,2,3,4,5,6,7', `seqs 1..7 in order: ${a.map((m) => m.seq)}`);
  const bodies = a.map((m) => m.body);
  check([...bodies].sort().join() === 'm1,m2,m3,m4,m5,r1,r2', `every message once: ${bodies}`);
  check(bodies.indexOf('m4') < bodies.indexOf('m5'), `m4 before m5: ${bodies}`);
  const left = await alice.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parley.outbox.')));
  check(left.length === 0, `the outbox is empty once everything is acknowledged: ${left}`);
  // Nothing doubles later either (a late duplicate delivery would show up here).
  await alice.page.waitForTimeout(1500);
  check((await shown(alice.page)).length === 7, 'still 7 messages');
  clean(alice, bob);
});
