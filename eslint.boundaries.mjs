// The boundary between the lab and the suite, enforced by import-x/no-restricted-paths (which sees
// import and export declarations, `import type`, `import x = require()`, `require('…')` and
// `import('…')` with a literal path).
//
// The lab is a stand-in for the product: it implements the product's rules itself, so it may use
// only lab/, packages/ (true libraries shared by both sides) and npm packages. A lab that borrowed
// the suite's code would pass the suite's own checks with the suite's own bugs.
// The suite starts the lab as a separate process through lab/launch.ts and talks to it over the
// network like it talks to a real cluster; nothing else in lab/ is its business.
// packages/ holds true libraries used by both sides, so it depends on neither.
// Tests (test/**) may import both sides: they check one against the other.

/** Top-level folders of suite code, relative to the repository root. */
export const SUITE_DIRS = ['lib', 'utilities', 'fixtures', 'tools', 'bin', 'exceptions', 'scenarios'];

export const LAB_IMPORTS_SUITE =
  'The lab may import only lab/, packages/ and npm packages: implement the rule in the lab, or move a true library to packages/.';
export const PACKAGE_IMPORTS_PROJECT =
  'A package under packages/ may import only packages/ and npm packages: it is shared by the lab and the suite.';
export const SUITE_IMPORTS_LAB =
  'Suite code may import from lab/ only lab/launch.ts: talk to the lab over its API, or move shared code to packages/.';

export const boundaryZones = [
  { target: ['lab'], from: [...SUITE_DIRS, 'test'], message: LAB_IMPORTS_SUITE },
  { target: [...SUITE_DIRS, 'jest.config.ts'], from: 'lab', except: ['launch.ts'], message: SUITE_IMPORTS_LAB },
  { target: ['packages'], from: ['lab', ...SUITE_DIRS, 'test'], message: PACKAGE_IMPORTS_PROJECT },
];

/** `import('…').T` type references: no-restricted-paths does not see them, so they are refused outside test/. */
export const noImportTypeReferences = [
  {
    selector: 'TSImportType',
    message: 'Use an `import type` declaration: the lab/suite boundary rule checks declarations, not import() types.',
  },
];
