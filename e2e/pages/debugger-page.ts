/**
 * Page object for the debugger: breakpoints, the inspector's debug section, the run panel's paused bar, its
 * inputs, watches and the pinned-steps note in the checklist. Test ids live here only.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class DebuggerPage {
  constructor(readonly page: Page) {}

  breakpointDot(stepId: string): Locator {
    return this.page.getByTestId('step-list').getByTestId(`breakpoint-${stepId}`);
  }

  section(): Locator {
    return this.page.locator('#fb-inspector').getByTestId('debug-section');
  }

  async setCondition(text: string): Promise<void> {
    const input = this.section().getByLabel('Pause only when', { exact: true });
    await input.fill(text);
    await input.press('Escape');
    await expect(input).toHaveValue(text);
  }

  pausedBar(): Locator {
    return this.page.getByTestId('debug-paused');
  }

  pausedBadge(stepId: string): Locator {
    return this.page.getByTestId('step-list').getByTestId(`paused-${stepId}`);
  }

  inputs(): Locator {
    return this.page.getByTestId('debug-inputs');
  }

  /** Replaces text in the paused step's inputs (JSON). */
  async editInputs(from: string, to: string): Promise<void> {
    const box = this.inputs();
    const value = await box.inputValue();
    expect(value).toContain(from);
    await box.fill(value.replace(from, to));
  }

  async runFromHere(): Promise<void> {
    await this.section().getByTestId('debug.runFromHere').click();
  }

  reusedBadge(stepId: string): Locator {
    return this.page.getByTestId('step-list').getByTestId(`reused-${stepId}`);
  }

  async addWatch(expression: string): Promise<void> {
    await this.page.getByTestId('watch-input').fill(expression);
    await this.page.getByTestId('watch-input').press('Enter');
  }

  watchValue(expression: string): Locator {
    return this.page.getByTestId('watch-row').filter({ has: this.page.locator('code', { hasText: expression }) }).getByTestId('watch-value');
  }
}
