/**
 * Reliability journeys against the vFlow test server's fault injection (issue 21 items 6 and 7):
 * - the device stops answering the run's polling mid-run: the run view ends as "connection lost" (not "could
 *   not start"), Run works again, and Reconnect reads the run back to its real end;
 * - a save that landed but whose answer was cut resolves itself: no conflict dialog, nothing lost.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { ConnectionsPage, VFLOW_URL, vflowAdmin } from './pages/connections-page';

const PHONE = { name: 'Test phone', baseUrl: VFLOW_URL, deviceName: 'Playwright browser' };
/** wf-002 "Greeting Check" in folder Automation. */
const GREETING = 'wf-002';
/** vFlow's `log` field, by its English label in the English UI. */
const MESSAGE = 'Message';

test.beforeEach(async () => {
  await vflowAdmin.reset();
});

async function openGreeting(page: Page): Promise<AppPage> {
  const app = new AppPage(page);
  const conn = new ConnectionsPage(page);
  await app.goto();
  await conn.open();
  await conn.startAdd(PHONE);
  await conn.saveForm();
  await conn.use(PHONE.name);
  await conn.close();
  await conn.expectActive(`${PHONE.name} (vFlow)`);
  await conn.expandFolder('My Workflows');
  await conn.selectFolder('Automation');
  await app.openFlow('Greeting Check');
  await expect(app.rowById('step-009')).toBeVisible();
  return app;
}

test('a run whose device stops answering mid-run ends as "connection lost"; Reconnect shows how it really ended', async ({
  page,
  guards,
}) => {
  const app = await openGreeting(page);
  guards.allowConsoleError('ERR_EMPTY_RESPONSE');
  guards.allowConsoleError('Failed to load resource');
  // The run starts (POST .../execute answers), then every status and log request finds no device.
  await vflowAdmin.faults({ dropConnectionOn: '^/api/v1/executions/' });
  await app.runFlow();
  const lost = page.getByTestId('run-connection-lost');
  await expect(lost).toBeVisible({ timeout: 60_000 });
  await expect(lost).toContainText('Connection lost. The run may still be going on the backend.');
  await expect(app.runStatus()).toHaveText('Connection lost');
  await expect(page.getByTestId('run')).toBeEnabled();
  await expect(page.getByTestId('notice-error').filter({ hasText: 'could not start' })).toHaveCount(0);
  await guards.checkA11y();

  // The device is back: Check reads the run (it ended meanwhile) and the view shows its real outcome.
  await vflowAdmin.faults({});
  await lost.getByTestId('run-reconnect').click();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 30_000 });
  await expect(lost).toBeHidden();
  for (const id of ['step-002', 'step-004', 'step-009']) await expect(app.runStep(id)).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('run')).toBeEnabled();
});

test('a save that landed but whose answer was cut resolves itself: no conflict, the edit is stored', async ({ page, guards }) => {
  const app = await openGreeting(page);
  await app.rowById('step-007').click();
  await expect(app.field(MESSAGE)).toHaveValue('No greeting');
  guards.allowConsoleError('Failed to load resource');
  guards.allowConsoleError('ERR_');
  await vflowAdmin.faults({ cutResponseOn: `^/api/v1/workflows/${GREETING}$`, cutResponseMethod: 'PUT', cutResponseTimes: 1 });
  await app.fillField(MESSAGE, 'Saved through a cut answer');
  await app.waitSaved();
  await expect(page.getByTestId('conflict-dialog')).toHaveCount(0);
  await expect(page.getByTestId('conflict-reopen')).toHaveCount(0);
  const stored = await vflowAdmin.workflow(GREETING);
  const step = (stored.steps as Array<Record<string, unknown>>).find((s) => s.id === 'step-007');
  expect(step?.parameters).toMatchObject({ message: { value: 'Saved through a cut answer' } });
  // The next edit saves on top of it (the revision was taken over), still without a conflict.
  await app.fillField(MESSAGE, 'And once more');
  await app.waitSaved();
  await expect(page.getByTestId('conflict-dialog')).toHaveCount(0);
});
