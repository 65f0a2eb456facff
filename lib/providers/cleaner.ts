import type { SourceVmCleaner } from '../resources/teardown';
import type { TrackedSourceVm } from '../resources/tracker';

/**
 * A cleaner that finds a tracked clone by its name (names carry the session id; ids may be
 * unknown when a run died mid-clone) and removes it. `find` answers undefined for "no such VM" and
 * throws for anything else (an ambiguous name is never guessed at).
 */
export function cleanerByName(
  find: (name: string) => Promise<string | undefined>,
  remove: (id: string, entry: TrackedSourceVm) => Promise<'deleted' | 'absent'>,
): SourceVmCleaner {
  return {
    async exists(e) {
      return (await find(e.name)) !== undefined;
    },
    async deleteVm(e) {
      const id = await find(e.name);
      return id ? remove(id, e) : 'absent';
    },
  };
}

/** `find` for cleanerByName: undefined when `notFound(error)` says the lookup found nothing. */
export function absentOn(lookup: (name: string) => Promise<string>, notFound: (error: unknown) => boolean) {
  return async (name: string): Promise<string | undefined> => {
    try {
      return await lookup(name);
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  };
}
