/** Default parameter values of a module, taken from its input schema through the forms field model. */
import type { ModuleDefinition } from '../../model/modules';
import { fieldsForModule } from '../../forms';

export function defaultParamsFor(module: ModuleDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fieldsForModule(module)) {
    if (field.default !== undefined && field.default !== null) out[field.key] = field.default;
  }
  return out;
}
