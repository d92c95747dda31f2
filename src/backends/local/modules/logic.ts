import { defineModule, input, output, toNumber } from './schema';
import { StepError, type ExecutionContext, type LoopPlan, type ModuleImplementation } from './types';

export const DEFAULT_MAX_ITERATIONS = 1000;

const CONDITION_HELP: [string, string] = [
  '布尔值、一个引用、简单比较（{{steps.a.statusCode}} == 200）或 JavaScript 表达式（在沙箱中运行）',
  'A boolean, one reference, a simple comparison ({{steps.a.statusCode}} == 200) or a JavaScript expression (run in the sandbox)',
];

export const ifModule: ModuleImplementation = {
  definition: defineModule({
    id: 'core.if',
    kind: 'if',
    category: 'logic',
    name: ['If条件', 'If condition'],
    description: ['条件为真时运行“那么”分支，否则运行“否则”分支', 'Run the "then" branch when the condition holds, else the "else" branch'],
    icon: 'git-branch',
    inputs: [input('condition', 'string', ['条件', 'Condition'], CONDITION_HELP, 'code_editor', { required: true, constraints: { language: 'javascript' } })],
    outputs: [output('result', 'boolean', ['结果', 'Result'], ['条件的值', 'The value of the condition'])],
  }),
  rawParams: ['condition'],
  async execute(ctx) {
    const result = await ctx.evaluateCondition(ctx.rawParams.condition);
    return { outputs: { result }, branch: result ? 'then' : 'else' };
  },
};

/** A list from what a forEach `items` param may hold: a list, JSON text of one, or an object (its entries). */
export function toItems(value: unknown): unknown[] {
  let v = value;
  if (v === undefined || v === null || v === '') return [];
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      throw new StepError(`Loop items must be a list (a reference to one, or JSON like [1, 2, 3]); got text "${truncate(String(value))}".`, { code: 'invalid' });
    }
  }
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.entries(v).map(([key, val]) => ({ key, value: val }));
  throw new StepError(`Loop items must be a list; got ${typeof v} ${truncate(JSON.stringify(v) ?? String(v))}.`, { code: 'invalid' });
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

function capOf(ctx: ExecutionContext): number {
  const cap = toNumber(ctx.params.maxIterations, 'Max iterations', DEFAULT_MAX_ITERATIONS);
  if (!Number.isInteger(cap) || cap < 1) throw new StepError(`Max iterations must be a whole number of at least 1, got ${cap}.`, { code: 'invalid' });
  return cap;
}

function overCap(n: number, cap: number): StepError {
  return new StepError(`The loop would run ${n} iterations, more than its cap of ${cap}; raise "Max iterations" if that is intended.`, { code: 'loop-cap' });
}

export const loopModule: ModuleImplementation = {
  definition: defineModule({
    id: 'core.loop',
    kind: 'loop',
    category: 'logic',
    name: ['循环', 'Loop'],
    description: [
      '重复运行循环体：固定次数、遍历列表或条件为真时；循环体内用 {{steps.<循环ID>.item}} 和 index',
      'Repeat the body a number of times, for each item of a list, or while a condition holds; inside, use {{steps.<loopId>.item}} and .index',
    ],
    icon: 'repeat',
    inputs: [
      input('mode', 'string', ['模式', 'Mode'], ['count：固定次数；forEach：遍历列表；while：条件为真时', 'count: a number of times; forEach: each item of a list; while: while a condition holds'], 'dropdown', {
        defaultValue: 'count',
        required: true,
        constraints: { options: ['count', 'forEach', 'while'] },
      }),
      input('count', 'number', ['次数', 'Count'], ['count 模式的次数', 'How many times (count mode)'], 'number_slider', {
        defaultValue: 3,
        constraints: { min: 0, max: 10000, step: 1 },
      }),
      input('items', 'list', ['列表', 'Items'], ['forEach 模式：一个引用或 JSON 列表', 'forEach mode: a reference or a JSON list'], 'text_field'),
      input('condition', 'string', ['条件', 'Condition'], CONDITION_HELP, 'code_editor', { constraints: { language: 'javascript' } }),
      input('maxIterations', 'number', ['最大次数', 'Max iterations'], ['迭代次数上限，防止死循环', 'Upper bound on iterations, against endless loops'], 'number_slider', {
        defaultValue: DEFAULT_MAX_ITERATIONS,
        constraints: { min: 1, max: 100000, step: 1 },
      }),
    ],
    outputs: [
      output('item', 'any', ['当前项', 'Current item'], ['循环体内：当前元素（count/while 模式为序号）', 'Inside the body: the current item (the index in count/while mode)']),
      output('index', 'number', ['序号', 'Index'], ['循环体内：从 0 开始的序号', 'Inside the body: the 0-based index']),
      output('iterations', 'number', ['迭代次数', 'Iterations'], ['循环结束后：运行的次数', 'After the loop: how many iterations ran']),
    ],
  }),
  rawParams: ['condition'],
  execute(ctx) {
    const mode = String(ctx.params.mode ?? 'count').trim();
    const cap = capOf(ctx);
    let plan: LoopPlan;
    if (mode === 'count') {
      const n = toNumber(ctx.params.count, 'Count', 0);
      if (!Number.isInteger(n) || n < 0) throw new StepError(`Count must be a whole number of at least 0, got ${n}.`, { code: 'invalid' });
      if (n > cap) throw overCap(n, cap);
      plan = { maxIterations: cap, next: (i) => Promise.resolve(i < n ? { done: false, item: i } : { done: true }) };
    } else if (mode === 'forEach') {
      const items = toItems(ctx.params.items);
      if (items.length > cap) throw overCap(items.length, cap);
      plan = { maxIterations: cap, next: (i) => Promise.resolve(i < items.length ? { done: false, item: items[i] } : { done: true }) };
    } else if (mode === 'while') {
      const condition = ctx.rawParams.condition;
      if (condition === undefined || condition === null || (typeof condition === 'string' && condition.trim() === '')) {
        throw new StepError('A while loop needs a condition.', { code: 'invalid' });
      }
      plan = {
        maxIterations: cap,
        next: async (i) => ((await ctx.evaluateCondition(condition)) ? { done: false, item: i } : { done: true }),
      };
    } else {
      throw new StepError(`Unknown loop mode "${mode}"; use count, forEach or while.`, { code: 'invalid' });
    }
    return { loop: plan };
  },
};
