/**
 * App-wide notices (toasts). One small store: transports and the core never call it; the UI layer turns
 * typed errors and command results into notices here.
 */
import { createStore } from 'zustand/vanilla';

export interface AppNotice {
  id: number;
  /** i18n key (namespace-qualified, e.g. `editor:notices.saved`) and its values. */
  key: string;
  values?: Record<string, unknown>;
  tone: 'info' | 'warning' | 'error';
  /** One button on the notice (i18n key of its label). */
  action?: { key: string; run(): void };
}

interface NoticeState {
  notices: AppNotice[];
  push(n: Omit<AppNotice, 'id'>): number;
  dismiss(id: number): void;
}

let nextId = 1;

export const noticeStore = createStore<NoticeState>()((set) => ({
  notices: [],
  push(n) {
    const id = nextId++;
    set((s) => ({ notices: [...s.notices.slice(-4), { ...n, id }] }));
    if (n.tone !== 'error') setTimeout(() => noticeStore.getState().dismiss(id), 5000);
    return id;
  },
  dismiss(id) {
    set((s) => ({ notices: s.notices.filter((x) => x.id !== id) }));
  },
}));
