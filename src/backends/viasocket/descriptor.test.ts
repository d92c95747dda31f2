import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startViasocketServer, type ViasocketServer } from '../../../server/viasocket/server';
import { BackendError } from '../types';
import { readSettings, tokenExpired, viasocketDescriptor } from './descriptor';

const ctx = { connectionId: 'c1', secrets: { get: () => null, set: () => undefined, delete: () => undefined } };
let server: ViasocketServer;
beforeEach(async () => {
  server = await startViasocketServer();
});
afterEach(async () => {
  await server.close();
});

describe('viaSocket descriptor', () => {
  it('defaults to the two production hosts and keeps the token secret', () => {
    expect(readSettings({ token: 't' })).toMatchObject({ baseUrl: 'https://flow-api.viasocket.com', runUrl: 'https://flow.sokt.io' });
    expect(viasocketDescriptor.defaults!()).toMatchObject({ baseUrl: 'https://flow-api.viasocket.com', runUrl: 'https://flow.sokt.io' });
    expect(viasocketDescriptor.secretSettings).toEqual(['token']);
    expect(viasocketDescriptor.validateSettings!({ baseUrl: 'ftp://x', runUrl: 'not a url' })).toEqual({ baseUrl: 'connections:form.problems.urlScheme', runUrl: 'connections:form.problems.urlInvalid' });
  });

  it('tests a connection: org details, a wrong token at the auth stage, an expired token without a request', async () => {
    const good = await viasocketDescriptor.testConnection({ baseUrl: server.url, runUrl: server.runUrl, token: server.token }, ctx);
    expect(good).toMatchObject({ ok: true, summary: 'viaSocket org 54490 · Flowbench Org' });
    const bad = await viasocketDescriptor.testConnection({ baseUrl: server.url, runUrl: server.runUrl, token: 'wrong' }, ctx);
    expect(bad).toMatchObject({ ok: false, stage: 'auth' });
    expect((bad.error as BackendError).serverMessage).toBe('Unauthorized');
    expect(tokenExpired(readSettings({ token: 't', tokenExpireAt: 1 }))).toBe(true);
    const expired = await viasocketDescriptor.testConnection({ baseUrl: server.url, runUrl: server.runUrl, token: server.token, tokenExpireAt: 1 }, ctx);
    expect(expired).toMatchObject({ ok: false, stage: 'auth' });
  });

  it('reads the token from the secret store when the settings do not carry it', async () => {
    const secrets = { get: (k: string) => (k === 'token' ? server.token : null), set: () => undefined, delete: () => undefined };
    const r = await viasocketDescriptor.testConnection({ baseUrl: server.url, runUrl: server.runUrl }, { connectionId: 'c2', secrets });
    expect(r.ok).toBe(true);
  });

  it('describes the connection: org, user, hosts, token expiry', async () => {
    const adapter = await viasocketDescriptor.create({ baseUrl: server.url, runUrl: server.runUrl, token: server.token }, ctx);
    const [section] = await viasocketDescriptor.describe!(adapter);
    expect(section!.rows.map((r) => r.label)).toEqual(['info.org', 'info.user', 'info.baseUrl', 'info.runUrl', 'info.tokenExpires']);
    expect(adapter.id).toBe('viasocket:c1');
    // The app wraps adapters with an object spread: every method must survive it.
    const wrapped = { ...adapter };
    expect(typeof wrapped.listFlows).toBe('function');
    expect((await wrapped.listFlows()).items).toEqual([]);
    expect(await viasocketDescriptor.describe!(wrapped)).toHaveLength(1);
  });
});
