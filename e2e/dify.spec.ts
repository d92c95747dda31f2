/**
 * Dify end to end, against the protocol-faithful Dify test server (server/dify), started here on a free
 * port and reset per test: connect two apps with their API keys, run the if/else app down both branches
 * (its picture grows from what ran) and compare the two runs, stop a slow streamed run and replay it, and a
 * stream cut mid-event that recovers its final status from GET /workflows/run/:id.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { DifyPage, startDify } from './pages/dify-page';
import type { DifyServer } from '../server/dify/server';

let server: DifyServer;
test.beforeAll(async () => {
  server = await startDify();
});
test.afterAll(async () => {
  await server.close();
});
test.beforeEach(() => server.reset());

async function connected(page: Page): Promise<{ app: AppPage; dify: DifyPage }> {
  const app = new AppPage(page);
  await app.goto();
  const dify = new DifyPage(page, server);
  await dify.connect('My Dify', ['branch', 'slow'], /Connection works.*Tone router · Slow storyteller/);
  await expect(page.getByTestId('flow-item')).toHaveCount(2);
  return { app, dify };
}

async function runBranch(app: AppPage, message: string, tone: 'formal' | 'casual'): Promise<void> {
  await app.runFlow();
  const dialog = app.page.getByTestId('run-inputs-dialog');
  await dialog.getByLabel(/^Message/).fill(message);
  await dialog.getByLabel(/^Tone/).fill(tone);
  await dialog.getByTestId('run-with-inputs').click();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
}

test('connect two apps, run both branches of an if/else: the picture grows, the runs compare', async ({ page, guards }) => {
  const { app, dify } = await connected(page);
  await app.openFlow('Tone router');
  await expect(app.page.locator('[data-testid="run-step"]')).toHaveCount(0);

  await runBranch(app, 'hello', 'formal');
  await expect(app.runStep('llm-formal')).toHaveAttribute('data-status', 'succeeded');
  await expect(app.runStep('tpl-casual')).toHaveCount(0);
  await runBranch(app, 'hello', 'casual');
  await expect(app.runStep('tpl-casual')).toHaveAttribute('data-status', 'succeeded');
  await expect(app.runStep('llm-formal')).toHaveCount(0);

  // Reopened, the app's graph holds every node that ran in either run, laid out by elk.
  await app.openFlow('Slow storyteller');
  await app.openFlow('Tone router');
  await app.showCanvas();
  for (const title of ['Start', 'Formal?', 'Formal reply', 'Casual reply', 'End']) {
    await expect(page.locator('.react-flow__node').filter({ hasText: title })).toHaveCount(1);
  }
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);

  // History: both runs (recorded here), compared step by step.
  await page.getByTestId('runs-tab-history').click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  await rows.nth(0).getByTestId('history-compare').check();
  await rows.nth(1).getByTestId('history-compare').check();
  await page.getByTestId('history-compare-open').click();
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await expect(page.locator('[data-testid="compare-row"][data-step-id="tpl-casual"]')).toHaveAttribute('data-differs', 'true');
  await expect(page.locator('[data-testid="compare-row"][data-step-id="llm-formal"]')).toHaveAttribute('data-differs', 'true');
  expect(server.runs.size).toBe(2);
  // The keys went only into Authorization headers: the app's address bar never held one.
  expect(server.apps.some((a) => page.url().includes(a.key))).toBe(false);
  void dify;
  await guards.checkA11y();
});

test('stop a slow streamed run, then replay it', async ({ page }) => {
  const { app } = await connected(page);
  await app.openFlow('Slow storyteller');
  await app.runFlow();
  await page.getByTestId('run-with-inputs').click();
  await expect(app.runStep('llm-story')).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
  await page.getByTestId('cancel-run').click();
  await expect(app.runStatus()).toHaveText(/Cancelled/, { timeout: 20_000 });
  await expect(app.runStep('llm-story')).toHaveAttribute('data-status', 'cancelled');
  await expect.poll(() => [...server.runs.values()].map((r) => r.status)).toEqual(['stopped']);

  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('replay-bar')).toBeVisible();
  await page.getByTestId('replay-forward').click();
  await expect(page.getByTestId('replay-position')).toHaveText(/^1\b/);
  await page.getByTestId('replay-exit').click();
});

test('a stream cut mid-event says so, then shows the final status from the server', async ({ page, guards }) => {
  // The browser reports the deliberately cut response; that is the fault under test.
  guards.allowConsoleError('ERR_INCOMPLETE_CHUNKED_ENCODING');
  const { app } = await connected(page);
  await app.openFlow('Tone router');
  server.setFaults({ cutStreamAfterEvents: 4 });
  await runBranch(app, 'cut', 'casual');
  await page.getByTestId('runs-tab-logs').click();
  await expect(page.locator('[data-testid="log-line"][data-level="warn"]')).toContainText(/lost mid-run/);
  await expect(page.getByTestId('logs-list')).toContainText(/Final status from the server after the stream was lost: succeeded/);

  // A documented error (the app's configuration is unavailable) is shown with Dify's own words.
  guards.allowConsoleError('status of 400');
  server.setFaults({ unavailableApps: ['branch'] });
  await app.runFlow();
  await page.getByTestId('run-inputs-dialog').getByLabel(/^Message/).fill('again');
  await page.getByTestId('run-with-inputs').click();
  await expect(page.getByRole('alert').filter({ hasText: 'app_unavailable' })).toContainText('App unavailable, please check your app configurations.');
});
