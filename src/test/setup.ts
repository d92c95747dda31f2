// Shared Vitest setup. Files that need a DOM opt in with `// @vitest-environment jsdom`.
import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';

// jsdom has no ResizeObserver, and React Flow measures nodes with it.
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver;
}
