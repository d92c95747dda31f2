/** Helpers shared by the dialect implementations. */
import type { Flow, StepId } from '../flow';
import type { StepNaming } from '../references';

/** `a.b.0` -> ['a', 'b', '0']; empty segments (from `a..b` or a trailing dot) are dropped. */
export function splitPath(dotted: string): string[] {
  return dotted.split('.').filter((s) => s.length > 0);
}

export function dotted(path: readonly string[]): string {
  return path.map((p) => `.${p}`).join('');
}

/** Step naming over a flow: titles as they are now. With duplicate titles the first step in `steps` wins. */
const namings = new WeakMap<Flow['steps'], StepNaming>();

/** Cached per steps record; the title index is built on first use (title dialects), then O(1) per lookup. */
export function namingOf(flow: Pick<Flow, 'steps'>): StepNaming {
  const hit = namings.get(flow.steps);
  if (hit) return hit;
  let byTitle: Map<string, StepId> | null = null;
  const naming: StepNaming = {
    titleOf: (id: StepId) => flow.steps[id]?.title,
    idOfTitle: (title: string) => {
      if (!byTitle) {
        byTitle = new Map();
        // The first step with a title wins, as a search in document order would find it.
        for (const s of Object.values(flow.steps)) if (!byTitle.has(s.title)) byTitle.set(s.title, s.id);
      }
      return byTitle.get(title);
    },
  };
  namings.set(flow.steps, naming);
  return naming;
}

/** Runs a global regex over text, yielding each match with its position. */
export function* matchAll(re: RegExp, text: string): Generator<RegExpExecArray> {
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (let m = global.exec(text); m !== null; m = global.exec(text)) {
    yield m;
    if (m[0].length === 0) global.lastIndex += 1;
  }
}
