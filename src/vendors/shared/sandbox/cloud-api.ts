/**
 * The front door of the cloud-API sandboxes (Alibaba Cloud DMS, Tencent Cloud DLC): one RPC endpoint
 * at `/` whose action header names the operation, a download endpoint that needs no API auth, and
 * the test controls (control-routes.ts). A call goes through the door in the vendors' order: count
 * it, take it from the QPS budget, play a scripted fault, read the body (capped), verify the request,
 * read its parameters, and hand it to the operation's action. Errors are counted here and answered
 * in the vendor's envelope.
 *
 * A vendor brings only what is its own: its actions (the state machine), its verifier, its envelopes
 * and its error answers. Its statistics and fault queue are made here from its operations.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CallStats,
  CallStatsRecorder,
  type CallStatsSnapshot,
  callStatsOfCounters,
  callStatsSnapshotOf,
} from './call-stats.js';
import {
  assertSandboxOptions,
  type ControlRoute,
  controlRoutes,
  type StatsShape,
  type VendorSandbox,
  vendorSandbox,
} from './control-routes.js';
import {
  FaultQueue,
  type FaultSpec,
  type Faults,
  faultSpecParser,
  playFault,
  type VendorErrorKind,
} from './fault-queue.js';
import { BodyTooLargeError, clientGone, headerValue, pathBelow, readBody } from './http.js';
import { MemorySandboxState, type SandboxState } from './state.js';

/** An error answer; `code` is what the statistics count. A vendor may add fields (an HTTP status). */
export interface ApiError {
  code: string;
  message: string;
}

/** What an action or a step of the door answers instead of going on. */
export class Refusal<E extends ApiError> {
  constructor(readonly error: E) {}
}

/** The response fields of a successful call, or the error answering it. */
export type Answer<E extends ApiError> = Record<string, unknown> | Refusal<E>;

/**
 * The types that make one vendor's cloud sandbox. A vendor declares an interface extending this one
 * with its own (`interface DmsApi extends CloudVendor { operation: 'DownloadDataTrackResult' | …; … }`).
 */
export interface CloudVendor {
  /** The API's operations, as the action header names them. */
  operation: string;
  /** Every scripted fault kind, `timeout` and `http503` included. */
  faultKind: string;
  /** What a download is counted as in `calls`, e.g. 'oss.download'. */
  download: string;
  /** An error answer, rendered by the vendor's envelope. */
  error: ApiError;
  /** The parameters of a verified call, as the actions take them. */
  params: unknown;
}

/** What `calls` counts: API requests per action header (unknown actions under `other`), and downloads. */
export type CountedCall<V extends CloudVendor> = V['operation'] | 'other' | V['download'];

/** The figures alone, as GET /_stats sends them. */
export type CloudStatsSnapshot<V extends CloudVendor> = CallStatsSnapshot<CountedCall<V>>;

/** What a cloud sandbox offers its mount and its tests. */
export type CloudVendorSandbox<V extends CloudVendor> = VendorSandbox<
  CallStats<CountedCall<V>>,
  CloudStatsSnapshot<V>,
  Faults<V['operation'], V['faultKind']>
>;

/** What every cloud sandbox has (sandboxParts makes it): its common options, key pairs, budget, faults and statistics. */
export interface CloudSandbox<V extends CloudVendor> {
  /** Without trailing slashes. */
  basePath: string;
  publicOrigin: () => string;
  taskMs: number;
  secret: string;
  /** Key id -> secret of every key pair the API accepts. */
  keys: ReadonlyMap<string, string>;
  now: () => number;
  qps: number;
  /** Budget and cluster-wide statistics. */
  state: SandboxState;
  /** Per instance. */
  faults: FaultQueue<V['operation'], V['faultKind'], V['operation'] | 'other'>;
  /** This instance's view. */
  stats: CallStatsRecorder<V['operation'] | 'other', V['download']>;
}

/** One API call as received, with its body read. */
export interface ApiCall {
  req: IncomingMessage;
  url: URL;
  /** The query string exactly as received, without `?`. */
  rawQuery: string;
  body: Buffer;
  /** The sandbox clock when the call arrived. */
  now: number;
  /** A request header; several values joined with `,`. */
  header(name: string): string | undefined;
}

/** A verified caller: the access key id recorded in the statistics' `keyIds`. */
export interface Caller {
  keyId: string;
}

/** A download request (`GET|HEAD` below the download prefix). */
export interface DownloadCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** Below basePath, e.g. `/oss/<bucket>/<object>`. */
  path: string;
  url: URL;
  /** A HEAD: headers only. */
  headOnly: boolean;
}

/** A vendor's part of the door; `S` is its sandbox: the door's parts (CloudSandbox) and its own. */
export interface CloudApiOptions<V extends CloudVendor, S extends CloudSandbox<V>> {
  /** Names the sandbox in the TypeError of bad options or a bad fault, e.g. 'DMS'. */
  vendor: string;
  /** The request header that names the action, e.g. 'x-acs-action'. */
  actionHeader: string;
  /** The HTTP methods the API answers on `/`. */
  methods: readonly string[];
  /** The most an API call's body may carry. */
  maxBodyBytes: number;
  /** The most a POST /_faults body may carry. */
  maxControlBodyBytes: number;
  /** The operations and what each does with verified parameters. */
  actions: Record<
    V['operation'],
    (sandbox: S, params: V['params'], now: number) => Answer<V['error']> | Promise<Answer<V['error']>>
  >;
  /** The vendor's own fault kinds (besides `timeout` and `http503`) and the error each answers. */
  faults: Record<VendorErrorKind<V['faultKind']>, V['error']>;
  /** The signature check, in the vendor's order of refusals. */
  verify(sandbox: S, call: ApiCall): Promise<Caller | Refusal<V['error']>>;
  /** The parameters of a verified call (version, region, body format), or why they are refused. */
  params(sandbox: S, call: ApiCall): V['params'] | Refusal<V['error']>;
  /** Presigned downloads at `GET|HEAD <prefix>…` below basePath: no API auth, no QPS. */
  download: {
    prefix: string;
    /** What a download is counted as. */
    counted: V['download'];
    serve(sandbox: S, call: DownloadCall): Promise<void>;
  };
  errors: Record<'notFound' | 'invalidAction' | 'rateLimited' | 'bodyTooLarge' | 'internal', V['error']>;
  /** The vendor's envelopes. */
  sendError(res: ServerResponse, error: V['error']): void;
  sendResponse(res: ServerResponse, fields: Record<string, unknown>): void;
}

/** The key pairs a cloud API accepts, under the vendor's names for the id and the secret. */
export type KeyPairOptions<Id extends string, Secret extends string> = Record<Id | Secret, string> & {
  /** More key pairs it accepts (other accounts: tenants with their own credentials). */
  moreKeys?: readonly Record<Id | Secret, string>[];
};

/** The options every cloud sandbox takes besides its key pairs. */
export interface CloudSandboxOptions {
  /** e.g. '/sandbox/aliyun-dms' */
  basePath: string;
  /** e.g. 'http://127.0.0.1:4000'. */
  publicOrigin: () => string;
  /** From the create call to the finished download (SANDBOX_TASK_MS). */
  taskMs: number;
  /** Accepted API calls per second; above it the vendor's rate-limit error. */
  qps: number;
  /** Signs the sandbox's self-describing ids; keep it stable across restarts (SANDBOX_SECRET). */
  secret: string;
  now?: () => number;
  /** Budget, statistics and nonces; default in-process, cluster-wide with a RedisSandboxState. */
  state?: SandboxState;
}

/** The door of one vendor: its request handler, and the parts of a sandbox it serves. */
export interface CloudApi<V extends CloudVendor, S extends CloudSandbox<V>> {
  /**
   * The common parts of a new sandbox from its options, whose key pairs are named `id` and `secret`
   * (e.g. 'accessKeyId', 'accessKeySecret'). Bad options are a TypeError naming every problem.
   */
  sandboxParts<Id extends string, Secret extends string>(
    opts: CloudSandboxOptions & KeyPairOptions<Id, Secret>,
    id: Id,
    secret: Secret,
  ): CloudSandbox<V>;
  /** The public face of `sandbox`. */
  serve(sandbox: S): CloudVendorSandbox<V>;
}

const COMMON_FAULT_KINDS = ['http503', 'timeout'] as const;

export function cloudApi<V extends CloudVendor, S extends CloudSandbox<V>>(
  opts: CloudApiOptions<V, S>,
): CloudApi<V, S> {
  type Op = V['operation'];
  const operations = Object.keys(opts.actions) as Op[];
  const faultKinds = [...Object.keys(opts.faults), ...COMMON_FAULT_KINDS] as V['faultKind'][];
  const zero = () => {
    const calls = {} as Record<CountedCall<V>, number>;
    for (const name of [...operations, 'other', opts.download.counted] as CountedCall<V>[]) calls[name] = 0;
    return calls;
  };
  const parseFaultSpec = faultSpecParser(operations, faultKinds);
  const statsShape: StatsShape<CloudStatsSnapshot<V>, CloudStatsSnapshot<V>> = {
    snapshotOf: callStatsSnapshotOf,
    statsOfCounters: (counters) => callStatsOfCounters(counters, zero),
  };
  const controls: Record<string, ControlRoute<S>> = controlRoutes<
    S,
    CallStats<CountedCall<V>>,
    FaultSpec<Op, V['faultKind']>
  >({ shape: statsShape, parseFaultSpec, maxBodyBytes: opts.maxControlBodyBytes });

  /** Counted before it is sent, so whoever reads the statistics after the answer finds it there. */
  async function sendError(sandbox: S, res: ServerResponse, error: V['error']): Promise<void> {
    sandbox.stats.recordError(error.code);
    await sandbox.state.countError(error.code);
    opts.sendError(res, error);
  }

  function operationOf(action: string | undefined): Op | 'other' {
    return action !== undefined && Object.hasOwn(opts.actions, action) ? (action as Op) : 'other';
  }

  async function callApi(sandbox: S, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const now = sandbox.now();
    const operation = operationOf(headerValue(req.headers, opts.actionHeader));
    sandbox.stats.recordCall(operation, now);
    if (!(await sandbox.state.admitApiCall({ operation, nowMs: now, qps: sandbox.qps }))) {
      sandbox.stats.rejectedForRate += 1;
      return sendError(sandbox, res, opts.errors.rateLimited);
    }
    const fault = sandbox.faults.take(operation);
    if (fault !== undefined) {
      const proceed = await playFault(fault, res, (kind) => sendError(sandbox, res, opts.faults[kind]));
      if (!proceed) return;
    }
    const body = await readBody(req, opts.maxBodyBytes);
    const rawUrl = req.url ?? '/';
    const rawQuery = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
    const call: ApiCall = { req, url, rawQuery, body, now, header: (name) => headerValue(req.headers, name) };
    const caller = await opts.verify(sandbox, call);
    if (caller instanceof Refusal) return sendError(sandbox, res, caller.error);
    sandbox.stats.recordKeyId(caller.keyId);
    const params = opts.params(sandbox, call);
    if (params instanceof Refusal) return sendError(sandbox, res, params.error);
    if (operation === 'other') return sendError(sandbox, res, opts.errors.invalidAction);
    const answer = await opts.actions[operation](sandbox, params, now);
    if (answer instanceof Refusal) return sendError(sandbox, res, answer.error);
    opts.sendResponse(res, answer);
  }

  async function route(sandbox: S, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = pathBelow(sandbox.basePath, url.pathname);
    const method = req.method ?? 'GET';
    if (path === undefined) return sendError(sandbox, res, opts.errors.notFound);
    if (path.startsWith(opts.download.prefix) && (method === 'GET' || method === 'HEAD')) {
      sandbox.stats.calls[opts.download.counted] += 1;
      await sandbox.state.countCall(opts.download.counted);
      return opts.download.serve(sandbox, { req, res, path, url, headOnly: method === 'HEAD' });
    }
    const control = controls[`${method} ${path}`];
    if (control !== undefined) return control(sandbox, req, res);
    if (path === '/' && opts.methods.includes(method)) return callApi(sandbox, req, res, url);
    return sendError(sandbox, res, opts.errors.notFound);
  }

  /** Never throws; always answers. */
  async function handle(sandbox: S, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await route(sandbox, req, res);
    } catch (error) {
      if (error instanceof BodyTooLargeError) res.setHeader('Connection', 'close');
      if (!clientGone(res)) {
        const answer = error instanceof BodyTooLargeError ? opts.errors.bodyTooLarge : opts.errors.internal;
        await sendError(sandbox, res, answer);
      }
    }
    if (!res.headersSent && !clientGone(res)) await sendError(sandbox, res, opts.errors.internal);
  }

  return {
    sandboxParts(options, id, secret) {
      const basePath = options.basePath.replace(/\/+$/, '');
      assertSandboxOptions(opts.vendor, { ...options, basePath }, [
        (options[id] === '' || options[secret] === '') && `${id} and ${secret} are required`,
      ]);
      const pairs = [options, ...(options.moreKeys ?? [])];
      return {
        basePath,
        publicOrigin: options.publicOrigin,
        taskMs: options.taskMs,
        secret: options.secret,
        keys: new Map(pairs.map((pair) => [pair[id], pair[secret]])),
        now: options.now ?? Date.now,
        qps: options.qps,
        state: options.state ?? new MemorySandboxState(),
        faults: new FaultQueue<Op, V['faultKind'], Op | 'other'>(parseFaultSpec, opts.vendor),
        stats: new CallStatsRecorder<Op | 'other', V['download']>(zero),
      };
    },
    serve: (sandbox) => vendorSandbox(sandbox, handle, statsShape),
  };
}
