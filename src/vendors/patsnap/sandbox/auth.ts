/**
 * PatSnap's two credential schemes (../README.md 1.1): client-credentials tokens from POST /oauth/token
 * (then `?apikey=<client id>` plus `Authorization: Bearer <token>`), and static API keys sent as
 * `Authorization: Bearer <key>`. Tokens are signed, self-describing strings, so a restarted sandbox
 * with the same secret still accepts the tokens it issued.
 */
import { constantTimeEqual, signJson, verifySignedJson } from '../../shared/sandbox/signing.js';
import type { PatSnapErrorCode } from './envelope.js';

/** The documented /oauth/token answer, field for field (Apigee style: `token`, not `access_token`). */
export interface TokenGrant {
  token: string;
  token_type: 'BearerToken';
  expires_in: number;
  status: 'approved';
  issued_at: string;
}

export interface TokenRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export interface ApiCredentials {
  authorization: string | undefined;
  /** The `apikey` query parameter, null when absent. */
  apikey: string | null;
}

interface TokenClaims {
  clientId: string;
  issuedAt: number;
  ttlSeconds: number;
}

const TOKEN_PURPOSE = 'patsnap.token.v1';

export class TokenAuthority {
  /** Tokens issued strictly before this instant are refused (see revokeAll). */
  #revokedBefore = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly opts: {
      secret: string;
      clientId: string;
      clientSecret: string;
      /** More client credentials accepted (other accounts: tenants with their own). */
      moreClients?: readonly { clientId: string; clientSecret: string }[];
      apiKeys: readonly string[];
      ttlSeconds: number;
      now: () => number;
    },
  ) {}

  /** Answers POST /oauth/token: a grant, or the error code to send. */
  issue(request: TokenRequest): TokenGrant | PatSnapErrorCode {
    const clientId = this.#clientOf(request.authorization);
    if (clientId === undefined) return 67200003;
    if (!request.contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) return 68300007;
    if (new URLSearchParams(request.body).get('grant_type') !== 'client_credentials') return 68300004;
    const issuedAt = this.opts.now();
    const claims = { c: clientId, i: issuedAt, e: this.opts.ttlSeconds };
    return {
      token: signJson(this.opts.secret, TOKEN_PURPOSE, claims),
      token_type: 'BearerToken',
      expires_in: this.opts.ttlSeconds,
      status: 'approved',
      issued_at: String(issuedAt),
    };
  }

  /**
   * Every token issued before now stops working, as when the vendor rotates or disables a client.
   * Tokens issued in the same millisecond but after this call still work, so a client that fetches
   * a new token right away is not refused. The revocation lives in memory only.
   */
  revokeAll(): void {
    this.#revokedBefore = this.opts.now();
  }

  /** Checks the credentials of a business call: null when accepted, else the error code to send. */
  authenticate(credentials: ApiCredentials): PatSnapErrorCode | null {
    const bearer = bearerOf(credentials.authorization);
    if (bearer !== undefined && this.#isStaticKey(bearer)) return null;
    if (bearer === undefined) {
      // The static-key scheme also documents the key as `?apikey=sk-...` without a header.
      return credentials.apikey !== null && this.#isStaticKey(credentials.apikey) ? null : 67200008;
    }
    if (!credentials.apikey) return 67200008;
    const claims = this.#verifyToken(bearer);
    if (claims === undefined || !constantTimeEqual(credentials.apikey, claims.clientId)) return 67200009;
    return null;
  }

  /** The client id of valid HTTP Basic client credentials, else undefined. */
  #clientOf(authorization: string | undefined): string | undefined {
    const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (basic === undefined) return undefined;
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const clients = [
      { clientId: this.opts.clientId, clientSecret: this.opts.clientSecret },
      ...(this.opts.moreClients ?? []),
    ];
    let found: string | undefined;
    for (const client of clients) {
      if (client.clientId === '') continue;
      // Evaluate both comparisons so the timing does not reveal which half was wrong.
      const idOk = constantTimeEqual(decoded.slice(0, colon), client.clientId);
      const secretOk = constantTimeEqual(decoded.slice(colon + 1), client.clientSecret);
      if (idOk && secretOk) found = client.clientId;
    }
    return found;
  }

  #isStaticKey(candidate: string): boolean {
    return candidate !== '' && this.opts.apiKeys.some((key) => constantTimeEqual(candidate, key));
  }

  #verifyToken(token: string): TokenClaims | undefined {
    const claims = parseClaims(verifySignedJson(this.opts.secret, TOKEN_PURPOSE, token));
    if (claims === undefined) return undefined;
    const now = this.opts.now();
    if (now >= claims.issuedAt + claims.ttlSeconds * 1000) return undefined;
    if (claims.issuedAt < this.#revokedBefore) return undefined;
    return claims;
  }
}

/** The credential after `Bearer `; '' for any other scheme (so it fails), undefined when absent. */
function bearerOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.trim() === '') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? '';
}

function parseClaims(payload: unknown): TokenClaims | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { c, i, e } = payload as Record<string, unknown>;
  if (typeof c !== 'string' || typeof i !== 'number' || typeof e !== 'number') return undefined;
  return { clientId: c, issuedAt: i, ttlSeconds: e };
}
