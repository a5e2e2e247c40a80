// Break the glass and the family's own log (F19, F20): Veilig Thuis opens a household it has no part in
// with an emergency access, its privacy officer judges it, and the mother sees it among who processed her
// data and complains about it, which the privacy officer decides on; the register of processing activities
// is readable for both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, newPage, openHousehold, signIn, useRegie, dutchDay } from './regie.js';

const regie = useRegie();
const main = (page) => page.locator('main').innerText();

test('an emergency access is opened with a reason, judged by the reviewer, and shown to the family', async () => {
  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Verhoef');
  const bsn = (await main(local)).match(/\b(\d{9})\b/)[1];

  // Veilig Thuis finds the household only as known elsewhere, and asks for an emergency access.
  const vt = await newPage(regie.browser);
  await signIn(vt, regie.url, 'demo-vt');
  await vt.goto(`${regie.url}/huishoudens`);
  await vt.getByLabel('Naam, geboortedatum of BSN').fill(bsn);
  await vt.getByRole('button', { name: 'Zoeken' }).click();
  await vt.getByRole('link', { name: 'noodtoegang vragen' }).click();
  await vt.getByRole('heading', { name: 'Noodtoegang', level: 1 }).waitFor();
  // Nothing filled in: both fields are named at once, in whole sentences.
  await vt.getByRole('button', { name: 'Dossier openen met noodtoegang' }).click();
  const refused = await main(vt);
  assert.match(refused, /Kies waarom u het dossier nu nodig hebt\./);
  assert.match(refused, /Leg uit wat er aan de hand is: uw beoordelaar en het gezin lezen dit\./);
  await check(vt, 'noodtoegang-formulier');
  await vt.getByLabel('spoedvraag van de politie of een crisisdienst').check();
  await vt.getByLabel('Leg uit wat er aan de hand is').fill('Politie belt: Noor is alleen thuis aangetroffen, moeder onbereikbaar.');
  await vt.getByRole('button', { name: 'Dossier openen met noodtoegang' }).click();
  await vt.getByRole('heading', { name: 'Huishouden Verhoef', level: 1 }).waitFor();
  assert.match(await main(vt), /U leest dit dossier met noodtoegang/);
  await check(vt, 'noodtoegang-dossier');

  // The privacy officer of Veilig Thuis judges it.
  const privacy = await newPage(regie.browser, 375);
  await signIn(privacy, regie.url, 'demo-privacy');
  await privacy.getByRole('link', { name: 'Noodtoegang' }).click();
  await privacy.getByRole('heading', { name: 'Noodtoegang beoordelen' }).waitFor();
  assert.match(await main(privacy), /Samira Haddou/);
  assert.match(await main(privacy), /Nog te beoordelen: 1/);
  await check(privacy, 'noodtoegang-beoordelen-375px');
  await privacy.getByLabel('Ja, terecht').check();
  await privacy.getByRole('button', { name: 'Beoordeling opslaan' }).click();
  await privacy.getByText('Beoordeeld als terecht.').waitFor();
  await privacy.getByRole('link', { name: 'wat er met deze noodtoegang is gelezen' }).click();
  await privacy.getByRole('heading', { name: 'Verwerkingen van dit huishouden' }).waitFor();
  assert.match(await main(privacy), /noodtoegang\s+Samira Haddou, Veilig Thuis Regio Voorbeeld: gegevens bekeken/);
  await check(privacy, 'verwerkingen-huishouden');

  // The mother sees who processed her data: Veilig Thuis's emergency access among them, and no reporter.
  const mother = await newPage(regie.browser, 375);
  await signIn(mother, regie.url, 'demo-ouder');
  await mother.getByRole('link', { name: 'Wie heeft uw gegevens bekeken' }).click();
  await mother.getByRole('heading', { name: 'Wie heeft uw gegevens bekeken' }).waitFor();
  const log = await main(mother);
  assert.match(log, /Veilig Thuis Regio Voorbeeld \(Veilig Thuis\)[\s\S]*/);
  assert.match(log, /noodtoegang/);
  assert.match(log, /Grondslag: Wmo 2015/);
  assert.doesNotMatch(log, /Samira Haddou|OBS De Regenboog|Politie/, 'no names of professionals, no reporters');
  await check(mother, 'wie-heeft-mijn-gegevens-bekeken-375px');
  await mother.getByRole('link', { name: /verwerkingsregister/ }).click();
  await mother.getByRole('heading', { name: 'Verwerkingsregister' }).waitFor();
  await check(mother, 'verwerkingsregister-gezin');

  // She complains about the emergency access (every missing field named first); Veilig Thuis's privacy
  // officer decides on it, not the professional who broke the glass.
  await mother.goto(`${regie.url}/portaal`);
  await mother.getByRole('heading', { name: 'Noodtoegang tot uw dossier' }).waitFor();
  await mother.getByRole('button', { name: 'Klacht over noodtoegang indienen' }).click();
  await mother.locator('#emergency-error').waitFor();
  await mother.locator('#emergency_complaint-error').waitFor();
  await check(mother, 'portaal-klacht-noodtoegang-fout');
  await mother.getByLabel('Over welke noodtoegang?').selectOption({ index: 1 });
  await mother.getByLabel('Wat vindt u niet goed?').fill('Ik was gewoon bereikbaar; niemand belde mij.');
  await mother.getByRole('button', { name: 'Klacht over noodtoegang indienen' }).click();
  await mother.getByText(/Uw klacht van .*: in behandeling/).waitFor();
  await privacy.goto(`${regie.url}/noodtoegang`);
  await privacy.getByText(/Ik was gewoon bereikbaar/).waitFor();
  await privacy.getByLabel('deels gegrond').check();
  await privacy.getByLabel('Uitleg aan het gezin').fill('De spoed was terecht; u had daarna gebeld moeten worden.');
  await privacy.getByRole('button', { name: 'Beslissen op de klacht' }).click();
  await privacy.getByText(/beslist: deels gegrond/).waitFor();
  await check(privacy, 'noodtoegang-klacht-beslist');
  await mother.reload();
  assert.match(await main(mother), /beslist, deels gegrond\. De spoed was terecht/);
});

test('the Raad, consulted on a voluntary case without a ground to share, sees the family without names', async () => {
  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Verhoef');
  await local.getByRole('link', { name: 'Opschalen naar het Regionaal Veiligheidsteam' }).click();
  await local.getByRole('radio', { name: 'consultatie' }).check();
  await local.getByLabel('ontwikkelingsbedreiging').check();
  await local.getByLabel('Professional van het RVT').selectOption({ label: 'Pieter Wolters (Raad voor de Kinderbescherming Regio Voorbeeld)' });
  const due = dutchDay(14);
  await local.getByLabel('Antwoord uiterlijk (bij consultatie)').fill(due);
  await local.getByLabel('Waarom').fill('Graag advies van de Raad over de ontwikkeling van de jongste.');
  await local.getByRole('button', { name: 'Opschalen' }).click();
  await local.getByRole('heading', { name: 'Lopende zaak' }).waitFor();

  const raad = await newPage(regie.browser, 375);
  await signIn(raad, regie.url, 'demo-rvdk');
  await raad.getByRole('heading', { name: 'Mijn werklijst' }).waitFor();
  assert.doesNotMatch(await main(raad), /Verhoef/);
  await raad.getByRole('link', { name: 'Huishouden (consultatie zonder namen)' }).first().click();
  await raad.getByRole('heading', { name: 'Lopende zaak' }).waitFor();
  const file = await main(raad);
  assert.match(file, /zonder grondslag om te delen wie het gezin is/);
  assert.match(file, /Ouder 1/);
  assert.doesNotMatch(file, /Verhoef|Ilse|Noor\b/);
  await check(raad, 'consultatie-zonder-namen-375px');
});

test('the mother revokes her consent in the portal; her consent to the Raad shows it who the family is', async () => {
  // Ilse Verhoef agreed that Veilig Thuis may think along knowing who they are; she withdraws that.
  const mother = await newPage(regie.browser, 375);
  await signIn(mother, regie.url, 'demo-ouder');
  await mother.getByRole('link', { name: 'Toestemming', exact: true }).click();
  await mother.getByRole('heading', { name: 'Uw toestemming', level: 1 }).waitFor();
  assert.match(await main(mother), /Delen met Veilig Thuis Regio Voorbeeld[\s\S]*Geldt\./);
  await check(mother, 'portaal-toestemming-375px');
  await mother.getByRole('button', { name: 'Toestemming intrekken voor Veilig Thuis Regio Voorbeeld' }).click();
  await mother.getByText(/Ingetrokken op/).waitFor();
  assert.equal(await mother.getByRole('button', { name: /Toestemming intrekken/ }).count(), 0);

  // The local team sees that she revoked it, and records her consent to the Raad's consultation.
  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Verhoef');
  await local.getByRole('link', { name: /Toestemming en grondslagen/ }).click();
  await local.getByRole('heading', { name: 'Toestemming om gegevens te delen', level: 1 }).waitFor();
  assert.match(await main(local), /Ilse Verhoef[\s\S]*Ingetrokken op .* \(door het gezinslid zelf, in het portaal\)/);
  // Nothing chosen: every field is named at once, in whole sentences.
  await local.getByRole('button', { name: 'Toestemming vastleggen' }).click();
  const refused = await main(local);
  for (const sentence of [/Kies wie toestemming gaf uit de huidige gezinsleden\./, /Kies waarvoor de toestemming is\./,
    /Kies Veilig Thuis, de Raad voor de Kinderbescherming of een GI uit de regio\./, /Kies hoe de toestemming gegeven is\./]) {
    assert.match(refused, sentence);
  }
  await check(local, 'toestemming-vastleggen-fouten');
  const ilse = await local.locator('#person_id option', { hasText: 'Ilse Verhoef' }).getAttribute('value');
  await local.getByLabel('Wie geeft toestemming').selectOption(ilse);
  await local.getByRole('radio', { name: /consultatie van het RVT/ }).check();
  await local.getByLabel('Met welke organisatie van het RVT').selectOption({ label: 'Raad voor de Kinderbescherming Regio Voorbeeld' });
  await local.getByRole('radio', { name: 'schriftelijk' }).check();
  await local.getByRole('button', { name: 'Toestemming vastleggen' }).click();
  await local.getByRole('button', { name: /Intrekking vastleggen van de toestemming van Ilse Verhoef voor Raad/ }).waitFor();
  await check(local, 'toestemming');

  // The Raad, consulted in the test before, now sees who the family is.
  const raad = await newPage(regie.browser);
  await signIn(raad, regie.url, 'demo-rvdk');
  await raad.getByRole('link', { name: 'Huishouden Verhoef' }).first().click();
  await raad.getByRole('heading', { name: 'Lopende zaak' }).waitFor();
  assert.match(await main(raad), /Ilse/);
});
