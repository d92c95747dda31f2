/**
 * The embedded local backend as a kind: built in (no connection, no settings), always available. Flows live
 * in this browser's IndexedDB; runs execute in a Web Worker in the browser and in-process elsewhere (Node,
 * Vitest, scripts: IndexedDB must exist there, e.g. fake-indexeddb).
 *
 * Settings (programmatic only): `dbName` (default `flowbench`), `engine` (an `EngineRunner` to use instead).
 */
import { localSyntax } from '../../model/references/local';
import type { BackendDescriptor } from '../descriptor';
import type { EngineRunner } from './engine/api';

async function engineFor(given: unknown): Promise<EngineRunner> {
  if (given && typeof given === 'object' && typeof (given as EngineRunner).start === 'function') return given as EngineRunner;
  if (typeof window !== 'undefined' && typeof Worker !== 'undefined') {
    return (await import('./engine/worker-runner')).createWorkerEngineRunner();
  }
  return (await import('./engine/in-process-runner')).createInProcessEngineRunner();
}

export const localDescriptor: BackendDescriptor = {
  kind: 'local',
  label: 'kind.label',
  // A browser window.
  icon: 'M3 4h18a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1zm1 4v10h16V8H4z',
  description: 'kind.description',
  builtIn: true,
  settings: { type: 'object', properties: {} },
  secretSettings: [],
  async create(settings) {
    const [{ createLocalAdapter }, engine] = await Promise.all([import('./local-adapter'), engineFor(settings.engine)]);
    const dbName = typeof settings.dbName === 'string' && settings.dbName ? settings.dbName : undefined;
    return createLocalAdapter(dbName ? { dbName, engine } : { engine });
  },
  // Nothing to reach: the database and the engine are in this page.
  testConnection: () => Promise.resolve({ ok: true, latencyMs: 0 }),
  referenceSyntax: localSyntax,
};
