// Involvement decides on the justice route and in Veilig Thuis's investigations: a measure's file is its
// jeugdbeschermer's, an investigation's its investigator's (and their team's).
// A jeugdbeschermer of another team sees the measure on the GI's work list without a way into the file, and
// takes it over there with a reason when the colleague left; then the file is theirs. On a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertInView, check, newPage, PASSWORD, signIn, useRegie } from './regie.js';

const regie = useRegie();
const bin = process.env.REGIE_BIN ?? join(dirname(fileURLToPath(import.meta.url)), '../../target/debug/regie');

test("a jeugdbeschermer of another team takes a colleague's measures over from the work list, at 375 px", async () => {
  // The operator adds a team to the GI and a jeugdbeschermer to it, who gets a password and signs in.
  const gi = 'Jeugdbescherming Regio Voorbeeld';
  const region = ['Regio Voorbeeld', '--database', regie.database, '--organisation', gi];
  execFileSync(bin, ['region', 'add-team', ...region, '--name', 'Team Oost']);
  execFileSync(bin, ['region', 'add-professional', ...region, '--team', 'Team Oost', '--username', 'demo-gi-oost',
    '--name', 'Bas Visser']);
  execFileSync(bin, ['account', 'password', '--database', regie.database, '--user', 'demo-gi-oost'], { input: `${PASSWORD}\n` });
  const page = await newPage(regie.browser, 375);
  await signIn(page, regie.url, 'demo-gi-oost');
  await page.goto(`${regie.url}/kinderbescherming`);
  const line = page.locator('.regie-block', { hasText: 'Huishouden Jansen' }).first();
  await line.getByText('Dit werk doet Anouk Verbeek (Jeugdbescherming Regio Voorbeeld).').waitFor();
  await page.getByText(/^Werk van een collega die u niet vervangt, staat er zonder link/).waitFor();
  assert.equal(await line.getByRole('link').count(), 0, "no way into a colleague's file");
  await check(page, 'kinderbescherming-werklijst-ander-team-375px');
  await line.getByText('Maatregelen van Huishouden Jansen overnemen').click();
  const reason = line.getByLabel('Waarom neemt u de maatregelen van Huishouden Jansen over? Het gezin leest de reden.');
  const button = line.getByRole('button', { name: 'Maatregelen overnemen' });
  await assertInView(page, reason, 'de reden');
  await assertInView(page, button, 'de knop');
  await reason.fill('Anouk Verbeek is uit dienst; ik neem het gezin over.');
  await button.click();
  await page.getByRole('heading', { name: 'Kinderbescherming', level: 1 }).waitFor();
  assert.match(await page.locator('main').innerText(), /Jeugdbeschermer: Bas Visser/);
  await check(page, 'kinderbescherming-overgenomen-375px');
});

test("a Veilig Thuis colleague of another team takes an investigation over from the organisation's list, at 375 px", async () => {
  const vt = 'Veilig Thuis Regio Voorbeeld';
  const region = ['Regio Voorbeeld', '--database', regie.database, '--organisation', vt];
  execFileSync(bin, ['region', 'add-team', ...region, '--name', 'Team Zuid']);
  execFileSync(bin, ['region', 'add-professional', ...region, '--team', 'Team Zuid', '--username', 'demo-vt-zuid',
    '--name', 'Ruben de Graaf']);
  execFileSync(bin, ['account', 'password', '--database', regie.database, '--user', 'demo-vt-zuid'], { input: `${PASSWORD}\n` });
  const page = await newPage(regie.browser, 375);
  await signIn(page, regie.url, 'demo-vt-zuid');
  await page.goto(`${regie.url}/triage`);
  await page.getByRole('link', { name: 'Onderzoeken van uw organisatie' }).click();
  await page.getByRole('heading', { name: 'Onderzoeken', level: 1 }).waitFor();
  const line = page.locator('.regie-block', { hasText: 'Huishouden De Wit' }).first();
  await line.getByText(`Dit onderzoek doet Samira Haddou (${vt}).`).waitFor();
  assert.equal(await line.getByRole('link').count(), 0, "no way into a colleague's file");
  await check(page, 'onderzoeken-ander-team-375px');
  await line.getByText('Onderzoek van Huishouden De Wit overnemen').click();
  const reason = line.getByLabel('Waarom neemt u het onderzoek van Huishouden De Wit over? Wordt u daarmee de vaste contactpersoon, dan leest het gezin de reden.');
  const button = line.getByRole('button', { name: 'Onderzoek overnemen' });
  await assertInView(page, reason, 'de reden');
  await assertInView(page, button, 'de knop');
  await reason.fill('Samira Haddou is met verlof; ik doe het onderzoek verder.');
  await button.click();
  // The file is theirs now, and so is the family's contact: the investigator led the case.
  await page.getByRole('heading', { name: 'Huishouden De Wit', level: 1 }).waitFor();
  assert.match(await page.locator('main').innerText(), /Ruben de Graaf/);
  await check(page, 'onderzoek-overgenomen-375px');
  // Once done, the investigator concludes it on the list; then it opens the file no longer.
  await page.goto(`${regie.url}/triage/onderzoeken`);
  const own = page.locator('.regie-block', { hasText: 'Huishouden De Wit' }).first();
  await own.getByRole('link', { name: 'Huishouden De Wit' }).waitFor();
  await own.getByText('Onderzoek van Huishouden De Wit afronden').click();
  const findings = own.getByLabel('Wat heeft het onderzoek van Huishouden De Wit uitgewezen, en wat volgt?');
  await assertInView(page, findings, 'de bevindingen');
  await check(page, 'onderzoek-afronden-375px');
  await findings.fill('Veiligheid hersteld; het lokaal team biedt opvoedondersteuning.');
  await own.getByRole('button', { name: 'Onderzoek afronden' }).click();
  await page.getByText('Uw organisatie doet nu geen onderzoek.').waitFor();
});
