/**
 * What the connection UI does, outside React: use (connect, then make active), connect, disconnect, add,
 * edit, delete. Secrets are handled by the secret store and the adapters only; nothing here prints them.
 */
import { requireDescriptor, splitSettings } from '../../backends/kinds';
import type { BackendAdapter } from '../../backends/types';
import { adapterForConnection, forgetConnection } from './adapters';
import {
  adapterSignature,
  choiceOf,
  cleanSettings,
  editConnection as applyEdit,
  LOCAL_CHOICE,
  type ConnectionInput,
  type SavedConnection,
} from './model';
import { sessionSecretStore } from './secret-store';
import { connectionsStore } from './store';

/** Connects when this browser holds no session yet, then makes the connection the active backend. Throws on failure (the active backend stays). */
export async function switchToConnection(conn: SavedConnection): Promise<BackendAdapter> {
  const adapter = await adapterForConnection(conn);
  if (adapter.session && !adapter.session.isConnected()) await adapter.session.connect();
  connectionsStore.getState().setActive(choiceOf(conn));
  return adapter;
}

/** Signs in without switching to it. */
export async function connectConnection(conn: SavedConnection): Promise<BackendAdapter> {
  const adapter = await adapterForConnection(conn);
  await adapter.session?.connect();
  return adapter;
}

/**
 * Ends this browser's session on the server and forgets it. If the connection was the active backend, the
 * local backend takes over (its flows cannot be read without a session). The session is forgotten even
 * when the server cannot be reached (then the error is thrown after).
 */
export async function disconnectConnection(conn: SavedConnection): Promise<void> {
  const adapter = await adapterForConnection(conn);
  try {
    await adapter.session?.disconnect();
  } finally {
    const s = connectionsStore.getState();
    if (s.active === choiceOf(conn)) s.setActive(LOCAL_CHOICE);
  }
}

function keepSecrets(conn: SavedConnection, input: ConnectionInput): void {
  const d = requireDescriptor(conn.kind);
  const { secret } = splitSettings(d, cleanSettings(d, input.settings));
  const store = sessionSecretStore(conn.id);
  for (const [k, v] of Object.entries(secret)) store.set(k, v);
}

/** Saves a new connection: settings in localStorage, secret settings in this tab's session only. */
export function addConnection(kind: string, input: ConnectionInput): SavedConnection {
  const conn = connectionsStore.getState().add(kind, input);
  keepSecrets(conn, input);
  return conn;
}

/** Saves an edit. A new identity (address, device name) ends the old session first (it belongs to the old server). */
export async function editConnection(conn: SavedConnection, input: ConnectionInput): Promise<SavedConnection | null> {
  const probe = applyEdit(requireDescriptor(conn.kind), conn, input);
  if (adapterSignature(probe) !== adapterSignature(conn)) await forgetConnection(conn.id);
  const next = connectionsStore.getState().update(conn.id, input);
  if (next) keepSecrets(next, input);
  return next;
}

/** Deletes a connection: ends its session (best effort), forgets it, and falls back to local if it was active. */
export async function deleteConnection(conn: SavedConnection): Promise<void> {
  const s = connectionsStore.getState();
  if (s.active === choiceOf(conn)) s.setActive(LOCAL_CHOICE);
  await forgetConnection(conn.id);
  connectionsStore.getState().remove(conn.id);
}
