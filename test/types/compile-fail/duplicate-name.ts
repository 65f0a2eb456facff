// MUST NOT COMPILE: a fixture name can be defined only once.
// expect-error: Argument of type '"client"' is not assignable to parameter of type 'never'
import { defineFixtures, type Use } from '../../../lib/fixtures';

export const fx = defineFixtures()
  .session('client', [], async ({}, use: Use<number>) => use(1))
  .session('client', [], async ({}, use: Use<number>) => use(2));
