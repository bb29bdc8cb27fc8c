import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type Config, ConfigError, loadConfig } from '../../src/config.js';
import { removeTempDirs, tenantsFile } from '../support/temp-files.js';

const PEM = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

const modes = (config: Config) => Object.fromEntries(config.vendors.map((v) => [v.vendor, v.mode]));

describe('config', () => {
  afterAll(() => removeTempDirs());

  it('has the contract defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databasePath).toBe('./data/gateway.db');
    expect(config.poll).toMatchObject({ initialMs: 1000, maxMs: 30_000 });
    expect(modes(config)).toEqual({ PATSNAP: 'SANDBOX', ALIYUN_DMS: 'SANDBOX', TENCENT_DLC: 'SANDBOX' });
    expect(config.vendors.map((v) => [v.vendor, v.ratePerSecond, v.timeoutMs])).toEqual([
      ['PATSNAP', 5, 10_000],
      ['ALIYUN_DMS', 10, 10_000],
      ['TENCENT_DLC', 20, 10_000],
    ]);
    expect(config.sandboxTaskMs).toBe(6000);
    expect(config.auth).toEqual({ mode: 'none' });
    expect(config.tenants.hasKeys).toBe(false);
  });

  it('uses the live vendor when credentials are set and SANDBOX=auto', () => {
    expect(modes(loadConfig({ PATSNAP_API_KEY: 'sk-x' })).PATSNAP).toBe('LIVE');
    expect(modes(loadConfig({ PATSNAP_API_KEY: 'sk-x', SANDBOX: 'on' })).PATSNAP).toBe('SANDBOX');
    expect(modes(loadConfig({ SANDBOX: 'off' })).PATSNAP).toBe('NOT_CONFIGURED');
  });

  it('sandboxes each cloud vendor without credentials', () => {
    const config = loadConfig({ ALIYUN_ACCESS_KEY_ID: 'id', ALIYUN_ACCESS_KEY_SECRET: 'secret' });
    expect(modes(config)).toMatchObject({ ALIYUN_DMS: 'LIVE', TENCENT_DLC: 'SANDBOX' });
  });

  it('parses API_KEYS into key -> tenant', () => {
    const { tenants, auth } = loadConfig({ API_KEYS: 'acme:k1, globex:k2' });
    expect(auth.mode).toBe('verify');
    expect(tenants.byKey('k1')?.name).toBe('acme');
    expect(tenants.byKey('k2')?.name).toBe('globex');
    expect(tenants.byKey('k3')).toBeNull();
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: must be between 0 and 65535/],
    [{ SANDBOX: 'maybe' }, /^SANDBOX: must be one of auto, on, off/],
    [{ PATSNAP_QPS: '0' }, /^PATSNAP_QPS: must be a positive number/],
    [{ PATSNAP_BASE_URL: 'not a url' }, /^PATSNAP_BASE_URL: must be an absolute URL/],
    [{ API_KEYS: 'nocolon' }, /^API_KEYS: each entry must be tenant:key/],
    [{ API_KEYS: 'a:k,b:k' }, /^API_KEYS: a key is listed twice/],
    [{ POLL_INITIAL_MS: '5000', POLL_MAX_MS: '1000' }, /^POLL_MAX_MS: /],
    [{ PATSNAP_CLIENT_ID: 'id' }, /^PATSNAP_CLIENT_SECRET: /],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ ALIYUN_ACCESS_KEY_ID: 'LTAI' }, /^ALIYUN_ACCESS_KEY_SECRET: /],
    [{ TENCENT_SECRET_KEY: 'k' }, /^TENCENT_SECRET_KEY: TENCENT_SECRET_ID and TENCENT_SECRET_KEY/],
    [{ TENCENT_REGION: 'Guangzhou' }, /^TENCENT_REGION: must be a region/],
    [{ TENCENT_DLC_QPS: '-1' }, /^TENCENT_DLC_QPS: /],
    [{ API_KEYS: '' }, /^API_KEYS: is empty/],
    [{ API_KEYS: '  ' }, /^API_KEYS: is empty/],
    [{ API_KEYS: 'a:k1', TENANTS_FILE: '/tmp/tenants.json' }, /^TENANTS_FILE: set together with API_KEYS/],
    [{ NODE_ENV: 'production' }, /^AUTH: NODE_ENV=production needs API_KEYS, TENANTS_FILE or JWT_/],
    [{ AUTH: 'none', API_KEYS: 'a:k1' }, /^AUTH: none contradicts/],
    [{ AUTH: 'off' }, /^AUTH: must be none/],
    [{ NODE_ENV: 'production', AUTH: 'none', SANDBOX: 'on' }, /^SANDBOX_SECRET: must be set/],
    [{ NODE_ENV: 'staging', API_KEYS: 'a:k1' }, /^SANDBOX_SECRET: must be set/],
    [{ CORS_ORIGINS: 'https://app.example.com/path' }, /^CORS_ORIGINS: must be comma-separated origins/],
    [{ CORS_ORIGINS: '*' }, /^CORS_ORIGINS: /],
    [{ GRAPHIQL: 'yes' }, /^GRAPHIQL: must be on or off/],
    [{ SANDBOX_CONTROL_TOKEN: 'short' }, /^SANDBOX_CONTROL_TOKEN: must be at least 16/],
    [{ JWT_PUBLIC_KEY: 'not a key' }, /^JWT_PUBLIC_KEY: must be a PEM public key/],
    [{ JWT_JWKS_URL: 'ftp://idp.example/jwks' }, /^JWT_JWKS_URL: /],
    [{ JWT_JWKS_URL: 'https://idp.example/jwks', JWT_PUBLIC_KEY: PEM }, /^JWT_PUBLIC_KEY: set together with/],
    [
      { TENANTS_FILE: '/nonexistent/tenants.json' },
      /^TENANTS_FILE: cannot read \/nonexistent\/tenants.json \(ENOENT\)/,
    ],
  ])('rejects %o with one line naming the variable', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('tenants, authentication and production defaults', () => {
  it('production: SANDBOX=auto sandboxes nothing, GraphiQL is off, AUTH=none is explicit', () => {
    const config = loadConfig({ NODE_ENV: 'production', AUTH: 'none' });
    expect(config.production).toBe(true);
    expect(config.auth).toEqual({ mode: 'none' });
    expect(modes(config)).toEqual({
      PATSNAP: 'NOT_CONFIGURED',
      ALIYUN_DMS: 'NOT_CONFIGURED',
      TENCENT_DLC: 'NOT_CONFIGURED',
    });
    expect(config.graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', AUTH: 'none', GRAPHIQL: 'on' }).graphiql).toBe(true);
    const sandboxed = loadConfig({
      NODE_ENV: 'production',
      AUTH: 'none',
      SANDBOX: 'on',
      SANDBOX_SECRET: 'a-secret-of-this-deployment',
    });
    expect(modes(sandboxed).TENCENT_DLC).toBe('SANDBOX');
    expect(sandboxed.sandboxSecret).toBe('a-secret-of-this-deployment');
  });

  it('development without any credentials runs open; CORS_ORIGINS is a list of exact origins', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example.com, http://localhost:5173' });
    expect(config.auth).toEqual({ mode: 'none' });
    expect(config.graphiql).toBe(true);
    expect(config.corsOrigins).toEqual(['https://a.example.com', 'http://localhost:5173']);
    expect(config.sandboxControlToken).toBeNull();
  });

  it('API_KEYS: the only tenant also gets vendor:shared; several tenants do not', () => {
    expect([...(loadConfig({ API_KEYS: 'acme:k1' }).tenants.byKey('k1')?.scopes ?? [])]).toEqual([
      'tasks:read',
      'tasks:write',
      'search',
      'vendor:shared',
    ]);
    const two = loadConfig({ API_KEYS: 'acme:k1,globex:k2' }).tenants;
    expect(two.byKey('k2')?.scopes.has('vendor:shared')).toBe(false);
  });

  it('TENANTS_FILE: hashed and plain keys, scopes, own vendor credentials and limits', () => {
    const hashed = 'a-key-of-acme-0123456789';
    const path = tenantsFile({
      tenants: {
        acme: {
          keys: [`sha256:${createHash('sha256').update(hashed).digest('hex')}`],
          scopes: ['tasks:read', 'search'],
          vendors: {
            TENCENT_DLC: { TENCENT_SECRET_ID: 'AKIDacme', TENCENT_SECRET_KEY: 'secret', TENCENT_DLC_QPS: 5 },
            PATSNAP: { PATSNAP_API_KEY: 'sk-acme' },
          },
          limits: { requestsPerMinute: 600, activeTasks: 1000, subscriptions: 100 },
        },
        globex: { keys: ['a-plain-key-of-globex-01'], scopes: ['tasks:read'] },
      },
    });
    const config = loadConfig({ TENANTS_FILE: path });
    expect(config.auth.mode).toBe('verify');
    const acme = config.tenants.byKey(hashed);
    expect(acme?.name).toBe('acme');
    expect([...(acme?.scopes ?? [])]).toEqual(['tasks:read', 'search']);
    // Checked by each vendor module, kept as written: the module reads them again when configured.
    expect(acme?.vendors.TENCENT_DLC).toEqual({
      TENCENT_SECRET_ID: 'AKIDacme',
      TENCENT_SECRET_KEY: 'secret',
      TENCENT_DLC_QPS: 5,
    });
    expect(acme?.vendors.PATSNAP).toEqual({ PATSNAP_API_KEY: 'sk-acme' });
    expect(acme?.limits).toEqual({ requestsPerMinute: 600, activeTasks: 1000, subscriptions: 100 });
    expect(config.tenants.byKey('a-plain-key-of-globex-01')?.name).toBe('globex');
    // A hash is not a key: presenting the stored digest itself is refused.
    expect(config.tenants.byKey(`sha256:${createHash('sha256').update(hashed).digest('hex')}`)).toBeNull();
  });

  it('TENANTS_FILE: every mistake on a line of its own, naming the file and the place', () => {
    const path = tenantsFile({
      tenants: {
        'bad name!': { keys: ['a-plain-key-of-globex-01'], scopes: ['tasks:read'] },
        acme: {
          keys: ['sha256:1234', 'short'],
          scopes: ['tasks:read', 'admin'],
          vendors: { TENCENT_DLC: { TENCENT_SECRET_ID: 'AKID' }, AWS: {} },
          limits: { activeTasks: -1 },
        },
      },
    });
    let error: unknown;
    try {
      loadConfig({ TENANTS_FILE: path });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) expect(line.startsWith(`TENANTS_FILE (${path}): `)).toBe(true);
    const text = lines.join('\n');
    expect(text).toContain('tenants.bad name!');
    expect(text).toContain('tenants.acme.keys.0');
    expect(text).toContain('tenants.acme.keys.1');
    expect(text).toContain(
      'tenants.acme.scopes.1: must be one of tasks:read, tasks:write, search, vendor:shared',
    );
    expect(text).toContain('tenants.acme.vendors.TENCENT_DLC.TENCENT_SECRET_KEY');
    expect(text).toContain('tenants.acme.limits.activeTasks: must be positive');
  });

  it('TENANTS_FILE: not JSON, or no key and no JWT, stops start-up', () => {
    expect(() => loadConfig({ TENANTS_FILE: tenantsFile('{ tenants: ') })).toThrow(/not valid JSON/);
    expect(() =>
      loadConfig({ TENANTS_FILE: tenantsFile({ tenants: { a: { scopes: ['search'] } } }) }),
    ).toThrow(/nobody could sign in/);
    // With a JWT issuer the file may describe tenants without keys (their credentials and limits).
    const config = loadConfig({
      TENANTS_FILE: tenantsFile({ tenants: { a: { scopes: ['search'] } } }),
      JWT_PUBLIC_KEY: PEM,
    });
    expect(config.auth).toMatchObject({ mode: 'verify', jwt: { tenantClaim: 'tenant' } });
    expect(config.tenants.get('a')?.scopes.has('search')).toBe(true);
  });
});
