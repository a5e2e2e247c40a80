// A school's worry goes through the meldcode assistant to Veilig Thuis, which triages it within its
// statutory deadline and assesses it; a refused form shows the error next to the field and keeps the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, newPage, signIn, useRegie } from './regie.js';

const regie = useRegie();

test("a school's report goes through the meldcode assistant and Veilig Thuis triage", async () => {
  const school = await newPage(regie.browser);
  await signIn(school, regie.url, 'demo-school');
  await school.goto(`${regie.url}/meldcode`);
  await check(school, 'meldcode');

  // Step 5 without steps 1-4 and without answers: refused, with the reasons next to the fields.
  await school.getByRole('button', { name: 'Afwegen' }).click();
  await school.getByRole('heading', { name: 'Dit is nog niet goed ingevuld' }).waitFor();

  await school.getByLabel('Stap 1. Welke signalen heeft u in kaart gebracht?').fill('Tim komt sinds weken met blauwe plekken op zijn armen op school.');
  await school.getByLabel('Stap 2. Met wie heeft u collegiaal overlegd?').fill('De intern begeleider.');
  await school.getByLabel('Stap 3. Wat kwam er uit het gesprek met de ouders of het kind?').fill('Moeder zegt dat hij van de fiets viel.');
  await school.getByLabel('Stap 4. Hoe weegt u het geweld of de kindermishandeling?').fill('Het patroon past niet bij een val.');
  await school.getByRole('group', { name: /1\. Is er een vermoeden/ }).getByLabel('Ja').check();
  await school.getByRole('group', { name: /2\. Is er sprake van acute/ }).getByLabel('Ja').check();
  await school.getByRole('button', { name: 'Afwegen' }).click();
  await school.getByRole('heading', { name: /Uitkomst van het afwegingskader: melden bij Veilig Thuis/ }).waitFor();
  await check(school, 'meldcode-uitkomst');

  // Bad input: a birth date that is no date. The error is next to the field; what was typed stays.
  await school.getByLabel('Voornaam').fill('Tim');
  await school.getByLabel('Achternaam').fill('Koster');
  await school.getByLabel('Geboortedatum').fill('2017-08-14');
  await school.getByLabel('BSN (als u het weet)').fill('12345');
  await school.getByLabel('Hoe kan Veilig Thuis u bereiken?').fill('020 123 4567');
  await school.getByLabel('Nee, ik wil afgeschermd blijven (alleen Veilig Thuis weet het)').check();
  await school.getByRole('button', { name: 'Melding versturen' }).click();
  const bsnError = school.locator('#bsn-error');
  await bsnError.waitFor();
  assert.match(await bsnError.innerText(), /\S/);
  assert.equal(await school.getByLabel('Voornaam').inputValue(), 'Tim');
  assert.equal(await school.getByLabel('BSN (als u het weet)').inputValue(), '12345');
  assert.equal(await school.getByLabel('Hoe kan Veilig Thuis u bereiken?').inputValue(), '020 123 4567');
  assert.ok(await school.getByLabel('Nee, ik wil afgeschermd blijven (alleen Veilig Thuis weet het)').isChecked());
  await check(school, 'melding-fout');

  await school.getByLabel('BSN (als u het weet)').fill('');
  await school.getByRole('button', { name: 'Melding versturen' }).click();
  await school.getByRole('heading', { name: 'Melding verstuurd' }).waitFor();
  assert.match(await school.locator('main').innerText(), /beoordeelt de veiligheid uiterlijk op \d+ \w+ \d{4}/);
  await check(school, 'melding-verstuurd');

  const vt = await newPage(regie.browser);
  await signIn(vt, regie.url, 'demo-vt');
  await vt.getByRole('link', { name: 'Triage' }).click();
  await vt.getByRole('heading', { name: 'Triage' }).waitFor();
  await check(vt, 'triage');
  const row = vt.locator('.regie-block').filter({ hasText: 'Melding over Tim Koster' }).filter({ hasText: /over \d+ werkdagen/ });
  assert.equal(await row.count(), 1, 'the school report is on the triage list, naming whom it is about, with its deadline');
  await row.getByRole('link').click();
  const main = await vt.locator('main').innerText();
  // Veilig Thuis sees the shielded reporter; the report is about the Koster family's Tim.
  assert.match(main, /Sanne de Jong, OBS De Regenboog, 020 123 4567 \(afgeschermd/);
  assert.match(main, /Tim Koster, geboren 14 augustus 2017/);
  assert.match(main, /uitkomst: melden bij Veilig Thuis/);
  await check(vt, 'signaal');

  await vt.getByLabel('zaak met het RVT').check();
  await vt.getByLabel('Onderbouwing').fill('Letsel zonder passende verklaring; samen met het lokaal team verder.');
  await vt.getByRole('button', { name: 'Beoordeling vastleggen' }).click();
  await vt.getByRole('heading', { name: 'Huishouden Koster' }).waitFor();
  assert.match(await vt.locator('main').innerText(), /Lopende zaak/);
});
