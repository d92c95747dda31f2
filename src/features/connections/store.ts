/**
 * The saved connections and the active backend choice, in localStorage (never secrets). One small zustand
 * store: the top bar, the connections dialog and `useActiveBackend` read it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { BACKEND_KINDS, requireDescriptor } from '../../backends/kinds';
import {
  choiceOf,
  connectionIdOf,
  editConnection,
  LOCAL_CHOICE,
  newConnection,
  parseConnections,
  serializeConnections,
  type BackendChoice,
  type ConnectionInput,
  type SavedConnection,
} from './model';

export const CONNECTIONS_KEY = 'flowbench.connections';
export const ACTIVE_KEY = 'flowbench.backend';

export interface ConnectionsState {
  connections: SavedConnection[];
  /** A built-in kind (`local`) or `<kind>:<id>`; always names something that exists. */
  active: BackendChoice;
  add(kind: string, input: ConnectionInput): SavedConnection;
  update(id: string, input: ConnectionInput): SavedConnection | null;
  remove(id: string): void;
  setActive(choice: BackendChoice): void;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function safeStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function validChoice(choice: string | null, list: SavedConnection[]): BackendChoice {
  if (!choice) return LOCAL_CHOICE;
  if (BACKEND_KINDS.some((d) => d.builtIn && d.kind === choice)) return choice;
  const id = connectionIdOf(choice);
  return id && list.some((c) => c.id === id && choiceOf(c) === choice) ? choice : LOCAL_CHOICE;
}

export function createConnectionsStore(
  storage: StorageLike | null = safeStorage(),
): StoreApi<ConnectionsState> {
  const read = (key: string): string | null => {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  const write = (key: string, value: string) => {
    try {
      storage?.setItem(key, value);
    } catch {
      // Storage full or blocked: the choice lasts for this session only.
    }
  };
  const initial = parseConnections(read(CONNECTIONS_KEY));
  const persist = (s: Pick<ConnectionsState, 'connections' | 'active'>) => {
    write(CONNECTIONS_KEY, serializeConnections(s.connections));
    write(ACTIVE_KEY, s.active);
  };

  return createStore<ConnectionsState>()((set, get) => ({
    connections: initial,
    active: validChoice(read(ACTIVE_KEY), initial),
    add(kind, input) {
      const conn = newConnection(requireDescriptor(kind), input);
      const connections = [...get().connections, conn];
      set({ connections });
      persist(get());
      return conn;
    },
    update(id, input) {
      const cur = get().connections.find((c) => c.id === id);
      if (!cur) return null;
      const next = editConnection(requireDescriptor(cur.kind), cur, input);
      set({ connections: get().connections.map((c) => (c.id === id ? next : c)) });
      persist(get());
      return next;
    },
    remove(id) {
      const connections = get().connections.filter((c) => c.id !== id);
      const gone = get().connections.find((c) => c.id === id);
      const active = gone && get().active === choiceOf(gone) ? LOCAL_CHOICE : get().active;
      set({ connections, active });
      persist(get());
    },
    setActive(choice) {
      set({ active: validChoice(choice, get().connections) });
      persist(get());
    },
  }));
}

/** The app's one store. */
export const connectionsStore = createConnectionsStore();
