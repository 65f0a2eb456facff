import { TestEnvironment } from 'jest-environment-node';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { nodeRequire } from '../lib/environment/node-require';

/** Self-test environment: a plain Node environment that hands tests Node's real require, so ESM-only
 * packages (@kubernetes/client-node 1.x) load through lib/k8s/client-node.ts. */
export default class SelftestEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    (this.global as unknown as { __nodeRequire: typeof nodeRequire }).__nodeRequire = nodeRequire;
  }
}
