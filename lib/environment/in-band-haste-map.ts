/**
 * The haste map of scenario runs (jest.config.ts `haste.hasteMapModulePath`): Jest's own, built in
 * the CLI process. Jest builds it with as many processes as test workers: with -w 2 it forks two
 * haste-map workers (node start-up and module loading each) to read the few scenario files of the
 * roots, and the run waits for them before its test workers start. Measured on the 2-core
 * machine (4 scenarios, -w 2): 0.3-0.6 s of the run's start. Reading a handful of JSON files
 * in-band takes milliseconds.
 */
import HasteMap, { type IHasteFS, type IHasteMap, type IModuleMap } from 'jest-haste-map';

type Options = Parameters<typeof HasteMap.create>[0];

class InBandHasteMap implements IHasteMap {
  // Jest reads these statics from the configured module (HasteMap.getStatic).
  static getCacheFilePath = HasteMap.getCacheFilePath.bind(HasteMap);
  static getModuleMapFromJSON = HasteMap.getModuleMapFromJSON.bind(HasteMap);

  private readonly map: Promise<IHasteMap>;

  constructor(options: Options) {
    this.map = HasteMap.create({ ...options, hasteMapModulePath: undefined, maxWorkers: 1 });
    this.map.catch(() => undefined); // reported by build()
  }

  on(eventType: 'change', handler: Parameters<IHasteMap['on']>[1]): void {
    void this.map.then((map) => map.on(eventType, handler));
  }

  async build(): Promise<{ hasteFS: IHasteFS; moduleMap: IModuleMap }> {
    return (await this.map).build();
  }
}

export = InBandHasteMap;
