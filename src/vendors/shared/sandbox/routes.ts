import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectedVendor } from '../../module.js';
import { sendJson } from './http.js';
import { constantTimeEqual } from './signing.js';

/**
 * Routes `/sandbox/<path>/…` to the sandboxed vendors, on the gateway's own port so that their links
 * stay valid across restarts. Their control routes (`/_…`: faults, statistics, token revocation) answer
 * only with `x-sandbox-control: <SANDBOX_CONTROL_TOKEN>`, and 404 otherwise, as if they did not exist.
 * Returns false for a request that is not for a sandbox.
 */
export function sandboxRoutes(
  vendors: readonly ConnectedVendor[],
  controlToken: string | null,
): (path: string, req: IncomingMessage, res: ServerResponse) => boolean {
  const mounted = vendors.flatMap((vendor) => (vendor.sandbox ? [vendor.sandbox] : []));
  return (path, req, res) => {
    for (const sandbox of mounted) {
      const base = `/sandbox/${sandbox.path}`;
      if (path !== base && !path.startsWith(`${base}/`)) continue;
      if (path.startsWith(`${base}/_`) && !controlAllowed(controlToken, req)) {
        sendJson(res, 404, { error: 'not found' });
      } else {
        void sandbox.handle(req, res);
      }
      return true;
    }
    return false;
  };
}

function controlAllowed(token: string | null, req: IncomingMessage): boolean {
  const given = req.headers['x-sandbox-control'];
  return token !== null && typeof given === 'string' && constantTimeEqual(given, token);
}
