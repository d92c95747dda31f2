/**
 * FastAPI error bodies: `{"detail": "text"}`, `{"detail": {"message": ...}}` or, for 422, `{"detail": [{loc,
 * msg, type, input}]}`. The field list is turned into one readable line ("body.name: Field required") and
 * kept whole in `details` for the UI.
 */
import type { ServerErrorInfo } from '../transport';

interface FastApiIssue {
  loc?: unknown[];
  msg?: unknown;
  type?: unknown;
}

export function describeFastApiError(body: unknown): ServerErrorInfo | undefined {
  if (typeof body === 'string') return body.trim() ? { message: body.trim().slice(0, 2000) } : undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const detail = (body as { detail?: unknown }).detail;
  if (typeof detail === 'string') return { message: detail };
  if (Array.isArray(detail)) {
    const issues = detail as FastApiIssue[];
    const text = issues
      .map((i) => `${Array.isArray(i.loc) ? i.loc.join('.') : '?'}: ${typeof i.msg === 'string' ? i.msg : 'invalid'}`)
      .join('; ');
    return { message: text || 'The server rejected the request as invalid.', code: typeof issues[0]?.type === 'string' ? issues[0].type : undefined, details: issues };
  }
  if (typeof detail === 'object' && detail !== null) {
    const d = detail as { message?: unknown; code?: unknown };
    return { message: typeof d.message === 'string' ? d.message : JSON.stringify(detail), code: typeof d.code === 'string' || typeof d.code === 'number' ? d.code : undefined, details: detail };
  }
  return undefined;
}
