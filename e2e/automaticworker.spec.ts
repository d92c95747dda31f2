/**
 * AutoMaticWorker end to end, against its protocol-faithful test server (started here on a free port):
 * sign in through the connection form, open the document's example flow as a list and as a graph (the
 * condition's true / false ports), run it and watch the failing node named, read the history; wire a
 * condition's false port on the canvas and add a node from its JSON Schema form, checking what the server
 * stores.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { AmwServerHandle, AMW_USER } from './pages/automaticworker-server';
import { ConnectionsPage } from './pages/connections-page';
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

async function connect(page: Page): Promise<{ app: AppPage; conn: ConnectionsPage }> {
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
  return { app, conn };
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

  // Run (async, polled): no CSV given, so the parser node fails and names itself.
  await app.runFlow();
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
