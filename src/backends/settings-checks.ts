/**
 * Checks of connection settings every HTTP backend shares, before any request. Problems are i18n keys of
 * `connections:form.problems`. Credentials, queries and fragments are refused in an address: secrets travel
 * in headers only, and an address is shown and stored in clear.
 */
export type UrlProblem = 'urlRequired' | 'urlInvalid' | 'urlScheme' | 'urlCredentials' | 'urlQuery';

/** Trims, and drops a trailing slash so equal addresses compare equal. */
export function normalizeBaseUrl(raw: unknown): string {
  return (typeof raw === 'string' ? raw : '').trim().replace(/\/+$/, '');
}

export function urlProblem(raw: unknown): UrlProblem | null {
  const url = normalizeBaseUrl(raw);
  if (!url) return 'urlRequired';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'urlInvalid';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'urlScheme';
  if (parsed.username || parsed.password) return 'urlCredentials';
  if (parsed.search || parsed.hash || url.includes('?') || url.includes('#')) return 'urlQuery';
  return null;
}
