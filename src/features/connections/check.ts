/**
 * The active connection's health, checked when it becomes active (reachability, then authentication) and on
 * demand. The top bar shows it as a chip; a failure shows the banner with a way back to another backend.
 */
import { createStore } from 'zustand/vanilla';
import type { BackendAdapter } from '../../backends/types';
import { checkAdapter } from './adapters';
import { describeTest, type Message } from './describe';
import type { SavedConnection } from './model';

export type CheckState =
  | { status: 'idle' }
  | { status: 'checking'; adapterId: string }
  | { status: 'ok'; adapterId: string; message: Message }
  | { status: 'failed'; adapterId: string; message: Message };

export const checkStore = createStore<{ state: CheckState }>()(() => ({ state: { status: 'idle' } }));

let seq = 0;

export async function checkConnection(adapter: BackendAdapter, conn: SavedConnection): Promise<CheckState> {
  const mine = ++seq;
  checkStore.setState({ state: { status: 'checking', adapterId: adapter.id } });
  const r = await checkAdapter(adapter, conn);
  const state: CheckState = {
    status: r.ok ? 'ok' : 'failed',
    adapterId: adapter.id,
    message: describeTest(r, conn.kind),
  };
  if (mine === seq) checkStore.setState({ state });
  return state;
}

export function clearCheck(): void {
  seq++;
  checkStore.setState({ state: { status: 'idle' } });
}
