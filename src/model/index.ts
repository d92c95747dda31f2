/**
 * The public API of the canonical model. Other layers import from here (or from `./flow`, `./modules`,
 * `./references` for the contract types).
 */
export * from './flow';
export type * from './modules';
export type * from './references';
export { newId, newStepId } from './ids';
export { FlowFormatError, restoreFlow } from './restore';
export {
  deriveEdges,
  edgeId,
  fromGraphFlow,
  fromStepList,
  isListFaithful,
  toGraphFlow,
  toStepList,
  topologicalOrder,
  type FromStepListResult,
  type StepListError,
  type StepListInputRow,
  type StepRow,
  type StepRowRole,
} from './structure';
export { ancestorsOf, childList, descendantsOf, HANDLES_OF, subtreeOf } from './tree';
export {
  indentStep,
  insertStep,
  insertSteps,
  moveStep,
  OpError,
  outdentStep,
  removeSteps,
  slotOf,
  topmostOf,
  wrapInBlock,
} from './ops';
export {
  connect,
  connectionProblem,
  connectWithReport,
  disconnect,
  disconnectWithReport,
  type Connection,
  type EdgeEditReport,
} from './ops-graph';
export {
  addNote,
  removeNote,
  renameStep,
  setParam,
  setPositions,
  setStepFields,
  updateNote,
  type StepFieldsPatch,
} from './ops-fields';
export { cloneGroup, duplicateSteps, extractGroup, insertGroup, type StepGroup } from './copy';
export {
  isStructuralIssue,
  stepsBefore,
  structuralIssues,
  validateFlow,
  type FlowIssue,
  type FlowIssueCode,
} from './validate';
export { difySyntax, localSyntax, syntaxFor, vflowSyntax, viasocketSyntax } from './references/dialects';
export { VFLOW_SYSTEM_VARIABLES } from './references/vflow';
export { findFlowReferences, rewriteReferences, rewriteValue, type FlowReference } from './references/rewrite';
export { namingOf } from './references/shared';
export { displayNamesOf, referenceDisplay, type ReferenceDisplay, type StepDisplayNames, type StepFallbackName } from './references/display';
export {
  CLIPBOARD_FORMAT,
  CLIPBOARD_VERSION,
  ClipboardFormatError,
  parseClipboard,
  pasteSteps,
  serializeSteps,
  type ClipboardPayload,
} from './clipboard';
