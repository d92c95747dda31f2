import { useLayoutEffect, useRef, useState, type KeyboardEvent, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceTarget } from '../../model/references';
import type { FieldLanguage } from '../model/types';
import { ReferenceChips } from './ReferenceChips';
import { ReferencePicker } from './ReferencePicker';
import { autocompleteQuery, candidateLabel, filterCandidates, splice, type AutocompleteQuery } from './text';
import { candidateTarget, type ReferenceCandidate, type ReferenceContext } from './types';

type Passthrough = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'placeholder' | 'disabled' | 'required' | 'maxLength' | 'inputMode' | 'spellCheck' | 'aria-describedby' | 'aria-invalid' | 'aria-label'
>;

export interface ReferenceInputProps extends Passthrough {
  id: string;
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  rows?: number;
  className?: string;
  /** The field's label, for the picker button and the chips list. */
  label: string;
  references: ReferenceContext;
  language: FieldLanguage;
}

interface Selection {
  start: number;
  end: number;
}

/**
 * A text input (or textarea) that knows references: a picker button inserts one at the caret, typing the
 * syntax's trigger (`{{`) opens suggestions (arrows + Enter, aria-activedescendant), and the references in
 * the value are shown as chips by step title underneath.
 */
export function ReferenceInput(props: ReferenceInputProps) {
  const { id, value: stored, onChange: store, multiline, rows, className, label, references, language, ...rest } = props;
  // The field shows references by step name and stores them as the backend needs (`references.display`).
  const display = references.display;
  const value = display ? display.toDisplay(stored) : stored;
  const onChange = (text: string) => store(display ? display.toStorage(text, stored) : text);
  const { t } = useTranslation('forms');
  const inputRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const selection = useRef<Selection>({ start: value.length, end: value.length });
  const pendingCaret = useRef<number | null>(null);
  const [query, setQuery] = useState<AutocompleteQuery | null>(null);
  const [active, setActive] = useState(0);

  const suggestions: ReferenceCandidate[] = query ? filterCandidates(references, query.query) : [];
  const open = query !== null && suggestions.length > 0;
  const listId = `${id}-suggestions`;
  const optionId = (i: number) => `${id}-suggestion-${i}`;
  const activeIndex = Math.min(active, Math.max(0, suggestions.length - 1));

  // After an insertion, put the caret right after the inserted reference (once React has written the value).
  useLayoutEffect(() => {
    const el = inputRef.current;
    const caret = pendingCaret.current;
    if (!el || caret === null) return;
    pendingCaret.current = null;
    el.focus();
    el.setSelectionRange(caret, caret);
    selection.current = { start: caret, end: caret };
  }, [value]);

  const remember = () => {
    const el = inputRef.current;
    if (el) selection.current = { start: el.selectionStart ?? el.value.length, end: el.selectionEnd ?? el.value.length };
  };

  const updateQuery = (text: string, caret: number) => {
    const q = autocompleteQuery(text, caret, references.syntax.trigger);
    setQuery(q);
    if (!q || q.query !== query?.query) setActive(0);
  };

  const insert = (from: number, to: number, target: ReferenceTarget) => {
    const next = splice(value, from, to, references.syntax.format(target, references.naming));
    pendingCaret.current = next.caret;
    setQuery(null);
    onChange(next.text);
  };

  const choose = (c: ReferenceCandidate) => {
    if (!query) return;
    insert(query.start, selection.current.end, candidateTarget(c));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (!open) return;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setActive((activeIndex + 1) % suggestions.length);
        break;
      case 'ArrowUp':
        e.preventDefault();
        setActive((activeIndex - 1 + suggestions.length) % suggestions.length);
        break;
      case 'Enter':
      case 'Tab': {
        const c = suggestions[activeIndex];
        if (c) {
          e.preventDefault();
          choose(c);
        }
        break;
      }
      case 'Escape':
        // Close the suggestions only; an enclosing dialog must not close too.
        e.preventDefault();
        e.stopPropagation();
        setQuery(null);
        break;
      default:
        break;
    }
  };

  const shared = {
    ...rest,
    id,
    ref: inputRef,
    value,
    className: `fb-input ${multiline ? 'fb-input--multiline ' : ''}${className ?? ''}`.trim(),
    autoComplete: 'off',
    'aria-autocomplete': 'list' as const,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? optionId(activeIndex) : undefined,
    onChange: (e: { target: HTMLInputElement | HTMLTextAreaElement }) => {
      const el = e.target;
      const caret = el.selectionStart ?? el.value.length;
      selection.current = { start: caret, end: el.selectionEnd ?? caret };
      updateQuery(el.value, caret);
      onChange(el.value);
    },
    onSelect: remember,
    onKeyUp: (e: KeyboardEvent) => {
      remember();
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') {
        updateQuery(value, selection.current.end);
      }
    },
    onKeyDown,
    onBlur: () => {
      remember();
      setQuery(null);
    },
  };

  return (
    <div className="fb-ref-input">
      <div className="fb-ref-input__row">
        {multiline ? (
          <textarea {...shared} rows={rows ?? 4} />
        ) : (
          <input {...shared} type="text" role="combobox" aria-expanded={open} />
        )}
        <ReferencePicker
          references={references}
          language={language}
          label={label}
          disabled={rest.disabled}
          onPick={(target) => insert(selection.current.start, selection.current.end, target)}
          onPicked={() => {
            const el = inputRef.current;
            if (!el) return;
            el.focus();
            const { end } = selection.current;
            el.setSelectionRange(end, end);
          }}
        />
      </div>
      {open ? (
        <ul className="fb-ref-suggestions" role="listbox" id={listId} aria-label={t('reference.suggestions')}>
          {suggestions.map((c, i) => {
            const { group, label: itemLabel } = candidateLabel(c, language);
            const groupText = group === 'input' ? t('reference.groups.inputs') : group === 'system' ? t('reference.groups.system') : group;
            return (
              <li
                key={i}
                id={optionId(i)}
                role="option"
                aria-selected={i === activeIndex}
                className={`fb-ref-option${i === activeIndex ? ' fb-ref-option--active' : ''}`}
                onMouseDown={(e) => {
                  // Keep focus (and the caret) in the input.
                  e.preventDefault();
                  choose(c);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="fb-ref-option__group">{groupText}</span>
                <span className="fb-ref-option__label">{itemLabel}</span>
                {c.type ? <span className="fb-ref-option__type">{c.type}</span> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <ReferenceChips text={value} references={references} language={language} label={label} />
    </div>
  );
}
