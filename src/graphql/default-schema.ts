import type { GraphQLSchema } from 'graphql';
import { loadConfig } from '../config.js';
import { createRateGate, localSlots } from '../rate-limit/rate-gate.js';
import { VENDOR_MODULES } from '../vendors/index.js';
import type { VendorModule } from '../vendors/module.js';
import { buildSchema } from './schema.js';

/**
 * The schema of a gateway with every vendor of `modules` (by default, the list in src/vendors/index.ts):
 * what `npm run schema` prints and the typed documents are generated against. The vendors are
 * connected to nothing: building a schema makes no call.
 */
export function defaultSchema(modules: readonly VendorModule[] = VENDOR_MODULES): GraphQLSchema {
  const config = loadConfig({ SANDBOX: 'on', AUTH: 'none' }, modules);
  return buildSchema(
    config.vendors.map((vendor) =>
      vendor.connect({
        origin: 'http://127.0.0.1:0',
        sandboxSecret: config.sandboxSecret,
        sandboxTaskMs: config.sandboxTaskMs,
        sandboxState: () => undefined,
        rateGate: (_credential, qps) => createRateGate(localSlots(qps), { label: vendor.label }),
        record: () => {},
      }),
    ),
  );
}
