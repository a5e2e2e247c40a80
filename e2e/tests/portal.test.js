// A parent reads their household's plan, adds their own words and score, disagrees with a plan version,
// and is refused another household's page; the professional sees what the family added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertInView, check, newPage, openHousehold, signIn, useRegie } from './regie.js';

const regie = useRegie();

test('a parent reads the plan, adds words and a score, disagrees, and cannot open another household', async () => {
  const parent = await newPage(regie.browser);
  await signIn(parent, regie.url, 'demo-ouder');
  await parent.getByRole('heading', { name: 'Huishouden Verhoef' }).waitFor();
  const portal = await parent.locator('main').innerText();
  assert.match(portal, /Uw contactpersoon[\s\S]*Fatima El Amrani van Lokaal team Voorbeeldstad-Noord\s+Telefoon: 020 123 45 \d\d\s+E-mail: demo-local-team@regie-demo\.example/);
  assert.match(portal, /Het veiligheidsplan[\s\S]*Versie 1/);
  assert.match(portal, /Aanmelden bij de schuldhulpverlening/);
  assert.match(portal, /In eigen woorden: /);
  assert.match(portal, /Zaak geopend, kader vrijwillig[\s\S]*Reden: Ilse vraagt hulp/);
  await check(parent, 'portaal');

  // A score of 12 is refused next to the field; the words stay.
  await parent.getByLabel('In uw eigen woorden').fill('Het gaat beter sinds oma helpt.');
  await parent.getByLabel('Uw cijfer (0 tot 10)').fill('12');
  await parent.getByRole('button', { name: 'Toevoegen' }).click();
  await parent.locator('#score-error').waitFor();
  assert.equal(await parent.getByLabel('In uw eigen woorden').inputValue(), 'Het gaat beter sinds oma helpt.');
  await check(parent, 'portaal-fout');
  await parent.getByLabel('Uw cijfer (0 tot 10)').fill('6');
  await parent.getByRole('button', { name: 'Toevoegen' }).click();
  await parent.getByText('Eigen woorden en veiligheidscijfer 6 toegevoegd').waitFor();

  await parent.getByLabel('Nee, ik ben het niet eens').check();
  await parent.getByLabel('Waarom niet, of wat wilt u nog zeggen?').fill('De afspraak over de schuldhulp gaat te snel.');
  await parent.getByRole('button', { name: 'Antwoord geven' }).click();
  await parent.getByText('Niet eens met veiligheidsplan versie 1').waitFor();
  assert.match(await parent.locator('main').innerText(), /Ilse gaf op .* in het portaal aan het niet eens te zijn met deze versie: “De afspraak over de schuldhulp gaat te snel\.” Uw contactpersoon/);
  await check(parent, 'portaal-na-antwoord');

  // The professional finds both on the household page.
  const pro = await newPage(regie.browser);
  await signIn(pro, regie.url, 'demo-local-team');
  await openHousehold(pro, regie.url, 'Koster');
  const koster = pro.url();
  await openHousehold(pro, regie.url, 'Verhoef');
  const hoekstra = pro.url();
  const file = await pro.locator('main').innerText();
  assert.match(file, /Ilse, .*: Niet eens met veiligheidsplan versie 1 — “De afspraak over de schuldhulp gaat te snel\.”/);
  assert.match(file, /Ilse, .*: Eigen woorden en veiligheidscijfer 6 toegevoegd/);

  // The parent tries the professionals' pages of another household, and of their own: refused.
  for (const url of [koster, hoekstra]) {
    const response = await parent.goto(url);
    assert.equal(response.status(), 403);
    await parent.getByRole('heading', { name: 'Geen toegang' }).waitFor();
    assert.doesNotMatch(await parent.locator('main').innerText(), /Koster|Verhoef/);
  }
  await check(parent, 'portaal-geen-toegang');
});

test('a youth of 14 reads the portal of their own household, spoken to as "je", and what she writes stays hers', async () => {
  const youth = await newPage(regie.browser, 375);
  await signIn(youth, regie.url, 'demo-jongere');
  await youth.getByRole('heading', { name: 'Huishouden Verhoef' }).waitFor();
  assert.match(await youth.locator('header').innerText(), /Noor/);
  const page = await youth.locator('main').innerText();
  assert.match(page, /Hier zie je wat er met jouw gezin is afgesproken/);
  // The mother's words (added unshared in the test above) are not hers to read.
  assert.doesNotMatch(page, /Het gaat beter sinds oma helpt/);
  await check(youth, 'portaal-jongere-375px');
  const action = youth.getByRole('list', { name: 'Wie doet wat' }).locator('li').first();
  for (const key of ['Wie', 'Wanneer klaar', 'Stand']) {
    await assertInView(youth, action.locator('.utrecht-data-list__item', { hasText: key }).locator('dd'), `actie: ${key}`);
  }

  await youth.getByLabel('In je eigen woorden').fill('Ik wil dat het thuis rustiger wordt.');
  await youth.getByLabel('Jouw cijfer (0 tot 10)').fill('4');
  await youth.getByRole('button', { name: 'Toevoegen' }).click();
  await youth.getByText('Jouw laatste cijfer: 4').waitFor();

  // The mother does not read it; the professional does.
  const parent = await newPage(regie.browser);
  await signIn(parent, regie.url, 'demo-ouder');
  await parent.getByRole('heading', { name: 'Huishouden Verhoef' }).waitFor();
  assert.doesNotMatch(await parent.locator('main').innerText(), /rustiger/);
  const pro = await newPage(regie.browser);
  await signIn(pro, regie.url, 'demo-local-team');
  await openHousehold(pro, regie.url, 'Verhoef');
  assert.match(await pro.locator('main').innerText(), /Noor, .*: Eigen woorden en veiligheidscijfer 4 toegevoegd/);
});
