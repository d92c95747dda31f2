/**
 * The function-step code editor: Monaco (lazy), types generated from the flow, problems, single-step tests.
 * The inspector plugs `CodeEditorField` into SchemaForm's `renderCode` and adds `TestStepSection`; a
 * checklist reads problems with `useCodeProblems`.
 */
export { CodeEditorField, isJavaScript, type CodeEditorFieldProps } from './CodeEditorField';
export { TestStepSection } from './TestStepPanel';
export { CodeFieldTabs, codeTabFields } from './CodeFieldTabs';
export { useCodeProblems, getCodeProblems, type CodeProblem } from './problems';
export { generateStepDts, type StepDtsInput } from './types/flow-dts';
