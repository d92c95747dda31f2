/** Default parameter values of a module, taken from its input schema through the forms field model. */
import type { ModuleDefinition } from '../../model/modules';
import { defaultValues, fieldsForModule } from '../../forms';

export function defaultParamsFor(module: ModuleDefinition): Record<string, unknown> {
  return defaultValues(fieldsForModule(module));
}
