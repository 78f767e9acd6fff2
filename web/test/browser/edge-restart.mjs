// The edge is killed (SIGKILL) and started again while both people keep typing: the messages
// typed meanwhile show as pending, go out once the edge is back (same clientMsgId), and both
// sides end with every message once, in seq order. The stack is the Java test's: this script
// prints `KILL_EDGE` / `START_EDGE` and waits for `EDGE_DOWN` / `EDGE_UP` on its standard input.
import { createInterface } from 'node:readline';
import { run, openFirstConversation, twoPeople, startDirect, say, shown, waitFor, check, clean }
  from './lib.mjs';

const lines = createInterface({ input: process.stdin });
const waiting = [];
lines.on('line', (line) => waiting.shift()?.(line.trim()));
function ask(request, answer) {
  return new Promise((resolve, reject) => {
    waiting.push((line) => (line === answer ? resolve() : reject(new Error(`expected ${answer}, got ${line}`))));
    console.log(request);
  });
}

await run('edge restart', async (browser) => {
  const { alice, bob, bobId } = await twoPeople(browser);
  await startDirect(alice.page, bobId);
  await say(alice.page, 'before 1');
  await openFirstConversation(bob.page);
  await say(bob.page, 'before 2');
  await waitFor(alice.page, () => document.querySelectorAll('[data-testid=message]:not(.pending)').length === 2);

  await ask('KILL_EDGE', 'EDGE_DOWN');
  for (const p of [alice.page, bob.page]) {
    await waitFor(p, () => document.querySelector('[data-testid=conn-state]').dataset.state !== 'online');
  }
  for (const m of ['during a1', 'during a2', 'during a3']) await say(alice.page, m);
  await say(bob.page, 'during b1');
  const pendingShown = await alice.page.$$eval('.message.pending [data-receipt]', (r) => r.map((x) => x.dataset.receipt));
  check(pendingShown.join() === 'pending,pending,pending', `typed while the edge is down: pending: ${pendingShown}`);

  await ask('START_EDGE', 'EDGE_UP');
  const settled = (page) => waitFor(page, () => document.querySelectorAll('[data-testid=message]').length === 6
    && !document.querySelector('.message.pending'), undefined, 60_000);
  await settled(alice.page);
  await settled(bob.page);
  const a = await shown(alice.page);
  const b = await shown(bob.page);
  check(JSON.stringify(a.map((m) => [m.seq, m.body])) === JSON.stringify(b.map((m) => [m.seq, m.body])),
    `both sides agree: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  check(a.map((m) => m.seq).join() === '1,2,3,4,5,6', `seqs 1..6: ${a.map((m) => m.seq)}`);
  const bodies = a.map((m) => m.body);
  check([...bodies].sort().join() === 'before 1,before 2,during a1,during a2,during a3,during b1', `each once: ${bodies}`);
  check(bodies.indexOf('during a1') < bodies.indexOf('during a2') && bodies.indexOf('during a2') < bodies.indexOf('during a3'),
    `alice's pending messages keep their order: ${bodies}`);
  await alice.page.waitForTimeout(1500);
  check((await shown(alice.page)).length === 6 && (await shown(bob.page)).length === 6, 'nothing doubles later');
  // The browser logs the failed reconnects while the edge is down; anything else is a problem.
  for (const p of [alice, bob]) {
    p.problems = p.problems.filter((x) => !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(x));
  }
  clean(alice, bob);
  lines.close();
});
