/**
 * Both views in both themes and both languages: axe on each, and a screenshot of each for people to look at
 * (in the test output folder).
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';

test('list and canvas in light and dark, English and Simplified Chinese', async ({ page, guards }, testInfo) => {
  // Eight screens, each checked by axe: more than the default minute on a busy machine.
  test.setTimeout(240_000);
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Order follow-up');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('HTTP request');
  await app.fillField('URL', 'http://127.0.0.1:9/orders');
  await app.addStep('If condition');
  const cond = await app.stepId('If condition');
  await app.addInEmptyBranch(cond, 'then', 'Log');
  await app.addInEmptyBranch(cond, 'else', 'Delay');
  await app.row('If condition').click();
  await app.addStep('Loop');
  const loop = await app.stepId('Loop');
  await app.addInEmptyBranch(loop, 'body', 'JavaScript function');
  await app.row('HTTP request').click();
  await app.waitSaved();

  for (const lang of ['en', 'zh'] as const) {
    await page.getByTestId('language').selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
    for (const theme of ['light', 'dark'] as const) {
      const pressed = (await page.getByTestId('theme-toggle').getAttribute('aria-pressed')) === 'true';
      if (pressed !== (theme === 'dark')) await page.getByTestId('theme-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

      await app.showList();
      if (lang === 'zh') await expect(page.getByTestId('view-list')).toHaveText('列表');
      await guards.checkA11y();
      await page.screenshot({ path: testInfo.outputPath(`list-${theme}-${lang}.png`) });

      await app.showCanvas();
      await guards.checkA11y();
      await page.screenshot({ path: testInfo.outputPath(`canvas-${theme}-${lang}.png`) });
    }
  }
});
