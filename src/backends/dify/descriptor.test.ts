import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fromJsonSchema } from '../../forms/model/fromJsonSchema';
import { startDifyServer, type DifyServer } from '../../../server/dify/server';
import type { BackendContext } from '../descriptor';
import { createBackend, descriptorOf, memorySecretStore, settingsFromEnv } from '../kinds';
import { BackendError } from '../types';
import { difyDescriptor } from './descriptor';

let server: DifyServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const ctx = (secrets: Record<string, string> = {}): BackendContext => ({ connectionId: '', secrets: memorySecretStore(secrets) });

function strings(lang: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../i18n/locales/${lang}/backend-dify.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}
function lookup(obj: Record<string, unknown>, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

describe('the Dify descriptor', () => {
  it('is registered, and its settings are a form whose texts exist in both languages', () => {
    expect(descriptorOf('dify')).toBe(difyDescriptor);
    const fields = fromJsonSchema(difyDescriptor.settings);
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['baseUrl', 'text'],
      ['apiKeys', 'text'],
      ['user', 'text'],
      ['responseMode', 'select'],
    ]);
    expect(difyDescriptor.secretSettings).toEqual(['apiKeys']);
    expect(difyDescriptor.referenceSyntax.dialect).toBe('dify');
    const keys = [
      difyDescriptor.description as string,
      ...Object.values(difyDescriptor.settings.properties).flatMap((p) => [p.title as string, p.description as string]),
      'settings.apiKeys.missing',
      'settings.apiKeys.invalid',
    ];
    for (const lang of ['en', 'zh']) for (const k of keys) expect(typeof lookup(strings(lang), k), `${lang}: ${k}`).toBe('string');
  });

  it('checks settings before any request; keys only when given (they may sit in the secret store)', () => {
    const v = difyDescriptor.validateSettings!;
    expect(v({ baseUrl: 'ftp://x' })).toEqual({ baseUrl: 'connections:form.problems.urlScheme' });
    expect(v({ baseUrl: 'http://127.0.0.1:1/v1' })).toEqual({});
    expect(v({ baseUrl: 'http://127.0.0.1:1/v1', apiKeys: ' , ' })).toEqual({ apiKeys: 'settings.apiKeys.missing' });
    expect(v({ baseUrl: 'http://127.0.0.1:1/v1', apiKeys: 'Name = app x' })).toEqual({ apiKeys: 'settings.apiKeys.invalid' });
    expect(settingsFromEnv('dify', { FLOWBENCH_DIFY_URL: 'http://h/v1', FLOWBENCH_DIFY_KEY: 'app-k' })).toEqual({ baseUrl: 'http://h/v1', apiKeys: 'app-k' });
  });

  it('creates through the registry and tests the connection: ok, or the key that fails at the auth stage', async () => {
    server = await startDifyServer({ port: 0 });
    const adapter = await createBackend('dify', { baseUrl: server.apiUrl, apiKeys: `${server.keyOf('linear')}, Router = ${server.keyOf('branch')}` });
    expect(adapter.capabilities.editFlows).toBe(false);
    expect((await adapter.listFlows()).items.map((s) => s.name)).toEqual(['Summariser', 'Router']);
    const sections = await difyDescriptor.describe!(adapter);
    expect(sections[0]!.rows.map((r) => [r.label, r.tone])).toEqual([
      ['Summariser', 'ok'],
      ['Router', 'ok'],
    ]);
    // The UI passes plain settings and the secret store.
    const ok = await difyDescriptor.testConnection({ baseUrl: server.apiUrl }, ctx({ apiKeys: `${server.keyOf('linear')},${server.keyOf('branch')}` }));
    expect(ok).toMatchObject({ ok: true, summary: 'Summariser · Tone router' });
    const bad = await difyDescriptor.testConnection({ baseUrl: server.apiUrl }, ctx({ apiKeys: 'app-wrong' }));
    expect(bad).toMatchObject({ ok: false, stage: 'auth' });
    expect((bad.error as BackendError).serverMessage).toBe('Access token is invalid');
    expect((bad.error as BackendError).message).not.toContain('app-wrong');
    const unreachable = await difyDescriptor.testConnection({ baseUrl: 'http://127.0.0.1:9/v1' }, ctx({ apiKeys: 'app-x' }));
    expect(unreachable).toMatchObject({ ok: false, stage: 'reach' });
    await expect(difyDescriptor.create({ baseUrl: server.apiUrl }, ctx())).rejects.toBeInstanceOf(BackendError);
  });
});
