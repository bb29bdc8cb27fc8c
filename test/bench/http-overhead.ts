import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { type PatentSearchInput, validatePatentSearchInput } from '../../src/vendors/patsnap/search-input.js';
import { sleep } from './lib/probe.js';
import { tempDir } from './lib/processes.js';
import { type BenchResult, fmt, type Row, summarize } from './lib/report.js';
import { seedFinishedTask } from './lib/seed.js';
import { startGateway, type Vendor, vendorToken } from './lib/topology.js';

/**
 * Benchmark 4: autocannon against (a) bare graphql-yoga, (b) the gateway's task(id){status}, (c) the
 * gateway's patentSearch with two facets and (d) the sandbox's P075 endpoint called directly with the
 * very body the gateway sends it. Throughput and latency under load come from autocannon (N
 * connections); because autocannon's latency histogram has 1 ms resolution, the added latency c-d is
 * also measured unloaded: one connection, requests one after another, timed with hrtime.
 *
 * The layers the tenants and limits work added are priced with variants of (b) on gateways of their
 * own (startVariantGateways): a fresh AUTH=none process (b0), an API key from a TENANTS_FILE (bk) and
 * an ES256 JWT (bj), each against b0.
 */

export interface HttpOptions {
  /** Seconds of load per target, in all. */
  durationS: number;
  connections: number;
  /** Requests per target for the unloaded (sequential, hrtime) latency, in all. */
  sequential: number;
  /**
   * The load and the unloaded requests are split into this many rounds that take the targets in turn,
   * so that a drift of the machine's speed (other tenants of the host) touches every target alike; a
   * ratio is the median of its rounds' ratios.
   */
  rounds: number;
  /** Seconds of load per target before the rounds, so that the first round is not the JIT's warm-up. */
  warmupS: number;
}

/** task(id) on another gateway configuration, to price one layer (auth, scopes, limits) against b. */
export interface Variant {
  key: string;
  label: string;
  url: string;
  headers: Record<string, string>;
  /** A finished task of the variant's tenant. */
  taskId: string;
  /** What it adds over `baseline`, for the row and the notes. */
  about: string;
  /** The key of the target it is priced against (default b). */
  baseline?: string;
}

interface Target {
  key: string;
  label: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Checks one answer; returns a reason when it is not a success. */
  check(status: number, body: string): string | null;
}

interface TargetResult {
  key: string;
  label: string;
  available: boolean;
  reason?: string;
  reqPerSec?: number;
  p50?: number;
  p99?: number;
  mean?: number;
  errors?: number;
  non2xx?: number;
  mismatches?: number;
  unloaded?: { p50: number; p99: number; mean: number; n: number };
  /** Each round's load figures, in order (reqPerSec, p50 and p99 above are their medians). */
  rounds?: { reqPerSec: number; p50: number; p99: number }[];
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

const graphqlOk = (status: number, body: string): string | null => {
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: unknown[] };
    if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
    if (parsed.errors?.length) return `GraphQL errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
    return parsed.data ? null : 'no data';
  } catch {
    return `HTTP ${status}, not JSON: ${body.slice(0, 200)}`;
  }
};

/** The two-facet search of (c); its vendor body for (d) comes from the gateway's own validation. */
export const SEARCH_INPUT: PatentSearchInput = {
  queryText: 'TTL:(lidar AND vehicle)',
  facets: [
    { field: { tag: 'type', field: 'PATENT_TYPE', limit: 10 } },
    { range: { tag: 'years', field: 'APD_YEAR', start: 2015, end: 2025, gap: 1 } },
  ],
};

const SEARCH_QUERY = `query BenchSearch($input: PatentSearchInput!) {
  patentSearch(input: $input) {
    total
    facets {
      tag
      ... on FieldFacet { buckets { value count } }
      ... on RangeFacet { buckets { value count } }
    }
  }
}`;

async function probe(target: Target): Promise<{ reason: string | null; body: string }> {
  try {
    const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
    const body = await response.text();
    return { reason: target.check(response.status, body), body };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error), body: '' };
  }
}

/** Times `n` requests made one after another (hrtime, milliseconds). */
async function sequentialTimes(target: Target, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
    await response.arrayBuffer();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

/** `connections` clients sending the target's request for `durationS`; `expectBody`: every answer must be it. */
function load(target: Target, connections: number, durationS: number, expectBody?: string) {
  return autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    connections,
    duration: durationS,
    ...(expectBody === undefined ? {} : { expectBody }),
  });
}

const median = (values: readonly number[]): number => summarize(values).p50;

/** The median over rounds of x's req/s over y's in the same round. */
function pairedRatio(x: TargetResult | undefined, y: TargetResult | undefined): number {
  if (!x?.rounds?.length || !y?.rounds?.length) return Number.NaN;
  const ratios = x.rounds.flatMap((round, i) => {
    const other = y.rounds?.[i];
    return other ? [round.reqPerSec / other.reqPerSec] : [];
  });
  return ratios.length ? median(ratios) : Number.NaN;
}

/**
 * Probes every target (an unavailable one is left out), warms the available ones up, then takes them in
 * turn for `rounds` rounds of unloaded requests and `rounds` rounds of load.
 */
async function measureAll(list: Target[], opts: HttpOptions): Promise<Map<string, TargetResult>> {
  const results = new Map<string, TargetResult>();
  const expected = new Map<string, string>();
  for (const target of list) {
    const first = await probe(target);
    if (first.reason) {
      process.stdout.write(`  http: ${target.label} ... n/a (${first.reason})\n`);
      results.set(target.key, {
        key: target.key,
        label: target.label,
        available: false,
        reason: first.reason,
      });
      continue;
    }
    expected.set(target.key, first.body);
    // Warm-up: JIT, token cache, connection pools.
    await sequentialTimes(target, Math.min(20, opts.sequential));
    if (opts.warmupS > 0) await load(target, opts.connections, opts.warmupS);
  }
  const available = list.filter((target) => expected.has(target.key));
  const rounds = Math.max(1, opts.rounds);
  const times = new Map<string, number[]>(available.map((t) => [t.key, []]));
  for (let round = 0; round < rounds; round++) {
    for (const target of available) {
      times.get(target.key)?.push(...(await sequentialTimes(target, Math.ceil(opts.sequential / rounds))));
    }
  }
  const loads = new Map<string, autocannon.Result[]>(available.map((t) => [t.key, []]));
  for (let round = 0; round < rounds; round++) {
    for (const target of available) {
      // Every answer must be the one validated above (the answers are deterministic).
      const result = await load(target, opts.connections, opts.durationS / rounds, expected.get(target.key));
      loads.get(target.key)?.push(result);
      await sleep(100);
    }
  }
  for (const target of available) {
    const runs = loads.get(target.key) ?? [];
    const all = times.get(target.key) ?? [];
    const s = summarize(all);
    const perRound = runs.map((r) => ({
      reqPerSec: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
    }));
    const sum = (pick: (r: autocannon.Result) => number) => runs.reduce((total, r) => total + pick(r), 0);
    const r: TargetResult = {
      key: target.key,
      label: target.label,
      available: true,
      reqPerSec: median(perRound.map((x) => x.reqPerSec)),
      p50: median(perRound.map((x) => x.p50)),
      p99: median(perRound.map((x) => x.p99)),
      mean: sum((x) => x.latency.average) / Math.max(1, runs.length),
      errors: sum((x) => x.errors),
      non2xx: sum((x) => x.non2xx),
      mismatches: sum((x) => x.mismatches),
      unloaded: { p50: s.p50, p99: s.p99, mean: all.reduce((a, b) => a + b, 0) / all.length, n: all.length },
      rounds: perRound,
    };
    results.set(target.key, r);
    process.stdout.write(
      `  http: ${target.label} ... ${fmt.int(r.reqPerSec ?? Number.NaN)} req/s (rounds ${perRound.map((x) => fmt.int(x.reqPerSec)).join(', ')}), ` +
        `p50 ${r.p50} ms, p99 ${r.p99} ms, unloaded p50 ${fmt.ms(s.p50, 2)}\n`,
    );
  }
  return results;
}

export async function runHttpOverhead(
  targets: { bareUrl: string; gatewayUrl: string; taskId: string; vendor: Vendor; variants?: Variant[] },
  opts: HttpOptions,
): Promise<BenchResult> {
  const variants = targets.variants ?? [];
  const started = Date.now();
  let vendorTarget: Target | null = null;
  let vendorProblem = '';
  try {
    const token = await vendorToken(targets.vendor);
    const vendorBody = validatePatentSearchInput(SEARCH_INPUT).request;
    vendorTarget = {
      key: 'd',
      label: '(d) sandbox P075 direct',
      url: `${targets.vendor.base}/search/patent/nested-search-patent?apikey=sandbox-client`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(vendorBody),
      check: (status, body) => {
        if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
        const parsed = JSON.parse(body) as { status?: boolean; error_code?: number };
        return parsed.status === true ? null : `vendor error ${parsed.error_code}: ${body.slice(0, 300)}`;
      },
    };
  } catch (error) {
    vendorProblem = error instanceof Error ? error.message : String(error);
  }
  const list: Target[] = [
    {
      key: 'a',
      label: '(a) bare yoga { hello }',
      url: targets.bareUrl,
      headers: JSON_HEADERS,
      body: JSON.stringify({ query: '{ hello }' }),
      check: graphqlOk,
    },
    {
      key: 'b',
      label: '(b) gateway task(id){status}',
      url: targets.gatewayUrl,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        query: 'query BenchTask($id: ID!) { task(id: $id) { status } }',
        variables: { id: targets.taskId },
      }),
      check: graphqlOk,
    },
    ...variants.map(
      (v): Target => ({
        key: v.key,
        label: v.label,
        url: v.url,
        headers: { ...JSON_HEADERS, ...v.headers },
        body: JSON.stringify({
          query: 'query BenchTask($id: ID!) { task(id: $id) { status } }',
          variables: { id: v.taskId },
        }),
        check: graphqlOk,
      }),
    ),
    {
      key: 'c',
      label: '(c) gateway patentSearch, 2 facets',
      url: targets.gatewayUrl,
      headers: JSON_HEADERS,
      body: JSON.stringify({ query: SEARCH_QUERY, variables: { input: SEARCH_INPUT } }),
      check: graphqlOk,
    },
  ];
  if (vendorTarget) list.push(vendorTarget);
  const results = await measureAll(list, opts);
  if (!vendorTarget) {
    results.set('d', { key: 'd', label: '(d) sandbox P075 direct', available: false, reason: vendorProblem });
  }

  const rows: Row[] = [];
  for (const key of ['a', 'b', ...variants.map((v) => v.key), 'c', 'd']) {
    const r = results.get(key);
    if (!r) continue;
    const problems = (r.errors ?? 0) + (r.non2xx ?? 0) + (r.mismatches ?? 0);
    rows.push({
      bench: '4 HTTP overhead',
      measure: `${r.label}: req/s, p50/p99`,
      value: r.available
        ? `${fmt.int(r.reqPerSec ?? Number.NaN)} req/s, ${r.p50} / ${r.p99} ms` +
          (problems ? ` (${problems} errors/mismatches)` : '')
        : `n/a: ${r.reason?.slice(0, 120)}`,
    });
  }
  const a = results.get('a');
  const b = results.get('b');
  const c = results.get('c');
  const d = results.get('d');
  const ratio = pairedRatio(b, a);
  rows.push({
    bench: '4 HTTP overhead',
    measure: 'throughput b/a (gateway task / bare yoga)',
    value: Number.isFinite(ratio) ? fmt.ratio(ratio) : 'n/a',
    target: '>= 0.90',
    pass: Number.isFinite(ratio) ? ratio >= 0.9 : null,
  });
  for (const v of variants) {
    const r = results.get(v.key);
    const base = v.baseline ?? 'b';
    const against = results.get(base);
    const rate = pairedRatio(r, against) - 1;
    const added = r?.unloaded && against?.unloaded ? r.unloaded.p50 - against.unloaded.p50 : Number.NaN;
    rows.push({
      bench: '4 HTTP overhead',
      measure: `  ${v.key} vs ${base}: ${v.about}`,
      value: Number.isFinite(rate)
        ? `req/s ${rate >= 0 ? '+' : ''}${fmt.pct(rate)}, unloaded p50 ${added >= 0 ? '+' : ''}${fmt.ms(added, 2)}; ` +
          `${v.key}/a ${fmt.ratio(pairedRatio(r, a))}`
        : 'n/a',
    });
  }
  const both = c?.available && d?.available;
  const loadedAdded = both ? (c.p50 ?? 0) - (d.p50 ?? 0) : Number.NaN;
  const unloadedAdded = both && c.unloaded && d.unloaded ? c.unloaded.p50 - d.unloaded.p50 : Number.NaN;
  rows.push(
    {
      bench: '4 HTTP overhead',
      measure: `added latency c-d p50, ${opts.connections} connections (autocannon)`,
      value: both ? fmt.ms(loadedAdded) : `n/a: ${(c?.available ? d?.reason : c?.reason)?.slice(0, 100)}`,
    },
    {
      bench: '4 HTTP overhead',
      measure: 'added latency c-d p50, 1 connection (unloaded)',
      value: both ? fmt.ms(unloadedAdded, 2) : 'n/a',
      target: '< 2 ms',
      pass: both ? unloadedAdded < 2 : null,
    },
  );
  const unloadedLine = [...results.values()]
    .filter((r) => r.unloaded)
    .map((r) => `${r.key} ${fmt.ms(r.unloaded?.p50 ?? Number.NaN, 2)}`)
    .join(', ');
  return {
    name: 'http-overhead',
    rows,
    notes: [
      `http: autocannon ${opts.connections} connections x ${opts.durationS} s per target, from the benchmark ` +
        `process, in ${opts.rounds} rounds that take the targets in turn (req/s, p50 and p99 are medians of ` +
        "the rounds; a ratio is the median of the rounds' ratios); each answer is checked against the first, " +
        'validated one (expectBody). ' +
        'The gateway runs with PATSNAP_QPS=100000 on both sides so its rate gate is not what is measured; ' +
        "(c) costs one P075 call to the vendor process (no patents selected), (d) sends the gateway's own " +
        `vendor body with a client-credentials token. Unloaded p50 (1 connection, ${opts.sequential} requests ` +
        `in the same rounds, hrtime): ${unloadedLine}.`,
      ...(variants.length
        ? [
            'http layers: (b) runs with AUTH=none (tenant public, every scope) and the tenant request budget ' +
              'at 1,000,000/min (counted on every request; the gateway has no setting that turns tenant ' +
              'limits or scope checks off, so their cost is inside every figure). ' +
              variants
                .map(
                  (v) =>
                    `(${v.key}) ${v.label.replace(/^\([^)]*\) /, '')}, priced against (${v.baseline ?? 'b'})`,
                )
                .join('; ') +
              '. Each variant asks task(id){status} of a SUCCEEDED task of its own tenant, written into its ' +
              'SQLite file before start (bk and bj share one process with TENANTS_FILE and JWT_PUBLIC_KEY). ' +
              "Each \"x vs y\" row: x's req/s relative to y's and x/a (medians of the rounds' ratios), and x's " +
              "unloaded p50 minus y's; on a busy machine differences under ~10 % are noise.",
          ]
        : []),
    ],
    raw: Object.fromEntries(results),
    durationMs: Date.now() - started,
  };
}

/**
 * The gateways of the layer variants, pointed at `vendor` like the measured one: (b0) AUTH=none in a
 * fresh process, (bk) an API key from a TENANTS_FILE (sha256-hashed, with scopes and limits), (bj) an
 * ES256 JWT verified against JWT_PUBLIC_KEY (same process as bk; scopes from the token). Each
 * SQLite file holds one SUCCEEDED task of the variant's tenant. Started with the other processes.
 */
export async function startVariantGateways(
  vendor: Pick<Vendor, 'base'>,
): Promise<{ variants: Variant[]; stop: () => Promise<void> }> {
  const tenant = 'bench';
  const apiKey = `bench-key-${randomUUID()}`;
  const digest = createHash('sha256').update(apiKey).digest('hex');
  const dir = tempDir('http-variants');
  const tenantsFile = join(dir, 'tenants.json');
  writeFileSync(
    tenantsFile,
    JSON.stringify({
      tenants: {
        [tenant]: {
          keys: [`sha256:${digest}`],
          scopes: ['tasks:read', 'tasks:write', 'search'],
          limits: { requestsPerMinute: 1_000_000, activeTasks: 1_000_000, subscriptions: 1_000_000 },
        },
      },
    }),
  );
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwt = await new SignJWT({ tenant, scope: 'tasks:read tasks:write search' })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuedAt()
    .setExpirationTime('6h')
    .sign(privateKey);
  const openDb = join(dir, 'open.db');
  const authDb = join(dir, 'auth.db');
  const [openTask, authTask] = await Promise.all([
    seedFinishedTask(openDb, 'public'),
    seedFinishedTask(authDb, tenant),
  ]);
  const [open, auth] = await Promise.all([
    startGateway('gateway-open', vendor, { PATSNAP_QPS: '100000' }, { databasePath: openDb }),
    startGateway(
      'gateway-auth',
      vendor,
      {
        PATSNAP_QPS: '100000',
        AUTH: '',
        TENANTS_FILE: tenantsFile,
        JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
      { databasePath: authDb },
    ),
  ]);
  return {
    variants: [
      {
        key: 'b0',
        label: '(b0) task(id), AUTH=none, fresh process',
        url: open.url,
        headers: {},
        taskId: openTask,
        about: 'fresh process (b ran the fan-out first)',
        baseline: 'b',
      },
      {
        key: 'bk',
        label: '(bk) task(id), API key (TENANTS_FILE)',
        url: auth.url,
        headers: { authorization: `Bearer ${apiKey}` },
        taskId: authTask,
        about: 'API key (TENANTS_FILE: SHA-256, scopes, limits)',
        baseline: 'b0',
      },
      {
        key: 'bj',
        label: '(bj) task(id), ES256 JWT',
        url: auth.url,
        headers: { authorization: `Bearer ${jwt}` },
        taskId: authTask,
        about: 'ES256 JWT (verify; scopes from the token)',
        baseline: 'b0',
      },
    ],
    stop: async () => {
      await Promise.all([open.process.stop(), auth.process.stop()]);
    },
  };
}
