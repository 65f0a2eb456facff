/** Re-exports every area's typed errors. Each area keeps its own file; add yours here. */
export * from './base';
export * from './cli';
export * from './config';
export * from './fixtures';
export * from './migration';
export * from './scenarios';
export * from './k8s';
export * from './inventory';
export * from './cluster-access';
export * from './resources';
export * from './hooks';
export * from './copy-offload';
export * from './cluster-side';
export * from './source-providers';
export * from './ova';
export * from './ops';
