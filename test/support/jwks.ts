/**
 * A local identity provider for tests: a JWKS endpoint on 127.0.0.1 whose keys and status the test
 * controls (counting fetches), and a signer of tokens with valid defaults.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { exportJWK, type generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export const ISSUER = 'https://idp.test/';
export const AUDIENCE = 'export-gateway';

/** A JWKS endpoint whose key set and status the tests control; counts every fetch. */
export class JwksServer {
  keys: JWK[] = [];
  status = 200;
  fetches = 0;
  private readonly server: Server = createServer((_req, res) => {
    this.fetches += 1;
    res.writeHead(this.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: this.keys }));
  });

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    return `http://127.0.0.1:${address.port}/.well-known/jwks.json`;
  }

  async close(): Promise<void> {
    // fetch keeps connections alive; without this close() waits for them to time out.
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

export async function publicJwk(pair: KeyPair, kid: string, alg: string): Promise<JWK> {
  return { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' };
}

export const nowSec = () => Math.floor(Date.now() / 1000);

/** Signs a token with valid defaults; `claims` override them (an undefined value removes the claim). */
export function sign(
  key: KeyPair['privateKey'] | Uint8Array,
  claims: JWTPayload,
  header: { alg: string; kid?: string } = { alg: 'RS256', kid: 'k1' },
): Promise<string> {
  const defaults = {
    tenant: 'acme',
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-1',
    iat: nowSec(),
    exp: nowSec() + 300,
  };
  return new SignJWT({ ...defaults, ...claims }).setProtectedHeader(header).sign(key);
}
