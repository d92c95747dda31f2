/**
 * Library journeys: a nested folder tree, moving and searching flows, versions (publish, diff, roll back),
 * export/import, malformed imports, and conflicts between two tabs.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { ConsoleMessage, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { LibraryPage } from './pages/library-page';

async function setFlowSettings(page: Page, opts: { description?: string; tags?: string }) {
  if (opts.description !== undefined) await page.getByRole('textbox', { name: 'Description' }).fill(opts.description);
  if (opts.tags !== undefined) await page.getByRole('textbox', { name: /^Tags/ }).fill(opts.tags);
  await new AppPage(page).waitSaved();
}

function flowFile(id: string, name: string): string {
  const flow = { schemaVersion: 1, id, name, description: '', tags: [], structure: 'blocks', steps: {}, root: [], edges: [], notes: [], inputs: [], dialect: 'local' };
  return JSON.stringify({ format: 'flowbench/flow', version: 1, flow });
}

test('build a nested folder tree, create flows in it, move them by drag and by keyboard, search, favourites', async ({ page, guards }) => {
  const app = new AppPage(page);
  const lib = new LibraryPage(page);
  await app.goto();

  await lib.newFolder('Projects');
  await lib.newFolder('Alpha', 'Projects');
  await lib.newFolder('Beta', 'Projects');
  await expect.poll(() => lib.treeOutline()).toEqual(['Projects:1', 'Alpha:2', 'Beta:2']);

  await lib.selectFolder('Alpha');
  await lib.createFlow('Invoice sync');
  await setFlowSettings(page, { description: 'Pulls customer invoices every night', tags: 'billing, nightly' });
  await lib.selectFolder('Projects');
  await lib.createFlow('Report builder');
  await lib.selectFolder(null);
  await lib.createFlow('Loose flow');

  // Each folder lists its own flows; tags show on the row.
  await lib.selectFolder('Alpha');
  await expect.poll(() => lib.flowNames()).toEqual(['Invoice sync']);
  await expect(lib.flowRow('Invoice sync').locator('.fb-tag')).toHaveText(['billing', 'nightly']);
  await guards.checkA11y();

  // Drag "Loose flow" from All flows onto Beta.
  await lib.selectFolder(null);
  await lib.dragFlowToFolder('Loose flow', 'Beta');
  await lib.selectFolder('Beta');
  await expect.poll(() => lib.flowNames()).toEqual(['Loose flow']);

  // Keyboard: "Report builder" from Projects to Alpha through its menu and the Move dialog.
  await lib.selectFolder('Projects');
  await lib.moveFlowByKeyboard('Report builder', 'Alpha');
  await expect.poll(() => lib.flowNames()).toEqual([]);
  await lib.selectFolder('Alpha');
  await expect.poll(() => lib.flowNames()).toEqual(['Invoice sync', 'Report builder']);

  // Search by name, description and tag, across every folder.
  await lib.selectFolder(null);
  await lib.search('billing');
  await expect.poll(() => lib.flowNames()).toEqual(['Invoice sync']);
  await lib.search('customer invoices');
  await expect.poll(() => lib.flowNames()).toEqual(['Invoice sync']);
  await lib.search('report');
  await expect.poll(() => lib.flowNames()).toEqual(['Report builder']);
  await lib.search('nothing like this');
  await expect(page.getByTestId('flow-list-empty')).toBeVisible();
  await lib.search('');

  // Favourites: star one, filter.
  await lib.flowRow('Report builder').getByTestId('flow-favourite').click();
  await expect(lib.flowRow('Report builder').getByTestId('flow-favourite')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('favourites-only').click();
  await expect.poll(() => lib.flowNames()).toEqual(['Report builder']);
  await page.getByTestId('favourites-only').click();

  // Folders move too: drag Beta into Alpha, then rename it with F2.
  await lib.dragFolderToFolder('Beta', 'Alpha');
  await expect.poll(() => lib.treeOutline()).toEqual(['Projects:1', 'Alpha:2', 'Beta:3']);
  await lib.folder('Beta').focus();
  await page.keyboard.press('F2');
  await page.getByTestId('folder-rename').fill('Gamma');
  await page.keyboard.press('Enter');
  await expect(lib.folder('Gamma')).toBeVisible();
  await expect(lib.folder('Gamma')).toBeFocused();

  // Tree keyboard: arrows walk and fold.
  await page.keyboard.press('ArrowUp');
  await expect(lib.folder('Alpha')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(lib.folder('Alpha')).toHaveAttribute('aria-expanded', 'false');
  await expect(lib.folder('Gamma')).toBeHidden();
  await page.keyboard.press('ArrowRight');
  await expect(lib.folder('Gamma')).toBeVisible();

  // Delete Gamma with its contents (confirmed), then undo.
  await lib.folder('Gamma').focus();
  await page.keyboard.press('Delete');
  const dialog = page.getByTestId('delete-folder-dialog');
  await expect(dialog).toBeVisible();
  await guards.checkA11y();
  await dialog.getByTestId('delete-mode-delete').check();
  await dialog.getByTestId('delete-folder-confirm').click();
  await expect(lib.folder('Gamma')).toHaveCount(0);
  await lib.selectFolder(null);
  await expect.poll(() => lib.flowNames()).not.toContain('Loose flow');
  await expect(lib.undoBar).toContainText('Gamma');
  await lib.undoBar.getByTestId('undo-delete').click();
  await expect(lib.folder('Gamma')).toBeVisible();
  await lib.selectFolder('Gamma');
  await expect.poll(() => lib.flowNames()).toEqual(['Loose flow']);
});

test('batch: select flows, move them, disable them, delete them (confirmed) and undo', async ({ page, guards }) => {
  const app = new AppPage(page);
  const lib = new LibraryPage(page);
  await app.goto();
  await lib.newFolder('Batch target');
  await lib.selectFolder(null);
  for (const name of ['Batch one', 'Batch two', 'Batch three']) {
    await lib.selectFolder(null);
    await lib.createFlow(name);
  }
  await lib.selectFolder(null);
  await expect.poll(() => lib.flowNames()).toEqual(['Batch one', 'Batch three', 'Batch two']);
  await page.getByTestId('library-sort').selectOption('modifiedAt');
  await expect.poll(() => lib.flowNames()).toEqual(['Batch three', 'Batch two', 'Batch one']);
  await page.getByTestId('library-sort').selectOption('name');

  // Duplicate through the row's menu: the copy opens.
  await lib.flowRow('Batch three').getByTestId('flow-menu').click();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(page.getByRole('textbox', { name: 'Flow name' })).toHaveValue('Batch three (copy)');
  await expect.poll(() => lib.flowNames()).toEqual(['Batch one', 'Batch three', 'Batch three (copy)', 'Batch two']);

  await lib.flowRow('Batch one').getByTestId('flow-check').check();
  await lib.flowRow('Batch two').getByTestId('flow-check').check();
  await expect(page.getByTestId('batch-bar')).toContainText('2 selected');

  // Export the selection as one JSON bundle.
  await page.getByTestId('batch-export').click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export as JSON' }).click();
  const bundlePath = test.info().outputPath('bundle.json');
  await (await download).saveAs(bundlePath);
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as { format: string; flows: Array<{ name: string }> };
  expect(bundle.format).toBe('flowbench/bundle');
  expect(bundle.flows.map((f) => f.name).sort()).toEqual(['Batch one', 'Batch two']);
  await page.getByTestId('batch-disable').click();
  await expect(lib.flowRow('Batch one')).toContainText('disabled');
  await expect(lib.flowRow('Batch three')).not.toContainText('disabled');

  await page.getByTestId('batch-move').click();
  const move = page.getByTestId('move-dialog');
  await guards.checkA11y();
  await move.getByRole('radio', { name: /Batch target/ }).check();
  await move.getByTestId('move-confirm').click();
  await lib.selectFolder('Batch target');
  await expect.poll(() => lib.flowNames()).toEqual(['Batch one', 'Batch two']);

  await page.getByTestId('select-all').check();
  await page.getByTestId('batch-delete').click();
  const confirm = page.getByTestId('delete-flows-dialog');
  await expect(confirm).toContainText('Delete 2 flows?');
  await confirm.getByTestId('delete-flows-confirm').click();
  await expect.poll(() => lib.flowNames()).toEqual([]);
  await lib.undoBar.getByTestId('undo-delete').click();
  await expect.poll(() => lib.flowNames()).toEqual(['Batch one', 'Batch two']);
  await expect(lib.flowRow('Batch one')).toContainText('disabled');
});

test('publish with a note, edit, diff draft vs published, view a version read-only, roll back', async ({ page, guards }) => {
  const app = new AppPage(page);
  const lib = new LibraryPage(page);
  await app.goto();
  await lib.createFlow('Versioned flow');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('Log');
  await app.waitSaved();
  await expect(lib.publishState).toHaveAttribute('data-state', 'never');
  await lib.publish('First release');

  // Edit after publishing: the draft now differs.
  await app.row('Log').click();
  await page.getByTestId('step-title').fill('Say hello');
  await app.waitSaved();
  await expect(lib.publishState).toHaveAttribute('data-state', 'changed');

  const versions = await lib.openVersions();
  await guards.checkA11y();
  const published = versions.getByTestId('version-row').filter({ has: page.getByTestId('published-badge') });
  await expect(published).toHaveCount(1);
  await expect(published.getByTestId('version-note')).toHaveText('First release');
  await versions.getByTestId('compare-draft-published').click();
  const diff = versions.getByTestId('diff-view');
  await expect(diff.getByTestId('diff-summary')).toHaveText('0 added, 0 removed, 1 changed, 0 moved');
  await expect(lib.diffRow(diff, 'Say hello')).toHaveAttribute('data-mark', 'changed');
  await expect(lib.diffRow(diff, 'Manual trigger')).toHaveAttribute('data-mark', 'unchanged');
  const title = diff.getByTestId('diff-field').filter({ hasText: 'title' });
  await expect(title).toContainText('"Log"');
  await expect(title).toContainText('"Say hello"');
  await guards.checkA11y();
  await diff.getByTestId('diff-tab-graph').click();
  const changedNode = diff.locator('[data-testid="diff-node"][data-mark="changed"]');
  await expect(changedNode).toHaveCount(1);
  await expect(changedNode).toContainText('Say hello');
  await expect(diff.getByTestId('diff-legend')).toContainText('Changed');
  await guards.checkA11y();

  // A version opens read-only: its steps, nothing to edit.
  await versions.getByTestId('versions-back').click();
  await published.getByTestId('version-view').click();
  const preview = versions.getByTestId('version-preview');
  await expect(lib.diffRow(preview, 'Log')).toBeVisible();
  await expect(preview.locator('input, textarea, [contenteditable="true"]')).toHaveCount(0);

  // A named version lands in the history.
  await versions.getByTestId('versions-back').click();
  await versions.getByTestId('version-name').fill('v1.1-draft');
  await versions.getByTestId('version-note-input').fill('Before roll back');
  await versions.getByTestId('version-create').click();
  await expect(versions.getByTestId('version-row').filter({ hasText: 'v1.1-draft' })).toBeVisible();

  // Roll back: the draft returns to the published version, the replaced draft is kept as a version.
  const before = await versions.getByTestId('version-row').count();
  await versions.getByTestId('revert-draft').click();
  await expect(versions).toBeHidden();
  await expect(app.row('Log')).toBeVisible();
  await app.waitSaved();
  await expect(lib.publishState).toHaveAttribute('data-state', 'published');
  const after = await lib.openVersions();
  await expect(after.getByTestId('version-row')).toHaveCount(before + 1);
  await expect(after.getByTestId('version-row').first()).toContainText('Before restoring');
  await page.keyboard.press('Escape');

  // The roll back is one undoable step in the editor.
  await page.getByTestId('undo').click();
  await expect(app.row('Say hello')).toBeVisible();
  await app.waitSaved();
});

test('export a folder as ZIP and import it into another folder with a preview and a report', async ({ page, guards }) => {
  const app = new AppPage(page);
  const lib = new LibraryPage(page);
  await app.goto();
  await lib.newFolder('Export me');
  await lib.newFolder('Inner', 'Export me');
  await lib.newFolder('Archive');
  await lib.selectFolder('Export me');
  await lib.createFlow('Exp A');
  await lib.selectFolder('Inner');
  await lib.createFlow('Exp B');

  const download = await lib.exportFolderZip('Export me');
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const zipPath = test.info().outputPath('export.zip');
  await download.saveAs(zipPath);
  const entries = unzipSync(readFileSync(zipPath));
  expect(Object.keys(entries).sort()).toEqual(['Export me/Exp A.json', 'Export me/Inner/Exp B.json']);
  expect(JSON.parse(strFromU8(entries['Export me/Inner/Exp B.json']!)).flow.name).toBe('Exp B');

  // While the originals are here, the same flows would only be skipped: nothing to import.
  await lib.selectFolder('Archive');
  const archiveId = (await lib.folder('Archive').getAttribute('data-folder-id')) ?? '';
  let dialog = await lib.pickImport([zipPath]);
  await expect(dialog.getByTestId('import-target')).toHaveValue(archiveId);
  await expect(dialog.getByTestId('import-entry')).toHaveCount(2);
  await expect(dialog.locator('[data-testid="import-entry"][data-status="skipped"]')).toHaveCount(2);
  await expect(dialog.getByTestId('import-confirm')).toBeDisabled();
  await page.keyboard.press('Escape');

  // Archive the originals away, then bring them back into Archive.
  await lib.folder('Export me').focus();
  await page.keyboard.press('Delete');
  await page.getByTestId('delete-mode-delete').check();
  await page.getByTestId('delete-folder-confirm').click();
  await expect(lib.folder('Export me')).toHaveCount(0);

  dialog = await lib.pickImport([zipPath]);
  await expect(dialog.locator('[data-testid="import-entry"][data-status="imported"]')).toHaveCount(2);
  await expect(dialog.getByTestId('import-summary')).toHaveText('2 flows will be imported.');
  await guards.checkA11y();
  await dialog.getByTestId('import-confirm').click();
  await expect(dialog.getByTestId('import-report-summary')).toHaveText('Imported: 2. Skipped: 0. Refused files: 0.');
  await expect(dialog.getByTestId('import-report').locator('[data-status="imported"]')).toHaveCount(2);
  await dialog.getByTestId('import-done').click();

  await expect.poll(() => lib.treeOutline()).toEqual(['Archive:1', 'Export me:2']);
  await lib.folder('Export me').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => lib.treeOutline()).toEqual(['Archive:1', 'Export me:2', 'Inner:3']);
  await lib.selectFolder('Inner');
  await expect.poll(() => lib.flowNames()).toEqual(['Exp B']);
  await lib.selectFolder('Export me');
  await expect.poll(() => lib.flowNames()).toEqual(['Exp A']);
});

test('malformed import files are refused with a clear report and nothing changes', async ({ page, guards }) => {
  const app = new AppPage(page);
  const lib = new LibraryPage(page);
  await app.goto();
  await lib.createFlow('Already here');
  await lib.selectFolder(null);
  const before = await lib.flowNames();

  // A file that is not JSON.
  let dialog = await lib.pickImport([{ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{ "format": "flowbench/flow", ') }]);
  await expect(dialog.getByTestId('import-file')).toHaveAttribute('data-refused', 'true');
  await expect(dialog.getByTestId('import-entry')).toContainText(/not valid JSON/);
  await expect(dialog.getByTestId('import-confirm')).toBeDisabled();
  await guards.checkA11y();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // A ZIP with one good and one bad file, dropped on the library: refused whole.
  const zip = zipSync({ 'good.json': strToU8(flowFile('flow_e2e_zip_good', 'Zip good')), 'bad.json': strToU8('{"format":"flowbench/flow","version":1,"flow":{"steps":7}}') });
  await lib.dropFiles([{ name: 'mixed.zip', mimeType: 'application/zip', base64: Buffer.from(zip).toString('base64') }]);
  dialog = await lib.importDialog();
  await expect(dialog.getByTestId('import-file')).toHaveAttribute('data-refused', 'true');
  await expect(dialog.locator('[data-testid="import-entry"][data-status="error"]')).toContainText('mixed.zip/bad.json');
  await expect(dialog.getByTestId('import-confirm')).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // A good file next to a bad one: only the good one is written; the report names the refused one.
  dialog = await lib.pickImport([
    { name: 'fine.json', mimeType: 'application/json', buffer: Buffer.from(flowFile('flow_e2e_fine', 'Fine import')) },
    { name: 'nonsense.json', mimeType: 'application/json', buffer: Buffer.from('[1, 2, 3]') },
  ]);
  await expect(dialog.getByTestId('import-summary')).toContainText('1 flow will be imported');
  await dialog.getByTestId('import-confirm').click();
  await expect(dialog.getByTestId('import-report-summary')).toHaveText('Imported: 1. Skipped: 0. Refused files: 1.');
  await expect(dialog.getByTestId('import-refused')).toContainText('nonsense.json');
  await dialog.getByTestId('import-done').click();
  await expect.poll(() => lib.flowNames()).toEqual([...before, 'Fine import'].sort((a, b) => a.localeCompare(b)));
  await expect(page.getByText('Zip good')).toHaveCount(0);
});

// ---- conflicts between two tabs

/** Two tabs on one flow; both edit the Log step's title; the second tab's save conflicts. */
async function makeConflict(page: Page, flowName: string) {
  const app = new AppPage(page);
  const lib = new LibraryPage(page);
  await app.goto();
  await lib.createFlow(flowName);
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Log');
  await app.waitSaved();
  const url = page.url();

  const other = await page.context().newPage();
  const otherErrors: string[] = [];
  other.on('console', (m: ConsoleMessage) => m.type() === 'error' && otherErrors.push(m.text()));
  other.on('pageerror', (e) => otherErrors.push(e.message));
  await other.goto(url);
  const otherApp = new AppPage(other);
  await expect(otherApp.editor).toBeVisible();

  // Theirs: saved first, in the other tab.
  await otherApp.row('Log').click();
  await other.getByTestId('step-title').fill('Theirs title');
  await otherApp.waitSaved();

  // Mine: this tab still works on the old revision.
  await app.row('Log').click();
  await page.getByTestId('step-title').fill('Mine title');
  await expect(lib.conflictDialog).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText(/conflict/i);
  const diff = lib.conflictDialog.getByTestId('conflict-diff');
  await expect(lib.diffRow(diff, 'Mine title')).toHaveAttribute('data-mark', 'changed');
  await expect(diff.getByTestId('diff-field').filter({ hasText: 'title' })).toContainText('"Theirs title"');
  return { app, lib, other, otherApp, otherErrors };
}

test('conflict: keep mine saves my version over theirs', async ({ page, guards }) => {
  const { app, lib, other, otherApp, otherErrors } = await makeConflict(page, 'Conflict keep');
  await guards.checkA11y();
  await lib.conflictDialog.getByTestId('conflict-keep-mine').click();
  await expect(lib.conflictDialog).toBeHidden();
  await app.waitSaved();
  await other.reload();
  await expect(otherApp.row('Mine title')).toBeVisible();
  expect(otherErrors).toEqual([]);
});

test('conflict: take theirs replaces my edit (undoable)', async ({ page }) => {
  const { app, lib, other, otherErrors } = await makeConflict(page, 'Conflict take');
  await lib.conflictDialog.getByTestId('conflict-take-theirs').click();
  await expect(lib.conflictDialog).toBeHidden();
  await expect(app.row('Theirs title')).toBeVisible();
  await app.waitSaved();
  await page.reload();
  await expect(app.row('Theirs title')).toBeVisible();
  await page.getByTestId('undo').click();
  await expect(app.row('Mine title')).toBeVisible();
  await app.waitSaved();
  await other.close();
  expect(otherErrors).toEqual([]);
});

test('conflict: save mine as a copy keeps both', async ({ page }) => {
  const { app, lib, other, otherApp, otherErrors } = await makeConflict(page, 'Conflict copy');
  const originalUrl = page.url();
  await lib.conflictDialog.getByTestId('conflict-save-copy').click();
  await expect(lib.conflictDialog).toBeHidden();
  await expect(page).not.toHaveURL(originalUrl);
  await expect(page.getByRole('textbox', { name: 'Flow name' })).toHaveValue('Conflict copy (my copy)');
  await expect(app.row('Mine title')).toBeVisible();
  await app.waitSaved();
  await other.reload();
  await expect(otherApp.row('Theirs title')).toBeVisible();
  await lib.selectFolder(null);
  await expect.poll(() => lib.flowNames()).toEqual(expect.arrayContaining(['Conflict copy', 'Conflict copy (my copy)']));
  expect(otherErrors).toEqual([]);
});
