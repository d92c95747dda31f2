/**
 * Page object for the function-step code editor (Monaco) and its Test step panel. Monaco is driven through
 * the keyboard: `insertText` for whole snippets (no auto-closing brackets or auto-indent get in the way),
 * `type` where the journey is about what happens per key (completion).
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class CodeEditorPage {
  constructor(readonly page: Page) {}

  get field(): Locator {
    return this.page.getByTestId('code-editor');
  }

  get inline(): Locator {
    return this.page.getByTestId('code-editor-inline');
  }

  get dialog(): Locator {
    return this.page.getByTestId('code-editor-dialog');
  }

  get large(): Locator {
    return this.page.getByTestId('code-editor-large');
  }

  /** The editor the journey is typing into: the large one when its dialog is open. */
  private async editorRoot(): Promise<Locator> {
    return (await this.dialog.isVisible()) ? this.large : this.inline;
  }

  /** Waits until Monaco replaced the skeleton. */
  async waitReady(): Promise<void> {
    await expect(this.inline.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
    await expect(this.inline.locator('.view-lines')).toBeVisible();
  }

  async focus(): Promise<void> {
    const root = await this.editorRoot();
    await root.locator('.view-lines').click();
    // The editor's own input, not the find widget's.
    await expect(root.locator('textarea.inputarea')).toBeFocused();
  }

  /** Replaces the whole code. */
  async setCode(code: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(code);
  }

  /** Moves to the end of the code and inserts text there. */
  async appendCode(text: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.press('ControlOrMeta+End');
    await this.page.keyboard.insertText(text);
  }

  /**
   * Pastes text at the cursor as one edit, the way a real paste arrives (`insertText` would be handled as
   * typing, character by character, which is far slower than any user and not what is being measured).
   */
  async paste(text: string): Promise<void> {
    const root = await this.editorRoot();
    await root.locator('textarea').evaluate((ta, t) => {
      const data = new DataTransfer();
      data.setData('text/plain', t);
      ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  /** The highest line number Monaco shows. */
  async lastVisibleLineNumber(): Promise<number> {
    const root = await this.editorRoot();
    const numbers = await root.locator('.margin-view-overlays .line-numbers').allTextContents();
    return Math.max(0, ...numbers.map(Number).filter((n) => Number.isFinite(n)));
  }

  /** Types key by key (triggers completion). */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 30 });
  }

  get suggestWidget(): Locator {
    return this.page.locator('.suggest-widget.visible');
  }

  suggestion(label: string): Locator {
    return this.suggestWidget.locator('.monaco-list-row').filter({ hasText: label });
  }

  /** The text of the visible lines, as Monaco renders it (non-breaking spaces made plain). */
  async visibleText(): Promise<string> {
    const root = await this.editorRoot();
    const lines = await root.locator('.view-lines .view-line').evaluateAll((els) =>
      els
        .map((el) => ({ top: parseFloat((el as HTMLElement).style.top || '0'), text: el.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text.replace(/\u00a0/g, ' ')),
    );
    return lines.join('\n');
  }

  get problems(): Locator {
    return this.field.getByTestId('code-problems');
  }

  get errorSquiggles(): Locator {
    return this.inline.locator('.squiggly-error');
  }

  /** The 1-based line numbers that carry an error squiggle, from where Monaco draws them. */
  async linesWithErrors(): Promise<number[]> {
    const root = await this.editorRoot();
    return root.evaluate((el) => {
      const numbers = [...el.querySelectorAll('.margin-view-overlays .line-numbers')].map((n) => {
        const r = n.getBoundingClientRect();
        return { line: Number(n.textContent), mid: r.top + r.height / 2 };
      });
      const lines = new Set<number>();
      for (const s of el.querySelectorAll('.squiggly-error')) {
        const r = s.getBoundingClientRect();
        const hit = numbers.find((n) => n.mid >= r.top && n.mid <= r.bottom);
        if (hit) lines.add(hit.line);
      }
      return [...lines].sort((a, b) => a - b);
    });
  }

  // ---- large editor

  async openLarge(): Promise<void> {
    await this.field.getByTestId('code-expand').click();
    await expect(this.dialog).toBeVisible();
    await expect(this.large.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
  }

  // ---- test step

  get testPanel(): Locator {
    return this.page.getByTestId('test-step');
  }

  async setSample(sample: unknown): Promise<void> {
    await this.testPanel
      .getByTestId('test-step-sample')
      .fill(typeof sample === 'string' ? sample : JSON.stringify(sample, null, 2));
  }

  async runTest(): Promise<void> {
    await this.testPanel.getByTestId('test-step-run').click();
  }

  get testStatus(): Locator {
    return this.testPanel.getByTestId('test-step-status');
  }

  get testValue(): Locator {
    return this.testPanel.getByTestId('test-step-value');
  }

  get testError(): Locator {
    return this.testPanel.getByTestId('test-step-error');
  }

  get testLogs(): Locator {
    return this.testPanel.getByTestId('test-step-logs');
  }

  get sampleError(): Locator {
    return this.testPanel.getByTestId('test-step-sample-error');
  }
}
