/**
 * Where a connection's secrets live (passwords, API keys, the tokens an adapter obtains): this tab's
 * sessionStorage, one entry per secret under `flowbench.session.<connection id>.<name>`. Gone when the tab
 * closes; never localStorage, never exported, never in a URL. Falls back to memory when sessionStorage is
 * unavailable. Nothing here logs a value; `toJSON` and `toString` hide them if a store is ever printed.
 */
import type { SecretStore } from '../../backends/descriptor';

export const SECRET_PREFIX = 'flowbench.session.';

type SessionLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

function session(): SessionLike | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export function sessionSecretStore(connectionId: string, storage: SessionLike | null = session()): SecretStore {
  const prefix = `${SECRET_PREFIX}${connectionId}.`;
  const memory = new Map<string, string | null>();
  return {
    get(name) {
      if (memory.has(name)) return memory.get(name) ?? null;
      try {
        return storage?.getItem(prefix + name) ?? null;
      } catch {
        return null;
      }
    },
    set(name, value) {
      memory.set(name, value);
      try {
        storage?.setItem(prefix + name, value);
      } catch {
        // Memory only for this page.
      }
    },
    delete(name) {
      memory.set(name, null);
      try {
        storage?.removeItem(prefix + name);
      } catch {
        // nothing stored
      }
    },
    toJSON: () => ({ connectionId, secrets: '[hidden]' }),
    toString: () => `[secrets of ${connectionId}]`,
  } as SecretStore;
}

/** Forgets every secret of a connection (after it is deleted, or its address changed). */
export function clearSecrets(connectionId: string, storage: SessionLike | null = session()): void {
  if (!storage) return;
  const prefix = `${SECRET_PREFIX}${connectionId}.`;
  try {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k?.startsWith(prefix)) keys.push(k);
    }
    for (const k of keys) storage.removeItem(k);
  } catch {
    // nothing stored
  }
}
