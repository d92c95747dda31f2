/**
 * The open code editors, by flow and step, so the "Test step" panel (a sibling in the inspector, not a child
 * of the editor) can have the editor send its pending text before the step runs.
 */
const flushers = new Map<string, () => void>();

const keyOf = (flowId: string, stepId: string) => `${flowId}\u0000${stepId}`;

export function registerCodeFlush(flowId: string, stepId: string, flush: () => void): () => void {
  const key = keyOf(flowId, stepId);
  flushers.set(key, flush);
  return () => {
    if (flushers.get(key) === flush) flushers.delete(key);
  };
}

/** Sends the step's pending code to the store now; a no-op when no editor is open. */
export function flushCode(flowId: string, stepId: string): void {
  flushers.get(keyOf(flowId, stepId))?.();
}
