/**
 * zod's global settings, imported first by every entry point (the page, the engine worker). `jitless`: zod 4
 * otherwise probes `new Function` to compile object parsers, and under the app's Content-Security-Policy
 * (no 'unsafe-eval') that probe is a reported violation on every load. Parsing is as correct without it.
 */
import { z } from 'zod';

z.config({ jitless: true });
