/** The actions of one folder, as a Radix dropdown menu (keyboard: arrows, Enter, Escape). */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useTranslation } from 'react-i18next';
import type { Folder } from '../../backends/types';
import { useLibrary } from './controller';

interface Props {
  folder: Folder;
  open?: boolean;
  onOpenChange?(open: boolean): void;
  /** Where focus goes when the menu closes (the tree item rather than its trigger). */
  onCloseFocus?(): void;
  /** The trigger is reached with the keyboard elsewhere (the tree item's Shift+F10), so it leaves the tab order. */
  triggerTabIndex?: number;
  triggerLabel?: string;
  testId?: string;
}

export function FolderMenu({ folder, open, onOpenChange, onCloseFocus, triggerTabIndex, triggerLabel, testId }: Props) {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const { caps } = lib;
  const controlled = open !== undefined ? { open, onOpenChange } : {};
  return (
    <DropdownMenu.Root modal={false} {...controlled}>
      <DropdownMenu.Trigger
        className="fb-icon-button fb-lib-menu-trigger"
        aria-label={triggerLabel ?? t('folder.actionsFor', { name: folder.name })}
        tabIndex={triggerTabIndex}
        data-testid={testId ?? 'folder-menu'}
        onClick={(e) => e.stopPropagation()}
      >
        ⋯
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          className="fb-dropdown"
          align="end"
          sideOffset={4}
          onCloseAutoFocus={(e) => {
            if (onCloseFocus) {
              e.preventDefault();
              onCloseFocus();
            }
          }}
        >
          {caps.nestedFolders && (
            <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => lib.startNewFolder(folder.id)}>
              {t('folder.newSubfolder')}
            </DropdownMenu.Item>
          )}
          {lib.caps.folders && (
            <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => lib.startRename(folder.id)}>
              {t('folder.rename')}
              <kbd>F2</kbd>
            </DropdownMenu.Item>
          )}
          {caps.nestedFolders && (
            <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => lib.askMove({ flowIds: [], folderIds: [folder.id] })}>
              {t('moveTo')}
            </DropdownMenu.Item>
          )}
          {caps.importExport && (
            <>
              <DropdownMenu.Separator className="fb-dropdown-separator" />
              <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => void lib.exportFolder(folder.id, 'json')}>
                {t('export.json')}
              </DropdownMenu.Item>
              <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => void lib.exportFolder(folder.id, 'zip')} data-testid="folder-export-zip">
                {t('export.zip')}
              </DropdownMenu.Item>
              <DropdownMenu.Item className="fb-dropdown-item" onSelect={() => lib.pickImport(folder.id)}>
                {t('import.intoFolder')}
              </DropdownMenu.Item>
            </>
          )}
          <DropdownMenu.Separator className="fb-dropdown-separator" />
          <DropdownMenu.Item className="fb-dropdown-item fb-dropdown-danger" onSelect={() => lib.askDeleteFolder(folder)}>
            {t('folder.delete')}
            <kbd>Del</kbd>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
