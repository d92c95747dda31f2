/**
 * adminAuth against the real engine: credentials (password grant), a static token, wrong passwords, and a
 * Node-RED without the trace plugin (runs show debug output and status only). One engine for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeRedEngine } from '../../../server/nodered/engine';
import { expectBackendError } from '../contract/contract-suite';
import type { TraceEvent } from '../trace';
import type { BackendError } from '../types';
import { memoryTokenStore } from './client';
import { noderedDescriptor } from './descriptor';
import { adapterFor, collect, deployDirect, engine, secrets, traceFlows } from './test-rig';

const USER = 'admin';
const PASSWORD = 'correct horse battery';
const TOKEN = 'static-token-for-tests-0123456789';

let red: NodeRedEngine;

beforeAll(async () => {
  red = await engine({ adminAuth: { username: USER, password: PASSWORD, token: TOKEN }, plugin: false });
  await deployDirect(red.url, traceFlows(), { authorization: `Bearer ${TOKEN}` });
}, 90_000);
afterAll(async () => {
  await red?.stop();
});

describe('Node-RED with adminAuth (real engine)', () => {
  it('asks for credentials: no auth is unauthorized', async () => {
    const anonymous = adapterFor(red.url);
    await expectBackendError(anonymous.listFlows(), 'unauthorized');
    expect(await anonymous.client.authLogin()).toMatchObject({ type: 'credentials' });
  });

  it('refuses a wrong password with a clear error', async () => {
    const wrong = adapterFor(red.url, { auth: { kind: 'credentials', username: USER, password: 'nope' } });
    const err = await expectBackendError(wrong.listFlows(), 'unauthorized');
    expect(err.message).toMatch(/user name or password/);
  });

  it('logs in with the password grant, keeps the token in its store, and logs in again once it is revoked', async () => {
    const tokens = memoryTokenStore();
    const a = adapterFor(red.url, { auth: { kind: 'credentials', username: USER, password: PASSWORD }, tokenStore: tokens });
    expect((await a.listFlows()).items.map((s) => s.id)).toEqual(['tab-trace']);
    const first = tokens.get();
    expect(first).toBeTruthy();
    await a.client.logout();
    expect(tokens.get()).toBeNull();
    tokens.set(first!); // a stale token: the next call gets 401, logs in again and retries
    expect((await a.getFlow('tab-trace')).flow.name).toBe('Trace me');
    expect(tokens.get()).not.toBe(first);
  });

  it('works with a static token, and runs without the plugin: debug output and status, and a note on what the plugin adds', async () => {
    const a = adapterFor(red.url, { auth: { kind: 'token', token: TOKEN } });
    const { flow, summary } = await a.getFlow('tab-trace');
    await a.saveFlow({ flow: { ...flow, name: 'Trace me (token)' }, baseRevision: summary.revision });
    const handle = await a.startRun!({ flowId: 'tab-trace', inputs: { node: 'inj2' } });
    const events: TraceEvent[] = await collect(handle.events);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    const logs = events.filter((e) => e.type === 'log');
    expect(logs.some((l) => l.message.includes('no Flowbench trace plugin'))).toBe(true);
    expect(logs.some((l) => l.stepId === 'dbg1' && l.message === 'out: 1')).toBe(true);
    expect(logs.some((l) => l.stepId === 'fn1' && l.message === 'status: got 1')).toBe(true);
    expect(events.some((e) => e.type === 'step-started')).toBe(false);
    expect((await a.serverInfo()).plugin).toBe(false);
    a.dispose?.();
  });

  it('refuses a wrong static token', async () => {
    const a = adapterFor(red.url, { auth: { kind: 'token', token: 'wrong' } });
    await expectBackendError(a.listFlows(), 'unauthorized');
  });

  it('tests a connection: version when it signs in, the auth stage for a wrong password', async () => {
    const ok = await noderedDescriptor.testConnection({ baseUrl: red.url, username: USER, password: PASSWORD }, { connectionId: 'c1', secrets: secrets() });
    expect(ok).toMatchObject({ ok: true, summary: expect.stringMatching(/^Node-RED 4\.1\.15/) });
    const wrong = await noderedDescriptor.testConnection({ baseUrl: red.url, username: USER, password: 'nope' }, { connectionId: 'c1', secrets: secrets() });
    expect(wrong).toMatchObject({ ok: false, stage: 'auth' });
    expect((wrong.error as BackendError).code).toBe('unauthorized');
    const none = await noderedDescriptor.testConnection({ baseUrl: red.url }, { connectionId: 'c1', secrets: secrets() });
    expect(none).toMatchObject({ ok: false, stage: 'auth' });
  });

  it('creates an adapter that keeps its token in the connection secrets, and describes the server', async () => {
    const s = secrets();
    const adapter = await noderedDescriptor.create({ baseUrl: red.url, username: USER, password: PASSWORD }, { connectionId: 'c2', secrets: s });
    expect(adapter.id).toBe('nodered:c2');
    await adapter.listFlows();
    expect(s.map.get('accessToken')).toBeTruthy();
    const info = await noderedDescriptor.describe!(adapter);
    expect(info[0]!.rows.map((r) => r.value)).toContain('4.1.15-git');
    expect(info[0]!.rows.find((r) => r.label === 'info.plugin')).toMatchObject({ value: 'info.pluginNo', tone: 'bad' });
    adapter.dispose?.();
  });

});
