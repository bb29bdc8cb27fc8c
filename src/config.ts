import { z } from 'zod';

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
  API_KEYS: z.string().optional(),
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
  /** The scaled-out deployment's shared Redis: key namespace, retention, poller takeover. */
  redis: { keyPrefix: string; retentionMs: number; takeoverMs: number };
  /** key -> tenant; null when API_KEYS is unset (everyone is tenant `public`). */
  apiKeys: Map<string, string> | null;
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
// links stay valid, and it protects nothing real.
const DEFAULT_SANDBOX_SECRET = 'export-gateway-sandbox-development-secret';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
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
  const sandboxMode = (env.SANDBOX ?? 'auto') === '' ? 'auto' : e.SANDBOX;
  const sandboxed = (hasCredentials: boolean) =>
    sandboxMode === 'on' || (sandboxMode === 'auto' && !hasCredentials);
  const patsnapHasCredentials = Boolean(e.PATSNAP_CLIENT_ID || e.PATSNAP_API_KEY);
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    redisUrl: e.REDIS_URL,
    redis: {
      keyPrefix: e.REDIS_KEY_PREFIX,
      retentionMs: Math.round(e.TASK_RETENTION_DAYS * 86_400_000),
      takeoverMs: e.POLL_TAKEOVER_MS,
    },
    apiKeys: e.API_KEYS === undefined ? null : parseApiKeys(e.API_KEYS),
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
      sandbox: sandboxed(patsnapHasCredentials),
    },
    aliyunDms: {
      endpoint: e.ALIYUN_DMS_ENDPOINT,
      keyId: e.ALIYUN_ACCESS_KEY_ID,
      keySecret: e.ALIYUN_ACCESS_KEY_SECRET,
      qps: e.ALIYUN_DMS_QPS,
      timeoutMs: e.VENDOR_TIMEOUT_MS,
      sandbox: sandboxed(Boolean(e.ALIYUN_ACCESS_KEY_ID)),
    },
    tencentDlc: {
      endpoint: e.TENCENT_DLC_ENDPOINT,
      keyId: e.TENCENT_SECRET_ID,
      keySecret: e.TENCENT_SECRET_KEY,
      sessionToken: e.TENCENT_SESSION_TOKEN,
      region: e.TENCENT_REGION,
      qps: e.TENCENT_DLC_QPS,
      timeoutMs: e.VENDOR_TIMEOUT_MS,
      sandbox: sandboxed(Boolean(e.TENCENT_SECRET_ID)),
    },
    logLevel: e.LOG_LEVEL,
  };
}

function requireBoth(nameA: string, a: string | undefined, nameB: string, b: string | undefined): void {
  if (Boolean(a) !== Boolean(b))
    throw new ConfigError(`${nameB}: ${nameA} and ${nameB} must be set together`);
}

/** `tenant:key,tenant:key` -> key -> tenant. */
export function parseApiKeys(raw: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const entry of raw.split(',')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const sep = trimmed.indexOf(':');
    const tenant = trimmed.slice(0, sep).trim();
    const key = trimmed.slice(sep + 1).trim();
    if (sep <= 0 || !key) throw new ConfigError('API_KEYS: each entry must be tenant:key');
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(tenant)) {
      throw new ConfigError('API_KEYS: tenant names may use letters, digits, _ . - (at most 64)');
    }
    if (keys.has(key)) throw new ConfigError('API_KEYS: a key is listed twice');
    keys.set(key, tenant);
  }
  if (keys.size === 0) throw new ConfigError('API_KEYS: set but lists no tenant:key');
  return keys;
}
