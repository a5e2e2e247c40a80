// Shared set-up for the browser tests: a Regie demo server of our own on a free port with a fresh SQLite
// database, Debian's headless Chromium through playwright-core, and axe-core run on every page visited.
import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'target', 'e2e');
const axeSource = readFileSync(join(root, 'e2e/node_modules/axe-core/axe.min.js'), 'utf8');

export const PASSWORD = 'regie-demo-2026';

/** The Dutch date `days` from today (YYYY-MM-DD): Regie's today is Amsterdam's, which after 23:00 UTC in
 * winter is a day ahead of UTC's. */
export const dutchDay = (days = 0) =>
  new Date(Date.now() + days * 864e5).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

/** Starts `regie demo` (with `args` added) on a free port with a fresh database; resolves once it serves. */
export async function startRegie(args = []) {
  const dir = mkdtempSync(join(tmpdir(), 'regie-e2e-'));
  const bin = process.env.REGIE_BIN ?? join(root, 'target/debug/regie');
  const child = spawn(bin, ['demo', '--listen', '127.0.0.1:0', '--database', join(dir, 'demo.db'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const url = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`regie did not start in 120 s: ${err}`)), 120_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/runs at (http:\/\/[\d.:]+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`regie exited with ${code}: ${err}`)); });
  });
  return {
    url,
    database: join(dir, 'demo.db'),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => child.once('exit', ok));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless. */
export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true });
}

/** A fresh browser context (no cookies) at a phone-sized or desktop width. */
export async function newPage(browser, width = 1280) {
  // bypassCSP lets axe-core be injected; Regie's own pages run no inline script.
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'nl-NL', bypassCSP: true });
  return context.newPage();
}

/**
 * Checks the page as it is now: axe-core's WCAG 2.1 A and AA rules with zero violations, no horizontal
 * scrolling at the viewport's width, and a full-page screenshot saved as target/e2e/NAME.png.
 */
export async function check(page, name) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(violations, [], `axe-core found violations on ${name}`);
  // Each id once: a label's \`for\`, an error's \`aria-describedby\` and the error summary's links name one field
  // (axe 4.x no longer checks this: HTML's parsing rules were dropped from WCAG 2.2).
  const twice = await page.evaluate(() => {
    const seen = new Map();
    for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  assert.deepEqual(twice, [], `${name} has an id more than once`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow} px`);
  // Every page is also seen on a phone: a screenshot at 375 px, and no sideways scrolling there either.
  const size = page.viewportSize();
  if (size.width > 375) {
    await page.setViewportSize({ width: 375, height: size.height });
    await page.screenshot({ path: join(shots, `${name}-375px.png`), fullPage: true });
    const narrow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.setViewportSize(size);
    assert.ok(narrow <= 0, `${name} scrolls sideways by ${narrow} px at 375 px`);
  }
}

/** Asserts that what `locator` shows lies inside the viewport's width: nothing important off-screen. */
export async function assertInView(page, locator, what) {
  const box = await locator.boundingBox();
  const width = page.viewportSize().width;
  assert.ok(box, `${what} is not shown`);
  assert.ok(box.x >= 0 && box.x + box.width <= width, `${what} lies outside the ${width} px screen: ${JSON.stringify(box)}`);
}

/** Finds a household by name through the search form (posted, so no name lands in an address) and opens it. */
export async function openHousehold(page, url, name) {
  await page.goto(`${url}/huishoudens`);
  await page.getByLabel('Naam, geboortedatum of BSN').fill(name);
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await page.getByRole('link', { name: `Huishouden ${name}` }).click();
  await page.getByRole('heading', { name: `Huishouden ${name}`, level: 1 }).waitFor();
}

/** Signs in through the form and lands on the start page. */
export async function signIn(page, url, username, password = PASSWORD) {
  await page.goto(`${url}/inloggen`);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForLoadState('load');
}

/**
 * For a test file: starts Regie (`regie demo` with `args` added) and Chromium before its tests and stops both
 * after. The returned object's `url`, `database` and `browser` are set once the tests run.
 */
export function useRegie(args = []) {
  const it = {};
  let regie;
  before(async () => {
    regie = await startRegie(args);
    it.url = regie.url;
    it.database = regie.database;
    it.browser = await launch();
  });
  after(async () => {
    await it.browser?.close();
    await regie?.stop();
  });
  return it;
}

/** The code an authenticator app shows for a base32 secret, `steps` 30-second steps from now (RFC 6238). */
export function totp(secret, steps = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret.replace(/\s/g, '')].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + steps));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at = mac[19] & 15;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

