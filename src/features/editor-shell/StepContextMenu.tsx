/**
 * The context menu of both views: right-click (or Shift+F10 / the Menu key) on a step opens the same commands
 * the shortcuts and the palette run, through the same registry. The step under the pointer is selected first,
 * unless it is already part of the selection.
 */
import * as ContextMenu from '@radix-ui/react-context-menu';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommands, useEditorStore } from '../../editor/context';
import { formatShortcut } from '../../editor/commands/keys';

const MENU: Array<string | '-'> = [
  'edit.copy',
  'edit.cut',
  'edit.paste',
  'edit.duplicate',
  'edit.delete',
  '-',
  'structure.addStep',
  'structure.wrapInIf',
  'structure.wrapInLoop',
  'structure.moveUp',
  'structure.moveDown',
  'step.toggleDisabled',
  '-',
  'view.toggle',
];

export function StepContextMenu({ children }: { children: ReactNode }) {
  const { t } = useTranslation('commands');
  const store = useEditorStore();
  const { registry, ctx, canRun, execute } = useCommands();

  const onOpen = (e: React.MouseEvent) => {
    const stepId = (e.target as Element).closest('[data-step-id]')?.getAttribute('data-step-id');
    if (!stepId || !(stepId in store.getState().flow.steps)) return;
    const { selection } = store.getState();
    if (!selection.includes(stepId)) store.getState().select([stepId], stepId);
  };

  return (
    // Not modal: a modal menu hides the rest of the page from assistive tech while it keeps focusable controls.
    <ContextMenu.Root modal={false}>
      <ContextMenu.Trigger asChild onContextMenu={onOpen}>
        {children}
      </ContextMenu.Trigger>
      <ContextMenu.Portal>
        <ContextMenu.Content className="fb-menu" data-testid="context-menu">
          {offeredMenu(MENU, (id) => {
            const c = registry.get(id);
            return !!c && registry.offered(c, ctx);
          }).map((id, i) => {
            if (id === '-') return <ContextMenu.Separator key={`sep-${i}`} className="fb-menu-separator" />;
            const command = registry.get(id);
            if (!command) return null;
            return (
              <ContextMenu.Item key={id} className="fb-menu-item" disabled={!canRun(id)} onSelect={() => void execute(id)}>
                <span>{t(command.labelKey)}</span>
                {command.shortcuts?.[0] && <kbd>{formatShortcut(command.shortcuts[0])}</kbd>}
              </ContextMenu.Item>
            );
          })}
        </ContextMenu.Content>
      </ContextMenu.Portal>
    </ContextMenu.Root>
  );
}

/** The menu without the commands not offered here (edits on a read-only flow), and without stray separators. */
function offeredMenu(menu: Array<string | '-'>, offered: (id: string) => boolean): Array<string | '-'> {
  const kept = menu.filter((id) => id === '-' || offered(id));
  return kept.filter((id, i) => id !== '-' || (i > 0 && kept[i - 1] !== '-' && i < kept.length - 1));
}
