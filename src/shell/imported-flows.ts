/**
 * Flows from someone else. An imported flow may carry HTTP steps aimed at this machine or its network
 * (a local server's admin endpoint, a router): before its first run we list those targets and ask, and
 * remember the answer per flow. Backend-neutral: any step parameter holding a URL with a private host counts,
 * whatever the module. What is remembered lives in localStorage, keyed by backend and flow.
 */
import type { Flow } from '../model/flow';
import { privateUrlsIn, runtimeHostUrlsIn } from '../lib/net-address';

const STORAGE_KEY = 'flowbench.importedFlows';
type Mark = 'imported' | 'allowed';

function read(): Record<string, Mark> {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as unknown;
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, Mark>) : {};
  } catch {
    return {};
  }
}

function write(marks: Record<string, Mark>): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(marks));
  } catch {
    // A full storage only means we ask again next time, which is the safe side.
  }
}

const keyOf = (backendId: string, flowId: string) => `${backendId}\u0000${flowId}`;

/** Called with the flows an import just wrote. */
export function markImported(backendId: string, flowIds: readonly string[]): void {
  if (flowIds.length === 0) return;
  const marks = read();
  for (const id of flowIds) marks[keyOf(backendId, id)] = 'imported';
  write(marks);
}

/** The user allowed this imported flow to reach its private addresses: never ask again for it. */
export function allowPrivateTargets(backendId: string, flowId: string): void {
  const marks = read();
  marks[keyOf(backendId, flowId)] = 'allowed';
  write(marks);
}

export interface PrivateTarget {
  stepId: string;
  title: string;
  url: string;
  /** The address is decided while the flow runs (a reference in its host, or a URL field that is a reference). */
  atRunTime?: true;
}

/** A parameter that holds an address by its name (`url`, `webhookUri`, `endpoint`, `host`, ...). */
const ADDRESS_KEY = /url|uri|endpoint|host|address/i;

/**
 * Every URL with a private host in the flow's step parameters, and every address only known at run time
 * (an imported flow could take one from an earlier step's answer), in step order of the record.
 */
export function privateTargetsOf(flow: Flow): PrivateTarget[] {
  const out: PrivateTarget[] = [];
  for (const step of Object.values(flow.steps)) {
    const seen = new Set<string>();
    const add = (url: string, atRunTime: boolean) => {
      if (seen.has(url)) return;
      seen.add(url);
      out.push({ stepId: step.id, title: step.title || step.id, url, ...(atRunTime ? { atRunTime: true as const } : {}) });
    };
    const visit = (v: unknown, key: string, depth: number): void => {
      if (depth > 50) return;
      if (typeof v === 'string') {
        for (const url of privateUrlsIn(v)) add(url, false);
        for (const url of runtimeHostUrlsIn(v)) add(url, true);
        // A whole address from a reference: `{{steps.lookup.body.url}}`.
        if (ADDRESS_KEY.test(key) && /^\s*\{\{/.test(v)) add(v.trim(), true);
      } else if (Array.isArray(v)) for (const x of v) visit(x, key, depth + 1);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k, depth + 1);
    };
    visit(step.params, '', 0);
  }
  return out;
}

/** What to ask before running: the private targets of an imported flow not yet allowed, or [] to run at once. */
export function targetsToConfirm(backendId: string, flow: Flow): PrivateTarget[] {
  return read()[keyOf(backendId, flow.id)] === 'imported' ? privateTargetsOf(flow) : [];
}
