import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVflowServer, type VflowServer } from '../../../server/vflow/server';
import { adapterForConnection, checkAdapter, forgetConnection, isConnected, resetAdapterCache, testDraftConnection } from './adapters';
import { addConnection, deleteConnection, switchToConnection } from './actions';
import { connectionsStore } from './store';

// Connections are generic; a real remote kind (the vFlow test server) stands in for any of them.
let server: VflowServer;
beforeAll(async () => {
  server = await startVflowServer({ port: 0, rateLimits: false, stepDelayMs: 10, delayScale: 0.05 });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const c of connectionsStore.getState().connections) connectionsStore.getState().remove(c.id);
  connectionsStore.getState().setActive('local');
  resetAdapterCache();
});

const settings = (over: Record<string, unknown> = {}) => ({ baseUrl: server.url, deviceName: 'Vitest', deviceId: `dev-${Math.random()}`, ...over });
const add = (name = 'Phone') => addConnection('vflow', { name, settings: settings() });

describe('connection adapters', () => {
  it('gives each connection its own adapter id and label, cached until its identity changes', async () => {
    const a = add('A');
    const b = add('B');
    const [aa, bb] = await Promise.all([adapterForConnection(a), adapterForConnection(b)]);
    expect(aa.id).toBe(`vflow:${a.id}`);
    expect(bb.id).toBe(`vflow:${b.id}`);
    expect(aa.label).toBe('A');
    expect(aa.capabilities.runNeedsSavedFlow).toBe(true);
    expect(await adapterForConnection(a)).toBe(aa);
    connectionsStore.getState().update(a.id, { name: 'A renamed', settings: { baseUrl: server.url, deviceName: 'Vitest' } });
    expect(aa.label).toBe('A renamed');
    const moved = connectionsStore.getState().update(a.id, { name: 'A renamed', settings: { baseUrl: `${server.url}/api/v1`, deviceName: 'Vitest' } });
    expect(await adapterForConnection(moved!)).not.toBe(aa);
  });

  it('connects through the session, and forgetting a connection ends it on the server', async () => {
    const conn = add();
    const adapter = await adapterForConnection(conn);
    expect(isConnected(adapter)).toBe(false);
    await switchToConnection(conn);
    expect(isConnected(adapter)).toBe(true);
    expect(connectionsStore.getState().active).toBe(`vflow:${conn.id}`);
    expect(JSON.stringify(adapter)).not.toMatch(/eyJ|"token"/);
    expect((await checkAdapter(adapter, conn)).ok).toBe(true);
    await deleteConnection(conn);
    expect(isConnected(adapter)).toBe(false);
    expect(connectionsStore.getState().active).toBe('local');
    const mine = [...server.state.tokens.values()].filter((t) => t.deviceId === conn.settings.deviceId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.revoked)).toBe(true);
    await forgetConnection(conn.id);
  });

  it('tests unsaved settings, and says where a failure happened', async () => {
    const ok = await testDraftConnection('vflow', settings());
    expect(ok).toMatchObject({ ok: true, serverVersion: '1.0.0', summary: 'Xiaomi Mi 14 · Android 14' });
    const down = await testDraftConnection('vflow', settings({ baseUrl: 'http://127.0.0.1:1' }));
    expect(down).toMatchObject({ ok: false, stage: 'reach' });
    expect((down.error as { code?: string }).code).toBe('network');
  });
});
