// Signing in and out, by keyboard, with visible focus; wrong passwords; every page usable at 375 px; the
// accessibility statement; the shared language (Begrippen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertInView, check, newPage, openHousehold, PASSWORD, signIn, totp, useRegie } from './regie.js';

const regie = useRegie();

test('sign in by keyboard alone, with a visible focus, and sign out', async () => {
  const page = await newPage(regie.browser);
  await page.goto(regie.url);
  await page.getByRole('heading', { name: 'Inloggen bij Regie' }).waitFor();
  await check(page, 'inloggen');
  // The first Tab reaches the skip link, which becomes visible, with a focus outline.
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { text: el.textContent, outline: style.outlineStyle, width: el.getBoundingClientRect().width };
  });
  assert.equal(skip.text, 'Naar de inhoud');
  assert.notEqual(skip.outline, 'none');
  assert.ok(skip.width > 0, 'the skip link is visible when focused');
  // Tab on to the username field, type, Tab to the password, Enter submits.
  for (let i = 0; i < 10; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement.id === 'username')) break;
  }
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused field shows its focus');
  await page.keyboard.type('demo-local-team');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();

  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByRole('heading', { name: 'Inloggen bij Regie' }).waitFor();
  const response = await page.goto(`${regie.url}/werklijst`);
  assert.match(response.url(), /\/inloggen$/, 'signed out: the worklist sends you to sign in');
});

test('a wrong password is refused with a clear message; the username stays, the password does not', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-gi', 'not-the-password');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Deze combinatie van gebruikersnaam en wachtwoord kennen we niet/);
  assert.equal(await page.getByLabel('Gebruikersnaam').inputValue(), 'demo-gi');
  assert.equal(await page.getByLabel('Wachtwoord').inputValue(), '');
  await check(page, 'inloggen-fout');
  // The right password still works (the first failures cost no delay).
  await signIn(page, regie.url, 'demo-gi');
  await page.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();
});

test('the pages of professionals work at 375 px wide, and the accessibility statement is there', async () => {
  const page = await newPage(regie.browser, 375);
  await signIn(page, regie.url, 'demo-vt');
  await page.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();
  await check(page, 'werklijst-375px');
  // The first case's attention, phase and frame are on the screen, not in a column off to the side.
  const first = page.locator('.regie-block').first();
  for (const key of ['Vraagt aandacht', 'Fase', 'Kader']) {
    await assertInView(page, first.locator('.utrecht-data-list__item', { hasText: key }).locator('dd'), `werklijst: ${key}`);
  }
  await page.goto(`${regie.url}/triage`);
  await check(page, 'triage-375px');
  const signal = page.locator('.regie-block').first();
  for (const key of ['Beoordelen uiterlijk', 'Ontvangen', 'Bron']) {
    await assertInView(page, signal.locator('.utrecht-data-list__item', { hasText: key }).locator('dd'), `triage: ${key}`);
  }
  // The household's own local team works in its file (Veilig Thuis has no part in it).
  const local = await newPage(regie.browser, 375);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Verhoef');
  await local.getByRole('heading', { name: 'Leden' }).waitFor();
  await check(local, 'huishouden-375px');
  await assertInView(local, local.getByRole('list', { name: 'Leden' }).locator('li').first(), 'het eerste lid');
  await assertInView(local, local.locator('.regie-summary .utrecht-data-list__item', { hasText: 'Vraagt aandacht' }).locator('dd'), 'wat aandacht vraagt');
  await local.getByRole('link', { name: 'Veiligheidsplan', exact: true }).click();
  await local.getByRole('heading', { name: 'Huidig plan: versie 1' }).waitFor();
  await check(local, 'plan-375px');
  await local.getByRole('link', { name: 'Wachtwoord wijzigen' }).click();
  await local.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await local.locator('#current-error').waitFor();
  await check(local, 'wachtwoord-fout-375px');
  await local.getByRole('link', { name: 'Toegankelijkheid' }).click();
  await local.getByRole('heading', { name: 'Toegankelijkheid', level: 1 }).waitFor();
  assert.match(await local.locator('main').innerText(), /WCAG 2\.1/);
  await check(local, 'toegankelijkheid');
});

test('every organisation starts where its tasks are; the court has none in Regie yet', async () => {
  for (const [user, heading] of [['demo-court', 'Welkom'], ['demo-police', 'Meldcode-assistent'], ['demo-municipality', 'Stuurinformatie']]) {
    const page = await newPage(regie.browser);
    await signIn(page, regie.url, user);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await check(page, `start-${user}`);
  }
});

test('the administrator gives a colleague a temporary password; the colleague signs in with it and chooses their own', async () => {
  const admin = await newPage(regie.browser, 375);
  await signIn(admin, regie.url, 'demo-beheer');
  await admin.getByRole('link', { name: 'Accounts' }).click();
  await admin.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
  await check(admin, 'accounts-375px');
  // A large organisation has thousands of accounts: the list shows 50 and a search finds the others.
  await admin.getByLabel('Account zoeken').fill('amrani');
  await admin.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await admin.getByText('1 account gevonden met “amrani”.').waitFor();
  assert.equal(await admin.getByRole('button', { name: /^Nieuw tijdelijk wachtwoord voor/ }).count(), 1);
  await assertInView(admin, admin.getByRole('button', { name: 'Nieuw tijdelijk wachtwoord voor Fatima El Amrani' }), 'de knop');
  await admin.getByRole('button', { name: 'Nieuw tijdelijk wachtwoord voor Fatima El Amrani' }).click();
  const notice = admin.getByRole('status');
  await notice.getByRole('heading', { name: 'Nieuw tijdelijk wachtwoord voor Fatima El Amrani' }).waitFor();
  const temporary = (await notice.innerText()).match(/Tijdelijk wachtwoord: (\S+)/)[1];
  await check(admin, 'accounts-nieuw-wachtwoord-375px');

  // The old password no longer works; the temporary one does, and the colleague sets their own again.
  const colleague = await newPage(regie.browser);
  await signIn(colleague, regie.url, 'demo-local-team');
  await colleague.getByRole('alert').waitFor();
  await signIn(colleague, regie.url, 'demo-local-team', temporary);
  // A temporary password leads to the password page first, which says why; the work waits until then.
  await colleague.getByRole('heading', { name: 'Wachtwoord wijzigen', level: 1 }).waitFor();
  await colleague.getByText('U bent ingelogd met een tijdelijk wachtwoord van uw beheerder').waitFor();
  await check(colleague, 'wachtwoord-tijdelijk');
  await colleague.goto(`${regie.url}/werklijst`);
  await colleague.getByRole('heading', { name: 'Wachtwoord wijzigen', level: 1 }).waitFor();
  // The administrator finds the reset on record.
  await admin.goto(`${regie.url}/accounts`);
  assert.match(await admin.locator('main').innerText(), /tijdelijk wachtwoord voor demo-local-team, gegeven door Henk Mulder\./);
  await colleague.getByLabel('Huidig wachtwoord').fill(temporary);
  await colleague.getByLabel('Nieuw wachtwoord', { exact: true }).fill(PASSWORD);
  await colleague.getByLabel('Nieuw wachtwoord nog een keer').fill(PASSWORD);
  await colleague.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await colleague.getByText('Uw wachtwoord is gewijzigd').waitFor();
  await signIn(colleague, regie.url, 'demo-local-team');
  await colleague.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();

  // Their own contact details, which families read in the portal: a wrong phone number is named.
  await colleague.getByRole('link', { name: 'Mijn contactgegevens' }).click();
  await colleague.getByRole('heading', { name: 'Mijn contactgegevens', level: 1 }).waitFor();
  assert.equal(await colleague.getByLabel('Werk-e-mail').inputValue(), 'demo-local-team@regie-demo.example');
  await colleague.getByLabel('Werktelefoon').fill('bel me');
  await colleague.getByRole('button', { name: 'Opslaan' }).click();
  await colleague.locator('#phone-error').waitFor();
  await check(colleague, 'mijn-contactgegevens-fout');
  await colleague.getByLabel('Werktelefoon').fill('020 123 45 10');
  await colleague.getByRole('button', { name: 'Opslaan' }).click();
  await colleague.getByText('Uw contactgegevens zijn opgeslagen.').waitFor();
});

test('a colleague who leaves: first the work is handed over, then the access ends and their sign-in is refused', async () => {
  // The operator adds a colleague to the Noord local team and gives them a password; they sign in.
  const bin = process.env.REGIE_BIN ?? join(dirname(fileURLToPath(import.meta.url)), '../../target/debug/regie');
  execFileSync(bin, ['region', 'add-professional', 'Regio Voorbeeld', '--database', regie.database,
    '--organisation', 'Lokaal team Voorbeeldstad-Noord', '--username', 'demo-stagiair', '--name', 'Lisa de Boer']);
  execFileSync(bin, ['account', 'password', '--database', regie.database, '--user', 'demo-stagiair'], { input: `${PASSWORD}\n` });
  const leaving = await newPage(regie.browser);
  await signIn(leaving, regie.url, 'demo-stagiair');
  await leaving.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();

  const admin = await newPage(regie.browser, 375);
  await signIn(admin, regie.url, 'demo-beheer');
  // Fatima El Amrani still leads families: the page names how many (not which), and offers no button.
  await admin.goto(`${regie.url}/accounts?zoek=amrani`);
  await admin.getByRole('link', { name: 'Toegang van Fatima El Amrani beëindigen' }).click();
  await admin.getByRole('heading', { name: 'Toegang beëindigen: Fatima El Amrani', level: 1 }).waitFor();
  await admin.getByRole('heading', { name: 'De toegang kan nu nog niet eindigen' }).waitFor();
  assert.match(await admin.locator('main').innerText(), /Fatima El Amrani is nog vaste contactpersoon van \d+ gezinnen\./);
  assert.equal(await admin.getByRole('button', { name: /beëindigen$/ }).count(), 0);
  await check(admin, 'toegang-beeindigen-werk-375px');
  await admin.getByRole('link', { name: 'Terug naar Accounts' }).click();
  assert.equal(await admin.getByLabel('Account zoeken').inputValue(), 'amrani', 'back to the same search');

  // Lisa de Boer holds nothing: the access ends, with her session.
  await admin.goto(`${regie.url}/accounts?zoek=lisa`);
  await admin.getByRole('link', { name: 'Toegang van Lisa de Boer beëindigen' }).click();
  await admin.getByText('Lisa de Boer heeft geen gezinnen, opschalingen, maatregelen, verzoeken of onderzoeken meer op naam.').waitFor();
  await check(admin, 'toegang-beeindigen-375px');
  const button = admin.getByRole('button', { name: 'Toegang van Lisa de Boer beëindigen' });
  await assertInView(admin, button, 'de knop');
  await button.click();
  await admin.getByRole('status').getByRole('heading', { name: 'De toegang van Lisa de Boer is beëindigd' }).waitFor();
  await admin.getByText(/^Toegang beëindigd op /).waitFor();
  assert.equal(await admin.getByRole('button', { name: 'Nieuw tijdelijk wachtwoord voor Lisa de Boer' }).count(), 0);
  await check(admin, 'accounts-toegang-beeindigd-375px');

  await leaving.goto(`${regie.url}/werklijst`);
  await leaving.getByRole('heading', { name: 'Inloggen bij Regie', level: 1 }).waitFor();
  await signIn(leaving, regie.url, 'demo-stagiair');
  await leaving.getByRole('alert').getByText('Uw toegang tot Regie is beëindigd').waitFor();
  await check(leaving, 'inloggen-toegang-beeindigd');
});

test('the shared language is one page, readable without signing in, on a phone', async () => {
  const page = await newPage(regie.browser, 375);
  await page.goto(`${regie.url}/begrippen`);
  await page.getByRole('heading', { name: 'Begrippen', level: 1 }).waitFor();
  assert.match(await page.locator('main').innerText(), /ontwikkelingsbedreiging\s+De ontwikkeling van een kind wordt ernstig bedreigd\./);
  await check(page, 'begrippen-375px');
});

test('in the demo a professional switches a second factor on, then signs in with it', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-rvdk');
  await page.getByRole('link', { name: 'Tweede factor' }).click();
  assert.match(await page.locator('main').innerText(), /staat uit/);
  await page.getByRole('button', { name: 'Tweede factor instellen' }).click();
  await page.getByRole('img', { name: 'QR-code voor uw authenticator-app' }).waitFor();
  const secret = await page.locator('.regie-secret').innerText();
  await page.getByLabel('Code uit uw app').fill(totp(secret));
  await page.getByRole('button', { name: 'Tweede factor instellen' }).click();
  await page.getByRole('heading', { name: 'Uw herstelcodes' }).waitFor();
  await page.getByRole('link', { name: 'Ik heb de codes bewaard: verder' }).click();
  assert.match(await page.locator('main').innerText(), /staat aan/);
  await check(page, 'tweede-factor-aan');
  await page.getByRole('button', { name: 'Uitloggen' }).click();

  await signIn(page, regie.url, 'demo-rvdk');
  await page.getByRole('heading', { name: 'Inloggen: tweede stap' }).waitFor();
  await page.getByLabel('Code uit uw app').fill(totp(secret, 1));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
  assert.doesNotMatch(page.url(), /inloggen/);
});
