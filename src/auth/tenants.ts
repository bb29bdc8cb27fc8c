import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { VendorModule } from '../vendors/module.js';
import { apiKeyScopes, SCOPES, type Scope } from './scopes.js';

/** Tenant names appear in logs, metrics and store keys: keep them plain. */
export const TENANT_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const TENANT_NAME_RULE = 'letters, digits, _ . - (1 to 64)';

/** Per-tenant limits from TENANTS_FILE; what is absent takes the gateway's defaults. */
export interface TenantLimits {
  requestsPerMinute?: number;
  activeTasks?: number;
  subscriptions?: number;
}

/**
 * A tenant's own vendor credentials (its own client and rate budget), by vendor, as that vendor
 * module's `tenantCredentials` accepted them; the module reads them again when it is configured.
 */
export type TenantVendorCredentials = Readonly<Record<string, unknown>>;

export interface Tenant {
  name: string;
  /** What an API key of this tenant may do (a JWT brings its own scopes). */
  scopes: ReadonlySet<Scope>;
  vendors: TenantVendorCredentials;
  limits: TenantLimits;
}

/** Every known tenant, and the lookup of an API key. */
export class TenantDirectory {
  readonly #tenants: ReadonlyMap<string, Tenant>;
  readonly #keys: readonly { digest: Buffer; tenant: Tenant }[];

  constructor(tenants: readonly Tenant[], keys: readonly { digest: Buffer; tenant: string }[]) {
    this.#tenants = new Map(tenants.map((t) => [t.name, t]));
    this.#keys = keys.map(({ digest, tenant }) => {
      const found = this.#tenants.get(tenant);
      if (!found) throw new Error(`key of unknown tenant ${tenant}`);
      return { digest, tenant: found };
    });
  }

  static empty(): TenantDirectory {
    return new TenantDirectory([], []);
  }

  get hasKeys(): boolean {
    return this.#keys.length > 0;
  }

  get(name: string): Tenant | undefined {
    return this.#tenants.get(name);
  }

  list(): Tenant[] {
    return [...this.#tenants.values()];
  }

  /**
   * The tenant of an API key, or null. Every stored digest is compared, in constant time, whatever
   * matched before: neither the answer's timing nor its early exit tells how close a guess was.
   */
  byKey(key: string): Tenant | null {
    const digest = sha256(key);
    let found: Tenant | null = null;
    for (const entry of this.#keys) {
      if (timingSafeEqual(entry.digest, digest)) found = entry.tenant;
    }
    return found;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** `tenant:key,tenant:key` (API_KEYS), the short form: fixed scopes, no own credentials, default limits. */
export function parseApiKeys(raw: string): TenantDirectory {
  const entries: { tenant: string; key: string }[] = [];
  for (const entry of raw.split(',')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const sep = trimmed.indexOf(':');
    const tenant = trimmed.slice(0, sep).trim();
    const key = trimmed.slice(sep + 1).trim();
    if (sep <= 0 || !key) throw new TenantsError(['each entry must be tenant:key']);
    if (!TENANT_NAME.test(tenant)) throw new TenantsError([`tenant names may use ${TENANT_NAME_RULE}`]);
    if (entries.some((e) => e.key === key)) throw new TenantsError(['a key is listed twice']);
    entries.push({ tenant, key });
  }
  if (entries.length === 0) throw new TenantsError(['lists no tenant:key']);
  const names = [...new Set(entries.map((e) => e.tenant))];
  const scopes = apiKeyScopes(names.length === 1);
  return new TenantDirectory(
    names.map((name) => ({ name, scopes, vendors: {}, limits: {} })),
    entries.map((e) => ({ digest: sha256(e.key), tenant: e.tenant })),
  );
}

/** One message per mistake, each naming where it is. */
export class TenantsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'TenantsError';
  }
}

const HASHED_KEY = /^sha256:([0-9a-f]{64})$/i;

const keySchema = z
  .string()
  .refine(
    (key) => HASHED_KEY.test(key) || (!key.startsWith('sha256:') && key.trim().length >= 16),
    'must be "sha256:" and the 64 hex digits of the key\'s SHA-256, or a key of at least 16 characters',
  );

const positiveInt = z.number().int('must be a whole number').positive('must be positive');

/**
 * `vendors`: for each vendor module, credentials its `tenantCredentials` accepts. They are kept as
 * written; the module reads them again, typed, when it is configured.
 */
function vendorsSchema(modules: readonly VendorModule[]) {
  return z
    .object(Object.fromEntries(modules.map((module) => [module.vendor, checkedBy(module.tenantCredentials)])))
    .partial()
    .strict();
}

function checkedBy(schema: z.ZodType) {
  return z.unknown().superRefine((value, ctx) => {
    if (value === undefined) return;
    const checked = schema.safeParse(value);
    if (checked.success) return;
    for (const issue of checked.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  });
}

const tenantSchema = (modules: readonly VendorModule[]) =>
  z
    .object({
      keys: z.array(keySchema).default([]),
      scopes: z.array(z.enum(SCOPES, { message: `must be one of ${SCOPES.join(', ')}` })),
      vendors: vendorsSchema(modules).default({}),
      limits: z
        .object({ requestsPerMinute: positiveInt, activeTasks: positiveInt, subscriptions: positiveInt })
        .strict()
        .partial()
        .default({}),
    })
    .strict();

const fileSchema = (modules: readonly VendorModule[]) =>
  z
    .object({
      tenants: z.record(
        z.string().regex(TENANT_NAME, `tenant names may use ${TENANT_NAME_RULE}`),
        tenantSchema(modules),
      ),
    })
    .strict();

/** TENANTS_FILE's content -> the directory; every mistake is reported, each on its own line. */
export function parseTenantsFile(content: string, modules: readonly VendorModule[]): TenantDirectory {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new TenantsError([`not valid JSON (${error instanceof Error ? error.message : 'parse error'})`]);
  }
  const parsed = fileSchema(modules).safeParse(json);
  if (!parsed.success) {
    throw new TenantsError(
      parsed.error.issues.map(
        (issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`,
      ),
    );
  }
  const tenants: Tenant[] = [];
  const keys: { digest: Buffer; tenant: string }[] = [];
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(parsed.data.tenants)) {
    // Only the vendors it has credentials for.
    const vendors = Object.fromEntries(
      Object.entries(entry.vendors).filter(([, value]) => value !== undefined),
    );
    tenants.push({ name, scopes: new Set(entry.scopes), vendors, limits: entry.limits });
    entry.keys.forEach((key, i) => {
      const hashed = HASHED_KEY.exec(key)?.[1];
      const digest = hashed ? Buffer.from(hashed, 'hex') : sha256(key.trim());
      if (keys.some((k) => k.digest.equals(digest)))
        problems.push(`tenants.${name}.keys.${i}: a key is listed twice`);
      keys.push({ digest, tenant: name });
    });
  }
  if (tenants.length === 0) problems.push('tenants: lists no tenant');
  if (problems.length > 0) throw new TenantsError(problems);
  return new TenantDirectory(tenants, keys);
}
