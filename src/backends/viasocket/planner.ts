/**
 * The step-call planner: from the server's current script and the edited flow, the ordered calls the
 * viaSocket API needs (seed 000, "Steps"). Pure: no I/O, deterministic given `newStepId`.
 *
 * Why this order:
 * 1. script fields (`PUT /projects/{p}/scripts/{s}`: title, description);
 * 2. survivors inside a deleted ifBlock are first moved out to the root (one order PUT), because deleting an
 *    ifBlock deletes what its groups hold;
 * 3. deletes (`DELETE /scripts/{s}/stepv2/{title}`), top-most removed step only, so freed titles can be reused;
 * 4. renames and content changes (`PUT /scripts/{s}/stepv2/{oldTitle}`); a rename onto a title another
 *    step still holds (a swap) goes through a temporary title first, because titles are unique;
 * 5. creates (`POST /scripts/{p}/{s}/stepv2` with a client `func…` id, `orderGroup`, `position`), parents
 *    before children, each followed by a PUT of its configuration when it has one;
 * 6. one order PUT (`json_script.order`) when moves left any group out of order ("reorders through the
 *    script": the seed's `/reorder` route does not exist).
 */
import type { Flow, Step } from '../../model/flow';
import {
  actionIdOf,
  blockTypeOfModule,
  elseGroupOf,
  encodeParams,
  groupsOwnedBy,
  orderGroupsOf,
  placeSteps,
  reachableSteps,
  stepIdOf,
  type MappingOptions,
  type PlacedStep,
  type ReachedStep,
} from './mapping';
import type { FunctionRecord, JsonScript, UsedVariables } from './schemas';

export interface BaseScript {
  id: string;
  projectId: string;
  title: string;
  description: string;
  jsonScript: JsonScript;
  functions: FunctionRecord[];
  usedVariables: UsedVariables;
}

export type CallKind = 'script' | 'order' | 'delete' | 'rename-temp' | 'update' | 'create' | 'configure';

export interface StepCall {
  kind: CallKind;
  method: 'POST' | 'PUT' | 'DELETE';
  /** Path on the management host, path segments URI-encoded. */
  path: string;
  body?: Record<string, unknown>;
  /** The step the call is about (its final id), for the "which parts landed" report. */
  stepId?: string;
  /** The step's title in the path (updates, deletes) or the title created. */
  title?: string;
}

export interface PlanContext extends MappingOptions {
  orgId: string;
  newStepId: () => string;
}

export interface Plan {
  calls: StepCall[];
  /** Editor step ids replaced by server `func…` ids (new steps, steps whose type changed). */
  idMap: Record<string, string>;
}

export class PlanError extends Error {
  constructor(
    message: string,
    readonly stepId?: string,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}

/** `func` + 8 letters or digits: the seed's rule (the column is `varchar(12)`). */
export const STEP_ID_PATTERN = /^func[A-Za-z0-9]{8}$/;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomStepId(random: () => number = Math.random): string {
  let s = 'func';
  for (let i = 0; i < 8; i++) s += ALNUM[Math.floor(random() * ALNUM.length)];
  return s;
}

const enc = encodeURIComponent;

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

export function sameValue(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

/** The configuration a freshly created step has on the server: nothing to PUT when the edit equals it. */
export function isEmptyContent(blockType: string, code: unknown, variables: Record<string, unknown> | undefined): boolean {
  const noVars = !variables || Object.keys(variables).length === 0;
  switch (blockType) {
    case 'function':
    case 'ifBlock':
      return code === '' && noVars;
    case 'delay':
      return code === 0 && noVars;
    case 'api':
      return sameValue(code, {}) && noVars;
    case 'plugin':
      return sameValue(code, { type: 'action', source: '' }) && noVars;
    default:
      return code === undefined && noVars;
  }
}

/** The body of a step PUT: the seed's verified shape for function steps, `{type, code}` for the others. */
export function updateBody(ctx: PlanContext, base: BaseScript, stepId: string, blockType: string, code: unknown, variables: Record<string, unknown> | undefined, newTitle?: string): Record<string, unknown> {
  const body: Record<string, unknown> =
    blockType === 'function'
      ? {
          type: 'function',
          code,
          org_id: ctx.orgId,
          project_id: base.projectId,
          calculateDetailedVariables: false,
          auth_id: null,
          action_id: null,
          stepId,
          dynamicVariables: variables ?? {},
        }
      : { type: blockType, code, stepId, dynamicVariables: variables ?? {} };
  if (newTitle !== undefined) body.title = newTitle;
  return body;
}

function titlesUnique(flow: Flow, placed: PlacedStep[], opts: MappingOptions): void {
  const seen = new Map<string, string>();
  const groups = new Set<string>(['root']);
  for (const p of placed) {
    const t = p.step.title;
    if (t.trim() === '') throw new PlanError('Every viaSocket step needs a title (steps are keyed by title).', p.step.id);
    if (/[/\\]/.test(t)) throw new PlanError(`The step title "${t}" has a slash; viaSocket puts titles in request paths.`, p.step.id);
    if (seen.has(t)) throw new PlanError(`Two steps are titled "${t}"; titles are unique within a viaSocket script.`, p.step.id);
    seen.set(t, p.step.id);
  }
  for (const p of placed) {
    if (p.step.kind !== 'if') continue;
    for (const g of groupsOwnedBy(p.step.title, 'ifBlock', opts)) {
      if (groups.has(g)) throw new PlanError(`The ifBlock "${p.step.title}" would own the order group "${g}", which another block owns.`, p.step.id);
      groups.add(g);
    }
  }
  void flow;
}

interface Target {
  placed: PlacedStep;
  blockType: string;
  actionId: string | undefined;
  /** The id the step has on the server after the save. */
  serverId: string;
  base: ReachedStep | undefined;
}

/** The order groups as the server holds them while the plan runs, to compute positions and the final PUT. */
class OrderModel {
  constructor(public order: Record<string, string[]>) {}
  remove(title: string, owned: string[]): void {
    for (const g of Object.keys(this.order)) this.order[g] = this.order[g]!.filter((t) => t !== title);
    for (const g of owned) delete this.order[g];
  }
  rename(from: string, to: string, owned: Array<[string, string]>): void {
    for (const g of Object.keys(this.order)) this.order[g] = this.order[g]!.map((t) => (t === from ? to : t));
    const next: Record<string, string[]> = {};
    for (const [g, list] of Object.entries(this.order)) next[owned.find(([a]) => a === g)?.[1] ?? g] = list;
    this.order = next;
  }
}

export function planSave(base: BaseScript, flow: Flow, ctx: PlanContext): Plan {
  const opts: MappingOptions = { elseSuffix: ctx.elseSuffix };
  const placed = placeSteps(flow, opts);
  titlesUnique(flow, placed, opts);
  const reached = reachableSteps(base.jsonScript, opts);
  const baseById = new Map(reached.map((r) => [stepIdOf(r.title, r.block), r]));
  const codeById = new Map(base.functions.map((f) => [f.id, f.code]));
  const usedIds = new Set([...baseById.keys(), ...Object.values(base.jsonScript.blocks).map((b) => b.identifier).filter((x): x is string => !!x)]);
  const idMap: Record<string, string> = {};

  const targets: Target[] = placed.map((p) => {
    const blockType = blockTypeOfModule(p.step.type);
    const actionId = blockType === 'plugin' ? p.step.type.slice('plugin:'.length) : undefined;
    const b = baseById.get(p.step.id);
    const same = b && b.block.type === blockType && (blockType !== 'plugin' || actionIdOf(b.block) === actionId);
    if (same) return { placed: p, blockType, actionId, serverId: p.step.id, base: b };
    let serverId = p.step.id;
    if (!STEP_ID_PATTERN.test(serverId) || usedIds.has(serverId)) {
      do serverId = ctx.newStepId();
      while (usedIds.has(serverId));
      idMap[p.step.id] = serverId;
    }
    usedIds.add(serverId);
    return { placed: p, blockType, actionId, serverId, base: undefined };
  });
  const survivors = new Map(targets.filter((t) => t.base).map((t) => [t.serverId, t]));
  const removed = reached.filter((r) => !survivors.has(stepIdOf(r.title, r.block)));
  const removedTitles = new Set(removed.map((r) => r.title));
  const calls: StepCall[] = [];
  const model = new OrderModel(structuredClone(base.jsonScript.order));
  const scriptPath = `/projects/${enc(base.projectId)}/scripts/${enc(base.id)}`;
  const stepPath = (title: string) => `/scripts/${enc(base.id)}/stepv2/${enc(title)}`;

  // 1. script fields
  if (flow.name !== base.title || flow.description !== base.description) {
    calls.push({ kind: 'script', method: 'PUT', path: scriptPath, body: { title: flow.name, description: flow.description } });
  }

  // 2. hoist survivors out of deleted ifBlocks
  const underRemoved = (r: ReachedStep): boolean => {
    for (let parent = r.parentTitle; parent !== null; ) {
      if (removedTitles.has(parent)) return true;
      parent = reached.find((x) => x.title === parent)?.parentTitle ?? null;
    }
    return false;
  };
  const hoisted = reached.filter((r) => survivors.has(stepIdOf(r.title, r.block)) && underRemoved(r));
  if (hoisted.length > 0) {
    for (const r of hoisted) model.remove(r.title, []);
    model.order.root = [...(model.order.root ?? []), ...hoisted.map((r) => r.title)];
    calls.push({ kind: 'order', method: 'PUT', path: scriptPath, body: { json_script: { order: structuredClone(model.order) } } });
  }

  // 3. deletes, top-most only (the server deletes what a deleted ifBlock's groups still hold)
  for (const r of removed) {
    if (r.parentTitle !== null && removedTitles.has(r.parentTitle)) continue;
    calls.push({ kind: 'delete', method: 'DELETE', path: stepPath(r.title), stepId: stepIdOf(r.title, r.block), title: r.title });
    const drop = (title: string, type: string) => {
      for (const g of groupsOwnedBy(title, type, opts)) for (const t of model.order[g] ?? []) drop(t, base.jsonScript.blocks[t]?.type ?? '');
      model.remove(title, groupsOwnedBy(title, type, opts));
    };
    drop(r.title, r.block.type);
  }

  // 4. renames and content changes of survivors
  const current = new Map<string, string>(); // serverId -> title on the server now
  for (const t of survivors.values()) current.set(t.serverId, t.base!.title);
  const held = () => new Set(current.values());
  const renameOwned = (from: string, to: string, type: string): Array<[string, string]> =>
    type === 'ifBlock' ? [[from, to], [elseGroupOf(from, opts), elseGroupOf(to, opts)]] : [];
  for (const t of survivors.values()) {
    const want = t.placed.step.title;
    const now = current.get(t.serverId)!;
    if (want === now || !held().has(want)) continue;
    const temp = `${want}_${t.serverId}`;
    calls.push({ kind: 'rename-temp', method: 'PUT', path: stepPath(now), body: { ...updateBody(ctx, base, t.serverId, t.blockType, codeById.get(t.serverId), base.usedVariables[t.blockType]?.[now], temp) }, stepId: t.serverId, title: now });
    model.rename(now, temp, renameOwned(now, temp, t.blockType));
    current.set(t.serverId, temp);
  }
  // Renames in an order where each target title is free when its PUT is made (temporaries broke the cycles).
  const pending = [...survivors.values()];
  const ordered: Target[] = [];
  while (pending.length > 0) {
    const i = pending.findIndex((t) => {
      const want = t.placed.step.title;
      return want === current.get(t.serverId) || ![...current].some(([id, title]) => id !== t.serverId && title === want);
    });
    if (i < 0) throw new PlanError('The step renames could not be ordered (a title cycle).');
    const [t] = pending.splice(i, 1);
    ordered.push(t!);
    current.set(t!.serverId, t!.placed.step.title);
  }
  for (const t of survivors.values()) current.set(t.serverId, t.base!.title);
  for (const c of calls) if (c.kind === 'rename-temp') current.set(c.stepId!, (c.body!.title as string));
  for (const t of ordered) {
    const step = t.placed.step;
    const now = current.get(t.serverId)!;
    const baseCode = codeById.get(t.serverId);
    const baseVars = base.usedVariables[t.blockType]?.[t.base!.title];
    const next = encodeParams(t.blockType, step.params, baseCode, baseVars);
    const codeChanged = !sameValue(next.code, baseCode);
    const varsChanged = t.blockType === 'plugin' && !sameValue(next.variables ?? {}, baseVars ?? {});
    const renamed = now !== step.title;
    if (!codeChanged && !varsChanged && !renamed) continue;
    calls.push({
      kind: 'update',
      method: 'PUT',
      path: stepPath(now),
      body: updateBody(ctx, base, t.serverId, t.blockType, next.code, t.blockType === 'plugin' ? next.variables : baseVars, renamed ? step.title : undefined),
      stepId: t.serverId,
      title: now,
    });
    if (renamed) {
      model.rename(now, step.title, renameOwned(now, step.title, t.blockType));
      current.set(t.serverId, step.title);
    }
  }

  // 5. creates, parents before children
  const targetGroups = orderGroupsOf(flow, opts);
  for (const t of targets) {
    if (t.base) continue;
    const step = t.placed.step;
    const group = t.placed.group;
    const list = (model.order[group] ??= []);
    const wanted = targetGroups[group] ?? [];
    const before = wanted.slice(0, wanted.indexOf(step.title)).filter((x) => list.includes(x));
    const position = before.length === 0 ? 0 : list.indexOf(before.at(-1)!) + 1;
    list.splice(position, 0, step.title);
    for (const g of groupsOwnedBy(step.title, t.blockType, opts)) model.order[g] ??= [];
    const body: Record<string, unknown> = { type: t.blockType, title: step.title, orderGroup: group, position, stepId: t.serverId };
    if (t.blockType === 'plugin') Object.assign(body, { actionId: t.actionId, iconUrl: '', configurationJson: '', configurationJsonEncrypted: '' });
    calls.push({ kind: 'create', method: 'POST', path: `/scripts/${enc(base.projectId)}/${enc(base.id)}/stepv2`, body, stepId: t.serverId, title: step.title });
    const next = encodeParams(t.blockType, step.params, undefined, undefined);
    if (!isEmptyContent(t.blockType, next.code, next.variables)) {
      calls.push({ kind: 'configure', method: 'PUT', path: stepPath(step.title), body: updateBody(ctx, base, t.serverId, t.blockType, next.code, next.variables), stepId: t.serverId, title: step.title });
    }
  }

  // 6. one order PUT when a group is still out of order
  const outOfOrder = Object.entries(targetGroups).some(([g, list]) => !sameValue(model.order[g] ?? [], list));
  if (outOfOrder) {
    for (const [g, list] of Object.entries(targetGroups)) model.order[g] = list;
    calls.push({ kind: 'order', method: 'PUT', path: scriptPath, body: { json_script: { order: structuredClone(model.order) } } });
  }
  return { calls, idMap };
}

/** A short description of a call for the user ("PUT stepv2 JS_Code"). */
export function describeCall(call: StepCall): string {
  switch (call.kind) {
    case 'script':
      return 'script title and description';
    case 'order':
      return 'step order';
    case 'delete':
      return `delete step "${call.title}"`;
    case 'rename-temp':
      return `rename step "${call.title}" (temporary title)`;
    case 'update':
      return `update step "${call.title}"`;
    case 'create':
      return `create step "${call.title}"`;
    case 'configure':
      return `configure step "${call.title}"`;
  }
}

export type { Step };
