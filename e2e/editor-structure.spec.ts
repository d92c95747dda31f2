/**
 * Foundation journeys: one flow edited as an indented list and as a graph.
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';

async function buildBlockFlow(app: AppPage) {
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('If condition');
  const ifId = await app.stepId('If condition');
  await app.addInEmptyBranch(ifId, 'then', 'Log');
  await app.addInEmptyBranch(ifId, 'else', 'Delay');
  await app.row('If condition').click();
  await app.addStep('Loop');
  const loopId = await app.stepId('Loop');
  await app.addInEmptyBranch(loopId, 'body', 'Set variable');
  return { ifId, loopId };
}

test('build an if/else and a loop in the list, see the same structure on the canvas, edit there, see it in the list', async ({ page, guards }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Structure journey');
  const { ifId, loopId } = await buildBlockFlow(app);

  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:If condition', '2:Log', '2:Delay', '1:Loop', '2:Set variable']);
  await expect(app.list.locator('.fb-sl-else')).toHaveCount(1);
  await expect(app.list.locator('.fb-sl-end')).toHaveCount(2);
  await guards.checkA11y();

  const trigger = await app.stepId('Manual trigger');
  const log = await app.stepId('Log');
  const delay = await app.stepId('Delay');
  const setVar = await app.stepId('Set variable');

  await app.showCanvas();
  for (const id of [trigger, ifId, log, delay, loopId, setVar]) await expect(app.canvasNode(id)).toBeVisible();
  await expect(app.canvasEdge(trigger, 'out', ifId)).toHaveCount(1);
  await expect(app.canvasEdge(ifId, 'true', log)).toHaveCount(1);
  await expect(app.canvasEdge(ifId, 'false', delay)).toHaveCount(1);
  await expect(app.canvasEdge(log, 'out', loopId)).toHaveCount(1);
  await expect(app.canvasEdge(loopId, 'body', setVar)).toHaveCount(1);
  await guards.checkA11y();

  // Edit on the canvas: rename through the inspector, delete the Delay node with the keyboard.
  await app.canvasNode(log).click();
  await page.getByTestId('step-title').fill('Say hello');
  await app.canvasNode(delay).click();
  await app.press('Delete');
  await expect(app.canvasNode(delay)).toHaveCount(0);

  await app.showList();
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:If condition', '2:Say hello', '1:Loop', '2:Set variable']);
});

test('undo and redo survive a reload', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Undo journey');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('Log');
  await app.addStep('Delay');
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:Log', '1:Delay']);
  await app.waitSaved();

  await page.reload();
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:Log', '1:Delay']);
  await page.getByTestId('undo').click();
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:Log']);
  await page.getByTestId('undo').click();
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger']);
  await app.waitSaved();

  await page.reload();
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger']);
  await page.getByTestId('redo').click();
  await page.getByTestId('redo').click();
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:Log', '1:Delay']);
});

test('copy steps from one flow and paste them into another', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Source flow');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('If condition');
  const ifId = await app.stepId('If condition');
  await app.addInEmptyBranch(ifId, 'then', 'Log');
  await app.row('If condition').click();
  await app.press('Control+C');
  await expect(page.getByTestId('notice')).toContainText(/Copied/);

  await app.newFlow('Target flow');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.row('Manual trigger').click();
  await app.press('Control+V');
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:If condition', '2:Log']);
  // The pasted steps are copies with their own ids.
  expect(await app.stepId('If condition')).not.toBe(ifId);

  // And into a second tab of the app.
  await app.waitSaved();
  const second = await context.newPage();
  const app2 = new AppPage(second);
  await app2.goto();
  await app2.newFlow('Second tab flow');
  await app2.list.getByTestId('step-list-add').click();
  await app2.pick('Delay');
  await app2.row('Delay').click();
  await app2.press('Control+V');
  await expect.poll(() => app2.outline()).toEqual(['1:Delay', '1:If condition', '2:Log']);
  await second.close();
});

test('the list journey by keyboard alone', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Keyboard journey');
  // Add steps with the shortcut and the picker, never the mouse.
  const add = async (name: string) => {
    await app.press('Alt+N');
    await page.keyboard.type(name);
    await app.press('Enter');
    await expect(page.getByRole('dialog')).toBeHidden();
  };
  await add('Manual trigger');
  await add('Loop');
  await add('Log');
  await add('Delay');
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:Loop', '1:Log', '1:Delay']);

  // Tabbing into the tree lands on its active row (the last added step); ArrowUp selects Log; Tab indents it.
  await app.row('Delay').focus();
  await app.press('ArrowUp');
  await expect(app.row('Log')).toBeFocused();
  await app.press('Tab');
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:Loop', '2:Log', '1:Delay']);
  await app.press('ArrowDown');
  await expect(app.row('Delay')).toBeFocused();
  await app.press('Tab');
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:Loop', '2:Log', '2:Delay']);
  await app.press('Shift+Tab');
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:Loop', '2:Log', '1:Delay']);

  // Move up with Alt+ArrowUp, collapse the loop with ArrowLeft, rename with F2.
  await app.press('Alt+ArrowUp');
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:Delay', '1:Loop', '2:Log']);
  await app.press('ArrowDown');
  await expect(app.row('Loop')).toBeFocused();
  await app.press('ArrowLeft');
  await expect(app.row('Loop')).toHaveAttribute('aria-expanded', 'false');
  await expect.poll(() => app.outline()).toEqual(['1:Manual trigger', '1:Delay', '1:Loop']);
  await app.press('ArrowRight');
  await app.press('F2');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Repeat');
  await app.press('Enter');
  await expect(app.row('Repeat')).toBeVisible();
  await app.press('Control+Z');
  await expect(app.row('Loop')).toBeVisible();

  // Enter opens the step: focus lands in the inspector.
  await app.row('Loop').focus();
  await app.press('Enter');
  await expect(page.locator('#fb-inspector :focus')).toHaveCount(1);
});

test('the context menu runs the same commands as the shortcuts, in the list and on the canvas', async ({ page, guards }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Context menu journey');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Log');
  await app.row('Log').click({ button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  await guards.checkA11y();
  await menu.getByRole('menuitem', { name: /Wrap in loop/ }).click();
  await expect.poll(() => app.outline()).toEqual(['1:Loop', '2:Log']);

  await app.showCanvas();
  const log = await page.locator('[data-testid^="canvas-node-"]').filter({ hasText: 'Log' }).first();
  await log.click({ button: 'right' });
  await menu.getByRole('menuitem', { name: /Duplicate steps/ }).click();
  await app.showList();
  await expect.poll(() => app.outline()).toEqual(['1:Loop', '2:Log', '2:Log']);
});
