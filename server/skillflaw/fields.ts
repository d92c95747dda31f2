/**
 * Builders for Langflow template fields and outputs, in the shape Langflow serializes a component's inputs
 * into `data.node.template` (keys sorted, as in Langflow's starter projects), so the catalog the test server
 * answers with looks like a real "Get All" (`GET /api/v1/all`) response.
 */

export type Template = Record<string, unknown> & { _type: 'Component' };

export interface FieldOpts {
  display_name?: string;
  info?: string;
  value?: unknown;
  advanced?: boolean;
  required?: boolean;
  show?: boolean;
  input_types?: string[];
  options?: string[];
  list?: boolean;
  multiline?: boolean;
  range_spec?: { min: number; max: number; step: number; step_type: 'float' | 'int' };
  real_time_refresh?: boolean;
  placeholder?: string;
  fileTypes?: string[];
  password?: boolean;
  load_from_db?: boolean;
}

function sorted(rec: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(rec).sort().map((k) => [k, rec[k]]));
}

function base(name: string, type: string, inputType: string, o: FieldOpts): Record<string, unknown> {
  const f: Record<string, unknown> = {
    _input_type: inputType,
    advanced: o.advanced ?? false,
    display_name: o.display_name ?? name,
    dynamic: false,
    info: o.info ?? '',
    list: o.list ?? false,
    name,
    placeholder: o.placeholder ?? '',
    required: o.required ?? false,
    show: o.show ?? true,
    title_case: false,
    trace_as_metadata: true,
    type,
    value: o.value ?? '',
  };
  if (o.input_types) f.input_types = o.input_types;
  if (o.options) f.options = o.options;
  if (o.multiline) f.multiline = true;
  if (o.range_spec) f.range_spec = o.range_spec;
  if (o.real_time_refresh) f.real_time_refresh = true;
  if (o.fileTypes) f.fileTypes = o.fileTypes;
  if (o.password) f.password = true;
  if (o.load_from_db !== undefined) f.load_from_db = o.load_from_db;
  return f;
}

export const field = {
  messageText: (name: string, o: FieldOpts = {}) =>
    sorted({ ...base(name, 'str', 'MessageTextInput', { input_types: ['Message'], ...o }), load_from_db: false, trace_as_input: true }),
  multiline: (name: string, o: FieldOpts = {}) =>
    sorted({ ...base(name, 'str', 'MultilineInput', { input_types: ['Message'], multiline: true, ...o }), load_from_db: false, trace_as_input: true }),
  str: (name: string, o: FieldOpts = {}) => sorted({ ...base(name, 'str', 'StrInput', o), load_from_db: false }),
  secret: (name: string, o: FieldOpts = {}) =>
    sorted({ ...base(name, 'str', 'SecretStrInput', { password: true, input_types: [], ...o }), load_from_db: o.load_from_db ?? false }),
  dropdown: (name: string, options: string[], o: FieldOpts = {}) =>
    sorted({ ...base(name, 'str', 'DropdownInput', { options, value: options[0], ...o }), combobox: false }),
  int: (name: string, o: FieldOpts = {}) => sorted(base(name, 'int', 'IntInput', { value: 0, ...o })),
  float: (name: string, o: FieldOpts = {}) => sorted(base(name, 'float', 'FloatInput', { value: 0, ...o })),
  slider: (name: string, o: FieldOpts = {}) =>
    sorted({ ...base(name, 'slider', 'SliderInput', { range_spec: { min: 0, max: 1, step: 0.01, step_type: 'float' }, value: 0.1, ...o }), slider_buttons: false }),
  bool: (name: string, o: FieldOpts = {}) => sorted(base(name, 'bool', 'BoolInput', { value: false, ...o })),
  dict: (name: string, o: FieldOpts = {}) => sorted(base(name, 'dict', 'DictInput', { value: {}, ...o })),
  handle: (name: string, inputTypes: string[], o: FieldOpts = {}) =>
    sorted(base(name, 'other', 'HandleInput', { input_types: inputTypes, value: '', ...o })),
  data: (name: string, o: FieldOpts = {}) =>
    sorted({ ...base(name, 'other', 'DataInput', { input_types: ['Data'], ...o }), trace_as_input: true }),
  file: (name: string, fileTypes: string[], o: FieldOpts = {}) =>
    sorted({ ...base(name, 'file', 'FileInput', { fileTypes, ...o }), file_path: '' }),
  prompt: (name: string, o: FieldOpts = {}) => sorted({ ...base(name, 'prompt', 'PromptInput', o), tool_mode: false, trace_as_input: true }),
  code: (value: string) =>
    sorted({
      advanced: true,
      dynamic: true,
      fileTypes: [],
      file_path: '',
      info: '',
      list: false,
      load_from_db: false,
      multiline: true,
      name: 'code',
      password: false,
      placeholder: '',
      required: true,
      show: true,
      title_case: false,
      type: 'code',
      value,
    }),
};

export interface OutputSpec {
  name: string;
  display_name: string;
  method: string;
  types: string[];
}

export function output(o: OutputSpec): Record<string, unknown> {
  return sorted({
    allows_loop: false,
    cache: true,
    display_name: o.display_name,
    group_outputs: false,
    method: o.method,
    name: o.name,
    selected: o.types[0],
    tool_mode: true,
    types: o.types,
    value: '__UNDEFINED__',
  });
}

/** A "Get All" entry: the frontend node of one component, keys in Langflow's order. */
export function frontendNode(o: {
  display_name: string;
  description: string;
  icon: string;
  base_classes: string[];
  template: Record<string, unknown>;
  outputs: Array<Record<string, unknown>>;
  field_order: string[];
  custom_fields?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    base_classes: o.base_classes,
    beta: false,
    conditional_paths: [],
    custom_fields: o.custom_fields ?? {},
    description: o.description,
    display_name: o.display_name,
    documentation: '',
    edited: false,
    field_order: o.field_order,
    frozen: false,
    icon: o.icon,
    legacy: false,
    lf_version: '1.4.2',
    metadata: {},
    minimized: false,
    output_types: [],
    outputs: o.outputs,
    pinned: false,
    template: { _type: 'Component', ...o.template },
    tool_mode: false,
  };
}
