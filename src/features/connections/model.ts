/**
 * Saved backend connections: which kind, a name, and the non-secret settings the kind's descriptor asks for.
 * Secrets (passwords, API keys, tokens) never are: see secret-store.ts. Pure functions, no React.
 *
 * Stored form version 2: `{ version: 2, connections: [{ id, kind, name, settings, createdAt }] }`. Version 1
 * entries (a kind's fields at the top level) are read and migrated by the kind's `legacySettings`.
 */
import { nanoid } from 'nanoid';
import type { BackendDescriptor, ConnectionSettings } from '../../backends/descriptor';
import { descriptorOf } from '../../backends/kinds';

export interface SavedConnection {
  /** Stable local id; the adapter id is `<kind>:<id>`. */
  id: string;
  kind: string;
  name: string;
  /** Non-secret settings, by the descriptor's setting names (plus values it made once, e.g. a device id). */
  settings: ConnectionSettings;
  createdAt: number;
}

export interface ConnectionInput {
  name: string;
  /** Every setting the form holds, secret ones included (they are split off before saving). */
  settings: ConnectionSettings;
}

/** A built-in kind's id (`local`), or `<kind>:<connection id>`. */
export type BackendChoice = string;
export const LOCAL_CHOICE: BackendChoice = 'local';

export const choiceOf = (conn: Pick<SavedConnection, 'id' | 'kind'>): BackendChoice => `${conn.kind}:${conn.id}`;

export function connectionIdOf(choice: BackendChoice): string | null {
  const i = choice.indexOf(':');
  return i > 0 ? choice.slice(i + 1) : null;
}

/** Problems with a connection form, by field (`name`, or a setting name); values are i18n keys. */
export function validateConnection(descriptor: BackendDescriptor, input: ConnectionInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (!input.name.trim()) out.name = 'connections:form.problems.nameRequired';
  const problems = descriptor.validateSettings?.(input.settings) ?? {};
  for (const [k, v] of Object.entries(problems)) out[k] = v;
  for (const k of descriptor.settings.required ?? []) {
    const v = input.settings[k];
    if (!out[k] && (v === undefined || v === null || (typeof v === 'string' && !v.trim())))
      out[k] = 'connections:form.problems.required';
  }
  return out;
}

/** Trims strings, and drops a trailing slash from URL settings so equal addresses compare equal. */
export function cleanSettings(descriptor: BackendDescriptor, settings: ConnectionSettings): ConnectionSettings {
  const out: ConnectionSettings = {};
  for (const [k, v] of Object.entries(settings)) {
    if (typeof v !== 'string') out[k] = v;
    else {
      const format = descriptor.settings.properties[k]?.format;
      out[k] = format === 'uri' || format === 'url' ? v.trim().replace(/\/+$/, '') : v.trim();
    }
  }
  return out;
}

/** Only what may be stored: the secret settings are dropped. */
export function plainSettings(descriptor: BackendDescriptor, settings: ConnectionSettings): ConnectionSettings {
  const out: ConnectionSettings = {};
  for (const [k, v] of Object.entries(settings)) if (!descriptor.secretSettings.includes(k)) out[k] = v;
  return out;
}

/** A new connection of a kind (settings cleaned, secrets dropped). */
export function newConnection(
  descriptor: BackendDescriptor,
  input: ConnectionInput,
  now = Date.now(),
): SavedConnection {
  return {
    id: `c${nanoid(10)}`,
    kind: descriptor.kind,
    name: input.name.trim(),
    settings: plainSettings(descriptor, cleanSettings(descriptor, input.settings)),
    createdAt: now,
  };
}

/** Applies an edit to the settings the form shows; the id, kind and the others (a device id made once) stay. */
export function editConnection(
  descriptor: BackendDescriptor,
  conn: SavedConnection,
  input: ConnectionInput,
): SavedConnection {
  const edited = plainSettings(descriptor, cleanSettings(descriptor, input.settings));
  const settings = { ...conn.settings };
  for (const k of Object.keys(descriptor.settings.properties)) if (k in edited) settings[k] = edited[k];
  return { ...conn, name: input.name.trim(), settings };
}

/** What the adapter depends on: a change means a new adapter (and a new session). */
export function adapterSignature(conn: Pick<SavedConnection, 'kind' | 'settings'>): string {
  const d = descriptorOf(conn.kind);
  const names = d?.identitySettings ?? Object.keys(conn.settings).sort();
  return JSON.stringify([conn.kind, ...names.map((n) => conn.settings[n] ?? null)]);
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A version 1 entry (one kind's fields at the top level) as a version 2 one, by its kind's descriptor. */
function migrateV1(c: Record<string, unknown>): SavedConnection | null {
  if (!str(c.id) || !str(c.name) || !str(c.kind)) return null;
  const settings = descriptorOf(c.kind)?.legacySettings?.(c) ?? null;
  if (!settings) return null;
  return { id: c.id, kind: c.kind, name: c.name, settings, createdAt: typeof c.createdAt === 'number' ? c.createdAt : 0 };
}

/**
 * Reads stored connections defensively: anything malformed, of an unknown kind, or of a built-in kind is
 * dropped, never thrown. Secret settings found in storage are dropped too (they must never be there).
 */
export function parseConnections(raw: string | null): SavedConnection[] {
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  const list = isRecord(data) && Array.isArray(data.connections) ? (data.connections as unknown[]) : [];
  const out: SavedConnection[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    if (!isRecord(item)) continue;
    const conn: SavedConnection | null = isRecord(item.settings)
      ? str(item.id) && str(item.kind) && str(item.name)
        ? {
            id: item.id,
            kind: item.kind,
            name: item.name,
            settings: item.settings,
            createdAt: typeof item.createdAt === 'number' ? item.createdAt : 0,
          }
        : null
      : migrateV1(item);
    if (!conn || seen.has(conn.id)) continue;
    const d = descriptorOf(conn.kind);
    if (!d || d.builtIn) continue;
    seen.add(conn.id);
    out.push({ ...conn, settings: plainSettings(d, conn.settings) });
  }
  return out;
}

/** The stored form: exactly the fields of `SavedConnection`, nothing else. */
export function serializeConnections(list: SavedConnection[]): string {
  return JSON.stringify({
    version: 2,
    connections: list.map(({ id, kind, name, settings, createdAt }) => ({ id, kind, name, settings, createdAt })),
  });
}

/** The address a connection is known by (its first URL setting), for lists and headings; '' if none. */
export function addressOf(conn: SavedConnection): string {
  const d = descriptorOf(conn.kind);
  for (const [k, p] of Object.entries(d?.settings.properties ?? {})) {
    if ((p.format === 'uri' || p.format === 'url') && typeof conn.settings[k] === 'string') return conn.settings[k];
  }
  return '';
}
