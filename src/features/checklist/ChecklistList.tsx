/**
 * The checklist's content: a summary line, then one button per step with problems (its title and each
 * problem). A button goes to the step. Arrow keys move between the buttons, Home/End to the ends.
 */
import type { KeyboardEvent } from 'react';
import { firstFieldPath, type FlowChecklist, type FlowChecklistItem } from './flow-checklist';
import { useProblemText } from './problem-text';
import { PinsChecklistNote } from '../debugger/PinsChecklistNote';

export interface ChecklistListProps {
  checklist: FlowChecklist;
  pending?: boolean;
  onJump: (item: FlowChecklistItem, path: string | undefined) => void;
  /** Id of the summary line, for an enclosing dialog's aria-describedby. */
  summaryId?: string;
}

function moveFocus(e: KeyboardEvent<HTMLUListElement>) {
  const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.fb-checklist__item')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  let next: number | null = null;
  if (e.key === 'ArrowDown') next = at < 0 ? 0 : Math.min(buttons.length - 1, at + 1);
  else if (e.key === 'ArrowUp') next = at < 0 ? 0 : Math.max(0, at - 1);
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = buttons.length - 1;
  const target = next === null ? undefined : buttons[next];
  if (!target) return;
  e.preventDefault();
  target.focus();
}

export function ChecklistList({ checklist, pending = false, onJump, summaryId }: ChecklistListProps) {
  const { problem, title, t } = useProblemText();
  const summary =
    checklist.errorCount > 0
      ? t('summary.blocking', { count: checklist.errorCount })
      : checklist.warningCount > 0
        ? t('summary.warningsOnly')
        : t('summary.none');
  return (
    <div className="fb-checklist" data-testid="checklist">
      <p
        id={summaryId}
        className={`fb-checklist__summary${checklist.hasBlocking ? ' fb-checklist__summary--blocking' : ''}`}
        role="status"
      >
        {summary}
        {pending ? <span className="fb-checklist__pending"> {t('summary.pending')}</span> : null}
      </p>
      {checklist.items.length > 0 ? (
        <ul className="fb-checklist__items" aria-label={t('list')} onKeyDown={moveFocus}>
          {checklist.items.map((item) => {
            const body = (
              <>
                <span className="fb-checklist__title">{title(item)}</span>
                <span className="fb-checklist__problems">
                  {item.problems.map((p, i) => (
                    <span
                      key={i}
                      className={`fb-checklist__problem fb-checklist__problem--${p.severity}`}
                      data-severity={p.severity}
                    >
                      <span className="fb-checklist__severity">{t(`severity.${p.severity}`)}</span>
                      <span className="fb-checklist__text">{problem(p)}</span>
                    </span>
                  ))}
                </span>
              </>
            );
            return (
              <li key={item.stepId ?? '\u0000flow'}>
                {item.stepId === null ? (
                  <div className="fb-checklist__item fb-checklist__item--flow" data-testid="checklist-item">
                    {body}
                  </div>
                ) : (
                  <button
                    type="button"
                    className="fb-checklist__item"
                    data-testid="checklist-item"
                    data-step-id={item.stepId}
                    title={t('goTo')}
                    onClick={() => onJump(item, firstFieldPath(item))}
                  >
                    {body}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      <PinsChecklistNote />
    </div>
  );
}
