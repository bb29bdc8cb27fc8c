import { createHash } from 'node:crypto';
import type { TenantDirectory, TenantVendorCredentials } from '../auth/tenants.js';
import type { Config } from '../config.js';
import type { Metrics } from '../observability/metrics.js';
import { createRateGate, localSlots, type RateGate, type SlotSource } from '../rate-limit/rate-gate.js';
import { SANDBOX_CREDENTIALS, SANDBOX_PATHS, type Sandboxes } from '../sandbox/mount.js';
import { type TaskKind, VENDORS, type Vendor } from '../tasks/model.js';
import { createDmsClient } from './aliyun-dms/client.js';
import { createDataTrackDownloadOperation } from './aliyun-dms/data-track.js';
import { VendorError } from './errors.js';
import { createPatSnapClient } from './patsnap/client.js';
import { createPatentExportOperation } from './patsnap/export.js';
import { createEnterpriseReportOperation } from './patsnap/report.js';
import { createPatentSearch, type PatentSearch } from './patsnap/search.js';
import { createDlcClient } from './tencent-dlc/client.js';
import { createQueryResultDownloadOperation } from './tencent-dlc/query-result.js';
import type { TaskOperation } from './types.js';

/** How the gateway reaches a vendor with its shared credentials. */
export type VendorMode = 'LIVE' | 'SANDBOX' | 'NOT_CONFIGURED';

export interface VendorInfo {
  vendor: Vendor;
  mode: 'LIVE' | 'SANDBOX';
  configured: boolean;
  ratePerSecond: number;
  /** The caller's own credentials are used for this vendor (else the gateway's shared ones). */
  ownCredentials: boolean;
}

export interface VendorRegistry {
  /** The operation of `kind` on the shared credentials (`credentialTenant` null) or on that tenant's own. */
  operation(kind: TaskKind, credentialTenant: string | null): TaskOperation | undefined;
  vendorOf(kind: TaskKind): Vendor;
  /** Whether the tenant brings its own credentials for the vendor (TENANTS_FILE `vendors`). */
  hasOwnCredentials(tenant: string, vendor: Vendor): boolean;
  /** The vendors as `tenant` sees them: its own credentials where it has them. */
  vendorsFor(tenant: string): VendorInfo[];
  /** The shared credentials' mode per vendor, for the start-up log and /ready. */
  modes: Readonly<Record<Vendor, VendorMode>>;
  /** PatSnap search on the tenant's own credentials, else the shared ones; NOT_CONFIGURED when neither exists. */
  patentSearch(tenant: string): PatentSearch;
}

/** What one credential set (the gateway's shared one, or a tenant's own) offers. */
interface CredentialSet {
  operations: Map<TaskKind, TaskOperation>;
  patentSearch: PatentSearch | null;
  rates: Partial<Record<Vendor, number>>;
}

interface Wiring {
  origin: string;
  sandboxes: Sandboxes;
  metrics: Metrics;
  rateGate: (credential: string, qps: number, label: string, vendor: Vendor) => RateGate;
}

/**
 * One client per vendor credential, each with its own rate budget, pointed at the real vendor or at
 * its sandbox on this gateway's port; and the task operations built on them. The gateway's shared
 * credentials serve every tenant that has none of its own for that vendor.
 */
export function createVendorRegistry(
  config: Config,
  sandboxes: Sandboxes,
  origin: string,
  metrics: Metrics,
  /** The call slots of one credential (`credential` is a stable, non-secret name for it). */
  rateSlots: (credential: string, qps: number) => SlotSource = (_credential, qps) => localSlots(qps),
  tenants: TenantDirectory = config.tenants,
): VendorRegistry {
  const rateGate = (credential: string, qps: number, label: string, vendor: Vendor) =>
    createRateGate(rateSlots(credential, qps), {
      label,
      onQueueChange: (delta) => metrics.vendorCallsQueued.inc({ vendor }, delta),
    });
  const wiring: Wiring = { origin, sandboxes, metrics, rateGate };
  const shared = credentialSet(sharedCredentials(config, sandboxes), config, wiring);
  const own = new Map<string, CredentialSet>();
  for (const tenant of tenants.list()) {
    if (Object.keys(tenant.vendors).length > 0)
      own.set(tenant.name, credentialSet(tenant.vendors, config, wiring));
  }
  const setFor = (credentialTenant: string | null) =>
    credentialTenant === null ? shared : own.get(credentialTenant);
  const modeOf = (vendor: Vendor): VendorMode =>
    shared.rates[vendor] === undefined
      ? 'NOT_CONFIGURED'
      : sandboxes.isSandboxed(vendor)
        ? 'SANDBOX'
        : 'LIVE';
  const modes = {
    PATSNAP: modeOf('PATSNAP'),
    ALIYUN_DMS: modeOf('ALIYUN_DMS'),
    TENCENT_DLC: modeOf('TENCENT_DLC'),
  };
  const hasOwnCredentials = (tenant: string, vendor: Vendor) => own.get(tenant)?.rates[vendor] !== undefined;

  return {
    operation: (kind, credentialTenant) => setFor(credentialTenant)?.operations.get(kind),
    vendorOf: (kind) => KIND_VENDOR[kind],
    hasOwnCredentials,
    modes,
    vendorsFor: (tenant) =>
      VENDORS.map((vendor) => {
        const mine = hasOwnCredentials(tenant, vendor);
        const rate = (mine ? own.get(tenant) : shared)?.rates[vendor];
        return {
          vendor,
          mode: sandboxes.isSandboxed(vendor) ? 'SANDBOX' : 'LIVE',
          configured: rate !== undefined,
          ratePerSecond: rate ?? vendorQps(config, vendor),
          ownCredentials: mine,
        };
      }),
    patentSearch: (tenant) => {
      const search = own.get(tenant)?.patentSearch ?? shared.patentSearch;
      if (!search) {
        throw new VendorError('NOT_CONFIGURED', 'PatSnap is not configured: set its credentials or SANDBOX');
      }
      return search;
    },
  };
}

const KIND_VENDOR: Readonly<Record<TaskKind, Vendor>> = {
  PATENT_EXPORT: 'PATSNAP',
  ENTERPRISE_REPORT: 'PATSNAP',
  DATA_TRACK_DOWNLOAD: 'ALIYUN_DMS',
  QUERY_RESULT_DOWNLOAD: 'TENCENT_DLC',
};

/** The gateway's own credentials: the sandbox's for a sandboxed vendor, else those from the environment. */
function sharedCredentials(config: Config, sandboxes: Sandboxes): TenantVendorCredentials {
  const { patsnap, aliyunDms: dms, tencentDlc: dlc } = config;
  const credentials: TenantVendorCredentials = {};
  if (sandboxes.isSandboxed('PATSNAP')) credentials.PATSNAP = { ...SANDBOX_CREDENTIALS.patsnap };
  else if (patsnap.clientId || patsnap.apiKey)
    credentials.PATSNAP = {
      clientId: patsnap.clientId,
      clientSecret: patsnap.clientSecret,
      apiKey: patsnap.apiKey,
    };
  const { aliyunDms: dmsSandbox, tencentDlc: dlcSandbox } = SANDBOX_CREDENTIALS;
  if (sandboxes.isSandboxed('ALIYUN_DMS'))
    credentials.ALIYUN_DMS = { keyId: dmsSandbox.accessKeyId, keySecret: dmsSandbox.accessKeySecret };
  else if (dms.keyId && dms.keySecret)
    credentials.ALIYUN_DMS = { keyId: dms.keyId, keySecret: dms.keySecret };
  if (sandboxes.isSandboxed('TENCENT_DLC'))
    credentials.TENCENT_DLC = { keyId: dlcSandbox.secretId, keySecret: dlcSandbox.secretKey };
  else if (dlc.keyId && dlc.keySecret)
    credentials.TENCENT_DLC = { keyId: dlc.keyId, keySecret: dlc.keySecret, sessionToken: dlc.sessionToken };
  return credentials;
}

function vendorQps(config: Config, vendor: Vendor): number {
  if (vendor === 'PATSNAP') return config.patsnap.qps;
  if (vendor === 'ALIYUN_DMS') return config.aliyunDms.qps;
  return config.tencentDlc.qps;
}

/** Clients and operations for one set of credentials; a vendor without credentials is left out. */
function credentialSet(credentials: TenantVendorCredentials, config: Config, wiring: Wiring): CredentialSet {
  const { origin, sandboxes, metrics, rateGate } = wiring;
  const record = (vendor: Vendor) => (operation: string, outcome: string) =>
    metrics.vendorRequests.inc({ vendor, operation, outcome });
  const set: CredentialSet = { operations: new Map(), patentSearch: null, rates: {} };

  const patsnap = credentials.PATSNAP;
  if (patsnap) {
    const qps = patsnap.qps ?? config.patsnap.qps;
    const client = createPatSnapClient({
      baseUrl: sandboxes.isSandboxed('PATSNAP')
        ? `${origin}${SANDBOX_PATHS.patsnap}`
        : config.patsnap.baseUrl,
      clientId: patsnap.clientId,
      clientSecret: patsnap.clientSecret,
      apiKey: patsnap.apiKey,
      timeoutMs: config.patsnap.timeoutMs,
      record: record('PATSNAP'),
      rateGate: rateGate(
        credentialName('patsnap', patsnap.clientId ?? patsnap.apiKey),
        qps,
        'PatSnap',
        'PATSNAP',
      ),
    });
    set.operations.set('PATENT_EXPORT', createPatentExportOperation(client) as TaskOperation);
    set.operations.set('ENTERPRISE_REPORT', createEnterpriseReportOperation(client) as TaskOperation);
    set.patentSearch = createPatentSearch(client);
    set.rates.PATSNAP = qps;
  }

  const dms = credentials.ALIYUN_DMS;
  if (dms) {
    const qps = dms.qps ?? config.aliyunDms.qps;
    const client = createDmsClient({
      endpoint: sandboxes.isSandboxed('ALIYUN_DMS')
        ? `${origin}${SANDBOX_PATHS.aliyunDms}`
        : config.aliyunDms.endpoint,
      accessKeyId: dms.keyId,
      accessKeySecret: dms.keySecret,
      timeoutMs: config.aliyunDms.timeoutMs,
      record: record('ALIYUN_DMS'),
      rateGate: rateGate(credentialName('aliyun-dms', dms.keyId), qps, 'Alibaba Cloud DMS', 'ALIYUN_DMS'),
    });
    set.operations.set('DATA_TRACK_DOWNLOAD', createDataTrackDownloadOperation(client) as TaskOperation);
    set.rates.ALIYUN_DMS = qps;
  }

  const dlc = credentials.TENCENT_DLC;
  if (dlc) {
    const qps = dlc.qps ?? config.tencentDlc.qps;
    const cosOrigin = sandboxes.dlcCosOrigin(origin);
    const client = createDlcClient({
      endpoint: sandboxes.isSandboxed('TENCENT_DLC')
        ? `${origin}${SANDBOX_PATHS.tencentDlc}`
        : config.tencentDlc.endpoint,
      secretId: dlc.keyId,
      secretKey: dlc.keySecret,
      token: dlc.sessionToken,
      region: dlc.region ?? config.tencentDlc.region,
      timeoutMs: config.tencentDlc.timeoutMs,
      record: record('TENCENT_DLC'),
      rateGate: rateGate(credentialName('tencent-dlc', dlc.keyId), qps, 'Tencent Cloud DLC', 'TENCENT_DLC'),
      ...(cosOrigin ? { cosOrigin } : {}),
    });
    set.operations.set('QUERY_RESULT_DOWNLOAD', createQueryResultDownloadOperation(client) as TaskOperation);
    set.rates.TENCENT_DLC = qps;
  }
  return set;
}

/** A key for a credential's shared budget that does not reveal the credential (a static API key is one). */
function credentialName(vendor: string, credential: string | undefined): string {
  return `${vendor}:${createHash('sha256')
    .update(credential ?? '')
    .digest('hex')
    .slice(0, 16)}`;
}
