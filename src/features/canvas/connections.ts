/**
 * Connection checks for the canvas: the model's rule (`connectionProblem`) decides; this file only caches it
 * (React Flow asks on every pointer move while a connection is dragged near a handle, and the model's check
 * walks the whole graph) and turns a refusal into a translatable reason.
 */
import type { Capabilities } from '../../backends/types';
import { storageProblem } from '../../editor/storable';
import { connectionProblem, connectWithReport } from '../../model';
import type { Edge, Flow } from '../../model/flow';

export interface CanvasConnection {
  source: string;
  sourcePort: string;
  target: string;
  targetPort?: string;
}

/** i18n key under `canvas:refused.*`. */
export type RefusalReason = 'self' | 'duplicate' | 'cycle' | 'handle' | 'type' | 'input' | 'structure' | 'other';

export interface Refusal {
  reason: RefusalReason;
  message: string;
}

export class ConnectionChecker {
  private flow: Flow | null = null;
  private readonly cache = new Map<string, Refusal | null>();

  /** `caps`: the backend's, so a connection it could not store (a free graph on a blocks-only backend) is refused too. */
  check(flow: Flow, c: CanvasConnection, edges: readonly Edge[], caps?: Pick<Capabilities, 'structures' | 'elseBranch'>): Refusal | null {
    if (flow !== this.flow) {
      this.flow = flow;
      this.cache.clear();
    }
    const key = `${c.source}\u0000${c.sourcePort}\u0000${c.target}\u0000${c.targetPort ?? 'in'}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const message = connectionProblem(flow, c);
    const refusal =
      message !== null
        ? { reason: classify(c, edges, message), message }
        : unstorable(flow, c, caps)
          ? { reason: 'structure' as const, message: '' }
          : null;
    this.cache.set(key, refusal);
    return refusal;
  }
}

function classify(c: CanvasConnection, edges: readonly Edge[], message: string): RefusalReason {
  if (c.source === c.target) return 'self';
  if (edges.some((e) => e.source === c.source && e.sourcePort === c.sourcePort && e.target === c.target)) return 'duplicate';
  if (/cycle/i.test(message)) return 'cycle';
  if (/ accepts /.test(message)) return 'type';
  if (/takes one connection/.test(message)) return 'input';
  if (/output/i.test(message)) return 'handle';
  return 'other';
}

/** The connection is fine for the model, but the result is something the backend cannot store. */
function unstorable(flow: Flow, c: CanvasConnection, caps: Pick<Capabilities, 'structures' | 'elseBranch'> | undefined): boolean {
  if (!caps || storageProblem(flow, caps) !== null) return false;
  try {
    return storageProblem(connectWithReport(flow, c).flow, caps) !== null;
  } catch {
    return false;
  }
}
