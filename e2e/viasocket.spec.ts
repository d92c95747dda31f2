/**
 * viaSocket end to end, against the protocol-faithful test server (server/viasocket, started here on free
 * ports): connect with the two hosts and the proxy_auth_token, open a project's script as a list (an ifBlock's
 * branches nested), dry-run the draft and read the per-step results.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { ConnectionsPage } from './pages/connections-page';
import { seedOrders, startViasocket } from './pages/viasocket-server';
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

test('connect, open a script as a list, dry-run it and read each step', async ({ page }) => {
  const { app } = await connect(page);
  await app.openFlow('Orders');
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
