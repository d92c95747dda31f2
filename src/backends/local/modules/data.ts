import { toText } from '../engine/resolve';
import { defineModule, input, output, toBoolean, toNumber } from './schema';
import { StepError, type LogLevel, type ModuleImplementation } from './types';

export const setVariable: ModuleImplementation = {
  definition: defineModule({
    id: 'core.set_variable',
    kind: 'action',
    category: 'data',
    name: ['设置变量', 'Set variable'],
    description: ['设置流程变量，之后用 {{sys.vars.名称}} 读取（代码中为 vars.名称）', 'Set a flow variable; read it later as {{sys.vars.name}} (vars.name in code)'],
    icon: 'variable',
    inputs: [
      input('name', 'string', ['变量名', 'Name'], ['变量名称', 'Variable name'], 'text_field', {
        required: true,
        constraints: { pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$', minLength: 1, maxLength: 100 },
      }),
      input('value', 'any', ['值', 'Value'], ['变量的值；一个引用保留原始类型', 'The value; a single reference keeps its type'], 'text_field'),
    ],
    outputs: [output('name', 'string', ['变量名', 'Name']), output('value', 'any', ['值', 'Value'])],
  }),
  execute(ctx) {
    const name = typeof ctx.params.name === 'string' ? ctx.params.name.trim() : '';
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new StepError(`"${name}" is not a valid variable name (letters, digits, _ and $; not starting with a digit).`, { code: 'invalid' });
    ctx.setVariable(name, ctx.params.value);
    return { outputs: { name, value: ctx.params.value } };
  },
};

export const jsonParse: ModuleImplementation = {
  definition: defineModule({
    id: 'core.json_parse',
    kind: 'action',
    category: 'data',
    name: ['解析JSON', 'Parse JSON'],
    description: ['把 JSON 文本解析为值', 'Parse JSON text into a value'],
    icon: 'braces',
    inputs: [input('text', 'string', ['JSON 文本', 'JSON text'], ['要解析的文本', 'The text to parse'], 'code_editor', { required: true, constraints: { language: 'json' } })],
    outputs: [output('value', 'any', ['值', 'Value'])],
  }),
  execute(ctx) {
    const text = ctx.params.text;
    if (typeof text !== 'string') return { outputs: { value: text } }; // already a value (one reference)
    try {
      return { outputs: { value: JSON.parse(text) as unknown } };
    } catch (e) {
      throw new StepError(`The text is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { code: 'invalid' });
    }
  },
};

export const jsonStringify: ModuleImplementation = {
  definition: defineModule({
    id: 'core.json_stringify',
    kind: 'action',
    category: 'data',
    name: ['生成JSON', 'Stringify JSON'],
    description: ['把值转换为 JSON 文本', 'Turn a value into JSON text'],
    icon: 'braces',
    inputs: [
      input('value', 'any', ['值', 'Value'], ['通常是一个引用', 'Usually a reference'], 'text_field', { required: true }),
      input('pretty', 'boolean', ['格式化', 'Pretty'], ['缩进两个空格', 'Indent by two spaces'], 'switch', { defaultValue: false }),
    ],
    outputs: [output('text', 'string', ['JSON 文本', 'JSON text'])],
  }),
  execute(ctx) {
    try {
      const text = JSON.stringify(ctx.params.value, null, toBoolean(ctx.params.pretty) ? 2 : undefined) ?? 'null';
      return { outputs: { text } };
    } catch (e) {
      throw new StepError(`The value cannot be converted to JSON: ${e instanceof Error ? e.message : String(e)}`, { code: 'invalid' });
    }
  },
};

export const textTemplate: ModuleImplementation = {
  definition: defineModule({
    id: 'core.text_template',
    kind: 'action',
    category: 'data',
    name: ['文本模板', 'Text template'],
    description: ['用引用拼接文本，例如 Hello {{inputs.name}}', 'Build text with references, e.g. Hello {{inputs.name}}'],
    icon: 'text',
    inputs: [input('template', 'string', ['模板', 'Template'], ['包含 {{...}} 引用的文本', 'Text with {{...}} references'], 'code_editor', { required: true, constraints: { language: 'plaintext' } })],
    outputs: [output('text', 'string', ['文本', 'Text'])],
  }),
  execute(ctx) {
    return { outputs: { text: toText(ctx.params.template) } };
  },
};

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export const logModule: ModuleImplementation = {
  definition: defineModule({
    id: 'core.log',
    kind: 'action',
    category: 'system',
    name: ['日志', 'Log'],
    description: ['向运行日志写一行', 'Write a line to the run log'],
    icon: 'scroll-text',
    inputs: [
      input('level', 'string', ['级别', 'Level'], ['日志级别', 'Log level'], 'dropdown', { defaultValue: 'info', constraints: { options: LOG_LEVELS } }),
      input('message', 'string', ['消息', 'Message'], ['可包含引用', 'May contain references'], 'text_field', { required: true }),
    ],
    outputs: [output('message', 'string', ['消息', 'Message'])],
  }),
  execute(ctx) {
    const raw = String(ctx.params.level ?? 'info').trim().toLowerCase();
    const level = (LOG_LEVELS as string[]).includes(raw) ? (raw as LogLevel) : 'info';
    const message = toText(ctx.params.message);
    ctx.log(level, message);
    return { outputs: { message } };
  },
};

export const outputModule: ModuleImplementation = {
  definition: defineModule({
    id: 'core.output',
    kind: 'action',
    category: 'system',
    name: ['流程输出', 'Flow output'],
    description: ['设置本次运行的输出（最后一次设置生效）', "Set the run's output (the last one set wins)"],
    icon: 'log-out',
    inputs: [input('value', 'any', ['值', 'Value'], ['运行结果；一个引用保留原始类型', 'The run result; a single reference keeps its type'], 'code_editor', { required: true, constraints: { language: 'json' } })],
    outputs: [output('value', 'any', ['值', 'Value'])],
  }),
  execute(ctx) {
    ctx.setRunOutput(ctx.params.value);
    return { outputs: { value: ctx.params.value } };
  },
};

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function delayMsOf(params: Record<string, unknown>): number {
  try {
    return Math.max(0, toNumber(params.ms, 'Delay', 1000));
  } catch {
    return 1000;
  }
}

export const delayModule: ModuleImplementation = {
  definition: defineModule({
    id: 'core.delay',
    kind: 'action',
    category: 'system',
    name: ['延迟', 'Delay'],
    description: ['等待指定的毫秒数', 'Wait for a number of milliseconds'],
    icon: 'timer',
    inputs: [
      input('ms', 'number', ['延迟(毫秒)', 'Delay (ms)'], ['等待的毫秒数', 'Milliseconds to wait'], 'number_slider', {
        defaultValue: 1000,
        required: true,
        constraints: { min: 0, max: 600000, step: 100 },
      }),
    ],
    outputs: [output('delayedMs', 'number', ['实际延迟', 'Actual delay'], ['实际等待的毫秒数', 'Milliseconds actually waited'])],
  }),
  // A long delay should not trip the default 30 s step limit; an explicit Step.timeoutMs still wins.
  defaultTimeoutMs: (params) => delayMsOf(params) + 30_000,
  async execute(ctx) {
    const ms = toNumber(ctx.params.ms, 'Delay', 1000);
    if (ms < 0) throw new StepError(`Delay must be 0 or more milliseconds, got ${ms}.`, { code: 'invalid' });
    const started = Date.now();
    await sleep(ms, ctx.signal);
    return { outputs: { delayedMs: Date.now() - started } };
  },
};
