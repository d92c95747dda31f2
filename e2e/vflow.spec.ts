/**
 * vFlow end to end, against the protocol-faithful test server (playwright.config.ts starts it on
 * 127.0.0.1:8787; each test resets it): connect, browse nested folders, open a workflow with
 * if / else / endif as an indented list and as a graph, edit a step through its input-schema form with a magic
 * variable, save, run with a live trace, read the logs, export and import; an injected 500 gives a clear error
 * and loses no edit; a connection that fails leaves the app usable.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { ConnectionsPage, VFLOW_URL, vflowAdmin } from './pages/connections-page';
import { LibraryPage } from './pages/library-page';

const PHONE = { name: 'Test phone', baseUrl: VFLOW_URL, deviceName: 'Playwright browser' };
/** wf-002 "Greeting Check": trigger, set_variable, if (log, text_case) else (log) endif, text_format. */
const GREETING = 'wf-002';
/** The input-schema of vFlow's `log` module labels its field in Chinese only; the English UI shows the
 * module detail's English label (src/backends/vflow/module-labels.ts). */
const MESSAGE = 'Message';

test.beforeEach(async () => {
  await vflowAdmin.reset();
});

/** Adds the test server as a connection, tests it, and makes it the active backend. */
async function connect(page: Page): Promise<{ app: AppPage; conn: ConnectionsPage }> {
  const app = new AppPage(page);
  const conn = new ConnectionsPage(page);
  await app.goto();
  await conn.open();
  await conn.startAdd(PHONE);
  await expect(await conn.testForm()).toHaveText(
    /Connection works: vFlow server 1\.0\.0 \(Xiaomi Mi 14 · Android 14\)/,
  );
  await conn.saveForm();
  await conn.use(PHONE.name);
  await expect(conn.chip).toHaveAttribute('data-status', 'ok');
  await conn.close();
  await conn.expectActive(`${PHONE.name} (vFlow)`);
  return { app, conn };
}

async function openGreeting(app: AppPage, conn: ConnectionsPage): Promise<void> {
  await conn.expandFolder('My Workflows');
  await conn.selectFolder('Automation');
  await expect(app.page.getByTestId('flow-list').locator('.fb-flow-name')).toHaveText([
    'Greeting Check',
    'Nested Loops',
  ]);
  await app.openFlow('Greeting Check');
  await expect(app.rowById('step-009')).toBeVisible();
}

test('connect, browse, open as list and graph, edit with a magic variable, save, run with a live trace, logs, export and import', async ({
  page,
  guards,
}) => {
  const { app, conn } = await connect(page);

  // The connection panel: health, device, statistics, from the server.
  await conn.open();
  const info = await conn.details(PHONE.name);
  await expect(info.getByTestId('connection-health')).toContainText('healthy');
  await expect(info.getByTestId('connection-system')).toContainText('Xiaomi Mi 14 · Android 14');
  await expect(info.getByTestId('connection-stats-rows')).toContainText(/Workflows\s*8/);
  await guards.checkA11y();
  await conn.back();
  await guards.checkA11y();
  await conn.close();

  // Browse the nested folders: My Workflows › Automation › Nightly.
  await conn.expandFolder('My Workflows');
  await conn.expandFolder('Automation');
  await expect(conn.folder('Nightly')).toBeVisible();
  await conn.selectFolder('Nightly');
  await expect(page.getByTestId('flow-list').locator('.fb-flow-name')).toHaveText([
    'Disabled Steps',
    'Local Health Probe',
  ]);

  // The if / else / endif workflow as an indented list: else and endif are structure, not steps.
  await openGreeting(app, conn);
  expect(await app.outlineById()).toEqual([
    '1:step-001',
    '1:step-002',
    '1:step-003',
    '2:step-004',
    '2:step-005',
    '2:step-007',
    '1:step-009',
  ]);
  await expect(app.list.getByText('Else', { exact: true })).toBeVisible();

  // ... and as a graph.
  await app.showCanvas();
  for (const id of ['step-001', 'step-003', 'step-004', 'step-007', 'step-009'])
    await expect(app.canvasNode(id)).toBeVisible();
  await app.showList();

  // Edit the log step in the "then" branch through its input-schema form, inserting a magic variable.
  await app.rowById('step-004').click();
  await expect(app.field(MESSAGE)).toHaveValue('Greeting found: {{greeting}}');
  await app.fillField(MESSAGE, 'Greeting: ');
  await app.inspector.getByRole('button', { name: `Insert a reference into ${MESSAGE}` }).click();
  const picker = page.getByRole('dialog', { name: `Insert a reference into ${MESSAGE}` });
  // Outputs of the earlier steps (from the server's magic variables), by the name people read (vFlow steps
  // are untitled: their module's English name), and vFlow's system variables.
  for (const v of [
    '{{Manual Trigger.data}}',
    '{{Set Variable.value}}',
    '{{If Condition.result}}',
    '{{trigger.data}}',
    '{{current_time}}',
    '{{device_info}}',
  ]) {
    await expect(picker.locator(`[cmdk-item][data-value="${v}"]`)).toHaveCount(1);
  }
  // Nothing from later steps or other branches: three step groups (the earlier steps) and the system one.
  await expect(picker.locator('[cmdk-group-heading]')).toHaveText(['Manual Trigger', 'Set Variable', 'If Condition', /System|系统/]);
  await picker.getByRole('combobox').fill('value');
  await picker.locator('[cmdk-item][data-value="{{Set Variable.value}}"]').click();
  // The field reads by name; the server stores vFlow's own `{{step-002.value}}` (checked below).
  await expect(app.field(MESSAGE)).toHaveValue('Greeting: {{Set Variable.value}}');
  // One more keystroke right before Run: vFlow runs the stored workflow, so the editor saves it first.
  await app.field(MESSAGE).press('End');
  await app.field(MESSAGE).pressSequentially('!');

  // Run: a live trace on the list and in the run panel; the else branch does not run.
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 30_000 });
  for (const id of ['step-002', 'step-003', 'step-004', 'step-005', 'step-009']) {
    await expect(app.runStep(id)).toHaveAttribute('data-status', 'succeeded');
    await expect(app.rowById(id).locator('.fb-sl-badge')).toHaveAttribute('data-status', 'succeeded');
  }
  await expect(app.rowById('step-007').locator('.fb-sl-badge[data-status="succeeded"]')).toHaveCount(0);
  await app.waitSaved();
  const stored = await vflowAdmin.workflow(GREETING);
  const storedStep = (stored.steps as Array<Record<string, unknown>>).find((s) => s.id === 'step-004');
  expect(storedStep?.parameters).toMatchObject({
    message: { type: 'string', value: 'Greeting: {{step-002.value}}!' },
  });
  // Fields Flowbench has no use for survive the save.
  expect(stored).toMatchObject({ version: '1.0.0', maxExecutionTime: 60, triggerConfig: { type: 'manual' } });

  // The logs, with the magic variable resolved by the device and the last keystroke in.
  await page.getByTestId('runs-tab-logs').click();
  await expect(page.getByTestId('log-line').filter({ hasText: 'Greeting: hello world!' })).toHaveCount(1);
  await expect(page.getByTestId('log-line').filter({ hasText: 'No greeting' })).toHaveCount(0);

  // Export as JSON from the library: the edit is in the file, no token is.
  const lib = new LibraryPage(page);
  const row = lib.flowRow('Greeting Check');
  await row.getByTestId('flow-menu').click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export as JSON' }).click();
  const download = await downloading;
  const path = test.info().outputPath('greeting.json');
  await download.saveAs(path);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain('Greeting: {{step-002.value}}!');
  const tokens = await conn.sessionTokens();
  expect(tokens.length).toBeGreaterThan(0);
  for (const token of tokens) {
    expect(text).not.toContain(token);
    expect(await conn.localStorageText()).not.toContain(token);
    expect(page.url()).not.toContain(token);
  }

  // Backup and restore: delete the workflow, then import the exported file back (a preview, then a report).
  await row.getByTestId('flow-menu').click();
  await page.getByRole('menuitem', { name: /Delete/ }).click();
  await page.getByTestId('delete-flows-confirm').click();
  await expect(lib.flowRow('Greeting Check')).toHaveCount(0);
  const dialog = await lib.pickImport([
    { name: 'greeting.json', mimeType: 'application/json', buffer: Buffer.from(text) },
  ]);
  await expect(dialog.locator('[data-testid="import-entry"][data-status="imported"]')).toHaveCount(1);
  await dialog.getByTestId('import-confirm').click();
  await expect(dialog.getByTestId('import-report').locator('[data-status="imported"]')).toHaveCount(1);
  await dialog.getByTestId('import-done').click();
  await expect(lib.flowRow('Greeting Check')).toHaveCount(1);
  const restored = await vflowAdmin.workflow(GREETING);
  expect(restored).toMatchObject({
    name: 'Greeting Check',
    folderId: 'folder-002',
    version: '1.0.0',
    maxExecutionTime: 60,
    metadata: { tags: ['demo', 'logic'] },
  });
  expect((restored.steps as unknown[]).length).toBe((stored.steps as unknown[]).length);
  await app.openFlow('Greeting Check');
  await expect
    .poll(() => app.outlineById())
    .toEqual([
      '1:step-001',
      '1:step-002',
      '1:step-003',
      '2:step-004',
      '2:step-005',
      '2:step-007',
      '1:step-009',
    ]);
  await app.rowById('step-004').click();
  await expect(app.field(MESSAGE)).toHaveValue('Greeting: {{Set Variable.value}}!');
});

test('a 500 on save shows the server error, keeps the edit, and the next save succeeds', async ({
  page,
  guards,
}) => {
  const { app, conn } = await connect(page);
  await openGreeting(app, conn);
  await app.rowById('step-007').click();
  await expect(app.field(MESSAGE)).toHaveValue('No greeting');

  // The browser logs the failed request itself: that console error is expected.
  guards.allowConsoleError('status of 500');
  await vflowAdmin.faults({ status500On: `^/api/v1/workflows/${GREETING}$` });
  await app.fillField(MESSAGE, 'No greeting at all');
  const error = page.getByTestId('notice-error');
  await expect(error).toContainText(/Saving failed: .*Internal server error/);
  await expect(error).toContainText('Your edits are kept');
  await expect(page.getByTestId('save-status')).not.toHaveText(/All changes saved/);
  await expect(app.field(MESSAGE)).toHaveValue('No greeting at all');

  // The fault clears; the next edit saves everything, the failed edit included.
  await vflowAdmin.faults({});
  await app.fillField(MESSAGE, 'No greeting at all!');
  await app.waitSaved();
  const stored = await vflowAdmin.workflow(GREETING);
  const step = (stored.steps as Array<Record<string, unknown>>).find((s) => s.id === 'step-007');
  expect(step?.parameters).toMatchObject({ message: { value: 'No greeting at all!' } });

  // After a reload the stored edit is what opens.
  await page.reload();
  await expect(app.rowById('step-007')).toBeVisible();
  await app.rowById('step-007').click();
  await expect(app.field(MESSAGE)).toHaveValue('No greeting at all!');
});

test('a connection that fails says why and the app stays usable on another backend', async ({
  page,
  guards,
}) => {
  const app = new AppPage(page);
  const conn = new ConnectionsPage(page);
  await app.goto();
  // Nothing listens on port 8799: the browser logs the refused requests.
  guards.allowConsoleError('ERR_CONNECTION_REFUSED');
  await conn.open();
  await conn.startAdd({ name: 'Nowhere', baseUrl: 'http://127.0.0.1:8799' });
  await expect(await conn.testForm()).toHaveText(/The server could not be reached/);
  await conn.saveForm();
  await conn.item('Nowhere').getByTestId('connection-use').click();
  await expect(conn.item('Nowhere').getByTestId('connection-test-result')).toContainText(
    /Could not connect to “Nowhere”/,
  );
  await expect(conn.dialog.getByTestId('connection-local')).toHaveAttribute('aria-current', 'true');
  await guards.checkA11y();

  // Validation: no credentials in an address, a name is needed.
  await conn.item('Nowhere').getByTestId('connection-edit').click();
  await conn.fillForm({ name: '', baseUrl: 'http://user:secret@127.0.0.1:9' });
  await conn.form.getByTestId('connection-form-save').click();
  await expect(conn.form.getByTestId('connection-name-error')).toBeVisible();
  await expect(conn.fieldError('Address')).toHaveText(/user names and passwords/);
  await conn.form.getByTestId('connection-form-cancel').click();
  await conn.close();

  // The top bar switch fails the same way and keeps the local backend, whose library still works.
  await conn.switchTo('Nowhere (vFlow)');
  await expect(page.getByTestId('notice-error')).toContainText(/Could not connect to “Nowhere”/);
  await conn.expectActive('Local (this browser)');
  await expect(page.getByTestId('new-flow')).toBeVisible();

  // A working connection next to it; deleting the active one falls back to local.
  await conn.add(PHONE);
  await conn.use(PHONE.name);
  await conn.remove(PHONE.name);
  await expect(conn.dialog.getByTestId('connection-local')).toHaveAttribute('aria-current', 'true');
  await conn.remove('Nowhere');
  await conn.close();
  await conn.expectActive('Local (this browser)');
  expect(await conn.localStorageText()).not.toContain('Nowhere');
});

test('the active connection is remembered; a device that goes away shows a banner with a way back', async ({
  page,
  guards,
}) => {
  const { app, conn } = await connect(page);
  await page.reload();
  await conn.expectActive(`${PHONE.name} (vFlow)`);
  await expect(conn.chip).toHaveAttribute('data-status', 'ok');
  await expect(conn.folder('My Workflows')).toBeVisible();

  // The device stops answering (every API path is dropped): the check fails and says so.
  guards.allowConsoleError('ERR_EMPTY_RESPONSE');
  guards.allowConsoleError('Failed to load resource');
  await vflowAdmin.faults({ dropConnectionOn: '^/api/v1/' });
  await page.reload();
  await expect(conn.problem).toContainText(/Cannot work on “Test phone”/, { timeout: 30_000 });
  await expect(conn.chip).toHaveAttribute('data-status', 'failed');
  await guards.checkA11y();
  await conn.problem.getByTestId('connection-problem-local').click();
  await conn.expectActive('Local (this browser)');
  await expect(conn.problem).toBeHidden();
  await app.newFlow('Still works');
  await vflowAdmin.faults({});
});
