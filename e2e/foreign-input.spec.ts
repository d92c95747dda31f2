/**
 * Input from someone else (issue 21).
 * - Item 13: before the first run of an imported flow whose HTTP step targets this machine, the app lists the
 *   target and asks; "Don't run" sends nothing, "Allow and run" runs, and the answer is remembered for the
 *   flow (no question after a reload). A local server stands in for the service the flow would reconfigure,
 *   and counts what reached it.
 * - Item 8: a ZIP bomb is inflated in a worker (never on the page's thread) and stops at the limit.
 */
import { createServer, type Server } from 'node:http';
import { zipSync } from 'fflate';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { LibraryPage } from './pages/library-page';

let server: Server;
let hits: string[] = [];
let port = 0;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method !== 'OPTIONS') hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'access-control-allow-methods': '*', 'access-control-allow-headers': '*' });
    res.end('{"reset":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function importedFlow(id: string, name: string): string {
  const flow = {
    schemaVersion: 2,
    id,
    name,
    description: '',
    tags: [],
    structure: 'blocks',
    steps: {
      start: { id: 'start', kind: 'trigger', type: 'core.manual_trigger', title: 'Start', params: {} },
      reset: { id: 'reset', kind: 'action', type: 'core.http_request', title: 'Reset the local service', params: { method: 'POST', url: `http://127.0.0.1:${port}/admin/reset`, timeoutSeconds: 10 } },
    },
    root: ['start', 'reset'],
    edges: [],
    notes: [],
    inputs: [],
    dialect: 'local',
  };
  return JSON.stringify({ format: 'flowbench/flow', version: 1, flow });
}

test('an imported flow asks before its first run reaches a local address, and remembers the answer', async ({ page, guards }) => {
  hits = [];
  const app = new AppPage(page);
  const lib = new LibraryPage(page);
  await app.goto();
  const dialog = await lib.pickImport([{ name: 'from-a-stranger.json', mimeType: 'application/json', buffer: Buffer.from(importedFlow('flow_e2e_trust', 'From a stranger')) }]);
  await dialog.getByTestId('import-confirm').click();
  await dialog.getByTestId('import-done').click();
  await app.openFlow('From a stranger');

  // The first run asks, naming the step and the address.
  await app.runFlow();
  const ask = page.getByTestId('private-targets-dialog');
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('heading')).toHaveText('Run an imported flow that may reach your network?');
  await expect(ask.getByTestId('private-targets')).toContainText(`Reset the local service: http://127.0.0.1:${port}/admin/reset`);
  await guards.checkA11y();
  await page.screenshot({ path: 'test-results/foreign-input-trust.png' });

  // "Don't run": nothing is sent, and the next run asks again.
  await ask.getByTestId('private-targets-cancel').click();
  await expect(ask).toBeHidden();
  await expect(app.runStatus()).toHaveCount(0);
  await app.runFlow();
  await expect(ask).toBeVisible();
  expect(hits).toEqual([]);

  // "Allow and run": the run goes, the service is reached once.
  await ask.getByTestId('private-targets-allow').click();
  await expect(app.runStatus()).toContainText(/Succeeded/);
  expect(hits).toEqual(['POST /admin/reset']);

  // Remembered for this flow: after a reload it runs without asking.
  await page.reload();
  await expect(app.editor).toBeVisible();
  await app.runFlow();
  await expect.poll(() => hits.length).toBe(2);
  await expect(ask).toHaveCount(0);
});

test('a flow made here, with the same local address, runs without asking', async ({ page }) => {
  hits = [];
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Made here');
  await app.addStep('HTTP request');
  await app.fillField('URL', `http://127.0.0.1:${port}/admin/ping`);
  await app.waitSaved();
  await app.runFlow();
  await expect(app.runStatus()).toContainText(/Succeeded/);
  await expect(page.getByTestId('private-targets-dialog')).toHaveCount(0);
  expect(hits).toEqual(['GET /admin/ping']);
});

test('a ZIP bomb is inflated in a worker and stopped at the limit with a readable error; nothing is written', async ({ page }) => {
  const app = new AppPage(page);
  const lib = new LibraryPage(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await app.goto();
  const before = await lib.flowNames();
  const bomb = zipSync({ 'zeros.json': new Uint8Array(30 * 1024 * 1024) }, { level: 9 });
  expect(bomb.length).toBeLessThan(200_000);
  const dialog = await lib.pickImport([{ name: 'bomb.zip', mimeType: 'application/zip', buffer: Buffer.from(bomb) }]);
  await expect(dialog.getByTestId('import-entry')).toContainText(/too large to import: entry "zeros.json" expands to more than 20 MB/);
  await expect(dialog.getByTestId('import-confirm')).toBeDisabled();
  expect(workers.some((u) => /zip\.worker/.test(u))).toBe(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await lib.flowNames()).toEqual(before);
});
