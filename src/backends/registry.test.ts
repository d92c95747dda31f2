import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, hasBackend, listBackends, registerBackend, unregisterBackend } from './registry';
import { BackendError, type BackendAdapter } from './types';

describe('backend registry', () => {
  afterEach(() => unregisterBackend('test-backend'));

  it('creates a registered backend with its config, and refuses unknown ids and double registration', () => {
    let seen: unknown;
    const fake = { id: 'test-backend' } as unknown as BackendAdapter;
    registerBackend('test-backend', (config) => ((seen = config), fake), { label: 'Test' });
    expect(hasBackend('test-backend')).toBe(true);
    expect(listBackends().find((b) => b.id === 'test-backend')?.label).toBe('Test');
    expect(createBackend('test-backend', { baseUrl: 'http://x' })).toBe(fake);
    expect(seen).toEqual({ baseUrl: 'http://x' });
    expect(() => registerBackend('test-backend', () => fake)).toThrow(/already registered/);
    registerBackend('test-backend', () => fake, { replace: true });
    expect(() => createBackend('nope')).toThrow(BackendError);
  });
});
