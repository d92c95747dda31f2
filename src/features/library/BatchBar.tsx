/** Batch actions on the checked flows: move, enable/disable, export, delete (confirmed, undoable). */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLibrary } from './controller';

export function BatchBar() {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const { caps } = lib;
  const shownIds = lib.shown.map((f) => f.id);
  const picked = lib.shown.filter((f) => lib.checked.has(f.id));
  const all = picked.length > 0 && picked.length === shownIds.length;
  const some = picked.length > 0 && !all;
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = some;
  }, [some]);
  if (shownIds.length === 0) return null;
  const ids = picked.map((f) => f.id);
  return (
    <div className="fb-batch-bar" role="toolbar" aria-label={t('batch.toolbar')} data-testid="batch-bar">
      <label className="fb-inline-label">
        <input
          ref={box}
          type="checkbox"
          checked={all}
          onChange={(e) => lib.setChecked(e.target.checked ? shownIds : [])}
          data-testid="select-all"
        />
        <span>{picked.length > 0 ? t('batch.selected', { count: picked.length }) : t('batch.selectAll')}</span>
      </label>
      {picked.length > 0 && (
        <>
          {caps.move && caps.folders && (
            <button type="button" className="fb-button fb-small" onClick={() => lib.askMove({ flowIds: ids, folderIds: [] })} data-testid="batch-move">
              {t('moveTo')}
            </button>
          )}
          {caps.enableDisable && (
            <>
              <button type="button" className="fb-button fb-small" onClick={() => void lib.setEnabled(ids, true)} data-testid="batch-enable">
                {t('batch.enable')}
              </button>
              <button type="button" className="fb-button fb-small" onClick={() => void lib.setEnabled(ids, false)} data-testid="batch-disable">
                {t('batch.disable')}
              </button>
            </>
          )}
          {caps.importExport && (
            <DropdownMenu.Root modal={false}>
              <DropdownMenu.Trigger className="fb-button fb-small" data-testid="batch-export">
                {t('batch.export')} ▾
              </DropdownMenu.Trigger>
              <DropdownMenu.Portal>
                <DropdownMenu.Content className="fb-dropdown" align="start" sideOffset={4}>
                  <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => void lib.exportFlows(ids, 'json')}>
                    {t('export.json')}
                  </DropdownMenu.Item>
                  <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => void lib.exportFlows(ids, 'zip')}>
                    {t('export.zip')}
                  </DropdownMenu.Item>
                </DropdownMenu.Content>
              </DropdownMenu.Portal>
            </DropdownMenu.Root>
          )}
          <button type="button" className="fb-button fb-small fb-danger-button" onClick={() => lib.askDeleteFlows(picked)} data-testid="batch-delete">
            {t('batch.delete')}
          </button>
        </>
      )}
    </div>
  );
}
