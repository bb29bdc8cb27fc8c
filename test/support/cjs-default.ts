/**
 * The default export of a CommonJS module compiled from ESM (`exports.default = …`), whichever way
 * the loader hands it over: vitest unwraps it, Node's own `import` gives `module.exports`.
 */
export function cjsDefault<M extends { default: unknown }>(mod: M): M['default'] {
  return (Object.hasOwn(mod, 'default') ? mod.default : mod) as M['default'];
}
