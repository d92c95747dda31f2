/**
 * Top bar: which backend the app works on (a built-in one, or a saved connection of any kind), the active
 * connection's state, and the button to the connections dialog. Switching to a connection connects first; if that fails the
 * previous backend stays and the error says why.
 */
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useBackend } from '../../shell/backend-context';
import { noticeStore } from '../../shell/notices';
import { switchToConnection } from './actions';
import { BACKEND_KINDS } from '../../backends/kinds';
import { checkConnection, checkStore, clearCheck } from './check';
import type { ConnectionsView } from './ConnectionsDialog';

// The dialog (its settings forms pull in the forms layer and its validator) loads the first time it opens.
const ConnectionsDialog = lazy(() => import('./ConnectionsDialog').then((m) => ({ default: m.ConnectionsDialog })));
import { errorText } from './describe';
import { useActiveChoice, useActiveConnection, useConnections } from './hooks';
import { choiceOf, connectionIdOf, LOCAL_CHOICE } from './model';
import { kindLabel } from './texts';
import { connectionsStore } from './store';
import { queryKeys } from '../../queries/keys';
import './connections.css';

/** Opens the connections dialog from anywhere (the banner, the chip). */
export const openConnections = (view?: ConnectionsView) =>
  window.dispatchEvent(new CustomEvent('flowbench:open-connections', { detail: view }));

export function BackendSwitcher() {
  const { t } = useTranslation('connections');
  const connections = useConnections();
  const active = useActiveChoice();
  const activeConn = useActiveConnection();
  const backend = useBackend();
  const check = useStore(checkStore, (s) => s.state);
  const [pending, setPending] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ open: boolean; view?: ConnectionsView }>({ open: false });
  // Once opened it stays mounted, so closing animates and reopening is instant.
  const [dialogLoaded, setDialogLoaded] = useState(false);
  if (dialog.open && !dialogLoaded) setDialogLoaded(true);

  // Check the active connection when it becomes active.
  // Only a new adapter is checked (a renamed connection keeps its adapter).
  useEffect(() => {
    const conn = connectionsStore.getState().connections.find((c) => choiceOf(c) === backend.id);
    if (conn) void checkConnection(backend, conn);
    else clearCheck();
  }, [backend]);

  useEffect(() => {
    const onOpen = (e: Event) =>
      setDialog({ open: true, view: (e as CustomEvent<ConnectionsView | undefined>).detail });
    window.addEventListener('flowbench:open-connections', onOpen);
    return () => window.removeEventListener('flowbench:open-connections', onOpen);
  }, []);

  const choose = async (choice: string) => {
    const id = connectionIdOf(choice);
    const conn = id ? connections.find((c) => choiceOf(c) === choice) : null;
    if (!conn) {
      connectionsStore.getState().setActive(BACKEND_KINDS.some((d) => d.builtIn && d.kind === choice) ? choice : LOCAL_CHOICE);
      return;
    }
    setPending(choice);
    try {
      await switchToConnection(conn);
    } catch (e) {
      noticeStore.getState().push({
        key: 'connections:errors.use',
        values: { name: conn.name, message: errorText(e) },
        tone: 'error',
      });
    } finally {
      setPending(null);
    }
  };

  const chip =
    activeConn && check.status !== 'idle' && check.adapterId === choiceOf(activeConn) ? (
      <button
        type="button"
        className={`fb-conn-chip fb-conn-chip-${check.status}`}
        onClick={() => setDialog({ open: true, view: { kind: 'details', id: activeConn.id } })}
        title={check.status === 'checking' ? undefined : t(check.message.key, check.message.values)}
        data-testid="connection-chip"
        data-status={check.status}
      >
        <span aria-hidden="true">{check.status === 'ok' ? '●' : check.status === 'failed' ? '✕' : '…'}</span>{' '}
        {t(`chip.${check.status}`)}
        <span className="fb-visually-hidden"> — {t('chip.details', { name: activeConn.name })}</span>
      </button>
    ) : null;

  return (
    <>
      <label className="fb-inline-label">
        <span>{t('switcher.label')}</span>
        <select
          className="fb-select fb-conn-select"
          value={pending ?? active}
          disabled={pending !== null}
          aria-busy={pending !== null}
          onChange={(e) => void choose(e.target.value)}
          data-testid="backend-select"
        >
          {BACKEND_KINDS.filter((d) => d.builtIn).map((d) => (
            <option key={d.kind} value={d.kind}>
              {kindLabel(d.kind)}
            </option>
          ))}
          {connections.map((c) => (
            <option key={c.id} value={choiceOf(c)}>
              {t('switcher.option', { name: c.name, kind: kindLabel(c.kind) })}
            </option>
          ))}
        </select>
      </label>
      {pending !== null && (
        <span className="fb-muted fb-small" role="status">
          {t('connecting')}
        </span>
      )}
      {chip}
      <button
        type="button"
        className="fb-button"
        onClick={() => setDialog({ open: true })}
        data-testid="connections-button"
      >
        {t('switcher.manage')}
      </button>
      {(dialog.open || dialogLoaded) && (
        <Suspense fallback={null}>
          <ConnectionsDialog
            open={dialog.open}
            initialView={dialog.view}
            onOpenChange={(open) => setDialog({ open })}
          />
        </Suspense>
      )}
    </>
  );
}

/** Under the top bar while the active connection fails its check: the error, retry, and ways out. */
export function ConnectionProblem() {
  const { t } = useTranslation('connections');
  const backend = useBackend();
  const activeConn = useActiveConnection();
  const check = useStore(checkStore, (s) => s.state);
  const client = useQueryClient();
  if (!activeConn || check.status !== 'failed' || check.adapterId !== backend.id) return null;
  return (
    <div className="fb-conn-problem" role="alert" data-testid="connection-problem">
      <span>
        <strong>{t('problem.title', { name: activeConn.name })}</strong>{' '}
        {t(check.message.key, check.message.values)}
      </span>
      <span className="fb-spacer" />
      <button
        type="button"
        className="fb-button fb-small"
        onClick={() =>
          void checkConnection(backend, activeConn).then((r) => {
            // Reachable again: reload what failed meanwhile (library, modules).
            if (r.status === 'ok') void client.invalidateQueries({ queryKey: queryKeys.all(backend.id) });
          })
        }
        data-testid="connection-problem-retry"
      >
        {t('retry')}
      </button>
      <button
        type="button"
        className="fb-button fb-small"
        onClick={() => connectionsStore.getState().setActive(LOCAL_CHOICE)}
        data-testid="connection-problem-local"
      >
        {t('problem.useLocal')}
      </button>
      <button
        type="button"
        className="fb-button fb-small"
        onClick={() => openConnections()}
        data-testid="connection-problem-manage"
      >
        {t('switcher.manage')}
      </button>
    </div>
  );
}
