/**
 * Why an edit is impossible, as a code the UI translates (`errors.json` `op.<code>`, with `values`); the English
 * `message` is the same sentence for logs and tests. Its own module without imports, so the UI's error
 * formatter (on the first screen) knows it without loading the edit operations.
 */
export const OP_ERROR_CODES = [
  'noStep', 'topLevelNoBranch', 'graphNoNesting', 'noBranch', 'positionOutsideTop', 'positionOutsideBranch',
  'cannotContain', 'insertNested', 'stepExists', 'stepGivenTwice', 'malformedGroup', 'graphNoMove', 'moveIntoItself',
  'notPlaced', 'indentBlockOnly', 'indentAbove', 'notInBlock', 'blockNotPlaced', 'graphNoBlocks', 'wrapKind',
  'wrapNotEmpty', 'wrapNothing', 'wrapSameList', 'wrapGaps', 'titleTaken', 'timeLimit', 'fieldNotEditable',
  'kindChange', 'noteExists', 'noNote', 'noConnection', 'connectSelf', 'noOutput', 'noInput', 'portTypes', 'inputTaken', 'alreadyConnected', 'connectCycle',
] as const;
export type OpErrorCode = (typeof OP_ERROR_CODES)[number];

export class OpError extends Error {
  override name = 'OpError';
  constructor(
    message: string,
    readonly code: OpErrorCode,
    readonly values: Record<string, string | number> = {},
  ) {
    super(message);
  }
}
