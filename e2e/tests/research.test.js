// Action research (F24): demo-onderzoeker opens the client journeys' map over the demo region's generated
// history, downloads the research export as CSV and JSON and finds it k-anonymous (k computed here, on the
// files themselves) and without a name or BSN; a wrong period is named; on a phone the tables stack; a
// municipality has no research pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertInView, check, newPage, signIn, useRegie } from './regie.js';

const regie = useRegie();
const main = (page) => page.locator('main').innerText();

/** The text of a download started by clicking `link`. */
async function downloaded(page, link) {
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: link }).click();
  let text = '';
  for await (const chunk of await (await download).createReadStream()) text += chunk;
  return text;
}

/** The fields of one CSV line (RFC 4180: quoted fields may hold commas and doubled quotes). */
function fields(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') { field += '"'; i++; }
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { out.push(field); field = ''; }
    else field += c;
  }
  out.push(field);
  return out;
}

/** The smallest number of lines sharing the five quasi-identifiers. */
function smallestGroup(lines) {
  const groups = new Map();
  for (const q of lines) {
    const key = JSON.stringify(q.slice(0, 5));
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return Math.min(...groups.values());
}

test('a researcher sees the journeys and downloads a k-anonymous export', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-onderzoeker');
  await page.getByRole('heading', { name: 'Onderzoek', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Klantreizen: van fase naar fase', level: 3 }).waitFor();
  const shown = await main(page);
  assert.match(shown, /Vraag → analyse/);
  // The experience questionnaires, as aggregates only.
  await page.getByRole('heading', { name: 'Ervaringen van ouders', level: 3 }).waitFor();
  assert.ok((await page.getByRole('img', { name: /^Grafiek: / }).count()) >= 3);
  assert.doesNotMatch(shown, /Verhoef|Jansen|de Vries|Lindelaan|\b\d{9}\b/);
  // No file, no figures for steering: only research.
  assert.equal(await page.getByRole('link', { name: 'Huishoudens' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Stuurinformatie' }).count(), 0);
  await check(page, 'onderzoek');

  const csv = await downloaded(page, 'Export als CSV downloaden');
  const lines = csv.trimEnd().split('\n');
  assert.match(lines[0], /^# Onderzoeksexport Regie, Regio Voorbeeld: de zaken geopend /);
  const reached = /k = (\d+)/.exec(lines[1]);
  assert.ok(reached, lines[1]);
  assert.equal(lines[2], 'woonplaats,leeftijd_jongste_kind,huishouden,geopend,gesloten,route,kaders,opschalingen,maatregelen,regiewissels');
  const rows = lines.slice(3).map(fields);
  assert.ok(rows.length >= 5, `lines in the export: ${rows.length}`);
  for (const r of rows) assert.equal(r.length, 10, r.join('|'));
  const k = smallestGroup(rows);
  assert.ok(k >= 5, `k = ${k}`);
  assert.equal(k, Number(reached[1]), 'the k the export states is the k of its lines');
  assert.doesNotMatch(csv, /Verhoef|Jansen|Lindelaan|\b\d{9}\b|\d{4}-\d{2}-\d{2}/);

  const json = JSON.parse(await downloaded(page, 'Export als JSON downloaden'));
  assert.equal(json.region_name, 'Regio Voorbeeld');
  assert.equal(json.cases.length, rows.length);
  const quasi = json.cases.map((c) => [c.woonplaats, c.leeftijd_jongste_kind, c.huishouden, c.geopend, c.gesloten]);
  assert.equal(smallestGroup(quasi), json.k);
  assert.equal(json.total, json.cases.length + json.suppressed);

  // A period backwards and in the future: both fields named at once.
  await page.getByLabel('Eerste maand').fill('2026-06');
  await page.getByLabel('Laatste maand').fill('2099-01');
  await page.getByRole('button', { name: 'Klantreizen tonen' }).click();
  await page.getByRole('heading', { name: 'Dit is nog niet goed ingevuld' }).waitFor();
  assert.match(await main(page), /Kies als laatste maand deze maand of een eerdere/);
  await check(page, 'onderzoek-fout');
});

test('on a phone the journeys stack and stay on screen', async () => {
  const page = await newPage(regie.browser, 375);
  await signIn(page, regie.url, 'demo-onderzoeker');
  await page.getByRole('heading', { name: 'Onderzoek', level: 1 }).waitFor();
  const cell = page.locator('section[aria-labelledby="journey_map"] table tbody tr').first().locator('td').last();
  await assertInView(page, cell, 'the last column of the journeys');
  await check(page, 'onderzoek-telefoon');
});

test('a municipality has no research pages', async () => {
  const page = await newPage(regie.browser);
  await signIn(page, regie.url, 'demo-municipality');
  assert.equal(await page.getByRole('link', { name: 'Onderzoek' }).count(), 0);
  const response = await page.goto(`${regie.url}/onderzoek/export.csv`);
  assert.equal(response.status(), 403);
});
