/**
 * Every endpoint the adapter calls, in one table. The seed (003) lists SkillFlaw's operations but lost their
 * paths and methods; these come from upstream Langflow's routers where both have the operation, and are
 * Langflow-style choices for SkillFlaw-only ones (see README.md for the source of each). A connection setting
 * (`paths`, JSON) overrides any entry, so a server that differs needs no code change.
 *
 * Templates use `{name}` placeholders, filled and URI-encoded by `pathFor`.
 */

export const DEFAULT_PATHS = {
  login: 'POST /api/v1/login',
  autoLogin: 'GET /api/v1/auto_login',
  refresh: 'POST /api/v1/refresh',
  whoami: 'GET /api/v1/users/whoami',
  version: 'GET /api/v1/version',
  allTypes: 'GET /api/v1/all',
  listFlows: 'GET /api/v1/flows/',
  createFlow: 'POST /api/v1/flows/',
  readFlow: 'GET /api/v1/flows/{flow_id}',
  updateFlow: 'PATCH /api/v1/flows/{flow_id}',
  deleteFlow: 'DELETE /api/v1/flows/{flow_id}',
  deleteFlows: 'DELETE /api/v1/flows/',
  createFlows: 'POST /api/v1/flows/batch/',
  uploadFlows: 'POST /api/v1/flows/upload/',
  downloadFlows: 'POST /api/v1/flows/download/',
  listVersions: 'GET /api/v1/flows/{flow_id}/versions',
  createVersion: 'POST /api/v1/flows/{flow_id}/versions',
  rollbackVersion: 'POST /api/v1/flows/{flow_id}/versions/{version_id}/rollback',
  publishVersion: 'POST /api/v1/flows/{flow_id}/versions/{version_id}/publish',
  readOnlineFlow: 'GET /api/v1/flows/{flow_id}/online',
  deleteOnlineFlow: 'DELETE /api/v1/flows/{flow_id}/online',
  readReleaseFlow: 'GET /api/v1/flows/{flow_id}/release',
  listProjects: 'GET /api/v1/projects/',
  createProject: 'POST /api/v1/projects/',
  readProject: 'GET /api/v1/projects/{project_id}',
  updateProject: 'PATCH /api/v1/projects/{project_id}',
  deleteProject: 'DELETE /api/v1/projects/{project_id}',
  downloadProject: 'GET /api/v1/projects/download/{project_id}',
  uploadProject: 'POST /api/v1/projects/upload/',
  buildFlow: 'POST /api/v1/build/{flow_id}/flow',
  buildEvents: 'GET /api/v1/build/{job_id}/events',
  cancelBuild: 'POST /api/v1/build/{job_id}/cancel',
  vertexBuilds: 'GET /api/v1/monitor/builds',
} as const;

export type PathKey = keyof typeof DEFAULT_PATHS;
export type PathTable = Record<PathKey, string>;

export interface Endpoint {
  method: string;
  path: string;
}

/** The defaults with `overrides` (a JSON object of `key: "METHOD /path"`) applied; unknown keys are refused. */
export function pathTable(overrides: unknown): PathTable {
  const table: PathTable = { ...DEFAULT_PATHS };
  if (overrides === undefined || overrides === null || overrides === '') return table;
  let parsed = overrides;
  if (typeof overrides === 'string') {
    try {
      parsed = JSON.parse(overrides);
    } catch {
      throw new Error('The paths setting is not valid JSON.');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('The paths setting must be a JSON object.');
  for (const [k, v] of Object.entries(parsed)) {
    if (!(k in DEFAULT_PATHS)) throw new Error(`Unknown path key "${k}" (known: ${Object.keys(DEFAULT_PATHS).join(', ')}).`);
    if (typeof v !== 'string' || !/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/.test(v)) throw new Error(`Path "${k}" must look like "METHOD /path", got ${JSON.stringify(v)}.`);
    table[k as PathKey] = v;
  }
  return table;
}

export function endpoint(table: PathTable, key: PathKey, params: Record<string, string | number> = {}): Endpoint {
  const [method, template] = table[key].split(' ') as [string, string];
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`Path ${key} needs {${name}}`);
    return encodeURIComponent(String(v));
  });
  return { method, path };
}
