import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldLanguage } from '../model/types';
import { describeReference } from './text';
import type { ReferenceContext } from './types';

interface ReferenceChipsProps {
  text: string;
  references: ReferenceContext;
  language: FieldLanguage;
  /** The field's label, for the list's accessible name. */
  label: string;
  id?: string;
}

/** A read view of the references in a value: one chip per reference, by step title; broken ones in red. */
export function ReferenceChips({ text, references, language, label, id }: ReferenceChipsProps) {
  const { t } = useTranslation('forms');
  const found = useMemo(() => references.syntax.find(text, references.naming), [text, references]);
  if (found.length === 0) return null;
  return (
    <ul className="fb-ref-chips" id={id} aria-label={t('reference.chips', { label })}>
      {found.map((ref, i) => {
        const d = describeReference(ref, references, language);
        const title = d.status === 'missing' && d.kind === 'step' ? t('reference.missingStep', { id: d.title }) : ref.raw;
        return (
          <li key={`${ref.start}-${i}`} className={`fb-ref-chip fb-ref-chip--${d.status} fb-ref-chip--${d.kind}`} title={title} data-status={d.status}>
            {d.status === 'missing' ? <span className="fb-ref-chip__badge">{t('reference.missing')}</span> : null}
            <span className="fb-ref-chip__title">{d.title}</span>
            {d.detail ? <span className="fb-ref-chip__detail">{d.detail}</span> : null}
            {d.status === 'unavailable' ? <span className="fb-ref-chip__badge">{t('reference.unavailable')}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
