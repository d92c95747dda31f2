import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSkillflawServer, type SkillflawServer } from './server';
import { basicPrompting } from './starter-flows';

let server: SkillflawServer;
let auth: Record<string, string>;
beforeEach(async () => {
  server = await startSkillflawServer({ tokenDelayMs: 1 });
  const res = await fetch(`${server.apiUrl}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=skillflaw&password=skillflaw' });
  const t = (await res.json()) as { access_token: string };
  auth = { authorization: `Bearer ${t.access_token}`, 'content-type': 'application/json' };
});
afterEach(() => server.close());

const api = (path: string, init: RequestInit = {}) => fetch(`${server.apiUrl}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });

describe('SkillFlaw test server: the protocol', () => {
  it('answers FastAPI errors: 403 without credentials, 401 for a bad token, 422 for a bad UUID, 404, 405', async () => {
    const none = await fetch(`${server.apiUrl}/flows/`);
    expect([none.status, await none.json()]).toEqual([403, { detail: 'Not authenticated' }]);
    const bad = await fetch(`${server.apiUrl}/flows/`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe('Bearer');
    const uuid = await api('/flows/not-a-uuid');
    expect(uuid.status).toBe(422);
    expect(((await uuid.json()) as { detail: Array<{ loc: unknown }> }).detail[0]!.loc).toEqual(['path', 'flow_id']);
    expect((await api(`/flows/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await api('/flows/', { method: 'PUT' })).status).toBe(405);
  });

  it('creates (201), updates with last_known_updated_at (409 when stale), deletes flows and projects (204)', async () => {
    const created = await api('/flows/', { method: 'POST', body: JSON.stringify({ name: 'A', data: basicPrompting() }) });
    expect(created.status).toBe(201);
    const row = (await created.json()) as { id: string; updated_at: string; project_id: string };
    const ok = await api(`/flows/${row.id}`, { method: 'PATCH', body: JSON.stringify({ name: 'B', last_known_updated_at: row.updated_at }) });
    expect(ok.status).toBe(200);
    const stale = await api(`/flows/${row.id}`, { method: 'PATCH', body: JSON.stringify({ name: 'C', last_known_updated_at: row.updated_at }) });
    expect(stale.status).toBe(409);
    const dup = await api('/flows/', { method: 'POST', body: JSON.stringify({ name: 'B' }) });
    expect(((await dup.json()) as { name: string }).name).toBe('B (1)');
    const project = (await (await api('/projects/', { method: 'POST', body: JSON.stringify({ name: 'P' }) })).json()) as { id: string };
    const del = await api(`/projects/${project.id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(((await (await api(`/flows/${row.id}`, { method: 'DELETE' })).json()) as { message: string }).message).toBe('Flow deleted successfully');
  });

  it('build -> job_id -> NDJSON events framed one JSON per line; polling drains; cancel answers success', async () => {
    const row = (await (await api('/flows/', { method: 'POST', body: JSON.stringify({ name: 'A', data: basicPrompting() }) })).json()) as { id: string };
    const job = (await (await api(`/build/${row.id}/flow`, { method: 'POST', body: JSON.stringify({ inputs: { input_value: 'hi' } }) })).json()) as { job_id: string };
    const res = await api(`/build/${job.job_id}/events`);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const text = await res.text();
    const lines = text.split('\n').filter((l) => l.trim());
    const names = lines.map((l) => (JSON.parse(l) as { event: string }).event);
    expect(names[0]).toBe('vertices_sorted');
    expect(names.at(-1)).toBe('end');
    expect(names.filter((n) => n === 'end_vertex')).toHaveLength(4);
    expect(names).toContain('token');
    expect(text.endsWith('\n\n')).toBe(true);
    // The job is gone once its stream ended.
    expect((await api(`/build/${job.job_id}/events?event_delivery=polling`)).status).toBe(404);

    const slow = (await (await api(`/build/${row.id}/flow`, { method: 'POST', body: JSON.stringify({ inputs: { input_value: Array.from({ length: 200 }, () => 'w').join(' ') } }) })).json()) as { job_id: string };
    const first = await (await api(`/build/${slow.job_id}/events?event_delivery=polling`)).text();
    expect(first.split('\n').length).toBeGreaterThan(0);
    const cancel = await api(`/build/${slow.job_id}/cancel`, { method: 'POST' });
    expect(await cancel.json()).toEqual({ success: true, message: 'Flow build cancelled successfully' });
    expect((await api('/build/nope/cancel', { method: 'POST' })).status).toBe(404);
  });

  it('versions: create (201), list, rollback, publish, online and release flows', async () => {
    const row = (await (await api('/flows/', { method: 'POST', body: JSON.stringify({ name: 'A', data: basicPrompting() }) })).json()) as { id: string };
    const v = await api(`/flows/${row.id}/versions`, { method: 'POST', body: JSON.stringify({ version: 'v1', note: 'first' }) });
    expect(v.status).toBe(201);
    const version = (await v.json()) as { id: number; flow_version: string; version_note: string };
    expect(version).toMatchObject({ flow_version: 'v1', version_note: 'first' });
    expect((await api(`/flows/${row.id}/online`)).status).toBe(404);
    const pub = (await (await api(`/flows/${row.id}/versions/${version.id}/publish`, { method: 'POST' })).json()) as { is_online: boolean; online_version: string };
    expect(pub).toMatchObject({ is_online: true, online_version: 'v1' });
    expect((await api(`/flows/${row.id}/online`)).status).toBe(200);
    expect((await api(`/flows/${row.id}/release?v=v1`)).status).toBe(200);
    expect((await api(`/flows/${row.id}/release`)).status).toBe(422);
    await api(`/flows/${row.id}`, { method: 'PATCH', body: JSON.stringify({ data: { nodes: [], edges: [] } }) });
    const back = (await (await api(`/flows/${row.id}/versions/${version.id}/rollback`, { method: 'POST' })).json()) as { data: unknown };
    expect(back.data).toEqual(basicPrompting());
  });
});
