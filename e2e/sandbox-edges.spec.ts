/**
 * Sandbox edges in the browser's engine worker (issue 21 item 11): deep recursion is named as recursion (the
 * worker's own stack may give out before the guest's limit), and a 10 MB thrown message reaches the run view
 * capped, with the page still answering.
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';

async function functionFlow(app: AppPage, name: string, code: string): Promise<string> {
  await app.goto();
  await app.newFlow(name);
  await app.list.getByTestId('step-list-add').click();
  await app.pick('JavaScript function');
  const fn = await app.stepId('JavaScript function');
  await app.setCode('Code', code);
  await app.waitSaved();
  return fn;
}

test('deep recursion in a function step is reported as too much recursion, not a crashed sandbox', async ({ page }) => {
  const app = new AppPage(page);
  const fn = await functionFlow(app, 'Recursion', 'function f(n) { return f(n + 1) + 1; }\nreturn f(0);');
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 20_000 });
  await expect(app.runStep(fn)).toContainText(/too much recursion/);
  await expect(app.runStep(fn)).not.toContainText(/crashed/);
});

test('a 10 MB error message is capped in the run view', async ({ page }) => {
  const app = new AppPage(page);
  const fn = await functionFlow(app, 'Huge error', 'throw new Error("x".repeat(10 * 1024 * 1024));');
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 20_000 });
  await expect(app.runStep(fn)).toContainText(/more characters/);
  const shown = await app.runStep(fn).innerText();
  expect(shown.length).toBeLessThan(20_000);
  // The page still answers.
  await app.showCanvas();
  await app.showList();
});
