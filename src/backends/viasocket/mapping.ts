/**
 * `json_script` (+ the script's function records and `used_variables`) <-> the Flowbench block model.
 *
 * - `order.root` is the top-level list; an `ifBlock` titled T owns the order group `T` (its then-branch) and
 *   `T<elseSuffix>` (its else-branch). The seed says only that branches use order groups other than `root`;
 *   the suffix is configurable (see README.md).
 * - `blocks` are keyed by step title; a step's id is its block's `identifier` (`func…`), or `block:<title>` for
 *   a block without one (the seed's `response` block), so an identifier-less block keeps a stable id.
 * - A step's configuration (`code`) lives in its function record (`GET /scripts/{id}/functions/`), a plugin's
 *   input bindings in `used_variables.plugin[title]`.
 * - Everything the editor does not edit (top-level `version`/`trigger`/`identifier`, block fields such as
 *   `status`/`service`/`iconUrl`, blocks no order group reaches, other order groups) stays on the server:
 *   `flowToJsonScript` writes onto the server's current document, so an unchanged flow serialises to exactly
 *   the bytes it came from.
 */
import { emptyFlow, type Flow, type Step } from '../../model/flow';
import type { Block, FunctionRecord, JsonScript, Script, UsedVariables } from './schemas';

export const VIASOCKET_DIALECT = 'viasocket';

export interface MappingOptions {
  /** Order group of an ifBlock's else branch: `<title><elseSuffix>`. Default `_else`. */
  elseSuffix?: string;
}

export const DEFAULT_ELSE_SUFFIX = '_else';

export const BUILT_IN_TYPES = ['function', 'plugin', 'api', 'ifBlock', 'delay'] as const;

export interface ScriptDocument {
  script: Pick<Script, 'id' | 'title' | 'description' | 'json_script' | 'used_variables'>;
  functions: FunctionRecord[];
}

/** What the planner compares per step: everything a step call can change. */
export interface StepContent {
  id: string;
  title: string;
  /** The block's `type`. */
  blockType: string;
  /** Plugin action row id (`eventId` of the block's `service`). */
  actionId?: string;
  /** The function record's `code`; undefined when the block has none. */
  code: unknown;
  /** Plugin input bindings (`used_variables.plugin[title]`). */
  variables?: Record<string, unknown>;
}

export function stepIdOf(title: string, block: Block): string {
  return block.identifier ?? `block:${title}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function actionIdOf(block: Block): string | undefined {
  const service = block.service;
  if (!isRecord(service)) return undefined;
  return typeof service.eventId === 'string' ? service.eventId : undefined;
}

/** The module id of a block: the five built-in types by name, plugins by action (`plugin:<actionId>`). */
export function moduleIdOf(block: Block): string {
  if (block.type === 'plugin') return `plugin:${actionIdOf(block) ?? 'unknown'}`;
  return block.type;
}

export function blockTypeOfModule(moduleId: string): string {
  return moduleId.startsWith('plugin:') ? 'plugin' : moduleId;
}

/** Function record `code` (+ plugin variables) -> step params. */
export function decodeParams(blockType: string, code: unknown, variables: Record<string, unknown> | undefined): Record<string, unknown> {
  switch (blockType) {
    case 'function':
      return { code: typeof code === 'string' ? code : '' };
    case 'ifBlock':
      return { condition: typeof code === 'string' ? code : '' };
    case 'delay':
      return { seconds: typeof code === 'number' ? code : Number(code ?? 0) || 0 };
    case 'api':
      return isRecord(code) ? { ...code } : {};
    case 'plugin': {
      const source = isRecord(code) && typeof code.source === 'string' ? code.source : '';
      return { source, ...(variables ?? {}) };
    }
    default:
      return code === undefined ? {} : { code };
  }
}

/** Keys of `base` in their order with `next`'s values, then `next`'s new keys; keys `next` lacks are dropped. */
function mergeOrdered(base: unknown, next: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (isRecord(base)) for (const k of Object.keys(base)) if (k in next) out[k] = next[k];
  for (const [k, v] of Object.entries(next)) if (!(k in out)) out[k] = v;
  return out;
}

/** Step params -> function record `code` and plugin variables, written onto the server's current code. */
export function encodeParams(
  blockType: string,
  params: Record<string, unknown>,
  baseCode: unknown,
  baseVariables?: Record<string, unknown>,
): { code: unknown; variables?: Record<string, unknown> } {
  switch (blockType) {
    case 'function':
      return { code: typeof params.code === 'string' ? params.code : '' };
    case 'ifBlock':
      return { code: typeof params.condition === 'string' ? params.condition : '' };
    case 'delay':
      return { code: Number(params.seconds ?? 0) || 0 };
    case 'api':
      return { code: mergeOrdered(baseCode, params) };
    case 'plugin': {
      const { source, ...variables } = params;
      const code = mergeOrdered(isRecord(baseCode) ? baseCode : { type: 'action', source: '' }, {
        ...(isRecord(baseCode) ? baseCode : { type: 'action' }),
        source: typeof source === 'string' ? source : '',
      });
      return { code, variables: mergeOrdered(baseVariables, variables) };
    }
    default:
      return { code: params.code };
  }
}

export function elseGroupOf(title: string, opts: MappingOptions = {}): string {
  return `${title}${opts.elseSuffix ?? DEFAULT_ELSE_SUFFIX}`;
}

/** The order groups a block owns (an ifBlock's two branches). */
export function groupsOwnedBy(title: string, blockType: string, opts: MappingOptions = {}): string[] {
  return blockType === 'ifBlock' ? [title, elseGroupOf(title, opts)] : [];
}

export interface ReachedStep {
  title: string;
  block: Block;
  group: string;
  index: number;
  parentTitle: string | null;
}

/** The blocks reachable from `order.root` through ifBlock groups, parents before children. */
export function reachableSteps(js: JsonScript, opts: MappingOptions = {}): ReachedStep[] {
  const out: ReachedStep[] = [];
  const seen = new Set<string>();
  const walk = (group: string, parentTitle: string | null) => {
    (js.order[group] ?? []).forEach((title, index) => {
      const block = js.blocks[title];
      if (!block || seen.has(title)) return;
      seen.add(title);
      out.push({ title, block, group, index, parentTitle });
      for (const g of groupsOwnedBy(title, block.type, opts)) walk(g, title);
    });
  };
  walk('root', null);
  return out;
}

/** The server's document -> a Flowbench flow (dialect `viasocket`, blocks structure). */
export function scriptToFlow(doc: ScriptDocument, opts: MappingOptions = {}): Flow {
  const { script } = doc;
  const flow = emptyFlow(script.id, script.title, VIASOCKET_DIALECT);
  flow.description = script.description ?? '';
  const codeById = new Map(doc.functions.map((f) => [f.id, f.code]));
  const reached = reachableSteps(script.json_script, opts);
  const idOfTitle = new Map(reached.map((r) => [r.title, stepIdOf(r.title, r.block)]));
  for (const r of reached) {
    const id = idOfTitle.get(r.title)!;
    const variables = script.used_variables?.[r.block.type]?.[r.title];
    const step: Step = {
      id,
      kind: r.block.type === 'ifBlock' ? 'if' : 'action',
      type: moduleIdOf(r.block),
      title: r.title,
      params: decodeParams(r.block.type, codeById.get(id), r.block.type === 'plugin' ? variables : undefined),
    };
    if (r.block.type === 'ifBlock') {
      const ids = (group: string) => (script.json_script.order[group] ?? []).filter((t) => idOfTitle.has(t)).map((t) => idOfTitle.get(t)!);
      step.branches = { then: ids(r.title), else: ids(elseGroupOf(r.title, opts)) };
    }
    flow.steps[id] = step;
  }
  flow.root = reached.filter((r) => r.group === 'root').map((r) => idOfTitle.get(r.title)!);
  return flow;
}

/** Where each step of a flow sits: order group and index, parents before children. */
export interface PlacedStep {
  step: Step;
  group: string;
  index: number;
  parentId: string | null;
}

export function placeSteps(flow: Flow, opts: MappingOptions = {}): PlacedStep[] {
  const out: PlacedStep[] = [];
  const seen = new Set<string>();
  const walk = (ids: string[], group: string, parentId: string | null) => {
    ids.forEach((id, index) => {
      const step = flow.steps[id];
      if (!step || seen.has(id)) return;
      seen.add(id);
      out.push({ step, group, index, parentId });
      if (step.kind === 'if') {
        walk(step.branches?.then ?? [], step.title, id);
        walk(step.branches?.else ?? [], elseGroupOf(step.title, opts), id);
      }
    });
  };
  walk(flow.root, 'root', null);
  return out;
}

/** The order groups a flow defines (root and every ifBlock's two groups), by title. */
export function orderGroupsOf(flow: Flow, opts: MappingOptions = {}): Record<string, string[]> {
  const groups: Record<string, string[]> = { root: [] };
  for (const p of placeSteps(flow, opts)) {
    (groups[p.group] ??= []).push(p.step.title);
    if (p.step.kind === 'if') for (const g of groupsOwnedBy(p.step.title, 'ifBlock', opts)) groups[g] ??= [];
  }
  return groups;
}

/**
 * A flow's `json_script`, written onto `base` (the server's current one): the groups the flow owns replace
 * theirs in place, renamed blocks keep their key position, other keys and blocks are untouched, new ones go
 * last. `newBlock` makes the block of a step `base` does not have.
 */
export function flowToJsonScript(
  flow: Flow,
  base: JsonScript,
  opts: MappingOptions & { newBlock?: (step: Step) => Block } = {},
): JsonScript {
  const placed = placeSteps(flow, opts);
  const baseReached = reachableSteps(base, opts);
  const baseById = new Map(baseReached.map((r) => [stepIdOf(r.title, r.block), r]));
  const targetIds = new Set(placed.map((p) => p.step.id));
  const renamed = new Map<string, string>();
  const removedTitles = new Set<string>();
  const ownedGroups = new Set<string>(['root']);
  for (const r of baseReached) {
    const step = flow.steps[stepIdOf(r.title, r.block)];
    const keep = step !== undefined && targetIds.has(step.id);
    for (const g of groupsOwnedBy(r.title, r.block.type, opts)) ownedGroups.add(g);
    if (!keep) removedTitles.add(r.title);
    else if (step.title !== r.title) renamed.set(r.title, step.title);
  }
  const groups = orderGroupsOf(flow, opts);
  const renamedTo = new Set(renamed.values());
  const order: Record<string, string[]> = {};
  const renameGroup = (g: string): string => {
    for (const [from, to] of renamed) {
      if (g === from) return to;
      if (g === elseGroupOf(from, opts)) return elseGroupOf(to, opts);
    }
    return g;
  };
  for (const [g, titles] of Object.entries(base.order)) {
    if (!ownedGroups.has(g)) order[g] = titles;
    else {
      const next = groups[renameGroup(g)];
      if (next) order[renameGroup(g)] = keepDangling(titles.map((t) => renamed.get(t) ?? t), next, (t) => t in base.blocks || renamedTo.has(t), removedTitles);
    }
  }
  for (const [g, titles] of Object.entries(groups)) if (!(g in order)) order[g] = titles;

  const blocks: Record<string, Block> = {};
  for (const [title, block] of Object.entries(base.blocks)) {
    if (removedTitles.has(title)) continue;
    blocks[renamed.get(title) ?? title] = block;
  }
  for (const p of placed) {
    if (baseById.has(p.step.id)) continue;
    blocks[p.step.title] = opts.newBlock?.(p.step) ?? { type: blockTypeOfModule(p.step.type), identifier: p.step.id };
  }
  const out: JsonScript = { ...base, order, blocks };
  // `{...base}` keeps the key order of base, with `order` and `blocks` replaced in place.
  return out;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The target list of a group, with the titles of the server's list that name no block (the seed's own example
 * lists `Step2_Title`, which has none) kept after the same predecessor. Unchanged: the server's array itself.
 */
function keepDangling(baseList: string[], target: string[], isBlock: (t: string) => boolean, removed: Set<string>): string[] {
  const known = baseList.filter((t) => isBlock(t) && !removed.has(t));
  if (sameList(known, target) && baseList.every((t) => !removed.has(t))) return baseList;
  const out = [...target];
  let prev: string | null = null;
  for (const t of baseList) {
    if (isBlock(t)) {
      if (!removed.has(t)) prev = t;
      continue;
    }
    const at: number = prev === null ? 0 : out.indexOf(prev) + 1;
    out.splice(at, 0, t);
    prev = t;
  }
  return out;
}

/** `used_variables` with renamed and removed steps applied, and a plugin step's variables replaced. */
export function renameInUsedVariables(uv: UsedVariables, from: string, to: string): UsedVariables {
  const out: UsedVariables = {};
  for (const [type, byTitle] of Object.entries(uv)) {
    const next: Record<string, Record<string, unknown>> = {};
    for (const [title, vars] of Object.entries(byTitle)) next[title === from ? to : title] = vars;
    out[type] = next;
  }
  return out;
}

/** The params that hold JavaScript, by block type: there `context.res.<Title>` is code, not a `${…}` template. */
const CODE_PARAMS: Record<string, string> = { function: 'code', ifBlock: 'condition', plugin: 'source' };

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * After renames (old title -> new title), `context.res.Old`, `context.res?.Old` and `context.res['Old']` in
 * function code, ifBlock conditions and plugin code name the new title. The reference dialect rewrites only
 * `${…}` templates; plain JavaScript reads step outputs the same way and would break silently otherwise.
 * A title another step takes over in the same save is left alone (the reference is ambiguous).
 */
export function followRenamesInCode(flow: Flow, renames: Map<string, string>): Flow {
  const taken = new Set(Object.values(flow.steps).map((s) => s.title));
  const active = [...renames].filter(([from, to]) => from !== to && !taken.has(from));
  if (active.length === 0) return flow;
  const patterns = active.map(([from, to]) => ({
    dot: new RegExp(`(\\bcontext\\s*\\??\\.\\s*res\\s*\\??\\.\\s*)${escapeRe(from)}(?![\\w$])`, 'g'),
    bracket: new RegExp(`(\\bcontext\\s*\\??\\.\\s*res\\s*(?:\\?\\.)?\\[\\s*)(['"])${escapeRe(from)}\\2(\\s*\\])`, 'g'),
    to,
  }));
  let changed = false;
  const steps: Flow['steps'] = {};
  for (const step of Object.values(flow.steps)) {
    const key = CODE_PARAMS[blockTypeOfModule(step.type)];
    const code = key ? step.params[key] : undefined;
    if (typeof code !== 'string') {
      steps[step.id] = step;
      continue;
    }
    let next = code;
    for (const p of patterns) {
      const ident = /^[A-Za-z_$][\w$]*$/.test(p.to);
      next = next.replace(p.dot, (_m, head: string) => (ident ? `${head}${p.to}` : `${head.replace(/\??\.\s*$/, (d) => (d.startsWith('?') ? '?.' : ''))}['${p.to}']`));
      next = next.replace(p.bracket, (_m, head: string, q: string, tail: string) => `${head}${q}${p.to}${q}${tail}`);
    }
    if (next !== code) changed = true;
    steps[step.id] = next === code ? step : { ...step, params: { ...step.params, [key!]: next } };
  }
  return changed ? { ...flow, steps } : flow;
}
