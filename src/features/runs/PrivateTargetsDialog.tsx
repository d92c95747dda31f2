/**
 * Asked before the first run of an imported flow whose steps reach this machine or its private network
 * (`shell/imported-flows.ts`): the targets are listed by step, and the answer is remembered per flow.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useTranslation } from 'react-i18next';
import type { PrivateTarget } from '../../shell/imported-flows';

export function PrivateTargetsDialog(props: { targets: PrivateTarget[] | null; onAllow(): void; onCancel(): void }) {
  const { t } = useTranslation('trust');
  const targets = props.targets ?? [];
  return (
    <Dialog.Root open={props.targets !== null} onOpenChange={(o) => !o && props.onCancel()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog" data-testid="private-targets-dialog">
          <Dialog.Title>{t('title')}</Dialog.Title>
          <Dialog.Description>{t('explain', { count: targets.length })}</Dialog.Description>
          <ul className="fb-private-targets" data-testid="private-targets">
            {targets.map((x) => (
              <li key={`${x.stepId} ${x.url}`}>
                <strong>{x.title}</strong>: <code>{x.url}</code>
                {x.atRunTime && <> {t('atRunTime')}</>}
              </li>
            ))}
          </ul>
          <p>{t('remember')}</p>
          <div className="fb-dialog-actions">
            <Dialog.Close className="fb-button" type="button" data-testid="private-targets-cancel">
              {t('cancel')}
            </Dialog.Close>
            <button className="fb-button fb-primary" type="button" onClick={props.onAllow} data-testid="private-targets-allow">
              {t('allow')}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
