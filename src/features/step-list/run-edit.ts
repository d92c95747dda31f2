/** The list's edits go through the editor's one edit path (`applyEdit`): errors become notices. */
export { applyEdit as runEdit } from '../../editor/edit';
