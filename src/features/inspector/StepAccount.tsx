/**
 * The account a step runs with, where the backend binds one to a stored step (`adapter.stepAuthorization`:
 * viaSocket's plugin auth bindings): connected and valid, not connected, or invalid with the backend's reason.
 * Asked again after each save (the key holds the revision), so a new step is checked once it is stored.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { useEditor } from '../../editor/context';

export function StepAccount({ stepId }: { stepId: string }) {
  const { t } = useTranslation('inspector');
  const backend = useBackend();
  const flowId = useEditor((s) => s.flow.id);
  const revision = useEditor((s) => s.baseRevision);
  const type = useEditor((s) => s.flow.steps[stepId]?.type);
  const query = useQuery({
    queryKey: [backend.id, 'step-authorization', flowId, stepId, type, revision],
    queryFn: () => backend.stepAuthorization!(flowId, stepId),
    enabled: !!backend.stepAuthorization && revision !== null,
    retry: false,
  });
  if (!backend.stepAuthorization || query.data === null || (query.isPending && !query.isFetching)) return null;
  let text: string;
  let tone: 'ok' | 'bad' | 'muted' = 'muted';
  if (query.isPending) text = t('account.checking');
  else if (query.error) text = t('account.checkFailed', { message: query.error instanceof Error ? query.error.message : String(query.error) });
  else if (query.data!.valid) {
    text = t('account.valid', { account: query.data!.account ?? '' });
    tone = 'ok';
  } else {
    text = query.data!.problem === 'not-connected' ? t('account.notConnected') : t('account.invalid', { account: query.data!.account ?? '', reason: query.data!.reason ?? t('account.noReason') });
    tone = 'bad';
  }
  return (
    <section className="fb-step-account" aria-label={t('account.title')} data-testid="step-account" data-state={query.isPending ? 'checking' : query.error ? 'error' : query.data!.valid ? 'valid' : (query.data!.problem ?? 'invalid')}>
      <h3 className="fb-step-account__title">{t('account.title')}</h3>
      <p className={`fb-step-account__status fb-step-account--${tone}`} role="status">
        {text}
      </p>
    </section>
  );
}
