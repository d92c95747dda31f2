/**
 * Structure conversions between the block model, the graph form and the indented list. Split in files by
 * direction; this module is the one place views and adapters import them from.
 */
export { deriveEdges, edgeId, fromGraphFlow, toGraphFlow, topologicalOrder } from './graph';
export {
  fromStepList,
  isListFaithful,
  toStepList,
  type FromStepListResult,
  type StepListError,
  type StepListInputRow,
  type StepRow,
  type StepRowRole,
} from './step-list';
