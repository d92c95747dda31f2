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
export function namingOf(flow: Pick<Flow, 'steps'>): StepNaming {
  return {
    titleOf: (id: StepId) => flow.steps[id]?.title,
    idOfTitle: (title: string) => Object.values(flow.steps).find((s) => s.title === title)?.id,
  };
}

/** Runs a global regex over text, yielding each match with its position. */
export function* matchAll(re: RegExp, text: string): Generator<RegExpExecArray> {
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (let m = global.exec(text); m !== null; m = global.exec(text)) {
    yield m;
    if (m[0].length === 0) global.lastIndex += 1;
  }
}
