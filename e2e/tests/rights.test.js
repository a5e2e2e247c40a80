// The family's rights of issue 14 in the browser: the mother downloads Mijn dossier, asks to correct an
// entry of the timeline, which the lead refuses on its page (every wrong field at once first); she adds her
// own statement beside the entry, which the case team sees on the household page; she complains about the
// refusal with the local team, which made it; the refusal comes with a letter (PDF) in the portal and on
// the household page; the lead who refused cannot judge her complaint (Awb art. 9:7). She asks to destroy
// the file, which the lead refuses on a ground the law allows, with a letter (Jeugdwet art. 7.3.9). She
// registers her lawyer, who reads the court proceedings with a code, without an account, until she stops it.
// A professional merges two records of one person on the household page, and undoes it.
// Every page axe-checked, the portal on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, newPage, openHousehold, signIn, useRegie } from './regie.js';

const regie = useRegie();
const main = (page) => page.locator('main').innerText();

test('a parent downloads her file, asks a correction the lead refuses, and adds her own statement', async () => {
  const mother = await newPage(regie.browser, 375);
  await signIn(mother, regie.url, 'demo-ouder');
  await mother.getByRole('heading', { name: 'Klopt er iets niet?' }).waitFor();
  // Mijn dossier, as a PDF to read and as JSON.
  const [pdf] = await Promise.all([
    mother.waitForEvent('download'),
    mother.getByRole('link', { name: 'Mijn dossier downloaden' }).click(),
  ]);
  assert.match(pdf.suggestedFilename(), /^mijn-dossier-\d{4}-\d{2}-\d{2}\.pdf$/);
  const [download] = await Promise.all([
    mother.waitForEvent('download'),
    mother.getByRole('link', { name: 'als gegevensbestand (JSON)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^mijn-dossier-\d{4}-\d{2}-\d{2}\.json$/);
  const copy = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')));
  assert.ok(copy.persons.some((p) => p.name.given === 'Ilse'), 'her own data');
  // A correction of the first entry of the timeline (its opening).
  const entries = mother.getByLabel('Waar gaat het over?');
  const first = await entries.locator('option').last().getAttribute('value');
  await entries.selectOption(first);
  await mother.getByLabel('Wat klopt er niet, en wat moet het zijn?').fill('Wij vroegen zelf om hulp; dat staat er niet.');
  await mother.getByRole('button', { name: 'Correctie vragen' }).click();
  await mother.getByText(/Correctie gevraagd; de vaste contactpersoon beslist uiterlijk/).first().waitFor();
  await check(mother, 'portaal-correctie-gevraagd');

  // The lead: every wrong field at once, then a refusal with its ground.
  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Verhoef');
  await local.getByRole('link', { name: /Correctieverzoek \d+ van .*: beslis uiterlijk/ }).first().click();
  await local.getByRole('heading', { name: /Correctieverzoek \d+/ }).waitFor();
  assert.match(await main(local), /Wij vroegen zelf om hulp/);
  await local.getByRole('button', { name: 'Beslissing vastleggen' }).click();
  await local.locator('#accepted-error').waitFor();
  await local.locator('#reason-error').waitFor();
  await check(local, 'correctie-beslissen-fout');
  await local.getByLabel('Afwijzen, met de grond').check();
  await local.getByLabel('Uitleg aan het gezin').fill('De zaak is geopend na een gesprek op school; dat blijft zo staan.');
  await local.getByRole('button', { name: 'Beslissing vastleggen' }).click();
  await local.getByText('Op dit verzoek is beslist.').waitFor();
  await check(local, 'correctie-beslist');

  // Her own statement beside the entry: both fields named at once when empty.
  await mother.reload();
  assert.match(await main(mother), /Correctieverzoek afgewezen/);
  // The refusal came with a letter in plain Dutch, listed in the portal as a PDF to download.
  const [letter] = await Promise.all([
    mother.waitForEvent('download'),
    mother.getByRole('link', { name: 'Wij passen uw gegevens niet aan' }).first().click(),
  ]);
  assert.match(letter.suggestedFilename(), /^brief-\d{4}-\d{2}-\d{2}-\d+\.pdf$/);
  await mother.getByRole('button', { name: 'Verklaring plaatsen' }).click();
  await mother.locator('#statement_entry-error').waitFor();
  await mother.locator('#statement-error').waitFor();
  await check(mother, 'portaal-eigen-verklaring-fout');
  await mother.getByLabel('Bij welk onderdeel?').selectOption(first);
  await mother.getByLabel('Uw verklaring').fill('Wij belden zelf het lokaal team, na het gesprek op school.');
  await mother.getByRole('button', { name: 'Verklaring plaatsen' }).click();
  await mother.getByText(/Eigen verklaring van Ilse Verhoef/).first().waitFor();
  await local.goto(`${regie.url}/huishoudens`);
  await openHousehold(local, regie.url, 'Verhoef');
  assert.match(await main(local), /Eigen verklaring van Ilse Verhoef .*Wij belden zelf het lokaal team/);
  await local.getByRole('heading', { name: 'Brieven aan het gezin' }).waitFor();
  assert.match(await main(local), /Wij passen uw gegevens niet aan[\s\S]*Aan Ilse Verhoef/);
  await check(local, 'huishouden-brieven');
});

test('a parent complains about a decision; the one who made it cannot judge the complaint', async () => {
  const mother = await newPage(regie.browser, 375);
  await signIn(mother, regie.url, 'demo-ouder');
  await mother.getByRole('heading', { name: 'Niet eens met een beslissing?' }).waitFor();
  // Nothing chosen: both fields named at once.
  await mother.getByRole('button', { name: 'Klacht indienen' }).click();
  await mother.locator('#complaint_entry-error').waitFor();
  await mother.locator('#complaint-error').waitFor();
  await check(mother, 'portaal-klacht-fout');
  const decisions = mother.getByLabel('Over welke beslissing?');
  // The lead's refusal of her correction (the test before): a decision of the local team.
  const decision = await decisions.locator('option', { hasText: 'Correctieverzoek afgewezen' }).first().getAttribute('value');
  await decisions.selectOption(decision);
  await mother.getByLabel('Uw klacht').fill('Er is besloten zonder dat wij erbij waren.');
  await mother.getByRole('button', { name: 'Klacht indienen' }).click();
  await mother.getByText(/in behandeling; beslissing uiterlijk/).first().waitFor();
  await check(mother, 'portaal-klacht-ingediend');

  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Verhoef');
  await local.getByRole('link', { name: /Klacht \d+ bij .*: beslissing uiterlijk/ }).first().click();
  await local.getByRole('heading', { name: /Klacht \d+/ }).waitFor();
  assert.match(await main(local), /Er is besloten zonder dat wij erbij waren/);
  await check(local, 'klacht');
  await local.getByRole('button', { name: 'Beslissing vastleggen' }).click();
  await local.locator('#finding-error').waitFor();
  await local.locator('#reason-error').waitFor();
  await check(local, 'klacht-beslissen-fout');
  // She refused the correction herself: a colleague who was not involved judges the complaint (Awb art. 9:7).
  await local.getByLabel('deels gegrond').check();
  await local.getByLabel('Uitleg aan het gezin').fill('U had erbij moeten zijn; het volgende overleg plannen wij met u.');
  await local.getByRole('button', { name: 'Beslissing vastleggen' }).click();
  await local.getByText(/U nam de beslissing zelf: een collega die er niet bij betrokken was, beslist op de klacht/).first().waitFor();
  await check(local, 'klacht-niet-zelf');
  await mother.reload();
  assert.match(await main(mother), /in behandeling; beslissing uiterlijk/);
});

test('a parent asks to destroy the file; the lead refuses on a ground the law allows, with a letter', async () => {
  const mother = await newPage(regie.browser, 375);
  await signIn(mother, regie.url, 'demo-ouder');
  await mother.getByRole('heading', { name: 'Uw dossier laten vernietigen' }).waitFor();
  // No reason needed: the right is hers.
  await mother.getByRole('button', { name: 'Vernietiging vragen' }).click();
  await mother.getByText(/Gevraagd op .*; de vaste contactpersoon beslist uiterlijk/).first().waitFor();
  await check(mother, 'portaal-vernietiging-gevraagd');

  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Verhoef');
  assert.match(await main(local), /Bewaartermijn: zolang de zaak loopt/);
  await local.getByRole('link', { name: /Verzoek \d+ om vernietiging van Ilse Verhoef: beslis uiterlijk/ }).click();
  await local.getByRole('heading', { name: /Verzoek \d+ om vernietiging/ }).waitFor();
  // Every wrong field at once, then a refusal on the interest of the children.
  await local.getByRole('button', { name: 'Beslissing vastleggen' }).click();
  await local.locator('#decision-error').waitFor();
  await local.locator('#reason-error').waitFor();
  await check(local, 'vernietiging-beslissen-fout');
  await local.getByLabel('Afwijzen: het bewaren is van groot belang voor iemand anders').check();
  await local.getByLabel('Uitleg aan het gezin').fill('Noor en Daan krijgen nog hulp; hun veiligheidsplan staat in het dossier.');
  await local.getByRole('button', { name: 'Beslissing vastleggen' }).click();
  await local.getByText(/afgewezen: het bewaren is van groot belang voor iemand anders/).waitFor();
  await check(local, 'vernietiging-beslist');

  // Her letter gives the ground.
  await mother.reload();
  assert.match(await main(mother), /afgewezen op .*Noor en Daan krijgen nog hulp/);
  const [letter] = await Promise.all([
    mother.waitForEvent('download'),
    mother.getByRole('link', { name: 'Wij vernietigen uw dossier niet' }).click(),
  ]);
  assert.match(letter.suggestedFilename(), /^brief-.*\.pdf$/);
});

test('a parent registers her lawyer, who reads the court proceedings with a code until she stops it', async () => {
  const mother = await newPage(regie.browser, 375);
  await signIn(mother, regie.url, 'demo-ouder');
  await mother.getByRole('heading', { name: 'Mijn advocaat' }).waitFor();
  // Every missing field at once.
  await mother.getByRole('button', { name: 'Advocaat vastleggen' }).click();
  await mother.locator('#lawyer_name-error').waitFor();
  await mother.locator('#lawyer_office-error').waitFor();
  await mother.locator('#lawyer_phone-error').waitFor();
  await check(mother, 'portaal-advocaat-fout');
  await mother.getByLabel('Naam van de advocaat').fill('mr. A. de Wit');
  await mother.getByLabel('Kantoor').fill('Wit Advocaten');
  await mother.getByLabel('E-mailadres').fill('wit@example.nl');
  await mother.getByRole('button', { name: 'Advocaat vastleggen' }).click();
  await mother.getByText(/mr\. A\. de Wit, Wit Advocaten/).waitFor();
  // Her consent: the code, shown once.
  await mother.getByRole('button', { name: 'Advocaat laten meelezen' }).click();
  const code = (await mother.locator('section[aria-labelledby="advocaat"] strong').innerText()).trim();
  assert.equal(code.length, 24);
  await check(mother, 'portaal-advocaat-code');

  // The lawyer, without an account, reads with the code.
  const lawyer = await newPage(regie.browser, 375);
  await lawyer.goto(`${regie.url}/advocaat`);
  await check(lawyer, 'advocaat');
  await lawyer.getByLabel('Toegangscode').fill(code);
  await lawyer.getByRole('button', { name: 'Inzien' }).click();
  await lawyer.getByRole('heading', { name: 'Stukken van de kinderrechter over Ilse Verhoef' }).waitFor();
  await check(lawyer, 'advocaat-stukken');

  // She stops it: the code opens nothing any more.
  await mother.getByRole('button', { name: 'Meelezen stoppen' }).click();
  await mother.getByRole('button', { name: 'Advocaat laten meelezen' }).waitFor();
  await lawyer.goto(`${regie.url}/advocaat`);
  await lawyer.getByLabel('Toegangscode').fill(code);
  await lawyer.getByRole('button', { name: 'Inzien' }).click();
  await lawyer.locator('#code-error').waitFor();
  await check(lawyer, 'advocaat-code-fout');
});

test('a professional merges two records of one person and undoes it', async () => {
  const page = await newPage(regie.browser, 375);
  await signIn(page, regie.url, 'demo-local-team');
  await openHousehold(page, regie.url, 'Koster');
  // Eva Koster is registered a second time, her name misspelt.
  await page.locator('summary', { hasText: 'Lid toevoegen' }).click();
  await page.getByLabel('Voornaam').fill('Eeva');
  await page.getByLabel('Achternaam').fill('Koster');
  await page.getByLabel('Geboortedatum').fill('1989-10-14');
  await page.getByLabel('Relatie tot het huishouden').selectOption({ label: 'ouder' });
  await page.getByRole('button', { name: 'Lid toevoegen' }).click();
  const members = page.getByRole('list', { name: 'Leden' });
  await members.getByText('Eeva Koster', { exact: true }).waitFor();

  // Every missing field at once, then the merge.
  await page.locator('summary', { hasText: 'Dubbel ingeschreven? Samenvoegen' }).click();
  await page.getByRole('button', { name: 'Samenvoegen', exact: true }).click();
  await page.locator('#retired-error').waitFor();
  await page.locator('#into-error').waitFor();
  await page.locator('#merge_reason-error').waitFor();
  await check(page, 'samenvoegen-fout');
  await page.getByLabel('Wie is dubbel ingeschreven?').selectOption({ label: 'Eeva Koster, geboren 14 oktober 1989' });
  await page.getByLabel('Dezelfde persoon als').selectOption({ label: 'Eva Koster, geboren 14 oktober 1989' });
  await page.getByLabel('Waarom is het dezelfde persoon?').fill('Zelfde geboortedatum en adres; de voornaam verkeerd gespeld.');
  await page.getByRole('button', { name: 'Samenvoegen', exact: true }).click();
  await page.getByText(/samengevoegd, door .*: “Zelfde geboortedatum/).waitFor();
  assert.equal(await members.getByText('Eeva Koster', { exact: true }).count(), 0);
  await check(page, 'samengevoegd');

  // Nothing new was recorded since: it can be undone.
  await page.getByRole('button', { name: 'Samenvoegen ongedaan maken' }).click();
  await members.getByText('Eeva Koster', { exact: true }).waitFor();
  await page.getByText(/Ongedaan gemaakt op/).waitFor();
});
