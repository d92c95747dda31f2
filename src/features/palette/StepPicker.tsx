/**
 * Add a step: the module catalog of the active backend, grouped by category and searchable. The new step
 * goes right after the focused step (or at the end), through one undoable edit.
 */
import { Command as Cmdk } from 'cmdk';
import * as Dialog from '@radix-ui/react-dialog';
import { useTranslation } from 'react-i18next';
import { paletteFilter } from './match';
import { useCommands, useEditorStore } from '../../editor/context';
import { applyEdit } from '../../editor/edit';
import { insertionSlot } from '../../editor/commands/builtin';
import { createStepFromModule } from '../../editor/commands/step-factory';
import { insertStep, newStepId } from '../../model';
import type { ModuleDefinition } from '../../model/modules';
import { useCategories } from '../../queries/hooks';
import { iconFor } from '../../step-types/presentation';
import { pickableModules } from '../../step-types/pickable';
import { defaultParamsFor } from '../inspector/defaults';

export function StepPicker({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const { t, i18n } = useTranslation('app');
  const store = useEditorStore();
  const { services } = useCommands();
  const categories = useCategories().data ?? [];
  const language = i18n.language === 'zh' ? 'zh' : 'en';
  // The same modules as the canvas palette: no block markers; no trigger where the step goes after another.
  const modules = pickableModules(services.modules(), services.capabilities?.() ?? {}, {
    intoSlot: store.getState().flow.root.length > 0,
  });
  const label = (m: { text: string; en?: string }) => (language === 'en' ? (m.en ?? m.text) : m.text);

  const add = (module: ModuleDefinition) => {
    const step = createStepFromModule(module, newStepId(), language, defaultParamsFor(module));
    const s = store.getState();
    const slot = services.list?.insertionSlot?.() ?? insertionSlot(s.flow, s.focused);
    applyEdit(store, services, 'structure.addStep', (f) => insertStep(f, step, slot), { select: [step.id] });
    onOpenChange(false);
  };

  const groups = [...new Set(modules.map((m) => m.category))];
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-palette" aria-describedby={undefined}>
          <Dialog.Title className="fb-visually-hidden">{t('stepPicker.title')}</Dialog.Title>
          <Cmdk label={t('stepPicker.title')} loop filter={paletteFilter}>
            <Cmdk.Input autoFocus placeholder={t('stepPicker.placeholder')} className="fb-palette-input" />
            <Cmdk.List className="fb-palette-list" label={t('app:palette.suggestions')}>
              <Cmdk.Empty>{t('stepPicker.empty')}</Cmdk.Empty>
              {groups.map((g) => {
                const cat = categories.find((c) => c.id === g);
                return (
                  <Cmdk.Group key={g} heading={cat ? label(cat.name) : g}>
                    {modules
                      .filter((m) => m.category === g)
                      .map((m) => (
                        <Cmdk.Item
                          key={m.id}
                          value={`${label(m.name)} ${m.name.text} ${m.id}`}
                          onSelect={() => add(m)}
                          className="fb-palette-item"
                          data-module={m.id}
                        >
                          <span aria-hidden="true" className="fb-step-icon">
                            {iconFor({ kind: m.kind }, m)}
                          </span>
                          <span>{label(m.name)}</span>
                          {m.description && <small>{label(m.description)}</small>}
                        </Cmdk.Item>
                      ))}
                  </Cmdk.Group>
                );
              })}
            </Cmdk.List>
          </Cmdk>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
