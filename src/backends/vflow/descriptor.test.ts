import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVflowServer, type VflowServer } from '../../../server/vflow/server';
import { emptyFlow } from '../../model/flow';
import { memorySecretStore } from '../kinds';
import type { BackendAdapter } from '../types';
import { vflowDescriptor } from './descriptor';
import { outputsFromMagicVariables, type VflowConnectionAdapter } from './index';

let server: VflowServer;
beforeAll(async () => {
  server = await startVflowServer({ port: 0, rateLimits: false, stepDelayMs: 10, delayScale: 0.05 });
});
afterAll(async () => {
  await server.close();
});

const settings = () => ({ ...vflowDescriptor.defaults?.(), baseUrl: server.url, deviceName: 'Vitest' });
async function make(secrets = memorySecretStore()): Promise<VflowConnectionAdapter> {
  return (await vflowDescriptor.create(settings(), { connectionId: 'c1', secrets })) as VflowConnectionAdapter;
}

describe('vFlow descriptor', () => {
  it('checks settings before any request, and does not prefill the address', () => {
    expect(vflowDescriptor.defaults?.()).toMatchObject({ baseUrl: '', deviceName: 'Flowbench' });
    expect(vflowDescriptor.validateSettings?.(settings())).toEqual({});
    expect(vflowDescriptor.validateSettings?.({ baseUrl: 'http://u:p@x', deviceName: '' })).toEqual({
      baseUrl: 'connections:form.problems.urlCredentials',
      deviceName: 'settings.deviceName.required',
    });
  });

  it('declares what the editor must know: a run needs a saved flow, a partial module list, structural markers', async () => {
    const a = await make();
    expect(a.capabilities).toMatchObject({ runNeedsSavedFlow: true, partialModuleList: true, structures: ['blocks'] });
    await a.listModules();
    expect(a.capabilities.structuralModules).toEqual(expect.arrayContaining(['else', 'endif']));
    expect(a.capabilities.structuralModules).not.toContain('if_condition');
    expect(a.capabilities.elseBranch).toBe(true);
    a.dispose?.();
  });

  it('offers no else branch when the device declares no else module (issue 14)', async () => {
    const plain = await startVflowServer({ port: 0, rateLimits: false, elseModule: false });
    try {
      const a = (await vflowDescriptor.create({ ...settings(), baseUrl: plain.url }, { connectionId: 'c2', secrets: memorySecretStore() })) as VflowConnectionAdapter;
      await a.listModules();
      expect(a.capabilities.elseBranch).toBe(false);
      a.dispose?.();
    } finally {
      await plain.close();
    }
  });

  it('keeps its tokens in the secret store; the session connects, checks and disconnects', async () => {
    const secrets = memorySecretStore();
    const a = await make(secrets);
    expect(a.session.isConnected()).toBe(false);
    await a.session.connect();
    expect(a.session.isConnected()).toBe(true);
    expect(secrets.get('tokens')).toContain('refreshToken');
    expect(JSON.stringify(a)).not.toMatch(/eyJ|"token"/);
    expect(await a.session.check()).toMatchObject({ ok: true, serverVersion: '1.0.0', summary: 'Xiaomi Mi 14 · Android 14' });
    await a.session.disconnect();
    expect(a.session.isConnected()).toBe(false);
    a.dispose?.();
  });

  it('reads "everything" in pages the device accepts', async () => {
    const a = await make();
    const all = await a.listFlows({ includeDisabled: true, limit: 100_000, sortBy: 'name', order: 'asc' });
    expect(all.items).toHaveLength(8);
    expect(all.total).toBe(8);
    expect((await a.listFlows({ limit: 3 })).items).toHaveLength(3);
    a.dispose?.();
  });

  it('learns module outputs from magic variables and module details, and says so', async () => {
    const a = await make();
    expect((await a.listModules()).find((m) => m.id === 'set_variable')?.outputs).toEqual([]);
    let told = 0;
    const off = a.onModulesChanged!(() => told++);
    await a.getFlow('wf-002');
    expect(told).toBe(1);
    const listed = await a.listModules();
    expect(listed.find((m) => m.id === 'set_variable')?.outputs.map((o) => o.id)).toEqual(['value']);
    expect(listed.find((m) => m.id === 'text_case')?.outputs).toEqual([{ id: 'result', type: 'string', label: { text: '结果' } }]);
    // A detail's outputs (with English labels) replace what magic variables said.
    await a.getModule('text_case');
    expect(told).toBe(2);
    expect((await a.listModules()).find((m) => m.id === 'text_case')?.outputs[0]?.label).toEqual({ text: '结果', en: 'Result' });
    await a.getModule('text_case');
    expect(told).toBe(2);
    off();
    a.dispose?.();
  });

  it('maps magic variables to the modules of the steps they name', () => {
    const flow = emptyFlow('f', 'F');
    flow.steps = { 'step-001': { id: 'step-001', kind: 'action', type: 'http_request', title: '', params: {} } };
    const out = outputsFromMagicVariables(flow, {
      magicVariables: [
        { key: '{{step-001.statusCode}}', type: 'number', stepId: 'step-001', outputId: 'statusCode', outputName: '状态码' } as never,
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

  it('tests unsaved settings without leaving a session, and says where a failure happened', async () => {
    const before = server.state.tokens.size;
    const ok = await vflowDescriptor.testConnection(settings(), { connectionId: '', secrets: memorySecretStore() });
    expect(ok).toMatchObject({ ok: true, serverVersion: '1.0.0', summary: 'Xiaomi Mi 14 · Android 14' });
    expect([...server.state.tokens.values()].slice(before).every((t) => t.revoked)).toBe(true);
    const down = await vflowDescriptor.testConnection({ ...settings(), baseUrl: 'http://127.0.0.1:1' }, { connectionId: '', secrets: memorySecretStore() });
    expect(down).toMatchObject({ ok: false, stage: 'reach' });
  });

  it('describes the device: health, system, statistics by period, and a failed part as an error', async () => {
    const a: BackendAdapter = await make();
    const sections = await vflowDescriptor.describe!(a, { period: 'week' });
    const byId = new Map(sections.map((s) => [s.id, s]));
    expect(byId.get('health')?.rows).toContainEqual({ label: 'info.status', value: 'healthy' });
    expect(byId.get('system')?.rows).toContainEqual({ label: 'info.device', value: 'Xiaomi Mi 14 · Android 14' });
    expect(byId.get('stats')?.rows).toContainEqual({ label: 'info.workflows', value: '8' });
    expect(byId.get('stats')?.choice?.options.map((o) => o.value)).toEqual(['today', 'week', 'month', 'all']);
    await server.close();
    try {
      const failed = await vflowDescriptor.describe!(a, {});
      expect(failed.map((s) => [s.id, s.error !== undefined])).toEqual([
        ['health', true],
        ['system', true],
        ['stats', true],
      ]);
    } finally {
      server = await startVflowServer({ port: 0, rateLimits: false });
    }
    a.dispose?.();
  });
});
