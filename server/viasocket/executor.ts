/**
 * Runs a script's steps for real: walks `order.root` (ifBlocks into their groups), function code and plugin
 * action code in a `node:vm` context with a time limit, `${…}` templates in plugin variables and api fields
 * evaluated against `context`, api steps as real HTTP (loopback only: the test network is closed), delays.
 * Every step's input, output, console lines and error go into the run log.
 */
import vm from 'node:vm';
import { ACTIONS } from './catalog';
import { randomId, type Block, type RunLog, type ScriptRecord, type Snapshot, type StepLog } from './store';

export interface ExecutorOptions {
  /** Wall-clock limit of one function / plugin step, ms. */
  stepTimeoutMs: number;
  /** Multiplier of delay steps' seconds (tests run delays fast). */
  delayScale: number;
  elseSuffix: string;
  /** Fail the step in the middle of the run (fault injection). */
  failMidway?: boolean;
}

interface RunContext {
  req: { body: unknown; query: Record<string, string>; headers: Record<string, string> };
  res: Record<string, unknown>;
  vals: Record<string, unknown>;
}

class StepFailure extends Error {}

function sandbox(context: RunContext, logs: string[], extra: Record<string, unknown> = {}): vm.Context {
  const line = (...args: unknown[]) => logs.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  const axios = () => Promise.reject(new Error('axios: outbound HTTP is disabled on the test server'));
  return vm.createContext({ context, console: { log: line, info: line, warn: line, error: line }, axios, ...extra });
}

async function runCode(code: string, ctx: vm.Context, timeoutMs: number): Promise<unknown> {
  const script = new vm.Script(`(async () => {\n${code}\n})()`, { filename: 'step.js' });
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepFailure(`Step timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = script.runInContext(ctx, { timeout: timeoutMs }) as Promise<unknown>;
    return await Promise.race([result, limit]);
  } catch (e) {
    if (e instanceof StepFailure) throw e;
    const err = e as { message?: string; code?: string };
    if (err.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new StepFailure(`Step timed out after ${timeoutMs} ms`);
    throw new StepFailure(String(err.message ?? e));
  } finally {
    clearTimeout(timer);
  }
}

/** `${expr}` alone keeps the value's type; mixed text is a template literal. */
export function resolveTemplates(value: unknown, context: RunContext): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const ctx = vm.createContext({ context });
    const whole = /^\$\{([\s\S]+)\}$/.exec(value);
    try {
      if (whole && !whole[1]!.includes('${')) return new vm.Script(`(${whole[1]})`).runInContext(ctx, { timeout: 200 });
      return new vm.Script(`\`${value.replace(/`/g, '\\`')}\``).runInContext(ctx, { timeout: 200 });
    } catch (e) {
      throw new StepFailure(`Could not evaluate ${value}: ${(e as Error).message}`);
    }
  }
  if (Array.isArray(value)) return value.map((v) => resolveTemplates(v, context));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTemplates(v, context)]));
  return value;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function execute(
  definition: Pick<Snapshot, 'json_script' | 'used_variables' | 'functions'>,
  script: ScriptRecord,
  req: RunContext['req'],
  isDryRun: boolean,
  opts: ExecutorOptions,
  now: () => string,
): Promise<RunLog> {
  const context: RunContext = { req, res: {}, vals: {} };
  const steps: StepLog[] = [];
  const created = now();
  const js = definition.json_script;
  const codeOf = (block: Block) => definition.functions.find((f) => f.id === block.identifier)?.code;
  const total = Object.keys(js.blocks).length;
  let error: string | null = null;

  const runStep = async (title: string, block: Block): Promise<string | undefined> => {
    const logs: string[] = [];
    const log: StepLog = { title, stepId: block.identifier ?? null, type: block.type, status: 'success', startedAt: now(), finishedAt: '', logs };
    steps.push(log);
    let branch: string | undefined;
    try {
      if (opts.failMidway && steps.length === Math.max(1, Math.ceil(total / 2))) throw new StepFailure('Injected failure (failMidway)');
      const code = codeOf(block);
      switch (block.type) {
        case 'function': {
          log.input = { code };
          log.data = await runCode(String(code ?? ''), sandbox(context, logs), opts.stepTimeoutMs);
          break;
        }
        case 'plugin': {
          const vars = definition.used_variables.plugin?.[title] ?? {};
          const inputData = Object.fromEntries(Object.entries(resolveTemplates(vars, context) as Record<string, unknown>).filter(([k]) => !/^_.*-Type$/.test(k)));
          log.input = inputData;
          const source = (code as { source?: string } | undefined)?.source;
          const actionId = (block.service as { eventId?: string } | undefined)?.eventId;
          const template = ACTIONS.find((a) => a.rowid === actionId)?.code;
          const body = source && source.trim() !== '' ? source : template;
          if (!body) throw new StepFailure(`Action ${actionId ?? '?'} has no code`);
          log.data = await runCode(body, sandbox(context, logs, { inputData }), opts.stepTimeoutMs);
          break;
        }
        case 'api': {
          const spec = resolveTemplates(code ?? {}, context) as { method?: string; url?: string; headers?: Record<string, string>; body?: unknown };
          log.input = spec;
          if (!spec.url) throw new StepFailure('The api step has no url');
          const url = new URL(spec.url);
          if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new StepFailure(`Outbound requests are blocked on the test server: ${url.host}`);
          const res = await fetch(url, {
            method: spec.method ?? 'GET',
            headers: spec.headers,
            body: spec.body === undefined || spec.method === undefined || spec.method === 'GET' ? undefined : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body),
          });
          const text = await res.text();
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            /* a text body stays text */
          }
          log.data = { status: res.status, data };
          break;
        }
        case 'ifBlock': {
          const condition = String(code ?? '').trim();
          log.input = { condition };
          const value = condition === '' ? false : new vm.Script(`(${condition})`).runInContext(vm.createContext({ context }), { timeout: opts.stepTimeoutMs });
          branch = value ? title : `${title}${opts.elseSuffix}`;
          log.branch = value ? 'then' : 'else';
          log.data = { result: Boolean(value) };
          break;
        }
        case 'delay': {
          const seconds = Number(code ?? 0) || 0;
          log.input = { seconds };
          await sleep(seconds * 1000 * opts.delayScale);
          log.data = { waited: seconds };
          break;
        }
        default:
          log.status = 'skipped';
      }
      if (log.status === 'success') context.res[title] = log.data;
    } catch (e) {
      log.status = 'failed';
      log.error = e instanceof Error ? e.message : String(e);
      error = `Step "${title}" failed: ${log.error}`;
    }
    log.finishedAt = now();
    return branch;
  };

  const walk = async (group: string): Promise<void> => {
    for (const title of js.order[group] ?? []) {
      if (error) return;
      const block = js.blocks[title];
      if (!block) continue;
      const branch = await runStep(title, block);
      if (branch && !error) await walk(branch);
    }
  };
  await walk('root');
  const last = [...steps].reverse().find((s) => s.status === 'success');
  return {
    id: randomId('log', 10),
    script_id: script.id,
    project_id: script.project_id,
    isDryRun,
    status: error ? 'failed' : 'success',
    created_at: created,
    finished_at: now(),
    req,
    steps,
    response: last?.data ?? null,
    error,
  };
}
