/**
 * Dify end to end, against the protocol-faithful Dify test server (server/dify), started here on a free
 * port and reset per test: connect two apps with their API keys, see the read-only editor (no edit controls,
 * the reason on the badge), run the if/else app down both branches (its picture grows live from what ran)
 * and compare the two runs, watch a slow streamed run draw its nodes as they start, stop it and replay it,
 * fill the run form with an uploaded file, and a stream cut mid-event that recovers its final status from
 * GET /workflows/run/:id.
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

async function connected(page: Page, slugs = ['branch', 'slow'], summary = /Connection works.*Tone router · Slow storyteller/): Promise<{ app: AppPage; dify: DifyPage }> {
  const app = new AppPage(page);
  await app.goto();
  const dify = new DifyPage(page, server);
  await dify.connect('My Dify', slugs, summary);
  await expect(page.getByTestId('flow-item')).toHaveCount(slugs.length);
  return { app, dify };
}

async function runBranch(app: AppPage, message: string, tone: 'formal' | 'casual'): Promise<void> {
  await app.runFlow();
  const dialog = app.page.getByTestId('run-inputs-dialog');
  await dialog.getByLabel(/^Message/).fill(message);
  await dialog.getByLabel(/^Tone/).selectOption(tone);
  await dialog.getByTestId('run-with-inputs').click();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
}

test('connect two apps, run both branches of an if/else: the picture grows, the runs compare', async ({ page, guards }) => {
  const { app, dify } = await connected(page);
  await app.openFlow('Tone router');
  await expect(app.page.locator('[data-testid="run-step"]')).toHaveCount(0);

  // Read-only: the editor offers no edits at all, and says why.
  await app.showCanvas();
  await expect(page.getByTestId('read-only-badge')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveCount(0);
  for (const id of ['add-step', 'undo', 'redo', 'canvas-add-step', 'canvas-add-note', 'canvas-auto-layout']) await expect(page.getByTestId(id)).toHaveCount(0);
  await page.getByTestId('read-only-badge').click();
  await expect(page.getByTestId('read-only-reason')).toContainText(/cannot read or change it/);
  await page.keyboard.press('Escape');
  await page.locator('.react-flow__node').filter({ hasText: 'Start' }).click();
  await expect(page.getByTestId('inspector-read-only')).toBeVisible();
  await expect(page.getByTestId('step-title')).toHaveAttribute('readonly', '');
  await page.locator('.react-flow__node').filter({ hasText: 'Start' }).click({ button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: /Delete|Duplicate|Add step/ })).toHaveCount(0);
  await expect(menu.getByRole('menuitem', { name: /Copy/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('.react-flow__node')).toHaveCount(1);

  // Each run draws what it took, on the open canvas, without reopening the app, and keeps it all in view.
  await runBranch(app, 'hello', 'formal');
  await expect(app.runStep('llm-formal')).toHaveAttribute('data-status', 'succeeded');
  await expect(app.runStep('tpl-casual')).toHaveCount(0);
  await expect(page.locator('.react-flow__node').filter({ hasText: 'Formal reply' })).toHaveCount(1);
  await expect(page.locator('.react-flow__node').filter({ hasText: 'Casual reply' })).toHaveCount(0);
  await runBranch(app, 'hello', 'casual');
  await expect(app.runStep('tpl-casual')).toHaveAttribute('data-status', 'succeeded');
  await expect(app.runStep('llm-formal')).toHaveCount(0);
  for (const title of ['Start', 'Formal?', 'Formal reply', 'Casual reply', 'End']) {
    await expect(page.locator('.react-flow__node').filter({ hasText: title })).toHaveCount(1);
  }
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);

  // Reopened, the app's graph holds every node that ran in either run, laid out by elk.
  await app.openFlow('Slow storyteller');
  await app.openFlow('Tone router');
  await app.showCanvas();
  for (const title of ['Start', 'Formal?', 'Formal reply', 'Casual reply', 'End']) {
    await expect(page.locator('.react-flow__node').filter({ hasText: title })).toHaveCount(1);
  }
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);

  // One more run from elsewhere (another client of the app's API): in the Dify logs only.
  const elsewhere = await fetch(`${server.apiUrl}/workflows/run`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.keyOf('branch')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ inputs: { message: 'from elsewhere', tone: 'formal' }, response_mode: 'blocking', user: 'someone-else' }),
  });
  expect(elsewhere.status).toBe(200);

  // History: both runs recorded here and the one from the logs, each saying what it holds.
  await page.getByTestId('runs-tab-history').click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(3);
  const mine = rows.filter({ hasText: 'Run here · replays step by step' });
  await expect(mine).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Dify API · summary only' })).toHaveCount(1);
  await expect(page.getByTestId('history-list').getByRole('columnheader', { name: 'Version' })).toHaveCount(0);
  await mine.nth(0).getByTestId('history-compare').check();
  await mine.nth(1).getByTestId('history-compare').check();
  await page.getByTestId('history-compare-open').click();
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await expect(page.locator('[data-testid="compare-row"][data-step-id="tpl-casual"]')).toHaveAttribute('data-differs', 'true');
  await expect(page.locator('[data-testid="compare-row"][data-step-id="llm-formal"]')).toHaveAttribute('data-differs', 'true');
  expect(server.runs.size).toBe(3);
  // The keys went only into Authorization headers: the app's address bar never held one.
  expect(server.apps.some((a) => page.url().includes(a.key))).toBe(false);
  void dify;
  await guards.checkA11y();
});

test('a slow streamed run draws its nodes as they start; stop it, then replay it', async ({ page }) => {
  const { app } = await connected(page);
  await app.openFlow('Slow storyteller');
  await app.showCanvas();
  await expect(page.locator('.react-flow__node')).toHaveCount(1);
  await app.runFlow();
  await page.getByTestId('run-with-inputs').click();
  await expect(app.runStep('llm-story')).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
  // Still running, and the node it is in is on the canvas already, with its live status.
  const story = page.locator('.react-flow__node').filter({ hasText: 'Tell a story' });
  await expect(story).toHaveCount(1);
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(app.runStatus()).toHaveText(/Running/);
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

test('fill the run form with files: uploaded first, then run with their upload_file_id', async ({ page, guards }) => {
  const { app } = await connected(page, ['every-input'], /Connection works.*Every input type/);
  await app.openFlow('Every input type');
  await app.runFlow();
  const dialog = page.getByTestId('run-inputs-dialog');
  await dialog.getByLabel(/^Name/).fill('Ada');
  await dialog.getByLabel(/^Size/).selectOption('L');
  // A document from disk: uploaded through POST /files/upload as soon as it is picked.
  const doc = dialog.getByRole('group', { name: /Document/ });
  await doc.locator('input[type="file"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello from a file') });
  await expect(doc.getByText('notes.txt')).toBeVisible();
  // A remote image by URL (the image upload field), no upload needed.
  const images = dialog.getByRole('group', { name: /Images/ });
  await images.getByRole('textbox').fill('http://127.0.0.1:9/cat.png');
  await images.getByRole('button', { name: /Add/ }).click();
  await expect(images.getByText('http://127.0.0.1:9/cat.png')).toBeVisible();
  await guards.checkA11y();
  await dialog.getByTestId('run-with-inputs').click();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
  const run = [...server.runs.values()][0]!;
  const sent = run.inputs as { name: string; size: string; doc: { transfer_method: string; upload_file_id: string; type: string } };
  expect(sent).toMatchObject({ name: 'Ada', size: 'L', doc: { transfer_method: 'local_file', type: 'document' } });
  expect(sent.doc.upload_file_id).toMatch(/\w/);
  expect(run.files).toEqual([{ type: 'image', transfer_method: 'remote_url', url: 'http://127.0.0.1:9/cat.png' }]);
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
