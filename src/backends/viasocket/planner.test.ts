import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow, type Step } from '../../model/flow';
import { elseGroupOf, scriptToFlow } from './mapping';
import { planSave, PlanError, STEP_ID_PATTERN, type BaseScript, type StepCall } from './planner';

/**
 * An independent model of the server's step endpoints (the semantics server/viasocket implements), strict
 * about what the real API refuses: duplicate titles, unknown titles in paths, unknown order groups, stepIds
 * that are not `func` + 8, order PUTs naming blocks that do not exist.
 */
interface ModelState {
  title: string;
  description: string;
  order: Record<string, string[]>;
  blocks: Record<string, { type: string; identifier: string }>;
  code: Record<string, unknown>;
}

const DEFAULT_CODE: Record<string, unknown> = { function: '', ifBlock: '', delay: 0, api: {} };

function apply(state: ModelState, call: StepCall): void {
  const seg = call.path.split('/').map(decodeURIComponent);
  const owned = (title: string) => (state.blocks[title]?.type === 'ifBlock' ? [title, elseGroupOf(title)] : []);
  const removeEverywhere = (title: string) => {
    for (const g of Object.keys(state.order)) state.order[g] = state.order[g]!.filter((t) => t !== title);
  };
  if (call.method === 'PUT' && seg[1] === 'projects') {
    const body = call.body as { title?: string; description?: string; json_script?: { order: Record<string, string[]> } };
    if (body.json_script) {
      const seen = new Set<string>();
      for (const list of Object.values(body.json_script.order)) {
        for (const t of list) {
          if (!(t in state.blocks)) throw new Error(`order names ${t}, which has no block`);
          if (seen.has(t)) throw new Error(`order lists ${t} twice`);
          seen.add(t);
        }
      }
      state.order = structuredClone(body.json_script.order);
    }
    if (body.title !== undefined) state.title = body.title;
    if (body.description !== undefined) state.description = body.description;
    return;
  }
  if (call.method === 'POST') {
    const body = call.body as { type: string; title: string; orderGroup: string; position: number; stepId: string };
    if (!STEP_ID_PATTERN.test(body.stepId)) throw new Error(`bad stepId ${body.stepId}`);
    if (body.title in state.blocks) throw new Error(`title ${body.title} exists`);
    if (!(body.orderGroup in state.order)) throw new Error(`no order group ${body.orderGroup}`);
    const list = state.order[body.orderGroup]!;
    if (body.position < 0 || body.position > list.length) throw new Error(`position ${body.position} out of range`);
    list.splice(body.position, 0, body.title);
    state.blocks[body.title] = { type: body.type, identifier: body.stepId };
    state.code[body.stepId] = DEFAULT_CODE[body.type];
    for (const g of owned(body.title)) state.order[g] = [];
    return;
  }
  const title = seg[4]!;
  const block = state.blocks[title];
  if (!block) throw new Error(`${call.method} of unknown step ${title}`);
  if (call.method === 'DELETE') {
    const drop = (t: string) => {
      for (const g of owned(t)) {
        for (const child of state.order[g] ?? []) drop(child);
        delete state.order[g];
      }
      delete state.code[state.blocks[t]!.identifier];
      delete state.blocks[t];
      removeEverywhere(t);
    };
    drop(title);
    return;
  }
  const body = call.body as { title?: string; code: unknown; stepId: string };
  if (body.stepId !== block.identifier) throw new Error('stepId does not match the block');
  state.code[block.identifier] = body.code;
  if (body.title !== undefined && body.title !== title) {
    if (body.title in state.blocks) throw new Error(`rename onto existing title ${body.title}`);
    const groups = owned(title);
    const blocks: ModelState['blocks'] = {};
    for (const [k, v] of Object.entries(state.blocks)) blocks[k === title ? body.title : k] = v;
    state.blocks = blocks;
    for (const g of Object.keys(state.order)) state.order[g] = state.order[g]!.map((t) => (t === title ? body.title! : t));
    const order: ModelState['order'] = {};
    for (const [g, list] of Object.entries(state.order)) order[g === groups[0] ? body.title : g === groups[1] ? elseGroupOf(body.title) : g] = list;
    state.order = order;
  }
}

function baseOf(state: ModelState): BaseScript {
  return {
    id: 'scri0r5ob8Xz',
    projectId: 'proj54490',
    title: state.title,
    description: state.description,
    jsonScript: { order: structuredClone(state.order), blocks: structuredClone(state.blocks) },
    functions: Object.values(state.blocks).map((b) => ({ id: b.identifier, title: '', type: b.type, code: state.code[b.identifier] })),
    usedVariables: {},
  };
}

function flowOf(state: ModelState): Flow {
  const b = baseOf(state);
  return scriptToFlow({ script: { id: b.id, title: b.title, description: b.description, json_script: b.jsonScript, used_variables: {} }, functions: b.functions });
}

function emptyState(): ModelState {
  return { title: 'Flow', description: '', order: { root: [] }, blocks: {}, code: {} };
}

let counter = 0;
const ctx = { orgId: '54490', newStepId: () => `funcN${String(counter++).padStart(7, '0')}` };

function save(state: ModelState, flow: Flow): { calls: StepCall[]; idMap: Record<string, string> } {
  const plan = planSave(baseOf(state), flow, ctx);
  for (const call of plan.calls) apply(state, call);
  return plan;
}

/** A flow with the ids mapped and params in the form the mapping reads them back. */
function expected(flow: Flow, idMap: Record<string, string>): Pick<Flow, 'root' | 'steps' | 'name' | 'description'> {
  const m = (id: string) => idMap[id] ?? id;
  const steps: Record<string, Step> = {};
  for (const s of Object.values(flow.steps)) {
    const step: Step = { id: m(s.id), kind: s.kind, type: s.type, title: s.title, params: s.params };
    if (s.kind === 'if') step.branches = { then: (s.branches?.then ?? []).map(m), else: (s.branches?.else ?? []).map(m) };
    steps[step.id] = step;
  }
  return { root: flow.root.map(m), steps, name: flow.name, description: flow.description };
}

const TYPES = ['function', 'ifBlock', 'delay', 'api'] as const;
const POOL = Array.from({ length: 7 }, (_, i) => `funcPool000${i}`).concat(['step_new_a', 'step_new_b', 'step_new_c']);

const specArb = fc.record({
  include: fc.boolean(),
  type: fc.constantFrom(...TYPES),
  title: fc.integer({ min: 0, max: 6 }),
  code: fc.constantFrom('', 'return 1;', 'return context.res.T1?.data;'),
  parent: fc.nat(),
  elseBranch: fc.boolean(),
});

/** A random block flow over the shared id pool: overlapping ids make survivors, renames, swaps, type changes. */
const flowArb = fc.record({ specs: fc.array(specArb, { minLength: POOL.length, maxLength: POOL.length }), order: fc.shuffledSubarray(POOL, { minLength: POOL.length }), name: fc.constantFrom('Flow', 'Renamed flow') }).map(({ specs, order, name }) => {
  const flow = emptyFlow('scri0r5ob8Xz', name, 'viasocket');
  const ifs: string[] = [];
  const titles = new Set<string>();
  order.forEach((id, i) => {
    const spec = specs[i]!;
    if (!spec.include) return;
    let title = `T${spec.title}`;
    while (titles.has(title)) title = `${title}x`;
    titles.add(title);
    const params: Record<string, unknown> =
      spec.type === 'function' ? { code: spec.code } : spec.type === 'ifBlock' ? { condition: spec.code } : spec.type === 'delay' ? { seconds: spec.code.length } : spec.code ? { url: spec.code } : {};
    const step: Step = { id, kind: spec.type === 'ifBlock' ? 'if' : 'action', type: spec.type, title, params };
    if (spec.type === 'ifBlock') step.branches = { then: [], else: [] };
    flow.steps[id] = step;
    const parent = spec.parent % (ifs.length + 1);
    if (parent === 0) flow.root.push(id);
    else flow.steps[ifs[parent - 1]!]!.branches![spec.elseBranch ? 'else' : 'then']!.push(id);
    if (spec.type === 'ifBlock') ifs.push(id);
  });
  return flow;
});

describe('step-call planner', () => {
  it('plans the seed\'s own create and update calls for a new function step', () => {
    const flow = emptyFlow('scri0r5ob8Xz', 'Flow', 'viasocket');
    flow.steps.s1 = { id: 's1', kind: 'action', type: 'function', title: 'JS_Code', params: { code: 'return 1;' } };
    flow.root = ['s1'];
    const plan = planSave(baseOf(emptyState()), flow, { orgId: '54490', newStepId: () => 'funcuwdWpIHH' });
    expect(plan.idMap).toEqual({ s1: 'funcuwdWpIHH' });
    expect(plan.calls.map((c) => [c.method, c.path])).toEqual([
      ['POST', '/scripts/proj54490/scri0r5ob8Xz/stepv2'],
      ['PUT', '/scripts/scri0r5ob8Xz/stepv2/JS_Code'],
    ]);
    expect(plan.calls[0]!.body).toEqual({ type: 'function', title: 'JS_Code', orderGroup: 'root', position: 0, stepId: 'funcuwdWpIHH' });
    expect(plan.calls[1]!.body).toEqual({
      type: 'function',
      code: 'return 1;',
      org_id: '54490',
      project_id: 'proj54490',
      calculateDetailedVariables: false,
      auth_id: null,
      action_id: null,
      stepId: 'funcuwdWpIHH',
      dynamicVariables: {},
    });
  });

  it('sends a rename to the old title, and a title swap through a temporary title', () => {
    const state = emptyState();
    const flow = emptyFlow('scri0r5ob8Xz', 'Flow', 'viasocket');
    flow.steps.funcAAAA0001 = { id: 'funcAAAA0001', kind: 'action', type: 'function', title: 'A', params: { code: '' } };
    flow.steps.funcBBBB0001 = { id: 'funcBBBB0001', kind: 'action', type: 'function', title: 'B', params: { code: '' } };
    flow.root = ['funcAAAA0001', 'funcBBBB0001'];
    save(state, flow);
    const swapped = flowOf(state);
    swapped.steps.funcAAAA0001!.title = 'B';
    swapped.steps.funcBBBB0001!.title = 'A';
    const plan = save(state, swapped);
    expect(plan.calls.map((c) => `${c.kind} ${c.path}`)).toEqual([
      'rename-temp /scripts/scri0r5ob8Xz/stepv2/A',
      'update /scripts/scri0r5ob8Xz/stepv2/B',
      'update /scripts/scri0r5ob8Xz/stepv2/B_funcAAAA0001',
    ]);
    expect(state.order.root).toEqual(['B', 'A']);
  });

  it('puts new steps into ifBlock branch groups after creating the ifBlock, with positions', () => {
    const state = emptyState();
    const flow = emptyFlow('scri0r5ob8Xz', 'Flow', 'viasocket');
    flow.steps.i = { id: 'i', kind: 'if', type: 'ifBlock', title: 'Check', params: { condition: 'true' }, branches: { then: ['a'], else: ['b'] } };
    flow.steps.a = { id: 'a', kind: 'action', type: 'function', title: 'Yes', params: { code: 'return 1;' } };
    flow.steps.b = { id: 'b', kind: 'action', type: 'function', title: 'No', params: { code: 'return 2;' } };
    flow.root = ['i'];
    const plan = save(state, flow);
    expect(plan.calls.filter((c) => c.kind === 'create').map((c) => [c.body!.title, c.body!.orderGroup, c.body!.position])).toEqual([
      ['Check', 'root', 0],
      ['Yes', 'Check', 0],
      ['No', 'Check_else', 0],
    ]);
    expect(state.order).toEqual({ root: ['Check'], Check: ['Yes'], Check_else: ['No'] });
  });

  it('refuses duplicate or empty titles before any call', () => {
    const flow = emptyFlow('scri0r5ob8Xz', 'Flow', 'viasocket');
    flow.steps.a = { id: 'a', kind: 'action', type: 'function', title: 'Same', params: {} };
    flow.steps.b = { id: 'b', kind: 'action', type: 'function', title: 'Same', params: {} };
    flow.root = ['a', 'b'];
    expect(() => planSave(baseOf(emptyState()), flow, ctx)).toThrow(PlanError);
    flow.steps.b!.title = ' ';
    expect(() => planSave(baseOf(emptyState()), flow, ctx)).toThrow(/needs a title/);
  });

  it('property: any edit lands exactly, every call valid when it is made, and re-planning is empty', () => {
    fc.assert(
      fc.property(flowArb, flowArb, (first, second) => {
        const state = emptyState();
        const one = save(state, first);
        expect(flowOf(state)).toMatchObject(expected(first, one.idMap));
        // The second flow edits the first: pool ids the first save kept are survivors, the others are new.
        const two = save(state, second);
        const after = flowOf(state);
        expect(after).toMatchObject(expected(second, two.idMap));
        expect(Object.keys(after.steps).sort()).toEqual(Object.keys(expected(second, two.idMap).steps).sort());
        // Nothing left to do.
        expect(planSave(baseOf(state), after, ctx).calls).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('property: an unchanged flow plans no call at all', () => {
    fc.assert(
      fc.property(flowArb, (flow) => {
        const state = emptyState();
        save(state, flow);
        expect(planSave(baseOf(state), flowOf(state), ctx).calls).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
