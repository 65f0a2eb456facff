// MUST NOT COMPILE: an expectTypeOf that does not hold is a compile error, so the type-level tests
// (test/types/*.types.test.ts) can fail; ts-jest alone, with isolatedModules, would only strip it.
// expect-error: Expected: string, Actual: number
import { expectTypeOf } from 'expect-type';

expectTypeOf<number>().toEqualTypeOf<string>();
