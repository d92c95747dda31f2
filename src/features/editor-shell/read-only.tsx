/**
 * A read-only flow (the backend stores no edits, `store.readOnly`): the toolbar says so in place of the save
 * status, with the reason. The reason is the backend's own (`readOnly.title` / `readOnly.body` in its
 * `backend-<kind>` namespace, the kind being the adapter id's prefix) when it has one, else a generic one.
 */
import * as Popover from '@radix-ui/react-popover';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n';
import { useBackend } from '../../shell/backend-context';
import './read-only.css';

export function useReadOnlyText(): { title: string; body: string } {
  const { t } = useTranslation('editor');
  const adapter = useBackend();
  const ns = `backend-${adapter.id.split(':')[0] ?? ''}`;
  const own = (key: string) => (i18next.exists(`${ns}:readOnly.${key}`) ? t(`${ns}:readOnly.${key}`) : null);
  return {
    title: own('title') ?? t('readOnly.title'),
    body: own('body') ?? t('readOnly.body', { backend: adapter.label }),
  };
}

export function ReadOnlyBadge() {
  const { t } = useTranslation('editor');
  const text = useReadOnlyText();
  return (
    <Popover.Root>
      <Popover.Trigger
        className="fb-button fb-read-only-badge"
        data-testid="read-only-badge"
        aria-label={`${text.title}. ${t('readOnly.why')}`}
      >
        {text.title}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          className="fb-read-only-popover"
          sideOffset={6}
          align="end"
          data-testid="read-only-reason"
        >
          <p>{text.body}</p>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
