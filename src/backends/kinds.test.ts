import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createFakeEngine } from './local/fake-engine';
import { BACKEND_KINDS, createBackend, descriptorOf, memorySecretStore, settingsFromEnv, splitSettings } from './kinds';
import { BackendError } from './types';

describe('backend kinds', () => {
  it('lists each kind once, with what the UI needs to offer it', () => {
    const kinds = BACKEND_KINDS.map((d) => d.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(descriptorOf('local')?.builtIn).toBe(true);
    for (const d of BACKEND_KINDS) {
      expect(d.settings.type).toBe('object');
      for (const s of d.secretSettings) expect(d.settings.properties[s]).toBeDefined();
      expect(typeof d.create).toBe('function');
      expect(d.referenceSyntax.dialect).toBeTruthy();
    }
    expect(descriptorOf('nope')).toBeUndefined();
  });

  it('creates a backend from plain settings in Node, and refuses unknown kinds and bad settings', async () => {
    const local = await createBackend('local', { dbName: `kinds-${Math.random()}`, engine: createFakeEngine() });
    expect(local.id).toBe('local');
    expect((await local.listFlows()).items).toEqual([]);
    local.dispose?.();
    await expect(createBackend('nope')).rejects.toBeInstanceOf(BackendError);
    await expect(createBackend('vflow', { baseUrl: 'ftp://x' })).rejects.toMatchObject({ code: 'invalid' });
    const vflow = await createBackend('vflow', { baseUrl: 'http://127.0.0.1:1', deviceName: 'script' });
    expect(vflow.capabilities.runNeedsSavedFlow).toBe(true);
    vflow.dispose?.();
  });

  it('keeps secret settings apart and reads FLOWBENCH_<KIND>_* settings', () => {
    const d = { ...descriptorOf('vflow')!, secretSettings: ['token'] };
    expect(splitSettings(d, { baseUrl: 'u', token: 't', empty: '' })).toEqual({ plain: { baseUrl: 'u', empty: '' }, secret: { token: 't' } });
    expect(settingsFromEnv('vflow', {})).toBeNull();
    expect(settingsFromEnv('vflow', { FLOWBENCH_VFLOW_URL: 'http://10.0.0.2:8080' })).toEqual({ baseUrl: 'http://10.0.0.2:8080' });
    const secrets = memorySecretStore({ a: '1' });
    secrets.set('b', '2');
    secrets.delete('a');
    expect([secrets.get('a'), secrets.get('b')]).toEqual([null, '2']);
  });
});
