/**
 * The debugger: a conditional breakpoint in a loop body paused at the third iteration, an input edited,
 * step over, continue; run from a step reusing the last run; a pinned output listed by the checklist on a
 * backend that cannot honour pins (the vFlow test server, started here).
 */
import { startVflowServer, type VflowServer } from '../server/vflow/server';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { ConnectionsPage } from './pages/connections-page';
import { DebuggerPage } from './pages/debugger-page';

test('a conditional breakpoint in a loop pauses at the third iteration; edit its input, step over, continue', async ({ page, guards }) => {
  const app = new AppPage(page);
  const dbg = new DebuggerPage(page);
  await app.goto();
  const { loop, log } = await app.newLoopFlow('Debugger journey');
  await app.addStep('Text template');
  const after = await app.stepId('Text template');
  await app.setCode('Template', `after {{steps.${log}.message}}`);

  // F9 on the focused row sets the breakpoint: a red dot in the list (and on the canvas).
  await app.row('Log').click();
  await app.press('F9');
  await expect(dbg.breakpointDot(log)).toHaveAttribute('aria-pressed', 'true');
  await dbg.setCondition(`{{steps.${loop}.index}} == 2`);
  await app.waitSaved();
  await dbg.addWatch(`{{steps.${log}.message}}`);

  await app.runFlow();
  await expect(dbg.pausedBar()).toContainText('iteration 3', { timeout: 20_000 });
  await expect(dbg.pausedBadge(log)).toBeVisible();
  // The watch shows the state at the pause: the second round's message.
  await expect(dbg.watchValue(`{{steps.${log}.message}}`)).toHaveText('round 1');
  await guards.checkA11y();

  await dbg.editInputs('round 2', 'edited');
  await app.press('F10');
  // Step over: the loop body ran with the edited input; the next step on that level is after the loop.
  await expect(dbg.pausedBar()).toContainText('Text template');
  await expect(dbg.pausedBadge(after)).toBeVisible();
  await expect(dbg.watchValue(`{{steps.${log}.message}}`)).toHaveText('edited');
  await app.press('F5');
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
  await expect(dbg.pausedBar()).toHaveCount(0);

  await page.getByTestId('runs-tab-details').click();
  await app.row('Text template').click();
  await expect(page.getByTestId('run-details')).toContainText('after edited');
});

test('run from a step reuses the last run’s outputs of the steps before it, and history marks it partial', async ({ page }) => {
  const app = new AppPage(page);
  const dbg = new DebuggerPage(page);
  await app.goto();
  await app.newFlow('Run from here');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('JavaScript function');
  const fn = await app.stepId('JavaScript function');
  await app.setCode('Code', 'return Math.random();');
  await app.addStep('Text template');
  const tpl = await app.stepId('Text template');
  await app.setCode('Template', `value {{steps.${fn}.result}}`);
  await app.waitSaved();

  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
  await page.getByTestId('runs-tab-details').click();
  await app.row('Text template').click();
  const details = page.getByTestId('run-details');
  await expect(details).toContainText('value 0.');
  const first = (await details.textContent())?.match(/value (0\.\d+)/)?.[1];
  expect(first).toBeTruthy();

  await dbg.runFromHere();
  await expect(page.getByTestId('debug-partial')).toBeVisible({ timeout: 20_000 });
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
  // The function did not run again: its output came from the last run, so the template reads the same value.
  await expect(dbg.reusedBadge(fn)).toBeVisible();
  await expect(dbg.reusedBadge(tpl)).toHaveCount(0);
  await app.row('Text template').click();
  await expect(details).toContainText(`value ${first}`);

  await page.getByTestId('runs-tab-history').click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId('run-partial')).toBeVisible();
  await expect(rows.nth(1).getByTestId('run-partial')).toHaveCount(0);
});

let server: VflowServer;

test.describe('on a backend that cannot pin', () => {
  test.beforeAll(async () => {
    server = await startVflowServer({ port: 0, host: '127.0.0.1', fixtures: { folders: [], workflows: [] }, rateLimits: false });
  });
  test.afterAll(async () => {
    await server.close();
  });

  test('a pinned output is listed by the checklist as one the backend will run for real', async ({ page, guards }) => {
    const app = new AppPage(page);
    const conn = new ConnectionsPage(page);
    const dbg = new DebuggerPage(page);
    await app.goto();
    await conn.open();
    await conn.startAdd({ name: 'Pin phone', baseUrl: server.url, deviceName: 'Playwright browser' });
    await conn.saveForm();
    await conn.use('Pin phone');
    await conn.close();
    await conn.expectActive('Pin phone (vFlow)');

    await app.newFlow('Pinned on vFlow');
    await app.list.getByTestId('step-list-add').click();
    await app.pick('Delay');
    const step = await app.rows().first().getAttribute('data-step-id');
    expect(step).toBeTruthy();
    await app.rows().first().click();
    // Typed JSON is checked against the module's outputs (a Delay's actualDuration is a number).
    await dbg.section().getByTestId('pin-typed-open').click();
    await dbg.section().getByTestId('pin-json').fill('{ "actualDuration": "soon" }');
    await dbg.section().getByTestId('pin-save').click();
    await expect(dbg.section().getByRole('alert')).toContainText('actualDuration');
    await dbg.section().getByTestId('pin-json').fill('{ "actualDuration": 5 }');
    await dbg.section().getByTestId('pin-save').click();
    await expect(dbg.section().getByTestId('pin-value')).toContainText('"actualDuration": 5');
    await expect(dbg.section().getByTestId('pins-unsupported')).toBeVisible();
    await expect(app.list.getByTestId(`pinned-${step}`)).toBeVisible();

    await page.getByTestId('checklist-button').click();
    const note = page.getByTestId('checklist-pins');
    await expect(note).toBeVisible();
    await expect(note).toContainText('cannot honour pins');
    await guards.checkA11y();
  });
});
