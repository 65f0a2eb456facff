// MUST NOT COMPILE: a dependency arrives with the type its fixture declared.
// expect-error: Type 'number' is not assignable to type 'string'
import { defineFixtures, type Use } from '../../../lib/fixtures';

export const fx = defineFixtures()
  .session('port', [], async ({}, use: Use<number>) => use(1))
  .session('label', ['port'], async ({ port }, use: Use<string>) => {
    const text: string = port;
    await use(text);
  });
