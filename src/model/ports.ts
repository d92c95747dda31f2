/**
 * Ports: where edges start and end. A step's ports are its own (`step.ports`, set by graph backends whose
 * nodes carry them: a Node-RED node's `outputs` count, a Langflow component's typed fields), else its
 * module's (`ModuleDefinition.ports`), else its kind's built-in ones (`out`; `true`/`false`; `body`/`after`;
 * one input `in`). The document carries `step.ports` whenever they differ from the kind's, so structure
 * checks need no module catalog.
 */
import { DEFAULT_INPUT_PORT, type PortDefinition, type Step, type StepKind, type StepPorts } from './flow';
import type { ModuleDefinition } from './modules';
import { HANDLES_OF } from './tree';

const KIND_PORTS: Record<StepKind, StepPorts> = Object.fromEntries(
  (Object.keys(HANDLES_OF) as StepKind[]).map((kind) => [
    kind,
    {
      inputs: kind === 'trigger' ? [] : [{ id: DEFAULT_INPUT_PORT }],
      outputs: HANDLES_OF[kind].map((id) => ({ id })),
    },
  ]),
) as Record<StepKind, StepPorts>;

export function kindPorts(kind: StepKind): StepPorts {
  return KIND_PORTS[kind];
}

export function portsOf(step: Pick<Step, 'kind' | 'ports'>, module?: Pick<ModuleDefinition, 'ports'> | null): StepPorts {
  return step.ports ?? module?.ports ?? KIND_PORTS[step.kind];
}

export function outputPortIds(step: Pick<Step, 'kind' | 'ports'>): string[] {
  return step.ports ? step.ports.outputs.map((p) => p.id) : [...HANDLES_OF[step.kind]];
}

/**
 * Input port ids an edge may end at. Steps without their own ports accept `in` (triggers too: foreign graphs
 * wire into anything, and the engine treats a trigger with inputs as a plain step).
 */
export function inputPortIds(step: Pick<Step, 'kind' | 'ports'>): string[] {
  return step.ports ? step.ports.inputs.map((p) => p.id) : [DEFAULT_INPUT_PORT];
}

/** The port definition by id, or undefined. */
export function findPort(ports: readonly PortDefinition[], id: string): PortDefinition | undefined {
  return ports.find((p) => p.id === id);
}

/**
 * Why an output can not feed an input by type, or null when it can. Ports without `types` take anything;
 * `any` on either side matches everything.
 */
export function portTypeProblem(output: PortDefinition | undefined, input: PortDefinition | undefined): string | null {
  const produced = output?.types;
  const accepted = input?.types;
  if (!produced || !accepted || produced.length === 0 || accepted.length === 0) return null;
  if (produced.includes('any') || accepted.includes('any')) return null;
  if (produced.some((t) => accepted.includes(t))) return null;
  return `This output gives ${produced.join(' | ')}, but the input accepts ${accepted.join(' | ')}.`;
}
