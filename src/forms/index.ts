// Field model and converters
export type {
  BooleanField,
  CodeField,
  DifyFileValue,
  FieldKind,
  FieldLanguage,
  FieldSpec,
  FileField,
  FileTransferMethod,
  FileValueFormat,
  JsonField,
  KeyValueField,
  ListField,
  LocalizedText,
  NumberField,
  ObjectField,
  OptionValue,
  SelectField,
  SelectOption,
  TextField,
  TextFormat,
  UnsupportedField,
} from './model/types';
export { pickText } from './model/types';
export { fromVflowInputs, fromVflowInput, type VflowConvertOptions } from './model/fromVflowInputs';
export { fromVflowInputSchema, fromVflowSchemaEntry } from './model/fromVflowInputSchema';
export { fromJsonSchema, type JsonSchemaConvertOptions } from './model/fromJsonSchema';
export { fromDifyUserInputForm, fromDifyParameters, fromDifyFileUpload } from './model/fromDifyUserInputForm';
export { fromLangflowTemplate, fromLangflowField, type LangflowConvertOptions } from './model/fromLangflowTemplate';
export { fieldsForModule, fieldsForSchema, defaultValues } from './model/fieldsForModule';

// Validation
export { fieldSchema, objectSchema, type JsonSchemaObject } from './validation/toJsonSchema';
export { message, translateMessage, type FieldMessage, type MessageCode, type Translate } from './validation/messages';
export {
  validateParams,
  validatorFor,
  compiledCount,
  fieldAt,
  type FieldErrors,
  type ReferenceCheck,
  type ValidateOptions,
} from './validation/validateParams';
export { checkStep, checklist, type ChecklistItem, type ChecklistProblem, type StepCheckInput } from './validation/checklist';

// References
export { candidateTarget, type ReferenceCandidate, type ReferenceContext } from './references/types';
export {
  autocompleteQuery,
  candidateLabel,
  describeReference,
  filterCandidates,
  splice,
  type AutocompleteQuery,
  type DescribedReference,
  type ReferenceStatus,
} from './references/text';
export { ReferenceInput, type ReferenceInputProps } from './references/ReferenceInput';
export { ReferencePicker } from './references/ReferencePicker';
export { ReferenceChips } from './references/ReferenceChips';

// Form
export { SchemaForm, type SchemaFormProps } from './SchemaForm';
export { fieldDomId, type CodeRenderProps, type FormErrors, type UploadedFile } from './widgets/context';
