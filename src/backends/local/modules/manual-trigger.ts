import type { RunInputDefinition } from '../../../model/flow';
import { defineModule, input } from './schema';
import { StepError, type ModuleImplementation } from './types';

export interface NormalizedInputs {
  values: Record<string, unknown>;
  /** One readable line per problem: a missing required input, a value of the wrong type. */
  problems: string[];
}

/**
 * Applies defaults and turns form strings into the declared types. Lenient: a value that cannot be
 * converted is kept as given and reported, so the engine can still show the run's inputs.
 */
export function normalizeRunInputs(defs: readonly RunInputDefinition[], given: Record<string, unknown>): NormalizedInputs {
  const values: Record<string, unknown> = { ...given };
  const problems: string[] = [];
  for (const def of defs) {
    let v = given[def.id];
    if ((v === undefined || v === '') && def.defaultValue !== undefined && def.defaultValue !== null) v = def.defaultValue;
    if (v === undefined || v === null || v === '') {
      if (def.required) problems.push(`Run input "${def.label || def.id}" is required.`);
      if (v !== undefined) values[def.id] = v;
      continue;
    }
    const converted = convert(v, def.type);
    if (converted.ok) values[def.id] = converted.value;
    else {
      values[def.id] = v;
      problems.push(`Run input "${def.label || def.id}" ${converted.problem}`);
    }
  }
  return { values, problems };
}

function convert(v: unknown, type: RunInputDefinition['type']): { ok: true; value: unknown } | { ok: false; problem: string } {
  switch (type) {
    case 'string':
      return { ok: true, value: typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v) };
    case 'number': {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, problem: `must be a number, got ${JSON.stringify(v)}.` };
    }
    case 'boolean': {
      if (typeof v === 'boolean') return { ok: true, value: v };
      const t = String(v).trim().toLowerCase();
      if (t === 'true' || t === '1' || t === 'yes') return { ok: true, value: true };
      if (t === 'false' || t === '0' || t === 'no') return { ok: true, value: false };
      return { ok: false, problem: `must be true or false, got ${JSON.stringify(v)}.` };
    }
    case 'json': {
      if (typeof v !== 'string') return { ok: true, value: v };
      try {
        return { ok: true, value: JSON.parse(v) as unknown };
      } catch (e) {
        return { ok: false, problem: `is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    default:
      return { ok: true, value: v };
  }
}

/** Extra input definitions a trigger may carry in its `fields` param (a JSON list of RunInputDefinition). */
function fieldsParam(value: unknown): RunInputDefinition[] {
  let list = value;
  if (typeof list === 'string' && list.trim() !== '') {
    try {
      list = JSON.parse(list) as unknown;
    } catch {
      throw new StepError('The trigger\'s "fields" param is not valid JSON; expected a list like [{"id":"name","label":"Name","type":"string"}].', { code: 'invalid' });
    }
  }
  if (!Array.isArray(list)) return [];
  return list.filter((d): d is RunInputDefinition => !!d && typeof d === 'object' && typeof (d as { id?: unknown }).id === 'string');
}

export const manualTrigger: ModuleImplementation = {
  definition: defineModule({
    id: 'core.manual_trigger',
    kind: 'trigger',
    category: 'trigger',
    name: ['手动触发', 'Manual trigger'],
    description: ['手动运行流程，并填写运行输入', 'Run the flow by hand, with the run inputs the flow declares'],
    icon: 'play',
    canStartWorkflow: true,
    inputs: [
      input(
        'fields',
        'list',
        ['运行输入', 'Run inputs'],
        ['运行时要求填写的字段（JSON 列表，通常由流程的输入定义生成）', "Fields asked for when the flow runs (a JSON list; normally the flow's input definitions)"],
        'code_editor',
        { constraints: { language: 'json' } },
      ),
    ],
    outputs: [],
    extensions: { outputsAreRunInputs: true },
  }),
  execute(ctx) {
    const defs = [...ctx.inputDefinitions];
    for (const extra of fieldsParam(ctx.params.fields)) if (!defs.some((d) => d.id === extra.id)) defs.push(extra);
    const { values, problems } = normalizeRunInputs(defs, ctx.runInputs);
    if (problems.length > 0) throw new StepError(problems.join(' '), { code: 'invalid' });
    return { outputs: values };
  },
};
