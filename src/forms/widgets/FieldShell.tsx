import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FieldShellProps {
  id: string;
  kind: string;
  label: string;
  required?: boolean;
  description?: string;
  error?: string;
  /**
   * `control`: one control, `<label htmlFor>`. `group`: several controls, `<fieldset><legend>`.
   * `inline`: a checkbox before its label. `static`: nothing to edit.
   */
  variant?: 'control' | 'group' | 'inline' | 'static';
  children: ReactNode;
  /** Extra content after the description (hints, units). */
  after?: ReactNode;
}

export function descriptionId(id: string): string {
  return `${id}-desc`;
}
export function errorId(id: string): string {
  return `${id}-error`;
}

/** aria-describedby for a control: its description and error, when shown. */
export function describedByFor(id: string, hasDescription: boolean, hasError: boolean, extra: string[] = []): string | undefined {
  const ids = [...extra, hasDescription ? descriptionId(id) : '', hasError ? errorId(id) : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** Label, description and error around a widget, wired for assistive technology. */
export function FieldShell({ id, kind, label, required, description, error, variant = 'control', children, after }: FieldShellProps) {
  const { t } = useTranslation('forms');
  const mark = required ? (
    <>
      <span className="fb-field__required" aria-hidden="true">
        *
      </span>
      <span className="fb-visually-hidden"> ({t('requiredMark')})</span>
    </>
  ) : null;
  const desc = description ? (
    <p id={descriptionId(id)} className="fb-field__desc">
      {description}
    </p>
  ) : null;
  const err = error ? (
    <p id={errorId(id)} className="fb-field__error" role="alert">
      {error}
    </p>
  ) : null;
  const cls = `fb-field fb-field--${kind}${error ? ' fb-field--invalid' : ''}`;

  if (variant === 'group') {
    return (
      <fieldset className={cls} id={id} aria-describedby={describedByFor(id, !!description, !!error)}>
        <legend className="fb-field__label">
          {label}
          {mark}
        </legend>
        {desc}
        {children}
        {after}
        {err}
      </fieldset>
    );
  }
  if (variant === 'static') {
    return (
      <div className={cls} role="group" aria-labelledby={`${id}-label`}>
        <span className="fb-field__label" id={`${id}-label`}>
          {label}
        </span>
        {children}
        {desc}
        {after}
        {err}
      </div>
    );
  }
  if (variant === 'inline') {
    return (
      <div className={`${cls} fb-field--inline`}>
        <div className="fb-field__inline-row">
          {children}
          <label htmlFor={id} className="fb-field__label">
            {label}
            {mark}
          </label>
        </div>
        {desc}
        {after}
        {err}
      </div>
    );
  }
  return (
    <div className={cls}>
      <label htmlFor={id} className="fb-field__label" id={`${id}-label`}>
        {label}
        {mark}
      </label>
      {children}
      {desc}
      {after}
      {err}
    </div>
  );
}
