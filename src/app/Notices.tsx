/** The toast region: polite for info, assertive for errors; each notice dismissible by keyboard. */
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { noticeStore } from '../shell/notices';

export function Notices() {
  const { t } = useTranslation();
  const notices = useStore(noticeStore, (s) => s.notices);
  return (
    <div className="fb-notices" role="region" aria-label={t('app:notices.region')}>
      <div aria-live="polite">
        {notices
          .filter((n) => n.tone !== 'error')
          .map((n) => (
            <div key={n.id} className={`fb-notice fb-notice-${n.tone}`} role="status" data-testid="notice">
              <span>{t(n.key, n.values)}</span>
              {n.action && (
                <button className="fb-button fb-small" onClick={n.action.run}>
                  {t(n.action.key)}
                </button>
              )}
              <button className="fb-icon-button" onClick={() => noticeStore.getState().dismiss(n.id)} aria-label={t('app:notices.dismiss')}>
                ×
              </button>
            </div>
          ))}
      </div>
      <div aria-live="assertive">
        {notices
          .filter((n) => n.tone === 'error')
          .map((n) => (
            <div key={n.id} className="fb-notice fb-notice-error" role="alert" data-testid="notice-error">
              <span>{t(n.key, n.values)}</span>
              {n.action && (
                <button className="fb-button fb-small" onClick={n.action.run}>
                  {t(n.action.key)}
                </button>
              )}
              <button className="fb-icon-button" onClick={() => noticeStore.getState().dismiss(n.id)} aria-label={t('app:notices.dismiss')}>
                ×
              </button>
            </div>
          ))}
      </div>
    </div>
  );
}
