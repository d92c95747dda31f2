import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fromJsonSchema } from '../../forms/model/fromJsonSchema';
import { startDifyServer, type DifyServer } from '../../../server/dify/server';
import type { BackendContext } from '../descriptor';
import { BackendError } from '../types';
import { difyDescriptor } from './descriptor';

let server: DifyServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const secrets = new Map<string, string>();
const ctx: BackendContext = {
  connectionId: '',
  secrets: { get: (k) => secrets.get(k) ?? null, set: (k, v) => void secrets.set(k, v), delete: (k) => void secrets.delete(k) },
};

describe('the Dify descriptor', () => {
  it('describes its settings as a form, the API keys secret', () => {
    const fields = fromJsonSchema(difyDescriptor.settings);
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['baseUrl', 'text'],
      ['apiKeys', 'text'],
      ['user', 'text'],
      ['responseMode', 'select'],
    ]);
    expect(fields.find((f) => f.key === 'apiKeys')).toMatchObject({ secret: true, multiline: true, required: true });
    expect(difyDescriptor.secretSettings).toEqual(['apiKeys']);
    expect(difyDescriptor.referenceSyntax.dialect).toBe('dify');
  });

  it('names its setting problems with keys that exist in both languages', () => {
    const problems = difyDescriptor.validateSettings!({ baseUrl: '', apiKeys: ' ' });
    expect(Object.keys(problems)).toEqual(['baseUrl', 'apiKeys']);
    for (const lang of ['en', 'zh']) {
      const strings = JSON.parse(readFileSync(new URL(`../../i18n/locales/${lang}/backend-dify.json`, import.meta.url), 'utf8')) as { settings: Record<string, string> };
      for (const key of Object.values(problems)) expect(strings.settings[key.replace('backend-dify:settings.', '')], `${lang} ${key}`).toBeTruthy();
    }
    expect(difyDescriptor.validateSettings!({ baseUrl: 'http://127.0.0.1:1/v1', apiKeys: 'app-x' })).toEqual({});
  });

  it('creates an adapter and tests the connection: ok, or the key that fails at the auth stage', async () => {
    server = await startDifyServer({ port: 0 });
    const good = { baseUrl: server.apiUrl, apiKeys: `${server.keyOf('linear')}\nRouter = ${server.keyOf('branch')}` };
    const adapter = await difyDescriptor.create(good, ctx);
    expect(adapter.capabilities.editFlows).toBe(false);
    expect((await adapter.listFlows()).items.map((s) => s.name)).toEqual(['Summariser', 'Router']);
    const sections = await difyDescriptor.describe!(adapter);
    expect(sections[0]!.rows.map((r) => r.label.text)).toEqual(['Summariser', 'Router']);
    const ok = await difyDescriptor.testConnection(good, ctx);
    expect(ok).toMatchObject({ ok: true, summary: 'Summariser · Router' });
    const bad = await difyDescriptor.testConnection({ baseUrl: server.apiUrl, apiKeys: 'app-wrong' }, ctx);
    expect(bad).toMatchObject({ ok: false, stage: 'auth' });
    expect((bad.error as BackendError).serverMessage).toBe('Access token is invalid');
    expect(JSON.stringify(bad)).not.toContain('app-wrong');
    const unreachable = await difyDescriptor.testConnection({ baseUrl: 'http://127.0.0.1:9/v1', apiKeys: 'app-x' }, ctx);
    expect(unreachable).toMatchObject({ ok: false, stage: 'reach' });
    await expect(difyDescriptor.create({ baseUrl: '', apiKeys: '' }, ctx)).rejects.toBeInstanceOf(BackendError);
    // Keys kept only in the secret store are found there.
    secrets.set('apiKeys', server.keyOf('slow'));
    const fromStore = await difyDescriptor.create({ baseUrl: server.apiUrl }, ctx);
    expect((await fromStore.listFlows()).items.map((s) => s.name)).toEqual(['Slow storyteller']);
  });
});
