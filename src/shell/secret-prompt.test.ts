import { describe, expect, it } from 'vitest';
import { askSecret, secretPromptStore } from './secret-prompt';

describe('secret prompt queue', () => {
  it('answers requests oldest first and forgets each once answered', async () => {
    const first = askSecret('automaticworker', 'A', { setting: 'password', label: 'settings.password.title', account: 'admin' });
    const second = askSecret('automaticworker', 'B', { setting: 'password', label: 'settings.password.title' });
    const pending = secretPromptStore.getState().pending;
    expect(pending.map((p) => p.connection)).toEqual(['A', 'B']);
    pending[0]!.answer('s3cret');
    expect(await first).toBe('s3cret');
    expect(secretPromptStore.getState().pending.map((p) => p.connection)).toEqual(['B']);
    secretPromptStore.getState().pending[0]!.answer(null);
    expect(await second).toBeNull();
    expect(secretPromptStore.getState().pending).toEqual([]);
    // Nothing of the answer is kept in the store.
    expect(JSON.stringify(secretPromptStore.getState())).not.toContain('s3cret');
  });
});
