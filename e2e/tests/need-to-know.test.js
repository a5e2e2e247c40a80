// Need-to-know (F19) in the browser: an organisation with no part in a household cannot open its file or
// find it by name; looked up by BSN it learns only that the household is known, and to whom.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, newPage, openHousehold, signIn, useRegie } from './regie.js';

const regie = useRegie();
const main = (page) => page.locator('main').innerText();

test('an organisation with no part in a household sees only that it is known, and to whom', async () => {
  const local = await newPage(regie.browser);
  await signIn(local, regie.url, 'demo-local-team');
  await openHousehold(local, regie.url, 'Verhoef');
  await local.getByRole('heading', { name: 'Leden' }).waitFor();
  const file = local.url();
  const bsn = (await main(local)).match(/\b(\d{9})\b/)[1];

  for (const user of ['demo-local-team-zuid', 'demo-vt', 'demo-rvdk', 'demo-gi']) {
    const page = await newPage(regie.browser);
    await signIn(page, regie.url, user);
    const refused = await page.goto(file);
    assert.equal(refused.status(), 403, user);
    await page.getByRole('heading', { name: 'Geen toegang' }).waitFor();
    assert.match(await main(page), /niet betrokken bij dit huishouden/);
    assert.doesNotMatch(await main(page), /Ilse|Noor\b/);
    if (user === 'demo-local-team-zuid') await check(page, 'geen-toegang-niet-betrokken');

    await page.goto(`${regie.url}/huishoudens`);
    await page.getByLabel('Naam, geboortedatum of BSN').fill('Verhoef');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByRole('heading', { name: 'Gevonden: 0', exact: true }).waitFor();
    assert.doesNotMatch(await main(page), /Ook bekend/, `${user}: a name alone tells nothing`);

    await page.getByLabel('Naam, geboortedatum of BSN').fill(bsn);
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByText('Ook bekend bij een andere organisatie').waitFor();
    const text = await main(page);
    assert.match(text, /Lokaal team Voorbeeldstad-Noord \(contactpersoon Fatima El Amrani\)/, user);
    assert.doesNotMatch(text, /Ilse|Noor\b|Huishouden Verhoef/, `${user}: no names`);
    if (user === 'demo-vt') await check(page, 'bekend-elders');
    await page.context().close();
  }
});
