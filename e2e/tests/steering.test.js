// The municipality's figures for steering (F22): demo-municipality opens the dashboard over the demo
// region's three years of history, sees charts with their tables, chooses a municipality and a period, gets
// every wrong field named at once, downloads the CSV, and finds no name, BSN or address anywhere; on a phone
// the tables stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertInView, check, newPage, signIn, useRegie } from './regie.js';

const regie = useRegie();
const main = (page) => page.locator('main').innerText();

test('the municipality sees the chain in figures, never a person', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-municipality');
  // The municipality starts on its figures.
  await page.getByRole('heading', { name: 'Stuurinformatie', level: 1 }).waitFor();
  const region = await main(page);
  assert.match(region, /Regio Voorbeeld \(hele regio\)/);
  for (const title of [
    'Instroom bij Veilig Thuis per maand',
    'Instroom bij Veilig Thuis naar bron',
    'Instroom bij Veilig Thuis per wijk',
    'Van melding tot veiligheidsbeoordeling',
    'Doorlooptijd per fase',
    'Wachttijd per hulpsoort',
    'Open zaken per fase',
    'Open zaken per wettelijk kader',
    'Open zaken per team',
    'Regiewissels per afgesloten zaak',
    'Opschalen en afschalen',
    'Kinderbeschermingsmaatregelen per soort',
    'Processen van ketenpartners',
    'Verwachte instroom bij Veilig Thuis',
    'Verwachte wachttijd per hulpsoort',
  ]) {
    await page.getByRole('heading', { name: title, level: 3, exact: true }).waitFor();
  }
  // Each chart is an image with its numbers in the table beside it; small counts are hidden.
  assert.ok((await page.getByRole('img', { name: /^Grafiek: / }).count()) >= 8);
  // A chart of two series has a legend whose keys show the series' colours (drawn, as the page's content
  // policy allows no inline style).
  const keys = await page
    .locator('.regie-chart-legend .regie-chart-key rect')
    .evaluateAll((rects) => rects.map((r) => getComputedStyle(r).fill));
  assert.ok(keys.includes('rgb(1, 104, 155)') && keys.includes('rgb(169, 0, 97)'), `legend keys: ${keys.join('; ')}`);
  assert.match(region, /<10/);
  assert.match(region, /9991/, 'inflow per postcode area');
  // The shared language beside the figures: each table's terms with their definitions, linked to all terms.
  assert.match(region, /Een wissel van regie heet een regiewissel\./);
  assert.equal(await page.getByRole('link', { name: 'drang', exact: true }).getAttribute('href'), '/begrippen#pressure');
  // The partners' steps, against the region's norm, without content.
  assert.match(region, /Veilig Thuis: veiligheidsbeoordeling\s+(<10|\d+)\s+5 werkdagen/);
  assert.match(region, /Raad voor de Kinderbescherming: onderzoek\s+(<10|\d+)\s+70 dagen/);
  // The forecasts: three months of expected inflow from the three years of history, each with its band,
  // and how far off the method was on that history.
  const expected = page.locator('section[aria-labelledby="forecast_inflow"] table tbody tr');
  assert.equal(await expected.count(), 3);
  const [value, low, high] = (await expected.first().locator('td').allInnerTexts()).map(Number);
  assert.ok(low <= value && value <= high, `${low} ≤ ${value} ≤ ${high}`);
  assert.match(region, /zat deze methode gemiddeld \d+% naast de werkelijke instroom/);
  // Counts are rounded to five: every plain number in a count column ends in 0 or 5.
  const counts = await page.locator('section[aria-labelledby="inflow_by_source"] table td').allInnerTexts();
  assert.ok(counts.length > 0);
  for (const c of counts) assert.match(c, /^(<10|\d*[05])$/, `a count rounded to 5: ${c}`);
  // Nothing of a person: no names of the demo's families, no BSN-shaped number, no street.
  assert.doesNotMatch(region, /Verhoef|Jansen|de Vries|Lindelaan|\b\d{9}\b/);
  await check(page, 'stuurinformatie');

  // One municipality over a period of its own.
  await page.getByLabel('Gemeente').selectOption({ label: 'Gemeente Dijkdorp' });
  await page.getByLabel('Eerste maand').fill('2025-01');
  await page.getByLabel('Laatste maand').fill('2025-06');
  await page.getByRole('button', { name: 'Cijfers tonen' }).click();
  await page.getByRole('heading', { name: /Gemeente Dijkdorp: januari 2025 – juni 2025/ }).waitFor();
  const dijkdorp = await main(page);
  assert.match(dijkdorp, /Vergeleken met juli 2024 – december 2024/);
  assert.match(dijkdorp, /9996/);
  assert.doesNotMatch(dijkdorp, /9991/, "Voorbeeldstad's areas are not Dijkdorp's");

  // The CSV holds the same figures.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Alle cijfers als CSV downloaden' }).click();
  const csv = await (await download).createReadStream();
  let text = '';
  for await (const chunk of csv) text += chunk;
  assert.match(text, /^tabel,rij,kolom,waarde\n/);
  assert.match(text, /Instroom bij Veilig Thuis per wijk,9996,Deze periode,/);
  assert.doesNotMatch(text, /Verhoef|\b\d{9}\b/);

  // A period backwards and in the future: both fields named at once, in whole sentences.
  await page.getByLabel('Eerste maand').fill('2026-06');
  await page.getByLabel('Laatste maand').fill('2099-01');
  await page.getByRole('button', { name: 'Cijfers tonen' }).click();
  await page.getByRole('heading', { name: 'Dit is nog niet goed ingevuld' }).waitFor();
  const refused = await main(page);
  assert.match(refused, /Kies als laatste maand deze maand of een eerdere/);
  await check(page, 'stuurinformatie-fout');
});

test('on a phone the figures stack and stay on screen', async () => {
  const page = await newPage(regie.browser, 375);
  await signIn(page, regie.url, 'demo-municipality');
  await page.getByRole('heading', { name: 'Stuurinformatie', level: 1 }).waitFor();
  const cell = page.locator('section[aria-labelledby="help_wait"] table tbody tr').first().locator('td').last();
  await assertInView(page, cell, 'the last column of the waiting times');
  await check(page, 'stuurinformatie-telefoon');
});

test('a professional has no figures for steering', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-local-team');
  assert.equal(await page.getByRole('link', { name: 'Stuurinformatie' }).count(), 0);
  const response = await page.goto(`${regie.url}/stuurinformatie`);
  assert.equal(response.status(), 403);
});
