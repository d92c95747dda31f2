/** Turns adapter answers into i18n keys and values. Pure, so it is tested without a DOM. */
import type { BackendError } from '../../backends/types';

export interface Message {
  key: string;
  values?: Record<string, unknown>;
}

/** "Xiaomi Mi 14 · Android 14" from vFlow's deviceInfo; '' when it says nothing. */
export function deviceLabel(info: Record<string, unknown> | undefined): string {
  if (!info) return '';
  const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const name = [s(info.brand), s(info.model)].filter(Boolean).join(' ');
  const android = s(info.androidVersion);
  return [name, android ? `Android ${android}` : ''].filter(Boolean).join(' · ');
}

/** The user-facing text of an error: the adapter's message (it already carries the server's words). */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e && typeof (e as Error).message === 'string') {
    const be = e as Partial<BackendError>;
    const server =
      be.serverMessage && !(e as Error).message.includes(be.serverMessage) ? ` (${be.serverMessage})` : '';
    return `${(e as Error).message}${server}`;
  }
  return String(e);
}

export interface TestOutcome {
  ok: boolean;
  latencyMs: number;
  stage?: 'health' | 'auth';
  error?: BackendError;
  serverVersion?: string;
  deviceInfo?: Record<string, unknown>;
}

export function describeTest(r: TestOutcome): Message {
  if (r.ok) {
    const device = deviceLabel(r.deviceInfo);
    return {
      key: 'connections:test.ok',
      values: { version: r.serverVersion ?? '?', device: device || '?', ms: r.latencyMs },
    };
  }
  const stage = r.stage === 'auth' ? 'auth' : 'health';
  return { key: `connections:test.failed.${stage}`, values: { message: r.error ? errorText(r.error) : '' } };
}

/** 12345678 ms → "3 h 25 min"; small values in seconds. */
export function formatUptime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatPercent(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}
