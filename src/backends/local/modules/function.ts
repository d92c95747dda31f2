import { defineModule, input, output } from './schema';
import { StepError, type ModuleImplementation } from './types';

export const DEFAULT_FUNCTION_CODE = '// inputs: run inputs; steps: outputs of earlier steps by name (steps["Fetch customer"].body); params: this step\'s params\nreturn { ok: true };';

export const functionModule: ModuleImplementation = {
  definition: defineModule({
    id: 'core.function',
    kind: 'action',
    category: 'code',
    name: ['JavaScript 函数', 'JavaScript function'],
    description: [
      '在隔离沙箱中运行 JavaScript：可读取 inputs、steps、params、vars，用 return 返回结果',
      'Run JavaScript in an isolated sandbox: read inputs, steps, params and vars, and return a result',
    ],
    icon: 'code',
    inputs: [
      input(
        'code',
        'string',
        ['代码', 'Code'],
        ['函数体；可使用 return 和 await，console.log 会写入运行日志', 'A function body; may use return and await; console.log goes to the run log'],
        'code_editor',
        { defaultValue: DEFAULT_FUNCTION_CODE, required: true, constraints: { language: 'javascript' } },
      ),
    ],
    outputs: [output('result', 'any', ['返回值', 'Result'], ['代码 return 的值（JSON）', 'The value the code returned (as JSON)'])],
  }),
  rawParams: ['code'],
  async execute(ctx) {
    const code = typeof ctx.rawParams.code === 'string' ? ctx.rawParams.code : '';
    const sandbox = await ctx.sandbox();
    const r = await sandbox.runFunction(code, ctx.sandboxScope(), { timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    for (const line of r.logs) ctx.log(line.level, line.message);
    if (!r.ok) {
      const opts: { code: string; line?: number; column?: number } = { code: r.error.code === 'timeout' ? 'timeout' : `sandbox-${r.error.code}` };
      if (r.error.line !== undefined) opts.line = r.error.line;
      if (r.error.column !== undefined) opts.column = r.error.column;
      throw new StepError(r.error.message, opts);
    }
    return { outputs: { result: r.value } };
  },
};
