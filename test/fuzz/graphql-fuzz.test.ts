import { connect } from 'node:net';
import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaultSchema } from '../../src/graphql/default-schema.js';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { executeOk } from '../support/clients.js';
import {
  ListTasks,
  StartDataTrackDownload,
  StartEnterpriseReport,
  StartPatentExport,
  StartQueryResultDownload,
} from '../support/documents.js';

/**
 * Schema-aware fuzzing of the whole gateway, in-process: documents generated from the schema with
 * hostile argument values, mutated and pathological documents, and bad credentials, sent over HTTP
 * (POST, GET, SSE, a raw socket) and graphql-ws. Whatever the input, the gateway must answer without
 * a 5xx, without a masked internal error, without an unhandled rejection and without growing.
 *
 * Deterministic: chunk `c` of the run is `fc.sample(opArb, { seed: SEED + c })`; a failing operation is
 * replayed and shrunk by `fc.check` with the same seed and its index as `path`.
 *
 * Memory: RSS and heap are read after forced collections at the end of a warm-up and at the end of the
 * run, both times with yoga's document caches refilled with tiny documents (see flushDocumentCaches);
 * the readings with those caches full of fuzz documents are printed too.
 */

const schema = defaultSchema();

const SEED = 20_240_611;
/** FUZZ_OPS only shortens a run while debugging; the suite runs the full figure. */
const TOTAL_OPS = Number(process.env.FUZZ_OPS ?? 10_400);
/** Operations before the first memory reading: JIT, pools and allocator arenas reach their size. */
const WARMUP_OPS = 5_000;
const CHUNK = 200;
const CONCURRENCY = 50;
const OP_TIMEOUT_MS = 15_000;
/** How long a subscription (or any streamed answer) is listened to before the client leaves. */
const STREAM_LISTEN_MS = 150;
/** Failures are shrunk one per distinct signature, this many at most, each for at most this long. */
const MAX_SHRINKS = 4;
const SHRINK_TIME_LIMIT_MS = 6_000;

const KEYS = { acme: 'key-acme-0123456789', globex: 'key-globex-0123456789' } as const;
/** acme and globex by API key; initech by a JWT that also grants vendor:shared (DMS and DLC starts). */
type Tenant = keyof typeof KEYS | 'initech';
const TOKENS: Record<Tenant, string> = { ...KEYS, initech: '' };
/** Tokens that look like JWTs and reach the verifier: wrong key, expired, alg none, odd claims… */
const hostileJwts: string[] = [];
const JWT_ISSUER = 'https://idp.fuzz/';
const JWT_AUDIENCE = 'export-gateway';

// ---------------------------------------------------------------------------------------------
// Value model: what an argument gets, printable both as a GraphQL literal and as variables JSON.

class EnumLit {
  constructor(readonly name: string) {}
}
/** A literal whose text is kept as is in both forms (numbers JSON and GraphQL cannot otherwise write). */
class RawNum {
  constructor(readonly text: string) {}
}
type Val = null | string | number | boolean | EnumLit | RawNum | Val[] | { [key: string]: Val };

function toJson(v: Val): string {
  if (v === null) return 'null';
  if (v instanceof EnumLit) return JSON.stringify(v.name);
  if (v instanceof RawNum) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(',')}}`;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return JSON.stringify(v);
}

function toLiteral(v: Val): string {
  if (v === null) return 'null';
  if (v instanceof EnumLit) return v.name;
  if (v instanceof RawNum) return v.text;
  if (Array.isArray(v)) return `[${v.map(toLiteral).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${toLiteral(x)}`)
      .join(', ')}}`;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : String(v); // NaN, Infinity: bare names
  return JSON.stringify(v);
}

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

// Real ids and cursors of both tenants, filled in before the run (the arbitraries read them lazily).
const realIds: string[] = [];
const realCursors: string[] = [];
const pick = <T>(pool: readonly T[], i: number, fallback: T): T =>
  pool.length === 0 ? fallback : (pool[i % pool.length] as T);

// ---------------------------------------------------------------------------------------------
// Hostile scalars.

const HOSTILE_STRINGS = [
  '',
  ' ',
  '   \t  ',
  '\u0000',
  'abc\u0000def',
  '\r\n',
  '\u001b[31mred',
  '\u202eevil',
  '\ud800',
  '\udfff',
  'a\ud83d',
  '\ufeff',
  '\u2028\u2029',
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '{"a":',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '../../etc/passwd',
  "'; DROP TABLE tasks; --",
  '" OR 1=1 --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  '${7*7}',
  '{{7*7}}',
  '%00',
  '%s%s%s%n',
  '<script>alert(1)</script>',
  '\\',
  '"',
  '😀😀😀',
  'e\u0301\u0301\u0301',
  '小米科技有限责任公司',
  '９２２３３７２０３６８５４７７５８０８',
  '9223372036854775807',
  '9223372036854775808',
  '99999999999999999999999999',
  '-1',
  '0',
  '00000',
  '1.5',
  '2015-01-01',
  '20150101',
  '2015-13-45',
  '2024-02-30 25:61:61',
  '1579434053399035904',
  'PatentExportTask',
  'Bearer key-acme-0123456789',
  'apikey=sk-secret&token=abc',
  'cosn://bucket/key',
  'http://169.254.169.254/latest/meta-data/',
  'TTL:(',
  'TTL:car AND (',
  '*:*',
  '[* TO *]',
];

/** Plausible values by input name, so generated documents also get past validation into resolvers. */
const PLAUSIBLE: Record<string, readonly string[]> = {
  queryText: ['TTL:car', 'TTL:(lidar AND vehicle)', 'ABST:battery'],
  field: ['PATENT_TYPE', 'APD_YEAR', 'PV', 'ASSIGNEE', 'pn', 'CITED_COUNT'],
  fields: ['PN', 'TITLE', 'APNO', 'ABST', 'CLMS', 'DESC'],
  tag: ['t', 'type', 'years', 'avg_pv', 'name', 'count', 'a_b'],
  query: ['CITED_COUNT:[10 TO *]', 'PV:[0 TO 100000]'],
  orderId: ['4061234', '1', '9223372036854775807'],
  tenantId: ['3', '9223372036854775808'],
  taskId: ['20aadca2d4b511ef9ffa525400ba9019', 'x'],
  format: ['CSV', 'csv', 'XLSX'],
  companyName: ['小米科技有限责任公司', 'ACME'],
  creditCode: ['91110108551385082Q', 'abc'],
  orgNumber: ['55138508-2', '5513850T82'],
  vendorTaskId: ['abc', '1579434053399035904', 'a b'],
  columnName: ['account_name'],
  value: ['alice'],
  filterTables: ['orders'],
  filterStartTime: ['2023-01-01 00:00:00', '2023-01-01T00:00:00Z'],
  filterEndTime: ['2023-01-02 00:00:00'],
  applicationDateFrom: ['20200101', '2020-01-01'],
  lang: ['cn', 'en'],
  transLang: ['cn'],
  eventIds: ['1', '12345678901234567890'],
};

/** Long and very long strings (the latter mostly meet the body and frame caps). */
const longString = (sizes: number[]) =>
  fc
    .tuple(fc.constantFrom('A', 'é', '😀', '\u0000', '"', '\\', 'ab ', '\n'), fc.constantFrom(...sizes))
    .map(([c, n]) => c.repeat(n));

const controlString = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
  maxLength: 12,
});

const cursorLike = fc
  .oneof(
    fc.constantFrom(
      '[]',
      '{}',
      '["a"]',
      '[1,2]',
      '["",""]',
      '["2024-01-01T00:00:00.000Z",""]',
      'null',
      '"x"',
    ),
    fc.tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 })).map((t) => JSON.stringify(t)),
    fc.tuple(fc.constantFrom('', 'x', '9999-12-31T23:59:59.999Z'), fc.nat()).map((t) => JSON.stringify(t)),
  )
  .map(b64url);

function stringArb(hint: string | undefined): fc.Arbitrary<string> {
  const plausible = hint ? PLAUSIBLE[hint] : undefined;
  return fc.oneof(
    { weight: plausible ? 60 : 10, arbitrary: fc.constantFrom(...(plausible ?? ['x', 'TTL:car'])) },
    { weight: 30, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 15, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 10, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 10, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 10, arbitrary: controlString },
    { weight: hint === 'after' || hint === 'before' ? 50 : 5, arbitrary: cursorLike },
    { weight: 5, arbitrary: fc.nat().map((i) => pick(realCursors, i, 'eyJ9')) },
    { weight: 4, arbitrary: longString([300, 1_000, 3_000, 10_000]) },
    { weight: 1, arbitrary: longString([40_000, 140_000]) },
  );
}

const RAW_NUMBERS = [
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '1e400',
  '-1e400',
  '1.5',
  '-0',
  '0.0',
  '1e2',
  '123456789012345678901234567890',
];

const intArb: fc.Arbitrary<Val> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 600 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      0,
      -1,
      1,
      5,
      6,
      100,
      101,
      500,
      501,
      1000,
      1001,
      20_000,
      100_000,
      100_001,
      2_147_483_647,
      -2_147_483_648,
    ),
  },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBERS).map((t): Val => new RawNum(t)) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom<Val>('12', 'NaN', true, [1], { n: 1 }) },
);

const boolArb: fc.Arbitrary<Val> = fc.oneof(
  { weight: 8, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom<Val>('true', 0, 1, new EnumLit('TRUE'), []) },
);

/** Ids that are not ids, global ids of other types, base64 garbage, real ids of both tenants. */
const idArb: fc.Arbitrary<Val> = fc.oneof(
  { weight: 5, arbitrary: fc.nat().map((i) => pick(realIds, i, gid('PatentExportTask', 'none'))) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'Patent',
          'Query',
          'Mutation',
          'TaskError',
          'VendorInfo',
          'ExportTask',
          'Node',
          'PatentExportTask',
          'EnterpriseReportTask',
          'DataTrackDownloadTask',
          'QueryResultDownloadTask',
          '',
          '__proto__',
          'PatentExportTask:PatentExportTask',
        ),
        fc.oneof(
          fc.nat().map((i) => {
            const real = pick(realIds, i, '');
            const decoded = Buffer.from(real, 'base64').toString('utf8');
            return decoded.slice(decoded.indexOf(':') + 1);
          }),
          fc.constantFrom('', '1', '-1', 'x', '00000000-0000-0000-0000-000000000000', "' OR 1=1"),
          fc.string({ maxLength: 20 }),
        ),
      )
      .map(([type, id]) => gid(type, id)),
  },
  {
    weight: 2,
    arbitrary: fc
      .uint8Array({ maxLength: 48 })
      .chain((bytes) =>
        fc.constantFrom(
          Buffer.from(bytes).toString('base64'),
          Buffer.from(bytes).toString('base64url'),
          Buffer.from(bytes).toString('base64').replace(/=+$/, ''),
          Buffer.from(bytes).toString('hex'),
        ),
      ),
  },
  { weight: 3, arbitrary: stringArb('id') },
  { weight: 1, arbitrary: fc.constantFrom<Val>(0, -1, 2_147_483_647, new RawNum('1e400'), 1.5, true) },
);

// ---------------------------------------------------------------------------------------------
// Input values from the schema.

const MAX_INPUT_DEPTH = 5;
const EXTRA_KEYS = ['__proto__', 'constructor', 'unknownField', 'facets', 'tag', 'Tag'];
const inputMemo = new Map<string, fc.Arbitrary<Val>>();

/**
 * `hostile` values break every rule they can; `tame` ones are well-typed and mostly plausible, so that
 * a good share of the generated operations gets past validation into the resolvers and the vendors.
 */
type Flavor = 'hostile' | 'tame';

function inputArb(
  type: GraphQLInputType,
  depth: number,
  hint: string | undefined,
  flavor: Flavor,
): fc.Arbitrary<Val> {
  const key = `${flavor}:${String(type)}@${depth}@${hint ?? ''}`;
  let arb = inputMemo.get(key);
  if (!arb) {
    arb = flavor === 'tame' ? buildTameArb(type, depth, hint) : buildInputArb(type, depth, hint);
    inputMemo.set(key, arb);
  }
  return arb;
}

const TAME_INTS: Record<string, readonly number[]> = {
  rows: [1, 10, 100],
  start: [2000, 2010],
  end: [2015, 2020],
  gap: [1, 5],
  limit: [1, 5, 10],
  offset: [0, 5],
  first: [1, 5, 20],
  mincount: [0, 1],
};

function buildTameArb(type: GraphQLInputType, depth: number, hint?: string): fc.Arbitrary<Val> {
  if (isNonNullType(type)) return inputArb(type.ofType, depth, hint, 'tame');
  if (isListType(type)) {
    if (depth > 3) return fc.constant<Val>([]);
    return fc.array(inputArb(type.ofType, depth + 1, hint, 'tame'), { minLength: 1, maxLength: 2 });
  }
  if (isScalarType(type)) {
    if (type.name === 'Int' || type.name === 'Float')
      return fc.constantFrom<Val>(...(TAME_INTS[hint ?? ''] ?? [1, 2, 5]));
    if (type.name === 'Boolean') return fc.boolean();
    if (type.name === 'ID')
      return fc.nat().map((i): Val => pick(realIds, i, gid('PatentExportTask', 'none')));
    if (hint === 'idempotencyKey') return fc.uuid();
    const plausible = hint ? PLAUSIBLE[hint] : undefined;
    return fc.constantFrom<Val>(...(plausible ?? ['x', 'TTL:car']));
  }
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v): Val => new EnumLit(v.name)));
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant<Val>({});
    const fields = Object.values(type.getFields());
    const model: Record<string, fc.Arbitrary<Val>> = {};
    for (const f of fields) model[f.name] = inputArb(f.type, depth + 1, f.name, 'tame');
    if (type.isOneOf)
      return fc.oneof(
        ...fields.map((f) => (model[f.name] as fc.Arbitrary<Val>).map((v): Val => ({ [f.name]: v }))),
      );
    const required = fields
      .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
      .map((f) => f.name);
    return fc
      .record(model, { requiredKeys: required })
      .map(
        (obj): Val =>
          Object.fromEntries(Object.entries(obj).filter((e): e is [string, Val] => e[1] !== undefined)),
      );
  }
  return fc.constant(null);
}

/** A short valid-looking value of a leaf input type, or undefined for input objects and lists. */
function smallLeaf(type: GraphQLInputType): Val | undefined {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isEnumType(t)) return new EnumLit(t.getValues()[0]?.name ?? 'X');
  if (isScalarType(t)) return t.name === 'Int' || t.name === 'Float' ? 1 : t.name === 'Boolean' ? true : 'PN';
  return undefined;
}

function buildInputArb(type: GraphQLInputType, depth: number, hint?: string): fc.Arbitrary<Val> {
  if (isNonNullType(type)) {
    return fc.oneof(
      { weight: 25, arbitrary: inputArb(type.ofType, depth, hint, 'hostile') },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  if (isListType(type)) {
    if (depth > MAX_INPUT_DEPTH) return fc.constantFrom<Val>([], null);
    const inner = inputArb(type.ofType, depth + 1, hint, 'hostile');
    return fc.oneof(
      { weight: 8, arbitrary: fc.array(inner, { maxLength: 4 }) },
      { weight: 2, arbitrary: fc.constant<Val>([]) },
      { weight: 2, arbitrary: fc.constant<Val>(null) },
      { weight: 2, arbitrary: inner }, // a single value where a list is expected (coerced)
      // Long lists of one small leaf value (long lists of objects or of long strings are tested by the
      // body and frame caps already, and would only slow the run down).
      ...(smallLeaf(type.ofType) === undefined
        ? []
        : [
            {
              weight: 1,
              arbitrary: fc
                .constantFrom(100, 1_000, 5_000)
                .map((n): Val => Array.from({ length: n }, () => smallLeaf(type.ofType) as Val)),
            },
          ]),
      { weight: 1, arbitrary: fc.constant<Val>([[]]) },
    );
  }
  if (isScalarType(type)) {
    const base =
      type.name === 'Int'
        ? intArb
        : type.name === 'Float'
          ? fc.oneof(intArb, fc.double())
          : type.name === 'Boolean'
            ? boolArb
            : type.name === 'ID'
              ? idArb
              : stringArb(hint);
    return fc.oneof(
      { weight: 20, arbitrary: base },
      { weight: 1, arbitrary: fc.constant<Val>(null) },
      { weight: 1, arbitrary: fc.constantFrom<Val>([], {}, { a: 1 }, 0, 'x', false) },
    );
  }
  if (isEnumType(type)) {
    const names = type.getValues().map((v) => v.name);
    return fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...names).map((n): Val => new EnumLit(n)) },
      {
        weight: 2,
        arbitrary: fc
          .constantFrom(
            ...names.map((n) => n.toLowerCase()),
            'NOPE',
            'true',
            'null',
            'QUEUED',
            'PATSNAP',
            'CSV',
            '_',
          )
          .map((n): Val => new EnumLit(n)),
      },
      { weight: 1, arbitrary: fc.constantFrom<Val>('', 'CSV', 0, 'csv', '"CSV"', []) },
    );
  }
  if (isInputObjectType(type)) {
    if (depth > MAX_INPUT_DEPTH) return fc.constantFrom<Val>({}, null);
    const fields = Object.values(type.getFields());
    const model: Record<string, fc.Arbitrary<Val>> = {};
    for (const f of fields) model[f.name] = inputArb(f.type, depth + 1, f.name, 'hostile');
    const required = fields
      .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
      .map((f) => f.name);
    const withExtra = (arb: fc.Arbitrary<Record<string, Val | undefined>>) =>
      fc
        .tuple(arb, fc.option(fc.tuple(fc.constantFrom(...EXTRA_KEYS), stringArb(undefined)), { freq: 12 }))
        .map(([obj, extra]): Val => {
          const entries = Object.entries(obj).filter((e): e is [string, Val] => e[1] !== undefined);
          return Object.fromEntries(extra ? [...entries, extra] : entries);
        });
    if (type.isOneOf) {
      const one = fc.oneof(
        ...fields.map((f) =>
          (model[f.name] as fc.Arbitrary<Val>).map((v): Record<string, Val> => ({ [f.name]: v })),
        ),
      );
      return fc.oneof(
        { weight: 20, arbitrary: withExtra(one) },
        { weight: 1, arbitrary: fc.constant<Val>({}) },
        { weight: 1, arbitrary: withExtra(fc.record(model, { requiredKeys: [] })) },
      );
    }
    return fc.oneof(
      { weight: 20, arbitrary: withExtra(fc.record(model, { requiredKeys: required })) },
      { weight: 1, arbitrary: withExtra(fc.record(model, { requiredKeys: [] })) },
      { weight: 1, arbitrary: fc.constantFrom<Val>('x', [], 0) },
    );
  }
  return fc.constant(null);
}

// ---------------------------------------------------------------------------------------------
// Documents from the schema.

interface ArgUse {
  name: string;
  /** Inline literal, or a variable declared as `varType` whose value is `value` (undefined: not sent). */
  mode: 'inline' | 'var';
  varType: string;
  value: Val | undefined;
}
type Sel =
  | { k: 'field'; name: string; alias: string | null; args: ArgUse[]; sel: Sel[] | null }
  | { k: 'inline'; on: string; sel: Sel[] };

const WRONG_VAR_TYPES = [
  'String',
  'Int!',
  '[String!]!',
  'ID',
  'NoSuchType',
  'Boolean!',
  'FacetInput',
  '[[Int]]',
];

function argArb(arg: GraphQLArgument, flavor: Flavor): fc.Arbitrary<ArgUse | null> {
  const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
  const value = inputArb(arg.type, 0, arg.name, flavor);
  if (flavor === 'tame') {
    const use = fc
      .tuple(fc.constantFrom<ArgUse['mode']>('inline', 'var'), value)
      .map(([mode, v]): ArgUse => ({ name: arg.name, mode, varType: String(arg.type), value: v }));
    return required ? use : fc.option(use, { freq: 3 });
  }
  const use = fc
    .tuple(
      fc.constantFrom<ArgUse['mode']>('inline', 'var', 'var'),
      value,
      fc.oneof(
        { weight: 12, arbitrary: fc.constant(String(arg.type)) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            ...WRONG_VAR_TYPES,
            String(getNamedType(arg.type)),
            `[${String(arg.type)}]`,
          ),
        },
      ),
      fc.oneof({ weight: 30, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    )
    .map(
      ([mode, v, varType, sent]): ArgUse => ({
        name: arg.name,
        mode,
        varType,
        value: mode === 'var' && !sent ? undefined : v,
      }),
    );
  return required
    ? fc.oneof({ weight: 25, arbitrary: use }, { weight: 1, arbitrary: fc.constant(null) })
    : fc.option(use, { freq: 2 });
}

const MAX_SEL_DEPTH = 6;
const selMemo = new Map<string, fc.Arbitrary<Sel[]>>();
const aliasArb = fc.option(fc.constantFrom('a', 'b', 'x1', 'id', 'status', '__typename', 'task'), {
  freq: 6,
});

function fieldArb(field: GraphQLField<unknown, unknown>, depth: number, flavor: Flavor): fc.Arbitrary<Sel> {
  const named = getNamedType(field.type);
  const args = fc
    .tuple(...field.args.map((a) => argArb(a, flavor)))
    .map((xs) => xs.filter((x): x is ArgUse => x !== null));
  const sub: fc.Arbitrary<Sel[] | null> = isLeafType(named)
    ? fc.constant(null)
    : depth >= MAX_SEL_DEPTH
      ? fc.constant([{ k: 'field', name: '__typename', alias: null, args: [], sel: null }])
      : selectionArb(named, depth + 1, flavor);
  return fc
    .tuple(
      flavor === 'tame' ? fc.constant(null) : aliasArb,
      field.args.length ? args : fc.constant<ArgUse[]>([]),
      sub,
    )
    .map(([alias, a, s]): Sel => ({ k: 'field', name: field.name, alias, args: a, sel: s }));
}

function selectionArb(type: GraphQLNamedType, depth: number, flavor: Flavor): fc.Arbitrary<Sel[]> {
  const key = `${flavor}:${type.name}@${depth}`;
  const memo = selMemo.get(key);
  if (memo) return memo;
  // Placeholder against self-recursion while building (depth strictly grows, so never used).
  let arb: fc.Arbitrary<Sel[]>;
  const typename: Sel = { k: 'field', name: '__typename', alias: null, args: [], sel: null };
  if (isObjectType(type) || isInterfaceType(type)) {
    const fields = Object.values(type.getFields());
    const arbs = fields.map((f) => fieldArb(f, depth, flavor));
    // A few fields per level (a field may come twice, aliased or not: merging is validated too).
    const picks =
      flavor === 'tame'
        ? fc.uniqueArray(fc.nat({ max: arbs.length - 1 }), { maxLength: 4 })
        : fc.array(fc.nat({ max: arbs.length - 1 }), { maxLength: 4 });
    const own = picks.chain(
      (picked): fc.Arbitrary<Sel[]> =>
        picked.length ? fc.tuple(...picked.map((i) => arbs[i] as fc.Arbitrary<Sel>)) : fc.constant([]),
    );
    const fragments: fc.Arbitrary<Sel[]> = isInterfaceType(type)
      ? fc
          .subarray(schema.getPossibleTypes(type) as GraphQLObjectType[], { maxLength: 1 })
          .chain((types) =>
            types.length === 0
              ? fc.constant<Sel[]>([])
              : fc
                  .tuple(...types.map((t) => selectionArb(t, depth, flavor)))
                  .map((sels) =>
                    sels.map(
                      (sel, i): Sel => ({ k: 'inline', on: (types[i] as GraphQLObjectType).name, sel }),
                    ),
                  ),
          )
      : fc.constant([]);
    arb = fc.tuple(own, fragments).map(([a, b]) => (a.length + b.length === 0 ? [typename] : [...a, ...b]));
  } else if (isUnionType(type)) {
    arb = fc.constant([typename]);
  } else {
    arb = fc.constant([typename]);
  }
  selMemo.set(key, arb);
  return arb;
}

interface Doc {
  query: string;
  /** The variables as JSON text, or null for none. */
  variables: string | null;
  operationName: string | null;
  /** The root operation as generated (before any mutation). */
  kind: 'query' | 'mutation' | 'subscription' | 'other';
}

function printDoc(
  kind: 'query' | 'mutation' | 'subscription',
  name: string | null,
  sels: Sel[],
  extraVar: boolean,
): Doc {
  const defs: string[] = [];
  const values: string[] = [];
  let n = 0;
  const printSel = (s: Sel): string => {
    if (s.k === 'inline') return `... on ${s.on} { ${s.sel.map(printSel).join(' ')} }`;
    const args = s.args.map((a) => {
      if (a.mode === 'inline') return `${a.name}: ${toLiteral(a.value ?? null)}`;
      const v = `v${n++}`;
      defs.push(`$${v}: ${a.varType}`);
      if (a.value !== undefined) values.push(`${JSON.stringify(v)}:${toJson(a.value)}`);
      return `${a.name}: $${v}`;
    });
    return `${s.alias ? `${s.alias}: ` : ''}${s.name}${args.length ? `(${args.join(', ')})` : ''}${
      s.sel ? ` { ${s.sel.map(printSel).join(' ')} }` : ''
    }`;
  };
  const body = sels.map(printSel).join(' ');
  if (extraVar) values.push('"unused":{"__proto__":{"polluted":true}}');
  const header = `${kind}${name ? ` ${name}` : ''}${defs.length ? `(${defs.join(', ')})` : ''}`;
  return {
    query: `${header} { ${body} }`,
    variables: values.length ? `{${values.join(',')}}` : null,
    operationName: name,
    kind,
  };
}

function rootArb(kind: 'query' | 'mutation' | 'subscription', flavor: Flavor): fc.Arbitrary<Sel[]> {
  const root =
    kind === 'query'
      ? schema.getQueryType()
      : kind === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) throw new Error(`no ${kind} type`);
  const fields = Object.values(root.getFields()).map((f) => fieldArb(f, 1, flavor));
  const max = kind === 'subscription' ? 1 : 3;
  if (flavor === 'tame')
    return fc
      .uniqueArray(fc.nat({ max: fields.length - 1 }), {
        minLength: 1,
        maxLength: kind === 'subscription' ? 1 : 2,
      })
      .chain((picked) => fc.tuple(...picked.map((i) => fields[i] as fc.Arbitrary<Sel>)));
  return fc.oneof(
    { weight: 12, arbitrary: fc.array(fc.oneof(...fields), { minLength: 1, maxLength: max }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(...fields), { minLength: 2, maxLength: 3 }) },
  );
}

const docArb = (flavor: Flavor): fc.Arbitrary<Doc> =>
  fc
    .tuple(
      fc.constantFrom<'query' | 'mutation' | 'subscription'>(
        'query',
        'query',
        'query',
        'mutation',
        'mutation',
        'subscription',
      ),
      fc.option(fc.constantFrom('Op', 'Fuzz', 'query', 'a_1'), { freq: 3 }),
      fc.boolean(),
      fc.nat(),
    )
    .chain(([kind, name, extra, _]) =>
      rootArb(kind, flavor).map((sels) =>
        printDoc(kind, name, sels, flavor === 'hostile' && extra && kind !== 'subscription'),
      ),
    );

/** Documents generated from the schema: half with hostile values, half with tame ones. */
const validDocArb: fc.Arbitrary<Doc> = fc.oneof(docArb('hostile'), docArb('tame'));

// ---------------------------------------------------------------------------------------------
// Mutated and pathological documents.

const TOKEN = /\s+|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\.\.|[\s\S]/g;

type Mutation =
  | { k: 'del' | 'dup' | 'typo' | 'truncate'; i: number }
  | { k: 'swap'; i: number; j: number }
  | { k: 'insert'; i: number; s: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    k: fc.constantFrom<'del' | 'dup' | 'typo' | 'truncate'>('del', 'dup', 'typo', 'truncate'),
    i: fc.nat(),
  }),
  fc.record({ k: fc.constant<'swap'>('swap'), i: fc.nat(), j: fc.nat() }),
  fc.record({
    k: fc.constant<'insert'>('insert'),
    i: fc.nat(),
    s: fc.constantFrom(
      '{',
      '}',
      '(',
      ')',
      ':',
      '$',
      '!',
      '...',
      '@',
      '@include(if: true)',
      '@skip',
      '@deprecated',
      '#',
      '"',
      '"""',
      '\\u0000',
      '\u0000',
      ' __typename ',
      ' ...F ',
      ' ... on Query { __typename } ',
      ' fragment F on Query { __typename } ',
      ' query ',
      ' subscription ',
      '[',
      ']',
      '=',
      '|',
      '&',
      '1e400',
      '-',
      '0x1',
      ' $v0 ',
      '__schema { types { name } }',
    ),
  }),
);

function applyMutations(doc: Doc, muts: Mutation[]): Doc {
  let tokens: string[] = doc.query.match(TOKEN) ?? [];
  for (const m of muts) {
    if (tokens.length === 0) break;
    const i = m.i % tokens.length;
    switch (m.k) {
      case 'del':
        tokens.splice(i, 1);
        break;
      case 'dup':
        tokens.splice(i, 0, tokens[i] as string);
        break;
      case 'truncate':
        tokens = tokens.slice(0, i);
        break;
      case 'typo': {
        const t = tokens[i] as string;
        if (/^[A-Za-z_]/.test(t) && t.length > 1) {
          const p = m.i % t.length;
          tokens[i] = `${t.slice(0, p)}${t[(p + 1) % t.length]}${t.slice(p + 1)}`;
        } else tokens[i] = `${t}x`;
        break;
      }
      case 'swap': {
        const j = m.j % tokens.length;
        [tokens[i], tokens[j]] = [tokens[j] as string, tokens[i] as string];
        break;
      }
      case 'insert':
        tokens.splice(i, 0, m.s);
        break;
    }
  }
  return { ...doc, query: tokens.join(''), kind: 'other' };
}

const mutatedDocArb: fc.Arbitrary<Doc> = fc
  .tuple(validDocArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), fc.nat({ max: 9 }))
  .map(([doc, muts, v]) => {
    const out = applyMutations(doc, muts);
    // Sometimes the variables are damaged too.
    if (v === 0)
      return { ...out, variables: out.variables?.slice(0, Math.floor(out.variables.length / 2)) ?? '{' };
    if (v === 1) return { ...out, variables: '[]' };
    if (v === 2) return { ...out, variables: '"{}"' };
    return out;
  });

const deepFacet = (n: number): string => {
  let s = '{query: {tag: "q", query: "x"}}';
  for (let i = 0; i < n; i++) s = `{field: {tag: "t${i}", field: "F", facets: [${s}]}}`;
  return s;
};
const deepFacetJson = (n: number): string => {
  let s = '{"query":{"tag":"q","query":"x"}}';
  for (let i = 0; i < n; i++) s = `{"field":{"tag":"t","field":"F","facets":[${s}]}}`;
  return s;
};

const special = (
  query: string,
  variables: string | null = null,
  operationName: string | null = null,
): Doc => ({
  query,
  variables,
  operationName,
  kind: 'other',
});

const TASK_FIELDS = 'id status vendorTaskId pollCount error { code message retryable } history { status at }';

const specialDocArb: fc.Arbitrary<Doc> = fc.oneof(
  // Alias floods over cheap, task and vendor-calling fields.
  fc
    .tuple(
      fc.constantFrom(
        '__typename',
        'vendors { vendor }',
        'task(id: "x") { id }',
        'node(id: "eA==") { id }',
        'patentSearch(input: {queryText: "TTL:car"}) { total }',
        'tasks(first: 1) { edges { cursor } }',
      ),
      fc.constantFrom(5, 31, 100, 400, 3_000),
    )
    .map(([f, n]) => special(`{ ${Array.from({ length: n }, (_, i) => `a${i}: ${f}`).join(' ')} }`)),
  // Deep selection nesting (unknown fields, real recursive facet types) and bare braces.
  fc.constantFrom(13, 50, 400, 3_000).map((n) => special(`{ ${'a { '.repeat(n)}b${' }'.repeat(n)} }`)),
  fc
    .constantFrom(3, 5, 7, 20)
    .map((n) =>
      special(
        `{ patentSearch(input: {queryText: "TTL:car", facets: [{field: {tag: "t", field: "PATENT_TYPE"}}]}) { ${'facets { ... on FieldFacet { buckets { '.repeat(n)}value${' } } }'.repeat(n)} } }`,
      ),
    ),
  fc.constantFrom(10, 1_000, 100_000).map((n) => special('{'.repeat(n))),
  // Deeply nested facet inputs, inline and as variables (no token limit on variables).
  fc
    .constantFrom(1, 2, 3, 10, 60)
    .map((n) =>
      special(`{ patentSearch(input: {queryText: "TTL:car", facets: [${deepFacet(n)}]}) { total } }`),
    ),
  fc
    .constantFrom(1, 2, 3, 10, 100, 1_000, 4_000)
    .map((n) =>
      special(
        'query Q($input: PatentSearchInput!) { patentSearch(input: $input) { total } }',
        `{"input":{"queryText":"TTL:car","facets":[${deepFacetJson(n)}]}}`,
      ),
    ),
  fc
    .constantFrom(100, 1_000, 20_000)
    .map((n) =>
      special(
        'query Q($s: [TaskStatus!]) { tasks(status: $s) { edges { cursor } } }',
        `{"s":${'['.repeat(n)}"QUEUED"${']'.repeat(n)}}`,
      ),
    ),
  fc.constantFrom(50, 400).map((n) => special(`{ task(id: ${'['.repeat(n)}"x"${']'.repeat(n)}) { id } }`)),
  // Fragments: cycles, floods, unknown, unused.
  fc.constantFrom(
    special('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
    special('query { ...A } fragment A on Query { ...A }'),
    special('query { ...Nope }'),
    special('query { __typename } fragment Unused on Query { __typename }'),
    special(
      `query { ...F0 } ${Array.from({ length: 60 }, (_, i) => `fragment F${i} on Query { ${i < 59 ? `...F${i + 1} ` : ''}vendors { vendor } }`).join(' ')}`,
    ),
    special(`query { ${'...F '.repeat(300)} } fragment F on Query { vendors { vendor } }`),
    special('query { task(id: "x") { ... on Patent { pn } } }'),
    special('query { task(id: "x") { ... on Mutation { __typename } } }'),
  ),
  // Directives.
  fc
    .tuple(
      fc.constantFrom('@include(if: true)', '@skip(if: false)', '@foo', '@deprecated', '@include'),
      fc.constantFrom(1, 21, 200),
    )
    .map(([d, n]) => special(`query { vendors ${`${d} `.repeat(n)}{ vendor } }`)),
  fc.constantFrom(
    special('query @include(if: true) { __typename }'),
    special('query Q($b: Boolean!) { vendors @skip(if: $b) { vendor } }', '{"b":"yes"}'),
    special('query Q($b: Boolean!) { vendors @skip(if: $b) { vendor } }', null),
    special('query Q($b: Boolean = 1) { vendors @skip(if: $b) { vendor } }', '{}'),
  ),
  // Token floods, huge documents, lexical garbage.
  fc.constantFrom(999, 1_001, 20_000).map((n) => special(`{ ${'__typename '.repeat(n)}}`)),
  fc.constantFrom(
    special(''),
    special(' '),
    special('#'),
    special('{}'),
    special('{ }'),
    special('query'),
    special('subscription'),
    special('mutation { }'),
    special('{ "x" }'),
    special('{ task(id: "\\x") { id } }'),
    special('{ task(id: "\\uD800") { id } }'),
    special('{ task(id: "\\u{1F600}") { id } }'),
    special('{ task(id: """\u0000""") { id } }'),
    special('{ task(id: "unterminated) { id } }'),
    special('{ tasks(first: 00) { edges { cursor } } }'),
    special('{ tasks(first: 1.) { edges { cursor } } }'),
    special('{ tasks(first: .5) { edges { cursor } } }'),
    special('{ tasks(first: 0x10) { edges { cursor } } }'),
    special('{ tasks(first: -) { edges { cursor } } }'),
    special('{ tasks(first: NaN) { edges { cursor } } }'),
    special('{ tasks(first: 1e400) { edges { cursor } } }'),
    special('{ tasks(first: $undeclared) { edges { cursor } } }'),
    special('\u0000\u0001\u0002'),
    special('\ufeff{ __typename }'),
    special('{ __typename }\u0000'),
    special('{ __typename } { __typename }'),
    special('query A { __typename } query B { vendors { vendor } }'),
    special('query A { __typename } query B { vendors { vendor } }', null, 'B'),
    special('query A { __typename } query B { vendors { vendor } }', null, 'C'),
    special('query A { __typename } query A { __typename }', null, 'A'),
    special('mutation { __typename } subscription { __typename }'),
    special('subscription { taskUpdated(id: "x") { id } tasksUpdated { id } }'),
    special('subscription { __typename }'),
    special('subscription S { ...F } fragment F on Subscription { tasksUpdated { id } }'),
    special('subscription { taskUpdated(id: "x") @include(if: false) { id } }'),
    special(
      '{ __type(name: "ExportTask") { name possibleTypes { name interfaces { name possibleTypes { name } } } } }',
    ),
    special('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }'),
    special(
      '{ __schema { types { interfaces { possibleTypes { interfaces { possibleTypes { name } } } } } } }',
    ),
    special('{ __type(name: "\u0000") { name } }'),
    special('{ __typename(x: 1) }'),
    special(`{ tasks(first: 1) { edges { node { ${TASK_FIELDS} } } pageInfo { endCursor } } }`),
    special('{ node(id: 1) { id } }'),
    special('{ node(id: null) { id } }'),
    special('{ task(id: 1.5) { id } }'),
    special('{ vendors { vendor vendor: mode } }'),
    special('{ vendors { a: vendor a: mode } }'),
    special(getIntrospectionQuery()),
    special(
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      }),
    ),
  ),
);

// ---------------------------------------------------------------------------------------------
// Credentials and transports.

type Auth =
  | { k: 'tenant'; tenant: Tenant }
  | { k: 'header'; value: string | null }
  | { k: 'wsParams'; params: Record<string, unknown> };

const HOSTILE_AUTH_HEADERS = [
  null,
  '',
  'Bearer',
  'Bearer ',
  'Bearer  ',
  'Bearer key-wrong-0123456789',
  `Bearer ${KEYS.acme}x`,
  `Bearer ${KEYS.acme.slice(0, -1)}`,
  `Bearer ${KEYS.acme} ${KEYS.globex}`,
  `Bearer ${KEYS.acme}, Bearer ${KEYS.globex}`,
  `bearer ${KEYS.acme}`,
  `BEARER\t${KEYS.acme}`,
  KEYS.acme,
  `Basic ${Buffer.from(`acme:${KEYS.acme}`).toString('base64')}`,
  `Token ${KEYS.acme}`,
  `Bearer clé-accentuée`,
  `Bearer ${'a'.repeat(8_000)}`,
  `Bearer ${'a'.repeat(20_000)}`,
  'Bearer eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJhY21lIn0.c2lnbmF0dXJl',
  'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ0ZW5hbnQiOiJhY21lIiwic2NvcGUiOiJ0YXNrczpyZWFkIn0.',
  'Bearer a.b.c',
  'Bearer ..',
  'Bearer eyJ.eyJ.',
  `Bearer ${b64url('{"alg":"RS256","kid":"../../x"}')}.${b64url('{"tenant":"acme","exp":99999999999}')}.AAAA`,
  'Bearer %00',
  'Bearer null',
  'Bearer undefined',
];

const WS_PARAMS: Record<string, unknown>[] = [
  {},
  { authorization: null },
  { authorization: 42 },
  { authorization: {} },
  { authorization: [`Bearer ${KEYS.acme}`] },
  { authorization: { toString: 'Bearer x' } },
  { authorization: 'Bearer key-wrong-0123456789' },
  { authorization: KEYS.acme },
  { Authorization: `Bearer ${KEYS.acme}` },
  { authorization: `Bearer ${'z'.repeat(50_000)}` },
  { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJhY21lIn0.c2lnbmF0dXJl' },
  { authorization: '\u0000Bearer key-acme-0123456789' },
  Object.fromEntries([['__proto__', { authorization: `Bearer ${KEYS.acme}` }]]),
];

const authArb: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 14, arbitrary: fc.constant<Auth>({ k: 'tenant', tenant: 'acme' }) },
  { weight: 6, arbitrary: fc.constant<Auth>({ k: 'tenant', tenant: 'globex' }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...HOSTILE_AUTH_HEADERS).map((value): Auth => ({ k: 'header', value })),
  },
);

type Transport = 'post' | 'get' | 'ws' | 'sse' | 'raw';
type BodyMode =
  | 'normal'
  | 'batch'
  | 'queryNumber'
  | 'queryNull'
  | 'varsString'
  | 'varsArray'
  | 'varsNumber'
  | 'truncated'
  | 'empty'
  | 'notJson'
  | 'graphqlContentType'
  | 'textPlain'
  | 'noContentType'
  | 'extensions'
  | 'oversized'
  | 'duplicateKeys';

interface Op {
  transport: Transport;
  auth: Auth;
  doc: Doc;
  body: BodyMode;
  accept: string;
  /** Raw-socket requests: how the request line and headers are broken. */
  raw: number;
}

const ACCEPTS = [
  'application/graphql-response+json, application/json',
  'application/json',
  'application/graphql-response+json',
  '*/*',
  'text/event-stream',
  'multipart/mixed',
  'text/html',
  'application/xml',
  '',
];

const opArb: fc.Arbitrary<Op> = fc
  .record({
    transport: fc.oneof(
      { weight: 40, arbitrary: fc.constant<Transport>('post') },
      { weight: 20, arbitrary: fc.constant<Transport>('get') },
      { weight: 30, arbitrary: fc.constant<Transport>('ws') },
      { weight: 4, arbitrary: fc.constant<Transport>('sse') },
      { weight: 2, arbitrary: fc.constant<Transport>('raw') },
    ),
    auth: authArb,
    doc: fc.oneof(
      { weight: 60, arbitrary: validDocArb },
      { weight: 25, arbitrary: mutatedDocArb },
      { weight: 15, arbitrary: specialDocArb },
    ),
    body: fc.oneof(
      { weight: 60, arbitrary: fc.constant<BodyMode>('normal') },
      {
        weight: 8,
        arbitrary: fc.constantFrom<BodyMode>(
          'batch',
          'queryNumber',
          'queryNull',
          'varsString',
          'varsArray',
          'varsNumber',
          'truncated',
          'empty',
          'notJson',
          'graphqlContentType',
          'textPlain',
          'noContentType',
          'extensions',
          'oversized',
          'duplicateKeys',
        ),
      },
    ),
    accept: fc.oneof(
      { weight: 12, arbitrary: fc.constant(ACCEPTS[0] as string) },
      { weight: 2, arbitrary: fc.constantFrom(...ACCEPTS) },
    ),
    raw: fc.nat({ max: 11 }),
  })
  .chain((op) =>
    op.transport === 'ws' && op.auth.k === 'header'
      ? fc
          .oneof(fc.constantFrom(...WS_PARAMS), fc.constant({ authorization: op.auth.value }))
          .map((params): Op => ({ ...op, auth: { k: 'wsParams', params } }))
      : fc.constant(op),
  );

// ---------------------------------------------------------------------------------------------
// Running an operation and judging the answer.

interface Outcome {
  /** Why this answer breaks the contract (5xx, internal error, hang, dropped connection), or null. */
  failure: string | null;
  status: number | string;
}

interface Figures {
  sent: Record<Transport, number>;
  status: Record<string, number>;
  http5xx: number;
  internalErrors: number;
  hangs: number;
  dropped: number;
  clientRefused: number;
  wsCloses: Record<string, number>;
  wsConnections: number;
}

const figures: Figures = {
  sent: { post: 0, get: 0, ws: 0, sse: 0, raw: 0 },
  status: {},
  http5xx: 0,
  internalErrors: 0,
  hangs: 0,
  dropped: 0,
  clientRefused: 0,
  wsCloses: {},
  wsConnections: 0,
};

const INTERNAL_MESSAGE = 'Unexpected error.';

/** Every GraphQL error object found in a decoded payload (results, batches, stream events). */
function graphqlErrors(payload: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(payload)) for (const p of payload) graphqlErrors(p, out);
  else if (payload && typeof payload === 'object') {
    const p = payload as Record<string, unknown>;
    if (Array.isArray(p.errors))
      for (const e of p.errors) if (e && typeof e === 'object') out.push(e as Record<string, unknown>);
    if (p.payload) graphqlErrors(p.payload, out);
    if (Array.isArray(p.incremental)) graphqlErrors(p.incremental, out);
  }
  return out;
}

function internalError(errors: Record<string, unknown>[]): string | null {
  for (const e of errors) {
    const code = (e.extensions as Record<string, unknown> | undefined)?.code;
    if (code === 'INTERNAL_SERVER_ERROR' || e.message === INTERNAL_MESSAGE)
      return `internal error: ${JSON.stringify(e).slice(0, 300)}`;
  }
  return null;
}

/** Decodes a JSON, SSE or multipart body into its payloads; unparseable text is checked as text. */
function judgeText(text: string, contentType: string): string | null {
  const payloads: unknown[] = [];
  const tryParse = (s: string) => {
    try {
      payloads.push(JSON.parse(s));
    } catch {
      // not JSON: a plain-text or HTML answer
    }
  };
  if (contentType.includes('text/event-stream')) {
    for (const line of text.split('\n')) if (line.startsWith('data:')) tryParse(line.slice(5).trim());
  } else if (contentType.includes('multipart/mixed')) {
    for (const part of text.split(/\r?\n--[^\r\n]*\r?\n?/)) {
      const i = part.search(/\r?\n\r?\n/);
      tryParse(i >= 0 ? part.slice(i).trim() : part.trim());
    }
  } else tryParse(text);
  const found = internalError(graphqlErrors(payloads));
  if (found) return found;
  if (payloads.length === 0 && /INTERNAL_SERVER_ERROR|Unexpected error\./.test(text))
    return `internal error in a non-JSON body: ${text.slice(0, 200)}`;
  return null;
}

async function readWithin(res: Response, ms: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      reader.read(),
      new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), left);
      }),
    ]);
    clearTimeout(timer);
    if (next === 'timeout' || next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  await reader.cancel().catch(() => {});
  return text;
}

function authHeader(auth: Auth): string | null {
  if (auth.k === 'tenant') return `Bearer ${TOKENS[auth.tenant]}`;
  if (auth.k === 'header') return auth.value;
  return null;
}

function requestBody(op: Op): { body: string; contentType: string | null } {
  const { doc } = op;
  const vars = doc.variables === null ? '' : `,"variables":${doc.variables}`;
  const name = doc.operationName === null ? '' : `,"operationName":${JSON.stringify(doc.operationName)}`;
  const normal = `{"query":${JSON.stringify(doc.query)}${vars}${name}}`;
  const json = 'application/json';
  switch (op.body) {
    case 'normal':
      return { body: normal, contentType: json };
    case 'batch':
      return { body: `[${normal},${normal}]`, contentType: json };
    case 'queryNumber':
      return { body: `{"query":42${vars}}`, contentType: json };
    case 'queryNull':
      return { body: `{"query":null${vars}}`, contentType: json };
    case 'varsString':
      return {
        body: `{"query":${JSON.stringify(doc.query)},"variables":${JSON.stringify(doc.variables ?? '{')}}`,
        contentType: json,
      };
    case 'varsArray':
      return { body: `{"query":${JSON.stringify(doc.query)},"variables":[1,2]}`, contentType: json };
    case 'varsNumber':
      return { body: `{"query":${JSON.stringify(doc.query)},"variables":7}`, contentType: json };
    case 'truncated':
      return { body: normal.slice(0, Math.max(1, Math.floor(normal.length / 2))), contentType: json };
    case 'empty':
      return { body: '', contentType: json };
    case 'notJson':
      return { body: doc.query, contentType: json };
    case 'graphqlContentType':
      return { body: doc.query, contentType: 'application/graphql' };
    case 'textPlain':
      return { body: normal, contentType: 'text/plain' };
    case 'noContentType':
      return { body: normal, contentType: null };
    case 'extensions':
      return {
        body: `{"query":${JSON.stringify(doc.query)}${vars},"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"},"__proto__":{"x":1}}}`,
        contentType: json,
      };
    case 'oversized':
      return {
        body: `{"query":${JSON.stringify(doc.query)},"pad":"${'x'.repeat(300_000)}"}`,
        contentType: json,
      };
    case 'duplicateKeys':
      return {
        body: `{"query":"{ __typename }","query":${JSON.stringify(doc.query)}${vars}}`,
        contentType: json,
      };
  }
}

function judgeHttp(status: number, text: string, contentType: string): Outcome {
  figures.status[status] = (figures.status[status] ?? 0) + 1;
  if (status >= 500) {
    figures.http5xx += 1;
    return { failure: `HTTP ${status}: ${text.slice(0, 300)}`, status };
  }
  const internal = judgeText(text, contentType);
  if (internal) {
    figures.internalErrors += 1;
    return { failure: internal, status };
  }
  return { failure: null, status };
}

/** A fetch that failed on our side (a header value fetch refuses to send) is not the server's doing. */
function isClientRefusal(error: unknown): boolean {
  // fetch refuses such a request before sending it, with a TypeError of its own; a request that was
  // sent and failed on the wire is a TypeError("fetch failed") with the network error as its cause.
  return error instanceof TypeError && (error as Error & { cause?: unknown }).cause === undefined;
}

async function sendHttp(app: TestApp, op: Op): Promise<Outcome> {
  const headers: Record<string, string> = {};
  const auth = authHeader(op.auth);
  if (auth !== null) headers.authorization = auth;
  const stream = op.transport === 'sse';
  if (stream) headers.accept = 'text/event-stream';
  else if (op.accept !== '') headers.accept = op.accept;
  let url = app.url;
  let init: RequestInit;
  if (op.transport === 'get') {
    const params = new URLSearchParams();
    if (op.body !== 'empty')
      params.set('query', op.body === 'duplicateKeys' ? '{ __typename }' : op.doc.query);
    if (op.body === 'duplicateKeys') params.append('query', op.doc.query);
    if (op.doc.variables !== null)
      params.set('variables', op.body === 'truncated' ? op.doc.variables.slice(1) : op.doc.variables);
    if (op.doc.operationName !== null) params.set('operationName', op.doc.operationName);
    if (op.body === 'extensions') params.set('extensions', '{"persistedQuery":1}');
    url = `${app.url}?${params}`;
    init = { method: 'GET', headers };
  } else {
    const { body, contentType } = requestBody(op);
    if (contentType !== null) headers['content-type'] = contentType;
    init = { method: 'POST', headers, body };
  }
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(OP_TIMEOUT_MS) });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') {
      figures.hangs += 1;
      return { failure: `no answer within ${OP_TIMEOUT_MS} ms`, status: 'hang' };
    }
    if (isClientRefusal(error)) {
      figures.clientRefused += 1;
      return { failure: null, status: 'client-refused' };
    }
    figures.dropped += 1;
    return { failure: `connection failed: ${String((error as Error).cause ?? error)}`, status: 'dropped' };
  }
  const contentType = res.headers.get('content-type') ?? '';
  const streaming = contentType.includes('text/event-stream') || contentType.includes('multipart/mixed');
  let text: string;
  try {
    text = await readWithin(res, streaming ? STREAM_LISTEN_MS : OP_TIMEOUT_MS);
  } catch (error) {
    figures.dropped += 1;
    return { failure: `body failed: ${String(error)}`, status: res.status };
  }
  return judgeHttp(res.status, text, contentType);
}

/** Raw HTTP/1.1 with what fetch refuses to send: control characters, bare LF, folded and duplicated headers. */
function rawRequest(app: TestApp, op: Op): Promise<Outcome> {
  const { host, port } = new URL(app.origin);
  const body = JSON.stringify({ query: op.doc.query });
  const key = `Bearer ${KEYS.acme}`;
  const variants = [
    `Authorization: Bearer \u0001\u0002\u007f\r\n`,
    `Authorization: Bearer key-acme-0123456789\u0000\r\n`,
    `Authorization: ${key}\r\nAuthorization: Bearer ${KEYS.globex}\r\n`,
    `Authorization: Bearer\r\n key-acme-0123456789\r\n`,
    `Authorization ${key}\r\n`,
    `Authorization: ${key}\n`,
    `Authorization: Bearer ${Buffer.from('ключ').toString('latin1')}\r\n`,
    `Authorization: ${key}\r\nContent-Length: 5\r\n`,
    `Authorization: ${key}\r\nTransfer-Encoding: chunked\r\n`,
    `X-Long: ${'a'.repeat(70_000)}\r\nAuthorization: ${key}\r\n`,
    `Authorization: ${key}\r\n`,
    `Authorization: Bearer ${'\u00ff'.repeat(30)}\r\n`,
  ];
  const headers = variants[op.raw % variants.length] as string;
  const request =
    `POST /graphql HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n${headers}` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      figures.hangs += 1;
      resolve({ failure: `raw request: no answer within ${OP_TIMEOUT_MS} ms`, status: 'hang' });
    }, OP_TIMEOUT_MS);
    socket.on('connect', () => socket.end(Buffer.from(request, 'latin1')));
    socket.on('data', (d) => {
      data += d.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0);
      if (status === 0) {
        // Node's parser may drop a connection whose headers it cannot parse without a word.
        figures.status['raw-closed'] = (figures.status['raw-closed'] ?? 0) + 1;
        resolve({ failure: null, status: 'raw-closed' });
        return;
      }
      const split = data.indexOf('\r\n\r\n');
      const head = data.slice(0, split);
      const contentType = /content-type: *([^\r\n]*)/i.exec(head)?.[1] ?? '';
      resolve(judgeHttp(status, split >= 0 ? data.slice(split + 4) : '', contentType));
    });
  });
}

// graphql-ws: a few long-lived clients, and short-lived ones for bad connection params.
const wsClients = new Map<string, Client>();

function newWsClient(app: TestApp, params: Record<string, unknown>, lazyCloseTimeout: number): Client {
  const client = createClient({
    url: app.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: true,
    lazyCloseTimeout,
    retryAttempts: 0,
    connectionParams: params,
    // Hostile inputs can make the server close a socket (frame too big); that is not our failure.
    shouldRetry: () => false,
  });
  client.on('connected', () => {
    figures.wsConnections += 1;
  });
  client.on('closed', (event) => {
    const code = String((event as { code?: number }).code ?? 'unknown');
    figures.wsCloses[code] = (figures.wsCloses[code] ?? 0) + 1;
  });
  return client;
}

/** graphql-ws' dispose rejects with the close event when the socket was refused while connecting. */
function disposeQuietly(client: Client): void {
  Promise.resolve(client.dispose()).catch(() => {});
}

function longLivedClient(app: TestApp, tenant: Tenant, lane: number): Client {
  const key = `${tenant}:${lane}`;
  let client = wsClients.get(key);
  if (!client) {
    client = newWsClient(app, { authorization: `Bearer ${TOKENS[tenant]}` }, 120_000);
    wsClients.set(key, client);
  }
  return client;
}

const INTERNAL_CLOSE_CODES = new Set([1011, 4500]);

function sendWs(app: TestApp, op: Op, lane: number): Promise<Outcome> {
  const shortLived = op.auth.k !== 'tenant';
  const client =
    op.auth.k === 'tenant'
      ? longLivedClient(app, op.auth.tenant, lane % 2)
      : newWsClient(app, op.auth.k === 'wsParams' ? op.auth.params : {}, 0);
  let variables: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = op.doc.variables === null ? undefined : JSON.parse(op.doc.variables);
    // graphql-ws closes the whole socket (4400) for variables that are not an object: keep them objects.
    variables =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined;
  } catch {
    variables = undefined;
  }
  const isStream = op.doc.kind === 'subscription' || /^\s*subscription\b/.test(op.doc.query);
  try {
    JSON.stringify(variables);
  } catch {
    // Too deep for the client library to serialize (JSON.stringify recursion): send the frame by hand.
    if (shortLived) disposeQuietly(client);
    return sendRawWs(app, op, isStream);
  }
  return new Promise((resolve) => {
    let settled = false;
    let unsubscribe: () => void = () => {};
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      if (shortLived) disposeQuietly(client);
      figures.status[`ws:${outcome.status}`] = (figures.status[`ws:${outcome.status}`] ?? 0) + 1;
      resolve(outcome);
    };
    const timer = setTimeout(
      () => {
        if (isStream) finish({ failure: null, status: 'listened' });
        else {
          figures.hangs += 1;
          finish({ failure: `ws: no answer within ${OP_TIMEOUT_MS} ms`, status: 'hang' });
        }
      },
      isStream ? STREAM_LISTEN_MS : OP_TIMEOUT_MS,
    );
    const judgeErrors = (errors: Record<string, unknown>[]): string | null => {
      const found = internalError(errors);
      if (found) figures.internalErrors += 1;
      return found;
    };
    unsubscribe = client.subscribe(
      {
        query: op.doc.query,
        variables,
        ...(op.doc.operationName ? { operationName: op.doc.operationName } : {}),
      },
      {
        next: (value) => {
          const found = judgeErrors(graphqlErrors(value));
          if (found) finish({ failure: found, status: 'next' });
          else if (!isStream) {
            // A query or mutation answers once, then completes.
          }
        },
        error: (error: unknown) => {
          if (Array.isArray(error)) {
            const found = judgeErrors(error as Record<string, unknown>[]);
            finish({ failure: found, status: 'error' });
            return;
          }
          const code = (error as { code?: number } | null)?.code;
          if (typeof code === 'number') {
            if (INTERNAL_CLOSE_CODES.has(code)) {
              figures.internalErrors += 1;
              finish({
                failure: `ws closed with ${code}: ${(error as { reason?: string }).reason ?? ''}`,
                status: `close-${code}`,
              });
            } else finish({ failure: null, status: `close-${code}` });
            return;
          }
          figures.dropped += 1;
          finish({ failure: `ws error: ${String(error)}`, status: 'ws-error' });
        },
        complete: () => finish({ failure: null, status: 'complete' }),
      },
    );
  });
}

/** graphql-transport-ws spoken by hand, for frames the client library cannot build (deep variables). */
function sendRawWs(app: TestApp, op: Op, isStream: boolean): Promise<Outcome> {
  const socket = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const auth = op.auth.k === 'tenant' ? { authorization: `Bearer ${TOKENS[op.auth.tenant]}` } : {};
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      figures.status[`ws:${outcome.status}`] = (figures.status[`ws:${outcome.status}`] ?? 0) + 1;
      resolve(outcome);
    };
    const timer = setTimeout(
      () =>
        isStream
          ? finish({ failure: null, status: 'listened' })
          : finish({ failure: `raw ws: no answer within ${OP_TIMEOUT_MS} ms`, status: 'hang' }),
      isStream ? STREAM_LISTEN_MS : OP_TIMEOUT_MS,
    );
    socket.on('open', () => {
      figures.wsConnections += 1;
      socket.send(JSON.stringify({ type: 'connection_init', payload: auth }));
    });
    socket.on('message', (data) => {
      let message: { type?: string; payload?: unknown };
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (message.type === 'connection_ack') {
        socket.send(
          `{"id":"1","type":"subscribe","payload":{"query":${JSON.stringify(op.doc.query)},"variables":${op.doc.variables}}}`,
        );
      } else if (message.type === 'next' || message.type === 'error') {
        const found = internalError(
          graphqlErrors(message.type === 'error' ? { errors: message.payload } : message.payload),
        );
        if (found) figures.internalErrors += 1;
        if (found || message.type === 'error') finish({ failure: found, status: message.type });
      } else if (message.type === 'complete') finish({ failure: null, status: 'complete' });
    });
    socket.on('error', () => {});
    socket.on('close', (code) => {
      figures.wsCloses[code] = (figures.wsCloses[code] ?? 0) + 1;
      if (INTERNAL_CLOSE_CODES.has(code)) {
        figures.internalErrors += 1;
        finish({ failure: `raw ws closed with ${code}`, status: `close-${code}` });
      } else finish({ failure: null, status: `close-${code}` });
    });
  });
}

let theApp: TestApp;
let lane = 0;

async function runOp(op: Op): Promise<Outcome> {
  figures.sent[op.transport] += 1;
  if (op.transport === 'ws') return sendWs(theApp, op, lane++);
  if (op.transport === 'raw') return rawRequest(theApp, op);
  return sendHttp(theApp, op);
}

interface Failure {
  seed: number;
  index: number;
  failure: string;
  /** Transport, body, operation type, answer and failure, numbers blanked: one shrink per signature. */
  signature: string;
}

function signature(op: Op, outcome: Outcome): string {
  let variables = 'none';
  if (op.doc.variables !== null) {
    try {
      JSON.parse(op.doc.variables);
      variables = 'json';
    } catch {
      variables = 'not-json';
    }
  }
  const kind = /^\s*(query|mutation|subscription)\b/.exec(op.doc.query)?.[1] ?? op.doc.kind;
  return [op.transport, op.body, kind, variables, outcome.status, outcome.failure?.replace(/\d+/g, '#')].join(
    ' ',
  );
}

function describeOp(op: Op): string {
  const clip = (s: string | null, n: number) =>
    s === null ? null : s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s;
  return JSON.stringify(
    {
      transport: op.transport,
      auth:
        op.auth.k === 'tenant'
          ? op.auth.tenant
          : op.auth.k === 'header'
            ? clip(op.auth.value, 80)
            : op.auth.params,
      body: op.body,
      accept: op.accept,
      raw: op.transport === 'raw' ? op.raw : undefined,
      query: clip(op.doc.query, 1500),
      variables: clip(op.doc.variables, 1500),
      operationName: op.doc.operationName,
    },
    null,
    2,
  );
}

/** Runs `ops` with a fixed number of workers; returns the failures with their index. */
async function runPool(ops: Op[], seed: number, failures: Failure[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= ops.length) return;
      const op = ops[index] as Op;
      const outcome = await runOp(op);
      if (outcome.failure)
        failures.push({ seed, index, failure: outcome.failure, signature: signature(op, outcome) });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function health(): Promise<number> {
  try {
    return (await fetch(`${theApp.origin}/health`, { signal: AbortSignal.timeout(5_000) })).status;
  } catch {
    return 0;
  }
}

interface Settled {
  rss: number;
  heapUsed: number;
}

/**
 * yoga keeps the last 1,024 documents that parsed and the last 1,024 that did not (an LRU per kind,
 * keyed by the document text, bounded by count and not by size; see the report). The fuzz sends
 * documents of up to LIMIT_BODY_BYTES, so those caches alone hold tens of MB that depend only on
 * what the last 2,048 documents were. To see growth that is not theirs, both readings are taken with
 * the caches refilled by tiny documents; the readings before the refill are printed as well.
 */
async function flushDocumentCaches(): Promise<void> {
  const send = (query: string) =>
    fetch(theApp.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.acme}` },
      body: JSON.stringify({ query }),
    }).then((r) => r.arrayBuffer());
  for (let i = 0; i < 1_100; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, j) =>
        Promise.all([send(`{ f${i + j}: __typename }`), send(`{ f${i + j}`)]),
      ),
    );
  }
}

/** Memory after full collections, the least of a few readings (RSS lags behind the heap it backs). */
async function settledMemory(readings = 5): Promise<Settled> {
  let rss = Number.POSITIVE_INFINITY;
  let heapUsed = Number.POSITIVE_INFINITY;
  for (let i = 0; i < readings; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 200));
    const m = process.memoryUsage();
    rss = Math.min(rss, m.rss);
    heapUsed = Math.min(heapUsed, m.heapUsed);
  }
  return { rss, heapUsed };
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
/**
 * A full collection without `--expose-gc` on the command line: the flag can be set at run time and the
 * `gc` function taken from a fresh context. RSS is only comparable between two collected heaps.
 */
const gc: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

// ---------------------------------------------------------------------------------------------

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => {
  unhandled.push(reason);
};

/** The identity provider of initech: a key pair, its PEM for JWT_PUBLIC_KEY, and hostile tokens. */
async function setUpJwt(): Promise<string> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256');
  const now = Math.floor(Date.now() / 1000);
  const base = { iss: JWT_ISSUER, aud: JWT_AUDIENCE, sub: 'fuzz', iat: now, exp: now + 3600 };
  const signWith = (
    key: CryptoKey | Uint8Array,
    claims: Record<string, unknown>,
    header: Record<string, unknown> = {},
  ) => new SignJWT({ ...base, ...claims }).setProtectedHeader({ alg: 'RS256', ...header }).sign(key);
  TOKENS.initech = await signWith(pair.privateKey, {
    tenant: 'initech',
    scope: 'tasks:read tasks:write search vendor:shared',
  });
  const pem = await exportSPKI(pair.publicKey);
  const all = 'tasks:read tasks:write search vendor:shared';
  hostileJwts.push(
    await signWith(other.privateKey, { tenant: 'acme', scope: all }),
    await signWith(pair.privateKey, { tenant: 'acme', scope: all, exp: now - 100 }),
    await signWith(pair.privateKey, { tenant: 'acme', scope: all, nbf: now + 3600 }),
    await signWith(pair.privateKey, { tenant: 'acme', scope: all, iss: 'https://evil/' }),
    await signWith(pair.privateKey, { tenant: 'acme', scope: all, aud: ['other'] }),
    await signWith(pair.privateKey, { tenant: 123 }),
    await signWith(pair.privateKey, { tenant: '' }),
    await signWith(pair.privateKey, { tenant: '../globex' }),
    await signWith(pair.privateKey, { tenant: 'x'.repeat(65) }),
    await signWith(pair.privateKey, { scope: all }),
    await signWith(pair.privateKey, { tenant: 'globex', scope: ['tasks:read', 42, null, {}] }),
    await signWith(pair.privateKey, { tenant: 'globex', scp: { a: 1 } }),
    await signWith(pair.privateKey, { tenant: 'globex', scope: `${all} admin root` }),
    await signWith(pair.privateKey, { tenant: 'globex', scope: all, exp: '9999999999' }),
    await signWith(pair.privateKey, { tenant: 'globex', scope: all, exp: 1e20 }),
    await signWith(pair.privateKey, { tenant: 'globex', scope: all, exp: now + 3600.5 }),
    await signWith(pair.privateKey, { tenant: '__proto__', scope: all }),
    await signWith(pair.privateKey, { tenant: 'constructor', scope: all }),
    await signWith(pair.privateKey, { tenant: 'globex', pad: 'p'.repeat(30_000) }),
    await signWith(pair.privateKey, { tenant: 'globex' }, { crit: ['b64'], b64: true }),
    await signWith(pair.privateKey, { tenant: 'globex' }, { kid: '../../../etc/passwd' }),
    await new SignJWT({ ...base, tenant: 'acme', scope: all })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(pem)),
    `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify({ ...base, tenant: 'acme', scope: all }))}.`,
    `${b64url('{"alg":"RS256"}')}.${b64url('not json')}.AAAA`,
    `${b64url('{"alg":"RS256"}')}.${b64url('[1,2,3]')}.AAAA`,
    `${b64url('"RS256"')}.${b64url('{}')}.AAAA`,
    `${b64url('{"alg":"RS256"}')}.${b64url('{}')}.${'A'.repeat(5_000)}`,
    `${TOKENS.initech.slice(0, -4)}AAAA`,
  );
  return pem;
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const pem = await setUpJwt();
  theApp = await startApp({
    API_KEYS: `acme:${KEYS.acme},globex:${KEYS.globex}`,
    JWT_PUBLIC_KEY: pem,
    JWT_ISSUER,
    JWT_AUDIENCE,
  });
  // Real tasks of every tenant, so that generated ids include live ones (own and foreign).
  for (const tenant of ['acme', 'globex', 'initech'] as const) {
    const opts = { token: TOKENS[tenant] };
    const started = await Promise.all([
      executeOk(
        theApp.url,
        StartPatentExport,
        { input: { queryText: 'TTL:car', fields: ['PN'], exportType: 'CSV', rows: 10 } },
        opts,
      ).then((d) => d.startPatentExport.task.id),
      executeOk(
        theApp.url,
        StartEnterpriseReport,
        { input: { companyName: 'ACME', reportType: 'PDF' } },
        opts,
      ).then((d) => d.startEnterpriseReport.task.id),
    ]);
    realIds.push(...started);
    if (tenant === 'initech') {
      realIds.push(
        (await executeOk(theApp.url, StartDataTrackDownload, { input: { orderId: '4061234' } }, opts))
          .startDataTrackDownload.task.id,
        (
          await executeOk(
            theApp.url,
            StartQueryResultDownload,
            { input: { taskId: '20aadca2d4b511ef9ffa525400ba9019' } },
            opts,
          )
        ).startQueryResultDownload.task.id,
      );
    }
    const page = await executeOk(theApp.url, ListTasks, { first: 2 }, opts);
    for (const edge of page.tasks.edges) realCursors.push(edge.cursor);
  }
});

afterAll(async () => {
  for (const client of wsClients.values()) await client.dispose();
  await theApp?.close();
  removeTempDirs();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

describe('schema-aware fuzzing of the gateway', () => {
  it(`answers ${TOTAL_OPS} hostile operations without a 5xx, an internal error, a crash or growth`, async () => {
    const started = Date.now();
    const failures: Failure[] = [];
    const chunks = Math.ceil(TOTAL_OPS / CHUNK);
    const warmupChunks = Math.ceil(WARMUP_OPS / CHUNK);
    let before: Settled = { rss: 0, heapUsed: 0 };
    let rawBefore: Settled = before;
    let healthDuring = 200;
    for (let c = 0; c < chunks; c++) {
      if (c === warmupChunks) {
        rawBefore = await settledMemory(2);
        await flushDocumentCaches();
        before = await settledMemory();
      }
      await runPool(fc.sample(opArb, { seed: SEED + c, numRuns: CHUNK }), SEED + c, failures);
      const h = await health();
      if (h !== 200) healthDuring = h;
    }
    const fuzzMs = Date.now() - started;
    // Let the tasks the fuzz started finish, then measure.
    await new Promise((r) => setTimeout(r, 500));
    const rawAfter = await settledMemory(2);
    await flushDocumentCaches();
    const after = await settledMemory();
    const finalHealth = await health();
    // The figures of the run itself (shrinking below sends more).
    const totals: Figures = structuredClone(figures);
    const sentTotal = Object.values(totals.sent).reduce((a, b) => a + b, 0);

    // Shrink the first failure of each signature to a minimal operation (same seed, its index as path).
    const bySignature = new Map<string, Failure[]>();
    for (const f of failures) bySignature.set(f.signature, [...(bySignature.get(f.signature) ?? []), f]);
    const minimal: string[] = [];
    // Round-robin over transports (the signature starts with it), so that one bug seen on many
    // variants of one transport does not take every shrink.
    const queues = new Map<string, [string, Failure[]][]>();
    for (const entry of bySignature) {
      const transport = entry[0].split(' ')[0] ?? '';
      queues.set(transport, [...(queues.get(transport) ?? []), entry]);
    }
    const toShrink: [string, Failure[]][] = [];
    while (toShrink.length < MAX_SHRINKS && [...queues.values()].some((q) => q.length > 0)) {
      for (const q of queues.values()) {
        const next = q.shift();
        if (next && toShrink.length < MAX_SHRINKS) toShrink.push(next);
      }
    }
    for (const [sig, list] of toShrink) {
      const first = list[0] as Failure;
      const result = await fc.check(
        fc.asyncProperty(opArb, async (op) => (await runOp(op)).failure === null),
        { seed: first.seed, path: String(first.index), interruptAfterTimeLimit: SHRINK_TIME_LIMIT_MS },
      );
      const counterexample = result.counterexample?.[0];
      minimal.push(
        `${first.failure} (${list.length}x: ${sig})\n  minimal operation (seed ${first.seed}, path ${result.counterexamplePath}):\n${
          counterexample ? describeOp(counterexample) : '(did not reproduce)'
        }`,
      );
    }

    console.log(
      [
        'graphql fuzz figures',
        `  operations: ${sentTotal} in ${(fuzzMs / 1000).toFixed(1)} s (${JSON.stringify(totals.sent)})`,
        `  ws connections opened: ${totals.wsConnections}, closes by code: ${JSON.stringify(totals.wsCloses)}`,
        `  answers: ${JSON.stringify(totals.status)}`,
        `  HTTP 5xx: ${totals.http5xx}, internal errors: ${totals.internalErrors}, hangs: ${totals.hangs}, dropped: ${totals.dropped}, refused by the client library: ${totals.clientRefused}`,
        `  unhandled rejections/exceptions: ${unhandled.length} ${unhandled
          .slice(0, 5)
          .map((u) => inspect(u, { depth: 2 }).slice(0, 800))
          .join('\n')}`,
        `  RSS: ${mb(before.rss)} MB after warm-up -> ${mb(after.rss)} MB at the end (${mb(after.rss - before.rss)} MB; forced gcs, yoga's document caches refilled with tiny documents); heap used ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} MB`,
        `  the same with those caches full of fuzz documents: RSS ${mb(rawBefore.rss)} -> ${mb(rawAfter.rss)} MB, heap used ${mb(rawBefore.heapUsed)} -> ${mb(rawAfter.heapUsed)} MB`,
        `  /health during: ${healthDuring}, at the end: ${finalHealth}`,
        `  distinct failure signatures: ${bySignature.size}`,
        ...[...bySignature.entries()].map(([sig, list]) => `    ${list.length}x ${sig.slice(0, 160)}`),
        ...minimal.map((m) => `  FAILURE ${m}`),
      ].join('\n'),
    );

    expect(sentTotal).toBeGreaterThanOrEqual(Math.min(TOTAL_OPS, 10_000));
    expect(totals.sent.post).toBeGreaterThan(TOTAL_OPS / 10);
    expect(totals.sent.get).toBeGreaterThan(TOTAL_OPS / 10);
    expect(totals.sent.ws).toBeGreaterThan(TOTAL_OPS / 10);
    expect(minimal, 'minimal failing operations').toEqual([]);
    expect(totals.http5xx).toBe(0);
    expect(totals.internalErrors).toBe(0);
    expect(totals.hangs).toBe(0);
    expect(totals.dropped).toBe(0);
    expect(unhandled.map((u) => inspect(u, { depth: 1 }))).toEqual([]);
    expect(healthDuring).toBe(200);
    expect(finalHealth).toBe(200);
    expect(after.rss - before.rss).toBeLessThan(50 * 1024 * 1024);
  }, 240_000);
});
