/**
 * The embedded local backend end to end: build, run with a live trace, reload and find everything.
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { LibraryPage } from './pages/library-page';
import { startLocalServer, type LocalServer } from './local-server';

let server: LocalServer;
test.beforeAll(async () => {
  server = await startLocalServer();
});
test.afterAll(async () => {
  await server.close();
});

test('trigger → HTTP request → function → if → output runs step by step and is still there after a reload', async ({ page, guards }) => {
  const app = new AppPage(page);
  const library = new LibraryPage(page);
  await app.goto();
  await library.newFolder('Greetings');
  await library.createFlow('Greeting flow');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');

  await app.addStep('HTTP request');
  const http = await app.stepId('HTTP request');
  await app.fillField('URL', `${server.url}/greeting`);

  await app.addStep('JavaScript function');
  const fn = await app.stepId('JavaScript function');
  await app.setCode('Code', `const body = steps["${http}"].body;\nconsole.log("got", body.message);\nreturn { greeting: body.message, count: body.items.length };`);

  await app.addStep('If condition');
  const cond = await app.stepId('If condition');
  await app.setCode('Condition', `{{steps.${fn}.result.greeting}} == "hello"`);
  await app.addInEmptyBranch(cond, 'then', 'Flow output');
  const output = await app.stepId('Flow output');
  await app.setCode('Value', `{{steps.${fn}.result.count}}`);
  await app.waitSaved();

  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
  for (const id of [http, fn, cond, output]) await expect(app.runStep(id)).toHaveAttribute('data-status', 'succeeded');
  expect(server.hits).toContain('GET /greeting');
  // The list shows each step's final state too.
  await expect(app.row('JavaScript function').locator('.fb-sl-badge, [class*="badge"]').first()).toBeVisible();
  await guards.checkA11y();

  // After a reload: the folder, the flow in it, and the run in the flow's history.
  await page.reload();
  await expect(app.row('JavaScript function')).toBeVisible();
  await expect(library.folder('Greetings')).toBeVisible();
  await library.selectFolder('Greetings');
  await expect(library.flowRow('Greeting flow')).toBeVisible();
  await page.getByTestId('runs-tab-history').click();
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await expect(page.getByTestId('history-row').first()).toHaveAttribute('data-status', 'succeeded');
  await page.getByTestId('history-row').first().getByTestId('history-open').click();
  await page.getByTestId('runs-tab-steps').click();
  await expect(app.runStep(output)).toHaveAttribute('data-status', 'succeeded');
});

test('an infinite loop in a function stops at its time limit with a clear error, and the page stays responsive', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Runaway');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('JavaScript function');
  const fn = await app.stepId('JavaScript function');
  await app.setCode('Code', 'while (true) {}');
  // A short limit keeps the test quick; the engine default applies otherwise.
  await page.locator('#fb-inspector summary').click();
  await app.inspector.getByLabel(/Time limit/).fill('1');
  await app.waitSaved();

  await app.runFlow();
  // While the sandbox spins in its worker, the UI still answers.
  await app.showCanvas();
  await app.showList();
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 20_000 });
  await expect(app.runStep(fn)).toHaveAttribute('data-status', 'failed');
  await expect(app.runStep(fn)).toContainText(/time limit/i);
});

test('a function cannot reach the page: localStorage, document, cookies and fetch fail inside the sandbox', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Escape attempts');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('JavaScript function');
  await app.setCode(
    'Code',
    [
      'const probes = {};',
      'for (const [name, probe] of Object.entries({',
      '  localStorage: () => localStorage.getItem("x"),',
      '  document: () => document.cookie,',
      '  window: () => window.location.href,',
      '  fetch: () => fetch("http://127.0.0.1/"),',
      '  xhr: () => new XMLHttpRequest(),',
      '  importScripts: () => importScripts("x.js"),',
      '})) {',
      '  try { probe(); probes[name] = "reached"; } catch (e) { probes[name] = "blocked: " + e.message; }',
      '}',
      'console.log(JSON.stringify(probes));',
      'if (Object.values(probes).includes("reached")) throw new Error("escaped the sandbox: " + JSON.stringify(probes));',
      'return probes;',
    ].join('\n'),
  );
  await app.waitSaved();
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
  // Each probe failed inside the sandbox, with the sandbox's own error (the function logged them).
  await page.getByRole('tab', { name: 'Logs' }).click();
  const logs = page.locator('.fb-run-panel');
  for (const name of ['localStorage', 'document', 'window', 'fetch', 'xhr', 'importScripts']) {
    await expect(logs).toContainText(new RegExp(`"${name}":"blocked: `));
  }
});

test('a tab killed mid-edit loses nothing', async ({ page, context, browser }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Crash test');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('Log');
  await app.fillField('Message', 'written just before the crash');
  const hash = new URL(page.url()).hash;
  // A second after the last keystroke, take what IndexedDB holds, as a crash would leave it: no unload
  // handler, no flush. A fresh browser context opened on that storage plays the reopened tab.
  await page.waitForTimeout(1000);
  const left = await context.storageState({ indexedDB: true });
  const reopened = await browser.newContext({ storageState: left });
  try {
    const fresh = await reopened.newPage();
    const app2 = new AppPage(fresh);
    await app2.goto(hash);
    await expect(app2.row('Log')).toBeVisible();
    await app2.row('Log').click();
    await expect(app2.field('Message')).toHaveValue('written just before the crash');
  } finally {
    await reopened.close();
  }
});
