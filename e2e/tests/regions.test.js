// Several pilot regions (F26): the second demo region's functional administrator changes its route variant on
// the Beheer page (every wrong field named at once), and its local team's case pages follow the variant at
// once; nothing of the first region is found from the second; the municipality puts the regions side by
// side. Every page axe-clean, on a phone too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertInView, check, newPage, signIn, useRegie } from './regie.js';

const regie = useRegie();
const main = (page) => page.locator('main').innerText();

/** The case pages of a professional's own households: each case's `/zaken/{id}` prefix. */
async function casePaths(page) {
  await page.goto(`${regie.url}/huishoudens`);
  // Every household's name starts with "Huishouden": the search lists all of one's own.
  await page.getByLabel('Naam, geboortedatum of BSN').fill('Huishouden');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await page.waitForLoadState('load');
  const households = await page.locator('main a[href^="/huishoudens/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const cases = [];
  for (const h of households.filter((href) => /^\/huishoudens\/[0-9a-f-]{36}$/.test(href))) {
    await page.goto(`${regie.url}${h}`);
    const frame = await page.locator('a[href$="/kader"]').first().getAttribute('href').catch(() => null);
    if (frame) cases.push(frame.replace(/\/kader$/, ''));
  }
  return cases;
}

/** The forms of scaling up the scale-up page of each case offers, and whether its frame page offers drang. */
async function routeOffers(page, cases) {
  const forms = new Set();
  let drang = 0;
  for (const c of cases) {
    await page.goto(`${regie.url}${c}/opschalen`);
    for (const label of await page.locator('fieldset#form label').allInnerTexts()) forms.add(label.trim());
    await page.goto(`${regie.url}${c}/kader`);
    drang += await page.getByRole('radio', { name: 'drang' }).count();
  }
  return { forms: [...forms].sort(), drang };
}

test('the second region sets its own route variant and its local team follows it', async () => {
  const admin = await newPage(regie.browser, 375);
  await signIn(admin, regie.url, 'demo-beheer-zuidwaard');
  await admin.getByRole('link', { name: 'Beheer' }).click();
  await admin.getByRole('heading', { name: 'Beheer van Proeftuin Zuidwaard', level: 1 }).waitFor();
  await check(admin, 'beheer-zuidwaard-375px');
  // The variant as the demo set it: no transfer, the RVT leads joint work, the local team may apply drang.
  const forms = admin.locator('fieldset#forms');
  assert.equal(await forms.getByRole('checkbox', { name: 'overdracht' }).isChecked(), false);
  assert.equal(await admin.getByRole('radio', { name: /De professional van het RVT, met/ }).isChecked(), true);
  assert.equal(await admin.getByRole('radio', { name: 'Ja, na een beantwoorde consultatie' }).isChecked(), true);
  // The shared language inline beside the choices.
  assert.match(await main(admin), /Samenwerking: /);
  // No form of scaling up left: refused with a whole Dutch sentence, and nothing changed.
  for (const name of ['consultatie', 'samenwerking']) await forms.getByRole('checkbox', { name }).uncheck();
  await admin.getByRole('button', { name: 'Routevariant opslaan' }).click();
  const alert = admin.getByRole('alert');
  await alert.getByText('Kies ten minste één vorm van opschalen: consultatie, samenwerking of overdracht.').first().waitFor();
  await check(admin, 'beheer-routevariant-fout-375px');
  await assertInView(admin, admin.getByRole('button', { name: 'Routevariant opslaan' }), 'de knop');

  const pro = await newPage(regie.browser);
  await signIn(pro, regie.url, 'demo-zuidwaard');
  const cases = await casePaths(pro);
  assert.ok(cases.length >= 10, `the second region's cases: ${cases.length}`);
  const before = await routeOffers(pro, cases);
  assert.deepEqual(before.forms, ['consultatie', 'samenwerking'], 'no transfer in this region');
  assert.ok(before.drang >= 1, 'the local team may apply drang after an answered consultation');
  await pro.goto(`${regie.url}${cases[0]}/opschalen`);
  await check(pro, 'opschalen-zuidwaard');

  // The administrator allows transfers and takes drang back from the local team: the pages follow at once.
  await admin.goto(`${regie.url}/beheer`);
  await forms.getByRole('checkbox', { name: 'overdracht' }).check();
  await admin.getByRole('radio', { name: 'Nee, alleen Veilig Thuis, de Raad of de GI' }).check();
  await admin.getByRole('button', { name: 'Routevariant opslaan' }).click();
  await admin.getByRole('heading', { name: 'Beheer van Proeftuin Zuidwaard', level: 1 }).waitFor();
  assert.equal(await forms.getByRole('checkbox', { name: 'overdracht' }).isChecked(), true);
  const after = await routeOffers(pro, cases);
  assert.deepEqual(after.forms, ['consultatie', 'overdracht', 'samenwerking']);
  assert.equal(after.drang, 0);

  // The other region is out of reach: not found by name, not even as known elsewhere.
  await pro.goto(`${regie.url}/huishoudens`);
  await pro.getByLabel('Naam, geboortedatum of BSN').fill('Koster');
  await pro.getByRole('button', { name: 'Zoeken' }).click();
  await pro.waitForLoadState('load');
  assert.doesNotMatch(await main(pro), /Koster/);
});

test('the first region keeps its own variant, and its administrator adds a team', async () => {
  const admin = await newPage(regie.browser);
  await signIn(admin, regie.url, 'demo-beheer');
  await admin.getByRole('link', { name: 'Beheer' }).click();
  await admin.getByRole('heading', { name: 'Beheer van Regio Voorbeeld', level: 1 }).waitFor();
  assert.equal(await admin.locator('fieldset#forms').getByRole('checkbox', { name: 'overdracht' }).isChecked(), true);
  // Every wrong field of the team form at once.
  await admin.getByRole('button', { name: 'Team toevoegen' }).click();
  const alert = admin.getByRole('alert');
  await alert.getByText('Kies de organisatie waar het team bij hoort.').first().waitFor();
  await admin.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Veilig Thuis Regio Voorbeeld' });
  await admin.getByLabel('Naam van het team').fill('Team Crisisdienst');
  await admin.getByRole('button', { name: 'Team toevoegen' }).click();
  await admin.getByRole('heading', { name: 'Beheer van Regio Voorbeeld', level: 1 }).waitFor();
  assert.match(await main(admin), /Team Crisisdienst/);
  await check(admin, 'beheer-voorbeeld');
  // The municipality reads the variant but does not change it.
  const municipality = await newPage(regie.browser);
  await signIn(municipality, regie.url, 'demo-municipality');
  await municipality.goto(`${regie.url}/beheer`);
  assert.match(await main(municipality), /Vormen van opschalen\s+consultatie, samenwerking, overdracht/);
  assert.equal(await municipality.getByRole('button', { name: 'Routevariant opslaan' }).count(), 0);
});

test('the municipality compares the pilot regions on aggregates only', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-municipality');
  await page.getByRole('link', { name: "Regio's vergelijken" }).click();
  await page.getByRole('heading', { name: "Regio's vergelijken", level: 1 }).waitFor();
  const table = page.locator('section[aria-labelledby="region_comparison"] table');
  assert.deepEqual(
    (await table.locator('thead th').allInnerTexts()).slice(1).map((t) => t.trim()),
    ['Proeftuin Zuidwaard', 'Regio Voorbeeld'],
  );
  const text = await main(page);
  assert.match(text, /Instroom bij Veilig Thuis/);
  assert.doesNotMatch(text, /Verhoef|Koster|\b\d{9}\b/);
  await check(page, 'regios-vergelijken');
  // A period backwards is refused with both fields named.
  await page.getByLabel('Eerste maand').fill('2026-06');
  await page.getByLabel('Laatste maand').fill('2026-01');
  await page.getByRole('button', { name: "Regio's vergelijken" }).click();
  await page.getByRole('alert').waitFor();
  await check(page, 'regios-vergelijken-fout');
});
