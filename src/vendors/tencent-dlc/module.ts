import { z } from 'zod';
import {
  absoluteUrl,
  described,
  type EnvShape,
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
import type { Startable } from '../types.js';
import { createDlcClient } from './client.js';
import { registerQueryResultDownload } from './graphql/query-result-download.js';
import { createQueryResultDownloadOperation, type StartQueryResultDownloadInput } from './query-result.js';
import { createDlcSandbox, type DlcSandbox, dlcSandboxCosOrigin } from './sandbox/index.js';

/**
 * Tencent Cloud DLC: the result of a query task as a file on COS (TC3-HMAC-SHA256 signed), delivered
 * as a presigned COS URL the gateway mints from the temporary credentials DLC hands out.
 */

const VENDOR = 'TENCENT_DLC';
const LABEL = 'Tencent Cloud DLC';
const SANDBOX_PATH = 'tencent-dlc';

const region = z
  .string()
  .trim()
  .regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, 'must be a region such as ap-guangzhou');

const ENV = {
  TENCENT_SECRET_ID: described(text.optional(), { description: 'DLC SecretId (TC3-HMAC-SHA256 signing)' }),
  TENCENT_SECRET_KEY: described(text.optional(), { description: 'DLC SecretKey' }),
  TENCENT_SESSION_TOKEN: described(text.optional(), {
    description: 'STS session token (X-TC-Token), with temporary keys',
  }),
  TENCENT_REGION: described(region.default('ap-guangzhou'), {
    description: 'X-TC-Region of the DLC calls, and the COS region of the results',
  }),
  TENCENT_DLC_ENDPOINT: described(absoluteUrl.default('https://dlc.tencentcloudapi.com'), {
    description: 'DLC API endpoint',
  }),
  TENCENT_DLC_QPS: described(positiveNumber.default(20), {
    description: 'rate budget of the DLC credential (the vendor documents 20 calls per second)',
  }),
} satisfies EnvShape;

interface DlcCredentials {
  keyId: string;
  keySecret: string;
  sessionToken?: string;
  region?: string;
  qps?: number;
}

/** The key pair its sandbox accepts (and that unlocks nothing else). */
const SANDBOX_KEYS = { keyId: 'AKIDSandboxGatewayKey', keySecret: 'sandbox-dlc-secret-key' } as const;

const tenantCredentials = z
  .object({
    TENCENT_SECRET_ID: text,
    TENCENT_SECRET_KEY: text,
    TENCENT_SESSION_TOKEN: text.optional(),
    TENCENT_REGION: region.optional(),
    TENCENT_DLC_QPS: z.coerce.number().positive('must be a positive number').optional(),
  })
  .strict()
  .transform(
    (c): DlcCredentials => ({
      keyId: c.TENCENT_SECRET_ID,
      keySecret: c.TENCENT_SECRET_KEY,
      sessionToken: c.TENCENT_SESSION_TOKEN,
      region: c.TENCENT_REGION,
      qps: c.TENCENT_DLC_QPS,
    }),
  );

const KINDS = [
  {
    kind: 'QUERY_RESULT_DOWNLOAD',
    typeName: 'QueryResultDownloadTask',
    description: 'Tencent Cloud DLC query result download',
    vendorTaskId: 'DownloadId (DLC)',
  },
] as const;

/** Its sandbox, for tests and tools that drive it (faults, statistics); null when DLC is live. */
const sandboxes = new SandboxesOf<DlcSandbox>();
export const dlcSandbox = (vendor: ConnectedVendor | undefined): DlcSandbox | null => sandboxes.of(vendor);

export const tencentDlcModule: VendorModule = {
  vendor: VENDOR,
  label: LABEL,
  kinds: KINDS,
  env: ENV,
  tenantCredentials,
  configure(input) {
    const env = z.object(ENV).parse(input.env);
    requireBoth('TENCENT_SECRET_ID', env.TENCENT_SECRET_ID, 'TENCENT_SECRET_KEY', env.TENCENT_SECRET_KEY);
    const mode = sharedMode(input, Boolean(env.TENCENT_SECRET_ID));
    const shared: DlcCredentials | null =
      mode === 'SANDBOX'
        ? SANDBOX_KEYS
        : env.TENCENT_SECRET_ID && env.TENCENT_SECRET_KEY
          ? {
              keyId: env.TENCENT_SECRET_ID,
              keySecret: env.TENCENT_SECRET_KEY,
              sessionToken: env.TENCENT_SESSION_TOKEN,
            }
          : null;
    const tenants = tenantCredentialsOf(input, tenantCredentials);
    return {
      vendor: VENDOR,
      label: LABEL,
      kinds: KINDS,
      mode,
      ratePerSecond: env.TENCENT_DLC_QPS,
      timeoutMs: input.timeoutMs,
      connect: (wiring) => connect(wiring, { env, mode, shared, tenants, timeoutMs: input.timeoutMs }),
    };
  },
};

interface Settings {
  env: z.infer<z.ZodObject<typeof ENV>>;
  mode: ConnectedVendor['mode'];
  shared: DlcCredentials | null;
  tenants: readonly { tenant: string; credentials: DlcCredentials }[];
  timeoutMs: number;
}

function connect(wiring: VendorWiring, { env, mode, shared, tenants, timeoutMs }: Settings): ConnectedVendor {
  const sandboxed = mode === 'SANDBOX';
  const basePath = `/sandbox/${SANDBOX_PATH}`;
  // Tenants with their own keys call the sandbox as other accounts; one budget serves them all.
  const sandbox = sandboxed
    ? createDlcSandbox({
        ...sandboxOptions(wiring, SANDBOX_PATH),
        qps: sandboxBudget(env.TENCENT_DLC_QPS, tenants),
        secretId: SANDBOX_KEYS.keyId,
        secretKey: SANDBOX_KEYS.keySecret,
        moreKeys: tenants.map(({ credentials: c }) => ({ secretId: c.keyId, secretKey: c.keySecret })),
      })
    : null;
  // Sandboxed, the results live on the sandbox's own COS endpoint.
  const cosOrigin = sandboxed ? dlcSandboxCosOrigin(wiring.origin, basePath) : undefined;

  const connections = PerCredential.connect(shared, tenants, env.TENCENT_DLC_QPS, (credentials, qps) =>
    createQueryResultDownloadOperation(
      createDlcClient({
        endpoint: sandboxed ? `${wiring.origin}${basePath}` : env.TENCENT_DLC_ENDPOINT,
        secretId: credentials.keyId,
        secretKey: credentials.keySecret,
        token: credentials.sessionToken,
        region: credentials.region ?? env.TENCENT_REGION,
        timeoutMs,
        record: wiring.record,
        rateGate: wiring.rateGate(credentialName('tencent-dlc', credentials.keyId), qps),
        ...(cosOrigin ? { cosOrigin } : {}),
      }),
    ),
  );
  const queryResult: Startable<StartQueryResultDownloadInput> = {
    kind: 'QUERY_RESULT_DOWNLOAD',
    vendor: VENDOR,
    operation: (credentialTenant) => connections.get(credentialTenant)?.connection,
  };

  const vendor: ConnectedVendor = {
    vendor: VENDOR,
    label: LABEL,
    mode,
    kinds: KINDS,
    trackFields: {},
    sandbox: sandbox && { path: SANDBOX_PATH, handle: (req, res) => sandbox.handle(req, res) },
    tracker: (kind, credentialTenant) =>
      kind === queryResult.kind ? queryResult.operation(credentialTenant) : undefined,
    access: (tenant) => connections.access(tenant, env.TENCENT_DLC_QPS),
    registerGraphQL: (builder, tasks) => registerQueryResultDownload(builder, tasks, queryResult),
  };
  return sandboxes.remember(vendor, sandbox);
}
