/**
 * Page object for the library sidebar, the versions dialog and the conflict dialog. Journeys talk to them
 * through this, so the test ids and roles live in one place.
 */
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export interface FileSpec {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class LibraryPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('library');
  }

  get tree(): Locator {
    return this.page.getByRole('tree', { name: /folders|文件夹/i });
  }

  folder(name: string): Locator {
    return this.tree.getByRole('treeitem', { name, exact: true });
  }

  get allFlows(): Locator {
    return this.page.getByTestId('folder-all');
  }

  async selectFolder(name: string | null): Promise<void> {
    const item = name === null ? this.allFlows : this.folder(name);
    await item.click();
    await expect(item).toHaveAttribute('aria-selected', 'true');
  }

  /** Creates a folder inside `parent` (selected first), or at the top level. */
  async newFolder(name: string, parent: string | null = null): Promise<void> {
    await this.selectFolder(parent);
    await this.page.getByTestId('new-folder').click();
    await this.page.getByTestId('new-folder-name').fill(name);
    await this.page.getByTestId('new-folder-create').click();
    await expect(this.folder(name)).toBeVisible();
  }

  /** `name:level` of every visible tree item, top to bottom. */
  async treeOutline(): Promise<string[]> {
    return this.tree
      .getByTestId('folder-item')
      .evaluateAll((els) => els.map((el) => `${el.getAttribute('aria-label')}:${el.getAttribute('aria-level')}`));
  }

  /**
   * Creates a flow in the selected folder and names it. Unlike `AppPage.newFlow` it waits for the new flow's
   * editor (the URL changes), so the rename never lands on the flow that was open before.
   */
  async createFlow(name: string): Promise<void> {
    const before = this.page.url();
    await this.page.getByTestId('new-flow').click();
    // A new flow asks for its name before it is created.
    const dialog = this.page.getByTestId('new-flow-dialog');
    await dialog.getByTestId('new-flow-name').fill(name);
    await dialog.getByTestId('new-flow-create').click();
    await expect(this.page).not.toHaveURL(before);
    const title = this.page.getByRole('textbox', { name: /flow name|流程名称/i });
    await expect(title).toHaveValue(name);
    await expect(this.page.getByTestId('save-status')).toHaveText(/All changes saved|所有更改已保存/, { timeout: 10_000 });
    await expect(this.flowRow(name).or(this.page.getByTestId('flow-list-empty'))).toBeVisible();
  }

  flowRow(name: string): Locator {
    return this.page.getByTestId('flow-row').filter({ has: this.page.locator('.fb-flow-name').getByText(name, { exact: true }) });
  }

  /** Names of the flows the list shows, top to bottom. */
  async flowNames(): Promise<string[]> {
    return this.page.getByTestId('flow-list').locator('.fb-flow-name').allTextContents();
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('library-search').fill(text);
  }

  async dragFlowToFolder(flow: string, folder: string): Promise<void> {
    await this.flowRow(flow).dragTo(this.folder(folder));
  }

  async dragFolderToFolder(folder: string, target: string): Promise<void> {
    await this.folder(folder).dragTo(this.folder(target));
  }

  /** Moves a flow with the keyboard only: Tab to its menu, Enter, "Move to…", arrows in the dialog, Enter. */
  async moveFlowByKeyboard(flow: string, folder: string): Promise<void> {
    await this.flowRow(flow).getByTestId('flow-item').focus();
    await this.page.keyboard.press('Tab');
    await expect(this.flowRow(flow).getByTestId('flow-menu')).toBeFocused();
    await this.page.keyboard.press('Enter');
    const menu = this.page.getByRole('menu');
    await expect(menu).toBeVisible();
    const item = menu.getByRole('menuitem', { name: /Move to/ });
    for (let i = 0; i < 8 && !(await item.evaluate((el) => el === document.activeElement)); i++) await this.page.keyboard.press('ArrowDown');
    await expect(item).toBeFocused();
    await this.page.keyboard.press('Enter');
    const dialog = this.page.getByTestId('move-dialog');
    await expect(dialog).toBeVisible();
    const radio = dialog.getByRole('radio', { name: new RegExp(`^(📁 )?${folder}$`) });
    for (let i = 0; i < 30 && !(await radio.isChecked()); i++) await this.page.keyboard.press('ArrowDown');
    await expect(radio).toBeChecked();
    await this.page.keyboard.press('Tab'); // Cancel
    await this.page.keyboard.press('Tab'); // Move
    await expect(dialog.getByTestId('move-confirm')).toBeFocused();
    await this.page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
  }

  /** Opens a folder's actions with the keyboard (Shift+F10 on its tree item). */
  async openFolderMenu(name: string): Promise<Locator> {
    await this.folder(name).focus();
    await this.page.keyboard.press('Shift+F10');
    const menu = this.page.getByRole('menu');
    await expect(menu).toBeVisible();
    return menu;
  }

  async exportFolderZip(name: string): Promise<Download> {
    const menu = await this.openFolderMenu(name);
    const download = this.page.waitForEvent('download');
    await menu.getByRole('menuitem', { name: 'Export as ZIP' }).click();
    return download;
  }

  /** Picks files for import (into `folder`, or the one selected) and waits for the preview. */
  async pickImport(files: FileSpec[] | string[]): Promise<Locator> {
    await this.page.getByTestId('import-input').setInputFiles(files as FileSpec[]);
    return this.importDialog();
  }

  async importDialog(): Promise<Locator> {
    const dialog = this.page.getByTestId('import-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('import-preview').or(dialog.getByRole('alert'))).toBeVisible();
    return dialog;
  }

  /** Drops files from "the desktop" onto a folder (or the library), as a real HTML5 file drop. */
  async dropFiles(files: Array<{ name: string; mimeType: string; base64: string }>, target: Locator = this.root): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle((specs) => {
      const dt = new DataTransfer();
      for (const f of specs) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: f.mimeType }));
      }
      return dt;
    }, files);
    await target.dispatchEvent('dragenter', { dataTransfer });
    await target.dispatchEvent('dragover', { dataTransfer });
    await target.dispatchEvent('drop', { dataTransfer });
  }

  get undoBar(): Locator {
    return this.page.getByTestId('undo-bar');
  }

  // ---- versions

  get publishState(): Locator {
    return this.page.getByTestId('publish-state');
  }

  async publish(note: string): Promise<void> {
    await this.page.getByTestId('publish').click();
    const dialog = this.page.getByTestId('publish-dialog');
    await dialog.getByTestId('publish-note').fill(note);
    await dialog.getByTestId('publish-confirm').click();
    await expect(dialog).toBeHidden();
    await expect(this.publishState).toHaveAttribute('data-state', 'published');
  }

  async openVersions(): Promise<Locator> {
    await this.page.getByTestId('versions-button').click();
    const dialog = this.page.getByTestId('versions-dialog');
    await expect(dialog.getByTestId('versions-list')).toBeVisible();
    return dialog;
  }

  diffRow(scope: Locator, title: string): Locator {
    return scope.getByTestId('diff-row').filter({ has: this.page.locator('.fb-vdiff-row-title').getByText(title, { exact: true }) });
  }

  // ---- conflicts

  get conflictDialog(): Locator {
    return this.page.getByTestId('conflict-dialog');
  }
}
