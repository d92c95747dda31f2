/**
 * vFlow backend: `createVflowAdapter` and the registry factory. The app registers it with
 * `registerBackend('vflow', vflowBackendFactory, { label: 'vFlow' })` (or `registerVflowBackend()`).
 */
import { z } from 'zod';
import { registerBackend, type BackendFactory } from '../registry';
import { BackendError } from '../types';
import { createVflowAdapter, type VflowAdapterOptions } from './adapter';
import type { VflowTokenStore } from './client';

export { createVflowAdapter } from './adapter';
export type { TestConnectionResult, VflowAdapter, VflowAdapterOptions, VflowBatchAction } from './adapter';
export { memoryTokenStore, VflowClient, parseRateLimitReset } from './client';
export type { ConnectResult, VerifyResult, VflowClientOptions, VflowTokens, VflowTokenStore } from './client';
export { catalogFrom, flowToWorkflow, workflowToFlow, workflowRequestBody, VFLOW_DIALECT } from './mapping';
export { errorCodeForVflow } from './errors';

const configSchema = z.looseObject({
  baseUrl: z.string().min(1),
  deviceId: z.string().min(1).optional(),
  deviceName: z.string().min(1).optional(),
  pollIntervalMs: z.number().positive().optional(),
  timeoutMs: z.number().positive().optional(),
  checkConflicts: z.boolean().optional(),
  createEnabled: z.boolean().optional(),
  autoConnect: z.boolean().optional(),
  stepEvents: z.enum(['logs', 'status']).optional(),
  inputSchema: z.enum(['auto', 'inputs', 'input-schema']).optional(),
  runTimeoutSeconds: z.number().positive().optional(),
  label: z.string().optional(),
});

function isTokenStore(v: unknown): v is VflowTokenStore {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.load === 'function' && typeof s.save === 'function' && typeof s.clear === 'function';
}

/** Registry factory: `{ baseUrl, deviceId?, deviceName?, tokenStore?, pollIntervalMs?, ... }`. */
export const vflowBackendFactory: BackendFactory = (config) => {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    throw new BackendError('invalid', `vFlow settings: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}`);
  }
  const { tokenStore, fetch: _f, ...rest } = parsed.data as Record<string, unknown>;
  const opts = rest as unknown as VflowAdapterOptions;
  if (isTokenStore(tokenStore)) opts.tokenStore = tokenStore;
  return createVflowAdapter(opts);
};

export function registerVflowBackend(opts: { replace?: boolean } = {}): void {
  registerBackend('vflow', vflowBackendFactory, { label: 'vFlow (Android)', replace: opts.replace });
}
