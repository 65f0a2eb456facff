// MUST NOT COMPILE: a session fixture may not depend on a (narrower) scenario fixture.
// expect-error: Type '"plan"' is not assignable to type '"client"'
import { defineFixtures, type Use } from '../../../lib/fixtures';

export const fx = defineFixtures()
  .session('client', [], async ({}, use: Use<number>) => {
    await use(1);
  })
  .scenario('plan', ['client'], async ({}, use: Use<number>) => {
    await use(2);
  })
  .session('namespace', ['plan'], async ({}, use: Use<number>) => {
    await use(3);
  });
