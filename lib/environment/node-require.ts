/** Node's real require, captured in the outer realm (Jest environment modules are loaded with it). */
export const nodeRequire: (id: string) => unknown = require;
