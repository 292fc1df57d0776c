/**
 * The layers, enforced in `npm test` (`npm run lint:deps`). docs/architecture.md explains them.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment:
        'src/core depends on nothing outside itself: no config schema, no server or store code, no platform SDK. ' +
        'It declares the shapes it needs (settings.ts, ports.ts). Allowed: Node built-ins and the risk scanner ' +
        "(secretlint, and regexpp for the pattern rules' prefilter).",
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        pathNot: ['^src/core/', '^node_modules/@secretlint/', '^node_modules/@eslint-community/regexpp/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'adapters-not-to-store-or-agents',
      comment:
        'Adapters talk to the Gate (src/core) and the server; drafts and agents are the Gate’s business.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/(store|agents)/' },
    },
    {
      name: 'adapter-not-to-another-adapter',
      comment: 'Each adapter stands alone: shared behaviour belongs in src/core or src/server.',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'gate-through-its-facade',
      comment: 'Outside src/core, the Gate is used through src/core/gate/index.ts; its modules are internal.',
      severity: 'error',
      from: { pathNot: '^src/core/' },
      to: { path: '^src/core/gate/', pathNot: '^src/core/gate/index[.]ts$' },
    },
    {
      name: 'intake-not-to-store',
      comment: 'The intake API submits through the Gate, never straight into the store.',
      severity: 'error',
      from: { path: '^src/intake/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'bench-not-to-test',
      comment:
        'Benchmarks do not reach into the test suite: what both need (redis-server, signed Slack deliveries) lives in testkit/.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
    {
      name: 'testkit-stands-alone',
      comment: 'testkit/ is shared by test/ and bench/, so it imports neither.',
      severity: 'error',
      from: { path: '^testkit/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'product-not-to-test-code',
      comment: 'The product never imports test or benchmark code.',
      severity: 'error',
      from: { path: '^(src|adapters)/' },
      to: { path: '^(test|testkit|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
