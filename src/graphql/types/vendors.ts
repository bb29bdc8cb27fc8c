import type { VendorInfo } from '../../vendors/registry.js';
import { builder } from '../builder.js';
import { VendorEnum } from './task.js';

const VendorModeEnum = builder.enumType('VendorMode', {
  values: {
    LIVE: { description: 'the real vendor API' },
    SANDBOX: { description: "the gateway's simulator" },
  },
});

const VendorInfoRef = builder.objectRef<VendorInfo>('VendorInfo').implement({
  fields: (t) => ({
    vendor: t.expose('vendor', { type: VendorEnum }),
    mode: t.expose('mode', { type: VendorModeEnum }),
    configured: t.exposeBoolean('configured'),
    ratePerSecond: t.exposeFloat('ratePerSecond'),
  }),
});

builder.queryField('vendors', (t) =>
  t.field({ type: [VendorInfoRef], resolve: (_root, _args, ctx) => [...ctx.services.vendors] }),
);
