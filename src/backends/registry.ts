/**
 * Backends by id, so the app picks the active one from settings. Each adapter folder registers its factory
 * (`registerBackend('vflow', (config) => createVflowAdapter(config))`); the app calls `createBackend`.
 */
import { BackendError, type BackendAdapter } from './types';

export type BackendConfig = Record<string, unknown>;
export type BackendFactory = (config: BackendConfig) => BackendAdapter;

export interface BackendRegistration {
  id: string;
  /** Shown in the backend picker. */
  label: string;
  factory: BackendFactory;
}

const registry = new Map<string, BackendRegistration>();

export function registerBackend(id: string, factory: BackendFactory, opts: { label?: string; replace?: boolean } = {}): void {
  if (registry.has(id) && !opts.replace) throw new Error(`A backend "${id}" is already registered; pass { replace: true } to replace it.`);
  registry.set(id, { id, label: opts.label ?? id, factory });
}

export function unregisterBackend(id: string): void {
  registry.delete(id);
}

export function listBackends(): BackendRegistration[] {
  return [...registry.values()];
}

export function hasBackend(id: string): boolean {
  return registry.has(id);
}

export function createBackend(id: string, config: BackendConfig = {}): BackendAdapter {
  const reg = registry.get(id);
  if (!reg) {
    const known = [...registry.keys()].join(', ') || 'none';
    throw new BackendError('unsupported', `No backend "${id}" is registered (known: ${known}).`);
  }
  return reg.factory(config);
}
