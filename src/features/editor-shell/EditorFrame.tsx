/** The editor's layout and its toolbar. Views and panels plug in here; they talk only through the store. */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommands, useEditor } from '../../editor/context';
import { CommandPalette } from '../palette/CommandPalette';
import { ShortcutsSheet } from '../palette/ShortcutsSheet';
import { StepPicker } from '../palette/StepPicker';
import { StepListView } from '../step-list/StepListView';
import { Inspector } from '../inspector/Inspector';
import { RunPanel } from '../runs/RunPanel';
import { useKeyboardCommands } from './useKeyboardCommands';
import { InspectorResizer, useInspectorWidth } from './InspectorResizer';
import type { SaveStatus } from './autosave';
import { FlowTitle } from './FlowTitle';
import { StepContextMenu } from './StepContextMenu';
import { VersionsControls } from '../versions/VersionsControls';
import { ConflictResolver } from '../conflict/ConflictResolver';
import { ChecklistButton } from '../checklist/ChecklistButton';
import { openExamples } from '../examples/gallery-store';
import { formatShortcut } from '../../editor/commands/keys';
import { ReadOnlyBadge } from './read-only';

// The canvas pulls in React Flow; the list is the default first screen, so the canvas loads on demand.
const CanvasView = lazy(() => import('../canvas/CanvasView').then((m) => ({ default: m.CanvasView })));

export function EditorFrame({ saveStatus }: { saveStatus: SaveStatus }) {
  const { t } = useTranslation(['editor', 'commands']);
  const { registry, ctx, services, execute } = useCommands();
  const view = useEditor((s) => s.view);
  const setView = useEditor((s) => s.setView);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const readOnly = useEditor((s) => s.readOnly);
  const root = useRef<HTMLDivElement>(null);
  const [palette, setPalette] = useState(false);
  const [shortcuts, setShortcuts] = useState(false);
  const [picker, setPicker] = useState(false);
  const [inspectorWidth, setInspectorWidth] = useInspectorWidth();

  useMemo(() => {
    services.openPalette = () => setPalette(true);
    services.openShortcuts = () => setShortcuts(true);
    services.openStepPicker = () => setPicker(true);
    services.openExamples = openExamples;
  }, [services]);

  useKeyboardCommands(registry, ctx, root);

  // The list asks to open a step (Enter): focus the inspector's first field.
  useEffect(() => {
    const onOpen = () => {
      requestAnimationFrame(() => {
        const first = document.querySelector<HTMLElement>('#fb-inspector input, #fb-inspector textarea, #fb-inspector select, #fb-inspector button');
        first?.focus();
      });
    };
    window.addEventListener('flowbench:open-step', onOpen);
    return () => window.removeEventListener('flowbench:open-step', onOpen);
  }, []);

  return (
    <div className="fb-editor" ref={root}>
      <div className="fb-editor-bar" role="toolbar" aria-label={t('editor:toolbar')}>
        <FlowTitle />
        <div className="fb-segmented" role="group" aria-label={t('editor:viewSwitch')}>
          <button className="fb-button" aria-pressed={view === 'canvas'} onClick={() => setView('canvas')} data-testid="view-canvas">
            {t('commands:view.canvas')}
          </button>
          <button className="fb-button" aria-pressed={view === 'list'} onClick={() => setView('list')} data-testid="view-list">
            {t('commands:view.list')}
          </button>
        </div>
        {/* A read-only flow offers no edits at all (the badge says why), rather than refusing them one by one. */}
        {!readOnly && (
          <>
            <button className="fb-button" onClick={() => void execute('structure.addStep')} data-testid="add-step">
              + {t('commands:structure.addStep')}
            </button>
            <button
              className="fb-button fb-icon-only"
              onClick={() => void execute('edit.undo')}
              disabled={!canUndo}
              aria-label={t('commands:edit.undo')}
              title={`${t('commands:edit.undo')} (${formatShortcut('Mod+Z')})`}
              data-testid="undo"
            >
              ↶
            </button>
            <button
              className="fb-button fb-icon-only"
              onClick={() => void execute('edit.redo')}
              disabled={!canRedo}
              aria-label={t('commands:edit.redo')}
              title={`${t('commands:edit.redo')} (${formatShortcut('Mod+Shift+Z')})`}
              data-testid="redo"
            >
              ↷
            </button>
          </>
        )}
        <span className="fb-spacer" />
        {readOnly ? (
          <ReadOnlyBadge />
        ) : (
          <span className={`fb-save-status fb-save-${saveStatus}`} role="status" data-testid="save-status">
            {t(`editor:save.${saveStatus}`)}
          </span>
        )}
        <ChecklistButton />
        <ConflictResolver />
        <VersionsControls />
        {/* Compact so the header stays on one row; the full names are the accessible names and tooltips. */}
        <button className="fb-button fb-icon-only" onClick={() => setShortcuts(true)} aria-label={t('commands:app.shortcuts')} title={t('commands:app.shortcuts')} aria-keyshortcuts="?">
          ?
        </button>
        <button
          className="fb-button fb-icon-only"
          onClick={() => setPalette(true)}
          aria-label={t('commands:app.palette')}
          title={`${t('commands:app.palette')} (${formatShortcut('Mod+K')})`}
          aria-keyshortcuts="Control+K Meta+K"
        >
          {formatShortcut('Mod+K')}
        </button>
      </div>
      <div className="fb-editor-body">
        <StepContextMenu>
          <section className="fb-editor-main" data-region={view} aria-label={t(`commands:view.${view}`)}>
            {view === 'canvas' ? (
              <Suspense fallback={<div className="fb-empty">{t('editor:loading')}</div>}>
                <CanvasView />
              </Suspense>
            ) : (
              <StepListView />
            )}
          </section>
        </StepContextMenu>
        <InspectorResizer width={inspectorWidth} onWidth={setInspectorWidth} />
        {/* Read-only, its controls are disabled: the panel itself takes focus, so it still scrolls by keyboard. */}
        <aside
          id="fb-inspector"
          className="fb-inspector"
          style={{ width: inspectorWidth }}
          aria-label={t('editor:inspector')}
          tabIndex={readOnly ? 0 : undefined}
        >
          <Inspector />
        </aside>
      </div>
      <RunPanel />
      <CommandPalette open={palette} onOpenChange={setPalette} />
      <ShortcutsSheet open={shortcuts} onOpenChange={setShortcuts} />
      <StepPicker open={picker} onOpenChange={setPicker} />
    </div>
  );
}
