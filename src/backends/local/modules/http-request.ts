import { defineModule, input, output, toBoolean, toNumber } from './schema';
import { StepError, type ModuleImplementation } from './types';
import { createFetchProxyClient, fetchViaProxy, ProxyAnswerError, type FetchProxyClient, type ProxyRoute } from './http-proxy-client';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Accepts what a key/value editor may store: an object, a list of {key, value} rows, or JSON text. */
export function toHeaderRecord(value: unknown): Record<string, string> {
  let v = value;
  if (typeof v === 'string') {
    if (v.trim() === '') return {};
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      throw new StepError('Headers must be key/value pairs (an object or JSON text).', { code: 'invalid' });
    }
  }
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const row of v) {
      if (row && typeof row === 'object') {
        const { key, value: val, enabled } = row as { key?: unknown; value?: unknown; enabled?: unknown };
        if (typeof key === 'string' && key.trim() !== '' && enabled !== false) out[key.trim()] = headerText(val);
      }
    }
  } else if (v && typeof v === 'object') {
    for (const [k, val] of Object.entries(v)) if (k.trim() !== '') out[k.trim()] = headerText(val);
  }
  return out;
}

function headerText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

function inBrowser(): boolean {
  const g = globalThis as { document?: unknown; WorkerGlobalScope?: unknown };
  return g.document !== undefined || g.WorkerGlobalScope !== undefined;
}

function timeoutSecondsOf(params: Record<string, unknown>): number {
  try {
    return Math.max(0.001, toNumber(params.timeoutSeconds, 'Timeout', 30));
  } catch {
    return 30;
  }
}

export interface HttpRequestModuleOptions {
  /** The loopback fetch proxy's client; null: never use one. Default: the one `npm start` runs. */
  proxy?: FetchProxyClient | null;
  /** Use the proxy outside a browser too (Node has no CORS, so by default it fetches directly). For tests. */
  proxyOutsideBrowser?: boolean;
}

/** What to tell the user when a browser request failed and CORS is the likely cause. */
function corsAdvice(route: ProxyRoute): string {
  if ('proxyRefuses' in route) {
    return ` The fetch proxy is running but does not forward to ${route.proxyRefuses} (its allow-list: ${route.allow.join(', ')}); restart it with --fetch-proxy-allow ${route.proxyRefuses}.`;
  }
  return ' Most APIs do not answer pages in a browser (CORS). Start Flowbench with `npm start`: it runs a local fetch proxy that HTTP steps use when it is running.';
}

export function createHttpRequestModule(opts: HttpRequestModuleOptions = {}): ModuleImplementation {
  const proxy = opts.proxy === undefined ? createFetchProxyClient() : opts.proxy;
  return {
    definition: defineModule({
      id: 'core.http_request',
      kind: 'action',
      category: 'network',
      name: ['HTTP请求', 'HTTP request'],
      description: ['发送HTTP/HTTPS请求', 'Send an HTTP/HTTPS request'],
      icon: 'globe',
      inputs: [
        input('method', 'string', ['请求方法', 'Method'], ['HTTP请求方法', 'HTTP request method'], 'dropdown', {
          defaultValue: 'GET',
          required: true,
          constraints: { options: METHODS },
        }),
        input('url', 'string', ['URL', 'URL'], ['请求地址', 'Request URL'], 'text_field', {
          required: true,
          constraints: { pattern: '^(https?://.*|.*\\{\\{.*\\}\\}.*)$', minLength: 1, maxLength: 2000 },
        }),
        input('headers', 'dictionary', ['请求头', 'Headers'], ['自定义HTTP请求头', 'Custom HTTP headers'], 'key_value_editor'),
        input('body', 'string', ['请求体', 'Body'], ['请求体（对象会以 JSON 发送）', 'Request body (an object is sent as JSON)'], 'code_editor', {
          constraints: { language: 'json' },
        }),
        input('timeoutSeconds', 'number', ['超时时间', 'Timeout'], ['请求超时时间(秒)', 'Request timeout (seconds)'], 'number_slider', {
          defaultValue: 30,
          constraints: { min: 1, max: 300, step: 1 },
        }),
        input('failOnHttpError', 'boolean', ['错误状态码时失败', 'Fail on HTTP error'], ['状态码 >= 400 时让步骤失败', 'Fail the step when the status is 400 or above'], 'switch', {
          defaultValue: false,
        }),
      ],
      outputs: [
        output('statusCode', 'number', ['状态码', 'Status code'], ['HTTP响应状态码', 'HTTP response status code']),
        output('headers', 'dictionary', ['响应头', 'Response headers'], ['HTTP响应头（小写名称）', 'HTTP response headers (lower-case names)']),
        output('body', 'any', ['响应体', 'Response body'], ['响应内容；JSON 响应会被解析', 'Response content; JSON responses are parsed']),
      ],
    }),
    defaultTimeoutMs: (params) => timeoutSecondsOf(params) * 1000 + 5000,
    async execute(ctx) {
      const p = ctx.params;
      const method = String(p.method ?? 'GET').trim().toUpperCase() || 'GET';
      if (!METHODS.includes(method)) throw new StepError(`Unsupported HTTP method "${method}"; use one of ${METHODS.join(', ')}.`, { code: 'invalid' });
      const url = typeof p.url === 'string' ? p.url.trim() : '';
      if (!/^https?:\/\//i.test(url)) throw new StepError(`The URL must start with http:// or https://, got "${url}".`, { code: 'invalid' });
      const headers = toHeaderRecord(p.headers);
      let body: string | undefined;
      if (p.body !== undefined && p.body !== null && p.body !== '' && method !== 'GET' && method !== 'HEAD') {
        const hasContentType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
        if (typeof p.body === 'string') {
          body = p.body;
          // Text that is a JSON object or list is almost always meant as JSON; say so unless the user did.
          if (!hasContentType && looksLikeJson(body)) headers['content-type'] = 'application/json';
        } else {
          body = JSON.stringify(p.body);
          if (!hasContentType) headers['content-type'] = 'application/json';
        }
      }
      const timeoutS = timeoutSecondsOf(p);
      const ac = new AbortController();
      const onAbort = (): void => ac.abort(ctx.signal.reason);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        ac.abort(new Error('timeout'));
      }, timeoutS * 1000);
      try {
        let res: Response;
        const route: ProxyRoute = proxy && (opts.proxyOutsideBrowser || inBrowser()) ? await proxy.route(url, ctx.fetch) : { via: 'direct' };
        try {
          res =
            route.via === 'proxy'
              ? await fetchViaProxy(route.proxyUrl, ctx.fetch, { url, method, headers, ...(body !== undefined ? { body } : {}), timeoutMs: timeoutS * 1000, signal: ac.signal })
              : await ctx.fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), signal: ac.signal });
        } catch (e) {
          if (timedOut) throw new StepError(`HTTP request timed out after ${timeoutS} s: ${url}`, { code: 'timeout' });
          if (ctx.signal.aborted) throw e;
          if (e instanceof ProxyAnswerError) {
            throw new StepError(`HTTP request through the fetch proxy failed: ${e.message}`, { code: e.code === 'timeout' ? 'timeout' : 'network' });
          }
          if (e instanceof TypeError) {
            if (route.via === 'proxy') throw new StepError(`the fetch proxy stopped answering (${e.message}): ${url}`, { code: 'network' });
            if (inBrowser()) throw new StepError(`network error or CORS refusal: ${url}.${corsAdvice(route)}`, { code: 'network' });
            const cause = (e as { cause?: { code?: string; message?: string } }).cause;
            throw new StepError(`network error: ${url}${cause ? ` (${cause.code ?? cause.message ?? ''})` : ''}`, { code: 'network' });
          }
          throw e;
        }
        const text = await res.text();
        const responseHeaders: Record<string, string> = {};
        res.headers.forEach((value, key) => {
          responseHeaders[key.toLowerCase()] = value;
        });
        let parsed: unknown = text;
        if (/json/i.test(res.headers.get('content-type') ?? '') && text.trim() !== '') {
          try {
            parsed = JSON.parse(text) as unknown;
          } catch {
            ctx.log('warn', `The response says it is JSON but does not parse; kept as text.`);
          }
        }
        if (toBoolean(p.failOnHttpError) && res.status >= 400) {
          throw new StepError(`HTTP ${res.status} ${res.statusText} from ${method} ${url}`, { code: 'http' });
        }
        return { outputs: { statusCode: res.status, headers: responseHeaders, body: parsed } };
      } catch (e) {
        if (timedOut && !(e instanceof StepError)) throw new StepError(`HTTP request timed out after ${timeoutS} s: ${url}`, { code: 'timeout' });
        throw e;
      } finally {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
      }
    },
  };
}

export const httpRequest: ModuleImplementation = createHttpRequestModule();

