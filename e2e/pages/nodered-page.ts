/**
 * Page object for the Node-RED journeys: a real Node-RED started by the spec (server/nodered/engine.ts),
 * connected through the connections dialog like a user would.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { ConnectionsPage } from './connections-page';

export class NodeRedPage {
  readonly conn: ConnectionsPage;
  constructor(readonly page: Page) {
    this.conn = new ConnectionsPage(page);
  }

  /** Adds a Node-RED connection, tests it, uses it. */
  async connect(name: string, url: string): Promise<void> {
    await this.conn.open();
    await this.conn.dialog.getByTestId('connection-add').click();
    await expect(this.conn.form).toBeVisible();
    await this.conn.form.getByTestId('connection-kind').selectOption({ label: 'Node-RED' });
    await this.conn.fillForm({ name, baseUrl: url });
    await expect(await this.conn.testForm()).toHaveText(/Node-RED 4\.1\.15/);
    await this.conn.saveForm();
    await this.conn.use(name);
    await this.conn.close();
    await this.conn.expectActive(`${name} (Node-RED)`);
  }

  /** A wire on the canvas: the `index`-th wire of `source`'s output `port` (the mapping's edge id). */
  wire(source: string, port: number, index: number, target: string): Locator {
    return this.page.locator(`[data-testid="rf__edge-${source}:${port}:${index}:${target}"]`);
  }
}
