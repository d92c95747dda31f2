/**
 * HTTP for one Dify app (one API key). The key goes only into the `Authorization: Bearer` header: never into
 * a URL, an error message, a log or an export. Every answer is validated (zod); every failure is a
 * `BackendError` with Dify's own code and words.
 */
import type { z } from 'zod';
import { fetchJson, fetchResponse, type FetchLike } from '../transport';
import { BackendError } from '../types';
import { describeDifyError, NOT_RETRYABLE } from './errors';
import {
  blockingResponseSchema,
  infoSchema,
  logsSchema,
  parametersSchema,
  runDetailSchema,
  stopResponseSchema,
  uploadResponseSchema,
  type DifyLogs,
  type DifyParameters,
  type DifyRunDetail,
  type DifyUploadedFile,
} from './schemas';

export interface DifyClientOptions {
  /** The app's API base URL, e.g. `https://api.dify.ai/v1`. */
  baseUrl: string;
  apiKey: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export interface RunRequestBody {
  inputs: Record<string, unknown>;
  response_mode: 'streaming' | 'blocking';
  user: string;
  files?: unknown[];
}

/** A `BackendError` with retryability corrected for Dify's configuration errors. */
function refine(e: unknown): unknown {
  if (!(e instanceof BackendError) || typeof e.serverCode !== 'string' || !NOT_RETRYABLE.has(e.serverCode) || !e.retryable) return e;
  // The transport's advice ("retry shortly") is wrong here: the app or its model provider must be fixed.
  const message = `Dify refused the request (${e.serverCode}): ${e.serverMessage ?? e.message} Fix the app or its model provider in Dify; retrying will not help.`;
  return new BackendError(e.code, message, { retryable: false, serverCode: e.serverCode, serverMessage: e.serverMessage, details: e.details, cause: e });
}

export function normaliseBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

export class DifyClient {
  readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly fetchImpl: FetchLike | undefined;
  private readonly timeoutMs: number | undefined;

  constructor(opts: DifyClientOptions) {
    this.baseUrl = normaliseBaseUrl(opts.baseUrl);
    this.apiKey = opts.apiKey;
    this.fetchImpl = opts.fetch;
    this.timeoutMs = opts.timeoutMs;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.apiKey}` };
  }

  private async json<T>(path: string, schema: z.ZodType<T>, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
    try {
      return await fetchJson(`${this.baseUrl}${path}`, {
        ...init,
        headers: this.headers(),
        fetch: this.fetchImpl,
        timeoutMs: this.timeoutMs,
        describeError: describeDifyError,
        parse: (raw) => schema.parse(raw),
      });
    } catch (e) {
      throw refine(e);
    }
  }

  parameters(user: string): Promise<DifyParameters> {
    return this.json(`/parameters?user=${encodeURIComponent(user)}`, parametersSchema);
  }

  info(): Promise<{ name: string; description?: string | null; tags?: string[] | null }> {
    return this.json('/info', infoSchema);
  }

  runBlocking(body: RunRequestBody, signal?: AbortSignal) {
    return this.json('/workflows/run', blockingResponseSchema, { method: 'POST', body: { ...body, response_mode: 'blocking' }, signal });
  }

  /** The streaming run's response, once its headers arrived (the body is read by `readSse`). */
  async runStreaming(body: RunRequestBody, signal?: AbortSignal): Promise<Response> {
    try {
      return await fetchResponse(`${this.baseUrl}/workflows/run`, {
        method: 'POST',
        body: { ...body, response_mode: 'streaming' },
        headers: { ...this.headers(), accept: 'text/event-stream' },
        fetch: this.fetchImpl,
        timeoutMs: this.timeoutMs,
        signal,
        describeError: describeDifyError,
      });
    } catch (e) {
      throw refine(e);
    }
  }

  runDetail(workflowRunId: string, signal?: AbortSignal): Promise<DifyRunDetail> {
    return this.json(`/workflows/run/${encodeURIComponent(workflowRunId)}`, runDetailSchema, { signal });
  }

  stop(taskId: string, user: string): Promise<{ result: string }> {
    return this.json(`/workflows/tasks/${encodeURIComponent(taskId)}/stop`, stopResponseSchema, { method: 'POST', body: { user } });
  }

  logs(query: { keyword?: string; status?: string; page?: number; limit?: number }): Promise<DifyLogs> {
    const params = new URLSearchParams();
    if (query.keyword) params.set('keyword', query.keyword);
    if (query.status) params.set('status', query.status);
    if (query.page !== undefined) params.set('page', String(query.page));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    return this.json(`/workflows/logs${qs ? `?${qs}` : ''}`, logsSchema);
  }

  /** `POST /files/upload` (multipart `file` + `user`), Dify's File Upload API. */
  upload(file: Blob, name: string, user: string): Promise<DifyUploadedFile> {
    const form = new FormData();
    form.append('file', file, name);
    form.append('user', user);
    return this.json('/files/upload', uploadResponseSchema, { method: 'POST', body: form });
  }
}
