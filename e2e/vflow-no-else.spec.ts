/**
 * A vFlow device whose catalog has no else module (the document knows `if_condition` … `endif` only): the
 * editor offers no edit it cannot store. A new If has no else branch in the list and no False port on the
 * canvas. Runs against its own test server started without the else module and without fixtures.
 */
import { startVflowServer, type VflowServer } from '../server/vflow/server';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { ConnectionsPage } from './pages/connections-page';

let server: VflowServer;

test.beforeAll(async () => {
  server = await startVflowServer({ port: 0, host: '127.0.0.1', elseModule: false, fixtures: { folders: [], workflows: [] }, rateLimits: false });
});

test.afterAll(async () => {
  await server.close();
});

test('an If on a device without else has no else branch and no False port', async ({ page, guards }) => {
  const app = new AppPage(page);
  const conn = new ConnectionsPage(page);
  await app.goto();
  await conn.open();
  await conn.startAdd({ name: 'No-else phone', baseUrl: server.url, deviceName: 'Playwright browser' });
  await conn.saveForm();
  await conn.use('No-else phone');
  await conn.close();
  await conn.expectActive('No-else phone (vFlow)');

  await app.newFlow('Without else');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('If Condition');
  // The list: the If block has its then branch and its end, and no else row.
  await expect(app.list.getByText(/^End If$|^End if$/).first()).toBeVisible();
  await expect(app.list.locator('[data-row="else"]')).toHaveCount(0);
  // The canvas: the If node draws a True port only.
  await page.getByTestId('view-canvas').click();
  const node = page.locator('.react-flow__node').first();
  await expect(node).toBeVisible();
  await expect(node.locator('.react-flow__handle[data-handleid="true"]')).toHaveCount(1);
  await expect(node.locator('.react-flow__handle[data-handleid="false"]')).toHaveCount(0);
  await guards.checkA11y();
});
