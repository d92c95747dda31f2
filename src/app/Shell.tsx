/** The app layout: top bar (backend switcher), library sidebar, and the open flow's editor. */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';
// The editor (forms, runs, inspector, step list, canvas, palette, checklist, the editor journal's Dexie) loads
// when a flow opens, not with the first screen: the first load is the library and the top bar.
const FlowEditor = lazy(() => import('../features/editor-shell/FlowEditor').then((m) => ({ default: m.FlowEditor })));
import { LibrarySidebar } from '../features/library/LibrarySidebar';
import { useStartDialogs } from '../features/examples/gallery-store';

// The gallery (its example flows and their builders) loads the first time it opens.
const ExamplesDialog = lazy(() => import('../features/examples/ExamplesDialog').then((m) => ({ default: m.ExamplesDialog })));
import { openExamples, openNewFlow } from '../features/examples/gallery-store';
import { BackendSwitcher, ConnectionProblem, useModuleOutputsSync } from '../features/connections';
import { useBackend } from '../shell/backend-context';
import { ServerTools } from '../features/server-tools/ServerTools';
import { Notices } from './Notices';
import type { Theme } from './theme';

function flowIdFromHash(): string | null {
  const m = /^#\/flow\/([^/?]+)/.exec(window.location.hash);
  return m ? decodeURIComponent(m[1]!) : null;
}

export function Shell({ theme, onThemeChange }: { theme: Theme; onThemeChange(t: Theme): void }) {
  const { t, i18n } = useTranslation('app');
  const backend = useBackend();
  // Mounted from the first time the gallery is asked for, then kept (closing animates, reopening is instant).
  const examplesOpen = useStartDialogs((s) => s.examples);
  const [examplesWanted, setExamplesWanted] = useState(false);
  if (examplesOpen && !examplesWanted) setExamplesWanted(true);
  // The open flow belongs to the backend it was opened on: after a switch, nothing is open.
  const backendId = useRef(backend.id);
  backendId.current = backend.id;
  const [route, setRoute] = useState(() => ({ flowId: flowIdFromHash(), backendId: backend.id }));
  const flowId = route.backendId === backend.id ? route.flowId : null;
  useModuleOutputsSync();

  useEffect(() => {
    const onHash = () => setRoute({ flowId: flowIdFromHash(), backendId: backendId.current });
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    // A flow id of the previous backend would not open on this one.
    if (route.backendId === backend.id) return;
    if (flowIdFromHash())
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    setRoute({ flowId: null, backendId: backend.id });
  }, [backend.id, route.backendId]);

  const openFlow = (id: string) => {
    window.location.hash = `#/flow/${encodeURIComponent(id)}`;
  };

  return (
    <div className="fb-app">
      <header className="fb-topbar">
        <h1 className="fb-logo">
          <img src="/favicon.svg" alt="" width={20} height={20} /> {t('common:appName')}
        </h1>
        <span className="fb-spacer" />
        <BackendSwitcher />
        <label className="fb-inline-label">
          <span>{t('language')}</span>
          <select
            className="fb-select"
            value={i18n.language === 'zh' ? 'zh' : 'en'}
            onChange={(e) => setLanguage(e.target.value as Language)}
            data-testid="language"
          >
            <option value="en">English</option>
            <option value="zh">简体中文</option>
          </select>
        </label>
        <button
          className="fb-button"
          onClick={() => onThemeChange(theme === 'dark' ? 'light' : 'dark')}
          aria-pressed={theme === 'dark'}
          data-testid="theme-toggle"
        >
          {t('darkTheme')}
        </button>
      </header>
      <ConnectionProblem />
      {/* Keyed by backend: a switch starts the library and the editor afresh on the new backend. */}
      <div className="fb-workspace" key={backend.id}>
        <LibrarySidebar activeFlowId={flowId} onOpenFlow={openFlow} />
        <main className="fb-main" aria-label={t('editorArea')}>
          {flowId ? (
            <Suspense fallback={<div className="fb-empty" aria-busy="true">{t('editor:loading')}</div>}>
              <FlowEditor key={flowId} flowId={flowId} />
            </Suspense>
          ) : (
            <div className="fb-empty" data-testid="welcome">
              <h2>{t('welcome.title')}</h2>
              <p>{t('welcome.body')}</p>
              <div className="fb-welcome-actions">
                <button type="button" className="fb-button fb-primary" onClick={openNewFlow} aria-haspopup="dialog" data-testid="welcome-create">
                  {t('examples:start.create')}
                </button>
                <button type="button" className="fb-button" onClick={openExamples} aria-haspopup="dialog" data-testid="welcome-examples">
                  {t('examples:start.examples')}
                </button>
              </div>
            </div>
          )}
        </main>
        {examplesWanted && (
          <Suspense fallback={null}>
            <ExamplesDialog onOpenFlow={openFlow} />
          </Suspense>
        )}
      </div>
      <ServerTools />
      <Notices />
    </div>
  );
}
