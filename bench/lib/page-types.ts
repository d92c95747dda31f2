/** What the runner finds on `window` in the two pages (type-only). */
import type { BenchApi } from '../../src/bench-hooks';
import type { BaselineApi } from '../baseline/harness';

declare global {
  interface Window {
    __fb?: BenchApi;
    __baseline?: BaselineApi;
    /** A pending measurement started before an input the runner sends. */
    __fbWatch?: Promise<number>;
    /** When the last pointerdown reached the page. */
    __fbPointerDown?: number;
  }
}

export type { BenchApi, BaselineApi };
