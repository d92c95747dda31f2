import { describe, expect, it } from 'vitest';
import { decodeHandle, encodeHandle } from './handles';

describe('Langflow handles', () => {
  it('encodes with sorted keys and œ quotes, as the Langflow frontend does', () => {
    const s = encodeHandle({ output_types: ['Message'], name: 'message', id: 'ChatInput-jFwUm', dataType: 'ChatInput' });
    expect(s).toBe('{œdataTypeœ:œChatInputœ,œidœ:œChatInput-jFwUmœ,œnameœ:œmessageœ,œoutput_typesœ:[œMessageœ]}');
  });

  it('decodes both the frontend form and the spaced form the Python side saves', () => {
    expect(decodeHandle('{œfieldNameœ: œinput_valueœ, œidœ: œOpenAIModel-OcXklœ, œinputTypesœ: [œMessageœ], œtypeœ: œstrœ}')).toEqual({
      fieldName: 'input_value',
      id: 'OpenAIModel-OcXkl',
      inputTypes: ['Message'],
      type: 'str',
    });
    expect(decodeHandle('not a handle')).toBeUndefined();
    expect(decodeHandle(42)).toBeUndefined();
  });
});
