import { type ExecutionResult, parse } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import {
  sharedJson,
  useSharedSubscriptionExecution,
} from '../../src/graphql/shared-subscription-execution.js';

/**
 * The shared executor on a small schema: a `watch` subscription whose events are pushed by the test,
 * a resolver that counts its calls, and contexts that carry an audience.
 */

interface Snapshot {
  id: string;
  version: number;
  label: string;
}

function harness(afterSubscribe?: (ctx: { audience: string }) => void) {
  let resolved = 0;
  const feeds = new Set<(event: Snapshot | { id: string }) => void>();
  const schema = createSchema<{ audience: string }>({
    typeDefs: /* GraphQL */ `
      type Thing { id: ID! label: String! }
      type Query { ok: Boolean }
      type Subscription { watch(prefix: String): Thing }
    `,
    resolvers: {
      Thing: {
        label: (thing: Snapshot, _args: unknown, ctx: { audience: string }) => {
          resolved++;
          return `${thing.label}/${ctx.audience}`;
        },
      },
      Subscription: {
        watch: {
          subscribe: () => {
            const queue: Snapshot[] = [];
            let wake: (() => void) | null = null;
            const feed = (event: Snapshot | { id: string }) => {
              queue.push(event as Snapshot);
              wake?.();
            };
            feeds.add(feed);
            return {
              [Symbol.asyncIterator]() {
                return this;
              },
              async next(): Promise<IteratorResult<Snapshot>> {
                while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
                return { value: queue.shift() as Snapshot, done: false };
              },
              async return(): Promise<IteratorResult<Snapshot>> {
                feeds.delete(feed);
                return { value: undefined, done: true };
              },
            };
          },
          resolve: (event: Snapshot) => event,
        },
      },
    },
  });
  const yoga = createYoga<{ audience: string }>({
    schema,
    plugins: [
      useSharedSubscriptionExecution<{ audience: string }>({
        audienceOf: (ctx) => ctx.audience,
        ...(afterSubscribe ? { afterSubscribe } : {}),
      }),
    ],
  });
  const subscribe = async (audience: string, variables: Record<string, unknown> = {}) => {
    const { subscribe: run, contextFactory, schema: enveloped } = yoga.getEnveloped({ audience });
    const document = parse('subscription W($prefix: String) { watch(prefix: $prefix) { id label } }');
    const stream = await run({
      schema: enveloped,
      document,
      variableValues: variables,
      contextValue: await contextFactory(),
    });
    return stream as AsyncIterableIterator<ExecutionResult>;
  };
  const push = (event: Snapshot | { id: string }) => {
    for (const feed of feeds) feed(event);
  };
  return { subscribe, push, resolved: () => resolved, listeners: () => feeds.size };
}

describe('shared subscription execution', () => {
  it('executes a versioned event once for every subscriber of the same operation and audience', async () => {
    const h = harness();
    const streams = await Promise.all([h.subscribe('a'), h.subscribe('a'), h.subscribe('a')]);
    h.push({ id: 't1', version: 1, label: 'one' });
    const results = await Promise.all(streams.map((s) => s.next()));
    expect(h.resolved()).toBe(1);
    const first = results[0]?.value as ExecutionResult;
    expect(first.data).toEqual({ watch: { id: 't1', label: 'one/a' } });
    // One result object, one JSON text, for all three.
    for (const r of results) expect(r.value).toBe(first);
    expect(sharedJson(first)).toBe(JSON.stringify(first));
    expect(sharedJson(first)).toBe(sharedJson(first));

    h.push({ id: 't1', version: 2, label: 'two' });
    const second = await Promise.all(streams.map((s) => s.next()));
    expect(h.resolved()).toBe(2);
    expect(second.map((r) => (r.value as ExecutionResult).data)).toEqual(
      Array(3).fill({ watch: { id: 't1', label: 'two/a' } }),
    );
    await Promise.all(streams.map((s) => s.return?.()));
    expect(h.listeners()).toBe(0);
  });

  it('keeps audiences and variables apart', async () => {
    const h = harness();
    const a = await h.subscribe('a');
    const b = await h.subscribe('b');
    const aOther = await h.subscribe('a', { prefix: 'x' });
    h.push({ id: 't1', version: 1, label: 'one' });
    const [ra, rb, rx] = await Promise.all([a.next(), b.next(), aOther.next()]);
    expect(h.resolved()).toBe(3);
    expect((ra.value as ExecutionResult).data).toEqual({ watch: { id: 't1', label: 'one/a' } });
    expect((rb.value as ExecutionResult).data).toEqual({ watch: { id: 't1', label: 'one/b' } });
    expect(rx.value).not.toBe(ra.value);
  });

  it('executes events without a version per subscriber, and does not share their JSON', async () => {
    const h = harness();
    const streams = await Promise.all([h.subscribe('a'), h.subscribe('a')]);
    h.push({ id: 't1', label: 'plain' } as unknown as Snapshot);
    const results = await Promise.all(streams.map((s) => s.next()));
    expect(h.resolved()).toBe(2);
    expect(sharedJson(results[0]?.value as ExecutionResult)).toBeNull();
  });

  it('a subscriber that joins later gets the cached result of the version it sees', async () => {
    const h = harness();
    const early = await h.subscribe('a');
    h.push({ id: 't1', version: 5, label: 'five' });
    const r1 = await early.next();
    const late = await h.subscribe('a');
    h.push({ id: 't1', version: 5, label: 'five' });
    const [r2, r3] = await Promise.all([early.next(), late.next()]);
    expect(h.resolved()).toBe(1);
    expect(r2.value).toBe(r1.value);
    expect(r3.value).toBe(r1.value);
  });

  it("hands each subscriber's context to afterSubscribe once its subscription is set up", async () => {
    const seen: { audience: string; listening: number }[] = [];
    const h = harness((ctx) => seen.push({ audience: ctx.audience, listening: h.listeners() }));
    await h.subscribe('a');
    await h.subscribe('b');
    // Called after the field's subscribe ran (its feed was already listening), once per subscription.
    expect(seen).toEqual([
      { audience: 'a', listening: 1 },
      { audience: 'b', listening: 2 },
    ]);
  });
});
