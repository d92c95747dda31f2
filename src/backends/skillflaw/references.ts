/**
 * SkillFlaw / Langflow has no textual references to other steps: values flow along edges into input fields
 * (a Prompt's `{variables}` are its own fields, fed by edges). So the dialect finds nothing, formats nothing
 * and its autocomplete trigger is a character nobody types; the reference picker has nothing to offer.
 */
import type { ReferenceSyntax } from '../../model/references';

export const skillflawSyntax: ReferenceSyntax = {
  dialect: 'skillflaw',
  find: () => [],
  format: () => '',
  trigger: '\u0000',
};
