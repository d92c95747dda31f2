/**
 * The reference syntax of each backend dialect. Not named `index.ts` because `../references.ts` (the
 * contract) already owns the `model/references` import path.
 */
import type { ReferenceSyntax } from '../references';
import { difySyntax } from './dify';
import { localSyntax } from './local';
import { vflowSyntax } from './vflow';
import { viasocketSyntax } from './viasocket';

const SYNTAXES: Record<string, ReferenceSyntax> = {
  local: localSyntax,
  vflow: vflowSyntax,
  viasocket: viasocketSyntax,
  dify: difySyntax,
};

/** The syntax of a dialect, or undefined for a dialect without step references the editor understands. */
export function syntaxFor(dialect: string): ReferenceSyntax | undefined {
  return SYNTAXES[dialect];
}

export { difySyntax, localSyntax, vflowSyntax, viasocketSyntax };
