import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVflowServer, type VflowServer } from '../../../server/vflow/server';
import {
  adapterForConnection,
  forgetConnection,
  outputsFromMagicVariables,
  resetAdapterCache,
  testDraftConnection,
} from './adapters';
import { connectionsStore } from './store';
import { runsStoredFlow } from './run-stored';
import { emptyFlow } from '../../model/flow';

let server: VflowServer;
beforeAll(async () => {
  server = await startVflowServer({ port: 0, rateLimits: false, stepDelayMs: 10, delayScale: 0.05 });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const c of connectionsStore.getState().connections) connectionsStore.getState().remove(c.id);
  resetAdapterCache();
});

const add = (name = 'Phone') =>
  connectionsStore.getState().add({ name, baseUrl: server.url, deviceName: 'Vitest' });

describe('connection adapters', () => {
  it('gives each connection its own adapter id and label, cached until the address changes', async () => {
    const a = add('A');
    const b = add('B');
    const [aa, bb] = await Promise.all([adapterForConnection(a), adapterForConnection(b)]);
    expect(aa.id).toBe(`vflow:${a.id}`);
    expect(bb.id).toBe(`vflow:${b.id}`);
    expect(aa.label).toBe('A');
    expect(runsStoredFlow(aa)).toBe(true);
    expect(await adapterForConnection(a)).toBe(aa);
    connectionsStore
      .getState()
      .update(a.id, { name: 'A renamed', baseUrl: server.url, deviceName: 'Vitest' });
    expect(aa.label).toBe('A renamed');
    const moved = connectionsStore
      .getState()
      .update(a.id, { name: 'A renamed', baseUrl: `${server.url}/api/v1`, deviceName: 'Vitest' });
    expect(await adapterForConnection(moved!)).not.toBe(aa);
  });

  it('reads "everything" in pages the device accepts', async () => {
    const adapter = await adapterForConnection(add());
    const all = await adapter.listFlows({
      includeDisabled: true,
      limit: 100_000,
      sortBy: 'name',
      order: 'asc',
    });
    expect(all.items).toHaveLength(8);
    expect(all.total).toBe(8);
    const some = await adapter.listFlows({ limit: 3 });
    expect(some.items).toHaveLength(3);
  });

  it('learns module outputs from magic variables and module details, for the variable picker', async () => {
    const adapter = await adapterForConnection(add());
    const light = await adapter.listModules();
    expect(light.find((m) => m.id === 'set_variable')?.outputs).toEqual([]);
    let told = 0;
    const off = adapter.onModuleOutputs(() => told++);
    await adapter.getFlow('wf-002');
    expect(told).toBe(1);
    expect(adapter.moduleOutputs().get('text_case')).toEqual([
      { id: 'result', type: 'string', label: { text: '结果' } },
    ]);
    const listed = await adapter.listModules();
    expect(listed.find((m) => m.id === 'set_variable')?.outputs.map((o) => o.id)).toEqual(['value']);
    // A detail's outputs (with English labels) replace what magic variables said.
    await adapter.getModule('text_case');
    expect(told).toBe(2);
    expect(adapter.moduleOutputs().get('text_case')?.[0]?.label).toEqual({ text: '结果', en: 'Result' });
    await adapter.getModule('text_case');
    expect(told).toBe(2);
    off();
  });

  it('maps magic variables to the modules of the steps they name', () => {
    const flow = emptyFlow('f', 'F');
    flow.steps = {
      'step-001': { id: 'step-001', kind: 'action', type: 'http_request', title: '', params: {} },
    };
    const out = outputsFromMagicVariables(flow, {
      magicVariables: [
        {
          key: '{{step-001.statusCode}}',
          type: 'number',
          stepId: 'step-001',
          outputId: 'statusCode',
          outputName: '状态码',
        } as never,
        { key: '{{step-001.body}}' },
        { key: '{{step-404.x}}', stepId: 'step-404', outputId: 'x' },
      ],
      systemVariables: [],
    });
    expect(out.get('http_request')).toEqual([
      { id: 'statusCode', type: 'number', label: { text: '状态码' } },
      { id: 'body', type: 'any', label: { text: 'body' } },
    ]);
  });

  it('connects, and forgetting a connection revokes its token', async () => {
    const conn = add();
    const adapter = await adapterForConnection(conn);
    expect(adapter.hasToken()).toBe(false);
    await adapter.connect();
    expect(adapter.hasToken()).toBe(true);
    expect(JSON.stringify(adapter)).not.toMatch(/eyJ|"token"/);
    await forgetConnection(conn.id);
    expect(adapter.hasToken()).toBe(false);
    const mine = [...server.state.tokens.values()].filter((t) => t.deviceId === conn.deviceId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.revoked)).toBe(true);
  });

  it('tests an unsaved address, and says where a failure happened', async () => {
    const ok = await testDraftConnection(
      { name: 'x', baseUrl: server.url, deviceName: 'Vitest' },
      'draft-device',
    );
    expect(ok).toMatchObject({ ok: true, serverVersion: '1.0.0', deviceInfo: { brand: 'Xiaomi' } });
    const down = await testDraftConnection(
      { name: 'x', baseUrl: 'http://127.0.0.1:1', deviceName: 'Vitest' },
      'draft-device',
    );
    expect(down).toMatchObject({ ok: false, stage: 'health' });
    expect(down.error?.code).toBe('network');
  });
});
