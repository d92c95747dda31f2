/**
 * The canonical Flowbench document. Every view (canvas, step list) and every backend adapter maps to and
 * from this shape; React Flow objects and vendor DTOs are never persisted as the document.
 *
 * Why steps are a record plus id lists: views subscribe to one step's record (a drag re-renders only that
 * node), and structure edits touch only the small id lists.
 */

export const FLOW_SCHEMA_VERSION = 2;

export type StepId = string;

/**
 * What a step is structurally. Only `if` and `loop` own nested step lists; the engine and the views need
 * nothing else to know the block structure, whatever the module behind the step is called on a backend
 * (vFlow `if_condition`, viaSocket `ifBlock`, ...).
 */
export type StepKind = 'trigger' | 'action' | 'if' | 'loop';

/** Named outlets of a step: graph handles on the canvas, nested lists in the step list. */
export type BranchName = 'then' | 'else' | 'body';

/**
 * Output port ids of the built-in kinds: `out` for plain steps, `true`/`false` for if, `body`/`after` for loop.
 * Steps of graph backends may have any port ids (a Node-RED switch's `0`..`n`, a Langflow output's name).
 */
export type BlockPort = 'out' | 'true' | 'false' | 'body' | 'after';
/** @deprecated the old name of `BlockPort`. */
export type SourceHandle = BlockPort;
/** The input port of the built-in kinds. */
export const DEFAULT_INPUT_PORT = 'in';

/**
 * A port of a step: where edges start (outputs) or end (inputs). `types` are the value types it produces or
 * accepts (absent: any), so the canvas can refuse a connection that does not fit; an input with `multiple:
 * false` takes one edge.
 */
export interface PortDefinition {
  id: string;
  label?: { text: string; en?: string };
  types?: string[];
  multiple?: boolean;
}

export interface StepPorts {
  inputs: PortDefinition[];
  outputs: PortDefinition[];
}

export interface Position {
  x: number;
  y: number;
}

export interface Step {
  id: StepId;
  kind: StepKind;
  /** Module id in the active backend's catalog, e.g. `core.http_request`, or vFlow's `http_request`. */
  type: string;
  title: string;
  /**
   * Parameter values by input id. References to other steps' outputs are embedded in string values in the
   * active backend's reference syntax (see `references.ts`), exactly as the backend stores them.
   */
  params: Record<string, unknown>;
  /** Nested step ids of a block step: if -> then / else, loop -> body. Absent for plain steps. */
  branches?: Partial<Record<BranchName, StepId[]>>;
  /**
   * Graph flows only, on `if` steps: the block this step came from had an else branch. An empty else and no
   * else draw the same edges, so without this flag a block -> graph -> block round trip would lose it.
   */
  hasElse?: boolean;
  position?: Position;
  disabled?: boolean;
  /** Stop the run (default) or carry on to the next step when this step fails. */
  onError?: 'stop' | 'continue';
  timeoutMs?: number;
  /**
   * The step's own ports, when they are not its module's (`portsOf` in ports.ts): a Node-RED node's output
   * count, a Langflow component's typed inputs and outputs. Set by adapters and by port-changing edits.
   */
  ports?: StepPorts;
  /** Vendor fields the editor does not understand, carried untouched back to the backend on save. */
  extensions?: Record<string, unknown>;
}

export interface Edge {
  id: string;
  source: StepId;
  /** Output port id on the source step. */
  sourcePort: string;
  target: StepId;
  /** Input port id on the target step (`in` for the built-in kinds). */
  targetPort: string;
  /** Vendor fields of the edge (Langflow's encoded handles, styles), kept untouched. */
  extensions?: Record<string, unknown>;
}

export interface StickyNote {
  id: string;
  text: string;
  position: Position;
  width?: number;
  height?: number;
  color?: string;
}

/** A run input the flow asks for (the manual trigger's form). Described as a module input so forms share one path. */
export interface RunInputDefinition {
  id: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'json';
  required?: boolean;
  defaultValue?: unknown;
  description?: string;
}

/**
 * `blocks`: structure lives in `root` and each block step's `branches`; edges are derived, never stored.
 * `graph`: a free-form graph; structure lives in `edges`, `root` lists every step (in insertion order) and
 * no step has `branches`. The list view shows a graph flow in topological order with a note.
 */
export type FlowStructure = 'blocks' | 'graph';

export interface Flow {
  schemaVersion: typeof FLOW_SCHEMA_VERSION;
  id: string;
  name: string;
  description: string;
  tags: string[];
  structure: FlowStructure;
  steps: Record<StepId, Step>;
  /** Top-level step ids in order (blocks), or every step id (graph). */
  root: StepId[];
  /** Only for `graph` flows. */
  edges: Edge[];
  notes: StickyNote[];
  inputs: RunInputDefinition[];
  /** Which backend dialect the params and references are written in (`local`, `vflow`, ...). */
  dialect: string;
  extensions?: Record<string, unknown>;
}

/** Where a step sits in a block flow: a parent block's branch (or the root) and an index in it. */
export interface Slot {
  parent: StepId | null;
  branch: BranchName | null;
  index: number;
}

/** The branches a block kind owns, in display order. */
export const BRANCHES_OF: Record<StepKind, BranchName[]> = {
  trigger: [],
  action: [],
  if: ['then', 'else'],
  loop: ['body'],
};

export function isBlockKind(kind: StepKind): kind is 'if' | 'loop' {
  return kind === 'if' || kind === 'loop';
}

export function emptyFlow(id: string, name: string, dialect = 'local'): Flow {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    id,
    name,
    description: '',
    tags: [],
    structure: 'blocks',
    steps: {},
    root: [],
    edges: [],
    notes: [],
    inputs: [],
    dialect,
  };
}
