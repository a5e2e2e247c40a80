// The court route of issue 13 in the browser: the local team asks the Raad to investigate, the Raad accepts
// and requests a supervision (an incomplete conclusion names every missing field at once), the court hears
// the child of 14 and decides on a phone-sized screen, the case is mandatory by itself, and the GI finds the
// measures on its list and requests an extension. Every page axe-checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, newPage, openHousehold, signIn, useRegie, dutchDay } from './regie.js';

const regie = useRegie();
const main = (page) => page.locator('main').innerText();
const day = dutchDay;

test('a measure is walked from the local team through the Raad and the court to the GI', async () => {
  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Verhoef');
  // Parental authority: Ilse holds it over both children (the demo registered it); a correction of its
  // date is registered here, after an empty form names what is missing.
  assert.match(await main(local), /Noor Verhoef \(14 jaar\): Ilse Verhoef, sinds 24 september 2012/);
  await local.getByRole('link', { name: 'Gezag vastleggen of wijzigen' }).click();
  await local.getByRole('button', { name: 'Gezag vastleggen' }).click();
  await local.locator('#child-error').waitFor();
  await local.locator('#since-error').waitFor();
  await check(local, 'gezag-fout');
  await local.getByLabel('Over welk kind').selectOption({ label: 'Daan Verhoef (8 jaar)' });
  await local.getByLabel('Wie heeft het gezag').selectOption({ label: 'Ilse Verhoef' });
  await local.getByLabel('Sinds').fill('2018-06-01');
  await local.getByRole('button', { name: 'Gezag vastleggen' }).click();
  assert.match(await main(local), /Daan Verhoef \(8 jaar\): Ilse Verhoef, sinds 1 juni 2018/);
  await local.getByRole('link', { name: 'Kinderbescherming: Raad, rechter en maatregelen' }).click();
  await local.getByRole('heading', { name: 'Kinderbescherming', level: 1 }).waitFor();
  await check(local, 'kinderbescherming-zaak');
  await local.getByLabel('Waarom vraagt u een onderzoek?').fill('De afspraken over veiligheid worden niet nagekomen.');
  await local.getByRole('button', { name: 'Onderzoek vragen' }).click();
  await local.getByText('Onderzoek 1 door de Raad voor de Kinderbescherming').waitFor();

  const raad = await newPage(regie.browser);
  await signIn(raad, regie.url, 'demo-rvdk');
  await raad.getByRole('link', { name: 'Kinderbescherming' }).first().click();
  await raad.getByRole('heading', { name: 'Kinderbescherming', level: 1 }).waitFor();
  await check(raad, 'kinderbescherming-werklijst-raad');
  await raad.getByRole('link', { name: 'Huishouden Verhoef' }).click();
  await raad.getByRole('button', { name: 'Onderzoek aannemen' }).click();
  await raad.getByRole('button', { name: 'Onderzoek afronden' }).click();
  // Nothing chosen: every missing field is named at once, next to its field.
  await raad.locator('#kinds-error').waitFor();
  for (const field of ['children', 'executor', 'grounds']) {
    await raad.locator(`#${field}-error`).waitFor();
  }
  await check(raad, 'kinderbescherming-afronden-fout');
  await raad.getByLabel('Ondertoezichtstelling', { exact: true }).check();
  await raad.getByLabel(/Noor Verhoef/).check();
  await raad.getByLabel(/Daan Verhoef/).check();
  await raad.getByLabel('Gronden van het verzoek').fill('De ontwikkeling van Noor en Daan is ernstig bedreigd.');
  // The jeugdbeschermer found by the form's own search: what was filled in stays, and nothing is sent yet.
  await raad.getByLabel('Jeugdbeschermer zoeken').fill('verbeek');
  await raad.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await raad.getByText('1 professional gevonden met “verbeek”.').waitFor();
  assert.equal(await raad.getByLabel('Gronden van het verzoek').inputValue(), 'De ontwikkeling van Noor en Daan is ernstig bedreigd.');
  assert.ok(await raad.getByLabel(/Noor Verhoef/).isChecked());
  assert.ok(await raad.getByLabel('Ondertoezichtstelling', { exact: true }).isChecked());
  assert.equal(await raad.locator('.utrecht-form-field-error-message').count(), 0);
  await raad.getByLabel('Welke jeugdbeschermer voert de maatregel uit?').selectOption({ label: 'Anouk Verbeek (Jeugdbescherming Regio Voorbeeld)' });
  await raad.getByRole('button', { name: 'Onderzoek afronden' }).click();
  await raad.getByText(/Verzoek 1 aan de rechtbank: ondertoezichtstelling/).waitFor();
  // Until the court decides, the Raad can name another jeugdbeschermer of the same GI in its request.
  await raad.getByRole('heading', { name: 'Andere jeugdbeschermer in een verzoek' }).waitFor();
  assert.match(await main(raad), /Verzoek 1, nu met Anouk Verbeek \(Jeugdbescherming Regio Voorbeeld\)\./);
  await check(raad, 'kinderbescherming-verzoek-ingediend');

  // The court, on a phone: the inbox, the request's minimal data, the hearing and the decision.
  const court = await newPage(regie.browser, 375);
  await signIn(court, regie.url, 'demo-court');
  await court.getByRole('link', { name: 'Kinderbescherming' }).first().click();
  await court.getByRole('link', { name: 'Huishouden Verhoef' }).click();
  await court.getByRole('heading', { name: /Verzoek 1/ }).waitFor();
  assert.match(await main(court), /Noor Verhoef<?\/?s?t?r?o?n?g?>?, 14 jaar: krijgt de gelegenheid om gehoord te worden/);
  assert.doesNotMatch(await main(court), /Veiligheidsplan|Analyse/, 'the court sees no file');
  assert.doesNotMatch(await main(court), /afspraken over veiligheid/, 'nor the local team\'s own words');
  assert.match(await main(court), /Onderzoek van de Raad, gevraagd op .*, afgerond op /);
  await check(court, 'rechtbank-verzoek');
  await court.getByLabel('Datum van de zitting').fill(day(0));
  await court.getByRole('button', { name: 'Zitting plannen' }).click();
  await court.getByText(/Zitting op/).waitFor();
  // Nothing chosen or written: the decision and its words are named together.
  await court.getByRole('button', { name: 'Beschikking vastleggen' }).click();
  await court.locator('#outcome-error').waitFor();
  await court.getByRole('alert').locator('a[href="#outcome"]').waitFor();
  assert.match(await court.locator('#reason-error').innerText(), /\S/);
  // Deciding without recording Noor's hearing is refused, naming the rule.
  await court.getByLabel('toegewezen', { exact: true }).check();
  await court.getByLabel('ondertoezichtstelling', { exact: true }).check();
  await court.getByLabel('Einddatum ondertoezichtstelling').fill(day(365));
  await court.getByLabel('De beschikking in woorden').fill('De kinderrechter stelt Noor en Daan onder toezicht voor een jaar.');
  await court.getByRole('button', { name: 'Beschikking vastleggen' }).click();
  await court.locator('#heard-error').waitFor();
  assert.match(await court.locator('#heard-error').innerText(), /Leg voor elk kind van 12 jaar of ouder vast/);
  await check(court, 'rechtbank-beschikking-fout');
  await court.getByRole('group', { name: /Noor Verhoef/ }).getByLabel('Gehoord', { exact: true }).check();
  await court.getByRole('button', { name: 'Beschikking vastleggen' }).click();
  await court.getByRole('heading', { name: 'Kinderbescherming', level: 1 }).waitFor();

  // The case is mandatory by itself; the GI finds the measures and requests an extension.
  await local.reload();
  assert.match(await main(local), /Het kader van deze zaak is nu: gedwongen/);
  assert.match(await main(local), /Hoger beroep kan tot en met/);
  // The mother reads the measure, until when she can appeal and her right to a lawyer, on a phone.
  const mother = await newPage(regie.browser, 375);
  await signIn(mother, regie.url, 'demo-ouder');
  await mother.getByRole('heading', { name: 'De kinderrechter' }).waitFor();
  assert.match(await main(mother), /Ondertoezichtstelling voor Noor Verhoef, sinds .* tot /);
  assert.match(await main(mother), /in hoger beroep gaan bij het gerechtshof/);
  await check(mother, 'portaal-kinderrechter');
  const gi = await newPage(regie.browser);
  await signIn(gi, regie.url, 'demo-gi');
  await gi.getByRole('link', { name: 'Kinderbescherming' }).first().click();
  assert.match(await main(gi), /Huishouden Verhoef/);
  // Noor's and Daan's supervision: one line for the case, not one per child.
  assert.match(await main(gi), /Maatregel loopt \(2 maatregelen\)/);
  assert.match(await main(gi), /Op de lijst: 1–\d+ van \d+\./);
  await check(gi, 'kinderbescherming-werklijst-gi');
  // Only the measures Anouk executes (and what nobody has yet), and back to the whole organisation's.
  await gi.getByRole('link', { name: 'Toon alleen uw werk en wat nog niemand heeft' }).click();
  await gi.getByText(/U ziet uw eigen werk \(de maatregelen die u uitvoert\)/).waitFor();
  assert.match(await main(gi), /Huishouden Verhoef/);
  await check(gi, 'kinderbescherming-werklijst-gi-eigen');
  await gi.getByRole('link', { name: 'Toon al het werk van uw organisatie' }).click();
  await gi.getByText(/U ziet al het werk van uw organisatie/).waitFor();
  await gi.locator('.regie-block', { hasText: 'Huishouden Verhoef' }).first().getByRole('link').click();
  await gi.getByRole('checkbox', { name: /Noor Verhoef/ }).check();
  await gi.getByRole('checkbox', { name: /Daan Verhoef/ }).check();
  await gi.getByLabel('Gronden van het verzoek tot verlenging').fill('De zorgen zijn er nog.');
  await gi.getByRole('button', { name: 'Verlenging aanvragen' }).click();
  await gi.getByText(/Verzoek 2 aan de rechtbank: verlenging/).waitFor();
  await check(gi, 'kinderbescherming-verlenging');
  // Handing the measures over to another jeugdbeschermer of the GI: its own people to choose from, and
  // every wrong field named at once.
  const handOver = gi.locator('section', { has: gi.getByRole('heading', { name: 'Maatregelen overdragen' }) });
  assert.ok((await handOver.locator('option', { hasText: 'Jeugdbescherming Regio Voorbeeld' }).count()) >= 2);
  assert.equal(await handOver.locator('option', { hasText: 'Lokaal team' }).count(), 0);
  await handOver.getByRole('button', { name: 'Overdragen' }).click();
  await gi.locator('#to-error').waitFor();
  assert.match(await gi.locator('#to-error').innerText(), /Kies de jeugdbeschermer die de maatregelen overneemt\./);
  assert.match(await gi.locator('#handover_reason-error').innerText(), /Vul de reden in\./);
  assert.match(await main(gi), /Jeugdbeschermer: Anouk Verbeek/);
  await check(gi, 'kinderbescherming-overdragen-fout');
});

test('the OM and the Reclassering see only their own tracks; the case team asks to coordinate', async () => {
  const om = await newPage(regie.browser, 375);
  await signIn(om, regie.url, 'demo-om');
  await om.getByRole('link', { name: 'Trajecten' }).first().click();
  await om.getByRole('heading', { name: 'Trajecten', level: 1 }).waitFor();
  assert.match(await main(om), /strafzaak \(10\/226041-26\), vervolging ingesteld/);
  assert.doesNotMatch(await main(om), /RN-2026-4471|Bakker/, 'nothing of the household, nor the Reclassering\'s');
  await check(om, 'trajecten-om');
  // The OM's own request for a measure: every missing field at once.
  await om.getByRole('button', { name: 'Verzoek indienen' }).click();
  for (const field of ['track', 'kind', 'executor', 'grounds']) {
    await om.locator(`#${field}-error`).waitFor();
  }
  await check(om, 'trajecten-om-verzoek-fout');

  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Bakker');
  assert.match(await main(local), /Mark Bakker: strafzaak \(10\/226041-26\), vervolging ingesteld/);
  await local.getByRole('button', { name: /Vraag om afstemming over Mark Bakker: strafzaak/ }).click();
  await local.getByText(/om afstemming gevraagd/).first().waitFor();

  await om.reload();
  assert.match(await main(om), /Het zaakteam vraagt om afstemming: Fatima El Amrani/);
  const rc = await newPage(regie.browser);
  await signIn(rc, regie.url, 'demo-reclassering');
  await rc.getByRole('link', { name: 'Trajecten' }).first().click();
  assert.match(await main(rc), /reclasseringstoezicht \(RN-2026-4471\)/);
  assert.doesNotMatch(await main(rc), /10\/226041-26/);
  await check(rc, 'trajecten-reclassering');
});

test('the Raad requests the extension the GI did not ask for, in the measure\'s last weeks', async () => {
  // The demo has a supervision ending in four weeks without an extension request (art. 1:260 lid 1 BW).
  const raad = await newPage(regie.browser, 375);
  await signIn(raad, regie.url, 'demo-rvdk');
  await raad.getByRole('link', { name: 'Kinderbescherming' }).first().click();
  const line = raad.locator('.regie-block', { hasText: 'de GI heeft geen verlenging gevraagd' }).first();
  await line.waitFor();
  await line.getByRole('link').click();
  await raad.getByRole('heading', { name: 'Verlenging aanvragen' }).waitFor();
  assert.match(await main(raad), /Daarom mag de Raad of het OM de verlenging nu zelf vragen/);
  // Nothing chosen and no grounds: both named at once, next to their fields.
  await raad.getByRole('button', { name: 'Verlenging aanvragen' }).click();
  await raad.locator('#measures-error').waitFor();
  await raad.locator('#extension_grounds-error').waitFor();
  await check(raad, 'kinderbescherming-raad-verlenging-fout');
  for (const box of await raad.getByRole('group', { name: 'Welke maatregelen moeten verlengd worden?' }).getByRole('checkbox').all()) {
    await box.check();
  }
  await raad.getByLabel('Gronden van het verzoek tot verlenging').fill('De GI vroeg geen verlenging; de zorgen zijn er nog.');
  await raad.getByRole('button', { name: 'Verlenging aanvragen' }).click();
  await raad.getByText(/Verzoek 2 aan de rechtbank: verlenging/).waitFor();
  // Once every child's measure is asked for, the form is gone: the extension waits at the court.
  assert.equal(await raad.getByRole('heading', { name: 'Verlenging aanvragen' }).count(), 0);
  await check(raad, 'kinderbescherming-raad-verlenging');
});
