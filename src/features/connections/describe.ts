/** Turns adapter answers into i18n keys and values. Pure but for the kind's label, so it is tested without a DOM. */
import type { ConnectionTestResult } from '../../backends/descriptor';
import { kindLabel } from './texts';
import { errorText } from '../../shell/error-text';

export interface Message {
  key: string;
  values?: Record<string, unknown>;
}

/** The user-facing text of an error, in the user's language, with the server's words beside it. */
export { errorText };

/** "Connection works: <kind> server 1.0.0 (<what was reached>), 12 ms." and the failures by stage. */
export function describeTest(r: ConnectionTestResult, kind: string): Message {
  const values = { kind: kindLabel(kind), version: r.serverVersion, summary: r.summary, ms: r.latencyMs };
  if (r.ok) {
    const variant = r.serverVersion && r.summary ? 'ok' : r.serverVersion ? 'okVersion' : r.summary ? 'okSummary' : 'okPlain';
    return { key: `connections:test.${variant}`, values };
  }
  const stage = r.stage === 'auth' ? 'auth' : 'reach';
  return { key: `connections:test.failed.${stage}`, values: { message: errorText(r.error) } };
}
