// The second factor where professionals must use one (regie demo --second-factor required): setting it up at
// the first sign-in from the secret on the page, the recovery codes shown once, a replayed code refused, the
// next code and a recovery code accepted; every page axe-clean and whole at 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, newPage, signIn, totp, useRegie } from './regie.js';

const regie = useRegie(['--second-factor', 'required']);

async function typeCode(page, code, button) {
  await page.getByLabel('Code uit uw app').fill(code);
  await page.getByRole('button', { name: button }).click();
  await page.waitForLoadState('load');
}

test('a professional sets up a second factor at the first sign-in, then signs in with its codes', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-local-team');
  await page.getByRole('heading', { name: 'Tweede factor instellen', level: 1 }).waitFor();
  await page.getByRole('img', { name: 'QR-code voor uw authenticator-app' }).waitFor();
  await check(page, 'tweede-factor-instellen');
  const secret = await page.locator('.regie-secret').innerText();
  assert.match(secret, /^[A-Z2-7]{4}( [A-Z2-7]{4})+$/, 'the secret in groups of four');

  await typeCode(page, '000000', 'Tweede factor instellen');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Deze code klopt niet/);
  await check(page, 'tweede-factor-instellen-fout');
  assert.equal(await page.locator('.regie-secret').innerText(), secret, 'the same secret after a wrong code');

  const first = totp(secret);
  await typeCode(page, first, 'Tweede factor instellen');
  await page.getByRole('heading', { name: 'Uw herstelcodes' }).waitFor();
  const codes = await page.locator('.regie-codes code').allInnerTexts();
  assert.equal(codes.length, 10);
  await check(page, 'herstelcodes');
  await page.getByRole('link', { name: 'Ik heb de codes bewaard: verder' }).click();
  await page.getByRole('heading', { name: 'Mijn werklijst', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Uitloggen' }).click();

  // The next sign-in asks for the app's code: the one already used is refused, the next one is accepted.
  await signIn(page, regie.url, 'demo-local-team');
  await page.getByRole('heading', { name: 'Inloggen: tweede stap' }).waitFor();
  await check(page, 'inloggen-tweede-stap');
  await typeCode(page, first, 'Inloggen');
  assert.match(await page.getByRole('alert').innerText(), /Deze code is al gebruikt/);
  await typeCode(page, totp(secret, 1), 'Inloggen');
  await page.getByRole('heading', { name: 'Mijn werklijst', level: 1 }).waitFor();

  // The own second factor page: on, ten recovery codes, no switch-off where it is required.
  await page.getByRole('link', { name: 'Tweede factor' }).click();
  await page.getByRole('heading', { name: 'Tweede factor', level: 1 }).waitFor();
  assert.match(await page.locator('main').innerText(), /nog 10 ongebruikte herstelcodes/);
  assert.equal(await page.getByRole('button', { name: 'Tweede factor uitzetten' }).count(), 0);
  await check(page, 'tweede-factor');

  // With the phone lost: a recovery code, once.
  const other = await newPage(regie.browser);
  await signIn(other, regie.url, 'demo-local-team');
  await typeCode(other, codes[0], 'Inloggen');
  await other.getByRole('heading', { name: 'Mijn werklijst', level: 1 }).waitFor();
});
