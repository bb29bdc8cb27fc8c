import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJwtVerifier, type JwtOptions, looksLikeJwt } from '../../src/auth/jwt.js';
import { UnauthenticatedError } from '../../src/errors.js';
import { AUDIENCE, ISSUER, JwksServer, type KeyPair, nowSec, publicJwk, sign } from '../support/jwks.js';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Asserts the refusal and that its message gives away nothing of the token. */
async function expectRefused(verify: (token: string) => Promise<unknown>, token: string, message: RegExp) {
  const error = await verify(token).then(
    () => expect.fail('the token was accepted'),
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  const text = error instanceof Error ? error.message : '';
  expect(text).toMatch(message);
  for (const part of token.split('.').filter((segment) => segment.length > 8)) {
    expect(text).not.toContain(part);
  }
}

describe('looksLikeJwt', () => {
  it('tells JWTs from API keys', () => {
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJ0ZW5hbnQiOiJhIn0.c2ln')).toBe(true);
    expect(looksLikeJwt('eyJhbGciOiJub25lIn0.eyJ0ZW5hbnQiOiJhIn0.')).toBe(true);
    expect(looksLikeJwt('sk-live-0123456789')).toBe(false);
    expect(looksLikeJwt('a.b')).toBe(false);
    expect(looksLikeJwt('a.b.c.d')).toBe(false);
    expect(looksLikeJwt('a+b.c.d')).toBe(false);
  });
});

describe('JWT verification against a JWKS', () => {
  const jwks = new JwksServer();
  let jwksUrl = '';
  let rsa: KeyPair;
  let options: JwtOptions;

  beforeAll(async () => {
    jwksUrl = await jwks.start();
    rsa = await generateKeyPair('RS256');
  });
  afterAll(() => jwks.close());

  beforeEach(async () => {
    jwks.keys = [await publicJwk(rsa, 'k1', 'RS256')];
    jwks.status = 200;
    jwks.fetches = 0;
    options = { jwksUrl, issuer: ISSUER, audience: AUDIENCE, tenantClaim: 'tenant' };
  });

  it('accepts a valid RS256 token with a space-separated scope claim', async () => {
    const verify = createJwtVerifier(options);
    const exp = nowSec() + 120;
    const identity = await verify(
      await sign(rsa.privateKey, { scope: 'tasks:read  tasks:write search', exp }),
    );
    expect(identity).toEqual({
      tenant: 'acme',
      scopes: ['tasks:read', 'tasks:write', 'search'],
      subject: 'user-1',
      expiresAt: new Date(exp * 1000),
    });
    expect(jwks.fetches).toBe(1);
  });

  it('reads scp as an array (dropping non-strings) or a string; no scope claim means no scopes', async () => {
    const verify = createJwtVerifier(options);
    const array = await sign(rsa.privateKey, { scp: ['tasks:read', 42, 'search', null] });
    expect((await verify(array)).scopes).toEqual(['tasks:read', 'search']);
    const string = await sign(rsa.privateKey, { scp: 'tasks:read search' });
    expect((await verify(string)).scopes).toEqual(['tasks:read', 'search']);
    const none = await sign(rsa.privateKey, { sub: undefined, exp: undefined });
    expect(await verify(none)).toEqual({ tenant: 'acme', scopes: [], subject: null, expiresAt: null });
  });

  it('uses the configured tenant claim', async () => {
    const verify = createJwtVerifier({ ...options, tenantClaim: 'https://idp.test/org' });
    const token = await sign(rsa.privateKey, { 'https://idp.test/org': 'globex' });
    expect((await verify(token)).tenant).toBe('globex');
  });

  it('refuses an expired token, but tolerates a few seconds of clock skew', async () => {
    const verify = createJwtVerifier(options);
    await expectRefused(
      verify,
      await sign(rsa.privateKey, { exp: nowSec() - 60 }),
      /^The token has expired$/,
    );
    expect((await verify(await sign(rsa.privateKey, { exp: nowSec() - 1 }))).tenant).toBe('acme');
  });

  it('refuses a token that is not valid yet', async () => {
    const verify = createJwtVerifier(options);
    await expectRefused(verify, await sign(rsa.privateKey, { nbf: nowSec() + 600 }), /not valid yet/);
  });

  it('refuses a wrong issuer and a wrong audience', async () => {
    const verify = createJwtVerifier(options);
    await expectRefused(verify, await sign(rsa.privateKey, { iss: 'https://evil.test/' }), /issuer/);
    await expectRefused(verify, await sign(rsa.privateKey, { iss: undefined }), /issuer/);
    await expectRefused(verify, await sign(rsa.privateKey, { aud: ['other-api'] }), /audience/);
    const both = await sign(rsa.privateKey, { aud: ['other-api', AUDIENCE] });
    expect((await verify(both)).tenant).toBe('acme');
  });

  it('accepts any issuer and audience when none is configured', async () => {
    const verify = createJwtVerifier({ jwksUrl, tenantClaim: 'tenant' });
    expect((await verify(await sign(rsa.privateKey, { iss: 'anyone', aud: 'anything' }))).tenant).toBe(
      'acme',
    );
  });

  it('refuses an unsigned alg:none token', async () => {
    const verify = createJwtVerifier(options);
    const claims = { tenant: 'acme', iss: ISSUER, aud: AUDIENCE, exp: nowSec() + 300 };
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
    expect(looksLikeJwt(token)).toBe(true);
    await expectRefused(verify, token, /algorithm is not accepted/);
  });

  it('refuses HS256, whether keyed with some secret or with the published JWK', async () => {
    const verify = createJwtVerifier(options);
    const secret = new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!');
    await expectRefused(verify, await sign(secret, {}, { alg: 'HS256', kid: 'k1' }), /algorithm/);
    const published = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    await expectRefused(verify, await sign(published, {}, { alg: 'HS256', kid: 'k1' }), /algorithm/);
    expect(jwks.fetches).toBe(0);
  });

  it('refuses a token signed by another key under a known kid', async () => {
    const verify = createJwtVerifier(options);
    const impostor = await generateKeyPair('RS256');
    await expectRefused(verify, await sign(impostor.privateKey, {}), /^The token is not valid$/);
  });

  it('refuses malformed tokens', async () => {
    const verify = createJwtVerifier(options);
    const [header, payload, signature] = (await sign(rsa.privateKey, {})).split('.');
    await expectRefused(verify, 'not-a-jwt', /^The token is not valid$/);
    await expectRefused(verify, `${header}.${payload}`, /^The token is not valid$/);
    await expectRefused(
      verify,
      `${header}.${b64url('just a string')}.${signature}`,
      /^The token is not valid$/,
    );
    await expectRefused(verify, `${header}.%%%.${signature}`, /^The token is not valid$/);
    await expectRefused(verify, `${b64url('header')}.${payload}.${signature}`, /^The token is not valid$/);
  });

  it('refuses a missing, non-string or badly named tenant', async () => {
    const verify = createJwtVerifier(options);
    for (const tenant of [undefined, 42, ['acme'], { id: 'acme' }]) {
      await expectRefused(verify, await sign(rsa.privateKey, { tenant }), /no "tenant" claim/);
    }
    for (const tenant of ['', 'acme/../globex', 'ac me', 'a'.repeat(65), 'caf\u00e9']) {
      await expectRefused(verify, await sign(rsa.privateKey, { tenant }), /not a valid tenant name/);
    }
    expect((await verify(await sign(rsa.privateKey, { tenant: 'A.b_c-9' }))).tenant).toBe('A.b_c-9');
    expect((await verify(await sign(rsa.privateKey, { tenant: 'a'.repeat(64) }))).tenant).toHaveLength(64);
  });

  it('picks up a rotated key (new kid) without a new verifier', async () => {
    const verify = createJwtVerifier({ ...options, jwksCooldownMs: 0 });
    expect((await verify(await sign(rsa.privateKey, {}))).tenant).toBe('acme');
    expect(jwks.fetches).toBe(1);

    const next = await generateKeyPair('ES256');
    jwks.keys = [await publicJwk(next, 'k2', 'ES256')];
    const rotated = await sign(next.privateKey, { tenant: 'globex' }, { alg: 'ES256', kid: 'k2' });
    expect((await verify(rotated)).tenant).toBe('globex');
    expect(jwks.fetches).toBe(2);
    // Known kid now: no further fetch.
    expect((await verify(rotated)).tenant).toBe('globex');
    expect(jwks.fetches).toBe(2);
  });

  it('refuses an unknown kid after exactly one refetch', async () => {
    const verify = createJwtVerifier({ ...options, jwksCooldownMs: 0 });
    await verify(await sign(rsa.privateKey, {}));
    const stranger = await generateKeyPair('RS256');
    const token = await sign(stranger.privateKey, {}, { alg: 'RS256', kid: 'unknown' });
    await expectRefused(verify, token, /signing key is unknown/);
    expect(jwks.fetches).toBe(2);
  });

  it('does not refetch for an unknown kid within the cooldown', async () => {
    const verify = createJwtVerifier(options);
    await verify(await sign(rsa.privateKey, {}));
    const stranger = await generateKeyPair('RS256');
    const token = await sign(stranger.privateKey, {}, { alg: 'RS256', kid: 'unknown' });
    await expectRefused(verify, token, /signing key is unknown/);
    await expectRefused(verify, token, /signing key is unknown/);
    expect(jwks.fetches).toBe(1);
  });

  it('reports an unreachable key set apart from a bad token', async () => {
    jwks.status = 503;
    const verify = createJwtVerifier(options);
    await expectRefused(verify, await sign(rsa.privateKey, {}), /signing keys could not be fetched/);
    expect(jwks.fetches).toBe(1);
  });
});

describe('JWT verification against a PEM public key', () => {
  it('accepts a valid ES256 token', async () => {
    const ec = await generateKeyPair('ES256');
    const publicKeyPem = await exportSPKI(ec.publicKey);
    const verify = createJwtVerifier({ publicKeyPem, issuer: ISSUER, tenantClaim: 'tenant' });
    const identity = await verify(await sign(ec.privateKey, { scope: 'search' }, { alg: 'ES256' }));
    expect(identity).toMatchObject({ tenant: 'acme', scopes: ['search'], subject: 'user-1' });
  });

  it('accepts EdDSA and RSA-PSS keys, and a PEM written on one line with literal \\n', async () => {
    const ed = await generateKeyPair('EdDSA');
    const edVerify = createJwtVerifier({
      publicKeyPem: await exportSPKI(ed.publicKey),
      tenantClaim: 'tenant',
    });
    expect((await edVerify(await sign(ed.privateKey, {}, { alg: 'EdDSA' }))).tenant).toBe('acme');

    const rsa = await generateKeyPair('PS256');
    const oneLine = (await exportSPKI(rsa.publicKey)).replace(/\n/g, '\\n');
    const rsaVerify = createJwtVerifier({ publicKeyPem: oneLine, tenantClaim: 'tenant' });
    expect((await rsaVerify(await sign(rsa.privateKey, {}, { alg: 'PS256' }))).tenant).toBe('acme');
  });

  it('refuses an algorithm that does not fit the key, and HS256 keyed with the PEM itself', async () => {
    const ec = await generateKeyPair('ES256');
    const pem = await exportSPKI(ec.publicKey);
    const verify = createJwtVerifier({ publicKeyPem: pem, tenantClaim: 'tenant' });
    const es384 = await generateKeyPair('ES384');
    await expectRefused(
      verify,
      await sign(es384.privateKey, {}, { alg: 'ES384' }),
      /algorithm is not accepted/,
    );
    const confused = await sign(new TextEncoder().encode(pem), {}, { alg: 'HS256' });
    await expectRefused(verify, confused, /algorithm is not accepted/);
  });

  it('refuses a private key, a non-key, a non-http URL, and both or neither key source', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privatePem = await exportPKCS8(privateKey);
    expect(() => createJwtVerifier({ publicKeyPem: privatePem, tenantClaim: 't' })).toThrow(
      /not a private one/,
    );
    expect(() => createJwtVerifier({ publicKeyPem: 'hello', tenantClaim: 't' })).toThrow(/not a PEM/);
    expect(() => createJwtVerifier({ jwksUrl: 'file:///etc/jwks.json', tenantClaim: 't' })).toThrow(/http/);
    expect(() => createJwtVerifier({ jwksUrl: 'not a url', tenantClaim: 't' })).toThrow(/not a URL/);
    expect(() => createJwtVerifier({ tenantClaim: 't' })).toThrow(/exactly one/);
    expect(() =>
      createJwtVerifier({ publicKeyPem: privatePem, jwksUrl: 'https://idp.test/jwks', tenantClaim: 't' }),
    ).toThrow(/exactly one/);
  });
});
