/**
 * How function-step code is checked, shared by the editor (Monaco's TypeScript worker) and the unit tests
 * (the real TypeScript compiler, same version), so a test that passes here means the squiggles match.
 *
 * - plain JavaScript, type-checked (`checkJs`) against the generated declarations;
 * - ES2022 library only: the sandbox has no DOM, no `fetch`, no timers, so `document` must be an error;
 * - not strict: user code is JavaScript, and `strictNullChecks` would flag every optional output.
 */
export const CODE_COMPILER_OPTIONS = {
  /** ESNext (Monaco's enum has no ES2022 member). */
  target: 99,
  lib: ['es2022'],
  allowJs: true,
  checkJs: true,
  allowNonTsExtensions: true,
  noEmit: true,
  strict: false,
} as const;
