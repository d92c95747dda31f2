/**
 * One adapter per saved connection, made by its kind's descriptor (the adapter code loads lazily). Each gets
 * its own id, `<kind>:<connection id>`, so query keys, editor journals and run history of two servers never
 * mix, and a label that follows renames. Nothing here knows a backend by name.
 */
import type { BackendContext, ConnectionSettings, ConnectionTestResult } from '../../backends/descriptor';
import { memorySecretStore, requireDescriptor, splitSettings } from '../../backends/kinds';
import { BackendError, type BackendAdapter } from '../../backends/types';
import { askSecret } from '../../shell/secret-prompt';
import { adapterSignature, choiceOf, cleanSettings, type SavedConnection } from './model';
import { withIdentity } from './identity';
import { clearSecrets, sessionSecretStore } from './secret-store';
import { connectionsStore } from './store';

/** The context a connection's adapter gets: its secrets, and a prompt for the ones it does not keep. */
function contextFor(conn: SavedConnection): BackendContext {
  const nameOf = () => connectionsStore.getState().connections.find((c) => c.id === conn.id)?.name ?? conn.name;
  return { connectionId: conn.id, secrets: sessionSecretStore(conn.id), askSecret: (req) => askSecret(conn.kind, nameOf(), req) };
}

interface CacheEntry {
  signature: string;
  adapter: Promise<BackendAdapter>;
}
const cache = new Map<string, CacheEntry>();

/** The connection's adapter, made once per identity (address, device...) and reused (session, caches) after that. */
export function adapterForConnection(conn: SavedConnection): Promise<BackendAdapter> {
  const signature = adapterSignature(conn);
  const hit = cache.get(conn.id);
  if (hit && hit.signature === signature) return hit.adapter;
  if (hit)
    void hit.adapter.then(
      (a) => a.dispose?.(),
      () => undefined,
    );
  const adapter = (async () => {
    const d = requireDescriptor(conn.kind);
    const inner = await d.create(conn.settings, contextFor(conn));
    const labelOf = () => connectionsStore.getState().connections.find((c) => c.id === conn.id)?.name ?? conn.name;
    return withIdentity(inner, choiceOf(conn), labelOf);
  })();
  cache.set(conn.id, { signature, adapter });
  adapter.catch(() => {
    if (cache.get(conn.id)?.adapter === adapter) cache.delete(conn.id);
  });
  return adapter;
}

/** Whether this browser holds a session for the adapter (adapters without sessions always do). */
export function isConnected(adapter: BackendAdapter | null): boolean {
  return adapter ? (adapter.session?.isConnected() ?? true) : false;
}

/**
 * Forgets a connection: ends its session on the server (best effort) and drops the adapter and the secrets.
 * Used when a connection is deleted or its identity (address, device) changes.
 */
export async function forgetConnection(connectionId: string): Promise<void> {
  const hit = cache.get(connectionId);
  cache.delete(connectionId);
  if (hit) {
    try {
      const a = await hit.adapter;
      if (a.session?.isConnected()) await a.session.disconnect().catch(() => undefined);
      a.dispose?.();
    } catch {
      // never made: nothing to end
    }
  }
  clearSecrets(connectionId);
}

/** Tests settings that are not saved yet (the connection form), with secrets in memory only. */
export async function testDraftConnection(kind: string, settings: ConnectionSettings): Promise<ConnectionTestResult> {
  const d = requireDescriptor(kind);
  const { plain, secret } = splitSettings(d, cleanSettings(d, settings));
  try {
    const name = typeof settings.name === 'string' ? settings.name : '';
    return await d.testConnection(plain, { connectionId: '', secrets: memorySecretStore(secret), askSecret: (req) => askSecret(kind, name, req) });
  } catch (e) {
    return { ok: false, latencyMs: 0, stage: 'reach', error: e instanceof BackendError ? e : new BackendError('invalid', String(e)) };
  }
}

/** The health of a connection's adapter: its own session's check, else the descriptor's test of its settings. */
export async function checkAdapter(adapter: BackendAdapter, conn: SavedConnection): Promise<ConnectionTestResult> {
  try {
    if (adapter.session) return await adapter.session.check();
    return await requireDescriptor(conn.kind).testConnection(conn.settings, contextFor(conn));
  } catch (e) {
    return { ok: false, latencyMs: 0, stage: 'reach', error: e };
  }
}

/** For tests. */
export function resetAdapterCache(): void {
  cache.clear();
}

