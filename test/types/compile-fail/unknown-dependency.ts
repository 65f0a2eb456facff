// MUST NOT COMPILE: "client" depends on "kubeconfig", which is not defined.
// expect-error: Type '"kubeconfig"' is not assignable to type '"config"'
import { defineFixtures, typeOf, type Use } from '../../../lib/fixtures';

export const fx = defineFixtures()
  .sessionInput('config', typeOf<string>())
  .session('client', ['kubeconfig'], async ({}, use: Use<number>) => {
    await use(1);
  });
