import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { UnauthenticatedError } from '../errors.js';

export interface JwtOptions {
  jwksUrl?: string; // JWT_JWKS_URL
  publicKeyPem?: string; // JWT_PUBLIC_KEY (SPKI PEM), exactly one of jwksUrl/publicKeyPem
  issuer?: string; // JWT_ISSUER: when set, `iss` must equal it
  audience?: string; // JWT_AUDIENCE: when set, `aud` must contain it
  tenantClaim: string; // JWT_TENANT_CLAIM, default 'tenant' applied by the caller
  /** Minimum time between two JWKS fetches triggered by an unknown kid (jose cooldownDuration). Default 30000. */
  jwksCooldownMs?: number;
  clockToleranceSec?: number; // default 5
}

export interface JwtIdentity {
  tenant: string;
  scopes: string[];
  subject: string | null;
  expiresAt: Date | null;
}

// Asymmetric only: with HS* a public key (or JWKS entry) could be replayed as the HMAC secret.
const RSA = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const ASYMMETRIC = [...RSA, 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const EC_BY_CURVE: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
const TENANT = /^[A-Za-z0-9_.-]{1,64}$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// jose's own default, written out so that a hung JWKS endpoint cannot stall requests longer than this.
const JWKS_TIMEOUT_MS = 5000;

/** Three base64url segments; the signature may be empty so that `alg: none` tokens reach the verifier and are refused there. */
export function looksLikeJwt(token: string): boolean {
  return JWT_SHAPE.test(token);
}

/** Thrown by the JWKS wrapper so that an unreachable key server is not reported as a bad token. */
class KeysUnavailable extends Error {}

export function createJwtVerifier(opts: JwtOptions): (token: string) => Promise<JwtIdentity> {
  const { key, algorithms } = resolveKey(opts);
  const verifyOptions = {
    algorithms,
    issuer: opts.issuer,
    audience: opts.audience,
    clockTolerance: opts.clockToleranceSec ?? 5,
  };

  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, verifyOptions));
    } catch (err) {
      throw new UnauthenticatedError(refusal(err));
    }
    return identity(payload, opts.tenantClaim);
  };
}

function resolveKey(opts: JwtOptions): { key: JWTVerifyGetKey; algorithms: string[] } {
  if ((opts.jwksUrl === undefined) === (opts.publicKeyPem === undefined)) {
    throw new Error('Set exactly one of JWT_JWKS_URL and JWT_PUBLIC_KEY');
  }
  if (opts.publicKeyPem !== undefined) {
    const { key, algorithms } = pemKey(opts.publicKeyPem);
    return { key: async () => key, algorithms };
  }

  let url: URL;
  try {
    url = new URL(opts.jwksUrl ?? '');
  } catch {
    throw new Error('JWT_JWKS_URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('JWT_JWKS_URL must be http(s)');
  const remote = createRemoteJWKSet(url, {
    cooldownDuration: opts.jwksCooldownMs ?? 30_000,
    timeoutDuration: JWKS_TIMEOUT_MS,
  });
  const key: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (err) {
      if (
        err instanceof errors.JWKSNoMatchingKey ||
        err instanceof errors.JWKSMultipleMatchingKeys ||
        err instanceof errors.JOSENotSupported
      ) {
        throw err;
      }
      throw new KeysUnavailable('JWKS fetch failed', { cause: err });
    }
  };
  return { key, algorithms: ASYMMETRIC };
}

function pemKey(rawPem: string): { key: KeyObject; algorithms: string[] } {
  // Environment files often carry the PEM on one line with literal "\n".
  const pem = rawPem.replace(/\\n/g, '\n');
  // createPublicKey would silently derive the public half of a private key; refuse rather than run with one.
  if (pem.includes('PRIVATE KEY')) throw new Error('JWT_PUBLIC_KEY must be a public key, not a private one');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error('JWT_PUBLIC_KEY is not a PEM public key');
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const ec = curve === undefined ? undefined : EC_BY_CURVE[curve];
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { key, algorithms: RSA };
    case 'rsa-pss':
      return { key, algorithms: RSA.filter((alg) => alg.startsWith('PS')) };
    case 'ec':
      if (ec !== undefined) return { key, algorithms: [ec] };
      break;
    case 'ed25519':
      return { key, algorithms: ['EdDSA', 'Ed25519'] };
  }
  throw new Error('JWT_PUBLIC_KEY must be an RSA, EC P-256/384/521 or Ed25519 public key');
}

function refusal(err: unknown): string {
  if (err instanceof KeysUnavailable) return 'The token signing keys could not be fetched';
  if (err instanceof errors.JWTExpired) return 'The token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return 'The token is not valid yet';
    if (err.claim === 'iss') return 'The token issuer is not accepted';
    if (err.claim === 'aud') return 'The token audience is not accepted';
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) {
    return 'The token algorithm is not accepted';
  }
  if (err instanceof errors.JWKSNoMatchingKey) return 'The token signing key is unknown';
  return 'The token is not valid';
}

function identity(payload: JWTPayload, tenantClaim: string): JwtIdentity {
  const tenant = payload[tenantClaim];
  if (typeof tenant !== 'string') throw new UnauthenticatedError(`The token has no "${tenantClaim}" claim`);
  if (!TENANT.test(tenant)) throw new UnauthenticatedError('The token tenant is not a valid tenant name');
  return {
    tenant,
    scopes: scopes(payload),
    subject: typeof payload.sub === 'string' ? payload.sub : null,
    expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
  };
}

function scopes(payload: JWTPayload): string[] {
  const raw = typeof payload.scope === 'string' ? payload.scope : payload.scp;
  const list: unknown[] = typeof raw === 'string' ? raw.split(/\s+/) : Array.isArray(raw) ? raw : [];
  return [...new Set(list.filter((s): s is string => typeof s === 'string' && s !== ''))];
}
