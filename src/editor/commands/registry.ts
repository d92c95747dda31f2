/**
 * The one funnel: commands are registered once; `executeCommand` and `commandForKey` are the only ways
 * they run, whether from a shortcut, a menu, a context menu or the palette.
 */
import { editErrorNotice } from '../edit';
import type { Command, CommandContext } from './types';
import { matchesShortcut } from './keys';

export class CommandRegistry {
  private readonly byId = new Map<string, Command>();

  constructor(commands: Command[] = []) {
    for (const c of commands) this.register(c);
  }

  register(command: Command): void {
    if (this.byId.has(command.id)) throw new Error(`Command "${command.id}" is registered twice`);
    this.byId.set(command.id, command);
  }

  get(id: string): Command | undefined {
    return this.byId.get(id);
  }

  all(): Command[] {
    return [...this.byId.values()];
  }

  canRun(id: string, ctx: CommandContext): boolean {
    const c = this.byId.get(id);
    return !!c && runnable(c, ctx);
  }

  /** Whether menus and the palette offer the command at all: edits are left out on a read-only flow. */
  offered(c: Command, ctx: CommandContext): boolean {
    return !(c.edits && ctx.store.getState().readOnly);
  }

  /** Runs a command if it can run; returns whether it ran. Errors reach the user as a notice, never silently. */
  async execute(id: string, ctx: CommandContext): Promise<boolean> {
    const c = this.byId.get(id);
    if (!c || !runnable(c, ctx)) return false;
    try {
      await c.run(ctx);
      return true;
    } catch (e) {
      const n = editErrorNotice(e);
      ctx.services.notify(n.key, n.tone, n.values);
      return false;
    }
  }

  /** The command a key event triggers, given where focus is (`null`: nothing focused; `outside`: not in a view). */
  commandForKey(
    e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean },
    where: { inTextField: boolean; region: 'list' | 'canvas' | 'outside' | null },
  ): Command | undefined {
    for (const c of this.byId.values()) {
      if (!c.shortcuts) continue;
      if (where.inTextField && !c.inTextFields) continue;
      if (c.scope === 'views' ? where.region === 'outside' : c.scope && c.scope !== where.region) continue;
      if (c.shortcuts.some((s) => matchesShortcut(e, s))) return c;
    }
    return undefined;
  }
}

function runnable(c: Command, ctx: CommandContext): boolean {
  if (c.edits && ctx.store.getState().readOnly) return false;
  return c.canRun ? c.canRun(ctx) : true;
}
