/** The flow's own settings, shown when no step is selected: description, tags and the run inputs it asks for. */
import { useTranslation } from 'react-i18next';
import { useEditor } from '../../editor/context';
import type { RunInputDefinition } from '../../model/flow';

const TYPES: RunInputDefinition['type'][] = ['string', 'number', 'boolean', 'json'];

export function FlowSettings() {
  const { t } = useTranslation('inspector');
  const description = useEditor((s) => s.flow.description);
  const tags = useEditor((s) => s.flow.tags);
  const inputs = useEditor((s) => s.flow.inputs);
  const edit = useEditor((s) => s.edit);
  // A read-only flow: shown, not editable (its inputs come from the backend).
  const readOnly = useEditor((s) => s.readOnly);
  const setInputs = (next: RunInputDefinition[], mergeKey?: string) =>
    edit('flow.inputs', (f) => ({ ...f, inputs: next }), mergeKey ? { mergeKey } : {});

  return (
    <div className="fb-flow-settings" data-testid="flow-settings">
      <h2 className="fb-inspector-title">{t('flowSettings')}</h2>
      <fieldset className="fb-plain-fieldset" disabled={readOnly}>
        <label className="fb-field">
          <span>{t('description')}</span>
          <textarea
            className="fb-input"
            rows={3}
            value={description}
            onChange={(e) => {
              const v = e.target.value;
              edit('flow.description', (f) => ({ ...f, description: v }), { mergeKey: 'flow.description' });
            }}
          />
        </label>
        <label className="fb-field">
          <span>{t('tags')}</span>
          <input
            className="fb-input"
            value={tags.join(', ')}
            onChange={(e) => {
              const v = e.target.value
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean);
              edit('flow.tags', (f) => ({ ...f, tags: v }), { mergeKey: 'flow.tags' });
            }}
          />
        </label>
        <fieldset className="fb-run-inputs">
          <legend>{t('runInputs')}</legend>
          {inputs.length === 0 && <p className="fb-muted">{t('noRunInputs')}</p>}
          {inputs.map((input, i) => (
            <div key={i} className="fb-run-input-row" data-testid="run-input-def">
              <input
                className="fb-input"
                aria-label={t('inputName')}
                value={input.id}
                onChange={(e) => setInputs(inputs.map((x, j) => (j === i ? { ...x, id: e.target.value, label: e.target.value } : x)), `input:${i}`)}
              />
              <select
                className="fb-select"
                aria-label={t('inputType')}
                value={input.type}
                onChange={(e) => setInputs(inputs.map((x, j) => (j === i ? { ...x, type: e.target.value as RunInputDefinition['type'] } : x)))}
              >
                {TYPES.map((ty) => (
                  <option key={ty} value={ty}>
                    {t(`types.${ty}`)}
                  </option>
                ))}
              </select>
              <label className="fb-check">
                <input
                  type="checkbox"
                  checked={!!input.required}
                  onChange={(e) => setInputs(inputs.map((x, j) => (j === i ? { ...x, required: e.target.checked } : x)))}
                />
                {t('required')}
              </label>
              {!readOnly && (
                <button className="fb-icon-button" aria-label={t('removeInput', { name: input.id })} onClick={() => setInputs(inputs.filter((_, j) => j !== i))}>
                  ×
                </button>
              )}
            </div>
          ))}
          {!readOnly && (
            <button
              className="fb-button"
              data-testid="add-run-input"
              onClick={() => setInputs([...inputs, { id: `input${inputs.length + 1}`, label: `input${inputs.length + 1}`, type: 'string' }])}
            >
              + {t('addRunInput')}
            </button>
          )}
        </fieldset>
      </fieldset>
    </div>
  );
}
