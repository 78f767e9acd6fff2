// One person in two tabs (one browser context: shared localStorage) for longer than two token
// lifetimes (20 s on the Java test's stack): the tabs refresh the one login without ever
// presenting a rotated-out refresh token (which would revoke it), both show every message, and a
// read in one tab clears the unread badge in the other.
import { run, person, registerDirect, logInInPage, name, say, shown, waitFor, check, clean, WAIT, edgeUrl }
  from './lib.mjs';

await run('two tabs', async (browser) => {
  const [aliceName, bobName] = [name('alice'), name('bob')];
  const aliceId = await registerDirect(aliceName);
  await registerDirect(bobName);
  const alice = await person(browser);
  const bob = await person(browser);
  await logInInPage(alice.page, aliceName);
  await logInInPage(bob.page, bobName);
  const tab2 = await alice.context.newPage();
  tab2.on('pageerror', (e) => alice.problems.push(`tab2 pageerror: ${e.message}`));
  await tab2.goto(edgeUrl);
  await tab2.getByTestId('me-id').waitFor({ timeout: WAIT }); // the stored login, no form

  await bob.page.locator('details.start summary').click();
  await bob.page.getByTestId('direct-peer').fill(aliceId);
  await bob.page.getByTestId('direct-start').click();
  await bob.page.getByTestId('composer').waitFor({ timeout: WAIT });

  const expected = [];
  for (let i = 1; i <= 5; i++) {
    await say(bob.page, `b${i}`);
    expected.push(`b${i}`);
    await bob.page.waitForTimeout(9_000);
  }
  // Both tabs list the conversation with 5 unread; tab 1 opens it, tab 2's badge goes away.
  for (const p of [alice.page, tab2]) {
    await waitFor(p, () => document.querySelector('[data-testid=unread]')?.textContent === '5');
  }
  await alice.page.getByTestId('conversation').first().click();
  await waitFor(alice.page, () => document.querySelectorAll('[data-testid=message]').length === 5);
  await waitFor(tab2, () => !document.querySelector('[data-testid=unread]'));
  // Tab 2 sends; tab 1 shows it once.
  await tab2.getByTestId('conversation').first().click();
  await say(tab2, 'from tab 2');
  expected.push('from tab 2');
  for (const p of [alice.page, tab2, bob.page]) {
    await waitFor(p, (n) => document.querySelectorAll('[data-testid=message]').length === n
      && !document.querySelector('.message.pending'), expected.length);
    const bodies = (await shown(p)).map((m) => m.body);
    check(bodies.join() === expected.join(), `every message once, in order: ${bodies}`);
  }
  for (const p of [alice.page, tab2]) {
    check(await p.getByTestId('me-id').isVisible(), 'both tabs still logged in after several refreshes');
  }
  clean(alice, bob);
});
