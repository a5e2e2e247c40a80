// A local-team professional finds a household, opens its case, writes the joint analysis and scales up to
// the Regional Safety Team; the RVT professional then finds the case on their worklist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, newPage, signIn, useRegie } from './regie.js';

const regie = useRegie();

test('a local-team professional opens a case, writes the analysis and scales up; the RVT sees it', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-local-team');
  await assert.doesNotReject(page.getByRole('heading', { name: 'Mijn werklijst' }).waitFor());
  await check(page, 'werklijst');
  // The team's list names each case's contact person; one colleague's work is a choice away (F8, F30).
  await page.getByRole('link', { name: 'Werklijst van mijn team' }).click();
  await page.getByRole('heading', { name: 'Werklijst van mijn team' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Vaste contactpersoon/);
  await check(page, 'werklijst-team');
  await page.getByLabel('Werk van').selectOption({ label: 'Fatima El Amrani' });
  await page.getByRole('button', { name: 'Tonen' }).click();
  await page.getByText(/lopende zaken? waarin Fatima El Amrani werk heeft/).waitFor();
  assert.match(await page.locator('main').innerText(), /Werk van Fatima El Amrani hier\s+vaste contactpersoon/);
  await check(page, 'werklijst-van-collega');
  await page.getByRole('link', { name: 'Mijn werklijst' }).click();

  await page.getByRole('link', { name: 'Huishoudens' }).click();
  await page.getByLabel('Naam, geboortedatum of BSN').fill('Koster');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await check(page, 'zoeken');
  await page.getByRole('link', { name: 'Huishouden Koster' }).click();
  await page.getByRole('heading', { name: 'Zaak openen' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Tim Koster[\s\S]*14 augustus 2017/);
  await check(page, 'huishouden-zonder-zaak');

  await page.getByLabel('Aanleiding').fill('School meldt dat Tim vaak moe en stil is; moeder vraagt hulp.');
  await page.getByRole('button', { name: 'Zaak openen' }).click();
  await page.getByRole('heading', { name: 'Lopende zaak' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Zaak geopend/);
  await check(page, 'huishouden-met-zaak');

  await page.getByRole('link', { name: 'Analyse' }).click();
  await page.getByRole('heading', { name: 'Nieuwe versie vastleggen' }).waitFor();
  // The first member's first cell: the professionals' text and the family's own words.
  await page.getByLabel('Professionals').first().fill('Tim is vaak moe en stil op school.');
  await page.getByLabel('Eigen woorden van het gezin').first().fill('Het is thuis druk sinds de verhuizing.');
  await page.getByLabel('Veiligheidscijfer van Fatima El Amrani (Lokaal team Voorbeeldstad-Noord)').fill('4');
  await page.getByLabel('Veiligheidscijfer van Eva Koster').fill('8');
  await page.getByRole('button', { name: 'Analyse vastleggen' }).click();
  await page.getByRole('heading', { name: 'Huidige analyse: versie 1' }).waitFor();
  // Four points apart: the page says the family sees it differently.
  assert.match(await page.locator('main').innerText(), /Het gezin schat de veiligheid 3 of meer punten anders in/);
  // What was agreed reads calmly, the family's words beside the professionals'; no form until asked for.
  assert.match(await page.locator('main').innerText(), /Professionals: Tim is vaak moe en stil op school\.\s+In eigen woorden: Het is thuis druk sinds de verhuizing\./);
  assert.equal(await page.getByRole('button', { name: 'Analyse vastleggen' }).count(), 0);
  await check(page, 'analyse');
  // A second version; the first stays readable as it was.
  await page.getByRole('link', { name: 'Analyse bijwerken' }).click();
  await page.getByLabel('Professionals').first().fill('Tim is moe; school ziet verbetering.');
  await page.getByRole('button', { name: 'Analyse vastleggen' }).click();
  await page.getByRole('heading', { name: 'Huidige analyse: versie 2' }).waitFor();
  await page.getByRole('link', { name: 'Versie 1' }).click();
  await page.getByRole('heading', { name: 'Eerdere versie 1' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Tim is vaak moe en stil op school/);
  await check(page, 'analyse-eerdere-versie');
  await page.getByRole('link', { name: 'Naar de huidige analyse' }).click();

  await page.getByRole('link', { name: 'Terug naar het huishouden' }).click();
  await page.getByRole('link', { name: 'Opschalen naar het Regionaal Veiligheidsteam' }).click();
  await check(page, 'opschalen');
  // The RVT professional can be found by a search (a large region has thousands): then only she is listed.
  // The search is part of the form: what was filled in before searching stays.
  await page.getByLabel('samenwerking').check();
  await page.getByLabel('structurele onveiligheid').check();
  await page.getByLabel('Waarom').fill('De zorgen blijven; samen met Veilig Thuis verder.');
  await page.getByLabel('Professional zoeken').fill('haddou');
  await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await page.getByText('1 professional gevonden met “haddou”.').waitFor();
  const options = await page.getByLabel('Professional van het RVT').locator('option').allInnerTexts();
  assert.deepEqual(options, ['Kies een professional', 'Samira Haddou (Veilig Thuis Regio Voorbeeld)']);
  assert.equal(await page.getByLabel('Waarom').inputValue(), 'De zorgen blijven; samen met Veilig Thuis verder.');
  assert.ok(await page.getByLabel('samenwerking').isChecked());
  assert.ok(await page.getByLabel('structurele onveiligheid').isChecked());
  await check(page, 'opschalen-gezocht');
  await page.getByLabel('Professional van het RVT').selectOption({ label: 'Samira Haddou (Veilig Thuis Regio Voorbeeld)' });
  await page.getByRole('button', { name: 'Opschalen' }).click();
  await page.getByRole('heading', { name: 'Lopende zaak' }).waitFor();
  const main = await page.locator('main').innerText();
  assert.match(main, /duo: Fatima El Amrani .* en Samira Haddou/);
  assert.match(main, /samenwerking met Samira Haddou/);

  const rvt = await newPage(regie.browser);
  await signIn(rvt, regie.url, 'demo-vt');
  await rvt.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();
  await rvt.getByRole('link', { name: 'Huishouden Koster' }).click();
  await rvt.getByRole('heading', { name: 'Lopende zaak' }).waitFor();
  assert.match(await rvt.locator('main').innerText(), /Opgeschaald/);
  await check(rvt, 'rvt-huishouden');

  // Samira Haddou's part passes to the Raad (a colleague leaving, say): the local team chooses who.
  await page.getByRole('link', { name: 'Professional in de opschaling wisselen' }).click();
  await page.getByRole('heading', { name: /Professional in de opschaling wisselen/ }).waitFor();
  await check(page, 'opschaling-wisselen');
  await page.getByRole('button', { name: 'Wisselen' }).click();
  const alert = page.getByRole('alert');
  await alert.getByText('Kies wie het werk overdraagt.').first().waitFor();
  assert.match(await alert.innerText(), /Kies een professional\./);
  await check(page, 'opschaling-wisselen-fouten');
  await page.getByLabel(/Samira Haddou .*: het deel van het RVT/).check();
  await page.getByLabel('Waarom').fill('Samira gaat weg bij Veilig Thuis; de Raad neemt het over.');
  await page.getByLabel('Professional zoeken').fill('wolters');
  await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await page.getByText('1 professional gevonden met “wolters”.').waitFor();
  await page.getByLabel('Wie neemt het over').selectOption({ label: 'Pieter Wolters (Raad voor de Kinderbescherming Regio Voorbeeld)' });
  await page.getByRole('button', { name: 'Wisselen' }).click();
  await page.getByRole('heading', { name: 'Lopende zaak' }).waitFor();
  const after = await page.locator('main').innerText();
  assert.match(after, /duo: Fatima El Amrani .* en Pieter Wolters/);
  assert.match(after, /Een andere professional van het RVT neemt het deel van het RVT in de opschaling over/);
});
