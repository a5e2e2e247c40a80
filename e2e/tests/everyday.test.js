// The everyday work of issue 12 in the browser: a consultation that does not get lost (on the RVT's worklist
// with its deadline, answered with a proposal, on the lead's worklist until taken up), and what the family
// says in the portal on the lead's worklist until read, with their answer in the case's timeline under their
// own name. Every page axe-checked, the attention of the first row in view at 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertInView, check, newPage, openHousehold, signIn, useRegie, dutchDay } from './regie.js';

const regie = useRegie();
const main = (page) => page.locator('main').innerText();

test('a consultation is on the RVT worklist with its deadline, answered with a proposal the lead takes up in one step', async () => {
  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Koster');
  await local.getByLabel('Aanleiding').fill('Moeder vraagt hulp; school maakt zich zorgen om Tim.');
  await local.getByRole('button', { name: 'Zaak openen' }).click();
  await local.getByRole('heading', { name: 'Lopende zaak' }).waitFor();
  await local.getByRole('link', { name: 'Opschalen naar het Regionaal Veiligheidsteam' }).click();
  await local.getByRole('radio', { name: 'consultatie' }).check();
  await local.getByLabel('structurele onveiligheid').check();
  await local.getByLabel('Professional van het RVT').selectOption({ label: 'Samira Haddou (Veilig Thuis Regio Voorbeeld)' });
  const due = dutchDay(7);
  await local.getByLabel('Antwoord uiterlijk (bij consultatie)').fill(due);
  await local.getByLabel('Waarom').fill('Wij willen advies van Veilig Thuis.');
  await local.getByRole('button', { name: 'Opschalen' }).click();
  await local.getByRole('heading', { name: 'Lopende zaak' }).waitFor();

  // The consulted professional finds it on their worklist, with its deadline, in view on a phone.
  const rvt = await newPage(regie.browser, 375);
  await signIn(rvt, regie.url, 'demo-vt');
  await rvt.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();
  const item = rvt.locator('.regie-block', { hasText: 'Huishouden Koster' }).filter({ hasText: 'consultatie beantwoorden, uiterlijk' });
  await assertInView(rvt, item.locator('.utrecht-data-list__item', { hasText: 'Vraagt aandacht' }).locator('dd'), 'de consultatie');
  await check(rvt, 'werklijst-rvt-consultatie');
  await item.getByRole('link').first().click();
  await rvt.getByRole('link', { name: 'Consultatie beantwoorden' }).click();
  // An answer without words is refused next to its field.
  await rvt.getByRole('button', { name: 'Antwoord versturen' }).click();
  await rvt.locator('#answer-error').waitFor();
  await check(rvt, 'consultatie-beantwoorden-fout');
  await rvt.getByLabel('Uw antwoord of advies').fill('Werk samen met ons: wij doen het veiligheidsonderzoek mee.');
  await rvt.getByLabel('Samenwerken').check();
  await rvt.getByRole('button', { name: 'Antwoord versturen' }).click();
  await rvt.getByRole('heading', { name: 'Lopende zaak' }).waitFor();

  // On the lead's worklist until taken up; the household page says it was answered, with the proposal.
  await local.getByRole('link', { name: 'Werklijst' }).click();
  await local.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();
  assert.match(
    await local.locator('.regie-block', { hasText: 'Huishouden Koster' }).innerText(),
    /het RVT heeft de consultatie beantwoord, met als voorstel: samenwerken/,
  );
  await openHousehold(local, regie.url, 'Koster');
  assert.match(await main(local), /Beantwoord op .*Werk samen met ons/);
  await check(local, 'huishouden-consultatie-beantwoord');
  await local.getByRole('button', { name: 'Voorstel aannemen: samenwerken' }).click();
  await local.locator('#reason-error').waitFor();
  await local.getByLabel('Waarom u het voorstel aanneemt').fill('We werken samen met Veilig Thuis verder.');
  await local.getByRole('button', { name: 'Voorstel aannemen: samenwerken' }).click();
  await local.getByRole('heading', { name: 'Lopende zaak' }).waitFor();
  assert.match(await main(local), /samenwerking met Samira Haddou/);
  await local.getByRole('link', { name: 'Werklijst' }).click();
  await local.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();
  const koster = local.locator('.regie-block', { hasText: 'Huishouden Koster' });
  assert.doesNotMatch(await koster.innerText(), /consultatie/, 'taken up: off the list');
});

test("what the family says in the portal is on the lead's worklist until read, and their answer is in the timeline under their name", async () => {
  const parent = await newPage(regie.browser);
  await signIn(parent, regie.url, 'demo-ouder');
  await parent.getByLabel('Ja, ik ben het eens').check();
  await parent.getByRole('button', { name: 'Antwoord geven' }).click();
  await parent.getByText('Eens met veiligheidsplan versie 1').waitFor();

  const local = await newPage(regie.browser, 375);
  await signIn(local, regie.url, 'demo-local-team');
  await local.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();
  const block = local.locator('.regie-block', { hasText: 'het gezin in het portaal' }).first();
  await assertInView(local, block.locator('.utrecht-data-list__item', { hasText: 'Vraagt aandacht' }).locator('dd'), 'wat het gezin zei');
  await openHousehold(local, regie.url, 'Verhoef');
  const file = await main(local);
  assert.match(file, /Gezin stemt in met veiligheidsplan versie 1/);
  assert.match(file, /Ilse Verhoef \(het gezin, in het portaal\)/);
  await check(local, 'huishouden-inbreng-gezin');
  await local.getByRole('button', { name: 'Inbreng van het gezin gelezen' }).click();
  await local.getByRole('heading', { name: 'Lopende zaak' }).waitFor();
  assert.equal(await local.getByRole('button', { name: 'Inbreng van het gezin gelezen' }).count(), 0);
  await local.getByRole('link', { name: 'Werklijst' }).click();
  await local.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();
  assert.doesNotMatch(await main(local), /het gezin in het portaal/);
});
