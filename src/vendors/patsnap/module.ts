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
import {
  credentialName,
  PerCredential,
  SandboxesOf,
  sandboxBudget,
  sandboxOptions,
  sharedMode,
  tenantCredentialsOf,
} from '../shared/module-kit.js';
import { VendorError } from '../shared/vendor-error.js';
import type { Startable } from '../types.js';
import { createPatSnapClient } from './client.js';
import { createPatentExportOperation } from './export.js';
import type { StartPatentExportInput } from './export-input.js';
import { registerEnterpriseReport } from './graphql/enterprise-report.js';
import { registerPatentExport } from './graphql/patent-export.js';
import { registerPatentSearch } from './graphql/patent-search.js';
import { createEnterpriseReportOperation, type StartEnterpriseReportInput } from './report.js';
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
const sandboxes = new SandboxesOf<PatSnapSandbox>();
export const patsnapSandbox = (vendor: ConnectedVendor | undefined): PatSnapSandbox | null =>
  sandboxes.of(vendor);

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
    const tenants = tenantCredentialsOf(input, tenantCredentials);
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
  // Tenants with their own credentials call the sandbox as other accounts; one budget serves them all.
  const sandbox = sandboxed
    ? createPatSnapSandbox({
        ...sandboxOptions(wiring, SANDBOX_PATH),
        qps: sandboxBudget(env.PATSNAP_QPS, tenants),
        ...SANDBOX_CLIENT,
        moreClients: tenants.flatMap(({ credentials: c }) =>
          c.clientId && c.clientSecret ? [{ clientId: c.clientId, clientSecret: c.clientSecret }] : [],
        ),
        apiKeys: tenants.flatMap(({ credentials: c }) => (c.apiKey ? [c.apiKey] : [])),
      })
    : null;

  const connections = PerCredential.connect(shared, tenants, env.PATSNAP_QPS, (credentials, qps) => {
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
      exportOperation: createPatentExportOperation(client),
      reportOperation: createEnterpriseReportOperation(client),
      search: createPatentSearch(client),
    };
  });
  const patentExport: Startable<StartPatentExportInput> = {
    kind: 'PATENT_EXPORT',
    vendor: VENDOR,
    operation: (credentialTenant) => connections.get(credentialTenant)?.connection.exportOperation,
  };
  const enterpriseReport: Startable<StartEnterpriseReportInput> = {
    kind: 'ENTERPRISE_REPORT',
    vendor: VENDOR,
    operation: (credentialTenant) => connections.get(credentialTenant)?.connection.reportOperation,
  };

  const vendor: ConnectedVendor = {
    vendor: VENDOR,
    label: LABEL,
    mode,
    kinds: KINDS,
    trackFields: {},
    sandbox: sandbox && { path: SANDBOX_PATH, handle: (req, res) => sandbox.handle(req, res) },
    tracker: (kind, credentialTenant) =>
      [patentExport, enterpriseReport].find((op) => op.kind === kind)?.operation(credentialTenant),
    access: (tenant) => connections.access(tenant, env.PATSNAP_QPS),
    registerGraphQL(builder, tasks) {
      registerPatentExport(builder, tasks, patentExport);
      registerEnterpriseReport(builder, tasks, enterpriseReport);
      registerPatentSearch(builder, (tenant) => {
        const search = connections.forTenant(tenant)?.connection.search;
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
  return sandboxes.remember(vendor, sandbox);
}
