/**
 * Secrets a connection does not keep (a password left empty), asked for when an adapter signs in. Adapters
 * get `askSecret` in their context (features/connections/adapters.ts); the prompt dialog
 * (features/server-tools/SecretPrompt.tsx) answers the oldest request. Answers are handed to the asking
 * adapter and never stored here.
 */
import { createStore } from 'zustand/vanilla';
import type { SecretRequest } from '../backends/descriptor';

export interface PendingSecret {
  id: number;
  /** The backend kind (whose namespace the request's label is in). */
  kind: string;
  /** The connection's name, for the prompt's title. */
  connection: string;
  request: SecretRequest;
  answer(value: string | null): void;
}

interface SecretPromptState {
  pending: PendingSecret[];
}

export const secretPromptStore = createStore<SecretPromptState>()(() => ({ pending: [] }));

let nextId = 1;

/** Queues a request and resolves with the user's answer (null: cancelled). */
export function askSecret(kind: string, connection: string, request: SecretRequest): Promise<string | null> {
  return new Promise((resolve) => {
    const id = nextId++;
    const answer = (value: string | null) => {
      secretPromptStore.setState((s) => ({ pending: s.pending.filter((p) => p.id !== id) }));
      resolve(value);
    };
    secretPromptStore.setState((s) => ({ pending: [...s.pending, { id, kind, connection, request, answer }] }));
  });
}
