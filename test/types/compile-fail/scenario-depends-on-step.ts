// MUST NOT COMPILE: a scenario fixture may not depend on a (narrower) step fixture.
// expect-error: Type '"probe"' is not assignable to type '"client" | "plan"'
import { defineFixtures, type Use } from '../../../lib/fixtures';

export const fx = defineFixtures()
  .session('client', [], async ({}, use: Use<number>) => use(1))
  .scenario('plan', ['client'], async ({}, use: Use<number>) => use(2))
  .step('probe', ['plan'], async ({}, use: Use<number>) => use(3))
  .scenario('report', ['probe'], async ({}, use: Use<number>) => use(4));
