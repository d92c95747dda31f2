import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAmwServer, type AmwServer } from '../../../server/automaticworker/server';
import type { BackendContext } from '../descriptor';
import { BackendError } from '../types';
import { automaticworkerDescriptor as d } from './descriptor';

let server: AmwServer;
function ctx(): BackendContext & { store: Map<string, string> } {
  const store = new Map<string, string>();
  return { connectionId: 'c1', store, secrets: { get: (k) => store.get(k) ?? null, set: (k, v) => void store.set(k, v), delete: (k) => void store.delete(k) } };
}

beforeEach(async () => {
  server = await startAmwServer({ port: 0, rateLimit: false });
});
afterEach(async () => {
  await server.close();
});

describe('AutoMaticWorker descriptor', () => {
  it('validates settings before any request', () => {
    expect(d.validateSettings!({ baseUrl: 'ftp://x', username: '' })).toEqual({
      baseUrl: 'connections:form.problems.urlScheme',
      username: 'settings.username.required',
    });
    expect(d.validateSettings!({ baseUrl: 'http://127.0.0.1:1', username: 'a' })).toEqual({});
    expect(d.secretSettings).toEqual(['password']);
  });

  it('tests a connection: ok, a wrong password (auth stage), an unreachable server (reach stage)', async () => {
    const kept = ctx();
    kept.secrets.set('password', 'admin123');
    const ok = await d.testConnection({ baseUrl: server.url, username: 'admin' }, kept);
    // The test's token is thrown away; the connection's secret store keeps only its password.
    expect([...kept.store.keys()]).toEqual(['password']);
    expect(ok).toMatchObject({ ok: true });
    expect(ok.summary).toContain('12 node types');
    const auth = await d.testConnection({ baseUrl: server.url, username: 'admin', password: 'nope' }, ctx());
    expect(auth).toMatchObject({ ok: false, stage: 'auth' });
    expect((auth.error as BackendError).serverMessage).toBe('用户名或密码错误');
    const reach = await d.testConnection({ baseUrl: 'http://127.0.0.1:9', username: 'admin', password: 'x' }, ctx());
    expect(reach).toMatchObject({ ok: false, stage: 'reach' });
  });

  it('creates an adapter that keeps its token in the secret store and reuses it', async () => {
    const c = ctx();
    c.secrets.set('password', 'admin123');
    const a = await d.create({ baseUrl: server.url, username: 'admin', apiVersion: 'v1' }, c);
    expect(a.session!.isConnected()).toBe(false);
    expect(a.id).toBe('automaticworker:c1');
    expect((await a.listFlows()).total).toBe(2);
    const saved = JSON.parse(c.store.get('automaticworker.token')!) as { token: string };
    expect(a.session!.isConnected()).toBe(true);
    // A second adapter in the same tab, without the password: the stored token is enough.
    c.secrets.delete('password');
    const b = await d.create({ baseUrl: server.url, username: 'admin' }, c);
    expect((await b.getFlow('1')).flow.name).toBe('数据处理流程');
    expect(JSON.parse(c.store.get('automaticworker.token')!)).toEqual(expect.objectContaining({ token: saved.token }));
    const rows = await d.describe!(a);
    expect(rows[0]!.rows.find((r) => r.label === 'info.apiAddress')!.value).toBe(`${server.url}/api/v1`);
    await b.session!.disconnect();
    expect(c.store.has('automaticworker.token')).toBe(false);
  });
});
