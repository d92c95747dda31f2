import { describe, expect, it } from 'vitest';
import { createConnectionsStore, ACTIVE_KEY, CONNECTIONS_KEY } from './store';
import {
  adapterSignature,
  editConnection,
  newConnection,
  parseConnections,
  serializeConnections,
  validateConnection,
} from './model';
import { clearSessionTokens, sessionTokenStore } from './token-store';
import { describeTest, deviceLabel, formatPercent, formatUptime } from './describe';
import { BackendError } from '../../backends/types';

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    map: m,
  };
}

const input = { name: ' Phone ', baseUrl: 'http://192.168.1.20:8080/', deviceName: 'Laptop' };

describe('connection model', () => {
  it('validates names and addresses; refuses credentials, queries and other schemes', () => {
    expect(validateConnection(input)).toEqual({});
    expect(validateConnection({ ...input, name: ' ' })).toEqual({ name: 'nameRequired' });
    expect(validateConnection({ ...input, deviceName: '' })).toEqual({ deviceName: 'deviceNameRequired' });
    expect(validateConnection({ ...input, baseUrl: '' }).baseUrl).toBe('urlRequired');
    expect(validateConnection({ ...input, baseUrl: 'not a url' }).baseUrl).toBe('urlInvalid');
    expect(validateConnection({ ...input, baseUrl: 'ftp://x' }).baseUrl).toBe('urlScheme');
    expect(validateConnection({ ...input, baseUrl: 'http://u:p@x:8080' }).baseUrl).toBe('urlCredentials');
    expect(validateConnection({ ...input, baseUrl: 'http://x:8080/?token=abc' }).baseUrl).toBe('urlQuery');
    expect(validateConnection({ ...input, baseUrl: 'http://x:8080/#t' }).baseUrl).toBe('urlQuery');
  });

  it('makes a device id once; edits keep it and the id', () => {
    const c = newConnection(input);
    expect(c).toMatchObject({
      name: 'Phone',
      baseUrl: 'http://192.168.1.20:8080',
      deviceName: 'Laptop',
      kind: 'vflow',
    });
    expect(c.deviceId).toMatch(/^flowbench-/);
    const e = editConnection(c, { ...input, name: 'Other', baseUrl: 'http://10.0.0.2:8080' });
    expect(e.id).toBe(c.id);
    expect(e.deviceId).toBe(c.deviceId);
    expect(adapterSignature(e)).not.toBe(adapterSignature(c));
    expect(adapterSignature(editConnection(c, { ...input, name: 'Renamed' }))).toBe(adapterSignature(c));
  });

  it('stores exactly the connection fields: a token smuggled into an object never reaches storage', () => {
    const conn = newConnection(input);
    const text = serializeConnections([
      { ...conn, token: 'secret-token', refreshToken: 'secret-refresh' } as typeof conn,
    ]);
    expect(text).not.toContain('secret');
    expect(parseConnections(text)).toEqual([conn]);
  });

  it('reads stored data defensively', () => {
    expect(parseConnections(null)).toEqual([]);
    expect(parseConnections('{')).toEqual([]);
    expect(parseConnections('{"connections": 3}')).toEqual([]);
    const ok = newConnection(input);
    const text = JSON.stringify({
      connections: [ok, { id: 'x' }, null, ok, { ...ok, id: 'y', deviceName: 5 }],
    });
    expect(parseConnections(text).map((c) => [c.id, c.deviceName])).toEqual([
      [ok.id, 'Laptop'],
      ['y', 'Flowbench'],
    ]);
  });
});

describe('connections store', () => {
  it('persists connections and the active choice; removing the active one falls back to local', () => {
    const storage = memoryStorage();
    const store = createConnectionsStore(storage);
    expect(store.getState().active).toBe('local');
    const c = store.getState().add(input, 'flowbench-fixed');
    expect(c.deviceId).toBe('flowbench-fixed');
    store.getState().setActive(`vflow:${c.id}`);
    expect(storage.map.get(ACTIVE_KEY)).toBe(`vflow:${c.id}`);

    const again = createConnectionsStore(storage);
    expect(again.getState().connections).toEqual([c]);
    expect(again.getState().active).toBe(`vflow:${c.id}`);

    again.getState().update(c.id, { ...input, name: 'Renamed' });
    expect(JSON.parse(storage.map.get(CONNECTIONS_KEY) ?? '').connections[0].name).toBe('Renamed');
    again.getState().remove(c.id);
    expect(again.getState()).toMatchObject({ connections: [], active: 'local' });
    expect(storage.map.get(ACTIVE_KEY)).toBe('local');
  });

  it('ignores an active choice that names nothing', () => {
    const storage = memoryStorage();
    storage.setItem(ACTIVE_KEY, 'vflow:gone');
    expect(createConnectionsStore(storage).getState().active).toBe('local');
    const store = createConnectionsStore(storage);
    store.getState().setActive('vflow:nope');
    expect(store.getState().active).toBe('local');
  });
});

describe('session token store', () => {
  const tokens = {
    token: 'tok-123',
    refreshToken: 'ref-456',
    expiresAt: Date.now() + 60_000,
    refreshAt: Date.now() + 30_000,
  };

  it('keeps tokens per connection in session storage and never prints them', () => {
    const session = memoryStorage();
    const store = sessionTokenStore('c1', session);
    expect(store.has()).toBe(false);
    store.save(tokens);
    expect(store.has()).toBe(true);
    expect(sessionTokenStore('c1', session).load()).toEqual(tokens);
    expect(sessionTokenStore('c2', session).load()).toBeNull();
    expect(JSON.stringify(store)).not.toContain('tok-123');
    expect(String(store)).not.toContain('tok-123');
    store.clear();
    expect(sessionTokenStore('c1', session).load()).toBeNull();
  });

  it('falls back to memory without session storage, and ignores junk', () => {
    const store = sessionTokenStore('c1', null);
    store.save(tokens);
    expect(store.load()).toEqual(tokens);
    const session = memoryStorage();
    session.setItem('flowbench.vflow.session.c3', '{"token": 1}');
    expect(sessionTokenStore('c3', session).load()).toBeNull();
    clearSessionTokens('c3', session);
    expect(session.map.size).toBe(0);
  });
});

describe('describe', () => {
  it('labels devices, uptimes and rates', () => {
    expect(deviceLabel({ brand: 'Xiaomi', model: 'Mi 14', androidVersion: '14' })).toBe(
      'Xiaomi Mi 14 · Android 14',
    );
    expect(deviceLabel({})).toBe('');
    expect(formatUptime(5_000)).toBe('5 s');
    expect(formatUptime(3 * 3600_000 + 25 * 60_000)).toBe('3 h 25 min');
    expect(formatUptime(3 * 86400_000)).toBe('3 d 0 h');
    expect(formatPercent(0.955)).toBe('95.5%');
  });

  it('says which stage of a test failed, with the server words', () => {
    expect(
      describeTest({
        ok: true,
        latencyMs: 12,
        serverVersion: '1.0.0',
        deviceInfo: { brand: 'X', model: 'Y' },
      }),
    ).toEqual({
      key: 'connections:test.ok',
      values: { version: '1.0.0', device: 'X Y', ms: 12 },
    });
    const error = new BackendError('unauthorized', 'vFlow refused the token.', {
      serverMessage: 'Invalid authentication',
      serverCode: 6001,
    });
    expect(describeTest({ ok: false, latencyMs: 3, stage: 'auth', error })).toEqual({
      key: 'connections:test.failed.auth',
      values: { message: 'vFlow refused the token. (Invalid authentication)' },
    });
  });
});
