/**
 * References as people read and write them: by step name, `{{Fetch customer.body.id}}`, whatever the backend
 * stores (`{{steps.step_Mo6HSLS5vu.body.id}}`, `{{step-001.body.id}}`, `{{#1718.body.id#}}`). The UI shows
 * display text and writes storage text; this file is the translation between the two, pure TypeScript.
 *
 * - Names are the steps' titles (or a fallback such as the module's name for untitled vFlow steps), with
 *   whitespace collapsed and braces replaced. Duplicate names are told apart in flow order: the first keeps
 *   the name, later ones read `Log (2)`, `Log (3)`. A name the backend's syntax would read as something else
 *   (`inputs`, `sys`, `trigger`...) always carries a number.
 * - Only step references are translated. Run inputs and system variables stay in the backend's own spelling
 *   (`{{inputs.city}}`, `{{#sys.query#}}`), and a reference to a step that no longer exists stays as stored,
 *   so the field shows what is broken instead of hiding it.
 * - Storage stays byte-identical when a person changes nothing: `toStorage(toDisplay(s), s) === s`. A
 *   reference that was in the stored text is written back exactly as it was (whitespace and all); text that
 *   merely looks like a display reference but was literal stays literal.
 * - Backends that already reference steps by title (viaSocket) need no translation: display is storage.
 *
 * Renames are followed for free: storage names steps by id, and display names are recomputed from the
 * current titles.
 */
import type { Flow, Step, StepId } from '../flow';
import type { FoundReference, ReferenceSyntax, ReferenceTarget, StepNaming } from '../references';
import { dotted, matchAll, namingOf, splitPath } from './shared';

/** Unique display names of a flow's steps. */
export interface StepDisplayNames {
  nameOf(id: StepId): string | undefined;
  idOf(name: string): StepId | undefined;
}

/**
 * Heads the dialects give a meaning of their own (run inputs, system variables, node ids), so a step called
 * that would be misread: local `steps`/`inputs`/`sys`, AutoMaticWorker `input`, vFlow's system variables,
 * Dify's scopes, Node-RED's roots.
 */
const RESERVED = new Set([
  'steps',
  'inputs',
  'input',
  'sys',
  'env',
  'conversation',
  'trigger',
  'current_time',
  'device_info',
  'workflow',
  'loop',
  'msg',
  'flow',
  'global',
]);

/** A title as a name: one line, trimmed, without the braces that would end a reference. */
function nameBase(title: string): string {
  return title.replace(/\s+/g, ' ').replace(/[{]/g, '(').replace(/[}]/g, ')').trim();
}

/** Steps in the order a person reads the flow: list order for blocks, topological order for graphs. */
function readingOrder(flow: Pick<Flow, 'steps' | 'root' | 'edges' | 'structure'>): StepId[] {
  const out: StepId[] = [];
  const seen = new Set<StepId>();
  const visit = (ids: readonly StepId[]) => {
    for (const id of ids) {
      const step = flow.steps[id];
      if (!step || seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      for (const branch of Object.values(step.branches ?? {})) if (branch) visit(branch);
    }
  };
  visit(flow.root ?? []);
  // Steps not placed in the tree (graphs are flat; malformed documents) keep record order.
  for (const id of Object.keys(flow.steps)) if (!seen.has(id)) out.push(id);
  if (flow.structure === 'graph' && flow.edges?.length) return graphOrder(flow, out);
  return out;
}

/** Kahn's algorithm over the edges, ties in root order; a cycle's remainder keeps root order. */
function graphOrder(flow: Pick<Flow, 'edges'>, ids: StepId[]): StepId[] {
  const rank = new Map(ids.map((id, i) => [id, i]));
  const indegree = new Map<StepId, number>();
  const next = new Map<StepId, StepId[]>();
  for (const e of flow.edges) {
    if (!rank.has(e.source) || !rank.has(e.target) || e.source === e.target) continue;
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    const list = next.get(e.source) ?? [];
    list.push(e.target);
    next.set(e.source, list);
  }
  const out: StepId[] = [];
  const done = new Set<StepId>();
  const ready = ids.filter((id) => !indegree.get(id));
  while (out.length < ids.length) {
    ready.sort((a, b) => rank.get(a)! - rank.get(b)!);
    const id = ready.shift() ?? ids.find((x) => !done.has(x))!;
    if (done.has(id)) continue;
    done.add(id);
    out.push(id);
    for (const t of next.get(id) ?? []) {
      const left = (indegree.get(t) ?? 0) - 1;
      indegree.set(t, left);
      if (left === 0 && !done.has(t)) ready.push(t);
    }
  }
  return out;
}

/** What an untitled step is called (the UI passes the module's name in the UI language). */
export type StepFallbackName = (step: Step) => string | undefined;

interface Cached {
  root: Flow['root'];
  edges: Flow['edges'];
  names: StepDisplayNames;
}
const cache = new WeakMap<Flow['steps'], Map<StepFallbackName | undefined, Cached>>();

/** The flow's display names, cached per steps record, order (root, edges) and fallback. */
export function displayNamesOf(flow: Pick<Flow, 'steps' | 'root' | 'edges' | 'structure'>, fallback?: StepFallbackName): StepDisplayNames {
  let perFallback = cache.get(flow.steps);
  if (!perFallback) cache.set(flow.steps, (perFallback = new Map()));
  const hit = perFallback.get(fallback);
  if (hit && hit.root === flow.root && hit.edges === flow.edges) return hit.names;
  const names = buildNames(flow, fallback);
  perFallback.set(fallback, { root: flow.root, edges: flow.edges, names });
  return names;
}

function buildNames(flow: Pick<Flow, 'steps' | 'root' | 'edges' | 'structure'>, fallback?: StepFallbackName): StepDisplayNames {
  const order = readingOrder(flow);
  const bases = order.map((id) => {
    const step = flow.steps[id]!;
    return nameBase(step.title) || nameBase(fallback?.(step) ?? '') || nameBase(step.type) || 'Step';
  });
  const count = new Map<string, number>();
  for (const b of bases) count.set(b, (count.get(b) ?? 0) + 1);
  // Names that occur once are taken first, so a step really called `Log (2)` keeps its name.
  const used = new Set(bases.filter((b) => count.get(b) === 1 && !RESERVED.has(b)));
  const byId = new Map<StepId, string>();
  const byName = new Map<string, StepId>();
  order.forEach((id, i) => {
    const base = bases[i]!;
    let name = base;
    if (count.get(base) !== 1 || RESERVED.has(base)) {
      name = !RESERVED.has(base) && !used.has(base) ? base : '';
      for (let n = 2; !name; n++) if (!used.has(`${base} (${n})`)) name = `${base} (${n})`;
      used.add(name);
    }
    byId.set(id, name);
    byName.set(name, id);
  });
  return { nameOf: (id) => byId.get(id), idOf: (name) => byName.get(name) };
}

/** The translation between what a field shows and what the backend stores, for one flow. */
export interface ReferenceDisplay {
  /** The syntax of display text: finds and formats `{{Name.path}}` as well as the backend's own spelling. */
  syntax: ReferenceSyntax;
  /** Naming by display name (the picker's groups, chips). */
  naming: StepNaming;
  names: StepDisplayNames;
  toDisplay(stored: string): string;
  /**
   * Display text back to storage. `previous` is the stored text the display was made from: references it
   * held come back exactly as they were stored.
   */
  toStorage(display: string, previous?: string): string;
}

const DISPLAY_REF = /\{\{([^{}]*)\}\}/;

/** `Fetch customer.body.id` -> the longest name it starts with, and the path after it. */
function resolveName(content: string, names: StepDisplayNames): { stepId: StepId; path: string[] } | null {
  const whole = names.idOf(content);
  if (whole !== undefined) return { stepId: whole, path: [] };
  for (let i = content.lastIndexOf('.'); i > 0; i = content.lastIndexOf('.', i - 1)) {
    const id = names.idOf(content.slice(0, i));
    if (id !== undefined) return { stepId: id, path: splitPath(content.slice(i + 1)) };
  }
  return null;
}

function findTitled(text: string, names: StepDisplayNames): FoundReference[] {
  const found: FoundReference[] = [];
  for (const m of matchAll(DISPLAY_REF, text)) {
    const hit = resolveName((m[1] ?? '').trim(), names);
    if (hit) found.push({ target: { kind: 'step', ...hit }, raw: m[0], start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/** Both lists sorted by position; where they overlap, the first list wins. */
function merge(primary: FoundReference[], secondary: FoundReference[]): FoundReference[] {
  const out = [...primary];
  for (const r of secondary) if (!primary.some((p) => r.start < p.end && p.start < r.end)) out.push(r);
  return out.sort((a, b) => a.start - b.start);
}

function identity(flow: Pick<Flow, 'steps'>, storage: ReferenceSyntax, names: StepDisplayNames): ReferenceDisplay {
  return { syntax: storage, naming: namingOf(flow), names, toDisplay: (s) => s, toStorage: (d) => d };
}

/**
 * The display layer of a flow for a backend's syntax. Title dialects (viaSocket) and dialects without step
 * references get the identity.
 */
export function referenceDisplay(
  flow: Pick<Flow, 'steps' | 'root' | 'edges' | 'structure'>,
  storage: ReferenceSyntax,
  fallback?: StepFallbackName,
): ReferenceDisplay {
  const names = displayNamesOf(flow, fallback);
  if (storage.refersToStepsBy === 'title') return identity(flow, storage, names);
  const stored = namingOf(flow);
  const naming: StepNaming = {
    titleOf: (id) => names.nameOf(id),
    idOfTitle: (name) => names.idOf(name) ?? stored.idOfTitle(name),
  };
  const displayFormat = (target: ReferenceTarget): string | null => {
    if (target.kind !== 'step') return null;
    const name = names.nameOf(target.stepId);
    return name === undefined ? null : `{{${name}${dotted(target.path)}}}`;
  };
  const syntax: ReferenceSyntax = {
    ...storage,
    find: (text) => merge(findTitled(text, names), storage.find(text, stored)),
    format: (target) => displayFormat(target) ?? storage.format(target, stored),
  };

  /** Display text plus, per produced display reference, the stored text it came from. */
  const translate = (text: string): { text: string; produced: Map<number, string> } => {
    const produced = new Map<number, string>();
    let out = '';
    let last = 0;
    for (const ref of storage.find(text, stored)) {
      const shown = displayFormat(ref.target);
      if (shown === null) continue;
      out += text.slice(last, ref.start);
      produced.set(out.length, ref.raw);
      out += shown;
      last = ref.end;
    }
    return { text: last === 0 ? text : out + text.slice(last), produced };
  };

  return {
    syntax,
    naming,
    names,
    toDisplay: (text) => translate(text).text,
    toStorage(display, previous) {
      // What each display reference of the previous value stood for: its stored text, or itself when it
      // was literal text that only looks like a reference. A reference in the unchanged head or tail of the
      // text is matched by position (the same look-alike can be both literal and a reference in one text);
      // one in the edited middle by its text.
      const before = previous === undefined ? null : translate(previous);
      const atStart = new Map<number, { raw: string; from: string }>();
      const byText = new Map<string, string>();
      let head = 0;
      let tail = 0;
      if (before) {
        for (const ref of syntax.find(before.text, naming)) {
          const from = before.produced.get(ref.start) ?? ref.raw;
          atStart.set(ref.start, { raw: ref.raw, from });
          if (!byText.has(ref.raw)) byText.set(ref.raw, from);
        }
        const a = before.text;
        const max = Math.min(a.length, display.length);
        while (head < max && a[head] === display[head]) head++;
        while (tail < max - head && a[a.length - 1 - tail] === display[display.length - 1 - tail]) tail++;
      }
      const shift = before ? before.text.length - display.length : 0;
      const previousAt = (start: number, raw: string): string | undefined => {
        const hit = atStart.get(start);
        return hit && hit.raw === raw ? hit.from : undefined;
      };
      let out = '';
      let last = 0;
      for (const ref of syntax.find(display, naming)) {
        const kept =
          ref.end <= head
            ? previousAt(ref.start, ref.raw)
            : ref.start >= display.length - tail
              ? previousAt(ref.start + shift, ref.raw)
              : undefined;
        const written =
          kept ??
          byText.get(ref.raw) ??
          (ref.target.kind === 'step' && names.nameOf(ref.target.stepId) !== undefined ? storage.format(ref.target, stored) : ref.raw);
        out += display.slice(last, ref.start) + written;
        last = ref.end;
      }
      return last === 0 ? display : out + display.slice(last);
    },
  };
}
