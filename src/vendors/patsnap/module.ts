import { z } from 'zod';
import {
  absoluteUrl,
  described,
  type EnvShape,
  intIn,
  positiveNumber,
  requireBoth,
  text,
} from '../../config-schema.js';
import type { ConnectedVendor, VendorModule, VendorWiring } from '../module.js';
import { credentialName, PerCredential, sharedMode } from '../shared/credentials.js';
import { VendorError } from '../shared/vendor-error.js';
import { createPatSnapClient } from './client.js';
import { createPatentExportOperation } from './export.js';
import { registerEnterpriseReport } from './graphql/enterprise-report.js';
import { registerPatentExport } from './graphql/patent-export.js';
import { registerPatentSearch } from './graphql/patent-search.js';
import { createEnterpriseReportOperation } from './report.js';
import { createPatSnapSandbox, type PatSnapSandbox } from './sandbox/index.js';
import { createPatentSearch } from './search.js';

/**
 * PatSnap Open Platform: patent exports (P055), enterprise reports (R001) and nested facet search
 * (P075 with P002 patent lists), on client credentials (tokens) or a static API key.
 */

const VENDOR = 'PATSNAP';
const LABEL = 'PatSnap';
const SANDBOX_PATH = 'patsnap';

const ENV = {
  PATSNAP_BASE_URL: described(absoluteUrl.default('https://connect.patsnap.com'), {
    description: 'PatSnap API root',
  }),
  PATSNAP_CLIENT_ID: described(text.optional(), {
    description: 'client-credentials mode: tokens from `POST /oauth/token`, cached and refreshed',
  }),
  PATSNAP_CLIENT_SECRET: described(text.optional(), { description: "the client id's secret" }),
  PATSNAP_API_KEY: described(text.optional(), {
    description: 'static key mode (`Authorization: Bearer <key>`)',
  }),
  PATSNAP_QPS: described(positiveNumber.default(5), {
    description: 'rate budget of this credential: every call (token, create, status, search) waits for it',
  }),
  PATSNAP_TIMEOUT_MS: described(intIn(1, 600_000).default(10_000), {
    description: "per-request timeout (the vendor's documented maximum response time)",
  }),
} satisfies EnvShape;

interface PatSnapCredentials {
  clientId?: string;
  clientSecret?: string;
  apiKey?: string;
  qps?: number;
}

/** The credentials its sandbox accepts (and unlock nothing else). */
const SANDBOX_CLIENT = { clientId: 'sandbox-client', clientSecret: 'sandbox-client-secret' } as const;

const tenantCredentials = z
  .object({
    PATSNAP_CLIENT_ID: text.optional(),
    PATSNAP_CLIENT_SECRET: text.optional(),
    PATSNAP_API_KEY: text.optional(),
    PATSNAP_QPS: z.coerce.number().positive('must be a positive number').optional(),
  })
  .strict()
  .refine(
    (c) =>
      Boolean(c.PATSNAP_CLIENT_ID) === Boolean(c.PATSNAP_CLIENT_SECRET) &&
      Boolean(c.PATSNAP_CLIENT_ID || c.PATSNAP_API_KEY),
    'needs PATSNAP_CLIENT_ID with PATSNAP_CLIENT_SECRET, or PATSNAP_API_KEY',
  )
  .transform(
    (c): PatSnapCredentials => ({
      clientId: c.PATSNAP_CLIENT_ID,
      clientSecret: c.PATSNAP_CLIENT_SECRET,
      apiKey: c.PATSNAP_API_KEY,
      qps: c.PATSNAP_QPS,
    }),
  );

const KINDS = [
  {
    kind: 'PATENT_EXPORT',
    typeName: 'PatentExportTask',
    description: 'PatSnap P055 patent export',
    vendorTaskId: 'task_id (export)',
  },
  {
    kind: 'ENTERPRISE_REPORT',
    typeName: 'EnterpriseReportTask',
    description: 'PatSnap R001 enterprise report',
    vendorTaskId: 'job_id (report)',
  },
] as const;

/** Its sandbox, for tests and tools that drive it (faults, statistics); null when PatSnap is live. */
const sandboxes = new WeakMap<ConnectedVendor, PatSnapSandbox>();
export function patsnapSandbox(vendor: ConnectedVendor | undefined): PatSnapSandbox | null {
  return (vendor && sandboxes.get(vendor)) ?? null;
}

export const patsnapModule: VendorModule = {
  vendor: VENDOR,
  label: LABEL,
  kinds: KINDS,
  env: ENV,
  tenantCredentials,
  configure(input) {
    const env = z.object(ENV).parse(input.env);
    requireBoth(
      'PATSNAP_CLIENT_ID',
      env.PATSNAP_CLIENT_ID,
      'PATSNAP_CLIENT_SECRET',
      env.PATSNAP_CLIENT_SECRET,
    );
    const mode = sharedMode(input, Boolean(env.PATSNAP_CLIENT_ID || env.PATSNAP_API_KEY));
    const shared: PatSnapCredentials | null =
      mode === 'SANDBOX'
        ? SANDBOX_CLIENT
        : mode === 'LIVE'
          ? {
              clientId: env.PATSNAP_CLIENT_ID,
              clientSecret: env.PATSNAP_CLIENT_SECRET,
              apiKey: env.PATSNAP_API_KEY,
            }
          : null;
    const tenants = input.tenants.map(({ tenant, credentials }) => ({
      tenant,
      credentials: tenantCredentials.parse(credentials),
    }));
    return {
      vendor: VENDOR,
      label: LABEL,
      kinds: KINDS,
      mode,
      ratePerSecond: env.PATSNAP_QPS,
      timeoutMs: env.PATSNAP_TIMEOUT_MS,
      connect: (wiring) => connect(wiring, { env, mode, shared, tenants }),
    };
  },
};

interface Settings {
  env: z.infer<z.ZodObject<typeof ENV>>;
  mode: ConnectedVendor['mode'];
  shared: PatSnapCredentials | null;
  tenants: readonly { tenant: string; credentials: PatSnapCredentials }[];
}

function connect(wiring: VendorWiring, { env, mode, shared, tenants }: Settings): ConnectedVendor {
  const sandboxed = mode === 'SANDBOX';
  const basePath = `/sandbox/${SANDBOX_PATH}`;
  const state = sandboxed ? wiring.sandboxState(SANDBOX_PATH) : undefined;
  // Tenants with their own credentials call the sandbox as other accounts; one budget serves them all.
  const sandbox = sandboxed
    ? createPatSnapSandbox({
        basePath,
        publicOrigin: () => wiring.origin,
        taskMs: wiring.sandboxTaskMs,
        secret: wiring.sandboxSecret,
        ...(state ? { state } : {}),
        qps: tenants.reduce((sum, t) => sum + (t.credentials.qps ?? env.PATSNAP_QPS), env.PATSNAP_QPS),
        ...SANDBOX_CLIENT,
        moreClients: tenants.flatMap(({ credentials: c }) =>
          c.clientId && c.clientSecret ? [{ clientId: c.clientId, clientSecret: c.clientSecret }] : [],
        ),
        apiKeys: tenants.flatMap(({ credentials: c }) => (c.apiKey ? [c.apiKey] : [])),
      })
    : null;

  const connectCredentials = (credentials: PatSnapCredentials) => {
    const qps = credentials.qps ?? env.PATSNAP_QPS;
    const client = createPatSnapClient({
      baseUrl: sandboxed ? `${wiring.origin}${basePath}` : env.PATSNAP_BASE_URL,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      apiKey: credentials.apiKey,
      timeoutMs: env.PATSNAP_TIMEOUT_MS,
      record: wiring.record,
      rateGate: wiring.rateGate(credentialName('patsnap', credentials.clientId ?? credentials.apiKey), qps),
    });
    return {
      qps,
      exportOperation: createPatentExportOperation(client),
      reportOperation: createEnterpriseReportOperation(client),
      search: createPatentSearch(client),
    };
  };
  const connections = new PerCredential(
    shared ? connectCredentials(shared) : null,
    new Map(tenants.map(({ tenant, credentials }) => [tenant, connectCredentials(credentials)])),
  );

  const vendor: ConnectedVendor = {
    vendor: VENDOR,
    label: LABEL,
    mode,
    kinds: KINDS,
    trackFields: {},
    sandbox: sandbox && { path: SANDBOX_PATH, handle: (req, res) => sandbox.handle(req, res) },
    tracker: (kind, credentialTenant) => {
      const connection = connections.get(credentialTenant);
      if (kind === 'PATENT_EXPORT') return connection?.exportOperation;
      if (kind === 'ENTERPRISE_REPORT') return connection?.reportOperation;
      return undefined;
    },
    access: (tenant) => {
      const connection = connections.forTenant(tenant);
      return {
        own: connections.hasOwn(tenant),
        configured: connection !== undefined,
        ratePerSecond: connection?.qps ?? env.PATSNAP_QPS,
      };
    },
    registerGraphQL(builder, tasks) {
      registerPatentExport(builder, tasks, {
        kind: 'PATENT_EXPORT',
        vendor: VENDOR,
        operation: (credentialTenant) => connections.get(credentialTenant)?.exportOperation,
      });
      registerEnterpriseReport(builder, tasks, {
        kind: 'ENTERPRISE_REPORT',
        vendor: VENDOR,
        operation: (credentialTenant) => connections.get(credentialTenant)?.reportOperation,
      });
      registerPatentSearch(builder, (tenant) => {
        const search = connections.forTenant(tenant)?.search;
        if (!search) {
          throw new VendorError(
            'NOT_CONFIGURED',
            'PatSnap is not configured: set its credentials or SANDBOX',
          );
        }
        return search;
      });
    },
  };
  if (sandbox) sandboxes.set(vendor, sandbox);
  return vendor;
}
