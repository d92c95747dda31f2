/**
 * Saved backend connections: what is kept (name, base URL, device name, a device id made once per connection)
 * and what never is (tokens: see token-store.ts). Pure functions, no React.
 */
import { nanoid } from 'nanoid';

export interface SavedConnection {
  /** Stable local id; the adapter id is `vflow:<id>`. */
  id: string;
  kind: 'vflow';
  name: string;
  /** `http://<device-ip>:8080`, with or without `/api/v1`. */
  baseUrl: string;
  deviceName: string;
  /** Sent with POST /auth/token; made once when the connection is created, never changed by edits. */
  deviceId: string;
  createdAt: number;
}

export interface ConnectionInput {
  name: string;
  baseUrl: string;
  deviceName: string;
}

/** `local`, or `vflow:<connection id>`. */
export type BackendChoice = string;
export const LOCAL_CHOICE: BackendChoice = 'local';

export const choiceOf = (connectionId: string): BackendChoice => `vflow:${connectionId}`;

export function connectionIdOf(choice: BackendChoice): string | null {
  return choice.startsWith('vflow:') ? choice.slice('vflow:'.length) : null;
}

export type InputProblem =
  | 'nameRequired'
  | 'urlRequired'
  | 'urlInvalid'
  | 'urlScheme'
  | 'urlCredentials'
  | 'urlQuery'
  | 'deviceNameRequired';

/** Trims, and drops a trailing slash so equal addresses compare equal. */
export function normalizeBaseUrl(raw: string): string {
  return raw.trim().replace(/\/+$/, '');
}

/**
 * Problems with a connection form, by field. Credentials, queries and fragments are refused in the address:
 * tokens travel only in the Authorization header, and an address is shown and stored in clear.
 */
export function validateConnection(
  input: ConnectionInput,
): Partial<Record<keyof ConnectionInput, InputProblem>> {
  const out: Partial<Record<keyof ConnectionInput, InputProblem>> = {};
  if (!input.name.trim()) out.name = 'nameRequired';
  if (!input.deviceName.trim()) out.deviceName = 'deviceNameRequired';
  const url = normalizeBaseUrl(input.baseUrl);
  if (!url) out.baseUrl = 'urlRequired';
  else {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed) out.baseUrl = 'urlInvalid';
    else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') out.baseUrl = 'urlScheme';
    else if (parsed.username || parsed.password) out.baseUrl = 'urlCredentials';
    else if (parsed.search || parsed.hash || url.includes('?') || url.includes('#')) out.baseUrl = 'urlQuery';
  }
  return out;
}

export function newDeviceId(): string {
  return `flowbench-${nanoid(21)}`;
}

/** A new connection; `deviceId` when the form already tested with one (the device then sees one device). */
export function newConnection(
  input: ConnectionInput,
  deviceId: string = newDeviceId(),
  now = Date.now(),
): SavedConnection {
  return {
    id: `c${nanoid(10)}`,
    kind: 'vflow',
    name: input.name.trim(),
    baseUrl: normalizeBaseUrl(input.baseUrl),
    deviceName: input.deviceName.trim(),
    deviceId,
    createdAt: now,
  };
}

/** Applies an edit; the id and device id stay. */
export function editConnection(conn: SavedConnection, input: ConnectionInput): SavedConnection {
  return {
    ...conn,
    name: input.name.trim(),
    baseUrl: normalizeBaseUrl(input.baseUrl),
    deviceName: input.deviceName.trim(),
  };
}

/** What the adapter depends on: a change means a new adapter (and new tokens). */
export function adapterSignature(conn: SavedConnection): string {
  return JSON.stringify([conn.baseUrl, conn.deviceName, conn.deviceId]);
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Reads stored connections defensively: anything malformed is dropped, never thrown. Token-like fields are ignored. */
export function parseConnections(raw: string | null): SavedConnection[] {
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  const list = (
    data && typeof data === 'object' && Array.isArray((data as { connections?: unknown }).connections)
      ? (data as { connections: unknown[] }).connections
      : []
  ) as unknown[];
  const out: SavedConnection[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const c = item as Record<string, unknown>;
    if (!str(c.id) || !str(c.name) || !str(c.baseUrl) || !str(c.deviceId) || seen.has(c.id)) continue;
    seen.add(c.id);
    out.push({
      id: c.id,
      kind: 'vflow',
      name: c.name,
      baseUrl: c.baseUrl,
      deviceName: str(c.deviceName) ? c.deviceName : 'Flowbench',
      deviceId: c.deviceId,
      createdAt: typeof c.createdAt === 'number' ? c.createdAt : 0,
    });
  }
  return out;
}

/** The stored form: exactly the fields of `SavedConnection`, nothing else. */
export function serializeConnections(list: SavedConnection[]): string {
  return JSON.stringify({
    version: 1,
    connections: list.map(({ id, kind, name, baseUrl, deviceName, deviceId, createdAt }) => ({
      id,
      kind,
      name,
      baseUrl,
      deviceName,
      deviceId,
      createdAt,
    })),
  });
}
