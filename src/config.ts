import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AuthConfig } from './auth/authenticator.js';
import { createJwtVerifier, type JwtOptions } from './auth/jwt.js';
import { parseApiKeys, parseTenantsFile, TenantDirectory, TenantsError } from './auth/tenants.js';
import {
  absoluteUrl,
  ConfigError,
  described,
  type EnvShape,
  firstProblem,
  intIn,
  positiveNumber,
} from './config-schema.js';
import { ManifestError, parseManifest } from './graphql/persisted-documents.js';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './graphql/use-operation-limits.js';
import type { TenantLimitValues } from './rate-limit/tenant-limits.js';
import { VENDOR_MODULES } from './vendors/index.js';
import type { ConfiguredVendor, VendorModule } from './vendors/module.js';

export { ConfigError } from './config-schema.js';

/**
 * Environment -> typed, validated configuration. A bad value stops start-up with one line that names
 * the variable and what is wrong (see ConfigError). The gateway's own variables are here; each vendor
 * module brings its own (see src/vendors/index.ts), and the README's table is generated from both.
 */

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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The gateway's own variables, in the order the README lists them. */
export const GATEWAY_ENV = {
  PORT: described(intIn(0, 65535).default(4000), {
    description: 'listen port; `0` picks a free one (the log line says which)',
  }),
  HOST: described(z.string().trim().min(1).default('127.0.0.1'), { description: 'listen address' }),
  DATABASE_PATH: described(z.string().trim().min(1, 'must not be empty').default('./data/gateway.db'), {
    description: 'SQLite file of the embedded task store (`:memory:` allowed)',
  }),
  REDIS_URL: described(
    z
      .string()
      .trim()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
      .optional(),
    {
      description:
        'Redis store, pub/sub, scheduler and rate budgets shared by every instance (see "Scaled out on Redis")',
    },
  ),
  REDIS_KEY_PREFIX: described(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _ . : -')
      .default('gw:'),
    { description: 'prefix of every Redis key; deployments that share a Redis need different ones' },
  ),
  TASK_RETENTION_DAYS: described(positiveNumber.default(30), {
    description: 'finished tasks are deleted this long after their last change, in both stores',
  }),
  POLL_TAKEOVER_MS: described(intIn(1000, 600_000).default(30_000), {
    description: "with Redis: how soon another instance takes over a dead instance's polls",
  }),
  NODE_ENV: described(z.string().trim().optional(), {
    description:
      '`production`: `SANDBOX=auto` sandboxes nothing, GraphiQL is off unless `GRAPHIQL=on`, start-up refuses to run without authentication unless `AUTH=none`',
  }),
  AUTH: described(z.enum(['none'], { message: 'must be none, or unset' }).optional(), {
    description:
      '`none`: no authentication, every caller is tenant `public` with every scope (a warning is logged); the only way to run open with `NODE_ENV=production`',
  }),
  API_KEYS: described(z.string().optional(), {
    description:
      '`tenant:key,tenant:key`, the short form of `TENANTS_FILE` (see Security): every request then needs `Authorization: Bearer <key>`; empty is an error',
  }),
  TENANTS_FILE: described(z.string().trim().min(1).optional(), {
    description:
      'JSON file of tenants: hashed keys, scopes, own vendor credentials, limits (see Security); not together with `API_KEYS`',
  }),
  JWT_JWKS_URL: described(absoluteUrl.optional(), {
    description:
      'accept `Authorization: Bearer <JWT>` signed by a key of this JWKS (cached, fetched again for an unknown `kid`)',
  }),
  JWT_PUBLIC_KEY: described(
    z
      .string()
      .transform((pem) => pem.replaceAll('\\n', '\n').trim())
      .refine(
        (pem) => /^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(pem),
        'must be a PEM public key (BEGIN PUBLIC KEY)',
      )
      .optional(),
    { description: 'instead of `JWT_JWKS_URL`: the PEM public key tokens are signed with' },
  ),
  JWT_ISSUER: described(z.string().trim().min(1).optional(), {
    description: "when set, a token's `iss` must equal it",
  }),
  JWT_AUDIENCE: described(z.string().trim().min(1).optional(), {
    description: "when set, a token's `aud` must contain it",
  }),
  JWT_TENANT_CLAIM: described(z.string().trim().min(1).default('tenant'), {
    description: 'the claim that names the tenant; scopes come from `scope` (space-separated) or `scp`',
  }),
  JWT_JWKS_COOLDOWN_MS: described(intIn(0, 3_600_000).default(30_000), {
    description: 'the least time between two JWKS fetches caused by unknown `kid`s',
  }),
  CORS_ORIGINS: described(origins.optional(), {
    description:
      'comma-separated origins allowed to call cross-origin (exact `scheme://host:port`); unset: no CORS headers for anyone',
  }),
  GRAPHIQL: described(z.enum(['on', 'off'], { message: 'must be on or off' }).optional(), {
    description: "GraphiQL at `/graphql`, served from the gateway's own assets",
    shownDefault: '`on` (`off` in production or with `PERSISTED_ONLY=true`)',
  }),
  PERSISTED_DOCUMENTS: described(z.string().trim().min(1).optional(), {
    description:
      'JSON manifest of trusted documents `{ "<sha256 hex>": "<document>" }` (GraphQL Code Generator client preset `persistedDocuments`); requests may then send `documentId` or `extensions.persistedQuery.sha256Hash` instead of the text (see "For frontend teams")',
  }),
  PERSISTED_ONLY: described(
    z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
    {
      description:
        "`true`: only documents of `PERSISTED_DOCUMENTS` (and the console's own) run, document text is refused with `PERSISTED_QUERY_ONLY` on HTTP, SSE and graphql-ws, and GraphiQL is off",
    },
  ),
  SANDBOX: described(
    z.enum(['auto', 'on', 'off'], { message: 'must be one of auto, on, off' }).default('auto'),
    {
      description:
        '`auto`: a sandbox for each vendor without credentials (none in production); `on`: every vendor sandboxed; `off`: none',
    },
  ),
  SANDBOX_TASK_MS: described(intIn(0, 86_400_000).default(6000), {
    description: 'how long a sandbox task runs before its download URL is ready',
  }),
  SANDBOX_SECRET: described(z.string().min(16, 'must be at least 16 characters').optional(), {
    description:
      "signs the sandboxes' task ids and download links (keep it stable across restarts); required outside development when a vendor is sandboxed",
    shownDefault: 'built-in development value',
  }),
  SANDBOX_CONTROL_TOKEN: described(z.string().trim().min(16, 'must be at least 16 characters').optional(), {
    description:
      "the sandboxes' control routes (`/sandbox/<vendor>/_stats`, `_faults`) answer only with header `x-sandbox-control: <token>`; unset: 404",
  }),
  POLL_INITIAL_MS: described(intIn(10, 3_600_000).default(1000), {
    description: 'first poll interval (x1.5 per unchanged poll, back to this on a change)',
  }),
  POLL_MAX_MS: described(intIn(10, 86_400_000).default(30_000), { description: "the poll interval's cap" }),
  POLL_MAX_FAILURES: described(intIn(1, 1000).default(8), {
    description: 'consecutive transient vendor failures before a task fails with `VENDOR_UNAVAILABLE`',
  }),
  POLL_JITTER: described(
    z
      .string()
      .trim()
      .transform(Number)
      .refine((n) => Number.isFinite(n) && n >= 0 && n < 1, 'must be a fraction in [0, 1)')
      .default(0.2),
    {
      description:
        '± fraction of random spread on each interval, so that tasks started together do not poll together',
    },
  ),
  VENDOR_TIMEOUT_MS: described(intIn(1, 600_000).default(10_000), {
    description: "per-request timeout of vendor calls (a vendor module's own timeout variable overrides it)",
  }),
  VENDOR_WAIT_MS: described(intIn(0, 600_000).default(10_000), {
    description:
      "how long a call made for a client may wait for its vendor's rate budget before it is refused with `RATE_LIMITED` (see Limits)",
  }),
  LIMIT_DEPTH: described(intIn(1, 100).default(DEFAULT_OPERATION_LIMITS.maxDepth), {
    description: 'query depth, in fields (see Limits)',
  }),
  LIMIT_ALIASES: described(intIn(0, 10_000).default(DEFAULT_OPERATION_LIMITS.maxAliases), {
    description: 'aliases per operation',
  }),
  // GraphiQL's introspection query alone is about 190 tokens.
  LIMIT_TOKENS: described(intIn(200, 100_000).default(DEFAULT_OPERATION_LIMITS.maxTokens), {
    description: 'tokens per document',
  }),
  LIMIT_DIRECTIVES: described(intIn(0, 1000).default(DEFAULT_OPERATION_LIMITS.maxDirectives), {
    description: 'directives per operation',
  }),
  LIMIT_VENDOR_CALLS: described(intIn(1, 1000).default(DEFAULT_OPERATION_LIMITS.maxVendorCalls), {
    description: 'vendor calls an operation can cause (searches, patent pages, starts, tracks, refreshes)',
  }),
  LIMIT_REQUESTS_PER_MINUTE: described(intIn(1, 1_000_000).default(1200), {
    description: "each tenant's requests per minute (TENANTS_FILE `requestsPerMinute` overrides)",
  }),
  LIMIT_ACTIVE_TASKS: described(intIn(1, 10_000_000).default(1000), {
    description: "each tenant's unfinished tasks (TENANTS_FILE `activeTasks` overrides)",
  }),
  LIMIT_SUBSCRIPTIONS: described(intIn(1, 1_000_000).default(1000), {
    description: "each tenant's open subscriptions per instance (TENANTS_FILE `subscriptions` overrides)",
  }),
  LIMIT_SUBSCRIPTIONS_PER_CONNECTION: described(intIn(1, 100_000).default(100), {
    description: 'operations running at once on one graphql-ws connection',
  }),
  LIMIT_BODY_BYTES: described(intIn(1024, 100 * 1024 * 1024).default(256 * 1024), {
    description: 'the largest HTTP request body (larger: 413)',
  }),
  LIMIT_FRAME_BYTES: described(intIn(1024, 100 * 1024 * 1024).default(256 * 1024), {
    description: 'the largest graphql-ws message (larger: the socket closes with 1009)',
  }),
  SHUTDOWN_GRACE_MS: described(intIn(0, 600_000).default(0), {
    description: 'on SIGTERM, how long `/ready` answers 503 while everything else still works',
  }),
  LOG_LEVEL: described(z.enum(LOG_LEVELS).default('info'), {
    description: 'pino level (`silent` … `trace`); credentials are redacted at every level',
  }),
  // Read by the OpenTelemetry SDK itself (observability/tracing.ts); declared here so that a bad URL
  // stops start-up with one clear line and the README's table lists them.
  OTEL_EXPORTER_OTLP_ENDPOINT: described(absoluteUrl.optional(), {
    description:
      'when set, traces are exported over OTLP/HTTP (JSON bodies) to `<endpoint>/v1/traces`; the SDK reads the other standard `OTEL_*` variables itself (see "Operating it")',
  }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: described(absoluteUrl.optional(), {
    description: 'the full URL traces are sent to (wins over `OTEL_EXPORTER_OTLP_ENDPOINT` for traces)',
  }),
} satisfies EnvShape;

const gatewayEnvSchema = z.object(GATEWAY_ENV);
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  redisUrl?: string;
  /** NODE_ENV=production: safe defaults (no sandbox unless asked for, no GraphiQL, authentication required). */
  production: boolean;
  /** The scaled-out deployment's shared Redis: key namespace, poller takeover. */
  redis: { keyPrefix: string; takeoverMs: number };
  /** How long finished tasks (and vendor-id claims) are kept, in both stores. */
  retentionMs: number;
  auth: AuthConfig;
  /** Tenants with API keys (API_KEYS or TENANTS_FILE), their scopes, own vendor credentials and limits. */
  tenants: TenantDirectory;
  /** Origins allowed to call cross-origin; empty: none. */
  corsOrigins: readonly string[];
  graphiql: boolean;
  /** PERSISTED_DOCUMENTS (the manifest, checked) and PERSISTED_ONLY; null: document text only. */
  persistedDocuments: { manifest: ReadonlyMap<string, string>; only: boolean } | null;
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
  /** Every vendor module, configured: live, sandboxed or not configured. */
  vendors: readonly ConfiguredVendor[];
  logLevel: GatewayEnv['LOG_LEVEL'];
}

// The sandbox secret only signs sandbox ids and links; it must be stable across restarts so that
// links stay valid. This one is public, so it is accepted in development only.
const DEFAULT_SANDBOX_SECRET = 'export-gateway-sandbox-development-secret';

/** NODE_ENV values under which development conveniences (a built-in sandbox secret) are allowed. */
const DEVELOPMENT_ENVS = new Set(['development', 'test']);

/** The environment's schema: the gateway's variables and those of every vendor module. */
export function envShape(modules: readonly VendorModule[] = VENDOR_MODULES): EnvShape {
  return Object.assign({}, GATEWAY_ENV, ...modules.map((module) => module.env));
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  modules: readonly VendorModule[] = VENDOR_MODULES,
): Config {
  // An empty API_KEYS is a mistake (a template variable left blank), not "no authentication".
  if (env.API_KEYS !== undefined && env.API_KEYS.trim() === '') {
    throw new ConfigError('API_KEYS: is empty; list tenant:key pairs, or unset it');
  }
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const gateway = gatewayEnvSchema.safeParse(cleaned);
  if (!gateway.success) throw new ConfigError(firstProblem(gateway.error));
  const all = z.object(envShape(modules)).safeParse(cleaned);
  if (!all.success) throw new ConfigError(firstProblem(all.error));
  const e = gateway.data;
  if (e.POLL_MAX_MS < e.POLL_INITIAL_MS) throw new ConfigError('POLL_MAX_MS: must be >= POLL_INITIAL_MS');
  const production = e.NODE_ENV === 'production';
  const persistedOnly = e.PERSISTED_ONLY === 'true';
  if (persistedOnly && !e.PERSISTED_DOCUMENTS) {
    throw new ConfigError(
      'PERSISTED_ONLY: true needs PERSISTED_DOCUMENTS (the manifest of the documents that may run)',
    );
  }
  // GraphiQL sends whatever text is typed into it: it has nothing to do on a trusted-documents gateway.
  if (persistedOnly && e.GRAPHIQL === 'on') {
    throw new ConfigError('GRAPHIQL: on contradicts PERSISTED_ONLY=true (GraphiQL sends document text)');
  }
  const development = e.NODE_ENV === undefined || DEVELOPMENT_ENVS.has(e.NODE_ENV);
  const tenants = loadTenants(e, modules);
  const auth = authConfig(e, tenants, production);
  const vendors = modules.map((module) =>
    module.configure({
      env: cleaned,
      sandbox: e.SANDBOX,
      production,
      timeoutMs: e.VENDOR_TIMEOUT_MS,
      tenants: tenants.list().flatMap((tenant) => {
        const credentials = tenant.vendors[module.vendor];
        return credentials === undefined ? [] : [{ tenant: tenant.name, credentials }];
      }),
    }),
  );
  if (vendors.some((v) => v.mode === 'SANDBOX') && !e.SANDBOX_SECRET && !development) {
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
    redis: { keyPrefix: e.REDIS_KEY_PREFIX, takeoverMs: e.POLL_TAKEOVER_MS },
    retentionMs: Math.round(e.TASK_RETENTION_DAYS * 86_400_000),
    auth,
    tenants,
    corsOrigins: e.CORS_ORIGINS ?? [],
    graphiql: (e.GRAPHIQL ?? (production || persistedOnly ? 'off' : 'on')) === 'on',
    persistedDocuments: e.PERSISTED_DOCUMENTS
      ? { manifest: readManifest(e.PERSISTED_DOCUMENTS), only: persistedOnly }
      : null,
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
    vendors,
    logLevel: e.LOG_LEVEL,
  };
}

/** API_KEYS (short form) or TENANTS_FILE (long form), never both. */
function loadTenants(e: GatewayEnv, modules: readonly VendorModule[]): TenantDirectory {
  if (e.API_KEYS !== undefined && e.TENANTS_FILE !== undefined) {
    throw new ConfigError('TENANTS_FILE: set together with API_KEYS; use one of them');
  }
  try {
    if (e.API_KEYS !== undefined) return parseApiKeys(e.API_KEYS);
    if (e.TENANTS_FILE !== undefined) return parseTenantsFile(readTenantsFile(e.TENANTS_FILE), modules);
  } catch (error) {
    if (!(error instanceof TenantsError)) throw error;
    const name = e.API_KEYS !== undefined ? 'API_KEYS' : `TENANTS_FILE (${e.TENANTS_FILE})`;
    throw new ConfigError(error.problems.map((problem) => `${name}: ${problem}`).join('\n'));
  }
  return TenantDirectory.empty();
}

function readManifest(path: string): Map<string, string> {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`PERSISTED_DOCUMENTS: cannot read ${path} (${code})`);
  }
  try {
    return parseManifest(json);
  } catch (error) {
    if (error instanceof ManifestError)
      throw new ConfigError(`PERSISTED_DOCUMENTS: ${path} ${error.message}`);
    throw error;
  }
}

function readTenantsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`TENANTS_FILE: cannot read ${path} (${code})`);
  }
}

function authConfig(e: GatewayEnv, tenants: TenantDirectory, production: boolean): AuthConfig {
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
