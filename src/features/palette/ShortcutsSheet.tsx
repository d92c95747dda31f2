/** The shortcuts help sheet: generated from the command registry, so it can never drift from the keys. */
import * as Dialog from '@radix-ui/react-dialog';
import { useTranslation } from 'react-i18next';
import { useCommands } from '../../editor/context';
import { formatShortcut } from '../../editor/commands/keys';
import type { CommandGroup } from '../../editor/commands/types';

const GROUPS: CommandGroup[] = ['edit', 'structure', 'view', 'run', 'app'];

/**
 * Keys the step list handles itself (step-list/keyboard.ts) rather than through commands: listed here so the
 * sheet names every key, Enter and F2 included.
 */
const LIST_KEYS: Array<{ id: string; keys: string[] }> = [
  { id: 'open', keys: ['Enter'] },
  { id: 'rename', keys: ['F2'] },
  { id: 'move', keys: ['ArrowUp', 'ArrowDown'] },
  { id: 'fold', keys: ['ArrowLeft', 'ArrowRight'] },
  { id: 'ends', keys: ['Home', 'End'] },
];

export function ShortcutsSheet({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const { t } = useTranslation(['commands', 'app']);
  const { registry } = useCommands();
  const commands = registry.all().filter((c) => c.shortcuts?.length);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-shortcuts" aria-describedby={undefined}>
          <Dialog.Title>{t('app:shortcuts.title')}</Dialog.Title>
          <div className="fb-shortcuts-grid">
            {GROUPS.map((g) => (
              <section key={g}>
                <h3>{t(`app:shortcuts.groups.${g}`)}</h3>
                <dl>
                  {commands
                    .filter((c) => c.group === g)
                    .map((c) => (
                      <div key={c.id} className="fb-shortcut-row">
                        <dt>{t(c.labelKey)}</dt>
                        <dd>
                          {c.shortcuts?.map((s) => (
                            <kbd key={s}>{formatShortcut(s)}</kbd>
                          ))}
                        </dd>
                      </div>
                    ))}
                </dl>
              </section>
            ))}
            <section>
              <h3>{t('app:shortcuts.groups.list')}</h3>
              <dl>
                {LIST_KEYS.map((k) => (
                  <div key={k.id} className="fb-shortcut-row" data-testid={`shortcut-list-${k.id}`}>
                    <dt>{t(`app:shortcuts.list.${k.id}`)}</dt>
                    <dd>
                      {k.keys.map((key) => (
                        <kbd key={key}>{formatShortcut(key)}</kbd>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          </div>
          <Dialog.Close className="fb-button">{t('app:close')}</Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
