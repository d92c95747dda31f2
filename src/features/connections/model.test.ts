import { describe, expect, it } from 'vitest';
import { requireDescriptor } from '../../backends/kinds';
import { BackendError } from '../../backends/types';
import { createConnectionsStore, ACTIVE_KEY, CONNECTIONS_KEY } from './store';
import {
  adapterSignature,
  choiceOf,
  editConnection,
  newConnection,
  parseConnections,
  serializeConnections,
  validateConnection,
} from './model';
import { clearSecrets, sessionSecretStore } from './secret-store';
import { describeTest } from './describe';

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    key: (i: number) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
    map: m,
  };
}

// A kind with settings that must be checked and a device id made once (a real descriptor, not a fake).
const vflow = requireDescriptor('vflow');
const input = (over: Record<string, unknown> = {}) => ({
  name: ' Phone ',
  settings: { ...vflow.defaults?.(), baseUrl: 'http://192.168.1.20:8080/', deviceName: 'Laptop', ...over },
});

describe('connection model', () => {
  it('validates the name and the kind’s settings; refuses credentials, queries and other schemes', () => {
    expect(validateConnection(vflow, input())).toEqual({});
    expect(validateConnection(vflow, { ...input(), name: ' ' })).toEqual({ name: 'connections:form.problems.nameRequired' });
    expect(validateConnection(vflow, input({ deviceName: '' })).deviceName).toBeTruthy();
    const url = (v: string) => validateConnection(vflow, input({ baseUrl: v })).baseUrl;
    expect(url('')).toBe('connections:form.problems.urlRequired');
    expect(url('not a url')).toBe('connections:form.problems.urlInvalid');
    expect(url('ftp://x')).toBe('connections:form.problems.urlScheme');
    expect(url('http://u:p@x:8080')).toBe('connections:form.problems.urlCredentials');
    expect(url('http://x:8080/?token=abc')).toBe('connections:form.problems.urlQuery');
    expect(url('http://x:8080/#t')).toBe('connections:form.problems.urlQuery');
  });

  it('keeps the settings the form does not show (a device id) through edits; identity changes change the signature', () => {
    const c = newConnection(vflow, input());
    expect(c).toMatchObject({ name: 'Phone', kind: 'vflow', settings: { baseUrl: 'http://192.168.1.20:8080', deviceName: 'Laptop' } });
    expect(c.settings.deviceId).toMatch(/^flowbench-/);
    expect(choiceOf(c)).toBe(`vflow:${c.id}`);
    const e = editConnection(vflow, c, { name: 'Other', settings: { baseUrl: 'http://10.0.0.2:8080', deviceName: 'Laptop' } });
    expect(e.id).toBe(c.id);
    expect(e.settings.deviceId).toBe(c.settings.deviceId);
    expect(adapterSignature(e)).not.toBe(adapterSignature(c));
    expect(adapterSignature(editConnection(vflow, c, { ...input(), name: 'Renamed' }))).toBe(adapterSignature(c));
  });

  it('stores exactly the connection fields: a token smuggled into an object never reaches storage', () => {
    const conn = newConnection(vflow, input());
    const text = serializeConnections([{ ...conn, token: 'secret-token', refreshToken: 'secret-refresh' } as typeof conn]);
    expect(text).not.toContain('secret');
    expect(parseConnections(text)).toEqual([conn]);
  });

  it('migrates version 1 (vFlow) connections, and reads stored data defensively', () => {
    expect(parseConnections(null)).toEqual([]);
    expect(parseConnections('{')).toEqual([]);
    expect(parseConnections('{"connections": 3}')).toEqual([]);
    const v1 = { id: 'c1', kind: 'vflow', name: 'Old phone', baseUrl: 'http://10.0.0.9:8080', deviceName: 'Laptop', deviceId: 'flowbench-old', createdAt: 5 };
    const text = JSON.stringify({
      version: 1,
      connections: [v1, { id: 'x' }, null, v1, { ...v1, id: 'y', deviceName: 5 }, { id: 'z', kind: 'nope', name: 'n', settings: {} }],
    });
    expect(parseConnections(text)).toEqual([
      { id: 'c1', kind: 'vflow', name: 'Old phone', settings: { baseUrl: 'http://10.0.0.9:8080', deviceName: 'Laptop', deviceId: 'flowbench-old' }, createdAt: 5 },
      { id: 'y', kind: 'vflow', name: 'Old phone', settings: { baseUrl: 'http://10.0.0.9:8080', deviceName: 'Flowbench', deviceId: 'flowbench-old' }, createdAt: 5 },
    ]);
    // A migrated connection keeps its device id, so the device sees the same browser.
    expect(JSON.parse(serializeConnections(parseConnections(text))).version).toBe(2);
  });
});

describe('connections store', () => {
  it('persists connections and the active choice; removing the active one falls back to local', () => {
    const storage = memoryStorage();
    const store = createConnectionsStore(storage);
    expect(store.getState().active).toBe('local');
    const c = store.getState().add('vflow', input());
    store.getState().setActive(choiceOf(c));
    expect(storage.map.get(ACTIVE_KEY)).toBe(`vflow:${c.id}`);

    const again = createConnectionsStore(storage);
    expect(again.getState().connections).toEqual([c]);
    expect(again.getState().active).toBe(`vflow:${c.id}`);

    again.getState().update(c.id, { ...input(), name: 'Renamed' });
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
    store.getState().setActive('local');
    expect(store.getState().active).toBe('local');
  });
});

describe('session secret store', () => {
  it('keeps secrets per connection in session storage and never prints them', () => {
    const session = memoryStorage();
    const store = sessionSecretStore('c1', session);
    expect(store.get('tokens')).toBeNull();
    store.set('tokens', 'tok-123');
    store.set('apiKey', 'key-456');
    expect(sessionSecretStore('c1', session).get('tokens')).toBe('tok-123');
    expect(sessionSecretStore('c2', session).get('tokens')).toBeNull();
    expect(JSON.stringify(store)).not.toContain('tok-123');
    expect(String(store)).not.toContain('tok-123');
    store.delete('tokens');
    expect(sessionSecretStore('c1', session).get('tokens')).toBeNull();
    clearSecrets('c1', session);
    expect(session.map.size).toBe(0);
  });

  it('falls back to memory without session storage', () => {
    const store = sessionSecretStore('c1', null);
    store.set('tokens', 'x');
    expect(store.get('tokens')).toBe('x');
  });
});

describe('describeTest', () => {
  it('names the kind, the version and what was reached; says which stage failed, with the server words', () => {
    expect(describeTest({ ok: true, latencyMs: 12, serverVersion: '1.0.0', summary: 'X Y' }, 'vflow')).toEqual({
      key: 'connections:test.ok',
      values: { kind: 'vFlow', version: '1.0.0', summary: 'X Y', ms: 12 },
    });
    expect(describeTest({ ok: true, latencyMs: 1 }, 'vflow').key).toBe('connections:test.okPlain');
    const error = new BackendError('unauthorized', 'vFlow refused the token.', { serverMessage: 'Invalid authentication', serverCode: 6001 });
    expect(describeTest({ ok: false, latencyMs: 3, stage: 'auth', error }, 'vflow')).toEqual({
      key: 'connections:test.failed.auth',
      values: { message: 'vFlow refused the token. (the server said: “Invalid authentication”)' },
    });
    expect(describeTest({ ok: false, latencyMs: 3, error }, 'vflow').key).toBe('connections:test.failed.reach');
  });
});
