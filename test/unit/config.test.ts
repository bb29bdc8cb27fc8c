import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('has the contract defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databasePath).toBe('./data/gateway.db');
    expect(config.poll).toMatchObject({ initialMs: 1000, maxMs: 30_000 });
    expect(config.patsnap).toMatchObject({ baseUrl: 'https://connect.patsnap.com', qps: 5, sandbox: true });
    expect(config.sandboxTaskMs).toBe(6000);
    expect(config.apiKeys).toBeNull();
  });

  it('uses the live vendor when credentials are set and SANDBOX=auto', () => {
    expect(loadConfig({ PATSNAP_API_KEY: 'sk-x' }).patsnap.sandbox).toBe(false);
    expect(loadConfig({ PATSNAP_API_KEY: 'sk-x', SANDBOX: 'on' }).patsnap.sandbox).toBe(true);
    expect(loadConfig({ SANDBOX: 'off' }).patsnap.sandbox).toBe(false);
  });

  it('sandboxes each cloud vendor without credentials, with the documented defaults', () => {
    const config = loadConfig({ ALIYUN_ACCESS_KEY_ID: 'id', ALIYUN_ACCESS_KEY_SECRET: 'secret' });
    expect(config.aliyunDms).toMatchObject({
      endpoint: 'https://dms-enterprise.cn-hangzhou.aliyuncs.com',
      qps: 10,
      sandbox: false,
    });
    expect(config.tencentDlc).toMatchObject({
      endpoint: 'https://dlc.tencentcloudapi.com',
      region: 'ap-guangzhou',
      qps: 20,
      sandbox: true,
    });
  });

  it('parses API_KEYS into key -> tenant', () => {
    const keys = loadConfig({ API_KEYS: 'acme:k1, globex:k2' }).apiKeys;
    expect(keys?.get('k1')).toBe('acme');
    expect(keys?.get('k2')).toBe('globex');
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
