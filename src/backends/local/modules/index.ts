/**
 * The built-in module catalog of the local backend. `BUILTIN_MODULES` is the catalog (vFlow module format)
 * the palette and forms read; `BUILTIN_MODULE_IMPLEMENTATIONS` adds the executors the engine runs.
 */
import type { ModuleDefinition } from '../../../model/modules';
import { delayModule, jsonParse, jsonStringify, logModule, outputModule, setVariable, textTemplate } from './data';
import { functionModule } from './function';
import { httpRequest } from './http-request';
import { ifModule, loopModule } from './logic';
import { manualTrigger } from './manual-trigger';
import type { ModuleImplementation } from './types';

export const BUILTIN_MODULE_IMPLEMENTATIONS: readonly ModuleImplementation[] = [
  manualTrigger,
  functionModule,
  httpRequest,
  delayModule,
  ifModule,
  loopModule,
  setVariable,
  jsonParse,
  jsonStringify,
  textTemplate,
  logModule,
  outputModule,
];

export const BUILTIN_MODULES: ModuleDefinition[] = BUILTIN_MODULE_IMPLEMENTATIONS.map((m) => m.definition);

export { builtinCategories } from './categories';
export { normalizeRunInputs } from './manual-trigger';
export { DEFAULT_FUNCTION_CODE } from './function';
export { DEFAULT_MAX_ITERATIONS } from './logic';
export { StepError } from './types';
export type { ExecutionContext, ExecutionResult, LoopPlan, ModuleImplementation } from './types';
