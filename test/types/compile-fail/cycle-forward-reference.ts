// MUST NOT COMPILE: "a" cannot name "b" before "b" exists, so a cycle a -> b -> a cannot be written.
// expect-error: Type 'string' is not assignable to type 'never'
import { defineFixtures, type Use } from '../../../lib/fixtures';

export const fx = defineFixtures()
  .session('a', ['b'], async ({}, use: Use<number>) => use(1))
  .session('b', ['a'], async ({}, use: Use<number>) => use(2));
