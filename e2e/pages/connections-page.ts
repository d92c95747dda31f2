/**
 * Page object for the backend switcher, the connections dialog and the vFlow test server's admin endpoints.
 * Journeys talk to them through this, so test ids and roles live in one place.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const VFLOW_URL = `http://127.0.0.1:${process.env.FB_VFLOW_PORT ?? 8787}`;

export interface ConnectionSpec {
  name: string;
  baseUrl: string;
  deviceName?: string;
}

/** The vFlow test server's admin API (not part of the vFlow document). */
export const vflowAdmin = {
  async reset(): Promise<void> {
    await post('/__admin/reset', null);
  },
  /** `{}` clears every fault. Regexes go as strings (matched against the request path). */
  async faults(faults: Record<string, unknown>): Promise<void> {
    await post('/__admin/faults', faults);
  },
  async expireTokens(): Promise<void> {
    await post('/__admin/expire-tokens', null);
  },
  /** A workflow as the device stores it (a token of its own, so the browser's session is not touched). */
  async workflow(id: string): Promise<Record<string, unknown>> {
    const token = await api<{ token: string }>('POST', '/auth/token', null, {
      deviceId: 'e2e-inspector',
      deviceName: 'Playwright',
      timestamp: Date.now(),
    });
    try {
      return await api<Record<string, unknown>>('GET', `/workflows/${encodeURIComponent(id)}`, token.token);
    } finally {
      await api('POST', '/auth/revoke', token.token).catch(() => undefined);
    }
  },
};

async function post(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${VFLOW_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === null ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
}

async function api<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${VFLOW_URL}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const env = (await res.json()) as { code: number; message: string; data: T };
  if (!res.ok || env.code !== 0) throw new Error(`${method} ${path}: ${res.status} ${env.message}`);
  return env.data;
}

export class ConnectionsPage {
  constructor(readonly page: Page) {}

  get switcher(): Locator {
    return this.page.getByTestId('backend-select');
  }

  get chip(): Locator {
    return this.page.getByTestId('connection-chip');
  }

  get dialog(): Locator {
    return this.page.getByTestId('connections-dialog');
  }

  get problem(): Locator {
    return this.page.getByTestId('connection-problem');
  }

  async open(): Promise<Locator> {
    await this.page.getByTestId('connections-button').click();
    await expect(this.dialog).toBeVisible();
    return this.dialog;
  }

  async close(): Promise<void> {
    await this.dialog.getByTestId('connections-close').click();
    await expect(this.dialog).toBeHidden();
  }

  item(name: string): Locator {
    return this.dialog
      .getByTestId('connection-item')
      .filter({ has: this.page.locator('.fb-conn-name').getByText(name, { exact: true }) });
  }

  get form(): Locator {
    return this.dialog.getByTestId('connection-form');
  }

  /** A setting of the connection form by its label (the settings come from the kind's descriptor). */
  setting(label: string): Locator {
    return this.form.getByLabel(new RegExp(`^${label}`));
  }

  /** The error shown under a setting of the form. */
  fieldError(label: string): Locator {
    // `has` is relative to each field, so it is built from the page, not from the form.
    return this.form
      .locator('.fb-field', { has: this.page.getByLabel(new RegExp(`^${label}`)) })
      .locator('.fb-field__error');
  }

  /** Fills the add / edit form (the dialog must show it). */
  async fillForm(spec: Partial<ConnectionSpec>): Promise<void> {
    if (spec.name !== undefined) await this.form.getByTestId('connection-name').fill(spec.name);
    if (spec.baseUrl !== undefined) await this.setting('Address').fill(spec.baseUrl);
    if (spec.deviceName !== undefined) await this.setting('Device name').fill(spec.deviceName);
  }

  /** Opens the add form and fills it; `test` clicks "Test connection" and returns the result line. */
  async startAdd(spec: ConnectionSpec): Promise<void> {
    await this.dialog.getByTestId('connection-add').click();
    await expect(this.form).toBeVisible();
    await this.fillForm(spec);
  }

  async testForm(): Promise<Locator> {
    await this.form.getByTestId('connection-form-test').click();
    const result = this.form.getByTestId('connection-form-test-result');
    await expect(result).toHaveAttribute('data-ok', /true|false/, { timeout: 20_000 });
    return result;
  }

  async saveForm(): Promise<void> {
    await this.form.getByTestId('connection-form-save').click();
    await expect(this.form).toBeHidden();
  }

  /** Adds a connection through the dialog (opened if needed). */
  async add(spec: ConnectionSpec): Promise<void> {
    if (!(await this.dialog.isVisible())) await this.open();
    await this.startAdd(spec);
    await this.saveForm();
    await expect(this.item(spec.name)).toBeVisible();
  }

  /** "Use" on a connection's row: connects if needed and makes it the active backend. */
  async use(name: string): Promise<void> {
    await this.item(name).getByTestId('connection-use').click();
    await expect(this.item(name)).toHaveAttribute('aria-current', 'true', { timeout: 20_000 });
  }

  async testSaved(name: string): Promise<Locator> {
    await this.item(name).getByTestId('connection-test').click();
    const result = this.item(name).getByTestId('connection-test-result');
    await expect(result).toHaveAttribute('data-ok', /true|false/, { timeout: 20_000 });
    return result;
  }

  async details(name: string): Promise<Locator> {
    await this.item(name).getByTestId('connection-details').click();
    const info = this.dialog.getByTestId('connection-info');
    await expect(info).toBeVisible();
    return info;
  }

  async back(): Promise<void> {
    await this.dialog.getByTestId('connection-back').click();
    await expect(this.dialog.getByTestId('connection-list')).toBeVisible();
  }

  async remove(name: string): Promise<void> {
    await this.item(name).getByTestId('connection-delete').click();
    await this.item(name).getByTestId('connection-delete-yes').click();
    await expect(this.item(name)).toHaveCount(0);
  }

  /** Picks a backend in the top bar by its option text ("Local (this browser)", "<name> (vFlow)"). */
  async switchTo(label: string): Promise<void> {
    await this.switcher.selectOption({ label });
  }

  async expectActive(label: string): Promise<void> {
    await expect(this.switcher.locator('option:checked')).toHaveText(label);
  }

  // ---- library browsing (nested folders)

  get tree(): Locator {
    return this.page.getByRole('tree', { name: /folders|文件夹/i });
  }

  folder(name: string): Locator {
    return this.tree.getByRole('treeitem', { name, exact: true });
  }

  /** Expands a folder with the keyboard (ArrowRight on its tree item). */
  async expandFolder(name: string): Promise<void> {
    const item = this.folder(name);
    if ((await item.getAttribute('aria-expanded')) === 'true') return;
    await item.focus();
    await this.page.keyboard.press('ArrowRight');
    await expect(item).toHaveAttribute('aria-expanded', 'true');
  }

  async selectFolder(name: string): Promise<void> {
    await this.folder(name).click();
    await expect(this.folder(name)).toHaveAttribute('aria-selected', 'true');
  }

  /** The tokens this tab keeps in sessionStorage for connections (to prove they stay out of everything else). */
  async sessionTokens(): Promise<string[]> {
    return this.page.evaluate(() => {
      const out: string[] = [];
      for (let i = 0; i < sessionStorage.length; i++) {
        const key = sessionStorage.key(i) ?? '';
        if (!key.startsWith('flowbench.session.') || !key.endsWith('.tokens')) continue;
        const v = JSON.parse(sessionStorage.getItem(key) ?? 'null') as {
          token?: string;
          refreshToken?: string;
        } | null;
        if (v?.token) out.push(v.token);
        if (v?.refreshToken) out.push(v.refreshToken);
      }
      return out;
    });
  }

  async localStorageText(): Promise<string> {
    return this.page.evaluate(() => JSON.stringify({ ...localStorage }));
  }
}
