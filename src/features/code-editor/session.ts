/**
 * The open code editors, by flow and step, so the "Test step" panel (a sibling in the inspector, not a child
 * of the editor) can have the editors send their pending text before the step runs. A step may have several
 * code fields (a Node-RED function's On Start / On Message / On Stop), hence a set per step.
 */
const flushers = new Map<string, Set<() => void>>();

const keyOf = (flowId: string, stepId: string) => `${flowId}\u0000${stepId}`;

export function registerCodeFlush(flowId: string, stepId: string, flush: () => void): () => void {
  const key = keyOf(flowId, stepId);
  let set = flushers.get(key);
  if (!set) flushers.set(key, (set = new Set()));
  set.add(flush);
  return () => {
    const current = flushers.get(key);
    if (!current) return;
    current.delete(flush);
    if (current.size === 0) flushers.delete(key);
  };
}

/** Sends the step's pending code to the store now; a no-op when no editor is open. */
export function flushCode(flowId: string, stepId: string): void {
  for (const flush of [...(flushers.get(keyOf(flowId, stepId)) ?? [])]) flush();
}
