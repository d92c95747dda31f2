/** The library's confirmations and pickers: Move to…, delete folder (move or delete its contents), delete flows. */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLibrary } from './controller';
import { allRows, flowsIn, subtreeIds, wouldCycle } from './folder-tree';
import { FolderIcon } from './icons';

export function MoveDialog() {
  const lib = useLibrary();
  const req = lib.moveRequest;
  return (
    <Dialog.Root open={req !== null} onOpenChange={(o) => !o && lib.askMove(null)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-dialog-narrow" data-testid="move-dialog" aria-describedby={undefined}>
          {req && <MoveForm key={[...req.flowIds, ...req.folderIds].join()} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function MoveForm() {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const req = lib.moveRequest!;
  const count = req.flowIds.length + req.folderIds.length;
  const single = req.folderIds.length === 1 && req.flowIds.length === 0 ? lib.index.byId.get(req.folderIds[0]!) : undefined;
  const flowName = req.flowIds.length === 1 && req.folderIds.length === 0 ? lib.allFlows.find((f) => f.id === req.flowIds[0])?.name : undefined;
  const current =
    single?.parentId ?? (req.flowIds.length > 0 ? (lib.allFlows.find((f) => f.id === req.flowIds[0])?.folderId ?? null) : null);
  const [target, setTarget] = useState<string>(current ?? '');
  const targetId = target === '' ? null : target;
  const blocked = wouldCycle(lib.index, req.folderIds, targetId);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    if (await lib.move(req, targetId)) lib.askMove(null);
  };
  const options = [{ id: '', name: t('topLevel'), depth: 0 }, ...allRows(lib.index).map((r) => ({ id: r.folder.id, name: r.folder.name, depth: r.depth + 1 }))];
  const excluded = new Set(req.folderIds.flatMap((id) => subtreeIds(lib.index, id)));
  return (
    <form onSubmit={(e) => void submit(e)} className="fb-form">
      <Dialog.Title>{single ? t('move.titleFolder', { name: single.name }) : flowName ? t('move.titleFlow', { name: flowName }) : t('move.title', { count })}</Dialog.Title>
      <fieldset className="fb-move-targets">
        <legend>{t('move.target')}</legend>
        {options.map((o) => (
          <label key={o.id || 'top'} className="fb-move-option" style={{ paddingInlineStart: `${o.depth * 1}rem` }}>
            <input
              type="radio"
              name="move-target"
              value={o.id}
              checked={target === o.id}
              disabled={excluded.has(o.id)}
              onChange={() => setTarget(o.id)}
            />
            <span>
              {o.id && <FolderIcon />} {o.name}
            </span>
          </label>
        ))}
      </fieldset>
      {blocked && (
        <p role="alert" className="fb-danger">
          {t('move.cycle')}
        </p>
      )}
      <div className="fb-dialog-actions">
        <Dialog.Close className="fb-button" type="button">
          {t('cancel')}
        </Dialog.Close>
        <button className="fb-button fb-primary" type="submit" disabled={blocked} data-testid="move-confirm">
          {t('move.confirm')}
        </button>
      </div>
    </form>
  );
}

export function DeleteFolderDialog() {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const folder = lib.deleteFolderRequest;
  const [mode, setMode] = useState<'move' | 'delete'>('move');
  const tree = folder ? subtreeIds(lib.index, folder.id) : [];
  const flowCount = folder ? flowsIn(lib.index, lib.allFlows, folder.id, true).length : 0;
  const direct = folder ? flowsIn(lib.index, lib.allFlows, folder.id, false).length : 0;
  const subfolders = Math.max(0, tree.length - 1);
  const parent = folder ? lib.folderLabel(folder.parentId) : '';
  const empty = flowCount === 0 && subfolders === 0;
  return (
    <Dialog.Root
      open={folder !== null}
      onOpenChange={(o) => {
        if (!o) lib.askDeleteFolder(null);
        setMode('move');
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-dialog-narrow" data-testid="delete-folder-dialog">
          {folder && (
            <form
              className="fb-form"
              onSubmit={(e) => {
                e.preventDefault();
                lib.askDeleteFolder(null);
                void lib.deleteFolder(folder, empty ? 'move' : mode);
              }}
            >
              <Dialog.Title>{t('deleteFolder.title', { name: folder.name })}</Dialog.Title>
              <Dialog.Description>
                {empty ? t('deleteFolder.empty') : t('deleteFolder.contents', { flows: flowCount, folders: subfolders })} {t('deleteFolder.undoHint')}
              </Dialog.Description>
              {!empty && (
                <fieldset className="fb-move-targets">
                  <legend>{t('deleteFolder.what')}</legend>
                  <label className="fb-move-option">
                    <input type="radio" name="delete-mode" checked={mode === 'move'} onChange={() => setMode('move')} data-testid="delete-mode-move" />
                    <span>{t('deleteFolder.moveContents', { parent, flows: direct, folders: subfolders })}</span>
                  </label>
                  <label className="fb-move-option">
                    <input type="radio" name="delete-mode" checked={mode === 'delete'} onChange={() => setMode('delete')} data-testid="delete-mode-delete" />
                    <span>{t('deleteFolder.deleteContents', { flows: flowCount, folders: subfolders })}</span>
                  </label>
                </fieldset>
              )}
              <div className="fb-dialog-actions">
                <Dialog.Close className="fb-button" type="button">
                  {t('cancel')}
                </Dialog.Close>
                <button className="fb-button fb-danger-button" type="submit" data-testid="delete-folder-confirm">
                  {t('deleteFolder.confirm')}
                </button>
              </div>
            </form>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export function DeleteFlowsDialog() {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const flows = lib.deleteFlowsRequest;
  return (
    <Dialog.Root open={flows !== null} onOpenChange={(o) => !o && lib.askDeleteFlows(null)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-dialog-narrow" data-testid="delete-flows-dialog">
          {flows && (
            <>
              <Dialog.Title>{flows.length === 1 ? t('deleteFlows.titleOne', { name: flows[0]!.name }) : t('deleteFlows.title', { count: flows.length })}</Dialog.Title>
              <Dialog.Description>{t('deleteFlows.body')}</Dialog.Description>
              {flows.length > 1 && (
                <ul className="fb-lib-namelist">
                  {flows.map((f) => (
                    <li key={f.id}>{f.name}</li>
                  ))}
                </ul>
              )}
              <div className="fb-dialog-actions">
                <Dialog.Close className="fb-button" type="button">
                  {t('cancel')}
                </Dialog.Close>
                <button
                  className="fb-button fb-danger-button"
                  type="button"
                  data-testid="delete-flows-confirm"
                  onClick={() => {
                    lib.askDeleteFlows(null);
                    void lib.deleteFlows(flows);
                  }}
                >
                  {t('deleteFlows.confirm', { count: flows.length })}
                </button>
              </div>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The undo offer after a delete: its own live region, since app notices carry no actions. */
export function UndoBar() {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const offer = lib.undo;
  const dismiss = lib.dismissUndo;
  // The offer stands long enough to notice it, then goes: the snapshot is only kept that long.
  useEffect(() => {
    if (!offer) return;
    const timer = setTimeout(dismiss, 30_000);
    return () => clearTimeout(timer);
  }, [offer, dismiss]);
  return (
    <div className="fb-undo-region" role="status" aria-live="polite">
      {offer && (
        <div className="fb-undo-bar" data-testid="undo-bar">
          <span>{t(offer.key, offer.values)}</span>
          <button type="button" className="fb-button fb-small" onClick={() => void lib.runUndo()} data-testid="undo-delete">
            {t('undo.action')}
          </button>
          <button type="button" className="fb-icon-button" aria-label={t('undo.dismiss')} onClick={lib.dismissUndo}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
