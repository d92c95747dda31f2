/**
 * The viaSocket test server for journeys: started in the spec's worker (port 0, 127.0.0.1), seeded through
 * its own HTTP API as a client would, and inspected through the store. Not part of the viaSocket document.
 */
import { startViasocketServer, type ViasocketServer } from '../../server/viasocket/server';

export async function startViasocket(): Promise<ViasocketServer> {
  return startViasocketServer({ delayScale: 0.001, stepTimeoutMs: 2000 });
}

async function call(server: ViasocketServer, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { proxy_auth_token: server.token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** "Orders": JS_Code, then Check (ifBlock) with Big in the then branch and Small in the else branch. */
export async function seedOrders(server: ViasocketServer): Promise<{ scriptId: string; ids: { JS_Code: string; Check: string; Big: string; Small: string } }> {
  const created = (await call(server, 'POST', '/projects/proj54490/scripts', { title: 'Orders', type: 'flow' })).data as { id: string };
  const s = created.id;
  const ids = { JS_Code: 'funcJsCode01', Check: 'funcCheck001', Big: 'funcBig00001', Small: 'funcSmall001' };
  const step = (type: string, title: keyof typeof ids, orderGroup: string, code: unknown) =>
    call(server, 'POST', `/scripts/proj54490/${s}/stepv2`, { type, title, orderGroup, position: 0, stepId: ids[title] }).then(() =>
      call(server, 'PUT', `/scripts/${s}/stepv2/${title}`, { type, code, stepId: ids[title] }),
    );
  await step('function', 'JS_Code', 'root', 'return { data: { total: Number(context.req.body?.total ?? 0) } };');
  await call(server, 'POST', `/scripts/proj54490/${s}/stepv2`, { type: 'ifBlock', title: 'Check', orderGroup: 'root', position: 1, stepId: ids.Check });
  await call(server, 'PUT', `/scripts/${s}/stepv2/Check`, { type: 'ifBlock', code: 'context.res.JS_Code?.data?.total > 10', stepId: ids.Check });
  await step('function', 'Big', 'Check', 'console.log("big order"); return { data: { big: true } };');
  await step('function', 'Small', 'Check_else', 'return { data: { big: false } };');
  return { scriptId: s, ids };
}

/** Appends a plugin step (a DbDash action) to a script's root, as the viaSocket UI's "add step" does. */
export async function addPluginStep(server: ViasocketServer, scriptId: string, step: { title: string; stepId: string; actionId: string; pluginId: string; position: number }): Promise<void> {
  await call(server, 'POST', `/scripts/proj54490/${scriptId}/stepv2`, { type: 'plugin', orderGroup: 'root', ...step });
}
