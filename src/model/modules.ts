/**
 * Module definitions in the vFlow module format (metadata, category, inputs, outputs, input-schema), the
 * richest of the seed formats. Built-in local modules are written in it and remote catalogs are mapped to it,
 * so palette, forms and validation take one path whatever the backend.
 */
import type { StepKind, StepPorts } from './flow';

export interface LocalizedText {
  /** Text in the module's own language (vFlow: Chinese). */
  text: string;
  /** English text where the backend gives one. */
  en?: string;
}

export interface ModuleCategory {
  id: string;
  name: LocalizedText;
  description?: LocalizedText;
  icon?: string;
  order: number;
}

export type ValueType = 'string' | 'number' | 'boolean' | 'dictionary' | 'list' | 'any' | 'object' | 'file';

export interface ModuleOutput {
  id: string;
  type: ValueType;
  label: LocalizedText;
  description?: LocalizedText;
  /** JSON Schema of the value where the backend gives one (drives typed code completion). */
  schema?: Record<string, unknown>;
}

export interface ModuleDefinition {
  id: string;
  kind: StepKind;
  category: string;
  name: LocalizedText;
  description?: LocalizedText;
  icon?: string;
  /**
   * Input definitions in the backend's own schema format, tagged by source. The forms layer turns each source
   * into one field model; the module layer never interprets them.
   */
  inputSchema: InputSchemaSource;
  outputs: ModuleOutput[];
  /** The ports of a step of this module, when they are not the kind's defaults (`portsOf`). */
  ports?: StepPorts;
  /** vFlow `blockBehavior`, kept for mapping indented lists (`if_condition` ... `endif`). */
  blockBehavior?: { blockType: string; endBlockId: string | null; canStartWorkflow?: boolean };
  extensions?: Record<string, unknown>;
}

/** Every schema dialect the seeds use. The forms layer has one converter per `source`. */
export type InputSchemaSource =
  | { source: 'vflow-inputs'; inputs: unknown[] }
  | { source: 'vflow-input-schema'; schema: unknown[] }
  | { source: 'json-schema'; schema: Record<string, unknown> }
  | { source: 'dify-user-input-form'; form: unknown[] }
  | { source: 'langflow-template'; template: Record<string, unknown> };
