/**
 * AutoMaticWorker end to end, against its protocol-faithful test server (started here on a free port):
 * sign in through the connection form (or through the password prompt when the password is not kept), open
 * the document's example flow as a list and as a graph (the condition's true / false ports), run it async
 * with the start node's fields as the run form and watch the failing node named, read the history, replay
 * and compare; wire a condition's false port, add a node from its JSON Schema form, pick an earlier node's
 * output_schema field as a reference and in a JavaScript node's Monaco typings; start a new flow from the
 * start/end template; preview and download the Python export; manage webhooks (the secret shown once signs
 * what the server sends). Each checks what the server stores.
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { AmwServerHandle, AMW_USER } from './pages/automaticworker-server';
import { ConnectionsPage } from './pages/connections-page';
import { CodeEditorPage } from './pages/code-editor-page';
import { FormsPage } from './pages/forms-page';
import { ServerToolsPage } from './pages/server-tools-page';
import { exampleFlow } from '../server/automaticworker/fixtures';

const server = new AmwServerHandle();
const NAME = 'AMW test server';

test.beforeAll(async () => {
  await server.start();
});
test.afterAll(async () => {
  await server.stop();
});
test.beforeEach(async () => {
  await server.reset();
});

async function connect(page: Page): Promise<{ app: AppPage; conn: ConnectionsPage; tools: ServerToolsPage }> {
  const app = new AppPage(page);
  const conn = new ConnectionsPage(page);
  await app.goto();
  await conn.open();
  await conn.dialog.getByTestId('connection-add').click();
  await expect(conn.form).toBeVisible();
  await conn.form.getByTestId('connection-kind').selectOption('automaticworker');
  await conn.form.getByTestId('connection-name').fill(NAME);
  await conn.setting('Server address').fill(server.url);
  await conn.setting('Username').fill(AMW_USER.username);
  await conn.setting('Password').fill(AMW_USER.password);
  await expect(await conn.testForm()).toHaveAttribute('data-ok', 'true');
  await conn.saveForm();
  await conn.use(NAME);
  await expect(conn.chip).toHaveAttribute('data-status', 'ok');
  await conn.close();
  return { app, conn, tools: new ServerToolsPage(page) };
}

/** Run: the start node's fields are asked for (the execution's `input_data`); empty ones are left out. */
async function runWithInputs(page: Page, app: AppPage, values: Record<string, string> = {}): Promise<void> {
  await app.runFlow();
  const dialog = page.getByTestId('run-inputs-dialog');
  await expect(dialog).toBeVisible();
  for (const [label, value] of Object.entries(values)) await dialog.getByLabel(new RegExp(`^${label}`)).fill(value);
  await dialog.getByTestId('run-with-inputs').click();
  await expect(dialog).toBeHidden();
}

test('sign in, open the example flow as list and graph, run it and see the failing node, history', async ({ page, guards }) => {
  const { app } = await connect(page);
  await expect(page.getByTestId('flow-item').filter({ hasText: '数据处理流程' })).toBeVisible();
  await app.openFlow('数据处理流程');

  // A free graph in the list, in topological order.
  for (const id of ['node1', 'node2', 'node3', 'node4', 'node5', 'node6', 'node7']) await expect(app.rowById(id)).toBeVisible();
  await guards.checkA11y();

  // As a graph: the condition's false port goes to the "no data" log node.
  await app.showCanvas();
  for (const id of ['node1', 'node3', 'node6', 'node7']) await expect(app.canvasNode(id)).toBeVisible();
  await expect(page.locator('[data-testid="rf__edge-edge4"]')).toBeVisible();
  await expect(page.locator('[data-testid="rf__edge-edge3"]')).toBeVisible();
  await app.showList();

  // Run (async, polled): the form asks for the start node's `csv`; none given, so the parser node fails
  // and names itself.
  await runWithInputs(page, app);
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 30_000 });
  await expect(app.runStep('node1')).toHaveAttribute('data-status', 'succeeded');
  await expect(app.runStep('node2')).toHaveAttribute('data-status', 'failed');
  await page.getByTestId('runs-tab-logs').click();
  await expect(page.getByTestId('log-line').filter({ hasText: '缺少必填参数: csv' }).first()).toBeVisible();

  // History: the run is listed.
  await page.getByTestId('runs-tab-history').click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-run-id', /^exec_\d+$/);
  await expect(rows.first()).toHaveAttribute('data-status', 'failed');
  // The status filter goes to the server: no succeeded runs.
  await page.getByTestId('history-status-filter').selectOption('succeeded');
  await expect(rows).toHaveCount(0);

  // Opening and running changed nothing the server stores (a save before the run writes the same bytes).
  const { updated_at: _u, ...now } = server.stored(1)!;
  const { updated_at: _v, ...before } = exampleFlow();
  expect(JSON.stringify(now)).toBe(JSON.stringify(before));
});

test("wire a condition's false port on the canvas; the server stores the new edge and nothing else changes", async ({ page }) => {
  const { app } = await connect(page);
  await app.openFlow('数据处理流程');
  await app.showCanvas();
  // Wire the condition's false port also straight to the end node.
  await page.getByTestId('canvas-node-node3').locator('.fb-handle--false').dragTo(page.getByTestId('canvas-node-node7').locator('.fb-handle--in'));
  await app.waitSaved();

  await expect.poll(() => (server.stored(1)?.edges as Array<Record<string, unknown>>).filter((e) => e.source === 'node3').map((e) => `${String(e.sourceHandle)}->${String(e.target)}`)).toEqual(['true->node4', 'false->node6', 'false->node7']);
  const stored = server.stored(1)!;
  const before = exampleFlow();
  expect(stored.nodes).toEqual(before.nodes);
  // Untouched edges keep their unknown fields (type, animated) byte for byte.
  expect(JSON.stringify((stored.edges as unknown[]).slice(0, 7))).toBe(JSON.stringify(before.edges));
});

test('add a node from its JSON Schema form; the server stores it with its params', async ({ page }) => {
  const { app } = await connect(page);
  await app.openFlow('订单金额计算');
  await app.showCanvas();
  await app.canvasNode('note').click();
  await app.addStep('HTTP 请求');
  // The inspector renders the node type's input_schema: url (required, uri), method (enum, default GET).
  await app.fillField('Url', 'http://127.0.0.1:9/health');
  await app.waitSaved();
  await expect
    .poll(() => (server.stored(2)?.nodes as Array<Record<string, unknown>>).filter((n) => n.type === 'http_request').map((n) => n.data))
    .toEqual([expect.objectContaining({ url: 'http://127.0.0.1:9/health' })]);
});

test('a new flow starts from the start and end nodes the server requires, and is saved with them', async ({ page }) => {
  const { app } = await connect(page);
  const before = server.flowIds();
  await app.newFlow('新流程');
  await expect(app.rowById('start')).toBeVisible();
  await expect(app.rowById('end')).toBeVisible();
  await app.showCanvas();
  await expect(app.canvasNode('start')).toBeVisible();
  await expect(app.canvasNode('end')).toBeVisible();
  await app.waitSaved();
  const created = server.flowIds().filter((id) => !before.includes(id));
  expect(created).toHaveLength(1);
  const doc = server.stored(created[0]!)!;
  expect(doc.name).toBe('新流程');
  expect((doc.nodes as Array<{ type: string }>).map((n) => n.type)).toEqual(['start', 'end']);
  expect(doc.edges).toEqual([{ id: 'edge1', source: 'start', target: 'end' }]);
});

test("export Python: the server's code in a read-only Monaco view, downloaded under the server's file name", async ({ page, guards }) => {
  const { tools } = await connect(page);
  const preview = await tools.openPreview('数据处理流程', 'python');
  await expect(preview.getByTestId('export-preview-file')).toHaveText('flow_1.py');
  await expect(tools.monaco).toBeVisible({ timeout: 30_000 });
  // Monaco draws the lines in view: the top of the generated file.
  await expect(preview.locator('.view-lines')).toContainText('# AutoMaticWorker 流程 1: 数据处理流程');
  // Read-only: typing changes nothing.
  await preview.locator('.view-lines').click();
  await page.keyboard.type('XYZ');
  await expect(preview.locator('.view-lines')).not.toContainText('XYZ');
  await guards.checkA11y();
  const download = await tools.download();
  expect(download.suggestedFilename()).toBe('flow_1.py');
  const text = await readFile(await download.path(), 'utf8');
  expect(text).toContain('def main(');
  expect(text).toContain('数据处理流程');
  await preview.getByRole('button', { name: 'Close' }).click();
  await expect(preview).toBeHidden();
});

test('webhooks: add one (the signing secret shown once signs what the server sends), list, delete', async ({ page, guards }) => {
  const { app, tools } = await connect(page);
  const dialog = await tools.openWebhooks();
  await expect(dialog.getByTestId('webhooks-empty')).toBeVisible();
  await tools.addWebhook('http://127.0.0.1:9/hook', { events: { 'flow.executed': false } });
  const secret = (await dialog.getByTestId('webhook-secret').textContent())!.trim();
  expect(secret).toMatch(/^[0-9a-f]{48}$/);
  await expect(tools.webhookRows()).toHaveCount(1);
  await expect(tools.webhookRows().first()).toContainText('flow.failed');
  await expect(tools.webhookRows().first()).not.toContainText('flow.executed');
  await guards.checkA11y();
  // Once dismissed, the secret is gone from the page: the list never has it.
  await dialog.getByTestId('webhook-secret-done').click();
  await expect(dialog.getByTestId('webhook-secret-once')).toBeHidden();
  await expect(dialog).not.toContainText(secret);
  await dialog.getByTestId('webhooks-close').click();

  // A failed run (the example flow's CSV node has no input): the server calls the webhook, signed with the
  // secret that was shown.
  await app.openFlow('数据处理流程');
  await runWithInputs(page, app);
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 30_000 });
  await expect.poll(() => server.deliveries().length).toBe(1);
  const delivery = server.deliveries()[0]!;
  const { signature, ...payload } = JSON.parse(delivery.body) as { signature: string; event: string };
  expect(payload.event).toBe('flow.failed');
  expect(signature).toBe(`sha256=${createHmac('sha256', secret).update(JSON.stringify(payload)).digest('hex')}`);

  await tools.openWebhooks();
  await tools.webhookRows().first().getByTestId('webhook-delete').click();
  await expect(tools.webhookRows()).toHaveCount(0);
  await expect(dialog.getByTestId('webhooks-empty')).toBeVisible();
});

test('a connection that keeps no password asks for it at sign-in, says why a wrong one was refused, and asks again after the token expires', async ({ page, guards }) => {
  // The refused sign-in is a 401 the browser logs.
  guards.allowConsoleError(/401/);
  const app = new AppPage(page);
  const conn = new ConnectionsPage(page);
  const tools = new ServerToolsPage(page);
  await app.goto();
  await conn.open();
  await conn.dialog.getByTestId('connection-add').click();
  await conn.form.getByTestId('connection-kind').selectOption('automaticworker');
  await conn.form.getByTestId('connection-name').fill(NAME);
  await conn.setting('Server address').fill(server.url);
  await conn.setting('Username').fill(AMW_USER.username);
  await conn.saveForm();

  // Use: the sign-in asks; a wrong password is refused with the server's message and asked again.
  await conn.item(NAME).getByTestId('connection-use').click();
  await expect(tools.prompt).toContainText(AMW_USER.username);
  await guards.checkA11y();
  await tools.answerPrompt('wrong');
  await expect(tools.prompt.getByTestId('secret-prompt-problem')).toBeVisible();
  await tools.answerPrompt(AMW_USER.password);
  await expect(tools.prompt).toBeHidden();
  await expect(conn.item(NAME)).toHaveAttribute('aria-current', 'true', { timeout: 20_000 });
  await conn.close();
  await expect(page.getByTestId('flow-item').filter({ hasText: '数据处理流程' })).toBeVisible();
  // The password was never stored: not in this tab's storage, not in saved connections.
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain(AMW_USER.password);

  // The server forgets the token: the next request signs in again, which asks again.
  await server.expireTokens();
  await page.getByTestId('flow-item').filter({ hasText: '订单金额计算' }).click();
  await tools.answerPrompt(AMW_USER.password);
  await expect(app.rowById('tax')).toBeVisible();
});

test("an earlier node's output_schema fields are offered by the reference picker, and the server stores the reference", async ({ page }) => {
  const { app } = await connect(page);
  const forms = new FormsPage(app);
  await app.openFlow('订单金额计算');
  await app.rowById('note').click();
  const template = app.field('Template');
  // The field reads by the node's name; the server keeps AutoMaticWorker's own `{{tax.result}}` (below).
  await expect(template).toHaveValue('订单含税 {{含税.result}}');
  await template.fill('合计 ');
  // The math node's output_schema has `result`.
  await forms.pickReference('Template', 'result', /result/);
  await expect(template).toHaveValue('合计 {{含税.result}}');
  await app.waitSaved();
  await expect
    .poll(() => (server.stored(2)?.nodes as Array<{ id: string; data: Record<string, unknown> }>).find((n) => n.id === 'note')?.data.template)
    .toBe('合计 {{tax.result}}');
});

test('input_data from the run form: two runs take different condition ports; history replays one and compares both', async ({ page, guards }) => {
  const { app } = await connect(page);
  await app.openFlow('订单金额计算');
  await runWithInputs(page, app, { amount: '100' });
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 30_000 });
  await expect(app.runStep('note')).toHaveAttribute('data-status', 'succeeded');
  await expect(app.runStep('warn')).toHaveAttribute('data-status', 'skipped');
  await runWithInputs(page, app, { amount: '2000' });
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 30_000 });
  await expect(app.runStep('warn')).toHaveAttribute('data-status', 'succeeded');
  // The server got the form's values as input_data.
  const executions = server.executions(2).map((e) => e.input_data);
  expect(executions).toEqual([{ amount: 100 }, { amount: 2000 }]);

  await page.getByTestId('runs-tab-history').click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  // Open the first run (the older, false port) and replay it from its recorded events.
  await rows.nth(1).getByTestId('history-open').click();
  await expect(page.getByTestId('viewing-past-run')).toBeVisible();
  // The list shows that run as it ended: the false branch ran, the true branch did not.
  const badge = (id: string) => app.rowById(id).locator('.fb-sl-badge');
  await expect(badge('note')).toHaveAttribute('data-status', 'succeeded');
  await expect(badge('warn')).toHaveAttribute('data-status', 'skipped');
  await page.getByTestId('replay-start').click();
  const scrubber = page.getByTestId('replay-scrubber');
  await scrubber.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('replay-position')).toHaveText(/^0 \/ \d+$/);
  // At the start of the replay the note has not run yet; at the end it has.
  await expect(app.rowById('note').locator('.fb-sl-badge[data-status="succeeded"]')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(badge('note')).toHaveAttribute('data-status', 'succeeded');
  await page.getByTestId('replay-exit').click();

  // Compare: the two condition branches differ.
  await page.getByTestId('runs-tab-history').click();
  await rows.nth(0).getByTestId('history-compare').check();
  await rows.nth(1).getByTestId('history-compare').check();
  await page.getByTestId('history-compare-open').click();
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await expect(page.locator('[data-testid="compare-row"][data-differs="true"]').filter({ hasText: '提醒' })).toHaveCount(1);
  await guards.checkA11y();
});

test("a JavaScript node's Monaco typings know earlier nodes' output_schema; the server runs the code", async ({ page }) => {
  const { app } = await connect(page);
  const code = new CodeEditorPage(page);
  await app.openFlow('订单金额计算');
  await app.showCanvas();
  await app.canvasNode('note').click();
  await app.addStep('JavaScript 函数');
  // Wire it after the summary node, so the earlier nodes are its ancestors.
  const jsCard = page.locator('[data-testid^="canvas-node-"]').filter({ hasText: 'JavaScript 函数' });
  // The new node lands beside the graph (under the minimap here): bring the whole graph into view first.
  await page.locator('.react-flow__controls-fitview').click();
  await expect(jsCard.locator('.fb-handle--in')).toBeInViewport();
  await app.canvasNode('note').locator('.fb-handle--out').dragTo(jsCard.locator('.fb-handle--in'));
  await expect.poll(() => (server.stored(2)?.edges as Array<{ source: string; target: string }>).filter((e) => e.source === 'note').length).toBe(2);
  await jsCard.click();
  await code.waitReady();
  // `steps.tax` is the math node: its output_schema declares `result`.
  await code.setCode('return steps.tax.');
  await expect(async () => {
    if (!(await code.suggestion('result').isVisible())) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
    }
    await expect(code.suggestion('result')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await page.keyboard.press('Escape');
  await page.keyboard.insertText('result * 2;');
  await app.waitSaved();
  const jsNode = () => (server.stored(2)?.nodes as Array<{ id: string; type: string; data: Record<string, unknown> }>).find((n) => n.type === 'function');
  await expect.poll(() => jsNode()?.data.code).toBe('return steps.tax.result * 2;');

  await runWithInputs(page, app, { amount: '100' });
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 30_000 });
  const exec = server.executions(2).at(-1)!;
  const done = exec.logs.find((l) => l.event === 'node_completed' && l.node_id === jsNode()!.id);
  expect(done?.data).toEqual({ output: { result: 226 } });
});
