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
import { createDmsClient } from './client.js';
import { createDataTrackDownloadOperation, type StartDataTrackDownloadInput } from './data-track.js';
import { registerDataTrackDownload } from './graphql/data-track-download.js';
import { createDmsSandbox, type DmsSandbox } from './sandbox/index.js';

/** Alibaba Cloud DMS: the SQL of a data-tracking ticket as a file (ACS3-HMAC-SHA256 signed). */

const VENDOR = 'ALIYUN_DMS';
const LABEL = 'Alibaba Cloud DMS';
const SANDBOX_PATH = 'aliyun-dms';

const ENV = {
  ALIYUN_ACCESS_KEY_ID: described(text.optional(), {
    description: 'DMS AccessKey id (ACS3-HMAC-SHA256 signing)',
  }),
  ALIYUN_ACCESS_KEY_SECRET: described(text.optional(), { description: 'DMS AccessKey secret' }),
  ALIYUN_DMS_ENDPOINT: described(absoluteUrl.default('https://dms-enterprise.cn-hangzhou.aliyuncs.com'), {
    description: 'DMS API endpoint (its region)',
  }),
  ALIYUN_DMS_QPS: described(positiveNumber.default(10), { description: 'rate budget of the DMS credential' }),
} satisfies EnvShape;

interface DmsCredentials {
  keyId: string;
  keySecret: string;
  qps?: number;
}

/** The key pair its sandbox accepts (and that unlocks nothing else). */
const SANDBOX_KEYS = {
  keyId: 'LTAI5tSandboxGatewayKey',
  keySecret: 'sandbox-dms-access-key-secret',
} as const;

const tenantCredentials = z
  .object({
    ALIYUN_ACCESS_KEY_ID: text,
    ALIYUN_ACCESS_KEY_SECRET: text,
    ALIYUN_DMS_QPS: z.coerce.number().positive('must be a positive number').optional(),
  })
  .strict()
  .transform(
    (c): DmsCredentials => ({
      keyId: c.ALIYUN_ACCESS_KEY_ID,
      keySecret: c.ALIYUN_ACCESS_KEY_SECRET,
      qps: c.ALIYUN_DMS_QPS,
    }),
  );

const KINDS = [
  {
    kind: 'DATA_TRACK_DOWNLOAD',
    typeName: 'DataTrackDownloadTask',
    description: 'Alibaba Cloud DMS data-track result download',
    vendorTaskId: 'DownloadKeyId (DMS)',
  },
] as const;

/** Its sandbox, for tests and tools that drive it (faults, statistics); null when DMS is live. */
const sandboxes = new SandboxesOf<DmsSandbox>();
export const dmsSandbox = (vendor: ConnectedVendor | undefined): DmsSandbox | null => sandboxes.of(vendor);

export const aliyunDmsModule: VendorModule = {
  vendor: VENDOR,
  label: LABEL,
  kinds: KINDS,
  env: ENV,
  tenantCredentials,
  configure(input) {
    const env = z.object(ENV).parse(input.env);
    requireBoth(
      'ALIYUN_ACCESS_KEY_ID',
      env.ALIYUN_ACCESS_KEY_ID,
      'ALIYUN_ACCESS_KEY_SECRET',
      env.ALIYUN_ACCESS_KEY_SECRET,
    );
    const mode = sharedMode(input, Boolean(env.ALIYUN_ACCESS_KEY_ID));
    const shared: DmsCredentials | null =
      mode === 'SANDBOX'
        ? SANDBOX_KEYS
        : env.ALIYUN_ACCESS_KEY_ID && env.ALIYUN_ACCESS_KEY_SECRET
          ? { keyId: env.ALIYUN_ACCESS_KEY_ID, keySecret: env.ALIYUN_ACCESS_KEY_SECRET }
          : null;
    const { timeoutMs } = input;
    const tenants = tenantCredentialsOf(input, tenantCredentials);
    return {
      vendor: VENDOR,
      label: LABEL,
      kinds: KINDS,
      mode,
      ratePerSecond: env.ALIYUN_DMS_QPS,
      timeoutMs,
      connect: (wiring) => connect(wiring, { env, mode, shared, tenants, timeoutMs }),
    };
  },
};

interface Settings {
  env: z.infer<z.ZodObject<typeof ENV>>;
  mode: ConnectedVendor['mode'];
  shared: DmsCredentials | null;
  tenants: readonly { tenant: string; credentials: DmsCredentials }[];
  timeoutMs: number;
}

function connect(wiring: VendorWiring, { env, mode, shared, tenants, timeoutMs }: Settings): ConnectedVendor {
  const sandboxed = mode === 'SANDBOX';
  const basePath = `/sandbox/${SANDBOX_PATH}`;
  // Tenants with their own keys call the sandbox as other accounts; one budget serves them all.
  const sandbox = sandboxed
    ? createDmsSandbox({
        ...sandboxOptions(wiring, SANDBOX_PATH),
        qps: sandboxBudget(env.ALIYUN_DMS_QPS, tenants),
        accessKeyId: SANDBOX_KEYS.keyId,
        accessKeySecret: SANDBOX_KEYS.keySecret,
        moreKeys: tenants.map(({ credentials: c }) => ({
          accessKeyId: c.keyId,
          accessKeySecret: c.keySecret,
        })),
      })
    : null;

  const connections = PerCredential.connect(shared, tenants, env.ALIYUN_DMS_QPS, (credentials, qps) =>
    createDataTrackDownloadOperation(
      createDmsClient({
        endpoint: sandboxed ? `${wiring.origin}${basePath}` : env.ALIYUN_DMS_ENDPOINT,
        accessKeyId: credentials.keyId,
        accessKeySecret: credentials.keySecret,
        timeoutMs,
        record: wiring.record,
        rateGate: wiring.rateGate(credentialName('aliyun-dms', credentials.keyId), qps),
      }),
    ),
  );
  const dataTrack: Startable<StartDataTrackDownloadInput> = {
    kind: 'DATA_TRACK_DOWNLOAD',
    vendor: VENDOR,
    operation: (credentialTenant) => connections.get(credentialTenant)?.connection,
  };

  const vendor: ConnectedVendor = {
    vendor: VENDOR,
    label: LABEL,
    mode,
    kinds: KINDS,
    trackFields: {
      orderId: 'DMS ticket (order) id; required for DATA_TRACK_DOWNLOAD',
      tenantId: 'DMS tenant id (Tid), for DATA_TRACK_DOWNLOAD',
    },
    sandbox: sandbox && { path: SANDBOX_PATH, handle: (req, res) => sandbox.handle(req, res) },
    tracker: (kind, credentialTenant) =>
      kind === dataTrack.kind ? dataTrack.operation(credentialTenant) : undefined,
    access: (tenant) => connections.access(tenant, env.ALIYUN_DMS_QPS),
    registerGraphQL: (builder, tasks) => registerDataTrackDownload(builder, tasks, dataTrack),
  };
  return sandboxes.remember(vendor, sandbox);
}
