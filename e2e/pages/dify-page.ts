/**
 * Page object for Dify journeys: the Dify test server (started by the spec on a free port) and its admin
 * endpoints, and connecting it through the connections dialog.
 */
import { expect, type Page } from '@playwright/test';
import { startDifyServer, type DifyServer, type DifyServerOptions } from '../../server/dify/server';
import { ConnectionsPage } from './connections-page';

export async function startDify(opts: DifyServerOptions = {}): Promise<DifyServer> {
  return startDifyServer({ port: 0, host: '127.0.0.1', stepMs: 60, chunkMs: 30, pingMs: 2000, ...opts });
}

export class DifyPage {
  readonly conn: ConnectionsPage;

  constructor(
    readonly page: Page,
    readonly server: DifyServer,
  ) {
    this.conn = new ConnectionsPage(page);
  }

  /** Adds a Dify connection with the given apps' keys (by slug), tests it, saves it and makes it active. */
  async connect(name: string, slugs: string[], expectSummary: RegExp): Promise<void> {
    const c = this.conn;
    await c.open();
    await c.dialog.getByTestId('connection-add').click();
    await expect(c.form).toBeVisible();
    await c.form.getByTestId('connection-kind').selectOption('dify');
    await c.form.getByTestId('connection-name').fill(name);
    await c.setting('API base URL').fill(this.server.apiUrl);
    await c.setting('App API keys').fill(slugs.map((s) => this.server.keyOf(s)).join(', '));
    await expect(await c.testForm()).toHaveText(expectSummary);
    await c.saveForm();
    await c.use(name);
    await c.close();
  }
}
