/**
 * Visual run debugging: live states, timeline with loop iterations, details, history, replay and a
 * comparison of a failed and a succeeded run.
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';

test('debug a run with a loop and a failing step, then compare it with a fixed run', async ({ page, guards }) => {
  const app = new AppPage(page);
  await app.goto();
  const { loop, log } = await app.newLoopFlow('Debug journey');
  await app.addStep('JavaScript function');
  const fn = await app.stepId('JavaScript function');
  await app.setCode('Code', 'const total = 3;\nif (total > 2) {\n  throw new Error("too many rounds");\n}\nreturn total;');
  await app.waitSaved();

  // Live: the run fails on the function; the loop and its three iterations succeeded.
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 20_000 });
  await expect(app.runStep(loop)).toHaveAttribute('data-status', 'succeeded');
  await expect(app.runStep(log)).toHaveAttribute('data-status', 'succeeded');
  await expect(app.runStep(fn)).toHaveAttribute('data-status', 'failed');
  await expect(app.runStep(fn)).toContainText('too many rounds');
  // The failed step is focused, with its error, in the list too.
  await expect(app.row('JavaScript function')).toHaveAttribute('aria-selected', 'true');
  await expect(app.row('JavaScript function').locator('.fb-sl-badge-failed')).toBeVisible();

  // Timeline: one bar per loop iteration; clicking a bar selects its step.
  await page.getByTestId('runs-tab-timeline').click();
  // Iterations shorter than a pixel share a bar that counts them (data-count); together they are three.
  const logBars = page.locator(`[data-testid="timeline-bar"][data-step-id="${log}"]`);
  await expect
    .poll(() => logBars.evaluateAll((bars) => bars.reduce((n, b) => n + Number(b.getAttribute('data-count') ?? 1), 0)))
    .toBe(3);
  await logBars.last().click();
  await expect(app.row('Log')).toHaveAttribute('aria-selected', 'true');

  // Details: the selected step's inputs and outputs, per iteration.
  await page.getByTestId('runs-tab-details').click();
  await expect(page.getByTestId('run-details')).toHaveAttribute('data-step-id', log);
  // Each execution of the loop body has its own inputs and outputs.
  await page.getByTestId('run-details-iteration').fill('1');
  await page.getByTestId('run-details-iteration').press('Enter');
  await expect(page.getByTestId('run-details')).toContainText('round 0');
  await page.getByTestId('run-details-iteration').fill('3');
  await page.getByTestId('run-details-iteration').press('Enter');
  await expect(page.getByTestId('run-details')).toContainText('round 2');
  await guards.checkA11y();

  // Fix the function and run again: succeeded.
  await app.row('JavaScript function').click();
  await app.setCode('Code', 'const total = 3;\nreturn total;');
  await app.waitSaved();
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });

  // History: both runs, newest first; open the failed one: canvas and list show it as it ended.
  await page.getByTestId('runs-tab-history').click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute('data-status', 'succeeded');
  await expect(rows.nth(1)).toHaveAttribute('data-status', 'failed');
  await rows.nth(1).getByTestId('history-open').click();
  await expect(page.getByTestId('viewing-past-run')).toBeVisible();
  await expect(app.row('JavaScript function').locator('.fb-sl-badge-failed')).toBeVisible();
  await app.showCanvas();
  await expect(app.canvasNode(fn)).toContainText(/Failed|failed|✕|!/);
  await app.showList();

  // Replay: step through the failed run's events; at an early event the function has not run yet.
  await page.getByTestId('replay-start').click();
  const scrubber = page.getByTestId('replay-scrubber');
  await scrubber.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('replay-position')).toHaveText(/^4 \/ \d+$/);
  await expect(page.getByTestId('replay-label')).not.toBeEmpty();
  await expect(app.row('JavaScript function').locator('.fb-sl-badge-failed')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(app.row('JavaScript function').locator('.fb-sl-badge-failed')).toBeVisible();
  await page.getByTestId('replay-exit').click();

  // Compare the failed and the succeeded run step by step.
  await page.getByTestId('runs-tab-history').click();
  await rows.nth(0).getByTestId('history-compare').check();
  await rows.nth(1).getByTestId('history-compare').check();
  await page.getByTestId('history-compare-open').click();
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await expect(page.locator(`[data-testid="compare-row"][data-differs="true"]`).filter({ hasText: 'JavaScript function' })).toHaveCount(1);
  await guards.checkA11y();
});
