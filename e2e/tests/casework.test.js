// The rest of the casework in the browser: a new household and its members (with the duplicate check),
// phase, help and closing; the plan's actions and evaluation; a signal taken in by Veilig Thuis, its radar,
// and the local team marking it seen; a reporter's own reports; the municipality's norms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, newPage, openHousehold, signIn, useRegie } from './regie.js';

const regie = useRegie();

const main = (page) => page.locator('main').innerText();

test('a local team registers a household and its members, works its case and closes it', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-local-team');
  await page.goto(`${regie.url}/huishoudens`);
  await page.getByRole('link', { name: 'Nieuw huishouden aanmaken' }).click();
  await page.getByLabel('Naam van het huishouden').fill('Huishouden Sterk');
  await page.getByLabel('Postcode').fill('12345');
  await page.getByRole('button', { name: 'Huishouden aanmaken' }).click();
  await page.locator('#postcode-error').waitFor();
  assert.equal(await page.getByLabel('Naam van het huishouden').inputValue(), 'Huishouden Sterk');
  await check(page, 'nieuw-huishouden-fout');
  await page.getByLabel('Postcode').fill('');
  await page.getByRole('button', { name: 'Huishouden aanmaken' }).click();
  await page.getByRole('heading', { name: 'Huishouden Sterk' }).waitFor();

  // A father, then Tim Koster, who also lives here half the week: the duplicate check finds him.
  await page.locator('summary', { hasText: 'Lid toevoegen' }).click();
  await page.getByLabel('Voornaam').fill('Ruben');
  await page.getByLabel('Achternaam').fill('Sterk');
  await page.getByLabel('Geboortedatum').fill('1986-02-11');
  await page.getByLabel('Relatie tot het huishouden').selectOption({ label: 'ouder' });
  await page.getByRole('button', { name: 'Lid toevoegen' }).click();
  await page.getByRole('list', { name: 'Leden' }).getByText('Ruben Sterk', { exact: true }).waitFor();
  await page.locator('summary', { hasText: 'Lid toevoegen' }).click();
  await page.getByLabel('Voornaam').fill('Tim');
  await page.getByLabel('Achternaam').fill('Koster');
  await page.getByLabel('Geboortedatum').fill('2017-08-14');
  await page.getByLabel('Relatie tot het huishouden').selectOption({ label: 'kind' });
  await page.getByRole('button', { name: 'Lid toevoegen' }).click();
  const existing = page.getByLabel(/Tim Koster, geboren 14 augustus 2017/);
  await existing.waitFor();
  await check(page, 'lid-bestaat-al');
  await existing.check();
  await page.getByRole('button', { name: 'Lid toevoegen' }).click();
  await page.getByRole('list', { name: 'Leden' }).getByText('Tim Koster', { exact: true }).waitFor();

  await page.getByLabel('Aanleiding').fill('Vader vraagt hulp bij de opvoeding.');
  await page.getByRole('button', { name: 'Zaak openen' }).click();
  await page.getByRole('link', { name: 'Fase wijzigen' }).click();
  await page.getByLabel('Naar de fase').selectOption({ label: 'analyse' });
  await check(page, 'fase');
  await page.getByRole('button', { name: 'Fase wijzigen' }).click();
  assert.match(await main(page), /Fase\s+analyse/);

  await page.getByRole('link', { name: 'Kader wijzigen' }).click();
  assert.match(await main(page), /Uw organisatie kan het kader van deze zaak niet wijzigen/);
  await page.getByRole('link', { name: 'Terug naar het huishouden' }).click();

  await page.getByRole('link', { name: 'Hulp en wachttijd' }).click();
  await page.getByLabel('Voor wie').selectOption({ label: 'Ruben Sterk' });
  await page.getByLabel('Soort hulp').selectOption({ index: 1 });
  await page.getByLabel('Aanbieder').fill('Opvoedsteunpunt Voorbeeldstad');
  await page.getByRole('button', { name: 'Hulp aanvragen' }).click();
  await page.getByRole('link', { name: 'Hulp en wachttijd' }).click();
  assert.match(await main(page), /Ruben Sterk: .* bij Opvoedsteunpunt Voorbeeldstad[\s\S]*wacht nu 0 dagen/);
  // Today in the Netherlands (Regie's dates are Dutch dates), as YYYY-MM-DD.
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  await page.getByLabel('Gestart op').fill(today);
  await page.getByRole('button', { name: /Data bijwerken/ }).click();
  await page.getByRole('link', { name: 'Hulp en wachttijd' }).click();
  assert.match(await main(page), /gestart op .* \(na 0 dagen wachten\)/);
  await check(page, 'hulp');

  await page.getByRole('link', { name: 'Terug naar het huishouden' }).click();
  await page.getByRole('link', { name: 'Zaak afsluiten' }).click();
  await page.getByRole('button', { name: 'Zaak afsluiten' }).click();
  await page.locator('#reason-error').waitFor();
  await check(page, 'afsluiten-fout');
  await page.getByLabel('Waarom').fill('De opvoedhulp loopt; vader heeft ons niet meer nodig.');
  await page.getByRole('button', { name: 'Zaak afsluiten' }).click();
  await page.getByRole('heading', { name: 'Zaak openen' }).waitFor();
});

test('the plan: an action done and an evaluation', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-local-team');
  await openHousehold(page, regie.url, 'Verhoef');
  await page.getByRole('link', { name: 'Veiligheidsplan', exact: true }).click();
  // What was agreed reads calmly; changing it is a step of its own.
  await page.getByRole('heading', { name: 'Huidig plan: versie 1' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Plan vastleggen' }).count(), 0);
  await check(page, 'plan-lezen');
  await page.getByRole('link', { name: 'Plan bijwerken' }).click();
  await page.getByLabel('Nieuwe stand van actie 1').selectOption({ label: 'gedaan' });
  await page.getByRole('button', { name: 'Opslaan voor actie 1' }).click();
  await page.getByRole('heading', { name: 'Huidig plan: versie 1' }).waitFor();
  assert.match(await page.locator('.regie-block').filter({ hasText: 'Aanmelden bij de schuldhulpverlening' }).innerText(), /gedaan/);
  await page.getByLabel('Wat is er bereikt, en wat nog niet?').fill('De aanmelding is gedaan; het gesprek over de afspraken loopt.');
  await page.getByRole('button', { name: 'Evaluatie vastleggen' }).click();
  await page.getByRole('heading', { name: 'Evaluaties' }).waitFor();
  await check(page, 'plan-bijgewerkt');
});

test('Veilig Thuis takes in a signal, sees the radar and hands it to the local team, which marks it seen', async () => {
  const vt = await newPage(regie.browser);
  await signIn(vt, regie.url, 'demo-vt');
  await vt.getByRole('link', { name: 'Triage' }).click();
  await vt.getByRole('link', { name: 'Signaal registreren' }).click();
  await check(vt, 'signaal-registreren');
  await vt.getByLabel('Bron').selectOption({ label: 'buur' });
  await vt.getByLabel('Ja, alleen Veilig Thuis mag weten wie meldde').check();
  await vt.getByLabel('Naam van de melder').fill('Buurvrouw Jansen');
  await vt.getByLabel('Voornaam').fill('Noor');
  await vt.getByLabel('Achternaam').fill('Verhoef');
  await vt.getByLabel('Geboortedatum').fill('2012-09-24');
  await vt.getByLabel('Wat is er gezien of gehoord?').fill('Harde ruzie gehoord, een kind huilde lang.');
  await vt.getByRole('button', { name: 'Signaal registreren' }).click();
  await vt.getByRole('heading', { name: 'Radar' }).waitFor();
  const signal = await main(vt);
  assert.match(signal, /buur, Buurvrouw Jansen \(afgeschermd/);
  assert.match(signal, /Noor Verhoef, geboren 24 september 2012/);
  assert.match(signal, /Lopende zaken: 1/);
  // The radar connects: the household's open case, its phase and its fixed contact person.
  assert.match(signal, /Lopende zaak\s+lopende zaak \(fase [a-z ]+\), vaste contactpersoon: Fatima El Amrani/);
  await vt.getByRole('link', { name: 'naar het huishouden' }).click();
  await vt.getByRole('link', { name: /Radar: eerdere signalen/ }).click();
  await vt.getByRole('heading', { name: 'Radar', level: 1 }).waitFor();
  await check(vt, 'radar');
  await vt.goBack();
  await vt.goBack();
  await vt.getByLabel('overdracht aan het lokaal team').check();
  await vt.getByLabel('Onderbouwing').fill('Het lokaal team kent het gezin; zij gaan in gesprek.');
  await vt.getByRole('button', { name: 'Beoordeling vastleggen' }).click();
  // Handed to the local team, the file is no longer Veilig Thuis's to read: it returns to the signal.
  await vt.getByRole('heading', { name: 'Beoordeling', exact: true }).waitFor();
  assert.match(await main(vt), /overdracht aan het lokaal team/);
  assert.doesNotMatch(await main(vt), /naar het huishouden/);

  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  const row = local.locator('.regie-block').filter({ hasText: 'Huishouden Verhoef' });
  assert.match(await row.innerText(), /nieuw signaal/);
  await row.getByRole('link').click();
  await local.getByRole('heading', { name: 'Signalen bij deze zaak' }).waitFor();
  await check(local, 'signalen-bij-zaak');
  // The local team never learns who the shielded neighbour is.
  assert.doesNotMatch(await main(local), /Buurvrouw Jansen/);
  await local.getByRole('button', { name: /^Gezien/ }).click();
  await local.getByText(/beoordeeld: overdracht aan het lokaal team — gezien/).waitFor();
  await local.getByRole('link', { name: /Melding van/ }).click();
  assert.match(await main(local), /Melder\s+afgeschermd/);
  await check(local, 'signaal-lokaal-team');
});

test('a reporter follows their reports; the municipality sets the norms', async () => {
  const school = await newPage(regie.browser);
  await signIn(school, regie.url, 'demo-school');
  await school.getByRole('link', { name: 'Mijn meldingen' }).click();
  await school.getByRole('heading', { name: 'Mijn meldingen' }).waitFor();
  await check(school, 'mijn-meldingen');

  const municipality = await newPage(regie.browser);
  await signIn(municipality, regie.url, 'demo-municipality');
  await municipality.getByRole('heading', { name: 'Stuurinformatie', level: 1 }).waitFor();
  await municipality.getByRole('link', { name: 'Beheer' }).click();
  await municipality.getByRole('heading', { name: 'Beheer' }).waitFor();
  assert.doesNotMatch(await municipality.locator('header').innerText(), /Huishoudens|Werklijst/);
  await municipality.getByLabel('De radar kijkt terug (jaren)').fill('vijf');
  await municipality.getByRole('button', { name: 'Normen opslaan' }).click();
  await municipality.locator('#radar_years-error').waitFor();
  assert.equal(await municipality.getByLabel('De radar kijkt terug (jaren)').inputValue(), 'vijf');
  await check(municipality, 'beheer-fout');
  await municipality.getByLabel('De radar kijkt terug (jaren)').fill('4');
  await municipality.getByRole('button', { name: 'Normen opslaan' }).click();
  await municipality.getByRole('heading', { name: 'Beheer' }).waitFor();
  assert.equal(await municipality.getByLabel('De radar kijkt terug (jaren)').inputValue(), '4');
  await municipality.getByLabel('Code').fill('gezinscoach');
  await municipality.getByLabel('Naam', { exact: true }).fill('Gezinscoach');
  await municipality.getByLabel('Wachttijdnorm (dagen)').fill('14');
  await municipality.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await municipality.getByRole('list', { name: 'Hulpaanbod' }).locator('.regie-block', { hasText: 'gezinscoach' }).getByText('Gezinscoach', { exact: true }).waitFor();
  await check(municipality, 'beheer');
  const refused = await municipality.goto(`${regie.url}/huishoudens`);
  assert.equal(refused.status(), 403);
});
