/**
 * In-memory state of the SkillFlaw test server: users, tokens, API keys, projects, flows (FlowRead rows,
 * `data` kept exactly as received), flow versions with online/release state, vertex builds and messages.
 * HTTP concerns live in `server.ts`; this file only keeps rows consistent and raises `HttpError`s with
 * FastAPI's `{"detail": ...}` bodies.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { StoredMessage } from './components';
import type { VertexBuildRecord } from './executor';
import type { FlowValue } from './values';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);

/** FastAPI's 422 body for one bad field. */
export function validationError(loc: Array<string | number>, msg: string, type: string, input: unknown): HttpError {
  return new HttpError(422, [{ type, loc, msg, input }]);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireUuid(value: string, loc: Array<string | number>): string {
  if (!UUID_RE.test(value)) {
    throw validationError(loc, 'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]', 'uuid_parsing', value);
  }
  return value.toLowerCase();
}

export interface User {
  id: string;
  username: string;
  password: string;
  is_active: boolean;
  is_superuser: boolean;
  create_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  api_key: string;
  user_id: string;
  created_at: string;
  last_used_at: string | null;
  total_uses: number;
  is_active: boolean;
}

export interface ProjectRow {
  id: string;
  name: string;
  description: string;
  parent_id: string | null;
  user_id: string;
  [k: string]: unknown;
}

export interface FlowRow {
  id: string;
  name: string;
  description: string;
  data: unknown;
  updated_at: string;
  project_id: string;
  user_id: string;
  is_online: boolean;
  online_version: string | null;
  [k: string]: unknown;
}

export interface VersionRow {
  id: number;
  flow_id: string;
  name: string;
  description: string;
  version_note: string;
  data: unknown;
  tags: string[];
  flow_version: string;
  flow_type: string;
  create_at: string;
  user_id: string;
}

export const DEFAULT_PROJECT_NAME = 'My Projects';

/** FlowCreate fields with their defaults, in the seed's order (the FlowRead sample). */
const FLOW_DEFAULTS: Record<string, unknown> = {
  name: '',
  description: '',
  flow_skill: '',
  icon: null,
  icon_bg_color: null,
  gradient: null,
  data: null,
  is_component: false,
  updated_at: '',
  webhook: false,
  endpoint_name: null,
  tags: [],
  locked: false,
  is_online: false,
  is_version: false,
  is_hold: false,
  is_endpoint: false,
  is_deleted: false,
  flow_type: '',
  online_version: null,
  mcp_enabled: false,
  action_name: null,
  action_description: null,
  access_type: 'PRIVATE',
  id: '',
  user_id: 0,
  tenant_id: null,
  business_id: 0,
  is_self: false,
  org_id: 0,
  project_id: '',
  create_at: '',
  m_uid: 0,
  creator_name: '',
};

/** Fields PATCH may change (FlowUpdate in the seed). */
const FLOW_UPDATE_FIELDS = [
  'name', 'description', 'flow_skill', 'data', 'tenant_id', 'business_id', 'is_self', 'org_id', 'project_id', 'endpoint_name',
  'mcp_enabled', 'locked', 'is_online', 'is_version', 'is_hold', 'is_endpoint', 'is_deleted', 'flow_type', 'online_version',
  'action_name', 'action_description', 'access_type', 'fs_path',
];

let clock = 0;
/** ISO timestamps with microseconds, strictly increasing, so two saves in one millisecond still differ. */
export function now(): string {
  const ms = Date.now();
  clock = Math.max(clock + 1, ms * 1000);
  const iso = new Date(Math.floor(clock / 1000)).toISOString();
  return `${iso.slice(0, 19)}.${String(clock % 1_000_000).padStart(6, '0')}Z`;
}

export interface StoreOptions {
  users?: Array<{ username: string; password: string; superuser?: boolean }>;
  accessTokenTtlMs?: number;
}

export function makeStore(opts: StoreOptions = {}) {
  const users = new Map<string, User>();
  const accessTokens = new Map<string, { userId: string; expires: number }>();
  const refreshTokens = new Map<string, string>();
  const apiKeys = new Map<string, ApiKeyRow>();
  const projects = new Map<string, ProjectRow>();
  const flows = new Map<string, FlowRow>();
  const versions = new Map<string, VersionRow[]>();
  const vertexBuilds = new Map<string, Map<string, VertexBuildRecord[]>>();
  const lastResults = new Map<string, Map<string, Record<string, FlowValue>>>();
  const messages: StoredMessage[] = [];
  const files = new Map<string, string>();
  let versionSeq = 0;
  const ttl = opts.accessTokenTtlMs ?? 3_600_000;

  for (const u of opts.users ?? [{ username: 'skillflaw', password: 'skillflaw', superuser: true }]) {
    const t = now();
    const user: User = { id: randomUUID(), username: u.username, password: u.password, is_active: true, is_superuser: u.superuser ?? false, create_at: t, updated_at: t, last_login_at: null };
    users.set(user.id, user);
  }

  function userRead(u: User) {
    const { password: _p, ...rest } = u;
    return { ...rest, profile_image: null, store_api_key: null, optins: {} };
  }

  function issueTokens(userId: string) {
    const access = randomBytes(24).toString('base64url');
    const refresh = randomBytes(24).toString('base64url');
    accessTokens.set(access, { userId, expires: Date.now() + ttl });
    refreshTokens.set(refresh, userId);
    return { access_token: access, refresh_token: refresh, token_type: 'bearer' };
  }

  function defaultProject(userId: string): ProjectRow {
    for (const p of projects.values()) if (p.user_id === userId && p.name === DEFAULT_PROJECT_NAME) return p;
    return createProject(userId, { name: DEFAULT_PROJECT_NAME, description: 'Manage your own projects. Download and upload projects.' });
  }

  function createProject(userId: string, body: Record<string, unknown>): ProjectRow {
    const t = now();
    let name = typeof body.name === 'string' && body.name.trim() ? body.name : 'New Project';
    const taken = new Set([...projects.values()].filter((p) => p.user_id === userId).map((p) => p.name));
    if (taken.has(name)) {
      let i = 1;
      while (taken.has(`${name} (${i})`)) i++;
      name = `${name} (${i})`;
    }
    const row: ProjectRow = {
      name,
      description: typeof body.description === 'string' ? body.description : '',
      id: randomUUID(),
      parent_id: null,
      tenant_id: null,
      business_id: 0,
      org_id: typeof body.org_id === 'number' ? body.org_id : 0,
      is_self: true,
      is_enable: body.is_enable ?? true,
      is_release: false,
      is_version: false,
      is_hold: body.is_hold ?? false,
      is_deleted: false,
      release_version: body.release_version ?? null,
      priv_type: body.priv_type ?? null,
      project_skill: body.project_skill ?? null,
      auth_settings: body.auth_settings ?? null,
      icon: body.icon ?? null,
      user_id: userId,
      m_uid: 0,
      ctime: t,
      utime: t,
      creator_name: [...users.values()].find((u) => u.id === userId)?.username ?? '',
    };
    projects.set(row.id, row);
    for (const fid of [...((body.flows_list as string[] | undefined) ?? []), ...((body.components_list as string[] | undefined) ?? [])]) {
      const f = flows.get(fid);
      if (f && f.user_id === userId) f.project_id = row.id;
    }
    return row;
  }

  function projectOf(userId: string, id: string): ProjectRow {
    const p = projects.get(id);
    if (!p || p.user_id !== userId) throw notFound('Project');
    return p;
  }

  function uniqueFlowName(userId: string, name: string, exceptId?: string): string {
    const taken = new Set([...flows.values()].filter((f) => f.user_id === userId && f.id !== exceptId).map((f) => f.name));
    if (!taken.has(name)) return name;
    let i = 1;
    while (taken.has(`${name} (${i})`)) i++;
    return `${name} (${i})`;
  }

  function createFlow(userId: string, body: Record<string, unknown>, opts: { keepId?: boolean } = {}): FlowRow {
    if (typeof body.name !== 'string') throw validationError(['body', 'name'], 'Field required', 'missing', body);
    const t = now();
    const projectId = typeof body.project_id === 'string' ? projectOf(userId, body.project_id).id : defaultProject(userId).id;
    // FlowCreate's optional `id` is kept (Langflow's `_new_flow`); a taken one is a unique violation.
    const id = typeof body.id === 'string' && (opts.keepId ?? true) ? requireUuid(body.id, ['body', 'id']) : randomUUID();
    if (flows.has(id)) throw new HttpError(409, 'A flow with this ID already exists');
    const row = { ...FLOW_DEFAULTS } as FlowRow;
    for (const k of Object.keys(body)) if (k in FLOW_DEFAULTS || k === 'fs_path') row[k] = body[k];
    Object.assign(row, {
      id,
      name: uniqueFlowName(userId, body.name),
      description: typeof body.description === 'string' ? body.description : '',
      data: body.data ?? null,
      updated_at: t,
      create_at: t,
      user_id: userId,
      project_id: projectId,
      creator_name: [...users.values()].find((u) => u.id === userId)?.username ?? '',
    });
    flows.set(id, row);
    return row;
  }

  function flowOf(userId: string, id: string): FlowRow {
    const f = flows.get(id);
    if (!f || f.user_id !== userId) throw notFound('Flow');
    return f;
  }

  function updateFlow(userId: string, id: string, body: Record<string, unknown>): FlowRow {
    const f = flowOf(userId, id);
    const known = body.last_known_updated_at;
    if (typeof known === 'string' && known !== f.updated_at) {
      throw new HttpError(409, 'The flow was changed since you loaded it (last_known_updated_at is stale). Reload it before saving.');
    }
    if (typeof body.project_id === 'string') projectOf(userId, body.project_id);
    if (typeof body.name === 'string' && body.name !== f.name) {
      if ([...flows.values()].some((o) => o.user_id === userId && o.id !== id && o.name === body.name)) throw new HttpError(400, 'Name must be unique');
    }
    for (const k of FLOW_UPDATE_FIELDS) if (k in body && body[k] !== null && body[k] !== undefined) f[k] = body[k];
    f.updated_at = now();
    return f;
  }

  function deleteFlow(userId: string, id: string): void {
    flowOf(userId, id);
    flows.delete(id);
    versions.delete(id);
    vertexBuilds.delete(id);
  }

  function createVersion(userId: string, flowId: string, body: Record<string, unknown>): VersionRow {
    const f = flowOf(userId, flowId);
    if (typeof body.version !== 'string' || body.version.trim() === '') throw validationError(['body', 'version'], 'Field required', 'missing', body);
    const list = versions.get(flowId) ?? [];
    if (list.some((v) => v.flow_version === body.version)) throw new HttpError(400, `Version ${body.version} already exists for this flow`);
    const row: VersionRow = {
      id: ++versionSeq,
      flow_id: flowId,
      name: f.name,
      description: f.description,
      version_note: typeof body.note === 'string' ? body.note : '',
      data: structuredClone(f.data),
      tags: Array.isArray(f.tags) ? [...(f.tags as string[])] : [],
      flow_version: body.version,
      flow_type: String(f.flow_type ?? ''),
      create_at: now(),
      user_id: userId,
    };
    list.push(row);
    versions.set(flowId, list);
    return row;
  }

  function versionOf(userId: string, flowId: string, versionId: number): VersionRow {
    flowOf(userId, flowId);
    const v = (versions.get(flowId) ?? []).find((x) => x.id === versionId);
    if (!v) throw notFound('Flow version');
    return v;
  }

  function rollback(userId: string, flowId: string, versionId: number): FlowRow {
    const v = versionOf(userId, flowId, versionId);
    const f = flowOf(userId, flowId);
    f.data = structuredClone(v.data);
    f.name = uniqueFlowName(userId, v.name, flowId);
    f.description = v.description;
    f.updated_at = now();
    return f;
  }

  function publish(userId: string, flowId: string, versionId: number): FlowRow {
    const v = versionOf(userId, flowId, versionId);
    const f = flowOf(userId, flowId);
    f.is_online = true;
    f.online_version = v.flow_version;
    f.updated_at = now();
    return f;
  }

  return {
    users,
    accessTokens,
    refreshTokens,
    apiKeys,
    projects,
    flows,
    versions,
    vertexBuilds,
    lastResults,
    messages,
    files,
    userRead,
    issueTokens,
    defaultProject,
    createProject,
    projectOf,
    createFlow,
    flowOf,
    updateFlow,
    deleteFlow,
    createVersion,
    versionOf,
    rollback,
    publish,
    createApiKey(userId: string, name: string): ApiKeyRow {
      const row: ApiKeyRow = { id: randomUUID(), name, api_key: `sk-${randomBytes(24).toString('base64url')}`, user_id: userId, created_at: now(), last_used_at: null, total_uses: 0, is_active: true };
      apiKeys.set(row.api_key, row);
      return row;
    },
    userByName(name: string): User | undefined {
      return [...users.values()].find((u) => u.username === name);
    },
  };
}

export type SkillflawStore = ReturnType<typeof makeStore>;
