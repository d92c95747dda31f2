/** The example gallery: ready-made flows (examples.ts) the active backend can run, each opened as a new flow. */
import * as Dialog from '@radix-ui/react-dialog';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { noticeStore } from '../../shell/notices';
import { newId } from '../../model/ids';
import { useInvalidate, useModules } from '../../queries/hooks';
import { availableExamples, type ExampleDefinition } from './examples';
import { startDialogs, useStartDialogs } from './gallery-store';
import './examples.css';
import { errorText } from '../../shell/error-text';

export function ExamplesDialog({ onOpenFlow }: { onOpenFlow(id: string): void }) {
  const { t } = useTranslation('examples');
  const open = useStartDialogs((s) => s.examples);
  const backend = useBackend();
  const invalidate = useInvalidate();
  const modules = useModules().data;
  const examples = useMemo(() => availableExamples(new Set((modules ?? []).map((m) => m.id))), [modules]);
  const [busy, setBusy] = useState<string | null>(null);
  const close = () => startDialogs.setState({ examples: false });

  const openExample = async (example: ExampleDefinition) => {
    setBusy(example.id);
    try {
      const flow = example.build({
        flowId: newId('flow'),
        syntax: backend.referenceSyntax,
        origin: window.location.origin,
        t: (key, values) => t(key, values ?? {}),
      });
      const saved = await backend.saveFlow({ flow, baseRevision: null });
      await invalidate.flows();
      close();
      onOpenFlow(saved.flow.id);
    } catch (e) {
      noticeStore.getState().push({ key: 'examples:openFailed', values: { message: errorText(e) }, tone: 'error' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(o) => startDialogs.setState({ examples: o })}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-examples" data-testid="examples-dialog">
          <Dialog.Title>{t('title')}</Dialog.Title>
          <Dialog.Description className="fb-muted">{t('intro')}</Dialog.Description>
          {modules && examples.length === 0 && <p>{t('none')}</p>}
          <ul className="fb-examples-list">
            {examples.map((example) => (
              <li key={example.id} className="fb-example" data-testid={`example-${example.id}`}>
                <div className="fb-example-text">
                  <h3 className="fb-example-name">{t(`${example.id}.name`)}</h3>
                  <p className="fb-example-description">{t(`${example.id}.description`)}</p>
                  <span className="fb-muted fb-example-count">{t('steps', { count: example.stepCount })}</span>
                </div>
                <button
                  type="button"
                  className="fb-button fb-primary"
                  disabled={busy !== null}
                  aria-label={`${t('open')}: ${t(`${example.id}.name`)}`}
                  onClick={() => void openExample(example)}
                >
                  {t('open')}
                </button>
              </li>
            ))}
          </ul>
          <div className="fb-dialog-actions">
            <Dialog.Close className="fb-button" type="button">
              {t('close')}
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
