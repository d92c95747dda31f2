/**
 * Fuzz over the import path (issue 21 item 10): valid flow files and bundles with one part replaced by
 * something hostile (`__proto__` ids, values of the wrong type, 10⁴–10⁵-deep nesting, huge names) must give a
 * readable per-file message and write nothing, and a preview (dry run) must say exactly what the import then
 * does: never "will import" followed by a failure.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { blockFlowArb } from '../../model/testing/arbitraries';
import type { ExportedFile } from '../types';
import { createFakeEngine } from './fake-engine';
import { createLocalAdapter } from './local-adapter';

const adapter = createLocalAdapter({ dbName: `flowbench-fuzz-${Date.now()}`, engine: createFakeEngine({}) });
afterAll(() => adapter.close());

/** Messages a user cannot act on: a JavaScript engine's words, not ours. */
const UNREADABLE = /Cannot read prop|Cannot convert|is not a function|is not iterable|Maximum call stack|too much recursion|undefined \(reading|\[object Object\]|Unexpected token|DataCloneError/;

const deepText = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

function deepBlocks(n: number): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) steps[`b${i}`] = { id: `b${i}`, kind: 'if', type: 'core.if', title: 'b', params: {}, branches: { then: i + 1 < n ? [`b${i + 1}`] : [] } };
  return steps;
}

const DEEP = 'deep-placeholder:';
const spliceDeep = (text: string) => text.replace(new RegExp(`"${DEEP}(\\d+)"`, 'g'), (_m, n: string) => deepText(Number(n)));

/** Something hostile to put at a path of a valid document. */
const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(null, 0, -1, 1e308, '', [], {}, { toString: 1 }, ['__proto__'], { __proto__: 1 }),
  // Deep values are spliced into the JSON text (JSON.stringify itself would overflow on them).
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => `${DEEP}${n}`),
  fc.constant('n'.repeat(2_000)),
);

type Doc = Record<string, unknown>;

/** Sets `value` at a random place: a top-level field, a step field, a step's params, a new step id. */
function mutate(doc: Doc, flowKey: 'flow' | 'flows', pick: number, field: string, value: unknown): Doc {
  const copy = JSON.parse(JSON.stringify(doc)) as Doc;
  const flow = (flowKey === 'flow' ? copy.flow : (copy.flows as Doc[])[0]) as Doc;
  const steps = flow.steps as Record<string, Doc>;
  const ids = Object.keys(steps);
  const id = ids[pick % Math.max(1, ids.length)];
  switch (pick % 5) {
    case 0:
      flow[field] = value;
      break;
    case 1:
      if (id) steps[id]![field] = value;
      break;
    case 2:
      if (id) steps[id]!.params = { [field]: value };
      break;
    case 3:
      steps[field] = value as Doc;
      break;
    default:
      if (flowKey === 'flows') copy.folders = [{ id: 'f1', name: value, parentId: null, flowIds: [flow.id] }];
      else flow.root = value;
  }
  return copy;
}

const asFile = (name: string, text: string): ExportedFile => ({ name, mime: 'application/json', data: new TextEncoder().encode(text) });

async function flowCount(): Promise<number> {
  return (await adapter.listFlows({ limit: 100_000 })).total;
}

async function expectReadableAndConsistent(file: ExportedFile): Promise<void> {
  const preview = await adapter.importFiles!([file], { folderId: null, dryRun: true });
  for (const e of preview) if (e.message) expect(e.message, e.message.slice(0, 300)).not.toMatch(UNREADABLE);
  const before = await flowCount();
  const report = await adapter.importFiles!([file], { folderId: null });
  for (const e of report) if (e.message) expect(e.message, e.message.slice(0, 300)).not.toMatch(UNREADABLE);
  // The preview told the truth: the same entries reach the same status.
  expect(report.map((e) => e.status)).toEqual(preview.map((e) => e.status));
  const imported = report.filter((e) => e.status === 'imported').length;
  expect(await flowCount()).toBe(before + imported);
  // Whatever was imported opens again.
  for (const e of report) if (e.status === 'imported') await adapter.getFlow(e.flowId!);
}

describe('import fuzz', () => {
  it('a mutated flow file or bundle: a readable message, nothing half-written, preview = import', async () => {
    await fc.assert(
      fc.asyncProperty(
        blockFlowArb(),
        fc.boolean(),
        fc.nat(),
        fc.constantFrom('name', 'id', 'title', 'kind', 'type', 'steps', 'root', 'branches', 'params', 'structure', '__proto__', 'constructor', 'toString', 'x'),
        hostile,
        async (flow, asBundle, pick, field, value) => {
          const doc: Doc = asBundle ? { format: 'flowbench/bundle', version: 1, flows: [flow], folders: [] } : { format: 'flowbench/flow', version: 1, flow };
          const text = spliceDeep(JSON.stringify(mutate(doc, asBundle ? 'flows' : 'flow', pick, field, value)));
          await expectReadableAndConsistent(asFile('fuzz.json', text));
        },
      ),
      { numRuns: 60 },
    );
  });

  const base = (over: Doc = {}) => ({
    schemaVersion: 2,
    id: `flow_edge_${Math.random().toString(36).slice(2)}`,
    name: 'Edge',
    description: '',
    tags: [],
    structure: 'blocks',
    steps: { s1: { id: 's1', kind: 'action', type: 'core.log', title: 'S', params: {} } },
    root: ['s1'],
    edges: [],
    notes: [],
    inputs: [],
    dialect: 'local',
    ...over,
  });
  const flowFile = (flow: unknown) => JSON.stringify({ format: 'flowbench/flow', version: 1, flow });

  it.each([
    ['a step id "__proto__"', () => flowFile(base({ steps: JSON.parse('{"__proto__":{"id":"__proto__","kind":"action","type":"core.log","title":"S","params":{}}}'), root: ['__proto__'] })), /"__proto__" cannot be used as a name or id/],
    ['a root naming "__proto__"', () => flowFile(base({ steps: {}, root: ['__proto__'] })), /./],
    ['a non-string flow name', () => flowFile(base({ name: { toString: 1 } })), /name: expected a string/],
    ['a non-string folder name', () => JSON.stringify({ format: 'flowbench/bundle', version: 1, flows: [base()], folders: [{ id: 'f', name: { a: 1 }, parentId: null, flowIds: [] }] }), /folders\.0\.name: expected a string/],
    ['params nested 10⁵ deep', () => flowFile(base()).replace('"params":{}', `"params":{"x":${deepText(100_000)}}`), /nested more than 200 levels deep/],
    ['params nested 10⁴ deep', () => flowFile(base()).replace('"params":{}', `"params":{"x":${deepText(10_000)}}`), /nested more than 200 levels deep/],
    ['blocks nested 10⁴ deep', () => flowFile(base({ steps: deepBlocks(10_000), root: ['b0'] })), /blocks nested more than 100 levels deep/],
    ['a 50 MB name', () => flowFile(base({ name: 'n'.repeat(50 * 1024 * 1024) })), /longer than the limit/],
    ['a 50 MB folder name', () => JSON.stringify({ format: 'flowbench/bundle', version: 1, flows: [base()], folders: [{ id: 'f', name: 'n'.repeat(50 * 1024 * 1024), parentId: null, flowIds: [] }] }), /longer than the limit/],
  ])('%s: refused with a readable reason, in the preview and the import, nothing written', async (_name, make, reason) => {
    const file = asFile('edge.json', make());
    const before = await flowCount();
    const preview = await adapter.importFiles!([file], { folderId: null, dryRun: true });
    expect(preview.map((e) => e.status)).toEqual(['error']);
    expect(preview[0]!.message).toMatch(reason);
    expect(preview[0]!.message).not.toMatch(UNREADABLE);
    const report = await adapter.importFiles!([file], { folderId: null });
    expect(report).toEqual(preview);
    expect(await flowCount()).toBe(before);
  }, 60_000);
});
