import type { IncomingMessage, ServerResponse } from 'node:http';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../src/config.js';
import { described, envRows, intIn, positiveNumber, text } from '../../src/config-schema.js';
import type { StartMutationInput } from '../../src/graphql/start-mutation.js';
import { VENDOR_MODULES } from '../../src/vendors/index.js';
import type { ConnectedVendor, VendorModule } from '../../src/vendors/module.js';
import { sharedMode } from '../../src/vendors/shared/module-kit.js';
import type { TaskOperation } from '../../src/vendors/types.js';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { wsUrl } from '../support/clients.js';

/**
 * A fourth vendor, written entirely here: an "echo export" whose sandbox takes `POST /exports` and
 * answers `GET /exports/<id>` with `running` until the export is ready. Adding it to the list is the
 * only change it needs outside its own code: its enum values, GraphQL type, start mutation, config
 * variables, sandbox route and `vendors` entry all follow.
 */

const ENV = {
  ECHO_EXPORT_MS: described(intIn(0, 60_000).default(300), { description: 'how long an echo export runs' }),
  ECHO_QPS: described(positiveNumber.default(50), { description: 'rate budget of the echo credential' }),
};
const KINDS = [
  {
    kind: 'ECHO_EXPORT',
    typeName: 'EchoExportTask',
    description: 'An echo export',
    vendorTaskId: 'export id (echo)',
  },
];

interface EchoInput {
  text: string;
}

/** The echo vendor's whole wire protocol: two routes, state in memory. */
function echoSandbox(exportMs: number) {
  const exports = new Map<string, { text: string; readyAt: number }>();
  let next = 0;
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').replace(/^\/sandbox\/echo/, '');
    if (req.method === 'POST' && path === '/exports') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const id = `echo-${++next}`;
      exports.set(id, { text: String(JSON.parse(body).text), readyAt: Date.now() + exportMs });
      return send(res, 200, { id });
    }
    const found = exports.get(path.replace(/^\/exports\//, ''));
    if (req.method === 'GET' && found) {
      const ready = Date.now() >= found.readyAt;
      return send(
        res,
        200,
        ready ? { state: 'done', url: `data:text/plain,${found.text}` } : { state: 'running' },
      );
    }
    send(res, 404, { error: 'no such export' });
  };
}

function echoOperation(base: string): TaskOperation<EchoInput> {
  return {
    vendor: 'ECHO',
    kind: 'ECHO_EXPORT',
    startUsesExistingResource: false,
    async start(input) {
      const response = await fetch(`${base}/exports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: input.text }),
      });
      const { id } = (await response.json()) as { id: string };
      return {
        vendorTaskId: id,
        params: {},
        snapshot: { status: 'RUNNING', vendorStatus: 'running' },
        deadlineAt: null,
      };
    },
    async poll(task) {
      const state = (await (await fetch(`${base}/exports/${task.vendorTaskId}`)).json()) as {
        state: string;
        url?: string;
      };
      return state.state === 'done'
        ? { status: 'SUCCEEDED', vendorStatus: 'done', downloadUrl: state.url ?? null }
        : { status: 'RUNNING', vendorStatus: state.state };
    },
    track: (_id, params) => ({ params, deadlineAt: null }),
  };
}

const echoModule: VendorModule = {
  vendor: 'ECHO',
  label: 'Echo',
  kinds: KINDS,
  env: ENV,
  tenantCredentials: z.object({ ECHO_TOKEN: text }).strict(),
  configure(input) {
    const env = z.object(ENV).parse(input.env);
    const mode = sharedMode(input, false);
    return {
      vendor: 'ECHO',
      label: 'Echo',
      kinds: KINDS,
      mode,
      ratePerSecond: env.ECHO_QPS,
      timeoutMs: input.timeoutMs,
      connect(wiring): ConnectedVendor {
        const operation = mode === 'SANDBOX' ? echoOperation(`${wiring.origin}/sandbox/echo`) : undefined;
        const handle = echoSandbox(env.ECHO_EXPORT_MS);
        return {
          vendor: 'ECHO',
          label: 'Echo',
          mode,
          kinds: KINDS,
          trackFields: {},
          sandbox: mode === 'SANDBOX' ? { path: 'echo', handle } : null,
          tracker: (kind, credentialTenant) =>
            kind === 'ECHO_EXPORT' && credentialTenant === null ? operation : undefined,
          access: () => ({ own: false, configured: operation !== undefined, ratePerSecond: env.ECHO_QPS }),
          registerGraphQL(builder, tasks) {
            const EchoExportInput = builder
              .inputRef<EchoInput & StartMutationInput>('EchoExportInput')
              .implement({
                fields: (t) => ({ text: t.string({ required: true }), idempotencyKey: t.string() }),
              });
            builder.mutationField('startEchoExport', (t) =>
              t.field({
                ...tasks.startMutation({
                  kind: 'ECHO_EXPORT',
                  vendor: 'ECHO',
                  operation: (credentialTenant) => (credentialTenant === null ? operation : undefined),
                }),
                description: 'Start an echo export.',
                args: { input: t.arg({ type: EchoExportInput, required: true }) },
              }),
            );
          },
        };
      },
    };
  },
};

const VENDORS = [...VENDOR_MODULES, echoModule];

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ ECHO_EXPORT_MS: '300' }, { vendors: VENDORS });
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

const graphql = async (query: string, variables: Record<string, unknown> = {}) =>
  (await (
    await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    })
  ).json()) as { data?: Record<string, unknown>; errors?: unknown[] };

describe('a fourth vendor, added by listing its module', () => {
  it('starts, is polled to SUCCEEDED and pushed over graphql-ws, and appears in vendors', async () => {
    const started = await graphql(
      'mutation { startEchoExport(input: { text: "hello" }) { task { id kind vendor status } } }',
    );
    expect(started.errors).toBeUndefined();
    const payload = started.data?.startEchoExport as { task: { id: string; kind: string; vendor: string } };
    const task = payload.task;
    expect(task).toMatchObject({ kind: 'ECHO_EXPORT', vendor: 'ECHO' });

    const statuses: string[] = [];
    const client = createClient({ url: wsUrl(app.url), webSocketImpl: WebSocket, retryAttempts: 0 });
    await new Promise<void>((resolve, reject) => {
      client.subscribe<{ taskUpdated: { status: string; downloadUrl: string | null; __typename: string } }>(
        { query: `subscription { taskUpdated(id: "${task.id}") { __typename status downloadUrl } }` },
        {
          next: ({ data }) => {
            if (data)
              statuses.push(
                `${data.taskUpdated.__typename}:${data.taskUpdated.status}:${data.taskUpdated.downloadUrl ?? ''}`,
              );
          },
          error: reject,
          complete: resolve,
        },
      );
    });
    await client.dispose();
    expect(statuses.at(-1)).toBe('EchoExportTask:SUCCEEDED:data:text/plain,hello');

    const vendors = await graphql('{ vendors { vendor mode configured } }');
    expect(vendors.data?.vendors).toContainEqual({ vendor: 'ECHO', mode: 'SANDBOX', configured: true });
    const kinds = await graphql('{ __type(name: "TaskKind") { enumValues { name } } }');
    expect(JSON.stringify(kinds.data)).toContain('ECHO_EXPORT');
  });

  it('gets its own configuration variables, checked and documented like the others', () => {
    expect(() => loadConfig({ ECHO_EXPORT_MS: 'soon' }, VENDORS)).toThrow(ConfigError);
    expect(() => loadConfig({ ECHO_EXPORT_MS: 'soon' }, VENDORS)).toThrow(
      /^ECHO_EXPORT_MS: must be a whole number/,
    );
    expect(loadConfig({}, VENDORS).vendors.map((v) => v.vendor)).toEqual([
      'PATSNAP',
      'ALIYUN_DMS',
      'TENCENT_DLC',
      'ECHO',
    ]);
    expect(envRows(echoModule.env)).toEqual([
      { name: 'ECHO_EXPORT_MS', default: '`300`', description: 'how long an echo export runs' },
      { name: 'ECHO_QPS', default: '`50`', description: 'rate budget of the echo credential' },
    ]);
    // Without it in the list, its variables mean nothing to the gateway.
    expect(loadConfig({ ECHO_EXPORT_MS: 'soon' }).vendors).toHaveLength(3);
  });
});
