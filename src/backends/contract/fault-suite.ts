/**
 * The fault matrix every remote adapter passes (issue 21 item 14): the same faults, injected through each test
 * server's admin endpoint, and the same expectations whatever the backend:
 * - a typed `BackendError` carrying the server's own words (never a bare TypeError or a hang);
 * - retries only where safe (reads, and writes the server refused before acting);
 * - a write that landed but whose answer was cut is recognised: retrying it neither fails nor duplicates;
 * - nothing is lost or half-written.
 *
 *   describeFaultContract('vflow', async () => ({ adapter, cleanup, inject, clear, renewsTokens: true }));
 *
 * A harness answers `inject(kind, op)` with false when its server cannot produce that fault: the test is
 * skipped with the reason, and the matrix shows it. Test-only: imports Vitest.
 */
import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import type { Flow } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';
import type { TraceEvent } from '../trace';
import { BackendError, type BackendAdapter, type ErrorCode, type SavedFlow } from '../types';
import { expectWellFormedRun, type AdapterUnderTest } from './contract-suite';
import { contractRunnableFlow, contractSampleFlow } from './sample-flows';

export type FaultKind = '500' | 'cut-after-landed' | '503' | '429' | 'slow' | 'expired-token' | 'stream-cut';
/** What the fault hits: reading a flow, creating one, saving an existing one, or a run. */
export type FaultOp = 'read' | 'create' | 'update' | 'run';

export interface FaultHarness extends AdapterUnderTest {
  /** Puts the fault in place for `op` until `clear()`; false when the server cannot produce it. */
  inject(kind: FaultKind, op: FaultOp): Promise<boolean>;
  clear(): Promise<void>;
  /** An expired token is renewed by the adapter (sign-in) rather than reported (a static key or token). */
  renewsTokens: boolean;
  /** Checks, after the stream-cut run, that the cut really hit (a proxy counts what it cut). */
  afterStreamCut?: () => Promise<void> | void;
  /** What a read is on a backend that stores no flows (default `listFlows`), e.g. its run history. */
  read?: () => Promise<unknown>;
}

/** What a test server's admin endpoint offers (server/common/admin-client.ts), as far as the matrix needs it. */
export interface FaultAdmin {
  setFaults(faults: object): Promise<void>;
  clearFaults(): Promise<void>;
  expireTokens(): Promise<void>;
}

/**
 * `inject` and `clear` for a server whose admin endpoint takes one faults object (every server under server/):
 * `faultsFor` maps a cell of the matrix to the server's own faults object, null when it cannot produce it.
 * `expiresTokens`: an expired token is the admin's expire-tokens call rather than a faults object.
 */
export function adminInjection(
  admin: FaultAdmin,
  faultsFor: (kind: FaultKind, op: FaultOp) => object | null,
  options: { expiresTokens?: boolean } = {},
): Pick<FaultHarness, 'inject' | 'clear'> {
  return {
    async inject(kind, op) {
      if (kind === 'expired-token' && options.expiresTokens) {
        await admin.expireTokens();
        return true;
      }
      const faults = faultsFor(kind, op);
      if (!faults) return false;
      await admin.setFaults(faults);
      return true;
    },
    clear: () => admin.clearFaults(),
  };
}

export interface FaultOptions {
  /** A flow that runs a second or more, so a stream cut lands mid-run; default the runnable flow. */
  slowFlow?: (modules: ModuleDefinition[]) => Flow;
  /** A flow the backend stores; default `contractSampleFlow` (the contract suite's own option, shared). */
  sampleFlow?: (modules: ModuleDefinition[]) => Flow;
  runnableFlow?: (modules: ModuleDefinition[]) => Flow;
  runInputs?: Record<string, unknown>;
}

/** One line per test outcome, `FAULT-MATRIX <adapter> | <fault> | <result>`, for the closing table. */
function note(adapter: string, fault: string, result: string): void {
  process.stdout.write(`FAULT-MATRIX ${adapter} | ${fault} | ${result}\n`);
}

async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

function expectTyped(e: unknown, codes: ErrorCode[]): BackendError {
  expect(e, `expected a BackendError, got ${String(e)}`).toBeInstanceOf(BackendError);
  const err = e as BackendError;
  expect(codes, `code ${err.code}: ${err.message}`).toContain(err.code);
  return err;
}

function withoutId(flow: Flow): Omit<Flow, 'id'> {
  const { id: _id, ...rest } = flow;
  return rest;
}

export function describeFaultContract(name: string, makeHarness: () => Promise<FaultHarness>, options: FaultOptions = {}): void {
  describe(`fault contract: ${name}`, () => {
    let h: FaultHarness;
    let adapter: BackendAdapter;
    let modules: ModuleDefinition[] = [];
    let tag = '';

    beforeEach(async () => {
      tag = Math.random().toString(36).slice(2, 8);
      h = await makeHarness();
      adapter = h.adapter;
      modules = await adapter.listModules();
    });
    afterEach(async () => {
      await h.clear().catch(() => undefined);
      adapter.dispose?.();
      await h.cleanup();
    });

    const caps = () => adapter.capabilities;
    const structure = () => (caps().structures.includes('blocks') ? 'blocks' : 'graph') as Flow['structure'];
    const sample = (label: string): Flow => ({
      ...(options.sampleFlow?.(modules) ?? contractSampleFlow({ modules, structure: structure(), dialect: adapter.referenceSyntax.dialect })),
      name: `Fault ${label} ${tag}`,
    });
    const create = (flow: Flow): Promise<SavedFlow> => adapter.saveFlow({ flow, baseRevision: null, folderId: null });
    const namedCount = async (flowName: string) => (await adapter.listFlows({ search: tag })).items.filter((s) => s.name === flowName).length;
    /** What "reading" is for this backend: a flow when it stores them, else its list (a run-only backend's apps). */
    const read = async (id: string | null): Promise<unknown> => (id ? adapter.getFlow(id) : (h.read?.() ?? adapter.listFlows()));

    async function injectOrSkip(ctx: TestContext, fault: string, kind: FaultKind, op: FaultOp): Promise<void> {
      if (await h.inject(kind, op)) return;
      note(name, fault, 'n/a: the test server cannot produce it');
      ctx.skip(`the ${name} test server cannot produce ${kind} on ${op}`);
    }
    const needsEdit = (ctx: TestContext, fault: string) => {
      if (caps().editFlows) return;
      note(name, fault, 'n/a: run-only backend');
      ctx.skip('run-only backend');
    };

    it('500 before acting, on a read: typed internal error with the server words; the next read works', async (ctx) => {
      const fault = '500 read';
      const id = caps().editFlows ? (await create(sample('read500'))).flow.id : null;
      await injectOrSkip(ctx, fault, '500', 'read');
      const r = await settle(read(id));
      expect(r.ok).toBe(false);
      const err = expectTyped(!r.ok && r.error, ['internal']);
      expect(err.serverMessage, 'the server words').toBeTruthy();
      expect(err.message).toContain(err.serverMessage!);
      await h.clear();
      await read(id);
      note(name, fault, `typed ${err.code} "${err.serverMessage}", read works after`);
    });

    it('500 before acting, on a save: typed error, nothing half-written, the same save then lands', async (ctx) => {
      const fault = '500 save';
      needsEdit(ctx, fault);
      const created = await create(sample('save500'));
      await injectOrSkip(ctx, fault, '500', 'update');
      const edited: Flow = { ...created.flow, name: `${created.flow.name} edited` };
      const r = await settle(adapter.saveFlow({ flow: edited, baseRevision: created.summary.revision }));
      const err = expectTyped(!r.ok && r.error, ['internal']);
      expect(err.serverMessage).toBeTruthy();
      await h.clear();
      const now = await adapter.getFlow(created.flow.id);
      expect(now.flow).toEqual(created.flow);
      const saved = await adapter.saveFlow({ flow: edited, baseRevision: created.summary.revision });
      expect((await adapter.getFlow(created.flow.id)).flow).toEqual(saved.flow);
      note(name, fault, `typed ${err.code}, unchanged, retry lands`);
    });

    it('500 before acting, on a create: typed error, no flow appears, the same create then lands once', async (ctx) => {
      const fault = '500 create';
      needsEdit(ctx, fault);
      const flow = sample('create500');
      await injectOrSkip(ctx, fault, '500', 'create');
      const r = await settle(create(flow));
      const err = expectTyped(!r.ok && r.error, ['internal']);
      await h.clear();
      expect(await namedCount(flow.name)).toBe(0);
      await create(flow);
      expect(await namedCount(flow.name)).toBe(1);
      note(name, fault, `typed ${err.code}, nothing created, retry creates one`);
    });

    it('answer cut after a save landed: recognised, the retry neither fails nor loses the edit', async (ctx) => {
      const fault = 'cut save (landed)';
      needsEdit(ctx, fault);
      const created = await create(sample('cutsave'));
      await injectOrSkip(ctx, fault, 'cut-after-landed', 'update');
      const edited: Flow = { ...created.flow, name: `${created.flow.name} edited`, description: 'landed' };
      const first = await settle(adapter.saveFlow({ flow: edited, baseRevision: created.summary.revision }));
      if (!first.ok) expectTyped(first.error, ['network', 'internal', 'timeout']);
      await h.clear();
      expect((await adapter.getFlow(created.flow.id)).flow, 'the save landed').toEqual(edited);
      let how = 'recognised by the adapter';
      if (first.ok) expect(first.value.flow).toEqual(edited);
      else {
        // What autosave does next: the same document from the same base. A conflict is fine only when it
        // carries exactly this document (autosave then takes its revision silently: nothing differs).
        const code = (first.error as BackendError).code;
        const again = await settle(adapter.saveFlow({ flow: edited, baseRevision: created.summary.revision }));
        if (again.ok) {
          expect(again.value.flow).toEqual(edited);
          how = `typed ${code}, the retry saves`;
        } else {
          const err = expectTyped(again.error, ['conflict']);
          expect(err.current?.flow, 'the conflict carries the landed copy').toEqual(edited);
          how = `typed ${code}, the retry is a conflict with no difference (resolved silently)`;
        }
      }
      expect(await namedCount(edited.name)).toBe(1);
      note(name, fault, how);
    });

    it('answer cut after a create landed: the retried create makes no duplicate', async (ctx) => {
      const fault = 'cut create (landed)';
      needsEdit(ctx, fault);
      const flow = sample('cutcreate');
      await injectOrSkip(ctx, fault, 'cut-after-landed', 'create');
      const first = await settle(create(flow));
      if (!first.ok) expectTyped(first.error, ['network', 'internal', 'timeout']);
      await h.clear();
      const again = first.ok ? first.value : await create(flow);
      expect(withoutId(again.flow)).toEqual(withoutId(flow));
      expect(await namedCount(flow.name), 'one flow, not two').toBe(1);
      note(name, fault, first.ok ? 'recognised by the adapter' : `typed ${(first.error as BackendError).code}, retry finds the landed flow`);
    });

    it('503 on a read and a save: typed unavailable, retryable, nothing changed', async (ctx) => {
      const fault = '503';
      const created = caps().editFlows ? await create(sample('503')) : null;
      await injectOrSkip(ctx, fault, '503', 'read');
      const r = await settle(read(created?.flow.id ?? null));
      const err = expectTyped(!r.ok && r.error, ['unavailable']);
      expect(err.retryable).toBe(true);
      if (created) {
        await h.clear();
        await injectOrSkip(ctx, fault, '503', 'update');
        const s = await settle(adapter.saveFlow({ flow: { ...created.flow, name: 'never' }, baseRevision: created.summary.revision }));
        expectTyped(!s.ok && s.error, ['unavailable']);
        await h.clear();
        expect((await adapter.getFlow(created.flow.id)).flow).toEqual(created.flow);
      }
      await h.clear();
      await read(created?.flow.id ?? null);
      note(name, fault, `typed ${err.code}${err.serverMessage ? ` "${err.serverMessage}"` : ''}, retryable, unchanged`);
    });

    it('429 with a reset: waits within bounds, then a typed rate-limited error with the wait; nothing changed', async (ctx) => {
      const fault = '429';
      const created = caps().editFlows ? await create(sample('429')) : null;
      await injectOrSkip(ctx, fault, '429', 'read');
      const r = await settle(read(created?.flow.id ?? null));
      const err = expectTyped(!r.ok && r.error, ['rate-limited']);
      expect(err.retryable).toBe(true);
      await h.clear();
      if (created) expect((await adapter.getFlow(created.flow.id)).flow).toEqual(created.flow);
      else await read(null);
      note(name, fault, `typed ${err.code}${err.serverMessage ? ` "${err.serverMessage}"` : ''}, retryable`);
    });

    it('a slow server: every request still succeeds, a save lands once', async (ctx) => {
      const fault = 'slow';
      await injectOrSkip(ctx, fault, 'slow', 'read');
      if (caps().editFlows) {
        const flow = sample('slow');
        const created = await create(flow);
        const saved = await adapter.saveFlow({ flow: { ...created.flow, description: 'slow' }, baseRevision: created.summary.revision });
        expect((await adapter.getFlow(created.flow.id)).summary.revision).toBe(saved.summary.revision);
        expect(await namedCount(flow.name)).toBe(1);
      } else {
        await read(null);
      }
      note(name, fault, 'succeeds');
    });

    it('an expired token: renewed without the user, or a typed unauthorized error with the server words', async (ctx) => {
      const fault = 'expired token';
      const id = caps().editFlows ? (await create(sample('token'))).flow.id : null;
      await injectOrSkip(ctx, fault, 'expired-token', 'read');
      const r = await settle(read(id));
      if (h.renewsTokens) {
        expect(r.ok, r.ok ? '' : String(r.error)).toBe(true);
        note(name, fault, 'renewed by signing in again');
        return;
      }
      const err = expectTyped(!r.ok && r.error, ['unauthorized']);
      expect(err.serverMessage).toBeTruthy();
      expect(err.retryable).toBe(false);
      note(name, fault, `typed ${err.code} "${err.serverMessage}", not retried`);
    });

    it('the answer to a run start cut after the run started: the run is found and followed, or a typed error', async (ctx) => {
      const fault = 'cut run start (landed)';
      if (!caps().run || !adapter.startRun) {
        note(name, fault, 'n/a: no runs');
        ctx.skip('no runs');
      }
      const flow = options.runnableFlow?.(modules) ?? contractRunnableFlow({ modules, structure: structure(), dialect: adapter.referenceSyntax.dialect });
      if (caps().editFlows) await create(flow);
      await injectOrSkip(ctx, fault, 'cut-after-landed', 'run');
      const started = await settle(adapter.startRun!({ flowId: flow.id, flow, inputs: options.runInputs ?? {}, trigger: 'manual' }));
      await h.clear();
      if (started.ok) {
        const events: TraceEvent[] = [];
        for await (const e of started.value.events) events.push(e);
        expectWellFormedRun(events, started.value.runId);
        note(name, fault, 'the started run is found and followed to its end');
      } else {
        const err = expectTyped(started.error, ['network', 'timeout', 'internal']);
        note(name, fault, `typed ${err.code}: reported as not started (it may have run)`);
      }
    });

    it('a run whose stream is cut mid-run: resumed to its end, or a typed error; never a hang', async (ctx) => {
      const fault = 'stream cut';
      if (!caps().run || !adapter.startRun) {
        note(name, fault, 'n/a: no runs');
        ctx.skip('no runs');
      }
      const flow =
        options.slowFlow?.(modules) ?? options.runnableFlow?.(modules) ?? contractRunnableFlow({ modules, structure: structure(), dialect: adapter.referenceSyntax.dialect });
      if (caps().editFlows) await create(flow);
      await injectOrSkip(ctx, fault, 'stream-cut', 'run');
      const events: TraceEvent[] = [];
      let runId = '';
      const outcome = await settle(
        (async () => {
          const handle = await adapter.startRun!({ flowId: flow.id, flow, inputs: options.runInputs ?? {}, trigger: 'manual' });
          runId = handle.runId;
          for await (const e of handle.events) events.push(e);
        })(),
      );
      await h.clear();
      await h.afterStreamCut?.();
      if (outcome.ok) {
        expectWellFormedRun(events, runId);
        note(name, fault, 'resumed to run-finished');
      } else {
        const err = expectTyped(outcome.error, ['network', 'timeout', 'unavailable', 'internal']);
        for (let i = 1; i < events.length; i++) expect(events[i]!.seq).toBeGreaterThan(events[i - 1]!.seq);
        note(name, fault, `typed ${err.code} after ${events.length} events`);
      }
    });
  });
}
