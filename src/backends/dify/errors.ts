/**
 * Dify's error body (`{"code": "invalid_param", "message": "...", "status": 400}`) to `BackendError`s. The
 * documented codes keep their words (`serverCode`, `serverMessage`); the HTTP status refines the rest.
 * No error text ever carries an API key: keys travel only in the Authorization header.
 */
import { defaultServerError, type ServerErrorInfo } from '../transport';
import type { ErrorCode } from '../types';

/** The documented run errors and what they mean for the user. */
export const DIFY_ERROR_CODES: Record<string, ErrorCode> = {
  invalid_param: 'invalid',
  app_unavailable: 'unavailable',
  provider_not_initialize: 'unavailable',
  provider_quota_exceeded: 'rate-limited',
  model_currently_not_support: 'unsupported',
  workflow_request_error: 'internal',
  completion_request_error: 'internal',
  unauthorized: 'unauthorized',
  not_found: 'not-found',
  too_many_requests: 'rate-limited',
  rate_limit_error: 'rate-limited',
  internal_server_error: 'internal',
  no_file_uploaded: 'invalid',
  too_many_files: 'invalid',
  file_too_large: 'invalid',
  unsupported_file_type: 'invalid',
};

/** Retrying these does not help: the app's or the workspace's configuration must change first. */
export const NOT_RETRYABLE = new Set(['app_unavailable', 'provider_not_initialize', 'provider_quota_exceeded', 'model_currently_not_support']);

export function describeDifyError(body: unknown): ServerErrorInfo {
  const info = defaultServerError(body);
  const code = typeof info.code === 'string' ? info.code : undefined;
  const mapped = code ? DIFY_ERROR_CODES[code] : undefined;
  return mapped ? { ...info, errorCode: mapped } : info;
}
