/**
 * SkillFlaw journeys' helpers: a test server started by the spec (port 0, seeded with a starter project), and
 * the connection form filled for the SkillFlaw kind. Everything else goes through the shared page objects.
 */
import { expect, type Page } from '@playwright/test';
import { startSkillflawServer, type SkillflawServer } from '../../server/skillflaw/server';
import { STARTERS } from '../../server/skillflaw/starter-flows';
import { ConnectionsPage } from './connections-page';

export async function startSeededSkillflaw(): Promise<SkillflawServer> {
  const server = await startSkillflawServer({ port: 0, tokenDelayMs: 20 });
  const user = server.store.userByName('skillflaw')!;
  const project = server.store.createProject(user.id, { name: 'Starter Project' });
  for (const s of STARTERS) server.store.createFlow(user.id, { id: s.id, name: s.name, description: s.description, data: s.data(), project_id: project.id });
  return server;
}

export class SkillflawConnection {
  readonly conn: ConnectionsPage;
  constructor(readonly page: Page) {
    this.conn = new ConnectionsPage(page);
  }

  /** Adds the server as a SkillFlaw connection, tests it and makes it the active backend. */
  async connect(name: string, url: string): Promise<void> {
    const c = this.conn;
    await c.open();
    await c.dialog.getByTestId('connection-add').click();
    await expect(c.form).toBeVisible();
    await c.form.getByTestId('connection-kind').selectOption('skillflaw');
    await c.form.getByTestId('connection-name').fill(name);
    await c.setting('Server URL').fill(url);
    await c.setting('Username').fill('skillflaw');
    await c.setting('Password').fill('skillflaw');
    await expect(await c.testForm()).toHaveText(/SkillFlaw 0\.1\.0 · skillflaw/);
    await c.saveForm();
    await c.use(name);
    await c.close();
  }
}
