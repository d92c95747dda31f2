import { describe, expect, it } from 'vitest';
import { paletteFilter } from './match';

describe('palette ranking', () => {
  it('does not match letters scattered across words', () => {
    expect(paletteFilter('Flow output', 'loop')).toBe(0);
    expect(paletteFilter('Manual trigger 手动触发 core.manual_trigger', 'log')).toBe(0);
  });
  it('prefers a label prefix, then a word prefix, then a substring', () => {
    expect(paletteFilter('Loop 循环 core.loop', 'loop')).toBe(1);
    expect(paletteFilter('Set variable', 'var')).toBe(0.8);
    expect(paletteFilter('Stringify JSON', 'ingify')).toBe(0.4);
  });
  it('matches the module id and the other language', () => {
    expect(paletteFilter('HTTP request HTTP请求 core.http_request', 'http_req')).toBeGreaterThan(0);
    expect(paletteFilter('Delay 延迟 core.delay', '延迟')).toBe(0.8);
  });
});
