export * from './errors';
export * from './fetch-json';
export * from './async-queue';
export * from './poll';
export * from './sse';
export * from './landed-create';
