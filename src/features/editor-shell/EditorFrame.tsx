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
import type { SaveStatus } from './autosave';
import { FlowTitle } from './FlowTitle';
import { StepContextMenu } from './StepContextMenu';
import { VersionsControls } from '../versions/VersionsControls';
import { ConflictResolver } from '../conflict/ConflictResolver';
import { ChecklistButton } from '../checklist/ChecklistButton';
import { openExamples } from '../examples/gallery-store';

// The canvas pulls in React Flow; the list is the default first screen, so the canvas loads on demand.
const CanvasView = lazy(() => import('../canvas/CanvasView').then((m) => ({ default: m.CanvasView })));

export function EditorFrame({ saveStatus }: { saveStatus: SaveStatus }) {
  const { t } = useTranslation(['editor', 'commands']);
  const { registry, ctx, services, execute } = useCommands();
  const view = useEditor((s) => s.view);
  const setView = useEditor((s) => s.setView);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const root = useRef<HTMLDivElement>(null);
  const [palette, setPalette] = useState(false);
  const [shortcuts, setShortcuts] = useState(false);
  const [picker, setPicker] = useState(false);

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
        <button className="fb-button" onClick={() => void execute('structure.addStep')} data-testid="add-step">
          + {t('commands:structure.addStep')}
        </button>
        <button className="fb-button" onClick={() => void execute('edit.undo')} disabled={!canUndo} data-testid="undo">
          {t('commands:edit.undo')}
        </button>
        <button className="fb-button" onClick={() => void execute('edit.redo')} disabled={!canRedo} data-testid="redo">
          {t('commands:edit.redo')}
        </button>
        <span className="fb-spacer" />
        <span className={`fb-save-status fb-save-${saveStatus}`} role="status" data-testid="save-status">
          {t(`editor:save.${saveStatus}`)}
        </span>
        <ChecklistButton />
        <ConflictResolver />
        <VersionsControls />
        <button className="fb-button" onClick={() => setShortcuts(true)}>
          {t('commands:app.shortcuts')}
        </button>
        <button className="fb-button" onClick={() => setPalette(true)} aria-keyshortcuts="Control+K Meta+K">
          {t('commands:app.palette')}
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
        <aside id="fb-inspector" className="fb-inspector" aria-label={t('editor:inspector')}>
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
