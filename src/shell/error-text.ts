/**
 * The one place an error becomes text for the user, in the user's language (namespace `errors`):
 * - `OpError` (an impossible edit) by its code and values;
 * - `BackendError` by its code, with the server's own words (or, when the server gave none, the adapter's
 *   English message) kept verbatim beside the translation: they are what a bug report or the backend's own
 *   documentation needs, so they are never translated or dropped;
 * - anything else by its message.
 * Adapters and the model keep English messages for logs and tests; only this turns them into UI text.
 */
import type { TFunction } from 'i18next';
import { i18next } from '../i18n';
import { OP_ERROR_CODES, OpError, type OpErrorCode } from '../model/op-error';
import type { BackendError, ErrorCode } from '../backends/types';

/** Every `ErrorCode`, checked by the compiler both ways, so the locale test can enumerate them. */
const CODES = {
  'not-found': true,
  conflict: true,
  invalid: true,
  unauthorized: true,
  forbidden: true,
  'rate-limited': true,
  unavailable: true,
  timeout: true,
  network: true,
  cancelled: true,
  unsupported: true,
  internal: true,
} satisfies Record<ErrorCode, true>;
export const BACKEND_ERROR_CODES = Object.keys(CODES) as ErrorCode[];
export { OP_ERROR_CODES };

/** A backend error, also when it crossed a boundary (worker, structured clone) as a plain object. */
function asBackendError(e: unknown): BackendError | null {
  if (!e || typeof e !== 'object') return null;
  const b = e as Partial<BackendError>;
  return typeof b.code === 'string' && b.code in CODES && typeof b.message === 'string' && (b.name === 'BackendError' || 'retryable' in b)
    ? (b as BackendError)
    : null;
}

function isOpError(e: unknown): e is OpError {
  return e instanceof OpError && (OP_ERROR_CODES as readonly string[]).includes(e.code);
}

export function errorText(e: unknown, t: TFunction = i18next.t.bind(i18next)): string {
  if (isOpError(e)) return t(`errors:op.${e.code satisfies OpErrorCode}`, { ...e.values, defaultValue: e.message });
  const be = asBackendError(e);
  if (be) {
    const summary = t(`errors:backend.${be.code}`);
    const server = be.serverMessage?.trim();
    if (server && !be.message.includes(server)) return t('errors:withServer', { summary, message: be.message, server });
    return t('errors:backendMessage', { summary, message: be.message });
  }
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return e === undefined || e === null ? '' : String(e);
}
