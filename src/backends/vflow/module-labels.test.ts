import { describe, expect, it } from 'vitest';
import { fromVflowInputSchema } from '../../forms/model/fromVflowInputSchema';
import { pickText } from '../../forms/model/types';
import { inputsWithEnglishLabels, withEnglishLabels } from './module-labels';

describe('English labels for vFlow inputs', () => {
  it('fills labelEn from the module detail, then the documented table, and keeps the server label otherwise', () => {
    const schema = [
      { key: 'duration', type: 'number_slider', label: '时长(毫秒)' },
      { key: 'note', type: 'text_field', label: '备注' },
      { key: 'extra', type: 'text_field', label: '其他', labelEn: 'Other' },
    ];
    const detail = { inputs: [{ id: 'note', type: 'string', label: '备注', labelEn: 'Note' }] } as never;
    const fields = fromVflowInputSchema(withEnglishLabels('delay', schema, detail));
    expect(fields.map((f) => pickText(f.label, 'en'))).toEqual(['Duration (ms)', 'Note', 'Other']);
    expect(fields.map((f) => pickText(f.label, 'zh'))).toEqual(['时长(毫秒)', '备注', '其他']);
    expect(withEnglishLabels('unknown_module', [{ key: 'x', label: '某' }])).toEqual([{ key: 'x', label: '某' }]);
  });

  it('does the same for detail inputs', () => {
    expect(inputsWithEnglishLabels('throw_error', [{ id: 'message', label: '错误信息' }])).toEqual([{ id: 'message', label: '错误信息', labelEn: 'Error message' }]);
  });
});
