/**
 * The flows of the selected folder (or the search results): a checkbox for batch actions, a favourite star,
 * the name (opens it) with tags and step count, and a Radix menu of actions. Every control is in the tab
 * order with a visible focus; rows drag onto folders (all checked flows move together).
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useTranslation } from 'react-i18next';
import type { FlowSummary } from '../../backends/types';
import { useBackend } from '../../shell/backend-context';
import { useDescriptorText } from '../connections/texts';
import { kindOfAdapter } from '../server-tools/kind';
import { openExportPreview } from '../server-tools/store';
import { useLibrary } from './controller';
import { endDrag, startDrag } from './dnd';

export function FlowList() {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const label = lib.searching ? t('searchResults') : t('flowsIn', { folder: lib.folderSel === null ? t('allFlows') : lib.folderLabel(lib.folderSel) });
  return (
    <ul className="fb-flow-list" aria-label={label} data-testid="flow-list">
      {lib.shown.map((f) => (
        <FlowRow key={f.id} flow={f} />
      ))}
      {lib.loaded && lib.shown.length === 0 && (
        <li className="fb-muted fb-lib-empty" data-testid="flow-list-empty">
          {lib.searching ? t('noMatches') : lib.favouritesOnly ? t('noFavourites') : t('noFlows')}
        </li>
      )}
    </ul>
  );
}

function FlowRow({ flow }: { flow: FlowSummary }) {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const { caps } = lib;
  const checked = lib.checked.has(flow.id);
  // Where a search result lives, when that is not the folder being looked at.
  const elsewhere = (lib.searching || lib.folderSel === null) && flow.folderId !== null && flow.folderId !== lib.folderSel;
  return (
    <li
      className={`fb-flow-row${flow.id === lib.activeFlowId ? ' fb-current' : ''}${flow.enabled ? '' : ' fb-flow-disabled'}`}
      data-testid="flow-row"
      data-flow-id={flow.id}
      draggable={caps.move && caps.folders}
      onDragStart={(e) => {
        const ids = checked ? [...lib.checked] : [flow.id];
        startDrag(e, { kind: 'flows', ids });
      }}
      onDragEnd={endDrag}
    >
      <input
        type="checkbox"
        className="fb-lib-check"
        checked={checked}
        aria-label={t('selectFlow', { name: flow.name })}
        onChange={(e) => lib.toggleChecked(flow.id, e.target.checked)}
        data-testid="flow-check"
      />
      {caps.favourites && (
        <button
          type="button"
          className={`fb-icon-button fb-star${flow.favourite ? ' fb-on' : ''}`}
          aria-pressed={flow.favourite}
          aria-label={t('favourite', { name: flow.name })}
          onClick={() => void lib.setFavourite(flow, !flow.favourite)}
          data-testid="flow-favourite"
        >
          {flow.favourite ? '★' : '☆'}
        </button>
      )}
      <button
        type="button"
        className="fb-flow-item"
        aria-current={flow.id === lib.activeFlowId ? 'page' : undefined}
        onClick={() => lib.openFlow(flow.id)}
        data-testid="flow-item"
        title={flow.description || undefined}
      >
        <span className="fb-flow-name">{flow.name}</span>
        <small className="fb-flow-meta">
          {t('stepCount', { count: flow.stepCount })}
          {!flow.enabled && <span className="fb-flow-off"> · {t('disabled')}</span>}
          {flow.draftDiffersFromPublished && <span> · {t('unpublishedChanges')}</span>}
          {elsewhere && <span> · {lib.folderLabel(flow.folderId)}</span>}
        </small>
        {caps.tags && flow.tags.length > 0 && (
          <span className="fb-tags">
            {flow.tags.map((tag) => (
              <span key={tag} className="fb-tag">
                {tag}
              </span>
            ))}
          </span>
        )}
      </button>
      <FlowMenu flow={flow} />
    </li>
  );
}

function FlowMenu({ flow }: { flow: FlowSummary }) {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const { caps } = lib;
  // The server's own renderings of the flow (generated code), previewed before download.
  const backend = useBackend();
  const serverExports = backend.flowExports?.formats ?? [];
  const text = useDescriptorText(kindOfAdapter(backend));
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="fb-icon-button fb-lib-menu-trigger" aria-label={t('flow.actionsFor', { name: flow.name })} data-testid="flow-menu">
        ⋯
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="fb-dropdown" align="end" sideOffset={4}>
          <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => lib.openFlow(flow.id)}>
            {t('flow.open')}
          </DropdownMenu.Item>
          {caps.duplicate && (
            <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => void lib.duplicate(flow)}>
              {t('flow.duplicate')}
            </DropdownMenu.Item>
          )}
          {caps.move && caps.folders && (
            <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => lib.askMove({ flowIds: [flow.id], folderIds: [] })}>
              {t('moveTo')}
            </DropdownMenu.Item>
          )}
          {caps.enableDisable && (
            <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => void lib.setEnabled([flow.id], !flow.enabled)}>
              {flow.enabled ? t('flow.disable') : t('flow.enable')}
            </DropdownMenu.Item>
          )}
          {caps.importExport && (
            <>
              <DropdownMenu.Separator className="fb-dropdown-separator" />
              <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => void lib.exportFlows([flow.id], 'json')}>
                {t('export.json')}
              </DropdownMenu.Item>
              <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => void lib.exportFlows([flow.id], 'zip')}>
                {t('export.zip')}
              </DropdownMenu.Item>
            </>
          )}
          {serverExports.length > 0 && (
            <>
              <DropdownMenu.Separator className="fb-dropdown-separator" />
              {serverExports.map((format) => (
                <DropdownMenu.Item
                  key={format.id}
                  className="fb-dropdown-item"
                  onSelect={() => openExportPreview({ flowId: flow.id, flowName: flow.name, format })}
                  data-testid={`flow-server-export-${format.id}`}
                >
                  {t('serverTools:export.menuItem', { format: text(format.label) })}
                </DropdownMenu.Item>
              ))}
            </>
          )}
          <DropdownMenu.Separator className="fb-dropdown-separator" />
          <DropdownMenu.Item className="fb-dropdown-item fb-dropdown-danger" onSelect={() => lib.askDeleteFlows([flow])}>
            {t('flow.delete')}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
