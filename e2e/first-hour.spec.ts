/**
 * The first hour of a new user (issue 22): the bugs met in the first minutes, each as a journey through
 * visible text and roles.
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';

test('Ctrl+Enter runs the flow from a library row and from the empty canvas; the palette offers Run flow', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Keyboard run');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('Log');
  await app.fillField('Message', 'hello');
  await expect(page.getByRole('button', { name: /No problems/ })).toBeVisible();
  await app.waitSaved();

  // Focus on the flow's row in the library, outside the editor: Ctrl+Enter still runs the open flow.
  await page.getByTestId('flow-item').filter({ hasText: 'Keyboard run' }).click();
  await expect(page.getByTestId('flow-item').filter({ hasText: 'Keyboard run' })).toBeFocused();
  await app.press('Control+Enter');
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
  await page.getByTestId('runs-tab-history').click();
  const history = page.getByTestId('history-row');
  await expect(history).toHaveCount(1);

  // A click on the empty canvas, then Ctrl+Enter.
  await app.showCanvas();
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 200 } });
  await app.press('Control+Enter');
  await expect(history).toHaveCount(2, { timeout: 20_000 });

  // The palette's Run flow is enabled and runs it.
  await app.press('Control+K');
  const palette = page.getByRole('dialog');
  await palette.getByRole('combobox').fill('Run flow');
  const runFlow = palette.getByRole('option', { name: /Run flow/ });
  await expect(runFlow).not.toHaveAttribute('aria-disabled', 'true');
  await runFlow.click();
  await expect(palette).toBeHidden();
  await expect(history).toHaveCount(3, { timeout: 20_000 });
});

test('replay shows the recorded durations, never the time since the run, and the bar does not say Running', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Replay durations');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('Delay');
  await app.fillField('Delay (ms)', '1200');
  await app.waitSaved();
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });

  // Step to the moment the delay started: it had been running for 0 ms then. Time since the original run
  // would read over a second by now (the delay alone took 1.2 s).
  await page.getByTestId('replay-start').click();
  const label = page.getByTestId('replay-label');
  while (!/Delay started/.test((await label.textContent()) ?? '')) {
    const before = await page.getByTestId('replay-position').textContent();
    await page.getByTestId('replay-forward').click();
    await expect(page.getByTestId('replay-position')).not.toHaveText(before ?? '');
  }
  const delayRow = page.getByTestId('run-step').filter({ hasText: 'Delay' });
  await expect(delayRow).toHaveAttribute('data-status', 'running');
  await expect(delayRow.getByTestId('run-step-elapsed')).toHaveText(/^\d+ ms so far$/);
  await expect(app.row('Delay').locator('.fb-sl-badge-time')).toHaveText(/^\d+ ms$/);
  await expect(app.runStatus()).toHaveText(/Succeeded/);
  await expect(app.runStatus()).not.toHaveText(/Running/);
  await page.screenshot({ path: testInfo.outputPath('replay-mid-run.png') });

  // One event further the delay has finished: its recorded duration, about 1.2 s.
  await page.getByTestId('replay-forward').click();
  await expect(delayRow).toHaveAttribute('data-status', 'succeeded');
  await expect(delayRow.getByTestId('run-step-duration')).toHaveText(/^1\.\d+ s$/);
  await page.getByTestId('replay-exit').click();
});

test('run tables follow the flow, and steps with the same title are told apart', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Same titles');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('If condition');
  const ifId = await app.stepId('If condition');
  await app.setCode('Condition', '1 > 2');
  await app.addInEmptyBranch(ifId, 'then', 'Log');
  await app.fillField('Message', 'yes');
  await app.addInEmptyBranch(ifId, 'else', 'Log');
  await app.fillField('Message', 'no');
  await app.waitSaved();
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });

  // The else ran, the then was skipped: the table reads top to bottom like the flow, each Log named by place.
  const rows = page.getByTestId('run-step');
  await expect(rows).toHaveCount(4);
  const table = () => rows.evaluateAll((els) => els.map((el) => `${el.querySelector('.fb-step-title')?.textContent} = ${el.getAttribute('data-status')}`));
  await expect
    .poll(table)
    .toEqual([
      'Manual trigger = succeeded',
      'If condition = succeeded',
      'Log (then of If condition, step 1) = skipped',
      'Log (else of If condition, step 1) = succeeded',
    ]);

  // Run again down the other branch and compare: same order, same names.
  await app.row('If condition').click();
  await app.setCode('Condition', '1 < 2');
  await app.waitSaved();
  await app.runFlow();
  await expect(page.getByTestId('run-step').nth(2)).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await page.getByTestId('runs-tab-history').click();
  const history = page.getByTestId('history-row');
  await expect(history).toHaveCount(2);
  await history.nth(0).getByTestId('history-compare').check();
  await history.nth(1).getByTestId('history-compare').check();
  await page.getByTestId('history-compare-open').click();
  const compare = page.getByTestId('compare-row');
  await expect(compare).toHaveCount(4);
  await expect
    .poll(() => compare.evaluateAll((els) => els.map((el) => el.querySelector('th')?.textContent)))
    .toEqual(['Manual trigger', 'If condition', 'Log (then of If condition, step 1)', 'Log (else of If condition, step 1)']);
});

test('Shift+drag box select selects steps, not the page text', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Box select');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('Log');
  await app.showCanvas();
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  // From blank canvas below-left of the steps to above the canvas, across the toolbar.
  await page.keyboard.down('Shift');
  await page.mouse.move(pane.x + 150, pane.y + pane.height - 40);
  await page.mouse.down();
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2, { steps: 5 });
  await page.mouse.move(pane.x + pane.width - 150, pane.y - 40, { steps: 8 });
  await page.screenshot({ path: testInfo.outputPath('box-select.png') });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
  // Both steps are in the box (only steps in view are rendered, so ask the inspector).
  await expect(app.inspector).toContainText('2 steps selected');
});

test('a Condition of only {{ is invalid and blocks running', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Unfinished condition');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('If condition');
  await app.setCode('Condition', '{{');
  await app.press('Escape'); // the reference suggestions the braces opened
  await expect(app.inspector).toContainText(/Unfinished reference “\{\{(\}\})?”/);
  await expect(page.getByTestId('checklist-button')).toHaveText(/1 problem/);
  await app.runFlow();
  await expect(page.getByTestId('run-blockers')).toContainText(/Unfinished reference/);
  await expect(app.runStatus()).toHaveCount(0);
});

test('the first minutes: the empty state creates a named flow, and examples open from it and from the palette', async ({ page, guards }, testInfo) => {
  const app = new AppPage(page);
  await app.goto();
  // Nothing open: "Create a flow" is a button, and it asks for the name.
  const welcome = page.getByTestId('welcome');
  await expect(welcome.getByRole('button', { name: 'Create a flow' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('welcome.png') });
  await welcome.getByRole('button', { name: 'Create a flow' }).click();
  await app.nameNewFlow('Weekly report');
  await expect(page.getByRole('textbox', { name: /flow name/i })).toHaveValue('Weekly report');
  await expect(page.getByTestId('flow-item').filter({ hasText: 'Weekly report' })).toBeVisible();

  // The gallery from the palette: the failing example opens as a new flow and fails where it says.
  await app.press('Control+K');
  await page.getByRole('dialog').getByRole('combobox').fill('examples');
  await page.getByRole('dialog').getByRole('option', { name: /Browse examples/ }).click();
  const gallery = page.getByTestId('examples-dialog');
  await expect(gallery).toBeVisible();
  await expect(gallery.getByRole('listitem')).toHaveCount(5);
  await guards.checkA11y();
  await page.screenshot({ path: testInfo.outputPath('gallery.png') });
  await gallery.getByRole('button', { name: 'Open: A step that fails' }).click();
  await expect(gallery).toBeHidden();
  await expect(page.getByRole('textbox', { name: /flow name/i })).toHaveValue('A step that fails');
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 20_000 });
  await expect(page.getByTestId('run-step').filter({ hasText: 'Send the receipt' })).toContainText('Order 7 has no email address');

  // The HTTP chain calls only this app's own sample files, and succeeds.
  await page.goto('/');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.getByTestId('welcome').getByRole('button', { name: 'Browse examples' }).click();
  await gallery.getByRole('button', { name: 'Open: HTTP chain' }).click();
  await expect(page.getByRole('textbox', { name: /flow name/i })).toHaveValue('HTTP chain');
  await expect(page.getByRole('button', { name: /No problems/ })).toBeVisible();
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
  await page.getByTestId('runs-tab-logs').click();
  await expect(page.getByTestId('log-line').first()).toContainText("Ada Lovelace's first order is A-1001 (120.5).");

  // 500 steps open and run.
  await app.press('Control+K');
  await page.getByRole('dialog').getByRole('combobox').fill('examples');
  await page.getByRole('dialog').getByRole('option', { name: /Browse examples/ }).click();
  await gallery.getByRole('button', { name: 'Open: 500 steps' }).click();
  await expect(page.getByRole('textbox', { name: /flow name/i })).toHaveValue('500 steps');
  await expect(page.getByTestId('flow-item').filter({ hasText: '500 steps' })).toContainText('500 steps');
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 30_000 });
});

test('Chinese: run units, trigger, detail keys and palette are translated; shortcuts read as keys, Enter and F2 listed', async ({ page, guards }, testInfo) => {
  const app = new AppPage(page);
  await app.goto();
  await page.getByTestId('language').selectOption('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await app.newFlow('中文流程');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('手动触发');
  await app.addStep('日志');
  await app.inspector.getByLabel(/^消息/).fill('你好');
  await app.waitSaved();
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/成功/, { timeout: 20_000 });
  await expect(app.runStatus()).toContainText('毫秒');
  await expect(page.getByTestId('run-step').first()).toContainText('毫秒');

  await page.getByTestId('runs-tab-history').click();
  await expect(page.getByTestId('history-row').first()).toContainText('手动');
  await page.getByTestId('runs-tab-details').click();
  await app.row('日志').click();
  await expect(page.getByTestId('run-details')).toContainText('输入');
  await expect(page.getByTestId('run-details')).toContainText('输出');
  await expect(page.getByTestId('run-details')).not.toContainText('outputs');
  await page.screenshot({ path: testInfo.outputPath('zh-details.png') });

  await app.press('Control+K');
  await expect(page.getByRole('dialog').getByRole('listbox')).toHaveAccessibleName('建议');
  await app.press('Escape');

  await page.getByRole('button', { name: '键盘快捷键' }).click();
  const sheet = page.getByRole('dialog');
  await expect(sheet.locator('kbd', { hasText: /^\?$/ })).toHaveCount(1);
  await expect(sheet).not.toContainText('Shift+?');
  await expect(sheet.getByTestId('shortcut-list-open')).toContainText('Enter');
  await expect(sheet.getByTestId('shortcut-list-rename')).toContainText('F2');
  await guards.checkA11y();
  await page.screenshot({ path: testInfo.outputPath('zh-shortcuts.png') });
});

test('layout: header on one row, widenable inspector, compact run panel, one-line run bar; panel and view come back after a reload', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Layout check');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('Delay');
  await app.waitSaved();

  // The header is one row: every control is centred on the same line, and nothing runs off its end.
  const centres = await app.editor.evaluate((bar) =>
    [...bar.children].map((c) => {
      const r = (c as HTMLElement).getBoundingClientRect();
      return Math.round(r.top + r.height / 2);
    }),
  );
  expect(Math.max(...centres) - Math.min(...centres)).toBeLessThan(4);
  expect(await app.editor.evaluate((bar) => bar.scrollWidth - bar.clientWidth)).toBeLessThanOrEqual(1);

  // No run yet: the panel is compact.
  const panel = page.getByTestId('run-panel');
  const idleHeight = (await panel.boundingBox())!.height;
  expect(idleHeight).toBeLessThan(140);

  // The inspector widens from the keyboard, and keeps its width.
  const inspectorWidth = async () => (await app.inspector.boundingBox())!.width;
  const before = await inspectorWidth();
  await page.getByTestId('inspector-resizer').focus();
  for (let i = 0; i < 4; i++) await app.press('ArrowLeft');
  await expect.poll(inspectorWidth).toBeGreaterThan(before + 60);
  const widened = await inspectorWidth();

  // A failing run with a long error (a refused connection on this machine): the bar stays one line high.
  const barHeight = async () => (await panel.locator('.fb-run-bar').boundingBox())!.height;
  const emptyBar = await barHeight();
  await app.row('Delay').click();
  await app.addStep('HTTP request');
  await app.fillField('URL', `http://127.0.0.1:1/${'a-very-long-path/'.repeat(12)}`);
  await app.waitSaved();
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 20_000 });
  await expect(page.getByTestId('run-error')).toHaveAttribute('title', /a-very-long-path/);
  expect(await barHeight()).toBeLessThan(emptyBar + 4);
  // With a run, the panel opens up.
  expect((await panel.boundingBox())!.height).toBeGreaterThan(idleHeight + 60);
  await page.getByTestId('runs-tab-logs').click();
  await app.showCanvas();
  await page.screenshot({ path: testInfo.outputPath('layout-after-run.png') });

  // After a reload: the canvas view, the Logs tab and the inspector width are back.
  await page.reload();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await expect(page.getByTestId('runs-tab-logs')).toHaveAttribute('data-state', 'active');
  await expect.poll(inspectorWidth).toBeGreaterThan(widened - 2);
});

test('names, not ids: fields, the picker, list rows and canvas nodes read steps by name and follow a rename', async ({ page, guards }, testInfo) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Names not ids');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('HTTP request');
  const httpId = await app.stepId('HTTP request');
  await page.getByTestId('step-title').fill('Fetch customer');
  await app.fillField('URL', 'https://example.test/customer');
  await app.addStep('Log');
  const message = app.field('Message');

  // Picked from the picker: the field reads by the step's name, never its id.
  await message.fill('Status ');
  await app.inspector.getByRole('button', { name: 'Insert a reference into Message' }).click();
  let picker = page.getByRole('dialog', { name: 'Insert a reference into Message' });
  await picker.getByRole('combobox').fill('status');
  await picker.getByRole('option', { name: /Status code/ }).first().click();
  await expect(message).toHaveValue('Status {{Fetch customer.statusCode}}');

  // Typed by hand, by name: it is understood (a chip names the step) and kept as typed.
  await message.press('End');
  await message.pressSequentially(' from {{Fetch customer.body.name}}');
  await expect(page.getByRole('list', { name: 'References in Message' }).getByRole('listitem')).toHaveCount(2);
  await expect(message).toHaveValue('Status {{Fetch customer.statusCode}} from {{Fetch customer.body.name}}');
  await expect(page.getByRole('button', { name: /No problems/ })).toBeVisible();

  // Two more Logs: the picker tells the same titles apart, in flow order.
  await app.addStep('Log');
  await app.addStep('Log');
  await app.inspector.getByRole('button', { name: 'Insert a reference into Message' }).click();
  picker = page.getByRole('dialog', { name: 'Insert a reference into Message' });
  await expect
    .poll(async () => (await picker.locator('[cmdk-group-heading]').allTextContents()).slice(0, 3))
    .toEqual(['Fetch customer', 'Log', 'Log (2)']);
  await picker.getByRole('combobox').fill('message');
  await picker.getByRole('option', { name: /Message/ }).nth(1).click();
  await expect(app.field('Message')).toHaveValue('{{Log (2).message}}');

  // The list row's summary labels its value and names the step.
  const firstLog = app.rows().filter({ has: page.locator('.fb-sl-title').getByText('Log', { exact: true }) }).first();
  await expect(firstLog.locator('.fb-sl-summary').first()).toHaveText(/^Message Status \{\{Fetch customer\.statusCode\}\}/);
  await expect(app.list).not.toContainText(httpId);

  // Rename the HTTP step: list, canvas and field follow (the stored references are by id).
  await app.row('Fetch customer').click();
  await page.getByTestId('step-title').fill('Load customer');
  await expect(firstLog.locator('.fb-sl-summary').first()).toHaveText(/^Message Status \{\{Load customer\.statusCode\}\}/);
  const logId = await firstLog.getAttribute('data-step-id');
  await app.showCanvas();
  await expect(app.canvasNode(logId ?? '').locator('.fb-node__summary')).toHaveText(/^Message Status \{\{Load customer\.statusCode\}\}/);
  await expect(page.locator('.react-flow')).not.toContainText(httpId);
  await guards.checkA11y();
  await page.screenshot({ path: testInfo.outputPath('names-canvas.png') });
  await app.showList();
  await app.row('Log').click();
  await expect(app.field('Message')).toHaveValue('Status {{Load customer.statusCode}} from {{Load customer.body.name}}');
});
