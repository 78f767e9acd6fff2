// Shared by the browser tests: launch Debian's chromium through playwright-core (no browser
// download), open the page the edge serves, register users, and fail loudly.
import { chromium } from 'playwright-core';
import { randomBytes } from 'node:crypto';

export const [edgeUrl, authUrl] = process.argv.slice(2);
if (!edgeUrl || !authUrl) {
  console.error('usage: node <test>.mjs <edge url> <auth url>');
  process.exit(2);
}
export const WAIT = 20_000;
const executablePath = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/** Runs the test body with a headless browser; prints PASS/FAIL and exits with 0/1. */
export async function run(name, body) {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-default-apps', '--no-sandbox', '--disable-dev-shm-usage'],
  });
  const started = Date.now();
  try {
    await body(browser);
    console.log(`PASS ${name} (${Date.now() - started} ms)`);
    await browser.close();
    process.exit(0);
  } catch (e) {
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
    await browser.close().catch(() => {});
    process.exit(1);
  }
}

/**
 * A browser context (its own storage: one person's device) with the page open. Console errors,
 * page errors and dialogs (an `alert` from injected script) are collected for the test to check.
 */
export async function person(browser) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('console', (m) => {
    // A failed HTTP answer is logged without its URL: the response listener below names it.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`http ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  await page.goto(edgeUrl);
  return { context, page, problems };
}

export function name(prefix) {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export const PASSWORD = 'correct horse battery';

/** Registers through the page's own form and waits for the chat. @returns {Promise<string>} the user id */
export async function registerInPage(page, username) {
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(PASSWORD);
  await page.getByTestId('register').click();
  await page.getByTestId('me-id').waitFor({ timeout: WAIT });
  await waitFor(page, () => document.querySelector('[data-testid=conn-state]')?.dataset.state === 'online');
  return (await page.getByTestId('me-id').textContent()).trim();
}

/** Logs in through the page's form. */
export async function logInInPage(page, username) {
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(PASSWORD);
  await page.getByTestId('login').click();
  await page.getByTestId('me-id').waitFor({ timeout: WAIT });
}

/** Registers from node, from an address of its own (auth limits registrations per address). */
export async function registerDirect(username) {
  const forwardedFor = `10.${rnd()}.${rnd()}.${rnd()}`;
  const res = await fetch(`${authUrl}/v1/auth/register`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
  return (await res.json()).userId;
}

function rnd() {
  return 1 + Math.floor(Math.random() * 250);
}

/** Waits until `fn` (run in the page) is truthy. */
export async function waitFor(page, fn, arg, timeout = WAIT) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 50 });
  } catch (e) {
    // What the page showed when the wait ran out: most failures explain themselves with it.
    const state = await page.evaluate(() => ({
      url: location.href,
      connection: document.querySelector('[data-testid=conn-state]')?.dataset.state ?? 'no chat (login form?)',
      problem: document.querySelector('[data-testid=problem]')?.textContent,
      list: document.querySelector('[data-testid=conversations]')?.innerText,
      messages: [...document.querySelectorAll('[data-testid=message]')].map((m) => `${m.dataset.seq}:${m.innerText}`),
    })).catch((x) => ({ unavailable: String(x) }));
    throw new Error(`${e.message}\n  waiting for: ${fn}\n  page: ${JSON.stringify(state)}`);
  }
}

/** The messages shown in the open conversation: seq ('' while pending), body text, receipt. */
export function shown(page) {
  return page.$$eval('[data-testid=message]', (items) => items.map((li) => ({
    seq: li.dataset.seq, body: li.querySelector('[data-testid=message-body]').textContent,
    receipt: li.querySelector('[data-testid=receipt]')?.dataset.receipt ?? null,
    sender: li.dataset.sender,
  })));
}

/** Types and sends a message with the composer. */
export async function say(page, text) {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('composer').press('Enter');
}

/** Starts a direct conversation from the sidebar's form. */
export async function startDirect(page, peerId) {
  await page.locator('details.start summary').click();
  await page.getByTestId('direct-peer').fill(peerId);
  await page.getByTestId('direct-start').click();
  await page.getByTestId('composer').waitFor({ timeout: WAIT });
}

/**
 * Alice and Bob, registered (as the test harness, not through the page) and logged in, each in
 * a browser context of their own; `bobId` is what Alice types to start a conversation with him.
 */
export async function twoPeople(browser) {
  const [aliceName, bobName] = [name('alice'), name('bob')];
  await registerDirect(aliceName);
  const bobId = await registerDirect(bobName);
  const alice = await person(browser);
  const bob = await person(browser);
  await logInInPage(alice.page, aliceName);
  await logInInPage(bob.page, bobName);
  return { alice, bob, bobId };
}

/** Opens the first (newest) conversation of the list once it shows up. */
export async function openFirstConversation(page) {
  const row = page.getByTestId('conversation').first();
  await row.waitFor({ timeout: WAIT });
  await row.click();
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * The page raised no error, showed no dialog, logged no console error and got no HTTP error,
 * except those matching `allow` (each test says which transient answers the client must ride out).
 */
export function clean(...people) {
  const allow = people[people.length - 1] instanceof RegExp ? people.pop() : null;
  for (const p of people) {
    const left = p.problems.filter((x) => !(allow && allow.test(x)));
    check(left.length === 0, `page problems: ${left.join(' | ')}`);
  }
}
