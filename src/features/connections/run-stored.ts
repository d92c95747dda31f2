/** Whether a backend runs the stored flow rather than the editor's document (`StartRunRequest.flow` ignored). */
import type { BackendAdapter } from '../../backends/types';

export function runsStoredFlow(adapter: BackendAdapter): boolean {
  return (adapter as { runsStoredFlow?: unknown }).runsStoredFlow === true;
}
