/**
 * The viaSocket test server's state: one org (the seed's `54490`, user `78404`), its projects
 * (`proj54490`, `projWkXVDm0k`), scripts with `json_script` + `used_variables` + function records, the
 * published snapshot (`execution_script`), and run logs. Semantics of the step endpoints are the seed's:
 * steps are created into an order group at a position, updated and deleted by TITLE, titles unique in a
 * script, `stepId` = `func` + 8 (longer: the database's `varchar(12)` error).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Block {
  type: string;
  status?: string;
  identifier?: string;
  [k: string]: unknown;
}

export interface JsonScript {
  version?: string;
  identifier?: string;
  trigger?: Record<string, unknown>;
  order: Record<string, string[]>;
  blocks: Record<string, Block>;
  [k: string]: unknown;
}

export interface FunctionRecord {
  id: string;
  title: string;
  type: string;
  code: unknown;
  script_id: string;
  updated_at: string;
}

export interface Snapshot {
  title: string;
  description: string;
  json_script: JsonScript;
  used_variables: Record<string, Record<string, Record<string, unknown>>>;
  functions: FunctionRecord[];
}

export interface ScriptRecord {
  id: string;
  project_id: string;
  org_id: string;
  title: string;
  description: string;
  type: 'flow';
  /** 1 active, 3 paused/draft, 0 deleted. */
  status: number;
  json_script: JsonScript;
  used_variables: Record<string, Record<string, Record<string, unknown>>>;
  functions: FunctionRecord[];
  execution_script: Snapshot | null;
  created_at: string;
  updated_at: string;
}

export interface ProjectRecord {
  id: string;
  org_id: string;
  title: string;
  created_at: string;
}

export interface StepLog {
  title: string;
  stepId: string | null;
  type: string;
  status: 'success' | 'failed' | 'skipped';
  startedAt: string;
  finishedAt: string;
  input?: unknown;
  data?: unknown;
  error?: string | null;
  logs: string[];
  branch?: string;
}

export interface RunLog {
  id: string;
  script_id: string;
  project_id: string;
  isDryRun: boolean;
  status: 'success' | 'failed';
  created_at: string;
  finished_at: string;
  req: { body: unknown; query: Record<string, string>; headers: Record<string, string> };
  steps: StepLog[];
  response: unknown;
  error: string | null;
}

export interface ServerOptions {
  /** ifBlock else-branch group: `<title><elseSuffix>` (default `_else`). */
  elseSuffix: string;
}

export const ORG = { id: 54490, name: 'Flowbench Org', userId: 78404 } as const;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomId(prefix: string, n = 8): string {
  let s = prefix;
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(Math.random() * ALNUM.length)];
  return s;
}

const DEFAULT_CODE: Record<string, () => unknown> = {
  function: () => '',
  ifBlock: () => '',
  delay: () => 0,
  api: () => ({}),
  plugin: () => ({ type: 'action', source: '' }),
};

export interface ViasocketFixtures {
  projects?: Array<{ id: string; title: string }>;
  scripts?: Array<Partial<ScriptRecord> & { id: string; project_id: string; title: string }>;
}

export const DEFAULT_FIXTURES: ViasocketFixtures = {
  projects: [
    { id: 'proj54490', title: 'Main Project' },
    { id: 'projWkXVDm0k', title: 'Draft Project' },
  ],
};

export class Store {
  projects = new Map<string, ProjectRecord>();
  scripts = new Map<string, ScriptRecord>();
  logs: RunLog[] = [];
  private clock = 0;

  constructor(
    readonly opts: ServerOptions,
    fixtures: ViasocketFixtures = DEFAULT_FIXTURES,
  ) {
    const now = this.now();
    for (const p of fixtures.projects ?? []) this.projects.set(p.id, { id: p.id, org_id: String(ORG.id), title: p.title, created_at: now });
    for (const s of fixtures.scripts ?? []) {
      this.scripts.set(s.id, {
        org_id: String(ORG.id),
        description: '',
        type: 'flow',
        status: 1,
        json_script: { version: '6.1.0', identifier: s.id, trigger: { type: 'draft', triggerType: 'webhook', userId: ORG.userId }, order: { root: [] }, blocks: {} },
        used_variables: {},
        functions: [],
        execution_script: null,
        created_at: now,
        updated_at: now,
        ...structuredClone(s),
      });
    }
  }

  /** ISO timestamps, strictly increasing, so `updated_at` is a usable revision. */
  now(): string {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return new Date(this.clock).toISOString();
  }

  project(id: string): ProjectRecord {
    const p = this.projects.get(id);
    if (!p) throw new ApiError(404, `Project ${id} not found`);
    return p;
  }

  /** A script that is not deleted; in `projectId` when given. */
  script(id: string, projectId?: string): ScriptRecord {
    const s = this.scripts.get(id);
    if (!s || s.status === 0 || (projectId !== undefined && s.project_id !== projectId)) throw new ApiError(404, `Script ${id} not found`);
    return s;
  }

  touch(s: ScriptRecord): void {
    s.updated_at = this.now();
  }

  createScript(projectId: string, body: Record<string, unknown>): ScriptRecord {
    this.project(projectId);
    if (typeof body.title !== 'string' || body.title.trim() === '') throw new ApiError(400, '"title" is required');
    if (body.type !== undefined && body.type !== 'flow') throw new ApiError(400, '"type" must be [flow]');
    const id = randomId('scri');
    const now = this.now();
    const s: ScriptRecord = {
      id,
      project_id: projectId,
      org_id: String(ORG.id),
      title: body.title,
      description: typeof body.description === 'string' ? body.description : '',
      type: 'flow',
      status: 1,
      json_script: {
        version: '6.1.0',
        identifier: id,
        trigger: { type: 'draft', triggerType: 'webhook', userId: ORG.userId },
        order: { root: [] },
        blocks: { response: { type: 'response', status: 'DRAFTED', responseType: 'default' } },
      },
      used_variables: {},
      functions: [],
      execution_script: null,
      created_at: now,
      updated_at: now,
    };
    this.scripts.set(id, s);
    return s;
  }

  updateScript(s: ScriptRecord, body: Record<string, unknown>): void {
    if (body.title !== undefined) {
      if (typeof body.title !== 'string' || body.title.trim() === '') throw new ApiError(400, '"title" is not allowed to be empty');
      s.title = body.title;
    }
    if (body.description !== undefined) {
      if (typeof body.description !== 'string') throw new ApiError(400, '"description" must be a string');
      s.description = body.description;
    }
    const js = body.json_script as { order?: unknown } | undefined;
    if (js !== undefined) {
      // Blocks are step resources (stepv2); through the script only the order can change.
      if (typeof js !== 'object' || js === null || typeof js.order !== 'object' || js.order === null) throw new ApiError(400, '"json_script.order" is required');
      const order = js.order as Record<string, unknown>;
      const seen = new Set<string>();
      for (const [group, list] of Object.entries(order)) {
        if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) throw new ApiError(400, `"json_script.order.${group}" must be an array of step titles`);
        for (const t of list as string[]) {
          if (!(t in s.json_script.blocks)) throw new ApiError(400, `Step "${t}" does not exist in this flow`);
          if (seen.has(t)) throw new ApiError(400, `Step "${t}" appears more than once in the order`);
          seen.add(t);
        }
      }
      s.json_script.order = structuredClone(order as Record<string, string[]>);
    }
    this.touch(s);
  }

  private ownedGroups(title: string, block: Block | undefined): string[] {
    return block?.type === 'ifBlock' ? [title, `${title}${this.opts.elseSuffix}`] : [];
  }

  private groupExists(s: ScriptRecord, group: string): boolean {
    if (group === 'root') return true;
    return Object.entries(s.json_script.blocks).some(([t, b]) => this.ownedGroups(t, b).includes(group));
  }

  createStep(s: ScriptRecord, body: Record<string, unknown>): Block {
    const { type, title, orderGroup, position, stepId } = body;
    if (typeof type !== 'string' || !['function', 'plugin', 'api', 'ifBlock', 'delay'].includes(type)) throw new ApiError(400, '"type" must be one of [function, plugin, api, ifBlock, delay]');
    if (typeof title !== 'string' || title.trim() === '') throw new ApiError(400, '"title" is required');
    if (typeof stepId !== 'string') throw new ApiError(400, '"stepId" is required');
    if (stepId.length > 12) throw new ApiError(400, 'value too long for type character varying(12)');
    if (stepId.length < 12) throw new ApiError(400, '"identifier" length must be at least 12 characters long');
    if (!/^func[A-Za-z0-9]{8}$/.test(stepId)) throw new ApiError(400, '"stepId" must start with func');
    if (title in s.json_script.blocks) throw new ApiError(400, `Step with title "${title}" already exists`);
    if (s.functions.some((f) => f.id === stepId)) throw new ApiError(400, `Step with id "${stepId}" already exists`);
    const group = typeof orderGroup === 'string' ? orderGroup : 'root';
    if (!this.groupExists(s, group)) throw new ApiError(400, `orderGroup "${group}" does not exist`);
    const list = (s.json_script.order[group] ??= []);
    const pos = position === undefined ? list.length : Number(position);
    if (!Number.isInteger(pos) || pos < 0 || pos > list.length) throw new ApiError(400, `"position" must be between 0 and ${list.length}`);
    let block: Block;
    if (type === 'plugin') {
      if (typeof body.actionId !== 'string') throw new ApiError(400, '"actionId" is required for plugin steps');
      block = { type, status: 'DRAFTED', iconUrl: typeof body.iconUrl === 'string' ? body.iconUrl : '', service: { eventId: body.actionId, serviceId: body.pluginId ?? null, authVersionId: null, actionVersionId: body.actionId }, identifier: stepId };
    } else block = { type, status: 'DRAFTED', identifier: stepId };
    list.splice(pos, 0, title);
    s.json_script.blocks[title] = block;
    for (const g of this.ownedGroups(title, block)) s.json_script.order[g] ??= [];
    s.functions.push({ id: stepId, title, type, code: DEFAULT_CODE[type]!(), script_id: s.id, updated_at: this.now() });
    this.touch(s);
    return block;
  }

  updateStep(s: ScriptRecord, title: string, body: Record<string, unknown>): FunctionRecord {
    const block = s.json_script.blocks[title];
    if (!block) throw new ApiError(404, `Step "${title}" not found`);
    const fn = s.functions.find((f) => f.id === block.identifier);
    if (!fn) throw new ApiError(400, `Step "${title}" has no configuration`);
    if (body.type !== undefined && body.type !== block.type) throw new ApiError(400, `"type" must be ${block.type}`);
    if (body.stepId !== undefined && body.stepId !== block.identifier) throw new ApiError(400, '"stepId" does not match the step');
    if ('code' in body) {
      const code = body.code;
      if (block.type === 'function' && typeof code !== 'string') throw new ApiError(400, '"code" must be a string');
      if (block.type === 'plugin' && (typeof code !== 'object' || code === null || typeof (code as { source?: unknown }).source !== 'string')) throw new ApiError(400, '"code.source" must be a string');
      fn.code = code;
    }
    if (body.dynamicVariables !== undefined) {
      const vars = body.dynamicVariables;
      if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) throw new ApiError(400, '"dynamicVariables" must be an object');
      const byTitle = (s.used_variables[block.type] ??= {});
      if (Object.keys(vars).length === 0) delete byTitle[title];
      else byTitle[title] = structuredClone(vars as Record<string, unknown>);
      if (Object.keys(byTitle).length === 0) delete s.used_variables[block.type];
    }
    if (typeof body.status === 'string') block.status = body.status;
    const next = body.title;
    if (next !== undefined && next !== title) {
      if (typeof next !== 'string' || next.trim() === '') throw new ApiError(400, '"title" is not allowed to be empty');
      if (next in s.json_script.blocks) throw new ApiError(400, `Step with title "${next}" already exists`);
      this.rename(s, title, next, block);
      fn.title = next;
    }
    fn.updated_at = this.now();
    this.touch(s);
    return fn;
  }

  private rename(s: ScriptRecord, from: string, to: string, block: Block): void {
    const blocks: Record<string, Block> = {};
    for (const [k, v] of Object.entries(s.json_script.blocks)) blocks[k === from ? to : k] = v;
    s.json_script.blocks = blocks;
    const [thenFrom, elseFrom] = this.ownedGroups(from, block);
    const [thenTo, elseTo] = this.ownedGroups(to, block);
    const order: Record<string, string[]> = {};
    for (const [g, list] of Object.entries(s.json_script.order)) {
      order[g === thenFrom ? thenTo! : g === elseFrom ? elseTo! : g] = list.map((t) => (t === from ? to : t));
    }
    s.json_script.order = order;
    for (const byTitle of Object.values(s.used_variables)) {
      if (from in byTitle) {
        const next: Record<string, Record<string, unknown>> = {};
        for (const [k, v] of Object.entries(byTitle)) next[k === from ? to : k] = v;
        for (const k of Object.keys(byTitle)) delete byTitle[k];
        Object.assign(byTitle, next);
      }
    }
  }

  /** Deletes a step; an ifBlock takes what its groups hold with it. */
  deleteStep(s: ScriptRecord, title: string): void {
    if (!(title in s.json_script.blocks)) throw new ApiError(404, `Step "${title}" not found`);
    const drop = (t: string) => {
      const block = s.json_script.blocks[t];
      if (!block) return;
      for (const g of this.ownedGroups(t, block)) {
        for (const child of s.json_script.order[g] ?? []) drop(child);
        delete s.json_script.order[g];
      }
      delete s.json_script.blocks[t];
      for (const g of Object.keys(s.json_script.order)) s.json_script.order[g] = s.json_script.order[g]!.filter((x) => x !== t);
      s.functions = s.functions.filter((f) => f.id !== block.identifier);
      for (const byTitle of Object.values(s.used_variables)) delete byTitle[t];
    };
    drop(title);
    this.touch(s);
  }

  snapshot(s: ScriptRecord): Snapshot {
    return structuredClone({ title: s.title, description: s.description, json_script: s.json_script, used_variables: s.used_variables, functions: s.functions });
  }

  publish(s: ScriptRecord): void {
    s.json_script.trigger = { ...(s.json_script.trigger ?? {}), type: 'published' };
    s.execution_script = this.snapshot(s);
    this.touch(s);
  }

  revert(s: ScriptRecord): void {
    if (!s.execution_script) throw new ApiError(400, 'Flow has not been published yet');
    const snap = structuredClone(s.execution_script);
    s.title = snap.title;
    s.description = snap.description;
    s.json_script = snap.json_script;
    s.used_variables = snap.used_variables;
    s.functions = snap.functions;
    this.touch(s);
  }

  /** A copy in the same project: new script id, step ids regenerated, titles kept. */
  duplicate(s: ScriptRecord): ScriptRecord {
    const id = randomId('scri');
    const copy = structuredClone(s);
    const now = this.now();
    copy.id = id;
    copy.json_script.identifier = id;
    copy.execution_script = null;
    copy.json_script.trigger = { ...(copy.json_script.trigger ?? {}), type: 'draft' };
    copy.created_at = now;
    copy.updated_at = now;
    for (const block of Object.values(copy.json_script.blocks)) {
      if (!block.identifier) continue;
      const fresh = randomId('func');
      const fn = copy.functions.find((f) => f.id === block.identifier);
      if (fn) {
        fn.id = fresh;
        fn.script_id = id;
      }
      block.identifier = fresh;
    }
    this.scripts.set(id, copy);
    return copy;
  }

  listItem(s: ScriptRecord): Record<string, unknown> {
    return { id: s.id, title: s.title, status: s.status, updated_at: s.updated_at };
  }

  /** The script as `GET /projects/{p}/scripts/{s}?type=flow` answers it. */
  full(s: ScriptRecord): Record<string, unknown> {
    const { functions: _f, ...rest } = s;
    return structuredClone(rest);
  }
}
