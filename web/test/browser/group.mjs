// A group from the page: created with one member, a second added and the first removed through
// the members panel; the added member receives from then on, the removed one no longer does.
import { run, person, registerDirect, logInInPage, name, say, shown, waitFor, check, clean, WAIT } from './lib.mjs';

/** Membership changes reach the message path within 2 s (contract). */
const PROPAGATION_MS = 2500;

await run('group membership', async (browser) => {
  const names = [name('alice'), name('bob'), name('carol')];
  const [, bobId, carolId] = await Promise.all(names.map(registerDirect));
  const [alice, bob, carol] = await Promise.all(names.map(() => person(browser)));
  await Promise.all([alice, bob, carol].map((p, i) => logInInPage(p.page, names[i])));

  await alice.page.locator('details.start summary').click();
  await alice.page.getByTestId('group-title').fill('team');
  await alice.page.getByTestId('group-members').fill(bobId);
  await alice.page.getByTestId('group-start').click();
  await alice.page.getByTestId('composer').waitFor({ timeout: WAIT });
  check(await alice.page.getByTestId('conv-title').textContent() === 'team', 'group title shown');
  await say(alice.page, 'hi team');

  const open = async (p) => {
    const row = p.page.getByTestId('conversation').filter({ hasText: 'team' });
    await row.waitFor({ timeout: WAIT });
    await row.click();
  };
  await open(bob);
  await waitFor(bob.page, () => [...document.querySelectorAll('[data-testid=message-body]')].some((b) => b.textContent === 'hi team'));

  // Add Carol through the members panel.
  await alice.page.getByTestId('members-toggle').click();
  await alice.page.getByTestId('member-add-id').fill(carolId);
  await alice.page.getByTestId('member-add').click();
  await waitFor(alice.page, (id) => !!document.querySelector(`[data-testid=members] [data-user-id="${id}"]`), carolId);
  await alice.page.waitForTimeout(PROPAGATION_MS);
  await say(alice.page, 'welcome carol');
  await open(carol);
  await waitFor(carol.page, () => [...document.querySelectorAll('[data-testid=message-body]')].some((b) => b.textContent === 'welcome carol'));

  // Remove Bob: from then on he gets nothing new.
  await alice.page.locator(`[data-testid=members] [data-user-id="${bobId}"] [data-testid=member-remove]`).click();
  await waitFor(alice.page, (id) => !document.querySelector(`[data-testid=members] [data-user-id="${id}"]`), bobId);
  await alice.page.waitForTimeout(PROPAGATION_MS);
  await say(alice.page, 'bye bob');
  await waitFor(carol.page, () => [...document.querySelectorAll('[data-testid=message-body]')].some((b) => b.textContent === 'bye bob'));
  await bob.page.waitForTimeout(1500);
  const bobSees = (await shown(bob.page)).map((m) => m.body);
  check(!bobSees.includes('bye bob'), `a removed member gets no new message: ${bobSees}`);
  const carolSees = (await shown(carol.page)).map((m) => m.body);
  check(carolSees.join() === 'hi team,welcome carol,bye bob' || carolSees.join() === 'welcome carol,bye bob',
    `carol sees the group's messages in order: ${carolSees}`);
  // An added member may ask for history before the edge's projection knows her (membership
  // reaches it within 2 s): 404, retried by the client.
  clean(alice, bob, carol, /^http 404 GET \/v1\/conversations\/[^/]+\/messages$/);
});
