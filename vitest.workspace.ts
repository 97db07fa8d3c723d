// The vitest projects of the workspace, one per package. `vitest.config.ts` loads this list into
// `test.projects` (vitest 3.2 deprecates loading a workspace file directly).
export default ["packages/*/vitest.config.ts"]
