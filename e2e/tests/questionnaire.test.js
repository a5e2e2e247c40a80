// Experience questionnaires (F24): demo-ouder finds the questions after a key moment of the household's
// case in the portal, is told every wrong field at once, answers, is thanked and is not asked again; the
// page is axe-clean and fits a phone. The answer is kept apart from the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertInView, check, newPage, signIn, useRegie } from './regie.js';

const regie = useRegie();

test('a parent answers a questionnaire in the portal, or leaves it', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-ouder');
  // No key moment yet: no questions.
  await page.getByRole('heading', { name: 'Het veiligheidsplan', level: 2 }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Wat vond u ervan?' }).count(), 0);
  // Ilse agrees to the plan: a key moment.
  await page.getByLabel('Ja, ik ben het eens').check();
  await page.getByRole('button', { name: 'Antwoord geven' }).click();
  await page.getByRole('heading', { name: 'Wat vond u ervan?', level: 2 }).waitFor();
  const offered = await page.getByRole('link', { name: 'Vragenlijst invullen' }).count();
  assert.ok(offered >= 1);
  await page.getByRole('link', { name: 'Vragenlijst invullen' }).first().click();
  await page.getByRole('heading', { name: 'Vragenlijst', level: 1 }).waitFor();
  await check(page, 'vragenlijst');

  // Nothing filled in: one clear sentence, and the questionnaire stays.
  await page.getByRole('button', { name: 'Versturen' }).click();
  await page.getByRole('heading', { name: 'Dit is nog niet goed ingevuld' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Beantwoord minstens één vraag\. Wilt u niets invullen\? Dat mag/);
  await check(page, 'vragenlijst-fout');

  const heard = page.getByRole('group', { name: 'Voelde u zich gehoord?' });
  await heard.getByLabel('4', { exact: true }).check();
  await page.getByRole('group', { name: 'Wist u bij wie u terecht kon?' }).getByLabel('5 (helemaal wel)').check();
  await page.getByLabel('Wilt u nog iets kwijt? (mag leeg blijven)').fill('Fijn dat er steeds dezelfde contactpersoon was.');
  await page.getByRole('button', { name: 'Versturen' }).click();
  await page.getByText('Dank u wel voor het invullen.').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Vragenlijst invullen' }).count(), offered - 1, 'not asked again');
});

// After the test above: the plan Ilse agreed to is a key moment for Noor (14) too, with her own questions.
test('on a phone the questionnaire fits the screen', async () => {
  const page = await newPage(regie.browser, 375);
  await signIn(page, regie.url, 'demo-jongere');
  await page.getByRole('heading', { name: 'Wat vond jij ervan?', level: 2 }).waitFor();
  await page.getByRole('link', { name: 'Vragenlijst invullen' }).first().click();
  await page.getByRole('heading', { name: 'Vragenlijst', level: 1 }).waitFor();
  assert.match(await page.locator('main').innerText(), /Hoe heb jij dat ervaren\?/);
  await page.getByRole('group', { name: 'Voelde je je gehoord?' }).waitFor();
  assert.ok(await page.getByRole('group', { name: 'Voelde je je gehoord?' }).getByLabel('Geen antwoord').isChecked());
  await assertInView(page, page.getByRole('button', { name: 'Versturen' }), 'the send button');
  await check(page, 'vragenlijst-telefoon');
});

// After the first test: Ilse agreed to the plan of the case Fatima leads, so Fatima has her own questions.
test('the contact person answers their own questionnaire', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-local-team');
  await page.getByRole('link', { name: 'Vragenlijsten' }).click();
  await page.getByRole('heading', { name: 'Vragenlijsten', level: 1 }).waitFor();
  await check(page, 'vragenlijsten');
  const offered = await page.getByRole('link', { name: 'Vragenlijst invullen' }).count();
  assert.match(await page.locator('main').innerText(), /\d+ \w+ \d{4}: het veiligheidsplan is afgesproken\. Vragenlijst invullen/);
  await page.getByRole('link', { name: 'Vragenlijst invullen' }).first().click();
  await page.getByRole('group', { name: 'Kon het gezin meedenken en meebeslissen?' }).getByLabel('4', { exact: true }).check();
  await page.getByRole('button', { name: 'Versturen' }).click();
  await page.getByRole('heading', { name: 'Vragenlijsten', level: 1 }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Vragenlijst invullen' }).count(), offered - 1, 'not asked again');
});
