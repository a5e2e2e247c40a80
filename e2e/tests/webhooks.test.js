// Koppelingen: the local team's administrator subscribes the organisation's own system (a receiver on
// loopback) to phase changes; a wrong form names every wrong field at once; a colleague moves a case to the
// next phase and the receiver gets a signed CloudEvent without a name in it; the page shows it delivered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { check, newPage, signIn, useRegie } from './regie.js';

const regie = useRegie();

test('an administrator links the organisation\'s system and it hears of a phase change', async () => {
  const received = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(204).end(); });
  });
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
  const endpoint = `http://127.0.0.1:${receiver.address().port}/regie`;
  try {
    const admin = await newPage(regie.browser);
    await signIn(admin, regie.url, 'demo-beheer');
    await admin.getByRole('link', { name: 'Koppelingen' }).click();
    await admin.getByRole('heading', { name: 'Koppelingen', level: 1 }).waitFor();
    await check(admin, 'koppelingen');

    // Every wrong field at once.
    await admin.getByLabel('Adres van uw systeem').fill('http://systeem.voorbeeld.nl/regie');
    await admin.getByLabel('Token van uw systeem').fill('kort');
    await admin.getByRole('button', { name: 'Koppeling maken' }).click();
    const alert = admin.getByRole('alert');
    await alert.waitFor();
    const errors = await alert.innerText();
    assert.match(errors, /https:\/\//);
    assert.match(errors, /Kies ten minste één soort melding/);
    assert.match(errors, /minstens 20 tekens/);
    await check(admin, 'koppelingen-fout');

    await admin.getByLabel('Adres van uw systeem').fill(endpoint);
    await admin.getByLabel('Fase van een zaak gewijzigd').check();
    await admin.getByLabel('Token van uw systeem').fill('systeem-token-0123456789');
    await admin.getByRole('button', { name: 'Koppeling maken' }).click();
    await admin.getByRole('heading', { name: 'Koppeling gemaakt' }).waitFor();
    const secret = await admin.locator('.regie-secret').innerText();
    assert.match(secret, /^whsec_/);

    // A colleague opens a case and moves it to the analysis.
    const page = await newPage(regie.browser);
    await signIn(page, regie.url, 'demo-local-team');
    await page.goto(`${regie.url}/huishoudens`);
    await page.getByRole('link', { name: 'Nieuw huishouden aanmaken' }).click();
    await page.getByLabel('Naam van het huishouden').fill('Huishouden Koppeling');
    await page.getByRole('button', { name: 'Huishouden aanmaken' }).click();
    await page.getByRole('heading', { name: 'Huishouden Koppeling' }).waitFor();
    await page.getByLabel('Aanleiding').fill('De ouders vragen hulp.');
    await page.getByRole('button', { name: 'Zaak openen' }).click();
    await page.getByRole('link', { name: 'Fase wijzigen' }).click();
    await page.getByLabel('Naar de fase').selectOption({ label: 'analyse' });
    await page.getByRole('button', { name: 'Fase wijzigen' }).click();

    const deadline = Date.now() + 20_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 100));
    assert.equal(received.length, 1, 'the receiver got one notification');
    const { headers, body } = received[0];
    const event = JSON.parse(body);
    assert.equal(event.type, 'nl.regie.zaak.fase-gewijzigd');
    assert.match(event.dataref, /\/api\/v1\/cases\/[0-9a-f-]{36}$/);
    assert.ok(!body.includes('Koppeling'), 'no name in the notification');
    assert.equal(headers.authorization, 'Bearer systeem-token-0123456789');
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
    assert.equal(headers['webhook-signature'], `v1,${expected}`, 'the signature checks out with the secret');

    await admin.goto(`${regie.url}/koppelingen`);
    assert.match(await admin.locator('main').innerText(), /Fase van een zaak gewijzigd, afgeleverd/);
    await check(admin, 'koppelingen-afgeleverd');
  } finally {
    receiver.close();
  }
});
