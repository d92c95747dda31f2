/**
 * The canvas's step palette: the active backend's modules grouped by category, searchable and keyboard
 * navigable (cmdk). Not modal, so its items can also be dragged onto an edge (insert between its ends) or
 * onto empty canvas (add at that point).
 */
import { useMemo, useState } from 'react';
import { Command as Cmdk } from 'cmdk';
import { useTranslation } from 'react-i18next';
import type { ModuleDefinition } from '../../model/modules';
import type { Capabilities } from '../../backends/types';
import { iconFor } from '../../step-types/presentation';
import { pickableModules } from '../../step-types/pickable';
import { MODULE_MIME, type InsertTarget } from './canvas-context';

export interface CanvasStepPickerProps {
  modules: readonly ModuleDefinition[];
  /** The backend's, for the modules it declares structural (never offered). */
  capabilities: Pick<Capabilities, 'structuralModules'>;
  target: InsertTarget;
  onPick(module: ModuleDefinition): void;
  onClose(): void;
}

export function CanvasStepPicker({ modules, capabilities, target, onPick, onClose }: CanvasStepPickerProps) {
  const { t, i18n } = useTranslation('canvas');
  const en = i18n.language !== 'zh';
  const text = (l: { text: string; en?: string }) => (en ? (l.en ?? l.text) : l.text);
  // The same modules as the palette's step picker; between two steps only a step with an input fits.
  const usable = useMemo(
    () => pickableModules(modules, capabilities, { intoSlot: target?.kind === 'edge' || target?.kind === 'slot' }),
    [modules, capabilities, target],
  );
  const groups = useMemo(() => {
    const byCategory = new Map<string, ModuleDefinition[]>();
    for (const m of usable) (byCategory.get(m.category) ?? byCategory.set(m.category, []).get(m.category)!).push(m);
    return [...byCategory];
  }, [usable]);

  // While searching, one flat list: cmdk ranks items within their parent, so groups would keep a weak match
  // in an earlier category above the best match.
  const [search, setSearch] = useState('');
  const title = target?.kind === 'edge' || target?.kind === 'slot' ? t('picker.insertTitle') : t('picker.title');
  const item = (m: ModuleDefinition) => (
    <Cmdk.Item
      key={m.id}
      value={m.id}
      keywords={[text(m.name), m.name.text, ...(m.name.en ? [m.name.en] : [])]}
      onSelect={() => onPick(m)}
      className="fb-canvas-picker__item"
      data-module={m.id}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(MODULE_MIME, m.id);
        e.dataTransfer.setData('text/plain', text(m.name));
        e.dataTransfer.effectAllowed = 'copy';
      }}
    >
      <span className="fb-node__icon" aria-hidden="true">
        {iconFor({ kind: m.kind }, m)}
      </span>
      <span className="fb-canvas-picker__name">{text(m.name)}</span>
      {m.description && <small className="fb-canvas-picker__desc">{text(m.description)}</small>}
    </Cmdk.Item>
  );
  return (
    <div className="fb-canvas-picker" role="dialog" aria-label={title} data-testid="canvas-step-picker">
      <div className="fb-canvas-picker__head">
        <span>{title}</span>
        <button type="button" className="fb-canvas-button fb-canvas-button--icon" onClick={onClose} aria-label={t('picker.close')} title={t('picker.close')}>
          ×
        </button>
      </div>
      <Cmdk
        label={title}
        loop
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      >
        <Cmdk.Input value={search} onValueChange={setSearch} autoFocus placeholder={t('picker.search')} className="fb-canvas-picker__input" aria-label={t('picker.search')} />
        <Cmdk.List className="fb-canvas-picker__list" label={t('app:palette.suggestions')}>
          <Cmdk.Empty className="fb-canvas-picker__empty">{t('picker.empty')}</Cmdk.Empty>
          {search.trim()
            ? usable.map(item)
            : groups.map(([category, items]) => (
                <Cmdk.Group key={category} heading={t(`categories.${category}`, { defaultValue: category })}>
                  {items.map(item)}
                </Cmdk.Group>
              ))}
        </Cmdk.List>
      </Cmdk>
      <p className="fb-canvas-picker__hint">{t('picker.dragHint')}</p>
    </div>
  );
}
