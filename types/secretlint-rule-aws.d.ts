// The recommended secretlint preset bundles its rules, but its typings still import the options type of this
// package, which it does not install. The preset is used as a whole, so an open options type is enough.
declare module '@secretlint/secretlint-rule-aws' {
  export type Options = Record<string, unknown>;
}
