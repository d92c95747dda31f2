/**
 * The backend adapter contract. Designed against the five seed APIs (vFlow, viaSocket, AutoMaticWorker,
 * SkillFlaw/Langflow, Dify) and Node-RED: every operation is optional behind a declared capability, so the UI
 * shows only what the active backend can do, and later adapters fit without changing this file.
 *
 * Pure TypeScript: no React, no DOM beyond what a Worker has.
 */
import type { Flow, StepPorts } from '../model/flow';
import type { InputSchemaSource, ModuleCategory, ModuleDefinition } from '../model/modules';
import type { ReferenceSyntax } from '../model/references';
import type { PartialRunInfo, TraceEvent } from './trace';
import type { ConnectionTestResult } from './descriptor';
import type { DebugCapabilities, DebugCommand, DebugRunOptions } from './debug';

export type { TraceEvent } from './trace';

export interface Capabilities {
  /** Can list/get/save flow graphs (Dify: false, it only runs published apps). */
  editFlows: boolean;
  folders: boolean;
  /** Folders inside folders (vFlow, local). */
  nestedFolders: boolean;
  versions: boolean;
  publish: boolean;
  /** Revert the draft to the last published version (viaSocket). */
  revertDraft: boolean;
  duplicate: boolean;
  move: boolean;
  enableDisable: boolean;
  favourites: boolean;
  tags: boolean;
  run: boolean;
  cancelRun: boolean;
  runHistory: boolean;
  logs: boolean;
  importExport: boolean;
  /** Save detects a stale base revision and answers with a conflict (local, SkillFlaw `last_known_updated_at`). */
  conflictDetection: boolean;
  /** Run a single function step in isolation (local sandbox). */
  testStep: boolean;
  /** Which structures the backend stores natively. */
  structures: Array<Flow['structure']>;
  /**
   * A run executes the stored flow, not the editor's document (`StartRunRequest.flow` is ignored), so the run
   * panel saves pending edits first and refuses to run when saving fails (vFlow). Absent: false.
   */
  runNeedsSavedFlow?: boolean;
  /**
   * Module ids that are block syntax, not steps (a backend's else / end markers): hidden from every step
   * picker, since they come with their block. Absent: none.
   */
  structuralModules?: readonly string[];
  /** `listModules` entries lack inputs (and maybe outputs); `getModule` gives the full definition. Absent: false. */
  partialModuleList?: boolean;
  /** The backend can store an `else` branch on an `if` step. Absent: true. */
  elseBranch?: boolean;
  /** What the debugger can do on this backend. Absent: nothing (read it with `debugCapabilitiesOf`). */
  debug?: DebugCapabilities;
}

export type ErrorCode =
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'cancelled'
  | 'unsupported'
  | 'internal';

/** Every adapter throws only this, so the UI can show `code`, whether a retry helps, and the server's words. */
export class BackendError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** The server's own message and code, verbatim, for the user and for bug reports. */
  readonly serverMessage: string | undefined;
  readonly serverCode: string | number | undefined;
  readonly details: unknown;
  /** For `conflict`: the server's current copy, so the conflict dialog can diff. */
  readonly current: SavedFlow | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: {
      retryable?: boolean;
      serverMessage?: string;
      serverCode?: string | number;
      details?: unknown;
      current?: SavedFlow;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'BackendError';
    this.code = code;
    this.retryable = opts.retryable ?? (code === 'rate-limited' || code === 'unavailable' || code === 'network' || code === 'timeout');
    this.serverMessage = opts.serverMessage;
    this.serverCode = opts.serverCode;
    this.details = opts.details;
    this.current = opts.current;
  }
}

export function isBackendError(e: unknown): e is BackendError {
  return e instanceof BackendError;
}

export interface Folder {
  id: string;
  name: string;
  parentId: string | null;
  order: number;
  createdAt: number;
  modifiedAt: number;
  extensions?: Record<string, unknown>;
}

export interface FlowSummary {
  id: string;
  name: string;
  description: string;
  folderId: string | null;
  tags: string[];
  enabled: boolean;
  favourite: boolean;
  stepCount: number;
  modifiedAt: number;
  /** Opaque revision of the stored draft; pass it back as `baseRevision` when saving. */
  revision: string;
  /** Whether a published version exists, and whether the draft differs from it. */
  published?: { versionId: string; publishedAt: number } | null;
  draftDiffersFromPublished?: boolean;
}

export interface SavedFlow {
  flow: Flow;
  summary: FlowSummary;
}

export interface ListFlowsQuery {
  folderId?: string | null;
  search?: string;
  tags?: string[];
  sortBy?: 'name' | 'modifiedAt' | 'order';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
  includeDisabled?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface SaveFlowRequest {
  flow: Flow;
  folderId?: string | null;
  /** The revision the edit started from; `null` creates a new flow. A stale one gives a `conflict` error. */
  baseRevision: string | null;
  /** Skip the conflict check (after the user chose "keep mine" in the conflict dialog). */
  force?: boolean;
}

export interface FlowVersion {
  id: string;
  flowId: string;
  createdAt: number;
  note: string;
  /** User-given name ("v1.2"), if any. */
  name?: string;
  published: boolean;
  /** The snapshot is fetched with `getVersion`; lists stay light. */
}

export interface RunInputs {
  [name: string]: unknown;
}

export interface StartRunRequest {
  flowId: string;
  /** Run this document rather than the stored one (the editor's unsaved draft, local backend). */
  flow?: Flow;
  inputs: RunInputs;
  /** A label for history: "manual", "webhook", "test". */
  trigger?: string;
  versionId?: string;
  /** Breakpoints, pins, reused outputs; only what `capabilities.debug` says the backend honours. */
  debug?: DebugRunOptions;
}

export interface RunSummary {
  id: string;
  flowId: string;
  status: RunStatus;
  startedAt: number;
  finishedAt: number | null;
  trigger: string;
  versionId?: string;
  error?: string;
  /** A partial run (run from / to a step), with what it reused. */
  partial?: PartialRunInfo;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timeout';

export interface RunHandle {
  runId: string;
  /** Every event of the run, in order, whatever the transport (SSE, polling, websocket, worker messages). */
  events: AsyncIterable<TraceEvent>;
  /** Commands to a paused run (backends with `capabilities.debug.breakpoints`). */
  debug?(command: DebugCommand): void;
}

export interface LogQuery {
  level?: 'debug' | 'info' | 'warn' | 'error';
  stepId?: string;
  limit?: number;
  offset?: number;
}

export interface ExportedFile {
  name: string;
  mime: string;
  data: Uint8Array;
}

export interface ImportReportEntry {
  file: string;
  status: 'imported' | 'skipped' | 'error';
  flowId?: string;
  message?: string;
}

export interface TestStepRequest {
  flow: Flow;
  stepId: string;
  /** Sample input: what references to earlier steps resolve to, and run inputs. */
  sample: { steps: Record<string, unknown>; inputs: RunInputs };
}

/** Whether a step's account (the credentials it runs with, bound in the backend) can be used. */
export interface StepAuthorization {
  /** The bound account's name or id; null when none is bound. */
  account: string | null;
  valid: boolean;
  /** Why it cannot be used: no account bound, or the backend says it is invalid. */
  problem?: 'not-connected' | 'invalid';
  /** The backend's own words (an expired or revoked token), verbatim. */
  reason?: string;
}

export interface TestStepResult {
  ok: boolean;
  value?: unknown;
  logs: Array<{ level: string; message: string }>;
  durationMs: number;
  /** `line` is in the code field `field` (a step with several, e.g. Node-RED's `func`); absent: the step's code. */
  error?: { message: string; line?: number; column?: number; field?: string };
}

/**
 * One backend. Operations whose capability is false may be absent; calling an absent one is a programming
 * error the UI prevents by reading `capabilities`.
 */
export interface BackendAdapter {
  readonly id: string;
  readonly label: string;
  readonly capabilities: Capabilities;
  readonly referenceSyntax: ReferenceSyntax;

  // flows
  listFlows(query?: ListFlowsQuery): Promise<Page<FlowSummary>>;
  getFlow(id: string): Promise<SavedFlow>;
  saveFlow(req: SaveFlowRequest): Promise<SavedFlow>;
  deleteFlow(id: string): Promise<void>;
  duplicateFlow?(id: string, opts?: { name?: string; folderId?: string | null }): Promise<SavedFlow>;
  moveFlow?(id: string, folderId: string | null): Promise<void>;
  setFlowEnabled?(id: string, enabled: boolean): Promise<void>;
  setFlowFavourite?(id: string, favourite: boolean): Promise<void>;

  // folders
  listFolders?(): Promise<Folder[]>;
  createFolder?(name: string, parentId: string | null): Promise<Folder>;
  updateFolder?(id: string, patch: { name?: string; parentId?: string | null; order?: number }): Promise<Folder>;
  /** `contents`: move flows (and subfolders) to `moveTo`, or delete them. */
  deleteFolder?(id: string, contents: { mode: 'move'; moveTo: string | null } | { mode: 'delete' }): Promise<void>;

  // versions
  listVersions?(flowId: string): Promise<FlowVersion[]>;
  getVersion?(flowId: string, versionId: string): Promise<{ version: FlowVersion; flow: Flow }>;
  createVersion?(flowId: string, opts: { note: string; name?: string }): Promise<FlowVersion>;
  publish?(flowId: string, opts: { note: string }): Promise<FlowVersion>;
  /** Make the draft equal to a version; the current draft is kept as a version first. */
  restoreVersion?(flowId: string, versionId: string): Promise<SavedFlow>;
  /** Draft back to the last published version. */
  revertDraft?(flowId: string): Promise<SavedFlow>;
  /**
   * The published definition as a flow (null: never published), so a revert can show what it goes back to
   * on a backend without a version list (viaSocket's `execution_script`).
   */
  getPublishedFlow?(flowId: string): Promise<Flow | null>;

  // modules and references
  listCategories(): Promise<ModuleCategory[]>;
  listModules(): Promise<ModuleDefinition[]>;
  getModule(id: string): Promise<ModuleDefinition>;

  // runs
  startRun?(req: StartRunRequest, signal?: AbortSignal): Promise<RunHandle>;
  cancelRun?(runId: string): Promise<void>;
  listRuns?(flowId: string, opts?: { limit?: number; offset?: number; status?: RunStatus }): Promise<Page<RunSummary>>;
  /** A finished run's recorded events, for history, replay and comparison. */
  getRunEvents?(runId: string): Promise<TraceEvent[]>;
  deleteRun?(runId: string): Promise<void>;
  testStep?(req: TestStepRequest): Promise<TestStepResult>;
  /**
   * Whether the account a stored step runs with is bound and valid (viaSocket's auth-binding calls); null
   * when the step needs no account. The inspector shows it on the step.
   */
  stepAuthorization?(flowId: string, stepId: string): Promise<StepAuthorization | null>;
  /**
   * The run form in the forms layer's terms, when the backend describes it more richly than `flow.inputs`
   * (Dify's `user_input_form`: file inputs with their limits, image upload). The run dialog then renders this
   * schema instead; the values it gives go to `startRun` as `inputs`. Absent: the form comes from `flow.inputs`.
   */
  runInputSchema?(flowId: string): Promise<InputSchemaSource>;
  /** Uploads a file for a run-form file input; `id` is what the input's value refers to (Dify `upload_file_id`). */
  uploadFile?(flowId: string, file: Blob, name?: string): Promise<{ id: string; name: string }>;

  // import / export
  exportFlows?(ids: string[], format: 'json' | 'zip'): Promise<ExportedFile>;
  importFiles?(files: ExportedFile[], opts: { folderId: string | null; dryRun?: boolean }): Promise<ImportReportEntry[]>;
  /**
   * The backend's own ZIP of a whole folder (Langflow's project download), which `importFiles` reads back;
   * absent: a folder's ZIP export is `exportFlows` of its flows.
   */
  exportFolder?(folderId: string): Promise<ExportedFile>;

  /**
   * A new, unsaved flow as this backend starts one: the nodes its server requires (AutoMaticWorker refuses a
   * flow without a start and an end node). The caller saves it with `baseRevision: null`. Absent: an empty flow.
   */
  newFlowTemplate?(init: { id: string; name: string }): Promise<Flow>;

  /**
   * The server's own renderings of one flow (AutoMaticWorker's generated Python), beside Flowbench's
   * `exportFlows`: shown read-only before they are downloaded under the server's file name.
   */
  readonly flowExports?: FlowExports;

  /** The server's webhook registrations (AutoMaticWorker `POST /api/webhooks`). */
  readonly webhooks?: WebhookService;

  /** A session the user connects and disconnects (sign in for a token, revoke it); absent: always usable. */
  readonly session?: BackendSession;

  /**
   * Subscribes to changes of what `listModules` returns (outputs learned after the list was first read);
   * the UI then reads the list again. Returns an unsubscribe.
   */
  onModulesChanged?(listener: () => void): () => void;

  /**
   * The ports a step has with its params as they are now, for backends whose ports follow params (a
   * Langflow Prompt's `{variable}` is an input): the editor calls it after a param edit and stores the
   * result in `step.ports`, so the canvas draws the port before any save. Synchronous and pure; `undefined`:
   * leave the step's ports as they are.
   */
  portsForParams?(flow: Flow, stepId: string): StepPorts | undefined;

  /** Release connections, workers, timers. */
  dispose?(): void;
}

/** A remote backend's sign-in session, as the connections UI drives it. */
export interface BackendSession {
  /** Whether this browser holds credentials for the server (no request). */
  isConnected(): boolean;
  /** Signs in (obtains a token); throws a `BackendError` on failure. */
  connect(): Promise<void>;
  /** Signs out (revokes the token on the server) and forgets it here, even when the server is unreachable. */
  disconnect(): Promise<void>;
  /** Reachability, then authentication, with this adapter's own session. Never throws. */
  check(): Promise<ConnectionTestResult>;
}

/** An i18n key of the backend's namespace (`backend-<kind>`), or text as the server gave it. */
type BackendText = string;

export interface FlowExportFormat {
  id: string;
  label: BackendText;
  /** Monaco language id of the preview ("python", "json"). */
  language: string;
}

export interface FlowExports {
  formats: readonly FlowExportFormat[];
  /** The file as the server gives it (its `Content-Disposition` name). */
  exportFlow(flowId: string, format: string): Promise<ExportedFile>;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdAt: string | null;
}

export interface WebhookService {
  /** The events a webhook can subscribe to, as the server names them. */
  events: readonly string[];
  list(): Promise<Webhook[]>;
  /** Without `secret` the adapter makes one; the answer carries it once (the server never shows it again). */
  create(req: { url: string; events: string[]; secret?: string }): Promise<{ webhook: Webhook; secret: string }>;
  delete(id: string): Promise<void>;
}
