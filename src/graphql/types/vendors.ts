import type { VendorInfo } from '../../vendors/registry.js';
import type { GatewayBuilder } from '../builder.js';
import type { TaskGraphQL } from './task.js';

/** `vendors`: which vendors the caller can use, and how. */
export function registerVendorQuery(builder: GatewayBuilder, { VendorEnum }: TaskGraphQL): void {
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
      ratePerSecond: t.exposeFloat('ratePerSecond', {
        description: "The rate budget of the credentials the caller's calls use.",
      }),
      ownCredentials: t.exposeBoolean('ownCredentials', {
        description:
          "The caller's own credentials are used for this vendor (else the gateway's shared ones).",
      }),
    }),
  });

  builder.queryField('vendors', (t) =>
    t.field({
      type: [VendorInfoRef],
      description: 'The vendors as the caller sees them: live or sandboxed, configured, rate budget.',
      authScopes: { authenticated: true },
      resolve: (_root, _args, ctx) => ctx.services.vendors.vendorsFor(ctx.tenant),
    }),
  );
}
