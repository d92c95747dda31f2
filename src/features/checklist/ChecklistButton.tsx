/**
 * The toolbar's "N problems" button and its popover listing the checklist. Choosing a step selects it,
 * reveals it in the view and puts focus in the inspector (on the field at fault when there is one).
 */
import * as Popover from '@radix-ui/react-popover';
import { useId, useRef, useState } from 'react';
import { useEditorStore } from '../../editor/context';
import { ChecklistList } from './ChecklistList';
import { jumpToStep } from './jump';
import { useProblemText } from './problem-text';
import { useChecklist } from './useChecklist';
import './checklist.css';

export function ChecklistButton() {
  const { t } = useProblemText();
  const store = useEditorStore();
  const checklist = useChecklist();
  const [open, setOpen] = useState(false);
  const jumped = useRef(false);
  const headingId = useId();
  const summaryId = useId();
  const tone = checklist.hasBlocking ? 'error' : checklist.count > 0 ? 'warning' : 'ok';
  const label = checklist.count === 0 ? t('button.none') : t('button.problems', { count: checklist.count });

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button
          type="button"
          className={`fb-button fb-checklist-button fb-checklist-button--${tone}`}
          data-testid="checklist-button"
          data-count={checklist.count}
          data-blocking={checklist.hasBlocking}
        >
          <span className="fb-checklist-button__dot" aria-hidden="true" />
          {label}
          {checklist.hasBlocking ? (
            <span className="fb-visually-hidden">{` (${t('button.blocking')})`}</span>
          ) : null}
        </button>
      </Popover.Trigger>
      {/* Opens toward the inspector: with the header on one row the button sits mid-bar, and a popover
          reaching left would cover the steps the user wants to click. */}
      <Popover.Portal>
        <Popover.Content
          className="fb-checklist-popover"
          align="start"
          sideOffset={4}
          aria-labelledby={headingId}
          aria-describedby={summaryId}
          data-testid="checklist-popover"
          onCloseAutoFocus={(e) => {
            // After a jump focus belongs to the inspector, not back on the button.
            if (jumped.current) {
              jumped.current = false;
              e.preventDefault();
            }
          }}
        >
          <h2 id={headingId} className="fb-checklist__heading">
            {t('title')}
          </h2>
          <ChecklistList
            checklist={checklist}
            pending={checklist.pending}
            summaryId={summaryId}
            onJump={(item, path) => {
              if (item.stepId === null) return;
              jumped.current = true;
              setOpen(false);
              jumpToStep(store, item.stepId, path);
            }}
          />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
