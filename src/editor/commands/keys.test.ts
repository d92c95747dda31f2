import { describe, expect, it } from 'vitest';
import { formatShortcut, matchesShortcut } from './keys';

const ev = (key: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) => ({
  key,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
});

describe('shortcuts', () => {
  it('Mod is Ctrl off macOS and Cmd on macOS', () => {
    expect(matchesShortcut(ev('z', { ctrl: true }), 'Mod+Z', false)).toBe(true);
    expect(matchesShortcut(ev('z', { meta: true }), 'Mod+Z', true)).toBe(true);
    expect(matchesShortcut(ev('z', { meta: true }), 'Mod+Z', false)).toBe(false);
  });
  it('modifiers must match exactly', () => {
    expect(matchesShortcut(ev('Z', { ctrl: true, shift: true }), 'Mod+Z', false)).toBe(false);
    expect(matchesShortcut(ev('Z', { ctrl: true, shift: true }), 'Mod+Shift+Z', false)).toBe(true);
    expect(matchesShortcut(ev('Tab', { shift: true }), 'Shift+Tab', false)).toBe(true);
    expect(matchesShortcut(ev('Tab'), 'Shift+Tab', false)).toBe(false);
    expect(matchesShortcut(ev('Delete', { ctrl: true }), 'Delete', false)).toBe(false);
  });
  it('formats per platform', () => {
    expect(formatShortcut('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatShortcut('Mod+K', true)).toBe('⌘K');
  });
});
