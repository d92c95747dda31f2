/**
 * The one list of backend kinds. Registering a backend is one line in `BACKEND_KINDS`; nothing above
 * src/backends names a backend. The descriptors are small (the adapters load lazily in `create`).
 *
 * `createBackend(kind, settings, ctx?)` is the programmatic entry for tests and scripts (Node or browser):
 *
 *     const adapter = await createBackend('vflow', { baseUrl: 'http://127.0.0.1:8787', deviceName: 'script' });
 */
import type {
  BackendContext,
  BackendDescriptor,
  ConnectionSettings,
  SecretStore,
} from './descriptor';
import { difyDescriptor } from './dify/descriptor';
import { localDescriptor } from './local/descriptor';
import { noderedDescriptor } from './nodered/descriptor';
import { skillflawDescriptor } from './skillflaw/descriptor';
import { vflowDescriptor } from './vflow/descriptor';
import { viasocketDescriptor } from './viasocket/descriptor';
import { automaticworkerDescriptor } from './automaticworker/descriptor';
import { BackendError, type BackendAdapter } from './types';

export const BACKEND_KINDS: readonly BackendDescriptor[] = [
  localDescriptor,
  vflowDescriptor,
  difyDescriptor,
  viasocketDescriptor,
  automaticworkerDescriptor,
  noderedDescriptor,
  skillflawDescriptor,
];

export function descriptorOf(kind: string): BackendDescriptor | undefined {
  return BACKEND_KINDS.find((d) => d.kind === kind);
}

/** Like `descriptorOf`, but an unknown kind is a typed error naming the known ones. */
export function requireDescriptor(kind: string): BackendDescriptor {
  const d = descriptorOf(kind);
  if (!d) {
    const known = BACKEND_KINDS.map((k) => k.kind).join(', ');
    throw new BackendError('unsupported', `No backend kind "${kind}" (known: ${known}).`);
  }
  return d;
}

/** Secrets in memory: for scripts, tests and throwaway adapters (a connection test). */
export function memorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const m = new Map(Object.entries(initial));
  return {
    get: (k) => m.get(k) ?? null,
    set: (k, v) => void m.set(k, v),
    delete: (k) => void m.delete(k),
  };
}

/** A context for ad-hoc use: no saved connection, secrets in memory. */
export function adHocContext(): BackendContext {
  return { connectionId: '', secrets: memorySecretStore() };
}

/**
 * Makes an adapter of a kind from plain settings, secret ones included (`{ baseUrl, token }`); secrets go
 * to `ctx.secrets` as the UI would keep them. Throws a `BackendError` for an unknown kind or bad settings.
 */
export async function createBackend(
  kind: string,
  settings: ConnectionSettings = {},
  ctx: BackendContext = adHocContext(),
): Promise<BackendAdapter> {
  const d = requireDescriptor(kind);
  const { plain, secret } = splitSettings(d, settings);
  for (const [k, v] of Object.entries(secret)) ctx.secrets.set(k, v);
  const problems = d.validateSettings?.(plain) ?? {};
  const first = Object.entries(problems)[0];
  if (first) throw new BackendError('invalid', `${d.kind} settings: ${first[0]}: ${first[1]}`);
  return d.create({ ...(d.defaults?.() ?? {}), ...plain }, ctx);
}

/** Splits settings into what may be saved and the secret strings (kept in sessionStorage only). */
export function splitSettings(
  d: BackendDescriptor,
  settings: ConnectionSettings,
): { plain: ConnectionSettings; secret: Record<string, string> } {
  const plain: ConnectionSettings = {};
  const secret: Record<string, string> = {};
  for (const [k, v] of Object.entries(settings)) {
    if (d.secretSettings.includes(k)) {
      if (typeof v === 'string' && v !== '') secret[k] = v;
    } else plain[k] = v;
  }
  return { plain, secret };
}

export type EnvSetting = 'URL' | 'TOKEN' | 'KEY' | 'USER' | 'PASSWORD';

/**
 * Settings of a kind from `FLOWBENCH_<KIND>_<X>` environment variables, for each setting marked
 * `'x-env': X`; null when `FLOWBENCH_<KIND>_URL` is not set (then tests use the project's test server).
 */
export function settingsFromEnv(
  kind: string,
  env: Record<string, string | undefined>,
): ConnectionSettings | null {
  const d = requireDescriptor(kind);
  const prefix = `FLOWBENCH_${kind.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
  if (!env[`${prefix}URL`]) return null;
  const out: ConnectionSettings = {};
  for (const [name, prop] of Object.entries(d.settings.properties)) {
    const x = prop['x-env'];
    if (typeof x !== 'string') continue;
    const v = env[prefix + x];
    if (v !== undefined && v !== '') out[name] = v;
  }
  return out;
}
