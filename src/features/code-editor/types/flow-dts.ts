/**
 * The declaration file a function step's code is checked against: what the code can read, typed from the
 * flow. Pure: the editor calls it whenever the flow or the last run changes and replaces its extra lib only
 * when the text differs.
 *
 * What the code sees depends on the backend that runs it:
 * - the local engine (and every dialect without its own shape) injects the globals `inputs` (run inputs),
 *   `steps` (outputs of earlier steps by display name, and by id), `params` (this step's other settings), `vars` and `console`
 *   (see backends/local/sandbox);
 * - viaSocket passes one `context`: `context.req` (the request that started the flow, run inputs in
 *   `req.body`) and `context.res.<StepTitle>` (earlier steps' outputs by title), as in seed 000;
 * - Node-RED's function node sees `msg`, `node`, `context`, `flow`, `global`, `env`, `RED.util` (see
 *   nodered-dts.ts).
 *
 * Earlier steps' outputs are typed from their module's output definitions (JSON Schema where given, the value
 * type otherwise) and, once a run exists, from the value the step really produced.
 */
import type { Flow, RunInputDefinition, Step, StepId } from '../../../model/flow';
import type { LocalizedText, ModuleDefinition, ModuleOutput } from '../../../model/modules';
import { stepsBefore } from '../../../model';
import { noderedDts } from './nodered-dts';
import { displayNamesOf } from '../../../model/references/display';
import { DEFAULT_LIMITS, typeOfSchema, typeOfValue, typeOfValueType, type InferLimits } from './infer';
import { ANY, docComment, objectOf, printType, STRING, type TsProperty, type TsType } from './ts-type';

export interface StepDtsInput {
  flow: Flow;
  stepId: StepId;
  modules: readonly ModuleDefinition[];
  /** The last run, if any: what each step really output, and the inputs the run started with. */
  lastRun?: { outputs: Readonly<Record<StepId, unknown>>; inputs?: Readonly<Record<string, unknown>> };
  /** Params that are the code itself, left out of `params` (default `['code']`). */
  codeKeys?: readonly string[];
  /** Which of the step's code fields is being edited (a Node-RED function's `func`, `initialize`, `finalize`). */
  codeField?: string;
  /** UI language of labels in doc comments. */
  language?: 'en' | 'zh';
  limits?: InferLimits;
}

const RUN_INPUT_TYPES: Record<RunInputDefinition['type'], TsType> = {
  string: STRING,
  number: { kind: 'keyword', name: 'number' },
  boolean: { kind: 'keyword', name: 'boolean' },
  json: ANY,
};

/**
 * The runtime's HTTP helper in viaSocket function code (the seed's examples call `axios`): the axios calling
 * conventions, typed as far as a step needs (the response's `data`, `status`, `headers`).
 */
const AXIOS = `/** An HTTP response as axios gives it. */
interface AxiosResponse<T = any> {
  data: T;
  status: number;
  statusText: string;
  headers: Record<string, string>;
}
/** Options of one request (axios' config). */
interface AxiosRequestConfig {
  url?: string;
  method?: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options' | 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  headers?: Record<string, string>;
  params?: Record<string, any>;
  data?: any;
  timeout?: number;
  responseType?: 'json' | 'text' | 'arraybuffer';
  auth?: { username: string; password: string };
}
/** HTTP requests from a step, as the viaSocket runtime offers them (axios). */
declare const axios: {
  <T = any>(config: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  <T = any>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  request<T = any>(config: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  get<T = any>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  delete<T = any>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  head<T = any>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  post<T = any>(url: string, data?: any, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  put<T = any>(url: string, data?: any, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  patch<T = any>(url: string, data?: any, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
};

`;

const CONSOLE = `/** Writes to the run log; values are shown as JSON. */
declare const console: {
  log(...values: any[]): void;
  info(...values: any[]): void;
  warn(...values: any[]): void;
  error(...values: any[]): void;
  debug(...values: any[]): void;
};
`;

function text(t: LocalizedText | undefined, language: 'en' | 'zh'): string {
  if (!t) return '';
  return language === 'en' ? (t.en ?? t.text) : t.text;
}

/** Run inputs: declared definitions, plus keys only the last run had (e.g. a trigger's own fields). */
export function runInputsType(
  flow: Flow,
  real: Readonly<Record<string, unknown>> | undefined,
  limits: InferLimits,
): TsType {
  const props: TsProperty[] = [];
  for (const def of flow.inputs) {
    const value = real?.[def.id];
    const type =
      def.type === 'json' && value !== undefined
        ? typeOfValue(value, limits)
        : (RUN_INPUT_TYPES[def.type] ?? ANY);
    const doc = [def.label && def.label !== def.id ? def.label : '', def.description ?? '']
      .filter(Boolean)
      .join(': ');
    props.push({
      name: def.id,
      type,
      readonly: true,
      optional: !def.required && (def.defaultValue === undefined || def.defaultValue === null),
      ...(doc ? { doc } : {}),
    });
  }
  for (const [name, value] of Object.entries(real ?? {})) {
    if (flow.inputs.some((d) => d.id === name)) continue;
    props.push({ name, type: typeOfValue(value, limits), readonly: true });
  }
  return objectOf(props);
}

function outputProperty(
  o: ModuleOutput,
  language: 'en' | 'zh',
  limits: InferLimits,
): TsProperty & { fromSchema: boolean } {
  const doc = [text(o.label, language), text(o.description, language)].filter(Boolean).join(': ');
  return {
    name: o.id,
    type: o.schema ? typeOfSchema(o.schema, limits) : typeOfValueType(o.type),
    ...(doc ? { doc } : {}),
    fromSchema: !!o.schema,
  };
}

/**
 * One earlier step's output: declared outputs, refined by the last real value. A declared output with a JSON
 * Schema keeps its schema type (more precise than one sample); otherwise the real value's type wins, and keys
 * only the real value has are added (a function's returned object).
 */
export function stepOutputType(
  step: Step,
  module: ModuleDefinition | undefined,
  real: unknown,
  inputsType: TsType,
  language: 'en' | 'zh',
  limits: InferLimits,
): TsType {
  if (module?.extensions?.outputsAreRunInputs === true)
    return real === undefined ? inputsType : typeOfValue(real, limits);
  const declared = (module?.outputs ?? []).map((o) => outputProperty(o, language, limits));
  if (real === undefined) return module ? objectOf(declared.map(({ fromSchema: _, ...p }) => p)) : ANY;
  const inferred = typeOfValue(real, limits);
  if (inferred.kind !== 'object')
    return declared.length === 0
      ? inferred
      : objectOf(
          declared.map(({ fromSchema: _, ...p }) => p),
          ANY,
        );
  const props: TsProperty[] = [];
  for (const d of declared) {
    const { fromSchema, ...p } = d;
    const seen = inferred.properties.find((x) => x.name === d.name);
    props.push(seen && !fromSchema ? { ...p, type: seen.type } : p);
  }
  for (const p of inferred.properties) if (!declared.some((d) => d.name === p.name)) props.push(p);
  return objectOf(props, inferred.index);
}

function stepDoc(step: Step, module: ModuleDefinition | undefined, language: 'en' | 'zh'): string {
  const kind = module ? text(module.name, language) : step.type;
  return step.title ? `${step.title} (${kind})` : kind;
}

/** The declaration text for one step's code. */
export function generateStepDts(input: StepDtsInput): string {
  const { flow, stepId, modules } = input;
  const language = input.language ?? 'en';
  const limits = input.limits ?? DEFAULT_LIMITS;
  const codeKeys = input.codeKeys ?? ['code'];
  const byId = new Map(modules.map((m) => [m.id, m]));
  const inputsType = runInputsType(flow, input.lastRun?.inputs, limits);

  const earlier: Array<{ step: Step; type: TsType; doc: string }> = [];
  for (const id of stepsBefore(flow, stepId)) {
    const step = flow.steps[id];
    if (!step) continue;
    const module = byId.get(step.type);
    const type = stepOutputType(step, module, input.lastRun?.outputs[id], inputsType, language, limits);
    earlier.push({ step, type, doc: stepDoc(step, module, language) });
  }

  const self = flow.steps[stepId];
  const paramProps: TsProperty[] = Object.entries(self?.params ?? {})
    .filter(([k]) => !codeKeys.includes(k))
    .map(([name, value]) => ({ name, type: typeOfValue(value, limits), readonly: true }));

  let out = `// Generated by Flowbench for step ${JSON.stringify(self?.title ?? stepId)}: rebuilt whenever the flow or its last run changes.\n\n`;
  if (flow.dialect === 'nodered')
    return (
      out +
      noderedDts({ flow, stepId, codeField: input.codeField, outputs: input.lastRun?.outputs, limits }) +
      CONSOLE
    );
  if (flow.dialect === 'viasocket') {
    const res = objectOf(
      earlier.map(({ step, type, doc }) => ({ name: step.title || step.id, type, doc, readonly: true })),
    );
    const context = objectOf([
      {
        name: 'req',
        readonly: true,
        doc: 'The request that started the flow.',
        type: objectOf([
          { name: 'body', type: inputsType, doc: 'Run inputs (the request body).' },
          { name: 'query', type: objectOf([], STRING) },
          { name: 'headers', type: objectOf([], STRING) },
          { name: 'method', type: STRING },
        ]),
      },
      { name: 'res', readonly: true, doc: 'Outputs of earlier steps, by step title.', type: res },
      { name: 'vals', readonly: true, doc: 'Flow variables.', type: objectOf([], ANY) },
    ]);
    out += `${docComment("What the flow passes to this step: the request (`req`) and earlier steps' outputs (`res`).", '')}declare const context: ${printType(context)};\n\n`;
    out += AXIOS;
  } else {
    // By name (what people write, `steps["Fetch customer"]`), and by id, which older code uses and the
    // engine still accepts; completion offers only the names.
    const names = displayNamesOf(flow);
    const byName = earlier.flatMap(({ step, type, doc }) => {
      const name = names.nameOf(step.id);
      return name === undefined || name === step.id ? [] : [{ name, type, doc, readonly: true }];
    });
    const taken = new Set(byName.map((p) => p.name));
    const steps = objectOf([
      ...byName,
      ...earlier.filter(({ step }) => !taken.has(step.id)).map(({ step, type, doc }) => ({ name: step.id, type, doc: `${doc} (by id)`, readonly: true })),
    ]);
    out += `${docComment('Run inputs: the values the flow was started with.', '')}declare const inputs: ${printType(inputsType)};\n\n`;
    out += `${docComment('Outputs of the steps that run before this one, by step name (or id).', '')}declare const steps: ${printType(steps)};\n\n`;
    out += `${docComment("This step's other settings.", '')}declare const params: ${printType(objectOf(paramProps))};\n\n`;
    out += `${docComment('Flow variables (set by "Set variable" steps).', '')}declare const vars: Record<string, any>;\n\n`;
  }
  return out + CONSOLE;
}

/**
 * The keys of the object earlier steps are reached through (`steps` by id, or viaSocket's `context.res` by
 * title), with a short description, for the editor's completion of keys TypeScript cannot offer.
 */
export function stepAccessKeys(
  flow: Flow,
  stepId: StepId,
  modules: readonly ModuleDefinition[],
  language: 'en' | 'zh' = 'en',
): { root: string; keys: Array<{ name: string; detail: string }>; hidden: string[] } {
  const byId = new Map(modules.map((m) => [m.id, m]));
  const viaSocket = flow.dialect === 'viasocket';
  const names = displayNamesOf(flow);
  const keys: Array<{ name: string; detail: string }> = [];
  const hidden: string[] = [];
  for (const id of stepsBefore(flow, stepId)) {
    const step = flow.steps[id];
    if (!step) continue;
    const name = viaSocket ? step.title || step.id : (names.nameOf(id) ?? id);
    if (name !== id) hidden.push(id);
    keys.push({ name, detail: stepDoc(step, byId.get(step.type), language) });
  }
  return { root: viaSocket ? 'context.res' : 'steps', keys, hidden };
}
