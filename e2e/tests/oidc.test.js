// Signing in through the organisation's own identity provider (OIDC NL GOV): a real OpenID provider
// (the npm package oidc-provider) runs on loopback with Regie registered as a client that authenticates with
// private_key_jwt and must use PKCE; the operator configures it with `regie identity-provider`; a
// professional clicks "Inloggen via <organisatie>", signs in at the provider and lands on their worklist.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';
import { check, newPage, useRegie } from './regie.js';

const regie = useRegie();
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'regie-oidc-'));
let server;
after(() => { server?.close(); rmSync(dir, { recursive: true, force: true }); });

/** Starts the provider with Regie as its client; returns its issuer. */
async function startProvider(clientJwk) {
  server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'regie',
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: { keys: [clientJwk] },
      redirect_uris: [`${regie.url}/inloggen/terug`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    }],
    claims: { openid: ['sub', 'preferred_username'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, preferred_username: id }) }),
    cookies: { keys: ['regie-e2e-only'] },
  });
  server.on('request', provider.callback());
  return issuer;
}

test('a professional signs in through the organisation\'s own identity provider', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const jwk = { ...createPublicKey(publicKey).export({ format: 'jwk' }), use: 'sig', alg: 'RS256' };
  const issuer = await startProvider(jwk);
  const keyFile = join(dir, 'regie-client.pem');
  writeFileSync(keyFile, privateKey);
  const bin = process.env.REGIE_BIN ?? join(root, 'target/debug/regie');
  const out = execFileSync(bin, ['identity-provider', '--database', regie.database,
    '--organisation', 'Lokaal team Voorbeeldstad-Noord', '--issuer', issuer, '--client-id', 'regie',
    '--private-key', keyFile, '--claim', 'preferred_username'], { encoding: 'utf8' });
  assert.match(out, /can sign in through/);

  const page = await newPage(regie.browser);
  await page.goto(`${regie.url}/inloggen`);
  const button = page.getByRole('button', { name: 'Inloggen via Lokaal team Voorbeeldstad-Noord' });
  await button.waitFor();
  await check(page, 'inloggen-via-organisatie');
  await button.click();
  // The provider's own pages: any password will do for its development login, then consent.
  await page.locator('input[name=login]').fill('demo-local-team');
  await page.locator('input[name=password]').fill('bij-de-provider');
  await page.locator('button[type=submit]').click();
  await page.locator('button[type=submit]', { hasText: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Mijn werklijst', level: 1 }).waitFor();
  assert.match(await page.locator('header').innerText(), /Fatima El Amrani/);

  // Someone the provider knows but Regie's organisation does not: refused, not created.
  const stranger = await newPage(regie.browser);
  await stranger.goto(`${regie.url}/inloggen`);
  await stranger.getByRole('button', { name: 'Inloggen via Lokaal team Voorbeeldstad-Noord' }).click();
  await stranger.locator('input[name=login]').fill('demo-vt');
  await stranger.locator('input[name=password]').fill('bij-de-provider');
  await stranger.locator('button[type=submit]').click();
  await stranger.locator('button[type=submit]', { hasText: 'Continue' }).click();
  const alert = stranger.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Regie nog niet/);
  await check(stranger, 'inloggen-via-organisatie-onbekend');
  const response = await stranger.goto(`${regie.url}/werklijst`);
  assert.match(response.url(), /\/inloggen$/, 'no session');
});
