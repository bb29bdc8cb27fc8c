import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AuthConfig } from './auth/authenticator.js';
import { createJwtVerifier, type JwtOptions } from './auth/jwt.js';
import { parseApiKeys, parseTenantsFile, TenantDirectory, TenantsError } from './auth/tenants.js';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './graphql/use-operation-limits.js';
import type { TenantLimitValues } from './rate-limit/tenant-limits.js';

/**
 * Environment -> typed, validated configuration. A bad value stops start-up with one line that
 * names the variable and what is wrong (see ConfigError).
 */

const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const positiveNumber = z
  .string()
  .trim()
  .transform(Number)
  .refine((n) => Number.isFinite(n) && n > 0, 'must be a positive number');

const url = z.string().trim().url('must be an absolute URL');

const onOff = z.enum(['on', 'off'], { message: 'must be on or off' });

/** `https://app.example.com,http://localhost:5173`: exact origins, no paths, no wildcards. */
const origins = z
  .string()
  .transform((raw) =>
    raw
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .refine(
    (list) => list.every((o) => URL.canParse(o) && new URL(o).origin === o),
    'must be comma-separated origins such as https://app.example.com (scheme, host and port only)',
  );

const envSchema = z.object({
  PORT: intIn(0, 65535).default(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().trim().min(1, 'must not be empty').default('./data/gateway.db'),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _ . : -')
    .default('gw:'),
  TASK_RETENTION_DAYS: positiveNumber.default(30),
  POLL_TAKEOVER_MS: intIn(1000, 600_000).default(30_000),
  NODE_ENV: z.string().trim().optional(),
  AUTH: z.enum(['none'], { message: 'must be none, or unset' }).optional(),
  API_KEYS: z.string().optional(),
  TENANTS_FILE: z.string().trim().min(1).optional(),
  JWT_JWKS_URL: url.optional(),
  JWT_PUBLIC_KEY: z
    .string()
    .transform((pem) => pem.replaceAll('\\n', '\n').trim())
    .refine(
      (pem) => /^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(pem),
      'must be a PEM public key (BEGIN PUBLIC KEY)',
    )
    .optional(),
  JWT_ISSUER: z.string().trim().min(1).optional(),
  JWT_AUDIENCE: z.string().trim().min(1).optional(),
  JWT_TENANT_CLAIM: z.string().trim().min(1).default('tenant'),
  JWT_JWKS_COOLDOWN_MS: intIn(0, 3_600_000).default(30_000),
  CORS_ORIGINS: origins.optional(),
  GRAPHIQL: onOff.optional(),
  SANDBOX_CONTROL_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  SANDBOX: z.enum(['auto', 'on', 'off'], { message: 'must be one of auto, on, off' }).default('auto'),
  SANDBOX_TASK_MS: intIn(0, 86_400_000).default(6000),
  SANDBOX_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  POLL_INITIAL_MS: intIn(10, 3_600_000).default(1000),
  POLL_MAX_MS: intIn(10, 86_400_000).default(30_000),
  POLL_MAX_FAILURES: intIn(1, 1000).default(8),
  POLL_JITTER: z
    .string()
    .trim()
    .transform(Number)
    .refine((n) => Number.isFinite(n) && n >= 0 && n < 1, 'must be a fraction in [0, 1)')
    .default(0.2),
  PATSNAP_BASE_URL: url.default('https://connect.patsnap.com'),
  PATSNAP_CLIENT_ID: z.string().trim().min(1).optional(),
  PATSNAP_CLIENT_SECRET: z.string().trim().min(1).optional(),
  PATSNAP_API_KEY: z.string().trim().min(1).optional(),
  PATSNAP_QPS: positiveNumber.default(5),
  PATSNAP_TIMEOUT_MS: intIn(1, 600_000).default(10_000),
  ALIYUN_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
  ALIYUN_ACCESS_KEY_SECRET: z.string().trim().min(1).optional(),
  ALIYUN_DMS_ENDPOINT: url.default('https://dms-enterprise.cn-hangzhou.aliyuncs.com'),
  ALIYUN_DMS_QPS: positiveNumber.default(10),
  TENCENT_SECRET_ID: z.string().trim().min(1).optional(),
  TENCENT_SECRET_KEY: z.string().trim().min(1).optional(),
  TENCENT_SESSION_TOKEN: z.string().trim().min(1).optional(),
  TENCENT_REGION: z
    .string()
    .trim()
    .regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, 'must be a region such as ap-guangzhou')
    .default('ap-guangzhou'),
  TENCENT_DLC_ENDPOINT: url.default('https://dlc.tencentcloudapi.com'),
  TENCENT_DLC_QPS: positiveNumber.default(20),
  VENDOR_TIMEOUT_MS: intIn(1, 600_000).default(10_000),
  LIMIT_REQUESTS_PER_MINUTE: intIn(1, 1_000_000).default(1200),
  LIMIT_ACTIVE_TASKS: intIn(1, 10_000_000).default(1000),
  LIMIT_SUBSCRIPTIONS: intIn(1, 1_000_000).default(1000),
  LIMIT_SUBSCRIPTIONS_PER_CONNECTION: intIn(1, 100_000).default(100),
  LIMIT_BODY_BYTES: intIn(1024, 100 * 1024 * 1024).default(256 * 1024),
  LIMIT_FRAME_BYTES: intIn(1024, 100 * 1024 * 1024).default(256 * 1024),
  VENDOR_WAIT_MS: intIn(0, 600_000).default(10_000),
  SHUTDOWN_GRACE_MS: intIn(0, 600_000).default(0),
  LIMIT_DEPTH: intIn(1, 100).default(DEFAULT_OPERATION_LIMITS.maxDepth),
  LIMIT_ALIASES: intIn(0, 10_000).default(DEFAULT_OPERATION_LIMITS.maxAliases),
  // GraphiQL's introspection query alone is about 190 tokens.
  LIMIT_TOKENS: intIn(200, 100_000).default(DEFAULT_OPERATION_LIMITS.maxTokens),
  LIMIT_DIRECTIVES: intIn(0, 1000).default(DEFAULT_OPERATION_LIMITS.maxDirectives),
  LIMIT_VENDOR_CALLS: intIn(1, 1000).default(DEFAULT_OPERATION_LIMITS.maxVendorCalls),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export interface PatSnapConfig {
  baseUrl: string;
  clientId?: string;
  clientSecret?: string;
  apiKey?: string;
  qps: number;
  timeoutMs: number;
  /** True when the gateway answers for PatSnap with its own sandbox. */
  sandbox: boolean;
}

/** A cloud vendor signed with an access key pair (Alibaba DMS, Tencent DLC). */
export interface CloudVendorConfig {
  endpoint: string;
  keyId?: string;
  keySecret?: string;
  qps: number;
  timeoutMs: number;
  sandbox: boolean;
}

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  redisUrl?: string;
  /** NODE_ENV=production: safe defaults (no sandbox unless asked for, no GraphiQL, authentication required). */
  production: boolean;
  /** The scaled-out deployment's shared Redis: key namespace, retention, poller takeover. */
  redis: { keyPrefix: string; retentionMs: number; takeoverMs: number };
  auth: AuthConfig;
  /** Tenants with API keys (API_KEYS or TENANTS_FILE), their scopes, own vendor credentials and limits. */
  tenants: TenantDirectory;
  /** Origins allowed to call cross-origin; empty: none. */
  corsOrigins: readonly string[];
  graphiql: boolean;
  /** The header value that unlocks the sandboxes' control routes; null: they answer 404. */
  sandboxControlToken: string | null;
  limits: {
    /** Defaults of every tenant's budgets (TENANTS_FILE `limits` override them per tenant). */
    tenant: TenantLimitValues;
    subscriptionsPerConnection: number;
    /** The largest HTTP request body, and the largest graphql-ws message. */
    bodyBytes: number;
    frameBytes: number;
    /** How long a call made for a client (start, search, refresh) may wait for its vendor's budget. */
    vendorWaitMs: number;
    /** Checked before execution (depth, aliases, tokens, directives, vendor calls). */
    operation: OperationLimits;
  };
  /** On SIGTERM, /ready answers 503 for this long before the gateway stops serving (load balancers notice). */
  shutdownGraceMs: number;
  sandboxTaskMs: number;
  sandboxSecret: string;
  poll: { initialMs: number; maxMs: number; maxFailures: number; jitter: number };
  patsnap: PatSnapConfig;
  aliyunDms: CloudVendorConfig;
  tencentDlc: CloudVendorConfig & { region: string; sessionToken?: string };
  logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// The sandbox secret only signs sandbox ids and links; it must be stable across restarts so that
// links stay valid. This one is public, so it is accepted in development only.
const DEFAULT_SANDBOX_SECRET = 'export-gateway-sandbox-development-secret';

/** NODE_ENV values under which development conveniences (a built-in sandbox secret) are allowed. */
const DEVELOPMENT_ENVS = new Set(['development', 'test']);

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty API_KEYS is a mistake (a template variable left blank), not "no authentication".
  if (env.API_KEYS !== undefined && env.API_KEYS.trim() === '') {
    throw new ConfigError('API_KEYS: is empty; list tenant:key pairs, or unset it');
  }
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  if (e.POLL_MAX_MS < e.POLL_INITIAL_MS) throw new ConfigError('POLL_MAX_MS: must be >= POLL_INITIAL_MS');
  if (Boolean(e.PATSNAP_CLIENT_ID) !== Boolean(e.PATSNAP_CLIENT_SECRET)) {
    throw new ConfigError(
      'PATSNAP_CLIENT_SECRET: PATSNAP_CLIENT_ID and PATSNAP_CLIENT_SECRET must be set together',
    );
  }
  requireBoth(
    'ALIYUN_ACCESS_KEY_ID',
    e.ALIYUN_ACCESS_KEY_ID,
    'ALIYUN_ACCESS_KEY_SECRET',
    e.ALIYUN_ACCESS_KEY_SECRET,
  );
  requireBoth('TENCENT_SECRET_ID', e.TENCENT_SECRET_ID, 'TENCENT_SECRET_KEY', e.TENCENT_SECRET_KEY);
  const production = e.NODE_ENV === 'production';
  const development = e.NODE_ENV === undefined || DEVELOPMENT_ENVS.has(e.NODE_ENV);
  const tenants = loadTenants(e);
  const auth = authConfig(e, tenants, production);

  // In production `auto` means "the vendors with credentials": a fake vendor is only ever explicit.
  const sandboxed = (hasCredentials: boolean) =>
    e.SANDBOX === 'on' || (e.SANDBOX === 'auto' && !production && !hasCredentials);
  const patsnapSandbox = sandboxed(Boolean(e.PATSNAP_CLIENT_ID || e.PATSNAP_API_KEY));
  const dmsSandbox = sandboxed(Boolean(e.ALIYUN_ACCESS_KEY_ID));
  const dlcSandbox = sandboxed(Boolean(e.TENCENT_SECRET_ID));
  if ((patsnapSandbox || dmsSandbox || dlcSandbox) && !e.SANDBOX_SECRET && !development) {
    throw new ConfigError(
      `SANDBOX_SECRET: must be set when a vendor is sandboxed outside development (NODE_ENV=${e.NODE_ENV})`,
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    redisUrl: e.REDIS_URL,
    production,
    redis: {
      keyPrefix: e.REDIS_KEY_PREFIX,
      retentionMs: Math.round(e.TASK_RETENTION_DAYS * 86_400_000),
      takeoverMs: e.POLL_TAKEOVER_MS,
    },
    auth,
    tenants,
    corsOrigins: e.CORS_ORIGINS ?? [],
    graphiql: (e.GRAPHIQL ?? (production ? 'off' : 'on')) === 'on',
    sandboxControlToken: e.SANDBOX_CONTROL_TOKEN ?? null,
    limits: {
      tenant: {
        requestsPerMinute: e.LIMIT_REQUESTS_PER_MINUTE,
        activeTasks: e.LIMIT_ACTIVE_TASKS,
        subscriptions: e.LIMIT_SUBSCRIPTIONS,
      },
      subscriptionsPerConnection: e.LIMIT_SUBSCRIPTIONS_PER_CONNECTION,
      bodyBytes: e.LIMIT_BODY_BYTES,
      frameBytes: e.LIMIT_FRAME_BYTES,
      vendorWaitMs: e.VENDOR_WAIT_MS,
      operation: {
        maxDepth: e.LIMIT_DEPTH,
        maxAliases: e.LIMIT_ALIASES,
        maxTokens: e.LIMIT_TOKENS,
        maxDirectives: e.LIMIT_DIRECTIVES,
        maxVendorCalls: e.LIMIT_VENDOR_CALLS,
      },
    },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    sandboxTaskMs: e.SANDBOX_TASK_MS,
    sandboxSecret: e.SANDBOX_SECRET ?? DEFAULT_SANDBOX_SECRET,
    poll: {
      initialMs: e.POLL_INITIAL_MS,
      maxMs: e.POLL_MAX_MS,
      maxFailures: e.POLL_MAX_FAILURES,
      jitter: e.POLL_JITTER,
    },
    patsnap: {
      baseUrl: e.PATSNAP_BASE_URL,
      clientId: e.PATSNAP_CLIENT_ID,
      clientSecret: e.PATSNAP_CLIENT_SECRET,
      apiKey: e.PATSNAP_API_KEY,
      qps: e.PATSNAP_QPS,
      timeoutMs: e.PATSNAP_TIMEOUT_MS,
      sandbox: patsnapSandbox,
    },
    aliyunDms: {
      endpoint: e.ALIYUN_DMS_ENDPOINT,
      keyId: e.ALIYUN_ACCESS_KEY_ID,
      keySecret: e.ALIYUN_ACCESS_KEY_SECRET,
      qps: e.ALIYUN_DMS_QPS,
      timeoutMs: e.VENDOR_TIMEOUT_MS,
      sandbox: dmsSandbox,
    },
    tencentDlc: {
      endpoint: e.TENCENT_DLC_ENDPOINT,
      keyId: e.TENCENT_SECRET_ID,
      keySecret: e.TENCENT_SECRET_KEY,
      sessionToken: e.TENCENT_SESSION_TOKEN,
      region: e.TENCENT_REGION,
      qps: e.TENCENT_DLC_QPS,
      timeoutMs: e.VENDOR_TIMEOUT_MS,
      sandbox: dlcSandbox,
    },
    logLevel: e.LOG_LEVEL,
  };
}

function requireBoth(nameA: string, a: string | undefined, nameB: string, b: string | undefined): void {
  if (Boolean(a) !== Boolean(b))
    throw new ConfigError(`${nameB}: ${nameA} and ${nameB} must be set together`);
}

/** API_KEYS (short form) or TENANTS_FILE (long form), never both. */
function loadTenants(e: Env): TenantDirectory {
  if (e.API_KEYS !== undefined && e.TENANTS_FILE !== undefined) {
    throw new ConfigError('TENANTS_FILE: set together with API_KEYS; use one of them');
  }
  try {
    if (e.API_KEYS !== undefined) return parseApiKeys(e.API_KEYS);
    if (e.TENANTS_FILE !== undefined) return parseTenantsFile(readTenantsFile(e.TENANTS_FILE));
  } catch (error) {
    if (!(error instanceof TenantsError)) throw error;
    const name = e.API_KEYS !== undefined ? 'API_KEYS' : `TENANTS_FILE (${e.TENANTS_FILE})`;
    throw new ConfigError(error.problems.map((problem) => `${name}: ${problem}`).join('\n'));
  }
  return TenantDirectory.empty();
}

function readTenantsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`TENANTS_FILE: cannot read ${path} (${code})`);
  }
}

function authConfig(e: Env, tenants: TenantDirectory, production: boolean): AuthConfig {
  if (e.JWT_JWKS_URL && e.JWT_PUBLIC_KEY) {
    throw new ConfigError('JWT_PUBLIC_KEY: set together with JWT_JWKS_URL; use one of them');
  }
  const jwt: JwtOptions | null =
    e.JWT_JWKS_URL || e.JWT_PUBLIC_KEY
      ? {
          jwksUrl: e.JWT_JWKS_URL,
          publicKeyPem: e.JWT_PUBLIC_KEY,
          issuer: e.JWT_ISSUER,
          audience: e.JWT_AUDIENCE,
          tenantClaim: e.JWT_TENANT_CLAIM,
          jwksCooldownMs: e.JWT_JWKS_COOLDOWN_MS,
        }
      : null;
  if (jwt) {
    try {
      // Builds the key (or the JWKS client, which fetches nothing yet): a bad PEM stops start-up here.
      createJwtVerifier(jwt);
    } catch (error) {
      const name = jwt.jwksUrl ? 'JWT_JWKS_URL' : 'JWT_PUBLIC_KEY';
      throw new ConfigError(`${name}: ${error instanceof Error ? error.message : 'not usable'}`);
    }
  }
  const configured = tenants.hasKeys || jwt !== null;
  if (e.AUTH === 'none') {
    if (configured) {
      throw new ConfigError('AUTH: none contradicts the API_KEYS, TENANTS_FILE or JWT_* that are set');
    }
    return { mode: 'none' };
  }
  if (!configured) {
    if (e.TENANTS_FILE !== undefined) {
      throw new ConfigError(
        'TENANTS_FILE: no tenant has a key and no JWT_JWKS_URL or JWT_PUBLIC_KEY is set: nobody could sign in',
      );
    }
    if (production) {
      throw new ConfigError(
        'AUTH: NODE_ENV=production needs API_KEYS, TENANTS_FILE or JWT_JWKS_URL/JWT_PUBLIC_KEY (or AUTH=none to run open)',
      );
    }
    return { mode: 'none' };
  }
  return { mode: 'verify', jwt };
}
