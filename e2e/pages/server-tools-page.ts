/**
 * Page object for what a backend's server offers beyond flows and runs: the password prompt, the preview of
 * a server-rendered export (read-only Monaco, then download) and the webhooks dialog.
 */
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export class ServerToolsPage {
  constructor(readonly page: Page) {}

  // ---- password prompt

  get prompt(): Locator {
    return this.page.getByTestId('secret-prompt');
  }

  async answerPrompt(secret: string): Promise<void> {
    await expect(this.prompt).toBeVisible({ timeout: 20_000 });
    await this.prompt.getByTestId('secret-prompt-input').fill(secret);
    await this.prompt.getByTestId('secret-prompt-submit').click();
  }

  // ---- export preview

  get preview(): Locator {
    return this.page.getByTestId('export-preview');
  }

  /** "Export as <format>…" in a library row's menu. */
  async openPreview(flowName: string, format: string): Promise<Locator> {
    await this.page.getByTestId('flow-row').filter({ hasText: flowName }).getByTestId('flow-menu').click();
    await this.page.getByTestId(`flow-server-export-${format}`).click();
    await expect(this.preview).toBeVisible();
    return this.preview;
  }

  /** The Monaco view once it has loaded (the plain text shows until then). */
  get monaco(): Locator {
    return this.preview.getByTestId('code-view').locator('.monaco-editor');
  }

  async download(): Promise<Download> {
    const downloading = this.page.waitForEvent('download');
    await this.preview.getByTestId('export-preview-download').click();
    return downloading;
  }

  // ---- webhooks

  get webhooks(): Locator {
    return this.page.getByTestId('webhooks-dialog');
  }

  async openWebhooks(): Promise<Locator> {
    await this.page.getByTestId('webhooks-button').click();
    await expect(this.webhooks).toBeVisible();
    return this.webhooks;
  }

  webhookRows(): Locator {
    return this.webhooks.getByTestId('webhook-row');
  }

  async addWebhook(url: string, opts: { events?: Record<string, boolean>; secret?: string } = {}): Promise<void> {
    const form = this.webhooks.getByTestId('webhook-form');
    await form.getByTestId('webhook-url').fill(url);
    for (const [event, on] of Object.entries(opts.events ?? {})) await form.getByTestId(`webhook-event-${event}`).setChecked(on);
    if (opts.secret !== undefined) await form.getByTestId('webhook-secret-input').fill(opts.secret);
    await form.getByTestId('webhook-create').click();
  }
}
