/**
 * What a Node-RED function node's code sees (the `nodered` dialect), as Node-RED's function node sandbox
 * defines it (`@node-red/nodes/core/function/10-function.js`): `msg` (On Message only), `node`, `context`,
 * `flow`, `global`, `env`, `RED.util`, the timers, `Buffer`, and one variable per entry of the node's `libs`
 * (`[{var, module}]`). On Start (`initialize`) and On Stop (`finalize`) have no `msg`.
 *
 * `msg` is typed from the last run: the messages the node's predecessors sent on the ports wired to it.
 */
import type { Flow, StepId } from '../../../model/flow';
import { typeOfValue, type InferLimits } from './infer';
import { ANY, docComment, objectOf, printType, unionOf, type TsType } from './ts-type';

const NODE_RED_API = `/** A Node-RED message. */
interface NodeMessage {
  /** The message id Node-RED gave it. */
  _msgid: string;
  payload?: any;
  topic?: string;
  [key: string]: any;
}

/** A context store (\`context\`, \`flow\`, \`global\`); \`store\` names a configured context store. */
interface NodeContextStore {
  get(key: string, store?: string): any;
  get(keys: string[], store?: string): any[];
  get(key: string, callback: (err: any, value: any) => void): void;
  get(key: string, store: string, callback: (err: any, value: any) => void): void;
  set(key: string, value: any, store?: string): void;
  set(key: string, value: any, callback: (err: any) => void): void;
  set(key: string, value: any, store: string, callback: (err: any) => void): void;
  keys(store?: string): string[];
}

/** The node running this code. */
declare const node: {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  /** How many outputs the node has. */
  readonly outputCount: number;
  log(message: any): void;
  warn(message: any): void;
  /** Logs an error; with \`msg\`, a Catch node of the flow receives it. */
  error(error: any, msg?: NodeMessage): void;
  debug(message: any): void;
  trace(message: any): void;
  /** Sends one message, or one per output (an array; an inner array sends several on that output). */
  send(msg: NodeMessage | null | Array<NodeMessage | NodeMessage[] | null>, clone?: boolean): void;
  /** Tells Node-RED this message is handled (for Complete nodes); \`error\` reports a failure. */
  done(error?: any): void;
  /** The status shown under the node in the editor. */
  status(status: { fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey'; shape?: 'ring' | 'dot'; text?: string | number } | string): void;
  on(event: 'input' | 'close', listener: (...args: any[]) => void): void;
};

/** This node's context; \`context.flow\` and \`context.global\` are the other two scopes. */
declare const context: NodeContextStore & { readonly flow: NodeContextStore; readonly global: NodeContextStore };
/** Context shared by the nodes of this flow (tab). */
declare const flow: NodeContextStore;
/** Context shared by every flow. */
declare const global: NodeContextStore;
/** Environment variables of the node, its flow and the runtime. */
declare const env: { get(name: string): any };

declare const RED: {
  readonly util: {
    /** A deep copy of a message (what Node-RED sends to every wire but the first). */
    cloneMessage<T>(msg: T): T;
    getMessageProperty(msg: object, expression: string): any;
    setMessageProperty(msg: object, property: string, value: any, createMissing?: boolean): boolean;
    evaluateNodeProperty(value: string, type: string, node: object, msg: object, callback?: (err: any, value: any) => void): any;
    normalisePropertyExpression(expression: string): Array<string | number>;
    generateId(): string;
    ensureString(value: any): string;
    ensureBuffer(value: any): any;
    compareObjects(a: any, b: any): boolean;
    encodeObject(msg: object, options?: { maxLength?: number }): object;
    getSetting(node: object, name: string): any;
  };
};

/** Node.js Buffer (the function node's sandbox has it). */
declare const Buffer: any;
declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function clearTimeout(handle: any): void;
declare function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function clearInterval(handle: any): void;

`;

/** The code fields of a function node that run without a message. */
const NO_MSG_FIELDS = new Set(['initialize', 'finalize']);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `msg` from the last run: what the steps wired into this one sent on those ports, or any message. */
function messageType(flow: Flow, stepId: StepId, outputs: Readonly<Record<StepId, unknown>> | undefined, limits: InferLimits): TsType {
  const seen: TsType[] = [];
  for (const e of flow.edges ?? []) {
    if (e.target !== stepId) continue;
    const sent = outputs?.[e.source];
    if (!sent || typeof sent !== 'object') continue;
    const value = (sent as Record<string, unknown>)[e.sourcePort];
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const type = typeOfValue(value, limits);
    // A message may carry more than this sample had: other keys stay open.
    seen.push(type.kind === 'object' ? objectOf(type.properties, ANY) : type);
  }
  // Not an intersection with NodeMessage: its `payload: any` would swallow the sampled payload's type.
  return seen.length === 0 ? { kind: 'raw', text: 'NodeMessage' } : unionOf(seen);
}

export function noderedDts(input: {
  flow: Flow;
  stepId: StepId;
  codeField: string | undefined;
  outputs: Readonly<Record<StepId, unknown>> | undefined;
  limits: InferLimits;
}): string {
  const { flow, stepId, codeField, limits } = input;
  let out = NODE_RED_API;
  if (!codeField || !NO_MSG_FIELDS.has(codeField)) {
    const type = messageType(flow, stepId, input.outputs, limits);
    out += `${docComment('The message that arrived. Return it (or another) to send it on, an array for several outputs, null to stop.', '')}declare let msg: ${printType(type)};\n\n`;
  }
  const libs = flow.steps[stepId]?.params.libs;
  if (Array.isArray(libs)) {
    for (const lib of libs as Array<{ var?: unknown; module?: unknown }>) {
      if (typeof lib?.var !== 'string' || !IDENTIFIER.test(lib.var)) continue;
      const from = typeof lib.module === 'string' ? lib.module : '';
      out += `${docComment(`The module ${JSON.stringify(from)} (Setup: Modules).`, '')}declare const ${lib.var}: any;\n\n`;
    }
  }
  return out;
}
