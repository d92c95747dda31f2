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
  it('shows a symbol typed with Shift as the symbol, and arrows as arrows', () => {
    expect(formatShortcut('Shift+?', false)).toBe('?');
    expect(formatShortcut('Shift+!', true)).toBe('!');
    expect(formatShortcut('Shift+Tab', false)).toBe('Shift+Tab');
    expect(formatShortcut('Shift+1', false)).toBe('Shift+1');
    expect(formatShortcut('Alt+ArrowUp', false)).toBe('Alt+↑');
    expect(formatShortcut('Mod+.', false)).toBe('Ctrl+.');
  });
});

import { CommandRegistry } from './registry';
import { BUILTIN_COMMANDS } from './builtin';

describe('where shortcuts fire', () => {
  const registry = new CommandRegistry(BUILTIN_COMMANDS);
  const del = { key: 'Delete', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false };
  it('Delete deletes steps only when focus is in a view (or nowhere), never on a panel button', () => {
    expect(registry.commandForKey(del, { inTextField: false, region: 'list' })?.id).toBe('edit.delete');
    expect(registry.commandForKey(del, { inTextField: false, region: 'canvas' })?.id).toBe('edit.delete');
    expect(registry.commandForKey(del, { inTextField: false, region: null })?.id).toBe('edit.delete');
    expect(registry.commandForKey(del, { inTextField: false, region: 'outside' })).toBeUndefined();
    expect(registry.commandForKey(del, { inTextField: true, region: 'list' })).toBeUndefined();
  });
  it('undo works from anywhere in the editor but a text field', () => {
    const z = { ...del, key: 'z', ctrlKey: true };
    expect(registry.commandForKey(z, { inTextField: false, region: 'outside' }, )?.id).toBe('edit.undo');
  });
});
