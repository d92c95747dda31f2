/**
 * A sticky note: free text on the canvas, stored in `flow.notes` through the model's note operations.
 * Double-click (or Enter) edits; the text is committed on blur or Ctrl/⌘+Enter; Escape cancels.
 */
import { memo, useEffect, useRef, useState } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useEditor, useEditorStore } from '../../editor/context';
import { removeNote, updateNote } from '../../model';
import type { NoteFlowNode } from './node-cache';

function NoteNodeView({ data, selected }: NodeProps<NoteFlowNode>) {
  const { t } = useTranslation('canvas');
  const store = useEditorStore();
  const noteId = data.noteId;
  const text = useEditor((s) => s.flow.notes.find((n) => n.id === noteId)?.text);
  const color = useEditor((s) => s.flow.notes.find((n) => n.id === noteId)?.color);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (editing) area.current?.focus();
  }, [editing]);

  if (text === undefined) return null;

  const startEditing = () => {
    setDraft(text);
    setEditing(true);
  };
  const commit = () => {
    setEditing(false);
    if (draft !== text) store.getState().edit('canvas.editNote', (f) => updateNote(f, noteId, { text: draft }));
  };
  const remove = () => store.getState().edit('canvas.removeNote', (f) => removeNote(f, noteId));

  return (
    <div
      className="fb-note"
      data-testid={`canvas-note-${noteId}`}
      style={color ? { borderTopColor: color } : undefined}
      onDoubleClick={startEditing}
      onKeyDown={(e) => {
        if (!editing && e.key === 'Enter' && e.target === e.currentTarget) startEditing();
      }}
      tabIndex={0}
      role="note"
      aria-label={t('note.label')}
    >
      <NodeResizer isVisible={selected} minWidth={120} minHeight={60} color="var(--fb-accent)" />
      <button type="button" className="fb-note__remove nodrag" onClick={remove} aria-label={t('note.remove')} title={t('note.remove')}>
        ×
      </button>
      {editing ? (
        <textarea
          ref={area}
          className="fb-note__editor nodrag nowheel"
          value={draft}
          aria-label={t('note.edit')}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Escape') setEditing(false);
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit();
          }}
        />
      ) : (
        <div className="fb-note__text">{text || <span className="fb-note__placeholder">{t('note.placeholder')}</span>}</div>
      )}
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
