/**
 * CI smoke test of the build: starts `node dist/main.js` (no TypeScript tooling in that process) with the
 * embedded defaults (SQLite in a temp dir, the built-in sandbox, one API key) and traces going to a
 * local OTLP/HTTP receiver, runs one patent export end to end over HTTP (start, poll `task(id)` until
 * SUCCEEDED, download the file), reads /metrics, stops the gateway and checks that its spans arrived.
 * Every step has a deadline: it fails loudly, and never hangs.
 *
 *   npm run build && npm run smoke:dist
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// The stand-in collector the traces test uses too.
import { startTraceReceiver } from '../test/support/trace-receiver.js';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');
const STEP_MS = 10_000;
const TOTAL_MS = 60_000;
const API_KEY = randomBytes(16).toString('hex');
const REQUEST_ID = `smoke-${randomBytes(4).toString('hex')}`;

class SmokeFailure extends Error {}

function fail(message: string): never {
  throw new SmokeFailure(message);
}

/** dist/ must not need the TypeScript tool chain at run time (tsx and typescript are devDependencies). */
function checkNoTypeScriptTooling(): void {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const tool of ['tsx', 'typescript']) {
    if (pkg.dependencies?.[tool]) fail(`${tool} is a production dependency; it belongs in devDependencies`);
  }
  const files = readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.js'),
  );
  if (!files.includes('main.js')) fail('dist/main.js is missing: run npm run build first');
  const tooling = /\bfrom\s+['"](tsx|typescript)(\/[^'"]*)?['"]|\bimport\(\s*['"](tsx|typescript)['"]/;
  for (const file of files) {
    if (tooling.test(readFileSync(join(DIST, file), 'utf8'))) fail(`dist/${file} imports TypeScript tooling`);
  }
}

function startGateway(
  dataDir: string,
  otlpEndpoint: string,
): { child: ChildProcess; origin: Promise<string>; output: () => string } {
  // A clean environment: CI exports REDIS_URL, and the smoke test is about the embedded defaults.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dataDir, 'gateway.db'),
    API_KEYS: `smoke:${API_KEY}`,
    SANDBOX: 'on',
    SANDBOX_TASK_MS: '500',
    POLL_INITIAL_MS: '100',
    POLL_MAX_MS: '500',
    LOG_LEVEL: 'info',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OTEL_SERVICE_NAME: 'gateway-smoke',
  };
  const child = spawn(process.execPath, [join(DIST, 'main.js')], { cwd: dataDir, env, stdio: 'pipe' });
  let output = '';
  const origin = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new SmokeFailure(`node dist/main.js exited (code ${code}, signal ${signal}) before listening`)),
    );
    setTimeout(() => reject(new SmokeFailure(`no "listening" line within ${STEP_MS} ms`)), STEP_MS).unref();
  });
  return { child, origin, output: () => output };
}

async function stopGateway(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(STEP_MS).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
    fail(`the gateway did not stop within ${STEP_MS} ms of SIGTERM`);
  }
  if (child.exitCode !== 0) fail(`the gateway stopped with exit code ${child.exitCode}`);
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: unknown[];
}

async function graphql<T>(origin: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${API_KEY}`,
      'x-request-id': REQUEST_ID,
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(STEP_MS),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  if (response.headers.get('x-request-id') !== REQUEST_ID) {
    fail(`x-request-id came back as ${response.headers.get('x-request-id')}, not ${REQUEST_ID}`);
  }
  if (!response.ok || body.errors || !body.data) {
    fail(`HTTP ${response.status} for ${query.split('(')[0]}: ${JSON.stringify(body)}`);
  }
  return body.data;
}

interface Task {
  id: string;
  status: string;
  downloadUrl: string | null;
  error: { code: string; message: string } | null;
}

const TASK_FIELDS = 'id status downloadUrl error { code message }';

async function exportOnePatentFile(origin: string): Promise<void> {
  const started = await graphql<{ startPatentExport: { task: Task } }>(
    origin,
    `mutation Start($input: StartPatentExportInput!) { startPatentExport(input: $input) { task { ${TASK_FIELDS} } } }`,
    { input: { queryText: 'TTL:(lidar AND vehicle)', fields: ['PN', 'TITLE'], exportType: 'CSV', rows: 20 } },
  );
  const id = started.startPatentExport.task.id;
  console.log(`smoke: started task ${id}`);
  const deadline = Date.now() + 30_000;
  let task = started.startPatentExport.task;
  while (task.status !== 'SUCCEEDED') {
    if (['FAILED', 'EXPIRED', 'CANCELLED'].includes(task.status)) fail(`task ended ${JSON.stringify(task)}`);
    if (Date.now() > deadline) fail(`task still ${task.status} after 30 s`);
    await sleep(200);
    const polled = await graphql<{ task: Task | null }>(
      origin,
      `query Task($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`,
      { id },
    );
    task = polled.task ?? fail(`task ${id} not found`);
  }
  if (!task.downloadUrl) fail('SUCCEEDED without a download URL');
  const file = await fetch(task.downloadUrl, { signal: AbortSignal.timeout(STEP_MS) });
  const bytes = (await file.arrayBuffer()).byteLength;
  if (!file.ok || bytes === 0) fail(`download answered HTTP ${file.status} with ${bytes} bytes`);
  console.log(`smoke: SUCCEEDED, downloaded ${bytes} bytes`);
}

async function checkMetrics(origin: string): Promise<void> {
  const response = await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(STEP_MS) });
  const text = await response.text();
  for (const metric of [
    'gateway_vendor_requests_total',
    'gateway_task_polls_total',
    'graphql_envelop_request_duration_count{operationType="mutation",operationName="Start"}',
  ]) {
    if (!text.includes(metric)) fail(`/metrics lacks ${metric}`);
  }
}

/** Stopping the gateway flushes its spans: the operation, the polls and the vendor calls. */
function checkTraces(received: string): void {
  for (const span of [
    '"mutation.Start"',
    '"task.poll"',
    '"vendor.patent_export_create"',
    '"gateway-smoke"',
  ]) {
    if (!received.includes(span)) fail(`the trace receiver got no ${span}`);
  }
  if (received.includes(API_KEY)) fail('the API key reached the traces');
}

async function main(): Promise<void> {
  checkNoTypeScriptTooling();
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-smoke-'));
  const traces = await startTraceReceiver();
  const gateway = startGateway(dataDir, traces.endpoint);
  try {
    const run = async () => {
      const origin = await gateway.origin;
      console.log(`smoke: node dist/main.js listening on ${origin}`);
      await exportOnePatentFile(origin);
      await checkMetrics(origin);
    };
    await Promise.race([
      run(),
      sleep(TOTAL_MS, undefined, { ref: false }).then(() => fail(`smoke test took over ${TOTAL_MS} ms`)),
    ]);
    await stopGateway(gateway.child);
    checkTraces(traces.received());
    console.log('smoke: dist build OK (export, download, metrics, request id, traces)');
  } catch (error) {
    console.error(`smoke: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`--- gateway output ---\n${gateway.output()}`);
    gateway.child.kill('SIGKILL');
    process.exitCode = 1;
  } finally {
    await traces.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
