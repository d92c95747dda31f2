/**
 * The keyboard half of the command funnel: one listener for the whole editor maps a key to a command,
 * given where focus is (a text field, the list, the canvas), and runs it through the registry.
 */
import { useEffect } from 'react';
import type { CommandRegistry } from '../../editor/commands/registry';
import type { CommandContext } from '../../editor/commands/types';

function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el.closest('.monaco-editor')) return true;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'range', 'submit'].includes(el.type);
  return el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el as HTMLElement).isContentEditable;
}

export function useKeyboardCommands(registry: CommandRegistry, ctx: CommandContext, root: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const target = e.target instanceof Element ? e.target : null;
      // Open dialogs (palette, pickers, confirmations) own their keys, and keys outside the editor are not ours,
      // except the few global ones (palette) that work from anywhere.
      if (target?.closest('[role="dialog"]')) return;
      const inEditor = !!(target && root.current?.contains(target)) || target === document.body;
      const inView = target?.closest('[data-region]')?.getAttribute('data-region') as 'list' | 'canvas' | undefined;
      const region = inView ?? (!target || target === document.body ? null : 'outside');
      const command = registry.commandForKey(e, { inTextField: isTextField(target), region });
      if (!command) return;
      if (!inEditor && !command.global) return;
      if (!registry.canRun(command.id, ctx)) return;
      e.preventDefault();
      void registry.execute(command.id, ctx);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [registry, ctx, root]);
}
