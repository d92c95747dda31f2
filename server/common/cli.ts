/**
 * Command-line parsing and shutdown shared by every `server/<kind>/main.ts`: each server names its flags and
 * what they set, and gets the same errors for a missing value, a non-number and an unknown flag, and `--help`.
 */

/** One flag: a switch (no value), or one taking a string or a number. */
export type CliFlag<O> =
  | { kind: 'switch'; help?: string; apply(opts: O): void }
  | { kind: 'string'; help?: string; apply(opts: O, value: string): void }
  | { kind: 'number'; help?: string; apply(opts: O, value: number): void };

export const switchFlag = <O>(apply: (opts: O) => void, help?: string): CliFlag<O> => ({ kind: 'switch', apply, help });
export const stringFlag = <O>(apply: (opts: O, value: string) => void, help?: string): CliFlag<O> => ({ kind: 'string', apply, help });
export const numberFlag = <O>(apply: (opts: O, value: number) => void, help?: string): CliFlag<O> => ({ kind: 'number', apply, help });

export class CliError extends Error {}

/** The usage line `--help` prints: each flag with its value's kind. */
export function usageOf<O>(title: string, flags: Record<string, CliFlag<O>>): string {
  const parts = Object.entries(flags).map(([name, f]) => (f.kind === 'switch' ? name : `${name} ${f.kind === 'number' ? 'N' : 'VALUE'}`));
  return `${title}: ${parts.join(' ')}\n`;
}

/**
 * Applies `argv` (without node and the script) to a copy of `defaults`. Throws `CliError` for an unknown
 * flag, a missing value or a value that is not a finite number; `--help` prints the usage and exits.
 */
export function parseCliArgs<O extends object>(argv: readonly string[], defaults: O, flags: Record<string, CliFlag<O>>, title = 'test server'): O {
  const opts = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    if (name === '--help' && !flags['--help']) {
      process.stdout.write(usageOf(title, flags));
      process.exit(0);
    }
    const flag = flags[name];
    if (!flag) throw new CliError(`Unknown argument: ${name}`);
    if (flag.kind === 'switch') {
      flag.apply(opts);
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new CliError(`${name} needs a value`);
    if (flag.kind === 'string') {
      flag.apply(opts, value);
      continue;
    }
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`${name} needs a number`);
    flag.apply(opts, n);
  }
  return opts;
}

/** Closes the server on SIGINT / SIGTERM, then exits (every main.ts ends this way). */
export function closeOnSignal(server: { close(): Promise<void> }): void {
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
