export type { EngineRunner, EngineRunRequest } from './api';
export { runFlow, DEFAULT_STEP_TIMEOUT_MS, type RunFlowOptions, type RunFlowResult } from './run-flow';
export { createInProcessEngineRunner, type EngineRunnerOptions } from './in-process-runner';
export { testStep } from './test-step';
export { EventChannel } from './event-channel';
export { findReferences, resolveTemplate, resolveValue, type ResolveState } from './resolve';
export { evaluateCondition, isTruthy } from './condition';
export { createWorkerEngineRunner, type WorkerLike, type WorkerRunnerOptions } from './worker-runner';
