// The benchmarks `npm run bench -- scale` runs, in this order: one export line each.
export { treeScale } from './treeScale';
export { compareScale } from './compareScale';
export { storeScale } from './storeScale';
export { registryScale } from './registryScale';
export { activationScale } from './activationScale';
