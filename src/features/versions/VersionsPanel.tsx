/**
 * The versions dialog: the history (time, name, note, published mark), creating a named version, opening
 * any version read-only (list and graph), comparing any two of {the draft, each version}, restoring a
 * version and reverting the draft to the published one. A restore goes through the adapter (which keeps
 * the current draft as a version first) and lands in the editor as one undoable `replaceFlow`, based on the
 * revision the adapter returned.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { noticeStore } from '../../shell/notices';
import type { FlowVersion, SavedFlow } from '../../backends/types';
import { useCommands, useEditor, useEditorStore } from '../../editor/context';
import type { Flow } from '../../model/flow';
import { useCreateVersion, useRestoreVersion, useRevertDraft, useVersion, useVersions } from '../../queries/library';
import { DiffView } from './DiffView';
import { saveEditorFirst } from './save-first';
import type { PublishState } from './VersionsControls';
import { errorText } from '../../shell/error-text';

type Side = { kind: 'draft' } | { kind: 'version'; id: string };
type View = { kind: 'history' } | { kind: 'view'; versionId: string } | { kind: 'compare'; before: Side; after: Side };

interface Props {
  open: boolean;
  onOpenChange(o: boolean): void;
  flowId: string;
  state: PublishState;
  publishedVersionId: string | null;
}

export function VersionsPanel({ open, onOpenChange, flowId, state, publishedVersionId }: Props) {
  const { t } = useTranslation('versions');
  const [view, setView] = useState<View>({ kind: 'history' });
  const versions = useVersions(flowId);
  const list = versions.data ?? [];
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-dialog-versions" data-testid="versions-dialog" aria-describedby={undefined}>
          <div className="fb-versions-head">
            <Dialog.Title>{view.kind === 'history' ? t('title') : view.kind === 'view' ? t('viewTitle') : t('compareTitle')}</Dialog.Title>
            {view.kind !== 'history' && (
              <button type="button" className="fb-button" onClick={() => setView({ kind: 'history' })} data-testid="versions-back">
                ← {t('back')}
              </button>
            )}
            <Dialog.Close className="fb-icon-button fb-versions-close" aria-label={t('close')}>
              ×
            </Dialog.Close>
          </div>
          {view.kind === 'history' && (
            <History
              flowId={flowId}
              versions={list}
              loading={versions.isPending}
              state={state}
              publishedVersionId={publishedVersionId}
              onView={(id) => setView({ kind: 'view', versionId: id })}
              onCompare={(before, after) => setView({ kind: 'compare', before, after })}
              onDone={() => onOpenChange(false)}
            />
          )}
          {view.kind === 'view' && <VersionPreview flowId={flowId} version={list.find((v) => v.id === view.versionId)} versionId={view.versionId} />}
          {view.kind === 'compare' && <Compare flowId={flowId} versions={list} before={view.before} after={view.after} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function useVersionLabel() {
  const { t, i18n } = useTranslation('versions');
  const fmt = new Intl.DateTimeFormat(i18n.language === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'medium' });
  return {
    time: (v: FlowVersion) => fmt.format(v.createdAt),
    label: (v: FlowVersion | undefined) => (v ? (v.name ?? (v.note || fmt.format(v.createdAt))) : t('unknownVersion')),
  };
}

function History(props: {
  flowId: string;
  versions: FlowVersion[];
  loading: boolean;
  state: PublishState;
  publishedVersionId: string | null;
  onView(id: string): void;
  onCompare(before: Side, after: Side): void;
  onDone(): void;
}) {
  const { t } = useTranslation('versions');
  const backend = useBackend();
  const { services } = useCommands();
  const store = useEditorStore();
  const restoreM = useRestoreVersion();
  const revertM = useRevertDraft();
  const { time, label } = useVersionLabel();
  const [picked, setPicked] = useState<string[]>([]);
  const busy = restoreM.isPending || revertM.isPending;

  const land = (saved: SavedFlow, key: string, values: Record<string, unknown>) => {
    store.getState().replaceFlow(saved.flow, 'versions.restore', saved.summary.revision);
    noticeStore.getState().push({ key: `versions:notices.${key}`, values, tone: 'info' });
    props.onDone();
  };
  const restore = async (v: FlowVersion) => {
    if (!(await saveEditorFirst(services, store))) return;
    try {
      land(await restoreM.mutateAsync({ flowId: props.flowId, versionId: v.id }), 'restored', { label: label(v) });
    } catch (e) {
      noticeStore.getState().push({ key: 'versions:errors.failed', values: { message: errorText(e) }, tone: 'error' });
    }
  };
  const revert = async () => {
    if (!(await saveEditorFirst(services, store))) return;
    try {
      land(await revertM.mutateAsync({ flowId: props.flowId }), 'reverted', {});
    } catch (e) {
      noticeStore.getState().push({ key: 'versions:errors.failed', values: { message: errorText(e) }, tone: 'error' });
    }
  };
  const sideOf = (key: string): Side => (key === 'draft' ? { kind: 'draft' } : { kind: 'version', id: key });
  const toggle = (key: string, on: boolean) => setPicked((p) => (on ? [...p.filter((x) => x !== key), key].slice(-2) : p.filter((x) => x !== key)));
  // Older on the left: the draft is always the newest.
  const ordered = () => {
    const rank = (k: string) => (k === 'draft' ? Infinity : (props.versions.find((v) => v.id === k)?.createdAt ?? 0));
    const [a, b] = [...picked].sort((x, y) => rank(x) - rank(y));
    props.onCompare(sideOf(a!), sideOf(b!));
  };

  return (
    <div className="fb-versions-history">
      <div className="fb-versions-actions">
        {props.publishedVersionId && (
          <button
            type="button"
            className="fb-button"
            onClick={() => props.onCompare({ kind: 'version', id: props.publishedVersionId! }, { kind: 'draft' })}
            data-testid="compare-draft-published"
          >
            {t('compareDraftPublished')}
          </button>
        )}
        {backend.capabilities.revertDraft && props.publishedVersionId && (
          <button type="button" className="fb-button" disabled={busy || props.state === 'published'} onClick={() => void revert()} data-testid="revert-draft">
            {t('revertDraft')}
          </button>
        )}
        <button type="button" className="fb-button" disabled={picked.length !== 2} onClick={ordered} data-testid="compare-picked">
          {t('comparePicked', { count: picked.length })}
        </button>
      </div>
      <CreateVersion flowId={props.flowId} />
      <table className="fb-versions-table" data-testid="versions-list">
        <caption className="fb-visually-hidden">{t('history')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.compare')}</th>
            <th scope="col">{t('col.time')}</th>
            <th scope="col">{t('col.version')}</th>
            <th scope="col">{t('col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          <tr data-testid="version-row-draft">
            <td>
              <input type="checkbox" aria-label={t('pickForCompare', { label: t('draft') })} checked={picked.includes('draft')} onChange={(e) => toggle('draft', e.target.checked)} />
            </td>
            <td>{t('now')}</td>
            <td>
              <strong>{t('draft')}</strong> <span className="fb-muted">{t(`state.${props.state}`)}</span>
            </td>
            <td />
          </tr>
          {props.versions.map((v) => (
            <tr key={v.id} data-testid="version-row" data-version-id={v.id} data-published={v.published}>
              <td>
                <input type="checkbox" aria-label={t('pickForCompare', { label: label(v) })} checked={picked.includes(v.id)} onChange={(e) => toggle(v.id, e.target.checked)} />
              </td>
              <td>
                <time dateTime={new Date(v.createdAt).toISOString()}>{time(v)}</time>
              </td>
              <td>
                {v.name && <strong className="fb-version-name">{v.name} </strong>}
                {v.published && (
                  <span className={`fb-published-badge${v.id === props.publishedVersionId ? ' fb-current' : ''}`} data-testid="published-badge">
                    {v.id === props.publishedVersionId ? t('publishedCurrent') : t('publishedBefore')}
                  </span>
                )}
                <div className="fb-version-note" data-testid="version-note">
                  {v.note || <span className="fb-muted">{t('noNote')}</span>}
                </div>
              </td>
              <td className="fb-version-actions">
                <button type="button" className="fb-button fb-small" onClick={() => props.onView(v.id)} aria-label={t('viewVersion', { label: label(v) })} data-testid="version-view">
                  {t('view')}
                </button>
                <button
                  type="button"
                  className="fb-button fb-small"
                  onClick={() => props.onCompare({ kind: 'version', id: v.id }, { kind: 'draft' })}
                  aria-label={t('compareWithDraftLabel', { label: label(v) })}
                  data-testid="version-compare-draft"
                >
                  {t('compareWithDraft')}
                </button>
                <button
                  type="button"
                  className="fb-button fb-small"
                  disabled={busy}
                  onClick={() => void restore(v)}
                  aria-label={t('restoreVersion', { label: label(v) })}
                  data-testid="version-restore"
                >
                  {t('restore')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!props.loading && props.versions.length === 0 && <p className="fb-muted">{t('noVersions')}</p>}
      <p className="fb-muted fb-small">{t('restoreHint')}</p>
    </div>
  );
}

function CreateVersion({ flowId }: { flowId: string }) {
  const { t } = useTranslation('versions');
  const { services } = useCommands();
  const store = useEditorStore();
  const create = useCreateVersion();
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!(await saveEditorFirst(services, store))) return;
    try {
      await create.mutateAsync({ flowId, note: note.trim(), name: name.trim() || undefined });
      noticeStore.getState().push({ key: 'versions:notices.created', tone: 'info' });
      setName('');
      setNote('');
    } catch (err) {
      noticeStore.getState().push({ key: 'versions:errors.failed', values: { message: errorText(err) }, tone: 'error' });
    }
  };
  return (
    <form className="fb-version-create" onSubmit={(e) => void submit(e)} aria-label={t('create.title')}>
      <label className="fb-field">
        <span>{t('create.name')}</span>
        <input className="fb-input" value={name} onChange={(e) => setName(e.target.value)} data-testid="version-name" />
      </label>
      <label className="fb-field">
        <span>{t('create.note')}</span>
        <input className="fb-input" value={note} onChange={(e) => setNote(e.target.value)} data-testid="version-note-input" />
      </label>
      <button type="submit" className="fb-button" disabled={create.isPending} data-testid="version-create">
        {t('create.button')}
      </button>
    </form>
  );
}

function VersionPreview({ flowId, versionId, version }: { flowId: string; versionId: string; version: FlowVersion | undefined }) {
  const { t } = useTranslation('versions');
  const { label } = useVersionLabel();
  const snap = useVersion(flowId, versionId);
  if (snap.isError) return <p role="alert">{t('errors.failed', { message: errorText(snap.error) })}</p>;
  if (!snap.data) return <p aria-busy="true">{t('loading')}</p>;
  const name = label(version ?? snap.data.version);
  return (
    <>
      <p className="fb-muted" data-testid="version-preview-label">
        {t('readOnly', { label: name })}
      </p>
      <DiffView before={snap.data.flow} after={snap.data.flow} beforeLabel={name} afterLabel={name} mode="view" testId="version-preview" />
    </>
  );
}

function useSide(flowId: string, side: Side, versions: FlowVersion[]): { flow: Flow | undefined; label: string; error?: string } {
  const { t } = useTranslation('versions');
  const { label } = useVersionLabel();
  const draft = useEditor((s) => s.flow);
  const snap = useVersion(flowId, side.kind === 'version' ? side.id : null);
  if (side.kind === 'draft') return { flow: draft, label: t('draft') };
  const v = versions.find((x) => x.id === side.id) ?? snap.data?.version;
  const out: { flow: Flow | undefined; label: string; error?: string } = { flow: snap.data?.flow, label: label(v) };
  if (snap.isError) out.error = snap.error.message;
  return out;
}

function Compare({ flowId, versions, before, after }: { flowId: string; versions: FlowVersion[]; before: Side; after: Side }) {
  const { t } = useTranslation('versions');
  const a = useSide(flowId, before, versions);
  const b = useSide(flowId, after, versions);
  const error = a.error ?? b.error;
  if (error) return <p role="alert">{t('errors.failed', { message: error })}</p>;
  if (!a.flow || !b.flow) return <p aria-busy="true">{t('loading')}</p>;
  return <DiffView before={a.flow} after={b.flow} beforeLabel={a.label} afterLabel={b.label} />;
}
