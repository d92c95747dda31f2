/**
 * What the connection UI does, outside React: use (connect, then make active), disconnect (revoke), edit,
 * delete. Tokens are handled by the adapter's token store only; nothing here reads or prints them.
 */
import { adapterForConnection, forgetConnection, type ConnectionAdapter } from './adapters';
import {
  adapterSignature,
  choiceOf,
  LOCAL_CHOICE,
  type ConnectionInput,
  type SavedConnection,
} from './model';
import { connectionsStore } from './store';

/** Connects when this browser holds no token yet, then makes the connection the active backend. Throws on failure (the active backend stays). */
export async function switchToConnection(conn: SavedConnection): Promise<ConnectionAdapter> {
  const adapter = await adapterForConnection(conn);
  if (!adapter.hasToken()) await adapter.connect();
  connectionsStore.getState().setActive(choiceOf(conn.id));
  return adapter;
}

/** Connects (POST /auth/token) without switching to it. */
export async function connectConnection(conn: SavedConnection): Promise<ConnectionAdapter> {
  const adapter = await adapterForConnection(conn);
  await adapter.connect();
  return adapter;
}

/**
 * Revokes this browser's token on the device and forgets it. If the connection was the active backend, the
 * local backend takes over (its flows cannot be read without a token). The token is forgotten even when the
 * device cannot be reached (then the error is thrown after).
 */
export async function disconnectConnection(conn: SavedConnection): Promise<void> {
  const adapter = await adapterForConnection(conn);
  try {
    await adapter.revoke();
  } finally {
    const s = connectionsStore.getState();
    if (s.active === choiceOf(conn.id)) s.setActive(LOCAL_CHOICE);
  }
}

/** Saves an edit. A new address or device name ends the old session first (its token belongs to the old device). */
export async function editConnection(
  conn: SavedConnection,
  input: ConnectionInput,
): Promise<SavedConnection | null> {
  const probe = {
    ...conn,
    baseUrl: input.baseUrl.trim().replace(/\/+$/, ''),
    deviceName: input.deviceName.trim(),
  };
  if (adapterSignature(probe) !== adapterSignature(conn)) await forgetConnection(conn.id);
  return connectionsStore.getState().update(conn.id, input);
}

/** Deletes a connection: revokes its token (best effort), forgets it, and falls back to local if it was active. */
export async function deleteConnection(conn: SavedConnection): Promise<void> {
  const s = connectionsStore.getState();
  if (s.active === choiceOf(conn.id)) s.setActive(LOCAL_CHOICE);
  await forgetConnection(conn.id);
  connectionsStore.getState().remove(conn.id);
}
