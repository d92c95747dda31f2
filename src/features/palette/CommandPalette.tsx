/** Ctrl/Cmd+K: every command, searchable, run through the same funnel as shortcuts and menus. */
import { Command as Cmdk } from 'cmdk';
import * as Dialog from '@radix-ui/react-dialog';
import { useTranslation } from 'react-i18next';
import { paletteFilter } from './match';
import { useCommands } from '../../editor/context';
import { formatShortcut } from '../../editor/commands/keys';

export function CommandPalette({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const { t } = useTranslation(['commands', 'app']);
  const { registry, ctx, execute } = useCommands();
  const commands = registry.all().filter((c) => c.inPalette !== false && registry.offered(c, ctx));
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-palette" aria-describedby={undefined}>
          <Dialog.Title className="fb-visually-hidden">{t('app:palette.title')}</Dialog.Title>
          <Cmdk label={t('app:palette.title')} loop filter={paletteFilter}>
            <Cmdk.Input autoFocus placeholder={t('app:palette.placeholder')} className="fb-palette-input" />
            <Cmdk.List className="fb-palette-list" label={t('app:palette.suggestions')}>
              <Cmdk.Empty>{t('app:palette.empty')}</Cmdk.Empty>
              {commands.map((c) => {
                const enabled = registry.canRun(c.id, ctx);
                return (
                  <Cmdk.Item
                    key={c.id}
                    value={`${t(c.labelKey)} ${c.id}`}
                    disabled={!enabled}
                    onSelect={() => {
                      onOpenChange(false);
                      // Let the dialog close and focus return before the command moves focus itself.
                      setTimeout(() => void execute(c.id), 0);
                    }}
                    className="fb-palette-item"
                  >
                    <span>{t(c.labelKey)}</span>
                    {c.shortcuts?.[0] && <kbd>{formatShortcut(c.shortcuts[0])}</kbd>}
                  </Cmdk.Item>
                );
              })}
            </Cmdk.List>
          </Cmdk>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
