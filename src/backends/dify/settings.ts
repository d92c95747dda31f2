/**
 * Connection settings of a Dify backend, parsed and checked without any request. API keys come one per line
 * (or comma separated), optionally `Label = app-key`; each key is one app.
 */
import { BackendError } from '../types';
import type { ConnectionSettings } from '../descriptor';
import { urlProblem } from '../settings-checks';
import type { DifyAdapterOptions, DifyAppConfig } from './adapter';

export const DEFAULT_BASE_URL = 'https://api.dify.ai/v1';

export function parseApiKeys(raw: unknown): DifyAppConfig[] {
  const lines = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[\n,]/) : [];
  const out: DifyAppConfig[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    const eq = text.lastIndexOf('=');
    const label = eq > 0 ? text.slice(0, eq).trim() : '';
    const apiKey = (eq > 0 ? text.slice(eq + 1) : text).trim();
    if (!apiKey || seen.has(apiKey)) continue;
    seen.add(apiKey);
    out.push(label ? { apiKey, label } : { apiKey });
  }
  return out;
}

/**
 * Problems by setting name, before any request: i18n keys of the `backend-dify` namespace, or of
 * `connections:`. The keys are checked only when given (they are secret: a caller may hold them elsewhere).
 */
export function settingsProblems(settings: ConnectionSettings): Record<string, string> {
  const problems: Record<string, string> = {};
  const url = urlProblem(settings.baseUrl);
  if (url) problems.baseUrl = `connections:form.problems.${url}`;
  if (typeof settings.apiKeys === 'string' && settings.apiKeys.trim()) {
    const keys = parseApiKeys(settings.apiKeys);
    if (keys.length === 0) problems.apiKeys = 'settings.apiKeys.missing';
    else if (keys.some((k) => /\s/.test(k.apiKey))) problems.apiKeys = 'settings.apiKeys.invalid';
  }
  return problems;
}

export function adapterOptionsOf(settings: ConnectionSettings): DifyAdapterOptions {
  const problems = settingsProblems(settings);
  const first = Object.entries(problems)[0];
  if (first) throw new BackendError('invalid', `Dify settings: ${first[0]} is not valid (${first[1]}).`);
  if (parseApiKeys(settings.apiKeys).length === 0) throw new BackendError('invalid', 'Dify settings: add at least one app API key.');
  const opts: DifyAdapterOptions = { baseUrl: String(settings.baseUrl).trim(), apps: parseApiKeys(settings.apiKeys) };
  if (typeof settings.user === 'string' && settings.user.trim()) opts.user = settings.user.trim();
  if (settings.responseMode === 'blocking' || settings.responseMode === 'streaming') opts.responseMode = settings.responseMode;
  if (typeof settings.useInfoEndpoint === 'boolean') opts.useInfoEndpoint = settings.useInfoEndpoint;
  return opts;
}
