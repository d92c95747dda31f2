/**
 * vFlow as a backend kind: a phone's Remote Web Editor API. Settings: the address and how this browser is
 * listed on the device (plus a device id made once per connection, not shown). Tokens are no setting: the
 * adapter obtains them (POST /auth/token) and keeps them in the connection's secret store.
 *
 * Small on purpose: the adapter, the editor helpers and the info panel load with `create` / `describe`.
 */
import { nanoid } from 'nanoid';
import { vflowSyntax } from '../../model/references/vflow';
import type { BackendDescriptor, ConnectionSettings } from '../descriptor';
import { urlProblem } from '../settings-checks';

const load = () => import('./index');

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Tuning the form does not show, taken from programmatic settings (scripts, contract tests) as given. */
const TUNING = ['pollIntervalMs', 'timeoutMs', 'rateLimit', 'getRetries', 'runTimeoutSeconds'] as const;

/** The adapter's options from saved settings (with defaults for what older connections lack). */
export function vflowOptions(settings: ConnectionSettings): { baseUrl: string; deviceName: string; deviceId?: string } {
  const out: Record<string, unknown> = {
    baseUrl: str(settings.baseUrl).trim().replace(/\/+$/, ''),
    deviceName: str(settings.deviceName).trim() || 'Flowbench',
  };
  if (str(settings.deviceId)) out.deviceId = settings.deviceId;
  for (const k of TUNING) if (settings[k] !== undefined) out[k] = settings[k];
  return out as { baseUrl: string; deviceName: string; deviceId?: string };
}

export const vflowDescriptor: BackendDescriptor = {
  kind: 'vflow',
  label: { text: 'vFlow' },
  // A phone outline.
  icon: 'M7 2h10a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm0 3v13h10V5H7zm5 14.5a1 1 0 1 0 0 .01z',
  description: 'kind.description',
  settings: {
    type: 'object',
    properties: {
      baseUrl: {
        type: 'string',
        format: 'uri',
        title: 'settings.baseUrl.title',
        description: 'settings.baseUrl.description',
        'x-placeholder': 'http://192.168.1.20:8080',
        'x-allow-references': false,
        'x-env': 'URL',
      },
      deviceName: {
        type: 'string',
        title: 'settings.deviceName.title',
        description: 'settings.deviceName.description',
        'x-allow-references': false,
      },
    },
    required: ['baseUrl', 'deviceName'],
  },
  secretSettings: [],
  // A new address or device name is another session on another device.
  identitySettings: ['baseUrl', 'deviceName', 'deviceId'],
  defaults: () => ({ baseUrl: '', deviceName: 'Flowbench', deviceId: `flowbench-${nanoid(21)}` }),
  // Version 1 of saved connections (vFlow only) kept these at the top level.
  legacySettings(stored) {
    if (!str(stored.baseUrl) || !str(stored.deviceId)) return null;
    return { baseUrl: stored.baseUrl, deviceName: str(stored.deviceName) || 'Flowbench', deviceId: stored.deviceId };
  },
  validateSettings(settings) {
    const out: Record<string, string> = {};
    const url = urlProblem(settings.baseUrl);
    if (url) out.baseUrl = `connections:form.problems.${url}`;
    if (!str(settings.deviceName).trim()) out.deviceName = 'settings.deviceName.required';
    return out;
  },
  async create(settings, ctx) {
    return (await load()).createVflowConnectionAdapter(vflowOptions(settings), ctx);
  },
  async testConnection(settings) {
    return (await load()).testVflowSettings(vflowOptions(settings));
  },
  async describe(adapter, params) {
    return (await load()).describeVflow(adapter, params);
  },
  referenceSyntax: vflowSyntax,
};
