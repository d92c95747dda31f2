/**
 * One open flow: loads its session (document, recovered journal, undo history), provides its store and
 * commands, autosaves it, and lays out the editor (toolbar, canvas or list, inspector, run panel).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { readClipboard, writeClipboard } from '../../shell/clipboard';
import { noticeStore } from '../../shell/notices';
import { CommandsProvider, EditorStoreProvider } from '../../editor/context';
import { CommandRegistry } from '../../editor/commands/registry';
import { BUILTIN_COMMANDS } from '../../editor/commands/builtin';
import { DEBUGGER_COMMANDS } from '../debugger/commands';
import type { EditorServices } from '../../editor/commands/types';
import { EditorPersistence } from '../../editor/persistence';
import { useInvalidate, useModules } from '../../queries/hooks';
import { startAutosave, type Autosave, type SaveStatus } from './autosave';
import { openFlowSession, type FlowSession } from './flow-session';
import { EditorFrame } from './EditorFrame';
import { errorText } from '../../shell/error-text';

/** One journal database for the page, made with the editor chunk (Dexie stays out of the first load). */
let pagePersistence: EditorPersistence | null = null;
function editorPersistence(): EditorPersistence {
  pagePersistence ??= new EditorPersistence();
  return pagePersistence;
}

export function FlowEditor({ flowId, persistence = editorPersistence() }: { flowId: string; persistence?: EditorPersistence }) {
  const { t, i18n } = useTranslation('editor');
  const adapter = useBackend();
  const modules = useModules();
  const invalidate = useInvalidate();
  const invalidateRef = useRef(invalidate);
  invalidateRef.current = invalidate;
  const [session, setSession] = useState<FlowSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>('saved');
  const autosaveRef = useRef<Autosave | null>(null);
  const modulesRef = useRef(modules.data ?? []);
  modulesRef.current = modules.data ?? [];

  useEffect(() => {
    let cancelled = false;
    setSession(null);
    setError(null);
    const view = (localStorage.getItem('flowbench.view') as 'canvas' | 'list' | null) ?? 'list';
    openFlowSession(adapter, persistence, flowId, view).then(
      (s) => {
        if (cancelled) return;
        setSession(s);
        if (s.recovered && !s.staleJournal) noticeStore.getState().push({ key: 'editor:notices.recovered', tone: 'info' });
        if (s.staleJournal) noticeStore.getState().push({ key: 'editor:notices.recoveredStale', tone: 'warning' });
        const unreadable = s.unreadableJournal;
        if (unreadable) {
          noticeStore.getState().push({
            key: 'editor:notices.unreadableJournal',
            values: { message: unreadable.message },
            tone: 'error',
            action: { key: 'editor:notices.downloadJournal', run: () => void downloadJournal(persistence, unreadable.unreadableKey) },
          });
        }
      },
      (e: unknown) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [adapter, persistence, flowId]);

  useEffect(() => {
    if (!session) return;
    let journalFailing = false;
    const autosave = startAutosave({
      adapter,
      store: session.store,
      persistence,
      key: session.key,
      ...(session.staleJournal ? { startBlocked: session.staleJournal } : {}),
      onStatus: (status, err, info) => {
        setSaveStatus(status);
        // One notice per failure streak; the status line shows the retries.
        if ((status === 'error' || status === 'retrying') && err && (info?.attempts ?? 1) === 1) {
          const key = journalFailing ? 'editor:notices.saveFailedNoCopy' : 'editor:notices.saveFailed';
          noticeStore.getState().push({ key, values: { message: errorText(err) }, tone: 'error' });
        }
      },
      onJournal: (ok, err) => {
        journalFailing = !ok;
        noticeStore.getState().push(
          ok
            ? { key: 'editor:notices.journalBack', tone: 'info' }
            : { key: 'editor:notices.journalFailed', values: { message: err?.message ?? '' }, tone: 'error' },
        );
      },
      // The library shows names and step counts: refresh it after each save.
      onSaved: () => void invalidateRef.current.flows(),
      onConflict: (e) => {
        window.dispatchEvent(new CustomEvent('flowbench:conflict', { detail: { error: e, flowId } }));
      },
    });
    autosaveRef.current = autosave;
    // The conflict dialog (features/conflict) resolved a conflict: the store holds the chosen document.
    const onResolved = (e: Event) => {
      if ((e as CustomEvent<{ flowId?: string }>).detail?.flowId === flowId) autosave.unblock();
    };
    window.addEventListener('flowbench:conflict-resolved', onResolved);
    const unsub = session.store.subscribe((s, prev) => {
      if (s.view !== prev.view) localStorage.setItem('flowbench.view', s.view);
    });
    return () => {
      unsub();
      window.removeEventListener('flowbench:conflict-resolved', onResolved);
      void autosave.flush().finally(() => autosave.stop());
    };
  }, [adapter, persistence, session, flowId]);

  const services = useMemo<EditorServices>(
    () => ({
      readClipboard,
      writeClipboard,
      notify: (key, tone, values) => noticeStore.getState().push({ key: key.includes(':') ? key : `editor:${key}`, tone, values }),
      modules: () => modulesRef.current,
      capabilities: () => adapter.capabilities,
      language: () => (i18n.language === 'zh' ? 'zh' : 'en'),
      save: async () => {
        await autosaveRef.current?.flush();
      },
    }),
    [i18n, adapter],
  );
  const registry = useMemo(() => new CommandRegistry([...BUILTIN_COMMANDS, ...DEBUGGER_COMMANDS]), []);

  if (error) {
    return (
      <div className="fb-empty" role="alert">
        <h2>{t('loadFailed')}</h2>
        <p>{error}</p>
      </div>
    );
  }
  if (!session) return <div className="fb-empty" aria-busy="true">{t('loading')}</div>;
  return (
    <EditorStoreProvider store={session.store}>
      <CommandsProvider value={{ registry, services }}>
        <EditorFrame saveStatus={saveStatus} />
      </CommandsProvider>
    </EditorStoreProvider>
  );
}

/** Saves a journal kept aside (unreadable here) as a JSON file, so nothing in it is lost. */
async function downloadJournal(persistence: EditorPersistence, key: string): Promise<void> {
  const row = await persistence.loadJournal(key);
  if (!row) return;
  const blob = new Blob([JSON.stringify({ baseRevision: row.baseRevision, flow: row.flow }, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'flowbench-unsaved-edits.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
