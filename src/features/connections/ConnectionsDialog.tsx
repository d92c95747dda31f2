/**
 * The connections dialog: the built-in backends and the saved connections of every kind; add, edit,
 * delete, test, connect, disconnect, use; and a connection's details (as its descriptor describes them).
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { noticeStore } from '../../shell/notices';
import { BACKEND_KINDS } from '../../backends/kinds';
import { checkAdapter, isConnected } from './adapters';
import {
  addConnection,
  connectConnection,
  deleteConnection,
  disconnectConnection,
  editConnection,
  switchToConnection,
} from './actions';
import { ConnectionForm } from './ConnectionForm';
import { ConnectionInfoPanel } from './ConnectionInfoPanel';
import { describeTest, errorText, type Message } from './describe';
import { useActiveChoice, useConnectionAdapter, useConnections } from './hooks';
import { addressOf, choiceOf, type SavedConnection } from './model';
import { useDescriptorText } from './texts';
import { connectionsStore } from './store';
import './connections.css';

export type ConnectionsView =
  { kind: 'list' } | { kind: 'form'; id: string | null } | { kind: 'details'; id: string };

interface Props {
  open: boolean;
  onOpenChange(open: boolean): void;
  /** Where the dialog opens (the list, a connection's details, or the add form). */
  initialView?: ConnectionsView;
}

export function ConnectionsDialog({ open, onOpenChange, initialView }: Props) {
  const { t } = useTranslation('connections');
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content
          className="fb-dialog fb-conn-dialog"
          data-testid="connections-dialog"
          aria-describedby="fb-conn-desc"
        >
          <div className="fb-conn-titlebar">
            <Dialog.Title className="fb-conn-title">{t('title')}</Dialog.Title>
            <span className="fb-spacer" />
            <Dialog.Close
              className="fb-icon-button fb-conn-close"
              aria-label={t('close')}
              data-testid="connections-close"
            >
              ×
            </Dialog.Close>
          </div>
          <Dialog.Description id="fb-conn-desc" className="fb-muted fb-small">
            {t('description')}
          </Dialog.Description>
          {open && <Body initialView={initialView ?? { kind: 'list' }} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Body({ initialView }: { initialView: ConnectionsView }) {
  const { t } = useTranslation('connections');
  const connections = useConnections();
  const [view, setView] = useState<ConnectionsView>(initialView);
  const current = view.kind === 'list' ? null : (connections.find((c) => c.id === view.id) ?? null);
  const addButton = useRef<HTMLButtonElement | null>(null);

  if (view.kind === 'details' && current) {
    return (
      <div>
        <div className="fb-conn-info-bar">
          <button
            type="button"
            className="fb-button fb-small"
            onClick={() => setView({ kind: 'list' })}
            data-testid="connection-back"
          >
            ← {t('back')}
          </button>
          <h3 className="fb-conn-heading">{t('info.title', { name: current.name })}</h3>
        </div>
        <p className="fb-muted fb-small">
          <KindName kind={current.kind} />
          {addressOf(current) ? ` · ${addressOf(current)}` : ''}
        </p>
        <ConnectionInfoPanel connection={current} />
      </div>
    );
  }
  if (view.kind === 'form') {
    return (
      <ConnectionForm
        key={view.id ?? 'new'}
        connection={current}
        onCancel={() => setView({ kind: 'list' })}
        onSave={async (kind, input) => {
          if (current) await editConnection(current, input);
          else addConnection(kind, input);
          setView({ kind: 'list' });
        }}
      />
    );
  }
  return (
    <>
      <ul className="fb-conn-list" aria-label={t('listLabel')} data-testid="connection-list">
        {BACKEND_KINDS.filter((d) => d.builtIn).map((d) => (
          <BuiltInRow key={d.kind} kind={d.kind} />
        ))}
        {connections.map((c) => (
          <ConnectionRow
            key={c.id}
            connection={c}
            onEdit={() => setView({ kind: 'form', id: c.id })}
            onDetails={() => setView({ kind: 'details', id: c.id })}
            onDeleted={() => addButton.current?.focus()}
          />
        ))}
      </ul>
      {connections.length === 0 && <p className="fb-muted">{t('empty')}</p>}
      <div className="fb-dialog-actions">
        <button
          ref={addButton}
          type="button"
          className="fb-button fb-primary"
          onClick={() => setView({ kind: 'form', id: null })}
          data-testid="connection-add"
        >
          + {t('add')}
        </button>
      </div>
    </>
  );
}

function KindName({ kind }: { kind: string }) {
  const text = useDescriptorText(kind);
  const d = BACKEND_KINDS.find((k) => k.kind === kind);
  return <>{d ? text(d.label) : kind}</>;
}

/** A built-in backend (the local one): nothing to set up, only "Use". */
function BuiltInRow({ kind }: { kind: string }) {
  const { t } = useTranslation('connections');
  const text = useDescriptorText(kind);
  const d = BACKEND_KINDS.find((k) => k.kind === kind)!;
  const active = useActiveChoice() === kind;
  const name = text(d.label);
  return (
    <li
      className={`fb-conn-item${active ? ' fb-conn-active' : ''}`}
      data-testid={`connection-${kind}`}
      aria-current={active ? 'true' : undefined}
    >
      <div className="fb-conn-main">
        <span className="fb-conn-name">{name}</span>
        {active && <span className="fb-conn-badge">{t('active')}</span>}
        <span className="fb-muted fb-small">{text(d.description)}</span>
      </div>
      <div className="fb-conn-actions" role="group" aria-label={t('actionsFor', { name })}>
        <button
          type="button"
          className="fb-button fb-small"
          disabled={active}
          onClick={() => connectionsStore.getState().setActive(kind)}
          data-testid="connection-use"
        >
          {active ? t('inUse') : t('use')}
        </button>
      </div>
    </li>
  );
}

type Busy = null | 'use' | 'test' | 'connect' | 'disconnect' | 'delete';

function ConnectionRow({
  connection: c,
  onEdit,
  onDetails,
  onDeleted,
}: {
  connection: SavedConnection;
  onEdit(): void;
  onDetails(): void;
  onDeleted(): void;
}) {
  const { t } = useTranslation('connections');
  const active = useActiveChoice() === choiceOf(c);
  const { adapter } = useConnectionAdapter(c);
  const [busy, setBusy] = useState<Busy>(null);
  const [result, setResult] = useState<(Message & { ok: boolean }) | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [, setTick] = useState(0);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const connected = isConnected(adapter);
  const hasSession = !!adapter?.session;

  const act = async (kind: Exclude<Busy, null>, fn: () => Promise<Message & { ok: boolean }>) => {
    setBusy(kind);
    setResult(null);
    let r: Message & { ok: boolean };
    try {
      r = await fn();
    } catch (e) {
      r = { key: `connections:errors.${kind}`, values: { name: c.name, message: errorText(e) }, ok: false };
    }
    if (!mounted.current) return;
    setBusy(null);
    setResult(r);
    setTick((n) => n + 1);
  };

  const nameId = `fb-conn-name-${c.id}`;
  return (
    <li
      className={`fb-conn-item${active ? ' fb-conn-active' : ''}`}
      data-testid="connection-item"
      data-connection-id={c.id}
      aria-current={active ? 'true' : undefined}
      aria-labelledby={nameId}
    >
      <div className="fb-conn-main">
        <span className="fb-conn-name" id={nameId}>
          {c.name}
        </span>
        {active && <span className="fb-conn-badge">{t('active')}</span>}
        <span
          className={connected ? 'fb-conn-state fb-conn-ok' : 'fb-conn-state fb-muted'}
          data-testid="connection-state"
          data-connected={String(connected)}
        >
          {connected ? t('state.connected') : t('state.notConnected')}
        </span>
        <span className="fb-muted fb-small">
          <KindName kind={c.kind} />
        </span>
        {addressOf(c) && <span className="fb-muted fb-small fb-conn-url">{addressOf(c)}</span>}
      </div>
      <div className="fb-conn-actions" role="group" aria-label={t('actionsFor', { name: c.name })}>
        <button
          type="button"
          className="fb-button fb-small fb-primary"
          disabled={active || busy !== null}
          onClick={() =>
            void act('use', async () => {
              await switchToConnection(c);
              return { key: 'connections:used', values: { name: c.name }, ok: true };
            })
          }
          data-testid="connection-use"
        >
          {busy === 'use' ? t('connecting') : active ? t('inUse') : t('use')}
        </button>
        <button
          type="button"
          className="fb-button fb-small"
          disabled={busy !== null || !adapter}
          onClick={() =>
            void act('test', async () => {
              const r = await checkAdapter(adapter!, c);
              return { ...describeTest(r, c.kind), ok: r.ok };
            })
          }
          data-testid="connection-test"
        >
          {busy === 'test' ? t('test.running') : t('test.button')}
        </button>
        {!hasSession ? null : connected ? (
          <button
            type="button"
            className="fb-button fb-small"
            disabled={busy !== null}
            onClick={() =>
              void act('disconnect', async () => {
                await disconnectConnection(c);
                return { key: 'connections:disconnected', values: { name: c.name }, ok: true };
              })
            }
            data-testid="connection-disconnect"
          >
            {t('disconnect')}
          </button>
        ) : (
          <button
            type="button"
            className="fb-button fb-small"
            disabled={busy !== null}
            onClick={() =>
              void act('connect', async () => {
                await connectConnection(c);
                return { key: 'connections:connected', values: { name: c.name }, ok: true };
              })
            }
            data-testid="connection-connect"
          >
            {busy === 'connect' ? t('connecting') : t('connect')}
          </button>
        )}
        <button
          type="button"
          className="fb-button fb-small"
          onClick={onDetails}
          data-testid="connection-details"
        >
          {t('details')}
        </button>
        <button
          type="button"
          className="fb-button fb-small"
          onClick={onEdit}
          disabled={busy !== null}
          data-testid="connection-edit"
        >
          {t('edit')}
        </button>
        <button
          type="button"
          className="fb-button fb-small fb-conn-danger"
          onClick={() => setConfirmDelete(true)}
          disabled={busy !== null}
          data-testid="connection-delete"
        >
          {t('delete')}
        </button>
      </div>
      {confirmDelete && (
        <div
          className="fb-conn-confirm"
          role="group"
          aria-label={t('deleteConfirm', { name: c.name })}
          data-testid="connection-delete-confirm"
        >
          <span>{t('deleteConfirm', { name: c.name })}</span>
          <button
            type="button"
            className="fb-button fb-small fb-conn-danger"
            autoFocus
            onClick={() => {
              setConfirmDelete(false);
              void deleteConnection(c).then(
                () => {
                  noticeStore
                    .getState()
                    .push({ key: 'connections:deleted', values: { name: c.name }, tone: 'info' });
                  onDeleted();
                },
                (e: unknown) =>
                  noticeStore.getState().push({
                    key: 'connections:errors.delete',
                    values: { name: c.name, message: errorText(e) },
                    tone: 'error',
                  }),
              );
            }}
            data-testid="connection-delete-yes"
          >
            {t('delete')}
          </button>
          <button
            type="button"
            className="fb-button fb-small"
            onClick={() => setConfirmDelete(false)}
            data-testid="connection-delete-no"
          >
            {t('cancel')}
          </button>
        </div>
      )}
      <div
        className="fb-conn-result"
        role="status"
        aria-live="polite"
        data-testid="connection-test-result"
        data-ok={result ? String(result.ok) : undefined}
      >
        {result && (
          <span className={result.ok ? 'fb-conn-ok' : 'fb-danger'}>{t(result.key, result.values)}</span>
        )}
      </div>
    </li>
  );
}
