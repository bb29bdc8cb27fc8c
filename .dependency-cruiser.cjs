/**
 * The layering rules of the gateway (../shared/DESIGN.md, "Layers"), checked by `npm run check`:
 * the generic layers see vendors only through src/vendors/index.ts (the list) and the vendor module
 * interface; a vendor never imports another vendor; src/ never imports test/; no cycles.
 */
const VENDOR =
  '^src/vendors/(?!shared/|index\\.ts$|module\\.ts$|types\\.ts$|registry\\.ts$|README\\.md$)([^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'generic-layers-never-import-a-vendor',
      comment:
        'The generic layers know vendors only as VendorModule objects from src/vendors/index.ts: adding a vendor must not touch them.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/vendors/', '^src/config\\.ts$'] },
      to: { path: VENDOR },
    },
    {
      name: 'only-the-list-and-config-name-vendors',
      comment: 'src/config.ts reads the list; nothing generic imports a vendor folder directly.',
      severity: 'error',
      from: { path: '^src/config\\.ts$' },
      to: { path: VENDOR },
    },
    {
      name: 'shared-vendor-code-names-no-vendor',
      comment: 'src/vendors/shared is what every vendor builds on: it cannot depend on one of them.',
      severity: 'error',
      from: { path: '^src/vendors/(shared/|module\\.ts$|types\\.ts$|registry\\.ts$)' },
      to: { path: VENDOR },
    },
    {
      name: 'a-vendor-never-imports-another',
      comment: 'Each vendor folder stands alone; what they share lives in src/vendors/shared.',
      severity: 'error',
      from: { path: '^src/vendors/([^/]+)/' },
      to: { path: '^src/vendors/([^/]+)/', pathNot: ['^src/vendors/$1/', '^src/vendors/shared/'] },
    },
    {
      name: 'src-never-imports-test',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-cycles',
      comment:
        'No module may need itself to load. Type-only imports are erased at compile time and so cannot make a cycle: the builder is typed with the request context, whose services are typed with the vendor registry, whose modules register on the builder.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a layer that needs a vendor's types depends on it.
    moduleSystems: ['es6'],
  },
};
