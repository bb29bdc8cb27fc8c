import { aliyunDmsModule } from './aliyun-dms/module.js';
import type { VendorModule } from './module.js';
import { patsnapModule } from './patsnap/module.js';
import { tencentDlcModule } from './tencent-dlc/module.js';

/**
 * Every vendor the gateway speaks to: the only file that names them all. Adding a vendor is a folder of
 * its own (src/vendors/<vendor>/: its module, client, operations, GraphQL types and sandbox) and one
 * line here; the Vendor and TaskKind enums, the configuration and its README table, the registry, the
 * sandbox routes and the `vendors` query follow from this list.
 */
export const VENDOR_MODULES: readonly VendorModule[] = [patsnapModule, aliyunDmsModule, tencentDlcModule];
