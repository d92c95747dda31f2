import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSkillflawServer, type SkillflawServer } from '../../../server/skillflaw/server';
import { createBackend, memorySecretStore, settingsFromEnv } from '../kinds';
import { skillflawDescriptor } from './descriptor';

let server: SkillflawServer;
beforeAll(async () => {
  server = await startSkillflawServer({ tokenDelayMs: 1 });
});
afterAll(() => server.close());

describe('SkillFlaw descriptor', () => {
  it('checks settings before any request', () => {
    const d = skillflawDescriptor;
    expect(d.validateSettings?.({ ...d.defaults?.(), baseUrl: server.url, username: 'skillflaw' })).toEqual({});
    expect(d.validateSettings?.({ baseUrl: 'nope', authMode: 'password', username: '', paths: '[1]' })).toMatchObject({
      baseUrl: expect.stringMatching(/^connections:form\.problems\./),
      username: 'errors.username',
      paths: 'errors.paths',
    });
  });

  it('keeps the password and the tokens in the secret store, never in settings', async () => {
    const secrets = memorySecretStore();
    const adapter = await createBackend('skillflaw', { baseUrl: server.url, authMode: 'password', username: 'skillflaw', password: 'skillflaw' }, { connectionId: 'c1', secrets });
    expect(secrets.get('password')).toBe('skillflaw');
    expect((await adapter.listModules()).length).toBe(15);
    expect(secrets.get('skillflaw.tokens')).toContain('access');
    expect(adapter.id).toBe('skillflaw:c1');
    // The connections layer re-labels adapters with object spread: every method must survive it.
    const copy = { ...adapter };
    expect(typeof copy.listFlows).toBe('function');
    expect((await copy.listFlows()).total).toBe(0);
  });

  it('tests a connection by stage: unreachable, wrong password, fine', async () => {
    const ctx = { connectionId: '', secrets: memorySecretStore() };
    const unreachable = await skillflawDescriptor.testConnection({ baseUrl: 'http://127.0.0.1:9', authMode: 'auto' }, ctx);
    expect(unreachable).toMatchObject({ ok: false, stage: 'reach' });
    const wrong = await skillflawDescriptor.testConnection({ baseUrl: server.url, authMode: 'password', username: 'skillflaw', password: 'bad' }, ctx);
    expect(wrong).toMatchObject({ ok: false, stage: 'auth' });
    const ok = await skillflawDescriptor.testConnection({ baseUrl: server.url, authMode: 'password', username: 'skillflaw', password: 'skillflaw' }, { connectionId: '', secrets: memorySecretStore() });
    expect(ok).toMatchObject({ ok: true, serverVersion: '0.1.0', summary: 'SkillFlaw 0.1.0 · skillflaw' });
  });

  it('describes the connection, and reads FLOWBENCH_SKILLFLAW_* settings', async () => {
    const adapter = await createBackend('skillflaw', { baseUrl: server.url, authMode: 'password', username: 'skillflaw', password: 'skillflaw' });
    const sections = await skillflawDescriptor.describe!(adapter);
    expect(sections.map((s) => s.title)).toEqual(['info.server', 'info.contents']);
    expect(sections[1]!.rows).toContainEqual({ label: 'info.components', value: '15' });
    expect(settingsFromEnv('skillflaw', { FLOWBENCH_SKILLFLAW_URL: 'http://x', FLOWBENCH_SKILLFLAW_USER: 'u', FLOWBENCH_SKILLFLAW_PASSWORD: 'p' })).toEqual({ baseUrl: 'http://x', username: 'u', password: 'p' });
  });
});
