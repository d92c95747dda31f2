import * as Popover from '@radix-ui/react-popover';
import { Command } from 'cmdk';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceTarget } from '../../model/references';
import type { FieldLanguage } from '../model/types';
import { candidateLabel } from './text';
import { candidateTarget, type ReferenceCandidate, type ReferenceContext } from './types';

interface ReferencePickerProps {
  references: ReferenceContext;
  language: FieldLanguage;
  /** The field's label, for the button's accessible name. */
  label: string;
  disabled?: boolean;
  onPick: (target: ReferenceTarget) => void;
  /** Called after a pick, once the popover has closed, to put focus back in the field. */
  onPicked: () => void;
}

interface Group {
  key: string;
  heading: string;
  items: ReferenceCandidate[];
}

function groupCandidates(candidates: ReferenceCandidate[], t: (k: string) => string): Group[] {
  const groups = new Map<string, Group>();
  for (const c of candidates) {
    const key = c.kind === 'step' ? `step:${c.stepId}` : c.kind;
    const heading = c.kind === 'step' ? c.stepTitle : c.kind === 'input' ? t('reference.groups.inputs') : t('reference.groups.system');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, heading, items: [] }));
    g.items.push(c);
  }
  return [...groups.values()];
}

/**
 * Every typed word must appear in the item (reference text, step title, labels). cmdk's default fuzzy score
 * lets `city` match `actualDuration`; for names people already know, plain substring matching is clearer.
 */
function wordFilter(value: string, search: string, keywords?: string[]): number {
  const hay = [value, ...(keywords ?? [])].join(' ').toLowerCase();
  const words = search.toLowerCase().split(/[\s.]+/).filter(Boolean);
  return words.every((w) => hay.includes(w)) ? 1 : 0;
}

/** The button next to a field that opens a searchable list of everything the field can refer to. */
export function ReferencePicker({ references, language, label, disabled, onPick, onPicked }: ReferencePickerProps) {
  const { t } = useTranslation('forms');
  const [open, setOpen] = useState(false);
  const picked = useRef(false);
  const groups = groupCandidates(references.candidates, t);

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button type="button" className="fb-button fb-button--icon fb-ref-picker__button" aria-label={t('reference.insert', { label })} disabled={disabled}>
          <span aria-hidden="true">{'{x}'}</span>
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          className="fb-ref-picker"
          aria-label={t('reference.insert', { label })}
          align="end"
          sideOffset={4}
          onCloseAutoFocus={(e) => {
            if (picked.current) {
              picked.current = false;
              e.preventDefault();
              onPicked();
            }
          }}
        >
          <Command label={t('reference.search')} className="fb-ref-picker__command" filter={wordFilter}>
            <Command.Input className="fb-input" placeholder={t('reference.search')} aria-label={t('reference.search')} />
            <Command.List className="fb-ref-picker__list">
              <Command.Empty className="fb-muted">{references.candidates.length === 0 ? t('reference.none') : t('reference.empty')}</Command.Empty>
              {groups.map((g) => (
                <Command.Group key={g.key} heading={g.heading}>
                  {g.items.map((c) => {
                    const target = candidateTarget(c);
                    const text = references.syntax.format(target, references.naming);
                    const { group, label: itemLabel } = candidateLabel(c, language);
                    return (
                      <Command.Item
                        key={text}
                        value={text}
                        keywords={[group, itemLabel, ...(c.kind === 'step' ? [c.outputId, c.outputLabel.text, c.outputLabel.en ?? ''] : [c.name, c.label?.text ?? '', c.label?.en ?? ''])]}
                        className="fb-ref-option"
                        onSelect={() => {
                          picked.current = true;
                          onPick(target);
                          setOpen(false);
                        }}
                      >
                        <span className="fb-ref-option__label">{itemLabel}</span>
                        {c.type ? <span className="fb-ref-option__type">{c.type}</span> : null}
                      </Command.Item>
                    );
                  })}
                </Command.Group>
              ))}
            </Command.List>
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
