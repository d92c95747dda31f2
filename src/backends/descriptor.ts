/**
 * A backend kind as a plug-in. Each backend folder exports one `BackendDescriptor` (in its `descriptor.ts`),
 * and `kinds.ts` lists them: that list is the only place a backend is named above its own folder. The
 * connections dialog, the backend switcher, saved connections and the active backend work from it alone.
 *
 * A descriptor is small and loaded with the first page; `create` imports the adapter code lazily, so adding
 * a backend costs the first load only its descriptor.
 *
 * Pure TypeScript: no React. Connection settings are described as JSON Schema (one object, one property per
 * field), which the forms layer renders through its JSON Schema converter like any module's inputs.
 *
 * Texts: a descriptor's `title`s / `description`s / `x-placeholder`s in `settings`, and the texts of info
 * sections, are i18n keys of the backend's own namespace `backend-<kind>` (files
 * `src/i18n/locales/{en,zh}/backend-<kind>.json`); a string that is no key there is shown as it is (values
 * the server gave). Secret settings are rendered masked (`format: 'password'` is implied for them).
 *
 * Settings may carry `'x-env': 'URL' | 'TOKEN' | 'KEY' | 'USER' | 'PASSWORD'`: `settingsFromEnv` in kinds.ts
 * then fills them from `FLOWBENCH_<KIND>_<X>`, which is how contract tests reach a real server.
 */
import type { LocalizedText } from '../model/modules';
import type { ReferenceSyntax } from '../model/references';
import type { BackendAdapter } from './types';

/** Values of a connection's settings form, by property name. */
export type ConnectionSettings = Record<string, unknown>;

/** JSON Schema of a connection's settings (`type: 'object'`). */
export interface SettingsSchema {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
}

/**
 * Per-connection secret storage: this tab's sessionStorage (never localStorage, never exported, never in a
 * URL). Secret settings (the names in `secretSettings`) and tokens an adapter obtains live here.
 */
export interface SecretStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** What an adapter asks the user for when a secret it needs is not kept (a password left empty). */
export interface SecretRequest {
  /** The setting asked for (`password`). */
  setting: string;
  /** The setting's title: an i18n key of the backend's namespace, or text. */
  label: DescriptorText;
  /** The user the secret belongs to, for the prompt's text. */
  account?: string;
  /** Shown when the previous answer was refused (the server's message). */
  problem?: string;
}

export interface BackendContext {
  /** The saved connection's stable local id (`''` for ad-hoc use from tests and scripts). */
  connectionId: string;
  secrets: SecretStore;
  /**
   * Asks the user for a secret the connection does not keep; null when they cancel. Absent (scripts, tests):
   * the adapter fails with `unauthorized` instead. The answer is used for this sign-in only, never stored.
   */
  askSecret?(request: SecretRequest): Promise<string | null>;
}

export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  /** Server/product version, when the server says. */
  serverVersion?: string;
  /** One line about what was reached ("Node-RED 4.1.15", "Xiaomi Mi 14 · Android 14"). */
  summary?: string;
  /** Which stage failed: reaching the server, or signing in. */
  stage?: 'reach' | 'auth';
  /** A `BackendError` when `ok` is false. */
  error?: unknown;
}

/** An i18n key of the backend's namespace (`backend-<kind>`), or text as the server gave it. */
export type DescriptorText = string | LocalizedText;

/** Facts for the connection's info panel: rendered as labelled rows, grouped in sections. */
export interface InfoSection {
  /** Stable id (the panel's test id `connection-<id>`). */
  id?: string;
  title: DescriptorText;
  rows: Array<{ label: DescriptorText; value: string; tone?: 'ok' | 'bad' }>;
  /** A choice that changes this section (a statistics period); its value comes back in `describe`'s params. */
  choice?: {
    param: string;
    label: DescriptorText;
    options: Array<{ value: string; label: DescriptorText }>;
  };
  /** The section could not be read: the panel shows this with a retry. */
  error?: unknown;
}

export interface BackendDescriptor {
  /** Stable kind id: the saved connection's `kind`, the adapter id prefix (`<kind>:<connection id>`). */
  kind: string;
  label: DescriptorText;
  /** SVG path data (24x24 viewBox) for the switcher and the connection list. */
  icon?: string;
  description?: DescriptorText;
  /** The embedded backend needs no connection: no settings form, always available. */
  builtIn?: boolean;
  settings: SettingsSchema;
  /** Setting names kept only in sessionStorage (passwords, API keys, tokens). */
  secretSettings: string[];
  /** Setting names that make a different adapter when changed (a rename keeps the adapter and the open flow). */
  identitySettings?: string[];
  /**
   * Problems with settings before any request, by setting name; values are i18n keys of the backend's
   * namespace, or of `connections` when prefixed `connections:`.
   */
  validateSettings?(settings: ConnectionSettings): Record<string, string>;
  /**
   * Settings of a new connection before the user types (defaults, and values made once that the form does
   * not show, e.g. a device id). Settings not in `settings.properties` ride along unchanged.
   */
  defaults?(): ConnectionSettings;
  /**
   * Settings of a connection stored before connections had `settings` (version 1 kept a kind's fields at
   * the top level of the entry); null when the entry is unusable.
   */
  legacySettings?(stored: Record<string, unknown>): ConnectionSettings | null;
  create(settings: ConnectionSettings, ctx: BackendContext): Promise<BackendAdapter>;
  testConnection(settings: ConnectionSettings, ctx: BackendContext): Promise<ConnectionTestResult>;
  /**
   * Facts for the info panel; absent: the panel shows the test result only. `params` holds the values of
   * the sections' choices (absent: each choice's first option). Never throws: a part that fails is a section
   * with `error`.
   */
  describe?(adapter: BackendAdapter, params?: Record<string, string>): Promise<InfoSection[]>;
  /** How references to steps look in this backend's documents. */
  referenceSyntax: ReferenceSyntax;
}
