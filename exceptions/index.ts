/** Re-exports every area's typed errors. Each area keeps its own file (config.ts, fixtures.ts, ...). */
export * from './base';
export * from './fixtures';
