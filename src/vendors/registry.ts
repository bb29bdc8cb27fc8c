import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Metrics } from '../observability/metrics.js';
import { createLocalRateGate, type RateGate } from '../rate-limit/rate-gate.js';
import { SANDBOX_CREDENTIALS, SANDBOX_PATHS, type Sandboxes } from '../sandbox/mount.js';
import type { TaskKind, Vendor } from '../tasks/model.js';
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

export interface VendorInfo {
  vendor: Vendor;
  mode: 'LIVE' | 'SANDBOX';
  configured: boolean;
  ratePerSecond: number;
}

export interface VendorRegistry {
  operations: ReadonlyMap<TaskKind, TaskOperation>;
  vendors: readonly VendorInfo[];
  /** PatSnap search; throws NOT_CONFIGURED when PatSnap has neither credentials nor a sandbox. */
  patentSearch(): PatentSearch;
}

/**
 * One client per vendor credential, each with its own rate budget, pointed at the real vendor or
 * at its sandbox on this gateway's port; and the task operations built on them.
 */
export function createVendorRegistry(
  config: Config,
  sandboxes: Sandboxes,
  origin: string,
  metrics: Metrics,
  /** The budget of one credential (`credential` is a stable, non-secret name for it). */
  rateGate: (credential: string, qps: number) => RateGate = (_credential, qps) => createLocalRateGate(qps),
): VendorRegistry {
  const record = (vendor: Vendor) => (operation: string, outcome: string) =>
    metrics.vendorRequests.inc({ vendor, operation, outcome });
  const operations = new Map<TaskKind, TaskOperation>();
  const vendors: VendorInfo[] = [];

  const patsnapConfigured = Boolean(sandboxes.patsnap || config.patsnap.clientId || config.patsnap.apiKey);
  const patsnap = createPatSnapClient({
    baseUrl: sandboxes.patsnap ? `${origin}${SANDBOX_PATHS.patsnap}` : config.patsnap.baseUrl,
    ...(sandboxes.patsnap
      ? SANDBOX_CREDENTIALS.patsnap
      : {
          clientId: config.patsnap.clientId,
          clientSecret: config.patsnap.clientSecret,
          apiKey: config.patsnap.apiKey,
        }),
    timeoutMs: config.patsnap.timeoutMs,
    record: record('PATSNAP'),
    rateGate: rateGate(
      credentialName(
        'patsnap',
        sandboxes.patsnap ? 'sandbox' : (config.patsnap.clientId ?? config.patsnap.apiKey),
      ),
      config.patsnap.qps,
    ),
  });
  if (patsnapConfigured) {
    operations.set('PATENT_EXPORT', createPatentExportOperation(patsnap) as TaskOperation);
    operations.set('ENTERPRISE_REPORT', createEnterpriseReportOperation(patsnap) as TaskOperation);
  }
  vendors.push({
    vendor: 'PATSNAP',
    mode: sandboxes.patsnap ? 'SANDBOX' : 'LIVE',
    configured: patsnapConfigured,
    ratePerSecond: config.patsnap.qps,
  });

  const dms = config.aliyunDms;
  const dmsKeys = sandboxes.aliyunDms
    ? SANDBOX_CREDENTIALS.aliyunDms
    : dms.keyId && dms.keySecret
      ? { accessKeyId: dms.keyId, accessKeySecret: dms.keySecret }
      : null;
  if (dmsKeys) {
    const client = createDmsClient({
      endpoint: sandboxes.aliyunDms ? `${origin}${SANDBOX_PATHS.aliyunDms}` : dms.endpoint,
      ...dmsKeys,
      timeoutMs: dms.timeoutMs,
      record: record('ALIYUN_DMS'),
      rateGate: rateGate(credentialName('aliyun-dms', dmsKeys.accessKeyId), dms.qps),
    });
    operations.set('DATA_TRACK_DOWNLOAD', createDataTrackDownloadOperation(client) as TaskOperation);
  }
  vendors.push({
    vendor: 'ALIYUN_DMS',
    mode: sandboxes.aliyunDms ? 'SANDBOX' : 'LIVE',
    configured: dmsKeys !== null,
    ratePerSecond: dms.qps,
  });

  const dlc = config.tencentDlc;
  const dlcKeys = sandboxes.tencentDlc
    ? SANDBOX_CREDENTIALS.tencentDlc
    : dlc.keyId && dlc.keySecret
      ? { secretId: dlc.keyId, secretKey: dlc.keySecret, token: dlc.sessionToken }
      : null;
  if (dlcKeys) {
    const cosOrigin = sandboxes.dlcCosOrigin(origin);
    const client = createDlcClient({
      endpoint: sandboxes.tencentDlc ? `${origin}${SANDBOX_PATHS.tencentDlc}` : dlc.endpoint,
      ...dlcKeys,
      region: dlc.region,
      timeoutMs: dlc.timeoutMs,
      record: record('TENCENT_DLC'),
      rateGate: rateGate(credentialName('tencent-dlc', dlcKeys.secretId), dlc.qps),
      ...(cosOrigin ? { cosOrigin } : {}),
    });
    operations.set('QUERY_RESULT_DOWNLOAD', createQueryResultDownloadOperation(client) as TaskOperation);
  }
  vendors.push({
    vendor: 'TENCENT_DLC',
    mode: sandboxes.tencentDlc ? 'SANDBOX' : 'LIVE',
    configured: dlcKeys !== null,
    ratePerSecond: dlc.qps,
  });

  const patentSearch = createPatentSearch(patsnap);
  return {
    operations,
    vendors,
    patentSearch: () => {
      if (!patsnapConfigured) {
        throw new VendorError('NOT_CONFIGURED', 'PatSnap is not configured: set its credentials or SANDBOX');
      }
      return patentSearch;
    },
  };
}

/** A key for a credential's shared budget that does not reveal the credential (a static API key is one). */
function credentialName(vendor: string, credential: string | undefined): string {
  return `${vendor}:${createHash('sha256')
    .update(credential ?? '')
    .digest('hex')
    .slice(0, 16)}`;
}
