/**
 * viaSocket end to end, against the protocol-faithful test server (server/viasocket, started here on free
 * ports): connect with the two hosts and the proxy_auth_token, open a project's script as a list (an ifBlock's
 * branches nested), dry-run the draft and read the per-step results; an injected 500 while saving loses no
 * edit. (Whether the 500 hits the middle of one multi-call save depends on autosave's timing; the adapter's
 * unit tests pin that case down.)
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { ConnectionsPage } from './pages/connections-page';
import { addPluginStep, seedOrders, startViasocket } from './pages/viasocket-server';
import type { ViasocketServer } from '../server/viasocket/server';

let server: ViasocketServer;
let seeded: Awaited<ReturnType<typeof seedOrders>>;

test.beforeEach(async () => {
  server = await startViasocket();
  seeded = await seedOrders(server);
});
test.afterEach(async () => {
  await server.close();
});

async function connect(page: Page): Promise<{ app: AppPage; conn: ConnectionsPage }> {
  const app = new AppPage(page);
  const conn = new ConnectionsPage(page);
  await app.goto();
  await conn.open();
  await conn.dialog.getByTestId('connection-add').click();
  await expect(conn.form).toBeVisible();
  const kind = conn.form.getByTestId('connection-kind');
  await kind.selectOption('viasocket');
  await conn.form.getByTestId('connection-name').fill('My viaSocket');
  await conn.setting('Management API').fill(server.url);
  await conn.setting('Run host').fill(server.runUrl);
  await conn.setting('proxy_auth_token').fill(server.token);
  await expect(await conn.testForm()).toContainText('viaSocket org 54490 · Flowbench Org');
  await conn.saveForm();
  await conn.use('My viaSocket');
  await conn.close();
  return { app, conn };
}

test('connect, open a script as a list, dry-run it and read each step', async ({ page, guards }) => {
  const { app } = await connect(page);
  await app.openFlow('Orders');
  await guards.checkA11y();
  const { ids } = seeded;
  expect(await app.outlineById()).toEqual([`1:${ids.JS_Code}`, `1:${ids.Check}`, `2:${ids.Big}`, `2:${ids.Small}`]);
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 30_000 });
  await expect(app.runStep(ids.JS_Code)).toHaveAttribute('data-status', 'succeeded');
  await expect(app.runStep(ids.Small)).toHaveAttribute('data-status', 'succeeded');
  await expect(app.runStep(ids.Big)).toHaveCount(0);
  // The run is the server's: its log has it, as a dry run.
  expect(server.store.logs.map((l) => [l.script_id, l.isDryRun])).toEqual([[seeded.scriptId, true]]);
});

test('a save that fails keeps the edits, and the retry lands them without creating anything twice', async ({ page, guards }) => {
  // The injected 500 is logged by the browser itself.
  guards.allowConsoleError('status of 500');
  const { app } = await connect(page);
  await app.openFlow('Orders');
  const { ids, scriptId } = seeded;
  const codeOf = (id: string) => server.store.scripts.get(scriptId)!.functions.find((f) => f.id === id)?.code;
  // The first step PUT lands, the second answers 500 once.
  server.setFaults({ status500On: '^PUT /scripts/.*/stepv2/', status500After: 1, status500Times: 1 });
  await app.rowById(ids.Big).click();
  await app.setCode('Code', 'return { data: { big: "yes" } };');
  await app.rowById(ids.Small).click();
  await app.setCode('Code', 'return { data: { big: "no" } };');
  // Autosave retries after the failure; the draft was never lost, so both edits end on the server.
  await app.waitSaved();
  await expect.poll(() => [codeOf(ids.Big), codeOf(ids.Small)], { timeout: 20_000 }).toEqual(['return { data: { big: "yes" } };', 'return { data: { big: "no" } };']);
  // Four steps, as before: nothing was created twice.
  expect(Object.keys(server.store.scripts.get(scriptId)!.json_script.blocks).sort()).toEqual(['Big', 'Check', 'JS_Code', 'Small', 'response']);
});

test('rename a step that others reference: one PUT by the old title, the ifBlock condition follows', async ({ page }) => {
  const { app } = await connect(page);
  await app.openFlow('Orders');
  const { ids, scriptId } = seeded;
  const writes: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(server.url) && !['GET', 'OPTIONS'].includes(r.method())) writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await app.rowById(ids.JS_Code).click();
  await app.press('F2');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Compute');
  await app.press('Enter');
  await expect(app.row('Compute')).toBeVisible();
  await app.waitSaved();
  const script = () => server.store.scripts.get(scriptId)!;
  await expect.poll(() => script().json_script.order.root).toEqual(['Compute', 'Check']);
  expect(script().functions.find((f) => f.id === ids.Check)?.code).toBe('context.res.Compute?.data?.total > 10');
  expect(writes).toEqual([`PUT /scripts/${scriptId}/stepv2/JS_Code`, `PUT /scripts/${scriptId}/stepv2/Check`]);
  // The renamed flow still runs: the condition reads the renamed step's output.
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 30_000 });
  await expect(app.runStep(ids.Small)).toHaveAttribute('data-status', 'succeeded');
});

test('add an ifBlock with a function step in each branch: one POST per step, into its branch group', async ({ page, guards }) => {
  const { app } = await connect(page);
  await app.openFlow('Orders');
  const { ids, scriptId } = seeded;
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(server.url) && r.method() === 'POST') posts.push(new URL(r.url()).pathname);
  });
  await app.rowById(ids.Check).click();
  await app.addStep('If');
  const ifRow = app.rows().filter({ hasText: /^.*If/ }).last();
  const ifId = (await ifRow.getAttribute('data-step-id'))!;
  await app.addInEmptyBranch(ifId, 'then', 'JS Code');
  await app.addInEmptyBranch(ifId, 'else', 'JS Code');
  await app.waitSaved();
  const script = () => server.store.scripts.get(scriptId)!.json_script;
  await expect.poll(() => script().order.root!.length, { timeout: 20_000 }).toBe(3);
  const ifTitle = script().order.root![2]!;
  expect(script().blocks[ifTitle]!.type).toBe('ifBlock');
  await expect.poll(() => [(script().order[ifTitle] ?? []).length, (script().order[`${ifTitle}_else`] ?? []).length]).toEqual([1, 1]);
  const [thenTitle] = script().order[ifTitle]!;
  const [elseTitle] = script().order[`${ifTitle}_else`]!;
  expect([script().blocks[thenTitle!]!.type, script().blocks[elseTitle!]!.type]).toEqual(['function', 'function']);
  // Two steps of one kind get distinct titles (titles name steps in viaSocket's references).
  expect(thenTitle).not.toBe(elseTitle);
  // Each new step was one POST …/stepv2 (with a client-made func… id), nothing else was created.
  expect(posts).toEqual(Array(3).fill(`/scripts/proj54490/${scriptId}/stepv2`));
  // The list shows what the server stores: the new block with one step in each branch.
  const outline = await app.outlineById();
  expect(outline.slice(-3).map((r) => r.split(':')[0])).toEqual(['1', '2', '2']);
  await guards.checkA11y();
});

test('publish, edit, then revert: the diff shows what goes back first, and the draft is the published one again', async ({ page, guards }) => {
  const { app } = await connect(page);
  await app.openFlow('Orders');
  const { ids, scriptId } = seeded;
  const codeOf = (id: string) => server.store.scripts.get(scriptId)!.functions.find((f) => f.id === id)?.code;
  await page.getByTestId('publish').click();
  await page.getByTestId('publish-confirm').click();
  await expect(page.getByTestId('publish-state')).toHaveAttribute('data-state', 'published');
  await expect(page.getByTestId('revert-button')).toBeDisabled();

  await app.rowById(ids.Small).click();
  await app.setCode('Code', 'return { data: { big: "edited" } };');
  await app.waitSaved();
  await expect.poll(() => codeOf(ids.Small)).toBe('return { data: { big: "edited" } };');
  await expect(page.getByTestId('publish-state')).toHaveAttribute('data-state', 'changed');
  await page.getByTestId('revert-button').click();
  const dialog = page.getByTestId('revert-dialog');
  await expect(dialog.getByTestId('diff-summary')).toHaveText(/0 added, 0 removed, 1 changed/);
  await expect(dialog.getByTestId('revert-diff')).toContainText('Small');
  await guards.checkA11y();
  await dialog.getByTestId('revert-confirm').click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => codeOf(ids.Small)).toBe('return { data: { big: false } };');
  await expect(page.getByTestId('publish-state')).toHaveAttribute('data-state', 'published');
  await expect(app.inspector).toContainText('big: false');
});

test("a plugin step shows whether its account is connected and valid, with the backend's reason when not", async ({ page, guards }) => {
  await addPluginStep(server, seeded.scriptId, { title: 'Rows', stepId: 'funcSheet001', actionId: 'rowlpijbo5k1', pluginId: 'rowqm5xi2', position: 2 });
  await addPluginStep(server, seeded.scriptId, { title: 'Tell', stepId: 'funcSlack001', actionId: 'rowslk0send1', pluginId: 'rowbu58rc', position: 3 });
  const { app } = await connect(page);
  await app.openFlow('Orders');
  await app.rowById('funcSheet001').click();
  const account = page.getByTestId('step-account');
  await expect(account).toHaveAttribute('data-state', 'valid');
  await expect(account).toContainText('Connected: Google account. Valid.');
  await app.rowById('funcSlack001').click();
  await expect(account).toHaveAttribute('data-state', 'invalid');
  await expect(account).toContainText('Slack workspace cannot be used: The refresh token was revoked by the provider.');
  await guards.checkA11y();
  // A function step runs with no account: nothing is shown.
  await app.rowById(seeded.ids.JS_Code).click();
  await expect(app.inspector.getByTestId('step-title')).toHaveValue('JS_Code');
  await expect(account).toHaveCount(0);
});
