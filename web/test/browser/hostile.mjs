// Hostile Markdown/HTML bodies render as text: no element is created from message text, no
// script runs, no javascript: link exists, on the receiver's side and on the sender's.
import { run, openFirstConversation, twoPeople, startDirect, say, waitFor, check, clean }
  from './lib.mjs';

const BODIES = [
  ['<img src=x onerror="window.__pwned=1;alert(1)">', '<img src=x onerror="window.__pwned=1;alert(1)">'],
  ['<script>window.__pwned=2</script>', '<script>window.__pwned=2</script>'],
  ['[click me](javascript:window.__pwned=3)', '[click me](javascript:window.__pwned=3)'],
  ['**<b>bold html</b>** and [ok](https://example.com/?q=<x>)', '<b>bold html</b> and ok'],
  ['<a href="javascript:alert(4)">a</a> `<svg onload=alert(5)>`', '<a href="javascript:alert(4)">a</a> <svg onload=alert(5)>'],
  ['<iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>', '<iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>'],
];

await run('hostile bodies stay inert', async (browser) => {
  const { alice, bob, bobId } = await twoPeople(browser);
  await startDirect(alice.page, bobId);
  for (const [body] of BODIES) await say(alice.page, body);
  await openFirstConversation(bob.page);

  for (const page of [bob.page, alice.page]) {
    await waitFor(page, (n) => document.querySelectorAll('[data-testid=message]:not(.pending)').length === n, BODIES.length);
    await page.waitForTimeout(500); // give any injected handler the chance to fire
    const texts = await page.$$eval('[data-testid=message-body]', (els) => els.map((e) => e.textContent));
    check(JSON.stringify(texts) === JSON.stringify(BODIES.map(([, text]) => text)), `shown as text: ${JSON.stringify(texts)}`);
    const made = await page.$$eval('.messages', (els) => els.flatMap((e) => [...e.querySelectorAll('img,script,svg,iframe,b')])
      .map((e) => e.tagName));
    check(made.length === 0, `no element made from a body: ${made}`);
    const hrefs = await page.$$eval('.messages a', (as) => as.map((a) => [a.getAttribute('href'), a.rel]));
    check(hrefs.length === 1 && hrefs[0][0] === 'https://example.com/?q=%3Cx%3E' && hrefs[0][1] === 'noopener noreferrer',
      `only the https link is a link: ${JSON.stringify(hrefs)}`);
    check(await page.evaluate(() => window.__pwned === undefined), 'no injected script ran');
  }
  clean(alice, bob);
});
