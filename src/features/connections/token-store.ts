/**
 * Where a connection's tokens live: this tab's sessionStorage (gone when the tab closes; never localStorage,
 * never exported, never in a URL), falling back to memory when sessionStorage is unavailable. Nothing here
 * logs a token; `toJSON` and `toString` hide them if a store is ever printed.
 */
import type { VflowTokens, VflowTokenStore } from '../../backends/vflow/client';

const PREFIX = 'flowbench.vflow.session.';

type SessionLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function session(): SessionLike | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

function isTokens(v: unknown): v is VflowTokens {
  if (!v || typeof v !== 'object') return false;
  const t = v as Record<string, unknown>;
  return (
    typeof t.token === 'string' &&
    typeof t.refreshToken === 'string' &&
    typeof t.expiresAt === 'number' &&
    typeof t.refreshAt === 'number'
  );
}

export interface ConnectionTokenStore extends VflowTokenStore {
  /** Whether a token is held (without giving it out). */
  has(): boolean;
}

export function sessionTokenStore(
  connectionId: string,
  storage: SessionLike | null = session(),
): ConnectionTokenStore {
  const key = PREFIX + connectionId;
  let memory: VflowTokens | null = null;
  const load = (): VflowTokens | null => {
    if (memory) return memory;
    try {
      const raw = storage?.getItem(key);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      memory = isTokens(parsed) ? parsed : null;
    } catch {
      memory = null;
    }
    return memory;
  };
  return {
    load,
    save(tokens) {
      memory = { ...tokens };
      try {
        storage?.setItem(key, JSON.stringify(memory));
      } catch {
        // Memory only for this page.
      }
    },
    clear() {
      memory = null;
      try {
        storage?.removeItem(key);
      } catch {
        // nothing stored
      }
    },
    has: () => load() !== null,
    toJSON: () => ({ connectionId, tokens: load() ? '[hidden]' : null }),
    toString: () => `[tokens of ${connectionId}]`,
  } as ConnectionTokenStore;
}

/** Forgets a connection's tokens without a store at hand (after the connection is deleted). */
export function clearSessionTokens(connectionId: string, storage: SessionLike | null = session()): void {
  try {
    storage?.removeItem(PREFIX + connectionId);
  } catch {
    // nothing stored
  }
}
