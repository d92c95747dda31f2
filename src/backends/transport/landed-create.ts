/**
 * Creates whose answer never arrived. A create (POST) that was sent but whose answer broke (a cut response, a
 * timeout) may have landed; sending it again makes a second flow. A backend that assigns its own ids cannot
 * say "already exists", so the adapter looks for the flow it sent: same name, same content. Found: that is the
 * created flow, and the caller gets it as if the answer had arrived. Not found: the error stands, and the next
 * create of the same document looks again first (the connection may have been down for the lookup too).
 *
 * The lookup can mistake an identical flow made earlier for this one (same name, same steps, same everything);
 * that is the price of no duplicate, and the user loses nothing either way.
 */
import type { Flow } from '../../model/flow';
import { BackendError, type FlowSummary, type ListFlowsQuery, type Page, type SavedFlow } from '../types';

export interface LandedLookup {
  listFlows(query?: ListFlowsQuery): Promise<Page<FlowSummary>>;
  getFlow(id: string): Promise<SavedFlow>;
}

/** A failure after which the request may have reached the server and been carried out. */
export function mayHaveLanded(e: unknown): boolean {
  return e instanceof BackendError && (e.code === 'network' || e.code === 'timeout');
}

/** JSON with sorted keys: two documents equal in content compare equal whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Whether two flows hold the same document, their ids aside (the server gave the stored one its own). */
export function sameDocument(a: Flow, b: Flow): boolean {
  const { id: _a, ...restA } = a;
  const { id: _b, ...restB } = b;
  return canonical(restA) === canonical(restB);
}

/** The stored flow holding exactly `flow`'s document, if any. */
export async function findLandedFlow(lookup: LandedLookup, flow: Flow, exclude: ReadonlySet<string> = new Set()): Promise<SavedFlow | null> {
  const page = await lookup.listFlows({ search: flow.name });
  for (const row of page.items) {
    if (row.name !== flow.name || exclude.has(row.id)) continue;
    const saved = await lookup.getFlow(row.id);
    if (sameDocument(saved.flow, flow)) return saved;
  }
  return null;
}

/**
 * Wraps an adapter's create: `create(flow, send)` sends once, recognises a landed create after a broken
 * answer, and never sends a create twice for a flow that already landed.
 */
export function landedCreates(lookup: () => LandedLookup) {
  /** Client flow ids whose last create may have landed. */
  const uncertain = new Set<string>();
  /** Server ids already handed out as some create's result: never claimed twice. */
  const claimed = new Set<string>();
  const claim = (saved: SavedFlow): SavedFlow => {
    claimed.add(saved.summary.id);
    return saved;
  };
  return async function create(flow: Flow, send: () => Promise<SavedFlow>): Promise<SavedFlow> {
    if (uncertain.has(flow.id)) {
      const found = await findLandedFlow(lookup(), flow, claimed);
      uncertain.delete(flow.id);
      if (found) return claim(found);
    }
    try {
      return claim(await send());
    } catch (e) {
      if (!mayHaveLanded(e)) throw e;
      uncertain.add(flow.id);
      const found = await findLandedFlow(lookup(), flow, claimed).catch(() => null);
      if (!found) throw e;
      uncertain.delete(flow.id);
      return claim(found);
    }
  };
}
